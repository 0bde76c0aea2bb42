//! Arbitrary bytes as cart JSON: never a panic; every receipt the builder makes validates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vipps_order_management::{build, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(receipt) = build::build_receipt_from_text(text).map(|built| built.receipt) {
        let report = validate::validate_receipt(&receipt);
        assert!(
            report.errors.is_empty(),
            "the builder made a receipt the validator refuses: {:#?}\n{receipt:#?}",
            report.errors
        );
    }
});
