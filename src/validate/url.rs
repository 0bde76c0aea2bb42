//! URL checks for `productUrl`, `orderDetailsUrl` and `url`, by hand (no `url` crate: wasm size).
//!
//! The dangerous schemes are detected the way a browser reads the link: case-insensitive, after
//! dropping leading C0 controls and spaces, with tabs and newlines removed anywhere (WHATWG URL
//! parsing does both), so `"  JaVa\tScript:alert(1)"` is caught. Everything else must be absolute
//! (`scheme://host...`); https is expected and anything else absolute is a warning.

use crate::codes;
use crate::issue::Issues;

/// What a URL is, as far as the validators care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `https://host...`
    Https,
    /// Absolute with another scheme (`http://...`, `ftp://...`): works, but not secure.
    OtherAbsolute,
    /// `javascript:`, `data:` or `vbscript:` as a browser would read it.
    Unsafe,
    /// No scheme, no `//`, or no host.
    NotAbsolute,
    /// The empty string.
    Empty,
}

impl UrlKind {
    /// True when the validators report this kind as an error.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            UrlKind::Unsafe | UrlKind::NotAbsolute | UrlKind::Empty
        )
    }
}

/// Schemes that run code or smuggle content when a link is followed.
const UNSAFE_SCHEMES: [&[u8]; 3] = [b"javascript", b"data", b"vbscript"];

/// Long enough for every scheme compared against; longer schemes are just "some other scheme".
const SCHEME_BUFFER: usize = 16;

