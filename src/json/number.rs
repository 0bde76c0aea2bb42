//! A JSON number, read and written exactly as serde_json 1.0 reads and writes it (without its
//! `arbitrary_precision` and `float_roundtrip` features), so messages quote a number as they did
//! when serde_json read the text, without serde_json's parser and `core::fmt` in the module
//! (issue 9, point 3; BENCHMARKS.md, "Numbers without serde_json"). [`read`] follows serde_json's
//! `de.rs` (`parse_integer` … `f64_from_parts`), quirks included: a float is `significand ×
//! 10^exponent` as the product (or quotient) of two floats, not a correctly rounded parse, and
//! digits that would take the significand past `u64::MAX` (the 20th, or the 21st) are dropped. It is the one number reader: the tree reader calls it for every
//! number but short plain integers, and `json::syntax` for every number, to name a refused one
//! where serde_json names it. Tests compare values, texts and refusals with serde_json itself.
//!
//! No number is ever an amount through here: amounts are integers (`as_i64`); a float is only
//! told apart (a fraction, or too large) and quoted in a message.

use std::sync::OnceLock;

use super::syntax::Reason;

/// A JSON number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// An integer within `i64`.
    Integer(i64),
    /// An integer above `i64::MAX`, up to `u64::MAX`.
    LargeInteger(u64),
    /// Anything else, as serde_json reads it: a fraction, an exponent, `-0`, an integer beyond
    /// 64 bits. Finite when read from text.
    Float(f64),
}

impl Number {
    /// The integer, when it fits an `i64`.
    #[inline]
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Integer(integer) => Some(integer),
            _ => None,
        }
    }

    /// The integer, when it is one and not negative.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Number::Integer(integer) => u64::try_from(integer).ok(),
            Number::LargeInteger(integer) => Some(integer),
            Number::Float(_) => None,
        }
    }

    /// True for an integer (within 64 bits, either sign), as serde_json's
    /// `is_i64() || is_u64()`.
    pub fn is_integer(self) -> bool {
        !matches!(self, Number::Float(_))
    }

    /// The float, when the number is one (never an integer converted).
    pub fn as_float(self) -> Option<f64> {
        match self {
            Number::Float(float) => Some(float),
            _ => None,
        }
    }

    /// Appends the number as serde_json writes it (its `Display`): integers in decimal, floats
    /// in the shortest text that reads back the same (`39.9`, `1e+20`, `-0.0`).
    pub fn push_to(self, out: &mut String) {
        match self {
            Number::Integer(integer) => {
                if integer < 0 {
                    out.push('-');
                }
                crate::money::push_uint(out, u128::from(integer.unsigned_abs()));
            }
            Number::LargeInteger(integer) => crate::money::push_uint(out, u128::from(integer)),
            Number::Float(float) => out.push_str(zmij::Buffer::new().format(float)),
        }
    }

    /// The number as text ([`Number::push_to`]).
    pub fn text(self) -> String {
        let mut out = String::new();
        self.push_to(&mut out);
        out
    }

    /// The number of a `serde_json::Value` (for validating one; [`crate::json::JsonValue::from_serde`]).
    pub fn from_serde(number: &serde_json::Number) -> Number {
        if let Some(integer) = number.as_i64() {
            Number::Integer(integer)
        } else if let Some(integer) = number.as_u64() {
            Number::LargeInteger(integer)
        } else {
            Number::Float(number.as_f64().unwrap_or(f64::NAN))
        }
    }

    /// As a `serde_json::Number`; `None` for a float that is not finite (never read from text),
    /// which serde_json has no number for.
    pub fn to_serde(self) -> Option<serde_json::Number> {
        match self {
            Number::Integer(integer) => Some(integer.into()),
            Number::LargeInteger(integer) => Some(integer.into()),
            Number::Float(float) => serde_json::Number::from_f64(float),
        }
    }
}

/// Why a number was refused (`InvalidNumber`, `EofWhileParsingValue`, `NumberOutOfRange`) and the
/// byte offset `json::syntax` places the error at.
pub(super) type Refused = (Reason, usize);

/// Reads the number at `*at` in `input` (from its sign or first digit) as serde_json's
/// deserializer reads it, moving `*at` past what it read. A refusal is placed as serde_json
/// places it: after the byte last read, or at the byte looked at.
pub(super) fn read(input: &[u8], at: &mut usize) -> Result<Number, Refused> {
    let mut scan = Scan {
        input,
        at: *at,
        positive: true,
    };
    let read = scan.number();
    *at = scan.at;
    read
}

