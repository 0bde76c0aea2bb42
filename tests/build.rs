//! The receipt builder, from the outside: real shop failures, a table of bad carts, and
//! properties over generated carts.

mod common;

use common::carts::{amount_of, arb_cart, item_gross};
use proptest::prelude::*;
use serde_json::{Value, json};
use vipps_order_management::build::{
    BuildError, Cart, CartItem, CartShipping, MoneyInput, QuantityInput, RateInput, build_receipt,
    build_receipt_from_text, build_receipt_from_value,
};
use vipps_order_management::codes;
use vipps_order_management::model::{Currency, OrderLine, QuantityUnit, Receipt};

fn build(cart: Value) -> Receipt {
    match build_receipt_from_value(&cart) {
        Ok(built) => built.receipt,
        Err(error) => panic!("{error}\n{:#?}", error.issues),
    }
}

fn errors(cart: Value) -> Vec<(String, &'static str)> {
    match build_receipt_from_value(&cart) {
        Ok(receipt) => panic!("expected errors, built {receipt:#?}"),
        Err(error) => error
            .issues
            .into_iter()
            .map(|issue| (issue.path, issue.code))
            .collect(),
    }
}

fn line<'a>(receipt: &'a Receipt, id: &str) -> &'a OrderLine {
    receipt
        .order_lines
        .iter()
        .find(|line| line.id == id)
        .unwrap_or_else(|| panic!("no line {id}"))
}

fn amounts(line: &OrderLine) -> (i64, i64, i64) {
    (
        line.total_amount,
        line.total_amount_excluding_tax,
        line.total_tax_amount,
    )
}

fn design_cart() -> Value {
    json!({
        "currency": "NOK",
        "items": [
            { "id": "sku-1", "name": "Socks", "unitPrice": "39.90", "quantity": "2", "taxRate": "25" },
            { "id": "sku-2", "name": "Coffee", "unitPrice": 4990, "taxRate": 1500, "discount": "5.00" }
        ],
        "shipping": { "name": "Home delivery", "price": "49", "taxRate": "25" },
        "discount": "10.00",
        "expectedTotal": "163.70",
        "receiptNumber": "10042"
    })
}

#[test]
fn design_example_cart_totals_163_70() {
    // By hand: socks 2 × 39.90 = 79.80; coffee 49.90 − 5.00 = 44.90; shipping 49.00; the 10.00
    // cart discount over 79.80 : 44.90 is 6.3994 : 3.6006, so 6.40 and 3.60.
    // 79.80 − 6.40 + 44.90 − 3.60 + 49.00 = 163.70, as the cart expects.
    let receipt = build(design_cart());
    assert_eq!(receipt.total(), Some(16370));
    assert_eq!(amounts(line(&receipt, "sku-1")), (7340, 5872, 1468));
    assert_eq!(line(&receipt, "sku-1").discount, Some(640));
    // 41.30 at 15 %: 41.30 / 1.15 = 35.913 → 35.91, tax 5.39.
    assert_eq!(amounts(line(&receipt, "sku-2")), (4130, 3591, 539));
    assert_eq!(line(&receipt, "sku-2").discount, Some(860));
    let shipping = line(&receipt, "shipping");
    assert_eq!(amounts(shipping), (4900, 3920, 980));
    assert_eq!(shipping.is_shipping, Some(true));
    assert!(shipping.unit_info.is_none());
    assert_eq!(receipt.bottom_line.receipt_number.as_deref(), Some("10042"));
    let socks = line(&receipt, "sku-1").unit_info.as_ref().unwrap();
    assert_eq!(
        (
            socks.unit_price,
            socks.quantity.as_str(),
            socks.quantity_unit.clone()
        ),
        (Some(3990), "2", Some(QuantityUnit::Pcs))
    );
}

#[test]
fn expected_total_mismatch_says_by_how_much() {
    let mut cart = design_cart();
    cart["expectedTotal"] = json!("163.71");
    let error = build_receipt_from_value(&cart).unwrap_err();
    assert_eq!(error.issues.len(), 1);
    assert_eq!(error.issues[0].path, "expectedTotal");
    assert_eq!(error.issues[0].code, codes::EXPECTED_TOTAL_MISMATCH);
    assert_eq!(
        error.issues[0].message,
        "the receipt totals 163.70 but expectedTotal is 163.71: 0.01 too little"
    );
    cart["expectedTotal"] = json!(16300);
    let error = build_receipt_from_value(&cart).unwrap_err();
    assert_eq!(
        error.issues[0].message,
        "the receipt totals 163.70 but expectedTotal is 163.00: 0.70 too much"
    );
}

