//! Arbitrary text as an API error body: parsing never fails loudly, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vipps_order_management::model::ErrorResponse;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(problem) = ErrorResponse::parse(&text) {
        let _ = problem.field_problems();
    }
});
