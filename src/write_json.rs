//! Writing results as JSON text: the one way the crate turns its values (built receipts,
//! reports, view models, image answers, request bodies) into JSON, with no serde in the way, so
//! the checkout wasm module carries neither serde_json's serializer nor serde's derived code
//! (BENCHMARKS.md, "No serde in the checkout module").
//!
//! The text is what `serde_json::to_string` writes for the same value (compact, fields in
//! declaration order, `None` left out where the serde attributes skip it and `null` elsewhere,
//! integers exact, strings escaped as RFC 8259 requires and nothing more); a test with the `serde`
//! feature holds the two equal.

/// A value that writes itself as JSON text.
pub trait WriteJson {
    /// Appends the value's JSON text to `out`.
    fn write_json(&self, out: &mut String);

    /// The value's JSON text.
    fn to_json(&self) -> String {
        // Most answers are a few hundred bytes to a few KB: start past the smallest doublings.
        let mut out = String::with_capacity(256);
        self.write_json(&mut out);
        out
    }
}

/// Writes a JSON object field by field: `{"a":1,"b":"x"}`.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
    empty: bool,
}

impl<'o> ObjectWriter<'o> {
    /// Opens the object.
    pub fn new(out: &'o mut String) -> ObjectWriter<'o> {
        out.push('{');
        ObjectWriter { out, empty: true }
    }

    /// Writes `"key":value`. Keys are the crate's own field names: plain ASCII, never escaped.
    pub fn field(&mut self, key: &str, value: &(impl WriteJson + ?Sized)) -> &mut Self {
        self.key(key);
        value.write_json(self.out);
        self
    }

    /// `"key":`, with the comma before it unless it is the first: not generic, so the field
    /// writer's copy per value type is only the value's call (smaller wasm).
    #[inline(never)]
    fn key(&mut self, key: &str) {
        self.out.push_str(if self.empty { "\"" } else { ",\"" });
        self.empty = false;
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    /// Writes the field only when it has a value (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn optional(&mut self, key: &str, value: &Option<impl WriteJson>) -> &mut Self {
        if let Some(value) = value {
            self.field(key, value);
        }
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

/// Appends `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`,
/// `\r`, `\b`, `\f` or `\u00XX` (lower-case hex, as serde_json writes them); everything else,
/// non-ASCII included, as it is.
pub fn write_str(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    // A plain index loop with a table: one load per plain byte (at opt-level "s"/"z" an
    // iterator chain here was a call per byte).
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        index += 1;
        if !NEEDS_ESCAPE[usize::from(byte)] {
            continue;
        }
        let escape: &str = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        // The byte is ASCII, so both slices end on character boundaries.
        out.push_str(text.get(start..index - 1).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = index;
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out.push('"');
}

/// The bytes [`write_str`] escapes: `"`, `\` and the control characters U+0000–U+001F.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Appends an unsigned integer in decimal, exactly.
pub fn write_u64(out: &mut String, value: u64) {
    crate::money::push_uint(out, u128::from(value));
}

/// Appends a signed integer in decimal, exactly (`i64::MIN` included).
pub fn write_i64(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    write_u64(out, value.unsigned_abs());
}

impl WriteJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl WriteJson for i64 {
    fn write_json(&self, out: &mut String) {
        write_i64(out, *self);
    }
}

impl WriteJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self);
    }
}

impl WriteJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, u64::from(*self));
    }
}

impl WriteJson for usize {
    fn write_json(&self, out: &mut String) {
        // usize is at most 64 bits on every target this crate builds for.
        write_u64(out, *self as u64);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "",
            "plain",
            "\"quoted\" \\ back",
            "\u{0}\u{1}\u{7}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}",
            "Ærlig ß 😀 \u{202e}</script>",
            "\u{2028}\u{2029}",
        ] {
            assert_eq!(
                text.to_json(),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn integers_are_exact() {
        for value in [
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            9_007_199_254_740_993,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(value.to_json(), value.to_string());
        }
        assert_eq!(u64::MAX.to_json(), u64::MAX.to_string());
    }

    #[test]
    fn objects_skip_or_write_null_as_asked() {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .field("a", &1i64)
            .optional("b", &None::<i64>)
            .field("c", &None::<i64>)
            .optional("d", &Some("x"))
            .field("e", &vec![true, false])
            .end();
        assert_eq!(out, r#"{"a":1,"c":null,"d":"x","e":[true,false]}"#);
    }
}