#[test]
fn built_receipt_has_nothing_deprecated() {
    let text = serde_json::to_string(&build(design_cart())).unwrap();
    for deprecated in [
        "taxPercentage",
        "giftCardAmount",
        "totalAmount\":16370",
        "totalTax\"",
        "totalDiscount",
        "shippingAmount",
        "shippingInfo",
        "terminalId",
    ] {
        assert!(!text.contains(deprecated), "{deprecated} in {text}");
    }
    let value: Value = serde_json::from_str(&text).unwrap();
    let bottom = value["bottomLine"].as_object().unwrap();
    assert!(
        bottom
            .keys()
            .all(|k| ["currency", "receiptNumber"].contains(&k.as_str()))
    );
}

#[test]
fn a_3_99_item_at_25_percent_has_0_80_tax() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [
            { "id": "a", "name": "Pen", "unitPrice": "3.99", "taxRate": "25" },
            // Discounted to 3.99: taxed on what is paid, not by the pre-discount ratio.
            { "id": "b", "name": "Pen", "unitPrice": "4.99", "taxRate": 2500, "discount": 100 }
        ]
    }));
    assert_eq!(amounts(line(&receipt, "a")), (399, 319, 80));
    assert_eq!(amounts(line(&receipt, "b")), (399, 319, 80));
}

#[test]
fn amounts_are_never_truncated() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [
            { "id": "text", "name": "Sofa", "unitPrice": "2239.20", "taxRate": "25" },
            { "id": "number", "name": "Sofa", "unitPrice": 223920, "taxRate": "25" }
        ]
    }));
    assert_eq!(line(&receipt, "text").total_amount, 223920);
    assert_eq!(line(&receipt, "number").total_amount, 223920);
    // A float where minor units belong is refused, never guessed.
    assert_eq!(
        errors(json!({
            "currency": "NOK",
            "items": [{ "id": "a", "name": "Sofa", "unitPrice": 2239.2, "taxRate": "25" }]
        })),
        [("items[0].unitPrice".to_owned(), codes::NOT_INTEGER)]
    );
}

#[test]
fn finland_25_5_percent() {
    let receipt = build(json!({
        "currency": "EUR",
        "items": [
            { "id": "text", "name": "Kahvi", "unitPrice": "125.50", "taxRate": "25.5" },
            { "id": "bp", "name": "Kahvi", "unitPrice": 12550, "taxRate": 2550 }
        ]
    }));
    for id in ["text", "bp"] {
        assert_eq!(line(&receipt, id).tax_rate, Some(2550));
        assert_eq!(amounts(line(&receipt, id)), (12550, 10000, 2550));
    }
}

#[test]
fn a_zero_price_fee_is_a_zero_line() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [{ "id": "a", "name": "Book", "unitPrice": 19900, "taxRate": 0 }],
        "fees": [{ "name": "Invoice fee", "price": 0, "taxRate": "25" }]
    }));
    let fee = line(&receipt, "fee");
    assert_eq!(amounts(fee), (0, 0, 0));
    assert_eq!(fee.discount, None);
    assert_eq!(receipt.total(), Some(19900));
}

#[test]
fn a_100_percent_discount() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [
            { "id": "free", "name": "Gift", "unitPrice": "99.00", "taxRate": "25", "discount": "99.00" },
            { "id": "a", "name": "Mug", "unitPrice": "50.00", "quantity": 2, "taxRate": "25" }
        ],
        "discount": "100.00"
    }));
    assert_eq!(amounts(line(&receipt, "free")), (0, 0, 0));
    assert_eq!(line(&receipt, "free").discount, Some(9900));
    assert_eq!(amounts(line(&receipt, "a")), (0, 0, 0));
    assert_eq!(line(&receipt, "a").discount, Some(10000));
    assert_eq!(receipt.total(), Some(0));
}

