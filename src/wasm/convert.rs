//! JSON text across the boundary (see the module comment of `wasm` for why).

use js_sys::{JSON, JsString, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::Issue;
use crate::codes;
use crate::issue::Text;
use crate::write_json::WriteJson;

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &Uint8Array) -> EncodeInto;

    type EncodeInto;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeInto) -> u32;
}

/// A JS string as UTF-8, written by the engine's `TextEncoder.encodeInto` straight into wasm
/// memory. wasm-bindgen's own string glue copies the ASCII prefix one `charCodeAt` at a time,
/// which made ASCII receipts validate slower than ones with a "ø" early on (BENCHMARKS.md, "Text
/// in"). Lone surrogates become U+FFFD, as with wasm-bindgen's glue.
fn utf8_of(text: &JsString) -> String {
    // Three bytes per UTF-16 unit always suffice (wasm-bindgen's glue reserves the same); one
    // pass, one view. The buffer lives only as long as the call's text.
    let mut bytes = vec![0u8; text.length() as usize * 3];
    // The view is made after the allocation, so a memory growth cannot detach it.
    let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let view = Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        bytes.as_mut_ptr() as usize as u32,
        bytes.len() as u32,
    );
    // A new encoder per call: less code than a cached one, and it holds no state.
    let written = TextEncoder::new().encode_into(text, &view).written();
    bytes.truncate(written as usize);
    // encodeInto writes whole UTF-8 sequences only, so this never fails.
    String::from_utf8(bytes).unwrap_or_default()
}

/// A JS string as a Rust `String` (through `encodeInto`); `None` for anything else.
pub fn as_string(value: &JsValue) -> Option<String> {
    value.dyn_ref::<JsString>().map(utf8_of)
}

/// An argument as JSON text: a string is taken as JSON text as it is; anything else goes through
/// `JSON.stringify`. Values JSON cannot carry (a BigInt, a cycle, `undefined`) become an issue.
pub fn to_json_text(value: &JsValue) -> Result<String, Issue> {
    if let Some(text) = as_string(value) {
        return Ok(text);
    }
    if value.is_undefined() || value.is_function() || value.is_symbol() {
        return Err(Issue {
            path: String::new(),
            code: codes::EXPECTED_TYPE,
            message: "expected an object or JSON text".to_owned(),
        });
    }
    match JSON::stringify(value) {
        Ok(text) => text
            .dyn_ref::<JsString>()
            .map(utf8_of)
            .ok_or_else(|| Issue {
                path: String::new(),
                code: codes::EXPECTED_TYPE,
                message: "expected an object or JSON text".to_owned(),
            }),
        Err(thrown) => {
            let mut message = Text::new();
            message.str("the value cannot be written as JSON (");
            match thrown.dyn_ref::<js_sys::Error>() {
                Some(error) => message.str(&String::from(error.message())),
                None => message.str("JSON.stringify threw"),
            };
            let message = message
                .str("); BigInt and cyclic objects are not supported")
                .done();
            Err(Issue {
                path: String::new(),
                code: codes::EXPECTED_TYPE,
                message,
            })
        }
    }
}

/// JSON text from Rust (always valid) into a plain JS value.
pub fn parse_json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// A Rust value into a plain JS value via JSON text.
pub fn to_js<T: WriteJson + ?Sized>(value: &T) -> JsValue {
    parse_json(&value.to_json())
}

/// The bytes of a `Uint8Array` (or any ArrayBuffer view of bytes), copied into wasm memory.
pub fn as_bytes(value: &JsValue) -> Option<Vec<u8>> {
    value
        .dyn_ref::<js_sys::Uint8Array>()
        .map(js_sys::Uint8Array::to_vec)
}
