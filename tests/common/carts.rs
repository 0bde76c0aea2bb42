//! A proptest strategy for well-formed carts (cart JSON as a shop would send it), so that any
//! test can check a property of "every receipt the builder makes": the builder's own properties
//! here, and later that every built receipt validates with zero errors.
//!
//! Well-formed means: unique ids, positive quantities, rates in range, line discounts at most
//! the line's gross and a cart discount at most the non-return items' total. Inputs mix the two
//! spellings of the units rule (numbers in API units, strings as human decimals).

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use vipps_order_management::money::{Decimal, Quantity, format_minor, parse_major_amount};

/// Tax rates as shops send them: basis points as numbers, percent as strings.
const RATES: &[RateSpelling] = &[
    RateSpelling::Bp(0),
    RateSpelling::Bp(600),
    RateSpelling::Bp(1000),
    RateSpelling::Bp(1200),
    RateSpelling::Bp(1500),
    RateSpelling::Bp(2400),
    RateSpelling::Bp(2500),
    RateSpelling::Bp(2550),
    RateSpelling::Bp(10000),
    RateSpelling::Percent("25"),
    RateSpelling::Percent("25.5"),
    RateSpelling::Percent("15"),
    RateSpelling::Percent("12"),
    RateSpelling::Percent("0"),
    RateSpelling::Percent("14"),
];

