//! The receipt builder: a shop's cart becomes a spec-valid [`Receipt`] by the rules of
//! docs/UNITS.md ("Units", "Rounding"). All arithmetic is in integers, rounded half away from zero
//! once per computed amount, checked against 2^53 − 1; every problem is reported with its path.
//!
//! Prices include tax by default. With `pricesIncludeTax: false`, unit prices, prices and
//! discounts (line and cart) are net: the builder taxes each net line (`round(net × rate /
//! 10000)`), reports tax-inclusive totals, a tax-inclusive `discount`, and a tax-inclusive
//! `unitInfo.unitPrice` (`round(unitPrice × (10000 + rate) / 10000)`), as the spec defines it.
//! Tips, payment sources and `expectedTotal` are money paid in either mode.

mod cart;
pub(crate) mod discount;
pub(crate) mod line;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use crate::codes;
use crate::issue::{Issue, Issues, Text};
use crate::json::{self, Arena, JsonValue, Path};
use crate::model::{BottomLine, OrderLine, PaymentSources, QuantityUnit, Receipt, UnitInfo};
use crate::money::{
    self, DecimalError, MAX_SAFE_INTEGER, MAX_TAX_RATE, Quantity, checked_amount, format_minor,
};
use crate::units::{self, Unit};

pub use cart::{
    Cart, CartFee, CartItem, CartPaymentSources, CartShipping, MoneyInput, QuantityInput, RateInput,
};
use cart::{LinePlace, Origins, read_cart};
use line::{LineError, PriceBasis};

/// Why a cart could not become a receipt: every problem found, each with its path in the cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// Every problem, each with its path in the cart.
    pub issues: Vec<Issue>,
}

impl BuildError {
    fn from_issues(issues: Issues) -> BuildError {
        BuildError {
            issues: issues.errors,
        }
    }
}

