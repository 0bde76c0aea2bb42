//! The validators' fast path over `serde_json::Value`: a [`Path`] that lives on the stack and
//! becomes a `String` only when an issue is reported, and field readers that check the happy case
//! inline and hand anything else to [`crate::json`] for the report. Valid input allocates nothing.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::codes;
use crate::issue::Issues;
use crate::json::{self, Obj};
use crate::money::MAX_SAFE_INTEGER;

/// A JSON path under construction: each level borrows its parent, so descending costs nothing.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The path as issues carry it: `orderLines[1].totalTaxAmount`, `""` for the root.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_to(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, index) => {
                parent.write_to(out);
                // Writing to a String cannot fail.
                let _ = write!(out, "[{index}]");
            }
        }
    }
}

/// Whether a field must be there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Absent or `null` is fine.
    Optional,
    /// Absent or `null` is a `required` error.
    Required,
    /// The key must be there, but `null` is allowed (the spec's required-and-nullable fields).
    RequiredNullable,
}

/// The value of `key`, or `None` when absent or null; reports `required` as `need` says.
pub(crate) fn field<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    need: Need,
    parent: &Path,
    issues: &mut Issues,
) -> Option<&'v Value> {
    match (map.get(key), need) {
        (Some(Value::Null), Need::Required) | (None, Need::Required | Need::RequiredNullable) => {
            let message = if map.contains_key(key) {
                format!("'{key}' is required and must not be null")
            } else {
                format!("'{key}' is required")
            };
            issues.error(parent.key(key).render(), codes::REQUIRED, message);
            None
        }
        (Some(Value::Null), _) | (None, _) => None,
        (Some(value), _) => Some(value),
    }
}

pub(crate) fn as_object<'v>(
    value: &'v Value,
    path: &Path,
    issues: &mut Issues,
) -> Option<&'v Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        other => {
            // Obj::read reports the type problem.
            let _ = Obj::read(other, &path.render(), issues);
            None
        }
    }
}

pub(crate) fn as_array<'v>(
    value: &'v Value,
    path: &Path,
    issues: &mut Issues,
) -> Option<&'v [Value]> {
    match value {
        Value::Array(items) => Some(items),
        other => {
            issues.error(
                path.render(),
                codes::EXPECTED_TYPE,
                format!("expected an array, found {}", json::type_name(other)),
            );
            None
        }
    }
}

pub(crate) fn as_str<'v>(value: &'v Value, path: &Path, issues: &mut Issues) -> Option<&'v str> {
    match value {
        Value::String(text) => Some(text),
        other => json::expect_str(other, &path.render(), issues),
    }
}

pub(crate) fn as_bool(value: &Value, path: &Path, issues: &mut Issues) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        other => {
            issues.error(
                path.render(),
                codes::EXPECTED_TYPE,
                format!("expected a boolean, found {}", json::type_name(other)),
            );
            None
        }
    }
}

/// An integer within ±(2^53 − 1); anything else is reported by [`json::expect_integer`].
pub(crate) fn as_int(value: &Value, path: &Path, issues: &mut Issues) -> Option<i64> {
    if let Value::Number(n) = value {
        if let Some(i) = n.as_i64() {
            if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
                return Some(i);
            }
        }
    }
    json::expect_integer(value, &path.render(), issues)
}

pub(crate) fn str_field<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    need: Need,
    parent: &Path,
    issues: &mut Issues,
) -> Option<&'v str> {
    let value = field(map, key, need, parent, issues)?;
    as_str(value, &parent.key(key), issues)
}

pub(crate) fn bool_field(
    map: &Map<String, Value>,
    key: &str,
    parent: &Path,
    issues: &mut Issues,
) -> Option<bool> {
    let value = field(map, key, Need::Optional, parent, issues)?;
    as_bool(value, &parent.key(key), issues)
}

/// An integer field; `min`/`max` are the spec's bounds (below 0 is `negative`, above max is
/// `out_of_range`). The value is returned even when out of bounds, so later rules still see it.
pub(crate) fn int_field(
    map: &Map<String, Value>,
    key: &str,
    need: Need,
    bounds: Bounds,
    parent: &Path,
    issues: &mut Issues,
) -> Option<i64> {
    let value = field(map, key, need, parent, issues)?;
    let path = parent.key(key);
    let number = as_int(value, &path, issues)?;
    if bounds.non_negative && number < 0 {
        issues.error(
            path.render(),
            codes::NEGATIVE,
            format!(
                "must not be negative, found {number}{}",
                bounds.negative_hint
            ),
        );
    } else if let Some(max) = bounds.max {
        if number > max {
            issues.error(
                path.render(),
                codes::OUT_OF_RANGE,
                format!("must be at most {max}, found {number}{}", bounds.max_hint),
            );
        }
    }
    Some(number)
}

