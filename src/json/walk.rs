//! The field readers of the reading layer, over any [`crate::json::Json`] value (the tree read
//! from text, or a `serde_json::Value`): the validators and the cart reader use them alike. Each
//! checks the happy case inline and reports anything else at its [`Path`], which becomes a
//! `String` only then. Valid input allocates nothing.

use crate::codes;
use crate::issue::{Issues, Text};
use crate::json::{self, Json, JsonObject, Kind, Path, key_eq};
use crate::money::MAX_SAFE_INTEGER;
use crate::units::Unit;

/// Whether a field must be there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Absent or `null` is fine.
    Optional,
    /// Absent or `null` is a `required` error.
    Required,
    /// The key must be there, but `null` is allowed (the spec's required-and-nullable fields).
    RequiredNullable,
    /// Absent or `null` is a `required` error, both said as "is required" (the cart, where
    /// `null` reads as absent).
    RequiredNullIsAbsent,
}

/// The value of `key`, or `None` when absent or null; reports `required` as `need` says.
pub(crate) fn field<'v, M: JsonObject>(
    map: &'v M,
    key: &str,
    need: Need,
    parent: &Path,
    issues: &mut Issues,
) -> Option<&'v M::Value> {
    field_of(map.get(key), key, need, parent, issues)
}

/// [`field`] for the value found at `key` (`None` when absent), as [`read_fields`] finds it.
#[inline]
pub(crate) fn field_of<'v, V: Json>(
    value: Option<&'v V>,
    key: &str,
    need: Need,
    parent: &Path,
    issues: &mut Issues,
) -> Option<&'v V> {
    match value {
        Some(found) if !matches!(found.kind(), Kind::Null) => Some(found),
        Some(_) => {
            if matches!(need, Need::Required | Need::RequiredNullIsAbsent) {
                report_required(key, need == Need::Required, parent, issues);
            }
            None
        }
        None => {
            if need != Need::Optional {
                report_required(key, false, parent, issues);
            }
            None
        }
    }
}

/// The `required` error of [`field_of`]: out of line, so the happy path stays small.
#[cold]
fn report_required(key: &str, null_given: bool, parent: &Path, issues: &mut Issues) {
    let rest = if null_given {
        "' is required and must not be null"
    } else {
        "' is required"
    };
    issues.error(
        parent.key(key).render(),
        codes::REQUIRED,
        quoted_key_then(key, rest),
    );
}

/// `'key` and then `rest` (which closes the quote): the start of most field messages.
fn quoted_key_then(key: &str, rest: &str) -> String {
    Text::new().str("'").str(key).str(rest).done()
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
                Text::new()
                    .str("expected an object, found ")
                    .str(json::type_name(value))
                    .done(),
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
                Text::new()
                    .str("expected an array, found ")
                    .str(json::type_name(value))
                    .done(),
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
                Text::new()
                    .str("expected a boolean, found ")
                    .str(json::type_name(value))
                    .done(),
            );
            None
        }
    }
}

/// An integer within ±(2^53 − 1) in `unit`; anything else is reported by [`json::expect_integer`].
#[inline]
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
    str_of(map.get(key), key, need, parent, issues)
}

/// [`str_field`] for the value found at `key`.
pub(crate) fn str_of<'v, V: Json>(
    value: Option<&'v V>,
    key: &str,
    need: Need,
    parent: &Path,
    issues: &mut Issues,
) -> Option<&'v str> {
    let value = field_of(value, key, need, parent, issues)?;
    as_str(value, &parent.key(key), issues)
}

/// A `null_value` warning when `key` is present and null (fields the spec makes nullable that
/// the app needs to show the order).
pub(crate) fn warn_null(map: &impl JsonObject, key: &str, parent: &Path, issues: &mut Issues) {
    warn_null_of(map.get(key), key, parent, issues);
}

/// [`warn_null`] for the value found at `key`.
pub(crate) fn warn_null_of<V: Json>(
    value: Option<&V>,
    key: &str,
    parent: &Path,
    issues: &mut Issues,
) {
    if value.is_some_and(|v| matches!(v.kind(), Kind::Null)) {
        issues.warning(
            parent.key(key).render(),
            codes::NULL_VALUE,
            quoted_key_then(
                key,
                "' is null; the spec allows it, but the app needs a value to show",
            ),
        );
    }
}

