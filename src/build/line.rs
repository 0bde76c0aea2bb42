//! The arithmetic of one line, in integers, rounding half away from zero once per computed
//! amount (docs/UNITS.md, "Rounding"). The line identity
//! `totalAmount − totalAmountExcludingTax == totalTaxAmount` holds by construction: the third
//! amount is always the difference of the other two.

use crate::money::{Quantity, checked_amount, round_div, split_inclusive};

const BASIS: i128 = 10_000;

/// Whether the cart's prices include tax (the default) or are net.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceBasis {
    /// Prices include tax (the default).
    IncludingTax,
    /// Prices are net; the builder adds the tax.
    ExcludingTax,
}

/// A line's amounts as the receipt carries them, all tax-inclusive except the obvious one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    /// Including tax and after discount.
    pub total_amount: i64,
    /// `total_amount` without tax.
    pub total_amount_excluding_tax: i64,
    /// The tax: `total_amount − total_amount_excluding_tax`.
    pub total_tax_amount: i64,
    /// The line's whole discount (own and allocated), tax-inclusive.
    pub discount: i64,
}

/// Why a line's amounts could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// An amount beyond 2^53 − 1 (or beyond i128 on the way).
    Overflow,
    /// The discount is larger than the line's gross.
    DiscountExceedsGross,
}

/// `round(unit_price × quantity)`: the line before any discount, in the cart's price basis.
pub fn gross(unit_price: i64, quantity: Quantity) -> Result<i64, LineError> {
    quantity
        .times(unit_price)
        .and_then(checked_amount)
        .ok_or(LineError::Overflow)
}

/// `round(amount × rate / 10000)`: the tax on a net amount.
pub fn tax_on_net(net: i64, rate_bp: i64) -> Result<i64, LineError> {
    let tax = i128::from(net)
        .checked_mul(i128::from(rate_bp))
        .and_then(|product| round_div(product, BASIS))
        .ok_or(LineError::Overflow)?;
    checked_amount(tax).ok_or(LineError::Overflow)
}

/// A net unit price made tax-inclusive, as `unitInfo.unitPrice` must be:
/// `round(unit_price × (10000 + rate) / 10000)`.
pub fn unit_price_including_tax(net_unit_price: i64, rate_bp: i64) -> Result<i64, LineError> {
    let inclusive = i128::from(net_unit_price)
        .checked_mul(BASIS + i128::from(rate_bp))
        .and_then(|product| round_div(product, BASIS))
        .ok_or(LineError::Overflow)?;
    checked_amount(inclusive).ok_or(LineError::Overflow)
}

/// The receipt amounts of a line whose pre-discount amount is `gross` and whose whole discount
/// (own plus its part of the cart discount) is `discount`, both in the cart's price basis.
///
/// Including tax: `total = gross − discount`, split by [`split_inclusive`].
///
/// Excluding tax: the net line is `gross − discount`, its tax `round(net × rate / 10000)`, and
/// `total = net + tax`. The reported discount is tax-inclusive, `gross + tax(gross) − total`, so
/// that the receipt's gross minus discount is its total to the unit; since rounding is
/// monotone it is never below the net discount, and zero when the net discount is zero.
pub fn line_amounts(
    basis: PriceBasis,
    gross: i64,
    discount: i64,
    rate_bp: i64,
) -> Result<LineAmounts, LineError> {
    if discount > gross {
        return Err(LineError::DiscountExceedsGross);
    }
    let after_discount = gross.checked_sub(discount).ok_or(LineError::Overflow)?;
    match basis {
        PriceBasis::IncludingTax => {
            let (excluding, tax) =
                split_inclusive(after_discount, rate_bp).ok_or(LineError::Overflow)?;
            Ok(LineAmounts {
                total_amount: after_discount,
                total_amount_excluding_tax: excluding,
                total_tax_amount: tax,
                discount,
            })
        }
        PriceBasis::ExcludingTax => {
            let tax = tax_on_net(after_discount, rate_bp)?;
            let total = checked_sum(after_discount, tax)?;
            let gross_including_tax = checked_sum(gross, tax_on_net(gross, rate_bp)?)?;
            Ok(LineAmounts {
                total_amount: total,
                total_amount_excluding_tax: after_discount,
                total_tax_amount: tax,
                discount: gross_including_tax
                    .checked_sub(total)
                    .ok_or(LineError::Overflow)?,
            })
        }
    }
}

