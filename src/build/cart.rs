//! The cart: what a shop hands the builder. Typed for Rust users, and read from JSON with paths
//! ([`Cart::from_value`]). Values keep the caller's units ([`MoneyInput`], [`RateInput`],
//! [`QuantityInput`]) until the builder resolves them, so a bad decimal is reported where it was
//! written.
//!
//! The one units rule (DESIGN.md): a JSON number is in API units (minor units, basis points,
//! whole quantities) and must be an integer; a JSON string is a human decimal (`"39.90"`,
//! `"25.5"`, `"2.5"`).

use serde_json::Value;

use crate::json::JsonValue;

use crate::codes;
use crate::issue::{Issues, index_path};
use crate::json::{Obj, expect_integer, type_name};
use crate::model::{Barcode, BarcodeFormat, Currency, QuantityUnit};
use crate::money::MAX_SAFE_INTEGER;
use crate::units::Unit;

use super::line::PriceBasis;
use super::{
    BuildError, ItemFields, LineKind, PricedLine, check_unreadable_item, check_unreadable_priced,
};

/// An amount: `Minor(3990)` is API units (minor units), `Text("39.90")` a human decimal in major units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyInput {
    /// Minor units (øre, cents): `3990`.
    Minor(i64),
    /// A decimal in major units: `"39.90"`.
    Text(String),
}

/// A tax rate: `BasisPoints(2550)` or `Percent("25.5")`. A rate above 0 and under 1 %
/// (`BasisPoints(25)`, `Percent("0.25")`) is refused as `ambiguous_tax_rate`: no VAT rate is that
/// low, but 25 % in the wrong unit is (README.md, "Units").
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

    pub fn item_path(&self, position: usize) -> String {
        index_path(
            "items",
            self.items.get(position).copied().unwrap_or(position),
        )
    }

    pub fn shipping_path(&self, position: usize) -> String {
        if self.shipping_is_object {
            "shipping".to_owned()
        } else {
            index_path(
                "shipping",
                self.shipping.get(position).copied().unwrap_or(position),
            )
        }
    }

    pub fn fee_path(&self, position: usize) -> String {
        index_path("fees", self.fees.get(position).copied().unwrap_or(position))
    }
}

const CART_FIELDS: &[&str] = &[
    "currency",
    "items",
    "shipping",
    "fees",
    "discount",
    "tipAmount",
    "paymentSources",
    "barcode",
    "receiptNumber",
    "posId",
    "pricesIncludeTax",
    "expectedTotal",
];
const ITEM_FIELDS: &[&str] = &[
    "id",
    "name",
    "unitPrice",
    "quantity",
    "unit",
    "taxRate",
    "discount",
    "productUrl",
    "isReturn",
];
const SHIPPING_FIELDS: &[&str] = &["id", "name", "price", "taxRate", "discount"];
const FEE_FIELDS: &[&str] = &["id", "name", "price", "taxRate"];
const PAYMENT_FIELDS: &[&str] = &["giftCard", "card", "voucher", "cash"];
const BARCODE_FIELDS: &[&str] = &["format", "data"];

