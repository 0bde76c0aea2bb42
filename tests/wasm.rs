//! The JavaScript boundary, run by wasm-bindgen-test in Node and in headless Chromium
//! (`make test-wasm`). Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use js_sys::{JSON, Reflect, Uint8Array};
use vipps_order_management::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property")
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).expect("stringify").into()
}

const CART: &str = r#"{"currency":"NOK","items":[{"id":"sku-1","name":"Socks","unitPrice":"39.90","quantity":"2","taxRate":"25"}]}"#;

#[wasm_bindgen_test]
fn builds_from_an_object_and_from_text_alike() {
    let from_object = wasm::build_receipt(js(CART)).expect("builds");
    let from_text = wasm::build_receipt(JsValue::from_str(CART)).expect("builds");
    assert_eq!(json(&from_object), json(&from_text));
    let line = Reflect::get_u32(&get(&from_object, "orderLines"), 0).expect("line");
    assert_eq!(get(&line, "totalAmount").as_f64(), Some(7980.0));
    assert_eq!(get(&line, "taxRate").as_f64(), Some(2500.0));
    // A plain object, not a Map.
    assert!(!from_object.is_instance_of::<js_sys::Map>());
    assert!(
        Reflect::get_prototype_of(&from_object).expect("proto")
            == js_sys::Object::new().constructor().prototype()
    );
}

#[wasm_bindgen_test]
fn a_bad_cart_throws_an_error_with_code_and_every_issue() {
    let thrown = wasm::build_receipt(js(
        r#"{"currency":"SEK","items":[{"id":"a","name":"A","unitPrice":"x","taxRate":"25"},{"id":"a","name":"B","unitPrice":1.5,"taxRate":2500}]}"#,
    ))
    .expect_err("must throw");
    let error: &js_sys::Error = thrown.dyn_ref().expect("an Error object");
    assert_eq!(String::from(error.name()), "VippsOrderManagementError");
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("invalid_input")
    );
    let issues = json(&get(&thrown, "issues"));
    for path in [
        "\"currency\"",
        "\"items[0].unitPrice\"",
        "\"items[1].unitPrice\"",
        "\"items[1].id\"",
    ] {
        assert!(issues.contains(path), "{path} missing in {issues}");
    }
}

#[wasm_bindgen_test]
fn non_json_values_are_reported_not_thrown_through() {
    let thrown = wasm::build_receipt(JsValue::UNDEFINED).expect_err("must throw");
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("invalid_input")
    );
    let bigint = js_sys::BigInt::from(10u32);
    let report = wasm::validate_receipt(bigint.into());
    assert_eq!(get(&report, "valid").as_bool(), Some(false));
}

#[wasm_bindgen_test]
fn validation_returns_a_report_and_never_throws() {
    let receipt = wasm::build_receipt(js(CART)).expect("builds");
    let report = wasm::validate_receipt(receipt);
    assert_eq!(json(&report), r#"{"valid":true,"errors":[],"warnings":[]}"#);

    let report = wasm::validate_receipt(JsValue::from_str("{\"orderLines\": [,]}"));
    assert_eq!(get(&report, "valid").as_bool(), Some(false));
    assert!(json(&report).contains("json_syntax"));

    // Integers beyond 2^53 in JSON text are reported, never rounded.
    let report = wasm::validate_receipt(JsValue::from_str(
        r#"{"orderLines":[{"name":"a","id":"1","totalAmount":9007199254740993,"totalAmountExcludingTax":0,"totalTaxAmount":0,"taxRate":0}],"bottomLine":{"currency":"NOK"}}"#,
    ));
    assert!(json(&report).contains("too_large"), "{}", json(&report));
}

#[wasm_bindgen_test]
fn images_from_bytes() {
    // 1×1 PNG: too short for the API (height < 167).
    let png: [u8; 33] = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0,
        0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
    ];
    let bytes = Uint8Array::from(&png[..]);
    let info = wasm::inspect_image(bytes.clone().into()).expect("a PNG");
    assert_eq!(get(&info, "height").as_f64(), Some(1.0));
    let report = wasm::validate_image(bytes.clone().into());
    assert_eq!(get(&report, "valid").as_bool(), Some(false));
    let id = wasm::image_id_for(bytes.into()).expect("id");
    assert!(!id.is_empty());
    let thrown =
        wasm::inspect_image(Uint8Array::from(&b"GIF89a"[..]).into()).expect_err("not PNG/JPEG");
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("invalid_input")
    );
}