struct Scan<'t> {
    input: &'t [u8],
    at: usize,
    positive: bool,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn digit(&self) -> Option<u64> {
        match self.peek() {
            Some(digit @ b'0'..=b'9') => Some(u64::from(digit - b'0')),
            _ => None,
        }
    }

    fn skip_digits(&mut self) {
        while self.digit().is_some() {
            self.at += 1;
        }
    }

    /// Refused after the byte last read.
    fn error(&self, reason: Reason) -> Refused {
        (reason, self.at)
    }

    /// Refused at the byte looked at.
    fn peek_error(&self, reason: Reason) -> Refused {
        (reason, self.input.len().min(self.at + 1))
    }

    fn number(&mut self) -> Result<Number, Refused> {
        if self.peek() == Some(b'-') {
            self.positive = false;
            self.at += 1;
        }
        let first = self.peek();
        self.at += usize::from(first.is_some());
        let significand = match first {
            None => return Err(self.error(Reason::EofWhileParsingValue)),
            // One leading zero only.
            Some(b'0') if self.digit().is_some() => {
                return Err(self.peek_error(Reason::InvalidNumber));
            }
            Some(b'0') => 0,
            Some(first @ b'1'..=b'9') => {
                let mut significand = u64::from(first - b'0');
                while let Some(digit) = self.digit() {
                    if overflows_u64(significand, digit) {
                        return self.long_integer(significand).map(Number::Float);
                    }
                    self.at += 1;
                    significand = significand * 10 + digit;
                }
                significand
            }
            Some(_) => return Err(self.error(Reason::InvalidNumber)),
        };
        match self.peek() {
            Some(b'.') => self.decimal(significand, 0).map(Number::Float),
            Some(b'e' | b'E') => self.exponent(significand, 0).map(Number::Float),
            _ if self.positive => Ok(match i64::try_from(significand) {
                Ok(integer) => Number::Integer(integer),
                Err(_) => Number::LargeInteger(significand),
            }),
            _ => {
                // serde_json: a float on `-0` and below `i64::MIN`.
                let negated = (significand as i64).wrapping_neg();
                Ok(if negated >= 0 {
                    Number::Float(-(significand as f64))
                } else {
                    Number::Integer(negated)
                })
            }
        }
    }

    /// An integer part whose next digit would pass `u64::MAX`: the rest only counts in the
    /// exponent.
    fn long_integer(&mut self, significand: u64) -> Result<f64, Refused> {
        let mut exponent: i32 = 0;
        while self.digit().is_some() {
            self.at += 1;
            exponent = exponent.wrapping_add(1);
        }
        match self.peek() {
            Some(b'.') => self.decimal(significand, exponent),
            Some(b'e' | b'E') => self.exponent(significand, exponent),
            _ => self.in_range(significand, exponent),
        }
    }

    /// At `.`: fraction digits join the significand until it would pass `u64::MAX`; the rest
    /// are dropped.
    fn decimal(
        &mut self,
        mut significand: u64,
        exponent_before_point: i32,
    ) -> Result<f64, Refused> {
        self.at += 1;
        let mut exponent_after_point: i32 = 0;
        while let Some(digit) = self.digit() {
            if overflows_u64(significand, digit) {
                self.skip_digits();
                let exponent = exponent_before_point.wrapping_add(exponent_after_point);
                return match self.peek() {
                    Some(b'e' | b'E') => self.exponent(significand, exponent),
                    _ => self.in_range(significand, exponent),
                };
            }
            self.at += 1;
            significand = significand * 10 + digit;
            exponent_after_point = exponent_after_point.wrapping_sub(1);
        }
        if exponent_after_point == 0 {
            return Err(match self.peek() {
                Some(_) => self.peek_error(Reason::InvalidNumber),
                None => self.peek_error(Reason::EofWhileParsingValue),
            });
        }
        let exponent = exponent_before_point.wrapping_add(exponent_after_point);
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(significand, exponent),
            _ => self.in_range(significand, exponent),
        }
    }

    /// At `e` or `E`.
    fn exponent(&mut self, significand: u64, starting: i32) -> Result<f64, Refused> {
        self.at += 1;
        let positive_exponent = match self.peek() {
            Some(b'+') => {
                self.at += 1;
                true
            }
            Some(b'-') => {
                self.at += 1;
                false
            }
            _ => true,
        };
        let first = self.peek();
        self.at += usize::from(first.is_some());
        let mut exponent = match first {
            None => return Err(self.error(Reason::EofWhileParsingValue)),
            Some(digit @ b'0'..=b'9') => i32::from(digit - b'0'),
            Some(_) => return Err(self.error(Reason::InvalidNumber)),
        };
        while let Some(digit) = self.digit() {
            self.at += 1;
            // `digit` < 10, so it fits.
            let digit = digit as i32;
            if exponent >= i32::MAX / 10 && (exponent > i32::MAX / 10 || digit > i32::MAX % 10) {
                // An exponent beyond i32: zero, or infinity, which is refused.
                if significand != 0 && positive_exponent {
                    return Err(self.error(Reason::NumberOutOfRange));
                }
                self.skip_digits();
                return Ok(if self.positive { 0.0 } else { -0.0 });
            }
            exponent = exponent * 10 + digit;
        }
        let exponent = if positive_exponent {
            starting.saturating_add(exponent)
        } else {
            starting.saturating_sub(exponent)
        };
        self.in_range(significand, exponent)
    }

    fn in_range(&self, significand: u64, exponent: i32) -> Result<f64, Refused> {
        from_parts(self.positive, significand, exponent).ok_or(self.error(Reason::NumberOutOfRange))
    }
}

