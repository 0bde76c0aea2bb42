//! The category button: the app shows the category link as a card with an icon in an orange
//! circle, a label, an arrow, and the category image below when there is one.
//!
//! From the app screenshots: GENERAL is "Show more info" (an info circle), RECEIPT "Show receipt"
//! (a receipt), ORDER_CONFIRMATION "Show order info" (a cart), DELIVERY "Track your order" (a
//! parcel), TICKET "Show ticket" (a ticket) and BOOKING "Show booking info" (a calendar).

use crate::model::CategoryType;

use super::locale::Labels;

/// The icon's name in the view model, so a UI with its own icon set can pick its own.
pub fn icon_name(category: &CategoryType) -> &'static str {
    match category {
        // A type newer than this version shows as the general button, the app's neutral choice.
        CategoryType::General | CategoryType::Other(_) => "info",
        CategoryType::Receipt => "receipt",
        CategoryType::OrderConfirmation => "cart",
        CategoryType::Delivery => "parcel",
        CategoryType::Ticket => "ticket",
        CategoryType::Booking => "calendar",
    }
}

/// The button label in the labels' language.
pub(crate) fn button_label(labels: &Labels, category: &CategoryType) -> &'static str {
    let index = match category {
        CategoryType::General | CategoryType::Other(_) => 0,
        CategoryType::Receipt => 1,
        CategoryType::OrderConfirmation => 2,
        CategoryType::Delivery => 3,
        CategoryType::Ticket => 4,
        CategoryType::Booking => 5,
    };
    labels.category_buttons.get(index).copied().unwrap_or("")
}

/// The icon's SVG drawing (24×24, stroked in `currentColor`), without the `<svg>` element.
pub fn icon_paths(category: &CategoryType) -> &'static str {
    match category {
        CategoryType::General | CategoryType::Other(_) => {
            r#"<circle cx="12" cy="12" r="9"/><path d="M12 11v6"/><path d="M12 7.5v.5"/>"#
        }
        CategoryType::Receipt => {
            r#"<path d="M6 3h12v18l-2-1.5-2 1.5-2-1.5-2 1.5-2-1.5L6 21z"/><path d="M9 8h6M9 12h6M9 16h3"/>"#
        }
        CategoryType::OrderConfirmation => {
            r#"<path d="M3 4h2.5l2.2 11h10.1l2-8H6.4"/><circle cx="9" cy="19" r="1.3"/><circle cx="17" cy="19" r="1.3"/>"#
        }
        CategoryType::Delivery => {
            r#"<path d="M12 3l8 4.5v9L12 21l-8-4.5v-9z"/><path d="M4 7.5l8 4.5 8-4.5M12 12v9M8 5.3l8 4.5"/>"#
        }
        CategoryType::Ticket => {
            r#"<path d="M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4z"/><path d="M9 7v10" stroke-dasharray="2 2"/>"#
        }
        CategoryType::Booking => {
            r#"<rect x="4" y="5" width="16" height="15" rx="2"/><path d="M4 10h16M8 3v4M16 3v4M8 14h2M14 14h2M8 17h2"/>"#
        }
    }
}

/// The arrow (↗) the app puts at the right of the button.
pub const ARROW_PATHS: &str = r#"<path d="M7 17L17 7M9 7h8v8"/>"#;
