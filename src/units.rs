//! What a number means in each field, so that every message about a number names the unit that
//! field expects and shows the corrected value (README.md, "Units"), and the VAT rates each
//! currency knows (docs/CODES.md, `unusual_tax_rate`).
//!
//! The units rule: in a cart a JSON number is in API units (minor units, basis points, whole
//! quantities) and a string is a human decimal (`"39.90"`, `"25.5"`, `"2.5"`); in a receipt or
//! request every amount and rate is an integer in API units.

use crate::issue::Text;
use crate::model::Currency;
use crate::money::{Decimal, MAX_TAX_RATE, format_rate};

/// The unit a number field counts in, and whether a decimal string is also accepted there
/// (carts) or only the API's integer (receipts, requests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A receipt amount in minor units (øre, cents): `3990` is 39.90.
    Minor,
    /// A receipt tax rate in basis points: `2500` is 25 %.
    BasisPoints,
    /// The deprecated `taxPercentage`: whole percent.
    WholePercent,
    /// A cart amount: minor units (`3990`) or a decimal string in major units (`"39.90"`).
    CartMinor,
    /// A cart tax rate: basis points (`2500`) or a percent string (`"25"`).
    CartBasisPoints,
    /// A cart quantity: a whole number (`2`) or a decimal string (`"2.5"`).
    CartQuantity,
}

impl Unit {
    /// The message for a number with a fraction (`found`, as written) where this unit's
    /// integer belongs: the unit, and the value to write instead when it can be worked out.
    pub fn fraction_message(self, found: &str) -> String {
        // The number's own text, parsed exactly (no float is involved); `1e-7` and the like
        // get the message without a suggestion.
        let decimal = Decimal::parse(found).ok();
        match self {
            Unit::Minor | Unit::CartMinor => {
                let cart = self == Unit::CartMinor;
                let lead = if cart {
                    "a number here is an amount in minor units (øre, cents)"
                } else {
                    "amounts are integers in minor units (øre, cents)"
                };
                match decimal.and_then(|d| d.to_scale(2).ok()) {
                    Some(minor) => {
                        let major = Decimal {
                            mantissa: minor,
                            scale: 2,
                        };
                        let mut message = Text::new();
                        message
                            .str(found)
                            .str(" is not an integer: ")
                            .str(lead)
                            .str("; for ")
                            .decimal(major)
                            .str(" write ")
                            .int(minor);
                        if cart {
                            message.str(" or \"").decimal(major).str("\"");
                        }
                        message.done()
                    }
                    None if cart => Text::new()
                        .str(found)
                        .str(" is not an integer: ")
                        .str(lead)
                        .str(", like 3990, or a decimal string in major units, like \"39.90\"")
                        .done(),
                    None => Text::new()
                        .str(found)
                        .str(" is not an integer: ")
                        .str(lead)
                        .str(", like 3990 for 39.90")
                        .done(),
                }
            }
            Unit::BasisPoints | Unit::CartBasisPoints | Unit::WholePercent => {
                let meant = decimal.and_then(meant_percent);
                match (self, meant) {
                    (Unit::WholePercent, Some(bp)) => Text::new()
                        .str(found)
                        .str(" is not an integer: taxPercentage is a whole percent; for ")
                        .str(&format_rate(bp))
                        .str(" % write taxRate: ")
                        .int(bp.into())
                        .str(" (basis points) instead")
                        .done(),
                    (Unit::WholePercent, None) => Text::new()
                        .str(found)
                        .str(" is not an integer: taxPercentage is a whole percent (25 for 25 %); for other rates use taxRate in basis points (2550 = 25.5 %)")
                        .done(),
                    (Unit::CartBasisPoints, Some(bp)) => {
                        let pct = format_rate(bp);
                        Text::new()
                            .str(found)
                            .str(" is not an integer: a number here is a tax rate in basis points (2500 = 25 %); for ")
                            .str(&pct)
                            .str(" % write ")
                            .int(bp.into())
                            .str(" or \"")
                            .str(&pct)
                            .str("\"")
                            .done()
                    }
                    (Unit::CartBasisPoints, None) => Text::new()
                        .str(found)
                        .str(" is not an integer: a number here is a tax rate in basis points (2500 = 25 %), a string is percent (\"25\")")
                        .done(),
                    (_, Some(bp)) => Text::new()
                        .str(found)
                        .str(" is not an integer: a tax rate is in basis points (2500 = 25 %); for ")
                        .str(&format_rate(bp))
                        .str(" % write ")
                        .int(bp.into())
                        .done(),
                    (_, None) => Text::new()
                        .str(found)
                        .str(" is not an integer: a tax rate is in basis points (2500 = 25 %, 2550 = 25.5 %)")
                        .done(),
                }
            }
            Unit::CartQuantity => match decimal.filter(|d| !d.is_negative()) {
                Some(d) => {
                    let d = d.normalized();
                    Text::new()
                        .str(found)
                        .str(" is not an integer: a number here counts whole units; for ")
                        .decimal(d)
                        .str(" write \"")
                        .decimal(d)
                        .str("\" (a decimal string)")
                        .done()
                }
                None => Text::new()
                    .str(found)
                    .str(" is not an integer: a number here counts whole units (2); write a fraction as a decimal string (\"2.5\")")
                    .done(),
            },
        }
    }

