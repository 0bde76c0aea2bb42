//! Units you cannot get wrong (README.md, "Units"): a cart rate under 1 % is refused with both
//! readings, a rate that is no VAT rate of the currency is a warning, every message about a
//! number names the unit of its field and the corrected value, and a cart reports every problem
//! at once.

use serde_json::{Value, json};
use vipps_order_management::Issue;
use vipps_order_management::build::{
    Cart, CartItem, build_receipt, build_receipt_from_text, build_receipt_from_value,
};
use vipps_order_management::model::Currency;
use vipps_order_management::validate::validate_receipt_value;

fn cart_with_item(item: Value) -> Value {
    let mut full =
        json!({ "id": "sku-1", "name": "Socks", "unitPrice": "100.00", "taxRate": "25" });
    if let (Some(full), Some(extra)) = (full.as_object_mut(), item.as_object()) {
        for (key, value) in extra {
            full.insert(key.clone(), value.clone());
        }
    }
    json!({ "currency": "NOK", "items": [full] })
}

fn errors_of(cart: Value) -> Vec<Issue> {
    match build_receipt_from_value(&cart) {
        Ok(built) => panic!("expected errors, built {built:#?}"),
        Err(error) => error.issues,
    }
}

fn the_error(cart: Value, path: &str) -> Issue {
    let issues = errors_of(cart);
    match issues.iter().find(|issue| issue.path == path) {
        Some(issue) => issue.clone(),
        None => panic!("no error at {path}: {issues:#?}"),
    }
}

#[test]
fn units_a_cart_rate_under_one_percent_names_both_readings() {
    let number = the_error(cart_with_item(json!({ "taxRate": 25 })), "items[0].taxRate");
    assert_eq!(number.code, "ambiguous_tax_rate");
    assert!(
        number.message.contains("25 is 0.25 %")
            && number.message.contains("for 25 % write \"25\" or 2500"),
        "{}",
        number.message
    );
    let text = the_error(
        cart_with_item(json!({ "taxRate": "0.25" })),
        "items[0].taxRate",
    );
    assert_eq!(text.code, "ambiguous_tax_rate");
    assert!(
        text.message.contains("\"0.25\" is 0.25 %")
            && text.message.contains("for 25 % write \"25\" or 2500"),
        "{}",
        text.message
    );
    for rate in [json!(1), json!(99), json!("0.01"), json!("0.99")] {
        let issue = the_error(
            json!({ "currency": "NOK", "items": [], "shipping": { "name": "Post", "price": 4900, "taxRate": rate } }),
            "shipping.taxRate",
        );
        assert_eq!(issue.code, "ambiguous_tax_rate", "{rate}");
    }
    // The typed cart keeps the same rule.
    let mut cart = Cart::new(Currency::Nok);
    cart.items.push(CartItem::new("a", "A", 10000, 25));
    let failure = build_receipt(&cart).unwrap_err();
    assert_eq!(failure.issues[0].code, "ambiguous_tax_rate");
}

#[test]
fn units_zero_and_real_rates_stay_valid() {
    for rate in [
        json!(0),
        json!("0"),
        json!(100),
        json!("1"),
        json!(2500),
        json!("25"),
    ] {
        let cart = cart_with_item(json!({ "taxRate": rate }));
        assert!(build_receipt_from_value(&cart).is_ok(), "{rate}");
    }
}

/// A receipt with one line at `rate` basis points in `currency`.
fn receipt_at(currency: &str, rate_key: &str, rate: i64) -> Value {
    json!({
        "orderLines": [{
            "name": "Socks", "id": "sku-1",
            "totalAmount": 10000, "totalAmountExcludingTax": 10000, "totalTaxAmount": 0,
            rate_key: rate
        }],
        "bottomLine": { "currency": currency }
    })
}

fn rate_warnings(receipt: &Value) -> Vec<Issue> {
    validate_receipt_value(receipt)
        .warnings
        .into_iter()
        .filter(|issue| issue.code == "unusual_tax_rate")
        .collect()
}

