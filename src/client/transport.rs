//! The HTTP backend the client runs on: native tests use a fake, the wasm build a `fetch`
//! backend, tokio services `ReqwestTransport` (feature `reqwest`). The trait has no `Send` bounds (a browser's futures are not `Send`), yet the client
//! adds none of its own: its futures are `Send` whenever the backend's are, and the client is
//! `Sync` whenever the backend is (shared across tokio tasks). It owns the clock, the timer and
//! the randomness, so the client logic itself is deterministic under test.

use std::fmt;

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One attempt's request. The client builds a fresh one for every attempt.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// Absolute, with path segments and query values already percent-encoded.
    pub url: String,
    /// Header names and values, in order; `Debug` redacts the secret ones.
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
    /// How long this attempt may take; 0 = the backend's own default. On expiry the backend
    /// aborts the request (AbortController) and answers [`TransportError::Timeout`].
    pub timeout_ms: u64,
}

impl HttpRequest {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Headers whose values are secrets: shown as `<redacted>` by `Debug`.
pub(crate) const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "client_secret",
    "ocp-apim-subscription-key",
];

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut list = f.debug_list();
                for (name, value) in self.0 {
                    if SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                        list.entry(&(name, "<redacted>"));
                    } else {
                        list.entry(&(name, value));
                    }
                }
                list.finish()
            }
        }
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &self.body.as_ref().map(|b| b.len()))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// Any answer, redirects included: a transport must not follow redirects (the client reports a
/// 3xx as `redirect`, since following would carry the credentials to wherever it points).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// 0 for a browser's opaque redirect (`fetch` with `redirect: "manual"` hides the 3xx).
    pub status: u16,
    /// Header names and values, as received.
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced).
    pub body: String,
}

/// The body's length only: the token endpoint's answer carries the access token.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl HttpResponse {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A request that got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The attempt took longer than its `timeout_ms` and was aborted.
    Timeout,
    /// No answer: connection refused or reset, DNS, TLS, CORS... (the backend's description,
    /// which must not contain header values).
    Network(String),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Timeout => f.write_str("the attempt timed out and was aborted"),
            TransportError::Network(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for TransportError {}

/// An HTTP backend. `async fn` without `Send`: a wasm backend awaits JS promises. A native
/// backend whose futures are `Send` makes the client's futures `Send` (the bound is checked
/// where a concrete backend is used, e.g. at `tokio::spawn`).
#[allow(async_fn_in_trait)] // deliberately not `Send`: see above
pub trait Transport {
    /// Sends one request and returns the full response (any status), or why there was none.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
    /// Waits `ms` milliseconds (between retries, and in short steps while another call renews
    /// the token). Must be this call's own timer: in workerd a request cannot be woken by
    /// another request's I/O.
    async fn sleep(&self, ms: u64);
    /// Milliseconds since the Unix epoch (for token expiry and `Retry-After` dates).
    fn now_ms(&self) -> u64;
    /// A random number (backoff jitter, idempotency keys); need not be cryptographic.
    fn random_u32(&self) -> u32;
}
