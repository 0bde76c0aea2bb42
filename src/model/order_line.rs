//! `OrderLine` and `UnitInfo`.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::QuantityUnit;
use crate::write_json::{ObjectWriter, WriteJson};

/// One line of a receipt. Amounts are minor units; the API requires
/// `totalAmount − totalAmountExcludingTax == totalTaxAmount` exactly and exactly one of
/// `taxRate` (basis points) and the deprecated `taxPercentage` (whole percent).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct OrderLine {
    /// What the customer bought, as the app shows it.
    pub name: String,
    /// The shop's product id (SKU).
    pub id: String,
    /// Including tax and after discount.
    pub total_amount: i64,
    /// `total_amount` without tax.
    pub total_amount_excluding_tax: i64,
    /// The tax: `total_amount − total_amount_excluding_tax`, exactly.
    pub total_tax_amount: i64,
    /// Deprecated by `taxRate`; readable, never written by the builder.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub tax_percentage: Option<i64>,
    /// Basis points, 0..=10000 (2550 = 25.5 %).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub tax_rate: Option<i64>,
    /// Unit price and quantity.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub unit_info: Option<UnitInfo>,
    /// The line's total discount in minor units.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub discount: Option<i64>,
    /// A link to the product in the shop.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub product_url: Option<String>,
    /// A returned item: a positive line that counts negative in every sum.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub is_return: Option<bool>,
    /// A shipping line (the app lists it apart from the items).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub is_shipping: Option<bool>,
}

impl OrderLine {
    /// True when `isReturn` is `true`.
    pub fn is_return(&self) -> bool {
        self.is_return == Some(true)
    }

    /// True when `isShipping` is `true`.
    pub fn is_shipping(&self) -> bool {
        self.is_shipping == Some(true)
    }

    /// The line's tax rate in basis points, from `taxRate` or the deprecated `taxPercentage`.
    pub fn tax_rate_bp(&self) -> Option<i64> {
        self.tax_rate
            .or_else(|| self.tax_percentage.and_then(|p| p.checked_mul(100)))
    }
}

/// Optional quantity information; without it the app shows 1 pcs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct UnitInfo {
    /// Price per unit including tax, before discount. Required by the spec, but nullable.
    pub unit_price: Option<i64>,
    /// An exact decimal as text, at most 10 characters and 8 decimals (`"0.822"`).
    pub quantity: String,
    /// `PCS` when absent.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub quantity_unit: Option<QuantityUnit>,
}

impl WriteJson for OrderLine {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("name", &self.name)
            .field("id", &self.id)
            .field("totalAmount", &self.total_amount)
            .field("totalAmountExcludingTax", &self.total_amount_excluding_tax)
            .field("totalTaxAmount", &self.total_tax_amount)
            .optional("taxPercentage", &self.tax_percentage)
            .optional("taxRate", &self.tax_rate)
            .optional("unitInfo", &self.unit_info)
            .optional("discount", &self.discount)
            .optional("productUrl", &self.product_url)
            .optional("isReturn", &self.is_return)
            .optional("isShipping", &self.is_shipping)
            .end();
    }
}

impl WriteJson for UnitInfo {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("unitPrice", &self.unit_price)
            .field("quantity", &self.quantity)
            .optional("quantityUnit", &self.quantity_unit)
            .end();
    }
}
