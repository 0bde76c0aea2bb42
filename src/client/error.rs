//! `ClientError`: what every client call fails with. Its `code` is a stable snake_case string
//! (docs/ERRORS.md); `issues` lists field problems (ours before sending, or the API's
//! `invalidParams`/`extraDetails` after); `problem` is the API's problem JSON when it sent one.
//! No secret is ever put into an error: messages are built from status codes, paths and the
//! API's problem text, never from request headers.

use std::fmt;

use crate::codes;
use crate::issue::{Issue, Text};
use crate::model::{ErrorResponse, Receipt};

use super::transport::TransportError;

/// The kind of failure. [`ErrorCode::as_str`] is the stable string JavaScript sees as `.code`.
/// New kinds may be added in a minor release (match with a `_` arm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Our validation refused the request before sending (or the API answered 400/413/422...).
    InvalidInput,
    /// 401: bad credentials, or a token the API refused even after one refresh.
    Unauthorized,
    /// 403: the credentials are valid but not for this merchant serial number.
    Forbidden,
    /// 404: unknown order, category or route.
    NotFound,
    /// 409: a receipt already posted differs from this one (or another conflict).
    Conflict,
    /// 429 after the retries, or with a `Retry-After` longer than the policy's `max_delay_ms`.
    RateLimited,
    /// 5xx after the retries.
    ServerError,
    /// The request never got an answer (connection refused, reset, DNS, CORS...).
    Network,
    /// An attempt took longer than `timeout_ms`, on every attempt.
    Timeout,
    /// The API answered 2xx with a body that is not what the spec promises (malformed JSON...).
    InvalidResponse,
    /// A 3xx answer (or a browser's opaque redirect): the API never redirects, so it is not
    /// followed (that would send the credentials to wherever it points).
    Redirect,
}

impl ErrorCode {
    /// Every code, in documented order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidInput,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::InvalidResponse,
        ErrorCode::Redirect,
    ];

    /// The stable snake_case code (docs/ERRORS.md), as JavaScript sees it in `.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServerError => "server_error",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::InvalidResponse => "invalid_response",
            ErrorCode::Redirect => "redirect",
        }
    }

    /// The code for a non-2xx HTTP status.
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            409 => ErrorCode::Conflict,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            // 400, 405, 413, 415, 422...: the request as sent was not acceptable.
            400..=499 => ErrorCode::InvalidInput,
            // 3xx, and 0: a browser's opaque redirect (see `ClientError::redirect`).
            0 | 300..=399 => ErrorCode::Redirect,
            // 1xx: nothing the spec describes.
            _ => ErrorCode::InvalidResponse,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two receipts of a receipt conflict: the one the order already has, and ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptConflict {
    /// The receipt the order already has, as the API returned it.
    pub existing: Receipt,
    /// The receipt this call tried to post.
    pub attempted: Receipt,
}

/// What a client call fails with: a stable [`ErrorCode`], the HTTP status and the API's problem
/// when there was an answer, and the field problems. Never holds a secret.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientError {
    /// The kind of failure; stable (docs/ERRORS.md).
    pub code: ErrorCode,
    /// The HTTP status, when the API answered.
    pub status: Option<u16>,
    /// For people; may change between versions.
    pub message: String,
    /// The API's problem JSON, when the error body was one.
    pub problem: Option<Box<ErrorResponse>>,
    /// Field problems: ours (`invalid_input` before sending) or the API's (`api_invalid_param`).
    pub issues: Vec<Issue>,
    /// How long the API asked us to wait (`Retry-After`), when it did.
    pub retry_after_ms: Option<u64>,
    /// Set on `conflict` from `add_receipt` when the order already has a different receipt.
    pub receipt_conflict: Option<Box<ReceiptConflict>>,
    /// Why the last attempt got no answer (`network`, `timeout`): what the transport said,
    /// also given as [`std::error::Error::source`] (in JavaScript, `error.cause`).
    pub cause: Option<TransportError>,
}

