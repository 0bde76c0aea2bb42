//! Hostile input for every entry point that reads outside data: the receipt, category and image
//! validators, the builder, the preview and the API error parser. A panic in wasm kills the
//! worker instance, so each must answer with a clear report, in bounded time and memory, whatever
//! it is handed.
//!
//! Caps chosen (see `crate::json` and `crate::issue`): JSON nests at most `json::MAX_DEPTH` (64)
//! levels (`too_deep`); a report lists at most `issue::MAX_ISSUES` (10 000) errors and as many
//! warnings, then one `too_many_errors` / `too_many_warnings`. There is no cap on the number of
//! order lines or on string lengths: time and memory grow linearly with the input, which the
//! tests below check with a generous wall-clock bound (a hang guard, not a benchmark).

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vipps_order_management::build::{
    BuildError, Built, build_receipt_from_text, build_receipt_from_value,
};
use vipps_order_management::issue::MAX_ISSUES;
use vipps_order_management::json::{self, MAX_DEPTH};
use vipps_order_management::model::{ErrorResponse, Receipt};
use vipps_order_management::preview::{PreviewOptions, preview_receipt, render_receipt_html};
use vipps_order_management::validate::{
    validate_add_category_request_text, validate_order_category_text, validate_receipt,
    validate_receipt_text, validate_receipt_value,
};
use vipps_order_management::{Issue, Report, codes, image};

/// A hang guard, not a timing: hostile input must be answered well within this, even in a debug
/// build on two busy cores (a quadratic path takes minutes here, not seconds).
const HANG_GUARD: Duration = Duration::from_secs(30);

fn timed<T>(what: &str, run: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = run();
    let took = start.elapsed();
    assert!(took < HANG_GUARD, "{what} took {took:?}");
    out
}

/// Runs `run` on a thread with a 1 MB stack, wasm's default, so that recursion the native 8 MB
/// main stack would absorb still fails here.
fn on_wasm_sized_stack<T: Send + 'static>(run: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap()
}

fn codes_of(issues: &[Issue]) -> Vec<&'static str> {
    issues.iter().map(|i| i.code).collect()
}

fn build_errors(result: Result<Built, BuildError>) -> Vec<Issue> {
    match result {
        Ok(receipt) => panic!("expected build errors, built {receipt:#?}"),
        Err(error) => error.issues,
    }
}

/// Every text entry point, with what it said: `(name, errors)`; the problem parser says
/// nothing but must not panic.
fn all_text_entry_points(text: &str) -> Vec<(&'static str, Vec<Issue>)> {
    let _ = ErrorResponse::parse(text).map(|p| p.field_problems());
    vec![
        ("receipt", validate_receipt_text(text).errors),
        ("category", validate_order_category_text(text).errors),
        (
            "v3 category",
            validate_add_category_request_text(text).errors,
        ),
        ("image", image::validate_image_json(text).errors),
        (
            "builder",
            build_receipt_from_text(text)
                .err()
                .map(|e| e.issues)
                .unwrap_or_default(),
        ),
    ]
}

fn spec_receipt() -> Value {
    json!({
        "orderLines": [
            {"name": "socks", "id": "line_item_1", "totalAmount": 1000,
             "totalAmountExcludingTax": 800, "totalTaxAmount": 200, "taxPercentage": 25,
             "unitInfo": {"unitPrice": 400, "quantity": "2.5", "quantityUnit": "KG"},
             "discount": 0, "productUrl": "https://example.com/store/socks",
             "isReturn": false, "isShipping": false},
            {"name": "Home Delivery", "id": "delivery", "totalAmount": 1000,
             "totalAmountExcludingTax": 800, "totalTaxAmount": 200, "taxRate": 2500,
             "discount": 0, "isReturn": false, "isShipping": true}
        ],
        "bottomLine": {
            "currency": "NOK", "tipAmount": 0, "posId": "pos_122",
            "paymentSources": {"giftCard": 0, "card": 2000, "voucher": 0, "cash": 0},
            "barcode": {"format": "CODE 39", "data": "SC0527013501"},
            "receiptNumber": "0527013501"
        }
    })
}

fn full_cart() -> Value {
    json!({
        "currency": "NOK",
        "items": [
            {"id": "sku-1", "name": "Socks", "unitPrice": "39.90", "quantity": "2", "unit": "PCS",
             "taxRate": "25", "discount": "1.00", "productUrl": "https://example.com/socks",
             "isReturn": false},
            {"id": "sku-2", "name": "Coffee", "unitPrice": 4990, "quantity": 1, "taxRate": 1500}
        ],
        "shipping": {"id": "ship", "name": "Home delivery", "price": "49", "taxRate": "25",
                     "discount": "0"},
        "fees": [{"id": "fee-1", "name": "Bag", "price": "2.00", "taxRate": "25"}],
        "discount": "10.00",
        "tipAmount": "5.00",
        "paymentSources": {"card": "172.70", "giftCard": 0, "voucher": 0, "cash": 0},
        "barcode": {"format": "EAN-13", "data": "4006381333931"},
        "receiptNumber": "10042",
        "posId": "pos-1",
        "pricesIncludeTax": true
    })
}

#[test]
fn the_bases_are_valid() {
    let report = validate_receipt_value(&spec_receipt());
    assert!(report.valid, "{report:#?}");
    let receipt = build_receipt_from_value(&full_cart()).unwrap().receipt;
    assert!(validate_receipt(&receipt).valid);
}

// --- deep nesting -------------------------------------------------------------------------

#[test]
fn ten_thousand_levels_of_nesting_are_refused_on_a_wasm_sized_stack() {
    let depth = 10_000;
    let texts = [
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth)),
        // Never closed, and nested where a receipt has its lines.
        format!(r#"{{"orderLines": {}"#, "[".repeat(depth)),
        format!(r#"{{"items": [{{"name": {}"#, r#"{"a":["#.repeat(depth)),
    ];
    for text in texts {
        let results =
            on_wasm_sized_stack(move || timed("deep nesting", || all_text_entry_points(&text)));
        for (name, errors) in results {
            assert_eq!(codes_of(&errors), [codes::TOO_DEEP], "{name}");
            assert!(
                errors[0].message.contains("line 1 column"),
                "{name}: {}",
                errors[0].message
            );
        }
    }
}

