//! `ClientError`: what every client call fails with. Its `code` is a stable snake_case string
//! (docs/ERRORS.md); `issues` lists field problems (ours before sending, or the API's
//! `invalidParams`/`extraDetails` after); `problem` is the API's problem JSON when it sent one.
//! No secret is ever put into an error: messages are built from status codes, paths and the
//! API's problem text, never from request headers.

use std::fmt;

use crate::codes;
use crate::issue::Issue;
use crate::model::{ErrorResponse, Receipt};

/// The kind of failure. [`ErrorCode::as_str`] is the stable string JavaScript sees as `.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
            // 1xx/3xx: nothing the spec describes (redirects are followed by the backend).
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
        let mut message = String::with_capacity(context.len() + 64);
        message.push_str(context);
        message.push_str(": HTTP ");
        message.push_str(&status.to_string());
        let mut issues = Vec::new();
        if let Some(problem) = &problem {
            for text in [&problem.title, &problem.detail].into_iter().flatten() {
                message.push_str(" - ");
                message.push_str(text);
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
            ..ClientError::new(code, message)
        }
    }
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

impl std::error::Error for ClientError {}
