//! The receipt preview: what the Vipps MobilePay app shows for a receipt, as a view model
//! ([`preview_receipt`]) and as a self-contained HTML fragment ([`render_receipt_html`]).
//!
//! The preview never fails and never panics: it is also meant for receipts that do not validate
//! (the validator is separate). Sums are computed in `i128` (they cannot overflow there); an
//! amount outside JavaScript's safe integer range is shown as "—" with `amount: null`.

pub mod barcode;
pub mod category;
pub mod html;
pub mod locale;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::issue::{Issue, Issues};
use crate::json::walk::{Need, as_object, as_str, field};
use crate::json::{JsonValue, Path};
use crate::model::read::{array, list, order_category, owned, read_json, string};
use crate::model::{BottomLine, Currency, OrderCategory, OrderLine, Receipt};
use crate::money::{Quantity, checked_amount};
use crate::validate::barcode::max_data_len;
use crate::write_json::{ObjectWriter, WriteJson};

pub use html::{SafeLink, render_receipt_html, safe_link};
pub use locale::Locale;

/// How to preview: all optional.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct PreviewOptions {
    /// `nb-NO`, `en-US`, `da-DK`, `fi-FI` (or `nb`, `no`, `en`, `da`, `fi`, any case, `_` or `-`);
    /// anything else gives English.
    pub locale: Option<String>,
    /// The category link the order will carry, shown as the app's button.
    pub category: Option<OrderCategory>,
    /// A URL to show as the category image (the API only knows image ids). Shown only if https.
    pub image_url: Option<String>,
    /// App schemes that may become links besides https/http, e.g. `"vipps"`.
    pub allowed_link_schemes: Vec<String>,
    /// `"light"`, `"dark"` or `"auto"` (the default: follows `prefers-color-scheme`).
    pub theme: Option<String>,
}

impl PreviewOptions {
    /// Reads options at `path` (`options` for the wasm functions' second argument): every
    /// field optional, `null` as absent, every mistyped field reported with its path.
    pub fn read(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<PreviewOptions> {
        let object = as_object(value, path, issues)?;
        let locale = owned(string(object, path, "locale", false, issues));
        // Absent or null: `None`; there but unreadable: `Some(None)` (reported).
        let category = field(object, "category", Need::Optional, path, issues)
            .map(|category| order_category(category, &path.key("category"), issues));
        let image_url = owned(string(object, path, "imageUrl", false, issues));
        let allowed_link_schemes =
            match array(object, path, "allowedLinkSchemes", Need::Optional, issues) {
                Some(items) => list(
                    items,
                    &path.key("allowedLinkSchemes"),
                    issues,
                    |item, path, issues| owned(as_str(item, path, issues)),
                ),
                None => Some(Vec::new()),
            };
        let theme = owned(string(object, path, "theme", false, issues));
        Some(PreviewOptions {
            locale,
            category: match category {
                Some(read) => Some(read?),
                None => None,
            },
            image_url,
            allowed_link_schemes: allowed_link_schemes?,
            theme,
        })
    }
}

/// The preview's inputs from JSON text: the receipt and, when given, the options (read at
/// `options`), in one pass, so every problem of both is reported with its path.
pub fn read_inputs(
    receipt_text: &str,
    options_text: Option<&str>,
) -> Result<(Receipt, PreviewOptions), Vec<Issue>> {
    let mut issues = Issues::new();
    let receipt = read_json(
        receipt_text,
        &Path::Root,
        &mut issues,
        crate::model::read::receipt,
    );
    let options = match options_text {
        Some(text) => read_json(
            text,
            &Path::Root.key("options"),
            &mut issues,
            PreviewOptions::read,
        ),
        None => Some(PreviewOptions::default()),
    };
    match (receipt, options) {
        (Some(receipt), Some(options)) if !issues.has_errors() => Ok((receipt, options)),
        _ => Err(issues.into_report().errors),
    }
}

/// An amount in minor units and as the locale shows it. `amount` is `None` (and `formatted` is
/// "—") when the value overflowed or lies outside ±(2^53 − 1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Money {
    /// Minor units.
    pub amount: Option<i64>,
    /// As the locale writes it, with the currency ("128,80 kr").
    pub formatted: String,
}