#[test]
fn nesting_just_within_the_limit_is_read_and_reported_as_a_type_problem() {
    // 64 levels with the root and bottomLine: read fine, then `expected_type` at posId.
    let receipt = |arrays: usize| {
        format!(
            r#"{{"orderLines": 1, "bottomLine": {{"currency": "NOK", "posId": {}1{}}}}}"#,
            "[".repeat(arrays),
            "]".repeat(arrays)
        )
    };
    let report = validate_receipt_text(&receipt(MAX_DEPTH - 2));
    assert!(
        report
            .find("bottomLine.posId", codes::EXPECTED_TYPE)
            .is_some(),
        "{report:#?}"
    );
    assert!(
        report.find("orderLines", codes::EXPECTED_TYPE).is_some(),
        "{report:#?}"
    );
    let report = validate_receipt_text(&receipt(MAX_DEPTH - 1));
    assert_eq!(codes_of(&report.errors), [codes::TOO_DEEP]);
    assert!(report.errors[0].path.starts_with("bottomLine.posId[0][0]"));
}

#[test]
fn error_bodies_nested_deeply_parse_to_none_without_overflowing() {
    let text = format!(r#"{{"title": "x", "extraDetails": {}"#, "[".repeat(100_000));
    let parsed = on_wasm_sized_stack(move || ErrorResponse::parse(&text));
    assert_eq!(parsed, None);
}

// --- huge inputs --------------------------------------------------------------------------

fn line(index: usize) -> Value {
    json!({"name": "x", "id": format!("l{index}"), "totalAmount": 125,
           "totalAmountExcludingTax": 100, "totalTaxAmount": 25, "taxRate": 2500})
}

#[test]
fn a_hundred_thousand_valid_order_lines_validate_in_bounded_time() {
    let lines: Vec<Value> = (0..100_000).map(line).collect();
    let text = json!({"orderLines": lines, "bottomLine": {"currency": "NOK"}}).to_string();
    let report = timed("100 000 valid lines", || validate_receipt_text(&text));
    assert!(report.valid, "{:?}", report.errors.first());
    // The preview of the same: bounded time, output linear in the lines.
    let receipt: Receipt = serde_json::from_str(&text).unwrap();
    let html = timed("preview of 100 000 lines", || {
        render_receipt_html(&receipt, &PreviewOptions::default())
    });
    assert!(html.len() < 2_000 * 100_000, "{} bytes", html.len());
}

#[test]
fn a_hundred_thousand_broken_order_lines_stop_at_the_issue_cap() {
    // Each line: identity broken, tax missing, a bad URL, an unknown field.
    let lines: Vec<Value> = (0..100_000)
        .map(|i| {
            json!({"name": "x", "id": "same", "totalAmount": 1, "totalAmountExcludingTax": 1,
                        "totalTaxAmount": 1, "productUrl": "nope", "extra": i})
        })
        .collect();
    let text = json!({"orderLines": lines, "bottomLine": {"currency": "NOK"}}).to_string();
    let report = timed("100 000 broken lines", || validate_receipt_text(&text));
    assert_eq!(report.errors.len(), MAX_ISSUES + 1);
    assert_eq!(report.warnings.len(), MAX_ISSUES + 1);
    assert_eq!(report.errors.last().unwrap().code, codes::TOO_MANY_ERRORS);
    assert_eq!(
        report.warnings.last().unwrap().code,
        codes::TOO_MANY_WARNINGS
    );
    // The listed ones are the first ones, in order.
    assert!(report.errors[0].path.starts_with("orderLines[0]"));
    assert!(
        report.errors[MAX_ISSUES]
            .message
            .contains("more were not listed")
    );
    assert!(!report.valid);
}

#[test]
fn only_warnings_past_the_cap_keep_the_report_valid() {
    let lines: Vec<Value> = (0..MAX_ISSUES + 500)
        .map(|i| {
            let mut line = line(i);
            line["misspelt"] = json!(1);
            line
        })
        .collect();
    let report =
        validate_receipt_value(&json!({"orderLines": lines, "bottomLine": {"currency": "NOK"}}));
    assert!(report.valid, "{:?}", report.errors.first());
    assert_eq!(report.warnings.len(), MAX_ISSUES + 1);
    assert_eq!(report.warnings[MAX_ISSUES].code, codes::TOO_MANY_WARNINGS);
}

#[test]
fn a_hundred_thousand_cart_items_build_or_fail_in_bounded_time() {
    let items: Vec<Value> = (0..100_000)
        .map(|i| json!({"id": format!("i{i}"), "name": "x", "unitPrice": "1.00", "taxRate": "25"}))
        .collect();
    let mut cart = json!({"currency": "NOK", "items": items, "discount": "999.99"});
    let text = cart.to_string();
    let receipt = timed("100 000 items", || build_receipt_from_text(&text))
        .unwrap()
        .receipt;
    assert_eq!(receipt.order_lines.len(), 100_000);
    assert_eq!(receipt.total(), Some(10_000_000 - 99_999));
    // All broken: the error list stops at the cap.
    for item in cart["items"].as_array_mut().unwrap() {
        item["unitPrice"] = json!("-1");
    }
    let errors = timed("100 000 broken items", || {
        build_errors(build_receipt_from_value(&cart))
    });
    assert_eq!(errors.len(), MAX_ISSUES + 1);
    assert_eq!(errors[MAX_ISSUES].code, codes::TOO_MANY_ERRORS);
}

#[test]
fn a_hundred_thousand_duplicate_keys_stop_at_the_cap() {
    let mut text = String::from(r#"{"orderLines": [], "bottomLine": {"currency": "NOK""#);
    for _ in 0..100_000 {
        text.push_str(r#", "posId": "p""#);
    }
    text.push_str("}}");
    let report = timed("100 000 duplicate keys", || validate_receipt_text(&text));
    assert_eq!(report.errors.len(), MAX_ISSUES + 1);
    assert_eq!(report.errors[0].path, "bottomLine.posId");
    assert_eq!(report.errors[0].code, codes::DUPLICATE_KEY);
    assert_eq!(report.errors[MAX_ISSUES].code, codes::TOO_MANY_ERRORS);
}

/// The path of every value inside `value` (not the root), as the issue paths spell them, and
/// with `[*]` for indices (for tables of exceptions).
fn all_paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    prefix.push(Step::Key(key.clone()));
                    out.push(prefix.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    prefix.push(Step::Index(index));
                    out.push(prefix.clone());
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn render(path: &[Step], wildcard: bool) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(_) if wildcard => out.push_str("[*]"),
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

fn at_mut<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

fn string_paths(value: &Value) -> Vec<Vec<Step>> {
    let mut probe = value.clone();
    all_paths(value)
        .into_iter()
        .filter(|path| at_mut(&mut probe, path).is_string())
        .collect()
}

// --- long strings -------------------------------------------------------------------------

const TEN_MB: usize = 10 << 20;

/// A 10 MB string that is hostile everywhere: markup, quotes, a NUL, a right-to-left override.
fn ten_mb_string() -> String {
    let unit = "<b x='\"'>&\u{0}\u{202e}é";
    unit.repeat(TEN_MB / unit.len())
}

/// Stands for the long string in a small document, so the 10 MB are escaped to JSON once, not
/// once per field (serializing is the slow part in a debug build).
const LONG: &str = "@@LONG@@";

/// `base` with the value at `path` replaced by `long_json` (a JSON string literal), as text.
fn with_long(base: &Value, path: &[Step], long_json: &str) -> String {
    let mut value = base.clone();
    *at_mut(&mut value, path) = json!(LONG);
    value.to_string().replace(&format!("\"{LONG}\""), long_json)
}

/// What a list of issues costs to hand back: the paths and messages.
fn issues_size<'a>(issues: impl IntoIterator<Item = &'a Issue>) -> usize {
    issues
        .into_iter()
        .map(|i| i.path.len() + i.message.len())
        .sum()
}

#[test]
fn ten_megabyte_strings_in_every_receipt_string_field() {
    let base = spec_receipt();
    let long_json = serde_json::to_string(&ten_mb_string()).unwrap();
    for path in string_paths(&base) {
        let text = with_long(&base, &path, &long_json);
        let where_ = render(&path, false);
        let report = timed(&where_, || validate_receipt_text(&text));
        // Every string field either refuses these characters (enums, URLs, quantity, barcode
        // data) or takes any text (names, line ids, posId, receiptNumber): the report says which.
        let any = report
            .errors
            .iter()
            .chain(&report.warnings)
            .any(|i| i.path == where_);
        let free_text = ["name", "id", "posId", "receiptNumber"]
            .iter()
            .any(|f| where_.ends_with(f));
        assert!(any || free_text, "{where_}: {report:#?}");
        // Messages may quote the value, so a report can be about as large as its input; no more.
        let size = issues_size(report.errors.iter().chain(&report.warnings));
        assert!(size < 3 * text.len() + 65_536, "{where_}: {size}");
    }
}

#[test]
fn ten_megabyte_strings_in_a_typed_receipt_preview_linearly() {
    let base = spec_receipt();
    let long = ten_mb_string();
    let long_json = serde_json::to_string(&long).unwrap();
    let long_options: PreviewOptions = serde_json::from_value(json!({
        "locale": "nb-NO",
        "category": {"category": "RECEIPT", "orderDetailsUrl": long, "imageId": long},
        "imageUrl": long,
        "allowedLinkSchemes": [long],
    }))
    .unwrap();
    let receipt: Receipt = serde_json::from_value(base.clone()).unwrap();
    let html = timed("long options", || {
        render_receipt_html(&receipt, &long_options)
    });
    // Four copies in the options: escaping grows each at most sixfold.
    assert!(html.len() < 6 * 4 * long.len() + 1_000_000);
    let options: PreviewOptions = serde_json::from_value(json!({
        "locale": "en-US",
        "category": {"category": "TICKET", "orderDetailsUrl": "https://example.com/o"},
    }))
    .unwrap();
    for path in string_paths(&base) {
        let where_ = render(&path, false);
        // Enum fields (currency, quantityUnit, barcode format) refuse any other text when typed.
        let Ok(receipt) = serde_json::from_str::<Receipt>(&with_long(&base, &path, &long_json))
        else {
            continue;
        };
        let html = timed(&where_, || render_receipt_html(&receipt, &options));
        let _ = timed(&where_, || preview_receipt(&receipt, &options));
        // The options hold four copies and the field one: escaping grows each at most sixfold,
        // and barcode bars are drawn only for data that fits on a receipt.
        assert!(
            html.len() < 6 * 5 * long.len() + 1_000_000,
            "{where_}: {} bytes",
            html.len()
        );
    }
}

#[test]
fn ten_megabyte_strings_in_every_cart_string_field() {
    let base = full_cart();
    let long_json = serde_json::to_string(&ten_mb_string()).unwrap();
    for path in string_paths(&base) {
        let text = with_long(&base, &path, &long_json);
        let where_ = render(&path, false);
        match timed(&where_, || build_receipt_from_text(&text)) {
            Err(error) => {
                assert!(
                    error.issues.iter().any(|i| i.path == where_),
                    "{where_}: {error}"
                );
                let size = issues_size(&error.issues);
                assert!(size < 3 * text.len() + 65_536, "{where_}: {size}");
            }
            Ok(_) => {
                // Only free text (names, ids, receipt number, posId) and barcode data (checked
                // by the validator, as a warning) may be anything.
                let free = ["name", "id", "receiptNumber", "posId", "barcode.data"]
                    .iter()
                    .any(|f| where_.ends_with(f));
                assert!(free, "{where_} built a receipt from a 10 MB hostile string");
            }
        }
    }
}

#[test]
fn ten_megabyte_category_and_image_fields() {
    let long_json = serde_json::to_string(&ten_mb_string()).unwrap();
    let v2 =
        json!({"category": "RECEIPT", "orderDetailsUrl": "https://example.com", "imageId": "i"});
    let v3 = json!({"orderId": "o", "paymentType": "ECOM", "type": "RECEIPT",
                    "url": "https://example.com", "imageId": "i"});
    let upload = json!({"imageId": "i", "src": "iVBORw0KGgo=", "type": "base64"});
    type TextValidator = fn(&str) -> Report;
    let cases: [(&Value, TextValidator); 3] = [
        (&v2, validate_order_category_text),
        (&v3, validate_add_category_request_text),
        (&upload, image::validate_image_json),
    ];
    for (base, validate) in cases {
        for path in all_paths(base) {
            let text = with_long(base, &path, &long_json);
            let where_ = render(&path, false);
            let report = timed(&where_, || validate(&text));
            assert!(
                report.errors.iter().any(|i| i.path == where_),
                "{where_}: {report:#?}"
            );
            let size = issues_size(report.errors.iter().chain(&report.warnings));
            assert!(size < 3 * text.len() + 65_536, "{where_}: {size}");
        }
    }
    // 10 MB of base64 that decodes to 7.5 MB of "PNG": too large, said plainly.
    let src = format!("iVBORw0KGgo{}=", "A".repeat(TEN_MB - 12));
    let report = timed("10 MB image", || {
        image::validate_image_value(&json!({"imageId": "i", "src": src, "type": "base64"}))
    });
    assert!(
        report
            .errors
            .iter()
            .any(|i| i.code == codes::IMAGE_TOO_LARGE),
        "{report:#?}"
    );
}

// --- numbers ------------------------------------------------------------------------------

/// Number texts that JSON allows but JavaScript cannot hold, or that are not integers.
const BAD_NUMBER_TEXTS: [(&str, &str); 6] = [
    ("9007199254740992", codes::TOO_LARGE),
    ("-9007199254740992", codes::TOO_LARGE),
    ("18446744073709551616", codes::TOO_LARGE),
    ("123456789012345678901234567890", codes::TOO_LARGE),
    ("-0", codes::NOT_INTEGER),
    ("1.5", codes::NOT_INTEGER),
];

#[test]
fn out_of_range_numbers_in_every_receipt_integer_field() {
    let base = spec_receipt();
    let mut probe = base.clone();
    let integer_paths: Vec<_> = all_paths(&base)
        .into_iter()
        .filter(|path| at_mut(&mut probe, path).is_i64())
        .collect();
    assert!(integer_paths.len() > 15);
    for path in &integer_paths {
        let where_ = render(path, false);
        for (number, code) in BAD_NUMBER_TEXTS {
            let mut receipt = base.clone();
            *at_mut(&mut receipt, path) = json!("NUMBER");
            let text = receipt.to_string().replace("\"NUMBER\"", number);
            let report = validate_receipt_text(&text);
            assert!(
                report.find(&where_, code).is_some(),
                "{where_} = {number}: {report:#?}"
            );
        }
    }
}

#[test]
fn numbers_json_cannot_hold_are_syntax_errors_with_a_hint() {
    for (text, hint) in [
        (
            r#"{"orderLines": [], "bottomLine": {"tipAmount": 1e400}}"#,
            "64-bit float",
        ),
        (
            r#"{"orderLines": [], "bottomLine": {"tipAmount": -1e400}}"#,
            "64-bit float",
        ),
        (
            r#"{"orderLines": [], "bottomLine": {"tipAmount": NaN}}"#,
            "NaN and Infinity",
        ),
        (
            r#"{"orderLines": [], "bottomLine": {"tipAmount": Infinity}}"#,
            "NaN and Infinity",
        ),
        (
            r#"{"orderLines": [], "bottomLine": {"tipAmount": -Infinity}}"#,
            "NaN and Infinity",
        ),
    ] {
        for (name, errors) in all_text_entry_points(text) {
            assert_eq!(codes_of(&errors), [codes::JSON_SYNTAX], "{name}: {text}");
            assert!(
                errors[0].message.contains(hint),
                "{name}: {}",
                errors[0].message
            );
            assert!(
                errors[0].message.contains("line 1 column"),
                "{}",
                errors[0].message
            );
        }
    }
}

#[test]
fn out_of_range_numbers_in_carts() {
    for (number, code) in BAD_NUMBER_TEXTS {
        let text = full_cart()
            .to_string()
            .replace("4990", number)
            .replace(r#""tipAmount":"5.00""#, &format!(r#""tipAmount":{number}"#));
        let errors = build_errors(build_receipt_from_text(&text));
        for path in ["items[1].unitPrice", "tipAmount"] {
            assert!(
                errors.iter().any(|i| i.path == path && i.code == code),
                "{path} = {number}: {errors:#?}"
            );
        }
    }
}

// --- duplicate keys, BOM, UTF-8, control characters ---------------------------------------

#[test]
fn duplicate_keys_are_errors_with_paths_for_every_reader() {
    let receipt = r#"{"orderLines": [{"name": "a", "id": "1", "totalAmount": 125,
        "totalAmountExcludingTax": 100, "totalTaxAmount": 25, "taxRate": 2500,
        "totalAmount": 999}], "bottomLine": {"currency": "NOK"}}"#;
    let report = validate_receipt_text(receipt);
    let duplicate = report
        .find("orderLines[0].totalAmount", codes::DUPLICATE_KEY)
        .unwrap();
    assert!(duplicate.message.contains("totalAmount"));
    // The rest of the receipt is still checked (the last value counts, so the identity breaks).
    assert!(
        report
            .errors
            .iter()
            .any(|i| i.code == codes::LINE_IDENTITY && i.path.starts_with("orderLines[0]")),
        "{report:#?}"
    );

    let cart = r#"{"currency": "NOK", "items": [{"id": "a", "name": "A", "unitPrice": "1",
        "taxRate": "25", "unitPrice": "2"}]}"#;
    let errors = build_errors(build_receipt_from_text(cart));
    assert_eq!(
        errors
            .iter()
            .map(|i| (i.path.as_str(), i.code))
            .collect::<Vec<_>>(),
        [("items[0].unitPrice", codes::DUPLICATE_KEY)]
    );

    let category = r#"{"category": "RECEIPT", "orderDetailsUrl": "https://a.example",
        "category": "TICKET"}"#;
    let report = validate_order_category_text(category);
    assert_eq!(
        report
            .find("category", codes::DUPLICATE_KEY)
            .map(|i| i.code),
        Some(codes::DUPLICATE_KEY)
    );
    let report = image::validate_image_json(
        r#"{"imageId": "a", "imageId": "b", "src": "", "type": "base64"}"#,
    );
    assert!(
        report.find("imageId", codes::DUPLICATE_KEY).is_some(),
        "{report:#?}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted_everywhere() {
    let text = format!("\u{feff}{}", spec_receipt());
    assert!(validate_receipt_text(&text).valid);
    let cart = format!("\u{feff}{}", full_cart());
    assert!(build_receipt_from_text(&cart).is_ok());
    let category =
        "\u{feff}{\"category\": \"RECEIPT\", \"orderDetailsUrl\": \"https://a.example\"}";
    assert!(validate_order_category_text(category).valid);
}

