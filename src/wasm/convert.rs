//! JSON text across the boundary (see the module comment of `wasm` for why).

use std::cell::Cell;

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

use crate::Issue;
use crate::codes;
use crate::issue::{Report, Text};
use crate::write_json::WriteJson;

#[wasm_bindgen(module = "/src/wasm/boundary.js")]
extern "C" {
    #[wasm_bindgen(js_name = stageText)]
    fn stage_text(value: &JsValue, stringify: bool) -> i32;
    #[wasm_bindgen(js_name = writeStaged)]
    fn write_staged(memory: &JsValue, pointer: u32, capacity: u32) -> u32;
    #[wasm_bindgen(js_name = stagedError)]
    fn staged_error() -> Option<String>;
    #[wasm_bindgen(js_name = cleanReport)]
    fn clean_report() -> JsValue;
    /// `JSON.parse` without js-sys's catch: the text is the crate's own, always valid JSON.
    #[wasm_bindgen(js_name = parseJson)]
    pub fn parse_json(text: &str) -> JsValue;
}

/// Input buffers at most this big are kept for the next call (room for a receipt of ~1000 lines,
/// three bytes per UTF-16 unit); a bigger one (a huge input) is given back, so one big call does
/// not hold its memory for the life of the instance.
const KEEP_INPUT_BYTES: usize = 1024 * 1024;

thread_local! {
    /// The one input buffer, reused across calls: no allocation and no zeroing per call (it only
    /// grows, zeroing the new part once). Taken out while in use, so a nested call (the preview's
    /// options while its receipt is held, a callback that calls back in) finds it empty and
    /// grows one of its own.
    static INPUT: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Copies the staged text (`length` UTF-16 units) into `buffer` as UTF-8 with the engine's
/// `TextEncoder.encodeInto`; the bytes written. wasm-bindgen's own string glue copies the ASCII
/// prefix one `charCodeAt` at a time, which made ASCII receipts validate slower than ones with a
/// "ø" early on (BENCHMARKS.md, "Text in"). Lone surrogates become U+FFFD, as with that glue.
fn write_staged_into(buffer: &mut Vec<u8>, length: usize) -> usize {
    // Three bytes per UTF-16 unit always suffice (wasm-bindgen's glue reserves the same).
    let room = length.saturating_mul(3);
    if buffer.len() < room {
        buffer.resize(room, 0);
    }
    // The view is made (in JS) after any growth above, so a memory growth cannot detach it.
    write_staged(
        &wasm_bindgen::memory(),
        buffer.as_mut_ptr() as usize as u32,
        room as u32,
    ) as usize
}

/// The text `write_staged_into` wrote: encodeInto writes whole UTF-8 sequences only, so the
/// check never fails.
fn written_text(buffer: &[u8], written: usize) -> &str {
    buffer
        .get(..written)
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// Keeps the buffer for the next call unless a huge input made it big.
fn give_back(buffer: Vec<u8>) {
    // Capacity, not length: `resize` may have doubled the allocation past what was asked for.
    if buffer.capacity() <= KEEP_INPUT_BYTES {
        INPUT.set(buffer);
    }
}

/// Calls `f` with the staged text, in the reused input buffer.
fn with_staged_text<R>(length: usize, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = INPUT.take();
    let written = write_staged_into(&mut buffer, length);
    let result = f(written_text(&buffer, written));
    give_back(buffer);
    result
}

fn not_json_text() -> Issue {
    Issue {
        path: String::new(),
        code: codes::EXPECTED_TYPE,
        message: "expected an object or JSON text".to_owned(),
    }
}

/// A JS string as a Rust `String` (through `encodeInto`); `None` for anything else.
pub fn as_string(value: &JsValue) -> Option<String> {
    let length = usize::try_from(stage_text(value, false)).ok()?;
    Some(with_staged_text(length, str::to_owned))
}

/// Calls `f` with an argument as JSON text: a string is taken as JSON text as it is; anything else
/// goes through `JSON.stringify`. Values JSON cannot carry (a BigInt, a cycle, `undefined`) become
/// an issue.
pub fn with_json_text<R>(value: &JsValue, f: impl FnOnce(&str) -> R) -> Result<R, Issue> {
    match stage_text(value, true) {
        -2 => Err(stringify_failed()),
        length => match usize::try_from(length) {
            Ok(length) => Ok(with_staged_text(length, f)),
            Err(_) => Err(not_json_text()),
        },
    }
}

/// The issue when `JSON.stringify` threw (a BigInt, a cycle), with its message.
fn stringify_failed() -> Issue {
    let mut message = Text::new();
    message.str("the value cannot be written as JSON (");
    match staged_error() {
        Some(thrown) => message.str(&thrown),
        None => message.str("JSON.stringify threw"),
    };
    let message = message
        .str("); BigInt and cyclic objects are not supported")
        .done();
    Issue {
        path: String::new(),
        code: codes::EXPECTED_TYPE,
        message,
    }
}

/// An argument as JSON text, owned (see [`with_json_text`]).
#[cfg(feature = "client")]
pub fn to_json_text(value: &JsValue) -> Result<String, Issue> {
    with_json_text(value, str::to_owned)
}

/// A report into a plain JS value: the common answer (valid, no warnings) made in JS without
/// text, the others through their JSON text.
// Not inlined: one copy for the three validators' exports (smaller wasm).
#[inline(never)]
pub fn report_to_js(report: &Report) -> JsValue {
    if report.valid && report.errors.is_empty() && report.warnings.is_empty() {
        clean_report()
    } else {
        to_js(report)
    }
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
