//! The JavaScript boundary: the only module with wasm-bindgen, compiled only for wasm32.
//!
//! Data crosses as JSON text: an object argument is turned into text by the engine's own
//! `JSON.stringify` and parsed once in Rust (`crate::json`); results go back through `JSON.parse`.
//! That keeps integers exact (no f64 round trip inside Rust), gives plain objects (never a `Map`), and
//! measured 1.4–1.7× faster than serde-wasm-bindgen's per-field calls on the way in, and no slower
//! on the way out (BENCHMARKS.md, "The boundary"). Two answers skip the text: a valid report with
//! no warnings is made in JS, and a built receipt crosses as two tables (`compact`) that JS turns
//! into the same objects `JSON.parse` gives (BENCHMARKS.md, "The boundary, per call").
//!
//! The JS half of the boundary is `boundary.js` (staging text in, rebuilding receipts out): one
//! call each where js-sys took several. scripts/build-pkg.sh bundles it into each module's glue
//! (ES module and CommonJS alike), so no `snippets/` folder ships (one file less to load).
//!
//! Builders throw (an `Error` with `.code` and `.issues`); validators return a report and never
//! throw on bad data.

#[cfg(feature = "client")]
mod client;
mod compact;
mod convert;
mod error;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "client")]
pub use client::OrderManagementClient;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::Report;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = include_str!("types.d.ts");

/// The library version (the crate's, which is also the npm package's).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Builds a receipt from a cart (an object or JSON text; the README's "Build, validate, preview").
/// Throws `invalid_input` with every problem. With `options.onWarning`, calls it once per warning
/// (those `validateReceipt` gives on the receipt, after any about the cart) before returning;
/// without it, warnings are not even worked out and nothing is logged. An exception the callback
/// throws propagates.
#[wasm_bindgen(js_name = buildReceipt, unchecked_return_type = "BuiltReceipt")]
pub fn build_receipt(
    #[wasm_bindgen(unchecked_param_type = "CartInput | string")] cart: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "BuildOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let on_warning = warning_callback(&options)?;
    let built = convert::with_json_text(&cart, crate::build::build_receipt_from_text)
        .map_err(error::invalid_input_one)?
        .map_err(|failure| error::invalid_input(&failure.summary(), &failure.issues))?;
    if let Some(on_warning) = on_warning {
        for warning in built.warnings() {
            on_warning.call1(&JsValue::UNDEFINED, &convert::to_js(&warning))?;
        }
    }
    Ok(compact::receipt_to_js(&built.receipt))
}

/// A receipt as the plain object `buildReceipt` returns (the tables of `compact`), for the tests
/// that hold it equal to `JSON.parse` of the receipt's JSON text. Not exported to JS.
#[doc(hidden)]
pub fn receipt_to_js(receipt: &crate::model::Receipt) -> JsValue {
    compact::receipt_to_js(receipt)
}

/// `options.onWarning` when given: a function, or an `invalid_input` error naming it.
fn warning_callback(options: &JsValue) -> Result<Option<js_sys::Function>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let refused = |message: &str| {
        error::invalid_input_one(crate::Issue {
            path: "options.onWarning".to_owned(),
            code: crate::codes::EXPECTED_TYPE,
            message: message.to_owned(),
        })
    };
    if !options.is_object() {
        return Err(error::invalid_input_one(crate::Issue {
            path: "options".to_owned(),
            code: crate::codes::EXPECTED_TYPE,
            message: "expected an options object ({ onWarning })".to_owned(),
        }));
    }
    let callback = js_sys::Reflect::get(options, &JsValue::from_str("onWarning"))
        .map_err(|_| refused("cannot be read"))?;
    if callback.is_undefined() || callback.is_null() {
        return Ok(None);
    }
    callback
        .dyn_into::<js_sys::Function>()
        .map(Some)
        .map_err(|_| refused("expected a function (issue) => void"))
}

/// Validates a receipt (an object or JSON text). Never throws on bad data.
#[wasm_bindgen(js_name = validateReceipt, unchecked_return_type = "ValidationReport")]
pub fn validate_receipt(
    #[wasm_bindgen(
        unchecked_param_type = "unknown",
        param_description = "a receipt object, or its JSON text"
    )]
    receipt: JsValue,
) -> JsValue {
    let report = convert::with_json_text(&receipt, crate::validate::validate_receipt_text)
        .unwrap_or_else(report_of);
    convert::report_to_js(&report)
}

/// Validates a category request: the v2 body (`{category, orderDetailsUrl, imageId?}`) or the v3
/// one (`{orderId, paymentType, type, url, imageId?}`, recognised by its `type` or `url` field).
#[wasm_bindgen(js_name = validateCategory, unchecked_return_type = "ValidationReport")]
pub fn validate_category(
    #[wasm_bindgen(
        unchecked_param_type = "unknown",
        param_description = "a CategoryRequest or AddCategoryRequest object, or its JSON text"
    )]
    category: JsValue,
) -> JsValue {
    // Duplicate keys are reported too.
    let report = convert::with_json_text(&category, crate::validate::validate_category_text)
        .unwrap_or_else(report_of);
    convert::report_to_js(&report)
}