#[test]
fn invalid_utf8_is_an_issue_through_bytes_and_replaced_through_lossy_text() {
    let mut bytes = spec_receipt().to_string().into_bytes();
    let at = bytes.windows(5).position(|w| w == b"socks").unwrap();
    bytes[at] = 0xff;
    let report = json::report_bytes(&bytes, validate_receipt_value);
    assert_eq!(codes_of(&report.errors), [codes::JSON_SYNTAX]);
    assert!(
        report.errors[0].message.contains("line 1 column"),
        "{}",
        report.errors[0].message
    );
    // Through text, the caller's lossy decoding makes it U+FFFD: a valid name.
    let text = String::from_utf8_lossy(&bytes);
    assert!(validate_receipt_text(&text).valid);
    // A truncated multi-byte character at the very end, and lone continuation bytes.
    for bytes in [&b"{\"a\": \"\xc3"[..], b"\x80\x80", b"[\"\xed\xa0\x80\"]"] {
        let report = json::report_bytes(bytes, validate_receipt_value);
        assert_eq!(codes_of(&report.errors), [codes::JSON_SYNTAX], "{bytes:?}");
    }
}

#[test]
fn control_characters_in_strings_are_syntax_errors_with_position() {
    for control in ['\u{0}', '\u{1b}', '\n', '\t', '\u{1f}'] {
        let text = format!(
            "{{\n  \"orderLines\": [],\n  \"bottomLine\": {{\"posId\": \"a{control}b\"}}\n}}"
        );
        for (name, errors) in all_text_entry_points(&text) {
            assert_eq!(codes_of(&errors), [codes::JSON_SYNTAX], "{name}");
            assert!(
                errors[0].message.contains("control character"),
                "{}",
                errors[0].message
            );
            // A raw line break ends line 3 itself: serde_json places it at the start of line 4.
            let line = if control == '\n' {
                "line 4 column"
            } else {
                "line 3 column"
            };
            assert!(errors[0].message.contains(line), "{}", errors[0].message);
        }
    }
    // Escaped, they are text: the validator sees the string.
    let text = r#"{"orderLines": [], "bottomLine": {"currency": "NOK", "posId": "a\u0000b"}}"#;
    assert!(
        validate_receipt_text(text)
            .find("", codes::JSON_SYNTAX)
            .is_none()
    );
}