    /// The message for a value of the wrong JSON type (`found`, like "a string") where this
    /// unit's integer belongs; a string that holds a number gets the integer to write instead
    /// (`"39.90"` → 3990, `"25"` as a rate → 2500).
    pub fn wrong_type_message(self, found: &str, text: Option<&str>) -> String {
        let decimal = text.and_then(repair);
        match self {
            Unit::Minor | Unit::CartMinor => {
                let fix = decimal
                    .and_then(|d| d.to_scale(2).ok())
                    .map(|minor| {
                        let major = Decimal {
                            mantissa: minor,
                            scale: 2,
                        };
                        Text::new()
                            .str("; for ")
                            .decimal(major)
                            .str(" write ")
                            .int(minor)
                            .done()
                    })
                    .unwrap_or_default();
                Text::new()
                    .str("expected an integer in minor units (øre, cents: 3990 is 39.90), found ")
                    .str(found)
                    .str(&fix)
                    .done()
            }
            Unit::BasisPoints | Unit::CartBasisPoints => {
                let fix = decimal
                    .and_then(|d| d.to_scale(2).ok())
                    .and_then(|bp| i64::try_from(bp).ok())
                    .filter(|bp| (0..=MAX_TAX_RATE).contains(bp))
                    .map(|bp| {
                        Text::new()
                            .str("; for ")
                            .str(&format_rate(bp))
                            .str(" % write ")
                            .int(bp.into())
                            .done()
                    })
                    .unwrap_or_default();
                Text::new()
                    .str("expected an integer in basis points (2500 is 25 %), found ")
                    .str(found)
                    .str(&fix)
                    .done()
            }
            Unit::WholePercent => {
                let fix = decimal
                    .filter(|d| d.scale == 0 || d.normalized().scale == 0)
                    .map(|d| Text::new().str("; write ").decimal(d.normalized()).done())
                    .unwrap_or_default();
                Text::new()
                    .str("expected a whole percent as an integer (25 is 25 %), found ")
                    .str(found)
                    .str(&fix)
                    .done()
            }
            Unit::CartQuantity => Text::new()
                .str("expected a quantity: an integer (2) or a decimal string (\"2.5\"), found ")
                .str(found)
                .done(),
        }
    }

    /// For a cart string that is no decimal: the end of the message, with what was probably meant
    /// (`"25%"` → `"25"`, `"39,90"` → `"39.90"`) when a simple repair gives a number.
    pub fn text_advice(self, text: &str) -> String {
        let repaired = repair(text);
        match self {
            Unit::BasisPoints | Unit::CartBasisPoints | Unit::WholePercent => {
                match repaired.and_then(|d| d.to_scale(2).ok().map(|bp| (d, bp))) {
                    Some((d, bp)) if (0..=i128::from(MAX_TAX_RATE)).contains(&bp) => Text::new()
                        .str("is not a percent rate: write \"")
                        .decimal(d.normalized())
                        .str("\" (percent, digits only, no % sign) or ")
                        .int(bp)
                        .str(" (basis points)")
                        .done(),
                    _ => "is not a percent rate: write digits with an optional '.', like \"25\" or \"25.5\" (percent, no % sign), or basis points as a number (2500)".to_owned(),
                }
            }
            Unit::Minor | Unit::CartMinor => {
                match repaired.and_then(|d| d.to_scale(2).ok().map(|minor| (d, minor))) {
                    Some((_, minor)) => {
                        let major = Decimal {
                            mantissa: minor,
                            scale: 2,
                        };
                        Text::new()
                            .str("is not a decimal amount: write \"")
                            .decimal(major)
                            .str("\" (major units, '.' before the decimals) or ")
                            .int(minor)
                            .str(" (minor units)")
                            .done()
                    }
                    None => "is not a decimal amount: write digits with an optional '.' and 2 decimals, like \"39.90\" (major units), or minor units as a number (3990)".to_owned(),
                }
            }
            Unit::CartQuantity => match repaired {
                Some(d) => Text::new()
                    .str("is not a quantity: write \"")
                    .decimal(d.normalized())
                    .str("\" (digits, '.' before the decimals)")
                    .done(),
                None => {
                    "is not a quantity: write digits with an optional '.', like \"2\" or \"2.5\""
                        .to_owned()
                }
            },
        }
    }
}

