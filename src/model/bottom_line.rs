//! `BottomLine` with `PaymentSources`, `Barcode` and the deprecated `ShippingInfo`.

use serde::{Deserialize, Serialize};

use super::{BarcodeFormat, Currency};

/// The summary of a receipt. The API computes the sums from the order lines; the deprecated sum
/// fields are kept readable so that any receipt the API returns parses, but the builder never
/// writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BottomLine {
    /// Required; the spec marks it nullable, so a `null` from the API still parses.
    pub currency: Option<Currency>,
    /// The tip, in minor units; part of what was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip_amount: Option<i64>,
    /// The device number of the POS terminal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos_id: Option<String>,
    /// How the total was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_sources: Option<PaymentSources>,
    /// A barcode the app shows on the receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barcode: Option<Barcode>,
    /// The shop's receipt number, shown on the receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_number: Option<String>,
    /// Deprecated: amount paid by gift card or coupon (use `paymentSources.giftCard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_card_amount: Option<i64>,
    /// Deprecated: the API sums the order lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<i64>,
    /// Deprecated: the API sums the lines' `totalTaxAmount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_tax: Option<i64>,
    /// Deprecated: the API sums the lines' `discount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_discount: Option<i64>,
    /// Deprecated: use an order line with `isShipping`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_amount: Option<i64>,
    /// Deprecated: use an order line with `isShipping`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_info: Option<ShippingInfo>,
    /// Deprecated: use `posId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal_id: Option<String>,
}

impl BottomLine {
    /// A bottom line with only the currency set.
    pub fn new(currency: Currency) -> BottomLine {
        BottomLine {
            currency: Some(currency),
            tip_amount: None,
            pos_id: None,
            payment_sources: None,
            barcode: None,
            receipt_number: None,
            gift_card_amount: None,
            total_amount: None,
            total_tax: None,
            total_discount: None,
            shipping_amount: None,
            shipping_info: None,
            terminal_id: None,
        }
    }
}

/// How the total was paid, in minor units.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSources {
    /// Paid by gift card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_card: Option<i64>,
    /// Paid by card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<i64>,
    /// Paid by voucher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<i64>,
    /// Paid in cash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash: Option<i64>,
}

impl PaymentSources {
    /// The sum of the given sources; `None` on overflow.
    pub fn sum(&self) -> Option<i64> {
        [self.gift_card, self.card, self.voucher, self.cash]
            .into_iter()
            .flatten()
            .try_fold(0i64, i64::checked_add)
    }
}

/// A barcode shown on the receipt. Both fields are required but nullable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Barcode {
    /// `EAN-13`, `CODE 39` or `CODE 128`.
    pub format: Option<BarcodeFormat>,
    /// The barcode's content.
    pub data: Option<String>,
}

/// Deprecated shipping summary; use an order line with `isShipping` instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingInfo {
    /// Shipping including tax, in minor units.
    pub amount: Option<i64>,
    /// Shipping excluding tax, in minor units.
    pub amount_excluding_tax: Option<i64>,
    /// The tax on shipping, in minor units.
    pub tax_amount: Option<i64>,
    /// Whole percent.
    pub tax_percentage: Option<i64>,
}
