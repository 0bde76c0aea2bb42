//! `new OrderManagementClient(options)`: the core client over `fetch` ([`FetchTransport`]).
//! Every method returns a Promise; failures reject with an `Error` carrying `.code`, `.status`,
//! `.issues`, `.problem` (the API's problem JSON) and, for a conflicting receipt, `.existing`
//! and `.attempted`. Secrets never appear in messages or on thrown objects.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use super::convert;
use super::error::{JsErrorParts, js_error};
use super::transport::{FetchTransport, MAX_TIMER_MS};
use crate::client::options::{BoxFuture, ProvidedToken, Secret, TokenProvider};
use crate::client::{
    ClientError, ClientOptions, Credentials, Environment, ErrorCode, ImageData,
    OrderManagementClient as CoreClient, RetryPolicy, UploadedImage, WriteOutcome,
};
use crate::issue::{Issues, Report, Text};
use crate::json::{JsonValue, Path};
use crate::model::read::{self, read_root};
use crate::validate;
use crate::write_json::{WriteJson, write_u64};
use crate::{Issue, codes};

/// The Order Management API client. Holds the API keys: use it in a server or an edge worker,
/// never in a browser (the constructor refuses a client secret or subscription key in a page or
/// a web worker unless `dangerouslyAllowBrowser: true`).
#[wasm_bindgen(js_name = OrderManagementClient)]
pub struct OrderManagementClient {
    inner: Rc<CoreClient<FetchTransport>>,
}

