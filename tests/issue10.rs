//! Issue 10, "Faithful to the real API": one test per numbered point that the core can check
//! (the client's points run over real HTTP in tests/client-js/).

use serde_json::{Value, json};
use vipps_order_management::Report;
use vipps_order_management::codes;
use vipps_order_management::preview::safe_link;
use vipps_order_management::validate::url::classify_url;
use vipps_order_management::validate::*;

fn codes_at(report: &Report) -> Vec<(String, &'static str, bool)> {
    let mut all: Vec<_> = report
        .errors
        .iter()
        .map(|i| (i.path.clone(), i.code, true))
        .chain(
            report
                .warnings
                .iter()
                .map(|i| (i.path.clone(), i.code, false)),
        )
        .collect();
    all.sort();
    all
}

fn receipt_with_line(line: Value) -> Value {
    json!({"orderLines": [line], "bottomLine": {"currency": "NOK"}})
}

fn line() -> Value {
    json!({"name": "Socks", "id": "sku-1", "totalAmount": 1000,
           "totalAmountExcludingTax": 800, "totalTaxAmount": 200, "taxRate": 2500})
}

#[test]
fn point_1_app_native_links_are_accepted_everywhere_a_link_goes() {
    // The v1 draft's own example, in the three link fields.
    let app = "ruter:///min/bilett";
    let v2 = validate_order_category_value(&json!({"category": "TICKET", "orderDetailsUrl": app}));
    assert_eq!(codes_at(&v2), [], "{v2:#?}");
    let v3 = validate_add_category_request_value(
        &json!({"orderId": "o-1", "paymentType": "ECOM", "type": "TICKET", "url": app}),
    );
    assert_eq!(codes_at(&v3), [], "{v3:#?}");
    let mut with_url = line();
    with_url["productUrl"] = json!("myshop://product/42");
    let receipt = validate_receipt_value(&receipt_with_line(with_url));
    assert_eq!(codes_at(&receipt), [], "{receipt:#?}");
    // Schemes that run code or read local data stay refused; http stays a warning.
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file://h/x",
        "blob:https://a/1",
        " FILE:///etc/passwd",
    ] {
        let report =
            validate_order_category_value(&json!({"category": "TICKET", "orderDetailsUrl": bad}));
        assert_eq!(
            codes_at(&report),
            [("orderDetailsUrl".to_owned(), codes::UNSAFE_URL, true)],
            "{bad:?}"
        );
    }
    let http = validate_order_category_value(
        &json!({"category": "TICKET", "orderDetailsUrl": "http://shop.example/o/1"}),
    );
    assert_eq!(
        codes_at(&http),
        [("orderDetailsUrl".to_owned(), codes::URL_NOT_HTTPS, false)]
    );
}

#[test]
fn point_1_one_url_policy_for_the_validator_and_the_preview() {
    // Whatever the validator refuses is never a link, even with its scheme allowed; whatever it
    // accepts without a blank is a link once its scheme is allowed (https and http always are).
    let urls = [
        "https://shop.example/o/1",
        "http://shop.example",
        "ruter:///min/bilett",
        "vipps://order/1",
        "mailto:a@b.c",
        "ftp://files.example",
        "file://h/x",
        "FILE:///etc/passwd",
        "blob:https://shop.example/1",
        "filesystem:https://x/y",
        "about:blank",
        "javascript:alert(1)",
        " java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "https:/shop.example",
        "https:///x",
        "//shop.example",
        "/relative",
        "shop.example",
        "",
    ];
    for url in urls {
        let kind = classify_url(url);
        let scheme = url.trim().split_once(':').map(|(s, _)| s.to_owned());
        let allowed: Vec<String> = scheme.into_iter().collect();
        let link = safe_link(url, &allowed);
        assert_eq!(
            kind.is_error(),
            link.is_none(),
            "{url:?}: {kind:?} vs {link:?}"
        );
        if format!("{kind:?}") == "AppScheme" {
            // Clickable only when the caller allows the scheme.
            assert!(safe_link(url, &[]).is_none(), "{url:?}");
        }
    }
}