/// What an overflowed or missing amount shows.
pub const NOT_AVAILABLE: &str = "—";

/// A label with a text value (receipt number, POS id).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct LabelledText {
    /// The label, in the locale.
    pub label: String,
    /// The value, as given.
    pub value: String,
}

/// One order line as the app lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct LinePreview {
    /// The item's name.
    pub name: String,
    /// The shop's product id.
    pub id: String,
    /// A returned item.
    pub is_return: bool,
    /// A shipping line.
    pub is_shipping: bool,
    /// The quantity as the locale writes it ("0,822"); the raw text when it does not parse.
    pub quantity: String,
    /// "kg", "km", "min", "l", "kWh"; `None` for pieces.
    pub unit: Option<String>,
    /// The price of one unit, when the line has unit info.
    pub unit_price: Option<Money>,
    /// "2 × 39,90 kr", "0,822 kg × 150,00 kr".
    pub quantity_text: String,
    /// The price before the line discount, shown struck through; only when discounted.
    pub original_total: Option<Money>,
    /// The line's discount, when it has one.
    pub discount: Option<Money>,
    /// The line total after discount, negative for a returned item.
    pub total: Money,
    /// The line total without tax.
    pub total_excluding_tax: Money,
    /// The line's tax.
    pub tax: Money,
    /// Basis points (2550 = 25.5 %), from `taxRate` or the deprecated `taxPercentage`.
    pub tax_rate: Option<i64>,
    /// "25 %" (or "—" without a rate).
    pub tax_rate_text: String,
    /// "VAT 25 % • 99,80 kr".
    pub vat_text: String,
    /// The product page, when its URL is safe to link.
    pub product_link: Option<SafeLink>,
}

/// A row of the summary: `kind` is `"sum"`, `"discount"`, `"shipping"`, `"tip"` or `"total"`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SummaryRow {
    /// Which row.
    pub kind: &'static str,
    /// The row's label, in the locale.
    pub label: String,
    /// The amount.
    pub amount: Money,
}

/// One rate of the VAT table. The rows' columns sum to the lines' amounts exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct VatRow {
    /// Basis points; `None` for lines without any rate (listed last, as "—").
    pub rate: Option<i64>,
    /// "25 %".
    pub rate_text: String,
    /// Net of the lines at this rate.
    pub net: Money,
    /// VAT of the lines at this rate.
    pub vat: Money,
    /// Net + VAT.
    pub total: Money,
}

/// The VAT table: one row per rate, with its headers in the locale.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct VatTable {
    /// The table's caption.
    pub caption: String,
    /// The rate column's header.
    pub rate_header: String,
    /// The net column's header.
    pub net_header: String,
    /// The VAT column's header.
    pub vat_header: String,
    /// The total column's header.
    pub total_header: String,
    /// Sorted by rate, ascending.
    pub rows: Vec<VatRow>,
}

/// One way of paying: `kind` is `"giftCard"`, `"card"`, `"voucher"` or `"cash"`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct PaymentRow {
    /// Which way.
    pub kind: &'static str,
    /// The label, in the locale.
    pub label: String,
    /// The amount paid that way.
    pub amount: Money,
}

/// The receipt's barcode, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct BarcodePreview {
    /// The label, in the locale.
    pub label: String,
    /// "EAN-13", "CODE 39", "CODE 128"; `None` when the receipt gives none.
    pub format: Option<String>,
    /// The text under the bars (for EAN-13 from 12 digits, with the computed check digit).
    pub text: String,
    /// The symbol as a module string (`1` = bar, no quiet zone), or `None` when the data cannot
    /// be drawn in the format; then only the text is shown.
    pub modules: Option<String>,
}

/// The category link as the app's button.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct CategoryButton {
    /// The API value, e.g. `"RECEIPT"`.
    pub category: String,
    /// The button's label, in the locale.
    pub label: String,
    /// `"info"`, `"receipt"`, `"cart"`, `"parcel"`, `"ticket"`, `"calendar"`.
    pub icon: String,
    /// The URL as given (to show as text when it cannot be a link).
    pub url: String,
    /// The link, when the URL is safe to open.
    pub link: Option<SafeLink>,
    /// The image id the category names.
    pub image_id: Option<String>,
    /// `PreviewOptions::image_url`, when it is https.
    pub image_url: Option<String>,
    /// The image's alt text.
    pub image_alt: String,
}