fn checked_sum(a: i64, b: i64) -> Result<i64, LineError> {
    a.checked_add(b)
        .and_then(|sum| checked_amount(i128::from(sum)))
        .ok_or(LineError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::MAX_SAFE_INTEGER;

    fn qty(text: &str) -> Quantity {
        Quantity::parse(text).unwrap()
    }

    fn assert_identity(amounts: LineAmounts) {
        assert_eq!(
            amounts.total_amount - amounts.total_amount_excluding_tax,
            amounts.total_tax_amount,
            "{amounts:?}"
        );
    }

    #[test]
    fn gross_rounds_once_half_away_from_zero() {
        assert_eq!(gross(399, qty("2.5")), Ok(998)); // 997.5
        assert_eq!(gross(15000, qty("0.822")), Ok(12330));
        assert_eq!(gross(223920, qty("1")), Ok(223920));
        assert_eq!(gross(MAX_SAFE_INTEGER, qty("2")), Err(LineError::Overflow));
    }

    #[test]
    fn inclusive_line_of_a_3_99_item_at_25_percent() {
        let amounts = line_amounts(PriceBasis::IncludingTax, 399, 0, 2500).unwrap();
        assert_eq!(amounts.total_tax_amount, 80);
        assert_eq!(amounts.total_amount_excluding_tax, 319);
        // A discounted line is taxed on what is paid, not by the pre-discount ratio.
        let discounted = line_amounts(PriceBasis::IncludingTax, 499, 100, 2500).unwrap();
        assert_eq!(discounted.total_amount, 399);
        assert_eq!(discounted.total_tax_amount, 80);
        assert_eq!(discounted.discount, 100);
    }

    #[test]
    fn inclusive_line_keeps_the_identity_for_awkward_rates() {
        for (gross, discount, rate) in [(12550, 0, 2550), (1, 0, 2500), (7, 3, 1200), (0, 0, 1500)]
        {
            let amounts = line_amounts(PriceBasis::IncludingTax, gross, discount, rate).unwrap();
            assert_identity(amounts);
            assert_eq!(amounts.total_amount, gross - discount);
        }
        let finland = line_amounts(PriceBasis::IncludingTax, 12550, 0, 2550).unwrap();
        assert_eq!(finland.total_tax_amount, 2550);
    }

    #[test]
    fn discounts_up_to_the_gross() {
        let free = line_amounts(PriceBasis::IncludingTax, 500, 500, 2500).unwrap();
        assert_eq!((free.total_amount, free.total_tax_amount), (0, 0));
        assert_eq!(
            line_amounts(PriceBasis::IncludingTax, 500, 501, 2500),
            Err(LineError::DiscountExceedsGross)
        );
    }

    #[test]
    fn exclusive_line_adds_tax_to_the_net() {
        // 10.00 net at 25 %: 2.50 tax, 12.50 total.
        let plain = line_amounts(PriceBasis::ExcludingTax, 1000, 0, 2500).unwrap();
        assert_eq!(
            (
                plain.total_amount,
                plain.total_amount_excluding_tax,
                plain.total_tax_amount
            ),
            (1250, 1000, 250)
        );
        assert_eq!(plain.discount, 0);
        // 3.19 net at 25 %: 0.7975 tax rounds to 0.80.
        let small = line_amounts(PriceBasis::ExcludingTax, 319, 0, 2500).unwrap();
        assert_eq!(small.total_tax_amount, 80);
        // A 1.00 net discount is 1.25 with tax: 12.50 − 1.25 = 11.25.
        let discounted = line_amounts(PriceBasis::ExcludingTax, 1000, 100, 2500).unwrap();
        assert_eq!(discounted.total_amount, 1125);
        assert_eq!(discounted.discount, 125);
        assert_identity(discounted);
    }

    #[test]
    fn exclusive_unit_price_is_made_inclusive() {
        assert_eq!(unit_price_including_tax(3192, 2500), Ok(3990));
        assert_eq!(unit_price_including_tax(1, 2500), Ok(1)); // 1.25 rounds to 1
        assert_eq!(unit_price_including_tax(2, 2500), Ok(3)); // 2.5 rounds away from zero
        assert_eq!(
            unit_price_including_tax(MAX_SAFE_INTEGER, 2500),
            Err(LineError::Overflow)
        );
    }
}
