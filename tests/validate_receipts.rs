//! Receipt validation: a table of bad receipts with the exact (path, code) each must produce,
//! rules one by one, a 200-line receipt with every field wrong, and input that must not panic.

use proptest::prelude::*;
use serde_json::{Value, json};
use vipps_order_management::codes;
use vipps_order_management::model::*;
use vipps_order_management::validate::*;
use vipps_order_management::{Issue, Report};

/// A valid receipt: 2 × 39.90 socks at 25 % and 49.00 shipping at 25 %, paid 128.80 by card.
fn base() -> Value {
    json!({
        "orderLines": [
            {
                "name": "Socks", "id": "sku-1",
                "totalAmount": 7980, "totalAmountExcludingTax": 6384, "totalTaxAmount": 1596,
                "taxRate": 2500,
                "unitInfo": {"unitPrice": 3990, "quantity": "2", "quantityUnit": "PCS"},
                "discount": 0, "productUrl": "https://shop.example/socks",
                "isReturn": false, "isShipping": false
            },
            {
                "name": "Home delivery", "id": "shipping",
                "totalAmount": 4900, "totalAmountExcludingTax": 3920, "totalTaxAmount": 980,
                "taxRate": 2500, "isShipping": true
            }
        ],
        "bottomLine": {
            "currency": "NOK", "tipAmount": 0, "posId": "pos-1",
            "paymentSources": {"card": 12880},
            "barcode": {"format": "EAN-13", "data": "4006381333931"},
            "receiptNumber": "10042"
        }
    })
}

/// Sets (or, with `None`, removes) the value at a path like `orderLines.0.unitInfo.quantity`.
fn set(value: &mut Value, path: &str, new: Option<Value>) {
    let (parent, last) = path.rsplit_once('.').unwrap_or(("", path));
    let mut target = value;
    for part in parent.split('.').filter(|p| !p.is_empty()) {
        target = match part.parse::<usize>() {
            Ok(i) => &mut target[i],
            Err(_) => &mut target[part],
        };
    }
    match (target, new) {
        (Value::Object(map), Some(v)) => {
            map.insert(last.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (Value::Array(items), Some(v)) => items[last.parse::<usize>().unwrap()] = v,
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().unwrap());
        }
        (other, _) => panic!("cannot set {path} in {other}"),
    }
}

fn with(changes: &[(&str, Option<Value>)]) -> Value {
    let mut value = base();
    for (path, new) in changes {
        set(&mut value, path, new.clone());
    }
    value
}

fn found(report: &Report) -> Vec<(String, &'static str)> {
    let mut all: Vec<_> = report
        .errors
        .iter()
        .chain(&report.warnings)
        .map(|i| (i.path.clone(), i.code))
        .collect();
    all.sort();
    all
}

#[test]
fn the_base_receipt_is_clean() {
    let report = validate_receipt_value(&base());
    assert_eq!(
        report,
        Report {
            valid: true,
            errors: vec![],
            warnings: vec![]
        }
    );
    let text = base().to_string();
    assert_eq!(validate_receipt_text(&text), report);
    let typed: Receipt = serde_json::from_value(base()).unwrap();
    assert_eq!(validate_receipt(&typed), report);
}

