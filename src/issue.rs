//! Problems found in input: each with a JSON path, a stable code and a plain-English message.
//! Builders and validators collect every problem in one pass into [`Issues`], then hand out a
//! [`Report`] (validators) or an error carrying the issues (builders).

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::codes;
use crate::money::{Decimal, push_uint};
use crate::write_json::{ObjectWriter, WriteJson};

/// One problem. `path` is like `orderLines[1].totalTaxAmount` (`""` is the root); `code` is one of
/// [`crate::codes`]; `message` is for people and may change between versions.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Issue {
    /// Where: a JSON path like `orderLines[1].totalTaxAmount`; `""` is the root.
    pub path: String,
    /// What: a stable code from [`crate::codes`].
    pub code: &'static str,
    /// For people; may change between versions.
    pub message: String,
}

/// The result of a validation: `valid` is true when there are no errors (warnings allowed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Report {
    /// True when there are no errors.
    pub valid: bool,
    /// What makes the input invalid.
    pub errors: Vec<Issue>,
    /// What is allowed but probably a mistake.
    pub warnings: Vec<Issue>,
}

impl Report {
    /// The issue with this code at this path, errors first (handy in tests and callers).
    pub fn find(&self, path: &str, code: &str) -> Option<&Issue> {
        self.errors
            .iter()
            .chain(&self.warnings)
            .find(|i| i.path == path && i.code == code)
    }
}

/// A collector of errors and warnings. Each list keeps at most [`MAX_ISSUES`] issues and then one
/// "too many" issue; the rest are counted, not kept, so memory stays bounded on hostile input.
#[derive(Debug, Clone, Default)]
pub struct Issues {
    /// The errors kept so far.
    pub errors: Vec<Issue>,
    /// The warnings kept so far.
    pub warnings: Vec<Issue>,
    errors_dropped: usize,
    warnings_dropped: usize,
}

impl Issues {
    /// An empty collector.
    pub fn new() -> Issues {
        Issues::default()
    }

    /// Adds an error; past [`MAX_ISSUES`] errors, one `too_many_errors` and then nothing.
    pub fn error(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        if !push_capped(
            &mut self.errors,
            codes::TOO_MANY_ERRORS,
            "errors",
            path.into(),
            code,
            message.into(),
        ) {
            self.errors_dropped += 1;
        }
    }

    /// Adds a warning; past [`MAX_ISSUES`] warnings, one `too_many_warnings` and then nothing.
    pub fn warning(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        if !push_capped(
            &mut self.warnings,
            codes::TOO_MANY_WARNINGS,
            "warnings",
            path.into(),
            code,
            message.into(),
        ) {
            self.warnings_dropped += 1;
        }
    }

    /// Every error reported so far, including those past the cap that were not kept: use this
    /// (not `errors.len()`) to ask "did this step report an error?".
    pub fn error_count(&self) -> usize {
        self.errors.len() + self.errors_dropped
    }

    /// True when an error was reported (kept or dropped).
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The report: `valid` when there is no error, the lists with their "too many" issues.
    pub fn into_report(mut self) -> Report {
        for (list, dropped, kind) in [
            (&mut self.errors, self.errors_dropped, "errors"),
            (&mut self.warnings, self.warnings_dropped, "warnings"),
        ] {
            if let Some(last) = list.last_mut().filter(|_| dropped > 0) {
                last.message = Text::new()
                    .str("more than ")
                    .int(MAX_ISSUES as i128)
                    .str(" ")
                    .str(kind)
                    .str("; ")
                    .int(dropped as i128)
                    .str(" more were not listed")
                    .done();
            }
        }
        Report {
            valid: self.errors.is_empty(),
            errors: self.errors,
            warnings: self.warnings,
        }
    }
}

/// How many errors (and, separately, warnings) a report lists. Hostile input (100 000 broken
/// order lines) would otherwise make a report as large as itself; ten thousand is far beyond any
/// real receipt's problems (a 200-line receipt with every field wrong has about 3000) and keeps
/// a report to a few megabytes.
pub const MAX_ISSUES: usize = 10_000;

/// Pushes `issue` while the list is under the cap, then the "too many" issue; `false` when
/// the issue was dropped.
///
/// Not generic (the callers convert): one copy in the wasm module, not one per pair of
/// argument types.
#[inline(never)]
fn push_capped(
    list: &mut Vec<Issue>,
    overflow_code: &'static str,
    kind: &str,
    path: String,
    code: &'static str,
    message: String,
) -> bool {
    match list.len().cmp(&MAX_ISSUES) {
        std::cmp::Ordering::Less => list.push(Issue {
            path,
            code,
            message,
        }),
        std::cmp::Ordering::Equal => list.push(Issue {
            path: String::new(),
            code: overflow_code,
            message: Text::new()
                .str("more than ")
                .int(MAX_ISSUES as i128)
                .str(" ")
                .str(kind)
                .str("; the rest are not listed")
                .done(),
        }),
        std::cmp::Ordering::Greater => return false,
    }
    true
}

/// A message built piece by piece without `core::fmt` (issue 9: no `format!` in messages). Each
/// piece is one small call that is not inlined, so a message costs a few bytes of code per piece,
/// about what `format!` costs, without carrying `core::fmt` into the wasm module.
#[derive(Default)]
pub(crate) struct Text(String);

impl Text {
    pub(crate) fn new() -> Text {
        Text(String::new())
    }

    #[inline(never)]
    pub(crate) fn str(&mut self, piece: &str) -> &mut Text {
        self.0.push_str(piece);
        self
    }

    /// An integer in decimal, `-` below zero.
    #[inline(never)]
    pub(crate) fn int(&mut self, value: i128) -> &mut Text {
        if value < 0 {
            self.0.push('-');
        }
        push_uint(&mut self.0, value.unsigned_abs());
        self
    }

