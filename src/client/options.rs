//! What a client is made from: credentials, environment, the Vipps-System headers, timeouts and
//! the retry policy. `ClientOptions::check` refuses bad options with `invalid_input` issues
//! (paths named as in JavaScript: `systemName`, `clientSecret`, ...), never echoing a secret.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::error::ClientError;
use super::retry::RetryPolicy;
use crate::codes;
use crate::issue::{Issues, Text};

/// A value that must never be printed: client secrets, subscription keys, access tokens.
/// `Debug` and `Display` print `<redacted>`; [`Secret::expose`] is the one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it (a header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The boxed future a [`TokenProvider`] returns. `Send` on native targets, so a client can be
/// shared across threads (a tokio service); not on wasm32, where providers await JS promises
/// (which are not `Send`) and there is one thread.
#[cfg(not(target_arch = "wasm32"))]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// The boxed future a [`TokenProvider`] returns (not `Send` on wasm32: JS promises are not).
#[cfg(target_arch = "wasm32")]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// `Send + Sync` on native targets (a provider is shared with the client across threads);
/// nothing on wasm32, where there is one thread and JS values are neither.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSendSync: Send + Sync {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + Sync + ?Sized> MaybeSendSync for T {}
/// Nothing on wasm32 (one thread; JS values are neither `Send` nor `Sync`).
#[cfg(target_arch = "wasm32")]
pub trait MaybeSendSync {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSendSync for T {}

/// An access token handed over by a [`TokenProvider`].
#[derive(Debug, Clone)]
pub struct ProvidedToken {
    /// The token, sent as `Authorization: Bearer …`.
    pub token: Secret,
    /// How long from now it stays valid; `None`: until the API answers 401.
    pub expires_in_ms: Option<u64>,
}

/// The caller's own source of access tokens (a shared cache, a secrets service...). Called when
/// the client has no fresh token, one call at a time (see [`super::auth`]), and again after a
/// 401.
pub trait TokenProvider: MaybeSendSync {
    /// A token, or why there is none (the call that needed it fails with that error).
    fn access_token(&self) -> BoxFuture<'_, Result<ProvidedToken, ClientError>>;
}

/// How the client authenticates. Every variant needs the subscription key and the merchant
/// serial number: they go on every call.
#[derive(Clone)]
pub enum Credentials {
    /// The client fetches and caches access tokens itself (`POST /accesstoken/get`).
    Keys {
        /// `client_id`, sent to the token endpoint.
        client_id: String,
        /// `client_secret`, sent to the token endpoint only.
        client_secret: Secret,
        /// `Ocp-Apim-Subscription-Key`, sent on every call.
        subscription_key: Secret,
        /// `Merchant-Serial-Number`, sent on every call.
        merchant_serial_number: String,
    },
    /// A token fetched elsewhere; used until the API refuses it (then calls fail `unauthorized`).
    AccessToken {
        /// The access token, sent as `Authorization: Bearer …`.
        token: Secret,
        /// `Ocp-Apim-Subscription-Key`, sent on every call.
        subscription_key: Secret,
        /// `Merchant-Serial-Number`, sent on every call.
        merchant_serial_number: String,
    },
    /// Tokens from the caller's [`TokenProvider`].
    Provider {
        /// Asked for a token when the client has none that is fresh.
        provider: Arc<dyn TokenProvider>,
        /// `Ocp-Apim-Subscription-Key`, sent on every call.
        subscription_key: Secret,
        /// `Merchant-Serial-Number`, sent on every call.
        merchant_serial_number: String,
    },
}

impl Credentials {
    /// The subscription key, whichever the variant.
    pub fn subscription_key(&self) -> &Secret {
        match self {
            Credentials::Keys {
                subscription_key, ..
            }
            | Credentials::AccessToken {
                subscription_key, ..
            }
            | Credentials::Provider {
                subscription_key, ..
            } => subscription_key,
        }
    }

    /// The merchant serial number, whichever the variant.
    pub fn merchant_serial_number(&self) -> &str {
        match self {
            Credentials::Keys {
                merchant_serial_number,
                ..
            }
            | Credentials::AccessToken {
                merchant_serial_number,
                ..
            }
            | Credentials::Provider {
                merchant_serial_number,
                ..
            } => merchant_serial_number,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Keys {
                client_id,
                client_secret,
                subscription_key,
                merchant_serial_number,
            } => f
                .debug_struct("Keys")
                .field("client_id", client_id)
                .field("client_secret", client_secret)
                .field("subscription_key", subscription_key)
                .field("merchant_serial_number", merchant_serial_number)
                .finish(),
            Credentials::AccessToken {
                token,
                subscription_key,
                merchant_serial_number,
            } => f
                .debug_struct("AccessToken")
                .field("token", token)
                .field("subscription_key", subscription_key)
                .field("merchant_serial_number", merchant_serial_number)
                .finish(),
            Credentials::Provider {
                subscription_key,
                merchant_serial_number,
                ..
            } => f
                .debug_struct("Provider")
                .field("provider", &format_args!("<token provider>"))
                .field("subscription_key", subscription_key)
                .field("merchant_serial_number", merchant_serial_number)
                .finish(),
        }
    }
}

/// Which Vipps MobilePay API to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// `https://apitest.vipps.no` (the test environment, test keys).
    #[default]
    Test,
    /// `https://api.vipps.no`.
    Production,
}

