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
    // --- validator ---
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
}