    /// An integer with its sign always written (`+3`, `-3`, `+0`), as `{:+}` writes it: how far
    /// off a sum is.
    #[inline(never)]
    pub(crate) fn signed(&mut self, value: i128) -> &mut Text {
        if value >= 0 {
            self.0.push('+');
        }
        self.int(value)
    }

    /// The end of every "sums do not match" message: `, but totalAmount is 100 (off by +2)`,
    /// where `off` is how far the checked figure is from what it should be (a line's field minus
    /// the figure computed for it; the payment sources' sum minus the receipt total).
    #[inline(never)]
    pub(crate) fn but_is(&mut self, field: &str, actual: i128, off: i128) -> &mut Text {
        self.str(", but ")
            .str(field)
            .str(" is ")
            .int(actual)
            .str(" (off by ")
            .signed(off)
            .str(")")
    }

    /// A decimal as plain text (`-12.34`, `0.05`, `3`).
    #[inline(never)]
    pub(crate) fn decimal(&mut self, value: Decimal) -> &mut Text {
        value.push_to(&mut self.0);
        self
    }

    /// A byte as two upper-case hex digits (`0A`), as `{:02X}` writes it.
    #[inline(never)]
    pub(crate) fn hex(&mut self, byte: u8) -> &mut Text {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        for nibble in [byte >> 4, byte & 15] {
            self.0.push(char::from(DIGITS[usize::from(nibble)]));
        }
        self
    }

    /// `text` as Rust's `{:?}` writes a string: in double quotes; `"`, `\\`, control and
    /// unprintable characters escaped; `'` not.
    #[inline(never)]
    pub(crate) fn debug_str(&mut self, text: &str) -> &mut Text {
        self.0.push('"');
        for c in text.chars() {
            if c == '\'' {
                self.0.push(c);
            } else {
                self.0.extend(c.escape_debug());
            }
        }
        self.0.push('"');
        self
    }

    /// `c` as Rust's `{:?}` writes a char: in single quotes; `'` escaped, `"` not.
    #[inline(never)]
    pub(crate) fn debug_char(&mut self, c: char) -> &mut Text {
        self.0.push('\'');
        if c == '"' {
            self.0.push(c);
        } else {
            self.0.extend(c.escape_debug());
        }
        self.0.push('\'');
        self
    }

    /// True when the message so far holds `piece` (a description that names each cause once:
    /// the wasm transport's).
    #[cfg(all(target_arch = "wasm32", feature = "client"))]
    pub(crate) fn contains(&self, piece: &str) -> bool {
        self.0.contains(piece)
    }

    /// The message.
    pub(crate) fn done(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

/// How many problems [`summary`] names before "and N more".
const SUMMARY_ISSUES: usize = 3;

/// One line for people: `"2 problems: a.b: <message>; c: <message>"`, naming the first three
/// and counting the rest; `none` when there are none.
pub fn summary(issues: &[Issue], none: &str) -> String {
    let mut text = Text::new();
    match issues.len() {
        0 => return none.to_owned(),
        1 => text.str("1 problem: "),
        count => text.int(count as i128).str(" problems: "),
    };
    for (index, issue) in issues.iter().take(SUMMARY_ISSUES).enumerate() {
        if index > 0 {
            text.str("; ");
        }
        if !issue.path.is_empty() {
            text.str(&issue.path).str(": ");
        }
        text.str(&issue.message);
    }
    if issues.len() > SUMMARY_ISSUES {
        text.str("; and ")
            .int((issues.len() - SUMMARY_ISSUES) as i128)
            .str(" more");
    }
    text.done()
}

impl WriteJson for Issue {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("path", &self.path)
            .field("code", self.code)
            .field("message", &self.message)
            .end();
    }
}

impl WriteJson for Report {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("valid", &self.valid)
            .field("errors", &self.errors)
            .field("warnings", &self.warnings)
            .end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn debug_str(text: &str) -> String {
        Text::new().debug_str(text).done()
    }

    fn debug_char(c: char) -> String {
        Text::new().debug_char(c).done()
    }

    #[test]
    fn numbers_and_bytes_are_written_as_format_writes_them() {
        for value in [
            0,
            7,
            -7,
            10,
            2500,
            -3990,
            i128::from(u64::MAX),
            i128::MAX,
            i128::MIN,
        ] {
            assert_eq!(Text::new().int(value).done(), format!("{value}"));
            assert_eq!(Text::new().signed(value).done(), format!("{value:+}"));
        }
        for byte in [0u8, 9, 10, 0xab, 0xff] {
            assert_eq!(Text::new().hex(byte).done(), format!("{byte:02X}"));
        }
        let d = Decimal {
            mantissa: -5,
            scale: 2,
        };
        assert_eq!(Text::new().str("x ").decimal(d).done(), format!("x {d}"));
    }

    #[test]
    fn debug_quoting_equals_rusts_own() {
        for text in [
            "",
            "base64",
            "a'b\"c\\d",
            "\n\t\r\0\u{7f}\u{1b}",
            "é\u{301}e\u{301}",
            "\u{200b}\u{feff}\u{d7ff}😀\u{10ffff}",
        ] {
            assert_eq!(debug_str(text), format!("{text:?}"));
            for c in text.chars() {
                assert_eq!(debug_char(c), format!("{c:?}"));
            }
        }
    }

    proptest! {
        #[test]
        fn debug_quoting_equals_rusts_own_on_any_text(text in any::<String>(), c in any::<char>()) {
            prop_assert_eq!(debug_str(&text), format!("{text:?}"));
            prop_assert_eq!(debug_char(c), format!("{c:?}"));
        }
    }
}