#[test]
fn units_a_rate_outside_the_currency_vat_rates_is_a_warning() {
    // 25 basis points in NOK: valid for the API, but 0.25 % is no Norwegian VAT rate.
    let mut receipt = receipt_at("NOK", "taxRate", 25);
    receipt["orderLines"][0]["totalTaxAmount"] = json!(25);
    receipt["orderLines"][0]["totalAmountExcludingTax"] = json!(9975);
    let report = validate_receipt_value(&receipt);
    assert!(report.valid, "{report:#?}");
    let warnings = rate_warnings(&receipt);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].path, "orderLines[0].taxRate");
    assert!(
        warnings[0].message.contains("0.25 %")
            && warnings[0].message.contains("25, 15, 12 or 0 %")
            && warnings[0].message.contains("2500"),
        "{}",
        warnings[0].message
    );
    for (currency, rate) in [("NOK", 1300), ("DKK", 1500), ("EUR", 2500)] {
        let warnings = rate_warnings(&receipt_at(currency, "taxRate", rate));
        assert_eq!(warnings.len(), 1, "{currency} {rate}");
    }
    // The deprecated whole percent is read as its rate.
    let warnings = rate_warnings(&receipt_at("DKK", "taxPercentage", 12));
    assert_eq!(warnings[0].path, "orderLines[0].taxPercentage");
    for (currency, rate) in [
        ("NOK", 2500),
        ("NOK", 1500),
        ("NOK", 1200),
        ("NOK", 0),
        ("DKK", 2500),
        ("DKK", 0),
        ("EUR", 2550),
        ("EUR", 2400),
        ("EUR", 1400),
        ("EUR", 1350),
        ("EUR", 1000),
        ("EUR", 0),
    ] {
        assert!(
            rate_warnings(&receipt_at(currency, "taxRate", rate)).is_empty(),
            "{currency} {rate}"
        );
    }
}

#[test]
fn units_every_cart_number_message_names_its_unit_and_the_fix() {
    let cases = [
        (
            json!({ "unitPrice": 39.9 }),
            "items[0].unitPrice",
            "3990 or \"39.90\"",
        ),
        (
            json!({ "taxRate": 0.25 }),
            "items[0].taxRate",
            "for 25 % write 2500 or \"25\"",
        ),
        (
            json!({ "taxRate": 25.5 }),
            "items[0].taxRate",
            "2550 or \"25.5\"",
        ),
        (
            json!({ "quantity": 2.5 }),
            "items[0].quantity",
            "write \"2.5\"",
        ),
        (json!({ "taxRate": "25%" }), "items[0].taxRate", "\"25\""),
        (
            json!({ "unitPrice": "39,90" }),
            "items[0].unitPrice",
            "\"39.90\"",
        ),
        (
            json!({ "discount": 5.5 }),
            "items[0].discount",
            "550 or \"5.50\"",
        ),
    ];
    for (item, path, fix) in cases {
        let issue = the_error(cart_with_item(item.clone()), path);
        assert!(issue.message.contains(fix), "{item}: {}", issue.message);
        let wrong_unit = path.ends_with("taxRate") || path.ends_with("quantity");
        assert!(
            !(wrong_unit && issue.message.contains("minor units")),
            "{item}: {}",
            issue.message
        );
        assert!(
            !(path.ends_with("taxRate") && issue.message.contains("39.90")),
            "{item}: a rate gets a rate example: {}",
            issue.message
        );
    }
}

#[test]
fn units_a_missing_or_unknown_currency_lists_the_accepted_ones() {
    let mut cart = cart_with_item(json!({}));
    cart.as_object_mut().unwrap().remove("currency");
    let issue = the_error(cart, "currency");
    assert!(
        ["NOK", "DKK", "EUR"]
            .iter()
            .all(|c| issue.message.contains(c)),
        "{}",
        issue.message
    );
    let mut receipt = receipt_at("NOK", "taxRate", 0);
    receipt["bottomLine"] = json!({});
    let report = validate_receipt_value(&receipt);
    let issue = report.find("bottomLine.currency", "required").unwrap();
    assert!(issue.message.contains("NOK"), "{}", issue.message);
}

#[test]
fn units_every_receipt_number_message_names_its_unit_and_the_fix() {
    let mut receipt = receipt_at("NOK", "taxRate", 0);
    receipt["orderLines"][0]["taxRate"] = json!(0.25);
    receipt["orderLines"][0]["unitInfo"] = json!({ "unitPrice": 39.9, "quantity": "1" });
    receipt["bottomLine"]["tipAmount"] = json!(10.5);
    let report = validate_receipt_value(&receipt);
    let message = |path: &str| {
        report
            .find(path, "not_integer")
            .unwrap_or_else(|| panic!("{path}: {report:#?}"))
            .message
            .clone()
    };
    let rate = message("orderLines[0].taxRate");
    assert!(
        rate.contains("basis points") && rate.contains("2500") && !rate.contains("minor units"),
        "{rate}"
    );
    assert!(message("orderLines[0].unitInfo.unitPrice").contains("for 39.90 write 3990"));
    assert!(message("bottomLine.tipAmount").contains("for 10.50 write 1050"));
    // A number written as a string gets the integer to write.
    let mut strings = receipt_at("NOK", "taxRate", 0);
    strings["orderLines"][0]["totalAmount"] = json!("100.00");
    strings["orderLines"][0]["taxRate"] = json!("25");
    let report = validate_receipt_value(&strings);
    let message = |path: &str| {
        report
            .find(path, "expected_type")
            .unwrap_or_else(|| panic!("{path}: {report:#?}"))
            .message
            .clone()
    };
    let total = message("orderLines[0].totalAmount");
    assert!(
        total.contains("minor units") && total.contains("write 10000"),
        "{total}"
    );
    let rate = message("orderLines[0].taxRate");
    assert!(
        rate.contains("basis points") && rate.contains("for 25 % write 2500"),
        "{rate}"
    );
    let mut old = receipt_at("NOK", "taxPercentage", 25);
    old["orderLines"][0]["taxPercentage"] = json!(25.5);
    let report = validate_receipt_value(&old);
    let issue = report
        .find("orderLines[0].taxPercentage", "not_integer")
        .unwrap();
    assert!(issue.message.contains("taxRate: 2550"), "{}", issue.message);
}