/// Reads the whole cart; `None` only when the root is not an object. A missing or unknown
/// currency is reported and read as NOK so that the lines are still checked (the build fails
/// anyway, since `complete` is false).
pub(crate) fn read_cart(value: &JsonValue<'_>, issues: &mut Issues) -> Option<ReadCart> {
    let errors_before = issues.error_count();
    let root = Obj::read(value, "", issues)?;
    refuse_unknown(&root, CART_FIELDS, issues);

    if root.get("currency").is_none() {
        issues.error(
            root.path_of("currency"),
            codes::REQUIRED,
            format!(
                "'currency' is required: one of {}",
                Currency::allowed().trim_end()
            ),
        );
    }
    let currency = root.string("currency", false, issues).and_then(|text| {
        read_enum(
            text,
            &root.path_of("currency"),
            Currency::parse,
            Currency::allowed,
            issues,
        )
    });

    // Read before the lines: an item that cannot be read whole is checked in its basis.
    let prices_include_tax = root.bool("pricesIncludeTax", issues).unwrap_or(true);
    let basis = if prices_include_tax {
        PriceBasis::IncludingTax
    } else {
        PriceBasis::ExcludingTax
    };
    let mut origins = Origins::default();
    let mut items = Vec::new();
    if let Some(values) = root.array("items", false, issues) {
        for (index, item) in values.iter().enumerate() {
            if let Some(item) = read_item(item, &index_path("items", index), basis, issues) {
                items.push(item);
                origins.items.push(index);
            }
        }
    }

    let mut shipping = Vec::new();
    match root.get("shipping") {
        None => {}
        Some(JsonValue::Array(values)) => {
            for (index, line) in values.iter().enumerate() {
                if let Some(line) = read_shipping(line, &index_path("shipping", index), issues) {
                    shipping.push(line);
                    origins.shipping.push(index);
                }
            }
        }
        Some(single) => {
            origins.shipping_is_object = true;
            if let Some(line) = read_shipping(single, "shipping", issues) {
                shipping.push(line);
                origins.shipping.push(0);
            }
        }
    }

    let mut fees = Vec::new();
    if let Some(values) = root.array("fees", false, issues) {
        for (index, fee) in values.iter().enumerate() {
            if let Some(fee) = read_fee(fee, &index_path("fees", index), issues) {
                fees.push(fee);
                origins.fees.push(index);
            }
        }
    }

    let discount = read_money(&root, "discount", false, issues);
    let tip_amount = read_money(&root, "tipAmount", false, issues);
    let expected_total = read_money(&root, "expectedTotal", false, issues);
    let payment_sources = root
        .object("paymentSources", false, issues)
        .map(|obj| read_payment_sources(&obj, issues));
    let barcode = root
        .object("barcode", false, issues)
        .and_then(|obj| read_barcode(&obj, issues));
    let receipt_number = root
        .string("receiptNumber", false, issues)
        .map(str::to_owned);
    let pos_id = root.string("posId", false, issues).map(str::to_owned);

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

/// Reads one line object: `Some` when every field of it is usable; otherwise `None`, after the
/// fields that could be read were checked by the builder (`check`), so that one bad field never
/// hides another's problem.
fn read_line<'v, F, T>(
    value: &'v JsonValue<'v>,
    path: &str,
    issues: &mut Issues,
    read: impl FnOnce(&Obj<'v>, &mut Issues) -> F,
    whole: impl FnOnce(F) -> Option<T>,
    check: impl FnOnce(&F, &mut Issues),
) -> Option<T> {
    let errors_before = issues.error_count();
    let obj = Obj::read(value, path, issues)?;
    let fields = read(&obj, issues);
    if issues.error_count() > errors_before {
        check(&fields, issues);
        None
    } else {
        whole(fields)
    }
}

/// An item's fields as read; `None` where absent or unreadable.
struct ReadItem<'v> {
    id: Option<&'v str>,
    name: Option<&'v str>,
    unit_price: Option<MoneyInput>,
    quantity: Option<QuantityInput>,
    unit: Option<Option<QuantityUnit>>,
    tax_rate: Option<RateInput>,
    discount: Option<MoneyInput>,
    product_url: Option<&'v str>,
    is_return: bool,
}

