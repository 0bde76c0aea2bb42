//! The cart: what a shop hands the builder. Typed for Rust users, and read from JSON with paths
//! ([`Cart::from_value`]). Values keep the caller's units ([`MoneyInput`], [`RateInput`],
//! [`QuantityInput`]) until the builder resolves them, so a bad decimal is reported where it was
//! written.
//!
//! The one units rule (docs/UNITS.md): a JSON number is in API units (minor units, basis points,
//! whole quantities) and must be an integer; a JSON string is a human decimal (`"39.90"`,
//! `"25.5"`, `"2.5"`).

use serde_json::Value;

use crate::json::{Arena, JsonValue};

use crate::codes;
use crate::issue::{Issues, Text};
use crate::json::walk::{Need, as_array, as_bool, as_object, field, str_field};
use crate::json::{JsonMap, Path, expect_integer, type_name};
use crate::model::{Barcode, BarcodeFormat, Currency, QuantityUnit, fields};
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
        match read_cart(&JsonValue::from_serde(&Arena::new(), value), &mut issues) {
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
    fn new(list: &'static str, index: Option<usize>) -> LinePlace {
        LinePlace { list, index }
    }

    /// Calls `with` with the line's path.
    pub fn with_path<R>(self, with: impl FnOnce(&Path) -> R) -> R {
        let list = Path::Root.key(self.list);
        match self.index {
            Some(index) => with(&list.index(index)),
            None => with(&list),
        }
    }
}

/// An object of the cart at its path: `json::walk`'s field readers with the cart's rule that
/// `null` reads as absent (a required field is then "required"). The path is written out only
/// when something is reported.
#[derive(Clone, Copy)]
struct CartObject<'v, 'p> {
    map: &'v JsonMap<'v>,
    path: &'p Path<'p>,
}

impl<'v, 'p> CartObject<'v, 'p> {
    fn read(value: &'v JsonValue<'v>, path: &'p Path<'p>, issues: &mut Issues) -> Option<Self> {
        as_object(value, path, issues).map(|map| CartObject { map, path })
    }

    /// The path of `key` in this object.
    fn key_path(&self, key: &'p str) -> Path<'_> {
        self.path.key(key)
    }

    fn get(&self, key: &str) -> Option<&'v JsonValue<'v>> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    fn field(&self, key: &str, required: bool, issues: &mut Issues) -> Option<&'v JsonValue<'v>> {
        let need = if required {
            Need::RequiredNullIsAbsent
        } else {
            Need::Optional
        };
        field(self.map, key, need, self.path, issues)
    }

    fn string(&self, key: &str, required: bool, issues: &mut Issues) -> Option<&'v str> {
        let need = if required {
            Need::RequiredNullIsAbsent
        } else {
            Need::Optional
        };
        str_field(self.map, key, need, self.path, issues)
    }

    fn bool(&self, key: &str, issues: &mut Issues) -> Option<bool> {
        let value = self.field(key, false, issues)?;
        as_bool(value, &self.path.key(key), issues)
    }

    fn array(&self, key: &str, issues: &mut Issues) -> Option<&'v [JsonValue<'v>]> {
        let value = self.field(key, false, issues)?;
        as_array(value, &self.path.key(key), issues)
    }

    fn object(&self, key: &str, issues: &mut Issues) -> Option<&'v JsonMap<'v>> {
        let value = self.field(key, false, issues)?;
        as_object(value, &self.path.key(key), issues)
    }
}