#[test]
fn every_problem_at_once_in_carts() {
    let issues = errors_of(cart_with_item(
        json!({ "unitPrice": 39.9, "productUrl": "shop.example/p/1" }),
    ));
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|issue| (issue.path.as_str(), issue.code))
        .collect();
    assert!(
        found.contains(&("items[0].unitPrice", "not_integer")),
        "{found:?}"
    );
    assert!(
        found.contains(&("items[0].productUrl", "url_not_absolute")),
        "{found:?}"
    );
    // A line with an unknown field still has its values checked, and so do shipping and fees.
    let issues = errors_of(json!({
        "currency": "NOK",
        "items": [{ "id": "", "name": "A", "unitPrice": "abc", "taxRate": 2500, "discuont": 1 }],
        "shipping": { "name": "Post", "price": true, "taxRate": "25 %" },
        "fees": [{ "name": "Fee", "price": "1.001", "taxRate": 2500, "extra": 1 }]
    }));
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|issue| (issue.path.as_str(), issue.code))
        .collect();
    for expected in [
        ("items[0].discuont", "unknown_cart_field"),
        ("items[0].id", "empty"),
        ("items[0].unitPrice", "invalid_decimal"),
        ("shipping.price", "expected_type"),
        ("shipping.taxRate", "invalid_decimal"),
        ("fees[0].extra", "unknown_cart_field"),
        ("fees[0].price", "too_precise"),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    // Also when a later field of a readable line is bad: the productUrl is checked although the
    // price is not a decimal.
    let issues = errors_of(cart_with_item(
        json!({ "unitPrice": "abc", "productUrl": "javascript:alert(1)" }),
    ));
    assert!(
        issues
            .iter()
            .any(|issue| issue.path == "items[0].productUrl" && issue.code == "unsafe_url"),
        "{issues:#?}"
    );
}

#[test]
fn builder_warnings_channel() {
    // Builds (13 % is a valid rate), but 13 % is no Norwegian VAT rate: one warning, at the
    // receipt's path; a plain http product link is the validator's warning too.
    let built = build_receipt_from_text(
        r#"{"currency": "NOK", "items": [
            {"id": "a", "name": "A", "unitPrice": "100.00", "taxRate": "13"},
            {"id": "b", "name": "B", "unitPrice": 1000, "taxRate": 2500, "productUrl": "http://shop.example/b"}
        ]}"#,
    )
    .unwrap();
    let warnings: Vec<(String, &str)> = built
        .warnings()
        .into_iter()
        .map(|issue| (issue.path, issue.code))
        .collect();
    assert_eq!(
        warnings,
        [
            ("orderLines[0].taxRate".to_owned(), "unusual_tax_rate"),
            ("orderLines[1].productUrl".to_owned(), "url_not_https"),
        ]
    );
    // The same as validate_receipt gives on the built receipt.
    let report = vipps_order_management::validate::validate_receipt(&built.receipt);
    assert_eq!(built.warnings(), report.warnings);
    // A clean cart has none.
    let clean = build_receipt_from_value(&cart_with_item(json!({}))).unwrap();
    assert!(clean.warnings().is_empty());
}

#[test]
fn every_problem_says_the_fix_a_url_without_scheme_gets_https() {
    let issue = the_error(
        cart_with_item(json!({ "productUrl": "shop.example/p/1" })),
        "items[0].productUrl",
    );
    assert_eq!(issue.code, "url_not_absolute");
    assert!(
        issue.message.contains("write \"https://shop.example/p/1\""),
        "{}",
        issue.message
    );
    // A relative path is no host: no guess.
    let issue = the_error(
        cart_with_item(json!({ "productUrl": "/p/1" })),
        "items[0].productUrl",
    );
    assert!(!issue.message.contains("https://p"), "{}", issue.message);
}
