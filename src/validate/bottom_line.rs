//! `BottomLine` with `PaymentSources`, `Barcode` and the deprecated `ShippingInfo`.

use crate::json::{Json, Path};

use super::barcode::lint_barcode;
use super::text::lint_bidi;
use crate::codes;
use crate::issue::{Issues, Text};
use crate::json::walk::{
    Bounds, Need, Schema, as_object, enum_of, field_of, int_of, read_fields, str_of,
    warn_deprecated, warn_null_of,
};
use crate::model::{BarcodeFormat, Currency, fields};

/// What the receipt-level rules need from the bottom line.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BottomFacts {
    pub tip_amount: Option<i64>,
    /// The sum of the payment sources given; `None` when there are none (or none readable).
    pub payment_sources_sum: Option<i128>,
}

pub(crate) fn check_bottom_line<V: Json>(
    value: &V,
    path: &Path,
    issues: &mut Issues,
) -> BottomFacts {
    let mut facts = BottomFacts::default();
    let Some(map) = as_object(value, path, issues) else {
        return facts;
    };
    let [
        currency,
        tip_amount,
        gift_card_amount,
        pos_id,
        total_amount,
        total_tax,
        total_discount,
        shipping_amount,
        shipping_info,
        payment_sources,
        barcode,
        receipt_number,
        terminal_id,
    ] = read_fields(map, &BOTTOM_LINE, path, issues);

    // The spec marks currency nullable; nothing published says the API refuses null, so it is
    // a warning (the app has no currency to show the amounts in).
    enum_of(
        currency,
        "currency",
        Need::RequiredNullable,
        Currency::parse,
        Currency::allowed(),
        path,
        issues,
    );
    warn_null_of(currency, "currency", path, issues);
    facts.tip_amount = int_of(
        tip_amount,
        "tipAmount",
        Need::Optional,
        Bounds::AMOUNT,
        path,
        issues,
    );
    if let Some(text) = str_of(pos_id, "posId", Need::Optional, path, issues) {
        lint_bidi(text, &path.key("posId"), issues);
    }
    if let Some(text) = str_of(
        receipt_number,
        "receiptNumber",
        Need::Optional,
        path,
        issues,
    ) {
        lint_bidi(text, &path.key("receiptNumber"), issues);
    }

    // Deprecated fields: still type- and range-checked, and each one warned about.
    let deprecated = [
        gift_card_amount,
        total_amount,
        total_tax,
        total_discount,
        shipping_amount,
    ];
    for (value, &(key, bounds, advice)) in deprecated.into_iter().zip(DEPRECATED_AMOUNTS) {
        int_of(value, key, Need::Optional, bounds, path, issues);
        warn_deprecated(value, key, advice, path, issues);
    }
    if let Some(info) = field_of(shipping_info, "shippingInfo", Need::Optional, path, issues) {
        check_shipping_info(info, &path.key("shippingInfo"), issues);
    }
    warn_deprecated(shipping_info, "shippingInfo", SHIPPING_ADVICE, path, issues);
    if let Some(text) = str_of(terminal_id, "terminalId", Need::Optional, path, issues) {
        lint_bidi(text, &path.key("terminalId"), issues);
    }
    warn_deprecated(terminal_id, "terminalId", "use posId", path, issues);

    if let Some(sources) = field_of(
        payment_sources,
        "paymentSources",
        Need::Optional,
        path,
        issues,
    ) {
        facts.payment_sources_sum =
            check_payment_sources(sources, &path.key("paymentSources"), issues);
    }
    if let Some(barcode) = field_of(barcode, "barcode", Need::Optional, path, issues) {
        check_barcode(barcode, &path.key("barcode"), issues);
    }
    facts
}

const BOTTOM_LINE: Schema<13> = Schema::new(fields::BOTTOM_LINE);
const PAYMENT_SOURCES: Schema<4> = Schema::new(fields::PAYMENT_SOURCES);
const BARCODE: Schema<2> = Schema::new(fields::BARCODE);
const SHIPPING_INFO: Schema<4> = Schema::new(fields::SHIPPING_INFO);

/// The deprecated integer fields of the bottom line (in the order of `fields::BOTTOM_LINE`),
/// their bounds in the spec, and what to use instead (said in the `deprecated_field` warning).
const DEPRECATED_AMOUNTS: &[(&str, Bounds, &str)] = &[
    (
        "giftCardAmount",
        Bounds::AMOUNT,
        "use paymentSources.giftCard",
    ),
    ("totalAmount", Bounds::ANY, "the API sums the order lines"),
    (
        "totalTax",
        Bounds::AMOUNT,
        "the API sums the lines' totalTaxAmount",
    ),
    (
        "totalDiscount",
        Bounds::AMOUNT,
        "the API sums the lines' discount",
    ),
    ("shippingAmount", Bounds::AMOUNT, SHIPPING_ADVICE),
];

/// Why the deprecated shipping fields should go.
const SHIPPING_ADVICE: &str =
    "use an order line with \"isShipping\": true (this field makes the app's sums and tax wrong)";

fn check_payment_sources<V: Json>(value: &V, path: &Path, issues: &mut Issues) -> Option<i128> {
    let map = as_object(value, path, issues)?;
    let values = read_fields(map, &PAYMENT_SOURCES, path, issues);
    let mut sum: Option<i128> = None;
    for (value, key) in values.into_iter().zip(fields::PAYMENT_SOURCES) {
        if let Some(amount) = int_of(value, key, Need::Optional, Bounds::AMOUNT, path, issues) {
            sum = Some(sum.unwrap_or(0) + i128::from(amount));
        }
    }
    sum
}

fn check_barcode<V: Json>(value: &V, path: &Path, issues: &mut Issues) {
    let Some(map) = as_object(value, path, issues) else {
        return;
    };
    let [format, data] = read_fields(map, &BARCODE, path, issues);
    let format = enum_of(
        format,
        "format",
        Need::RequiredNullable,
        BarcodeFormat::parse,
        BarcodeFormat::allowed(),
        path,
        issues,
    );
    let data = str_of(data, "data", Need::RequiredNullable, path, issues);
    if let (Some(format), Some(data)) = (format, data) {
        lint_barcode(format, data, &path.key("data"), issues);
    }
}

fn check_shipping_info<V: Json>(value: &V, path: &Path, issues: &mut Issues) {
    let Some(map) = as_object(value, path, issues) else {
        return;
    };
    let [amount, excluding_tax, tax, tax_percentage] =
        read_fields(map, &SHIPPING_INFO, path, issues);
    for (value, key) in [
        (amount, "amount"),
        (excluding_tax, "amountExcludingTax"),
        (tax, "taxAmount"),
    ] {
        int_of(
            value,
            key,
            Need::RequiredNullable,
            Bounds::AMOUNT,
            path,
            issues,
        );
    }
    int_of(
        tax_percentage,
        "taxPercentage",
        Need::RequiredNullable,
        Bounds::PERCENT,
        path,
        issues,
    );
}

/// The receipt total (Σ lines − Σ return lines + tip) against the payment sources.
pub(crate) fn lint_payment_sources(
    sources_sum: i128,
    receipt_total: i128,
    path: &Path,
    issues: &mut Issues,
) {
    if sources_sum != receipt_total {
        let off = sources_sum - receipt_total;
        issues.warning(
            path.render(),
            codes::PAYMENT_SOURCES_MISMATCH,
            Text::new()
                .str("the payment sources add up to ")
                .int(sources_sum)
                .but_is(
                    "the receipt total (Σ lines − Σ return lines + tipAmount)",
                    receipt_total,
                    off,
                )
                .done(),
        );
    }
}