/// Whether `significand * 10 + digit` would pass `u64::MAX` (serde_json's test).
fn overflows_u64(significand: u64, digit: u64) -> bool {
    significand >= u64::MAX / 10 && (significand > u64::MAX / 10 || digit > u64::MAX % 10)
}

/// serde_json's `f64_from_parts`: `significand × 10^exponent` as a product (or quotient) of two
/// floats, with powers beyond 10^308 divided out in steps; `None` when it overflows.
fn from_parts(positive: bool, significand: u64, mut exponent: i32) -> Option<f64> {
    let mut float = significand as f64;
    loop {
        match power_of_ten(exponent.unsigned_abs()) {
            Some(power) => {
                if exponent >= 0 {
                    float *= power;
                    if float.is_infinite() {
                        return None;
                    }
                } else {
                    float /= power;
                }
                break;
            }
            None => {
                if float == 0.0 {
                    break;
                }
                if exponent >= 0 {
                    return None;
                }
                float /= 1e308;
                exponent += 308;
            }
        }
    }
    Some(if positive { float } else { -float })
}

/// `10^exponent` rounded to the nearest 64-bit float (the literal `1e<exponent>` of serde_json's
/// table), for exponents up to 308; `None` beyond. The 309 powers are computed once, when the
/// first fraction, exponent or integer beyond `u64` is read (only those come here, never a valid
/// amount), rather than kept in the module as 2.5 KB of floats; after that each is a lookup, so text full of `1e300`
/// costs no more per number than serde_json's table did.
fn power_of_ten(exponent: u32) -> Option<f64> {
    static POWERS: OnceLock<[f64; 309]> = OnceLock::new();
    let index = usize::try_from(exponent).ok()?;
    POWERS.get_or_init(powers_of_ten).get(index).copied()
}

/// 10^e for e = 0..=308, each rounded to nearest: 10^e = 5^e · 2^e, with 5^e kept exactly in
/// 32-bit limbs (multiplied by 5 from one power to the next), rounded to 53 bits (to even on a
/// tie) and scaled by the power of two. No allocation.
fn powers_of_ten() -> [f64; 309] {
    let mut powers = [0.0; 309];
    // 5^308 < 2^716: 23 limbs, least significant first.
    let mut limbs = [0u32; 23];
    limbs[0] = 1;
    let mut len = 1;
    for (exponent, power) in powers.iter_mut().enumerate() {
        if exponent > 0 {
            let mut carry = 0u64;
            for limb in limbs.iter_mut().take(len) {
                let product = u64::from(*limb) * 5 + carry;
                *limb = product as u32;
                carry = product >> 32;
            }
            if let (true, Some(limb)) = (carry != 0, limbs.get_mut(len)) {
                *limb = carry as u32;
                len += 1;
            }
        }
        *power = rounded(limbs.get(..len).unwrap_or_default(), exponent);
    }
    powers
}