#[test]
fn returns_stay_positive_and_count_negative() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [
            { "id": "kept", "name": "Shirt", "unitPrice": "200.00", "taxRate": "25" },
            { "id": "back", "name": "Shirt", "unitPrice": "150.00", "taxRate": "25", "isReturn": true }
        ],
        "discount": "20.00",
        "tipAmount": 500,
        "expectedTotal": "35.00"
    }));
    let back = line(&receipt, "back");
    assert_eq!(back.is_return, Some(true));
    assert_eq!(amounts(back), (15000, 12000, 3000));
    // The cart discount goes to the kept item only.
    assert_eq!(back.discount, None);
    assert_eq!(line(&receipt, "kept").total_amount, 18000);
    assert_eq!(line(&receipt, "kept").is_return, None);
    assert_eq!(receipt.total(), Some(18000 - 15000 + 500));
    assert_eq!(receipt.bottom_line.tip_amount, Some(500));
}

#[test]
fn mixed_vat_rates() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [
            { "id": "25", "name": "Tool", "unitPrice": "100.00", "taxRate": "25" },
            { "id": "15", "name": "Food", "unitPrice": "100.00", "taxRate": "15" },
            { "id": "12", "name": "Ticket", "unitPrice": "100.00", "taxRate": 1200 },
            { "id": "0", "name": "Newspaper", "unitPrice": "100.00", "taxRate": 0 }
        ]
    }));
    // 100 / 1.25 = 80; 100 / 1.15 = 86.956 → 86.96; 100 / 1.12 = 89.285 → 89.29; 100.
    assert_eq!(amounts(line(&receipt, "25")), (10000, 8000, 2000));
    assert_eq!(amounts(line(&receipt, "15")), (10000, 8696, 1304));
    assert_eq!(amounts(line(&receipt, "12")), (10000, 8929, 1071));
    assert_eq!(amounts(line(&receipt, "0")), (10000, 10000, 0));
    let tax: i64 = receipt.order_lines.iter().map(|l| l.total_tax_amount).sum();
    assert_eq!(tax, 2000 + 1304 + 1071);
}

#[test]
fn a_coupon_over_three_lines_sums_exactly() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [
            { "id": "a", "name": "A", "unitPrice": "100.00", "taxRate": "25" },
            { "id": "b", "name": "B", "unitPrice": "50.00", "taxRate": "25" },
            { "id": "c", "name": "C", "unitPrice": "33.33", "taxRate": "25" }
        ],
        "discount": "10.00"
    }));
    // Exact shares 545.46, 272.73, 181.80 of 1000 øre: floors 545 + 272 + 181 = 998; the two
    // units left go to the largest remainders, .80 (c) and .73 (b).
    let discounts: Vec<i64> = ["a", "b", "c"]
        .iter()
        .map(|id| line(&receipt, id).discount.unwrap())
        .collect();
    assert_eq!(discounts, [545, 273, 182]);
    assert_eq!(discounts.iter().sum::<i64>(), 1000);
    assert_eq!(receipt.total(), Some(18333 - 1000));
}

#[test]
fn prices_excluding_tax() {
    let receipt = build(json!({
        "currency": "NOK",
        "pricesIncludeTax": false,
        "items": [
            { "id": "a", "name": "Socks", "unitPrice": "31.92", "quantity": 2, "taxRate": "25" },
            { "id": "b", "name": "Pen", "unitPrice": "3.19", "taxRate": "25", "discount": "1.00" }
        ],
        "shipping": { "name": "Post", "price": "40.00", "taxRate": "25" }
    }));
    let socks = line(&receipt, "a");
    // Net 63.84, tax 15.96, total 79.80; the receipt's unit price includes tax: 31.92 × 1.25.
    assert_eq!(amounts(socks), (7980, 6384, 1596));
    assert_eq!(socks.unit_info.as_ref().unwrap().unit_price, Some(3990));
    assert_eq!(socks.discount, None);
    // Net 2.19, tax 0.5475 → 0.55, total 2.74; gross with tax 3.19 + 0.80 = 3.99, so 1.25 off.
    let pen = line(&receipt, "b");
    assert_eq!(amounts(pen), (274, 219, 55));
    assert_eq!(pen.discount, Some(125));
    assert_eq!(amounts(line(&receipt, "shipping")), (5000, 4000, 1000));
}

#[test]
fn quantities_in_units_and_decimals() {
    let receipt = build(json!({
        "currency": "NOK",
        "items": [
            { "id": "kg", "name": "Cheese", "unitPrice": 15000, "quantity": "0.822", "unit": "KG", "taxRate": "15" },
            { "id": "half", "name": "Rope", "unitPrice": 399, "quantity": "2.500", "unit": "KM", "taxRate": "25" }
        ]
    }));
    let cheese = line(&receipt, "kg");
    assert_eq!(cheese.total_amount, 12330);
    let info = cheese.unit_info.as_ref().unwrap();
    assert_eq!(
        (info.quantity.as_str(), info.quantity_unit.clone()),
        ("0.822", Some(QuantityUnit::Kg))
    );
    let rope = line(&receipt, "half");
    // 3.99 × 2.5 = 9.975 → 9.98, rounded once.
    assert_eq!(rope.total_amount, 998);
    assert_eq!(rope.unit_info.as_ref().unwrap().quantity, "2.5");
}

