//! Errors crossing into JS: real `Error` objects with a stable `.code`, `.status` where HTTP gave
//! one, `.issues` where there are field problems, and `.problem` (the API's problem JSON).

use js_sys::{Error, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::Issue;
use crate::issue::Text;

/// The `name` of every error the package throws, so callers can tell them from others.
const ERROR_NAME: &str = "VippsOrderManagementError";

/// Whether `value` is an error this package threw (an `Error` named "VippsOrderManagementError"):
/// in TypeScript it narrows a caught `unknown` to `VippsOrderManagementError`, whose `code` then
/// narrows further (a `conflict` carries `existing` and `attempted`).
#[wasm_bindgen(
    js_name = isVippsOrderManagementError,
    unchecked_return_type = "value is VippsOrderManagementError"
)]
pub fn is_vipps_order_management_error(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue,
) -> bool {
    value
        .dyn_ref::<Error>()
        .is_some_and(|error| error.name() == ERROR_NAME)
}

pub struct JsErrorParts<'a> {
    pub code: &'a str,
    pub message: &'a str,
    pub status: Option<u16>,
    pub issues: &'a [Issue],
    /// Extra properties as JSON text (e.g. `problem`, `existing`), set when present.
    pub extra_json: &'a [(&'a str, String)],
    /// Set as `error.cause`, an `Error` with this message: what the transport said when a
    /// request got no answer.
    pub cause: Option<&'a str>,
}

pub fn js_error(parts: JsErrorParts<'_>) -> JsValue {
    let error = Error::new(parts.message);
    error.set_name(ERROR_NAME);
    let target: &JsValue = error.as_ref();
    set(target, "code", &JsValue::from_str(parts.code));
    if let Some(status) = parts.status {
        set(target, "status", &JsValue::from(status));
    }
    set(target, "issues", &super::convert::to_js(parts.issues));
    if let Some(cause) = parts.cause {
        set(target, "cause", &Error::new(cause).into());
    }
    for (key, json) in parts.extra_json {
        set(target, key, &super::convert::parse_json(json));
    }
    target.clone()
}

/// An `invalid_input` error carrying issues, the way builders and validators refuse input.
// Cold and not inlined: the refusal path stays out of every export's body (smaller wasm).
#[cold]
#[inline(never)]
pub fn invalid_input(message: &str, issues: &[Issue]) -> JsValue {
    js_error(JsErrorParts {
        code: "invalid_input",
        message,
        status: None,
        issues,
        extra_json: &[],
        cause: None,
    })
}

/// `invalid_input` for a single issue, with the issue's message as the error's.
#[cold]
#[inline(never)]
pub fn invalid_input_one(issue: Issue) -> JsValue {
    let mut message = Text::new();
    if !issue.path.is_empty() {
        message.str(&issue.path).str(": ");
    }
    let message = message.str(&issue.message).done();
    invalid_input(&message, std::slice::from_ref(&issue))
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error cannot fail; a failure would only lose a detail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
