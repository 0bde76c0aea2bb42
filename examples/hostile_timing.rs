//! Native timings of the preview on hostile inputs (issue #14, docs/ROBUSTNESS.md): 100,000 order
//! lines with distinct tax rates, and 1 MB of CODE 39 barcode data. Run in release mode:
//!
//! ```sh
//! cargo run --release --example hostile_timing
//! ```
//!
//! Prints the time, the HTML's length and an FNV-1a hash of it (the same input must keep giving
//! byte-identical HTML when the implementation changes).

use std::time::Instant;

use vipps_order_management::model::Receipt;
use vipps_order_management::preview::{PreviewOptions, render_receipt_html};

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn run(name: &str, receipt: &Receipt) {
    let options = PreviewOptions::default();
    let start = Instant::now();
    let html = render_receipt_html(receipt, &options);
    let elapsed = start.elapsed();
    println!(
        "{name}: {:.3} ms, {} bytes of HTML, fnv1a {:016x}",
        elapsed.as_secs_f64() * 1000.0,
        html.len(),
        fnv1a(html.as_bytes())
    );
}

fn lines_with_distinct_rates(count: usize) -> Receipt {
    let mut lines = String::with_capacity(count * 160);
    for index in 0..count {
        if index > 0 {
            lines.push(',');
        }
        // Rates in any order (the table sorts them); the preview does not validate the range.
        let rate = (index * 7919) % count;
        lines.push_str(&format!(
            r#"{{"name":"Item {index}","id":"{index}","totalAmount":1000,"totalAmountExcludingTax":800,"totalTaxAmount":200,"taxRate":{rate}}}"#
        ));
    }
    let json = format!(
        r#"{{"orderLines":[{lines}],"bottomLine":{{"currency":"NOK","receiptNumber":"1"}}}}"#
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"))
}

fn code39(bytes: usize) -> Receipt {
    let data = "ABC-123 ".repeat(bytes / 8);
    let json = format!(
        r#"{{"orderLines":[{{"name":"A","id":"1","totalAmount":1000,"totalAmountExcludingTax":800,"totalTaxAmount":200,"taxRate":2500}}],"bottomLine":{{"currency":"NOK","barcode":{{"format":"CODE 39","data":"{data}"}}}}}}"#
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    for count in [20_000, 100_000] {
        run(
            &format!("{count} lines, distinct rates"),
            &lines_with_distinct_rates(count),
        );
    }
    run("1 MB of CODE 39", &code39(1 << 20));
}
