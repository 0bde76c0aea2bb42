//! The receipt's barcode as inline SVG: EAN-13, CODE 39 and CODE 128 (code set B).
//!
//! Each encoder returns the symbol as modules (`true` = bar) without quiet zones, or `None` when
//! the data cannot be encoded in that symbology; the preview then shows the text only.

use crate::model::BarcodeFormat;
use crate::money::push_uint;

/// EAN-13 left-hand digits with odd parity (set A); set B is the reverse of set C, and set C is
/// the bitwise complement of set A.
const EAN_L: [&str; 10] = [
    "0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
    "0110111", "0001011",
];
/// Which of the six left digits use set B (`1`), chosen by the first digit, which is not drawn.
const EAN_PARITY: [&str; 10] = [
    "000000", "001011", "001101", "001110", "010011", "011001", "011100", "010101", "010110",
    "011010",
];

/// The EAN-13 check digit for 12 digits: weights 1, 3, 1, 3, ... from the left.
pub fn ean13_check_digit(first_twelve: &[u8]) -> Option<u8> {
    if first_twelve.len() != 12 || !first_twelve.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first_twelve
        .iter()
        .enumerate()
        .map(|(index, digit)| u32::from(digit - b'0') * if index % 2 == 0 { 1 } else { 3 })
        .sum();
    Some(((10 - sum % 10) % 10) as u8)
}

/// The full 13 digits for 12 digits (check digit appended) or 13 digits with a correct check
/// digit; `None` otherwise.
pub fn ean13_digits(data: &str) -> Option<String> {
    let bytes = data.as_bytes();
    match bytes.len() {
        12 => {
            let check = ean13_check_digit(bytes)?;
            let mut digits = data.to_owned();
            digits.push(char::from(b'0' + check));
            Some(digits)
        }
        13 => {
            let check = ean13_check_digit(bytes.get(..12)?)?;
            (bytes.get(12) == Some(&(b'0' + check))).then(|| data.to_owned())
        }
        _ => None,
    }
}

fn push_bits(modules: &mut Vec<bool>, bits: &str, invert: bool, reverse: bool) {
    let bit = |b: u8| (b == b'1') != invert;
    if reverse {
        modules.extend(bits.bytes().rev().map(bit));
    } else {
        modules.extend(bits.bytes().map(bit));
    }
}

/// EAN-13 modules (95 of them) for valid data, per [`ean13_digits`].
pub fn encode_ean13(data: &str) -> Option<Vec<bool>> {
    let digits: Vec<usize> = ean13_digits(data)?
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let (first, rest) = digits.split_first()?;
    let parity = EAN_PARITY.get(*first)?.as_bytes();
    let mut modules = Vec::with_capacity(95);
    push_bits(&mut modules, "101", false, false);
    for (index, digit) in rest.iter().take(6).enumerate() {
        let set_b = parity.get(index) == Some(&b'1');
        // Set B = set C reversed = set A inverted and reversed.
        push_bits(&mut modules, EAN_L.get(*digit)?, set_b, set_b);
    }
    push_bits(&mut modules, "01010", false, false);
    for digit in rest.iter().skip(6) {
        push_bits(&mut modules, EAN_L.get(*digit)?, true, false);
    }
    push_bits(&mut modules, "101", false, false);
    Some(modules)
}

