//! The cart: what a shop hands the builder. Typed for Rust users, and read from JSON with paths
//! ([`Cart::from_value`]). Values keep the caller's units ([`MoneyInput`], [`RateInput`],
//! [`QuantityInput`]) until the builder resolves them, so a bad decimal is reported where it was
//! written.
//!
//! The one units rule (DESIGN.md): a JSON number is in API units (minor units, basis points,
//! whole quantities) and must be an integer; a JSON string is a human decimal (`"39.90"`,
//! `"25.5"`, `"2.5"`).

use serde_json::Value;

use crate::codes;
use crate::issue::Issues;
use crate::json::walk::{Need, as_array, as_bool, as_object, field, str_field};
use crate::json::{JsonMap, JsonValue, Path, expect_integer, type_name};
use crate::model::{Barcode, BarcodeFormat, Currency, QuantityUnit, fields};
use crate::money::MAX_SAFE_INTEGER;

use super::BuildError;

/// An amount: `Minor(3990)` is API units (minor units), `Text("39.90")` a human decimal in major units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyInput {
    /// Minor units (øre, cents): `3990`.
    Minor(i64),
    /// A decimal in major units: `"39.90"`.
    Text(String),
}

/// A tax rate: `BasisPoints(2550)` or `Percent("25.5")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateInput {
    /// Basis points: `2550` is 25.5 %.
    BasisPoints(i64),
    /// A decimal percentage: `"25.5"`.
    Percent(String),
}

/// A quantity: `Units(2)` or `Text("2.5")` (at most 8 decimals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityInput {
    /// A whole number of units.
    Units(i64),
    /// A decimal quantity: `"2.5"`.
    Text(String),
}

impl From<i64> for MoneyInput {
    fn from(minor: i64) -> MoneyInput {
        MoneyInput::Minor(minor)
    }
}

impl From<&str> for MoneyInput {
    fn from(text: &str) -> MoneyInput {
        MoneyInput::Text(text.to_owned())
    }
}

impl From<i64> for RateInput {
    fn from(basis_points: i64) -> RateInput {
        RateInput::BasisPoints(basis_points)
    }
}

impl From<&str> for RateInput {
    fn from(percent: &str) -> RateInput {
        RateInput::Percent(percent.to_owned())
    }
}

impl From<i64> for QuantityInput {
    fn from(units: i64) -> QuantityInput {
        QuantityInput::Units(units)
    }
}

impl From<&str> for QuantityInput {
    fn from(text: &str) -> QuantityInput {
        QuantityInput::Text(text.to_owned())
    }
}

/// A shop's cart. With `prices_include_tax` (the default) every price and discount includes tax;
/// without it, unit prices, prices and discounts (line and cart) are net and the builder adds the
/// tax. `tip_amount`, `payment_sources` and `expected_total` are money paid either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cart {
    /// The currency of every amount.
    pub currency: Currency,
    /// What was bought (returns included, with `is_return`).
    pub items: Vec<CartItem>,
    /// Shipping lines.
    pub shipping: Vec<CartShipping>,
    /// Fee lines (payment fee, packaging, deposit).
    pub fees: Vec<CartFee>,
    /// Cart-level discount, spread over the item lines that are not returns.
    pub discount: Option<MoneyInput>,
    /// A tip, paid on top.
    pub tip_amount: Option<MoneyInput>,
    /// How the total was paid (each source in money).
    pub payment_sources: Option<CartPaymentSources>,
    /// A barcode for the receipt.
    pub barcode: Option<Barcode>,
    /// The shop's receipt number.
    pub receipt_number: Option<String>,
    /// The POS terminal's device number.
    pub pos_id: Option<String>,
    /// Whether prices and discounts include tax (`true`, the default) or are net.
    pub prices_include_tax: bool,
    /// The amount charged; when given and the receipt totals differently, building fails.
    pub expected_total: Option<MoneyInput>,
}

impl Cart {
    /// An empty cart in `currency`, prices including tax.
    pub fn new(currency: Currency) -> Cart {
        Cart {
            currency,
            items: Vec::new(),
            shipping: Vec::new(),
            fees: Vec::new(),
            discount: None,
            tip_amount: None,
            payment_sources: None,
            barcode: None,
            receipt_number: None,
            pos_id: None,
            prices_include_tax: true,
            expected_total: None,
        }
    }

