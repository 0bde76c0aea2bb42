//! `Receipt`: the order lines, the bottom line, and the rules across them (at least one line,
//! duplicate line ids, payment sources against the total).

use std::collections::HashMap;

use serde_json::Value;

use crate::json::{Json, JsonObject, Kind, Path, key_eq};

use super::bottom_line::{check_bottom_line, lint_payment_sources};
use super::order_line::{check_order_line, lint_vat_rate};
use crate::codes;
use crate::issue::{Issues, Report, Text};
use crate::json;
use crate::json::walk::{Need, Schema, as_array, as_object, field_of, read_fields};
use crate::model::{Currency, Receipt, fields};
use crate::write_json::WriteJson;

const RECEIPT: Schema<2> = Schema::new(fields::RECEIPT);

/// Validates JSON text; a syntax error is one `json_syntax` issue with line and column.
pub fn validate_receipt_text(text: &str) -> Report {
    // Duplicate keys are reported too (crate::json).
    json::report_tree(text, |tree| check_receipt_tree(tree))
}

/// Validates a receipt given as a parsed JSON value (the same rules as [`validate_receipt_text`]).
pub fn validate_receipt_value(value: &Value) -> Report {
    check_receipt_tree(value)
}

fn check_receipt_tree<V: Json>(value: &V) -> Report {
    let mut issues = Issues::new();
    check_receipt(value, &Path::Root, &mut issues);
    issues.into_report()
}

/// Validates a typed receipt (as it would be sent: serialized, then checked like any JSON).
pub fn validate_receipt(receipt: &Receipt) -> Report {
    validate_receipt_text(&receipt.to_json())
}

pub(crate) fn check_receipt<V: Json>(value: &V, path: &Path, issues: &mut Issues) {
    let Some(map) = as_object(value, path, issues) else {
        return;
    };
    let [order_lines, bottom_line] = read_fields(map, &RECEIPT, path, issues);

    // The currency first, for the lines' VAT rates (a lookup: the bottom line is checked below).
    let currency = bottom_line.and_then(bottom_line_currency);
    let lines_path = path.key("orderLines");
    // Σ lines − Σ returns, while every line total is readable.
    let mut lines_total: Option<i128> = Some(0);
    if let Some(lines) = field_of(order_lines, "orderLines", Need::Required, path, issues)
        .and_then(|v| as_array(v, &lines_path, issues))
    {
        if lines.is_empty() {
            issues.error(
                lines_path.render(),
                codes::MIN_ITEMS,
                "a receipt needs at least one order line",
            );
        }
        let mut seen = SeenIds::new(lines.len());
        for (index, line) in lines.iter().enumerate() {
            let line_path = lines_path.index(index);
            let facts = check_order_line(line, &line_path, issues);
            if let (Some((rate_bp, key)), Some(currency)) = (facts.rate, currency) {
                lint_vat_rate(rate_bp, currency, &line_path.key(key), issues);
            }
            lines_total = match (lines_total, facts.total_amount) {
                (Some(sum), Some(amount)) if facts.is_return => Some(sum - i128::from(amount)),
                (Some(sum), Some(amount)) => Some(sum + i128::from(amount)),
                _ => None,
            };
            if let Some(id) = facts.id {
                if let Some(first) = seen.insert(id, index) {
                    issues.warning(
                        line_path.key("id").render(),
                        codes::DUPLICATE_LINE_ID,
                        Text::new()
                            .debug_str(id)
                            .str(" is also the id of orderLines[")
                            .int(first as i128)
                            .str("]; give every line its own id")
                            .done(),
                    );
                }
            }
        }
    } else {
        lines_total = None;
    }

    let bottom_path = path.key("bottomLine");
    let bottom = field_of(bottom_line, "bottomLine", Need::Required, path, issues)
        .map(|v| check_bottom_line(v, &bottom_path, issues));
    if let (Some(bottom), Some(lines_total)) = (bottom, lines_total) {
        if let Some(sources_sum) = bottom.payment_sources_sum {
            let total = lines_total + i128::from(bottom.tip_amount.unwrap_or(0));
            lint_payment_sources(
                sources_sum,
                total,
                &bottom_path.key("paymentSources"),
                issues,
            );
        }
    }
}

/// The bottom line's currency when it is a known one (its problems are reported where the
/// bottom line is checked).
fn bottom_line_currency<V: Json>(bottom_line: &V) -> Option<Currency> {
    let Kind::Object(bottom) = bottom_line.kind() else {
        return None;
    };
    match bottom.get("currency")?.kind() {
        Kind::String(text) => Currency::parse(text),
        _ => None,
    }
}

/// Line ids seen so far, with the index of their first line. Receipts are small, so up to
/// `INLINE` ids live on the stack and are compared linearly; larger ones use a hash map.
struct SeenIds<'v> {
    inline: [(&'v str, usize); INLINE],
    len: usize,
    /// The [`id_bit`]s of the inline ids: an id whose bit is not set is new, unscanned.
    bits: u64,
    map: Option<HashMap<&'v str, usize>>,
}

const INLINE: usize = 64;

impl<'v> SeenIds<'v> {
    fn new(expected: usize) -> SeenIds<'v> {
        SeenIds {
            inline: [("", 0); INLINE],
            len: 0,
            bits: 0,
            map: (expected > INLINE).then(|| HashMap::with_capacity(expected)),
        }
    }

    /// Records `id` at `index`; returns the index of an earlier line with the same id.
    fn insert(&mut self, id: &'v str, index: usize) -> Option<usize> {
        if let Some(map) = &mut self.map {
            return match map.get(id) {
                Some(first) => Some(*first),
                None => {
                    map.insert(id, index);
                    None
                }
            };
        }
        let bit = id_bit(id);
        if self.bits & bit != 0 {
            let seen = self.inline.get(..self.len).unwrap_or(&[]);
            if let Some((_, first)) = seen.iter().find(|(seen_id, _)| key_eq(seen_id, id)) {
                return Some(*first);
            }
        }
        self.bits |= bit;
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = (id, index);
            self.len += 1;
        }
        None
    }
}

/// One of 64 bits for a line id (FNV-1a over its bytes): line ids often differ only in their
/// last digits, so every byte counts.
fn id_bit(id: &str) -> u64 {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    1 << (hash >> 58)
}
