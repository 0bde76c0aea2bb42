//! The spec's enums. Unknown values are refused by serde with a message naming the allowed ones.

use serde::{Deserialize, Serialize};

macro_rules! api_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`")] #[serde(rename = $wire)] $variant),+
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

            /// The allowed spellings, for messages: `"NOK", "DKK", "EUR"`.
            pub fn allowed() -> &'static str {
                concat!($("\"", $wire, "\" "),+)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

api_enum!(
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
    PaymentType { Ecom = "ECOM", Recurring = "RECURRING" }
);

api_enum!(
    /// The `type` of an image upload; the API knows only base64.
    ImageSourceType { Base64 = "base64" }
);
