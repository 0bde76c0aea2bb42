//! Native timing of the hot entry points, for BENCHMARKS.md's "Where the time goes".
//!
//! Inputs are the bench's own (`bench/inputs.mjs`), dumped to JSON files first:
//!
//! ```sh
//! node -e 'import("./bench/inputs.mjs").then(m => { const fs = require("fs");
//!   fs.mkdirSync("target/bench-inputs", {recursive: true});
//!   for (const n of [1, 20, 200]) fs.writeFileSync(`target/bench-inputs/receipt-${n}.json`, JSON.stringify(m.validReceipt(n)));
//!   fs.writeFileSync("target/bench-inputs/cart-20.json", JSON.stringify(m.cart(20))); })'
//! cargo run --release --example profile [-- target/bench-inputs [only]]
//! ```
//!
//! `only` (e.g. `validate-20`) runs one measurement for a fixed number of calls, for
//! `valgrind --tool=callgrind`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use vipps_order_management::build::build_receipt_from_text;
use vipps_order_management::model::Receipt;
use vipps_order_management::preview::{
    PreviewOptions, preview_receipt, read_inputs, render_receipt_html,
};
use vipps_order_management::validate::validate_receipt_text;
use vipps_order_management::write_json::WriteJson;

/// The median of `rounds` batches, per call.
fn time(name: &str, mut call: impl FnMut()) {
    // Calibrate a batch to ~2 ms.
    let mut per_batch = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..per_batch {
            call();
        }
        if start.elapsed() > Duration::from_millis(2) {
            break;
        }
        per_batch *= 2;
    }
    let mut samples: Vec<f64> = (0..101)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                call();
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(per_batch)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    println!("{name:<28} {:>9.2} µs", samples[samples.len() / 2]);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "target/bench-inputs".to_owned());
    let only = args.next();
    let read = |name: &str| {
        std::fs::read_to_string(format!("{dir}/{name}"))
            .unwrap_or_else(|e| panic!("{dir}/{name}: {e} (see the comment at the top)"))
    };
    let receipts: Vec<(usize, String)> = [1, 20, 200]
        .into_iter()
        .map(|n| (n, read(&format!("receipt-{n}.json"))))
        .collect();
    let cart = read("cart-20.json");
    let receipt_20: Receipt = serde_json::from_str(&receipts[1].1).unwrap();
    // As the bench calls `renderReceiptHtml(r, { locale: "nb-NO" })`.
    let options = PreviewOptions {
        locale: Some("nb-NO".to_owned()),
        ..PreviewOptions::default()
    };

    let preview_20 = preview_receipt(&receipt_20, &options);

    if let Some(only) = only {
        let calls = 2000;
        for _ in 0..calls {
            match only.as_str() {
                "validate-1" => drop(black_box(validate_receipt_text(&receipts[0].1))),
                "validate-20" => drop(black_box(validate_receipt_text(&receipts[1].1))),
                "validate-200" => drop(black_box(validate_receipt_text(&receipts[2].1))),
                "build-20" => drop(black_box(build_receipt_from_text(&cart))),
                // What `buildReceipt` does in wasm: build, then write the receipt as JSON text.
                "build-json-20" => drop(black_box(
                    build_receipt_from_text(&cart).map(|built| built.receipt.to_json()),
                )),
                "html-20" => drop(black_box(render_receipt_html(&receipt_20, &options))),
                // What `renderReceiptHtml` does in wasm: read the receipt and options text, render.
                "html-text-20" => drop(black_box(
                    read_inputs(&receipts[1].1, Some(r#"{"locale":"nb-NO"}"#))
                        .map(|(receipt, options)| render_receipt_html(&receipt, &options)),
                )),
                "preview-20" => drop(black_box(preview_receipt(&receipt_20, &options))),
                // The preview's input: our reader (what the wasm functions use) against serde.
                "read-20" => drop(black_box(Receipt::from_json(&receipts[1].1))),
                "serde-read-20" => drop(black_box(serde_json::from_str::<Receipt>(&receipts[1].1))),
                // The view model as JSON text: write_json against serde_json.
                "write-20" => drop(black_box(preview_20.to_json())),
                "serde-write-20" => drop(black_box(serde_json::to_string(&preview_20))),
                other => panic!("unknown measurement {other}"),
            }
        }
        return;
    }

    for (n, text) in &receipts {
        let report = validate_receipt_text(text);
        assert!(report.valid, "{:?}", report.errors);
        time(&format!("validate_receipt_text {n}"), || {
            black_box(validate_receipt_text(black_box(text)));
        });
    }
    assert!(build_receipt_from_text(&cart).is_ok());
    time("build_receipt_from_text 20", || {
        black_box(build_receipt_from_text(black_box(&cart)).ok());
    });
    time("render_receipt_html 20", || {
        black_box(render_receipt_html(black_box(&receipt_20), &options));
    });
    time("preview_receipt 20", || {
        black_box(preview_receipt(black_box(&receipt_20), &options));
    });
    time("json::read_tree 20", || {
        let arena = vipps_order_management::json::Arena::new();
        black_box(vipps_order_management::json::read_tree(&arena, black_box(&receipts[1].1)).ok());
    });
    time("serde_json::from_str 20", || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(&receipts[1].1)).ok());
    });
}