impl ClientError {
    /// An error with no status, problem or issues.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ClientError {
        ClientError {
            code,
            status: None,
            message: message.into(),
            problem: None,
            issues: Vec::new(),
            retry_after_ms: None,
            receipt_conflict: None,
            cause: None,
        }
    }

    /// `invalid_input` with the issues that caused it (nothing was sent).
    pub fn invalid_input(message: impl Into<String>, issues: Vec<Issue>) -> ClientError {
        ClientError {
            issues,
            ..ClientError::new(ErrorCode::InvalidInput, message)
        }
    }

    /// An error for a non-2xx answer: the code from the status, the problem JSON (if the body
    /// is one), its field problems as issues, and the message from the problem's title/detail.
    pub fn from_status(
        status: u16,
        body: &str,
        context: &str,
        retry_after_ms: Option<u64>,
    ) -> ClientError {
        let code = ErrorCode::for_status(status);
        let problem = ErrorResponse::parse(body).map(Box::new);
        let mut message = Text::new();
        message.str(context).str(": HTTP ").int(i128::from(status));
        let mut issues = Vec::new();
        if let Some(problem) = &problem {
            for text in [&problem.title, &problem.detail].into_iter().flatten() {
                message.str(" - ").str(text);
            }
            issues = problem
                .field_problems()
                .into_iter()
                .map(|param| Issue {
                    path: api_param_path(&param.name),
                    code: codes::API_INVALID_PARAM,
                    message: param.reason,
                })
                .collect();
        }
        ClientError {
            status: Some(status),
            problem,
            issues,
            retry_after_ms,
            ..ClientError::new(code, message.done())
        }
    }

    /// `redirect` for a 3xx answer (`status` 0: a browser's opaque redirect, which hides the
    /// status and the location). Transports never follow redirects: the API does not redirect,
    /// and following would send the subscription key, the token or the client secret to
    /// wherever `Location` points. The message names only the location's origin: its path or
    /// query may carry anything, and nothing in it is ours to print.
    pub fn redirect(status: u16, location: Option<&str>, request_url: &str, context: &str) -> Self {
        let target = match location {
            _ if status == 0 => "a location the browser hides (opaque redirect)".to_owned(),
            None => "no location".to_owned(),
            Some(location) => match absolute_origin(location.trim(), request_url) {
                Some(origin) => origin,
                None => match origin_of(request_url) {
                    Some(origin) if !location.trim().is_empty() => Text::new()
                        .str("a path on the same origin (")
                        .str(&origin)
                        .str(")")
                        .done(),
                    _ => "an unreadable location".to_owned(),
                },
            },
        };
        let mut message = Text::new();
        message.str(context);
        if status == 0 {
            message.str(": a redirect");
        } else {
            message.str(": HTTP ").int(i128::from(status));
        }
        message.str(" to ").str(&target).str(
            "; the API never redirects, so it was not followed (check baseUrl, and any proxy in \
             between)",
        );
        ClientError {
            status: (status != 0).then_some(status),
            ..ClientError::new(ErrorCode::Redirect, message.done())
        }
    }
}

/// The origin a location points to when it names one: absolute (`https://host/...`) or
/// scheme-relative (`//host/...`, the request's scheme).
fn absolute_origin(location: &str, request_url: &str) -> Option<String> {
    if let Some(rest) = location
        .strip_prefix("//")
        .or_else(|| location.strip_prefix("\\\\"))
    {
        let scheme = request_url.split("://").next()?;
        return origin_of(&Text::new().str(scheme).str("://").str(rest).done());
    }
    origin_of(location)
}

/// `scheme://host[:port]` of an absolute URL, without user info; `None` for a relative URL or
/// one with characters other than printable ASCII in its scheme or host.
fn origin_of(url: &str) -> Option<String> {
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    // User info (`user:password@`) is never shown.
    let host = match authority.rfind('@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    // A DNS name has at most 253 characters; anything longer is not printed.
    if host.is_empty() || host.len() > 260 || !host.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    Some(Text::new().str(scheme).str("://").str(host).done())
}

/// The API names the body itself `$` (and some .NET stacks prefix `$.`); our root is `""`.
fn api_param_path(name: &str) -> String {
    let name = name.strip_prefix("$.").unwrap_or(name);
    if name == "$" {
        String::new()
    } else {
        name.to_owned()
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_ref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_names_only_the_location_origin() {
        let error = ClientError::redirect(
            307,
            Some("https://user:pw@evil.example:8443/steal?client_secret=abc#x"),
            "https://apitest.vipps.no/accesstoken/get",
            "POST accesstoken/get",
        );
        assert_eq!(error.code, ErrorCode::Redirect);
        assert_eq!(error.status, Some(307));
        assert!(
            error
                .message
                .contains("HTTP 307 to https://evil.example:8443;"),
            "{error}"
        );
        for secret in ["user", "pw", "steal", "client_secret", "abc"] {
            assert!(!error.message.contains(secret), "{secret} in {error}");
        }
        let scheme_relative = ClientError::redirect(
            302,
            Some("//evil.example/p?k=v"),
            "https://a.example/x",
            "c",
        );
        assert!(
            scheme_relative.message.contains("to https://evil.example;"),
            "{scheme_relative}"
        );
        let long_host = format!("https://{}/", "a".repeat(100_000));
        let long = ClientError::redirect(302, Some(&long_host), "https://a.example/x", "c");
        assert!(long.message.len() < 300, "{}", long.message.len());
        let relative =
            ClientError::redirect(302, Some("/elsewhere?k=v"), "http://127.0.0.1:9/x", "c");
        assert!(
            relative
                .message
                .contains("same origin (http://127.0.0.1:9)"),
            "{relative}"
        );
        assert!(!relative.message.contains("elsewhere"));
        let opaque = ClientError::redirect(0, None, "https://a.example/x", "c");
        assert_eq!(opaque.status, None);
        assert!(opaque.message.contains("opaque redirect"));
        let odd = ClientError::redirect(301, Some("https://ev\u{0}il/"), "not a url", "c");
        assert!(odd.message.contains("an unreadable location"), "{odd}");
        assert_eq!(ErrorCode::for_status(308), ErrorCode::Redirect);
        assert_eq!(ErrorCode::for_status(0), ErrorCode::Redirect);
    }
}
