//! The one URL policy, for `productUrl`, `orderDetailsUrl` and v3 `url`: the validators report it
//! and the preview asks it before making a link (by hand, no `url` crate: wasm size).
//!
//! The spec types these links `format: uri` (an RFC 3986 absolute URI), and the v1 draft asks
//! for a "secure, absolute and valid url or app-native url" with `ruter:///min/bilett` as its
//! example, so an app scheme (`ruter:`, `vipps:`, `mailto:`) is accepted (docs/CODES.md).
//! Schemes that run code or read local data are refused, detected the way a browser reads the
//! link: case-insensitive, after dropping leading C0 controls and spaces, with tabs and newlines
//! removed anywhere (WHATWG URL parsing does both), so `"  JaVa\tScript:alert(1)"` is caught.
//! `http:`/`https:` need a host (`scheme://host...`); plain http is a warning.

use crate::codes;
use crate::issue::{Issues, Text};
use crate::json::Path;

/// What a URL is, as far as the validators and the preview care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `https://host...`
    Https,
    /// `http://host...`: works, but not secure.
    Http,
    /// Any other scheme (`ruter:///min/bilett`, `vipps://...`, `ftp://...`): an app-native or
    /// other absolute URI. The preview links it only when the caller allows the scheme.
    AppScheme,
    /// `javascript:`, `data:`, `vbscript:`, `file:`, `blob:`, `filesystem:` or `about:`, as a
    /// browser would read it: runs code, embeds content or reads local data.
    Unsafe,
    /// No scheme, or `http(s):` without `//host`.
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

/// Schemes that run code, embed content or read local data when a link is followed.
pub const UNSAFE_SCHEMES: [&[u8]; 7] = [
    b"javascript",
    b"data",
    b"vbscript",
    b"file",
    b"blob",
    b"filesystem",
    b"about",
];

/// Long enough for every scheme compared against; longer schemes are just "some other scheme".
const SCHEME_BUFFER: usize = 16;