    /// Reads a cart from JSON, reporting every shape problem (types, required and unknown
    /// fields, enum values, non-integer numbers) with its path. Decimal strings are checked when
    /// the receipt is built.
    pub fn from_value(value: &Value) -> Result<Cart, BuildError> {
        let mut issues = Issues::new();
        match read_cart(&JsonValue::from_serde(value), &mut issues) {
            Some(read) if !issues.has_errors() => Ok(read.cart),
            _ => Err(BuildError::from_issues(issues)),
        }
    }
}

/// One product line. `quantity` defaults to 1 and `unit` to PCS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartItem {
    /// The shop's product id (SKU).
    pub id: String,
    /// What the app shows.
    pub name: String,
    /// The price of one unit, before discount.
    pub unit_price: MoneyInput,
    /// How many (1 by default).
    pub quantity: QuantityInput,
    /// The unit (`PCS` by default).
    pub unit: QuantityUnit,
    /// The tax rate.
    pub tax_rate: RateInput,
    /// The line's own discount (an amount, not a percentage).
    pub discount: Option<MoneyInput>,
    /// A link to the product in the shop.
    pub product_url: Option<String>,
    /// A returned item: given with positive amounts, counted negative in the receipt total.
    pub is_return: bool,
}

impl CartItem {
    /// An item of quantity 1 PCS with no discount.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        unit_price: impl Into<MoneyInput>,
        tax_rate: impl Into<RateInput>,
    ) -> CartItem {
        CartItem {
            id: id.into(),
            name: name.into(),
            unit_price: unit_price.into(),
            quantity: QuantityInput::Units(1),
            unit: QuantityUnit::Pcs,
            tax_rate: tax_rate.into(),
            discount: None,
            product_url: None,
            is_return: false,
        }
    }
}

/// A shipping line. Without an id it is `shipping`, `shipping-2`, ... by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartShipping {
    /// The line's id; `shipping`, `shipping-2`, ... when absent.
    pub id: Option<String>,
    /// What the app shows ("Home delivery").
    pub name: String,
    /// The price, before discount.
    pub price: MoneyInput,
    /// The tax rate.
    pub tax_rate: RateInput,
    /// A discount on shipping.
    pub discount: Option<MoneyInput>,
}

/// A fee line (payment fee, packaging, deposit). Without an id it is `fee`, `fee-2`, ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartFee {
    /// The line's id; `fee`, `fee-2`, ... when absent.
    pub id: Option<String>,
    /// What the app shows.
    pub name: String,
    /// The price.
    pub price: MoneyInput,
    /// The tax rate.
    pub tax_rate: RateInput,
}

/// How the total was paid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CartPaymentSources {
    /// Paid by gift card.
    pub gift_card: Option<MoneyInput>,
    /// Paid by card.
    pub card: Option<MoneyInput>,
    /// Paid by voucher.
    pub voucher: Option<MoneyInput>,
    /// Paid in cash.
    pub cash: Option<MoneyInput>,
}

/// A cart read from JSON, with where each line came from: lines that failed to read are left
/// out of `cart`, so the builder needs the original indexes to report its own issues at the
/// right paths, and `complete` to know whether sums over all lines mean anything.
pub(crate) struct ReadCart {
    pub cart: Cart,
    pub origins: Origins,
    pub complete: bool,
}

/// The JSON index of each line of a cart, and whether `shipping` was a single object.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins {
    pub items: Vec<usize>,
    pub shipping: Vec<usize>,
    pub fees: Vec<usize>,
    pub shipping_is_object: bool,
}

impl Origins {
    /// Lines are where the typed cart has them.
    pub fn identity(cart: &Cart) -> Origins {
        Origins {
            items: (0..cart.items.len()).collect(),
            shipping: (0..cart.shipping.len()).collect(),
            fees: (0..cart.fees.len()).collect(),
            shipping_is_object: false,
        }
    }

    pub fn item_place(&self, position: usize) -> LinePlace {
        LinePlace {
            list: "items",
            index: Some(self.items.get(position).copied().unwrap_or(position)),
        }
    }

    pub fn shipping_place(&self, position: usize) -> LinePlace {
        LinePlace {
            list: "shipping",
            index: (!self.shipping_is_object)
                .then(|| self.shipping.get(position).copied().unwrap_or(position)),
        }
    }