#[wasm_bindgen(js_class = OrderManagementClient)]
impl OrderManagementClient {
    /// A client from its options; throws `invalid_input` listing every problem in them.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<OrderManagementClient, JsValue> {
        let options = read_options(&options).map_err(|issues| {
            super::error::invalid_input("the client options are not valid", &issues)
        })?;
        let inner = CoreClient::new(options, FetchTransport).map_err(|e| client_error(&e))?;
        Ok(OrderManagementClient {
            inner: Rc::new(inner),
        })
    }

    /// `POST v2/{paymentType}/receipts/{orderId}`, exactly once: resolves `{status: "created"}`,
    /// or `{status: "already_exists"}` when the order already has this very receipt (a retry
    /// after a lost answer); rejects with `conflict` (and `.existing`) when it has another.
    #[wasm_bindgen(js_name = addReceipt, unchecked_return_type = "Promise<WriteResult>")]
    pub fn add_receipt(
        &self,
        #[wasm_bindgen(js_name = paymentType, unchecked_param_type = "PaymentType")]
        payment_type: String,
        #[wasm_bindgen(js_name = orderId)] order_id: String,
        #[wasm_bindgen(unchecked_param_type = "Receipt | string")] receipt: JsValue,
    ) -> Promise {
        let client = self.inner.clone();
        let receipt = typed_input(&receipt, read::receipt, validate::validate_receipt_text);
        promise(async move {
            let outcome = client
                .add_receipt(&payment_type, &order_id, &receipt?)
                .await
                .map_err(|e| client_error(&e))?;
            let result = write_result(outcome.outcome);
            if let Some(id) = &outcome.id {
                set(&result, "receiptId", &JsValue::from_str(id));
            }
            Ok(result.into())
        })
    }

    /// `GET v2/{paymentType}/{orderId}`: the order's category and receipt, each when set.
    #[wasm_bindgen(js_name = getOrder, unchecked_return_type = "Promise<OrderV2Response>")]
    pub fn get_order(
        &self,
        #[wasm_bindgen(js_name = paymentType, unchecked_param_type = "PaymentType")]
        payment_type: String,
        #[wasm_bindgen(js_name = orderId)] order_id: String,
    ) -> Promise {
        let client = self.inner.clone();
        promise(async move {
            let order = client
                .get_order(&payment_type, &order_id)
                .await
                .map_err(|e| client_error(&e))?;
            Ok(convert::to_js(&order))
        })
    }

    /// `PUT v2/{paymentType}/categories/{orderId}`: the button the app shows; replaces the last.
    /// Resolves `{id?}`: the id the API's answer carries, if any.
    #[wasm_bindgen(js_name = setCategory, unchecked_return_type = "Promise<SetCategoryResult>")]
    pub fn set_category(
        &self,
        #[wasm_bindgen(js_name = paymentType, unchecked_param_type = "PaymentType")]
        payment_type: String,
        #[wasm_bindgen(js_name = orderId)] order_id: String,
        #[wasm_bindgen(unchecked_param_type = "CategoryRequest | string")] category: JsValue,
    ) -> Promise {
        let client = self.inner.clone();
        let category = typed_input(
            &category,
            read::order_category,
            validate::validate_order_category_text,
        );
        promise(async move {
            let id = client
                .set_category(&payment_type, &order_id, &category?)
                .await
                .map_err(|e| client_error(&e))?;
            let result = js_sys::Object::new();
            if let Some(id) = &id {
                set(&result, "id", &JsValue::from_str(id));
            }
            Ok(result.into())
        })
    }

    /// `POST v1/images` from bytes (or base64): checked first (PNG/JPEG, ≥ 167 px high, ≤ 2 MB);
    /// the id defaults to one derived from the content, so the same image uploads once.
    #[wasm_bindgen(js_name = uploadImage, unchecked_return_type = "Promise<UploadedImage>")]
    pub fn upload_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string | ImageRequest")] image: JsValue,
        #[wasm_bindgen(js_name = imageId, unchecked_optional_param_type = "string")]
        image_id: Option<String>,
    ) -> Promise {
        let client = self.inner.clone();
        let bytes = convert::as_bytes(&image);
        let base64 = convert::as_string(&image);
        // The API's own body `{imageId, src, type: "base64"}`, as validateImage takes it.
        let body = (bytes.is_none() && base64.is_none() && image.is_object())
            .then(|| typed_input(&image, read::image, crate::image::validate_image_json));
        promise(async move {
            if let Some(body) = body {
                let uploaded = client
                    .upload_image_request(&body?)
                    .await
                    .map_err(|e| client_error(&e))?;
                return Ok(uploaded_result(&uploaded));
            }
            let data = match (&bytes, &base64) {
                (Some(bytes), _) => ImageData::Bytes(bytes),
                (None, Some(text)) => ImageData::Base64(text),
                (None, None) => {
                    return Err(super::error::invalid_input_one(Issue {
                        path: String::new(),
                        code: codes::EXPECTED_TYPE,
                        message: "expected a Uint8Array or a base64 string".to_owned(),
                    }));
                }
            };
            let uploaded = client
                .upload_image(data, image_id.as_deref())
                .await
                .map_err(|e| client_error(&e))?;
            Ok(uploaded_result(&uploaded))
        })
    }

    /// `POST v3/categories`.
    #[wasm_bindgen(js_name = addCategory, unchecked_return_type = "Promise<AddedCategory>")]
    pub fn add_category(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddCategoryRequest | string")] request: JsValue,
    ) -> Promise {
        let client = self.inner.clone();
        let request = typed_input(
            &request,
            read::add_category_request,
            validate::validate_add_category_request_text,
        );
        promise(async move {
            let added = client
                .add_category(&request?)
                .await
                .map_err(|e| client_error(&e))?;
            let result = write_result(added.outcome);
            if let Some(id) = &added.category_id {
                set(&result, "categoryId", &JsValue::from_str(id));
            }
            Ok(result.into())
        })
    }

    /// `GET v3/categories`, for one order or (without an argument) all.
    #[wasm_bindgen(js_name = getCategories, unchecked_return_type = "Promise<GetCategoriesResponse>")]
    pub fn get_categories(
        &self,
        #[wasm_bindgen(js_name = orderId)] order_id: Option<String>,
    ) -> Promise {
        let client = self.inner.clone();
        promise(async move {
            let response = client
                .get_categories(order_id.as_deref())
                .await
                .map_err(|e| client_error(&e))?;
            Ok(convert::to_js(&response))
        })
    }

    /// `GET v3/categories/{categoryId}`.
    #[wasm_bindgen(js_name = getCategory, unchecked_return_type = "Promise<Category>")]
    pub fn get_category(
        &self,
        #[wasm_bindgen(js_name = categoryId)] category_id: String,
    ) -> Promise {
        let client = self.inner.clone();
        promise(async move {
            let category = client
                .get_category(&category_id)
                .await
                .map_err(|e| client_error(&e))?;
            Ok(convert::to_js(&category))
        })
    }

    /// `DELETE v3/categories/{categoryId}`.
    #[wasm_bindgen(js_name = deleteCategory, unchecked_return_type = "Promise<void>")]
    pub fn delete_category(
        &self,
        #[wasm_bindgen(js_name = categoryId)] category_id: String,
    ) -> Promise {
        let client = self.inner.clone();
        promise(async move {
            client
                .delete_category(&category_id)
                .await
                .map_err(|e| client_error(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// A method's Promise. The futures are boxed so that `future_to_promise`'s driver is compiled
/// once, not once per method (BENCHMARKS.md, "Server/Worker size").
fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    future_to_promise(boxed)
}

fn status_text(outcome: WriteOutcome) -> &'static str {
    match outcome {
        WriteOutcome::Created => "created",
        WriteOutcome::AlreadyExists => "already_exists",
        WriteOutcome::IdTaken => "id_taken",
    }
}

fn write_result(outcome: WriteOutcome) -> js_sys::Object {
    let result = js_sys::Object::new();
    set(&result, "status", &JsValue::from_str(status_text(outcome)));
    result
}

fn uploaded_result(uploaded: &UploadedImage) -> JsValue {
    let result = write_result(uploaded.outcome);
    set(&result, "imageId", &JsValue::from_str(&uploaded.image_id));
    set(
        &result,
        "idFromContent",
        &JsValue::from_bool(uploaded.id_from_content),
    );
    result.into()
}

/// A typed request body from an object or JSON text, read with `read` (crate::model::read);
/// shape errors become `invalid_input`. The reader checks the shape only, so when it refuses the
/// body the validator reports every problem of the body with its path (`category`,
/// `orderLines[0].totalAmount`); the reader's own issues are the report only if the validator
/// finds none.
fn typed_input<T>(
    value: &JsValue,
    read: fn(&JsonValue<'_>, &Path, &mut Issues) -> Option<T>,
    validate_text: fn(&str) -> Report,
) -> Result<T, JsValue> {
    let text = convert::to_json_text(value).map_err(super::error::invalid_input_one)?;
    let mut shape = Issues::new();
    read_root(&text, &mut shape, read).ok_or_else(|| {
        let report = validate_text(&text);
        let issues = if report.errors.is_empty() {
            shape.into_report().errors
        } else {
            report.errors
        };
        client_error(&ClientError::invalid_input(
            crate::client::summary(&issues),
            issues,
        ))
    })
}

/// The JS error for a client failure. The core's messages never contain secrets.
pub fn client_error(error: &ClientError) -> JsValue {
    let mut extra: Vec<(&str, String)> = Vec::new();
    if let Some(problem) = &error.problem {
        // `extraDetails` is any JSON (floats included), written back as it was read.
        extra.push(("problem", problem.to_json()));
    }
    if let Some(ms) = error.retry_after_ms {
        let mut text = String::new();
        write_u64(&mut text, ms);
        extra.push(("retryAfterMs", text));
    }
    if let Some(conflict) = &error.receipt_conflict {
        extra.push(("existing", conflict.existing.to_json()));
        extra.push(("attempted", conflict.attempted.to_json()));
    }
    let cause = error.cause.as_ref().map(ToString::to_string);
    js_error(JsErrorParts {
        code: error.code.as_str(),
        message: &error.message,
        status: error.status,
        issues: &error.issues,
        extra_json: &extra,
        cause: cause.as_deref(),
    })
}

/// Reads the constructor's options, reporting every problem with its path.
fn read_options(options: &JsValue) -> Result<ClientOptions, Vec<Issue>> {
    let mut issues = Issues::new();
    if !options.is_object() {
        issues.error("", codes::EXPECTED_TYPE, "expected an options object");
        return Err(issues.errors);
    }
    let text = |key: &str, required: bool, issues: &mut Issues| -> Option<String> {
        let value = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            if required {
                issues.error(
                    key,
                    codes::REQUIRED,
                    Text::new().str("'").str(key).str("' is required").done(),
                );
            }
            return None;
        }
        match value.as_string() {
            Some(text) => Some(text),
            None => {
                issues.error(key, codes::EXPECTED_TYPE, "expected a string");
                None
            }
        }
    };
    let subscription_key = text("subscriptionKey", true, &mut issues);
    let merchant_serial_number = text("merchantSerialNumber", true, &mut issues);
    let client_id = text("clientId", false, &mut issues);
    let client_secret = text("clientSecret", false, &mut issues);
    let environment = text("environment", false, &mut issues);
    let base_url = text("baseUrl", false, &mut issues);
    let system_name = text("systemName", false, &mut issues);
    let system_version = text("systemVersion", false, &mut issues);
    let plugin_name = text("pluginName", false, &mut issues);
    let plugin_version = text("pluginVersion", false, &mut issues);
    let access_token =
        Reflect::get(options, &JsValue::from_str("accessToken")).unwrap_or(JsValue::UNDEFINED);
    let allow_browser = Reflect::get(options, &JsValue::from_str("dangerouslyAllowBrowser"))
        .map(|v| v.as_bool() == Some(true))
        .unwrap_or(false);

    if !allow_browser && in_browser() {
        // Both keys are secrets: whoever reads them can call the API as the merchant.
        for (key, given, what) in [
            ("clientSecret", client_secret.is_some(), "a client secret"),
            (
                "subscriptionKey",
                subscription_key.is_some(),
                "a subscription key",
            ),
        ] {
            if given {
                issues.error(
                    key,
                    codes::SECRET_IN_BROWSER,
                    Text::new()
                        .str(what)
                        .str(
                            " in a browser (a page or a web worker) is readable by anyone who \
                             opens the page; call the API from a server or an edge worker, or \
                             pass dangerouslyAllowBrowser: true if this page is not public",
                        )
                        .done(),
                );
            }
        }
    }

    let environment = match environment.as_deref() {
        None | Some("test") => Environment::Test,
        Some("production") => Environment::Production,
        Some(other) => {
            issues.error(
                "environment",
                codes::ENUM_VALUE,
                Text::new()
                    .str("\"")
                    .str(other)
                    .str("\" is not one of \"test\" \"production\"")
                    .done(),
            );
            Environment::Test
        }
    };
    let timeout_ms = number(options, "timeoutMs", &mut issues);
    // JS timers fire at once for delays beyond 2^31 − 1 ms: refuse such settings plainly.
    for (key, value) in [("timeoutMs", timeout_ms)] {
        if value.is_some_and(|ms| ms > MAX_TIMER_MS) {
            issues.error(key, codes::OUT_OF_RANGE, TIMER_LIMIT);
        }
    }
    let retry = Reflect::get(options, &JsValue::from_str("retry")).unwrap_or(JsValue::UNDEFINED);
    let mut policy = RetryPolicy::default();
    if retry.is_object() {
        if let Some(n) = number(&retry, "maxAttempts", &mut issues) {
            policy.max_attempts = u32::try_from(n).unwrap_or(u32::MAX);
        }
        if let Some(n) = number(&retry, "baseDelayMs", &mut issues) {
            policy.base_delay_ms = n;
        }
        if let Some(n) = number(&retry, "maxDelayMs", &mut issues) {
            if n > MAX_TIMER_MS {
                issues.error("retry.maxDelayMs", codes::OUT_OF_RANGE, TIMER_LIMIT);
            }
            policy.max_delay_ms = n;
        }
    }

    let (Some(subscription_key), Some(merchant_serial_number)) =
        (subscription_key, merchant_serial_number)
    else {
        return Err(issues.errors);
    };
    let subscription_key = Secret::new(subscription_key);
    let credentials = if let Some(function) = access_token.dyn_ref::<Function>() {
        Some(Credentials::Provider {
            provider: Arc::new(JsTokenProvider(function.clone())),
            subscription_key,
            merchant_serial_number,
        })
    } else if let Some(token) = access_token.as_string() {
        Some(Credentials::AccessToken {
            token: Secret::new(token),
            subscription_key,
            merchant_serial_number,
        })
    } else if !access_token.is_undefined() && !access_token.is_null() {
        issues.error(
            "accessToken",
            codes::EXPECTED_TYPE,
            "expected a string or a function returning one (or a Promise of one)",
        );
        None
    } else {
        match (client_id, client_secret) {
            (Some(client_id), Some(client_secret)) => Some(Credentials::Keys {
                client_id,
                client_secret: Secret::new(client_secret),
                subscription_key,
                merchant_serial_number,
            }),
            (client_id, _) => {
                let missing = if client_id.is_none() {
                    "clientId"
                } else {
                    "clientSecret"
                };
                issues.error(
                    missing,
                    codes::REQUIRED,
                    "give clientId and clientSecret, or an accessToken (a string or a function)",
                );
                None
            }
        }
    };
    if issues.has_errors() {
        return Err(issues.errors);
    }
    let Some(credentials) = credentials else {
        return Err(issues.errors);
    };
    let mut options = ClientOptions::new(credentials);
    options.environment = environment;
    options.base_url = base_url;
    options.system_name = system_name;
    options.system_version = system_version;
    options.plugin_name = plugin_name;
    options.plugin_version = plugin_version;
    if let Some(ms) = timeout_ms {
        options.timeout_ms = ms;
    }
    options.retry = policy;
    Ok(options)
}

/// The message for a delay beyond [`MAX_TIMER_MS`], whose digits it spells.
const TIMER_LIMIT: &str = "at most 2147483647 ms (about 24.8 days)";
const _: () = assert!(MAX_TIMER_MS == 2_147_483_647);

/// A non-negative whole number option, or an issue.
fn number(object: &JsValue, key: &str, issues: &mut Issues) -> Option<u64> {
    let value = Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return None;
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => Some(n as u64),
        _ => {
            issues.error(
                key,
                codes::EXPECTED_TYPE,
                "expected a whole number of milliseconds or attempts",
            );
            None
        }
    }
}

/// True in a browser: a page (a `document` exists) or a dedicated, shared or service worker
/// (`WorkerGlobalScope` and `importScripts`, which module workers define too). False in Node and
/// Deno (neither defines `importScripts`; Deno is also excluded by name) and in Cloudflare
/// Workers: workerd defines `WorkerGlobalScope` but no `importScripts`, and its
/// `navigator.userAgent` is "Cloudflare-Workers" (checked in workerd 1.20261023).
fn in_browser() -> bool {
    let global = js_sys::global();
    let get = |name: &str| Reflect::get(&global, &JsValue::from_str(name)).ok();
    let defined = |name: &str| get(name).is_some_and(|value| !value.is_undefined());
    let function = |name: &str| get(name).is_some_and(|value| value.is_function());
    if defined("document") {
        return true;
    }
    let user_agent = get("navigator")
        .filter(|navigator| navigator.is_object())
        .and_then(|navigator| Reflect::get(&navigator, &JsValue::from_str("userAgent")).ok())
        .and_then(|agent| agent.as_string());
    function("WorkerGlobalScope")
        && function("importScripts")
        && !defined("Deno")
        && user_agent.as_deref() != Some("Cloudflare-Workers")
}

/// The caller's `accessToken` function: returns a token string, `{token, expiresInMs}`, or a
/// Promise of either.
struct JsTokenProvider(Function);

impl TokenProvider for JsTokenProvider {
    fn access_token(&self) -> BoxFuture<'_, Result<ProvidedToken, ClientError>> {
        Box::pin(async move {
            let failed = |what: &str| {
                ClientError::new(
                    ErrorCode::Unauthorized,
                    Text::new()
                        .str("the accessToken function ")
                        .str(what)
                        .done(),
                )
            };
            let mut value = self.0.call0(&JsValue::NULL).map_err(|_| failed("threw"))?;
            if let Some(promise) = value.dyn_ref::<Promise>() {
                value = JsFuture::from(promise.clone())
                    .await
                    .map_err(|_| failed("rejected"))?;
            }
            if let Some(token) = value.as_string() {
                return Ok(ProvidedToken {
                    token: Secret::new(token),
                    expires_in_ms: None,
                });
            }
            let token = Reflect::get(&value, &JsValue::from_str("token"))
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| failed("returned neither a string nor {token, expiresInMs}"))?;
            let expires_in_ms = Reflect::get(&value, &JsValue::from_str("expiresInMs"))
                .ok()
                .and_then(|v| v.as_f64())
                .filter(|n| *n >= 0.0)
                .map(|n| n as u64);
            Ok(ProvidedToken {
                token: Secret::new(token),
                expires_in_ms,
            })
        })
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