/// Classifies a URL without allocating.
pub fn classify_url(text: &str) -> UrlKind {
    if text.is_empty() {
        return UrlKind::Empty;
    }
    // The usual link, `https://host/...` as written, in one scan of its authority: what the
    // general reading below gives when nothing needs dropping and the authority is a plain host.
    if let Some(rest) = text.strip_prefix("https://") {
        // Plain loops: iterator adaptors stay calls at opt-level "z".
        let authority = rest.as_bytes();
        let mut len = 0;
        while let Some(&b) = authority.get(len) {
            match b {
                b'/' | b'?' | b'#' | b'\\' => break,
                b'\t' | b'\n' | b'\r' | b'@' | b'[' | b']' | b':' => {
                    len = 0;
                    break;
                }
                _ => len += 1,
            }
        }
        if len > 0 {
            return UrlKind::Https;
        }
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
    let https = scheme == b"https";
    if !https && scheme != b"http" {
        // RFC 3986 `absolute-URI = scheme ":" hier-part [ "?" query ]`: any hier-part, so
        // `ruter:///min/bilett` (empty authority) and `mailto:a@b.c` (no authority) are URIs.
        return UrlKind::AppScheme;
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
    if https { UrlKind::Https } else { UrlKind::Http }
}

/// True when the text holds spaces or control characters anywhere.
pub fn has_blank_or_control(text: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut at = 0;
    // Eight bytes at a time: some byte is below 0x21, or is 0x7f (the usual SWAR tests, exact
    // about whether there is one).
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let delete = word ^ (ONES * 0x7f);
        if ((word.wrapping_sub(ONES * 0x21) & !word) | (delete.wrapping_sub(ONES) & !delete))
            & HIGHS
            != 0
        {
            return true;
        }
        at += 8;
    }
    // The rest byte by byte (a plain loop: `any` stays a call per byte at opt-level "z").
    while let Some(&b) = bytes.get(at) {
        if b <= b' ' || b == 0x7f {
            return true;
        }
        at += 1;
    }
    false
}

/// Checks a URL field and reports into `issues` at `path`: `empty`, `unsafe_url` and
/// `url_not_absolute` are errors; `url_not_https` and `url_whitespace` are warnings.
/// Returns the kind so callers (the preview) can decide whether to make it a link.
pub fn check_url(text: &str, path: &str, issues: &mut Issues) -> UrlKind {
    let kind = classify_url(text);
    // A path already written out renders as itself when it is the one key under the root.
    report_url(kind, text, &Path::Root.key(path), issues);
    kind
}

/// `https://` + the text when it reads as a host and path without a scheme
/// (`shop.example/p/1`): a dotted name before the first `/`, no blanks, no `:`. Short texts only,
/// so a message never carries a long text twice.
fn https_guess(text: &str) -> Option<String> {
    let host = text.split('/').next().unwrap_or_default();
    let plausible = text.len() <= 200
        && host.contains('.')
        && !host.starts_with('.')
        && !text.contains(':')
        && !text.starts_with('/')
        && text.bytes().all(|b| b.is_ascii_graphic());
    plausible.then(|| Text::new().str("https://").str(text).done())
}

/// [`check_url`] for a kind already classified, at a path rendered only when something is reported.
pub(crate) fn report_url(kind: UrlKind, text: &str, path: &Path, issues: &mut Issues) {
    let blank = has_blank_or_control(text);
    if matches!(kind, UrlKind::Https | UrlKind::AppScheme) && !blank {
        return;
    }
    let path = path.render();
    match kind {
        UrlKind::Https | UrlKind::AppScheme => {}
        UrlKind::Http => issues.warning(
            path.clone(),
            codes::URL_NOT_HTTPS,
            Text::new()
                .debug_str(text)
                .str(" is not https; use an https:// link")
                .done(),
        ),
        UrlKind::Unsafe => {
            issues.error(
                path,
                codes::UNSAFE_URL,
                Text::new()
                    .debug_str(text)
                    .str(
                        " uses a scheme that runs code, embeds content or reads local data when \
                         opened (javascript:, data:, vbscript:, file:, blob:, ...); use an \
                         https:// link or an app link",
                    )
                    .done(),
            );
            return;
        }
        UrlKind::NotAbsolute => issues.error(
            path.clone(),
            codes::URL_NOT_ABSOLUTE,
            match https_guess(text) {
                Some(guess) => Text::new()
                    .debug_str(text)
                    .str(" is not an absolute URL (no scheme); for the web page write ")
                    .debug_str(&guess)
                    .done(),
                None => Text::new()
                    .debug_str(text)
                    .str(
                        " is not an absolute URL; expected https://host/... or an app link \
                         (scheme:...)",
                    )
                    .done(),
            },
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
            ("http://example.com", UrlKind::Http),
            ("ftp://example.com", UrlKind::AppScheme),
            ("ruter:///min/bilett", UrlKind::AppScheme),
            ("mailto:a@b.c", UrlKind::AppScheme),
            ("file://h/x", UrlKind::Unsafe),
            ("BLOB:https://x/1", UrlKind::Unsafe),
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
            ("1http://x", UrlKind::NotAbsolute),
            ("", UrlKind::Empty),
        ] {
            assert_eq!(classify_url(text), kind, "{text:?}");
        }
        // The quick reading of `https://host` agrees with the general one wherever it answers.
        for text in [
            "https://a",
            "https://a/b",
            "https://a?b",
            "https://a#b",
            "https://a\\b",
            "https:///a",
            "https://?a",
            "https://a\tb/c",
            "https://\ta/",
            "https://\t/",
            "https://a@/x",
            "https://@a/x",
            "https://a:1/x",
            "https://:1/x",
            "https://[::1]/",
            "https://[/",
            "https://",
        ] {
            let expected = match text {
                "https:///a" | "https://?a" | "https://\t/" | "https://a@/x" | "https://:1/x"
                | "https://" => UrlKind::NotAbsolute,
                _ => UrlKind::Https,
            };
            assert_eq!(classify_url(text), expected, "{text:?}");
        }
        // Not javascript: just a scheme that starts the same way.
        assert_eq!(classify_url("javascripts://x"), UrlKind::AppScheme);
        assert_eq!(
            classify_url("averyveryverylongscheme://x"),
            UrlKind::AppScheme
        );
    }

    #[test]
    fn blanks_and_controls_are_found_anywhere() {
        for at in 0..20 {
            for bad in [b' ', 0, b'\t', 0x1f, 0x7f] {
                let mut text = vec![b'a'; 20];
                text[at] = bad;
                let text = String::from_utf8(text).unwrap();
                assert!(has_blank_or_control(&text), "{text:?}");
            }
            let mut text = vec![b'a'; 20];
            text[at] = b'!';
            assert!(!has_blank_or_control(&String::from_utf8(text).unwrap()));
        }
        assert!(!has_blank_or_control("https://blåbær.no/ø/€/😀/~"));
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
