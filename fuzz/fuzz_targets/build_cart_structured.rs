//! Structure-aware carts: `arbitrary` picks the shape (lines, both spellings of every amount,
//! rates, quantities, discounts, returns), so the fuzzer spends its time on arithmetic, not on
//! JSON syntax. Never a panic; every receipt the builder makes validates.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use vipps_order_management::{build, validate};

#[derive(Arbitrary, Debug)]
enum Money {
    Minor(i64),
    SmallMinor(u16),
    /// Major units and hundredths, written as "12.34".
    Text(u32, u8),
    Raw(String),
}

impl Money {
    fn to_json(&self) -> Value {
        match self {
            Money::Minor(minor) => json!(minor),
            Money::SmallMinor(minor) => json!(minor),
            Money::Text(major, cents) => json!(format!("{major}.{:02}", cents % 100)),
            Money::Raw(text) => json!(text),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Rate {
    BasisPoints(u16),
    Percent(u8, u8),
    Common(u8),
}

impl Rate {
    fn to_json(&self) -> Value {
        match self {
            Rate::BasisPoints(bp) => json!(bp),
            Rate::Percent(whole, fraction) => json!(format!("{whole}.{}", fraction % 100)),
            Rate::Common(pick) => json!([0, 600, 1200, 1500, 2500, 2550][usize::from(pick % 6)]),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Quantity {
    Units(u16),
    Text(u32, u32),
    Raw(String),
}

impl Quantity {
    fn to_json(&self) -> Value {
        match self {
            Quantity::Units(units) => json!(units),
            Quantity::Text(whole, fraction) => json!(format!("{whole}.{fraction}")),
            Quantity::Raw(text) => json!(text),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Item {
    id: u8,
    unit_price: Money,
    quantity: Option<Quantity>,
    tax_rate: Rate,
    discount: Option<Money>,
    is_return: bool,
    unit: Option<u8>,
    product_url: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Shipping {
    price: Money,
    tax_rate: Rate,
    discount: Option<Money>,
}

#[derive(Arbitrary, Debug)]
struct Cart {
    currency: u8,
    items: Vec<Item>,
    shipping: Option<Shipping>,
    fees: Vec<(Money, Rate)>,
    discount: Option<Money>,
    tip: Option<Money>,
    prices_include_tax: bool,
    expected_total: Option<Money>,
    barcode: Option<(u8, String)>,
    receipt_number: Option<String>,
    payment_sources: Option<[Option<Money>; 4]>,
}

impl Cart {
    fn to_json(&self) -> Value {
        let mut cart = Map::new();
        cart.insert("currency".into(), json!(["NOK", "DKK", "EUR", "SEK"][usize::from(self.currency % 4)]));
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|item| {
                let mut line = json!({
                    "id": format!("i{}", item.id),
                    "name": "item",
                    "unitPrice": item.unit_price.to_json(),
                    "taxRate": item.tax_rate.to_json(),
                    "isReturn": item.is_return,
                });
                if let Some(quantity) = &item.quantity {
                    line["quantity"] = quantity.to_json();
                }
                if let Some(discount) = &item.discount {
                    line["discount"] = discount.to_json();
                }
                if let Some(url) = &item.product_url {
                    line["productUrl"] = json!(url);
                }
                if let Some(unit) = item.unit {
                    line["unit"] = json!(["PCS", "KG", "KM", "MINUTE", "LITRE", "KWH"][usize::from(unit % 6)]);
                }
                line
            })
            .collect();
        cart.insert("items".into(), Value::Array(items));
        if let Some(shipping) = &self.shipping {
            let mut line = json!({"name": "Shipping", "price": shipping.price.to_json(), "taxRate": shipping.tax_rate.to_json()});
            if let Some(discount) = &shipping.discount {
                line["discount"] = discount.to_json();
            }
            cart.insert("shipping".into(), line);
        }
        let fees: Vec<Value> = self
            .fees
            .iter()
            .enumerate()
            .map(|(index, (price, rate))| json!({"id": format!("fee{index}"), "name": "Fee", "price": price.to_json(), "taxRate": rate.to_json()}))
            .collect();
        cart.insert("fees".into(), Value::Array(fees));
        if let Some(discount) = &self.discount {
            cart.insert("discount".into(), discount.to_json());
        }
        if let Some(tip) = &self.tip {
            cart.insert("tipAmount".into(), tip.to_json());
        }
        cart.insert("pricesIncludeTax".into(), json!(self.prices_include_tax));
        if let Some(total) = &self.expected_total {
            cart.insert("expectedTotal".into(), total.to_json());
        }
        if let Some((format, data)) = &self.barcode {
            let format = ["EAN-13", "CODE 39", "CODE 128"][usize::from(format % 3)];
            cart.insert("barcode".into(), json!({"format": format, "data": data}));
        }
        if let Some(number) = &self.receipt_number {
            cart.insert("receiptNumber".into(), json!(number));
        }
        if let Some(sources) = &self.payment_sources {
            let mut map = Map::new();
            for (name, money) in ["giftCard", "card", "voucher", "cash"].iter().zip(sources) {
                if let Some(money) = money {
                    map.insert((*name).into(), money.to_json());
                }
            }
            cart.insert("paymentSources".into(), Value::Object(map));
        }
        Value::Object(cart)
    }
}

fuzz_target!(|cart: Cart| {
    let value = cart.to_json();
    if let Ok(receipt) = build::build_receipt_from_value(&value).map(|built| built.receipt) {
        let report = validate::validate_receipt(&receipt);
        assert!(
            report.errors.is_empty(),
            "the builder made a receipt the validator refuses: {:#?}\ncart: {value}\n{receipt:#?}",
            report.errors
        );
    }
});