/// CODE 39 characters in check-value order; `*` is the start/stop character.
const CODE39_CHARS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%*";
/// Nine elements per character (bar, space, bar, ...): `w` wide, `n` narrow.
const CODE39_PATTERNS: [&str; 44] = [
    "nnnwwnwnn",
    "wnnwnnnnw",
    "nnwwnnnnw",
    "wnwwnnnnn",
    "nnnwwnnnw",
    "wnnwwnnnn",
    "nnwwwnnnn",
    "nnnwnnwnw",
    "wnnwnnwnn",
    "nnwwnnwnn",
    "wnnnnwnnw",
    "nnwnnwnnw",
    "wnwnnwnnn",
    "nnnnwwnnw",
    "wnnnwwnnn",
    "nnwnwwnnn",
    "nnnnnwwnw",
    "wnnnnwwnn",
    "nnwnnwwnn",
    "nnnnwwwnn",
    "wnnnnnnww",
    "nnwnnnnww",
    "wnwnnnnwn",
    "nnnnwnnww",
    "wnnnwnnwn",
    "nnwnwnnwn",
    "nnnnnnwww",
    "wnnnnnwwn",
    "nnwnnnwwn",
    "nnnnwnwwn",
    "wwnnnnnnw",
    "nwwnnnnnw",
    "wwwnnnnnn",
    "nwnnwnnnw",
    "wwnnwnnnn",
    "nwwnwnnnn",
    "nwnnnnwnw",
    "wwnnnnwnn",
    "nwwnnnwnn",
    "nwnwnwnnn",
    "nwnwnnnwn",
    "nwnnnwnwn",
    "nnnwnwnwn",
    "nwnnwnwnn",
];
/// A wide element is this many modules (the standard allows 2 to 3 times narrow).
const CODE39_WIDE: usize = 3;

fn push_code39_char(modules: &mut Vec<bool>, pattern: &str) {
    for (index, element) in pattern.bytes().enumerate() {
        let width = if element == b'w' { CODE39_WIDE } else { 1 };
        modules.extend(std::iter::repeat_n(index % 2 == 0, width));
    }
}

/// CODE 39 modules (no check character, as most POS systems print it) between `*` start/stop,
/// with one narrow space between characters. `None` for an empty text or a character outside
/// the CODE 39 set (lower case included: it would scan as something else).
pub fn encode_code39(data: &str) -> Option<Vec<bool>> {
    if data.is_empty() || data.contains('*') {
        return None;
    }
    let star = CODE39_PATTERNS.get(43)?;
    let mut modules = Vec::new();
    push_code39_char(&mut modules, star);
    for ch in data.chars() {
        let index = CODE39_CHARS.find(ch)?;
        modules.push(false);
        push_code39_char(&mut modules, CODE39_PATTERNS.get(index)?);
    }
    modules.push(false);
    push_code39_char(&mut modules, star);
    Some(modules)
}

/// CODE 128 symbol widths (bar, space, bar, space, bar, space) for values 0..=105; the stop
/// pattern (106) has a seventh element, the final bar.
const CODE128_PATTERNS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];
const CODE128_START_B: usize = 104;
const CODE128_STOP: usize = 106;

/// The CODE 128 values for `data` in code set B: start B, one value per character (ASCII 32..=126
/// minus 32), the checksum `(104 + Σ value × position) mod 103`, stop. `None` for an empty text
/// or a character outside printable ASCII.
pub fn code128b_values(data: &str) -> Option<Vec<usize>> {
    if data.is_empty() {
        return None;
    }
    let mut values = vec![CODE128_START_B];
    let mut checksum = CODE128_START_B;
    for (position, byte) in data.bytes().enumerate() {
        if !(32..=126).contains(&byte) {
            return None;
        }
        let value = usize::from(byte - 32);
        checksum = (checksum + value * (position + 1)) % 103;
        values.push(value);
    }
    values.push(checksum);
    values.push(CODE128_STOP);
    Some(values)
}

/// CODE 128-B modules, per [`code128b_values`].
pub fn encode_code128b(data: &str) -> Option<Vec<bool>> {
    let mut modules = Vec::new();
    for value in code128b_values(data)? {
        for (index, width) in CODE128_PATTERNS.get(value)?.bytes().enumerate() {
            modules.extend(std::iter::repeat_n(
                index % 2 == 0,
                usize::from(width - b'0'),
            ));
        }
    }
    Some(modules)
}

/// Encodes `data` in `format`; `None` when it cannot be drawn.
pub fn encode(format: &BarcodeFormat, data: &str) -> Option<Vec<bool>> {
    match format {
        BarcodeFormat::Ean13 => encode_ean13(data),
        BarcodeFormat::Code39 => encode_code39(data),
        BarcodeFormat::Code128 => encode_code128b(data),
        // A format newer than this version: shown as text only.
        BarcodeFormat::Other(_) => None,
    }
}