/// Everything the app's receipt screen shows, with every amount both as minor units and as text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ReceiptPreview {
    /// The resolved locale tag, e.g. `"nb-NO"`.
    pub locale: String,
    /// `"light"`, `"dark"` or `"auto"`.
    pub theme: String,
    /// The receipt's currency.
    pub currency: Option<Currency>,
    /// "Receipt", in the locale.
    pub title: String,
    /// The header: what was paid (lines − returns + tip).
    pub total: Money,
    /// The total's label.
    pub total_label: String,
    /// The VAT included in the total.
    pub vat: Money,
    /// "incl. VAT", in the locale.
    pub incl_vat_label: String,
    /// "incl. VAT NOK 211.32".
    pub incl_vat_text: String,
    /// Item lines (not shipping), returns included.
    pub item_count: usize,
    /// "3 items", in the locale.
    pub item_count_text: String,
    /// The item lines, returns included.
    pub lines: Vec<LinePreview>,
    /// The shipping lines' heading.
    pub shipping_lines_label: String,
    /// The shipping lines.
    pub shipping_lines: Vec<LinePreview>,
    /// Sum, discount (when any), shipping (when any), tip (when any), total. Sum − discount +
    /// shipping + tip = total.
    pub summary: Vec<SummaryRow>,
    /// The tip, when there is one.
    pub tip: Option<Money>,
    /// The VAT table.
    pub vat_table: VatTable,
    /// The payment sources' heading.
    pub payment_information_label: String,
    /// How it was paid, one row per source given.
    pub payment_sources: Vec<PaymentRow>,
    /// The barcode, when the receipt has one.
    pub barcode: Option<BarcodePreview>,
    /// The receipt number, when given.
    pub receipt_number: Option<LabelledText>,
    /// The POS id, when given.
    pub pos_id: Option<LabelledText>,
    /// The category's button, when a category is given.
    pub category: Option<CategoryButton>,
}

/// Formats amounts for one preview: into a `String` of its own for the view model, or appended
/// to the HTML being written (`push_*`), so both show the same text.
struct Formatter {
    locale: Locale,
    currency: Option<Currency>,
}

impl Formatter {
    fn money(&self, value: i128) -> Money {
        let mut formatted = String::with_capacity(locale::MONEY_CAPACITY);
        self.push_money(&mut formatted, value);
        Money {
            amount: checked_amount(value),
            formatted,
        }
    }

    /// The amount as the locale writes it, or [`NOT_AVAILABLE`] outside ±(2^53 − 1).
    fn push_money(&self, out: &mut String, value: i128) {
        match checked_amount(value) {
            Some(amount) => locale::push_money(out, self.locale, self.currency, amount),
            None => out.push_str(NOT_AVAILABLE),
        }
    }

    fn rate(&self, basis_points: Option<i64>) -> String {
        let mut out = String::with_capacity(16);
        self.push_rate(&mut out, basis_points);
        out
    }

    fn push_rate(&self, out: &mut String, basis_points: Option<i64>) {
        match basis_points {
            Some(bp) => locale::push_percent(out, self.locale, bp),
            None => out.push_str(NOT_AVAILABLE),
        }
    }

    /// "incl. VAT 211,32 kr".
    fn push_incl_vat(&self, out: &mut String, vat: i128) {
        out.push_str(self.locale.labels().incl_vat);
        out.push(' ');
        self.push_money(out, vat);
    }
}

/// A line's sign in every sum: a return counts negative.
fn sign(line: &OrderLine) -> i128 {
    if line.is_return() { -1 } else { 1 }
}

/// A line's quantity as shown: parsed (in the locale's digits), or the caller's text as it is
/// when it does not parse.
#[derive(Clone, Copy)]
enum ShownQuantity<'r> {
    Parsed(Quantity),
    Text(&'r str),
}

/// What the app shows of one line, as numbers (signed: a return is negative). The view model
/// writes them into a `LinePreview`; the HTML appends them to the markup without one.
struct LineFigures<'r> {
    quantity: ShownQuantity<'r>,
    /// "kg", "km", ...; `None` for pieces.
    unit: Option<&'r str>,
    unit_price: Option<i128>,
    /// The total before the line's discount; only when the discount is positive.
    original_total: Option<i128>,
    /// The line's discount, when not zero.
    discount: Option<i128>,
    total: i128,
    total_excluding_tax: i128,
    tax: i128,
    tax_rate: Option<i64>,
}

