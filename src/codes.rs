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
    ID_DOT_SEGMENT = "id_dot_segment", "error", "An id that is `.` or `..`: in a URL path it would be read as \"this folder\" or \"the parent folder\" (even percent-encoded), so the request would go to another endpoint. Nothing is sent.";
    DUPLICATE_KEY = "duplicate_key", "error", "A key appears twice in one JSON object; readers disagree on which value counts (the API may take the first, serde the last), so the input is ambiguous.";
    TOO_DEEP = "too_deep", "error", "The JSON nests arrays and objects deeper than 64 levels; it is refused before reading further (the message gives line and column).";
    TOO_MANY_ERRORS = "too_many_errors", "error", "More than 10,000 errors: the first 10,000 are listed, then this one, and the rest are not collected.";
    TOO_MANY_WARNINGS = "too_many_warnings", "warning", "More than 10,000 warnings: the first 10,000 are listed, then this one, and the rest are not collected.";
    // --- builder ---
    UNKNOWN_CART_FIELD = "unknown_cart_field", "error", "A cart field the builder does not know; refused so that a misspelt field (say `discuont`) never silently drops a value.";
    INVALID_DECIMAL = "invalid_decimal", "error", "A string where a human decimal belongs (\"39.90\", \"25.5\", \"2.5\") that is not one.";
    TOO_PRECISE = "too_precise", "error", "A decimal with more fraction digits than its unit holds (amounts: 2, percent rates: 2, quantities: 8); never rounded.";
    NEGATIVE_INPUT = "negative_input", "error", "A negative price, discount, tip, payment or quantity in a cart; a returned item is a positive line with isReturn.";
    ZERO_QUANTITY = "zero_quantity", "error", "A cart line with quantity zero.";
    TAX_RATE_OUT_OF_RANGE = "tax_rate_out_of_range", "error", "A tax rate outside 0..100 % (0..10000 basis points).";
    AMBIGUOUS_TAX_RATE = "ambiguous_tax_rate", "error", "A cart tax rate above 0 and below 1 % (1..99 basis points, or a percent string such as \"0.25\"): no VAT rate of NOK, DKK or EUR is that low, but 25 % written in the wrong unit is (25 basis points, or 0.25 as a fraction); the message names both readings. Write 0 for a zero-rated line.";
    UNKNOWN_VALUE = "unknown_value", "error", "A string that is not one of the allowed values (currency, quantity unit, barcode format).";
    DUPLICATE_CART_LINE_ID = "duplicate_cart_line_id", "error", "Two cart lines (items, shipping and fees together) have the same id.";
    LINE_DISCOUNT_EXCEEDS_GROSS = "line_discount_exceeds_gross", "error", "A line's discount is larger than its unit price times quantity.";
    CART_DISCOUNT_EXCEEDS_ITEMS = "cart_discount_exceeds_items", "error", "The cart-level discount is larger than the total of the item lines that are not returns.";
    EMPTY_CART = "empty_cart", "error", "A cart with no items, shipping or fees: a receipt needs at least one line.";
    EXPECTED_TOTAL_MISMATCH = "expected_total_mismatch", "error", "The built receipt's total differs from the cart's expectedTotal; the message says by how much.";
    // --- validator ---
    LINE_IDENTITY = "line_identity", "error", "An order line where totalAmount − totalAmountExcludingTax ≠ totalTaxAmount; the API refuses it (the message shows the numbers and the difference).";
    TAX_RATE_AND_PERCENTAGE = "tax_rate_and_percentage", "error", "An order line with both taxRate and the deprecated taxPercentage; the API refuses it.";
    TAX_MISSING = "tax_missing", "error", "An order line with neither taxRate nor taxPercentage; the API requires one.";
    OUT_OF_RANGE = "out_of_range", "error", "A number above the field's maximum (taxPercentage 0..100, taxRate 0..10000 basis points).";
    NEGATIVE = "negative", "error", "A negative amount where the spec sets minimum: 0 (discount, unitPrice, tipAmount, the payment sources, the deprecated sums).";
    NEGATIVE_LINE_AMOUNT = "negative_line_amount", "warning", "A negative totalAmount, totalAmountExcludingTax or totalTaxAmount on an order line: the spec sets no minimum there, but a returned item is a positive line with isReturn: true.";
    NULL_VALUE = "null_value", "warning", "A null currency (bottom line) or category (v2 category): the spec allows null, but the app then has no currency to show amounts in or no button type.";
    ENUM_VALUE = "enum_value", "error", "A string that is not one of the field's allowed values (currency, quantity unit, barcode format, category, payment type); the message lists them.";
    PATTERN = "pattern", "error", "A string that does not match the field's pattern (quantity: digits with up to 8 decimals, like \"2.5\").";
    MIN_ITEMS = "min_items", "error", "An array with fewer items than required (a receipt needs at least one order line).";
    UNSAFE_URL = "unsafe_url", "error", "A URL whose scheme runs code, embeds content or reads local data: javascript:, data:, vbscript:, file:, blob:, filesystem:, about: (checked as browsers read it: any case, leading blanks ignored).";
    URL_NOT_ABSOLUTE = "url_not_absolute", "error", "A URL that is not absolute: no scheme, or http(s) without //host. App links (ruter:///min/bilett) are absolute URIs and accepted.";
    URL_WHITESPACE = "url_whitespace", "warning", "A URL with spaces or control characters; percent-encode them (%20) so every client reads the same link.";
    URL_NOT_HTTPS = "url_not_https", "warning", "An http: URL (it works but is not secure); use https.";
    DEPRECATED_FIELD = "deprecated_field", "warning", "A field the spec deprecates (taxPercentage, giftCardAmount, bottomLine totals, shippingAmount, shippingInfo, terminalId); the message says what to use instead.";
    RATE_MISMATCH = "rate_mismatch", "warning", "An order line whose totalTaxAmount differs from totalAmountExcludingTax × its rate by more than one minor unit.";
    UNIT_PRICE_MISMATCH = "unit_price_mismatch", "warning", "An order line whose unitPrice × quantity − discount differs from totalAmount by more than rounding.";
    PAYMENT_SOURCES_MISMATCH = "payment_sources_mismatch", "warning", "paymentSources whose sum differs from the receipt total (Σ lines − Σ return lines + tipAmount).";
    BARCODE_LENGTH = "barcode_length", "warning", "Barcode data of the wrong length for its format (EAN-13: exactly 13 digits, check digit included; CODE 39 and CODE 128: at most 48 characters, what scanners read, and the preview draws nothing longer; any format: not empty).";
    BARCODE_CHECK_DIGIT = "barcode_check_digit", "warning", "An EAN-13 barcode whose last digit is not the check digit of the first twelve.";
    BARCODE_CHARSET = "barcode_charset", "warning", "Barcode data with characters its format cannot encode (EAN-13: digits; CODE 39: 0-9 A-Z space - . $ / + %; CODE 128: ASCII).";
    BIDI_CONTROL = "bidi_control", "warning", "A line name or id, receiptNumber, posId or terminalId with a bidirectional formatting control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): it can reorder how the receipt is displayed (an unclosed U+202E reverses what follows).";
    UNUSUAL_TAX_RATE = "unusual_tax_rate", "warning", "An order line whose tax rate is not one of its currency's VAT rates (NOK: 25, 15, 12, 0 %; DKK: 25, 0 %; EUR, Finland: 25.5, 24, 14, 13.5, 10, 0 %): the API takes any rate from 0 to 100 %, but this one is probably a unit mistake (taxRate 25 is 0.25 %).";
    DUPLICATE_LINE_ID = "duplicate_line_id", "warning", "Two order lines with the same id; the app and the shop's records cannot tell them apart.";
    // --- image ---
    IMAGE_FORMAT = "image_format", "error", "The image is not PNG or JPEG (the message names GIF, WebP, HEIC, ... when it recognises them), or it is empty.";
    IMAGE_CORRUPT = "image_corrupt", "error", "The bytes start like a PNG or JPEG but its header structure is broken (bad IHDR, bad checksum, missing frame header, ...).";
    IMAGE_TRUNCATED = "image_truncated", "error", "The PNG or JPEG ends before its end marker (IEND, EOI): the file was cut short.";
    IMAGE_TOO_SHORT = "image_too_short", "error", "The image is less than 167 pixels high, the API's minimum.";
    IMAGE_TOO_LARGE = "image_too_large", "error", "The image is more than 2 MB (2,097,152 bytes decoded), the API's maximum.";
    IMAGE_NEAR_SIZE_LIMIT = "image_near_size_limit", "warning", "The image is between 2,000,000 and 2,097,152 bytes: within 2 MiB, but over 2 MB if the API counts in decimal.";
    IMAGE_NOT_SQUARE = "image_not_square", "warning", "The image is not square; the API recommends square images.";
    IMAGE_TOO_NARROW = "image_too_narrow", "warning", "The image is less than 167 pixels wide, so the app will stretch it.";
    IMAGE_SRC_URL = "image_src_url", "error", "`src` is a web address; the API takes the image bytes as base64, not a URL.";
    IMAGE_TYPE = "image_type", "error", "The upload's `type` is not \"base64\", the only type the API takes.";
    BASE64_INVALID = "base64_invalid", "error", "The base64 has a character outside the standard alphabet (including URL-safe '-' and '_'), or '=' before the end.";
    BASE64_PADDING = "base64_padding", "error", "The base64 length is not a multiple of 4: the '=' padding is missing or the text was cut short.";
    BASE64_WHITESPACE = "base64_whitespace", "error", "The base64 contains spaces or line breaks; it must be one unbroken line.";
    BASE64_DATA_URL = "base64_data_url", "error", "`src` is a data: URL; the API wants only the base64 after the comma.";
    // --- client ---
    API_INVALID_PARAM = "api_invalid_param", "error", "A field the API refused, from its problem JSON (`invalidParams` or `extraDetails`); the message is the API's reason.";
    HEADER_VALUE = "header_value", "error", "A credential or Vipps-System header value with a character other than printable ASCII; it cannot be sent as an HTTP header.";
    BASE_URL = "base_url", "error", "The client's base URL override is not an absolute http(s) URL without query, fragment or user info.";
    SECRET_IN_BROWSER = "secret_in_browser", "error", "A client secret or subscription key given to the client in a browser (a page where `document` exists, or a dedicated, shared or service worker) without `dangerouslyAllowBrowser: true`: anyone who opens the page could read it. Node, Deno and Cloudflare Workers are not browsers.";
}
