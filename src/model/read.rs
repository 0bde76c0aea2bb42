//! Reading the typed model from JSON text with the crate's own reader ([`crate::json`]), for
//! the inputs that need their typed shape (the preview's receipt and options), so that a
//! malformed input gets every problem with its JSON path in one pass, and the checkout wasm
//! module needs no serde (README.md, "Preview").
//!
//! This checks the *shape* only, as the types are: the required fields are there, each value
//! has its type, a closed enum (`currency`) has a known value. Unknown fields are ignored and
//! no API rule is checked (the preview also shows receipts that do not validate: that is
//! `validateReceipt`'s job). Integers take the whole 64-bit range: the preview shows an
//! amount beyond 2^53 − 1 as "—" rather than refusing the receipt. A duplicate key is an error
//! (which value would the API take?).

use std::borrow::Cow;

use super::{
    AddCategoryRequest, AddCategoryResponse, Barcode, BarcodeFormat, BottomLine, Category,
    CategoryType, Currency, GetCategoriesResponse, Image, ImageSourceType, OrderCategory,
    OrderImageRef, OrderLine, OrderV2Response, PaymentSources, PaymentType, QuantityUnit, Receipt,
    ShippingInfo, UnitInfo,
};
use crate::codes;
use crate::issue::{Issue, Issues, Text};
use crate::json::walk::{Need, as_array, as_bool, as_object, enum_value, field, str_field};
use crate::json::{Arena, JsonMap, JsonValue, Path, read_tree, type_name};