    pub fn fee_place(&self, position: usize) -> LinePlace {
        LinePlace {
            list: "fees",
            index: Some(self.fees.get(position).copied().unwrap_or(position)),
        }
    }
}

/// Where a line is in the cart's JSON: `items[3]`, or `shipping` when that was a single object.
/// Kept with the line, so that a path is made only when the builder reports something there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinePlace {
    list: &'static str,
    index: Option<usize>,
}

impl LinePlace {
    /// Calls `with` with the line's path.
    pub fn with_path<R>(self, with: impl FnOnce(&Path) -> R) -> R {
        let list = Path::Root.key(self.list);
        match self.index {
            Some(index) => with(&list.index(index)),
            None => with(&list),
        }
    }
}

/// Reads the whole cart; `None` only when the root is not an object. A missing or unknown
/// currency is reported and read as NOK so that the lines are still checked (the build fails
/// anyway, since `complete` is false).
pub(crate) fn read_cart(value: &JsonValue<'_>, issues: &mut Issues) -> Option<ReadCart> {
    let errors_before = issues.error_count();
    let root = Path::Root;
    let map = as_object(value, &root, issues)?;
    refuse_unknown(map, &root, fields::CART, issues);

    let currency =
        str_field(map, "currency", Need::RequiredNullIsAbsent, &root, issues).and_then(|text| {
            read_enum(
                text,
                &root.key("currency"),
                Currency::parse,
                Currency::allowed,
                issues,
            )
        });

    let mut origins = Origins::default();
    let mut items = Vec::new();
    let items_path = root.key("items");
    if let Some(values) = field(map, "items", Need::Optional, &root, issues)
        .and_then(|value| as_array(value, &items_path, issues))
    {
        for (index, item) in values.iter().enumerate() {
            if let Some(item) = read_item(item, &items_path.index(index), issues) {
                items.push(item);
                origins.items.push(index);
            }
        }
    }

    let mut shipping = Vec::new();
    let shipping_path = root.key("shipping");
    match field(map, "shipping", Need::Optional, &root, issues) {
        None => {}
        Some(JsonValue::Array(values)) => {
            for (index, line) in values.iter().enumerate() {
                if let Some(line) = read_shipping(line, &shipping_path.index(index), issues) {
                    shipping.push(line);
                    origins.shipping.push(index);
                }
            }
        }
        Some(single) => {
            origins.shipping_is_object = true;
            if let Some(line) = read_shipping(single, &shipping_path, issues) {
                shipping.push(line);
                origins.shipping.push(0);
            }
        }
    }

    let mut fees = Vec::new();
    let fees_path = root.key("fees");
    if let Some(values) = field(map, "fees", Need::Optional, &root, issues)
        .and_then(|value| as_array(value, &fees_path, issues))
    {
        for (index, fee) in values.iter().enumerate() {
            if let Some(fee) = read_fee(fee, &fees_path.index(index), issues) {
                fees.push(fee);
                origins.fees.push(index);
            }
        }
    }

    let discount = read_money(map, &root, "discount", Need::Optional, issues);
    let tip_amount = read_money(map, &root, "tipAmount", Need::Optional, issues);
    let expected_total = read_money(map, &root, "expectedTotal", Need::Optional, issues);
    let payment_sources = read_object(map, &root, "paymentSources", issues)
        .map(|sources| read_payment_sources(sources, &root.key("paymentSources"), issues));
    let barcode = read_object(map, &root, "barcode", issues)
        .and_then(|barcode| read_barcode(barcode, &root.key("barcode"), issues));
    let receipt_number =
        str_field(map, "receiptNumber", Need::Optional, &root, issues).map(str::to_owned);
    let pos_id = str_field(map, "posId", Need::Optional, &root, issues).map(str::to_owned);
    let prices_include_tax = read_bool(map, &root, "pricesIncludeTax", issues).unwrap_or(true);

    let complete = issues.error_count() == errors_before;
    Some(ReadCart {
        cart: Cart {
            currency: currency.unwrap_or(Currency::Nok),
            items,
            shipping,
            fees,
            discount,
            tip_amount,
            payment_sources,
            barcode,
            receipt_number,
            pos_id,
            prices_include_tax,
            expected_total,
        },
        origins,
        complete,
    })
}