/// An optional boolean, as found at `key`.
pub(crate) fn bool_of<V: Json>(
    value: Option<&V>,
    key: &str,
    parent: &Path,
    issues: &mut Issues,
) -> Option<bool> {
    let value = field_of(value, key, Need::Optional, parent, issues)?;
    as_bool(value, &parent.key(key), issues)
}

/// An integer field; `min`/`max` are the spec's bounds (below 0 is `negative`, above max is
/// `out_of_range`). The value is returned even when out of bounds, so later rules still see it.
pub(crate) fn int_of<V: Json>(
    value: Option<&V>,
    key: &str,
    need: Need,
    bounds: Bounds,
    parent: &Path,
    issues: &mut Issues,
) -> Option<i64> {
    let value = field_of(value, key, need, parent, issues)?;
    let path = parent.key(key);
    let number = as_int(value, &path, bounds.unit, issues)?;
    if bounds.non_negative && number < 0 {
        issues.error(
            path.render(),
            codes::NEGATIVE,
            Text::new()
                .str("must not be negative, found ")
                .int(i128::from(number))
                .str(bounds.negative_hint)
                .done(),
        );
    } else if let Some(max) = bounds.max {
        if number > max {
            issues.error(
                path.render(),
                codes::OUT_OF_RANGE,
                Text::new()
                    .str("must be at most ")
                    .int(i128::from(max))
                    .str(", found ")
                    .int(i128::from(number))
                    .str(bounds.max_hint)
                    .done(),
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
    enum_of(map.get(key), key, need, parse, allowed, parent, issues)
}

/// [`enum_field`] for the value found at `key`.
pub(crate) fn enum_of<T, V: Json>(
    value: Option<&V>,
    key: &str,
    need: Need,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
    parent: &Path,
    issues: &mut Issues,
) -> Option<T> {
    // A missing value is told the values it may take.
    if need != Need::Optional && value.is_none() {
        issues.error(
            parent.key(key).render(),
            codes::REQUIRED,
            Text::new()
                .str("'")
                .str(key)
                .str("' is required: one of ")
                .str(allowed.trim_end())
                .done(),
        );
        return None;
    }
    let text = str_of(value, key, need, parent, issues)?;
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
            Text::new()
                .debug_str(text)
                .str(" is not allowed; use one of ")
                .str(allowed.trim_end())
                .done(),
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
    if map
        .keys()
        .all(|key| known.iter().any(|name| key_eq(name, key)))
    {
        return;
    }
    json::warn_unknown_keys(map, known, path, issues);
}

/// Warns that a deprecated field is used (when it is there and not null).
pub(crate) fn warn_deprecated<V: Json>(
    value: Option<&V>,
    key: &str,
    instead: &str,
    parent: &Path,
    issues: &mut Issues,
) {
    if value.is_some_and(|v| !matches!(v.kind(), Kind::Null)) {
        issues.warning(
            parent.key(key).render(),
            codes::DEPRECATED_FIELD,
            Text::new()
                .str("'")
                .str(key)
                .str("' is deprecated; ")
                .str(instead)
                .done(),
        );
    }
}

/// The field names of one object in the spec (a list of `model::fields`), with a perfect hash
/// over them built at compile time: [`read_fields`] finds a key's field with one table load and
/// one comparison, where looking each field up scanned the object's keys once per field.
pub(crate) struct Schema<const N: usize> {
    names: [&'static str; N],
    /// A key's [`hash`] → 1 + the place of the one name with that hash; 0 for none.
    table: [u8; TABLE],
    seed: u32,
}

/// Slots of a [`Schema`]'s table: a power of two, several times the longest list (13 names).
const TABLE: usize = 64;

/// A key's slot in a [`Schema`]'s table, from its length and first and last bytes (the names of
/// each list differ in those) mixed by `seed`.
#[inline(always)]
const fn hash(key: &str, seed: u32) -> usize {
    let bytes = key.as_bytes();
    let first = match bytes.first() {
        Some(&b) => b as u32,
        None => 0,
    };
    let last = match bytes.last() {
        Some(&b) => b as u32,
        None => 0,
    };
    let mixed = (bytes.len() as u32) ^ (first << 8) ^ (last << 16);
    // The top six bits of a multiplicative hash: 64 slots.
    (mixed.wrapping_mul(seed) >> 26) as usize
}

impl<const N: usize> Schema<N> {
    /// The schema of `names` (exactly `N` of them, at most 255); fails to compile when no seed
    /// tried gives every name its own slot.
    pub(crate) const fn new(names: &'static [&'static str]) -> Schema<N> {
        assert!(names.len() == N && N < 255, "N must be the number of names");
        let mut own = [""; N];
        let mut i = 0;
        while i < N {
            own[i] = names[i];
            i += 1;
        }
        // Odd multipliers, golden-ratio spaced, until one separates every name.
        let mut seed: u32 = 0x9E37_79B1;
        let mut tries = 0;
        while tries < 10_000 {
            let mut table = [0u8; TABLE];
            let mut place = 0;
            let mut clash = false;
            while place < N {
                let slot = hash(own[place], seed);
                if table[slot] != 0 {
                    clash = true;
                    break;
                }
                table[slot] = place as u8 + 1;
                place += 1;
            }
            if !clash {
                return Schema {
                    names: own,
                    table,
                    seed,
                };
            }
            seed = seed.wrapping_add(0x6A09_E668);
            tries += 1;
        }
        // ok: only ever evaluated at compile time (every `Schema` is a `const` item), where a
        // panic is a build error, never a run-time one.
        panic!("no seed separates these field names")
    }

    /// The place of `key` among the names, if it is one.
    #[inline(always)]
    fn place(&self, key: &str) -> Option<usize> {
        let place = usize::from(*self.table.get(hash(key, self.seed))?).checked_sub(1)?;
        key_eq(self.names.get(place)?, key).then_some(place)
    }
}

/// The values of an object's fields in the order of `schema`'s names (`None` when absent), from
/// one pass over its entries; keys not in the schema are `unknown_field` warnings
/// ([`json::warn_unknown_keys`]). Destructure the result in the order of the names.
pub(crate) fn read_fields<'v, M: JsonObject, const N: usize>(
    map: &'v M,
    schema: &Schema<N>,
    path: &Path,
    issues: &mut Issues,
) -> [Option<&'v M::Value>; N] {
    let mut values = [None; N];
    let mut unknown = false;
    for (key, value) in map.entries() {
        match schema.place(key).and_then(|place| values.get_mut(place)) {
            Some(slot) => *slot = Some(value),
            None => unknown = true,
        }
    }
    if unknown {
        json::warn_unknown_keys(map, &schema.names, path, issues);
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name of every list the validators read with [`read_fields`] is found in its own
    /// place, and other keys (prefixes, other lists' names) in none.
    #[test]
    fn schemas_place_their_names_and_nothing_else() {
        use crate::model::fields;
        fn check<const N: usize>(names: &'static [&'static str]) {
            let schema = Schema::<N>::new(names);
            for (place, name) in names.iter().enumerate() {
                assert_eq!(schema.place(name), Some(place), "{name}");
                let mut near = (*name).to_owned();
                near.pop();
                assert_eq!(schema.place(&near), None, "{near}");
                assert_eq!(schema.place(&format!("{name}x")), None, "{name}x");
            }
            for other in fields::CART.iter().chain(fields::IMAGE) {
                if !names.contains(other) {
                    assert_eq!(schema.place(other), None, "{other}");
                }
            }
            assert_eq!(schema.place(""), None);
        }
        check::<2>(fields::RECEIPT);
        check::<12>(fields::ORDER_LINE);
        check::<3>(fields::UNIT_INFO);
        check::<13>(fields::BOTTOM_LINE);
        check::<4>(fields::PAYMENT_SOURCES);
        check::<2>(fields::BARCODE);
        check::<4>(fields::SHIPPING_INFO);
    }

    #[test]
    fn read_fields_finds_values_and_warns_unknown_keys_in_key_order() {
        let value = serde_json::json!({"quantity": "2", "zeta": 1, "unitPrice": 3, "alpha": 2});
        let map = value.as_object().unwrap();
        let mut issues = Issues::new();
        let schema = Schema::<3>::new(crate::model::fields::UNIT_INFO);
        let [price, quantity, unit] = read_fields(map, &schema, &Path::Root, &mut issues);
        assert_eq!(price, Some(&serde_json::json!(3)));
        assert_eq!(quantity, Some(&serde_json::json!("2")));
        assert_eq!(unit, None);
        let warned: Vec<_> = issues.warnings.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(warned, ["alpha", "zeta"]);
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