#[derive(Debug, Clone, Copy)]
enum RateSpelling {
    Bp(i64),
    Percent(&'static str),
}

impl RateSpelling {
    fn to_json(self) -> Value {
        match self {
            RateSpelling::Bp(bp) => json!(bp),
            RateSpelling::Percent(text) => json!(text),
        }
    }
}

const UNITS: &[&str] = &["PCS", "KG", "KM", "MINUTE", "LITRE", "KWH"];

/// An amount, as a number (minor units) or a string (major units), by `as_text`.
pub fn money_json(minor: i64, as_text: bool) -> Value {
    if as_text {
        json!(format_minor(minor))
    } else {
        json!(minor)
    }
}

/// An amount from cart JSON (number or decimal string) in minor units; absent is zero.
pub fn amount_of(value: Option<&Value>) -> i64 {
    match value {
        None | Some(Value::Null) => 0,
        Some(Value::String(text)) => parse_major_amount(text).expect("test cart amount"),
        Some(other) => other.as_i64().expect("test cart amount"),
    }
}

/// `round(unitPrice × quantity)` of a cart item JSON, in the cart's price basis.
pub fn item_gross(item: &Value) -> i64 {
    let unit_price = amount_of(item.get("unitPrice"));
    let quantity = match item.get("quantity") {
        None => Quantity::from_integer(1),
        Some(Value::String(text)) => Quantity::parse(text),
        Some(other) => Quantity::from_integer(other.as_i64().expect("test quantity")),
    }
    .expect("test quantity");
    i64::try_from(quantity.times(unit_price).expect("test gross")).expect("test gross")
}

#[derive(Debug, Clone)]
struct ItemPlan {
    unit_price: i64,
    quantity: QuantityPlan,
    rate: RateSpelling,
    unit: Option<&'static str>,
    discount_permille: Option<i64>,
    is_return: bool,
    text_amounts: bool,
}

#[derive(Debug, Clone)]
enum QuantityPlan {
    Default,
    Units(i64),
    /// `mantissa × 10^-scale` written as a string.
    Text(i128, u32),
}

fn arb_item() -> impl Strategy<Value = ItemPlan> {
    let quantity = prop_oneof![
        Just(QuantityPlan::Default),
        (1..=20i64).prop_map(QuantityPlan::Units),
        (1..=100_000i128, 0..=3u32).prop_map(|(m, s)| QuantityPlan::Text(m, s)),
    ];
    let unit_price = prop_oneof![Just(0i64), 1..=2_000_000i64, Just(399), Just(223_920)];
    (
        unit_price,
        quantity,
        prop::sample::select(RATES),
        prop::option::of(prop::sample::select(UNITS)),
        prop::option::of(0..=1000i64),
        prop::bool::weighted(0.15),
        any::<bool>(),
    )
        .prop_map(
            |(unit_price, quantity, rate, unit, discount_permille, is_return, text_amounts)| {
                ItemPlan {
                    unit_price,
                    quantity,
                    rate,
                    unit,
                    discount_permille,
                    is_return,
                    text_amounts,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct PricedPlan {
    price: i64,
    rate: RateSpelling,
    discount_permille: Option<i64>,
    explicit_id: bool,
    text_amounts: bool,
}

fn arb_priced(max_price: i64) -> impl Strategy<Value = PricedPlan> {
    (
        prop_oneof![Just(0i64), 1..=max_price],
        prop::sample::select(RATES),
        prop::option::of(0..=1000i64),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(price, rate, discount_permille, explicit_id, text_amounts)| PricedPlan {
                price,
                rate,
                discount_permille,
                explicit_id,
                text_amounts,
            },
        )
}

#[derive(Debug, Clone)]
struct CartPlan {
    currency: &'static str,
    items: Vec<ItemPlan>,
    shipping: Vec<PricedPlan>,
    shipping_as_object: bool,
    fees: Vec<PricedPlan>,
    cart_discount_permille: Option<i64>,
    tip: Option<i64>,
    prices_include_tax: Option<bool>,
    with_expected_total: bool,
    with_extras: bool,
    text_amounts: bool,
}

fn arb_plan() -> impl Strategy<Value = CartPlan> {
    (
        prop::sample::select(&["NOK", "DKK", "EUR"][..]),
        prop::collection::vec(arb_item(), 1..=6),
        prop::collection::vec(arb_priced(20_000), 0..=2),
        any::<bool>(),
        prop::collection::vec(arb_priced(5_000), 0..=2),
        prop::option::of(0..=1000i64),
        prop::option::of(0..=10_000i64),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                currency,
                items,
                shipping,
                shipping_as_object,
                fees,
                cart_discount_permille,
                tip,
                prices_include_tax,
                with_expected_total,
                with_extras,
                text_amounts,
            )| CartPlan {
                currency,
                items,
                shipping,
                shipping_as_object,
                fees,
                cart_discount_permille,
                tip,
                prices_include_tax,
                with_expected_total,
                with_extras,
                text_amounts,
            },
        )
}

/// Well-formed cart JSON. With prices including tax it sometimes carries `expectedTotal`,
/// computed here independently of the builder (Σ paid lines − cart discount − Σ returns + tip),
/// so a successful build also checks the total.
pub fn arb_cart() -> impl Strategy<Value = Value> {
    arb_plan().prop_map(cart_from_plan)
}

fn cart_from_plan(plan: CartPlan) -> Value {
    let mut cart = Map::new();
    cart.insert("currency".into(), json!(plan.currency));
    // The expected total, in the cart's basis (only meaningful when prices include tax).
    let mut total: i64 = 0;
    let mut items_total: i64 = 0;

    let mut items = Vec::new();
    for (index, plan_item) in plan.items.iter().enumerate() {
        let mut item = Map::new();
        item.insert("id".into(), json!(format!("sku-{index}")));
        item.insert("name".into(), json!(format!("Product {index}")));
        item.insert(
            "unitPrice".into(),
            money_json(plan_item.unit_price, plan_item.text_amounts),
        );
        match plan_item.quantity {
            QuantityPlan::Default => {}
            QuantityPlan::Units(units) => {
                item.insert("quantity".into(), json!(units));
            }
            QuantityPlan::Text(mantissa, scale) => {
                let text = Decimal { mantissa, scale }.to_string();
                item.insert("quantity".into(), json!(text));
            }
        }
        item.insert("taxRate".into(), plan_item.rate.to_json());
        if let Some(unit) = plan_item.unit {
            item.insert("unit".into(), json!(unit));
        }
        let gross = item_gross(&Value::Object(item.clone()));
        let discount = plan_item.discount_permille.map(|p| gross * p / 1000);
        if let Some(discount) = discount {
            item.insert(
                "discount".into(),
                money_json(discount, plan_item.text_amounts),
            );
        }
        let line_total = gross - discount.unwrap_or(0);
        if plan_item.is_return {
            item.insert("isReturn".into(), json!(true));
            total -= line_total;
        } else {
            items_total += line_total;
            total += line_total;
        }
        if index % 2 == 1 {
            item.insert(
                "productUrl".into(),
                json!(format!("https://shop.example/p/{index}")),
            );
        }
        items.push(Value::Object(item));
    }
    cart.insert("items".into(), Value::Array(items));

    let mut shipping = Vec::new();
    for (index, line) in plan.shipping.iter().enumerate() {
        let (value, line_total) = priced_json(line, "Shipping", &format!("ship-{index}"), true);
        total += line_total;
        shipping.push(value);
    }
    match (shipping.len(), plan.shipping_as_object) {
        (0, _) => {}
        (1, true) => {
            cart.insert("shipping".into(), shipping.remove(0));
        }
        _ => {
            cart.insert("shipping".into(), Value::Array(shipping));
        }
    }

    let mut fees = Vec::new();
    for (index, line) in plan.fees.iter().enumerate() {
        let (value, line_total) = priced_json(line, "Fee", &format!("fee-x{index}"), false);
        total += line_total;
        fees.push(value);
    }
    if !fees.is_empty() {
        cart.insert("fees".into(), Value::Array(fees));
    }

    if let Some(permille) = plan.cart_discount_permille {
        let discount = items_total * permille / 1000;
        cart.insert("discount".into(), money_json(discount, plan.text_amounts));
        total -= discount;
    }
    if let Some(tip) = plan.tip {
        cart.insert("tipAmount".into(), money_json(tip, plan.text_amounts));
        total += tip;
    }
    if let Some(include) = plan.prices_include_tax {
        cart.insert("pricesIncludeTax".into(), json!(include));
    }
    if plan.with_expected_total && plan.prices_include_tax != Some(false) {
        cart.insert("expectedTotal".into(), money_json(total, plan.text_amounts));
    }
    if plan.with_extras {
        cart.insert("receiptNumber".into(), json!("10042"));
        cart.insert("posId".into(), json!("pos-1"));
        cart.insert(
            "paymentSources".into(),
            json!({ "card": 100, "giftCard": "0.50" }),
        );
        cart.insert(
            "barcode".into(),
            json!({ "format": "CODE 128", "data": "10042" }),
        );
    }
    Value::Object(cart)
}

/// A shipping or fee line and its total after its own discount.
fn priced_json(plan: &PricedPlan, name: &str, id: &str, with_discount: bool) -> (Value, i64) {
    let mut line = Map::new();
    if plan.explicit_id {
        line.insert("id".into(), json!(id));
    }
    line.insert("name".into(), json!(name));
    line.insert("price".into(), money_json(plan.price, plan.text_amounts));
    line.insert("taxRate".into(), plan.rate.to_json());
    let mut line_total = plan.price;
    if with_discount {
        if let Some(permille) = plan.discount_permille {
            let discount = plan.price * permille / 1000;
            line.insert("discount".into(), money_json(discount, plan.text_amounts));
            line_total -= discount;
        }
    }
    (Value::Object(line), line_total)
}
