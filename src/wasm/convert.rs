//! JSON text across the boundary (see the module comment of `wasm` for why).

use js_sys::JSON;
use wasm_bindgen::{JsCast, JsValue};

use crate::Issue;
use crate::codes;

/// An argument as JSON text: a string is taken as JSON text as it is; anything else goes through
/// `JSON.stringify`. Values JSON cannot carry (a BigInt, a cycle, `undefined`) become an issue.
pub fn to_json_text(value: &JsValue) -> Result<String, Issue> {
    if let Some(text) = value.as_string() {
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
        Ok(text) => text.as_string().ok_or_else(|| Issue {
            path: String::new(),
            code: codes::EXPECTED_TYPE,
            message: "expected an object or JSON text".to_owned(),
        }),
        Err(thrown) => Err(Issue {
            path: String::new(),
            code: codes::EXPECTED_TYPE,
            message: format!(
                "the value cannot be written as JSON ({}); BigInt and cyclic objects are not supported",
                thrown
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| "JSON.stringify threw".to_owned())
            ),
        }),
    }
}

/// JSON text from Rust (always valid) into a plain JS value.
pub fn parse_json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// A Rust value into a plain JS value via JSON text.
pub fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(text) => parse_json(&text),
        Err(_) => JsValue::NULL,
    }
}

/// The bytes of a `Uint8Array` (or any ArrayBuffer view of bytes), copied into wasm memory.
pub fn as_bytes(value: &JsValue) -> Option<Vec<u8>> {
    value
        .dyn_ref::<js_sys::Uint8Array>()
        .map(js_sys::Uint8Array::to_vec)
}

/// Typed input from JSON text, or `invalid_input` naming serde's complaint (with line/column for
/// text, and `path` as the issue's path).
pub fn from_json_text<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &str,
) -> Result<T, JsValue> {
    serde_json::from_str(text).map_err(|failure| {
        super::error::invalid_input_one(Issue {
            path: path.to_owned(),
            code: if failure.is_syntax() || failure.is_eof() {
                codes::JSON_SYNTAX
            } else {
                codes::EXPECTED_TYPE
            },
            message: failure.to_string(),
        })
    })
}