#[test]
fn shipping_as_array_with_default_ids() {
    let receipt = build(json!({
        "currency": "DKK",
        "items": [{ "id": "a", "name": "A", "unitPrice": 100, "taxRate": 2500 }],
        "shipping": [
            { "name": "Pickup point", "price": 3900, "taxRate": 2500, "discount": 3900 },
            { "name": "Express", "price": 9900, "taxRate": 2500 }
        ]
    }));
    let ids: Vec<&str> = receipt.order_lines.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["a", "shipping", "shipping-2"]);
    assert_eq!(line(&receipt, "shipping").total_amount, 0);
    assert_eq!(line(&receipt, "shipping").discount, Some(3900));
}

#[test]
fn typed_cart_for_rust_users() {
    let mut cart = Cart::new(Currency::Nok);
    cart.items.push(CartItem {
        quantity: QuantityInput::Text("3".into()),
        ..CartItem::new("sku-1", "Socks", "39.90", "25")
    });
    cart.shipping.push(CartShipping {
        id: None,
        name: "Post".into(),
        price: MoneyInput::Minor(4900),
        tax_rate: RateInput::BasisPoints(2500),
        discount: None,
    });
    cart.expected_total = Some(MoneyInput::Text("168.70".into()));
    let receipt = build_receipt(&cart).unwrap().receipt;
    assert_eq!(receipt.total(), Some(11970 + 4900));

    // The same cart from JSON reads to the same typed cart.
    let from_json = Cart::from_value(&json!({
        "currency": "NOK",
        "items": [{ "id": "sku-1", "name": "Socks", "unitPrice": "39.90", "quantity": "3", "taxRate": "25" }],
        "shipping": [{ "name": "Post", "price": 4900, "taxRate": 2500 }],
        "expectedTotal": "168.70"
    }))
    .unwrap();
    assert_eq!(from_json, cart);

    // Typed carts are checked like JSON ones; paths are as if the cart were JSON.
    cart.items[0].tax_rate = RateInput::BasisPoints(25_000);
    cart.shipping[0].price = MoneyInput::Minor(-1);
    let error = build_receipt(&cart).unwrap_err();
    let found: Vec<(&str, &str)> = error
        .issues
        .iter()
        .map(|i| (i.path.as_str(), i.code))
        .collect();
    assert_eq!(
        found,
        [
            ("items[0].taxRate", codes::TAX_RATE_OUT_OF_RANGE),
            ("shipping[0].price", codes::NEGATIVE_INPUT)
        ]
    );
}

#[test]
fn from_value_reports_shape_problems_only() {
    let error = Cart::from_value(&json!({
        "currency": "NOK",
        "items": [{ "id": "a", "name": "A", "unitPrice": "not money", "taxRate": 2500 }]
    }));
    // A bad decimal string is a value problem, found when building.
    assert!(error.is_ok());
    let error = Cart::from_value(&json!({ "items": [{ "id": 1 }] })).unwrap_err();
    let found: Vec<(&str, &str)> = error
        .issues
        .iter()
        .map(|i| (i.path.as_str(), i.code))
        .collect();
    assert_eq!(
        found,
        [
            ("currency", codes::REQUIRED),
            ("items[0].id", codes::EXPECTED_TYPE),
            ("items[0].name", codes::REQUIRED),
            ("items[0].unitPrice", codes::REQUIRED),
            ("items[0].taxRate", codes::REQUIRED),
        ]
    );
}

#[test]
fn every_problem_in_one_pass() {
    let found = errors(json!({
        "currency": "NOK",
        "items": [
            { "id": "a", "name": "A", "unitPrice": 1.5, "taxRate": "25" },
            { "id": "b", "name": "B", "unitPrice": "39.905", "taxRate": "25" },
            { "id": "b", "name": "B2", "unitPrice": 100, "taxRate": "250" }
        ],
        "discuont": "10.00",
        "tipAmount": -5
    }));
    assert_eq!(
        found,
        [
            ("discuont".to_owned(), codes::UNKNOWN_CART_FIELD),
            ("items[0].unitPrice".to_owned(), codes::NOT_INTEGER),
            ("items[1].unitPrice".to_owned(), codes::TOO_PRECISE),
            ("items[2].taxRate".to_owned(), codes::TAX_RATE_OUT_OF_RANGE),
            ("items[2].id".to_owned(), codes::DUPLICATE_CART_LINE_ID),
            ("tipAmount".to_owned(), codes::NEGATIVE_INPUT),
        ]
    );
}