/// Reads JSON text (a byte-order mark skipped) with `read`, which reports into `issues` with
/// paths under `path` ([`Path::Root`] for the root; the reader's own issues, syntax and
/// duplicate keys, are put under it too); the value when nothing was reported, else `None`.
/// Issues already in `issues` count too, so several inputs can be read in one pass.
pub fn read_json<T>(
    text: &str,
    path: &Path,
    issues: &mut Issues,
    read: impl FnOnce(&JsonValue<'_>, &Path, &mut Issues) -> Option<T>,
) -> Option<T> {
    // The reader's own issues carry paths from the root of `text`: put them under `path` (a
    // path already written out renders as itself when it is one key under another).
    let under = |inner: String| -> String {
        if inner.is_empty() {
            path.render()
        } else if inner.starts_with('[') {
            let mut full = path.render();
            full.push_str(&inner);
            full
        } else {
            path.key(&inner).render()
        }
    };
    let arena = Arena::new();
    match read_tree(&arena, text) {
        Ok(parsed) => {
            for issue in parsed.issues {
                issues.error(under(issue.path), issue.code, issue.message);
            }
            let value = read(&parsed.value, path, issues);
            value.filter(|_| !issues.has_errors())
        }
        Err(issue) => {
            issues.error(under(issue.path), issue.code, issue.message);
            None
        }
    }
}

/// [`read_json`] of a whole text (issues at the root's paths) with a reader of the model's
/// shape, for the client's answers and request bodies. The reader is called through `dyn`, so
/// `read_json` is compiled once for all of them rather than once per type (BENCHMARKS.md,
/// "Server/Worker size").
pub fn read_root<T>(
    text: &str,
    issues: &mut Issues,
    read: fn(&JsonValue<'_>, &Path, &mut Issues) -> Option<T>,
) -> Option<T> {
    let mut value = None;
    let mut read_into = |json: &JsonValue<'_>, path: &Path, issues: &mut Issues| {
        value = read(json, path, issues);
        value.as_ref().map(|_| ())
    };
    let reader: &mut dyn FnMut(&JsonValue<'_>, &Path, &mut Issues) -> Option<()> = &mut read_into;
    read_json(text, &Path::Root, issues, reader).and(value)
}

impl Receipt {
    /// Reads a receipt from JSON text, or every shape problem with its path (see
    /// [`crate::model::read`]: no API rule is checked here; use `validate_receipt_text`).
    pub fn from_json(text: &str) -> Result<Receipt, Vec<Issue>> {
        let mut issues = Issues::new();
        read_json(text, &Path::Root, &mut issues, receipt)
            .ok_or_else(|| issues.into_report().errors)
    }
}

/// A receipt at `path`.
pub fn receipt(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<Receipt> {
    let object = as_object(value, path, issues)?;
    let order_lines = array(
        object,
        path,
        "orderLines",
        Need::RequiredNullIsAbsent,
        issues,
    )
    .map(|items| list(items, &path.key("orderLines"), issues, order_line));
    let bottom_path = path.key("bottomLine");
    let bottom_line = field(
        object,
        "bottomLine",
        Need::RequiredNullIsAbsent,
        path,
        issues,
    )
    .and_then(|bottom| as_object(bottom, &bottom_path, issues))
    .and_then(|bottom| bottom_line(bottom, &bottom_path, issues));
    Some(Receipt {
        order_lines: order_lines??,
        bottom_line: bottom_line?,
    })
}

/// Every item read with `read` (each reporting at `parent[index]`); `None` when any was not.
pub(crate) fn list<T>(
    items: &[JsonValue<'_>],
    parent: &Path,
    issues: &mut Issues,
    read: fn(&JsonValue<'_>, &Path, &mut Issues) -> Option<T>,
) -> Option<Vec<T>> {
    let mut all = Some(Vec::with_capacity(items.len()));
    for (index, item) in items.iter().enumerate() {
        match read(item, &parent.index(index), issues) {
            Some(value) => {
                if let Some(all) = all.as_mut() {
                    all.push(value);
                }
            }
            None => all = None,
        }
    }
    all
}

fn order_line(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<OrderLine> {
    let line = as_object(value, path, issues)?;
    let name = owned(string(line, path, "name", true, issues));
    let id = owned(string(line, path, "id", true, issues));
    let total_amount = integer(line, path, "totalAmount", true, issues);
    let total_amount_excluding_tax = integer(line, path, "totalAmountExcludingTax", true, issues);
    let total_tax_amount = integer(line, path, "totalTaxAmount", true, issues);
    let tax_percentage = integer(line, path, "taxPercentage", false, issues);
    let tax_rate = integer(line, path, "taxRate", false, issues);
    let unit_info = optional(line, path, "unitInfo", issues, unit_info);
    let discount = integer(line, path, "discount", false, issues);
    let product_url = owned(string(line, path, "productUrl", false, issues));
    let is_return = boolean(line, path, "isReturn", issues);
    let is_shipping = boolean(line, path, "isShipping", issues);
    Some(OrderLine {
        name: name?,
        id: id?,
        total_amount: total_amount?,
        total_amount_excluding_tax: total_amount_excluding_tax?,
        total_tax_amount: total_tax_amount?,
        tax_percentage,
        tax_rate,
        unit_info: unit_info?,
        discount,
        product_url,
        is_return,
        is_shipping,
    })
}

fn unit_info(object: &JsonMap<'_>, path: &Path, issues: &mut Issues) -> Option<UnitInfo> {
    let unit_price = integer(object, path, "unitPrice", false, issues);
    let quantity = owned(string(object, path, "quantity", true, issues));
    let quantity_unit =
        string(object, path, "quantityUnit", false, issues).map(QuantityUnit::from_text);
    Some(UnitInfo {
        unit_price,
        quantity: quantity?,
        quantity_unit,
    })
}

fn bottom_line(object: &JsonMap<'_>, path: &Path, issues: &mut Issues) -> Option<BottomLine> {
    // Absent or null: `None`; there but not a currency: `Some(None)` (reported).
    let currency = string(object, path, "currency", false, issues).map(|text| {
        enum_value(
            text,
            Currency::parse,
            Currency::allowed(),
            &path.key("currency"),
            issues,
        )
    });
    let tip_amount = integer(object, path, "tipAmount", false, issues);
    let pos_id = owned(string(object, path, "posId", false, issues));
    let payment_sources = optional(object, path, "paymentSources", issues, payment_sources);
    let barcode = optional(object, path, "barcode", issues, barcode);
    let receipt_number = owned(string(object, path, "receiptNumber", false, issues));
    let gift_card_amount = integer(object, path, "giftCardAmount", false, issues);
    let total_amount = integer(object, path, "totalAmount", false, issues);
    let total_tax = integer(object, path, "totalTax", false, issues);
    let total_discount = integer(object, path, "totalDiscount", false, issues);
    let shipping_amount = integer(object, path, "shippingAmount", false, issues);
    let shipping_info = optional(object, path, "shippingInfo", issues, shipping_info);
    let terminal_id = owned(string(object, path, "terminalId", false, issues));
    Some(BottomLine {
        currency: match currency {
            Some(parsed) => Some(parsed?),
            None => None,
        },
        tip_amount,
        pos_id,
        payment_sources: payment_sources?,
        barcode: barcode?,
        receipt_number,
        gift_card_amount,
        total_amount,
        total_tax,
        total_discount,
        shipping_amount,
        shipping_info: shipping_info?,
        terminal_id,
    })
}

fn payment_sources(
    object: &JsonMap<'_>,
    path: &Path,
    issues: &mut Issues,
) -> Option<PaymentSources> {
    Some(PaymentSources {
        gift_card: integer(object, path, "giftCard", false, issues),
        card: integer(object, path, "card", false, issues),
        voucher: integer(object, path, "voucher", false, issues),
        cash: integer(object, path, "cash", false, issues),
    })
}

fn barcode(object: &JsonMap<'_>, path: &Path, issues: &mut Issues) -> Option<Barcode> {
    Some(Barcode {
        format: string(object, path, "format", false, issues).map(BarcodeFormat::from_text),
        data: owned(string(object, path, "data", false, issues)),
    })
}

fn shipping_info(object: &JsonMap<'_>, path: &Path, issues: &mut Issues) -> Option<ShippingInfo> {
    Some(ShippingInfo {
        amount: integer(object, path, "amount", false, issues),
        amount_excluding_tax: integer(object, path, "amountExcludingTax", false, issues),
        tax_amount: integer(object, path, "taxAmount", false, issues),
        tax_percentage: integer(object, path, "taxPercentage", false, issues),
    })
}

/// A v2 category (the spec's `Order`) at `path`.
pub fn order_category(
    value: &JsonValue<'_>,
    path: &Path,
    issues: &mut Issues,
) -> Option<OrderCategory> {
    let object = as_object(value, path, issues)?;
    let category = string(object, path, "category", false, issues).map(CategoryType::from_text);
    let order_details_url = owned(string(object, path, "orderDetailsUrl", true, issues));
    let image_id = owned(string(object, path, "imageId", false, issues));
    let image_ids = match array(object, path, "imageIds", Need::Optional, issues) {
        Some(items) => Some(list(items, &path.key("imageIds"), issues, order_image_ref)?),
        None => None,
    };
    Some(OrderCategory {
        category,
        order_details_url: order_details_url?,
        image_id,
        image_ids,
    })
}

fn order_image_ref(
    value: &JsonValue<'_>,
    path: &Path,
    issues: &mut Issues,
) -> Option<OrderImageRef> {
    let object = as_object(value, path, issues)?;
    let id = owned(string(object, path, "id", true, issues));
    let sort_order = integer(object, path, "sortOrder", false, issues);
    Some(OrderImageRef {
        id: id?,
        sort_order,
    })
}

/// The object at `key` read with `read`: `Some(None)` when absent or null, `None` when it is
/// there but could not be read (reported).
fn optional<T>(
    object: &JsonMap<'_>,
    path: &Path,
    key: &str,
    issues: &mut Issues,
    read: fn(&JsonMap<'_>, &Path, &mut Issues) -> Option<T>,
) -> Option<Option<T>> {
    let Some(value) = field(object, key, Need::Optional, path, issues) else {
        return Some(None);
    };
    let inner_path = path.key(key);
    let inner = as_object(value, &inner_path, issues)?;
    read(inner, &inner_path, issues).map(Some)
}

/// The string at `key` (absent or null: `None`, reported when `required`).
pub(crate) fn string<'v>(
    object: &'v JsonMap<'v>,
    path: &Path,
    key: &str,
    required: bool,
    issues: &mut Issues,
) -> Option<&'v str> {
    str_field(object, key, need(required), path, issues)
}

/// The array at `key` (absent or null: `None`, reported as `need` says).
pub(crate) fn array<'v>(
    object: &'v JsonMap<'v>,
    path: &Path,
    key: &str,
    need: Need,
    issues: &mut Issues,
) -> Option<&'v [JsonValue<'v>]> {
    let value = field(object, key, need, path, issues)?;
    as_array(value, &path.key(key), issues)
}

/// The boolean at `key` (absent or null: `None`).
fn boolean(object: &JsonMap<'_>, path: &Path, key: &str, issues: &mut Issues) -> Option<bool> {
    let value = field(object, key, Need::Optional, path, issues)?;
    as_bool(value, &path.key(key), issues)
}

/// A required field reads `null` as absent here, as an optional one does.
fn need(required: bool) -> Need {
    if required {
        Need::RequiredNullIsAbsent
    } else {
        Need::Optional
    }
}

/// The text as an owned `String`.
pub(crate) fn owned(text: Option<&str>) -> Option<String> {
    text.map(str::to_owned)
}

/// A 64-bit integer at `key` (absent or null: `None`, reported when `required`).
fn integer(
    object: &JsonMap<'_>,
    path: &Path,
    key: &str,
    required: bool,
    issues: &mut Issues,
) -> Option<i64> {
    let value = field(object, key, need(required), path, issues)?;
    let problem = match value {
        JsonValue::Number(number) => match number.as_i64() {
            Some(integer) => return Some(integer),
            None if number.is_integer() => (
                codes::TOO_LARGE,
                Cow::Borrowed("expected an integer, found one beyond 64 bits"),
            ),
            None => (
                codes::NOT_INTEGER,
                Cow::Borrowed("expected an integer, found a number with a fraction or an exponent"),
            ),
        },
        other => {
            let message = Text::new()
                .str("expected an integer, found ")
                .str(type_name(other))
                .done();
            (codes::EXPECTED_TYPE, Cow::Owned(message))
        }
    };
    issues.error(path.key(key).render(), problem.0, problem.1);
    None
}

// The API's answers and the client's request bodies (the client reads them with these, native
// and wasm alike: one way to read each). The answers follow the same rules as above: the spec's
// required fields are required, unknown fields are ignored and unknown enum values kept as
// `Other` (model::enums), so a response never fails over a field or value the API adds.

/// `GET v2/{paymentType}/{orderId}`'s answer: the category and the receipt, each when set.
pub fn order_v2_response(
    value: &JsonValue<'_>,
    path: &Path,
    issues: &mut Issues,
) -> Option<OrderV2Response> {
    let object = as_object(value, path, issues)?;
    let category = match field(object, "category", Need::Optional, path, issues) {
        Some(category) => Some(order_category(category, &path.key("category"), issues)?),
        None => None,
    };
    let receipt = match field(object, "receipt", Need::Optional, path, issues) {
        Some(found) => Some(receipt(found, &path.key("receipt"), issues)?),
        None => None,
    };
    Some(OrderV2Response { category, receipt })
}

/// A v3 category as the API returns it (the spec requires no field).
pub fn category(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<Category> {
    let object = as_object(value, path, issues)?;
    Some(Category {
        category_id: owned(string(object, path, "categoryId", false, issues)),
        order_id: owned(string(object, path, "orderId", false, issues)),
        payment_type: string(object, path, "paymentType", false, issues)
            .map(PaymentType::from_text),
        category_type: string(object, path, "type", false, issues).map(CategoryType::from_text),
        url: owned(string(object, path, "url", false, issues)),
        image_id: owned(string(object, path, "imageId", false, issues)),
    })
}

/// `GET v3/categories`'s answer (`categories` absent or null: none).
pub fn get_categories_response(
    value: &JsonValue<'_>,
    path: &Path,
    issues: &mut Issues,
) -> Option<GetCategoriesResponse> {
    let object = as_object(value, path, issues)?;
    let categories = match array(object, path, "categories", Need::Optional, issues) {
        Some(items) => list(items, &path.key("categories"), issues, category)?,
        None => Vec::new(),
    };
    Some(GetCategoriesResponse { categories })
}

/// `POST v3/categories`'s answer.
pub fn add_category_response(
    value: &JsonValue<'_>,
    path: &Path,
    issues: &mut Issues,
) -> Option<AddCategoryResponse> {
    let object = as_object(value, path, issues)?;
    Some(AddCategoryResponse {
        category_id: owned(string(object, path, "categoryId", false, issues)),
    })
}

/// A `POST v3/categories` body (an open `paymentType` and `type`: the validator judges them).
pub fn add_category_request(
    value: &JsonValue<'_>,
    path: &Path,
    issues: &mut Issues,
) -> Option<AddCategoryRequest> {
    let object = as_object(value, path, issues)?;
    let order_id = owned(string(object, path, "orderId", true, issues));
    let payment_type =
        string(object, path, "paymentType", true, issues).map(PaymentType::from_text);
    let category_type = string(object, path, "type", true, issues).map(CategoryType::from_text);
    let url = owned(string(object, path, "url", true, issues));
    let image_id = owned(string(object, path, "imageId", false, issues));
    Some(AddCategoryRequest {
        order_id: order_id?,
        payment_type: payment_type?,
        category_type: category_type?,
        url: url?,
        image_id,
    })
}

/// A `POST v1/images` body (`type` is closed: only `base64` exists).
pub fn image(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<Image> {
    let object = as_object(value, path, issues)?;
    let image_id = owned(string(object, path, "imageId", true, issues));
    let src = owned(string(object, path, "src", true, issues));
    let source_type = string(object, path, "type", true, issues).and_then(|text| {
        enum_value(
            text,
            ImageSourceType::parse,
            ImageSourceType::allowed(),
            &path.key("type"),
            issues,
        )
    });
    Some(Image {
        image_id: image_id?,
        src: src?,
        source_type: source_type?,
    })
}

/// A JSON string (a write's answer carries its id so).
pub fn string_value(value: &JsonValue<'_>, path: &Path, issues: &mut Issues) -> Option<String> {
    crate::json::walk::as_str(value, path, issues).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, &'static str)> {
        Receipt::from_json(text)
            .expect_err("refused")
            .into_iter()
            .map(|issue| (issue.path, issue.code))
            .collect()
    }

    #[test]
    fn every_shape_problem_is_reported_at_its_path() {
        assert_eq!(
            problems(r#"{"orderLines": []}"#),
            [("bottomLine".to_owned(), codes::REQUIRED)]
        );
        assert_eq!(
            problems(
                r#"{"orderLines": [{"name": "a", "id": "1", "totalAmount": 1,
                    "totalAmountExcludingTax": 1, "totalTaxAmount": 0},
                   {"name": 5, "id": "2", "totalAmount": 1.5, "totalAmountExcludingTax": 1,
                    "unitInfo": {"unitPrice": "9"}}],
                   "bottomLine": {"currency": "SEK", "barcode": {"data": []},
                    "paymentSources": {"card": 18446744073709551615}}}"#
            ),
            [
                ("orderLines[1].name".to_owned(), codes::EXPECTED_TYPE),
                ("orderLines[1].totalAmount".to_owned(), codes::NOT_INTEGER),
                ("orderLines[1].totalTaxAmount".to_owned(), codes::REQUIRED),
                (
                    "orderLines[1].unitInfo.unitPrice".to_owned(),
                    codes::EXPECTED_TYPE
                ),
                (
                    "orderLines[1].unitInfo.quantity".to_owned(),
                    codes::REQUIRED
                ),
                ("bottomLine.currency".to_owned(), codes::ENUM_VALUE),
                (
                    "bottomLine.paymentSources.card".to_owned(),
                    codes::TOO_LARGE
                ),
                ("bottomLine.barcode.data".to_owned(), codes::EXPECTED_TYPE),
            ]
        );
        assert_eq!(problems("[]"), [(String::new(), codes::EXPECTED_TYPE)]);
        assert_eq!(problems("{"), [(String::new(), codes::JSON_SYNTAX)]);
        assert_eq!(
            problems(r#"{"orderLines": [], "bottomLine": {}, "bottomLine": {}}"#),
            [("bottomLine".to_owned(), codes::DUPLICATE_KEY)]
        );
    }

    #[test]
    fn what_the_types_allow_is_read() {
        // Nulls and absences for the optional fields, unknown fields ignored, integers beyond
        // 2^53 − 1 (the preview shows them as "—"), open enums with unknown values.
        let receipt = Receipt::from_json(
            r#"{"orderLines": [{"name": "a", "id": "1", "totalAmount": 9007199254740993,
                "totalAmountExcludingTax": -1, "totalTaxAmount": 0, "taxRate": null,
                "unitInfo": {"unitPrice": null, "quantity": "x", "quantityUnit": "PARSEC"},
                "extra": [1, {"b": null}]}],
               "bottomLine": {"currency": null, "barcode": {"format": "QR", "data": null}}}"#,
        )
        .expect("reads");
        let line = &receipt.order_lines[0];
        assert_eq!(line.total_amount, 9_007_199_254_740_993);
        assert_eq!(line.tax_rate, None);
        let unit = line.unit_info.as_ref().expect("unit info");
        assert_eq!(
            unit.quantity_unit,
            Some(QuantityUnit::Other("PARSEC".to_owned()))
        );
        assert_eq!(receipt.bottom_line.currency, None);
        let barcode = receipt.bottom_line.barcode.as_ref().expect("barcode");
        assert_eq!(barcode.format, Some(BarcodeFormat::Other("QR".to_owned())));
    }
}
