//! The client's HTTP backend in JS runtimes: the global `fetch` through gloo-net, which works in
//! Node 18+, workerd and browsers alike (it never asks for `window`). Requests set no `mode`,
//! `credentials` or `cache` (workerd rejects some). Each attempt is a fresh `Request` with its
//! own `AbortController`, aborted by a timer when the attempt's time is up. Redirects are never
//! followed (`redirect: "manual"`, which Node, workerd and browsers all take): the 3xx (in a
//! browser, an opaque redirect, reported as status 0) goes to the client, which makes it a
//! `redirect` error.

use gloo_net::http::{Headers, RequestBuilder};
use js_sys::{Function, Promise, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use crate::client::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

#[wasm_bindgen]
extern "C" {
    // The global timer functions exist in every runtime we support (Node, workerd, browsers).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
    // The global `fetch` itself, not gloo-net's `send`: its errors keep only a message, and the
    // cause of a failed fetch (Node's "fetch failed" holds the socket error in `.cause`) would be
    // lost.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_request(request: &web_sys::Request) -> Promise;
}

/// The longest delay a JS timer honours; longer ones fire after 1 ms.
pub const MAX_TIMER_MS: u64 = 2_147_483_647;

/// `fetch` with per-attempt timeouts; time and randomness from the JS engine.
#[derive(Debug, Default, Clone, Copy)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let controller = AbortController::new()
            .map_err(|_| TransportError::Network("AbortController is not available".to_owned()))?;
        let signal = controller.signal();
        // web_sys's append reports a value fetch refuses as an error; gloo-net's would throw
        // out of the middle of a poll instead.
        let raw = web_sys::Headers::new()
            .map_err(|_| TransportError::Network("Headers is not available".to_owned()))?;
        for (name, value) in &request.headers {
            raw.append(name, value).map_err(|_| {
                TransportError::Network(format!("the {name} header cannot be sent"))
            })?;
        }
        let headers = Headers::from_raw(raw);
        let method = match request.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Delete => gloo_net::http::Method::DELETE,
        };
        let builder = RequestBuilder::new(&request.url)
            .method(method)
            .headers(headers)
            .redirect(web_sys::RequestRedirect::Manual)
            .abort_signal(Some(&signal));
        let built = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|_| TransportError::Network("the request could not be built".to_owned()))?;

        // Kept until the attempt ends and dropped then, fired or not (a closure handed to JS with
        // `once_into_js` is freed only when called, so a cleared timer would leak it).
        let abort = Closure::once(move || controller.abort());
        let timer = (request.timeout_ms > 0).then(|| {
            set_timeout(
                abort.as_ref().unchecked_ref(),
                request.timeout_ms.min(MAX_TIMER_MS) as f64,
            )
        });
        let raw_request: web_sys::Request = built.into();
        let result = async {
            let response: web_sys::Response = JsFuture::from(fetch_with_request(&raw_request))
                .await
                .map_err(|e| classify(&e))?
                .dyn_into()
                .map_err(|_| TransportError::Network("fetch answered no Response".to_owned()))?;
            if response.type_() == web_sys::ResponseType::Opaqueredirect {
                // A browser hides the 3xx (status 0, no headers): the client reports status 0.
                return Ok(HttpResponse {
                    status: 0,
                    headers: Vec::new(),
                    body: String::new(),
                });
            }
            let status = response.status();
            let mut headers = Vec::new();
            for (name, value) in Headers::from_raw(response.headers()).entries() {
                headers.push((name, value));
            }
            let text = response.text().map_err(|e| classify(&e))?;
            let body = JsFuture::from(text)
                .await
                .map_err(|e| classify(&e))?
                .as_string()
                .unwrap_or_default();
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        }
        .await;
        if let Some(timer) = timer {
            clear_timeout(&timer);
        }
        drop(abort);
        result
    }

    async fn sleep(&self, ms: u64) {
        // Timers clamp delays beyond 2^31 − 1 ms to 1 ms, so long waits go in steps.
        let mut left = ms;
        while left > 0 {
            let step = left.min(MAX_TIMER_MS);
            let promise = Promise::new(&mut |resolve, _reject| {
                set_timeout(&resolve, step as f64);
            });
            // The promise only ever resolves.
            let _ = JsFuture::from(promise).await;
            left -= step;
        }
    }

    fn now_ms(&self) -> u64 {
        // Milliseconds since the epoch: whole and positive, so the cast is exact.
        js_sys::Date::now() as u64
    }

    fn random_u32(&self) -> u32 {
        // Idempotency keys come from here, so prefer the global `crypto.getRandomValues` (Node
        // 19+, workerd, browsers); fall back to Math.random where it is missing (Node 18 without
        // --experimental-global-webcrypto): the keys need to be unique, not secret.
        random_from_crypto().unwrap_or_else(|| (js_sys::Math::random() * 4_294_967_296.0) as u32)
    }
}

fn random_from_crypto() -> Option<u32> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
    let get_random_values = Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).ok()?;
    let function = get_random_values.dyn_ref::<Function>()?;
    let array = Uint32Array::new_with_length(1);
    function.call1(&crypto, &array).ok()?;
    Some(array.get_index(0))
}

/// An aborted fetch (our timer) is a timeout; anything else is a network failure, described by
/// the error and its causes (`fetch failed: other side closed (UND_ERR_SOCKET)`): the client
/// puts that in the error's message and `cause`. Runtimes' fetch errors name the failure and at
/// most the host, never a header value.
fn classify(error: &JsValue) -> TransportError {
    let name = property(error, "name").as_string().unwrap_or_default();
    let message = message_of(error);
    if name == "AbortError" || name == "TimeoutError" || message.contains("aborted") {
        return TransportError::Timeout;
    }
    let mut text = message;
    let mut current = error.clone();
    // Node nests one or two causes; a few levels suffice and bound a cyclic chain.
    for _ in 0..MAX_CAUSES {
        let cause = property(&current, "cause");
        if cause.is_undefined() || cause.is_null() {
            break;
        }
        let cause_message = message_of(&cause);
        if !cause_message.is_empty() && !text.contains(&cause_message) {
            text.push_str(": ");
            text.push_str(&cause_message);
        }
        if let Some(code) = property(&cause, "code").as_string() {
            if !text.contains(&code) {
                text.push_str(&format!(" ({code})"));
            }
        }
        current = cause;
    }
    if text.chars().count() > MAX_REASON_CHARS {
        text = text.chars().take(MAX_REASON_CHARS).collect::<String>() + "…";
    }
    TransportError::Network(text)
}

/// How many nested `cause`s a network failure's description follows.
const MAX_CAUSES: usize = 4;
/// The longest description kept (a runtime's message is a line; this bounds a hostile one).
const MAX_REASON_CHARS: usize = 500;

fn property(value: &JsValue, key: &str) -> JsValue {
    if !value.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// An error's `message`, a thrown string as it is, else "fetch failed".
fn message_of(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        return text;
    }
    match property(value, "message").as_string() {
        Some(message) if !message.is_empty() => message,
        _ => "fetch failed".to_owned(),
    }
}
