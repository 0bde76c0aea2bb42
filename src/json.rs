//! Reading untyped JSON with paths: the one mechanism the builder (reading a cart) and the
//! validators (reading a receipt, a category, an image request) use, so that every problem is
//! reported with its path and nothing stops at the first one.

mod number;
mod path;
mod syntax;
mod tree;
pub(crate) mod walk;

use serde_json::Value;

pub use number::Number;
pub use path::Path;
pub(crate) use tree::key_eq;
pub use tree::{Arena, JsonMap, JsonValue, ParsedTree};

use crate::codes;
use crate::issue::{Issue, Issues, Report, Text};
use crate::money::MAX_SAFE_INTEGER;
use crate::units::Unit;

/// How deep JSON text may nest (arrays and objects) before it is refused with `too_deep`.
/// Receipts, carts and categories nest at most five levels; 64 leaves room for `extraDetails`
/// and the like while keeping the reader's recursion far inside a 1 MB wasm stack (serde_json's
/// own limit, 128, would report the same thing as an anonymous syntax error).
pub const MAX_DEPTH: usize = 64;

/// Reads JSON text into the borrowed tree the validators walk: a leading byte-order mark is
/// skipped; a syntax error, a number beyond what a 64-bit float holds (`1e400`) or nesting
/// beyond [`MAX_DEPTH`] is the one issue (with line and column); duplicate keys are
/// `duplicate_key` issues beside the value. Its containers are put in `arena`.
pub fn read_tree<'a>(arena: &'a Arena, text: &'a str) -> Result<ParsedTree<'a>, Issue> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    tree::parse(arena, text).map_err(|stopped| syntax_issue(text.as_bytes(), stopped))
}

/// [`read_tree`], then checks the value with `check`: the reading issues (duplicate keys) come
/// first in the report, then the check's; a text that cannot be read is its one issue.
pub fn report_tree(text: &str, check: impl FnOnce(&JsonValue<'_>) -> Report) -> Report {
    let arena = Arena::new();
    match read_tree(&arena, text) {
        Ok(parsed) => merge_reading_issues(parsed.issues, check(&parsed.value)),
        Err(issue) => failed(issue),
    }
}

/// [`read_tree`] for bytes that may not be UTF-8: invalid UTF-8 inside a string is a
/// `json_syntax` issue with line and column (outside strings any non-JSON byte is one anyway).
/// `&str` input is UTF-8 by construction, so only byte sources (files, request bodies) need this.
pub fn read_bytes<'a>(arena: &'a Arena, bytes: &'a [u8]) -> Result<ParsedTree<'a>, Issue> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let read = match std::str::from_utf8(bytes) {
        Ok(text) => tree::parse(arena, text),
        Err(invalid) => Err(tree::Stopped {
            offset: invalid.valid_up_to(),
            too_deep_at: None,
        }),
    };
    read.map_err(|stopped| syntax_issue(bytes, stopped))
}

/// [`report_tree`] for bytes (see [`read_bytes`]).
pub fn report_bytes(bytes: &[u8], check: impl FnOnce(&JsonValue<'_>) -> Report) -> Report {
    let arena = Arena::new();
    match read_bytes(&arena, bytes) {
        Ok(parsed) => merge_reading_issues(parsed.issues, check(&parsed.value)),
        Err(issue) => failed(issue),
    }
}

fn merge_reading_issues(reading: Vec<Issue>, report: Report) -> Report {
    if reading.is_empty() {
        return report;
    }
    let mut issues = Issues::new();
    for issue in reading.into_iter().chain(report.errors) {
        issues.error(issue.path, issue.code, issue.message);
    }
    for issue in report.warnings {
        issues.warning(issue.path, issue.code, issue.message);
    }
    issues.into_report()
}

fn failed(issue: Issue) -> Report {
    Report {
        valid: false,
        errors: vec![issue],
        warnings: Vec::new(),
    }
}

/// The issue for text the tree reader stopped in: [`syntax::first_error`] names the error with
/// serde_json's message and position (what users saw when serde_json read the text); a value
/// nested too deep is reported at the tree reader's path. The offset where the tree reader
/// stopped is only used if the scan finds nothing wrong, which would be a bug here.
fn syntax_issue(input: &[u8], stopped: tree::Stopped) -> Issue {
    let Some(error) = syntax::first_error(input) else {
        let stopped = stopped.offset;
        let before = input.get(..stopped).unwrap_or(input);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = stopped
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |at| at + 1)
            + 1;
        return Issue {
            path: String::new(),
            code: codes::JSON_SYNTAX,
            message: Text::new()
                .str("invalid JSON at line ")
                .int(line as i128)
                .str(" column ")
                .int(column as i128)
                .str(": unexpected input")
                .done(),
        };
    };
    if error.reason == syntax::Reason::TooDeep {
        return Issue {
            path: stopped.too_deep_at.unwrap_or_default(),
            code: codes::TOO_DEEP,
            message: Text::new()
                .str("the JSON nests deeper than ")
                .int(MAX_DEPTH as i128)
                .str(" levels (at line ")
                .int(error.line as i128)
                .str(" column ")
                .int(error.column as i128)
                .str(")")
                .done(),
        };
    }
    Issue {
        path: String::new(),
        code: codes::JSON_SYNTAX,
        message: Text::new()
            .str("invalid JSON at line ")
            .int(error.line as i128)
            .str(" column ")
            .int(error.column as i128)
            .str(": ")
            .str(error.reason.message())
            .str(syntax_hint(&error, input))
            .done(),
    }
}