#[test]
fn garbage_texts_are_one_syntax_error_each() {
    let texts = [
        "",
        " ",
        "\u{feff}",
        "nul",
        "{",
        "}",
        "[",
        "\"",
        "{\"a\"}",
        "{\"a\":}",
        "{,}",
        "[1,]",
        "{\"a\":1,}",
        "'a'",
        "{a:1}",
        "0x10",
        "01",
        "1.",
        ".5",
        "+1",
        "--1",
        "1e",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"\\u12\"",
        "{} {}",
        "[] x",
        "\u{0}",
        "/* c */ {}",
        "{\"a\":1}\u{0}",
    ];
    for text in texts {
        for (name, errors) in all_text_entry_points(text) {
            // "\ud800" is a lone surrogate escape, which serde_json refuses as text too.
            assert_eq!(
                codes_of(&errors),
                [codes::JSON_SYNTAX],
                "{name}: {text:?} → {errors:#?}"
            );
        }
    }
}

// --- every field with every wrong type ----------------------------------------------------

/// The replacements each field gets, by name.
fn replacements() -> Vec<(&'static str, Value)> {
    vec![
        ("null", Value::Null),
        ("true", json!(true)),
        ("1.5", json!(1.5)),
        ("\"x\"", json!("x")),
        ("[]", json!([])),
        ("{}", json!({})),
        ("-1", json!(-1)),
        (
            "2^64",
            serde_json::from_str("18446744073709551616").unwrap(),
        ),
    ]
}

