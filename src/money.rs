//! Exact money: amounts in integer minor units, tax rates in basis points, quantities as exact
//! decimals. Nothing here uses floating point; every operation is checked, and the one rounding
//! rule of the library (half away from zero) lives in [`round_div`].

use std::fmt;

/// The largest integer a JavaScript number holds exactly (2^53 − 1). Amounts above it are refused
/// so a receipt never changes value when it crosses into JS.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// Tax rates are basis points: 2500 is 25 %, 2550 is Finland's 25.5 %.
pub const MAX_TAX_RATE: i64 = 10_000;

/// Quantities carry at most this many fraction digits (the spec's `^\d+([\.]\d{1,8})?$`).
pub const MAX_QUANTITY_SCALE: u32 = 8;

/// Why a decimal string was refused. Each maps to an issue code of the caller's choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalError {
    /// Empty, a lone sign or dot, letters, exponents, thousands separators, or whitespace.
    Syntax,
    /// More fraction digits than the unit allows (e.g. `"39.905"` for an amount): never rounded silently.
    TooPrecise,
    /// Larger than the library can hold exactly.
    Overflow,
    /// A minus sign where only non-negative values make sense.
    Negative,
}

impl DecimalError {
    /// Why the text was refused, as the end of a sentence ("is too large").
    pub fn describe(self) -> &'static str {
        match self {
            DecimalError::Syntax => {
                "is not a decimal number (expected digits with an optional '.' and fraction, like \"39.90\")"
            }
            DecimalError::TooPrecise => "has more decimals than allowed",
            DecimalError::Overflow => "is too large",
            DecimalError::Negative => "must not be negative",
        }
    }
}

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    /// The digits, as an integer.
    pub mantissa: i128,
    /// How many of them are decimals.
    pub scale: u32,
}

/// Longest digit run accepted; keeps every intermediate well inside i128.
const MAX_DIGITS: usize = 30;

impl Decimal {
    /// Parses `[-]digits[.digits]` exactly. No exponent, no `+`, no spaces, no leading `.`.
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let frac = frac_part.unwrap_or("");
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac) {
            return Err(DecimalError::Syntax);
        }
        if frac_part.is_some() && frac.is_empty() {
            return Err(DecimalError::Syntax);
        }
        // Zeros that change nothing ("007", "25.000") never count against the digit limit.
        let int_trimmed = int_part.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        if int_trimmed.len() > MAX_DIGITS {
            return Err(DecimalError::Overflow);
        }
        if int_trimmed.len() + frac.len() > MAX_DIGITS {
            return Err(DecimalError::TooPrecise);
        }
        let mut mantissa: i128 = 0;
        for b in int_trimmed.bytes().chain(frac.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        if negative && mantissa != 0 {
            mantissa = -mantissa;
        }
        Ok(Decimal {
            mantissa,
            scale: frac.len() as u32,
        })
    }

    /// The value as an integer count of `10^-scale` units, exactly, or `TooPrecise` when that would
    /// drop non-zero digits (`"39.900"` to scale 2 is fine, `"39.905"` is not).
    pub fn to_scale(self, scale: u32) -> Result<i128, DecimalError> {
        if self.scale <= scale {
            let factor = pow10(scale - self.scale).ok_or(DecimalError::Overflow)?;
            self.mantissa
                .checked_mul(factor)
                .ok_or(DecimalError::Overflow)
        } else {
            let factor = pow10(self.scale - scale).ok_or(DecimalError::Overflow)?;
            if self.mantissa % factor != 0 {
                return Err(DecimalError::TooPrecise);
            }
            Ok(self.mantissa / factor)
        }
    }

    /// The same value with trailing fraction zeros removed (`2.500` → `2.5`, `3.0` → `3`).
    pub fn normalized(self) -> Decimal {
        let mut d = self;
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }

    /// True below zero.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }
}

