//! Every example in the spec (copied into tests/fixtures/spec-examples/ as JSON) parses into the
//! model types, re-serializes to the same JSON, and validates with exactly the issues stated here.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use vipps_order_management::Report;
use vipps_order_management::codes;
use vipps_order_management::model::*;
use vipps_order_management::validate::*;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/spec-examples/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Parses into `T` and checks that serializing gives back the same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let value = fixture(name);
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        value,
        "{name} round trip"
    );
    typed
}

/// `(path, code)` pairs, sorted.
type Found = Vec<(String, &'static str)>;

fn issues(report: &Report) -> (Found, Found) {
    let list = |v: &[vipps_order_management::Issue]| {
        let mut l: Vec<_> = v.iter().map(|i| (i.path.clone(), i.code)).collect();
        l.sort();
        l
    };
    (list(&report.errors), list(&report.warnings))
}

fn owned(list: &[(&str, &'static str)]) -> Found {
    let mut l: Vec<_> = list.iter().map(|(p, c)| (p.to_string(), *c)).collect();
    l.sort();
    l
}

fn assert_issues(
    report: &Report,
    errors: &[(&str, &'static str)],
    warnings: &[(&str, &'static str)],
) {
    let (got_errors, got_warnings) = issues(report);
    assert_eq!(got_errors, owned(errors), "errors: {report:#?}");
    assert_eq!(got_warnings, owned(warnings), "warnings: {report:#?}");
    assert_eq!(report.valid, errors.is_empty());
}

#[test]
fn receipt_request_example_is_valid_with_deprecation_and_payment_warnings() {
    let receipt: Receipt = round_trip("receipt-request-v2");
    let report = validate_receipt_value(&fixture("receipt-request-v2"));
    // taxPercentage is deprecated on every line; the payment sources are all 0 while the
    // lines add up to 70.00. The CODE 39 data "SC0527013501 " is in CODE 39's set.
    let expected_warnings = [
        ("orderLines[0].taxPercentage", codes::DEPRECATED_FIELD),
        ("orderLines[1].taxPercentage", codes::DEPRECATED_FIELD),
        ("orderLines[2].taxPercentage", codes::DEPRECATED_FIELD),
        ("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH),
    ];
    assert_issues(&report, &[], &expected_warnings);
    assert!(report.warnings.iter().any(|w| w.message.contains("7000")));
    // The typed entry point agrees.
    assert_eq!(validate_receipt(&receipt), report);
}

#[test]
fn receipt_schema_example() {
    let receipt: Receipt = round_trip("receipt-schema-example");
    let report = validate_receipt(&receipt);
    // unitPrice 0 × 0.822 is not the line's 10.00; the EAN-13 data '123456' is 6 digits.
    assert_issues(
        &report,
        &[],
        &[
            ("orderLines[0].taxPercentage", codes::DEPRECATED_FIELD),
            ("orderLines[0].totalAmount", codes::UNIT_PRICE_MISMATCH),
            ("bottomLine.paymentSources", codes::PAYMENT_SOURCES_MISMATCH),
            ("bottomLine.barcode.data", codes::BARCODE_LENGTH),
        ],
    );
}

#[test]
fn order_line_schema_example_lines() {
    // The example is a receipt fragment without a bottom line: each line is an OrderLine.
    let value = fixture("order-line-schema-example");
    let lines = value["orderLines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    for line in lines {
        let typed: OrderLine = serde_json::from_value(line.clone()).unwrap();
        assert_eq!(&serde_json::to_value(&typed).unwrap(), line);
        let report = validate_order_line_value(line);
        assert_issues(&report, &[], &[("taxPercentage", codes::DEPRECATED_FIELD)]);
    }
    // As a whole receipt it lacks the required bottom line.
    let report = validate_receipt_value(&value);
    assert_issues(
        &report,
        &[("bottomLine", codes::REQUIRED)],
        &[
            ("orderLines[0].taxPercentage", codes::DEPRECATED_FIELD),
            ("orderLines[1].taxPercentage", codes::DEPRECATED_FIELD),
        ],
    );
}

#[test]
fn property_level_order_line_examples_break_the_identity() {
    // Each property's `example`: totalAmount 1000, totalAmountExcludingTax 800,
    // totalTaxAmount 250 (1000 − 800 is 200), and both taxPercentage 25 and taxRate 2500.
    let line: OrderLine = round_trip("order-line-property-examples");
    assert_eq!(line.total_tax_amount, 250);
    let report = validate_order_line_value(&fixture("order-line-property-examples"));
    assert_issues(
        &report,
        &[
            ("totalTaxAmount", codes::LINE_IDENTITY),
            ("taxPercentage", codes::TAX_RATE_AND_PERCENTAGE),
        ],
        &[
            ("taxPercentage", codes::DEPRECATED_FIELD),
            ("taxRate", codes::RATE_MISMATCH),
        ],
    );
    let identity = report.find("totalTaxAmount", codes::LINE_IDENTITY).unwrap();
    for number in ["1000", "800", "200", "250", "+50"] {
        assert!(identity.message.contains(number), "{}", identity.message);
    }
}

#[test]
fn bottom_line_examples() {
    let bottom: BottomLine = round_trip("bottom-line-schema-example");
    assert_eq!(bottom.payment_sources.unwrap().sum(), Some(150));
    let report = validate_bottom_line_value(&fixture("bottom-line-schema-example"));
    // The EAN-13 data '123456' is too short for EAN-13.
    assert_issues(&report, &[], &[("barcode.data", codes::BARCODE_LENGTH)]);

    // The property-level examples have no currency (the one required field).
    let value = fixture("bottom-line-property-examples");
    let bottom: BottomLine = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(bottom.gift_card_amount, Some(20000));
    let report = validate_bottom_line_value(&value);
    assert_issues(
        &report,
        &[("currency", codes::REQUIRED)],
        &[("giftCardAmount", codes::DEPRECATED_FIELD)],
    );

    let info: ShippingInfo = round_trip("shipping-info-property-examples");
    assert_eq!(info.tax_percentage, Some(25));
    let report = validate_bottom_line_value(
        &json!({"currency": "EUR", "shippingInfo": fixture("shipping-info-property-examples")}),
    );
    assert_issues(&report, &[], &[("shippingInfo", codes::DEPRECATED_FIELD)]);

    let sources: PaymentSources = round_trip("payment-sources-example");
    assert_eq!(sources.sum(), Some(300));
}

#[test]
fn unit_info_examples_in_consistent_lines() {
    for (name, total) in [
        ("unit-info-example-1", 12330),
        ("unit-info-example-2", 40000),
    ] {
        let _: UnitInfo = round_trip(name);
        let line = json!({
            "name": "x", "id": "1", "totalAmount": total, "totalAmountExcludingTax": total,
            "totalTaxAmount": 0, "taxRate": 0, "unitInfo": fixture(name),
        });
        assert_issues(&validate_order_line_value(&line), &[], &[]);
    }
}

#[test]
fn category_examples() {
    for name in [
        "category-v2-request",
        "category-v1-put-request",
        "order-schema-example",
    ] {
        let category: OrderCategory = round_trip(name);
        assert_issues(&validate_order_category(&category), &[], &[]);
        assert_issues(&validate_order_category_value(&fixture(name)), &[], &[]);
    }
    // The deprecated v1 read-back carries imageIds, which the v2 request body does not define.
    let category: OrderCategory = round_trip("order-v1-get-response");
    assert_issues(
        &validate_order_category(&category),
        &[],
        &[("imageIds", codes::UNKNOWN_FIELD)],
    );

    for name in [
        "add-category-request-v3",
        "add-category-request-schema-example",
    ] {
        let request: AddCategoryRequest = round_trip(name);
        assert_issues(&validate_add_category_request(&request), &[], &[]);
        assert_issues(
            &validate_add_category_request_value(&fixture(name)),
            &[],
            &[],
        );
    }
}

#[test]
fn response_examples_parse_and_round_trip() {
    let response: AddCategoryResponse = round_trip("add-category-response-v3");
    assert!(response.category_id.is_some());
    let list: GetCategoriesResponse = round_trip("get-categories-response-v3");
    assert_eq!(list.categories.len(), 1);
    let category: Category = round_trip("category-v3-response");
    assert_eq!(category.category_type, Some(CategoryType::Receipt));
    let _: Category = round_trip("category-schema-example");
    let _: Image = round_trip("image-request");
    let _: ImageResponse = round_trip("image-response");
    let _: ImageResponse = round_trip("image-response-schema-example");
    let error: ErrorResponse = round_trip("error-response-schema-example");
    assert_eq!(error.field_problems().len(), 1);
    // The categories read back also pass the v3 request checks apart from the id the API added.
    let report = validate_add_category_request_value(&fixture("category-v3-response"));
    assert_issues(&report, &[], &[("categoryId", codes::UNKNOWN_FIELD)]);
}

/// The client reads the API's answers and its request bodies with the crate's own reader
/// (`model::read`), not serde: every example reads to the value serde reads, and writes back
/// (`write_json`) as the example.
#[test]
fn examples_read_with_the_clients_reader_as_serde_reads_them() {
    use vipps_order_management::issue::Issues;
    use vipps_order_management::json::{JsonValue, Path};
    use vipps_order_management::model::read::{self, read_json};
    use vipps_order_management::write_json::WriteJson;

    fn check<T>(name: &str, text: &str, read: fn(&JsonValue<'_>, &Path, &mut Issues) -> Option<T>)
    where
        T: DeserializeOwned + WriteJson + PartialEq + std::fmt::Debug,
    {
        let mut issues = Issues::new();
        let ours = read_json(text, &Path::Root, &mut issues, read)
            .unwrap_or_else(|| panic!("{name}: {:?}", issues.into_report().errors));
        let serdes: T = serde_json::from_str(text).unwrap();
        assert_eq!(ours, serdes, "{name}");
        assert_eq!(
            serde_json::from_str::<Value>(&ours.to_json()).unwrap(),
            serde_json::from_str::<Value>(text).unwrap(),
            "{name} written back"
        );
    }
    let text = |name: &str| fixture(name).to_string();
    check(
        "add-category-response-v3",
        &text("add-category-response-v3"),
        read::add_category_response,
    );
    check(
        "get-categories-response-v3",
        &text("get-categories-response-v3"),
        read::get_categories_response,
    );
    for name in ["category-v3-response", "category-schema-example"] {
        check(name, &text(name), read::category);
    }
    for name in [
        "add-category-request-v3",
        "add-category-request-schema-example",
    ] {
        check(name, &text(name), read::add_category_request);
    }
    check("image-request", &text("image-request"), read::image);
    // `GET v2/{paymentType}/{orderId}`: the spec's category and receipt examples together, and
    // each alone (either may be missing).
    let order = json!({
        "category": fixture("order-schema-example"),
        "receipt": fixture("receipt-schema-example"),
    });
    check("order", &order.to_string(), read::order_v2_response);
    check(
        "order without a receipt",
        &json!({"category": fixture("order-v1-get-response")}).to_string(),
        read::order_v2_response,
    );
    check("empty order", "{}", read::order_v2_response);
    check(
        "an id",
        r#""16328cb8-d769-4c53-90ad-e19777823f0a""#,
        read::string_value,
    );
}