/// A plain-English hint for the syntax errors people actually make with numbers.
fn syntax_hint(error: &syntax::SyntaxError, input: &[u8]) -> &'static str {
    if error.reason == syntax::Reason::NumberOutOfRange {
        return " (the number is beyond what a 64-bit float holds; amounts are integers within \
                ±(2^53 − 1))";
    }
    // NaN and Infinity are JavaScript, not JSON: JSON.stringify writes them as null.
    let at = byte_offset(input, error.line, error.column);
    let window = input
        .get(at.saturating_sub(2)..input.len().min(at + 10))
        .unwrap_or_default();
    let mentions = |word: &[u8]| window.windows(word.len()).any(|w| w == word);
    if mentions(b"NaN") || mentions(b"Infinity") {
        " (NaN and Infinity are not JSON numbers)"
    } else {
        ""
    }
}

/// The byte offset of a 1-based line and column (column counted in bytes).
fn byte_offset(input: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match input
            .get(line_start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    (line_start + column.saturating_sub(1)).min(input.len())
}

/// The `duplicate_key` issue for `key`, found at `path`.
fn duplicate_key_issue(path: &Path, key: &str) -> Issue {
    Issue {
        path: path.render(),
        code: codes::DUPLICATE_KEY,
        message: Text::new()
            .str("the key '")
            .str(&shorten(key))
            .str(
                "' appears more than once in this object; readers disagree on which value \
                 counts (this one reads the last), so send it once",
            )
            .done(),
    }
}

/// A key or value quoted in a message, cut to a readable length (input strings can be megabytes).
pub fn shorten(text: &str) -> String {
    const MAX_QUOTED: usize = 64;
    match text.char_indices().nth(MAX_QUOTED) {
        None => text.to_owned(),
        Some((cut, _)) => Text::new()
            .str(text.get(..cut).unwrap_or_default())
            .str("…")
            .done(),
    }
}

/// A JSON value the validators read: the borrowed tree read from text ([`JsonValue`]) or a
/// `serde_json::Value`, so that neither is converted into the other to be checked.
pub trait Json: Sized {
    /// Its objects.
    type Object: JsonObject<Value = Self>;
    /// What the value is.
    fn kind(&self) -> Kind<'_, Self>;
}

/// An object of a [`Json`] value.
pub trait JsonObject {
    /// Its values.
    type Value: Json;
    /// The value at `key`, if present.
    fn get(&self, key: &str) -> Option<&Self::Value>;
    /// True when `key` is present.
    fn contains_key(&self, key: &str) -> bool;
    /// The keys, in order.
    fn keys(&self) -> impl Iterator<Item = &str>;
    /// The keys with their values, in order.
    fn entries(&self) -> impl Iterator<Item = (&str, &Self::Value)>;
}

/// What a [`Json`] value is, borrowed.
pub enum Kind<'v, V: Json> {
    /// `null`
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(&'v str),
    /// An array's items.
    Array(&'v [V]),
    /// An object.
    Object(&'v V::Object),
}

impl<'a> Json for JsonValue<'a> {
    type Object = JsonMap<'a>;
    #[inline(always)]
    fn kind(&self) -> Kind<'_, Self> {
        match self {
            JsonValue::Null => Kind::Null,
            JsonValue::Bool(b) => Kind::Bool(*b),
            JsonValue::Number(n) => Kind::Number(**n),
            JsonValue::String(text) => Kind::String(text),
            JsonValue::Array(items) => Kind::Array(items),
            JsonValue::Object(map) => Kind::Object(map),
        }
    }
}

impl<'a> JsonObject for JsonMap<'a> {
    type Value = JsonValue<'a>;
    fn get(&self, key: &str) -> Option<&JsonValue<'a>> {
        JsonMap::get(self, key)
    }
    fn contains_key(&self, key: &str) -> bool {
        JsonMap::contains_key(self, key)
    }
    fn keys(&self) -> impl Iterator<Item = &str> {
        JsonMap::keys(self)
    }
    fn entries(&self) -> impl Iterator<Item = (&str, &JsonValue<'a>)> {
        JsonMap::iter(self)
    }
}

impl Json for Value {
    type Object = serde_json::Map<String, Value>;
    #[inline]
    fn kind(&self) -> Kind<'_, Self> {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => Kind::Number(Number::from_serde(n)),
            Value::String(text) => Kind::String(text),
            Value::Array(items) => Kind::Array(items),
            Value::Object(map) => Kind::Object(map),
        }
    }
}