fn read_item<'v>(
    value: &'v JsonValue<'v>,
    path: &str,
    basis: PriceBasis,
    issues: &mut Issues,
) -> Option<CartItem> {
    read_line(
        value,
        path,
        issues,
        |obj, issues| {
            refuse_unknown(obj, ITEM_FIELDS, issues);
            ReadItem {
                id: obj.string("id", true, issues),
                name: obj.string("name", true, issues),
                unit_price: read_money(obj, "unitPrice", true, issues),
                quantity: read_quantity(obj, "quantity", issues),
                unit: obj.string("unit", false, issues).map(|text| {
                    read_enum(
                        text,
                        &obj.path_of("unit"),
                        QuantityUnit::parse,
                        QuantityUnit::allowed,
                        issues,
                    )
                }),
                tax_rate: read_rate(obj, "taxRate", issues),
                discount: read_money(obj, "discount", false, issues),
                product_url: obj.string("productUrl", false, issues),
                is_return: obj.bool("isReturn", issues).unwrap_or(false),
            }
        },
        |item| {
            Some(CartItem {
                id: item.id?.to_owned(),
                name: item.name?.to_owned(),
                unit_price: item.unit_price?,
                quantity: item.quantity.unwrap_or(QuantityInput::Units(1)),
                unit: item.unit.unwrap_or(Some(QuantityUnit::Pcs))?,
                tax_rate: item.tax_rate?,
                discount: item.discount,
                product_url: item.product_url.map(str::to_owned),
                is_return: item.is_return,
            })
        },
        |item, issues| {
            let fields = ItemFields {
                id: item.id,
                name: item.name,
                unit_price: item.unit_price.as_ref(),
                quantity: item.quantity.as_ref(),
                unit: None,
                tax_rate: item.tax_rate.as_ref(),
                discount: item.discount.as_ref(),
                product_url: item.product_url,
                is_return: item.is_return,
            };
            check_unreadable_item(fields, path, basis, issues);
        },
    )
}

/// A shipping or fee line's fields as read; `None` where absent or unreadable.
struct ReadPriced<'v> {
    id: Option<&'v str>,
    name: Option<&'v str>,
    price: Option<MoneyInput>,
    tax_rate: Option<RateInput>,
    discount: Option<MoneyInput>,
}

impl ReadPriced<'_> {
    fn check(&self, kind: LineKind, path: &str, issues: &mut Issues) {
        let line = PricedLine {
            kind,
            // Only its emptiness is checked here; a default id is never empty.
            id: self.id.unwrap_or("-").to_owned(),
            name: self.name,
            price: self.price.as_ref(),
            tax_rate: self.tax_rate.as_ref(),
            discount: self.discount.as_ref(),
        };
        check_unreadable_priced(line, path, issues);
    }
}

fn read_priced<'v>(obj: &Obj<'v>, known: &[&str], issues: &mut Issues) -> ReadPriced<'v> {
    refuse_unknown(obj, known, issues);
    ReadPriced {
        id: obj.string("id", false, issues),
        name: obj.string("name", true, issues),
        price: read_money(obj, "price", true, issues),
        tax_rate: read_rate(obj, "taxRate", issues),
        discount: if known.contains(&"discount") {
            read_money(obj, "discount", false, issues)
        } else {
            None
        },
    }
}

fn read_shipping<'v>(
    value: &'v JsonValue<'v>,
    path: &str,
    issues: &mut Issues,
) -> Option<CartShipping> {
    read_line(
        value,
        path,
        issues,
        |obj, issues| read_priced(obj, SHIPPING_FIELDS, issues),
        |line| {
            Some(CartShipping {
                id: line.id.map(str::to_owned),
                name: line.name?.to_owned(),
                price: line.price?,
                tax_rate: line.tax_rate?,
                discount: line.discount,
            })
        },
        |line, issues| line.check(LineKind::Shipping, path, issues),
    )
}

fn read_fee<'v>(value: &'v JsonValue<'v>, path: &str, issues: &mut Issues) -> Option<CartFee> {
    read_line(
        value,
        path,
        issues,
        |obj, issues| read_priced(obj, FEE_FIELDS, issues),
        |line| {
            Some(CartFee {
                id: line.id.map(str::to_owned),
                name: line.name?.to_owned(),
                price: line.price?,
                tax_rate: line.tax_rate?,
            })
        },
        |line, issues| line.check(LineKind::Fee, path, issues),
    )
}

fn read_payment_sources(obj: &Obj<'_>, issues: &mut Issues) -> CartPaymentSources {
    refuse_unknown(obj, PAYMENT_FIELDS, issues);
    CartPaymentSources {
        gift_card: read_money(obj, "giftCard", false, issues),
        card: read_money(obj, "card", false, issues),
        voucher: read_money(obj, "voucher", false, issues),
        cash: read_money(obj, "cash", false, issues),
    }
}

