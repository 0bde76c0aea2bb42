//! `BottomLine` with `PaymentSources`, `Barcode` and the deprecated `ShippingInfo`.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::{BarcodeFormat, Currency};
use crate::write_json::{ObjectWriter, WriteJson};

/// The summary of a receipt. The API computes the sums from the order lines; the deprecated sum
/// fields are kept readable so that any receipt the API returns parses, but the builder never
/// writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct BottomLine {
    /// Required; the spec marks it nullable, so a `null` from the API still parses.
    pub currency: Option<Currency>,
    /// The tip, in minor units; part of what was paid.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub tip_amount: Option<i64>,
    /// The device number of the POS terminal.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub pos_id: Option<String>,
    /// How the total was paid.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub payment_sources: Option<PaymentSources>,
    /// A barcode the app shows on the receipt.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub barcode: Option<Barcode>,
    /// The shop's receipt number, shown on the receipt.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub receipt_number: Option<String>,
    /// Deprecated: amount paid by gift card or coupon (use `paymentSources.giftCard`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub gift_card_amount: Option<i64>,
    /// Deprecated: the API sums the order lines.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub total_amount: Option<i64>,
    /// Deprecated: the API sums the lines' `totalTaxAmount`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub total_tax: Option<i64>,
    /// Deprecated: the API sums the lines' `discount`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub total_discount: Option<i64>,
    /// Deprecated: use an order line with `isShipping`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub shipping_amount: Option<i64>,
    /// Deprecated: use an order line with `isShipping`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub shipping_info: Option<ShippingInfo>,
    /// Deprecated: use `posId`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct PaymentSources {
    /// Paid by gift card.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub gift_card: Option<i64>,
    /// Paid by card.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub card: Option<i64>,
    /// Paid by voucher.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub voucher: Option<i64>,
    /// Paid in cash.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Barcode {
    /// `EAN-13`, `CODE 39` or `CODE 128`.
    pub format: Option<BarcodeFormat>,
    /// The barcode's content.
    pub data: Option<String>,
}

/// Deprecated shipping summary; use an order line with `isShipping` instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
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

impl WriteJson for BottomLine {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("currency", &self.currency)
            .optional("tipAmount", &self.tip_amount)
            .optional("posId", &self.pos_id)
            .optional("paymentSources", &self.payment_sources)
            .optional("barcode", &self.barcode)
            .optional("receiptNumber", &self.receipt_number)
            .optional("giftCardAmount", &self.gift_card_amount)
            .optional("totalAmount", &self.total_amount)
            .optional("totalTax", &self.total_tax)
            .optional("totalDiscount", &self.total_discount)
            .optional("shippingAmount", &self.shipping_amount)
            .optional("shippingInfo", &self.shipping_info)
            .optional("terminalId", &self.terminal_id)
            .end();
    }
}

impl WriteJson for PaymentSources {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("giftCard", &self.gift_card)
            .optional("card", &self.card)
            .optional("voucher", &self.voucher)
            .optional("cash", &self.cash)
            .end();
    }
}

impl WriteJson for Barcode {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("format", &self.format)
            .field("data", &self.data)
            .end();
    }
}

impl WriteJson for ShippingInfo {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("amount", &self.amount)
            .field("amountExcludingTax", &self.amount_excluding_tax)
            .field("taxAmount", &self.tax_amount)
            .field("taxPercentage", &self.tax_percentage)
            .end();
    }
}
