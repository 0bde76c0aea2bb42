//! When to retry and how long to wait: exponential backoff with full jitter, and `Retry-After`.
//!
//! Retried: no answer (network error, timeout), 429, 500, 502, 503, 504. Never retried: every
//! other status (a 400/403/404/409 will not change by asking again). Every write carries an
//! `Idempotency-Key`, and receipts are checked by reading them back, so a retry of a write whose
//! response was lost cannot apply it twice.

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (0 counts as 1).
    pub max_attempts: u32,
    /// The backoff before the second attempt is up to this; it doubles for each further one.
    pub base_delay_ms: u64,
    /// No wait is longer. A `Retry-After` longer than this is not waited for: the call fails
    /// with `rate_limited`/`server_error` and `retry_after_ms`, and the caller decides.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 500,
            max_delay_ms: 10_000,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_attempts: 1,
        base_delay_ms: 0,
        max_delay_ms: 0,
    };

    /// Attempts in all: `max_attempts`, at least 1.
    pub fn attempts(&self) -> u32 {
        self.max_attempts.max(1)
    }

    /// The upper bound of the wait after failed attempt number `failed_attempt` (1-based):
    /// `min(max_delay, base_delay × 2^(failed_attempt − 1))`.
    pub fn backoff_cap_ms(&self, failed_attempt: u32) -> u64 {
        let doublings = failed_attempt.saturating_sub(1).min(63);
        self.base_delay_ms
            .saturating_mul(1u64 << doublings)
            .min(self.max_delay_ms)
    }

    /// Full jitter: a uniform pick from `0..=backoff_cap_ms(failed_attempt)` using `random`.
    pub fn backoff_ms(&self, failed_attempt: u32, random: u32) -> u64 {
        let cap = self.backoff_cap_ms(failed_attempt);
        // (cap + 1) × random / 2^32 is in 0..=cap and needs no floating point.
        let scaled = u128::from(cap) + 1;
        ((scaled * u128::from(random)) >> 32) as u64
    }
}

/// Statuses worth asking again.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// A `Retry-After` value as milliseconds from `now_ms`: delay-seconds (`"120"`) or an
/// IMF-fixdate (`"Wed, 21 Oct 2015 07:28:00 GMT"`); a date in the past is 0. `None` if unreadable.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse::<u64>().ok()?.saturating_mul(1000));
    }
    let at_ms = parse_imf_fixdate(value)?.checked_mul(1000)?;
    Some(at_ms.saturating_sub(now_ms))
}

/// Seconds since the Unix epoch for `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_imf_fixdate(text: &str) -> Option<u64> {
    let mut parts = text.split(' ').filter(|p| !p.is_empty());
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: u64 = clock.next()?.parse().ok()?;
    let minute: u64 = clock.next()?.parse().ok()?;
    let second: u64 = clock.next()?.parse().ok()?;
    if parts.next()? != "GMT"
        || parts.next().is_some()
        || clock.next().is_some()
        || !(1970..=9999).contains(&year)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days from 1970-01-01 to the given date (Howard Hinnant's algorithm, years ≥ 1970).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitters_fully() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay_ms: 100,
            max_delay_ms: 1000,
        };
        let caps: Vec<u64> = (1..=6).map(|n| policy.backoff_cap_ms(n)).collect();
        assert_eq!(caps, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy.backoff_ms(3, 0), 0);
        assert_eq!(policy.backoff_ms(3, u32::MAX), 400);
        assert_eq!(policy.backoff_ms(3, 1 << 31), 200);
        assert_eq!(
            policy.backoff_cap_ms(200),
            1000,
            "no overflow for late attempts"
        );
        let huge = RetryPolicy {
            max_attempts: 3,
            base_delay_ms: u64::MAX,
            max_delay_ms: u64::MAX,
        };
        assert_eq!(huge.backoff_ms(5, u32::MAX), u64::MAX - u64::from(u32::MAX));
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        assert_eq!(parse_retry_after("120", 0), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_retry_after(date, 784_111_770_000), Some(7_000));
        assert_eq!(parse_retry_after(date, 784_111_790_000), Some(0));
        assert_eq!(
            parse_imf_fixdate("Thu, 29 Feb 2024 00:00:00 GMT"),
            Some(1_709_164_800)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Foo 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad:?}");
        }
    }

    #[test]
    fn retryable_statuses() {
        let retried: Vec<u16> = (100..600).filter(|s| is_retryable_status(*s)).collect();
        assert_eq!(retried, [429, 500, 502, 503, 504]);
    }
}