/// Reads the whole cart; `None` only when the root is not an object. A missing or unknown
/// currency is reported and read as NOK so that the lines are still checked (the build fails
/// anyway, since `complete` is false).
pub(crate) fn read_cart(value: &JsonValue<'_>, issues: &mut Issues) -> Option<ReadCart> {
    let errors_before = issues.error_count();
    let root_path = Path::Root;
    let root = CartObject::read(value, &root_path, issues)?;
    refuse_unknown(&root, fields::CART, issues);

    if root.get("currency").is_none() {
        issues.error(
            root.key_path("currency").render(),
            codes::REQUIRED,
            Text::new()
                .str("'currency' is required: one of ")
                .str(Currency::allowed().trim_end())
                .done(),
        );
    }
    let currency = root.string("currency", false, issues).and_then(|text| {
        read_enum(
            text,
            &root.key_path("currency"),
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
    let items_path = root.key_path("items");
    if let Some(values) = root.array("items", issues) {
        for (index, item) in values.iter().enumerate() {
            let place = LinePlace::new("items", Some(index));
            if let Some(item) = read_item(item, &items_path.index(index), place, basis, issues) {
                items.push(item);
                origins.items.push(index);
            }
        }
    }

    let mut shipping = Vec::new();
    let shipping_path = root.key_path("shipping");
    match root.get("shipping") {
        None => {}
        Some(JsonValue::Array(values)) => {
            for (index, line) in values.iter().enumerate() {
                let place = LinePlace::new("shipping", Some(index));
                if let Some(line) = read_shipping(line, &shipping_path.index(index), place, issues)
                {
                    shipping.push(line);
                    origins.shipping.push(index);
                }
            }
        }
        Some(single) => {
            origins.shipping_is_object = true;
            let place = LinePlace::new("shipping", None);
            if let Some(line) = read_shipping(single, &shipping_path, place, issues) {
                shipping.push(line);
                origins.shipping.push(0);
            }
        }
    }

    let mut fees = Vec::new();
    let fees_path = root.key_path("fees");
    if let Some(values) = root.array("fees", issues) {
        for (index, fee) in values.iter().enumerate() {
            let place = LinePlace::new("fees", Some(index));
            if let Some(fee) = read_fee(fee, &fees_path.index(index), place, issues) {
                fees.push(fee);
                origins.fees.push(index);
            }
        }
    }

    let discount = read_money(&root, "discount", false, issues);
    let tip_amount = read_money(&root, "tipAmount", false, issues);
    let expected_total = read_money(&root, "expectedTotal", false, issues);
    let sources_path = root.key_path("paymentSources");
    let payment_sources = root.object("paymentSources", issues).map(|map| {
        let sources = CartObject {
            map,
            path: &sources_path,
        };
        read_payment_sources(&sources, issues)
    });
    let barcode_path = root.key_path("barcode");
    let barcode = root.object("barcode", issues).and_then(|map| {
        let barcode = CartObject {
            map,
            path: &barcode_path,
        };
        read_barcode(&barcode, issues)
    });
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
    path: &Path,
    issues: &mut Issues,
    read: impl FnOnce(&CartObject<'v, '_>, &mut Issues) -> F,
    whole: impl FnOnce(F) -> Option<T>,
    check: impl FnOnce(&F, &mut Issues),
) -> Option<T> {
    let errors_before = issues.error_count();
    let obj = CartObject::read(value, path, issues)?;
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
    path: &Path,
    place: LinePlace,
    basis: PriceBasis,
    issues: &mut Issues,
) -> Option<CartItem> {
    read_line(
        value,
        path,
        issues,
        |obj, issues| {
            refuse_unknown(obj, fields::CART_ITEM, issues);
            ReadItem {
                id: obj.string("id", true, issues),
                name: obj.string("name", true, issues),
                unit_price: read_money(obj, "unitPrice", true, issues),
                quantity: read_quantity(obj, "quantity", issues),
                unit: obj.string("unit", false, issues).map(|text| {
                    read_enum(
                        text,
                        &obj.key_path("unit"),
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
                tax_rate: item.tax_rate.as_ref(),
                discount: item.discount.as_ref(),
                product_url: item.product_url,
            };
            check_unreadable_item(fields, path, place, basis, issues);
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
    fn check(&self, kind: LineKind, path: &Path, place: LinePlace, issues: &mut Issues) {
        let line = PricedLine {
            kind,
            // Only its emptiness is checked here; a default id is never empty.
            id: self.id.unwrap_or("-"),
            name: self.name,
            price: self.price.as_ref(),
            tax_rate: self.tax_rate.as_ref(),
            discount: self.discount.as_ref(),
        };
        check_unreadable_priced(line, path, place, issues);
    }
}

fn read_priced<'v>(
    obj: &CartObject<'v, '_>,
    known: &[&str],
    issues: &mut Issues,
) -> ReadPriced<'v> {
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
    path: &Path,
    place: LinePlace,
    issues: &mut Issues,
) -> Option<CartShipping> {
    read_line(
        value,
        path,
        issues,
        |obj, issues| read_priced(obj, fields::CART_SHIPPING, issues),
        |line| {
            Some(CartShipping {
                id: line.id.map(str::to_owned),
                name: line.name?.to_owned(),
                price: line.price?,
                tax_rate: line.tax_rate?,
                discount: line.discount,
            })
        },
        |line, issues| line.check(LineKind::Shipping, path, place, issues),
    )
}

fn read_fee<'v>(
    value: &'v JsonValue<'v>,
    path: &Path,
    place: LinePlace,
    issues: &mut Issues,
) -> Option<CartFee> {
    read_line(
        value,
        path,
        issues,
        |obj, issues| read_priced(obj, fields::CART_FEE, issues),
        |line| {
            Some(CartFee {
                id: line.id.map(str::to_owned),
                name: line.name?.to_owned(),
                price: line.price?,
                tax_rate: line.tax_rate?,
            })
        },
        |line, issues| line.check(LineKind::Fee, path, place, issues),
    )
}

fn read_payment_sources(obj: &CartObject<'_, '_>, issues: &mut Issues) -> CartPaymentSources {
    refuse_unknown(obj, fields::PAYMENT_SOURCES, issues);
    CartPaymentSources {
        gift_card: read_money(obj, "giftCard", false, issues),
        card: read_money(obj, "card", false, issues),
        voucher: read_money(obj, "voucher", false, issues),
        cash: read_money(obj, "cash", false, issues),
    }
}

fn read_barcode(obj: &CartObject<'_, '_>, issues: &mut Issues) -> Option<Barcode> {
    refuse_unknown(obj, fields::BARCODE, issues);
    let format = obj.string("format", true, issues).and_then(|text| {
        read_enum(
            text,
            &obj.key_path("format"),
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
fn read_money(
    obj: &CartObject<'_, '_>,
    key: &str,
    required: bool,
    issues: &mut Issues,
) -> Option<MoneyInput> {
    let value = if required {
        obj.field(key, true, issues)?
    } else {
        obj.get(key)?
    };
    match value {
        JsonValue::String(text) => Some(MoneyInput::Text((*text).to_owned())),
        JsonValue::Number(_) => {
            integer_at(obj, key, value, Unit::CartMinor, issues).map(MoneyInput::Minor)
        }
        other => {
            issues.error(
                obj.key_path(key).render(),
                codes::EXPECTED_TYPE,
                Text::new()
                    .str("expected an amount: an integer in minor units (3990) or a decimal string (\"39.90\"), found ")
                    .str(type_name(other))
                    .done(),
            );
            None
        }
    }
}

fn read_rate(obj: &CartObject<'_, '_>, key: &str, issues: &mut Issues) -> Option<RateInput> {
    let value = obj.field(key, true, issues)?;
    match value {
        JsonValue::String(text) => Some(RateInput::Percent((*text).to_owned())),
        JsonValue::Number(_) => {
            integer_at(obj, key, value, Unit::CartBasisPoints, issues).map(RateInput::BasisPoints)
        }
        other => {
            issues.error(
                obj.key_path(key).render(),
                codes::EXPECTED_TYPE,
                Text::new()
                    .str("expected a tax rate: an integer in basis points (2550) or a percent string (\"25.5\"), found ")
                    .str(type_name(other))
                    .done(),
            );
            None
        }
    }
}

fn read_quantity(
    obj: &CartObject<'_, '_>,
    key: &str,
    issues: &mut Issues,
) -> Option<QuantityInput> {
    let value = obj.get(key)?;
    match value {
        JsonValue::String(text) => Some(QuantityInput::Text((*text).to_owned())),
        JsonValue::Number(_) => {
            integer_at(obj, key, value, Unit::CartQuantity, issues).map(QuantityInput::Units)
        }
        other => {
            issues.error(
                obj.key_path(key).render(),
                codes::EXPECTED_TYPE,
                Text::new()
                    .str(
                        "expected a quantity: an integer (2) or a decimal string (\"2.5\"), found ",
                    )
                    .str(type_name(other))
                    .done(),
            );
            None
        }
    }
}

/// An integer in API units (within ±(2^53 − 1)), or the reader's report; the path is made only
/// for a report.
fn integer_at(
    obj: &CartObject<'_, '_>,
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
    expect_integer(value, &obj.key_path(key).render(), unit, issues)
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
            Text::new()
                .str("\"")
                .str(text)
                .str("\" is not one of ")
                .str(allowed().trim_end())
                .done(),
        );
    }
    parsed
}

/// Unknown cart fields are errors, not warnings: a misspelt `discuont` would otherwise drop a
/// discount and the receipt would silently show the wrong amounts.
fn refuse_unknown(obj: &CartObject<'_, '_>, known: &[&str], issues: &mut Issues) {
    // In key order (as serde_json's map iterates), whatever order the text had.
    let mut unknown: Vec<&str> = obj.map.keys().filter(|key| !known.contains(key)).collect();
    unknown.sort_unstable();
    for key in unknown {
        issues.error(
            obj.key_path(key).render(),
            codes::UNKNOWN_CART_FIELD,
            Text::new()
                .str("unknown cart field '")
                .str(key)
                .str("' (known here: ")
                .str(&known.join(", "))
                .str(")")
                .done(),
        );
    }
}