/// `value × 2^exponent` as the nearest float, `value` given in limbs (least significant first,
/// the last one not zero) and below 2^1023 (so the scale stays inside the float range).
fn rounded(limbs: &[u32], exponent: usize) -> f64 {
    let top = limbs.last().copied().unwrap_or(1);
    let bits = limbs.len().saturating_sub(1) * 32 + (32 - top.leading_zeros() as usize);
    let bit = |at: usize| {
        limbs
            .get(at / 32)
            .is_some_and(|limb| limb >> (at % 32) & 1 == 1)
    };
    let shift = bits.saturating_sub(53);
    let mut mantissa = (shift..bits)
        .rev()
        .fold(0u64, |m, at| m << 1 | u64::from(bit(at)));
    if shift > 0 {
        let half = bit(shift - 1);
        let below_half = (0..shift - 1).any(bit);
        if half && (below_half || mantissa & 1 == 1) {
            mantissa += 1;
        }
    }
    // mantissa ≤ 2^53 is exact as a float; the scale is a power of two well inside the range.
    let scale = f64::from_bits(((shift + exponent + 1023) as u64) << 52);
    mantissa as f64 * scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// serde_json's reading of `text`, as our type; `None` when it refuses it.
    fn serde_jsons(text: &str) -> Option<Number> {
        text.parse::<serde_json::Number>()
            .ok()
            .map(|number| Number::from_serde(&number))
    }

    /// The number `text` is, as one whole JSON text; `None` when it is not one.
    fn ours(text: &str) -> Option<Number> {
        let mut at = 0;
        read(text.as_bytes(), &mut at)
            .ok()
            .filter(|_| at == text.len())
    }

    /// Same value (bit for bit, so `-0.0` ≠ `0.0`) and same text as serde_json's.
    fn agrees(text: &str) {
        let ours = ours(text);
        let theirs = serde_jsons(text);
        let bits = |n: Option<Number>| {
            n.map(|n| match n {
                Number::Float(float) => (2, float.to_bits()),
                Number::Integer(integer) => (0, integer as u64),
                Number::LargeInteger(integer) => (1, integer),
            })
        };
        assert_eq!(bits(ours), bits(theirs), "{text}");
        if let (Some(ours), Ok(theirs)) = (ours, text.parse::<serde_json::Number>()) {
            assert_eq!(ours.text(), theirs.to_string(), "{text}");
        }
    }

    #[test]
    fn reads_and_writes_numbers_as_serde_json_does() {
        for text in [
            "0",
            "-0",
            "-0.0",
            "0.0",
            "1",
            "-1",
            "39.9",
            "0.25",
            "25.5",
            "1e20",
            "1E+2",
            "1e-7",
            "-1e-7",
            "2.5e3",
            "9007199254740992",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "18446744073709551616.0",
            "184467440737095516159",
            "123456789012345678901234567890",
            "0.1234567890123456789012345",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "0e999999999999",
            "1e999999999999",
            "1e-999999999999",
            "-1e-999999999999",
            "-0e999999999999",
            "-1e-400",
            "4.9e-324",
            "1e-330",
            "123.456e-310",
            "10000000000000000000000e-30",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn powers_of_ten_equal_the_parsed_literals() {
        for exponent in 0..=308u32 {
            let literal: f64 = format!("1e{exponent}").parse().unwrap();
            assert_eq!(power_of_ten(exponent), Some(literal), "1e{exponent}");
        }
        assert_eq!(power_of_ten(309), None);
    }

    #[test]
    fn converts_to_and_from_serde_json() {
        for text in ["0", "-5", "18446744073709551615", "39.9", "-0"] {
            let theirs: serde_json::Number = text.parse().unwrap();
            assert_eq!(
                Number::from_serde(&theirs).to_serde(),
                Some(theirs),
                "{text}"
            );
        }
        assert_eq!(Number::Float(f64::NAN).to_serde(), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn any_number_text(text in "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,25})?([eE][+-]?[0-9]{1,4})?") {
            agrees(&text);
        }

        #[test]
        fn any_float(float in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
            let text = serde_json::Number::from_f64(float).unwrap().to_string();
            agrees(&text);
        }
    }
}