impl Decimal {
    /// Appends the decimal as plain text (`-12.34`, `0.05`, `3`), as [`fmt::Display`] writes it,
    /// without `format!` (the builder writes every quantity this way).
    pub fn push_to(self, out: &mut String) {
        if self.mantissa < 0 {
            out.push('-');
        }
        let (buffer, start) = decimal_digits(self.mantissa.unsigned_abs());
        let digits = buffer.get(start..).unwrap_or_default();
        let scale = self.scale as usize;
        if digits.len() > scale {
            let (int_part, frac_part) = digits.split_at(digits.len() - scale);
            push_digits(out, int_part);
            if scale > 0 {
                out.push('.');
                push_digits(out, frac_part);
            }
        } else {
            // At least one integer digit, and the fraction padded: 5 at scale 2 is "0.05".
            out.push_str("0.");
            for _ in digits.len()..scale {
                out.push('0');
            }
            push_digits(out, digits);
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.push_to(&mut text);
        f.write_str(&text)
    }
}

/// The decimal digits of `value`, most significant first, in a stack buffer: `(buffer, start)`
/// with the digits in `buffer[start..]`. 39 digits hold any `u128`.
pub(crate) fn decimal_digits(value: u128) -> ([u8; 40], usize) {
    let mut buffer = [b'0'; 40];
    let mut start = buffer.len();
    let mut push = |digit: u8| {
        start -= 1;
        if let Some(slot) = buffer.get_mut(start) {
            *slot = b'0' + digit;
        }
    };
    // Amounts fit a u64, whose division is native (u128 division is a library call).
    match u64::try_from(value) {
        Ok(mut small) => loop {
            // Below 10, so the cast cannot truncate.
            push((small % 10) as u8);
            small /= 10;
            if small == 0 {
                break;
            }
        },
        Err(_) => {
            let mut large = value;
            loop {
                push((large % 10) as u8);
                large /= 10;
                if large == 0 {
                    break;
                }
            }
        }
    }
    (buffer, start)
}

/// Appends `value` in decimal, without `format!`.
pub(crate) fn push_uint(out: &mut String, value: u128) {
    let (buffer, start) = decimal_digits(value);
    push_digits(out, buffer.get(start..).unwrap_or_default());
}

/// Appends ASCII digits (from [`decimal_digits`]) as text, a char per byte: `from_utf8` would
/// validate what is known to be ASCII, which cost ~5 % of a render's instructions
/// (BENCHMARKS.md, "Digits without UTF-8 validation").
#[inline]
pub(crate) fn push_digits(out: &mut String, digits: &[u8]) {
    out.extend(digits.iter().map(|&digit| char::from(digit)));
}

/// `10^exp`, or `None` beyond i128.
pub fn pow10(exp: u32) -> Option<i128> {
    10i128.checked_pow(exp)
}

/// One body for [`round_div`] (i128) and `round_div_i64` (native arithmetic in wasm, where i128
/// multiplication and division are library calls): the rule must not differ between them.
macro_rules! round_div_fn {
    ($(#[$doc:meta])* $vis:vis fn $name:ident($int:ty)) => {
        $(#[$doc])*
        $vis fn $name(numerator: $int, denominator: $int) -> Option<$int> {
            if denominator == 0 {
                return None;
            }
            let (n, d) = if denominator < 0 {
                (numerator.checked_neg()?, denominator.checked_neg()?)
            } else {
                (numerator, denominator)
            };
            let quotient = n / d;
            let remainder = n % d;
            // |remainder| * 2 >= d means the fraction is at least one half: move away from zero.
            if remainder.unsigned_abs().checked_mul(2)? >= d.unsigned_abs() {
                Some(if n < 0 { quotient - 1 } else { quotient + 1 })
            } else {
                Some(quotient)
            }
        }
    };
}

round_div_fn!(
    /// `numerator / denominator` rounded half away from zero: the library's one rounding rule.
    /// Returns `None` for a zero denominator.
    pub fn round_div(i128)
);

round_div_fn!(
    /// [`round_div`] for i64. `None` for a zero denominator or where i64 overflows.
    fn round_div_i64(i64)
);

/// `round_div(a × b, denominator)`: in i64 when the product fits (amounts ≤ 2^53 times rates ≤
/// 10^4 or small quantities mostly do), in i128 otherwise. The same result either way.
pub fn round_mul_div(a: i64, b: i64, denominator: i64) -> Option<i128> {
    if let Some(quotient) = a
        .checked_mul(b)
        .and_then(|product| round_div_i64(product, denominator))
    {
        return Some(i128::from(quotient));
    }
    round_div(
        i128::from(a).checked_mul(i128::from(b))?,
        i128::from(denominator),
    )
}

/// An amount in minor units (øre, cent), range-checked against what the API and JS can hold.
pub fn checked_amount(value: i128) -> Option<i64> {
    if (-i128::from(MAX_SAFE_INTEGER)..=i128::from(MAX_SAFE_INTEGER)).contains(&value) {
        Some(value as i64)
    } else {
        None
    }
}

/// Parses a human decimal in major units (`"39.90"`) into minor units (3990) for a currency with
/// two decimals (NOK, DKK and EUR all have two). Exact or an error, never rounded.
pub fn parse_major_amount(text: &str) -> Result<i64, DecimalError> {
    let decimal = Decimal::parse(text)?;
    let minor = decimal.to_scale(MINOR_UNIT_DIGITS)?;
    checked_amount(minor).ok_or(DecimalError::Overflow)
}

/// Minor-unit digits of every currency the API knows (NOK, DKK, EUR).
pub const MINOR_UNIT_DIGITS: u32 = 2;

/// Parses a tax rate given in percent (`"25"`, `"25.5"`, `"12.00"`) into basis points.
pub fn parse_percent_rate(text: &str) -> Result<i64, DecimalError> {
    let decimal = Decimal::parse(text)?;
    if decimal.is_negative() {
        return Err(DecimalError::Negative);
    }
    let bp = decimal.to_scale(2)?;
    if bp > i128::from(MAX_TAX_RATE) {
        return Err(DecimalError::Overflow);
    }
    Ok(bp as i64)
}

/// A quantity: an exact non-negative decimal with at most 8 fraction digits, as the API's
/// `unitInfo.quantity` string carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity(Decimal);

/// The spec caps `quantity` at 10 characters.
pub const MAX_QUANTITY_CHARS: usize = 10;

impl Quantity {
    /// Parses a quantity: digits, optionally `.` and at most 8 decimals, not negative.
    pub fn parse(text: &str) -> Result<Quantity, DecimalError> {
        if let Some(plain) = Quantity::parse_plain(text) {
            return plain;
        }
        let decimal = Decimal::parse(text)?;
        if decimal.is_negative() || text.starts_with('-') {
            return Err(DecimalError::Negative);
        }
        Quantity::from_decimal(decimal)
    }

    /// The common case in one pass over the bytes: plain `digits[.digits]` of at most 18
    /// characters (so the digits fit a u64), with the result [`Quantity::parse`]'s general path
    /// gives. `None` for anything else (a sign, other characters, longer text): the general path
    /// decides those.
    fn parse_plain(text: &str) -> Option<Result<Quantity, DecimalError>> {
        if text.is_empty() || text.len() > 18 {
            return None;
        }
        let mut value: u64 = 0;
        // `value` up to the last significant digit: trailing fraction zeros are normalized away.
        let mut kept: u64 = 0;
        let mut scale: u32 = 0;
        let mut fraction_digits: u32 = 0;
        let mut in_fraction = false;
        for (index, byte) in text.bytes().enumerate() {
            match byte {
                b'0'..=b'9' => {
                    // At most 18 digits: below 10^18, so this cannot overflow.
                    value = value * 10 + u64::from(byte - b'0');
                    if !in_fraction {
                        kept = value;
                    } else {
                        fraction_digits += 1;
                        if byte != b'0' {
                            kept = value;
                            scale = fraction_digits;
                        }
                    }
                }
                b'.' if !in_fraction && index > 0 => in_fraction = true,
                _ => return None,
            }
        }
        if in_fraction && fraction_digits == 0 {
            return None;
        }
        if scale > MAX_QUANTITY_SCALE {
            return Some(Err(DecimalError::TooPrecise));
        }
        Some(Ok(Quantity(Decimal {
            mantissa: i128::from(kept),
            scale,
        })))
    }

    /// A quantity from a decimal, if it has at most 8 decimals and is not negative.
    pub fn from_decimal(decimal: Decimal) -> Result<Quantity, DecimalError> {
        if decimal.is_negative() {
            return Err(DecimalError::Negative);
        }
        let normalized = decimal.normalized();
        if normalized.scale > MAX_QUANTITY_SCALE {
            return Err(DecimalError::TooPrecise);
        }
        Ok(Quantity(normalized))
    }

    /// A whole number of units, as a JSON integer quantity means.
    pub fn from_integer(value: i64) -> Result<Quantity, DecimalError> {
        Quantity::from_decimal(Decimal {
            mantissa: i128::from(value),
            scale: 0,
        })
    }

    /// The quantity as a decimal.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// True for zero.
    pub fn is_zero(self) -> bool {
        self.0.mantissa == 0
    }

    /// The canonical API text (`"2.5"`, `"3"`), or `None` when it exceeds the spec's 10 characters.
    pub fn to_api_string(self) -> Option<String> {
        let mut text = String::new();
        self.0.push_to(&mut text);
        (text.len() <= MAX_QUANTITY_CHARS).then_some(text)
    }

    /// `round(unit_price × quantity)` in minor units, half away from zero.
    pub fn times(self, unit_price: i64) -> Option<i128> {
        // A quantity has at most 8 decimals, so 10^scale fits an i64.
        if let (Ok(mantissa), Some(one)) = (
            i64::try_from(self.0.mantissa),
            10i64.checked_pow(self.0.scale),
        ) {
            return round_mul_div(unit_price, mantissa, one);
        }
        let product = i128::from(unit_price).checked_mul(self.0.mantissa)?;
        round_div(product, pow10(self.0.scale)?)
    }
}

/// Renders minor units as a plain major-unit decimal (`-1234` → `"-12.34"`) for messages.
/// (Locale formatting for people is the preview's job.)
pub fn format_minor(amount: i64) -> String {
    let mut text = String::new();
    Decimal {
        mantissa: i128::from(amount),
        scale: MINOR_UNIT_DIGITS,
    }
    .push_to(&mut text);
    text
}

/// Renders basis points as percent (`2550` → `"25.5"`, `2500` → `"25"`).
pub fn format_rate(basis_points: i64) -> String {
    let mut text = String::new();
    Decimal {
        mantissa: i128::from(basis_points),
        scale: 2,
    }
    .normalized()
    .push_to(&mut text);
    text
}

/// The tax part of a tax-inclusive total at a rate: `total − round(total × 10000 / (10000 + rate))`.
/// Returns `(excluding_tax, tax)`; their sum is `total` exactly, by construction.
pub fn split_inclusive(total: i64, rate_bp: i64) -> Option<(i64, i64)> {
    let excluding = match rate_bp.checked_add(10_000) {
        Some(denominator) => round_mul_div(total, 10_000, denominator)?,
        None => round_div(i128::from(total) * 10_000, i128::from(rate_bp) + 10_000)?,
    };
    let excluding = checked_amount(excluding)?;
    Some((excluding, total.checked_sub(excluding)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_format_wrote_them() {
        // The `format!` version `push_to` replaced, as the reference.
        fn reference(d: Decimal) -> String {
            let sign = if d.mantissa < 0 { "-" } else { "" };
            let digits = d.mantissa.unsigned_abs().to_string();
            let scale = d.scale as usize;
            if scale == 0 {
                return format!("{sign}{digits}");
            }
            let padded = format!("{digits:0>width$}", width = scale + 1);
            let (int_part, frac_part) = padded.split_at(padded.len() - scale);
            format!("{sign}{int_part}.{frac_part}")
        }
        for mantissa in [
            0,
            1,
            -1,
            5,
            -5,
            9,
            10,
            99,
            100,
            12345,
            -12345,
            i128::MAX,
            i128::MIN,
        ] {
            for scale in [0, 1, 2, 3, 8, 40] {
                let d = Decimal { mantissa, scale };
                assert_eq!(d.to_string(), reference(d), "{mantissa} {scale}");
            }
        }
    }

    #[test]
    fn parses_decimals_exactly() {
        assert_eq!(parse_major_amount("39.90"), Ok(3990));
        assert_eq!(parse_major_amount("2239.20"), Ok(223920));
        assert_eq!(parse_major_amount("49"), Ok(4900));
        assert_eq!(parse_major_amount("0.1"), Ok(10));
        assert_eq!(parse_major_amount("39.900"), Ok(3990));
        assert_eq!(parse_major_amount("39.905"), Err(DecimalError::TooPrecise));
        assert_eq!(parse_major_amount("-5.00"), Ok(-500));
        for bad in [
            "", "-", ".", "1.", ".5", "1e3", "1,00", " 1", "1 ", "+1", "0x10", "NaN", "١",
        ] {
            assert_eq!(
                parse_major_amount(bad),
                Err(DecimalError::Syntax),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_major_amount("90071992547409.92"),
            Err(DecimalError::Overflow)
        );
        assert_eq!(
            parse_major_amount("90071992547409.91"),
            Ok(MAX_SAFE_INTEGER)
        );
        assert_eq!(
            parse_major_amount("99999999999999999999999999999999999"),
            Err(DecimalError::Overflow)
        );
        // Trailing zeros change nothing, however many there are.
        assert_eq!(
            parse_major_amount("1.0000000000000000000000000000000000000"),
            Ok(100)
        );
        assert_eq!(
            parse_percent_rate("25.000000000000000000000000000000"),
            Ok(2500)
        );
        assert_eq!(
            parse_major_amount("1.0000000000000000000000000000000000001"),
            Err(DecimalError::TooPrecise)
        );
    }

    #[test]
    fn percent_rates_become_basis_points() {
        assert_eq!(parse_percent_rate("25"), Ok(2500));
        assert_eq!(parse_percent_rate("25.5"), Ok(2550));
        assert_eq!(parse_percent_rate("0"), Ok(0));
        assert_eq!(parse_percent_rate("100"), Ok(10000));
        assert_eq!(parse_percent_rate("100.01"), Err(DecimalError::Overflow));
        assert_eq!(parse_percent_rate("25.555"), Err(DecimalError::TooPrecise));
        assert_eq!(parse_percent_rate("-1"), Err(DecimalError::Negative));
        assert_eq!(format_rate(2550), "25.5");
        assert_eq!(format_rate(2500), "25");
        assert_eq!(format_rate(1), "0.01");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_div(5, 2), Some(3));
        assert_eq!(round_div(-5, 2), Some(-3));
        assert_eq!(round_div(4, 3), Some(1));
        assert_eq!(round_div(-4, 3), Some(-1));
        assert_eq!(round_div(7, -2), Some(-4));
        assert_eq!(round_div(1, 0), None);
        assert_eq!(round_div(0, 7), Some(0));
    }

    #[test]
    fn quantities() {
        let q = Quantity::parse("2.500").unwrap();
        assert_eq!(q.to_api_string().as_deref(), Some("2.5"));
        assert_eq!(q.times(399), Some(998)); // 997.5 rounds away from zero
        assert_eq!(Quantity::parse("0.822").unwrap().times(15000), Some(12330));
        assert_eq!(
            Quantity::parse("1.123456789"),
            Err(DecimalError::TooPrecise)
        );
        assert_eq!(Quantity::parse("-1"), Err(DecimalError::Negative));
        assert_eq!(Quantity::parse("-0"), Err(DecimalError::Negative));
        assert_eq!(
            Quantity::parse("12345678901").unwrap().to_api_string(),
            None
        );
    }

    #[test]
    fn inclusive_split_keeps_the_identity() {
        assert_eq!(split_inclusive(1000, 2500), Some((800, 200)));
        assert_eq!(split_inclusive(399, 2500), Some((319, 80)));
        assert_eq!(split_inclusive(12550, 2550), Some((10000, 2550)));
        assert_eq!(split_inclusive(0, 2500), Some((0, 0)));
        assert_eq!(split_inclusive(100, 0), Some((100, 0)));
    }

    #[test]
    fn formats_minor_units() {
        assert_eq!(format_minor(3990), "39.90");
        assert_eq!(format_minor(-5), "-0.05");
        assert_eq!(format_minor(0), "0.00");
    }
}

#[cfg(test)]
mod fast_path_properties {
    //! The fast paths give the general paths' results, Ok and Err alike.
    use super::*;
    use proptest::prelude::*;

    /// `Quantity::parse` as it was before the byte-loop fast path: the reference.
    fn parse_general(text: &str) -> Result<Quantity, DecimalError> {
        let decimal = Decimal::parse(text)?;
        if decimal.is_negative() || text.starts_with('-') {
            return Err(DecimalError::Negative);
        }
        Quantity::from_decimal(decimal)
    }

    /// `Quantity::times` in i128 only: the reference.
    fn times_general(quantity: Quantity, unit_price: i64) -> Option<i128> {
        let product = i128::from(unit_price).checked_mul(quantity.0.mantissa)?;
        round_div(product, pow10(quantity.0.scale)?)
    }

    #[test]
    fn plain_quantities_parse_as_before_at_the_edges() {
        for text in [
            "0",
            "00",
            "007",
            "1",
            "1.0",
            "1.50",
            "00.50",
            "0.000",
            "2.500",
            "0.00000001",
            "0.000000010",
            "0.000000001",
            "1.123456789",
            "123456789012345678",
            "99999999.99999999",
            "1.",
            ".5",
            "1.2.3",
            "-0",
            "-1",
            "+1",
            "",
            "1e3",
            "١",
            "1234567890123456789",
        ] {
            assert_eq!(Quantity::parse(text), parse_general(text), "{text:?}");
        }
    }

    #[test]
    fn round_mul_div_matches_i128_on_a_small_grid() {
        // Every tie (an exact half) in a small range, both signs, both denominator signs.
        for a in -300i64..=300 {
            for b in -3i64..=3 {
                for denominator in -12i64..=12 {
                    let reference =
                        round_div(i128::from(a) * i128::from(b), i128::from(denominator));
                    assert_eq!(
                        round_mul_div(a, b, denominator),
                        reference,
                        "{a} {b} {denominator}"
                    );
                }
            }
        }
        assert_eq!(
            round_mul_div(i64::MIN, 1, -1),
            Some(i128::from(i64::MAX) + 1)
        );
        assert_eq!(
            round_mul_div(MAX_SAFE_INTEGER, MAX_TAX_RATE, 10_000),
            Some(i128::from(MAX_SAFE_INTEGER))
        );
    }

    proptest! {
        #[test]
        fn quantity_parse_matches_the_general_path(text in "[-+0-9.e ]{0,22}") {
            prop_assert_eq!(Quantity::parse(&text), parse_general(&text));
        }

        #[test]
        fn plain_quantity_parse_matches_the_general_path(
            text in "[0-9]{1,12}(\\.[0-9]{1,12})?",
        ) {
            prop_assert_eq!(Quantity::parse(&text), parse_general(&text));
        }

        #[test]
        fn any_text_parses_as_before(text in "\\PC{0,20}") {
            prop_assert_eq!(Quantity::parse(&text), parse_general(&text));
        }

        #[test]
        fn times_matches_i128(
            mantissa in prop_oneof![0i128..100_000, 0i128..=i128::from(i64::MAX), any::<i128>()],
            scale in 0u32..=8,
            unit_price in prop_oneof![-100_000i64..100_000, -MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER, any::<i64>()],
        ) {
            let quantity = Quantity(Decimal { mantissa, scale });
            prop_assert_eq!(quantity.times(unit_price), times_general(quantity, unit_price));
        }

        #[test]
        fn round_mul_div_matches_i128(
            a in prop_oneof![-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER, any::<i64>()],
            b in prop_oneof![0i64..=MAX_TAX_RATE, any::<i64>()],
            denominator in prop_oneof![Just(10_000i64), 1i64..=20_000, any::<i64>()],
        ) {
            let reference = round_div(i128::from(a) * i128::from(b), i128::from(denominator));
            prop_assert_eq!(round_mul_div(a, b, denominator), reference);
        }

        #[test]
        fn split_inclusive_matches_i128(
            total in prop_oneof![-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER, any::<i64>()],
            rate_bp in prop_oneof![0i64..=MAX_TAX_RATE, any::<i64>()],
        ) {
            let reference = round_div(i128::from(total) * 10_000, i128::from(rate_bp) + 10_000)
                .and_then(checked_amount)
                .and_then(|excluding| Some((excluding, total.checked_sub(excluding)?)));
            prop_assert_eq!(split_inclusive(total, rate_bp), reference);
        }
    }
}
