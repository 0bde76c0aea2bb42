//! The crate's own JSON writer (`write_json`) and typed reader (`model::read`) against serde:
//! every value the package hands to JS is written exactly as `serde_json::to_string` writes it,
//! and the preview's input reads exactly what serde reads (and refuses what it refuses, with
//! paths). Needs the `serde` feature (on by default).

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};
use vipps_order_management::build::build_receipt_from_text;
use vipps_order_management::image::inspect_image;
use vipps_order_management::model::{AddCategoryRequest, OrderCategory, Receipt};
use vipps_order_management::preview::{PreviewOptions, preview_receipt, read_inputs};
use vipps_order_management::validate::{validate_category_text, validate_receipt_text};
use vipps_order_management::write_json::WriteJson;

fn same_as_serde<T: WriteJson + serde::Serialize>(value: &T) {
    assert_eq!(value.to_json(), serde_json::to_string(value).unwrap());
}

/// A value of any JSON type, sometimes the right one.
fn strange() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e20f64..1e20).prop_map(|f| json!(f)),
        ".{0,8}".prop_map(Value::from),
        prop_oneof![
            Just("NOK"),
            Just("EUR"),
            Just("KG"),
            Just("EAN-13"),
            Just("CODE 39")
        ]
        .prop_map(Value::from),
        Just(json!([])),
        Just(json!({"a": 1})),
    ]
}

fn line() -> impl Strategy<Value = Value> {
    (
        ".{0,12}",
        any::<i64>(),
        any::<i64>(),
        any::<i64>(),
        proptest::option::of(0i64..10_001),
        proptest::option::of((
            proptest::option::of(any::<i64>()),
            "[0-9.]{0,6}",
            "[A-Z]{0,6}",
        )),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(name, total, net, tax, rate, unit, flag)| {
            let mut line = json!({
                "name": name, "id": name, "totalAmount": total,
                "totalAmountExcludingTax": net, "totalTaxAmount": tax,
            });
            if let Some(rate) = rate {
                line["taxRate"] = json!(rate);
            } else {
                line["taxPercentage"] = json!(25);
            }
            if let Some((price, quantity, unit)) = unit {
                line["unitInfo"] =
                    json!({"unitPrice": price, "quantity": quantity, "quantityUnit": unit});
            }
            if let Some(flag) = flag {
                line["isReturn"] = json!(flag);
                line["isShipping"] = json!(!flag);
                line["productUrl"] = json!("https://shop.example/p?a=\"1\"&b=\u{1}");
                line["discount"] = json!(total);
            }
            line
        })
}

fn receipt_json() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(line(), 0..4),
        proptest::option::of(any::<i64>()),
        ".{0,10}",
        any::<bool>(),
    )
        .prop_map(|(lines, tip, text, everything)| {
            let mut bottom = json!({"currency": "NOK"});
            if let Some(tip) = tip {
                bottom["tipAmount"] = json!(tip);
            }
            if everything {
                bottom = json!({
                    "currency": "DKK", "tipAmount": tip, "posId": text, "receiptNumber": text,
                    "paymentSources": {"giftCard": 1, "card": tip, "voucher": null, "cash": 3},
                    "barcode": {"format": "CODE 128", "data": text},
                    "giftCardAmount": 1, "totalAmount": 2, "totalTax": 3, "totalDiscount": 4,
                    "shippingAmount": 5, "terminalId": text,
                    "shippingInfo": {"amount": 1, "amountExcludingTax": null, "taxAmount": 0,
                                     "taxPercentage": 25},
                });
            }
            json!({"orderLines": lines, "bottomLine": bottom})
        })
}

