//! `BottomLine` with `PaymentSources`, `Barcode` and the deprecated `ShippingInfo`.

use crate::json::{Json, Path};

use super::barcode::lint_barcode;
use super::text::lint_bidi;
use crate::codes;
use crate::issue::Issues;
use crate::json::walk::{
    Bounds, Need, as_object, enum_field, field, int_field, str_field, warn_deprecated, warn_null,
    warn_unknown,
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
    warn_unknown(map, fields::BOTTOM_LINE, path, issues);

    // The spec marks currency nullable; nothing published says the API refuses null, so it is
    // a warning (the app has no currency to show the amounts in).
    enum_field(
        map,
        "currency",
        Need::RequiredNullable,
        Currency::parse,
        Currency::allowed(),
        path,
        issues,
    );
    warn_null(map, "currency", path, issues);
    facts.tip_amount = int_field(
        map,
        "tipAmount",
        Need::Optional,
        Bounds::AMOUNT,
        path,
        issues,
    );
    if let Some(text) = str_field(map, "posId", Need::Optional, path, issues) {
        lint_bidi(text, &path.key("posId"), issues);
    }
    if let Some(text) = str_field(map, "receiptNumber", Need::Optional, path, issues) {
        lint_bidi(text, &path.key("receiptNumber"), issues);
    }

    // Deprecated fields: still type- and range-checked, and each one warned about.
    for &(key, bounds, advice) in DEPRECATED_AMOUNTS {
        int_field(map, key, Need::Optional, bounds, path, issues);
        warn_deprecated(map, key, advice, path, issues);
    }
    if let Some(info) = field(map, "shippingInfo", Need::Optional, path, issues) {
        check_shipping_info(info, &path.key("shippingInfo"), issues);
    }
    warn_deprecated(map, "shippingInfo", SHIPPING_ADVICE, path, issues);
    if let Some(text) = str_field(map, "terminalId", Need::Optional, path, issues) {
        lint_bidi(text, &path.key("terminalId"), issues);
    }
    warn_deprecated(map, "terminalId", "use posId", path, issues);

    if let Some(sources) = field(map, "paymentSources", Need::Optional, path, issues) {
        facts.payment_sources_sum =
            check_payment_sources(sources, &path.key("paymentSources"), issues);
    }
    if let Some(barcode) = field(map, "barcode", Need::Optional, path, issues) {
        check_barcode(barcode, &path.key("barcode"), issues);
    }
    facts
}

/// The deprecated integer fields of the bottom line, their bounds in the spec, and what to use
/// instead (said in the `deprecated_field` warning).
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
    warn_unknown(map, fields::PAYMENT_SOURCES, path, issues);
    let mut sum: Option<i128> = None;
    for key in fields::PAYMENT_SOURCES {
        if let Some(amount) = int_field(map, key, Need::Optional, Bounds::AMOUNT, path, issues) {
            sum = Some(sum.unwrap_or(0) + i128::from(amount));
        }
    }
    sum
}

fn check_barcode<V: Json>(value: &V, path: &Path, issues: &mut Issues) {
    let Some(map) = as_object(value, path, issues) else {
        return;
    };
    warn_unknown(map, fields::BARCODE, path, issues);
    let format = enum_field(
        map,
        "format",
        Need::RequiredNullable,
        BarcodeFormat::parse,
        BarcodeFormat::allowed(),
        path,
        issues,
    );
    let data = str_field(map, "data", Need::RequiredNullable, path, issues);
    if let (Some(format), Some(data)) = (format, data) {
        lint_barcode(format, data, &path.key("data"), issues);
    }
}

fn check_shipping_info<V: Json>(value: &V, path: &Path, issues: &mut Issues) {
    let Some(map) = as_object(value, path, issues) else {
        return;
    };
    warn_unknown(map, fields::SHIPPING_INFO, path, issues);
    for key in ["amount", "amountExcludingTax", "taxAmount"] {
        int_field(
            map,
            key,
            Need::RequiredNullable,
            Bounds::AMOUNT,
            path,
            issues,
        );
    }
    int_field(
        map,
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
            format!(
                "the payment sources add up to {sources_sum}, but the receipt total (Σ lines − Σ return lines + tipAmount) is {receipt_total} (off by {off:+})"
            ),
        );
    }
}
