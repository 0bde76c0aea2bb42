//! Reading untyped JSON with paths: the one mechanism the builder (reading a cart) and the
//! validators (reading a receipt, a category, an image request) use, so that every problem is
//! reported with its path and nothing stops at the first one.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use crate::codes;
use crate::issue::{Issue, Issues, MAX_ISSUES, Report, child_path, index_path};
use crate::money::MAX_SAFE_INTEGER;

/// How deep JSON text may nest (arrays and objects) before it is refused with `too_deep`.
/// Receipts, carts and categories nest at most five levels; 64 leaves room for `extraDetails`
/// and the like while keeping the reader's recursion far inside a 1 MB wasm stack (serde_json's
/// own limit, 128, would report the same thing as an anonymous syntax error).
pub const MAX_DEPTH: usize = 64;

/// JSON text that was read: the value, and the problems that did not stop reading it
/// (duplicate keys; for those the value holds the last occurrence, as serde does).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Value,
    pub issues: Vec<Issue>,
}

/// Reads JSON text: a leading byte-order mark is skipped; a syntax error, a number beyond
/// what a 64-bit float holds (`1e400`) or nesting beyond [`MAX_DEPTH`] is the one issue (with
/// line and column); duplicate keys are `duplicate_key` issues beside the value.
pub fn read_text(text: &str) -> Result<Parsed, Issue> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    read_with(serde_json::Deserializer::from_str(text), text.as_bytes())
}

/// [`read_text`] for bytes that may not be UTF-8: invalid UTF-8 inside a string is a
/// `json_syntax` issue with line and column (outside strings any non-JSON byte is one anyway).
/// `&str` input is UTF-8 by construction, so only byte sources (files, request bodies) need this.
pub fn read_bytes(bytes: &[u8]) -> Result<Parsed, Issue> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    read_with(serde_json::Deserializer::from_slice(bytes), bytes)
}

/// Parses JSON text strictly: like [`read_text`], but a duplicate key is an error too (the first
/// one is the issue; its message counts the rest). Callers that can report several problems
/// use [`read_text`] or [`report_text`] instead.
pub fn parse_text(text: &str) -> Result<Value, Issue> {
    strict(read_text(text)?)
}

/// [`parse_text`] for bytes (see [`read_bytes`]).
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, Issue> {
    strict(read_bytes(bytes)?)
}

/// Reads JSON text and checks its value with `check`: the reading issues (duplicate keys) come
/// first in the report, then the check's; a text that cannot be read is its one issue.
pub fn report_text(text: &str, check: impl FnOnce(&Value) -> Report) -> Report {
    report_read(read_text(text), check)
}

/// [`report_text`] for bytes (see [`read_bytes`]).
pub fn report_bytes(bytes: &[u8], check: impl FnOnce(&Value) -> Report) -> Report {
    report_read(read_bytes(bytes), check)
}

fn report_read(read: Result<Parsed, Issue>, check: impl FnOnce(&Value) -> Report) -> Report {
    match read {
        Ok(parsed) => {
            let report = check(&parsed.value);
            if parsed.issues.is_empty() {
                return report;
            }
            let mut issues = Issues::new();
            for issue in parsed.issues.into_iter().chain(report.errors) {
                issues.error(issue.path, issue.code, issue.message);
            }
            for issue in report.warnings {
                issues.warning(issue.path, issue.code, issue.message);
            }
            issues.into_report()
        }
        Err(issue) => Report {
            valid: false,
            errors: vec![issue],
            warnings: Vec::new(),
        },
    }
}

fn strict(parsed: Parsed) -> Result<Value, Issue> {
    let more = parsed.issues.len().saturating_sub(1);
    match parsed.issues.into_iter().next() {
        None => Ok(parsed.value),
        Some(mut first) => {
            if more > 0 {
                first.message = format!("{} (and {more} more)", first.message);
            }
            Err(first)
        }
    }
}

fn read_with<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
    input: &[u8],
) -> Result<Parsed, Issue> {
    let mut reader = Reader::default();
    let value = ValueSeed {
        reader: &mut reader,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match value {
        Ok(value) => Ok(Parsed {
            value,
            issues: reader.found.into_iter().map(Found::into_issue).collect(),
        }),
        Err(error) => Err(read_error(&error, reader.found, input)),
    }
}

/// The issue for text that could not be read: `too_deep` (with the path where it went too deep)
/// when the depth limit stopped it, else `json_syntax`; both with line and column.
fn read_error(error: &serde_json::Error, found: Vec<Found>, input: &[u8]) -> Issue {
    let position = format!("line {} column {}", error.line(), error.column());
    if let Some(deep) = found.into_iter().find(|f| f.kind == FoundKind::TooDeep) {
        let mut issue = deep.into_issue();
        issue.message = format!("{} (at {position})", issue.message);
        return issue;
    }
    Issue {
        path: String::new(),
        code: codes::JSON_SYNTAX,
        message: format!(
            "invalid JSON at {position}: {}{}",
            syntax_reason(error),
            syntax_hint(error, input)
        ),
    }
}

fn syntax_reason(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the message above says that already.
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text.get(..cut).unwrap_or(&text).to_owned(),
        None => text,
    }
}

