//! Categories: the link (and optional image) the app shows as a button on the order.
//! v2 `PUT v2/{paymentType}/categories/{orderId}` takes [`OrderCategory`] (the spec's `Order`);
//! v3 `POST v3/categories` takes [`AddCategoryRequest`] and returns [`AddCategoryResponse`].

use serde::{Deserialize, Serialize};

use super::{CategoryType, PaymentType, Receipt};

/// The spec's `Order` schema: the v2 category request, and the `category` of an order read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderCategory {
    /// Required; nullable in the spec.
    pub category: Option<CategoryType>,
    /// An absolute URL back to the shop.
    pub order_details_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Only in the deprecated v1 read-back (`imageIds: [{id, sortOrder}]`); kept so it round-trips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_ids: Option<Vec<OrderImageRef>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderImageRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<i64>,
}

/// `POST v3/categories` request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddCategoryRequest {
    pub order_id: String,
    pub payment_type: PaymentType,
    #[serde(rename = "type")]
    pub category_type: CategoryType,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

/// A v3 category as the API returns it. The spec requires no field, so every one is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<PaymentType>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub category_type: Option<CategoryType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddCategoryResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetCategoriesResponse {
    #[serde(default)]
    pub categories: Vec<Category>,
}

/// `GET v2/{paymentType}/{orderId}`: the order's category and receipt, each when set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderV2Response {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<OrderCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}
