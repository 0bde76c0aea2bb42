//! `OrderLine` and `UnitInfo`: the spec's constraints, the API's line rules (the identity, exactly
//! one tax field, no negative amounts), and lints (rate and unit price against the amounts).

use crate::json::{Json, Kind, Path};

use super::text::lint_bidi;
use super::url::{classify_url, report_url};
use crate::codes;
use crate::issue::{Issues, Text};
use crate::json::walk::{
    Bounds, Need, Schema, as_object, bool_of, enum_of, field_of, int_of, read_fields, str_of,
    warn_deprecated,
};
use crate::model::{Currency, QuantityUnit, fields};
use crate::money::{MAX_QUANTITY_CHARS, MAX_QUANTITY_SCALE, Quantity, pow10, round_mul_div};
use crate::units::{is_under_one_percent, known_vat_rates, list_rates, other_reading};

const ORDER_LINE: Schema<12> = Schema::new(fields::ORDER_LINE);
const UNIT_INFO: Schema<3> = Schema::new(fields::UNIT_INFO);

/// What the receipt-level rules need from a line.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct LineFacts<'v> {
    pub id: Option<&'v str>,
    pub total_amount: Option<i64>,
    pub is_return: bool,
    /// The stated rate in basis points (taxRate, else the deprecated whole percent) and the key
    /// that states it, when it is within 0..100 %.
    pub rate: Option<(i64, &'static str)>,
}

pub(crate) fn check_order_line<'v, V: Json>(
    value: &'v V,
    path: &Path,
    issues: &mut Issues,
) -> LineFacts<'v> {
    let mut facts = LineFacts::default();
    let Some(map) = as_object(value, path, issues) else {
        return facts;
    };
    let [
        name,
        id,
        total_amount,
        total_excluding_tax,
        total_tax,
        tax_percentage,
        tax_rate,
        unit_info,
        discount,
        product_url,
        is_return,
        is_shipping,
    ] = read_fields(map, &ORDER_LINE, path, issues);

    // The spec sets no minLength, but the API answers 400 to an empty name or id (docs/CODES.md,
    // `empty`), and the builder refuses them too.
    for (value, key) in [(name, "name"), (id, "id")] {
        let text = str_of(value, key, Need::Required, path, issues);
        if let Some(text) = text {
            lint_bidi(text, &path.key(key), issues);
        }
        if text == Some("") {
            issues.error(
                path.key(key).render(),
                codes::EMPTY,
                Text::new()
                    .str("must not be empty; every order line needs a ")
                    .str(key)
                    .done(),
            );
        }
        if key == "id" {
            facts.id = text;
        }
    }
    // The spec gives these three no minimum, so a negative one is a warning (docs/CODES.md).
    let mut line_amount = |value, key: &str| {
        let amount = int_of(value, key, Need::Required, Bounds::ANY, path, issues);
        if amount.is_some_and(|amount| amount < 0) {
            issues.warning(
                path.key(key).render(),
                codes::NEGATIVE_LINE_AMOUNT,
                "is negative; a returned item is a positive line with \"isReturn\": true",
            );
        }
        amount
    };
    let total = line_amount(total_amount, "totalAmount");
    let excluding = line_amount(total_excluding_tax, "totalAmountExcludingTax");
    let tax = line_amount(total_tax, "totalTaxAmount");
    facts.total_amount = total;

    let percentage = int_of(
        tax_percentage,
        "taxPercentage",
        Need::Optional,
        Bounds::PERCENT,
        path,
        issues,
    );
    warn_deprecated(
        tax_percentage,
        "taxPercentage",
        "use taxRate in basis points (2500 = 25 %), which also holds rates like 25.5 %",
        path,
        issues,
    );
    let rate = int_of(
        tax_rate,
        "taxRate",
        Need::Optional,
        Bounds::BASIS_POINTS,
        path,
        issues,
    );
    check_tax_exclusivity(tax_rate, tax_percentage, path, issues);

    let discount = int_of(
        discount,
        "discount",
        Need::Optional,
        Bounds::LINE_AMOUNT,
        path,
        issues,
    );
    if let Some(url) = str_of(product_url, "productUrl", Need::Optional, path, issues) {
        report_url(classify_url(url), url, &path.key("productUrl"), issues);
    }
    facts.is_return = bool_of(is_return, "isReturn", path, issues) == Some(true);
    bool_of(is_shipping, "isShipping", path, issues);

    let unit = field_of(unit_info, "unitInfo", Need::Optional, path, issues)
        .and_then(|value| check_unit_info(value, &path.key("unitInfo"), issues));

    if let (Some(total), Some(excluding), Some(tax)) = (total, excluding, tax) {
        check_identity(total, excluding, tax, path, issues);
    }
    // The stated rate: taxRate, else the deprecated whole percent. Out-of-range rates are
    // already errors; comparing amounts against them would only add noise.
    let (rate_bp, rate_key) = match (rate, percentage) {
        (Some(bp), _) => (Some(bp), "taxRate"),
        (None, Some(pct)) => (Some(pct * 100), "taxPercentage"),
        (None, None) => (None, "taxRate"),
    };
    let rate_bp = rate_bp.filter(|bp| (0..=crate::money::MAX_TAX_RATE).contains(bp));
    facts.rate = rate_bp.map(|bp| (bp, rate_key));
    if let (Some(rate_bp), Some(excluding), Some(tax)) = (rate_bp, excluding, tax) {
        lint_rate(rate_bp, excluding, tax, &path.key(rate_key), issues);
    }
    if let (Some((Some(unit_price), Some(quantity))), Some(total)) = (unit, total) {
        lint_unit_price(
            unit_price,
            quantity,
            discount.unwrap_or(0),
            total,
            path,
            issues,
        );
    }
    facts
}