/// (name, receipt, the exact (path, code) of every issue it must produce)
type Case = (&'static str, Value, Vec<(&'static str, &'static str)>);

#[test]
fn table_of_bad_receipts() {
    let s = |t: &str| Some(json!(t));
    let n = |v: i64| Some(json!(v));
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("root is an array", json!([]), vec![("", codes::EXPECTED_TYPE)]),
        ("root is null", Value::Null, vec![("", codes::EXPECTED_TYPE)]),
        ("no order lines", with(&[("orderLines", None)]), vec![("orderLines", codes::REQUIRED)]),
        ("no bottom line", with(&[("bottomLine", None)]), vec![("bottomLine", codes::REQUIRED)]),
        ("order lines not an array", with(&[("orderLines", Some(json!({})))]), vec![("orderLines", codes::EXPECTED_TYPE)]),
        ("empty order lines", with(&[("orderLines", Some(json!([])))]),
            vec![("orderLines", codes::MIN_ITEMS), ("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH)]),
        ("a line that is a string", with(&[("orderLines.1", s("x"))]), vec![("orderLines[1]", codes::EXPECTED_TYPE)]),
        ("identity broken by one", with(&[("orderLines.0.totalTaxAmount", n(1597))]),
            vec![("orderLines[0].totalTaxAmount", codes::LINE_IDENTITY)]),
        ("tax not the stated rate", with(&[("orderLines.0.totalAmountExcludingTax", n(5980)), ("orderLines.0.totalTaxAmount", n(2000))]),
            vec![("orderLines[0].taxRate", codes::RATE_MISMATCH)]),
        ("both tax fields", with(&[("orderLines.0.taxPercentage", n(25))]),
            vec![("orderLines[0].taxPercentage", codes::TAX_RATE_AND_PERCENTAGE), ("orderLines[0].taxPercentage", codes::DEPRECATED_FIELD)]),
        ("no tax field", with(&[("orderLines.0.taxRate", None)]), vec![("orderLines[0].taxRate", codes::TAX_MISSING)]),
        ("null tax rate", with(&[("orderLines.0.taxRate", Some(Value::Null))]), vec![("orderLines[0].taxRate", codes::TAX_MISSING)]),
        ("tax rate over 100 %", with(&[("orderLines.0.taxRate", n(10001))]), vec![("orderLines[0].taxRate", codes::OUT_OF_RANGE)]),
        ("negative tax rate", with(&[("orderLines.0.taxRate", n(-1))]), vec![("orderLines[0].taxRate", codes::NEGATIVE)]),
        ("tax percentage 101", with(&[("orderLines.0.taxRate", None), ("orderLines.0.taxPercentage", n(101))]),
            vec![("orderLines[0].taxPercentage", codes::OUT_OF_RANGE), ("orderLines[0].taxPercentage", codes::DEPRECATED_FIELD)]),
        ("tax percentage 25 is fine but deprecated", with(&[("orderLines.0.taxRate", None), ("orderLines.0.taxPercentage", n(25))]),
            vec![("orderLines[0].taxPercentage", codes::DEPRECATED_FIELD)]),
        ("a return as negative amounts", with(&[("orderLines.1.totalAmount", n(-4900)), ("orderLines.1.totalAmountExcludingTax", n(-3920)), ("orderLines.1.totalTaxAmount", n(-980))]),
            vec![("orderLines[1].totalAmount", codes::NEGATIVE_LINE_AMOUNT), ("orderLines[1].totalAmountExcludingTax", codes::NEGATIVE_LINE_AMOUNT),
                 ("orderLines[1].totalTaxAmount", codes::NEGATIVE_LINE_AMOUNT), ("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH)]),
        ("amount with a fraction", with(&[("orderLines.0.totalAmount", Some(json!(79.8)))]), vec![("orderLines[0].totalAmount", codes::NOT_INTEGER)]),
        ("amount as a string", with(&[("orderLines.0.totalAmount", s("79.80"))]), vec![("orderLines[0].totalAmount", codes::EXPECTED_TYPE)]),
        ("amount beyond 2^53", with(&[("orderLines.0.totalAmount", Some(json!(9_007_199_254_740_992_i64)))]), vec![("orderLines[0].totalAmount", codes::TOO_LARGE)]),
        // Beyond 2^53 every float is integral, and integers beyond u64 arrive as floats: too_large.
        ("a huge float", with(&[("orderLines.0.totalAmount", Some(json!(1e300)))]), vec![("orderLines[0].totalAmount", codes::TOO_LARGE)]),
        ("missing name", with(&[("orderLines.0.name", None)]), vec![("orderLines[0].name", codes::REQUIRED)]),
        ("null id", with(&[("orderLines.0.id", Some(Value::Null))]), vec![("orderLines[0].id", codes::REQUIRED)]),
        ("numeric id", with(&[("orderLines.0.id", n(1))]), vec![("orderLines[0].id", codes::EXPECTED_TYPE)]),
        ("duplicate line id", with(&[("orderLines.1.id", s("sku-1"))]), vec![("orderLines[1].id", codes::DUPLICATE_LINE_ID)]),
        ("quantity with a comma", with(&[("orderLines.0.unitInfo.quantity", s("2,0"))]), vec![("orderLines[0].unitInfo.quantity", codes::PATTERN)]),
        ("quantity with 9 decimals", with(&[("orderLines.0.unitInfo.quantity", s("2.000000001"))]),
            vec![("orderLines[0].unitInfo.quantity", codes::PATTERN), ("orderLines[0].unitInfo.quantity", codes::TOO_LONG)]),
        ("quantity of 11 characters", with(&[("orderLines.0.unitInfo.quantity", s("2.000000000"))]),
            vec![("orderLines[0].unitInfo.quantity", codes::PATTERN), ("orderLines[0].unitInfo.quantity", codes::TOO_LONG)]),
        ("quantity 11 digits long", with(&[("orderLines.0.unitInfo.quantity", s("12345678.91"))]),
            vec![("orderLines[0].unitInfo.quantity", codes::TOO_LONG)]),
        ("quantity as a number", with(&[("orderLines.0.unitInfo.quantity", n(2))]), vec![("orderLines[0].unitInfo.quantity", codes::EXPECTED_TYPE)]),
        ("negative quantity", with(&[("orderLines.0.unitInfo.quantity", s("-2"))]), vec![("orderLines[0].unitInfo.quantity", codes::PATTERN)]),
        ("unit price key missing", with(&[("orderLines.0.unitInfo.unitPrice", None)]), vec![("orderLines[0].unitInfo.unitPrice", codes::REQUIRED)]),
        ("unit price null is allowed", with(&[("orderLines.0.unitInfo.unitPrice", Some(Value::Null))]), vec![]),
        ("negative unit price", with(&[("orderLines.0.unitInfo.unitPrice", n(-3990))]),
            vec![("orderLines[0].unitInfo.unitPrice", codes::NEGATIVE), ("orderLines[0].totalAmount", codes::UNIT_PRICE_MISMATCH)]),
        ("unknown quantity unit", with(&[("orderLines.0.unitInfo.quantityUnit", s("pcs"))]), vec![("orderLines[0].unitInfo.quantityUnit", codes::ENUM_VALUE)]),
        ("unit info an array", with(&[("orderLines.0.unitInfo", Some(json!([])))]), vec![("orderLines[0].unitInfo", codes::EXPECTED_TYPE)]),
        ("unit price disagrees", with(&[("orderLines.0.unitInfo.unitPrice", n(3000))]), vec![("orderLines[0].totalAmount", codes::UNIT_PRICE_MISMATCH)]),
        ("discount not subtracted", with(&[("orderLines.0.discount", n(500))]), vec![("orderLines[0].totalAmount", codes::UNIT_PRICE_MISMATCH)]),
        ("negative discount", with(&[("orderLines.0.discount", n(-5))]),
            vec![("orderLines[0].discount", codes::NEGATIVE), ("orderLines[0].totalAmount", codes::UNIT_PRICE_MISMATCH)]),
        ("javascript product url", with(&[("orderLines.0.productUrl", s("javascript:alert(1)"))]), vec![("orderLines[0].productUrl", codes::UNSAFE_URL)]),
        ("disguised javascript url", with(&[("orderLines.0.productUrl", s("\u{0} \tJaVa\nScRiPt:alert(1)"))]), vec![("orderLines[0].productUrl", codes::UNSAFE_URL)]),
        ("data url", with(&[("orderLines.0.productUrl", s("data:text/html,<script>x</script>"))]), vec![("orderLines[0].productUrl", codes::UNSAFE_URL)]),
        ("vbscript url", with(&[("orderLines.0.productUrl", s("VBScript:msgbox"))]), vec![("orderLines[0].productUrl", codes::UNSAFE_URL)]),
        ("relative url", with(&[("orderLines.0.productUrl", s("/socks"))]), vec![("orderLines[0].productUrl", codes::URL_NOT_ABSOLUTE)]),
        ("http url", with(&[("orderLines.0.productUrl", s("http://shop.example/socks"))]), vec![("orderLines[0].productUrl", codes::URL_NOT_HTTPS)]),
        ("url with a space", with(&[("orderLines.0.productUrl", s("https://shop.example/red socks"))]), vec![("orderLines[0].productUrl", codes::URL_WHITESPACE)]),
        ("isReturn as a string", with(&[("orderLines.0.isReturn", s("no"))]), vec![("orderLines[0].isReturn", codes::EXPECTED_TYPE)]),
        ("misspelt field", with(&[("orderLines.0.discuont", n(0))]), vec![("orderLines[0].discuont", codes::UNKNOWN_FIELD)]),
        ("unknown top-level field", with(&[("receipt", n(1))]), vec![("receipt", codes::UNKNOWN_FIELD)]),
        ("currency missing", with(&[("bottomLine.currency", None)]), vec![("bottomLine.currency", codes::REQUIRED)]),
        ("currency null", with(&[("bottomLine.currency", Some(Value::Null))]), vec![("bottomLine.currency", codes::NULL_VALUE)]),
        ("currency SEK", with(&[("bottomLine.currency", s("SEK"))]), vec![("bottomLine.currency", codes::ENUM_VALUE)]),
        ("currency lower case", with(&[("bottomLine.currency", s("nok"))]), vec![("bottomLine.currency", codes::ENUM_VALUE)]),
        ("bottom line a string", with(&[("bottomLine", s("NOK"))]), vec![("bottomLine", codes::EXPECTED_TYPE)]),
        ("negative tip", with(&[("bottomLine.tipAmount", n(-100))]),
            vec![("bottomLine.tipAmount", codes::NEGATIVE), ("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH)]),
        ("tip not in the payment", with(&[("bottomLine.tipAmount", n(100))]), vec![("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH)]),
        ("tip in the payment", with(&[("bottomLine.tipAmount", n(100)), ("bottomLine.paymentSources.card", n(12980))]), vec![]),
        ("payment short", with(&[("bottomLine.paymentSources.card", n(12000))]), vec![("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH)]),
        ("payment split", with(&[("bottomLine.paymentSources", Some(json!({"card": 10000, "giftCard": 2000, "voucher": 880, "cash": 0})))]), vec![]),
        ("return line counts negative", with(&[("orderLines.1.isReturn", Some(json!(true)))]), vec![("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH)]),
        ("return line paid correctly", with(&[("orderLines.1.isReturn", Some(json!(true))), ("bottomLine.paymentSources.card", n(3080))]), vec![]),
        ("payment source a string", with(&[("bottomLine.paymentSources.card", s("128.80"))]), vec![("bottomLine.paymentSources.card", codes::EXPECTED_TYPE)]),
        ("negative payment source", with(&[("bottomLine.paymentSources.cash", n(-1))]),
            vec![("bottomLine.paymentSources.cash", codes::NEGATIVE), ("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH)]),
        ("unknown payment source", with(&[("bottomLine.paymentSources.vipps", n(0))]), vec![("bottomLine.paymentSources.vipps", codes::UNKNOWN_FIELD)]),
        ("EAN-13 check digit", with(&[("bottomLine.barcode.data", s("4006381333932"))]), vec![("bottomLine.barcode.data", codes::BARCODE_CHECK_DIGIT)]),
        ("EAN-13 with 12 digits", with(&[("bottomLine.barcode.data", s("400638133393"))]), vec![("bottomLine.barcode.data", codes::BARCODE_LENGTH)]),
        ("EAN-13 with letters", with(&[("bottomLine.barcode.data", s("ABC"))]), vec![("bottomLine.barcode.data", codes::BARCODE_CHARSET)]),
        ("CODE 39 lower case", with(&[("bottomLine.barcode", Some(json!({"format": "CODE 39", "data": "sc-1"})))]), vec![("bottomLine.barcode.data", codes::BARCODE_CHARSET)]),
        ("CODE 128 non-ASCII", with(&[("bottomLine.barcode", Some(json!({"format": "CODE 128", "data": "blåbær"})))]), vec![("bottomLine.barcode.data", codes::BARCODE_CHARSET)]),
        ("CODE 128 ASCII", with(&[("bottomLine.barcode", Some(json!({"format": "CODE 128", "data": "Order #10042"})))]), vec![]),
        ("CODE 39 at its 48-character maximum", with(&[("bottomLine.barcode", Some(json!({"format": "CODE 39", "data": "A".repeat(48)})))]), vec![]),
        ("CODE 39 past its maximum", with(&[("bottomLine.barcode", Some(json!({"format": "CODE 39", "data": "A".repeat(49)})))]), vec![("bottomLine.barcode.data", codes::BARCODE_LENGTH)]),
        ("CODE 128 at its 48-character maximum", with(&[("bottomLine.barcode", Some(json!({"format": "CODE 128", "data": "a".repeat(48)})))]), vec![]),
        ("CODE 128 past its maximum", with(&[("bottomLine.barcode", Some(json!({"format": "CODE 128", "data": "a".repeat(49)})))]), vec![("bottomLine.barcode.data", codes::BARCODE_LENGTH)]),
        ("EAN-13 past its length", with(&[("bottomLine.barcode.data", Some(json!("4".repeat(14))))]), vec![("bottomLine.barcode.data", codes::BARCODE_LENGTH)]),
        ("barcode format unknown", with(&[("bottomLine.barcode.format", s("QR"))]), vec![("bottomLine.barcode.format", codes::ENUM_VALUE)]),
        ("barcode data key missing", with(&[("bottomLine.barcode.data", None)]), vec![("bottomLine.barcode.data", codes::REQUIRED)]),
        ("barcode nulls allowed", with(&[("bottomLine.barcode", Some(json!({"format": null, "data": null})))]), vec![]),
        ("deprecated bottom-line sums", with(&[("bottomLine.totalAmount", n(12880)), ("bottomLine.totalTax", n(2576)), ("bottomLine.totalDiscount", n(0))]),
            vec![("bottomLine.totalAmount", codes::DEPRECATED_FIELD), ("bottomLine.totalDiscount", codes::DEPRECATED_FIELD), ("bottomLine.totalTax", codes::DEPRECATED_FIELD)]),
        ("deprecated gift card amount, negative", with(&[("bottomLine.giftCardAmount", n(-1))]),
            vec![("bottomLine.giftCardAmount", codes::NEGATIVE), ("bottomLine.giftCardAmount", codes::DEPRECATED_FIELD)]),
        ("deprecated terminal id", with(&[("bottomLine.terminalId", s("t1"))]), vec![("bottomLine.terminalId", codes::DEPRECATED_FIELD)]),
        ("deprecated shipping amount", with(&[("bottomLine.shippingAmount", n(4900))]), vec![("bottomLine.shippingAmount", codes::DEPRECATED_FIELD)]),
        ("deprecated shipping info, empty", with(&[("bottomLine.shippingInfo", Some(json!({})))]),
            vec![("bottomLine.shippingInfo", codes::DEPRECATED_FIELD), ("bottomLine.shippingInfo.amount", codes::REQUIRED),
                 ("bottomLine.shippingInfo.amountExcludingTax", codes::REQUIRED), ("bottomLine.shippingInfo.taxAmount", codes::REQUIRED),
                 ("bottomLine.shippingInfo.taxPercentage", codes::REQUIRED)]),
        ("null deprecated fields are not used", with(&[("bottomLine.terminalId", Some(Value::Null)), ("orderLines.0.taxPercentage", Some(Value::Null))]), vec![]),
        ("posId a number", with(&[("bottomLine.posId", n(1))]), vec![("bottomLine.posId", codes::EXPECTED_TYPE)]),
        ("right-to-left override in a name", with(&[("orderLines.0.name", s("Socks\u{202E}"))]), vec![("orderLines[0].name", codes::BIDI_CONTROL)]),
        ("isolate in a line id", with(&[("orderLines.1.id", s("\u{2066}sku\u{2069}"))]), vec![("orderLines[1].id", codes::BIDI_CONTROL)]),
        ("override in receiptNumber", with(&[("bottomLine.receiptNumber", s("R-1\u{202E}"))]), vec![("bottomLine.receiptNumber", codes::BIDI_CONTROL)]),
        ("mark in posId", with(&[("bottomLine.posId", s("POS\u{200F}"))]), vec![("bottomLine.posId", codes::BIDI_CONTROL)]),
        ("Arabic letter mark in terminalId", with(&[("bottomLine.terminalId", s("t\u{061C}"))]),
            vec![("bottomLine.terminalId", codes::BIDI_CONTROL), ("bottomLine.terminalId", codes::DEPRECATED_FIELD)]),
        ("right-to-left text is fine", with(&[("orderLines.0.name", s("גרביים שלום"))]), vec![]),
    ];
    let mut failures = Vec::new();
    for (name, receipt, expected) in &cases {
        let report = validate_receipt_value(receipt);
        let mut expected: Vec<(String, &str)> =
            expected.iter().map(|(p, c)| (p.to_string(), *c)).collect();
        expected.sort();
        let got = found(&report);
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}\n  {report:#?}"
            ));
        }
        let has_error = expected.iter().any(|(_, c)| {
            codes::ALL
                .iter()
                .any(|(code, severity, _)| code == c && *severity == "error")
        });
        assert_eq!(report.valid, !has_error, "{name}: valid");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn messages_show_the_numbers() {
    let report =
        validate_receipt_value(&with(&[("orderLines.0.totalTaxAmount", Some(json!(1600)))]));
    let issue = report
        .find("orderLines[0].totalTaxAmount", codes::LINE_IDENTITY)
        .unwrap();
    assert_eq!(
        issue.message,
        "totalAmount − totalAmountExcludingTax must equal totalTaxAmount: 7980 − 6384 = 1596, but totalTaxAmount is 1600 (off by +4)"
    );
    let report = validate_receipt_value(&with(&[(
        "bottomLine.paymentSources.card",
        Some(json!(12000)),
    )]));
    let issue = &report.warnings[0];
    assert!(
        issue.message.contains("12000")
            && issue.message.contains("12880")
            && issue.message.contains("-880"),
        "{}",
        issue.message
    );
    let report = validate_receipt_value(&with(&[("bottomLine.currency", Some(json!("SEK")))]));
    assert!(
        report.errors[0].message.contains("\"NOK\""),
        "{}",
        report.errors[0].message
    );
}

#[test]
fn rate_lint_tolerates_rounding_and_zero_lines() {
    // Every tax-inclusive split the builder's rule makes, for a spread of totals and rates,
    // passes the rate lint (within one minor unit); zero lines never divide by zero.
    for rate in [0, 600, 1200, 1400, 1500, 2500, 2550, 10000] {
        for total in (0..2000).chain([999_999, 123_456_789]) {
            let (excluding, tax) =
                vipps_order_management::money::split_inclusive(total, rate).unwrap();
            let line = json!({"name": "x", "id": "1", "totalAmount": total, "totalAmountExcludingTax": excluding,
                              "totalTaxAmount": tax, "taxRate": rate});
            let report = validate_order_line_value(&line);
            assert!(
                report.errors.is_empty() && report.warnings.is_empty(),
                "{total} at {rate}: {report:?}"
            );
        }
    }
    // Two minor units off is reported.
    let line = json!({"name": "x", "id": "1", "totalAmount": 1002, "totalAmountExcludingTax": 800,
                      "totalTaxAmount": 202, "taxRate": 2500});
    assert!(
        validate_order_line_value(&line)
            .find("taxRate", codes::RATE_MISMATCH)
            .is_some()
    );
}

#[test]
fn unit_price_lint_tolerates_rounded_unit_prices() {
    // 2.5 kg at 3.995/kg shown as 4.00/kg: the line is 9.99, unitPrice × quantity is 10.00.
    let line = json!({"name": "x", "id": "1", "totalAmount": 999, "totalAmountExcludingTax": 999,
                      "totalTaxAmount": 0, "taxRate": 0, "unitInfo": {"unitPrice": 400, "quantity": "2.5"}});
    assert!(validate_order_line_value(&line).warnings.is_empty());
    // 3 pcs may be off by 2 + 1.5 minor units at most (the line's roundings plus the unit
    // price's); 3 is within that, 4 is too much.
    let line = json!({"name": "x", "id": "1", "totalAmount": 1197, "totalAmountExcludingTax": 1197,
                      "totalTaxAmount": 0, "taxRate": 0, "unitInfo": {"unitPrice": 400, "quantity": "3"}});
    assert!(validate_order_line_value(&line).warnings.is_empty());
    let line = json!({"name": "x", "id": "1", "totalAmount": 1196, "totalAmountExcludingTax": 1196,
                      "totalTaxAmount": 0, "taxRate": 0, "unitInfo": {"unitPrice": 400, "quantity": "3"}});
    assert_eq!(
        validate_order_line_value(&line).warnings[0].code,
        codes::UNIT_PRICE_MISMATCH
    );
    // A zero quantity or zero price is fine when the total is zero.
    let line = json!({"name": "x", "id": "1", "totalAmount": 0, "totalAmountExcludingTax": 0,
                      "totalTaxAmount": 0, "taxRate": 2500, "unitInfo": {"unitPrice": 0, "quantity": "0"}});
    assert_eq!(
        validate_order_line_value(&line),
        Report {
            valid: true,
            errors: vec![],
            warnings: vec![]
        }
    );
}

#[test]
fn json_syntax_errors_have_line_and_column() {
    let report = validate_receipt_text("{\n  \"orderLines\": [,]\n}");
    assert!(!report.valid);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].code, codes::JSON_SYNTAX);
    assert!(
        report.errors[0].message.contains("line 2 column"),
        "{}",
        report.errors[0].message
    );
    for text in [
        "",
        "{",
        "nul",
        "1e400",
        "{\"a\":1}x",
        &"[".repeat(100_000),
        &"{\"a\":".repeat(10_000),
    ] {
        let report = validate_receipt_text(text);
        assert_eq!(report.errors.len(), 1, "{:?}", &text[..text.len().min(20)]);
        // Nesting beyond json::MAX_DEPTH has its own code (with line and column too).
        let expected = if text.len() > 1000 {
            codes::TOO_DEEP
        } else {
            codes::JSON_SYNTAX
        };
        assert_eq!(report.errors[0].code, expected);
    }
}

#[test]
fn a_200_line_receipt_with_every_field_wrong_reports_all_of_them() {
    let bad_line = json!({
        "name": 1, "id": [], "totalAmount": "x", "totalAmountExcludingTax": 1.5,
        "totalTaxAmount": 9_007_199_254_740_992_u64, "taxPercentage": 101, "taxRate": -1,
        "unitInfo": {"unitPrice": -1, "quantity": "1.2.3", "quantityUnit": "X", "extra": 1},
        "discount": -1, "productUrl": "javascript:x", "isReturn": "no", "isShipping": 0, "bogus": true
    });
    let receipt = json!({
        "orderLines": vec![bad_line; 200],
        "bottomLine": {"currency": "SEK", "tipAmount": -5, "paymentSources": {"card": "1"},
                        "barcode": {"format": "QR"}, "posId": 7, "terminalId": false}
    });
    let report = validate_receipt_value(&receipt);
    let per_line_errors = [
        ("name", codes::EXPECTED_TYPE),
        ("id", codes::EXPECTED_TYPE),
        ("totalAmount", codes::EXPECTED_TYPE),
        ("totalAmountExcludingTax", codes::NOT_INTEGER),
        ("totalTaxAmount", codes::TOO_LARGE),
        ("taxPercentage", codes::OUT_OF_RANGE),
        ("taxPercentage", codes::TAX_RATE_AND_PERCENTAGE),
        ("taxRate", codes::NEGATIVE),
        ("unitInfo.unitPrice", codes::NEGATIVE),
        ("unitInfo.quantity", codes::PATTERN),
        ("unitInfo.quantityUnit", codes::ENUM_VALUE),
        ("discount", codes::NEGATIVE),
        ("productUrl", codes::UNSAFE_URL),
        ("isReturn", codes::EXPECTED_TYPE),
        ("isShipping", codes::EXPECTED_TYPE),
    ];
    let per_line_warnings = [
        ("taxPercentage", codes::DEPRECATED_FIELD),
        ("unitInfo.extra", codes::UNKNOWN_FIELD),
        ("bogus", codes::UNKNOWN_FIELD),
    ];
    let bottom_errors = [
        ("bottomLine.currency", codes::ENUM_VALUE),
        ("bottomLine.tipAmount", codes::NEGATIVE),
        ("bottomLine.paymentSources.card", codes::EXPECTED_TYPE),
        ("bottomLine.barcode.format", codes::ENUM_VALUE),
        ("bottomLine.barcode.data", codes::REQUIRED),
        ("bottomLine.posId", codes::EXPECTED_TYPE),
        ("bottomLine.terminalId", codes::EXPECTED_TYPE),
    ];
    let mut expected_errors: Vec<(String, &str)> = Vec::new();
    let mut expected_warnings: Vec<(String, &str)> = Vec::new();
    for i in 0..200 {
        expected_errors.extend(
            per_line_errors
                .iter()
                .map(|(f, c)| (format!("orderLines[{i}].{f}"), *c)),
        );
        expected_warnings.extend(
            per_line_warnings
                .iter()
                .map(|(f, c)| (format!("orderLines[{i}].{f}"), *c)),
        );
    }
    expected_errors.extend(bottom_errors.iter().map(|(p, c)| (p.to_string(), *c)));
    expected_warnings.push(("bottomLine.terminalId".into(), codes::DEPRECATED_FIELD));
    let sorted = |v: &[Issue]| {
        let mut l: Vec<(String, &str)> = v.iter().map(|i| (i.path.clone(), i.code)).collect();
        l.sort();
        l
    };
    expected_errors.sort();
    expected_warnings.sort();
    assert_eq!(report.errors.len(), 200 * 15 + 7);
    assert_eq!(sorted(&report.errors), expected_errors);
    assert_eq!(sorted(&report.warnings), expected_warnings);
    assert!(!report.valid);
}

#[test]
fn large_receipts_find_duplicate_ids_too() {
    // Beyond the inline id table (64 lines) the hash map takes over.
    let line = |id: String| {
        json!({"name": "x", "id": id, "totalAmount": 100, "totalAmountExcludingTax": 80,
                                   "totalTaxAmount": 20, "taxRate": 2500})
    };
    let mut lines: Vec<Value> = (0..300).map(|i| line(format!("id-{i}"))).collect();
    lines[250] = line("id-7".into());
    lines[20] = line("id-3".into());
    let receipt = json!({"orderLines": lines, "bottomLine": {"currency": "DKK"}});
    let report = validate_receipt_value(&receipt);
    assert_eq!(
        found(&report),
        [
            ("orderLines[20].id".to_string(), codes::DUPLICATE_LINE_ID),
            ("orderLines[250].id".to_string(), codes::DUPLICATE_LINE_ID)
        ]
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("orderLines[7]"))
    );
}

#[test]
fn typed_receipts_validate_like_their_json() {
    let mut receipt: Receipt = serde_json::from_value(base()).unwrap();
    receipt.order_lines[0].total_tax_amount = 1;
    receipt.order_lines[1].tax_percentage = Some(25);
    receipt.bottom_line.currency = None;
    let report = validate_receipt(&receipt);
    let expected = vec![
        ("bottomLine.currency".to_string(), codes::NULL_VALUE),
        ("orderLines[0].taxRate".to_string(), codes::RATE_MISMATCH),
        (
            "orderLines[0].totalTaxAmount".to_string(),
            codes::LINE_IDENTITY,
        ),
        (
            "orderLines[1].taxPercentage".to_string(),
            codes::DEPRECATED_FIELD,
        ),
        (
            "orderLines[1].taxPercentage".to_string(),
            codes::TAX_RATE_AND_PERCENTAGE,
        ),
    ];
    assert_eq!(found(&report), expected);
}

/// Any JSON value.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("NOK"),
            Just("EAN-13"),
            Just("javascript:x"),
            Just("1.5"),
            Just("https://a.b")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("orderLines".to_string()),
                    Just("bottomLine".to_string()),
                    Just("totalAmount".to_string()),
                    Just("unitInfo".to_string()),
                    Just("quantity".to_string()),
                    Just("barcode".to_string()),
                    Just("paymentSources".to_string()),
                    Just("taxRate".to_string()),
                    ".{0,6}".prop_map(|s| s)
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const FIELDS: &[&str] = &[
    "orderLines",
    "orderLines.0",
    "orderLines.0.name",
    "orderLines.0.id",
    "orderLines.0.totalAmount",
    "orderLines.0.totalAmountExcludingTax",
    "orderLines.0.totalTaxAmount",
    "orderLines.0.taxRate",
    "orderLines.0.taxPercentage",
    "orderLines.0.unitInfo",
    "orderLines.0.unitInfo.unitPrice",
    "orderLines.0.unitInfo.quantity",
    "orderLines.0.unitInfo.quantityUnit",
    "orderLines.0.discount",
    "orderLines.0.productUrl",
    "orderLines.0.isReturn",
    "orderLines.1",
    "bottomLine",
    "bottomLine.currency",
    "bottomLine.tipAmount",
    "bottomLine.paymentSources",
    "bottomLine.paymentSources.card",
    "bottomLine.barcode",
    "bottomLine.barcode.format",
    "bottomLine.barcode.data",
    "bottomLine.shippingInfo",
];

proptest! {
    #[test]
    fn never_panics_on_any_value(value in any_json()) {
        let report = validate_receipt_value(&value);
        prop_assert_eq!(report.valid, report.errors.is_empty());
        let _ = validate_order_category_value(&value);
        let _ = validate_add_category_request_value(&value);
        let _ = validate_receipt_text(&value.to_string());
    }

    #[test]
    fn one_wrong_field_is_reported_at_its_path(field in prop::sample::select(FIELDS), value in any_json()) {
        let mut receipt = base();
        set(&mut receipt, field, Some(value));
        let report = validate_receipt_value(&receipt);
        prop_assert_eq!(report.valid, report.errors.is_empty());
        // Whatever went wrong, every issue sits at or under a real path of the receipt.
        for issue in report.errors.iter().chain(&report.warnings) {
            prop_assert!(issue.path.is_empty() || issue.path.starts_with("orderLines") || issue.path.starts_with("bottomLine"),
                "{:?}", issue);
        }
    }

    #[test]
    fn text_never_panics(text in ".{0,64}") {
        let _ = validate_receipt_text(&text);
        let _ = validate_order_category_text(&text);
    }
}
