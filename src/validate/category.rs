//! Categories: the v2 PUT body (the spec's `Order`, here [`OrderCategory`]), the v3
//! [`AddCategoryRequest`], and the path parameters `orderId` and `paymentType`.

use crate::write_json::WriteJson;
use serde_json::Value;

use crate::json::{Json, JsonObject, JsonValue, Path};

use super::ids::{MAX_IMAGE_ID_LEN, check_identifier, is_api_identifier};
use super::url::{classify_url, report_url};
use crate::issue::{Issues, Report};
use crate::json;
use crate::json::walk::{
    Need, as_object, enum_field, enum_value, str_field, warn_null, warn_unknown,
};
use crate::model::{AddCategoryRequest, CategoryType, OrderCategory, PaymentType, fields};

/// Validates a v2 category body (JSON text); see [`validate_order_category_value`].
pub fn validate_order_category_text(text: &str) -> Report {
    // Duplicate keys are reported too (crate::json).
    json::report_tree(text, |tree| check_order_category(tree))
}

/// Either category body, told apart as the API does: a `type` or `url` field makes it the v3
/// [`AddCategoryRequest`], else it is the v2 [`OrderCategory`].
pub fn validate_category_text(text: &str) -> Report {
    json::report_tree(text, |value| {
        let is_v3 = match value {
            JsonValue::Object(map) => map.contains_key("type") || map.contains_key("url"),
            _ => false,
        };
        if is_v3 {
            check_add_category_request(value)
        } else {
            check_order_category(value)
        }
    })
}

/// Validates a v2 category; see [`validate_order_category_value`].
pub fn validate_order_category(category: &OrderCategory) -> Report {
    typed(category, validate_order_category_text)
}

/// The v2 `PUT .../categories/{orderId}` body: `category` (required; null, which the spec allows,
/// is a `null_value` warning), `orderDetailsUrl` (an absolute URI, https or an app link),
/// `imageId` (optional, the API's id pattern, ≤ 128).
pub fn validate_order_category_value(value: &Value) -> Report {
    check_order_category(value)
}

fn check_order_category<V: Json>(value: &V) -> Report {
    let mut issues = Issues::new();
    let path = Path::Root;
    if let Some(map) = as_object(value, &path, &mut issues) {
        warn_unknown(map, fields::ORDER_CATEGORY, &path, &mut issues);
        // Nullable in the spec: null is a warning (docs/CODES.md, `null_value`).
        enum_field(
            map,
            "category",
            Need::RequiredNullable,
            CategoryType::parse,
            CategoryType::allowed(),
            &path,
            &mut issues,
        );
        warn_null(map, "category", &path, &mut issues);
        check_url_field(map, "orderDetailsUrl", &path, &mut issues);
        check_image_id(map, &path, &mut issues);
    }
    issues.into_report()
}

/// Validates a v3 `POST v3/categories` body.
pub fn validate_add_category_request(request: &AddCategoryRequest) -> Report {
    typed(request, validate_add_category_request_text)
}

/// Validates a v3 `POST v3/categories` body (JSON text).
pub fn validate_add_category_request_text(text: &str) -> Report {
    json::report_tree(text, |tree| check_add_category_request(tree))
}

/// The v3 `POST v3/categories` body.
pub fn validate_add_category_request_value(value: &Value) -> Report {
    check_add_category_request(value)
}

fn check_add_category_request<V: Json>(value: &V) -> Report {
    let mut issues = Issues::new();
    let path = Path::Root;
    if let Some(map) = as_object(value, &path, &mut issues) {
        warn_unknown(map, fields::ADD_CATEGORY_REQUEST, &path, &mut issues);
        if let Some(order_id) = str_field(map, "orderId", Need::Required, &path, &mut issues) {
            check_identifier(order_id, "orderId", None, &mut issues);
        }
        enum_field(
            map,
            "paymentType",
            Need::Required,
            PaymentType::parse,
            PaymentType::allowed(),
            &path,
            &mut issues,
        );
        enum_field(
            map,
            "type",
            Need::Required,
            CategoryType::parse,
            CategoryType::allowed(),
            &path,
            &mut issues,
        );
        check_url_field(map, "url", &path, &mut issues);
        check_image_id(map, &path, &mut issues);
    }
    issues.into_report()
}

/// An order id as used in the endpoint paths: `^[0-9A-Za-z-_.]+$`.
pub fn validate_order_id(order_id: &str) -> Report {
    let mut issues = Issues::new();
    check_identifier(order_id, "orderId", None, &mut issues);
    issues.into_report()
}

/// The `paymentType` path parameter: `ECOM` or `RECURRING` (exact case, as the API has it).
pub fn validate_payment_type(text: &str) -> Report {
    let mut issues = Issues::new();
    enum_value(
        text,
        PaymentType::parse,
        PaymentType::allowed(),
        &Path::Root.key("paymentType"),
        &mut issues,
    );
    issues.into_report()
}

fn check_url_field(map: &impl JsonObject, key: &str, path: &Path, issues: &mut Issues) {
    if let Some(url) = str_field(map, key, Need::Required, path, issues) {
        report_url(classify_url(url), url, &path.key(key), issues);
    }
}

fn check_image_id(map: &impl JsonObject, path: &Path, issues: &mut Issues) {
    if let Some(id) = str_field(map, "imageId", Need::Optional, path, issues) {
        // Check first so that a valid id costs no path string.
        if is_api_identifier(id) && id.len() <= MAX_IMAGE_ID_LEN && !matches!(id, "." | "..") {
            return;
        }
        check_identifier(
            id,
            &path.key("imageId").render(),
            Some(MAX_IMAGE_ID_LEN),
            issues,
        );
    }
}

/// A typed value is checked as it would be sent: serialized, then read like any JSON text.
fn typed<T: WriteJson>(value: &T, validate_text: fn(&str) -> Report) -> Report {
    validate_text(&value.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_text_is_told_apart_by_type_or_url() {
        let v2 = r#"{"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1"}"#;
        assert_eq!(validate_category_text(v2), validate_order_category_text(v2));
        assert!(validate_category_text(v2).valid);
        let v3 = r#"{"orderId": "o-1", "paymentType": "ECOM", "type": "RECEIPT", "url": "https://shop.example/o/1"}"#;
        assert_eq!(
            validate_category_text(v3),
            validate_add_category_request_text(v3)
        );
        // A null `type` still marks the v3 body, as the key is there.
        let v3_null = r#"{"type": null}"#;
        assert_eq!(
            validate_category_text(v3_null),
            validate_add_category_request_text(v3_null)
        );
        assert_ne!(
            validate_category_text(v3_null),
            validate_order_category_text(v3_null)
        );
    }
}
