//! A built receipt out to JS as two tables instead of JSON text: the integers, presence flags and
//! string lengths in one `Int32Array`, the strings in one UTF-8 text. `receiptFrom` in
//! boundary.js rebuilds the objects with the keys in the order `Receipt::write_json` writes them,
//! so the result is what `JSON.parse` of that text gives (tests/wasm.rs holds them equal). The
//! engine's part measured 9.4 µs against 36 µs for `JSON.parse` of the text (`bench/boundary-out.mjs`,
//! BENCHMARKS.md "Results"), and `buildReceipt` 1.55× faster end to end ("The boundary, per call").

use wasm_bindgen::prelude::*;

use crate::model::{BottomLine, OrderLine, Receipt};

#[wasm_bindgen(module = "/src/wasm/boundary.js")]
extern "C" {
    #[wasm_bindgen(js_name = receiptFrom)]
    fn receipt_from(
        memory: &JsValue,
        words: u32,
        word_count: u32,
        text: u32,
        text_len: u32,
    ) -> JsValue;
}

/// The two tables, written in the order `receiptFrom` reads them.
#[derive(Default)]
struct Tables {
    words: Vec<i32>,
    text: String,
}

impl Tables {
    /// A string: its length in UTF-16 units (JS's), then its text.
    fn str(&mut self, text: &str) {
        // One unit per UTF-8 sequence, two for a 4-byte one (a surrogate pair).
        let mut units = 0;
        for &byte in text.as_bytes() {
            units += usize::from(byte & 0xc0 != 0x80) + usize::from(byte >= 0xf0);
        }
        // A wasm32 string has fewer than 2^31 units.
        self.words.push(units as i32);
        self.text.push_str(text);
    }

    /// An integer as two words, high then low: JS's `high * 2^32 + (low >>> 0)` is the integer,
    /// rounded once as `JSON.parse` rounds its text (exact up to 2^53, as all amounts are).
    fn int(&mut self, value: i64) {
        self.words.push((value >> 32) as i32);
        self.words.push(value as i32);
    }

    fn flag(&mut self, value: bool) {
        self.words.push(i32::from(value));
    }

    fn opt_int(&mut self, value: Option<i64>) {
        if let Some(value) = value {
            self.flag(true);
            self.int(value);
        } else {
            self.flag(false);
        }
    }

    fn opt_str(&mut self, value: Option<&str>) {
        if let Some(value) = value {
            self.flag(true);
            self.str(value);
        } else {
            self.flag(false);
        }
    }

    /// An optional boolean in one word: 0 left out, 1 false, 2 true.
    fn opt_bool(&mut self, value: Option<bool>) {
        self.words
            .push(value.map_or(0, |value| 1 + i32::from(value)));
    }

    fn line(&mut self, line: &OrderLine) {
        self.str(&line.name);
        self.str(&line.id);
        self.int(line.total_amount);
        self.int(line.total_amount_excluding_tax);
        self.int(line.total_tax_amount);
        self.opt_int(line.tax_percentage);
        self.opt_int(line.tax_rate);
        if let Some(unit) = &line.unit_info {
            self.flag(true);
            self.opt_int(unit.unit_price);
            self.str(&unit.quantity);
            self.opt_str(unit.quantity_unit.as_ref().map(|unit| unit.as_str()));
        } else {
            self.flag(false);
        }
        self.opt_int(line.discount);
        self.opt_str(line.product_url.as_deref());
        self.opt_bool(line.is_return);
        self.opt_bool(line.is_shipping);
    }

    fn bottom_line(&mut self, bottom: &BottomLine) {
        self.opt_str(bottom.currency.as_ref().map(|currency| currency.as_str()));
        self.opt_int(bottom.tip_amount);
        self.opt_str(bottom.pos_id.as_deref());
        if let Some(sources) = &bottom.payment_sources {
            self.flag(true);
            self.opt_int(sources.gift_card);
            self.opt_int(sources.card);
            self.opt_int(sources.voucher);
            self.opt_int(sources.cash);
        } else {
            self.flag(false);
        }
        if let Some(barcode) = &bottom.barcode {
            self.flag(true);
            self.opt_str(barcode.format.as_ref().map(|format| format.as_str()));
            self.opt_str(barcode.data.as_deref());
        } else {
            self.flag(false);
        }
        self.opt_str(bottom.receipt_number.as_deref());
        self.opt_int(bottom.gift_card_amount);
        self.opt_int(bottom.total_amount);
        self.opt_int(bottom.total_tax);
        self.opt_int(bottom.total_discount);
        self.opt_int(bottom.shipping_amount);
        if let Some(shipping) = &bottom.shipping_info {
            self.flag(true);
            self.opt_int(shipping.amount);
            self.opt_int(shipping.amount_excluding_tax);
            self.opt_int(shipping.tax_amount);
            self.opt_int(shipping.tax_percentage);
        } else {
            self.flag(false);
        }
        self.opt_str(bottom.terminal_id.as_deref());
    }
}

/// The receipt as a plain JS object, equal (key order included) to `JSON.parse` of its JSON text.
pub fn receipt_to_js(receipt: &Receipt) -> JsValue {
    let mut tables = Tables::default();
    tables.words.push(receipt.order_lines.len() as i32);
    for line in &receipt.order_lines {
        tables.line(line);
    }
    tables.bottom_line(&receipt.bottom_line);
    // The views are made in JS after every allocation here, so no memory growth detaches them.
    receipt_from(
        &wasm_bindgen::memory(),
        tables.words.as_ptr() as usize as u32,
        tables.words.len() as u32,
        tables.text.as_ptr() as usize as u32,
        tables.text.len() as u32,
    )
}
