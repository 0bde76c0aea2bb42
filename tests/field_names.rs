//! The one list of each schema's field names (`model::fields`, which the validators and the cart
//! reader use) against the other two places that name them: the serde models (a fully filled
//! value, serialized) and the TypeScript types users program against (`src/wasm/types.d.ts`).

use std::collections::BTreeSet;

use serde::Serialize;
use vipps_order_management::model::{
    AddCategoryRequest, Barcode, BarcodeFormat, BottomLine, CategoryType, Currency, Image,
    ImageSourceType, OrderCategory, OrderImageRef, OrderLine, PaymentSources, PaymentType,
    QuantityUnit, Receipt, ShippingInfo, UnitInfo, fields,
};

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(str::to_owned).collect()
}

/// The keys a value serializes to, every optional field filled.
fn serde_names(value: &impl Serialize) -> BTreeSet<String> {
    match serde_json::to_value(value).unwrap() {
        serde_json::Value::Object(map) => map.keys().cloned().collect(),
        other => panic!("not an object: {other}"),
    }
}

fn full_line() -> OrderLine {
    OrderLine {
        name: "n".into(),
        id: "i".into(),
        total_amount: 1,
        total_amount_excluding_tax: 1,
        total_tax_amount: 0,
        tax_percentage: Some(0),
        tax_rate: Some(0),
        unit_info: Some(full_unit_info()),
        discount: Some(0),
        product_url: Some("https://a.example".into()),
        is_return: Some(false),
        is_shipping: Some(false),
    }
}

fn full_unit_info() -> UnitInfo {
    UnitInfo {
        unit_price: Some(1),
        quantity: "1".into(),
        quantity_unit: Some(QuantityUnit::Pcs),
    }
}

fn full_payment_sources() -> PaymentSources {
    PaymentSources {
        gift_card: Some(0),
        card: Some(1),
        voucher: Some(0),
        cash: Some(0),
    }
}

fn full_barcode() -> Barcode {
    Barcode {
        format: Some(BarcodeFormat::Code128),
        data: Some("1".into()),
    }
}

fn full_shipping_info() -> ShippingInfo {
    ShippingInfo {
        amount: Some(0),
        amount_excluding_tax: Some(0),
        tax_amount: Some(0),
        tax_percentage: Some(0),
    }
}

fn full_bottom_line() -> BottomLine {
    let mut bottom = BottomLine::new(Currency::Nok);
    bottom.tip_amount = Some(0);
    bottom.pos_id = Some("p".into());
    bottom.payment_sources = Some(full_payment_sources());
    bottom.barcode = Some(full_barcode());
    bottom.receipt_number = Some("r".into());
    bottom.gift_card_amount = Some(0);
    bottom.total_amount = Some(0);
    bottom.total_tax = Some(0);
    bottom.total_discount = Some(0);
    bottom.shipping_amount = Some(0);
    bottom.shipping_info = Some(full_shipping_info());
    bottom.terminal_id = Some("t".into());
    bottom
}

