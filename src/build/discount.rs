//! Spreading a cart-level discount over lines in proportion to their totals, by largest
//! remainder (Hamilton's method), so the parts sum exactly to the discount.

/// Why a discount could not be spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpreadError {
    /// The discount is larger than the sum of the weights (the items' total).
    ExceedsTotal,
    /// A negative discount or weight (the builder refuses those earlier).
    Negative,
}

/// Splits `discount` into one part per weight, each proportional to its weight, summing exactly
/// to `discount`.
///
/// Each part starts as `floor(discount × weight / total)`; the few units left over go one each
/// to the largest remainders, ties to the earlier line. Because `discount ≤ total`, no part
/// exceeds its weight: a part only gains a unit when its exact share has a fraction, and then the
/// share is strictly below the (integer) weight. So no line total goes negative.
pub fn spread(discount: i64, weights: &[i64]) -> Result<Vec<i64>, SpreadError> {
    if discount < 0 || weights.iter().any(|&w| w < 0) {
        return Err(SpreadError::Negative);
    }
    // Weights and discount are at most 2^53 − 1, so every product below fits in i128.
    let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
    let discount = i128::from(discount);
    if discount > total {
        return Err(SpreadError::ExceedsTotal);
    }
    if discount == 0 {
        return Ok(vec![0; weights.len()]);
    }
    let mut parts: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (index, &weight) in weights.iter().enumerate() {
        let share = discount * i128::from(weight);
        // total > 0 here: discount > 0 and discount <= total.
        parts.push(share / total);
        // Negated, so ascending order is largest remainder first, equal remainders in line
        // order. The indices make the order total, so the unstable sort gives the stable
        // sort's result, and it is the same `(i128, usize)` sort as the preview's VAT grouping
        // (one sort in the wasm module, not two).
        remainders.push((-(share % total), index));
    }
    let assigned: i128 = parts.iter().sum();
    let left_over = usize::try_from(discount - assigned).unwrap_or(0);
    remainders.sort_unstable();
    for &(_, index) in remainders.iter().take(left_over) {
        if let Some(part) = parts.get_mut(index) {
            *part += 1;
        }
    }
    // Every part is between 0 and its weight, so it fits an i64.
    Ok(parts
        .into_iter()
        .map(|part| i64::try_from(part).unwrap_or(i64::MAX))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_sum_exactly_and_follow_the_largest_remainder() {
        // 10.00 over three equal lines: 333.33 each, the extra unit to the first.
        assert_eq!(spread(1000, &[500, 500, 500]), Ok(vec![334, 333, 333]));
        // 1000 × 7980 / 12470 = 639.94, 1000 × 4490 / 12470 = 360.06: the unit goes to the first.
        assert_eq!(spread(1000, &[7980, 4490]), Ok(vec![640, 360]));
        // Remainders 0.6, 0.3, 0.1 of one unit left over: the largest (second line) gets it.
        assert_eq!(spread(10, &[33, 36, 31]), Ok(vec![3, 4, 3]));
    }

    #[test]
    fn whole_total_and_zero_weights() {
        assert_eq!(spread(1500, &[1000, 0, 500]), Ok(vec![1000, 0, 500]));
        assert_eq!(spread(0, &[0, 0]), Ok(vec![0, 0]));
        assert_eq!(spread(0, &[]), Ok(vec![]));
        assert_eq!(spread(1, &[0, 0]), Err(SpreadError::ExceedsTotal));
        assert_eq!(spread(1, &[]), Err(SpreadError::ExceedsTotal));
        assert_eq!(spread(1501, &[1000, 500]), Err(SpreadError::ExceedsTotal));
        assert_eq!(spread(-1, &[10]), Err(SpreadError::Negative));
    }

    #[test]
    fn no_part_exceeds_its_weight() {
        for discount in 0..=30 {
            let weights = [1, 2, 3, 4, 5, 0, 15];
            let parts = spread(discount, &weights).unwrap();
            assert_eq!(parts.iter().sum::<i64>(), discount);
            for (part, weight) in parts.iter().zip(weights) {
                assert!((0..=weight).contains(part), "{discount}: {parts:?}");
            }
        }
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        let max = crate::money::MAX_SAFE_INTEGER;
        let parts = spread(max, &[max, max]).unwrap();
        assert_eq!(
            parts.iter().map(|&p| i128::from(p)).sum::<i128>(),
            i128::from(max)
        );
    }
}
