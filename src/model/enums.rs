//! The spec's enums, forward-compatible: a value this version does not know (a unit, category
//! type or barcode format the API adds later) reads as `Other` with the raw text, and is written
//! back as it came, so a response never fails to parse over a new value. The validators still
//! refuse unknown values in requests (`enum_value`). Two stay closed: `Currency` (the amounts'
//! minor units depend on it, so an unknown one cannot be read safely) and the upload `type`
//! (requests only).

#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! api_enum {
    (closed $(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`")] #[cfg_attr(feature = "serde", serde(rename = $wire))] $variant),+
        }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// The value for an API spelling (exact, case-sensitive, as the API is).
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($wire => Some($name::$variant),)+ _ => None }
            }

            /// The allowed spellings, for messages: `"NOK" "DKK" "EUR" ` (callers trim the end).
            pub fn allowed() -> &'static str {
                concat!($("\"", $wire, "\" "),+)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::write_json::WriteJson for $name {
            fn write_json(&self, out: &mut String) {
                crate::write_json::write_str(out, self.as_str());
            }
        }
    };
    ($(#[$meta:meta])* $name:ident any_case: $any_case:literal { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`")] $variant,)+
            /// A value this version does not know, as the API sent it.
            Other(String),
        }

        impl $name {
            /// Every known value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as the API spells it (an `Other` as it came).
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $wire,)+ $name::Other(raw) => raw }
            }

            /// The known value for a spelling: exact, as the API is, except for enums the
            /// documents spell in more than one case (`paymentType`), which match any case.
            pub fn parse(text: &str) -> Option<$name> {
                $(
                    if text == $wire || ($any_case && text.eq_ignore_ascii_case($wire)) {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// The value for a spelling: a known one, else `Other` with the text (copied only
            /// then, so a known value costs no allocation).
            pub fn from_text(text: &str) -> $name {
                $name::parse(text).unwrap_or_else(|| $name::Other(text.to_owned()))
            }

            /// False for `Other`.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }

            /// The allowed spellings, for messages: `"NOK" "DKK" "EUR" ` (callers trim the end).
            pub fn allowed() -> &'static str {
                concat!($("\"", $wire, "\" "),+)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::write_json::WriteJson for $name {
            fn write_json(&self, out: &mut String) {
                crate::write_json::write_str(out, self.as_str());
            }
        }

        #[cfg(feature = "serde")]
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                String::deserialize(deserializer).map(|text| $name::from_text(&text))
            }
        }
    };
    ($(#[$meta:meta])* $name:ident { $($body:tt)+ }) => {
        api_enum!($(#[$meta])* $name any_case: false { $($body)+ });
    };
}

api_enum!(
    closed
    /// `CurrencyEnum`. All three have two minor-unit digits.
    Currency { Nok = "NOK", Dkk = "DKK", Eur = "EUR" }
);

api_enum!(
    /// `QuantityUnitEnum`; the app assumes `PCS` when absent.
    QuantityUnit { Pcs = "PCS", Kg = "KG", Km = "KM", Minute = "MINUTE", Litre = "LITRE", Kwh = "KWH" }
);

api_enum!(
    /// `CategoryEnum`: which of the app's six buttons the category link becomes.
    CategoryType {
        General = "GENERAL",
        Receipt = "RECEIPT",
        OrderConfirmation = "ORDER_CONFIRMATION",
        Delivery = "DELIVERY",
        Ticket = "TICKET",
        Booking = "BOOKING",
    }
);

api_enum!(
    /// `BarcodeFormatEnum`.
    BarcodeFormat { Ean13 = "EAN-13", Code39 = "CODE 39", Code128 = "CODE 128" }
);

api_enum!(
    /// `PaymentType`: `ECOM` for eCom and ePayment payments, `RECURRING` for Recurring.
    /// The guide writes "either `ecom` or `recurring`" and the spec `ECOM`/`RECURRING`: any case
    /// is read, upper case is written.
    PaymentType any_case: true { Ecom = "ECOM", Recurring = "RECURRING" }
);

api_enum!(
    closed
    /// The `type` of an image upload; the API knows only base64.
    ImageSourceType { Base64 = "base64" }
);
