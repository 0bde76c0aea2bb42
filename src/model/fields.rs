//! The field names of each JSON object the crate reads, listed once: the validators and the cart
//! reader warn about (or refuse) every other key with these lists. `tests/field_names.rs` ties
//! them to the serde models' names and to the TypeScript types in `src/wasm/types.d.ts`.
//!
//! The cart lists are in the order the cart's "unknown field" error names them.

/// `Receipt`.
pub const RECEIPT: &[&str] = &["orderLines", "bottomLine"];

/// `OrderLine`.
pub const ORDER_LINE: &[&str] = &[
    "name",
    "id",
    "totalAmount",
    "totalAmountExcludingTax",
    "totalTaxAmount",
    "taxPercentage",
    "taxRate",
    "unitInfo",
    "discount",
    "productUrl",
    "isReturn",
    "isShipping",
];

/// `UnitInfo`.
pub const UNIT_INFO: &[&str] = &["unitPrice", "quantity", "quantityUnit"];

/// `BottomLine`.
pub const BOTTOM_LINE: &[&str] = &[
    "currency",
    "tipAmount",
    "giftCardAmount",
    "posId",
    "totalAmount",
    "totalTax",
    "totalDiscount",
    "shippingAmount",
    "shippingInfo",
    "paymentSources",
    "barcode",
    "receiptNumber",
    "terminalId",
];

/// `PaymentSources`, in the receipt and in the cart alike (in the order they are checked).
pub const PAYMENT_SOURCES: &[&str] = &["giftCard", "card", "voucher", "cash"];

/// `Barcode`, in the receipt and in the cart alike.
pub const BARCODE: &[&str] = &["format", "data"];

/// The deprecated `ShippingInfo`.
pub const SHIPPING_INFO: &[&str] = &["amount", "amountExcludingTax", "taxAmount", "taxPercentage"];

/// The v2 category body (the spec's `Order`) as sent. The model also reads `imageIds`
/// ([`ORDER_CATEGORY_READ_BACK`]), which only orders read back from the deprecated v1 API carry.
pub const ORDER_CATEGORY: &[&str] = &["category", "orderDetailsUrl", "imageId"];

/// Fields of the v2 category that are read back but not sent (a body with them is warned about).
pub const ORDER_CATEGORY_READ_BACK: &[&str] = &["imageIds"];

/// The v3 `AddCategoryRequest`.
pub const ADD_CATEGORY_REQUEST: &[&str] = &["orderId", "paymentType", "type", "url", "imageId"];

/// The image upload body (`Image`).
pub const IMAGE: &[&str] = &["imageId", "src", "type"];

/// The cart (`buildReceipt`'s input; no serde model, read by `build::cart`).
pub const CART: &[&str] = &[
    "currency",
    "items",
    "shipping",
    "fees",
    "discount",
    "tipAmount",
    "paymentSources",
    "barcode",
    "receiptNumber",
    "posId",
    "pricesIncludeTax",
    "expectedTotal",
];

/// A cart item.
pub const CART_ITEM: &[&str] = &[
    "id",
    "name",
    "unitPrice",
    "quantity",
    "unit",
    "taxRate",
    "discount",
    "productUrl",
    "isReturn",
];

/// A cart's shipping line.
pub const CART_SHIPPING: &[&str] = &["id", "name", "price", "taxRate", "discount"];

/// A cart's fee line.
pub const CART_FEE: &[&str] = &["id", "name", "price", "taxRate"];
