//! `Receipt`: the order lines and the bottom line of an order (`POST v2/{paymentType}/receipts/{orderId}`).

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::{BottomLine, OrderLine};
use crate::write_json::{ObjectWriter, WriteJson};

/// A receipt: the spec's `Receipt`, as posted with `POST v2/{paymentType}/receipts/{orderId}`
/// and read back with the order. Amounts are minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Receipt {
    /// At least one line (the spec's `minItems: 1`).
    pub order_lines: Vec<OrderLine>,
    /// The currency and the summary (tip, payment sources, barcode, receipt number).
    pub bottom_line: BottomLine,
}

impl Receipt {
    /// What the customer paid: Σ lines − Σ return lines + tip, in minor units.
    /// `None` on overflow (the validator reports that case; a built receipt never overflows).
    pub fn total(&self) -> Option<i64> {
        let mut total: i64 = self.bottom_line.tip_amount.unwrap_or(0);
        for line in &self.order_lines {
            total = if line.is_return() {
                total.checked_sub(line.total_amount)?
            } else {
                total.checked_add(line.total_amount)?
            };
        }
        Some(total)
    }
}

impl WriteJson for Receipt {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("orderLines", &self.order_lines)
            .field("bottomLine", &self.bottom_line)
            .end();
    }
}
