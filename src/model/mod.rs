//! The spec's schemas as Rust types (serde, camelCase). Wire-faithful: nullable fields are
//! `Option`, deprecated fields are readable, unknown enum values are refused. Rules beyond the
//! schema's shape (the line identity, tax exclusivity, ranges) are the validator's job.

mod bottom_line;
mod category;
mod enums;
mod image;
mod order_line;
mod problem;
pub mod read;
mod receipt;

pub use bottom_line::{Barcode, BottomLine, PaymentSources, ShippingInfo};
pub use category::{
    AddCategoryRequest, AddCategoryResponse, Category, GetCategoriesResponse, OrderCategory,
    OrderImageRef, OrderV2Response,
};
pub use enums::{
    BarcodeFormat, CategoryType, Currency, ImageSourceType, PaymentType, QuantityUnit,
};
pub use image::{Image, ImageResponse};
pub use order_line::{OrderLine, UnitInfo};
pub use problem::{ErrorResponse, InvalidParam};
pub use receipt::Receipt;
