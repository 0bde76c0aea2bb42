//! Categories: the link (and optional image) the app shows as a button on the order.
//! v2 `PUT v2/{paymentType}/categories/{orderId}` takes [`OrderCategory`] (the spec's `Order`);
//! v3 `POST v3/categories` takes [`AddCategoryRequest`] and returns [`AddCategoryResponse`].

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::{CategoryType, PaymentType, Receipt};
use crate::write_json::{ObjectWriter, WriteJson};

/// The spec's `Order` schema: the v2 category request, and the `category` of an order read back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct OrderCategory {
    /// Required; nullable in the spec.
    pub category: Option<CategoryType>,
    /// An absolute URL back to the shop.
    pub order_details_url: String,
    /// An uploaded image's id, shown with the link.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub image_id: Option<String>,
    /// Only in the deprecated v1 read-back (`imageIds: [{id, sortOrder}]`); kept so it round-trips.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub image_ids: Option<Vec<OrderImageRef>>,
}

/// An image of the deprecated v1 read-back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct OrderImageRef {
    /// The image's id.
    pub id: String,
    /// Its position.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub sort_order: Option<i64>,
}

/// `POST v3/categories` request body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct AddCategoryRequest {
    /// The order the category belongs to.
    pub order_id: String,
    /// `ECOM` or `RECURRING`.
    pub payment_type: PaymentType,
    /// Which of the app's buttons the link becomes (`type` in JSON).
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub category_type: CategoryType,
    /// An absolute http(s) URL back to the shop.
    pub url: String,
    /// An uploaded image's id, shown with the link.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub image_id: Option<String>,
}

/// A v3 category as the API returns it. The spec requires no field, so every one is optional.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Category {
    /// The category's id (a UUID), for `GET`/`DELETE v3/categories/{categoryId}`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub category_id: Option<String>,
    /// The order it belongs to.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub order_id: Option<String>,
    /// `ECOM` or `RECURRING`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub payment_type: Option<PaymentType>,
    /// Which of the app's buttons the link becomes (`type` in JSON).
    #[cfg_attr(
        feature = "serde",
        serde(default, rename = "type", skip_serializing_if = "Option::is_none")
    )]
    pub category_type: Option<CategoryType>,
    /// The link back to the shop.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub url: Option<String>,
    /// The image shown with it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub image_id: Option<String>,
}

/// `POST v3/categories`'s answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct AddCategoryResponse {
    /// The new category's id.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub category_id: Option<String>,
}

/// `GET v3/categories?orderId=`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct GetCategoriesResponse {
    /// The order's v3 categories.
    #[cfg_attr(feature = "serde", serde(default))]
    pub categories: Vec<Category>,
}

/// `GET v2/{paymentType}/{orderId}`: the order's category and receipt, each when set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct OrderV2Response {
    /// The v2 category, when one was set.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub category: Option<OrderCategory>,
    /// The receipt, when one was posted.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub receipt: Option<Receipt>,
}

impl WriteJson for OrderCategory {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("category", &self.category)
            .field("orderDetailsUrl", &self.order_details_url)
            .optional("imageId", &self.image_id)
            .optional("imageIds", &self.image_ids)
            .end();
    }
}

impl WriteJson for OrderImageRef {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("id", &self.id)
            .optional("sortOrder", &self.sort_order)
            .end();
    }
}

impl WriteJson for AddCategoryRequest {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("orderId", &self.order_id)
            .field("paymentType", &self.payment_type)
            .field("type", &self.category_type)
            .field("url", &self.url)
            .optional("imageId", &self.image_id)
            .end();
    }
}

impl WriteJson for Category {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("categoryId", &self.category_id)
            .optional("orderId", &self.order_id)
            .optional("paymentType", &self.payment_type)
            .optional("type", &self.category_type)
            .optional("url", &self.url)
            .optional("imageId", &self.image_id)
            .end();
    }
}

impl WriteJson for AddCategoryResponse {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("categoryId", &self.category_id)
            .end();
    }
}

impl WriteJson for GetCategoriesResponse {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("categories", &self.categories)
            .end();
    }
}

impl WriteJson for OrderV2Response {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("category", &self.category)
            .optional("receipt", &self.receipt)
            .end();
    }
}