/// A plain-English hint for the syntax errors people actually make with numbers.
fn syntax_hint(error: &serde_json::Error, input: &[u8]) -> &'static str {
    if error.to_string().starts_with("number out of range") {
        return " (the number is beyond what a 64-bit float holds; amounts are integers within \
                ±(2^53 − 1))";
    }
    // NaN and Infinity are JavaScript, not JSON: JSON.stringify writes them as null.
    let at = byte_offset(input, error.line(), error.column());
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

/// The byte offset of serde_json's 1-based line and column (column counted in bytes).
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

/// What the reader found besides the value; paths are built innermost-first as the reader
/// returns through each level, so reading valid input builds none.
#[derive(Default)]
struct Reader {
    depth: usize,
    found: Vec<Found>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FoundKind {
    DuplicateKey,
    TooDeep,
}

struct Found {
    kind: FoundKind,
    /// Innermost segment first.
    segments: Vec<Segment>,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl Found {
    fn into_issue(self) -> Issue {
        let mut path = String::new();
        for segment in self.segments.iter().rev() {
            path = match segment {
                Segment::Key(key) => child_path(&path, key),
                Segment::Index(index) => index_path(&path, *index),
            };
        }
        match self.kind {
            FoundKind::DuplicateKey => {
                let message = match self.segments.first() {
                    Some(Segment::Key(key)) => format!(
                        "the key '{}' appears more than once in this object; readers disagree on \
                         which value counts (this one reads the last), so send it once",
                        shorten(key)
                    ),
                    _ => "a key appears more than once in this object".to_owned(),
                };
                Issue {
                    path,
                    code: codes::DUPLICATE_KEY,
                    message,
                }
            }
            FoundKind::TooDeep => Issue {
                path,
                code: codes::TOO_DEEP,
                message: format!("the JSON nests deeper than {MAX_DEPTH} levels"),
            },
        }
    }
}

/// A key or value quoted in a message, cut to a readable length (input strings can be megabytes).
pub fn shorten(text: &str) -> String {
    const MAX_QUOTED: usize = 64;
    match text.char_indices().nth(MAX_QUOTED) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
    }
}

impl Reader {
    /// Adds `segment` to the paths of everything found since `before` (inside that child).
    fn prefix_since(&mut self, before: usize, segment: impl FnOnce() -> Segment) {
        if let Some(inside) = self.found.get_mut(before..) {
            if let Some((last, rest)) = inside.split_last_mut() {
                let segment = segment();
                for found in rest {
                    found.segments.push(match &segment {
                        Segment::Key(key) => Segment::Key(key.clone()),
                        Segment::Index(index) => Segment::Index(*index),
                    });
                }
                last.segments.push(segment);
            }
        }
    }

    fn record(&mut self, kind: FoundKind, segments: Vec<Segment>) {
        // One extra beyond the cap lets the report say there were more; too_deep ends reading,
        // so it is always kept.
        if self.found.len() <= MAX_ISSUES || kind == FoundKind::TooDeep {
            self.found.push(Found { kind, segments });
        }
    }

    fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        if self.depth >= MAX_DEPTH {
            self.record(FoundKind::TooDeep, Vec::new());
            return Err(E::custom(format_args!(
                "nesting deeper than {MAX_DEPTH} levels"
            )));
        }
        self.depth += 1;
        Ok(())
    }
}

/// Builds a `serde_json::Value` exactly as serde_json's own `Deserialize` does, but tracks the
/// depth and records duplicate keys.
struct ValueSeed<'r> {
    reader: &'r mut Reader,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // serde_json never produces NaN or infinities from text; null is only a guard.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let reader = self.reader;
        reader.enter()?;
        let mut items = Vec::new();
        loop {
            let before = reader.found.len();
            let item = seq.next_element_seed(ValueSeed {
                reader: &mut *reader,
            });
            let index = items.len();
            reader.prefix_since(before, || Segment::Index(index));
            match item? {
                Some(value) => items.push(value),
                None => break,
            }
        }
        reader.depth -= 1;
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let reader = self.reader;
        reader.enter()?;
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let before = reader.found.len();
            let value = access.next_value_seed(ValueSeed {
                reader: &mut *reader,
            });
            reader.prefix_since(before, || Segment::Key(key.clone()));
            let value = value?;
            match map.entry(key) {
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                Entry::Occupied(mut entry) => {
                    let segments = vec![Segment::Key(entry.key().clone())];
                    reader.record(FoundKind::DuplicateKey, segments);
                    entry.insert(value);
                }
            }
        }
        reader.depth -= 1;
        Ok(Value::Object(map))
    }
}

