//! Names the first syntax error in JSON text the tree reader refused: the same reason, line and
//! column serde_json gives when it reads the text into a `Value` (keys as strings, the reader's
//! depth limit), so messages stay what they were when serde_json read the text a second time,
//! without carrying serde_json's parser and `core::fmt` into the module (docs/ROBUSTNESS.md,
//! "Syntax error messages"). Only runs on text already known to be bad, so it is written for
//! clarity, not speed. The steps and their error positions follow serde_json 1.0's `de.rs` and
//! `read.rs` (`error` points at the last byte read, `peek_error` at the byte looked at).

use super::MAX_DEPTH;
use super::number;

/// Why the text is not JSON, in serde_json's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reason {
    EofWhileParsingList,
    EofWhileParsingObject,
    EofWhileParsingString,
    EofWhileParsingValue,
    ExpectedColon,
    ExpectedListCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    ExpectedSomeIdent,
    ExpectedSomeValue,
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    InvalidUnicodeCodePoint,
    ControlCharacterWhileParsingString,
    KeyMustBeAString,
    LoneLeadingSurrogateInHexEscape,
    TrailingComma,
    TrailingCharacters,
    UnexpectedEndOfHexEscape,
    /// Nesting beyond [`MAX_DEPTH`]: the caller reports `too_deep`, not a syntax error.
    TooDeep,
}

impl Reason {
    /// serde_json's message for it (its `ErrorCode` display).
    pub(super) fn message(self) -> &'static str {
        match self {
            Reason::EofWhileParsingList => "EOF while parsing a list",
            Reason::EofWhileParsingObject => "EOF while parsing an object",
            Reason::EofWhileParsingString => "EOF while parsing a string",
            Reason::EofWhileParsingValue => "EOF while parsing a value",
            Reason::ExpectedColon => "expected `:`",
            Reason::ExpectedListCommaOrEnd => "expected `,` or `]`",
            Reason::ExpectedObjectCommaOrEnd => "expected `,` or `}`",
            Reason::ExpectedSomeIdent => "expected ident",
            Reason::ExpectedSomeValue => "expected value",
            Reason::InvalidEscape => "invalid escape",
            Reason::InvalidNumber => "invalid number",
            Reason::NumberOutOfRange => "number out of range",
            Reason::InvalidUnicodeCodePoint => "invalid unicode code point",
            Reason::ControlCharacterWhileParsingString => {
                "control character (\\u0000-\\u001F) found while parsing a string"
            }
            Reason::KeyMustBeAString => "key must be a string",
            Reason::LoneLeadingSurrogateInHexEscape => "lone leading surrogate in hex escape",
            Reason::TrailingComma => "trailing comma",
            Reason::TrailingCharacters => "trailing characters",
            Reason::UnexpectedEndOfHexEscape => "unexpected end of hex escape",
            Reason::TooDeep => "nesting too deep",
        }
    }
}

/// The first error in the text: why, and where (1-based line; column counted in bytes, 0 right
/// after a newline, as serde_json counts).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct SyntaxError {
    pub reason: Reason,
    pub line: usize,
    pub column: usize,
}

/// The first syntax error in `input`, or `None` if it is one JSON value (with whitespace around).
pub(super) fn first_error(input: &[u8]) -> Option<SyntaxError> {
    let mut scan = Scan {
        input,
        index: 0,
        depth: 0,
    };
    let read = scan.value().and_then(|()| match scan.whitespace() {
        Some(_) => Err(scan.peek_error(Reason::TrailingCharacters)),
        None => Ok(()),
    });
    read.err().map(|error| SyntaxError {
        reason: error.reason,
        line: error.line,
        column: error.column,
    })
}

/// An error; `line` 0 until a position is given (only [`Reason::TooDeep`], which serde_json
/// places where the enclosing value's reading stopped).
struct Error {
    reason: Reason,
    line: usize,
    column: usize,
}

type Step = Result<(), Error>;