impl<'r> LineFigures<'r> {
    fn of(line: &'r OrderLine) -> LineFigures<'r> {
        let sign = sign(line);
        let discount = line.discount.filter(|&d| d != 0);
        let original = i128::from(line.total_amount) + i128::from(discount.unwrap_or(0));
        // Without unitInfo the app shows one piece at the line's undiscounted price.
        let (quantity, unit, unit_price) = match &line.unit_info {
            Some(info) => (
                Quantity::parse(&info.quantity)
                    .map_or(ShownQuantity::Text(&info.quantity), ShownQuantity::Parsed),
                info.quantity_unit.as_ref().and_then(locale::unit_symbol),
                info.unit_price.map(i128::from),
            ),
            None => (ShownQuantity::Text("1"), None, Some(original)),
        };
        LineFigures {
            quantity,
            unit,
            unit_price,
            original_total: discount.filter(|&d| d > 0).map(|_| sign * original),
            discount: discount.map(|d| sign * i128::from(d)),
            total: sign * i128::from(line.total_amount),
            total_excluding_tax: sign * i128::from(line.total_amount_excluding_tax),
            tax: sign * i128::from(line.total_tax_amount),
            tax_rate: line.tax_rate_bp(),
        }
    }

    /// "0,822" (or the caller's text).
    fn push_quantity(&self, out: &mut String, locale: Locale) {
        match self.quantity {
            ShownQuantity::Parsed(quantity) => locale::push_quantity(out, locale, quantity),
            ShownQuantity::Text(text) => out.push_str(text),
        }
    }

    /// What follows the quantity: " kg × 150,00 kr", the price written by `price` (formatted
    /// here for the HTML, copied from the view model's `unitPrice` there).
    fn push_after_quantity(&self, out: &mut String, price: impl FnOnce(&mut String)) {
        if let Some(unit) = self.unit {
            out.push(' ');
            out.push_str(unit);
        }
        if self.unit_price.is_some() {
            out.push_str(" × ");
            price(out);
        }
    }
}

/// "VAT 25 % • 99,80 kr": the rate and the tax written by `rate` and `tax` (as
/// [`LineFigures::push_after_quantity`] writes its price).
fn push_vat_text(
    out: &mut String,
    labels: &locale::Labels,
    rate: impl FnOnce(&mut String),
    tax: impl FnOnce(&mut String),
) {
    out.push_str(labels.vat);
    out.push(' ');
    rate(out);
    out.push_str(" • ");
    tax(out);
}

fn line_preview(line: &OrderLine, fmt: &Formatter, options: &PreviewOptions) -> LinePreview {
    let figures = LineFigures::of(line);
    let mut quantity = String::with_capacity(16);
    figures.push_quantity(&mut quantity, fmt.locale);
    let unit_price = figures.unit_price.map(|price| fmt.money(price));
    let mut quantity_text = String::with_capacity(quantity.len() + 8 + locale::MONEY_CAPACITY);
    quantity_text.push_str(&quantity);
    figures.push_after_quantity(&mut quantity_text, |out| {
        out.push_str(unit_price.as_ref().map_or("", |price| &price.formatted));
    });
    let tax = fmt.money(figures.tax);
    let tax_rate_text = fmt.rate(figures.tax_rate);
    let mut vat_text = String::with_capacity(16 + tax_rate_text.len() + tax.formatted.len());
    push_vat_text(
        &mut vat_text,
        fmt.locale.labels(),
        |out| out.push_str(&tax_rate_text),
        |out| out.push_str(&tax.formatted),
    );
    LinePreview {
        name: line.name.clone(),
        id: line.id.clone(),
        is_return: line.is_return(),
        is_shipping: line.is_shipping(),
        quantity,
        unit: figures.unit.map(str::to_owned),
        unit_price,
        quantity_text,
        original_total: figures.original_total.map(|original| fmt.money(original)),
        discount: figures.discount.map(|discount| fmt.money(discount)),
        total: fmt.money(figures.total),
        total_excluding_tax: fmt.money(figures.total_excluding_tax),
        tax,
        tax_rate: figures.tax_rate,
        tax_rate_text,
        vat_text,
        product_link: line
            .product_url
            .as_deref()
            .and_then(|url| safe_link(url, &options.allowed_link_schemes)),
    }
}

#[derive(Default, Debug, PartialEq, Clone, Copy)]
struct VatSums {
    net: i128,
    vat: i128,
    total: i128,
}

/// The entries summed per key, sorted by key (no rate after every rate): n log n in the number
/// of entries. Sorts `(key as i128, index)` pairs, the same `(i128, usize)` sort as
/// `build::discount::spread` (one sort in the wasm module, not one per element type).
fn group_by_rate(entries: &[((bool, i64), VatSums)]) -> Vec<((bool, i64), VatSums)> {
    // (false, rate) maps to rate, (true, rate) to 2^64 + rate: above every i64, so the i128
    // order is the (bool, i64) order.
    let mut order: Vec<(i128, usize)> = entries
        .iter()
        .enumerate()
        .map(|(index, &((no_rate, rate), _))| {
            ((i128::from(no_rate) << 64) + i128::from(rate), index)
        })
        .collect();
    order.sort_unstable();
    let mut grouped: Vec<((bool, i64), VatSums)> = Vec::new();
    let mut last_key = None;
    for (key, index) in order {
        let Some(&(rate, sums)) = entries.get(index) else {
            continue;
        };
        match grouped.last_mut() {
            Some((_, kept)) if last_key == Some(key) => {
                kept.net += sums.net;
                kept.vat += sums.vat;
                kept.total += sums.total;
            }
            _ => grouped.push((rate, sums)),
        }
        last_key = Some(key);
    }
    grouped
}

/// The receipt's sums, exact in `i128` (they cannot overflow there), as the header, the summary
/// and the VAT table show them.
struct Sums {
    /// Item lines before their discounts.
    sum: i128,
    /// Item lines' discounts.
    discount: i128,
    /// Shipping lines after their own discounts.
    shipping: i128,
    shipping_lines: usize,
    item_lines: usize,
    vat: i128,
    /// What was paid: lines − returns + tip.
    total: i128,
    /// The tip, when not zero.
    tip: Option<i128>,
    /// Per rate, keyed (no rate, rate) so lines without a rate sort last.
    vat_rates: Vec<((bool, i64), VatSums)>,
}

impl Sums {
    fn of(receipt: &Receipt) -> Sums {
        let (mut sum, mut discount, mut shipping, mut vat) = (0i128, 0i128, 0i128, 0i128);
        let (mut lines_total, mut shipping_lines) = (0i128, 0usize);
        // One entry per line, sorted and merged below. Sort + merge is n log n whatever the
        // rates (a linear search per line was quadratic: 100,000 distinct rates took 21 s),
        // and the sums are exact, so order is free.
        let mut vat_rates: Vec<((bool, i64), VatSums)> =
            Vec::with_capacity(receipt.order_lines.len());
        for line in &receipt.order_lines {
            let s = sign(line);
            let total = s * i128::from(line.total_amount);
            let line_discount = s * i128::from(line.discount.unwrap_or(0));
            lines_total += total;
            vat += s * i128::from(line.total_tax_amount);
            let rate = line.tax_rate_bp();
            vat_rates.push((
                (rate.is_none(), rate.unwrap_or(0)),
                VatSums {
                    net: s * i128::from(line.total_amount_excluding_tax),
                    vat: s * i128::from(line.total_tax_amount),
                    total,
                },
            ));
            if line.is_shipping() {
                shipping += total;
                shipping_lines += 1;
            } else {
                sum += total + line_discount;
                discount += line_discount;
            }
        }
        let tip = receipt.bottom_line.tip_amount.map(i128::from);
        Sums {
            sum,
            discount,
            shipping,
            shipping_lines,
            item_lines: receipt.order_lines.len() - shipping_lines,
            vat,
            total: lines_total + tip.unwrap_or(0),
            tip: tip.filter(|&t| t != 0),
            vat_rates: group_by_rate(&vat_rates),
        }
    }