/// The JSON type of a value, as messages name it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number with a fraction",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An object being read, with its path. Missing and mistyped fields are reported into the
/// caller's [`Issues`] and read as `None`, so the caller goes on to the next field.
pub struct Obj<'a> {
    pub map: &'a Map<String, Value>,
    pub path: String,
}

impl<'a> Obj<'a> {
    /// Reads `value` as an object, or reports `expected_type` and returns `None`.
    pub fn read(value: &'a Value, path: &str, issues: &mut Issues) -> Option<Obj<'a>> {
        match value {
            Value::Object(map) => Some(Obj {
                map,
                path: path.to_owned(),
            }),
            other => {
                issues.error(
                    path,
                    codes::EXPECTED_TYPE,
                    format!("expected an object, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub fn path_of(&self, key: &str) -> String {
        child_path(&self.path, key)
    }

    /// The value at `key`, treating `null` as absent (the spec's nullable fields).
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Like [`Obj::get`], but reports `required` when absent or null.
    pub fn required(&self, key: &str, issues: &mut Issues) -> Option<&'a Value> {
        let value = self.get(key);
        if value.is_none() {
            issues.error(
                self.path_of(key),
                codes::REQUIRED,
                format!("'{key}' is required"),
            );
        }
        value
    }

    /// Reports every key not in `known` as a warning (`unknown_field`): a misspelt field is
    /// silently dropped by the API, so the caller should hear of it.
    pub fn warn_unknown(&self, known: &[&str], issues: &mut Issues) {
        for key in self.map.keys() {
            if !known.contains(&key.as_str()) {
                issues.warning(
                    self.path_of(key),
                    codes::UNKNOWN_FIELD,
                    format!("unknown field '{key}' (the API ignores it; is it misspelt?)"),
                );
            }
        }
    }

    pub fn string(&self, key: &str, required: bool, issues: &mut Issues) -> Option<&'a str> {
        let value = self.field(key, required, issues)?;
        expect_str(value, &self.path_of(key), issues)
    }

    pub fn bool(&self, key: &str, issues: &mut Issues) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                issues.error(
                    self.path_of(key),
                    codes::EXPECTED_TYPE,
                    format!("expected a boolean, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// An integer in API units within JavaScript's safe range.
    pub fn integer(&self, key: &str, required: bool, issues: &mut Issues) -> Option<i64> {
        let value = self.field(key, required, issues)?;
        expect_integer(value, &self.path_of(key), issues)
    }

    pub fn array(&self, key: &str, required: bool, issues: &mut Issues) -> Option<&'a Vec<Value>> {
        match self.field(key, required, issues)? {
            Value::Array(items) => Some(items),
            other => {
                issues.error(
                    self.path_of(key),
                    codes::EXPECTED_TYPE,
                    format!("expected an array, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub fn object(&self, key: &str, required: bool, issues: &mut Issues) -> Option<Obj<'a>> {
        let value = self.field(key, required, issues)?;
        Obj::read(value, &self.path_of(key), issues)
    }

    fn field(&self, key: &str, required: bool, issues: &mut Issues) -> Option<&'a Value> {
        if required {
            self.required(key, issues)
        } else {
            self.get(key)
        }
    }
}

pub fn expect_str<'a>(value: &'a Value, path: &str, issues: &mut Issues) -> Option<&'a str> {
    match value {
        Value::String(s) => Some(s),
        other => {
            issues.error(
                path,
                codes::EXPECTED_TYPE,
                format!("expected a string, found {}", type_name(other)),
            );
            None
        }
    }
}

/// An integer within ±(2^53 − 1); fractions, floats and larger numbers are reported.
pub fn expect_integer(value: &Value, path: &str, issues: &mut Issues) -> Option<i64> {
    match value {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
                    return Some(i);
                }
            } else if let Some(float) = n.as_f64().filter(|_| n.is_f64()) {
                // Only the kind of number is looked at here, never used as an amount. serde_json
                // reads integers beyond u64 (and `1e20`) as floats: those are too large, not
                // fractions; `-0` reads as the float -0.0.
                if float.abs() < 9_007_199_254_740_992.0 {
                    let message = if float == 0.0 && float.is_sign_negative() {
                        "-0 (negative zero) is not an integer in API units; write 0".to_owned()
                    } else {
                        format!("expected an integer in minor units, found {n}")
                    };
                    issues.error(path, codes::NOT_INTEGER, message);
                    return None;
                }
            }
            issues.error(
                path,
                codes::TOO_LARGE,
                format!("{n} is beyond 2^53 − 1, which JavaScript cannot hold exactly"),
            );
            None
        }
        other => {
            issues.error(
                path,
                codes::EXPECTED_TYPE,
                format!("expected an integer, found {}", type_name(other)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_and_paths(issues: &[Issue]) -> Vec<(&str, &str)> {
        issues.iter().map(|i| (i.code, i.path.as_str())).collect()
    }

    #[test]
    fn duplicate_keys_are_found_with_their_paths() {
        let text =
            r#"{"a": 1, "lines": [{"x": 1}, {"x": 1, "y": {"z": 1, "z": 2}, "x": 3}], "a": 2}"#;
        let parsed = read_text(text).unwrap();
        assert_eq!(
            codes_and_paths(&parsed.issues),
            [
                (codes::DUPLICATE_KEY, "lines[1].y.z"),
                (codes::DUPLICATE_KEY, "lines[1].x"),
                (codes::DUPLICATE_KEY, "a"),
            ]
        );
        // The last occurrence wins, as in serde.
        assert_eq!(parsed.value["a"], 2);
        assert_eq!(parsed.value["lines"][1]["x"], 3);
        assert_eq!(parsed.value["lines"][1]["y"]["z"], 2);
    }

    #[test]
    fn the_value_equals_serde_jsons_own() {
        let text = r#"{"b": [1, -2, 3.5, 18446744073709551615, "s\u00e9", null, true, {}], "a": {"c": []}}"#;
        let ours = read_text(text).unwrap();
        assert!(ours.issues.is_empty());
        assert_eq!(ours.value, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn strict_parse_refuses_duplicates_and_counts_the_rest() {
        let issue = parse_text(r#"{"k": 1, "k": 2, "k": 3}"#).unwrap_err();
        assert_eq!(issue.code, codes::DUPLICATE_KEY);
        assert_eq!(issue.path, "k");
        assert!(issue.message.contains("and 1 more"), "{}", issue.message);
    }

    #[test]
    fn nesting_beyond_the_limit_is_too_deep_with_its_path() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_text(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let issue = parse_text(&deep).unwrap_err();
        assert_eq!(issue.code, codes::TOO_DEEP);
        assert_eq!(issue.path, "[0]".repeat(MAX_DEPTH));
        assert!(issue.message.contains("line 1 column"), "{}", issue.message);

        let objects = format!(
            "{}1{}",
            r#"{"a":"#.repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        let issue = parse_text(&objects).unwrap_err();
        assert_eq!(issue.code, codes::TOO_DEEP);
        assert_eq!(issue.path, vec!["a"; MAX_DEPTH].join("."));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_in_text_and_bytes() {
        assert_eq!(parse_text("\u{feff}{\"a\":1}").unwrap()["a"], 1);
        assert_eq!(parse_bytes(b"\xef\xbb\xbf[2]").unwrap()[0], 2);
    }

    #[test]
    fn invalid_utf8_in_bytes_is_a_syntax_issue_with_position() {
        let issue = parse_bytes(b"{\"a\": \"x\xff\"}").unwrap_err();
        assert_eq!(issue.code, codes::JSON_SYNTAX);
        assert!(issue.message.contains("line 1 column"), "{}", issue.message);
    }

    #[test]
    fn number_texts_get_clear_messages() {
        let issue = parse_text(r#"{"a": 1e400}"#).unwrap_err();
        assert_eq!(issue.code, codes::JSON_SYNTAX);
        assert!(issue.message.contains("64-bit float"), "{}", issue.message);
        for text in ["NaN", "[1, NaN]", "{\"a\": -Infinity}", "Infinity"] {
            let issue = parse_text(text).unwrap_err();
            assert!(
                issue.message.contains("NaN and Infinity"),
                "{text}: {}",
                issue.message
            );
        }
        assert!(!parse_text("[1,]").unwrap_err().message.contains("NaN"));
    }

    #[test]
    fn control_characters_in_strings_are_syntax_errors_with_position() {
        let issue = parse_text("{\"a\": \"x\ny\"}").unwrap_err();
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
            let read = expect_integer(&parse_text(text).unwrap(), "n", &mut issues);
            assert_eq!(issues.errors.first().map(|i| i.code), code, "{text}");
            assert_eq!(read.is_some(), code.is_none(), "{text}");
        }
        let mut issues = Issues::new();
        expect_integer(&parse_text("-0").unwrap(), "n", &mut issues);
        assert!(issues.errors[0].message.contains("negative zero"));
    }

    #[test]
    fn report_text_puts_reading_issues_first() {
        let report = report_text(r#"{"a": 1, "a": 2}"#, |_| {
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

    #[test]
    fn shorten_cuts_long_text_on_a_char_boundary() {
        assert_eq!(shorten("abc"), "abc");
        let long = "é".repeat(100);
        assert_eq!(shorten(&long), format!("{}…", "é".repeat(64)));
    }
}
