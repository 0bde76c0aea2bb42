//! Any JSON that deserializes into a `Receipt` (so: hostile but typed) through the preview:
//! never a panic, output proportional to the input. The first byte picks the options.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vipps_order_management::model::Receipt;
use vipps_order_management::preview::{PreviewOptions, preview_receipt, render_receipt_html};

fn options(selector: u8) -> PreviewOptions {
    let theme = ["light", "dark", "auto"][usize::from(selector % 3)];
    let locale = ["nb-NO", "en-US", "da-DK", "fi-FI", "xx"][usize::from(selector % 5)];
    let category = match selector / 5 % 3 {
        0 => serde_json::Value::Null,
        1 => serde_json::json!({"category": "RECEIPT", "orderDetailsUrl": "https://example.com/o/1"}),
        _ => serde_json::json!({"category": "TICKET", "orderDetailsUrl": "javascript:alert(1)"}),
    };
    serde_json::from_value(serde_json::json!({
        "locale": locale,
        "category": category,
        "imageUrl": "https://example.com/i.png",
        "allowedLinkSchemes": ["vipps"],
        "theme": theme,
    }))
    .unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(receipt) = serde_json::from_slice::<Receipt>(rest) else {
        return;
    };
    let options = options(selector);
    let _ = preview_receipt(&receipt, &options);
    let html = render_receipt_html(&receipt, &options);
    // Escaping expands text at most sixfold and each line adds a few hundred bytes of markup;
    // barcodes are drawn only up to their format's maximum (48 characters), and caller text is
    // cut at 500 characters, so no field can make the output grow faster than its input.
    assert!(
        html.len() <= 64 * rest.len() + 1_000_000,
        "{} bytes of HTML from {} bytes of JSON",
        html.len(),
        rest.len()
    );
    // Every caller text is isolated (bidi), and every isolate is closed.
    assert_eq!(html.matches("<bdi>").count(), html.matches("</bdi>").count());
});
