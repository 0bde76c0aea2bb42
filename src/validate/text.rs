//! Lints for free text a receipt shows (line names and ids, receipt number, POS id).
//!
//! Bidirectional formatting controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069
//! isolates, the U+200E/U+200F/U+061C marks) change the order in which text is *displayed*: an
//! unclosed U+202E (right-to-left override) reverses everything after it, so `"R-1\u{202E}"`
//! can make a receipt display show other numbers than the data holds. The API takes them, so
//! this is a warning; the preview isolates every caller text so they cannot reach outside it
//! (docs/ROBUSTNESS.md), but the app and other displays may not.

use crate::codes;
use crate::issue::{Issues, Text};
use crate::json::Path;

/// True for the characters that steer bidirectional display.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Warns `bidi_control` when `text` holds one, at `path`.
pub(crate) fn lint_bidi(text: &str, path: &Path, issues: &mut Issues) {
    // Every bidi control is non-ASCII: plain text costs one pass over the bytes.
    if text.is_ascii() {
        return;
    }
    if let Some(control) = text.chars().find(|&c| is_bidi_control(c)) {
        let [_, _, code_high, code_low] = u32::from(control).to_be_bytes();
        issues.warning(
            path.render(),
            codes::BIDI_CONTROL,
            Text::new()
                .str("contains U+")
                // Every bidi control is in the BMP: two bytes, four digits, as `{:04X}` wrote them.
                .hex(code_high)
                .hex(code_low)
                .str(
                    ", a bidirectional formatting control: it changes the order in which text is \
                     displayed (an unclosed override reverses what follows), so the receipt can \
                     show something other than its data",
                )
                .done(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert!(is_bidi_control(c), "{c:?}");
            let mut issues = Issues::new();
            lint_bidi(&format!("R-1{c}"), &Path::Root, &mut issues);
            assert_eq!(issues.warnings.len(), 1);
        }
        for c in ['a', 'æ', 'ש', 'ع', '\u{200B}', '\u{2029}', '\u{2070}'] {
            assert!(!is_bidi_control(c), "{c:?}");
        }
        let mut issues = Issues::new();
        lint_bidi("Blåbær שלום مرحبا", &Path::Root, &mut issues);
        assert!(issues.warnings.is_empty());
    }
}
