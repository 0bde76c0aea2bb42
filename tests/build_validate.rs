//! The builder and the validator agree: every receipt built from a well-formed cart validates
//! with zero errors, and its total equals the sum of its parts exactly.

mod common;

use common::carts::arb_cart;
use proptest::prelude::*;
use vipps_order_management::build::build_receipt_from_value;
use vipps_order_management::validate::{validate_receipt, validate_receipt_text};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_built_receipt_validates(cart in arb_cart()) {
        let receipt = match build_receipt_from_value(&cart) {
            Ok(built) => built.receipt,
            // A generated expectedTotal that disagrees is the builder's own test's business.
            Err(failure) if failure.issues.iter().all(|i| i.code == "expected_total_mismatch") => return Ok(()),
            Err(failure) => return Err(TestCaseError::fail(format!("{failure}"))),
        };
        let report = validate_receipt(&receipt);
        prop_assert!(report.valid, "errors: {:?}", report.errors);
        prop_assert!(report.errors.is_empty());
        // Only lints that a correct receipt may still get: payment sources and rates (any rate
        // in any currency) the generator chose freely.
        for warning in &report.warnings {
            prop_assert!(
                matches!(warning.code, "payment_sources_mismatch" | "url_not_https" | "unusual_tax_rate"),
                "unexpected warning {:?}", warning
            );
        }
        // The same through JSON text.
        let text = serde_json::to_string(&receipt).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(validate_receipt_text(&text).errors.len(), 0);

        // Total = Σ lines − Σ return lines + tip, in exact integers.
        let mut sum: i128 = i128::from(receipt.bottom_line.tip_amount.unwrap_or(0));
        for line in &receipt.order_lines {
            prop_assert_eq!(line.total_amount - line.total_amount_excluding_tax, line.total_tax_amount);
            let amount = i128::from(line.total_amount);
            sum += if line.is_return() { -amount } else { amount };
        }
        prop_assert_eq!(receipt.total().map(i128::from), Some(sum));
    }
}