/// The object at `key`, or `None` when absent, null or reported.
fn read_object<'v>(
    map: &'v JsonMap<'v>,
    path: &Path,
    key: &str,
    issues: &mut Issues,
) -> Option<&'v JsonMap<'v>> {
    let value = field(map, key, Need::Optional, path, issues)?;
    as_object(value, &path.key(key), issues)
}

fn read_bool(map: &JsonMap<'_>, path: &Path, key: &str, issues: &mut Issues) -> Option<bool> {
    let value = field(map, key, Need::Optional, path, issues)?;
    as_bool(value, &path.key(key), issues)
}

/// Reads one line object; `None` (with the issues reported) when any field of it is unusable.
fn read_line<'v, T>(
    value: &'v JsonValue<'v>,
    path: &Path,
    issues: &mut Issues,
    read: impl FnOnce(&'v JsonMap<'v>, &mut Issues) -> Option<T>,
) -> Option<T> {
    let errors_before = issues.error_count();
    let map = as_object(value, path, issues)?;
    let line = read(map, issues);
    if issues.error_count() > errors_before {
        None
    } else {
        line
    }
}

fn read_item(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<CartItem> {
    read_line(value, path, issues, |map, issues| {
        refuse_unknown(map, path, fields::CART_ITEM, issues);
        let id = str_field(map, "id", Need::RequiredNullIsAbsent, path, issues);
        let name = str_field(map, "name", Need::RequiredNullIsAbsent, path, issues);
        let unit_price = read_money(map, path, "unitPrice", Need::RequiredNullIsAbsent, issues);
        let quantity = read_quantity(map, path, "quantity", issues);
        let unit = str_field(map, "unit", Need::Optional, path, issues).map(|text| {
            read_enum(
                text,
                &path.key("unit"),
                QuantityUnit::parse,
                QuantityUnit::allowed,
                issues,
            )
        });
        let tax_rate = read_rate(map, path, "taxRate", issues);
        let discount = read_money(map, path, "discount", Need::Optional, issues);
        let product_url =
            str_field(map, "productUrl", Need::Optional, path, issues).map(str::to_owned);
        let is_return = read_bool(map, path, "isReturn", issues).unwrap_or(false);
        Some(CartItem {
            id: id?.to_owned(),
            name: name?.to_owned(),
            unit_price: unit_price?,
            quantity: quantity.unwrap_or(QuantityInput::Units(1)),
            unit: unit.unwrap_or(Some(QuantityUnit::Pcs))?,
            tax_rate: tax_rate?,
            discount,
            product_url,
            is_return,
        })
    })
}

fn read_shipping(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<CartShipping> {
    read_line(value, path, issues, |map, issues| {
        refuse_unknown(map, path, fields::CART_SHIPPING, issues);
        let id = str_field(map, "id", Need::Optional, path, issues).map(str::to_owned);
        let name = str_field(map, "name", Need::RequiredNullIsAbsent, path, issues);
        let price = read_money(map, path, "price", Need::RequiredNullIsAbsent, issues);
        let tax_rate = read_rate(map, path, "taxRate", issues);
        let discount = read_money(map, path, "discount", Need::Optional, issues);
        Some(CartShipping {
            id,
            name: name?.to_owned(),
            price: price?,
            tax_rate: tax_rate?,
            discount,
        })
    })
}

fn read_fee(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<CartFee> {
    read_line(value, path, issues, |map, issues| {
        refuse_unknown(map, path, fields::CART_FEE, issues);
        let id = str_field(map, "id", Need::Optional, path, issues).map(str::to_owned);
        let name = str_field(map, "name", Need::RequiredNullIsAbsent, path, issues);
        let price = read_money(map, path, "price", Need::RequiredNullIsAbsent, issues);
        let tax_rate = read_rate(map, path, "taxRate", issues);
        Some(CartFee {
            id,
            name: name?.to_owned(),
            price: price?,
            tax_rate: tax_rate?,
        })
    })
}

fn read_payment_sources(map: &JsonMap<'_>, path: &Path, issues: &mut Issues) -> CartPaymentSources {
    refuse_unknown(map, path, fields::PAYMENT_SOURCES, issues);
    CartPaymentSources {
        gift_card: read_money(map, path, "giftCard", Need::Optional, issues),
        card: read_money(map, path, "card", Need::Optional, issues),
        voucher: read_money(map, path, "voucher", Need::Optional, issues),
        cash: read_money(map, path, "cash", Need::Optional, issues),
    }
}

fn read_barcode(map: &JsonMap<'_>, path: &Path, issues: &mut Issues) -> Option<Barcode> {
    refuse_unknown(map, path, fields::BARCODE, issues);
    let format =
        str_field(map, "format", Need::RequiredNullIsAbsent, path, issues).and_then(|text| {
            read_enum(
                text,
                &path.key("format"),
                BarcodeFormat::parse,
                BarcodeFormat::allowed,
                issues,
            )
        });
    let data = str_field(map, "data", Need::RequiredNullIsAbsent, path, issues);
    Some(Barcode {
        format: Some(format?),
        data: Some(data?.to_owned()),
    })
}

/// A number (API units, must be an integer) or a string (human decimal, checked when built).
fn read_money(
    map: &JsonMap<'_>,
    path: &Path,
    key: &str,
    need: Need,
    issues: &mut Issues,
) -> Option<MoneyInput> {
    let value = field(map, key, need, path, issues)?;
    match value {
        JsonValue::String(text) => Some(MoneyInput::Text(text.as_ref().to_owned())),
        JsonValue::Number(_) => integer_at(value, &path.key(key), issues).map(MoneyInput::Minor),
        other => {
            issues.error(
                path.key(key).render(),
                codes::EXPECTED_TYPE,
                format!(
                    "expected an amount: an integer in minor units (3990) or a decimal string (\"39.90\"), found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

fn read_rate(map: &JsonMap<'_>, path: &Path, key: &str, issues: &mut Issues) -> Option<RateInput> {
    let value = field(map, key, Need::RequiredNullIsAbsent, path, issues)?;
    match value {
        JsonValue::String(text) => Some(RateInput::Percent(text.as_ref().to_owned())),
        JsonValue::Number(_) => {
            integer_at(value, &path.key(key), issues).map(RateInput::BasisPoints)
        }
        other => {
            issues.error(
                path.key(key).render(),
                codes::EXPECTED_TYPE,
                format!(
                    "expected a tax rate: an integer in basis points (2550) or a percent string (\"25.5\"), found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

fn read_quantity(
    map: &JsonMap<'_>,
    path: &Path,
    key: &str,
    issues: &mut Issues,
) -> Option<QuantityInput> {
    let value = field(map, key, Need::Optional, path, issues)?;
    match value {
        JsonValue::String(text) => Some(QuantityInput::Text(text.as_ref().to_owned())),
        JsonValue::Number(_) => integer_at(value, &path.key(key), issues).map(QuantityInput::Units),
        other => {
            issues.error(
                path.key(key).render(),
                codes::EXPECTED_TYPE,
                format!(
                    "expected a quantity: an integer (2) or a decimal string (\"2.5\"), found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

/// An integer in API units (within ±(2^53 − 1)), or the reader's report at `path`.
fn integer_at(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<i64> {
    if let JsonValue::Number(number) = value {
        let safe = number
            .as_i64()
            .filter(|i| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i));
        if safe.is_some() {
            return safe;
        }
    }
    expect_integer(value, &path.render(), issues)
}

fn read_enum<T>(
    text: &str,
    path: &Path,
    parse: impl Fn(&str) -> Option<T>,
    allowed: impl Fn() -> &'static str,
    issues: &mut Issues,
) -> Option<T> {
    let parsed = parse(text);
    if parsed.is_none() {
        issues.error(
            path.render(),
            codes::UNKNOWN_VALUE,
            format!("\"{text}\" is not one of {}", allowed().trim_end()),
        );
    }
    parsed
}

/// Unknown cart fields are errors, not warnings: a misspelt `discuont` would otherwise drop a
/// discount and the receipt would silently show the wrong amounts.
fn refuse_unknown(map: &JsonMap<'_>, path: &Path, known: &[&str], issues: &mut Issues) {
    if map.keys().all(|key| known.contains(&key)) {
        return;
    }
    // In key order (as serde_json's map iterates), whatever order the text had.
    let mut unknown: Vec<&str> = map.keys().filter(|key| !known.contains(key)).collect();
    unknown.sort_unstable();
    for key in unknown {
        issues.error(
            path.key(key).render(),
            codes::UNKNOWN_CART_FIELD,
            format!(
                "unknown cart field '{key}' (known here: {})",
                known.join(", ")
            ),
        );
    }
}