fn read_barcode(obj: &Obj<'_>, issues: &mut Issues) -> Option<Barcode> {
    refuse_unknown(obj, BARCODE_FIELDS, issues);
    let format = obj.string("format", true, issues).and_then(|text| {
        read_enum(
            text,
            &obj.path_of("format"),
            BarcodeFormat::parse,
            BarcodeFormat::allowed,
            issues,
        )
    });
    let data = obj.string("data", true, issues);
    Some(Barcode {
        format: Some(format?),
        data: Some(data?.to_owned()),
    })
}

/// A number (API units, must be an integer) or a string (human decimal, checked when built).
fn read_money(obj: &Obj<'_>, key: &str, required: bool, issues: &mut Issues) -> Option<MoneyInput> {
    let value = if required {
        obj.required(key, issues)?
    } else {
        obj.get(key)?
    };
    match value {
        JsonValue::String(text) => Some(MoneyInput::Text(text.as_ref().to_owned())),
        JsonValue::Number(_) => {
            integer_at(obj, key, value, Unit::CartMinor, issues).map(MoneyInput::Minor)
        }
        other => {
            issues.error(
                obj.path_of(key),
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

fn read_rate(obj: &Obj<'_>, key: &str, issues: &mut Issues) -> Option<RateInput> {
    let value = obj.required(key, issues)?;
    match value {
        JsonValue::String(text) => Some(RateInput::Percent(text.as_ref().to_owned())),
        JsonValue::Number(_) => {
            integer_at(obj, key, value, Unit::CartBasisPoints, issues).map(RateInput::BasisPoints)
        }
        other => {
            issues.error(
                obj.path_of(key),
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

fn read_quantity(obj: &Obj<'_>, key: &str, issues: &mut Issues) -> Option<QuantityInput> {
    let value = obj.get(key)?;
    match value {
        JsonValue::String(text) => Some(QuantityInput::Text(text.as_ref().to_owned())),
        JsonValue::Number(_) => {
            integer_at(obj, key, value, Unit::CartQuantity, issues).map(QuantityInput::Units)
        }
        other => {
            issues.error(
                obj.path_of(key),
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

/// An integer in API units (within ±(2^53 − 1)), or the reader's report; the path is made only
/// for a report.
fn integer_at(
    obj: &Obj<'_>,
    key: &str,
    value: &JsonValue<'_>,
    unit: Unit,
    issues: &mut Issues,
) -> Option<i64> {
    if let JsonValue::Number(number) = value {
        let safe = number
            .as_i64()
            .filter(|i| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i));
        if safe.is_some() {
            return safe;
        }
    }
    expect_integer(value, &obj.path_of(key), unit, issues)
}

fn read_enum<T>(
    text: &str,
    path: &str,
    parse: impl Fn(&str) -> Option<T>,
    allowed: impl Fn() -> &'static str,
    issues: &mut Issues,
) -> Option<T> {
    let parsed = parse(text);
    if parsed.is_none() {
        issues.error(
            path,
            codes::UNKNOWN_VALUE,
            format!("\"{text}\" is not one of {}", allowed().trim_end()),
        );
    }
    parsed
}

/// Unknown cart fields are errors, not warnings: a misspelt `discuont` would otherwise drop a
/// discount and the receipt would silently show the wrong amounts.
fn refuse_unknown(obj: &Obj<'_>, known: &[&str], issues: &mut Issues) {
    // In key order (as serde_json's map iterates), whatever order the text had.
    let mut unknown: Vec<&str> = obj.map.keys().filter(|key| !known.contains(key)).collect();
    unknown.sort_unstable();
    for key in unknown {
        issues.error(
            obj.path_of(key),
            codes::UNKNOWN_CART_FIELD,
            format!(
                "unknown cart field '{key}' (known here: {})",
                known.join(", ")
            ),
        );
    }
}