    /// The summary's rows (kind, label, amount): sum, discount (when any), shipping (when any
    /// shipping line), tip (when any), total. Sum − discount + shipping + tip = total.
    fn summary(
        &self,
        labels: &'static locale::Labels,
    ) -> impl Iterator<Item = (&'static str, &'static str, i128)> {
        [
            Some(("sum", labels.sum, self.sum)),
            (self.discount != 0).then_some(("discount", labels.discount, -self.discount)),
            (self.shipping_lines > 0).then_some(("shipping", labels.shipping, self.shipping)),
            self.tip.map(|tip| ("tip", labels.tip, tip)),
            Some(("total", labels.total, self.total)),
        ]
        .into_iter()
        .flatten()
    }
}

/// Builds the view model. Never panics, whatever the receipt holds.
pub fn preview_receipt(receipt: &Receipt, options: &PreviewOptions) -> ReceiptPreview {
    let locale = Locale::resolve(options.locale.as_deref());
    let labels = locale.labels();
    let bottom = &receipt.bottom_line;
    let fmt = Formatter {
        locale,
        currency: bottom.currency,
    };
    let sums = Sums::of(receipt);

    let mut lines = Vec::with_capacity(sums.item_lines);
    let mut shipping_lines = Vec::with_capacity(sums.shipping_lines);
    for line in &receipt.order_lines {
        let preview = line_preview(line, &fmt, options);
        if line.is_shipping() {
            shipping_lines.push(preview);
        } else {
            lines.push(preview);
        }
    }
    let summary = sums
        .summary(labels)
        .map(|(kind, label, amount)| SummaryRow {
            kind,
            label: label.to_owned(),
            amount: fmt.money(amount),
        })
        .collect();
    let vat_table = VatTable {
        caption: labels.vat_caption.to_owned(),
        rate_header: labels.vat_rate_header.to_owned(),
        net_header: labels.vat_net_header.to_owned(),
        vat_header: labels.vat_amount_header.to_owned(),
        total_header: labels.vat_total_header.to_owned(),
        rows: sums
            .vat_rates
            .iter()
            .map(|&((no_rate, rate), ref sums)| {
                let rate = (!no_rate).then_some(rate);
                VatRow {
                    rate,
                    rate_text: fmt.rate(rate),
                    net: fmt.money(sums.net),
                    vat: fmt.money(sums.vat),
                    total: fmt.money(sums.total),
                }
            })
            .collect(),
    };
    let mut incl_vat_text = String::with_capacity(16 + locale::MONEY_CAPACITY);
    fmt.push_incl_vat(&mut incl_vat_text, sums.vat);
    let item_count = lines.len();
    ReceiptPreview {
        locale: locale.tag().to_owned(),
        theme: theme(options.theme.as_deref()).to_owned(),
        currency: bottom.currency,
        title: labels.receipt.to_owned(),
        total: fmt.money(sums.total),
        total_label: labels.total.to_owned(),
        vat: fmt.money(sums.vat),
        incl_vat_label: labels.incl_vat.to_owned(),
        incl_vat_text,
        item_count,
        item_count_text: labels.item_count(item_count),
        lines,
        shipping_lines_label: labels.shipping_lines.to_owned(),
        shipping_lines,
        summary,
        tip: sums.tip.map(|tip| fmt.money(tip)),
        vat_table,
        payment_information_label: labels.payment_information.to_owned(),
        payment_sources: payments(receipt, labels)
            .map(|(kind, label, amount)| PaymentRow {
                kind,
                label: label.to_owned(),
                amount: fmt.money(i128::from(amount)),
            })
            .collect(),
        barcode: barcode_preview(receipt, labels),
        receipt_number: labelled(receipt_number(bottom), labels.receipt_number),
        pos_id: labelled(pos_id(bottom), labels.pos_id),
        category: options
            .category
            .as_ref()
            .map(|c| category_button(c, options, labels)),
    }
}

/// The receipt number, when given and not blank.
fn receipt_number(bottom: &BottomLine) -> Option<&str> {
    shown(bottom.receipt_number.as_deref())
}

/// The POS id (or the deprecated terminal id), when given and not blank.
fn pos_id(bottom: &BottomLine) -> Option<&str> {
    shown(bottom.pos_id.as_deref().or(bottom.terminal_id.as_deref()))
}

fn shown(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

/// The theme option, normalised: unknown values follow the system.
fn theme(option: Option<&str>) -> &'static str {
    match option.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
        Some("light") => "light",
        Some("dark") => "dark",
        _ => "auto",
    }
}