/// Validates an image: the upload request `{imageId, src, type}`, or the raw bytes.
#[wasm_bindgen(js_name = validateImage, unchecked_return_type = "ValidationReport")]
pub fn validate_image(
    #[wasm_bindgen(
        unchecked_param_type = "unknown",
        param_description = "an ImageRequest object or its JSON text, or the image bytes (Uint8Array)"
    )]
    image: JsValue,
) -> JsValue {
    let report = if let Some(bytes) = convert::as_bytes(&image) {
        crate::image::validate_image_bytes(&bytes)
    } else {
        convert::with_json_text(&image, crate::image::validate_image_json).unwrap_or_else(report_of)
    };
    convert::report_to_js(&report)
}

/// Format and size of image bytes (or base64). Throws `invalid_input` when they are no PNG/JPEG.
#[wasm_bindgen(js_name = inspectImage, unchecked_return_type = "ImageInfo")]
pub fn inspect_image(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] image: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = image_bytes(&image)?;
    let info = crate::image::inspect_image(&bytes).map_err(error::invalid_input_one)?;
    Ok(convert::to_js(&info))
}

/// The image id derived from the content (the client's default), so one image uploads once.
#[wasm_bindgen(js_name = imageIdFor)]
pub fn image_id_for(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] image: JsValue,
) -> Result<String, JsValue> {
    Ok(crate::image::content_image_id(&image_bytes(&image)?))
}

/// The upload body `{imageId, src, type: "base64"}` for image bytes, checked first.
#[wasm_bindgen(js_name = imageRequest, unchecked_return_type = "ImageRequest")]
pub fn image_request(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] image: JsValue,
    #[wasm_bindgen(js_name = imageId, unchecked_optional_param_type = "string")] image_id: Option<
        String,
    >,
) -> Result<JsValue, JsValue> {
    let bytes = image_bytes(&image)?;
    match crate::image::image_request(&bytes, image_id.as_deref()) {
        Ok(request) => Ok(convert::to_js(&request)),
        Err(issues) => Err(error::invalid_input(
            "the image cannot be uploaded",
            &issues,
        )),
    }
}

/// Bytes from a `Uint8Array`, or from base64 text.
fn image_bytes(image: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(bytes) = convert::as_bytes(image) {
        return Ok(bytes);
    }
    match convert::as_string(image) {
        Some(text) => crate::image::decode_base64(&text).map_err(|failure| {
            error::invalid_input_one(crate::Issue {
                path: String::new(),
                code: failure.code(),
                message: failure.message(),
            })
        }),
        None => Err(error::invalid_input_one(crate::Issue {
            path: String::new(),
            code: crate::codes::EXPECTED_TYPE,
            message: "expected a Uint8Array or a base64 string".to_owned(),
        })),
    }
}

#[inline(never)]
fn report_of(issue: crate::Issue) -> Report {
    Report {
        valid: false,
        errors: vec![issue],
        warnings: Vec::new(),
    }
}

/// What the app will show for a receipt, as a view model (amounts as integers and as text).
/// Throws `invalid_input` when the receipt or the options do not have their shape, with every
/// problem at its path (`bottomLine`, `orderLines[0].totalAmount`, `options.locale`).
#[wasm_bindgen(js_name = previewReceipt, unchecked_return_type = "ReceiptPreview")]
pub fn preview_receipt(
    #[wasm_bindgen(unchecked_param_type = "Receipt | string")] receipt: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (receipt, options) = preview_inputs(&receipt, &options)?;
    Ok(convert::to_js(&crate::preview::preview_receipt(
        &receipt, &options,
    )))
}

/// The receipt as a self-contained HTML fragment (scoped CSS, light and dark, every text
/// escaped, only safe links). Throws `invalid_input` when the receipt or the options do not have
/// their shape, with every problem at its path (as `previewReceipt`).
#[wasm_bindgen(js_name = renderReceiptHtml)]
pub fn render_receipt_html(
    #[wasm_bindgen(unchecked_param_type = "Receipt | string")] receipt: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let (receipt, options) = preview_inputs(&receipt, &options)?;
    Ok(crate::preview::render_receipt_html(&receipt, &options))
}

fn preview_inputs(
    receipt: &JsValue,
    options: &JsValue,
) -> Result<(crate::model::Receipt, crate::preview::PreviewOptions), JsValue> {
    let read = |receipt_text: &str, options_text: Option<&str>| {
        crate::preview::read_inputs(receipt_text, options_text).map_err(|issues| {
            error::invalid_input(
                &crate::issue::summary(&issues, "the receipt cannot be previewed"),
                &issues,
            )
        })
    };
    // The receipt in the reused buffer; the options (read while it is held) in a buffer of their own.
    convert::with_json_text(receipt, |receipt_text| {
        if options.is_undefined() || options.is_null() {
            read(receipt_text, None)
        } else {
            convert::with_json_text(options, |options_text| {
                read(receipt_text, Some(options_text))
            })
            .map_err(error::invalid_input_one)?
        }
    })
    .map_err(error::invalid_input_one)?
}