/// Exactly one of `taxRate` and `taxPercentage` (a present non-null value counts, whatever
/// its type, so a mistyped rate is not also reported as missing).
fn check_tax_exclusivity<V: Json>(
    tax_rate: Option<&V>,
    tax_percentage: Option<&V>,
    path: &Path,
    issues: &mut Issues,
) {
    let given = |value: Option<&V>| value.is_some_and(|v| !matches!(v.kind(), Kind::Null));
    match (given(tax_rate), given(tax_percentage)) {
        (true, true) => issues.error(
            path.key("taxPercentage").render(),
            codes::TAX_RATE_AND_PERCENTAGE,
            "taxRate and taxPercentage are both set; the API refuses that. Keep taxRate (basis points) and remove taxPercentage",
        ),
        (false, false) => issues.error(
            path.key("taxRate").render(),
            codes::TAX_MISSING,
            "the line has no tax rate; set taxRate in basis points (2500 = 25 %, 0 for none)",
        ),
        _ => {}
    }
}

/// `totalAmount − totalAmountExcludingTax == totalTaxAmount`, exactly (the API returns 400).
fn check_identity(total: i64, excluding: i64, tax: i64, path: &Path, issues: &mut Issues) {
    // i128: the inputs are within ±2^53, so nothing here can overflow.
    let implied = i128::from(total) - i128::from(excluding);
    if implied != i128::from(tax) {
        let off = i128::from(tax) - implied;
        issues.error(
            path.key("totalTaxAmount").render(),
            codes::LINE_IDENTITY,
            Text::new()
                .str("totalAmount − totalAmountExcludingTax must equal totalTaxAmount: ")
                .int(i128::from(total))
                .str(" − ")
                .int(i128::from(excluding))
                .str(" = ")
                .int(implied)
                .but_is("totalTaxAmount", i128::from(tax), off)
                .done(),
        );
    }
}

/// Warns when a line's rate is not one of its currency's VAT rates (docs/CODES.md,
/// `unusual_tax_rate`): the API takes any rate, but 25 basis points is 0.25 %, not 25 %.
pub(crate) fn lint_vat_rate(rate_bp: i64, currency: Currency, path: &Path, issues: &mut Issues) {
    let known = known_vat_rates(currency);
    if known.contains(&rate_bp) {
        return;
    }
    let percent = crate::money::format_rate(rate_bp);
    let mut message = Text::new();
    message
        .str(&percent)
        .str(" % is not a VAT rate of ")
        .str(currency.as_str())
        .str(" (")
        .str(&list_rates(known))
        .str(")");
    if is_under_one_percent(rate_bp) {
        let meant = other_reading(rate_bp);
        message
            .str("; taxRate ")
            .int(i128::from(rate_bp))
            .str(" is ")
            .str(&percent)
            .str(" % (basis points): for ")
            .str(&crate::money::format_rate(meant))
            .str(" % write ")
            .int(i128::from(meant));
    }
    issues.warning(path.render(), codes::UNUSUAL_TAX_RATE, message.done());
}

/// Warns when `tax` differs from `round(excluding × rate)` by more than one minor unit (the most
/// a correct tax-inclusive split can differ by at any rate up to 100 %).
fn lint_rate(rate_bp: i64, excluding: i64, tax: i64, path: &Path, issues: &mut Issues) {
    let Some(expected) = round_mul_div(excluding, rate_bp, 10_000) else {
        return;
    };
    let off = i128::from(tax) - expected;
    if off.abs() > 1 {
        issues.warning(
            path.render(),
            codes::RATE_MISMATCH,
            Text::new()
                .str("the stated rate ")
                .str(&crate::money::format_rate(rate_bp))
                .str(" % of totalAmountExcludingTax ")
                .int(i128::from(excluding))
                .str(" is ")
                .int(expected)
                .but_is("totalTaxAmount", i128::from(tax), off)
                .done(),
        );
    }
}