fn labelled(value: Option<&str>, label: &str) -> Option<LabelledText> {
    value.map(|value| LabelledText {
        label: label.to_owned(),
        value: value.to_owned(),
    })
}

/// The ways of paying given (and not zero), in the app's order (kind, label, amount): gift card
/// (the deprecated `giftCardAmount` stands in when `paymentSources` has none), card, voucher,
/// cash.
fn payments(
    receipt: &Receipt,
    labels: &'static locale::Labels,
) -> impl Iterator<Item = (&'static str, &'static str, i64)> {
    let bottom = &receipt.bottom_line;
    let sources = bottom.payment_sources.as_ref();
    let gift_card = sources
        .and_then(|s| s.gift_card)
        .or(bottom.gift_card_amount);
    [
        ("giftCard", labels.gift_card, gift_card),
        ("card", labels.card, sources.and_then(|s| s.card)),
        ("voucher", labels.voucher, sources.and_then(|s| s.voucher)),
        ("cash", labels.cash, sources.and_then(|s| s.cash)),
    ]
    .into_iter()
    .filter_map(|(kind, label, amount)| Some((kind, label, amount.filter(|&a| a != 0)?)))
}

fn barcode_preview(receipt: &Receipt, labels: &locale::Labels) -> Option<BarcodePreview> {
    let barcode = receipt.bottom_line.barcode.as_ref()?;
    let data = barcode.data.clone().unwrap_or_default();
    if data.is_empty() && barcode.format.is_none() {
        return None;
    }
    // Never drawn past the format's maximum (the validator's `barcode_length`): the SVG grows
    // ~100 bytes per character, so 1 MB of CODE 39 was 98 MB of markup. The text shows instead.
    let modules = barcode
        .format
        .as_ref()
        .filter(|format| data.chars().count() <= max_data_len(format))
        .and_then(|format| barcode::encode(format, &data));
    let text = match barcode.format {
        Some(crate::model::BarcodeFormat::Ean13) if modules.is_some() => {
            barcode::ean13_digits(&data).unwrap_or(data)
        }
        _ => data,
    };
    Some(BarcodePreview {
        label: labels.barcode.to_owned(),
        format: barcode.format.as_ref().map(|f| f.as_str().to_owned()),
        text,
        modules: modules.map(|m| m.iter().map(|&bar| if bar { '1' } else { '0' }).collect()),
    })
}