/// `value` with the thing at one of its paths replaced, or removed.
fn mutate(value: &mut Value, pick: usize, with: Option<Value>) {
    fn paths(value: &Value, at: Vec<Value>, out: &mut Vec<Vec<Value>>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    let mut next = at.clone();
                    next.push(Value::from(key.as_str()));
                    paths(inner, next, out);
                }
            }
            Value::Array(items) => {
                for (index, inner) in items.iter().enumerate() {
                    let mut next = at.clone();
                    next.push(Value::from(index));
                    paths(inner, next, out);
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    paths(value, Vec::new(), &mut all);
    let path = &all[pick % all.len()];
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    let mut parent = &mut *value;
    for step in parent_path {
        parent = match step {
            Value::String(key) => &mut parent[key.as_str()],
            _ => &mut parent[step.as_u64().unwrap() as usize],
        };
    }
    match (parent, last, with) {
        (Value::Object(map), Value::String(key), None) => {
            map.remove(key);
        }
        (Value::Object(map), Value::String(key), Some(with)) => {
            map.insert(key.clone(), with);
        }
        (Value::Array(items), index, Some(with)) => items[index.as_u64().unwrap() as usize] = with,
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn receipts_previews_and_reports_are_written_as_serde_writes_them(
        value in receipt_json(),
        locale in prop_oneof![Just("nb-NO"), Just("en"), Just("da"), Just("fi")],
    ) {
        let text = value.to_string();
        let receipt: Receipt = serde_json::from_str(&text).unwrap();
        same_as_serde(&receipt);
        // The own reader reads what serde reads.
        prop_assert_eq!(&Receipt::from_json(&text).unwrap(), &receipt);
        let options = PreviewOptions { locale: Some(locale.to_owned()), ..PreviewOptions::default() };
        same_as_serde(&preview_receipt(&receipt, &options));
        same_as_serde(&validate_receipt_text(&text));
    }

    #[test]
    fn malformed_receipts_are_refused_as_serde_refuses_them(
        value in receipt_json(),
        pick in any::<usize>(),
        with in proptest::option::of(strange()),
        second in proptest::option::of(any::<usize>()),
    ) {
        let mut value = value;
        mutate(&mut value, pick, with);
        if let Some(second) = second {
            mutate(&mut value, second, Some(json!(1.5)));
        }
        let text = value.to_string();
        let ours = Receipt::from_json(&text);
        match serde_json::from_str::<Receipt>(&text) {
            Ok(receipt) => match ours {
                Ok(ours) => prop_assert_eq!(ours, receipt),
                // serde also reads a struct from an array of its fields in order (`[]` for a
                // struct whose fields are all optional); the schema says object, and so do we.
                Err(issues) => prop_assert!(
                    text.contains("[]")
                        && issues.iter().all(|issue| issue.code == "expected_type"),
                    "{:?}",
                    issues
                ),
            },
            Err(refusal) => {
                let issues = ours.expect_err(&refusal.to_string());
                // Every problem, each where it is (never only the root for a nested problem).
                prop_assert!(!issues.is_empty());
                if text.starts_with('{') {
                    prop_assert!(issues.iter().all(|issue| !issue.path.is_empty()), "{:?}", issues);
                }
            }
        }
    }
}

#[test]
fn every_other_answer_is_written_as_serde_writes_it() {
    // Built receipts (from the carts the builder tests use).
    let cart = json!({
        "currency": "NOK",
        "items": [{"id": "1", "name": "Socks \"wool\"", "unitPrice": "39.90", "quantity": 2, "taxRate": "25"},
                  {"id": "2", "name": "Kaffe ø", "unitPrice": "150.00", "quantity": "0.822",
                   "unit": "KG", "taxRate": "15", "discount": "10.00"}],
        "tipAmount": "20.00", "barcode": {"format": "EAN-13", "data": "4006381333931"},
        "paymentSources": {"card": "99.00"},
    });
    let receipt = build_receipt_from_text(&cart.to_string()).unwrap().receipt;
    same_as_serde(&receipt);
    // Reports with errors and warnings.
    same_as_serde(&validate_receipt_text(
        r#"{"orderLines":[{"x":1}],"bottomLine":{"currency":null}}"#,
    ));
    same_as_serde(&validate_receipt_text("{"));
    same_as_serde(&validate_category_text(
        r#"{"category":"X","orderDetailsUrl":"javascript:1"}"#,
    ));
    // Image answers.
    let png = common::png::png(170, 180);
    same_as_serde(&inspect_image(&png).unwrap());
    same_as_serde(&vipps_order_management::image::image_request(&png, None).unwrap());
    // Request bodies.
    let category: OrderCategory = serde_json::from_value(json!({
        "category": "RECEIPT", "orderDetailsUrl": "https://x/\u{7f}", "imageId": "i",
        "imageIds": [{"id": "a", "sortOrder": 1}, {"id": "b"}],
    }))
    .unwrap();
    same_as_serde(&category);
    let request: AddCategoryRequest = serde_json::from_value(json!({
        "orderId": "o", "paymentType": "ecom", "type": "FUTURE_TYPE", "url": "https://x",
    }))
    .unwrap();
    same_as_serde(&request);
}

#[test]
fn the_preview_reads_its_options_with_paths() {
    let receipt = r#"{"orderLines":[],"bottomLine":{"currency":"NOK"}}"#;
    let (_, options) = read_inputs(
        receipt,
        Some(
            r#"{"locale":"da","allowedLinkSchemes":["vipps"],"theme":null,
                 "category":{"category":"TICKET","orderDetailsUrl":"https://x"}}"#,
        ),
    )
    .unwrap();
    assert_eq!(options.locale.as_deref(), Some("da"));
    assert_eq!(options.allowed_link_schemes, ["vipps"]);
    assert_eq!(options.theme, None);
    // The receipt's and the options' problems together, each at its path.
    let issues = read_inputs(
        r#"{"orderLines":[{"name":1}]}"#,
        Some(r#"{"locale":5,"allowedLinkSchemes":["a",2],"category":{"imageIds":[{}]}}"#),
    )
    .unwrap_err();
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|issue| (issue.path.as_str(), issue.code))
        .collect();
    assert_eq!(
        found,
        [
            ("orderLines[0].name", "expected_type"),
            ("orderLines[0].id", "required"),
            ("orderLines[0].totalAmount", "required"),
            ("orderLines[0].totalAmountExcludingTax", "required"),
            ("orderLines[0].totalTaxAmount", "required"),
            ("bottomLine", "required"),
            ("options.locale", "expected_type"),
            ("options.category.orderDetailsUrl", "required"),
            ("options.category.imageIds[0].id", "required"),
            ("options.allowedLinkSchemes[1]", "expected_type"),
        ]
    );
    // The reader's own issues (syntax, duplicate keys) are placed under `options` too.
    let issues = read_inputs(receipt, Some(r#"{"theme":"a","theme":"b"}"#)).unwrap_err();
    assert_eq!(issues[0].path, "options.theme");
    assert_eq!(issues[0].code, "duplicate_key");
    let issues = read_inputs(receipt, Some("{")).unwrap_err();
    assert_eq!(issues[0].path, "options");
    assert_eq!(issues[0].code, "json_syntax");
}
