//! The client's HTTP backend in JS runtimes: the global `fetch`, which works in Node 18+,
//! workerd and browsers alike (it never asks for `window`). Requests set no `mode`,
//! `credentials` or `cache` (workerd rejects some). Each attempt is a fresh `Request` with its
//! own `AbortController`, aborted by a timer when the attempt's time is up. Redirects are never
//! followed (`redirect: "manual"`, which Node, workerd and browsers all take): the 3xx (in a
//! browser, an opaque redirect, reported as status 0) goes to the client, which makes it a
//! `redirect` error. The `Request` is built with web-sys's `RequestInit` directly: a wrapper
//! crate (gloo-net) was only ever used for that, and each crate is code in the Worker's bundle.

use js_sys::{Array, Function, Map, Promise, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit};

use crate::client::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::issue::Text;

#[wasm_bindgen]
extern "C" {
    // The global timer functions exist in every runtime we support (Node, workerd, browsers).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
    // The global `fetch` itself, bound here rather than through `window` (absent in Node and
    // workerd); its rejection keeps the failure's `cause` (Node's "fetch failed" holds the
    // socket error there), which `classify` reads.
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
        // `append` reports a value fetch refuses as an error, not a throw mid-poll.
        let headers = Headers::new()
            .map_err(|_| TransportError::Network("Headers is not available".to_owned()))?;
        for (name, value) in &request.headers {
            headers.append(name, value).map_err(|_| {
                TransportError::Network(
                    Text::new()
                        .str("the ")
                        .str(name)
                        .str(" header cannot be sent")
                        .done(),
                )
            })?;
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        init.set_headers(&headers);
        init.set_redirect(web_sys::RequestRedirect::Manual);
        init.set_signal(Some(&signal));
        if let Some(body) = &request.body {
            init.set_body(&JsValue::from_str(body));
        }
        let raw_request = web_sys::Request::new_with_str_and_init(&request.url, &init)
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
            let headers = header_entries(&response.headers());
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

/// A response's headers as (name, value) pairs. `Headers` iterates as a `Map` does
/// (`entries()` yields `[name, value]` arrays), so it is read through that binding.
fn header_entries(headers: &Headers) -> Vec<(String, String)> {
    let map: &Map = headers.unchecked_ref();
    let mut entries = Vec::new();
    for entry in map.entries().into_iter().flatten() {
        let pair: Array = entry.unchecked_into();
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            entries.push((name, value));
        }
    }
    entries
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
    let mut text = Text::new();
    text.str(&message);
    let mut current = error.clone();
    // Node nests one or two causes; a few levels suffice and bound a cyclic chain.
    for _ in 0..MAX_CAUSES {
        let cause = property(&current, "cause");
        if cause.is_undefined() || cause.is_null() {
            break;
        }
        let cause_message = message_of(&cause);
        if !cause_message.is_empty() && !text.contains(&cause_message) {
            text.str(": ").str(&cause_message);
        }
        if let Some(code) = property(&cause, "code").as_string() {
            if !text.contains(&code) {
                text.str(" (").str(&code).str(")");
            }
        }
        current = cause;
    }
    let mut text = text.done();
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