impl BuildError {
    /// `"2 problems: items[0].name: ...; ..."`: the first three problems, and how many more.
    pub fn summary(&self) -> String {
        crate::issue::summary(&self.issues, "the cart could not be built into a receipt")
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

impl std::error::Error for BuildError {}

/// A receipt the builder made, and a way to its warnings: what is allowed but probably a
/// mistake (a tax rate that is no VAT rate of the currency, an `http:` product link).
///
/// The receipt has no errors (`validate_receipt` finds none); [`Built::warnings`] lists the
/// warnings `validate_receipt` gives on it (with the receipt's paths, `orderLines[0].taxRate`),
/// after any about the cart itself. They are worked out when asked for, so a caller that does
/// not look pays nothing for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The receipt, ready to send.
    pub receipt: Receipt,
    /// Warnings about the cart that the receipt no longer shows (none yet; the place for them).
    cart_warnings: Vec<Issue>,
}

impl Built {
    /// Every warning about the cart and the receipt, cart first, each with its path. Validates
    /// the receipt on each call.
    pub fn warnings(&self) -> Vec<Issue> {
        let mut warnings = self.cart_warnings.clone();
        warnings.extend(crate::validate::validate_receipt(&self.receipt).warnings);
        warnings
    }
}

/// Builds the receipt for a typed cart.
pub fn build_receipt(cart: &Cart) -> Result<Built, BuildError> {
    let mut issues = Issues::new();
    // The typed cart is the caller's: the build moves text out of its own copy.
    let receipt = build_checked(cart.clone(), &Origins::identity(cart), true, &mut issues);
    finish(receipt, issues)
}

/// Reads a cart from JSON and builds its receipt, reporting shape and value problems together.
pub fn build_receipt_from_value(value: &Value) -> Result<Built, BuildError> {
    build_from_tree(&JsonValue::from_serde(&Arena::new(), value))
}

fn build_from_tree(value: &JsonValue<'_>) -> Result<Built, BuildError> {
    let mut issues = Issues::new();
    let receipt = read_cart(value, &mut issues)
        .and_then(|read| build_checked(read.cart, &read.origins, read.complete, &mut issues));
    finish(receipt, issues)
}

/// Parses JSON text (syntax errors with line and column) and builds its receipt.
pub fn build_receipt_from_text(text: &str) -> Result<Built, BuildError> {
    let arena = Arena::new();
    match json::read_tree(&arena, text) {
        // Duplicate keys make the cart ambiguous: reported with the cart's own problems.
        Ok(parsed) => match (build_from_tree(&parsed.value), parsed.issues) {
            (Ok(built), duplicates) if duplicates.is_empty() => Ok(built),
            (Ok(_), duplicates) => Err(BuildError { issues: duplicates }),
            (Err(error), duplicates) => {
                let mut issues = Issues::new();
                for issue in duplicates.into_iter().chain(error.issues) {
                    issues.error(issue.path, issue.code, issue.message);
                }
                Err(BuildError::from_issues(issues))
            }
        },
        Err(issue) => Err(BuildError {
            issues: vec![issue],
        }),
    }
}

fn finish(receipt: Option<Receipt>, issues: Issues) -> Result<Built, BuildError> {
    match receipt {
        Some(receipt) if !issues.has_errors() => Ok(Built {
            receipt,
            cart_warnings: issues.warnings,
        }),
        _ if issues.has_errors() => Err(BuildError::from_issues(issues)),
        // Unreachable by construction (no receipt means an issue was reported); kept panic-free.
        _ => Err(BuildError {
            issues: vec![Issue {
                path: String::new(),
                code: codes::EMPTY_CART,
                message: "the cart could not be built into a receipt".to_owned(),
            }],
        }),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    Item,
    Shipping,
    Fee,
}

/// A line's amounts resolved to integers and checked on their own, before the cart discount is
/// spread. Amounts are in the cart's price basis (net when prices exclude tax).
struct PreparedAmounts {
    kind: LineKind,
    place: LinePlace,
    gross: i64,
    own_discount: i64,
    rate_bp: i64,
    /// Items only: tax-inclusive unit price and canonical quantity text.
    unit_info: Option<(i64, String)>,
}

/// A prepared line: its amounts, and its text moved (not copied) from the cart.
struct PreparedLine {
    amounts: PreparedAmounts,
    id: String,
    name: String,
    /// Items only.
    unit: Option<QuantityUnit>,
    product_url: Option<String>,
    is_return: bool,
}

/// A shipping or fee line with its text moved in; `None` when its checks failed.
fn priced_line(amounts: Option<PreparedAmounts>, id: String, name: String) -> Option<PreparedLine> {
    amounts.map(|amounts| PreparedLine {
        amounts,
        id,
        name,
        unit: None,
        product_url: None,
        is_return: false,
    })
}

/// The whole build. `complete` is false when lines were dropped while reading the JSON: sums
/// over the cart are then meaningless, so only the per-line checks run. Takes the cart by value
/// so that names, ids and links move into the receipt.
fn build_checked(
    cart: Cart,
    origins: &Origins,
    complete: bool,
    issues: &mut Issues,
) -> Option<Receipt> {
    let basis = if cart.prices_include_tax {
        PriceBasis::IncludingTax
    } else {
        PriceBasis::ExcludingTax
    };
    // Found while the cart is whole; reported after the lines' own problems.
    let duplicates = duplicate_ids(&cart, origins);
    let Cart {
        currency,
        items,
        shipping,
        fees,
        discount,
        tip_amount,
        payment_sources,
        barcode,
        receipt_number,
        pos_id,
        prices_include_tax: _,
        expected_total,
    } = cart;

    let mut prepared = Vec::with_capacity(items.len() + shipping.len() + fees.len());
    let mut all_prepared = true;
    for (position, item) in items.into_iter().enumerate() {
        let place = origins.item_place(position);
        match place
            .with_path(|path| prepare_item(ItemFields::of(&item), path, place, basis, issues))
        {
            Some(amounts) => prepared.push(PreparedLine {
                amounts,
                id: item.id,
                name: item.name,
                unit: Some(item.unit),
                product_url: item.product_url,
                is_return: item.is_return,
            }),
            None => all_prepared = false,
        }
    }
    for (position, line) in shipping.into_iter().enumerate() {
        let place = origins.shipping_place(position);
        let id = line
            .id
            .unwrap_or_else(|| line_id(None, "shipping", position));
        let fields = PricedLine {
            kind: LineKind::Shipping,
            id: &id,
            name: Some(&line.name),
            price: Some(&line.price),
            tax_rate: Some(&line.tax_rate),
            discount: line.discount.as_ref(),
        };
        let amounts = place.with_path(|path| prepare_priced(fields, path, place, issues));
        match priced_line(amounts, id, line.name) {
            Some(line) => prepared.push(line),
            None => all_prepared = false,
        }
    }
    for (position, fee) in fees.into_iter().enumerate() {
        let place = origins.fee_place(position);
        let id = fee.id.unwrap_or_else(|| line_id(None, "fee", position));
        let fields = PricedLine {
            kind: LineKind::Fee,
            id: &id,
            name: Some(&fee.name),
            price: Some(&fee.price),
            tax_rate: Some(&fee.tax_rate),
            discount: None,
        };
        let amounts = place.with_path(|path| prepare_priced(fields, path, place, issues));
        match priced_line(amounts, id, fee.name) {
            Some(line) => prepared.push(line),
            None => all_prepared = false,
        }
    }
    if let Some(with_paths) = duplicates {
        check_unique_ids(&with_paths, issues);
    }

    let root = Path::Root;
    let cart_discount = optional_amount(discount.as_ref(), &root.key("discount"), issues);
    let tip_amount = optional_amount(tip_amount.as_ref(), &root.key("tipAmount"), issues);
    let payment_sources = match &payment_sources {
        Some(sources) => resolve_payment_sources(sources, issues).map(Some),
        None => Some(None),
    };
    let expected_total = match &expected_total {
        Some(input) => {
            resolve_amount(input, &root.key("expectedTotal"), Sign::Any, issues).map(Some)
        }
        None => Some(None),
    };

    if !complete || !all_prepared {
        return None;
    }
    if prepared.is_empty() {
        issues.error(
            "",
            codes::EMPTY_CART,
            "the cart has no items, shipping or fees; a receipt needs at least one line",
        );
        return None;
    }
    let order_lines = price_lines(prepared, cart_discount?, basis, issues)?;
    if issues.has_errors() {
        return None;
    }

    let mut bottom_line = BottomLine::new(currency);
    bottom_line.tip_amount = tip_amount?;
    bottom_line.payment_sources = payment_sources?;
    bottom_line.barcode = barcode;
    bottom_line.receipt_number = receipt_number;
    bottom_line.pos_id = pos_id;
    let receipt = Receipt {
        order_lines,
        bottom_line,
    };
    check_total(&receipt, expected_total?, issues);
    Some(receipt)
}

/// Spreads the cart discount over the item lines that are not returns (in proportion to their
/// totals after their own discounts) and computes every line's amounts.
fn price_lines(
    prepared: Vec<PreparedLine>,
    cart_discount: Option<i64>,
    basis: PriceBasis,
    issues: &mut Issues,
) -> Option<Vec<OrderLine>> {
    let takes_cart_discount =
        |line: &PreparedLine| line.amounts.kind == LineKind::Item && !line.is_return;
    let weights: Vec<i64> = prepared
        .iter()
        .filter(|line| takes_cart_discount(line))
        .map(|line| line.amounts.gross - line.amounts.own_discount)
        .collect();
    let cart_discount = cart_discount.unwrap_or(0);
    let parts = match discount::spread(cart_discount, &weights) {
        Ok(parts) => parts,
        Err(_) => {
            let items_total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
            issues.error(
                "discount",
                codes::CART_DISCOUNT_EXCEEDS_ITEMS,
                Text::new()
                    .str("the cart discount ")
                    .str(&format_minor(cart_discount))
                    .str(" is larger than the items' total ")
                    .str(&format_minor(
                        i64::try_from(items_total).unwrap_or(i64::MAX),
                    ))
                    .str(" (returns excluded)")
                    .done(),
            );
            return None;
        }
    };

    let mut parts = parts.into_iter();
    let mut order_lines = Vec::with_capacity(prepared.len());
    for line in prepared {
        let allocated = if takes_cart_discount(&line) {
            parts.next().unwrap_or(0)
        } else {
            0
        };
        let Some(discount) = line.amounts.own_discount.checked_add(allocated) else {
            line.amounts
                .place
                .with_path(|path| too_large(path, "the line's discount", issues));
            continue;
        };
        let amounts =
            match line::line_amounts(basis, line.amounts.gross, discount, line.amounts.rate_bp) {
                Ok(amounts) => amounts,
                Err(LineError::Overflow) => {
                    line.amounts
                        .place
                        .with_path(|path| too_large(path, "an amount of this line", issues));
                    continue;
                }
                Err(LineError::DiscountExceedsGross) => {
                    // The own discount was checked and the spread never exceeds a line's total.
                    issues.error(
                        line.amounts
                            .place
                            .with_path(|path| path.key("discount").render()),
                        codes::LINE_DISCOUNT_EXCEEDS_GROSS,
                        "the discount is larger than the line",
                    );
                    continue;
                }
            };
        order_lines.push(OrderLine {
            name: line.name,
            id: line.id,
            total_amount: amounts.total_amount,
            total_amount_excluding_tax: amounts.total_amount_excluding_tax,
            total_tax_amount: amounts.total_tax_amount,
            tax_percentage: None,
            tax_rate: Some(line.amounts.rate_bp),
            unit_info: line
                .amounts
                .unit_info
                .map(|(unit_price, quantity)| UnitInfo {
                    unit_price: Some(unit_price),
                    quantity,
                    quantity_unit: line.unit,
                }),
            discount: (amounts.discount != 0).then_some(amounts.discount),
            product_url: line.product_url,
            is_return: line.is_return.then_some(true),
            is_shipping: (line.amounts.kind == LineKind::Shipping).then_some(true),
        });
    }
    Some(order_lines)
}

/// Refuses a receipt total beyond 2^53 − 1, and one that differs from `expectedTotal`.
fn check_total(receipt: &Receipt, expected: Option<i64>, issues: &mut Issues) {
    let total = receipt.total().and_then(|t| checked_amount(i128::from(t)));
    let Some(total) = total else {
        issues.error(
            "",
            codes::TOO_LARGE,
            "the receipt total is beyond 2^53 − 1, which JavaScript cannot hold exactly",
        );
        return;
    };
    let Some(expected) = expected else { return };
    if total == expected {
        return;
    }
    // Both are within ±(2^53 − 1), so the difference fits an i64.
    let difference = total - expected;
    let direction = if difference > 0 {
        "too much"
    } else {
        "too little"
    };
    issues.error(
        "expectedTotal",
        codes::EXPECTED_TOTAL_MISMATCH,
        Text::new()
            .str("the receipt totals ")
            .str(&format_minor(total))
            .str(" but expectedTotal is ")
            .str(&format_minor(expected))
            .str(": ")
            .str(&format_minor(difference.abs()))
            .str(" ")
            .str(direction)
            .done(),
    );
}

/// An item's fields as the builder checks them. `None` is a field that could not be read (and
/// was reported), so that the others are still checked: every problem at once.
pub(crate) struct ItemFields<'a> {
    pub id: Option<&'a str>,
    pub name: Option<&'a str>,
    pub unit_price: Option<&'a MoneyInput>,
    pub quantity: Option<&'a QuantityInput>,
    pub tax_rate: Option<&'a RateInput>,
    pub discount: Option<&'a MoneyInput>,
    pub product_url: Option<&'a str>,
}

impl<'a> ItemFields<'a> {
    fn of(item: &'a CartItem) -> ItemFields<'a> {
        ItemFields {
            id: Some(&item.id),
            name: Some(&item.name),
            unit_price: Some(&item.unit_price),
            quantity: Some(&item.quantity),
            tax_rate: Some(&item.tax_rate),
            discount: item.discount.as_ref(),
            product_url: item.product_url.as_deref(),
        }
    }
}

/// Checks what could be read of an item the reader could not read whole (its other problems are
/// reported already), so that one bad field never hides another's problem.
pub(crate) fn check_unreadable_item(
    fields: ItemFields<'_>,
    path: &Path,
    place: LinePlace,
    basis: PriceBasis,
    issues: &mut Issues,
) {
    let _ = prepare_item(fields, path, place, basis, issues);
}

fn prepare_item(
    item: ItemFields<'_>,
    path: &Path,
    place: LinePlace,
    basis: PriceBasis,
    issues: &mut Issues,
) -> Option<PreparedAmounts> {
    let errors_before = issues.error_count();
    if let Some(id) = item.id {
        check_not_empty(id, &path.key("id"), issues);
    }
    if let Some(name) = item.name {
        check_not_empty(name, &path.key("name"), issues);
    }
    let unit_price = item
        .unit_price
        .and_then(|price| resolve_amount(price, &path.key("unitPrice"), Sign::NonNegative, issues));
    let quantity = item
        .quantity
        .and_then(|quantity| resolve_quantity(quantity, &path.key("quantity"), issues));
    let rate_bp = item
        .tax_rate
        .and_then(|rate| resolve_rate(rate, &path.key("taxRate"), issues));
    let own_discount = optional_amount(item.discount, &path.key("discount"), issues);
    if let Some(url) = item.product_url {
        // The validator refuses empty, relative and javascript: URLs; refuse them here too, so
        // that every receipt the builder makes validates. Its warnings (http, blanks) stay
        // the validator's.
        // Classified first, so that a good URL costs no path and no scratch collector.
        let kind = crate::validate::url::classify_url(url);
        if kind.is_error() {
            let mut url_issues = Issues::new();
            crate::validate::url::report_url(kind, url, &path.key("productUrl"), &mut url_issues);
            for issue in url_issues.errors {
                issues.error(issue.path, issue.code, issue.message);
            }
        }
    }
    let (unit_price, (quantity, quantity_text), rate_bp, own_discount) =
        (unit_price?, quantity?, rate_bp?, own_discount?.unwrap_or(0));

    let gross = match line::gross(unit_price, quantity) {
        Ok(gross) => gross,
        Err(_) => {
            too_large(path, "unitPrice × quantity", issues);
            return None;
        }
    };
    check_line_discount(own_discount, gross, path, "unitPrice × quantity", issues);
    let receipt_unit_price = match basis {
        PriceBasis::IncludingTax => Some(unit_price),
        PriceBasis::ExcludingTax => match line::unit_price_including_tax(unit_price, rate_bp) {
            Ok(price) => Some(price),
            Err(_) => {
                too_large(path, "the unit price including tax", issues);
                None
            }
        },
    };
    if issues.error_count() > errors_before {
        return None;
    }
    Some(PreparedAmounts {
        kind: LineKind::Item,
        place,
        gross,
        own_discount,
        rate_bp,
        unit_info: Some((receipt_unit_price?, quantity_text)),
    })
}

/// The fields shipping and fee lines share: one price, no quantity. As with [`ItemFields`],
/// `None` is a field that could not be read.
pub(crate) struct PricedLine<'a> {
    pub kind: LineKind,
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub price: Option<&'a MoneyInput>,
    pub tax_rate: Option<&'a RateInput>,
    pub discount: Option<&'a MoneyInput>,
}

/// Checks what could be read of a shipping or fee line the reader could not read whole.
pub(crate) fn check_unreadable_priced(
    line: PricedLine<'_>,
    path: &Path,
    place: LinePlace,
    issues: &mut Issues,
) {
    let _ = prepare_priced(line, path, place, issues);
}

/// A price is in the cart's basis already (net or not); the tax is added when the line is priced.
fn prepare_priced(
    line: PricedLine<'_>,
    path: &Path,
    place: LinePlace,
    issues: &mut Issues,
) -> Option<PreparedAmounts> {
    let errors_before = issues.error_count();
    check_not_empty(line.id, &path.key("id"), issues);
    if let Some(name) = line.name {
        check_not_empty(name, &path.key("name"), issues);
    }
    let price = line
        .price
        .and_then(|price| resolve_amount(price, &path.key("price"), Sign::NonNegative, issues));
    let rate_bp = line
        .tax_rate
        .and_then(|rate| resolve_rate(rate, &path.key("taxRate"), issues));
    let own_discount = optional_amount(line.discount, &path.key("discount"), issues);
    let (price, rate_bp, own_discount) = (price?, rate_bp?, own_discount?.unwrap_or(0));
    check_line_discount(own_discount, price, path, "price", issues);
    if issues.error_count() > errors_before {
        return None;
    }
    Some(PreparedAmounts {
        kind: line.kind,
        place,
        gross: price,
        own_discount,
        rate_bp,
        unit_info: None,
    })
}

/// `shipping`, `shipping-2`, ... (and `fee`, `fee-2`, ...) for lines given without an id.
fn line_id(given: Option<&str>, prefix: &str, position: usize) -> String {
    match (given, position) {
        (Some(id), _) => id.to_owned(),
        (None, 0) => prefix.to_owned(),
        (None, n) => {
            let mut id = String::with_capacity(prefix.len() + 4);
            id.push_str(prefix);
            id.push('-');
            money::push_uint(&mut id, n as u128 + 1);
            id
        }
    }
}

/// Where a duplicate id is reported: at `id` when the cart gave one, else at the line.
fn id_path(given: bool, line: LinePlace) -> String {
    line.with_path(|path| {
        if given {
            path.key("id").render()
        } else {
            path.render()
        }
    })
}

/// Which line an id belongs to: position in the typed cart, and whether the cart gave the id.
#[derive(Debug, Clone, Copy)]
enum IdOrigin {
    Item(usize),
    Shipping(usize, bool),
    Fee(usize, bool),
}

impl IdOrigin {
    /// Where a duplicate of this id is reported.
    fn path(self, origins: &Origins) -> String {
        match self {
            IdOrigin::Item(position) => id_path(true, origins.item_place(position)),
            IdOrigin::Shipping(position, given) => id_path(given, origins.shipping_place(position)),
            IdOrigin::Fee(position, given) => id_path(given, origins.fee_place(position)),
        }
    }
}

/// Every line's id with where a duplicate of it is reported, when any id occurs twice.
fn duplicate_ids(cart: &Cart, origins: &Origins) -> Option<Vec<(String, String)>> {
    // Paths are made only when a duplicate is found.
    let mut ids: Vec<(Cow<'_, str>, IdOrigin)> =
        Vec::with_capacity(cart.items.len() + cart.shipping.len() + cart.fees.len());
    for (position, item) in cart.items.iter().enumerate() {
        ids.push((Cow::Borrowed(&item.id), IdOrigin::Item(position)));
    }
    for (position, shipping) in cart.shipping.iter().enumerate() {
        ids.push((
            Cow::Owned(line_id(shipping.id.as_deref(), "shipping", position)),
            IdOrigin::Shipping(position, shipping.id.is_some()),
        ));
    }
    for (position, fee) in cart.fees.iter().enumerate() {
        ids.push((
            Cow::Owned(line_id(fee.id.as_deref(), "fee", position)),
            IdOrigin::Fee(position, fee.id.is_some()),
        ));
    }
    has_duplicate(ids.iter().map(|(id, _)| id.as_ref())).then(|| {
        ids.iter()
            .map(|(id, origin)| (id.to_string(), origin.path(origins)))
            .collect()
    })
}

/// Whether any id occurs twice (sorted copies of the references; no hashing, no allocation
/// per id).
fn has_duplicate<'a>(ids: impl Iterator<Item = &'a str>) -> bool {
    let mut sorted: Vec<&str> = ids.collect();
    sorted.sort_unstable();
    sorted.windows(2).any(|pair| pair.first() == pair.get(1))
}

fn check_unique_ids(ids: &[(String, String)], issues: &mut Issues) {
    // Index of each id's first line: the same map type as the validator's `SeenIds`, so the
    // wasm module holds one hash map instantiation, not two.
    let mut first_use: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (index, (id, path)) in ids.iter().enumerate() {
        if let Some((_, first_path)) = first_use.get(id.as_str()).and_then(|&first| ids.get(first))
        {
            issues.error(
                path.as_str(),
                codes::DUPLICATE_CART_LINE_ID,
                Text::new()
                    .str("the id '")
                    .str(id)
                    .str("' is already used by ")
                    .str(first_path)
                    .str("; line ids must be unique")
                    .done(),
            );
        } else {
            first_use.insert(id, index);
        }
    }
}

fn check_not_empty(text: &str, path: &Path, issues: &mut Issues) {
    if text.is_empty() {
        issues.error(path.render(), codes::EMPTY, "must not be empty");
    }
}

fn check_line_discount(discount: i64, gross: i64, path: &Path, what: &str, issues: &mut Issues) {
    if discount > gross {
        issues.error(
            path.key("discount").render(),
            codes::LINE_DISCOUNT_EXCEEDS_GROSS,
            Text::new()
                .str("the discount ")
                .str(&format_minor(discount))
                .str(" is larger than the line's ")
                .str(what)
                .str(", ")
                .str(&format_minor(gross))
                .done(),
        );
    }
}

fn too_large(path: &Path, what: &str, issues: &mut Issues) {
    issues.error(
        path.render(),
        codes::TOO_LARGE,
        Text::new()
            .str(what)
            .str(" is beyond 2^53 − 1, which JavaScript cannot hold exactly")
            .done(),
    );
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    NonNegative,
    Any,
}

/// `Some(None)` when absent, `Some(Some(amount))` when valid, `None` when reported.
fn optional_amount(
    input: Option<&MoneyInput>,
    at: &Path,
    issues: &mut Issues,
) -> Option<Option<i64>> {
    match input {
        None => Some(None),
        Some(input) => resolve_amount(input, at, Sign::NonNegative, issues).map(Some),
    }
}

fn resolve_amount(input: &MoneyInput, at: &Path, sign: Sign, issues: &mut Issues) -> Option<i64> {
    let amount = match input {
        MoneyInput::Minor(minor) => {
            if !(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(minor) {
                too_large(at, &Text::new().int(i128::from(*minor)).done(), issues);
                return None;
            }
            *minor
        }
        MoneyInput::Text(text) => match money::parse_major_amount(text) {
            Ok(minor) => minor,
            Err(error) => {
                report_decimal(
                    error,
                    text,
                    at,
                    Unit::CartMinor,
                    "an amount holds at most 2 decimals",
                    issues,
                );
                return None;
            }
        },
    };
    if sign == Sign::NonNegative && amount < 0 {
        issues.error(
            at.render(),
            codes::NEGATIVE_INPUT,
            Text::new()
                .str("must not be negative (found ")
                .str(&format_minor(amount))
                .str("); a returned item is a positive line with isReturn: true")
                .done(),
        );
        return None;
    }
    Some(amount)
}

fn resolve_rate(input: &RateInput, at: &Path, issues: &mut Issues) -> Option<i64> {
    let out_of_range = |issues: &mut Issues, shown: &str| {
        issues.error(
            at.render(),
            codes::TAX_RATE_OUT_OF_RANGE,
            Text::new()
                .str(shown)
                .str(
                    " is outside 0..100 % (a number is basis points, 0..10000; a string is \
                     percent, \"0\"..\"100\")",
                )
                .done(),
        );
    };
    let bp = match input {
        RateInput::BasisPoints(bp) => {
            if (0..=MAX_TAX_RATE).contains(bp) {
                *bp
            } else {
                out_of_range(issues, &Text::new().int(i128::from(*bp)).done());
                return None;
            }
        }
        RateInput::Percent(text) => match money::parse_percent_rate(text) {
            Ok(bp) => bp,
            Err(DecimalError::Overflow | DecimalError::Negative) => {
                out_of_range(issues, &Text::new().str("\"").str(text).str("\"").done());
                return None;
            }
            Err(error) => {
                report_decimal(
                    error,
                    text,
                    at,
                    Unit::CartBasisPoints,
                    "a percent rate holds at most 2 decimals",
                    issues,
                );
                return None;
            }
        },
    };
    // No VAT rate of NOK, DKK or EUR is under 1 %, but 25 % in the wrong unit is (README.md,
    // "Units"): refused, naming both readings, rather than filing 0.25 % VAT.
    if units::is_under_one_percent(bp) {
        let meant = units::other_reading(bp);
        let (shown, unit) = match input {
            RateInput::BasisPoints(_) => (Text::new().int(i128::from(bp)).done(), "basis points"),
            RateInput::Percent(text) => {
                (Text::new().str("\"").str(text).str("\"").done(), "percent")
            }
        };
        let meant_percent = money::format_rate(meant);
        issues.error(
            at.render(),
            codes::AMBIGUOUS_TAX_RATE,
            Text::new()
                .str(&shown)
                .str(" is ")
                .str(&money::format_rate(bp))
                .str(" % (")
                .str(unit)
                .str("); for ")
                .str(&meant_percent)
                .str(" % write \"")
                .str(&meant_percent)
                .str("\" or ")
                .int(i128::from(meant))
                .str("; no VAT rate is under 1 % (0 for none)")
                .done(),
        );
        return None;
    }
    Some(bp)
}

/// A positive quantity and its canonical API text (at most 10 characters, 8 decimals).
fn resolve_quantity(
    input: &QuantityInput,
    at: &Path,
    issues: &mut Issues,
) -> Option<(Quantity, String)> {
    let parsed = match input {
        QuantityInput::Units(units) if *units < 0 => Err(DecimalError::Negative),
        QuantityInput::Units(units) => Quantity::from_integer(*units),
        QuantityInput::Text(text) => Quantity::parse(text),
    };
    let quantity = match parsed {
        Ok(quantity) => quantity,
        Err(error) => {
            let shown = match input {
                QuantityInput::Units(units) => Text::new().int(i128::from(*units)).done(),
                QuantityInput::Text(text) => text.clone(),
            };
            report_decimal(
                error,
                &shown,
                at,
                Unit::CartQuantity,
                "a quantity holds at most 8 decimals",
                issues,
            );
            return None;
        }
    };
    if quantity.is_zero() {
        issues.error(
            at.render(),
            codes::ZERO_QUANTITY,
            "the quantity must be more than zero",
        );
        return None;
    }
    match quantity.to_api_string() {
        Some(text) => Some((quantity, text)),
        None => {
            issues.error(
                at.render(),
                codes::TOO_LONG,
                Text::new()
                    .str("the quantity ")
                    .decimal(quantity.decimal())
                    .str(" is longer than the API's ")
                    .int(money::MAX_QUANTITY_CHARS as i128)
                    .str(" characters")
                    .done(),
            );
            None
        }
    }
}

fn resolve_payment_sources(
    sources: &CartPaymentSources,
    issues: &mut Issues,
) -> Option<PaymentSources> {
    let path = Path::Root.key("paymentSources");
    let gift_card = optional_amount(sources.gift_card.as_ref(), &path.key("giftCard"), issues);
    let card = optional_amount(sources.card.as_ref(), &path.key("card"), issues);
    let voucher = optional_amount(sources.voucher.as_ref(), &path.key("voucher"), issues);
    let cash = optional_amount(sources.cash.as_ref(), &path.key("cash"), issues);
    Some(PaymentSources {
        gift_card: gift_card?,
        card: card?,
        voucher: voucher?,
        cash: cash?,
    })
}

fn report_decimal(
    error: DecimalError,
    text: &str,
    path: &Path,
    unit: Unit,
    precision: &str,
    issues: &mut Issues,
) {
    let code = match error {
        DecimalError::Syntax => codes::INVALID_DECIMAL,
        DecimalError::TooPrecise => codes::TOO_PRECISE,
        DecimalError::Overflow => codes::TOO_LARGE,
        DecimalError::Negative => codes::NEGATIVE_INPUT,
    };
    let message = match error {
        DecimalError::TooPrecise => Text::new()
            .str("\"")
            .str(text)
            .str("\" ")
            .str(error.describe())
            .str(" (")
            .str(precision)
            .str("; never rounded)")
            .done(),
        // The example is the field's own unit: a rate gets a rate, not an amount.
        DecimalError::Syntax => Text::new()
            .str("\"")
            .str(text)
            .str("\" ")
            .str(&unit.text_advice(text))
            .done(),
        _ => Text::new()
            .str("\"")
            .str(text)
            .str("\" ")
            .str(error.describe())
            .done(),
    };
    issues.error(path.render(), code, message);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_of(issues: &Issues) -> Vec<(&str, &str)> {
        issues
            .errors
            .iter()
            .map(|i| (i.path.as_str(), i.code))
            .collect()
    }

    #[test]
    fn amounts_follow_the_units_rule() {
        let mut issues = Issues::new();
        let text = |t: &str| MoneyInput::Text(t.to_owned());
        assert_eq!(
            resolve_amount(
                &text("39.90"),
                &Path::Root.key("a"),
                Sign::NonNegative,
                &mut issues
            ),
            Some(3990)
        );
        assert_eq!(
            resolve_amount(
                &MoneyInput::Minor(3990),
                &Path::Root.key("a"),
                Sign::NonNegative,
                &mut issues
            ),
            Some(3990)
        );
        assert_eq!(
            resolve_amount(&text("-1.50"), &Path::Root.key("e"), Sign::Any, &mut issues),
            Some(-150)
        );
        assert!(!issues.has_errors());
        for (input, code) in [
            (text("1.001"), codes::TOO_PRECISE),
            (text("1e3"), codes::INVALID_DECIMAL),
            (text("-0.01"), codes::NEGATIVE_INPUT),
            (MoneyInput::Minor(-1), codes::NEGATIVE_INPUT),
            (MoneyInput::Minor(MAX_SAFE_INTEGER + 1), codes::TOO_LARGE),
            (MoneyInput::Minor(i64::MIN), codes::TOO_LARGE),
        ] {
            let mut issues = Issues::new();
            assert_eq!(
                resolve_amount(&input, &Path::Root.key("p"), Sign::NonNegative, &mut issues),
                None
            );
            assert_eq!(codes_of(&issues), [("p", code)], "{input:?}");
        }
    }

    #[test]
    fn rates_in_basis_points_or_percent() {
        let mut issues = Issues::new();
        assert_eq!(
            resolve_rate(&"25.5".into(), &Path::Root.key("r"), &mut issues),
            Some(2550)
        );
        assert_eq!(
            resolve_rate(&2550.into(), &Path::Root.key("r"), &mut issues),
            Some(2550)
        );
        assert_eq!(
            resolve_rate(&"100".into(), &Path::Root.key("r"), &mut issues),
            Some(10000)
        );
        assert_eq!(
            resolve_rate(&0.into(), &Path::Root.key("r"), &mut issues),
            Some(0)
        );
        assert!(!issues.has_errors());
        for (input, code) in [
            (RateInput::BasisPoints(10_001), codes::TAX_RATE_OUT_OF_RANGE),
            (RateInput::BasisPoints(-1), codes::TAX_RATE_OUT_OF_RANGE),
            ("-0.5".into(), codes::TAX_RATE_OUT_OF_RANGE),
            ("101".into(), codes::TAX_RATE_OUT_OF_RANGE),
            ("25 %".into(), codes::INVALID_DECIMAL),
            ("12.345".into(), codes::TOO_PRECISE),
        ] {
            let mut issues = Issues::new();
            assert_eq!(
                resolve_rate(&input, &Path::Root.key("r"), &mut issues),
                None
            );
            assert_eq!(codes_of(&issues), [("r", code)], "{input:?}");
        }
    }

    #[test]
    fn quantities_are_positive_and_canonical() {
        let mut issues = Issues::new();
        let (_, text) =
            resolve_quantity(&"2.50".into(), &Path::Root.key("q"), &mut issues).unwrap();
        assert_eq!(text, "2.5");
        let (_, text) = resolve_quantity(&7.into(), &Path::Root.key("q"), &mut issues).unwrap();
        assert_eq!(text, "7");
        assert!(!issues.has_errors());
        for (input, code) in [
            (QuantityInput::Units(0), codes::ZERO_QUANTITY),
            ("0".into(), codes::ZERO_QUANTITY),
            (QuantityInput::Units(-2), codes::NEGATIVE_INPUT),
            ("-0".into(), codes::NEGATIVE_INPUT),
            ("0.123456789".into(), codes::TOO_PRECISE),
            (QuantityInput::Units(12_345_678_901), codes::TOO_LONG),
            ("two".into(), codes::INVALID_DECIMAL),
        ] {
            let mut issues = Issues::new();
            assert_eq!(
                resolve_quantity(&input, &Path::Root.key("q"), &mut issues),
                None
            );
            assert_eq!(codes_of(&issues), [("q", code)], "{input:?}");
        }
    }

    #[test]
    fn default_line_ids_count_from_the_second() {
        assert_eq!(line_id(None, "shipping", 0), "shipping");
        assert_eq!(line_id(None, "shipping", 1), "shipping-2");
        assert_eq!(line_id(None, "fee", 2), "fee-3");
        assert_eq!(line_id(Some("x"), "fee", 2), "x");
    }

    #[test]
    fn duplicate_ids_name_the_first_use() {
        let mut issues = Issues::new();
        let ids = [
            ("a".to_owned(), "items[0].id".to_owned()),
            ("b".to_owned(), "items[1].id".to_owned()),
            ("a".to_owned(), "fees[0].id".to_owned()),
        ];
        check_unique_ids(&ids, &mut issues);
        assert_eq!(
            codes_of(&issues),
            [("fees[0].id", codes::DUPLICATE_CART_LINE_ID)]
        );
        assert!(issues.errors[0].message.contains("items[0].id"));
    }

    #[test]
    fn summary_names_three_problems_then_counts() {
        let issue = |path: &str| Issue {
            path: path.to_owned(),
            code: codes::REQUIRED,
            message: "'x' is required".to_owned(),
        };
        let error = BuildError {
            issues: vec![issue("a"), issue(""), issue("c"), issue("d"), issue("e")],
        };
        assert_eq!(
            error.to_string(),
            "5 problems: a: 'x' is required; 'x' is required; c: 'x' is required; and 2 more"
        );
        let one = BuildError {
            issues: vec![issue("items[0].name")],
        };
        assert_eq!(one.to_string(), "1 problem: items[0].name: 'x' is required");
    }

    #[test]
    fn a_cart_discount_skips_returns_shipping_and_fees() {
        let mut cart = Cart::new(crate::model::Currency::Nok);
        cart.items.push(CartItem::new("a", "A", 1000, 2500));
        cart.items.push(CartItem {
            is_return: true,
            ..CartItem::new("r", "R", 1000, 2500)
        });
        cart.fees.push(CartFee {
            id: None,
            name: "Fee".into(),
            price: MoneyInput::Minor(500),
            tax_rate: RateInput::BasisPoints(0),
        });
        cart.discount = Some(MoneyInput::Minor(1000));
        let receipt = build_receipt(&cart).unwrap().receipt;
        let discounts: Vec<Option<i64>> = receipt.order_lines.iter().map(|l| l.discount).collect();
        assert_eq!(discounts, [Some(1000), None, None]);
        assert_eq!(receipt.total(), Some(-500));
    }
}
