//! Arbitrary bytes as an image upload: sniffing, validation, content ids and base64 never panic,
//! and base64 round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vipps_order_management::image;

fuzz_target!(|data: &[u8]| {
    let _ = image::inspect_image(data);
    let report = image::validate_image_bytes(data);
    assert_eq!(report.valid, report.errors.is_empty());
    let _ = image::image_request(data, None);
    assert!(!image::content_image_id(data).is_empty());
    let encoded = image::encode_base64(data);
    assert_eq!(image::decode_base64(&encoded).ok().as_deref(), Some(data));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = image::decode_base64(text);
    }
});
