//! Locales, labels and number formatting for the preview.
//!
//! The formatting reproduces `Intl.NumberFormat(locale, {style: "currency", currency})` and
//! `{style: "percent", maximumFractionDigits: 2}` of Node 20 (ICU 7x) byte for byte, with integers
//! only: amounts are minor units (every supported currency has two decimals), rates are basis
//! points (so a percent has at most two fraction digits, exactly what the percent format shows).
//! `tests/preview.rs` checks this against a real `node` when one is installed.

use crate::model::{Currency, QuantityUnit};
use crate::money::{Decimal, Quantity, decimal_digits, push_digits, push_uint};

/// The locales the preview speaks. Anything else falls back to [`Locale::EnUs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// Norwegian Bokmål (`nb-NO`; also `nb`, `no`, `nn`).
    NbNo,
    /// English (`en-US`), the fallback.
    EnUs,
    /// Danish (`da-DK`).
    DaDk,
    /// Finnish (`fi-FI`).
    FiFi,
}

const NBSP: &str = "\u{a0}";
/// U+2212 MINUS SIGN: what ICU uses for Norwegian and Finnish.
const MINUS_SIGN: &str = "\u{2212}";

impl Locale {
    /// Every locale.
    pub const ALL: [Locale; 4] = [Locale::NbNo, Locale::EnUs, Locale::DaDk, Locale::FiFi];

    /// Resolves a language tag leniently: any case, `_` or `-`, language alone (`nb`, `no`,
    /// `en`, `da`, `fi`); `nn` is read as Norwegian too. Unknown or absent tags give English.
    pub fn resolve(tag: Option<&str>) -> Locale {
        let Some(tag) = tag else {
            return Locale::EnUs;
        };
        let language = tag.trim().split(['-', '_']).next().unwrap_or("");
        // Compared without allocating: this runs once per preview and once per rendering.
        let is = |code: &str| language.eq_ignore_ascii_case(code);
        if is("nb") || is("no") || is("nn") {
            Locale::NbNo
        } else if is("da") {
            Locale::DaDk
        } else if is("fi") {
            Locale::FiFi
        } else {
            Locale::EnUs
        }
    }

    /// The BCP 47 tag, as used for `lang` attributes and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::NbNo => "nb-NO",
            Locale::EnUs => "en-US",
            Locale::DaDk => "da-DK",
            Locale::FiFi => "fi-FI",
        }
    }

    fn group_separator(self) -> &'static str {
        match self {
            Locale::NbNo | Locale::FiFi => NBSP,
            Locale::EnUs => ",",
            Locale::DaDk => ".",
        }
    }

    fn decimal_separator(self) -> &'static str {
        match self {
            Locale::EnUs => ".",
            _ => ",",
        }
    }

    fn minus(self) -> &'static str {
        match self {
            Locale::NbNo | Locale::FiFi => MINUS_SIGN,
            Locale::EnUs | Locale::DaDk => "-",
        }
    }

    /// The currency symbol ICU uses for this locale (CLDR data as shipped with Node 20).
    fn currency_symbol(self, currency: Currency) -> &'static str {
        match (self, currency) {
            (_, Currency::Eur) => "€",
            (Locale::NbNo, Currency::Nok) => "kr",
            (Locale::DaDk, Currency::Dkk) => "kr.",
            (_, Currency::Nok) => "NOK",
            (_, Currency::Dkk) => "DKK",
        }
    }

    pub(crate) fn labels(self) -> &'static Labels {
        match self {
            Locale::NbNo => &NB,
            Locale::EnUs => &EN,
            Locale::DaDk => &DA,
            Locale::FiFi => &FI,
        }
    }
}

/// `magnitude × 10^-scale` with grouping and exactly `scale` fraction digits (no sign).
/// Works on the digits, so any scale is fine (no power of ten to overflow), and allocates
/// nothing beyond `out`.
fn push_fixed(out: &mut String, locale: Locale, magnitude: u128, scale: u32) {
    let (buffer, start) = decimal_digits(magnitude);
    let digits = buffer.get(start..).unwrap_or_default();
    let scale = scale as usize;
    // At least one integer digit: "0,05", not ",05".
    let (int_digits, fraction_digits) = if digits.len() > scale {
        digits.split_at(digits.len() - scale)
    } else {
        (&b"0"[..], digits)
    };
    // Groups of three from the right: the first group holds the rest (1 to 3 digits).
    let group = locale.group_separator();
    let first = match int_digits.len() % 3 {
        0 => 3,
        rest => rest,
    };
    let (head, mut tail) = int_digits.split_at(first.min(int_digits.len()));
    push_digits(out, head);
    while let Some((three, rest)) = tail.split_at_checked(3) {
        out.push_str(group);
        push_digits(out, three);
        tail = rest;
    }
    if scale > 0 {
        out.push_str(locale.decimal_separator());
        // Leading zeros of a fraction longer than the digits: 5 at scale 2 is "05".
        for _ in fraction_digits.len()..scale {
            out.push('0');
        }
        push_digits(out, fraction_digits);
    }
}