/// Warns when `round(unitPrice × quantity) − discount` differs from `totalAmount` by more than
/// rounding: two minor units for the line's own roundings (its gross, and with net prices its
/// net amount and its tax), plus half a minor unit per unit of quantity (a unit price is itself
/// rounded, so 2.5 kg at a rounded price per kg may be off by 1.25 before the line is rounded).
fn lint_unit_price(
    unit_price: i64,
    quantity: Quantity,
    discount: i64,
    total: i64,
    path: &Path,
    issues: &mut Issues,
) {
    let Some(gross) = quantity.times(unit_price) else {
        return;
    };
    let expected = gross - i128::from(discount);
    let off = i128::from(total) - expected;
    if off.abs() <= 2 {
        return;
    }
    let q = quantity.decimal();
    let Some(one) = pow10(q.scale) else {
        return;
    };
    // |off| − 2 ≤ quantity / 2  ⇔  2·(|off| − 2)·10^scale ≤ mantissa
    let within_quantity_rounding = (off.abs() - 2)
        .checked_mul(2 * one)
        .is_some_and(|scaled| scaled <= q.mantissa);
    if !within_quantity_rounding {
        issues.warning(
            path.key("totalAmount").render(),
            codes::UNIT_PRICE_MISMATCH,
            Text::new()
                .str("unitPrice ")
                .int(i128::from(unit_price))
                .str(" × quantity ")
                .decimal(q)
                .str(" − discount ")
                .int(i128::from(discount))
                .str(" = ")
                .int(expected)
                .but_is("totalAmount", i128::from(total), off)
                .done(),
        );
    }
}

/// Returns `(unitPrice, quantity)` where readable.
fn check_unit_info<V: Json>(
    value: &V,
    path: &Path,
    issues: &mut Issues,
) -> Option<(Option<i64>, Option<Quantity>)> {
    let map = as_object(value, path, issues)?;
    let [unit_price, quantity, quantity_unit] = read_fields(map, &UNIT_INFO, path, issues);
    let unit_price = int_of(
        unit_price,
        "unitPrice",
        Need::RequiredNullable,
        Bounds::AMOUNT,
        path,
        issues,
    );
    let quantity = str_of(quantity, "quantity", Need::Required, path, issues)
        .and_then(|text| check_quantity(text, &path.key("quantity"), issues));
    enum_of(
        quantity_unit,
        "quantityUnit",
        Need::Optional,
        QuantityUnit::parse,
        QuantityUnit::allowed(),
        path,
        issues,
    );
    Some((unit_price, quantity))
}

/// The spec's `^\d+([\.]\d{1,8})?$` (ASCII digits, as JSON Schema's `\d` is) and maxLength 10.
pub fn is_quantity_pattern(text: &str) -> bool {
    // One pass over the bytes: digits, then at most one '.' followed by 1 to 8 digits.
    let bytes = text.as_bytes();
    let mut int_digits = 0;
    let mut frac_digits = None::<usize>;
    for &b in bytes {
        match (b, &mut frac_digits) {
            (b'0'..=b'9', None) => int_digits += 1,
            (b'0'..=b'9', Some(count)) => *count += 1,
            (b'.', None) => frac_digits = Some(0),
            _ => return false,
        }
    }
    int_digits > 0
        && frac_digits.is_none_or(|count| (1..=MAX_QUANTITY_SCALE as usize).contains(&count))
}

fn check_quantity(text: &str, path: &Path, issues: &mut Issues) -> Option<Quantity> {
    let mut ok = true;
    if !is_quantity_pattern(text) {
        issues.error(
            path.render(),
            codes::PATTERN,
            Text::new()
                .debug_str(text)
                .str(
                    " is not a quantity: expected digits with an optional '.' and 1 to 8 \
                     decimals, like \"2\" or \"0.822\"",
                )
                .done(),
        );
        ok = false;
    }
    let chars = text.chars().count();
    if chars > MAX_QUANTITY_CHARS {
        issues.error(
            path.render(),
            codes::TOO_LONG,
            Text::new()
                .str("is ")
                .int(chars as i128)
                .str(" characters long; at most ")
                .int(MAX_QUANTITY_CHARS as i128)
                .str(" are allowed")
                .done(),
        );
        ok = false;
    }
    if ok { Quantity::parse(text).ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern read by splitting at the '.', as it was written before the one-pass reading.
    fn split_reading(text: &str) -> bool {
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        digits(int_part)
            && frac_part.is_none_or(|f| digits(f) && f.len() <= MAX_QUANTITY_SCALE as usize)
    }

    proptest::proptest! {
        #[test]
        fn quantity_pattern_reads_as_the_split_reading(text in "[0-9.a٣]{0,12}") {
            proptest::prop_assert_eq!(is_quantity_pattern(&text), split_reading(&text));
        }
    }

    #[test]
    fn quantity_pattern() {
        for good in ["0", "2", "2.5", "0.822", "12345678.9", "1.12345678", "007"] {
            assert!(is_quantity_pattern(good), "{good}");
        }
        for bad in [
            "",
            ".5",
            "2.",
            "-1",
            "+1",
            "1e3",
            "1,5",
            " 1",
            "1.123456789",
            "١",
            "1.2.3",
        ] {
            assert!(!is_quantity_pattern(bad), "{bad}");
        }
    }
}