fn category_button(
    order_category: &OrderCategory,
    options: &PreviewOptions,
    labels: &locale::Labels,
) -> CategoryButton {
    // A null category shows as the general button, the app's neutral choice.
    let kind = order_category
        .category
        .clone()
        .unwrap_or(crate::model::CategoryType::General);
    CategoryButton {
        category: kind.as_str().to_owned(),
        label: category::button_label(labels, &kind).to_owned(),
        icon: category::icon_name(&kind).to_owned(),
        url: order_category.order_details_url.clone(),
        link: safe_link(
            &order_category.order_details_url,
            &options.allowed_link_schemes,
        ),
        image_id: order_category.image_id.clone(),
        image_url: options
            .image_url
            .as_deref()
            .and_then(|url| safe_link(url, &[]))
            .filter(|link| link.secure)
            .map(|link| link.href),
        image_alt: labels.category_image.to_owned(),
    }
}

impl WriteJson for Money {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("amount", &self.amount)
            .field("formatted", &self.formatted)
            .end();
    }
}

impl WriteJson for LabelledText {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("label", &self.label)
            .field("value", &self.value)
            .end();
    }
}

impl WriteJson for LinePreview {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("name", &self.name)
            .field("id", &self.id)
            .field("isReturn", &self.is_return)
            .field("isShipping", &self.is_shipping)
            .field("quantity", &self.quantity)
            .field("unit", &self.unit)
            .field("unitPrice", &self.unit_price)
            .field("quantityText", &self.quantity_text)
            .field("originalTotal", &self.original_total)
            .field("discount", &self.discount)
            .field("total", &self.total)
            .field("totalExcludingTax", &self.total_excluding_tax)
            .field("tax", &self.tax)
            .field("taxRate", &self.tax_rate)
            .field("taxRateText", &self.tax_rate_text)
            .field("vatText", &self.vat_text)
            .field("productLink", &self.product_link)
            .end();
    }
}

