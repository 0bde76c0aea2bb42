//! Identifiers the API restricts: order ids, image ids (`^[0-9A-Za-z-_.]+$`, image ids ≤ 128).

use crate::codes;
use crate::issue::{Issues, Text};

/// The longest image id the API takes.
pub const MAX_IMAGE_ID_LEN: usize = 128;

/// True when every byte is one of `0-9 A-Z a-z - _ .` and there is at least one.
pub fn is_api_identifier(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// True for `.` and `..`, the path segments URL parsers resolve as navigation (the WHATWG URL
/// standard also treats `%2e` in any case as `.`: `.%2E`, `%2e%2e`... are dot segments too).
pub fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

/// Checks an id against the API's pattern and, when given, its length limit.
pub fn check_identifier(
    text: &str,
    path: &str,
    max_len: Option<usize>,
    issues: &mut Issues,
) -> bool {
    if text.is_empty() {
        issues.error(path, codes::EMPTY, "must not be empty");
        return false;
    }
    let mut ok = true;
    if matches!(text, "." | "..") {
        // The pattern allows it, but URL parsers resolve `.`/`..` (even sent as `%2E%2E`) as
        // path navigation: `POST v2/ECOM/receipts/..` would be sent as `POST v2/ECOM/`. (Encoded
        // look-alikes such as `%2e` fail the pattern.)
        issues.error(
            path,
            codes::ID_DOT_SEGMENT,
            "must not be '.' or '..': in a URL path they mean this folder or the parent folder",
        );
        return false;
    }
    if !is_api_identifier(text) {
        issues.error(
            path,
            codes::ID_PATTERN,
            "may contain only letters A-Z and a-z, digits, '-', '_' and '.'",
        );
        ok = false;
    }
    if let Some(max) = max_len {
        if text.chars().count() > max {
            issues.error(
                path,
                codes::TOO_LONG,
                Text::new()
                    .str("is ")
                    .int(text.chars().count() as i128)
                    .str(" characters long; at most ")
                    .int(max as i128)
                    .str(" are allowed")
                    .done(),
            );
            ok = false;
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_api_identifier("order-1_a.B9"));
        for bad in ["", "a b", "æ", "a/b", "a:b", "a+b"] {
            assert!(!is_api_identifier(bad), "{bad:?}");
        }
        let mut issues = Issues::new();
        assert!(!check_identifier(
            &"a".repeat(129),
            "imageId",
            Some(128),
            &mut issues
        ));
        assert_eq!(issues.errors[0].code, codes::TOO_LONG);
    }

    #[test]
    fn dot_segments_in_any_encoding() {
        for dot in [".", "..", "%2e", "%2E", ".%2E", "%2e.", "%2E%2e", "%2e%2E"] {
            assert!(is_dot_segment(dot), "{dot:?}");
        }
        for not in [
            "",
            "...",
            "a.",
            ".a",
            "%2",
            "%2f",
            "%2e%2e%2e",
            "%252e",
            "%2E%2Fx",
        ] {
            assert!(!is_dot_segment(not), "{not:?}");
        }
        for id in [".", ".."] {
            let mut issues = Issues::new();
            assert!(!check_identifier(id, "orderId", None, &mut issues));
            assert_eq!(issues.errors.len(), 1);
            assert_eq!(issues.errors[0].code, codes::ID_DOT_SEGMENT);
        }
    }
}