#[test]
fn point_2_empty_name_or_id_on_an_order_line_is_an_error_at_its_path() {
    let mut empty = line();
    empty["name"] = json!("");
    empty["id"] = json!("");
    let report = validate_receipt_value(&receipt_with_line(empty));
    assert_eq!(
        codes_at(&report),
        [
            ("orderLines[0].id".to_owned(), codes::EMPTY, true),
            ("orderLines[0].name".to_owned(), codes::EMPTY, true),
        ],
        "{report:#?}"
    );
    assert!(!report.valid);
}

#[test]
fn point_3_payment_type_in_any_case_is_accepted_by_the_validators() {
    for text in ["ecom", "ECOM", "Ecom", "recurring", "RECURRING"] {
        assert_eq!(codes_at(&validate_payment_type(text)), [], "{text}");
    }
    let v3 = validate_add_category_request_value(
        &json!({"orderId": "o-1", "paymentType": "recurring", "type": "TICKET", "url": "https://s.example/t"}),
    );
    assert_eq!(codes_at(&v3), [], "{v3:#?}");
    // Typed, it is written upper case.
    let typed: vipps_order_management::model::AddCategoryRequest = serde_json::from_value(
        json!({"orderId": "o-1", "paymentType": "ecom", "type": "TICKET", "url": "https://s.example/t"}),
    )
    .unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap()["paymentType"], "ECOM");
    assert!(!validate_payment_type("ecomm").valid);
}

#[test]
fn point_4_unfounded_refusals_are_warnings_and_every_rule_beyond_the_schema_cites_its_source() {
    // Negative line totals: the spec sets no minimum, so a warning.
    let mut negative = line();
    negative["totalAmount"] = json!(-1000);
    negative["totalAmountExcludingTax"] = json!(-800);
    negative["totalTaxAmount"] = json!(-200);
    let report = validate_receipt_value(&receipt_with_line(negative));
    assert!(report.valid, "{report:#?}");
    assert_eq!(
        codes_at(&report)
            .iter()
            .filter(|(_, code, _)| *code == codes::NEGATIVE_LINE_AMOUNT)
            .count(),
        3
    );
    // A negative discount: the spec says minimum 0, so still an error.
    let mut discount = line();
    discount["discount"] = json!(-1);
    assert!(!validate_receipt_value(&receipt_with_line(discount)).valid);
    // Null currency and null category: nullable in the spec, so warnings.
    let null_currency = json!({"orderLines": [line()], "bottomLine": {"currency": null}});
    let report = validate_receipt_value(&null_currency);
    assert_eq!(
        codes_at(&report),
        [("bottomLine.currency".to_owned(), codes::NULL_VALUE, false)]
    );
    let report = validate_order_category_value(
        &json!({"category": null, "orderDetailsUrl": "https://s.example/o"}),
    );
    assert!(report.valid);

    // docs/CODES.md names the passage for every error rule beyond the schema.
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/CODES.md")).unwrap();
    let start = doc
        .find("## What each rule beyond the schema rests on")
        .expect("the section");
    let section = &doc[start
        ..doc[start..]
            .find("\n## Validator")
            .map_or(doc.len(), |e| start + e)];
    for code in [
        codes::LINE_IDENTITY,
        codes::TAX_MISSING,
        codes::TAX_RATE_AND_PERCENTAGE,
        codes::EMPTY,
        codes::UNSAFE_URL,
        codes::URL_NOT_HTTPS,
        codes::NEGATIVE_LINE_AMOUNT,
        codes::NULL_VALUE,
        codes::DUPLICATE_KEY,
        codes::TOO_LARGE,
        codes::TOO_DEEP,
        codes::IMAGE_FORMAT,
        codes::IMAGE_TOO_SHORT,
        codes::IMAGE_TOO_LARGE,
        codes::IMAGE_SRC_URL,
        codes::BASE64_INVALID,
        codes::ID_DOT_SEGMENT,
    ] {
        assert!(
            section.contains(&format!("`{code}`")),
            "{code} has no source in docs/CODES.md"
        );
    }
}