/// Classifies a URL without allocating.
pub fn classify_url(text: &str) -> UrlKind {
    if text.is_empty() {
        return UrlKind::Empty;
    }
    // What the browser parses: leading C0 controls and spaces dropped, tab/LF/CR removed anywhere.
    let mut bytes = text
        .bytes()
        .skip_while(|&b| b <= b' ')
        .filter(|&b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .peekable();

    let mut scheme = [0u8; SCHEME_BUFFER];
    let mut scheme_len = 0usize;
    let mut found_colon = false;
    for b in bytes.by_ref() {
        if b == b':' {
            found_colon = true;
            break;
        }
        let valid = if scheme_len == 0 {
            b.is_ascii_alphabetic()
        } else {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
        };
        if !valid {
            return UrlKind::NotAbsolute;
        }
        if let Some(slot) = scheme.get_mut(scheme_len) {
            *slot = b.to_ascii_lowercase();
        }
        scheme_len += 1;
    }
    if !found_colon || scheme_len == 0 {
        return UrlKind::NotAbsolute;
    }
    let scheme = scheme.get(..scheme_len).unwrap_or(&[]);
    if UNSAFE_SCHEMES.contains(&scheme) {
        return UrlKind::Unsafe;
    }
    if bytes.next() != Some(b'/') || bytes.next() != Some(b'/') {
        return UrlKind::NotAbsolute;
    }
    // The authority runs to the first '/', '?', '#' or '\\'; the host is what is left after any
    // `user:pass@` and before any `:port`.
    let mut host_len = 0usize;
    let mut in_port = false;
    let mut in_brackets = false;
    for b in bytes {
        match b {
            b'/' | b'?' | b'#' | b'\\' => break,
            // What came before was `user:pass`; the host starts again.
            b'@' => {
                host_len = 0;
                in_port = false;
            }
            b'[' => in_brackets = true,
            b']' => in_brackets = false,
            b':' if !in_brackets => in_port = true,
            _ => {}
        }
        if !in_port && !matches!(b, b'@' | b':') {
            host_len += 1;
        }
    }
    if host_len == 0 {
        return UrlKind::NotAbsolute;
    }
    if scheme == b"https" {
        UrlKind::Https
    } else {
        UrlKind::OtherAbsolute
    }
}

/// True when the text holds spaces or control characters anywhere.
pub fn has_blank_or_control(text: &str) -> bool {
    text.bytes().any(|b| b <= b' ' || b == 0x7f)
}

/// Checks a URL field and reports into `issues` at `path`: `empty`, `unsafe_url` and
/// `url_not_absolute` are errors; `url_not_https` and `url_whitespace` are warnings.
/// Returns the kind so callers (the preview) can decide whether to make it a link.
pub fn check_url(text: &str, path: &str, issues: &mut Issues) -> UrlKind {
    let kind = classify_url(text);
    report_url(kind, text, || path.to_owned(), issues);
    kind
}

/// [`check_url`] with the path made only when something is reported.
pub(crate) fn report_url(
    kind: UrlKind,
    text: &str,
    path: impl FnOnce() -> String,
    issues: &mut Issues,
) {
    let blank = has_blank_or_control(text);
    if kind == UrlKind::Https && !blank {
        return;
    }
    let path = path();
    match kind {
        UrlKind::Https => {}
        UrlKind::OtherAbsolute => issues.warning(
            path.clone(),
            codes::URL_NOT_HTTPS,
            format!("{text:?} is not https; use an https:// link"),
        ),
        UrlKind::Unsafe => {
            issues.error(
                path,
                codes::UNSAFE_URL,
                format!(
                    "{text:?} uses a javascript:, data: or vbscript: scheme, which runs code or embeds content when opened; use an https:// link"
                ),
            );
            return;
        }
        UrlKind::NotAbsolute => issues.error(
            path.clone(),
            codes::URL_NOT_ABSOLUTE,
            format!("{text:?} is not an absolute URL; expected https://host/..."),
        ),
        UrlKind::Empty => {
            issues.error(
                path,
                codes::EMPTY,
                "must not be empty; expected https://host/...",
            );
            return;
        }
    }
    if blank {
        issues.warning(
            path,
            codes::URL_WHITESPACE,
            "contains spaces or control characters; percent-encode them (a space is %20)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        for (text, kind) in [
            ("https://example.com", UrlKind::Https),
            ("HTTPS://EXAMPLE.COM/a?b#c", UrlKind::Https),
            ("https://user:pw@example.com:8443/x", UrlKind::Https),
            ("https://[::1]:8080/", UrlKind::Https),
            ("http://example.com", UrlKind::OtherAbsolute),
            ("ftp://example.com", UrlKind::OtherAbsolute),
            ("javascript:alert(1)", UrlKind::Unsafe),
            ("JaVaScRiPt:alert(1)", UrlKind::Unsafe),
            ("  javascript:alert(1)", UrlKind::Unsafe),
            ("\u{1}\u{1f} javascript:alert(1)", UrlKind::Unsafe),
            ("java\tscript:alert(1)", UrlKind::Unsafe),
            ("java\nscript:alert(1)", UrlKind::Unsafe),
            ("\njavascript:alert(1)", UrlKind::Unsafe),
            ("data:text/html,<b>x</b>", UrlKind::Unsafe),
            ("DATA:text/html;base64,AAAA", UrlKind::Unsafe),
            ("vbscript:msgbox", UrlKind::Unsafe),
            ("example.com", UrlKind::NotAbsolute),
            ("/orders/1", UrlKind::NotAbsolute),
            ("//example.com/x", UrlKind::NotAbsolute),
            ("https:/example.com", UrlKind::NotAbsolute),
            ("https:example.com", UrlKind::NotAbsolute),
            ("https://", UrlKind::NotAbsolute),
            ("https:///path", UrlKind::NotAbsolute),
            ("https://:443/", UrlKind::NotAbsolute),
            ("https://user@/x", UrlKind::NotAbsolute),
            ("mailto:a@b.c", UrlKind::NotAbsolute),
            ("1http://x", UrlKind::NotAbsolute),
            ("", UrlKind::Empty),
        ] {
            assert_eq!(classify_url(text), kind, "{text:?}");
        }
        // Not javascript: just a scheme that starts the same way.
        assert_eq!(classify_url("javascripts://x"), UrlKind::OtherAbsolute);
        assert_eq!(
            classify_url("averyveryverylongscheme://x"),
            UrlKind::OtherAbsolute
        );
    }

    #[test]
    fn reports() {
        let mut issues = Issues::new();
        assert_eq!(check_url("https://a.b/c", "u", &mut issues), UrlKind::Https);
        assert!(issues.errors.is_empty() && issues.warnings.is_empty());

        check_url("http://a.b", "u", &mut issues);
        assert_eq!(issues.warnings[0].code, codes::URL_NOT_HTTPS);
        assert!(issues.errors.is_empty());

        let mut issues = Issues::new();
        check_url(" javascript:x", "u", &mut issues);
        check_url("shop/1", "v", &mut issues);
        check_url("", "w", &mut issues);
        check_url("https://a.b/x y", "x", &mut issues);
        let errors: Vec<_> = issues
            .errors
            .iter()
            .map(|i| (i.path.as_str(), i.code))
            .collect();
        assert_eq!(
            errors,
            [
                ("u", codes::UNSAFE_URL),
                ("v", codes::URL_NOT_ABSOLUTE),
                ("w", codes::EMPTY)
            ]
        );
        assert_eq!(issues.warnings.len(), 1);
        assert_eq!(issues.warnings[0].path, "x");
        assert_eq!(issues.warnings[0].code, codes::URL_WHITESPACE);
    }
}