/// Quiet zone on each side, in modules (EAN-13 wants 11 left and 7 right; 10 is the CODE 39 and
/// CODE 128 minimum, so 11 on both sides serves all three).
const QUIET_ZONE: usize = 11;
const BAR_HEIGHT: usize = 60;

/// Inline SVG for the modules: one `<rect>` per bar on a white background (barcodes scan as dark
/// on light, in dark mode too). `label` must already be HTML-escaped; it becomes the `aria-label`.
pub fn svg(modules: &[bool], escaped_label: &str, class: &str) -> String {
    let mut out = String::with_capacity(320 + escaped_label.len() + 16 * modules.len());
    push_svg(
        &mut out,
        modules.iter().copied(),
        |out| out.push_str(escaped_label),
        class,
    );
    out
}

/// [`svg`] appended to `out`, written piece by piece (no `format!` per bar). `push_label` must
/// append the label HTML-escaped.
pub(crate) fn push_svg(
    out: &mut String,
    modules: impl ExactSizeIterator<Item = bool>,
    push_label: impl FnOnce(&mut String),
    class: &str,
) {
    let width = (modules.len() + 2 * QUIET_ZONE) as u128;
    out.push_str("<svg class=\"");
    out.push_str(class);
    out.push_str("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    push_uint(out, width);
    out.push(' ');
    push_uint(out, BAR_HEIGHT as u128);
    out.push_str("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"");
    push_label(out);
    out.push_str("\"><rect width=\"");
    push_uint(out, width);
    out.push_str("\" height=\"");
    push_uint(out, BAR_HEIGHT as u128);
    out.push_str("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
    // One `M{x} 0h{w}v{height}h-{w}z` per run of bars.
    let push_bar = |out: &mut String, start: usize, len: usize| {
        out.push('M');
        push_uint(out, (start + QUIET_ZONE) as u128);
        out.push_str(" 0h");
        push_uint(out, len as u128);
        out.push('v');
        push_uint(out, BAR_HEIGHT as u128);
        out.push_str("h-");
        push_uint(out, len as u128);
        out.push('z');
    };
    let mut run_start = None;
    let mut count = 0;
    for (index, bar) in modules.enumerate() {
        match (bar, run_start) {
            (true, None) => run_start = Some(index),
            (false, Some(start)) => {
                push_bar(out, start, index - start);
                run_start = None;
            }
            _ => {}
        }
        count = index + 1;
    }
    if let Some(start) = run_start {
        push_bar(out, start, count - start);
    }
    out.push_str("\"/></svg>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(modules: &[bool]) -> String {
        modules.iter().map(|&m| if m { '1' } else { '0' }).collect()
    }

    #[test]
    fn ean13_check_digits() {
        assert_eq!(ean13_check_digit(b"400638133393"), Some(1));
        assert_eq!(ean13_check_digit(b"590123412345"), Some(7));
        assert_eq!(
            ean13_digits("400638133393").as_deref(),
            Some("4006381333931")
        );
        assert_eq!(ean13_digits("4006381333932"), None);
        assert_eq!(ean13_digits("123456"), None);
        assert_eq!(ean13_digits("40063813339a1"), None);
        assert_eq!(encode_ean13("4006381333931").map(|m| m.len()), Some(95));
    }

    #[test]
    fn code39_rejects_what_it_cannot_encode() {
        assert!(encode_code39("ABC-123").is_some());
        assert!(encode_code39("abc").is_none());
        assert!(encode_code39("A*B").is_none());
        assert!(encode_code39("").is_none());
        // Start + stop (13 modules each with 3:1 ratio: 6 narrow + 3 wide = 15) + gaps.
        let single = encode_code39("A").unwrap_or_default();
        assert_eq!(single.len(), 15 * 3 + 2);
    }

    #[test]
    fn code128_rejects_non_printable() {
        assert!(code128b_values("é").is_none());
        assert!(code128b_values("a\tb").is_none());
        assert!(code128b_values("").is_none());
        // Every symbol is 11 modules, the stop 13.
        let modules = encode_code128b("Hi").unwrap_or_default();
        assert_eq!(modules.len(), 11 * 4 + 13);
        assert!(bits(&modules).ends_with("1100011101011"));
    }
}
