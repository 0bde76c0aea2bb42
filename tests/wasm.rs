//! The JavaScript boundary, run by wasm-bindgen-test in Node and in headless Chromium
//! (`make test-wasm`). Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use js_sys::{JSON, Reflect, Uint8Array};
use vipps_order_management::wasm;
use vipps_order_management::write_json::WriteJson;
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
    let from_object = wasm::build_receipt(js(CART), JsValue::UNDEFINED).expect("builds");
    let from_text =
        wasm::build_receipt(JsValue::from_str(CART), JsValue::UNDEFINED).expect("builds");
    assert_eq!(json(&from_object), json(&from_text));
    let line = Reflect::get_u32(&get(&from_object, "orderLines"), 0).expect("line");
    assert_eq!(get(&line, "totalAmount").as_f64(), Some(7980.0));
    assert_eq!(get(&line, "taxRate").as_f64(), Some(2500.0));
    // A plain object, not a Map.
    assert!(!from_object.is_instance_of::<js_sys::Map>());
    let plain_prototype = Reflect::get_prototype_of(&js_sys::Object::new()).expect("proto");
    assert_eq!(
        JsValue::from(Reflect::get_prototype_of(&from_object).expect("proto")),
        JsValue::from(plain_prototype)
    );
}

#[wasm_bindgen_test]
fn a_bad_cart_throws_an_error_with_code_and_every_issue() {
    let thrown = wasm::build_receipt(js(
        r#"{"currency":"SEK","items":[{"id":"a","name":"A","unitPrice":"x","taxRate":"25"},{"id":"a","name":"B","unitPrice":150,"taxRate":2500},{"id":"c","name":"C","unitPrice":1.5,"taxRate":2500}]}"#,
    ), JsValue::UNDEFINED)
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
        "\"items[2].unitPrice\"",
        "\"items[1].id\"",
    ] {
        assert!(issues.contains(path), "{path} missing in {issues}");
    }
}

#[wasm_bindgen_test]
fn build_options_on_warning_is_called_once_per_warning() {
    // 13 % builds, but is no Norwegian VAT rate: one `unusual_tax_rate` warning.
    let cart =
        r#"{"currency":"NOK","items":[{"id":"a","name":"A","unitPrice":"100","taxRate":"13"}]}"#;
    let seen = js_sys::Array::new();
    let collect = js_sys::Function::new_with_args("issue", "this.push(issue)").bind(&seen);
    let options = js_sys::Object::new();
    Reflect::set(&options, &JsValue::from_str("onWarning"), &collect).expect("set");
    let receipt = wasm::build_receipt(js(cart), options.into()).expect("builds");
    assert_eq!(get(&receipt, "orderLines").is_object(), true);
    assert_eq!(
        json(&seen),
        r#"[{"path":"orderLines[0].taxRate","code":"unusual_tax_rate","message":"13 % is not a VAT rate of NOK (25, 15, 12 or 0 %)"}]"#
    );
    // A callback that throws: the throw propagates.
    let throwing =
        js_sys::Function::new_with_args("issue", "throw new Error('stop: ' + issue.code)");
    let options = js_sys::Object::new();
    Reflect::set(&options, &JsValue::from_str("onWarning"), &throwing).expect("set");
    let thrown = wasm::build_receipt(js(cart), options.into()).expect_err("propagates");
    assert_eq!(
        get(&thrown, "message").as_string().as_deref(),
        Some("stop: unusual_tax_rate")
    );
    // Not a function: refused before building.
    let thrown = wasm::build_receipt(js(cart), js(r#"{"onWarning":"log"}"#)).expect_err("refused");
    assert!(json(&get(&thrown, "issues")).contains("options.onWarning"));
}

#[wasm_bindgen_test]
fn non_json_values_are_reported_not_thrown_through() {
    let thrown =
        wasm::build_receipt(JsValue::UNDEFINED, JsValue::UNDEFINED).expect_err("must throw");
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
    let receipt = wasm::build_receipt(js(CART), JsValue::UNDEFINED).expect("builds");
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

/// A minimal PNG: signature, IHDR, one IDAT, IEND, with real CRCs (pixels are not read).
fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 1],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

#[wasm_bindgen_test]
fn images_from_bytes_and_base64() {
    let small = Uint8Array::from(&png(100, 100)[..]);
    let info = wasm::inspect_image(small.clone().into()).expect("a PNG");
    assert_eq!(get(&info, "format").as_string().as_deref(), Some("png"));
    assert_eq!(get(&info, "height").as_f64(), Some(100.0));
    let report = wasm::validate_image(small.into());
    assert_eq!(get(&report, "valid").as_bool(), Some(false));
    assert!(
        json(&report).contains("image_too_short"),
        "{}",
        json(&report)
    );

    let good = png(200, 200);
    let request =
        wasm::image_request(Uint8Array::from(&good[..]).into(), None).expect("uploadable");
    let id = wasm::image_id_for(Uint8Array::from(&good[..]).into()).expect("id");
    assert_eq!(get(&request, "imageId").as_string(), Some(id.clone()));
    assert_eq!(get(&request, "type").as_string().as_deref(), Some("base64"));
    // The same image as base64 gives the same id, and the request validates.
    let base64 = get(&request, "src");
    assert_eq!(wasm::image_id_for(base64).expect("id"), id);
    assert_eq!(
        get(&wasm::validate_image(request), "valid").as_bool(),
        Some(true)
    );

    let thrown =
        wasm::inspect_image(Uint8Array::from(&b"GIF89a"[..]).into()).expect_err("not PNG/JPEG");
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("invalid_input")
    );
    let thrown = wasm::image_id_for(JsValue::from_str("not base64!")).expect_err("bad base64");
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("invalid_input")
    );
}

