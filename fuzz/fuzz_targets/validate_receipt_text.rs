//! Arbitrary bytes through every text validator: never a panic, a report in bounded size.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vipps_order_management::{Report, image, json, validate};

/// A report lists at most MAX_ISSUES errors and as many warnings, plus one "too many" each.
fn check_bounded(report: &Report) {
    let most = vipps_order_management::issue::MAX_ISSUES + 1;
    assert!(report.errors.len() <= most && report.warnings.len() <= most);
    assert_eq!(report.valid, report.errors.is_empty());
}

fuzz_target!(|data: &[u8]| {
    // The bytes path (invalid UTF-8 is an issue, not a panic).
    check_bounded(&json::report_bytes(data, |tree| {
        validate::validate_receipt_value(&tree.to_serde())
    }));
    if let Ok(text) = std::str::from_utf8(data) {
        let report = validate::validate_receipt_text(text);
        check_bounded(&report);
        check_bounded(&validate::validate_order_category_text(text));
        check_bounded(&validate::validate_add_category_request_text(text));
        check_bounded(&image::validate_image_json(text));
        let _ = json::read_tree(&json::Arena::new(), text);
    }
});
