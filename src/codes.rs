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
    // --- client ---
}
