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
    /// An uploaded image's id, shown with the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Only in the deprecated v1 read-back (`imageIds: [{id, sortOrder}]`); kept so it round-trips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_ids: Option<Vec<OrderImageRef>>,
}

/// An image of the deprecated v1 read-back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderImageRef {
    /// The image's id.
    pub id: String,
    /// Its position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<i64>,
}

/// `POST v3/categories` request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddCategoryRequest {
    /// The order the category belongs to.
    pub order_id: String,
    /// `ECOM` or `RECURRING`.
    pub payment_type: PaymentType,
    /// Which of the app's buttons the link becomes (`type` in JSON).
    #[serde(rename = "type")]
    pub category_type: CategoryType,
    /// An absolute http(s) URL back to the shop.
    pub url: String,
    /// An uploaded image's id, shown with the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

/// A v3 category as the API returns it. The spec requires no field, so every one is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    /// The category's id (a UUID), for `GET`/`DELETE v3/categories/{categoryId}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    /// The order it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// `ECOM` or `RECURRING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<PaymentType>,
    /// Which of the app's buttons the link becomes (`type` in JSON).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub category_type: Option<CategoryType>,
    /// The link back to the shop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The image shown with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

/// `POST v3/categories`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddCategoryResponse {
    /// The new category's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
}

/// `GET v3/categories?orderId=`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetCategoriesResponse {
    /// The order's v3 categories.
    #[serde(default)]
    pub categories: Vec<Category>,
}

/// `GET v2/{paymentType}/{orderId}`: the order's category and receipt, each when set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderV2Response {
    /// The v2 category, when one was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<OrderCategory>,
    /// The receipt, when one was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}
