//! [`ReqwestTransport`]: the client's HTTP backend for tokio services, over `reqwest` with rustls
//! (no OpenSSL). Feature `reqwest`.
//!
//! What it adds to reqwest, and why:
//! - **No redirects.** Every request carries the subscription key, the token and, for the token
//!   endpoint, the client secret; a redirect would carry them (or the body) somewhere else. The
//!   API never redirects: a 3xx is handed back as it is, and the client reports it as `redirect`
//!   (docs/ERRORS.md).
//! - **The attempt's timeout covers the whole exchange**, body included; on expiry the request
//!   future is dropped, which closes the connection, so the mock (and a server that cancels work
//!   on disconnect) does not apply it.
//! - **TLS with ring**, and the operating system's root certificates (rustls-platform-verifier),
//!   unless the process installed its own rustls provider, which is then used.
//! - **A monotonic clock** anchored to the wall clock once: a wall-clock jump does not expire a
//!   token early or late.

use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::error::{ClientError, ErrorCode};
use super::transport::{
    HttpRequest, HttpResponse, Method, SECRET_HEADERS, Transport, TransportError,
};
use crate::issue::Text;

/// A response body larger than this is refused (the API's are a few KB): a misbehaving server
/// cannot make the client buffer without end.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// A [`Transport`] over a `reqwest::Client`, with tokio's timers and the OS's randomness.
///
/// Cheap to clone (the `reqwest::Client` is a handle to a shared connection pool), `Send` and
/// `Sync`: one `OrderManagementClient<ReqwestTransport>` in an `Arc` serves every task.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    clock: Clock,
}

impl ReqwestTransport {
    /// A transport with its own `reqwest::Client`: rustls with ring, the OS's root
    /// certificates, no redirects followed; proxies from the environment (`HTTPS_PROXY`...) as
    /// reqwest reads them.
    ///
    /// Fails (`network`) only if the TLS configuration or the client cannot be built, e.g. when a
    /// process-wide rustls provider was installed that supports no safe protocol version.
    pub fn new() -> Result<ReqwestTransport, ClientError> {
        let provider = rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
        let tls = {
            use rustls_platform_verifier::BuilderVerifierExt;
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .and_then(|builder| builder.with_platform_verifier())
                .map(|builder| builder.with_no_client_auth())
                .map_err(|error| build_failure(&error))?
        };
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!(
                "vipps-order-management/",
                env!("CARGO_PKG_VERSION"),
                " (rust; reqwest)"
            ))
            .build()
            .map_err(|error| build_failure(&error))?;
        Ok(ReqwestTransport::from_client(client))
    }

    /// A transport over the service's own `reqwest::Client` (its pool, proxy, root certificates
    /// and timeouts are kept).
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: reqwest follows up to 10
    /// redirects by default, and a followed redirect sends the request (with its keys and
    /// token) to wherever the `Location` points. Such an answer is never used (the call fails
    /// with the `redirect` error), but by then the request has left: only the policy prevents
    /// that. A client built with reqwest's
    /// `rustls-no-provider` feature also needs a rustls crypto provider installed first.
    pub fn from_client(client: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport {
            client,
            clock: Clock::start(),
        }
    }

    /// The `reqwest::Client` requests go through.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    fn request(&self, request: HttpRequest) -> Result<reqwest::RequestBuilder, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut headers = HeaderMap::with_capacity(request.headers.len());
        for (name, value) in &request.headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                TransportError::Network(
                    Text::new()
                        .str("'")
                        .str(name)
                        .str("' cannot be sent as a header name")
                        .done(),
                )
            })?;
            // The message names the header, never its value (it may be a secret).
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                TransportError::Network(
                    Text::new()
                        .str("the value of header '")
                        .str(name)
                        .str("' cannot be sent")
                        .done(),
                )
            })?;
            if SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)) {
                // Kept out of reqwest's and hyper's Debug output.
                value.set_sensitive(true);
            }
            headers.append(header, value);
        }
        let builder = self.client.request(method, &request.url).headers(headers);
        Ok(match request.body {
            Some(body) => builder.body(body),
            None => builder,
        })
    }
}

impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let timeout_ms = request.timeout_ms;
        let exchange = exchange(&self.client, self.request(request)?);
        if timeout_ms == 0 {
            return exchange.await;
        }
        // Dropping the exchange on expiry closes its connection: the request is abandoned, not
        // left running.
        match tokio::time::timeout(Duration::from_millis(timeout_ms), exchange).await {
            Ok(outcome) => outcome,
            Err(_elapsed) => Err(TransportError::Timeout),
        }
    }

    async fn sleep(&self, ms: u64) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }

    fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    fn random_u32(&self) -> u32 {
        // OS randomness; should the OS refuse, std's randomly keyed hasher over the time (never
        // a fixed value: idempotency keys must differ between calls).
        getrandom::u32().unwrap_or_else(|_| {
            let hash = RandomState::new().hash_one(self.now_ms());
            (hash ^ (hash >> 32)) as u32
        })
    }
}

/// Sends the request and reads the whole answer (status, headers, body up to
/// [`MAX_RESPONSE_BYTES`]).
///
/// A client from [`ReqwestTransport::from_client`] may follow redirects despite its docs: the
/// request has then already gone to the `Location`, but the answer is not used; it comes back
/// as a 307 to the final URL, so the client reports the `redirect` error.
async fn exchange(
    client: &reqwest::Client,
    request: reqwest::RequestBuilder,
) -> Result<HttpResponse, TransportError> {
    let request = request.build().map_err(no_answer)?;
    let requested = request.url().clone();
    let mut response = client.execute(request).await.map_err(no_answer)?;
    if *response.url() != requested {
        return Ok(HttpResponse {
            status: 307,
            headers: vec![("location".to_owned(), response.url().to_string())],
            body: String::new(),
        });
    }
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(no_answer)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            let reason = Text::new()
                .str("HTTP ")
                .int(i128::from(status))
                .str(" with a body larger than ")
                .int((MAX_RESPONSE_BYTES / (1024 * 1024)) as i128)
                .str(" MiB; not read")
                .done();
            return Err(TransportError::Network(reason));
        }
        body.extend_from_slice(&chunk);
    }
    let body = match String::from_utf8(body) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// Why there was no (complete) answer: reqwest's error and its causes, without the URL (the
/// client's message names the endpoint already).
fn no_answer(error: reqwest::Error) -> TransportError {
    if error.is_timeout() {
        // The reqwest::Client's own timeout (a client passed to `from_client`).
        return TransportError::Timeout;
    }
    let error = error.without_url();
    let mut message = Text::new();
    message.str(&error.to_string());
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.str(": ").str(&cause.to_string());
        source = cause.source();
    }
    TransportError::Network(message.done())
}

fn build_failure(error: &dyn std::error::Error) -> ClientError {
    ClientError::new(
        ErrorCode::Network,
        Text::new()
            .str("the HTTP client could not be built: ")
            .str(&error.to_string())
            .done(),
    )
}

/// Milliseconds since the Unix epoch, read from the wall clock once and advanced by tokio's
/// monotonic clock.
#[derive(Debug, Clone, Copy)]
struct Clock {
    epoch_ms_at_start: u64,
    start: tokio::time::Instant,
}

impl Clock {
    fn start() -> Clock {
        let epoch_ms_at_start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| {
                u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
            });
        Clock {
            epoch_ms_at_start,
            start: tokio::time::Instant::now(),
        }
    }

    fn now_ms(&self) -> u64 {
        let elapsed = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.epoch_ms_at_start.saturating_add(elapsed)
    }
}
