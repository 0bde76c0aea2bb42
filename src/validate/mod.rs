//! Validators: every schema constraint of the spec, every API rule beyond the schema
//! listed in docs/CODES.md (each with the passage it rests on), and lints as
//! warnings. They never fail on bad data: they return a [`crate::Report`] with every problem,
//! found in one pass over the JSON value.
//!
//! Errors are what the API (or its schema) refuses; warnings are what it accepts but is probably
//! wrong (deprecated fields, amounts that disagree with the stated rate or unit price, payment
//! sources that do not add up, barcodes that will not scan, http links, unknown fields).
//! The codes and their meanings are in [`crate::codes`] and docs/CODES.md.

pub mod barcode;
mod bottom_line;
mod category;
pub mod ids;
mod order_line;
mod receipt;
pub mod text;
pub mod url;

pub use category::{
    validate_add_category_request, validate_add_category_request_text,
    validate_add_category_request_value, validate_category_text, validate_order_category,
    validate_order_category_text, validate_order_category_value, validate_order_id,
    validate_payment_type,
};
pub use order_line::is_quantity_pattern;
pub use receipt::{validate_receipt, validate_receipt_text, validate_receipt_value};

use crate::issue::{Issues, Report};
use crate::json::Path;

/// Validates one order line on its own (the receipt-level rules need the whole receipt).
pub fn validate_order_line_value(value: &serde_json::Value) -> Report {
    let mut issues = Issues::new();
    order_line::check_order_line(value, &Path::Root, &mut issues);
    issues.into_report()
}

/// Validates a bottom line on its own (without lines, payment sources cannot be compared).
pub fn validate_bottom_line_value(value: &serde_json::Value) -> Report {
    let mut issues = Issues::new();
    bottom_line::check_bottom_line(value, &Path::Root, &mut issues);
    issues.into_report()
}