/// The range of an integer field, with hints appended to the messages.
#[derive(Clone, Copy)]
pub(crate) struct Bounds {
    pub non_negative: bool,
    pub max: Option<i64>,
    pub negative_hint: &'static str,
    pub max_hint: &'static str,
}

impl Bounds {
    pub(crate) const ANY: Bounds = Bounds {
        non_negative: false,
        max: None,
        negative_hint: "",
        max_hint: "",
    };
    pub(crate) const AMOUNT: Bounds = Bounds {
        non_negative: true,
        max: None,
        negative_hint: " (amounts are never negative)",
        max_hint: "",
    };
    /// An order line's amounts: a return is a positive line flagged `isReturn`.
    pub(crate) const LINE_AMOUNT: Bounds = Bounds {
        non_negative: true,
        max: None,
        negative_hint: " (a returned item is a positive line with \"isReturn\": true)",
        max_hint: "",
    };
    pub(crate) const PERCENT: Bounds = Bounds {
        non_negative: true,
        max: Some(100),
        negative_hint: "",
        max_hint: " (whole percent, 0..100)",
    };
    pub(crate) const BASIS_POINTS: Bounds = Bounds {
        non_negative: true,
        max: Some(crate::money::MAX_TAX_RATE),
        negative_hint: "",
        max_hint: " (basis points: 2500 is 25 %, 10000 is 100 %)",
    };
}

/// A string field that must be one of an enum's spellings.
pub(crate) fn enum_field<T>(
    map: &Map<String, Value>,
    key: &str,
    need: Need,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
    parent: &Path,
    issues: &mut Issues,
) -> Option<T> {
    let text = str_field(map, key, need, parent, issues)?;
    enum_value(text, parse, allowed, &parent.key(key), issues)
}

pub(crate) fn enum_value<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
    path: &Path,
    issues: &mut Issues,
) -> Option<T> {
    let parsed = parse(text);
    if parsed.is_none() {
        issues.error(
            path.render(),
            codes::ENUM_VALUE,
            format!("{text:?} is not allowed; use one of {}", allowed.trim_end()),
        );
    }
    parsed
}

/// Warns about every key not in `known` (via [`Obj::warn_unknown`]); free when all are known.
pub(crate) fn warn_unknown(
    map: &Map<String, Value>,
    known: &[&str],
    path: &Path,
    issues: &mut Issues,
) {
    if map.keys().all(|key| known.contains(&key.as_str())) {
        return;
    }
    Obj {
        map,
        path: path.render(),
    }
    .warn_unknown(known, issues);
}

/// Warns that a deprecated field is used (when it is there and not null).
pub(crate) fn warn_deprecated(
    map: &Map<String, Value>,
    key: &str,
    instead: &str,
    parent: &Path,
    issues: &mut Issues,
) {
    if map.get(key).is_some_and(|v| !v.is_null()) {
        issues.warning(
            parent.key(key).render(),
            codes::DEPRECATED_FIELD,
            format!("'{key}' is deprecated; {instead}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_issue_paths() {
        let root = Path::Root;
        let lines = root.key("orderLines");
        let line = lines.index(2);
        let unit = line.key("unitInfo");
        assert_eq!(
            unit.key("quantity").render(),
            "orderLines[2].unitInfo.quantity"
        );
        assert_eq!(root.render(), "");
        assert_eq!(root.index(0).render(), "[0]");
        assert_eq!(root.key("a").render(), "a");
    }

    #[test]
    fn required_nullable_accepts_null_but_not_absence() {
        let map = serde_json::json!({"format": null});
        let map = map.as_object().unwrap();
        let mut issues = Issues::new();
        assert!(
            field(
                map,
                "format",
                Need::RequiredNullable,
                &Path::Root,
                &mut issues
            )
            .is_none()
        );
        assert!(issues.errors.is_empty());
        assert!(
            field(
                map,
                "data",
                Need::RequiredNullable,
                &Path::Root,
                &mut issues
            )
            .is_none()
        );
        assert!(field(map, "format", Need::Required, &Path::Root, &mut issues).is_none());
        let got: Vec<_> = issues
            .errors
            .iter()
            .map(|i| (i.path.as_str(), i.code))
            .collect();
        assert_eq!(
            got,
            [("data", codes::REQUIRED), ("format", codes::REQUIRED)]
        );
    }
}