#[wasm_bindgen_test]
fn preview_and_html() {
    let receipt = wasm::build_receipt(js(CART), JsValue::UNDEFINED).expect("builds");
    let preview =
        wasm::preview_receipt(receipt.clone(), js(r#"{"locale":"nb-NO"}"#)).expect("preview");
    assert_eq!(
        get(&get(&preview, "total"), "amount").as_f64(),
        Some(7980.0)
    );
    assert_eq!(
        get(&get(&preview, "total"), "formatted")
            .as_string()
            .as_deref(),
        Some("79,80\u{a0}kr")
    );
    let html = wasm::render_receipt_html(receipt, JsValue::UNDEFINED).expect("html");
    assert!(html.contains("Socks"));
    let thrown = wasm::render_receipt_html(js(r#"{"orderLines":5}"#), JsValue::UNDEFINED)
        .expect_err("bad shape");
    assert_eq!(
        get(&thrown, "code").as_string().as_deref(),
        Some("invalid_input")
    );
    // Every shape problem of the receipt and of the options, each at its real JSON path (read by
    // the crate's own reader, not serde, which stopped at the first and gave "line 1 column 17").
    let thrown = wasm::render_receipt_html(js(r#"{"orderLines":[]}"#), JsValue::UNDEFINED)
        .expect_err("no bottom line");
    assert_eq!(
        json(&get(&thrown, "issues")),
        r#"[{"path":"bottomLine","code":"required","message":"'bottomLine' is required"}]"#
    );
    assert_eq!(
        get(&thrown, "message").as_string().as_deref(),
        Some("1 problem: bottomLine: 'bottomLine' is required")
    );
    let deep = r#"{"orderLines":[{"name":"a","id":"1","totalAmount":100,"totalAmountExcludingTax":80,
        "totalTaxAmount":20,"unitInfo":{"unitPrice":"9.90","quantity":"1"}}],
        "bottomLine":{"currency":"NOK","paymentSources":{"card":1.5}}}"#;
    for thrown in [
        wasm::preview_receipt(js(deep), js(r#"{"locale":7}"#)).expect_err("deep"),
        wasm::render_receipt_html(JsValue::from_str(deep), js(r#"{"locale":7}"#))
            .expect_err("deep"),
    ] {
        let paths: Vec<String> = js_sys::Array::from(&get(&thrown, "issues"))
            .iter()
            .map(|issue| get(&issue, "path").as_string().unwrap_or_default())
            .collect();
        assert_eq!(
            paths,
            [
                "orderLines[0].unitInfo.unitPrice",
                "bottomLine.paymentSources.card",
                "options.locale"
            ]
        );
    }
}

/// Hostile input inside wasm itself (1 MB stack, panic = abort): deep nesting, a huge string,
/// numbers JS cannot hold, each a report, never a trap that would kill the instance.
#[wasm_bindgen_test]
fn hostile_input_is_reported_inside_wasm() {
    let deep_array = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    for text in [
        deep_array.as_str(),
        deep_object.as_str(),
        "\u{feff}{}",
        "NaN",
        "-0",
        "{\"a\":1,\"a\":2}",
    ] {
        let report = wasm::validate_receipt(JsValue::from_str(text));
        assert_eq!(
            get(&report, "valid").as_bool(),
            Some(false),
            "{}",
            &text[..text.len().min(20)]
        );
        let thrown = wasm::build_receipt(JsValue::from_str(text), JsValue::UNDEFINED)
            .expect_err("not a cart");
        assert_eq!(
            get(&thrown, "code").as_string().as_deref(),
            Some("invalid_input")
        );
    }
    let huge = "x".repeat(10 * 1024 * 1024);
    let receipt = format!(
        r#"{{"orderLines":[{{"name":"{huge}","id":"1","totalAmount":100,"totalAmountExcludingTax":80,"totalTaxAmount":20,"taxRate":2500,"productUrl":"javascript:{huge}"}}],"bottomLine":{{"currency":"NOK"}}}}"#
    );
    let report = wasm::validate_receipt(JsValue::from_str(&receipt));
    assert!(json(&report).contains("unsafe_url"));
    // The preview of a receipt with a 10 MB name still renders, does not trap, and shows the
    // name's first 500 characters (caller text is bounded, docs/ROBUSTNESS.md).
    let safe = receipt.replace(&format!("javascript:{huge}"), "https://shop.example/p");
    let html =
        wasm::render_receipt_html(JsValue::from_str(&safe), JsValue::UNDEFINED).expect("html");
    assert!(html.contains(&format!("<bdi>{}…</bdi>", "x".repeat(500))));
    assert!(html.len() < 100_000, "{} bytes", html.len());
    let report = wasm::validate_receipt(JsValue::from_str(
        r#"{"orderLines":[{"name":"a","id":"1","totalAmount":1e400,"totalAmountExcludingTax":0,"totalTaxAmount":0,"taxRate":0}],"bottomLine":{"currency":"NOK"}}"#,
    ));
    assert_eq!(get(&report, "valid").as_bool(), Some(false));
}

/// Text in through one reused buffer (src/wasm/convert.rs): each call reads exactly its own text,
/// whatever a longer earlier one left in the buffer; lone surrogates become U+FFFD; a value
/// `JSON.stringify` refuses is reported with the engine's message; a valid report is a new
/// object each time.
#[wasm_bindgen_test]
fn each_call_reads_its_own_text() {
    let long_name = "x".repeat(5000);
    let long = CART.replace("Socks", &long_name);
    let built = wasm::build_receipt(JsValue::from_str(&long), JsValue::UNDEFINED).expect("builds");
    assert!(json(&built).contains(&long_name));
    // Shorter texts after the long one: a read past their end would be a syntax error.
    for _ in 0..2 {
        let built =
            wasm::build_receipt(JsValue::from_str(CART), JsValue::UNDEFINED).expect("builds");
        assert!(json(&built).contains("\"Socks\""));
    }
    let report = wasm::validate_receipt(JsValue::from_str("{}"));
    assert!(
        json(&report).contains("\"path\":\"orderLines\""),
        "{}",
        json(&report)
    );

    // JSON text with a lone high surrogate in a name: U+FFFD in its place.
    let lone = js_sys::JsString::from_char_code1(0xD800);
    let (before, after) = CART.split_once("Socks").expect("name");
    let text = js_sys::JsString::from(before)
        .concat(&"So".into())
        .concat(&lone)
        .concat(&"ks".into())
        .concat(&after.into());
    let built = wasm::build_receipt(text.into(), JsValue::UNDEFINED).expect("builds");
    assert!(
        json(&built).contains("\"So\u{FFFD}ks\""),
        "{}",
        json(&built)
    );

    // A BigInt: JSON.stringify throws a TypeError, whose message is kept.
    let with_bigint = js(r#"{"orderLines":[]}"#);
    Reflect::set(
        &with_bigint,
        &"n".into(),
        &js_sys::BigInt::from(1u32).into(),
    )
    .expect("set");
    let report = wasm::validate_receipt(with_bigint);
    let message = get(
        &Reflect::get_u32(&get(&report, "errors"), 0).expect("error"),
        "message",
    )
    .as_string()
    .expect("message");
    assert!(
        message.starts_with("the value cannot be written as JSON (")
            && !message.contains("JSON.stringify threw")
            && message.ends_with("); BigInt and cyclic objects are not supported"),
        "{message}"
    );

    // Valid reports are new objects: changing one leaves the next alone.
    let receipt = wasm::build_receipt(js(CART), JsValue::UNDEFINED).expect("builds");
    let first = wasm::validate_receipt(receipt.clone());
    js_sys::Array::from(&get(&first, "errors")).push(&"changed".into());
    Reflect::set(&first, &"valid".into(), &JsValue::FALSE).expect("set");
    let second = wasm::validate_receipt(receipt);
    assert_eq!(json(&second), r#"{"valid":true,"errors":[],"warnings":[]}"#);
}

/// A callback that calls back in while the builder runs (the input buffer is then in use or
/// free; either way each call reads its own text), and the preview's options read while its
/// receipt is held.
#[wasm_bindgen_test]
fn calls_back_in_from_a_callback() {
    let cart =
        r#"{"currency":"NOK","items":[{"id":"a","name":"A","unitPrice":"100","taxRate":"13"}]}"#;
    let seen = js_sys::Array::new();
    let seen_in = seen.clone();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_issue| {
        seen_in.push(&wasm::validate_receipt(JsValue::from_str("{}")));
    });
    let options = js_sys::Object::new();
    Reflect::set(&options, &"onWarning".into(), callback.as_ref()).expect("set");
    let built = wasm::build_receipt(JsValue::from_str(cart), options.into()).expect("builds");
    assert!(json(&built).contains("\"name\":\"A\""));
    assert_eq!(seen.length(), 1);
    assert!(json(&seen).contains("\"path\":\"orderLines\""));

    let receipt = wasm::build_receipt(js(CART), JsValue::UNDEFINED).expect("builds");
    let preview = wasm::preview_receipt(receipt, js(r#"{"locale":"en-GB"}"#)).expect("preview");
    assert!(json(&preview).contains("Socks"));
}

/// A `toJSON` that calls back in while the outer call turns its argument into text (the realistic
/// way back in), with a longer text than the outer one: each call reads its own text.
#[wasm_bindgen_test]
fn calls_back_in_from_to_json() {
    let receipt = wasm::build_receipt(js(CART), JsValue::UNDEFINED).expect("builds");
    let alone = json(&wasm::validate_receipt(receipt.clone()));
    let long = JsValue::from_str(
        &(r#"{"orderLines":[],"bottomLine":{"currency":"NOK"},"x":""#.to_owned()
            + &"y".repeat(5000)
            + "\"}"),
    );
    let seen = js_sys::Array::new();
    let seen_in = seen.clone();
    let receipt_in = receipt.clone();
    let to_json = wasm_bindgen::closure::Closure::<dyn FnMut() -> JsValue>::new(move || {
        seen_in.push(&wasm::validate_receipt(long.clone()));
        receipt_in.clone()
    });
    let wrapper = js_sys::Object::new();
    Reflect::set(&wrapper, &"toJSON".into(), to_json.as_ref()).expect("set");
    assert_eq!(json(&wasm::validate_receipt(wrapper.clone().into())), alone);
    assert_eq!(seen.length(), 1);
    assert!(json(&seen).contains("\"path\":\"x\""), "{}", json(&seen));

    // The same during `previewReceipt`, whose receipt text is held while its options are read.
    let options = js_sys::Object::new();
    let seen_in = seen.clone();
    let options_to_json =
        wasm_bindgen::closure::Closure::<dyn FnMut() -> JsValue>::new(move || {
            seen_in.push(&wasm::validate_receipt(JsValue::from_str(&"[".repeat(70))));
            js(r#"{"locale":"en-GB"}"#)
        });
    Reflect::set(&options, &"toJSON".into(), options_to_json.as_ref()).expect("set");
    let preview = wasm::preview_receipt(receipt, options.into()).expect("preview");
    assert!(json(&preview).contains("Socks"));
    assert_eq!(seen.length(), 2);
}

/// A setter on `Object.prototype` under a receipt key's name sees `buildReceipt`'s result being
/// built (keys are assigned, not defined); one that calls back in must not disturb the outer call.
#[wasm_bindgen_test]
fn a_prototype_setter_that_calls_back_in_leaves_the_built_receipt_whole() {
    let expected = json(&wasm::build_receipt(js(CART), JsValue::UNDEFINED).expect("builds"));
    let calls = js_sys::Array::new();
    let calls_in = calls.clone();
    let prototype = js_sys::Object::get_prototype_of(&js_sys::Object::new().into());
    let prototype_in = prototype.clone();
    let setter = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_value| {
        // Gone before calling back in, so the nested call's own lines do not run it again.
        Reflect::delete_property(&prototype_in, &"unitInfo".into()).expect("delete");
        // A bigger cart than the outer one, so its tables outgrow the outer call's.
        let items: Vec<String> = (0..200)
            .map(|i| {
                r#"{"id":"n"#.to_owned()
                    + &i.to_string()
                    + r#"","name":"Nested","unitPrice":"1","taxRate":"25"}"#
            })
            .collect();
        let cart = r#"{"currency":"NOK","items":["#.to_owned() + &items.join(",") + "]}";
        calls_in.push(&wasm::build_receipt(js(&cart), JsValue::UNDEFINED).expect("nested"));
    });
    let descriptor = js_sys::Object::new();
    Reflect::set(&descriptor, &"set".into(), setter.as_ref()).expect("set");
    Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).expect("set");
    Reflect::define_property(&prototype, &"unitInfo".into(), &descriptor).expect("define");
    let built = wasm::build_receipt(js(CART), JsValue::UNDEFINED);
    Reflect::delete_property(&prototype, &"unitInfo".into()).expect("delete");
    let built = built.expect("builds");
    assert_eq!(
        calls.length(),
        1,
        "the setter ran once, for the outer receipt's one line"
    );
    let nested_lines = Reflect::get(&calls.get(0), &"orderLines".into()).expect("lines");
    assert_eq!(nested_lines.unchecked_into::<js_sys::Array>().length(), 200);
    // The outer line's unitInfo went to the setter; the rest is as built without the setter.
    let expected = JSON::parse(&expected).expect("parse");
    let first_line = |value: &JsValue| {
        let lines = Reflect::get(value, &"orderLines".into()).expect("lines");
        Reflect::get(&lines, &0.into()).expect("line")
    };
    Reflect::delete_property(
        &first_line(&expected).unchecked_into::<js_sys::Object>(),
        &"unitInfo".into(),
    )
    .expect("delete");
    assert_eq!(json(&built), json(&expected));
}

/// xorshift64*: the same sequence everywhere, so a failure names its case.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self) -> bool {
        self.below(2) == 0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Strings that cross differently: ASCII, Latin-1, astral, a BOM first, NUL, quotes, U+2028, empty.
const NAMES: &[&str] = &[
    "Socks",
    "Brunost 500 g",
    "Blåbær, 1 kg",
    "Kaffe 🫘 ☕",
    "\u{feff}BOM first",
    "nul\u{0}inside",
    "quote \" and \\ and\nline",
    "line\u{2028}separator",
    "",
    "ß",
];

/// `buildReceipt`'s result (built through the compact tables) against `JSON.parse` of the built
/// receipt's JSON text, key order included, over carts with every optional part on and off.
#[wasm_bindgen_test]
fn built_receipts_equal_json_parse_of_their_text() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut built_count = 0;
    for case in 0..300 {
        let mut items = Vec::new();
        for index in 0..1 + random.below(6) {
            let mut item = format!(
                r#"{{"id":"sku-{index}","name":{},"unitPrice":"{}.{:02}","taxRate":"{}""#,
                json(&JsValue::from_str(random.pick(NAMES))),
                random.below(5000),
                random.below(100),
                random.pick(&["25", "15", "12", "0", "13"]),
            );
            if random.chance() {
                item.push_str(&format!(
                    r#","quantity":"{}""#,
                    random.pick(&["1", "2", "0.5", "1.25", "3"])
                ));
            }
            if random.chance() {
                item.push_str(&format!(
                    r#","unit":"{}""#,
                    random.pick(&["PCS", "KG", "LITRE", "KWH"])
                ));
            }
            if random.chance() {
                item.push_str(&format!(r#","discount":"{}""#, random.below(300)));
            }
            if random.chance() {
                item.push_str(r#","productUrl":"https://shop.example/p?ø=1""#);
            }
            if random.below(4) == 0 {
                item.push_str(r#","isReturn":true"#);
            }
            item.push('}');
            items.push(item);
        }
        let mut cart = format!(
            r#"{{"currency":"{}","items":[{}]"#,
            random.pick(&["NOK", "DKK", "EUR"]),
            items.join(",")
        );
        if random.chance() {
            cart.push_str(r#","shipping":{"name":"Frakt","price":"49","taxRate":"25"}"#);
        }
        if random.chance() {
            cart.push_str(r#","fees":[{"name":"Gebyr","price":"10","taxRate":"25"}]"#);
        }
        if random.chance() {
            cart.push_str(r#","tipAmount":"20""#);
        }
        if random.chance() {
            cart.push_str(r#","posId":"kasse ∞""#);
        }
        if random.chance() {
            cart.push_str(r#","receiptNumber":"123""#);
        }
        if random.chance() {
            cart.push_str(r#","barcode":{"format":"EAN-13","data":"5901234123457"}"#);
        }
        if random.chance() {
            cart.push_str(r#","discount":"5""#);
        }
        if random.chance() {
            cart.push_str(r#","pricesIncludeTax":false"#);
        }
        cart.push('}');
        let native = vipps_order_management::build::build_receipt_from_text(&cart);
        let wasm = wasm::build_receipt(JsValue::from_str(&cart), JsValue::UNDEFINED);
        match (native, wasm) {
            (Ok(native), Ok(wasm)) => {
                built_count += 1;
                assert_eq!(
                    json(&wasm),
                    json(&js(&native.receipt.to_json())),
                    "case {case}: {cart}"
                );
            }
            (Err(_), Err(_)) => {}
            (native, wasm) => panic!(
                "case {case}: native built {}, wasm built {}: {cart}",
                native.is_ok(),
                wasm.is_ok()
            ),
        }
    }
    assert!(built_count > 150, "only {built_count} carts built");
}

/// Every shape a `Receipt` can take (each optional field on, off or null, integers out to
/// i64's ends, every kind of string) crosses as `JSON.parse` of its text gives it.
#[wasm_bindgen_test]
fn receipts_of_every_shape_cross_as_json_parse_gives() {
    use vipps_order_management::model::{
        Barcode, BarcodeFormat, BottomLine, Currency, OrderLine, PaymentSources, QuantityUnit,
        Receipt, ShippingInfo, UnitInfo,
    };
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let ints = [
        0,
        1,
        -1,
        7902,
        -123_456,
        i64::from(i32::MAX) + 1,
        i64::from(i32::MIN) - 1,
        (1 << 53) - 1,
        1 << 53,
        (1 << 53) + 1,
        -(1 << 53) - 1,
        i64::MAX,
        i64::MIN,
    ];
    let int = |random: &mut Random| ints[random.below(ints.len() as u64) as usize];
    let opt_int = |random: &mut Random| random.chance().then(|| int(random));
    let text = |random: &mut Random| random.pick(NAMES).to_owned();
    for case in 0..300 {
        let mut order_lines = Vec::new();
        for _ in 0..random.below(4) {
            order_lines.push(OrderLine {
                name: text(&mut random),
                id: text(&mut random),
                total_amount: int(&mut random),
                total_amount_excluding_tax: int(&mut random),
                total_tax_amount: int(&mut random),
                tax_percentage: opt_int(&mut random),
                tax_rate: opt_int(&mut random),
                unit_info: random.chance().then(|| UnitInfo {
                    unit_price: opt_int(&mut random),
                    quantity: text(&mut random),
                    quantity_unit: random.chance().then(|| {
                        if random.chance() {
                            QuantityUnit::Kg
                        } else {
                            QuantityUnit::Other("BOX ø".to_owned())
                        }
                    }),
                }),
                discount: opt_int(&mut random),
                product_url: random.chance().then(|| text(&mut random)),
                is_return: random.chance().then(|| random.chance()),
                is_shipping: random.chance().then(|| random.chance()),
            });
        }
        let bottom_line = BottomLine {
            currency: random.chance().then_some(Currency::Dkk),
            tip_amount: opt_int(&mut random),
            pos_id: random.chance().then(|| text(&mut random)),
            payment_sources: random.chance().then(|| PaymentSources {
                gift_card: opt_int(&mut random),
                card: opt_int(&mut random),
                voucher: opt_int(&mut random),
                cash: opt_int(&mut random),
            }),
            barcode: random.chance().then(|| Barcode {
                format: random.chance().then_some(BarcodeFormat::Code128),
                data: random.chance().then(|| text(&mut random)),
            }),
            receipt_number: random.chance().then(|| text(&mut random)),
            gift_card_amount: opt_int(&mut random),
            total_amount: opt_int(&mut random),
            total_tax: opt_int(&mut random),
            total_discount: opt_int(&mut random),
            shipping_amount: opt_int(&mut random),
            shipping_info: random.chance().then(|| ShippingInfo {
                amount: opt_int(&mut random),
                amount_excluding_tax: opt_int(&mut random),
                tax_amount: opt_int(&mut random),
                tax_percentage: opt_int(&mut random),
            }),
            terminal_id: random.chance().then(|| text(&mut random)),
        };
        let receipt = Receipt {
            order_lines,
            bottom_line,
        };
        let expected = js(&vipps_order_management::write_json::WriteJson::to_json(
            &receipt,
        ));
        assert_eq!(
            json(&wasm::receipt_to_js(&receipt)),
            json(&expected),
            "case {case}"
        );
    }
}