struct Scan<'a> {
    input: &'a [u8],
    index: usize,
    depth: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.index).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.index += 1;
        Some(byte)
    }

    fn eat(&mut self) {
        self.index += 1;
    }

    fn error_at(&self, at: usize, reason: Reason) -> Error {
        let before = self.input.get(..at).unwrap_or(self.input);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1);
        let newlines = before.iter().filter(|&&b| b == b'\n').count();
        Error {
            reason,
            line: newlines + 1,
            column: at - line_start,
        }
    }

    /// An error at the byte last read.
    fn error(&self, reason: Reason) -> Error {
        self.error_at(self.index, reason)
    }

    /// An error at the byte looked at.
    fn peek_error(&self, reason: Reason) -> Error {
        self.error_at(self.input.len().min(self.index + 1), reason)
    }

    fn whitespace(&mut self) -> Option<u8> {
        loop {
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.eat(),
                other => return other,
            }
        }
    }

    fn value(&mut self) -> Step {
        let Some(peek) = self.whitespace() else {
            return Err(self.peek_error(Reason::EofWhileParsingValue));
        };
        match peek {
            b'n' => {
                self.eat();
                self.ident(b"ull")
            }
            b't' => {
                self.eat();
                self.ident(b"rue")
            }
            b'f' => {
                self.eat();
                self.ident(b"alse")
            }
            b'-' | b'0'..=b'9' => number::read(self.input, &mut self.index)
                .map(drop)
                .map_err(|(reason, at)| self.error_at(at, reason)),
            b'"' => {
                self.eat();
                self.string()
            }
            b'[' | b'{' => {
                self.eat();
                let read = if peek == b'[' {
                    self.list()
                } else {
                    self.object()
                };
                // serde_json reads the closing bracket even after the contents failed, then
                // places an error that has no position yet (too deep) where it stopped.
                let end = if peek == b'[' {
                    self.end_list()
                } else {
                    self.end_object()
                };
                match read {
                    Err(mut error) => {
                        if error.line == 0 {
                            let placed = self.error(error.reason);
                            error.line = placed.line;
                            error.column = placed.column;
                        }
                        Err(error)
                    }
                    Ok(()) => end,
                }
            }
            _ => Err(self.peek_error(Reason::ExpectedSomeValue)),
        }
    }

    fn enter(&mut self) -> Step {
        if self.depth >= MAX_DEPTH {
            return Err(Error {
                reason: Reason::TooDeep,
                line: 0,
                column: 0,
            });
        }
        self.depth += 1;
        Ok(())
    }

    fn list(&mut self) -> Step {
        self.enter()?;
        let mut first = true;
        loop {
            let Some(peek) = self.whitespace() else {
                return Err(self.peek_error(Reason::EofWhileParsingList));
            };
            if peek == b']' {
                break;
            } else if first {
                first = false;
            } else if peek == b',' {
                self.eat();
                match self.whitespace() {
                    Some(b']') => return Err(self.peek_error(Reason::TrailingComma)),
                    Some(_) => {}
                    None => return Err(self.peek_error(Reason::EofWhileParsingValue)),
                }
            } else {
                return Err(self.peek_error(Reason::ExpectedListCommaOrEnd));
            }
            self.value()?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn end_list(&mut self) -> Step {
        match self.whitespace() {
            Some(b']') => {
                self.eat();
                Ok(())
            }
            Some(b',') => {
                self.eat();
                match self.whitespace() {
                    Some(b']') => Err(self.peek_error(Reason::TrailingComma)),
                    _ => Err(self.peek_error(Reason::TrailingCharacters)),
                }
            }
            Some(_) => Err(self.peek_error(Reason::TrailingCharacters)),
            None => Err(self.peek_error(Reason::EofWhileParsingList)),
        }
    }

    fn object(&mut self) -> Step {
        self.enter()?;
        let mut first = true;
        loop {
            let Some(peek) = self.whitespace() else {
                return Err(self.peek_error(Reason::EofWhileParsingObject));
            };
            if peek == b'}' {
                break;
            } else if first {
                first = false;
                if peek != b'"' {
                    return Err(self.peek_error(Reason::KeyMustBeAString));
                }
            } else if peek == b',' {
                self.eat();
                match self.whitespace() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.peek_error(Reason::TrailingComma)),
                    Some(_) => return Err(self.peek_error(Reason::KeyMustBeAString)),
                    None => return Err(self.peek_error(Reason::EofWhileParsingValue)),
                }
            } else {
                return Err(self.peek_error(Reason::ExpectedObjectCommaOrEnd));
            }
            self.eat();
            self.string()?;
            match self.whitespace() {
                Some(b':') => self.eat(),
                Some(_) => return Err(self.peek_error(Reason::ExpectedColon)),
                None => return Err(self.peek_error(Reason::EofWhileParsingObject)),
            }
            self.value()?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn end_object(&mut self) -> Step {
        match self.whitespace() {
            Some(b'}') => {
                self.eat();
                Ok(())
            }
            Some(b',') => Err(self.peek_error(Reason::TrailingComma)),
            Some(_) => Err(self.peek_error(Reason::TrailingCharacters)),
            None => Err(self.peek_error(Reason::EofWhileParsingObject)),
        }
    }

    fn ident(&mut self, rest: &[u8]) -> Step {
        for &expected in rest {
            match self.next() {
                None => return Err(self.error(Reason::EofWhileParsingValue)),
                Some(byte) if byte != expected => {
                    return Err(self.error(Reason::ExpectedSomeIdent));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// A string after its opening quote: escapes checked, control characters refused, and the
    /// content (escapes decoded, as serde_json collects it) valid UTF-8.
    fn string(&mut self) -> Step {
        let mut decoded: Vec<u8> = Vec::new();
        let mut start = self.index;
        loop {
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.eat();
            }
            let Some(byte) = self.peek() else {
                return Err(self.error(Reason::EofWhileParsingString));
            };
            let raw = self.input.get(start..self.index).unwrap_or_default();
            match byte {
                b'"' => {
                    let content = if decoded.is_empty() {
                        raw
                    } else {
                        decoded.extend_from_slice(raw);
                        &decoded
                    };
                    self.eat();
                    return match std::str::from_utf8(content) {
                        Ok(_) => Ok(()),
                        Err(invalid) => {
                            // serde_json points back from the closing quote by the bytes left.
                            let mut error = self.error(Reason::InvalidUnicodeCodePoint);
                            error.column = error
                                .column
                                .saturating_sub(content.len() - invalid.valid_up_to());
                            Err(error)
                        }
                    };
                }
                b'\\' => {
                    decoded.extend_from_slice(raw);
                    self.eat();
                    self.escape(&mut decoded)?;
                    start = self.index;
                }
                _ => {
                    self.eat();
                    return Err(self.error(Reason::ControlCharacterWhileParsingString));
                }
            }
        }
    }

    fn escape(&mut self, decoded: &mut Vec<u8>) -> Step {
        let Some(byte) = self.next() else {
            return Err(self.error(Reason::EofWhileParsingString));
        };
        let simple = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => return self.unicode_escape(decoded),
            _ => return Err(self.error(Reason::InvalidEscape)),
        };
        decoded.push(simple);
        Ok(())
    }

    fn hex_escape(&mut self) -> Result<u16, Error> {
        let Some(digits) = self.input.get(self.index..self.index + 4) else {
            self.index = self.input.len();
            return Err(self.error(Reason::EofWhileParsingString));
        };
        self.index += 4;
        let mut value: u16 = 0;
        for &digit in digits {
            let Some(nibble) = char::from(digit).to_digit(16) else {
                return Err(self.error(Reason::InvalidEscape));
            };
            value = value << 4 | nibble as u16;
        }
        Ok(value)
    }

    fn unicode_escape(&mut self, decoded: &mut Vec<u8>) -> Step {
        let first = self.hex_escape()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(self.error(Reason::LoneLeadingSurrogateInHexEscape)),
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    let Some(byte) = self.peek() else {
                        return Err(self.error(Reason::EofWhileParsingString));
                    };
                    self.eat();
                    if byte != expected {
                        return Err(self.error(Reason::UnexpectedEndOfHexEscape));
                    }
                }
                let second = self.hex_escape()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error(Reason::LoneLeadingSurrogateInHexEscape));
                }
                0x1_0000 + ((u32::from(first) - 0xD800) << 10 | (u32::from(second) - 0xDC00))
            }
            _ => u32::from(first),
        };
        let mut utf8 = [0; 4];
        let text = char::from_u32(code)
            .unwrap_or(char::REPLACEMENT_CHARACTER)
            .encode_utf8(&mut utf8);
        decoded.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

    /// serde_json's own verdict, as the reader asked for it before this module: the text read
    /// into nothing with keys as strings and the depth limit (the oracle for [`first_error`]).
    fn serde_jsons(input: &[u8]) -> Option<(String, usize, usize)> {
        let mut deserializer = serde_json::Deserializer::from_slice(input);
        let mut depth = 0;
        let read = Skip { depth: &mut depth }
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end());
        read.err().map(|error| {
            let text = error.to_string();
            let reason = text
                .get(..text.rfind(" at line ").unwrap_or(text.len()))
                .unwrap_or_default();
            let reason = if reason.starts_with("nesting deeper") {
                Reason::TooDeep.message()
            } else {
                reason
            };
            (reason.to_owned(), error.line(), error.column())
        })
    }

    struct Skip<'r> {
        depth: &'r mut usize,
    }

    impl Skip<'_> {
        fn enter<E: de::Error>(&mut self) -> Result<(), E> {
            if *self.depth >= MAX_DEPTH {
                return Err(E::custom("nesting deeper than the limit"));
            }
            *self.depth += 1;
            Ok(())
        }
    }

    impl<'de> DeserializeSeed<'de> for Skip<'_> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Skip<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
            self.enter()?;
            while seq
                .next_element_seed(Skip {
                    depth: &mut *self.depth,
                })?
                .is_some()
            {}
            *self.depth -= 1;
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut access: A) -> Result<(), A::Error> {
            self.enter()?;
            while access.next_key::<String>()?.is_some() {
                access.next_value_seed(Skip {
                    depth: &mut *self.depth,
                })?;
            }
            *self.depth -= 1;
            Ok(())
        }
    }

    fn ours(input: &[u8]) -> Option<(String, usize, usize)> {
        first_error(input).map(|e| (e.reason.message().to_owned(), e.line, e.column))
    }

    fn agrees(input: &[u8]) {
        assert_eq!(
            ours(input),
            serde_jsons(input),
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }

    #[test]
    fn names_each_error_as_serde_json_does() {
        let texts: &[&[u8]] = &[
            b"", b" ", b"\n\n", b"0", b"-", b"-x", b"+1", b"01", b"-01", b"1.", b"1.x", b"1.e5",
            b".5", b"1e", b"1e+", b"1ex", b"1E+2", b"0.5e-3", b"1e400", b"-1e400", b"1e-400",
            b"1e2147483648", b"0e2147483648", b"1e-2147483648", b"1.7976931348623157e308",
            b"1.7976931348623158e308", b"1.7976931348623159e308", b"17976931348623157e292",
            b"179769313486231580000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            b"18446744073709551615", b"18446744073709551616", b"18446744073709551615e289",
            b"18446744073709551615.5e289", b"0.000000000000000000000000001e330",
            b"123456789012345678901234567890.123456789012345678901234567890e290",
            b"[1,]", b"[,1]", b"[1 2]", b"[1,", b"[1", b"[", b"[1,\n ]", b"{\"a\":1,}",
            b"{\"a\" 1}", b"{\"a\"", b"{\"a\":", b"{\"a\":1", b"{1:2}", b"{,}", b"{\"a\":1 \"b\":2}",
            b"{\"a\":1, 2}", b"{\"a\":1,", b"{", b"}", b"]", b"{\"a\":1}x", b"[]]", b"nul",
            b"nulx", b"tru", b"truex", b"fals", b"fx", b"NaN", b"[Infinity]", b"{\"a\":-}",
            b"\"\\ud800\"", b"\"\\udc00\"", b"\"\\ud800\\udc00\"", b"\"\\ud800\\u0041\"",
            b"\"\\ud800x\"", b"\"\\ud800\\x\"", b"\"\\ud800", b"\"\\ud800\\", b"\"\\ud800\\u12",
            b"\"\\x\"", b"\"\\u12\"", b"\"\\u12g4\"", b"\"\\", b"\"a\x01b\"", b"\"a\nb\"",
            b"\"unterminated", b"\"\xff\"", b"\"ab\xc3\"", b"\"\\n\xe2\x82\"", b"\xff", b"[\"\xc3\x28\"]",
            b"{\"\xff\":1}", b"[1]\n\n  x", b"[\n1\n,\n]",
            // Number refusals followed by more text, so "after the byte read" and "at the byte
            // looked at" land on different columns.
            b"[1e2147483648,1]", b"[1e99999999999 ]", b"[-0e99999999999x]", b"[1.]", b"[1.,2]",
            b"[1e,2]", b"[1e+]", b"[01,2]", b"[-,2]", b"[1e400,2]", b"[18446744073709551616e400 ]",
            b"[1.5e308 ]", b"{\"a\":1ex}",
        ];
        for text in texts {
            agrees(text);
        }
    }

    #[test]
    fn nesting_too_deep_is_placed_as_serde_json_places_it() {
        for tail in ["", "1", "]", " ]", ",", ", ]", ",1", "}", "{", " \n "] {
            for open in ["[", "{\"k\":"] {
                let mut text = open.repeat(MAX_DEPTH);
                text.push('[');
                text.push_str(tail);
                agrees(text.as_bytes());
                let mut text = open.repeat(MAX_DEPTH);
                text.push('{');
                text.push_str(tail);
                agrees(text.as_bytes());
            }
        }
    }

    proptest! {
        #[test]
        fn random_texts(text in "[\\[\\]{}\",:0-9eE.+\\-tfrunlsa \\\\/u\\n\u{1}é]{0,40}") {
            agrees(text.as_bytes());
        }

        #[test]
        fn random_bytes(bytes in proptest::collection::vec(proptest::sample::select(
            b"[]{}\",:0123456789eE.+-tfrunlsa \\/u\n\x01\xc3\xa9\xff".to_vec()), 0..40)) {
            agrees(&bytes);
        }

        #[test]
        fn mutated_receipts(
            edits in proptest::collection::vec((0usize..400, proptest::sample::select(
                b"[]{}\",:0123456789eE.-+ \\uaD\n\x01\xff".to_vec()), 0u8..3), 1..4),
        ) {
            let mut bytes = br#"{"orderLines": [{"name": "Sm\u00f8r \"ekstra\"", "id": "a-1",
 "totalAmount": 12500, "totalTaxAmount": 2500, "taxRate": 2500, "unitInfo": {"unitPrice": 1.5e2,
 "quantity": "2.500", "quantityUnit": "KG"}, "isReturn": false, "isShipping": null,
 "extra": [[], {}, [1, -0.0, 1E-7, 18446744073709551616]]}],
 "bottomLine": {"currency": "NOK", "posId": "\ud83d\ude00 kasse 1", "receiptNumber": "0042"}}"#.to_vec();
            for (at, byte, how) in edits {
                let at = at.min(bytes.len() - 1);
                match how {
                    0 => { bytes.remove(at); }
                    1 => bytes.insert(at, byte),
                    _ => bytes[at] = byte,
                }
            }
            agrees(&bytes);
        }
    }
}