impl Environment {
    /// The environment's base URL, without a trailing `/`.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Test => "https://apitest.vipps.no",
            Environment::Production => "https://api.vipps.no",
        }
    }
}

/// This package's name: the default `Vipps-System-Plugin-Name`.
pub const PACKAGE_NAME: &str = env!("CARGO_PKG_NAME");
/// This package's version: the default `Vipps-System-Plugin-Version`.
pub const PACKAGE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The longest value of a `Vipps-System-*` header the API takes.
pub const MAX_SYSTEM_HEADER_LEN: usize = 100;

/// The default time one attempt may take.
pub const DEFAULT_TIMEOUT_MS: u64 = 15_000;

/// A token is renewed this long before it expires (at most half its lifetime).
pub const DEFAULT_TOKEN_REFRESH_MARGIN_MS: u64 = 60_000;

/// Everything a client is made from; [`ClientOptions::new`] gives the defaults.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// How the client authenticates.
    pub credentials: Credentials,
    /// Which API to talk to (ignored when `base_url` is set).
    pub environment: Environment,
    /// Overrides the environment's base URL (a mock server, a proxy): `http(s)://host[:port][/prefix]`.
    pub base_url: Option<String>,
    /// `Vipps-System-Name` etc.: ≤ 100 characters each; empty means not sent.
    /// `plugin_name`/`plugin_version` default (when `None`) to this package: PACKAGE_NAME, PACKAGE_VERSION.
    pub system_name: Option<String>,
    /// `Vipps-System-Version`.
    pub system_version: Option<String>,
    /// `Vipps-System-Plugin-Name`.
    pub plugin_name: Option<String>,
    /// `Vipps-System-Plugin-Version`.
    pub plugin_version: Option<String>,
    /// Per attempt; 0 leaves the timeout to the HTTP backend.
    pub timeout_ms: u64,
    /// When and how patiently to retry.
    pub retry: RetryPolicy,
    /// How long before expiry a cached token is renewed.
    pub token_refresh_margin_ms: u64,
}

impl ClientOptions {
    /// Options with the defaults: test environment, 15 s per attempt, [`RetryPolicy::default`].
    pub fn new(credentials: Credentials) -> ClientOptions {
        ClientOptions {
            credentials,
            environment: Environment::Test,
            base_url: None,
            system_name: None,
            system_version: None,
            plugin_name: None,
            plugin_version: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry: RetryPolicy::default(),
            token_refresh_margin_ms: DEFAULT_TOKEN_REFRESH_MARGIN_MS,
        }
    }

    /// Checks the options (every problem in one pass) and returns the base URL (no trailing `/`)
    /// and the `Vipps-System-*` headers to send.
    pub(crate) fn check(&self) -> Result<CheckedOptions, ClientError> {
        let mut issues = Issues::new();
        let base_url = match &self.base_url {
            Some(url) => check_base_url(url, &mut issues),
            None => self.environment.base_url().to_owned(),
        };
        match &self.credentials {
            Credentials::Keys {
                client_id,
                client_secret,
                ..
            } => {
                check_header_value(client_id, "clientId", None, &mut issues);
                check_header_value(client_secret.expose(), "clientSecret", None, &mut issues);
            }
            Credentials::AccessToken { token, .. } => {
                check_header_value(token.expose(), "accessToken", None, &mut issues);
            }
            Credentials::Provider { .. } => {}
        }
        check_header_value(
            self.credentials.subscription_key().expose(),
            "subscriptionKey",
            None,
            &mut issues,
        );
        check_header_value(
            self.credentials.merchant_serial_number(),
            "merchantSerialNumber",
            None,
            &mut issues,
        );
        // The checklist asks partners for all four `Vipps-System-*` headers: the plugin pair
        // defaults to this package (an explicit "" sends none); the system pair is the caller's.
        let plugin_name = Some(
            self.plugin_name
                .as_deref()
                .unwrap_or(PACKAGE_NAME)
                .to_owned(),
        );
        let plugin_version = Some(
            self.plugin_version
                .as_deref()
                .unwrap_or(PACKAGE_VERSION)
                .to_owned(),
        );
        let mut system_headers = Vec::new();
        for (value, header, path) in [
            (&self.system_name, "Vipps-System-Name", "systemName"),
            (
                &self.system_version,
                "Vipps-System-Version",
                "systemVersion",
            ),
            (&plugin_name, "Vipps-System-Plugin-Name", "pluginName"),
            (
                &plugin_version,
                "Vipps-System-Plugin-Version",
                "pluginVersion",
            ),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                if check_header_value(value, path, Some(MAX_SYSTEM_HEADER_LEN), &mut issues) {
                    system_headers.push((header, value.to_owned()));
                }
            }
        }
        if issues.has_errors() {
            return Err(ClientError::invalid_input(
                "the client options are not valid",
                issues.errors,
            ));
        }
        Ok(CheckedOptions {
            base_url,
            system_headers,
        })
    }
}