/// Formats minor units as `Intl.NumberFormat(locale, {style: "currency", currency})` does.
/// Without a currency (the spec lets it be null) the number is shown with two decimals only.
pub fn format_money(locale: Locale, currency: Option<Currency>, minor: i64) -> String {
    let mut out = String::with_capacity(MONEY_CAPACITY);
    push_money(&mut out, locale, currency, minor);
    out
}

/// Enough for any amount up to 2^53 in every locale without reallocating.
pub(crate) const MONEY_CAPACITY: usize = 32;

/// [`format_money`] appended to `out`.
pub fn push_money(out: &mut String, locale: Locale, currency: Option<Currency>, minor: i64) {
    if minor < 0 {
        out.push_str(locale.minus());
    }
    let magnitude = u128::from(minor.unsigned_abs());
    let Some(currency) = currency else {
        push_fixed(out, locale, magnitude, 2);
        return;
    };
    let symbol = locale.currency_symbol(currency);
    match locale {
        // en-US puts the symbol first; an alphabetic code is separated by a no-break space.
        Locale::EnUs => {
            out.push_str(symbol);
            if currency != Currency::Eur {
                out.push_str(NBSP);
            }
            push_fixed(out, locale, magnitude, 2);
        }
        _ => {
            push_fixed(out, locale, magnitude, 2);
            out.push_str(NBSP);
            out.push_str(symbol);
        }
    }
}

/// Formats a rate in basis points as `Intl.NumberFormat(locale, {style: "percent",
/// maximumFractionDigits: 2})` formats `bp / 10000` (2550 → "25,5 %").
pub fn format_percent(locale: Locale, basis_points: i64) -> String {
    let mut out = String::with_capacity(16);
    push_percent(&mut out, locale, basis_points);
    out
}

/// [`format_percent`] appended to `out`.
pub fn push_percent(out: &mut String, locale: Locale, basis_points: i64) {
    let decimal = Decimal {
        mantissa: i128::from(basis_points),
        scale: 2,
    }
    .normalized();
    if basis_points < 0 {
        out.push_str(locale.minus());
    }
    push_fixed(out, locale, decimal.mantissa.unsigned_abs(), decimal.scale);
    if locale != Locale::EnUs {
        out.push_str(NBSP);
    }
    out.push('%');
}

/// Formats a quantity with grouping and only its significant fraction digits (at most 8), as
/// `Intl.NumberFormat(locale, {maximumFractionDigits: 8})` does.
pub fn format_quantity(locale: Locale, quantity: Quantity) -> String {
    let mut out = String::with_capacity(16);
    push_quantity(&mut out, locale, quantity);
    out
}

/// [`format_quantity`] appended to `out`.
pub fn push_quantity(out: &mut String, locale: Locale, quantity: Quantity) {
    let value = quantity.decimal().normalized();
    if value.mantissa < 0 {
        out.push_str(locale.minus());
    }
    push_fixed(out, locale, value.mantissa.unsigned_abs(), value.scale);
}

/// The short unit shown after a quantity; pieces show none ("2 × 39,90 kr").
pub fn unit_symbol(unit: &QuantityUnit) -> Option<&str> {
    match unit {
        QuantityUnit::Pcs => None,
        QuantityUnit::Kg => Some("kg"),
        QuantityUnit::Km => Some("km"),
        QuantityUnit::Minute => Some("min"),
        QuantityUnit::Litre => Some("l"),
        QuantityUnit::Kwh => Some("kWh"),
        // A unit newer than this version: shown as the API spells it.
        QuantityUnit::Other(raw) => Some(raw),
    }
}