/// The rate a fraction number most likely means, in basis points: below 1 a fraction of one
/// (`0.25` → 25 %), from 1 to 100 a percent (`25.5` → 25.5 %); `None` beyond, or with more
/// precision than basis points hold.
fn meant_percent(d: Decimal) -> Option<i64> {
    if d.is_negative() {
        return None;
    }
    let below_one = d.mantissa < crate::money::pow10(d.scale)?;
    let scale = if below_one { 4 } else { 2 };
    let bp = d.to_scale(scale).ok()?;
    let bp = i64::try_from(bp).ok()?;
    (0..=MAX_TAX_RATE).contains(&bp).then_some(bp)
}

/// A decimal from what people write for one: a trailing `%`, blanks around, a decimal comma.
fn repair(text: &str) -> Option<Decimal> {
    let trimmed = text.trim().trim_end_matches('%').trim();
    let dotted = trimmed.replacen(',', ".", 1);
    Decimal::parse(&dotted).ok()
}

/// The VAT rates of a currency's country, in basis points (docs/CODES.md, `unusual_tax_rate`,
/// gives the sources): NOK Norway, DKK Denmark, EUR Finland (Vipps MobilePay's euro market),
/// including Finland's rates of the last two years, since receipts may be for older orders.
pub fn known_vat_rates(currency: Currency) -> &'static [i64] {
    match currency {
        Currency::Nok => &[2500, 1500, 1200, 0],
        Currency::Dkk => &[2500, 0],
        Currency::Eur => &[2550, 2400, 1400, 1350, 1000, 0],
    }
}

/// The rates as people read them: "25, 15, 12 or 0 %".
pub fn list_rates(rates: &[i64]) -> String {
    let mut out = Text::new();
    for (index, &bp) in rates.iter().enumerate() {
        if index > 0 {
            out.str(if index + 1 == rates.len() {
                " or "
            } else {
                ", "
            });
        }
        out.str(&format_rate(bp));
    }
    out.str(" %").done()
}

/// Whether a cart's rate is in the range no VAT rate is in, but a rate written in the wrong unit
/// lands in: above 0 and below 1 % (1..99 basis points, or `"0.25"`).
pub fn is_under_one_percent(bp: i64) -> bool {
    (1..100).contains(&bp)
}

/// The other reading of a rate under 1 %, in basis points: a number `25` meant as 25 %
/// (2500), a string `"0.25"` meant as a fraction of one (25 %).
pub fn other_reading(bp: i64) -> i64 {
    bp * 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_messages_name_the_unit_and_the_fix() {
        let m = Unit::CartMinor.fraction_message("39.9");
        assert!(
            m.contains("minor units") && m.contains("3990 or \"39.90\""),
            "{m}"
        );
        let m = Unit::Minor.fraction_message("39.9");
        assert!(
            m.contains("for 39.90 write 3990") && !m.contains('"'),
            "{m}"
        );
        let m = Unit::CartBasisPoints.fraction_message("0.25");
        assert!(
            m.contains("basis points") && m.contains("for 25 % write 2500 or \"25\""),
            "{m}"
        );
        let m = Unit::CartBasisPoints.fraction_message("25.5");
        assert!(m.contains("for 25.5 % write 2550 or \"25.5\""), "{m}");
        let m = Unit::BasisPoints.fraction_message("0.25");
        assert!(
            m.contains("for 25 % write 2500") && !m.contains("minor"),
            "{m}"
        );
        let m = Unit::CartQuantity.fraction_message("2.5");
        assert!(m.contains("write \"2.5\"") && !m.contains("minor"), "{m}");
        let m = Unit::WholePercent.fraction_message("25.5");
        assert!(m.contains("taxRate: 2550"), "{m}");
        let m = Unit::CartMinor.fraction_message("1e-7");
        assert!(m.contains("\"39.90\""), "{m}");
    }

    #[test]
    fn text_advice_repairs_what_people_write() {
        let m = Unit::CartBasisPoints.text_advice("25%");
        assert!(m.contains("\"25\"") && m.contains("2500"), "{m}");
        let m = Unit::CartMinor.text_advice("39,90");
        assert!(m.contains("\"39.90\"") && m.contains("3990"), "{m}");
        let m = Unit::CartQuantity.text_advice("two");
        assert!(m.contains("\"2.5\""), "{m}");
    }

    #[test]
    fn rate_lists_read_as_people_write_them() {
        assert_eq!(
            list_rates(known_vat_rates(Currency::Nok)),
            "25, 15, 12 or 0 %"
        );
        assert_eq!(
            list_rates(known_vat_rates(Currency::Eur)),
            "25.5, 24, 14, 13.5, 10 or 0 %"
        );
    }
}