impl JsonObject for serde_json::Map<String, Value> {
    type Value = Value;
    fn get(&self, key: &str) -> Option<&Value> {
        serde_json::Map::get(self, key)
    }
    fn contains_key(&self, key: &str) -> bool {
        serde_json::Map::contains_key(self, key)
    }
    fn keys(&self) -> impl Iterator<Item = &str> {
        serde_json::Map::keys(self).map(String::as_str)
    }
    fn entries(&self) -> impl Iterator<Item = (&str, &Value)> {
        serde_json::Map::iter(self).map(|(key, value)| (key.as_str(), value))
    }
}

/// The JSON type of a value, as messages name it.
pub fn type_name<V: Json>(value: &V) -> &'static str {
    match value.kind() {
        Kind::Null => "null",
        Kind::Bool(_) => "a boolean",
        Kind::Number(n) if n.is_integer() => "an integer",
        Kind::Number(_) => "a number with a fraction",
        Kind::String(_) => "a string",
        Kind::Array(_) => "an array",
        Kind::Object(_) => "an object",
    }
}

/// Reports every key of `object` not in `known` as a warning (`unknown_field`), in key order
/// (as serde_json's map iterates), whatever order the text had.
pub fn warn_unknown_keys(
    object: &impl JsonObject,
    known: &[&str],
    path: &Path,
    issues: &mut Issues,
) {
    let mut unknown: Vec<&str> = object.keys().filter(|key| !known.contains(key)).collect();
    unknown.sort_unstable();
    for key in unknown {
        issues.warning(
            path.key(key).render(),
            codes::UNKNOWN_FIELD,
            Text::new()
                .str("unknown field '")
                .str(key)
                .str("' (the API ignores it; is it misspelt?)")
                .done(),
        );
    }
}

/// `value` as a string, or reports `expected_type` at `path`.
pub fn expect_str<'a, V: Json>(value: &'a V, path: &str, issues: &mut Issues) -> Option<&'a str> {
    match value.kind() {
        Kind::String(s) => Some(s),
        _ => {
            issues.error(
                path,
                codes::EXPECTED_TYPE,
                Text::new()
                    .str("expected a string, found ")
                    .str(type_name(value))
                    .done(),
            );
            None
        }
    }
}

