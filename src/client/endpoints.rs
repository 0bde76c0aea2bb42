//! URLs of the Order Management API and the access-token endpoint, and the encoding of the ids
//! that go into them. Ids are validated before they get here (`id_dot_segment`, `id_pattern`);
//! even so, a path can never be steered elsewhere, whatever a caller passes: every byte but the
//! RFC 3986 unreserved ones is percent-encoded (`/`, `?`, `#`, `%`...), and a segment that URL
//! parsers would resolve as navigation (`.`, `..`, `%2E%2E`: no encoding keeps those an id) is
//! refused here, so no request is built for it.

use super::error::ClientError;
use crate::codes;
use crate::issue::Issue;
use crate::validate::ids::is_dot_segment;

/// The token endpoint, relative to the environment's base URL.
pub const ACCESS_TOKEN_PATH: &str = "/accesstoken/get";
/// The Order Management API's prefix, relative to the base URL.
pub const ORDER_MANAGEMENT_PATH: &str = "/order-management";

/// Appends `text` percent-encoded: RFC 3986 unreserved characters stay, every other byte of
/// the UTF-8 becomes `%XX`.
pub fn push_encoded(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// `{base}/order-management/` followed by `segments`: literal parts (`Lit`) as they are, ids
/// (`Id`) percent-encoded; `invalid_input` for an id that would be a dot segment (the WHATWG URL
/// parser reads `%2E%2E` as `..`, so encoding cannot keep `..` an id).
pub fn order_management_url(
    base_url: &str,
    segments: &[Segment<'_>],
) -> Result<String, ClientError> {
    let mut url = String::with_capacity(base_url.len() + 64);
    url.push_str(base_url);
    url.push_str(ORDER_MANAGEMENT_PATH);
    for segment in segments {
        url.push('/');
        match segment {
            Segment::Lit(text) => url.push_str(text),
            Segment::Id(text) => {
                let start = url.len();
                push_encoded(&mut url, text);
                if is_dot_segment(&url[start..]) {
                    return Err(ClientError::invalid_input(
                        "invalid input: an id is '.' or '..', which a URL would read as a folder",
                        vec![Issue {
                            path: String::new(),
                            code: codes::ID_DOT_SEGMENT,
                            message: "must not be '.' or '..'".to_owned(),
                        }],
                    ));
                }
            }
        }
    }
    Ok(url)
}

/// A path segment of [`order_management_url`].
#[derive(Debug, Clone, Copy)]
pub enum Segment<'a> {
    /// A fixed part of the path (`v2`, `receipts`), written as it is.
    Lit(&'a str),
    /// A caller's id, percent-encoded.
    Id(&'a str),
}

/// A UUID (version 4 layout) from four random numbers: one per logical call, sent as
/// `Idempotency-Key` on every attempt of it.
pub fn idempotency_key(mut random: impl FnMut() -> u32) -> String {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_exact_mut(4) {
        chunk.copy_from_slice(&random().to_be_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = crate::image::sha256::to_hex(&bytes);
    let mut key = String::with_capacity(36);
    for (index, pair) in hex.as_bytes().chunks_exact(2).enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            key.push('-');
        }
        key.extend(pair.iter().copied().map(char::from));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_percent_encoded() {
        let url = order_management_url(
            "https://apitest.vipps.no",
            &[
                Segment::Lit("v2"),
                Segment::Id("ECOM"),
                Segment::Id("a/b?c d#æ"),
            ],
        );
        assert_eq!(
            url.unwrap(),
            "https://apitest.vipps.no/order-management/v2/ECOM/a%2Fb%3Fc%20d%23%C3%A6"
        );
        let mut out = String::new();
        push_encoded(&mut out, "%2e");
        assert_eq!(out, "%252e");
        out.clear();
        push_encoded(&mut out, "order-1_x.y~z");
        assert_eq!(out, "order-1_x.y~z");
    }

    #[test]
    fn dot_segment_ids_build_no_url() {
        for id in [".", ".."] {
            let error = order_management_url(
                "https://apitest.vipps.no",
                &[
                    Segment::Lit("v3"),
                    Segment::Lit("categories"),
                    Segment::Id(id),
                ],
            )
            .unwrap_err();
            assert_eq!(error.code, super::super::ErrorCode::InvalidInput);
            assert_eq!(error.issues[0].code, codes::ID_DOT_SEGMENT);
        }
        // Encoded look-alikes are ids: their `%` is encoded, so no parser reads a dot segment.
        let url = order_management_url("https://x.test", &[Segment::Id("%2E%2e")]).unwrap();
        assert_eq!(url, "https://x.test/order-management/%252E%252e");
    }

    #[test]
    fn idempotency_keys_are_uuid_v4_shaped() {
        let mut n = 0u32;
        let key = idempotency_key(|| {
            n += 1;
            n.wrapping_mul(0x9e37_79b9)
        });
        assert_eq!(key.len(), 36);
        assert_eq!(key.as_bytes()[14], b'4');
        assert!(matches!(key.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        let other = idempotency_key(|| 7);
        assert_ne!(key, other);
    }
}
