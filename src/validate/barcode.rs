//! Lints for `bottomLine.barcode.data` against its format. The spec does not constrain the data,
//! so these are warnings: a barcode the app cannot draw (or that scans as something else) is a
//! shop bug, not an API error.
//!
//! EAN-13 wants exactly 13 digits with a correct check digit. Twelve digits (check digit left for
//! the encoder to add) are reported too: some encoders append it, others refuse or draw nonsense,
//! and the app's encoder is not documented, so the message names the digit that completes it.

use crate::codes;
use crate::issue::{Issues, Text};
use crate::json::Path;
use crate::model::BarcodeFormat;

/// The EAN-13 check digit of twelve digits: weights 1,3,1,3,... from the left.
pub fn ean13_check_digit(first12: &[u8; 12]) -> u8 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The longest data a barcode may hold, in characters (docs/ROBUSTNESS.md "Barcode lengths").
/// EAN-13 is fixed at 13 digits. CODE 39 and CODE 128 are variable-length symbologies without a
/// limit of their own, but what scans has one: handheld scanners cap CODE 39 at 48 characters by
/// default (Honeywell/Hand Held Products, Wasp: range 0-48, default 48), and GS1-128, the
/// CODE 128 application retail uses, allows at most 48 data characters (GS1 General
/// Specifications 5.4.1). 48 characters of CODE 39 are ~780 modules, already wider than a phone
/// screen at one pixel per module. The preview draws nothing longer (it shows the text instead).
pub fn max_data_len(format: &BarcodeFormat) -> usize {
    match format {
        BarcodeFormat::Ean13 => 13,
        BarcodeFormat::Code39 | BarcodeFormat::Code128 => 48,
        // A format newer than this version: nothing is drawn.
        BarcodeFormat::Other(_) => 0,
    }
}

/// `data` for a message: as it is when short, else its first 24 characters and the length (a
/// message must not grow with the input).
fn shown(data: &str) -> String {
    const SHOWN: usize = 24;
    match data.char_indices().nth(SHOWN) {
        None => Text::new().debug_str(data).done(),
        Some((cut, _)) => Text::new()
            .debug_str(&data[..cut])
            .str("… (")
            .int(data.chars().count() as i128)
            .str(" characters)")
            .done(),
    }
}

/// True for the characters CODE 39 encodes: `0-9 A-Z`, space and `- . $ / + %`.
pub fn is_code39_char(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_ascii_uppercase()
        || matches!(c, ' ' | '-' | '.' | '$' | '/' | '+' | '%')
}

/// Lints `data` for `format`, reporting at `path`.
pub(crate) fn lint_barcode(format: BarcodeFormat, data: &str, path: &Path, issues: &mut Issues) {
    if data.is_empty() {
        issues.warning(
            path.render(),
            codes::BARCODE_LENGTH,
            "is empty; the app has nothing to draw",
        );
        return;
    }
    if format != BarcodeFormat::Ean13 {
        let length = data.chars().count();
        let max = max_data_len(&format);
        if length > max {
            issues.warning(
                path.render(),
                codes::BARCODE_LENGTH,
                Text::new()
                    .str("is ")
                    .int(length as i128)
                    .str(" characters long; ")
                    .str(format.as_str())
                    .str(" scanners read at most ")
                    .int(max as i128)
                    .str(", and the preview draws no barcode this long")
                    .done(),
            );
        }
    }
    match format {
        BarcodeFormat::Ean13 => lint_ean13(data, path, issues),
        BarcodeFormat::Code39 => {
            if let Some(bad) = data.chars().find(|c| !is_code39_char(*c)) {
                issues.warning(
                    path.render(),
                    codes::BARCODE_CHARSET,
                    Text::new()
                        .str("CODE 39 cannot encode ")
                        .debug_char(bad)
                        .str("; it has only 0-9, A-Z (upper case), space and - . $ / + %")
                        .done(),
                );
            }
        }
        BarcodeFormat::Code128 => {
            if let Some(bad) = data.chars().find(|c| !c.is_ascii()) {
                issues.warning(
                    path.render(),
                    codes::BARCODE_CHARSET,
                    Text::new()
                        .str("CODE 128 cannot encode ")
                        .debug_char(bad)
                        .str("; it has only ASCII characters")
                        .done(),
                );
            }
        }
        // Unknown formats are refused before linting (`enum_value`).
        BarcodeFormat::Other(_) => {}
    }
}

