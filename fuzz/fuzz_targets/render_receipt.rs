//! Any text through the preview's input reader (`preview::read_inputs`, what `previewReceipt` and
//! `renderReceiptHtml` use) and, when it reads as a receipt (so: hostile but typed), through the
//! preview: never a panic, output proportional to the input. The first byte picks the options.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vipps_order_management::preview::{preview_receipt, read_inputs, render_receipt_html};

/// The options as JSON text, as the wasm functions get them.
fn options(selector: u8) -> String {
    let theme = ["light", "dark", "auto"][usize::from(selector % 3)];
    let locale = ["nb-NO", "en-US", "da-DK", "fi-FI", "xx"][usize::from(selector % 5)];
    let category = match selector / 5 % 3 {
        0 => serde_json::Value::Null,
        1 => serde_json::json!({"category": "RECEIPT", "orderDetailsUrl": "https://example.com/o/1"}),
        _ => serde_json::json!({"category": "TICKET", "orderDetailsUrl": "javascript:alert(1)"}),
    };
    serde_json::json!({
        "locale": locale,
        "category": category,
        "imageUrl": "https://example.com/i.png",
        "allowedLinkSchemes": ["vipps"],
        "theme": theme,
    })
    .to_string()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok((receipt, options)) = read_inputs(text, Some(&options(selector))) else {
        return;
    };
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