#[test]
fn error_summary_and_json_syntax() {
    let error = build_receipt_from_text(r#"{"currency": "NOK", "items": [}"#).unwrap_err();
    assert_eq!(error.issues[0].code, codes::JSON_SYNTAX);
    assert!(
        error
            .to_string()
            .starts_with("1 problem: invalid JSON at line 1 column"),
        "{error}"
    );

    let error = build_receipt_from_text(
        r#"{"currency": "SEK", "items": [{"id": "a", "name": "", "unitPrice": "x", "taxRate": "25", "quantity": 0}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "4 problems: currency: \"SEK\" is not one of \"NOK\" \"DKK\" \"EUR\"; \
         items[0].name: must not be empty; \
         items[0].unitPrice: \"x\" is not a decimal amount: write digits with an optional '.' and 2 decimals, like \"39.90\" (major units), or minor units as a number (3990); \
         and 1 more"
    );
    let as_error: Box<dyn std::error::Error> = Box::new(error.clone());
    assert_eq!(as_error.to_string(), error.to_string());
    let _: &BuildError = &error;
}

fn item(extra: Value) -> Value {
    let mut item = json!({ "id": "a", "name": "Thing", "unitPrice": "10.00", "taxRate": "25" });
    for (key, value) in extra.as_object().unwrap() {
        item[key] = value.clone();
    }
    item
}

fn cart_with(items: Vec<Value>, extra: Value) -> Value {
    let mut cart = json!({ "currency": "NOK", "items": items });
    for (key, value) in extra.as_object().unwrap() {
        cart[key] = value.clone();
    }
    cart
}

/// A bad cart: what it shows, the cart, and the (path, code) of every error expected, in order.
type BadCart = (&'static str, Value, Vec<(&'static str, &'static str)>);

#[test]
fn bad_carts() {
    let max_plus_one = 9_007_199_254_740_992u64;
    let table: Vec<BadCart> = vec![
        (
            "root not an object",
            json!([1]),
            vec![("", codes::EXPECTED_TYPE)],
        ),
        (
            "no currency",
            json!({ "items": [item(json!({}))] }),
            vec![("currency", codes::REQUIRED)],
        ),
        (
            "unknown currency",
            cart_with(vec![item(json!({}))], json!({ "currency": "SEK" })),
            vec![("currency", codes::UNKNOWN_VALUE)],
        ),
        (
            "empty cart",
            json!({ "currency": "NOK" }),
            vec![("", codes::EMPTY_CART)],
        ),
        (
            "empty items",
            cart_with(vec![], json!({})),
            vec![("", codes::EMPTY_CART)],
        ),
        (
            "items not an array",
            cart_with(vec![], json!({ "items": {} })),
            vec![("items", codes::EXPECTED_TYPE)],
        ),
        (
            "misspelt cart field",
            cart_with(vec![item(json!({}))], json!({ "discuont": "1.00" })),
            vec![("discuont", codes::UNKNOWN_CART_FIELD)],
        ),
        (
            "misspelt item field",
            cart_with(
                vec![json!({ "id": "a", "name": "A", "price": 100, "taxRate": 0 })],
                json!({}),
            ),
            vec![
                ("items[0].price", codes::UNKNOWN_CART_FIELD),
                ("items[0].unitPrice", codes::REQUIRED),
            ],
        ),
        (
            "fees take no discount",
            cart_with(
                vec![item(json!({}))],
                json!({ "fees": [{ "name": "F", "price": 100, "taxRate": 0, "discount": 10 }] }),
            ),
            vec![("fees[0].discount", codes::UNKNOWN_CART_FIELD)],
        ),
        (
            "missing id and name",
            cart_with(vec![json!({ "unitPrice": 100, "taxRate": 0 })], json!({})),
            vec![
                ("items[0].id", codes::REQUIRED),
                ("items[0].name", codes::REQUIRED),
            ],
        ),
        (
            "empty id",
            cart_with(vec![item(json!({ "id": "" }))], json!({})),
            vec![("items[0].id", codes::EMPTY)],
        ),
        (
            "float price",
            cart_with(vec![item(json!({ "unitPrice": 39.9 }))], json!({})),
            vec![("items[0].unitPrice", codes::NOT_INTEGER)],
        ),
        (
            "too many decimals",
            cart_with(vec![item(json!({ "unitPrice": "39.905" }))], json!({})),
            vec![("items[0].unitPrice", codes::TOO_PRECISE)],
        ),
        (
            "not a decimal",
            cart_with(vec![item(json!({ "unitPrice": "39,90" }))], json!({})),
            vec![("items[0].unitPrice", codes::INVALID_DECIMAL)],
        ),
        (
            "boolean price",
            cart_with(vec![item(json!({ "unitPrice": true }))], json!({})),
            vec![("items[0].unitPrice", codes::EXPECTED_TYPE)],
        ),
        (
            "negative price",
            cart_with(vec![item(json!({ "unitPrice": -100 }))], json!({})),
            vec![("items[0].unitPrice", codes::NEGATIVE_INPUT)],
        ),
        (
            "negative text price",
            cart_with(vec![item(json!({ "unitPrice": "-1.00" }))], json!({})),
            vec![("items[0].unitPrice", codes::NEGATIVE_INPUT)],
        ),
        (
            "price beyond 2^53",
            cart_with(vec![item(json!({ "unitPrice": max_plus_one }))], json!({})),
            vec![("items[0].unitPrice", codes::TOO_LARGE)],
        ),
        (
            "text price beyond 2^53",
            cart_with(
                vec![item(json!({ "unitPrice": "90071992547409.92" }))],
                json!({}),
            ),
            vec![("items[0].unitPrice", codes::TOO_LARGE)],
        ),
        (
            "gross beyond 2^53",
            cart_with(
                vec![item(
                    json!({ "unitPrice": 9_007_199_254_740_991i64, "quantity": 2 }),
                )],
                json!({}),
            ),
            vec![("items[0]", codes::TOO_LARGE)],
        ),
        (
            "total beyond 2^53",
            cart_with(
                vec![
                    item(json!({ "id": "a", "unitPrice": 9_007_199_254_740_991i64 })),
                    item(json!({ "id": "b", "unitPrice": 1 })),
                ],
                json!({}),
            ),
            vec![("", codes::TOO_LARGE)],
        ),
        (
            "zero quantity",
            cart_with(vec![item(json!({ "quantity": 0 }))], json!({})),
            vec![("items[0].quantity", codes::ZERO_QUANTITY)],
        ),
        (
            "zero text quantity",
            cart_with(vec![item(json!({ "quantity": "0.000" }))], json!({})),
            vec![("items[0].quantity", codes::ZERO_QUANTITY)],
        ),
        (
            "negative quantity",
            cart_with(vec![item(json!({ "quantity": -1 }))], json!({})),
            vec![("items[0].quantity", codes::NEGATIVE_INPUT)],
        ),
        (
            "quantity with 9 decimals",
            cart_with(vec![item(json!({ "quantity": "1.123456789" }))], json!({})),
            vec![("items[0].quantity", codes::TOO_PRECISE)],
        ),
        (
            "quantity over 10 characters",
            cart_with(vec![item(json!({ "quantity": "12345.123456" }))], json!({})),
            vec![("items[0].quantity", codes::TOO_LONG)],
        ),
        (
            "float quantity",
            cart_with(vec![item(json!({ "quantity": 2.5 }))], json!({})),
            vec![("items[0].quantity", codes::NOT_INTEGER)],
        ),
        (
            "unknown unit",
            cart_with(vec![item(json!({ "unit": "PIECES" }))], json!({})),
            vec![("items[0].unit", codes::UNKNOWN_VALUE)],
        ),
        (
            "missing tax rate",
            cart_with(
                vec![json!({ "id": "a", "name": "A", "unitPrice": 100 })],
                json!({}),
            ),
            vec![("items[0].taxRate", codes::REQUIRED)],
        ),
        (
            "tax rate over 10000 bp",
            cart_with(vec![item(json!({ "taxRate": 10001 }))], json!({})),
            vec![("items[0].taxRate", codes::TAX_RATE_OUT_OF_RANGE)],
        ),
        (
            "tax rate over 100 %",
            cart_with(vec![item(json!({ "taxRate": "100.5" }))], json!({})),
            vec![("items[0].taxRate", codes::TAX_RATE_OUT_OF_RANGE)],
        ),
        (
            "negative tax rate",
            cart_with(vec![item(json!({ "taxRate": -1 }))], json!({})),
            vec![("items[0].taxRate", codes::TAX_RATE_OUT_OF_RANGE)],
        ),
        (
            "tax rate with 3 decimals",
            cart_with(vec![item(json!({ "taxRate": "25.555" }))], json!({})),
            vec![("items[0].taxRate", codes::TOO_PRECISE)],
        ),
        (
            "float tax rate",
            cart_with(vec![item(json!({ "taxRate": 25.5 }))], json!({})),
            vec![("items[0].taxRate", codes::NOT_INTEGER)],
        ),
        (
            "duplicate item ids",
            cart_with(vec![item(json!({})), item(json!({}))], json!({})),
            vec![("items[1].id", codes::DUPLICATE_CART_LINE_ID)],
        ),
        (
            "item id equal to a default shipping id",
            cart_with(
                vec![item(json!({ "id": "shipping" }))],
                json!({ "shipping": { "name": "S", "price": 0, "taxRate": 0 } }),
            ),
            vec![("shipping", codes::DUPLICATE_CART_LINE_ID)],
        ),
        (
            "fee id equal to an item id",
            cart_with(
                vec![item(json!({}))],
                json!({ "fees": [{ "id": "a", "name": "F", "price": 0, "taxRate": 0 }] }),
            ),
            vec![("fees[0].id", codes::DUPLICATE_CART_LINE_ID)],
        ),
        (
            "line discount over gross",
            cart_with(vec![item(json!({ "discount": "10.01" }))], json!({})),
            vec![("items[0].discount", codes::LINE_DISCOUNT_EXCEEDS_GROSS)],
        ),
        (
            "negative line discount",
            cart_with(vec![item(json!({ "discount": -1 }))], json!({})),
            vec![("items[0].discount", codes::NEGATIVE_INPUT)],
        ),
        (
            "shipping discount over price",
            cart_with(
                vec![item(json!({}))],
                json!({ "shipping": [{ "name": "S", "price": 100, "taxRate": 0, "discount": 101 }] }),
            ),
            vec![("shipping[0].discount", codes::LINE_DISCOUNT_EXCEEDS_GROSS)],
        ),
        (
            "shipping without price",
            cart_with(
                vec![item(json!({}))],
                json!({ "shipping": [{ "name": "S", "taxRate": 0 }, { "name": "T", "taxRate": 0 }] }),
            ),
            vec![
                ("shipping[0].price", codes::REQUIRED),
                ("shipping[1].price", codes::REQUIRED),
            ],
        ),
        (
            "shipping object without price",
            cart_with(
                vec![item(json!({}))],
                json!({ "shipping": { "name": "S", "taxRate": 0 } }),
            ),
            vec![("shipping.price", codes::REQUIRED)],
        ),
        (
            "later lines keep their paths when an earlier one is unreadable",
            cart_with(
                vec![json!({ "id": "x" }), item(json!({ "discount": 1001 }))],
                json!({}),
            ),
            vec![
                ("items[0].name", codes::REQUIRED),
                ("items[0].unitPrice", codes::REQUIRED),
                ("items[0].taxRate", codes::REQUIRED),
                ("items[1].discount", codes::LINE_DISCOUNT_EXCEEDS_GROSS),
            ],
        ),
        (
            "cart discount over items",
            cart_with(vec![item(json!({}))], json!({ "discount": "10.01" })),
            vec![("discount", codes::CART_DISCOUNT_EXCEEDS_ITEMS)],
        ),
        (
            "cart discount with only returns",
            cart_with(
                vec![item(json!({ "isReturn": true }))],
                json!({ "discount": 1 }),
            ),
            vec![("discount", codes::CART_DISCOUNT_EXCEEDS_ITEMS)],
        ),
        (
            "negative tip",
            cart_with(vec![item(json!({}))], json!({ "tipAmount": "-1.00" })),
            vec![("tipAmount", codes::NEGATIVE_INPUT)],
        ),
        (
            "bad payment source",
            cart_with(
                vec![item(json!({}))],
                json!({ "paymentSources": { "card": "x", "bitcoin": 1 } }),
            ),
            vec![
                ("paymentSources.bitcoin", codes::UNKNOWN_CART_FIELD),
                ("paymentSources.card", codes::INVALID_DECIMAL),
            ],
        ),
        (
            "bad barcode",
            cart_with(
                vec![item(json!({}))],
                json!({ "barcode": { "format": "QR" } }),
            ),
            vec![
                ("barcode.format", codes::UNKNOWN_VALUE),
                ("barcode.data", codes::REQUIRED),
            ],
        ),
        (
            "pricesIncludeTax not a boolean",
            cart_with(vec![item(json!({}))], json!({ "pricesIncludeTax": "yes" })),
            vec![("pricesIncludeTax", codes::EXPECTED_TYPE)],
        ),
        (
            "isReturn not a boolean",
            cart_with(vec![item(json!({ "isReturn": 1 }))], json!({})),
            vec![("items[0].isReturn", codes::EXPECTED_TYPE)],
        ),
        (
            "receipt number as a number",
            cart_with(vec![item(json!({}))], json!({ "receiptNumber": 10042 })),
            vec![("receiptNumber", codes::EXPECTED_TYPE)],
        ),
        (
            "expected total differs",
            cart_with(vec![item(json!({}))], json!({ "expectedTotal": "10.01" })),
            vec![("expectedTotal", codes::EXPECTED_TOTAL_MISMATCH)],
        ),
    ];
    for (name, cart, expected) in table {
        let found = errors(cart);
        let found: Vec<(&str, &str)> = found.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        assert_eq!(found, expected, "{name}");
    }
}

/// The signed total of a receipt, computed here rather than by `Receipt::total`.
fn signed_total(receipt: &Receipt) -> i64 {
    let lines: i64 = receipt
        .order_lines
        .iter()
        .map(|l| {
            if l.is_return == Some(true) {
                -l.total_amount
            } else {
                l.total_amount
            }
        })
        .sum();
    lines + receipt.bottom_line.tip_amount.unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_well_formed_cart_builds_exactly(cart in arb_cart()) {
        let receipt = match build_receipt_from_value(&cart) {
            Ok(built) => built.receipt,
            Err(error) => return Err(TestCaseError::fail(format!("{error}\n{cart:#}"))),
        };
        let include_tax = cart.get("pricesIncludeTax").and_then(Value::as_bool).unwrap_or(true);

        for line in &receipt.order_lines {
            prop_assert_eq!(line.total_amount - line.total_amount_excluding_tax, line.total_tax_amount);
            prop_assert!(line.total_amount >= 0 && line.total_amount_excluding_tax >= 0 && line.total_tax_amount >= 0, "{:?}", line);
            prop_assert!(line.discount.is_none_or(|d| d > 0));
            prop_assert!(line.tax_rate.is_some() && line.tax_percentage.is_none());
            let rate = i128::from(line.tax_rate.unwrap());
            if include_tax {
                // The net part is the total divided by (1 + rate), rounded once.
                let exact = i128::from(line.total_amount) * 10_000;
                let excluding = i128::from(line.total_amount_excluding_tax) * (10_000 + rate);
                prop_assert!((exact - excluding).abs() * 2 <= 10_000 + rate, "{:?}", line);
            } else {
                let exact = i128::from(line.total_amount_excluding_tax) * rate;
                prop_assert!((exact - i128::from(line.total_tax_amount) * 10_000).abs() * 2 <= 10_000, "{:?}", line);
            }
        }

        // The cart discount's parts, recovered from each item line, sum to it exactly.
        let items = cart["items"].as_array().unwrap();
        let mut allocated = 0i64;
        for item in items.iter().filter(|i| i.get("isReturn").is_none()) {
            let line = line(&receipt, item["id"].as_str().unwrap());
            let paid = if include_tax { line.total_amount } else { line.total_amount_excluding_tax };
            let part = item_gross(item) - amount_of(item.get("discount")) - paid;
            prop_assert!(part >= 0);
            allocated += part;
        }
        prop_assert_eq!(allocated, amount_of(cart.get("discount")));

        prop_assert_eq!(receipt.total(), Some(signed_total(&receipt)));
        let lines = items.len()
            + cart.get("fees").and_then(Value::as_array).map_or(0, Vec::len)
            + match cart.get("shipping") { None => 0, Some(Value::Array(s)) => s.len(), Some(_) => 1 };
        prop_assert_eq!(receipt.order_lines.len(), lines);
    }

    #[test]
    fn building_never_panics_on_any_json(text in "\\PC{0,200}") {
        let _ = build_receipt_from_text(&text);
    }
}