#[test]
fn the_lists_are_the_serde_models_names() {
    let receipt = Receipt {
        order_lines: vec![full_line()],
        bottom_line: full_bottom_line(),
    };
    assert_eq!(serde_names(&receipt), set(fields::RECEIPT.iter().copied()));
    assert_eq!(
        serde_names(&full_line()),
        set(fields::ORDER_LINE.iter().copied())
    );
    assert_eq!(
        serde_names(&full_unit_info()),
        set(fields::UNIT_INFO.iter().copied())
    );
    assert_eq!(
        serde_names(&full_bottom_line()),
        set(fields::BOTTOM_LINE.iter().copied())
    );
    assert_eq!(
        serde_names(&full_payment_sources()),
        set(fields::PAYMENT_SOURCES.iter().copied())
    );
    assert_eq!(
        serde_names(&full_barcode()),
        set(fields::BARCODE.iter().copied())
    );
    assert_eq!(
        serde_names(&full_shipping_info()),
        set(fields::SHIPPING_INFO.iter().copied())
    );
    let category = OrderCategory {
        category: Some(CategoryType::Receipt),
        order_details_url: "https://a.example".into(),
        image_id: Some("i".into()),
        image_ids: Some(vec![OrderImageRef {
            id: "i".into(),
            sort_order: Some(0),
        }]),
    };
    assert_eq!(
        serde_names(&category),
        set(fields::ORDER_CATEGORY
            .iter()
            .chain(fields::ORDER_CATEGORY_READ_BACK)
            .copied())
    );
    let add = AddCategoryRequest {
        order_id: "o".into(),
        payment_type: PaymentType::Ecom,
        category_type: CategoryType::Receipt,
        url: "https://a.example".into(),
        image_id: Some("i".into()),
    };
    assert_eq!(
        serde_names(&add),
        set(fields::ADD_CATEGORY_REQUEST.iter().copied())
    );
    let image = Image {
        image_id: "i".into(),
        src: "AA==".into(),
        source_type: ImageSourceType::Base64,
    };
    assert_eq!(serde_names(&image), set(fields::IMAGE.iter().copied()));
}

/// The member names of `interface name { ... }` in a .d.ts text (members at two spaces).
fn interface_names(dts: &str, name: &str) -> BTreeSet<String> {
    let start = format!("export interface {name} {{");
    let body = dts
        .split(&start)
        .nth(1)
        .unwrap_or_else(|| panic!("no interface {name}"));
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .filter_map(|line| {
            let member = line.strip_prefix("  ")?;
            let end = member.find([':', '?'])?;
            let key = &member[..end];
            (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric())).then_some(key)
        })
        .map(str::to_owned)
        .collect()
}

/// The names inside `key?: { a?: T; b?: T }` within an interface (an inline object type).
fn inline_names(dts: &str, interface: &str, key: &str) -> BTreeSet<String> {
    let start = format!("export interface {interface} {{");
    let body = dts.split(&start).nth(1).unwrap();
    let line = body
        .lines()
        .find(|line| line.trim_start().starts_with(&format!("{key}?: {{")))
        .unwrap_or_else(|| panic!("no inline {interface}.{key}"));
    let inner = &line[line.find('{').unwrap() + 1..line.rfind('}').unwrap()];
    inner
        .split(';')
        .filter_map(|member| member.trim().split([':', '?']).next())
        .filter(|key| !key.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_lists_are_the_typescript_types_names() {
    let dts = include_str!("../src/wasm/types.d.ts");
    let cases: [(&str, Vec<&str>); 13] = [
        ("Receipt", fields::RECEIPT.to_vec()),
        ("OrderLine", fields::ORDER_LINE.to_vec()),
        ("UnitInfo", fields::UNIT_INFO.to_vec()),
        ("BottomLine", fields::BOTTOM_LINE.to_vec()),
        ("PaymentSources", fields::PAYMENT_SOURCES.to_vec()),
        ("Barcode", fields::BARCODE.to_vec()),
        ("ShippingInfo", fields::SHIPPING_INFO.to_vec()),
        (
            "CategoryRequest",
            [fields::ORDER_CATEGORY, fields::ORDER_CATEGORY_READ_BACK].concat(),
        ),
        ("AddCategoryRequest", fields::ADD_CATEGORY_REQUEST.to_vec()),
        ("ImageRequest", fields::IMAGE.to_vec()),
        ("Cart", fields::CART.to_vec()),
        ("CartItem", fields::CART_ITEM.to_vec()),
        ("CartShipping", fields::CART_SHIPPING.to_vec()),
    ];
    for (interface, names) in cases {
        assert_eq!(
            interface_names(dts, interface),
            set(names),
            "interface {interface}"
        );
    }
    assert_eq!(
        interface_names(dts, "CartFee"),
        set(fields::CART_FEE.iter().copied())
    );
    assert_eq!(
        inline_names(dts, "Cart", "paymentSources"),
        set(fields::PAYMENT_SOURCES.iter().copied())
    );
}