/// An integer within ±(2^53 − 1); fractions, floats and larger numbers are reported, a fraction
/// with the field's `unit` and the value to write instead.
pub fn expect_integer<V: Json>(
    value: &V,
    path: &str,
    unit: Unit,
    issues: &mut Issues,
) -> Option<i64> {
    match value.kind() {
        Kind::Number(n) => {
            if let Some(i) = n.as_i64() {
                if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
                    return Some(i);
                }
            } else if let Some(float) = n.as_float() {
                // Only the kind of number is looked at here, never used as an amount. Integers
                // beyond u64 (and `1e20`) read as floats (as serde_json reads them): those are
                // too large, not fractions; `-0` reads as the float -0.0.
                if float.abs() < 9_007_199_254_740_992.0 {
                    let message = if float == 0.0 && float.is_sign_negative() {
                        "-0 (negative zero) is not an integer in API units; write 0".to_owned()
                    } else {
                        unit.fraction_message(&n.text())
                    };
                    issues.error(path, codes::NOT_INTEGER, message);
                    return None;
                }
            }
            issues.error(
                path,
                codes::TOO_LARGE,
                Text::new()
                    .str(&n.text())
                    .str(" is beyond 2^53 − 1, which JavaScript cannot hold exactly")
                    .done(),
            );
            None
        }
        _ => {
            issues.error(
                path,
                codes::EXPECTED_TYPE,
                unit.wrong_type_message(
                    type_name(value),
                    match value.kind() {
                        Kind::String(text) => Some(text),
                        _ => None,
                    },
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An arena for a test's trees (kept to the end of the test run).
    fn arena() -> &'static Arena {
        Box::leak(Box::new(Arena::new()))
    }

    /// The tree read from `text`, as a `serde_json::Value` (to compare with serde_json's own).
    fn read_value(text: &str) -> Result<Value, Issue> {
        read_tree(arena(), text).map(|parsed| parsed.value.to_serde())
    }

    fn codes_and_paths(issues: &[Issue]) -> Vec<(&str, &str)> {
        issues.iter().map(|i| (i.code, i.path.as_str())).collect()
    }

    #[test]
    fn duplicate_keys_are_found_with_their_paths() {
        let text =
            r#"{"a": 1, "lines": [{"x": 1}, {"x": 1, "y": {"z": 1, "z": 2}, "x": 3}], "a": 2}"#;
        let parsed = read_tree(arena(), text).unwrap();
        assert_eq!(
            codes_and_paths(&parsed.issues),
            [
                (codes::DUPLICATE_KEY, "lines[1].y.z"),
                (codes::DUPLICATE_KEY, "lines[1].x"),
                (codes::DUPLICATE_KEY, "a"),
            ]
        );
        // The last occurrence wins, as in serde.
        let value = parsed.value.to_serde();
        assert_eq!(value["a"], 2);
        assert_eq!(value["lines"][1]["x"], 3);
        assert_eq!(value["lines"][1]["y"]["z"], 2);
    }

    #[test]
    fn the_value_equals_serde_jsons_own() {
        let text = r#"{"b": [1, -2, 3.5, 18446744073709551615, "s\u00e9", null, true, {}], "a": {"c": []}}"#;
        let ours = read_tree(arena(), text).unwrap();
        assert!(ours.issues.is_empty());
        assert_eq!(
            ours.value.to_serde(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn nesting_beyond_the_limit_is_too_deep_with_its_path() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(read_value(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let issue = read_value(&deep).unwrap_err();
        assert_eq!(issue.code, codes::TOO_DEEP);
        assert_eq!(issue.path, "[0]".repeat(MAX_DEPTH));
        assert!(issue.message.contains("line 1 column"), "{}", issue.message);

        let objects = format!(
            "{}1{}",
            r#"{"a":"#.repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        let issue = read_value(&objects).unwrap_err();
        assert_eq!(issue.code, codes::TOO_DEEP);
        assert_eq!(issue.path, vec!["a"; MAX_DEPTH].join("."));
    }

    /// The path of a too-deep value through keys (escaped ones read unescaped) and indexes, as
    /// main fb54d1d (serde_json's own walk) reported it.
    #[test]
    fn too_deep_paths_go_through_keys_and_indexes() {
        let text = format!(
            "{{\"x\":1,\"l\\u0069st\":[0,{}{}]}}",
            "[".repeat(63),
            "]".repeat(63)
        );
        let issue = read_tree(arena(), &text).unwrap_err();
        assert_eq!(issue.code, codes::TOO_DEEP);
        assert_eq!(issue.path, format!("list[1]{}", "[0]".repeat(62)));
        assert!(
            issue.message.ends_with("(at line 1 column 86)"),
            "{}",
            issue.message
        );
        let text = format!(
            "{{\"a\":[{{\"b\\\"c\":{}{}}}]}}",
            "[".repeat(62),
            "]".repeat(62)
        );
        let issue = read_tree(arena(), &text).unwrap_err();
        assert_eq!(issue.path, format!("a[0].b\"c{}", "[0]".repeat(61)));
        assert!(
            issue.message.ends_with("(at line 1 column 77)"),
            "{}",
            issue.message
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_in_text_and_bytes() {
        assert_eq!(read_value("\u{feff}{\"a\":1}").unwrap()["a"], 1);
        assert_eq!(
            read_bytes(arena(), b"\xef\xbb\xbf[2]")
                .unwrap()
                .value
                .to_serde()[0],
            2
        );
    }

    #[test]
    fn invalid_utf8_in_bytes_is_a_syntax_issue_with_position() {
        let issue = read_bytes(arena(), b"{\"a\": \"x\xff\"}").unwrap_err();
        assert_eq!(issue.code, codes::JSON_SYNTAX);
        assert!(issue.message.contains("line 1 column"), "{}", issue.message);
    }

    #[test]
    fn number_texts_get_clear_messages() {
        let issue = read_value(r#"{"a": 1e400}"#).unwrap_err();
        assert_eq!(issue.code, codes::JSON_SYNTAX);
        assert!(issue.message.contains("64-bit float"), "{}", issue.message);
        for text in ["NaN", "[1, NaN]", "{\"a\": -Infinity}", "Infinity"] {
            let issue = read_value(text).unwrap_err();
            assert!(
                issue.message.contains("NaN and Infinity"),
                "{text}: {}",
                issue.message
            );
        }
        assert!(!read_value("[1,]").unwrap_err().message.contains("NaN"));
    }

    #[test]
    fn control_characters_in_strings_are_syntax_errors_with_position() {
        let issue = read_value("{\"a\": \"x\ny\"}").unwrap_err();
        assert_eq!(issue.code, codes::JSON_SYNTAX);
        assert!(
            issue.message.contains("control character"),
            "{}",
            issue.message
        );
        assert!(issue.message.contains("line 2 column"), "{}", issue.message);
    }

    #[test]
    fn integers_out_of_range_and_negative_zero() {
        let cases = [
            ("9007199254740991", None),
            ("9007199254740992", Some(codes::TOO_LARGE)),
            ("-9007199254740992", Some(codes::TOO_LARGE)),
            ("18446744073709551616", Some(codes::TOO_LARGE)),
            ("-99999999999999999999999", Some(codes::TOO_LARGE)),
            ("1e20", Some(codes::TOO_LARGE)),
            ("1.5", Some(codes::NOT_INTEGER)),
            ("-0", Some(codes::NOT_INTEGER)),
        ];
        for (text, code) in cases {
            let mut issues = Issues::new();
            let read = expect_integer(
                &read_tree(arena(), text).unwrap().value,
                "n",
                Unit::Minor,
                &mut issues,
            );
            assert_eq!(issues.errors.first().map(|i| i.code), code, "{text}");
            assert_eq!(read.is_some(), code.is_none(), "{text}");
        }
        let mut issues = Issues::new();
        expect_integer(
            &read_tree(arena(), "-0").unwrap().value,
            "n",
            Unit::Minor,
            &mut issues,
        );
        assert!(issues.errors[0].message.contains("negative zero"));
        // Numbers are quoted as serde_json writes them (zmij: `1e+20`, shortest digits).
        for (text, quoted) in [
            ("1e20", "1e+20 is beyond"),
            ("18446744073709551616", "1.8446744073709552e+19 is beyond"),
            ("39.90", "39.9 is not an integer"),
            ("1E-7", "1e-7 is not an integer"),
        ] {
            let mut issues = Issues::new();
            expect_integer(
                &read_tree(arena(), text).unwrap().value,
                "n",
                Unit::Minor,
                &mut issues,
            );
            assert!(
                issues.errors[0].message.starts_with(quoted),
                "{text}: {}",
                issues.errors[0].message
            );
        }
    }

    #[test]
    fn report_tree_puts_reading_issues_first() {
        let report = report_tree(r#"{"a": 1, "a": 2}"#, |_| {
            let mut issues = Issues::new();
            issues.error("b", codes::REQUIRED, "b is required");
            issues.warning("c", codes::UNKNOWN_FIELD, "c");
            issues.into_report()
        });
        assert!(!report.valid);
        assert_eq!(
            codes_and_paths(&report.errors),
            [(codes::DUPLICATE_KEY, "a"), (codes::REQUIRED, "b")]
        );
        assert_eq!(report.warnings.len(), 1);
    }

    /// The tree reader against serde_json itself: the same texts are accepted, with the same
    /// value; refused texts get serde_json's own message (never the "should not happen" one).
    fn agrees_with_serde_json(text: &str) {
        // The one difference by design: a leading byte-order mark is skipped.
        let expected = serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(text));
        let ours = read_value(text);
        match (&expected, &ours) {
            (Ok(value), Ok(ours)) => assert_eq!(ours, value, "{text:?}"),
            (Err(_), Err(issue)) => {
                assert!(
                    issue.code == codes::JSON_SYNTAX || issue.code == codes::TOO_DEEP,
                    "{text:?}: {issue:?}"
                );
                assert!(
                    !issue.message.ends_with("unexpected input"),
                    "{text:?}: {issue:?}"
                );
            }
            (Ok(_), Err(issue)) if issue.code == codes::TOO_DEEP => {}
            _ => panic!("{text:?}: serde_json {expected:?}, ours {ours:?}"),
        }
    }

    #[test]
    fn the_tree_reader_accepts_and_refuses_what_serde_json_does() {
        let texts = [
            "",
            " ",
            "0",
            "-0",
            "-0.0",
            "1.",
            ".5",
            "01",
            "-",
            "+1",
            "1e",
            "1e+",
            "1E+2",
            "0.5e-3",
            "1e400",
            "-1e400",
            "1e-400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "999999999999999999",
            "1000000000000000000",
            "-999999999999999999",
            "123456789012345678901234567890",
            "[1,]",
            "[,1]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "[1 2]",
            "{\"a\":1}x",
            "nul",
            "true",
            "truex",
            "null ",
            " \t\r\n[ ] ",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\ud800x\"",
            "\"\\uD83D\\uDE00\"",
            "\"\\u00e9\\n\\t\\/\\b\\f\\r\\\"\\\\\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "\"a\u{1}b\"",
            "\"a\u{7f}b\"",
            "\"é€😀\"",
            "\"unterminated",
            "[\"a\",\"b\"",
            "{\"a\":{\"b\":[]}}",
            "{\"a\\u0062\":1,\"ab\":2}",
            "\u{feff}1",
            "[1]\u{feff}",
            "NaN",
            "[Infinity]",
            "{\"a\":-}",
            "[-01]",
            "[1.5e3, -2E-2, 0e0]",
            "{\"\":0}",
            "[[[[]]]]",
        ];
        for text in texts {
            agrees_with_serde_json(text);
        }
        let long = format!("1{}", "0".repeat(400));
        agrees_with_serde_json(&long);
        agrees_with_serde_json(&format!("0.{}1", "0".repeat(400)));
    }

    proptest::proptest! {
        #[test]
        fn random_texts_read_as_serde_json_reads_them(
            text in "[\\[\\]{}\",:0-9eE.+\\-tfrunlsa \\\\/u\\n\u{1}é]{0,40}"
        ) {
            agrees_with_serde_json(&text);
        }

        #[test]
        fn mutated_json_reads_as_serde_json_reads_it(
            at in 0usize..120, byte in proptest::sample::select(b"[]{}\",:0-9eE.-+ \\ua".to_vec()),
            delete in proptest::bool::ANY,
        ) {
            let base = r#"{"orderLines": [{"name": "a\u00e9", "n": -12.5e2, "x": [true, false, null]}], "k": "v\n", "k": 0}"#;
            let mut bytes = base.as_bytes().to_vec();
            let at = at.min(bytes.len() - 1);
            if delete { bytes.remove(at); } else { bytes.insert(at, byte); }
            if let Ok(text) = String::from_utf8(bytes) {
                agrees_with_serde_json(&text);
            }
        }
    }

    #[test]
    fn shorten_cuts_long_text_on_a_char_boundary() {
        assert_eq!(shorten("abc"), "abc");
        let long = "é".repeat(100);
        assert_eq!(shorten(&long), format!("{}…", "é".repeat(64)));
    }
}