fn lint_ean13(data: &str, path: &Path, issues: &mut Issues) {
    if !data.bytes().all(|b| b.is_ascii_digit()) {
        issues.warning(
            path.render(),
            codes::BARCODE_CHARSET,
            Text::new()
                .str(&shown(data))
                .str(": EAN-13 encodes digits only")
                .done(),
        );
        return;
    }
    let digits = data.as_bytes();
    let mut first12 = [0u8; 12];
    match digits.len() {
        13 => {
            for (slot, b) in first12.iter_mut().zip(digits) {
                *slot = b - b'0';
            }
            let expected = ean13_check_digit(&first12);
            let given = digits.last().map_or(0, |b| b - b'0');
            if given != expected {
                issues.warning(
                    path.render(),
                    codes::BARCODE_CHECK_DIGIT,
                    Text::new()
                        .str(&shown(data))
                        .str(": the EAN-13 check digit of the first twelve digits is ")
                        .int(i128::from(expected))
                        .str(", not ")
                        .int(i128::from(given))
                        .done(),
                );
            }
        }
        12 => {
            for (slot, b) in first12.iter_mut().zip(digits) {
                *slot = b - b'0';
            }
            let expected = ean13_check_digit(&first12);
            issues.warning(
                path.render(),
                codes::BARCODE_LENGTH,
                Text::new()
                    .debug_str(data)
                    .str(" has 12 digits; EAN-13 needs 13 with the check digit: \"")
                    .str(data)
                    .int(i128::from(expected))
                    .str("\"")
                    .done(),
            );
        }
        n => issues.warning(
            path.render(),
            codes::BARCODE_LENGTH,
            Text::new()
                .str(&shown(data))
                .str(" has ")
                .int(n as i128)
                .str(" digits; EAN-13 needs exactly 13 (check digit included)")
                .done(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(format: BarcodeFormat, data: &str) -> Vec<&'static str> {
        let mut issues = Issues::new();
        lint_barcode(format, data, &Path::Root.key("b"), &mut issues);
        assert!(issues.errors.is_empty());
        issues.warnings.iter().map(|i| i.code).collect()
    }

    #[test]
    fn ean13() {
        // Published valid codes: an ISBN-13 and the common EAN-13 example.
        assert_eq!(ean13_check_digit(&[9, 7, 8, 0, 3, 0, 6, 4, 0, 6, 1, 5]), 7);
        assert_eq!(ean13_check_digit(&[0; 12]), 0);
        assert!(lint(BarcodeFormat::Ean13, "9780306406157").is_empty());
        assert!(lint(BarcodeFormat::Ean13, "4006381333931").is_empty());
        assert_eq!(
            lint(BarcodeFormat::Ean13, "4006381333932"),
            [codes::BARCODE_CHECK_DIGIT]
        );
        assert_eq!(
            lint(BarcodeFormat::Ean13, "123456"),
            [codes::BARCODE_LENGTH]
        );
        assert_eq!(
            lint(BarcodeFormat::Ean13, "400638133393"),
            [codes::BARCODE_LENGTH]
        );
        assert_eq!(
            lint(BarcodeFormat::Ean13, "40063813339x1"),
            [codes::BARCODE_CHARSET]
        );
        assert_eq!(
            lint(BarcodeFormat::Ean13, "４００６３８１３３３９３１"),
            [codes::BARCODE_CHARSET]
        );
        assert_eq!(lint(BarcodeFormat::Ean13, ""), [codes::BARCODE_LENGTH]);
        let mut issues = Issues::new();
        lint_barcode(
            BarcodeFormat::Ean13,
            "400638133393",
            &Path::Root.key("b"),
            &mut issues,
        );
        assert!(issues.warnings[0].message.contains("\"4006381333931\""));
    }

    #[test]
    fn code39_and_code128() {
        assert!(lint(BarcodeFormat::Code39, "SC0527013501 ").is_empty());
        assert!(lint(BarcodeFormat::Code39, "A-1.$/+% Z").is_empty());
        assert_eq!(lint(BarcodeFormat::Code39, "abc"), [codes::BARCODE_CHARSET]);
        assert_eq!(lint(BarcodeFormat::Code39, "A*B"), [codes::BARCODE_CHARSET]);
        assert!(lint(BarcodeFormat::Code128, "abc\u{7f}~{}").is_empty());
        assert_eq!(
            lint(BarcodeFormat::Code128, "blåbær"),
            [codes::BARCODE_CHARSET]
        );
    }
}
