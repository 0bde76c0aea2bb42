//! Every issue code, with what it means. Codes are a public contract: never renamed, never reused.
//! `docs/CODES.md` lists the same table; a test keeps the two in step.

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $severity:literal, $meaning:literal;)+) => {
        $($(#[$doc])* #[doc = $meaning] pub const $name: &str = $code;)+

        /// `(code, severity, meaning)` for every code, in the documented order.
        pub const ALL: &[(&str, &str, &str)] = &[$(($code, $severity, $meaning)),+];
    };
}

codes! {
    // --- reading JSON (all validators and the builder) ---
    JSON_SYNTAX = "json_syntax", "error", "The text is not valid JSON; the message gives the line and column.";
    EXPECTED_TYPE = "expected_type", "error", "A value has the wrong JSON type (a string where an integer belongs, an array where an object belongs, ...).";
    REQUIRED = "required", "error", "A required field is missing or null.";
    UNKNOWN_FIELD = "unknown_field", "warning", "A field the schema does not define; the API ignores it, so it is probably misspelt.";
    NOT_INTEGER = "not_integer", "error", "A number with a fraction where an integer in API units (minor units, basis points) belongs.";
    TOO_LARGE = "too_large", "error", "A number beyond 2^53 − 1 (JavaScript cannot hold it exactly) or beyond what the field allows.";
    EMPTY = "empty", "error", "A string that must not be empty is empty.";
    TOO_LONG = "too_long", "error", "A string longer than the field allows (image ids: 128 characters, quantity: 10, Vipps-System headers: 100).";
    ID_PATTERN = "id_pattern", "error", "An order id or image id with a character outside A-Z, a-z, 0-9, '-', '_' and '.'.";
    // --- builder ---
    UNKNOWN_CART_FIELD = "unknown_cart_field", "error", "A cart field the builder does not know; refused so that a misspelt field (say `discuont`) never silently drops a value.";
    INVALID_DECIMAL = "invalid_decimal", "error", "A string where a human decimal belongs (\"39.90\", \"25.5\", \"2.5\") that is not one.";
    TOO_PRECISE = "too_precise", "error", "A decimal with more fraction digits than its unit holds (amounts: 2, percent rates: 2, quantities: 8); never rounded.";
    NEGATIVE_INPUT = "negative_input", "error", "A negative price, discount, tip, payment or quantity in a cart; a returned item is a positive line with isReturn.";
    ZERO_QUANTITY = "zero_quantity", "error", "A cart line with quantity zero.";
    TAX_RATE_OUT_OF_RANGE = "tax_rate_out_of_range", "error", "A tax rate outside 0..100 % (0..10000 basis points).";
    UNKNOWN_VALUE = "unknown_value", "error", "A string that is not one of the allowed values (currency, quantity unit, barcode format).";
    DUPLICATE_CART_LINE_ID = "duplicate_cart_line_id", "error", "Two cart lines (items, shipping and fees together) have the same id.";
    LINE_DISCOUNT_EXCEEDS_GROSS = "line_discount_exceeds_gross", "error", "A line's discount is larger than its unit price times quantity.";
    CART_DISCOUNT_EXCEEDS_ITEMS = "cart_discount_exceeds_items", "error", "The cart-level discount is larger than the total of the item lines that are not returns.";
    EMPTY_CART = "empty_cart", "error", "A cart with no items, shipping or fees: a receipt needs at least one line.";
    EXPECTED_TOTAL_MISMATCH = "expected_total_mismatch", "error", "The built receipt's total differs from the cart's expectedTotal; the message says by how much.";
    // --- validator ---
    // --- image ---
    // --- client ---
}