/// Runs the matrix: for every path in `base` and every replacement, `errors` must report an
/// error at that path, or beneath it when an object was replaced by `{}` (its required fields
/// are reported at their own paths), unless `(path with [*], replacement)` is in `accepted`.
/// Also fails when an accepted pair no longer needs accepting, so the table stays honest.
fn wrong_type_matrix(
    base: &Value,
    errors: impl Fn(&Value) -> Vec<Issue>,
    accepted: &[(&str, &str, &str)],
) {
    let mut missing = Vec::new();
    let mut used = vec![false; accepted.len()];
    for path in all_paths(base) {
        let exact = render(&path, false);
        let pattern = render(&path, true);
        for (name, replacement) in replacements() {
            let mut value = base.clone();
            *at_mut(&mut value, &path) = replacement;
            let found = timed(&exact, || errors(&value));
            let hit = found.iter().any(|issue| {
                issue.path == exact
                    || (name == "{}"
                        && (issue.path.starts_with(&format!("{exact}."))
                            || issue.path.starts_with(&format!("{exact}["))))
            });
            if hit {
                continue;
            }
            if let Some(index) = accepted
                .iter()
                .position(|(p, r, _)| *p == pattern && (*r == name || *r == "*"))
            {
                used[index] = true;
            } else {
                missing.push(format!("{exact} = {name}: {:?}", codes_of(&found)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no error at the replaced path:\n{}",
        missing.join("\n")
    );
    let unused: Vec<_> = accepted
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(a, _)| a)
        .collect();
    assert!(
        unused.is_empty(),
        "accepted pairs that now have their error: {unused:?}"
    );
}

#[test]
fn every_receipt_field_with_every_wrong_type() {
    // Why these replacements are fine where they are:
    const ACCEPTED: &[(&str, &str, &str)] = &[
        // Free text: any string is a name, a line id, a POS id or a receipt number.
        ("orderLines[*].name", "\"x\"", "free text"),
        ("orderLines[*].id", "\"x\"", "free text"),
        ("bottomLine.posId", "\"x\"", "free text"),
        ("bottomLine.receiptNumber", "\"x\"", "free text"),
        // Optional fields: null is "absent".
        (
            "orderLines[*].taxPercentage",
            "null",
            "optional; tax_missing is then reported on the line, not at this field",
        ),
        ("orderLines[*].unitInfo", "null", "optional"),
        (
            "orderLines[*].unitInfo.unitPrice",
            "null",
            "nullable in the spec",
        ),
        ("orderLines[*].unitInfo.quantityUnit", "null", "optional"),
        ("orderLines[*].discount", "null", "optional"),
        ("orderLines[*].productUrl", "null", "optional"),
        ("orderLines[*].isReturn", "null", "optional"),
        ("orderLines[*].isShipping", "null", "optional"),
        ("bottomLine.tipAmount", "null", "optional"),
        ("bottomLine.posId", "null", "optional"),
        ("bottomLine.paymentSources", "null", "optional"),
        ("bottomLine.paymentSources.giftCard", "null", "optional"),
        (
            "bottomLine.paymentSources.card",
            "null",
            "optional (then the sources sum differs: a warning at paymentSources)",
        ),
        ("bottomLine.paymentSources.voucher", "null", "optional"),
        ("bottomLine.paymentSources.cash", "null", "optional"),
        ("bottomLine.barcode", "null", "optional"),
        ("bottomLine.receiptNumber", "null", "optional"),
        (
            "bottomLine.barcode.format",
            "null",
            "required but nullable in the spec",
        ),
        (
            "bottomLine.barcode.data",
            "null",
            "required but nullable in the spec",
        ),
        // Booleans: true is a boolean.
        (
            "orderLines[*].isReturn",
            "true",
            "a boolean (the receipt total changes: a warning at paymentSources)",
        ),
        ("orderLines[*].isShipping", "true", "a boolean"),
        // An empty paymentSources has all four optional fields absent (the sum warning says so).
        (
            "bottomLine.paymentSources",
            "{}",
            "all fields optional; payment_sources_mismatch warns",
        ),
        // Nullable in the spec: a null_value warning, not an error (docs/CODES.md).
        (
            "bottomLine.currency",
            "null",
            "nullable in the spec: a null_value warning",
        ),
        // The spec gives the line totals no minimum: -1 is a negative_line_amount warning at the
        // path (the line identity, an error, is then reported on totalTaxAmount).
        (
            "orderLines[*].totalAmount",
            "-1",
            "no minimum in the spec: a warning",
        ),
        (
            "orderLines[*].totalAmountExcludingTax",
            "-1",
            "no minimum in the spec: a warning",
        ),
        // Barcode data is any text; wrong lengths and characters are warnings at the path.
        (
            "bottomLine.barcode.data",
            "\"x\"",
            "barcode_length warning at the path",
        ),
    ];
    wrong_type_matrix(
        &spec_receipt(),
        |value| validate_receipt_text(&value.to_string()).errors,
        ACCEPTED,
    );
}

#[test]
fn every_cart_field_with_every_wrong_type() {
    const ACCEPTED: &[(&str, &str, &str)] = &[
        ("items[*].id", "\"x\"", "free text"),
        ("items[*].name", "\"x\"", "free text"),
        ("shipping.id", "\"x\"", "free text"),
        ("shipping.name", "\"x\"", "free text"),
        ("fees[*].id", "\"x\"", "free text"),
        ("fees[*].name", "\"x\"", "free text"),
        ("receiptNumber", "\"x\"", "free text"),
        ("posId", "\"x\"", "free text"),
        (
            "barcode.data",
            "\"x\"",
            "any text; the validator warns about its length",
        ),
        ("items[*].isReturn", "true", "a boolean"),
        ("pricesIncludeTax", "true", "a boolean"),
        // Optional fields: null is "absent".
        ("items[*].quantity", "null", "optional: 1"),
        ("items[*].unit", "null", "optional: PCS"),
        ("items[*].discount", "null", "optional"),
        ("items[*].productUrl", "null", "optional"),
        ("items[*].isReturn", "null", "optional"),
        ("shipping", "null", "optional"),
        ("shipping.id", "null", "optional: generated"),
        ("shipping.discount", "null", "optional"),
        ("fees", "null", "optional"),
        ("fees", "[]", "no fees"),
        ("fees[*].id", "null", "optional: generated"),
        ("discount", "null", "optional"),
        ("tipAmount", "null", "optional"),
        ("paymentSources", "null", "optional"),
        ("paymentSources", "{}", "all optional"),
        ("paymentSources.giftCard", "null", "optional"),
        ("paymentSources.card", "null", "optional"),
        ("paymentSources.voucher", "null", "optional"),
        ("paymentSources.cash", "null", "optional"),
        ("barcode", "null", "optional"),
        ("receiptNumber", "null", "optional"),
        ("posId", "null", "optional"),
        ("pricesIncludeTax", "null", "optional: true"),
        ("shipping", "[]", "shipping may be a list of shipping lines"),
        // Items are optional (a cart of shipping and fees); here the cart discount then has
        // nothing to spread over, reported at `discount`.
        (
            "items",
            "null",
            "optional; cart_discount_exceeds_items at discount",
        ),
        (
            "items",
            "[]",
            "optional; cart_discount_exceeds_items at discount",
        ),
    ];
    wrong_type_matrix(
        &full_cart(),
        |value| match build_receipt_from_text(&value.to_string()) {
            Ok(_) => Vec::new(),
            Err(error) => error.issues,
        },
        ACCEPTED,
    );
}

#[test]
fn every_category_and_image_field_with_every_wrong_type() {
    wrong_type_matrix(
        &json!({"category": "RECEIPT", "orderDetailsUrl": "https://example.com/o", "imageId": "img-1"}),
        |value| validate_order_category_text(&value.to_string()).errors,
        &[
            ("imageId", "null", "optional"),
            ("imageId", "\"x\"", "a valid id"),
            (
                "category",
                "null",
                "nullable in the spec: a null_value warning (docs/CODES.md)",
            ),
        ],
    );
    wrong_type_matrix(
        &json!({"orderId": "o-1", "paymentType": "ECOM", "type": "RECEIPT",
                "url": "https://example.com/o", "imageId": "img-1"}),
        |value| validate_add_category_request_text(&value.to_string()).errors,
        &[
            ("orderId", "\"x\"", "a valid id"),
            ("imageId", "null", "optional"),
            ("imageId", "\"x\"", "a valid id"),
        ],
    );
    // A real 1×1 PNG is too short for the API; the matrix looks for errors at the path, and
    // `src` has one whatever it holds.
    wrong_type_matrix(
        &json!({"imageId": "img-1", "type": "base64",
                "src": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}),
        |value| image::validate_image_json(&value.to_string()).errors,
        &[("imageId", "\"x\"", "a valid id")],
    );
}

// --- the preview on hostile but typed receipts ---------------------------------------------

#[test]
fn the_preview_survives_extreme_typed_values() {
    let extremes = [
        i64::MIN,
        i64::MIN + 1,
        -1,
        0,
        i64::MAX,
        9_007_199_254_740_992,
    ];
    let quantities = [
        "0",
        "-1",
        "99999999999999999999999999999999.99999999",
        "1e400",
        "NaN",
        "",
        "٣",
        "1.",
        ".5",
        "0.000000001",
        "1,5",
        "\u{202e}2",
    ];
    let mut lines = Vec::new();
    for (i, amount) in extremes.iter().enumerate() {
        for (j, quantity) in quantities.iter().enumerate() {
            lines.push(json!({
                "name": "<script>alert(1)</script>", "id": format!("{i}-{j}"),
                "totalAmount": amount, "totalAmountExcludingTax": amounts_rotated(i, 1),
                "totalTaxAmount": amounts_rotated(i, 2), "taxRate": amount,
                "taxPercentage": amounts_rotated(i, 3),
                "unitInfo": {"unitPrice": amount, "quantity": quantity, "quantityUnit": "KWH"},
                "discount": amount, "productUrl": " javascript:alert(1)",
                "isReturn": j % 2 == 0, "isShipping": j % 3 == 0
            }));
        }
    }
    for format in ["EAN-13", "CODE 39", "CODE 128"] {
        for data in [
            "",
            "\u{0}",
            "4006381333931",
            "é",
            &"9".repeat(100_000),
            "*",
            "~\u{7f}",
        ] {
            let receipt: Receipt = serde_json::from_value(json!({
                "orderLines": lines,
                "bottomLine": {"currency": "EUR", "tipAmount": i64::MAX,
                    "paymentSources": {"giftCard": i64::MIN, "card": i64::MAX, "voucher": -1, "cash": 0},
                    "barcode": {"format": format, "data": data},
                    "receiptNumber": "\"><img src=x onerror=alert(1)>", "posId": "",
                    "giftCardAmount": i64::MIN, "totalAmount": i64::MAX, "terminalId": "t"}
            }))
            .unwrap();
            for locale in ["nb-NO", "en-US", "da-DK", "fi-FI", "zz"] {
                let options: PreviewOptions =
                    serde_json::from_value(json!({"locale": locale})).unwrap();
                let html = timed("extreme preview", || {
                    render_receipt_html(&receipt, &options)
                });
                let _ = preview_receipt(&receipt, &options);
                assert!(!html.contains("<script>") && !html.contains("<img src=x"));
                assert!(
                    html.len() < 200 * (data.len() + 1) + 4_000_000,
                    "{} bytes",
                    html.len()
                );
            }
        }
    }
}

fn amounts_rotated(index: usize, by: usize) -> i64 {
    [
        i64::MIN,
        i64::MIN + 1,
        -1,
        0,
        i64::MAX,
        9_007_199_254_740_992,
    ][(index + by) % 6]
}

// --- the API's error bodies ---------------------------------------------------------------

#[test]
fn error_bodies_of_any_shape_parse_without_panicking() {
    let long = "x".repeat(TEN_MB);
    let bodies = [
        String::new(),
        "null".to_owned(),
        "[]".to_owned(),
        "\"text\"".to_owned(),
        "<html>502</html>".to_owned(),
        "{}".to_owned(),
        r#"{"title": 5, "detail": []}"#.to_owned(),
        r#"{"invalidParams": "x"}"#.to_owned(),
        r#"{"invalidParams": [1, null, {"name": 2}]}"#.to_owned(),
        r#"{"extraDetails": [1, {"field": []}, {"name": "a", "reason": 3}]}"#.to_owned(),
        r#"{"extraDetails": {"a": {"b": [1, 2]}, "c": null}}"#.to_owned(),
        format!(r#"{{"title": "{long}", "extraDetails": {{"{long}": "{long}"}}}}"#),
        format!(
            r#"{{"extraDetails": {}1{}}}"#,
            "[".repeat(100),
            "]".repeat(100)
        ),
        "\u{feff}{\"title\": \"bom\"}".to_owned(),
        r#"{"title": "a", "title": "b"}"#.to_owned(),
    ];
    for body in &bodies {
        let parsed = timed("error body", || ErrorResponse::parse(body));
        if let Some(problem) = parsed {
            let _ = problem.field_problems();
        }
    }
}

#[test]
fn error_bodies_with_a_mistyped_field_keep_the_rest() {
    // "An error body must never fail to parse": a JSON object always gives a problem, and the
    // fields that have their type are kept.
    let problem =
        ErrorResponse::parse(r#"{"title": "Bad Request", "detail": 5, "invalidParams": "x"}"#)
            .expect("an object is a problem");
    assert_eq!(problem.title.as_deref(), Some("Bad Request"));
    assert_eq!(problem.detail, None);
    let problem = ErrorResponse::parse(
        r#"{"title": "Bad", "invalidParams": [{"name": "orderId", "reason": "too long"}, 7, {"name": 1}]}"#,
    )
    .unwrap();
    assert_eq!(problem.field_problems().len(), 1);
    assert_eq!(problem.field_problems()[0].name, "orderId");
    let problem = ErrorResponse::parse("\u{feff}{\"title\": \"bom\"}").unwrap();
    assert_eq!(problem.title.as_deref(), Some("bom"));
}

// --- the report cap itself ----------------------------------------------------------------

#[test]
fn the_issue_cap_keeps_the_first_ones_and_says_so_once() {
    let mut issues = vipps_order_management::Issues::new();
    for i in 0..MAX_ISSUES + 5000 {
        issues.error(format!("e{i}"), codes::REQUIRED, "r");
        issues.warning(format!("w{i}"), codes::UNKNOWN_FIELD, "u");
    }
    let report = issues.into_report();
    assert_eq!(report.errors.len(), MAX_ISSUES + 1);
    assert_eq!(
        report.errors[MAX_ISSUES - 1].path,
        format!("e{}", MAX_ISSUES - 1)
    );
    assert_eq!(
        report
            .errors
            .iter()
            .filter(|i| i.code == codes::TOO_MANY_ERRORS)
            .count(),
        1
    );
    assert_eq!(report.warnings[MAX_ISSUES].code, codes::TOO_MANY_WARNINGS);
    assert!(
        report.errors[MAX_ISSUES].message.contains("4999 more"),
        "{}",
        report.errors[MAX_ISSUES].message
    );
    let mut few = vipps_order_management::Issues::new();
    few.warning("w", codes::UNKNOWN_FIELD, "u");
    assert!(few.into_report().valid);
}

// --- regressions --------------------------------------------------------------------------

/// Found by the hostile corpus: the builder copied any `productUrl` into the receipt, which the
/// validator then refused (every receipt the builder makes must validate).
#[test]
fn the_builder_refuses_product_urls_the_validator_refuses() {
    for url in [
        "",
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "/relative",
        "data:text/html,x",
    ] {
        let mut cart = full_cart();
        cart["items"][0]["productUrl"] = json!(url);
        let errors = build_errors(build_receipt_from_value(&cart));
        assert!(
            errors.iter().any(|i| i.path == "items[0].productUrl"),
            "{url:?}: {errors:#?}"
        );
    }
    // http and blanks are only warnings in the validator, so the builder takes them.
    for url in ["http://example.com/a", "https://example.com/a b"] {
        let mut cart = full_cart();
        cart["items"][0]["productUrl"] = json!(url);
        let receipt = build_receipt_from_value(&cart).unwrap().receipt;
        assert!(validate_receipt(&receipt).valid, "{url}");
    }
}

// --- issue #14: dot-segment ids, barcode lengths, bidi controls ---------------------------

#[test]
fn dot_segment_ids_are_errors_in_every_id_validator() {
    use vipps_order_management::validate::validate_order_id;
    for id in [".", ".."] {
        let report = validate_order_id(id);
        assert_eq!(codes_of(&report.errors), [codes::ID_DOT_SEGMENT], "{id:?}");
        let request = json!({"orderId": id, "paymentType": "ECOM", "type": "TICKET",
            "url": "https://example.com/t", "imageId": id});
        let report = validate_add_category_request_text(&request.to_string());
        let at: Vec<(&str, &str)> = report
            .errors
            .iter()
            .map(|i| (i.path.as_str(), i.code))
            .collect();
        assert!(at.contains(&("orderId", codes::ID_DOT_SEGMENT)), "{at:?}");
        assert!(at.contains(&("imageId", codes::ID_DOT_SEGMENT)), "{at:?}");
        let category = json!({"category": "RECEIPT", "orderDetailsUrl": "https://e.com/o",
            "imageId": id});
        let report = validate_order_category_text(&category.to_string());
        assert_eq!(codes_of(&report.errors), [codes::ID_DOT_SEGMENT], "{id:?}");
    }
    // Look-alikes are not dot segments but are not ids either: `%` is outside the pattern.
    for id in ["%2e", "%2E%2e", ".%2E", "..."] {
        let report = validate_order_id(id);
        let expected: &[&str] = if id == "..." {
            &[]
        } else {
            &[codes::ID_PATTERN]
        };
        assert_eq!(codes_of(&report.errors), expected, "{id:?}");
    }
}

#[test]
fn ten_megabyte_barcodes_of_every_format_are_never_drawn_and_reported_briefly() {
    for format in ["EAN-13", "CODE 39", "CODE 128"] {
        for unit in ["4006381333931", "ABC-123 ", "<b>&\u{202e}é"] {
            let data = unit.repeat(TEN_MB / unit.len());
            let mut receipt = spec_receipt();
            receipt["bottomLine"]["barcode"] = json!({"format": format, "data": data});
            let text = receipt.to_string();
            let where_ = format!("{format} {unit:?}");
            let report = timed(&where_, || validate_receipt_text(&text));
            assert!(
                report
                    .warnings
                    .iter()
                    .any(|i| i.path == "bottomLine.barcode.data"
                        && [codes::BARCODE_LENGTH, codes::BARCODE_CHARSET].contains(&i.code)),
                "{where_}: {report:#?}"
            );
            // The messages quote at most a few characters of the data.
            let size = issues_size(report.errors.iter().chain(&report.warnings));
            assert!(size < 4_096, "{where_}: {size} bytes of issues");
            let typed: Receipt = serde_json::from_value(receipt).unwrap();
            let html = timed(&where_, || {
                render_receipt_html(&typed, &PreviewOptions::default())
            });
            assert!(!html.contains("<svg class=\"vomr-barcode-svg"), "{where_}");
            assert!(html.len() < 100_000, "{where_}: {} bytes", html.len());
        }
    }
}

const BIDI_CONTROLS: [char; 12] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
];

#[test]
fn bidi_controls_in_every_receipt_string_field() {
    let base = spec_receipt();
    let free_text = |path: &str| {
        ["name", "id", "posId", "receiptNumber", "terminalId"]
            .iter()
            .any(|f| path.ends_with(&format!(".{f}")))
    };
    let mut paths = string_paths(&base);
    paths.push(vec![
        Step::Key("bottomLine".into()),
        Step::Key("terminalId".into()),
    ]);
    for path in &paths {
        let where_ = render(path, false);
        for control in BIDI_CONTROLS {
            let mut receipt = base.clone();
            *at_mut(&mut receipt, path) = json!(format!("R-1{control}"));
            let report = validate_receipt_value(&receipt);
            let bidi = report
                .warnings
                .iter()
                .any(|i| i.path == where_ && i.code == codes::BIDI_CONTROL);
            assert_eq!(
                bidi,
                free_text(&where_),
                "{where_} U+{:04X}",
                u32::from(control)
            );
            // Typed (enum fields refuse the text), the preview isolates it in a <bdi>.
            let Ok(typed) = serde_json::from_value::<Receipt>(receipt) else {
                continue;
            };
            let html = render_receipt_html(&typed, &PreviewOptions::default());
            assert_eq!(
                html.matches("<bdi>").count(),
                html.matches("</bdi>").count()
            );
            if free_text(&where_) && !where_.ends_with(".id") && !where_.ends_with(".terminalId") {
                assert!(
                    html.contains(&format!("<bdi>R-1{control}</bdi>")),
                    "{where_}"
                );
            }
        }
    }
}