/// What [`ClientOptions::check`] derives from valid options.
#[derive(Debug)]
pub(crate) struct CheckedOptions {
    /// Without a trailing `/`.
    pub base_url: String,
    /// `(header name, value)` for each `Vipps-System-*` value set.
    pub system_headers: Vec<(&'static str, String)>,
}

/// A header value must be non-empty printable ASCII (fetch refuses others, and CR/LF would
/// inject headers). The messages never quote the value: it may be a secret.
/// True when `value` can be sent as an HTTP header value as it is: not empty, printable ASCII
/// only (a newline would split the header; fetch refuses other bytes with an exception).
pub(crate) fn is_header_safe(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn check_header_value(
    value: &str,
    path: &str,
    max_len: Option<usize>,
    issues: &mut Issues,
) -> bool {
    if value.is_empty() {
        issues.error(path, codes::EMPTY, "must not be empty");
        return false;
    }
    let mut ok = true;
    if !is_header_safe(value) {
        issues.error(
            path,
            codes::HEADER_VALUE,
            "may contain only printable ASCII characters (it is sent as an HTTP header)",
        );
        ok = false;
    }
    if let Some(max) = max_len {
        let len = value.chars().count();
        if len > max {
            let message = Text::new()
                .str("is ")
                .int(len as i128)
                .str(" characters long; at most ")
                .int(max as i128)
                .str(" are allowed")
                .done();
            issues.error(path, codes::TOO_LONG, message);
            ok = false;
        }
    }
    ok
}

fn check_base_url(url: &str, issues: &mut Issues) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let valid = match rest {
        Some(rest) => {
            let host = rest.split('/').next().unwrap_or("");
            !host.is_empty()
                && rest.bytes().all(|b| b.is_ascii_graphic())
                && !rest.contains(['?', '#', '@'])
        }
        None => false,
    };
    if !valid {
        issues.error(
            "baseUrl",
            codes::BASE_URL,
            "must be an absolute http(s) URL such as https://apitest.vipps.no, without query, fragment or user info",
        );
    }
    url.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Credentials {
        Credentials::Keys {
            client_id: "id".into(),
            client_secret: "s3cr3t-value".into(),
            subscription_key: "sub-key-value".into(),
            merchant_serial_number: "123456".into(),
        }
    }

    #[test]
    fn secrets_are_redacted_in_debug_and_display() {
        let options = ClientOptions::new(keys());
        let text = format!("{options:?} {}", Secret::from("s3cr3t-value"));
        assert!(!text.contains("s3cr3t-value"), "{text}");
        assert!(!text.contains("sub-key-value"), "{text}");
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn option_problems_are_reported_together_without_values() {
        let mut options = ClientOptions::new(Credentials::Keys {
            client_id: String::new(),
            client_secret: "bad\r\nX-Injected: s3cr3t-value".into(),
            subscription_key: "sub-key-value".into(),
            merchant_serial_number: "123456".into(),
        });
        options.system_name = Some("x".repeat(101));
        options.plugin_version = Some("1.0".into());
        options.base_url = Some("ftp://example.com".into());
        let error = options.check().unwrap_err();
        let found: Vec<(&str, &str)> = error
            .issues
            .iter()
            .map(|i| (i.path.as_str(), i.code))
            .collect();
        assert_eq!(
            found,
            [
                ("baseUrl", codes::BASE_URL),
                ("clientId", codes::EMPTY),
                ("clientSecret", codes::HEADER_VALUE),
                ("systemName", codes::TOO_LONG),
            ]
        );
        assert!(!format!("{error:?}").contains("s3cr3t-value"));
    }

    #[test]
    fn headers_and_base_url() {
        let mut options = ClientOptions::new(keys());
        options.system_name = Some("x".repeat(100));
        options.system_version = Some(String::new());
        options.base_url = Some("http://127.0.0.1:8787/".into());
        let checked = options.check().unwrap();
        assert_eq!(checked.base_url, "http://127.0.0.1:8787");
        assert_eq!(
            checked.system_headers,
            [
                ("Vipps-System-Name", "x".repeat(100)),
                ("Vipps-System-Plugin-Name", PACKAGE_NAME.to_owned()),
                ("Vipps-System-Plugin-Version", PACKAGE_VERSION.to_owned()),
            ]
        );
        options.base_url = None;
        options.environment = Environment::Production;
        assert_eq!(options.check().unwrap().base_url, "https://api.vipps.no");
    }
}
