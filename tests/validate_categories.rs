//! Category validation: the v2 body (`Order`), the v3 `AddCategoryRequest`, and the path
//! parameters `orderId` and `paymentType`.

use serde_json::{Value, json};
use vipps_order_management::Report;
use vipps_order_management::codes;
use vipps_order_management::model::*;
use vipps_order_management::validate::*;

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

fn expect(report: Report, expected: &[(&str, &'static str)]) {
    let mut expected: Vec<_> = expected.iter().map(|(p, c)| (p.to_string(), *c)).collect();
    expected.sort();
    assert_eq!(found(&report), expected, "{report:#?}");
}

fn v2(changes: Value) -> Value {
    let mut body = json!({"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1", "imageId": "logo-1"});
    for (k, v) in changes.as_object().unwrap() {
        if v.as_str() == Some("<remove>") {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

#[test]
fn v2_category_bodies() {
    expect(validate_order_category_value(&v2(json!({}))), &[]);
    expect(
        validate_order_category_value(&v2(json!({"imageId": null}))),
        &[],
    );
    for category in [
        "GENERAL",
        "RECEIPT",
        "ORDER_CONFIRMATION",
        "DELIVERY",
        "TICKET",
        "BOOKING",
    ] {
        expect(
            validate_order_category_value(&v2(json!({"category": category}))),
            &[],
        );
    }
    let cases: Vec<(Value, Vec<(&str, &'static str)>)> = vec![
        (json!("RECEIPT"), vec![("", codes::EXPECTED_TYPE)]),
        (
            v2(json!({"category": "<remove>"})),
            vec![("category", codes::REQUIRED)],
        ),
        (
            v2(json!({"category": null})),
            vec![("category", codes::NULL_VALUE)],
        ),
        (
            v2(json!({"category": "receipt"})),
            vec![("category", codes::ENUM_VALUE)],
        ),
        (
            v2(json!({"category": 1})),
            vec![("category", codes::EXPECTED_TYPE)],
        ),
        (
            v2(json!({"orderDetailsUrl": "<remove>"})),
            vec![("orderDetailsUrl", codes::REQUIRED)],
        ),
        (
            v2(json!({"orderDetailsUrl": ""})),
            vec![("orderDetailsUrl", codes::EMPTY)],
        ),
        (
            v2(json!({"orderDetailsUrl": "http://shop.example/o/1"})),
            vec![("orderDetailsUrl", codes::URL_NOT_HTTPS)],
        ),
        (
            v2(json!({"orderDetailsUrl": "javascript:alert(document.cookie)"})),
            vec![("orderDetailsUrl", codes::UNSAFE_URL)],
        ),
        (
            v2(json!({"orderDetailsUrl": " data:text/html,x"})),
            vec![("orderDetailsUrl", codes::UNSAFE_URL)],
        ),
        (
            v2(json!({"orderDetailsUrl": "shop.example/o/1"})),
            vec![("orderDetailsUrl", codes::URL_NOT_ABSOLUTE)],
        ),
        (v2(json!({"imageId": ""})), vec![("imageId", codes::EMPTY)]),
        (
            v2(json!({"imageId": "logo 1"})),
            vec![("imageId", codes::ID_PATTERN)],
        ),
        (
            v2(json!({"imageId": "a".repeat(129)})),
            vec![("imageId", codes::TOO_LONG)],
        ),
        (
            v2(json!({"imageId": 5})),
            vec![("imageId", codes::EXPECTED_TYPE)],
        ),
        (
            v2(json!({"imageIds": []})),
            vec![("imageIds", codes::UNKNOWN_FIELD)],
        ),
        (
            json!({}),
            vec![
                ("category", codes::REQUIRED),
                ("orderDetailsUrl", codes::REQUIRED),
            ],
        ),
        (
            json!({"category": "X", "orderDetailsUrl": "vbscript:x", "imageId": "æ", "extra": 1}),
            vec![
                ("category", codes::ENUM_VALUE),
                ("orderDetailsUrl", codes::UNSAFE_URL),
                ("imageId", codes::ID_PATTERN),
                ("extra", codes::UNKNOWN_FIELD),
            ],
        ),
    ];
    for (body, expected) in cases {
        expect(validate_order_category_value(&body), &expected);
    }
    expect(
        validate_order_category_value(&v2(json!({"imageId": "a".repeat(128)}))),
        &[],
    );
}

#[test]
fn v2_category_text_and_typed() {
    let report = validate_order_category_text("{\"category\": \"RECEIPT\",}");
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].code, codes::JSON_SYNTAX);
    assert!(report.errors[0].message.contains("line 1"));
    let typed = OrderCategory {
        category: Some(CategoryType::Delivery),
        order_details_url: "http://shop.example/track".into(),
        image_id: Some("bad id".into()),
        image_ids: None,
    };
    expect(
        validate_order_category(&typed),
        &[
            ("orderDetailsUrl", codes::URL_NOT_HTTPS),
            ("imageId", codes::ID_PATTERN),
        ],
    );
}

#[test]
fn v3_add_category_requests() {
    let good = json!({"orderId": "order-1_2.3", "paymentType": "RECURRING", "type": "TICKET",
                      "url": "https://shop.example/t/1"});
    expect(validate_add_category_request_value(&good), &[]);
    expect(
        validate_add_category_request_value(&json!({})),
        &[
            ("orderId", codes::REQUIRED),
            ("paymentType", codes::REQUIRED),
            ("type", codes::REQUIRED),
            ("url", codes::REQUIRED),
        ],
    );
    expect(
        validate_add_category_request_value(&json!({
            "orderId": "order 1", "paymentType": "ecomm", "type": "INVOICE",
            "url": "javascript:void(0)", "imageId": "x/y", "category": "RECEIPT"
        })),
        &[
            ("orderId", codes::ID_PATTERN),
            ("paymentType", codes::ENUM_VALUE),
            ("type", codes::ENUM_VALUE),
            ("url", codes::UNSAFE_URL),
            ("imageId", codes::ID_PATTERN),
            ("category", codes::UNKNOWN_FIELD),
        ],
    );
    let typed = AddCategoryRequest {
        order_id: "".into(),
        payment_type: PaymentType::Ecom,
        category_type: CategoryType::Booking,
        url: "/relative".into(),
        image_id: None,
    };
    expect(
        validate_add_category_request(&typed),
        &[("orderId", codes::EMPTY), ("url", codes::URL_NOT_ABSOLUTE)],
    );
    let report = validate_add_category_request_text("[");
    assert_eq!(report.errors[0].code, codes::JSON_SYNTAX);
}

#[test]
fn path_parameters() {
    expect(validate_order_id("PaymentReference123"), &[]);
    expect(validate_order_id("a-b_c.d"), &[]);
    expect(validate_order_id(""), &[("orderId", codes::EMPTY)]);
    expect(
        validate_order_id("order/1"),
        &[("orderId", codes::ID_PATTERN)],
    );
    expect(
        validate_order_id("ordre-ø"),
        &[("orderId", codes::ID_PATTERN)],
    );
    expect(validate_payment_type("ECOM"), &[]);
    expect(validate_payment_type("RECURRING"), &[]);
    // Issue 10 point 3: the guide writes "ecom"; any case is accepted.
    expect(validate_payment_type("ecom"), &[]);
    expect(validate_payment_type("Recurring"), &[]);
    expect(
        validate_payment_type("ecomm"),
        &[("paymentType", codes::ENUM_VALUE)],
    );
    expect(
        validate_payment_type(""),
        &[("paymentType", codes::ENUM_VALUE)],
    );
}
