//! The validators' fast path over any [`crate::json::Json`] value: a [`Path`] that lives on the stack and
//! becomes a `String` only when an issue is reported, and field readers that check the happy case
//! inline and hand anything else to [`crate::json`] for the report. Valid input allocates nothing.

use std::fmt::Write as _;

use crate::codes;
use crate::issue::Issues;
use crate::json::{self, Json, JsonObject, Kind};
use crate::money::MAX_SAFE_INTEGER;
use crate::units::Unit;

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
pub(crate) fn field<'v, M: JsonObject>(
    map: &'v M,
    key: &str,
    need: Need,
    parent: &Path,
    issues: &mut Issues,
) -> Option<&'v M::Value> {
    let value = map.get(key);
    let is_null = value.is_some_and(|v| matches!(v.kind(), Kind::Null));
    match (value, need) {
        (Some(_), Need::Required) if is_null => {
            let message = format!("'{key}' is required and must not be null");
            issues.error(parent.key(key).render(), codes::REQUIRED, message);
            None
        }
        (None, Need::Required | Need::RequiredNullable) => {
            issues.error(
                parent.key(key).render(),
                codes::REQUIRED,
                format!("'{key}' is required"),
            );
            None
        }
        (None, _) => None,
        (Some(_), _) if is_null => None,
        (Some(value), _) => Some(value),
    }
}

pub(crate) fn as_object<'v, V: Json>(
    value: &'v V,
    path: &Path,
    issues: &mut Issues,
) -> Option<&'v V::Object> {
    match value.kind() {
        Kind::Object(map) => Some(map),
        _ => {
            issues.error(
                path.render(),
                codes::EXPECTED_TYPE,
                format!("expected an object, found {}", json::type_name(value)),
            );
            None
        }
    }
}

pub(crate) fn as_array<'v, V: Json>(
    value: &'v V,
    path: &Path,
    issues: &mut Issues,
) -> Option<&'v [V]> {
    match value.kind() {
        Kind::Array(items) => Some(items),
        _ => {
            issues.error(
                path.render(),
                codes::EXPECTED_TYPE,
                format!("expected an array, found {}", json::type_name(value)),
            );
            None
        }
    }
}

pub(crate) fn as_str<'v, V: Json>(
    value: &'v V,
    path: &Path,
    issues: &mut Issues,
) -> Option<&'v str> {
    match value.kind() {
        Kind::String(text) => Some(text),
        _ => json::expect_str(value, &path.render(), issues),
    }
}

pub(crate) fn as_bool<V: Json>(value: &V, path: &Path, issues: &mut Issues) -> Option<bool> {
    match value.kind() {
        Kind::Bool(b) => Some(b),
        _ => {
            issues.error(
                path.render(),
                codes::EXPECTED_TYPE,
                format!("expected a boolean, found {}", json::type_name(value)),
            );
            None
        }
    }
}

/// An integer within ±(2^53 − 1) in `unit`; anything else is reported by [`json::expect_integer`].
pub(crate) fn as_int<V: Json>(
    value: &V,
    path: &Path,
    unit: Unit,
    issues: &mut Issues,
) -> Option<i64> {
    if let Kind::Number(n) = value.kind() {
        if let Some(i) = n.as_i64() {
            if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) {
                return Some(i);
            }
        }
    }
    json::expect_integer(value, &path.render(), unit, issues)
}

pub(crate) fn str_field<'v, M: JsonObject>(
    map: &'v M,
    key: &str,
    need: Need,
    parent: &Path,
    issues: &mut Issues,
) -> Option<&'v str> {
    let value = field(map, key, need, parent, issues)?;
    as_str(value, &parent.key(key), issues)
}

/// A `null_value` warning when `key` is present and null (fields the spec makes nullable that
/// the app needs to show the order).
pub(crate) fn warn_null(map: &impl JsonObject, key: &str, parent: &Path, issues: &mut Issues) {
    if map.get(key).is_some_and(|v| matches!(v.kind(), Kind::Null)) {
        issues.warning(
            parent.key(key).render(),
            codes::NULL_VALUE,
            format!("'{key}' is null; the spec allows it, but the app needs a value to show"),
        );
    }
}

pub(crate) fn bool_field(
    map: &impl JsonObject,
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
    map: &impl JsonObject,
    key: &str,
    need: Need,
    bounds: Bounds,
    parent: &Path,
    issues: &mut Issues,
) -> Option<i64> {
    let value = field(map, key, need, parent, issues)?;
    let path = parent.key(key);
    let number = as_int(value, &path, bounds.unit, issues)?;
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
    /// What the number counts, for the message on a fraction.
    pub unit: Unit,
    pub non_negative: bool,
    pub max: Option<i64>,
    pub negative_hint: &'static str,
    pub max_hint: &'static str,
}

impl Bounds {
    /// An amount in minor units, any sign.
    pub(crate) const ANY: Bounds = Bounds {
        unit: Unit::Minor,
        non_negative: false,
        max: None,
        negative_hint: "",
        max_hint: "",
    };
    pub(crate) const AMOUNT: Bounds = Bounds {
        unit: Unit::Minor,
        non_negative: true,
        max: None,
        negative_hint: " (amounts are never negative)",
        max_hint: "",
    };
    /// An order line's amounts: a return is a positive line flagged `isReturn`.
    pub(crate) const LINE_AMOUNT: Bounds = Bounds {
        unit: Unit::Minor,
        non_negative: true,
        max: None,
        negative_hint: " (a returned item is a positive line with \"isReturn\": true)",
        max_hint: "",
    };
    pub(crate) const PERCENT: Bounds = Bounds {
        unit: Unit::WholePercent,
        non_negative: true,
        max: Some(100),
        negative_hint: "",
        max_hint: " (whole percent, 0..100)",
    };
    pub(crate) const BASIS_POINTS: Bounds = Bounds {
        unit: Unit::BasisPoints,
        non_negative: true,
        max: Some(crate::money::MAX_TAX_RATE),
        negative_hint: "",
        max_hint: " (basis points: 2500 is 25 %, 10000 is 100 %)",
    };
}

/// A string field that must be one of an enum's spellings.
pub(crate) fn enum_field<T>(
    map: &impl JsonObject,
    key: &str,
    need: Need,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
    parent: &Path,
    issues: &mut Issues,
) -> Option<T> {
    // A missing value is told the values it may take.
    if need != Need::Optional && map.get(key).is_none() {
        issues.error(
            parent.key(key).render(),
            codes::REQUIRED,
            format!("'{key}' is required: one of {}", allowed.trim_end()),
        );
        return None;
    }
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

/// Warns about every key not in `known` (via [`json::warn_unknown_keys`]); free when all are known.
pub(crate) fn warn_unknown(
    map: &impl JsonObject,
    known: &[&str],
    path: &Path,
    issues: &mut Issues,
) {
    if map.keys().all(|key| known.contains(&key)) {
        return;
    }
    json::warn_unknown_keys(map, known, &path.render(), issues);
}

/// Warns that a deprecated field is used (when it is there and not null).
pub(crate) fn warn_deprecated(
    map: &impl JsonObject,
    key: &str,
    instead: &str,
    parent: &Path,
    issues: &mut Issues,
) {
    if map
        .get(key)
        .is_some_and(|v| !matches!(v.kind(), Kind::Null))
    {
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
        let value = serde_json::json!({"format": null});
        let map = value.as_object().unwrap();
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
