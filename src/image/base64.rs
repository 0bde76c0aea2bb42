//! Standard base64 (RFC 4648 §4: `A-Z a-z 0-9 + /`, `=` padding), strict on input.
//!
//! Decisions, because what we accept should be what every server-side decoder accepts:
//! - padding is required (the length must be a multiple of 4); [`encode_base64`] always pads;
//! - whitespace and line breaks are refused (`base64` without `-w0` wraps at 76 columns, and
//!   strict decoders reject that), with the offset of the first one;
//! - `data:` URLs are refused with a message saying to send only the part after the comma;
//! - the URL-safe alphabet (`-`, `_`) is refused with a message naming it;
//! - non-zero bits in the last character before the padding are tolerated (every decoder in
//!   common use ignores them, and refusing them would help no one).
//!
//! Decoding is table-driven over 4-character groups into a buffer allocated once.

use std::fmt;

use crate::issue::Text;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Marks a byte outside the alphabet in [`DECODE`].
const INVALID: u8 = 0xff;

/// Byte → 6-bit value, or [`INVALID`].
const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Why base64 text was refused. `offset` is a byte offset into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base64Error {
    /// `data:image/png;base64,....`: the caller pasted a data URL.
    DataUrl {
        /// The URL's media type (`image/png`).
        media_type: String,
    },
    /// A space, tab, CR or LF.
    Whitespace {
        /// Where.
        offset: usize,
    },
    /// `-` or `_`: the URL-safe alphabet.
    UrlSafeAlphabet {
        /// Where.
        offset: usize,
    },
    /// Any other character outside the alphabet, or `=` before the end.
    InvalidChar {
        /// Where.
        offset: usize,
        /// The character.
        found: char,
    },
    /// The length is not a multiple of 4: padding missing (or characters lost).
    Length {
        /// The text's length.
        len: usize,
    },
}

impl Base64Error {
    /// The issue code ([`crate::codes`]) for this error.
    pub fn code(&self) -> &'static str {
        use crate::codes;
        match self {
            Base64Error::DataUrl { .. } => codes::BASE64_DATA_URL,
            Base64Error::Whitespace { .. } => codes::BASE64_WHITESPACE,
            Base64Error::Length { .. } => codes::BASE64_PADDING,
            Base64Error::UrlSafeAlphabet { .. } | Base64Error::InvalidChar { .. } => {
                codes::BASE64_INVALID
            }
        }
    }
}

impl Base64Error {
    /// The message for an issue (also this error's `Display`), written without `core::fmt`.
    pub fn message(&self) -> String {
        match self {
            Base64Error::DataUrl { media_type } => Text::new()
                .str("is a data: URL (")
                .str(media_type)
                .str("); send only the base64 after the comma, without \"data:...;base64,\"")
                .done(),
            Base64Error::Whitespace { offset } => Text::new()
                .str("contains whitespace or a line break at character ")
                .int(*offset as i128)
                .str("; base64 must be one unbroken line (e.g. `base64 -w0`)")
                .done(),
            Base64Error::UrlSafeAlphabet { offset } => Text::new()
                .str("contains '-' or '_' at character ")
                .int(*offset as i128)
                .str(": that is URL-safe base64; use the standard alphabet with '+' and '/'")
                .done(),
            Base64Error::InvalidChar { offset, found: '=' } => Text::new()
                .str("has '=' padding at character ")
                .int(*offset as i128)
                .str(", before the end of the text")
                .done(),
            Base64Error::InvalidChar { offset, found } => {
                Text::new()
                    .str("contains ")
                    .debug_char(*found)
                    .str(" at character ")
                    .int(*offset as i128)
                    .str(", which is not a base64 character (A-Z, a-z, 0-9, '+', '/', '=' at the end)")
                    .done()
            }
            Base64Error::Length { len } => Text::new()
                .str("is ")
                .int(*len as i128)
                .str(" characters long, not a multiple of 4: the '=' padding is missing or the text was cut short")
                .done(),
        }
    }
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Base64Error {}

/// Standard base64 with padding.
pub fn encode_base64(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(encoded_len(bytes.len()));
    let mut groups = bytes.chunks_exact(3);
    for group in &mut groups {
        let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        out.extend_from_slice(&[
            ALPHABET[(n >> 18) as usize & 63],
            ALPHABET[(n >> 12) as usize & 63],
            ALPHABET[(n >> 6) as usize & 63],
            ALPHABET[n as usize & 63],
        ]);
    }
    match *groups.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                b'=',
                b'=',
            ]);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                ALPHABET[(n >> 6) as usize & 63],
                b'=',
            ]);
        }
        _ => {}
    }
    // Only alphabet bytes were pushed, so this is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// The length of the padded base64 text for `byte_len` bytes.