/// Every text the preview shows, per locale, worded as the app words it.
#[derive(Debug)]
pub(crate) struct Labels {
    pub receipt: &'static str,
    pub total: &'static str,
    pub incl_vat: &'static str,
    /// Prefix of a line's VAT note: "VAT 25 % • 99,80 kr".
    pub vat: &'static str,
    pub item_one: &'static str,
    pub items_many: &'static str,
    pub returned: &'static str,
    pub original_price: &'static str,
    pub shipping_lines: &'static str,
    pub sum: &'static str,
    pub discount: &'static str,
    pub shipping: &'static str,
    pub tip: &'static str,
    pub vat_caption: &'static str,
    pub vat_rate_header: &'static str,
    pub vat_net_header: &'static str,
    pub vat_amount_header: &'static str,
    pub vat_total_header: &'static str,
    pub payment_information: &'static str,
    pub gift_card: &'static str,
    pub card: &'static str,
    pub voucher: &'static str,
    pub cash: &'static str,
    pub receipt_number: &'static str,
    pub pos_id: &'static str,
    pub barcode: &'static str,
    pub not_secure: &'static str,
    pub opens_link: &'static str,
    /// Button labels per category, in the order GENERAL, RECEIPT, ORDER_CONFIRMATION, DELIVERY,
    /// TICKET, BOOKING (see `category.rs`).
    pub category_buttons: [&'static str; 6],
    pub category_image: &'static str,
}

impl Labels {
    /// "1 item" / "5 items".
    pub fn item_count(&self, count: usize) -> String {
        let word = if count == 1 {
            self.item_one
        } else {
            self.items_many
        };
        let mut out = String::with_capacity(word.len() + 8);
        push_uint(&mut out, count as u128);
        out.push(' ');
        out.push_str(word);
        out
    }
}

static EN: Labels = Labels {
    receipt: "Receipt",
    total: "Total",
    incl_vat: "incl. VAT",
    vat: "VAT",
    item_one: "item",
    items_many: "items",
    returned: "Returned",
    original_price: "Original price",
    shipping_lines: "Shipping",
    sum: "Sum",
    discount: "Discount",
    shipping: "Shipping",
    tip: "Tip",
    vat_caption: "VAT summary",
    vat_rate_header: "VAT %",
    vat_net_header: "Net",
    vat_amount_header: "VAT",
    vat_total_header: "Total",
    payment_information: "Payment information",
    gift_card: "Gift card",
    card: "Card",
    voucher: "Voucher",
    cash: "Cash",
    receipt_number: "Receipt no.",
    pos_id: "POS ID",
    barcode: "Barcode",
    not_secure: "not secure",
    opens_link: "opens link",
    category_buttons: [
        "Show more info",
        "Show receipt",
        "Show order info",
        "Track your order",
        "Show ticket",
        "Show booking info",
    ],
    category_image: "Image for the order",
};

static NB: Labels = Labels {
    receipt: "Kvittering",
    total: "Totalt",
    incl_vat: "inkl. mva.",
    vat: "MVA",
    item_one: "vare",
    items_many: "varer",
    returned: "Returnert",
    original_price: "Opprinnelig pris",
    shipping_lines: "Frakt",
    sum: "Delsum",
    discount: "Rabatt",
    shipping: "Frakt",
    tip: "Tips",
    vat_caption: "MVA-oversikt",
    vat_rate_header: "MVA %",
    vat_net_header: "Grunnlag",
    vat_amount_header: "MVA",
    vat_total_header: "Sum",
    payment_information: "Betalingsinformasjon",
    gift_card: "Gavekort",
    card: "Kort",
    voucher: "Verdikupong",
    cash: "Kontanter",
    receipt_number: "Kvitteringsnr.",
    pos_id: "Kasse-ID",
    barcode: "Strekkode",
    not_secure: "ikke sikker",
    opens_link: "åpner lenke",
    category_buttons: [
        "Vis mer info",
        "Vis kvittering",
        "Vis ordreinfo",
        "Spor bestillingen",
        "Vis billett",
        "Vis bookinginfo",
    ],
    category_image: "Bilde for bestillingen",
};

static DA: Labels = Labels {
    receipt: "Kvittering",
    total: "I alt",
    incl_vat: "inkl. moms",
    vat: "Moms",
    item_one: "vare",
    items_many: "varer",
    returned: "Returneret",
    original_price: "Oprindelig pris",
    shipping_lines: "Fragt",
    sum: "Subtotal",
    discount: "Rabat",
    shipping: "Fragt",
    tip: "Drikkepenge",
    vat_caption: "Momsoversigt",
    vat_rate_header: "Moms %",
    vat_net_header: "Netto",
    vat_amount_header: "Moms",
    vat_total_header: "I alt",
    payment_information: "Betalingsoplysninger",
    gift_card: "Gavekort",
    card: "Kort",
    voucher: "Værdikupon",
    cash: "Kontant",
    receipt_number: "Kvitteringsnr.",
    pos_id: "Kasse-ID",
    barcode: "Stregkode",
    not_secure: "ikke sikker",
    opens_link: "åbner link",
    category_buttons: [
        "Vis mere info",
        "Vis kvittering",
        "Vis ordreinfo",
        "Følg din ordre",
        "Vis billet",
        "Vis booking",
    ],
    category_image: "Billede til ordren",
};

static FI: Labels = Labels {
    receipt: "Kuitti",
    total: "Yhteensä",
    incl_vat: "sis. ALV",
    vat: "ALV",
    item_one: "tuote",
    items_many: "tuotetta",
    returned: "Palautettu",
    original_price: "Alkuperäinen hinta",
    shipping_lines: "Toimitus",
    sum: "Välisumma",
    discount: "Alennus",
    shipping: "Toimitus",
    tip: "Tippi",
    vat_caption: "ALV-erittely",
    vat_rate_header: "ALV %",
    vat_net_header: "Veroton",
    vat_amount_header: "ALV",
    vat_total_header: "Yhteensä",
    payment_information: "Maksutiedot",
    gift_card: "Lahjakortti",
    card: "Kortti",
    voucher: "Arvoseteli",
    cash: "Käteinen",
    receipt_number: "Kuittinro",
    pos_id: "Kassa-ID",
    barcode: "Viivakoodi",
    not_secure: "ei suojattu",
    opens_link: "avaa linkin",
    category_buttons: [
        "Näytä lisätietoja",
        "Näytä kuitti",
        "Näytä tilauksen tiedot",
        "Seuraa tilaustasi",
        "Näytä lippu",
        "Näytä varauksen tiedot",
    ],
    category_image: "Tilauksen kuva",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_tags_leniently() {
        for (tag, expected) in [
            ("nb-NO", Locale::NbNo),
            ("NB_no", Locale::NbNo),
            ("no", Locale::NbNo),
            ("nb", Locale::NbNo),
            ("en", Locale::EnUs),
            ("EN-gb", Locale::EnUs),
            ("da", Locale::DaDk),
            ("da_DK", Locale::DaDk),
            ("FI-fi", Locale::FiFi),
            ("sv-SE", Locale::EnUs),
            ("", Locale::EnUs),
            ("-", Locale::EnUs),
        ] {
            assert_eq!(Locale::resolve(Some(tag)), expected, "{tag:?}");
        }
        assert_eq!(Locale::resolve(None), Locale::EnUs);
    }

    #[test]
    fn formats_money_like_intl() {
        let nok = Some(Currency::Nok);
        assert_eq!(
            format_money(Locale::NbNo, nok, 123450),
            "1\u{a0}234,50\u{a0}kr"
        );
        assert_eq!(
            format_money(Locale::NbNo, nok, -123450),
            "\u{2212}1\u{a0}234,50\u{a0}kr"
        );
        assert_eq!(format_money(Locale::EnUs, nok, 123450), "NOK\u{a0}1,234.50");
        assert_eq!(
            format_money(Locale::EnUs, Some(Currency::Eur), -5),
            "-€0.05"
        );
        assert_eq!(
            format_money(Locale::DaDk, Some(Currency::Dkk), 123450),
            "1.234,50\u{a0}kr."
        );
        assert_eq!(
            format_money(Locale::FiFi, Some(Currency::Eur), 123450),
            "1\u{a0}234,50\u{a0}€"
        );
        assert_eq!(format_money(Locale::EnUs, None, 100), "1.00");
        // The extremes do not panic.
        assert!(format_money(Locale::NbNo, nok, i64::MIN).ends_with("547\u{a0}758,08\u{a0}kr"));
        assert!(format_money(Locale::NbNo, nok, i64::MAX).starts_with("92\u{a0}233"));
    }

    #[test]
    fn formats_percent_and_decimals() {
        assert_eq!(format_percent(Locale::NbNo, 2550), "25,5\u{a0}%");
        assert_eq!(format_percent(Locale::EnUs, 2500), "25%");
        assert_eq!(format_percent(Locale::DaDk, 1), "0,01\u{a0}%");
        assert_eq!(format_percent(Locale::EnUs, 0), "0%");
        assert_eq!(format_percent(Locale::FiFi, -1200), "\u{2212}12\u{a0}%");
        let quantity = Quantity::parse("1234.82200").unwrap();
        assert_eq!(format_quantity(Locale::NbNo, quantity), "1\u{a0}234,822");
        assert_eq!(format_quantity(Locale::EnUs, quantity), "1,234.822");
        let small = Quantity::parse("0.00000001").unwrap();
        assert_eq!(format_quantity(Locale::DaDk, small), "0,00000001");
    }
}
