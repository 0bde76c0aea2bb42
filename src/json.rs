//! Reading untyped JSON with paths: the one mechanism the builder (reading a cart) and the
//! validators (reading a receipt, a category, an image request) use, so that every problem is
//! reported with its path and nothing stops at the first one.

use serde_json::{Map, Value};

use crate::codes;
use crate::issue::{Issue, Issues, child_path};
use crate::money::MAX_SAFE_INTEGER;

/// How deep JSON text may nest before it is refused (serde_json stops at 128 too; this makes it
/// a reported issue rather than an opaque error).
pub const MAX_DEPTH: usize = 128;

/// Parses JSON text, or returns the `json_syntax` issue with line and column.
pub fn parse_text(text: &str) -> Result<Value, Issue> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| Issue {
        path: String::new(),
        code: codes::JSON_SYNTAX,
        message: format!(
            "invalid JSON at line {} column {}: {}",
            e.line(),
            e.column(),
            syntax_reason(&e)
        ),
    })
}

fn syntax_reason(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the message above says that already.
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
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
            } else if n.is_f64() {
                issues.error(
                    path,
                    codes::NOT_INTEGER,
                    format!("expected an integer in minor units, found {n}"),
                );
                return None;
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