impl WriteJson for SummaryRow {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("kind", &self.kind)
            .field("label", &self.label)
            .field("amount", &self.amount)
            .end();
    }
}

impl WriteJson for VatRow {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("rate", &self.rate)
            .field("rateText", &self.rate_text)
            .field("net", &self.net)
            .field("vat", &self.vat)
            .field("total", &self.total)
            .end();
    }
}

impl WriteJson for VatTable {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("caption", &self.caption)
            .field("rateHeader", &self.rate_header)
            .field("netHeader", &self.net_header)
            .field("vatHeader", &self.vat_header)
            .field("totalHeader", &self.total_header)
            .field("rows", &self.rows)
            .end();
    }
}

impl WriteJson for PaymentRow {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("kind", &self.kind)
            .field("label", &self.label)
            .field("amount", &self.amount)
            .end();
    }
}

impl WriteJson for BarcodePreview {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("label", &self.label)
            .field("format", &self.format)
            .field("text", &self.text)
            .field("modules", &self.modules)
            .end();
    }
}

impl WriteJson for CategoryButton {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("category", &self.category)
            .field("label", &self.label)
            .field("icon", &self.icon)
            .field("url", &self.url)
            .field("link", &self.link)
            .field("imageId", &self.image_id)
            .field("imageUrl", &self.image_url)
            .field("imageAlt", &self.image_alt)
            .end();
    }
}

impl WriteJson for ReceiptPreview {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("locale", &self.locale)
            .field("theme", &self.theme)
            .field("currency", &self.currency)
            .field("title", &self.title)
            .field("total", &self.total)
            .field("totalLabel", &self.total_label)
            .field("vat", &self.vat)
            .field("inclVatLabel", &self.incl_vat_label)
            .field("inclVatText", &self.incl_vat_text)
            .field("itemCount", &self.item_count)
            .field("itemCountText", &self.item_count_text)
            .field("lines", &self.lines)
            .field("shippingLinesLabel", &self.shipping_lines_label)
            .field("shippingLines", &self.shipping_lines)
            .field("summary", &self.summary)
            .field("tip", &self.tip)
            .field("vatTable", &self.vat_table)
            .field("paymentInformationLabel", &self.payment_information_label)
            .field("paymentSources", &self.payment_sources)
            .field("barcode", &self.barcode)
            .field("receiptNumber", &self.receipt_number)
            .field("posId", &self.pos_id)
            .field("category", &self.category)
            .end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sums(n: i128) -> VatSums {
        VatSums {
            net: n,
            vat: 2 * n,
            total: 3 * n,
        }
    }

    /// 100,000 distinct rates, grouped by one sort (a linear search per line was quadratic:
    /// 21 s for 100,000 lines in release), each kept once, in order; equal rates summed.
    #[test]
    fn vat_grouping_sorts_and_sums_per_rate() {
        let n = 100_000i64;
        let entries: Vec<_> = (0..n).map(|i| ((false, (i * 7919) % n), sums(1))).collect();
        let grouped = group_by_rate(&entries);
        assert_eq!(grouped.len(), n as usize);
        assert!(grouped.windows(2).all(|w| w[0].0.1 < w[1].0.1));

        // Lines without a rate after every rate, whatever the numbers.
        let grouped = group_by_rate(&[
            ((true, i64::MIN), sums(7)),
            ((false, i64::MAX), sums(6)),
            ((false, i64::MIN), sums(8)),
            ((true, 0), sums(9)),
        ]);
        assert_eq!(
            grouped,
            vec![
                ((false, i64::MIN), sums(8)),
                ((false, i64::MAX), sums(6)),
                ((true, i64::MIN), sums(7)),
                ((true, 0), sums(9))
            ]
        );

        let grouped = group_by_rate(&[
            ((false, 2500), sums(1)),
            ((true, 0), sums(5)),
            ((false, 1500), sums(2)),
            ((false, 2500), sums(-4)),
        ]);
        assert_eq!(
            grouped,
            vec![
                ((false, 1500), sums(2)),
                ((false, 2500), sums(-3)),
                ((true, 0), sums(5))
            ]
        );
    }
}