pub fn encoded_len(byte_len: usize) -> usize {
    byte_len.div_ceil(3).saturating_mul(4)
}

/// The number of bytes `text` decodes to, from its length and padding alone (no scan), or
/// `None` when the length is not a multiple of 4. Lets callers refuse oversized input before
/// decoding it.
pub fn decoded_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let padding = bytes
        .iter()
        .rev()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    Some(bytes.len() / 4 * 3 - padding)
}

/// If `text` is a `data:` URL, its media-type part (`data:image/png;base64`), for messages.
pub fn data_url_prefix(text: &str) -> Option<&str> {
    let head = text.get(..5)?;
    if !head.eq_ignore_ascii_case("data:") {
        return None;
    }
    // Keep the message short even if there is no comma.
    let end = text
        .bytes()
        .take(80)
        .position(|b| b == b',')
        .unwrap_or_else(|| text.len().min(40));
    Some(text.get(..end).unwrap_or("data:"))
}

/// Decodes standard, padded base64 (see the module notes for what is refused and why).
pub fn decode_base64(text: &str) -> Result<Vec<u8>, Base64Error> {
    if let Some(prefix) = data_url_prefix(text) {
        return Err(Base64Error::DataUrl {
            media_type: prefix.to_owned(),
        });
    }
    let input = text.as_bytes();
    if input.len() % 4 != 0 {
        // A bad character explains a bad length better than the length does.
        if let Some(offset) = input
            .iter()
            .position(|&b| DECODE[usize::from(b)] == INVALID && b != b'=')
        {
            return Err(invalid_at(text, offset));
        }
        return Err(Base64Error::Length { len: input.len() });
    }
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let body_len = input.len().saturating_sub(4);
    let (body, last) = input.split_at(body_len);
    for (group_index, group) in body.chunks_exact(4).enumerate() {
        let (a, b, c, d) = (
            DECODE[usize::from(group[0])],
            DECODE[usize::from(group[1])],
            DECODE[usize::from(group[2])],
            DECODE[usize::from(group[3])],
        );
        // Valid values fit in 6 bits; INVALID (0xff) does not.
        if (a | b | c | d) > 63 {
            return Err(first_invalid(text, group_index * 4));
        }
        let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    if let [a, b, c, d] = *last {
        decode_last_group(text, body_len, [a, b, c, d], &mut out)?;
    }
    Ok(out)
}

/// The final group may end in `=` or `==`.
fn decode_last_group(
    text: &str,
    start: usize,
    group: [u8; 4],
    out: &mut Vec<u8>,
) -> Result<(), Base64Error> {
    let padding = match group {
        [_, _, b'=', b'='] => 2,
        [_, _, _, b'='] => 1,
        _ => 0,
    };
    let data_chars = 4 - padding;
    let mut n = 0u32;
    for (i, &byte) in group.iter().take(data_chars).enumerate() {
        let value = DECODE[usize::from(byte)];
        if value == INVALID {
            return Err(invalid_at(text, start + i));
        }
        n |= u32::from(value) << (18 - 6 * i);
    }
    let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    out.extend_from_slice(&bytes[..3 - padding]);
    Ok(())
}

fn first_invalid(text: &str, from: usize) -> Base64Error {
    let offset = text
        .as_bytes()
        .iter()
        .skip(from)
        .position(|&b| DECODE[usize::from(b)] == INVALID)
        .map_or(from, |p| from + p);
    invalid_at(text, offset)
}

fn invalid_at(text: &str, offset: usize) -> Base64Error {
    // Every byte before `offset` is ASCII, so `offset` is a char boundary.
    let found = text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\u{fffd}');
    match found {
        ' ' | '\t' | '\r' | '\n' | '\u{c}' => Base64Error::Whitespace { offset },
        '-' | '_' => Base64Error::UrlSafeAlphabet { offset },
        found => Base64Error::InvalidChar { offset, found },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;

    // RFC 4648 §10.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode_base64(plain.as_bytes()), encoded);
            assert_eq!(decode_base64(encoded).unwrap(), plain.as_bytes());
            assert_eq!(decoded_len(encoded), Some(plain.len()));
            assert_eq!(encoded_len(plain.len()), encoded.len());
        }
    }

    #[test]
    fn all_byte_values() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        let text = encode_base64(&bytes);
        assert!(text.starts_with("AAECAwQFBgcICQoL"));
        assert!(text.ends_with("+/w=="));
        assert_eq!(decode_base64(&text).unwrap(), bytes);
    }

    #[test]
    fn missing_padding_is_refused() {
        let err = decode_base64("Zm8").unwrap_err();
        assert_eq!(err, Base64Error::Length { len: 3 });
        assert_eq!(err.code(), codes::BASE64_PADDING);
        assert!(err.to_string().contains("padding"));
        assert_eq!(
            decode_base64("Zg").unwrap_err().code(),
            codes::BASE64_PADDING
        );
        assert_eq!(decoded_len("Zg"), None);
    }

    #[test]
    fn bad_characters_name_the_offset() {
        assert_eq!(
            decode_base64("Zm9v!mFy").unwrap_err(),
            Base64Error::InvalidChar {
                offset: 4,
                found: '!'
            }
        );
        // A non-ASCII character is reported whole.
        assert_eq!(
            decode_base64("Zm9væmF=").unwrap_err(),
            Base64Error::InvalidChar {
                offset: 4,
                found: 'æ'
            }
        );
        // '=' in the middle.
        let err = decode_base64("Zg==Zm8=").unwrap_err();
        assert_eq!(
            err,
            Base64Error::InvalidChar {
                offset: 2,
                found: '='
            }
        );
        assert!(err.to_string().contains("before the end"));
        // Three '=' at the end is not padding.
        assert!(decode_base64("Z===").is_err());
        assert!(decode_base64("====").is_err());
        // A bad character in the last group.
        assert_eq!(
            decode_base64("Zm9vZ!==").unwrap_err(),
            Base64Error::InvalidChar {
                offset: 5,
                found: '!'
            }
        );
        // A bad character wins over a bad length.
        assert_eq!(
            decode_base64("Zm9v*").unwrap_err(),
            Base64Error::InvalidChar {
                offset: 4,
                found: '*'
            }
        );
    }

    #[test]
    fn url_safe_alphabet_is_named() {
        let err = decode_base64("ab-_").unwrap_err();
        assert_eq!(err, Base64Error::UrlSafeAlphabet { offset: 2 });
        assert_eq!(err.code(), codes::BASE64_INVALID);
        assert!(err.to_string().contains("URL-safe"));
    }

    #[test]
    fn whitespace_is_refused() {
        let wrapped = "Zm9v\nYmFy";
        assert_eq!(
            decode_base64(wrapped).unwrap_err(),
            Base64Error::Whitespace { offset: 4 }
        );
        let err = decode_base64("Zm9v YmFy   ").unwrap_err();
        assert_eq!(err, Base64Error::Whitespace { offset: 4 });
        assert_eq!(err.code(), codes::BASE64_WHITESPACE);
        assert_eq!(
            decode_base64("Zm9vYmFy\r\n").unwrap_err(),
            Base64Error::Whitespace { offset: 8 }
        );
    }

    #[test]
    fn data_urls_are_recognised() {
        let err = decode_base64("data:image/png;base64,iVBORw0KGgo=").unwrap_err();
        assert_eq!(
            err,
            Base64Error::DataUrl {
                media_type: "data:image/png;base64".into()
            }
        );
        assert_eq!(err.code(), codes::BASE64_DATA_URL);
        assert!(err.to_string().contains("after the comma"));
        assert!(matches!(
            decode_base64("DATA:image/jpeg;base64,/9j/").unwrap_err(),
            Base64Error::DataUrl { .. }
        ));
        // No comma at all: still a data URL, message stays short.
        let long = format!("data:{}", "x".repeat(10_000));
        match decode_base64(&long).unwrap_err() {
            Base64Error::DataUrl { media_type } => assert!(media_type.len() <= 40),
            other => panic!("{other:?}"),
        }
        // "data" as base64 content is fine.
        assert_eq!(decode_base64("ZGF0YQ==").unwrap(), b"data");
    }

    #[test]
    fn tolerates_nonzero_trailing_bits() {
        // "Zh==" has bits set that "Zg==" does not; both decode to "f".
        assert_eq!(decode_base64("Zh==").unwrap(), b"f");
    }

    #[test]
    fn two_megabytes_round_trip_quickly() {
        let bytes: Vec<u8> = (0..2 * 1024 * 1024u32)
            .map(|i| (i.wrapping_mul(7919) >> 3) as u8)
            .collect();
        let text = encode_base64(&bytes);
        assert_eq!(decoded_len(&text), Some(bytes.len()));
        let started = std::time::Instant::now();
        let decoded = decode_base64(&text).unwrap();
        let elapsed = started.elapsed();
        assert_eq!(decoded, bytes);
        // Generous even for unoptimised test builds; a per-char allocation would blow it.
        assert!(elapsed.as_millis() < 2_000, "{elapsed:?}");
    }
}
