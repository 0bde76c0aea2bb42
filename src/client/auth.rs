//! The access-token cache, shared by every call of a client, including calls from concurrent
//! requests or tasks. A token is renewed a margin before it expires, and after a 401.
//!
//! Why no lock that callers await: in workerd a request may not wait on a promise that another
//! request's I/O settles (the waiting request hangs), and a tokio service shares one client
//! across tasks and threads. So the cache is plain data behind a [`Mutex`] that is never held
//! across an `await`; a renewal in flight is only a marker ("renewing since T"); and a call that
//! finds the marker waits with its *own* timer ([`Transport::sleep`](super::Transport::sleep)
//! in short growing steps), reading the cache after each step. Renewals stay single-flight:
//! most waiters get the one fetched token. A renewal that shows no sign of life for
//! [`TokenCache::claim`]'s `stale_after_ms` (its call was cancelled, or its request ended) is
//! taken over by the next waiter. A renewal that fails hands its error to the calls that waited
//! for it, so a failing token endpoint is not asked once per waiting call. The rules are in
//! docs/TOKENS.md.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::issue::Text;
use crate::json::{Arena, JsonValue, read_tree};

use super::error::ClientError;
use super::options::Secret;

/// The first wait of a call that finds a renewal in flight; each further wait doubles, up to
/// [`MAX_WAIT_STEP_MS`]. A token fetch takes tens to hundreds of milliseconds.
pub const FIRST_WAIT_STEP_MS: u64 = 10;
/// The longest single wait step (see [`FIRST_WAIT_STEP_MS`]).
pub const MAX_WAIT_STEP_MS: u64 = 100;

struct CachedToken {
    token: Secret,
    /// When to stop using it; `None`: until a 401.
    renew_at_ms: Option<u64>,
}

/// A renewal in flight: which one, and when it last showed a sign of life.
struct Renewal {
    ticket: u64,
    alive_at_ms: u64,
}

#[derive(Default)]
struct TokenState {
    cached: Option<CachedToken>,
    renewal: Option<Renewal>,
    /// The latest renewal that failed, with its error.
    failed: Option<(u64, ClientError)>,
    /// Tickets are numbered from 1 in the order renewals start.
    last_ticket: u64,
}

/// The cached token and the marker of a renewal in flight. `Sync`: share the client freely.
pub struct TokenCache {
    state: Mutex<TokenState>,
    margin_ms: u64,
}

/// What a call that needs a token does next ([`TokenCache::claim`]).
pub enum Claim<'a> {
    /// Use this token.
    Fresh(Secret),
    /// Fetch a token and hand it to the ticket (this call is the renewal now).
    Renew(RenewalTicket<'a>),
    /// Another call is renewing: sleep a step and claim again, passing the ticket waited for.
    Wait(u64),
    /// The renewal this call waited for failed with this error.
    Failed(ClientError),
}

/// The right and duty to renew. Dropping it without [`RenewalTicket::store`] or
/// [`RenewalTicket::fail`] (a cancelled call) ends the renewal, so waiters take over at once.
pub struct RenewalTicket<'a> {
    cache: &'a TokenCache,
    ticket: u64,
}

impl TokenCache {
    /// An empty cache whose tokens are renewed `margin_ms` before they expire.
    pub fn new(margin_ms: u64) -> TokenCache {
        TokenCache {
            state: Mutex::new(TokenState::default()),
            margin_ms,
        }
    }

    /// Nothing panics while the lock is held, but a poisoned lock must not become a panic here.
    fn state(&self) -> MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached token, if there is one not yet due for renewal at `now_ms`.
    pub fn fresh(&self, now_ms: u64) -> Option<Secret> {
        fresh_in(&self.state(), now_ms)
    }

    /// Decides, at `now_ms`, what a call that needs a token does: use the cached one, wait for
    /// the renewal in flight, or renew itself. `waited_for` is the ticket of the renewal this
    /// call has been waiting for (from [`Claim::Wait`]), `None` on the first claim. A renewal
    /// silent for `stale_after_ms` or more is taken over.
    pub fn claim(&self, now_ms: u64, stale_after_ms: u64, waited_for: Option<u64>) -> Claim<'_> {
        let mut state = self.state();
        if let Some(token) = fresh_in(&state, now_ms) {
            return Claim::Fresh(token);
        }
        if let (Some(waited), Some((failed, error))) = (waited_for, &state.failed) {
            if *failed >= waited {
                return Claim::Failed(error.clone());
            }
        }
        if let Some(renewal) = &state.renewal {
            if now_ms < renewal.alive_at_ms.saturating_add(stale_after_ms) {
                return Claim::Wait(waited_for.unwrap_or(renewal.ticket));
            }
        }
        state.last_ticket += 1;
        let ticket = state.last_ticket;
        state.renewal = Some(Renewal {
            ticket,
            alive_at_ms: now_ms,
        });
        Claim::Renew(RenewalTicket {
            cache: self,
            ticket,
        })
    }

    /// Forgets the token the API just refused, unless it was already replaced (by a concurrent
    /// call's refresh), so two 401s with the same old token cause one refresh, not two.
    pub fn invalidate(&self, refused: &Secret) {
        let mut state = self.state();
        if state.cached.as_ref().is_some_and(|c| &c.token == refused) {
            state.cached = None;
        }
    }
}

fn fresh_in(state: &TokenState, now_ms: u64) -> Option<Secret> {
    let cached = state.cached.as_ref()?;
    match cached.renew_at_ms {
        Some(at) if now_ms >= at => None,
        _ => Some(cached.token.clone()),
    }
}

impl RenewalTicket<'_> {
    /// Marks the renewal alive at `now_ms` (a new attempt starts), so waiters keep waiting.
    pub fn alive(&self, now_ms: u64) {
        let mut state = self.cache.state();
        if let Some(renewal) = state.renewal.as_mut().filter(|r| r.ticket == self.ticket) {
            renewal.alive_at_ms = renewal.alive_at_ms.max(now_ms);
        }
    }

    /// Caches `token`, valid for `expires_in_ms` from `now_ms`, and ends the renewal. It is
    /// renewed `margin_ms` early, but never more than halfway through its life (a 60 s margin
    /// on a 60 s token would mean fetching a token for every call).
    pub fn store(self, token: Secret, expires_in_ms: Option<u64>, now_ms: u64) {
        let margin_ms = self.cache.margin_ms;
        let renew_at_ms = expires_in_ms.map(|life| {
            let margin = margin_ms.min(life / 2);
            now_ms.saturating_add(life - margin)
        });
        self.cache.state().cached = Some(CachedToken { token, renew_at_ms });
        // `self` drops here and ends the renewal.
    }

    /// Ends the renewal with `error`, which the calls that waited for it get too.
    pub fn fail(self, error: &ClientError) {
        self.cache.state().failed = Some((self.ticket, error.clone()));
    }
}

impl Drop for RenewalTicket<'_> {
    fn drop(&mut self) {
        let mut state = self.cache.state();
        if state
            .renewal
            .as_ref()
            .is_some_and(|r| r.ticket == self.ticket)
        {
            state.renewal = None;
        }
    }
}

/// Reads `POST /accesstoken/get`'s answer: `access_token`, and `expires_in` (seconds, a string
/// in the real API, a number accepted too) or else `expires_on` (Unix seconds). Returns the
/// token and its lifetime in ms. The error text never quotes the body (it holds the token).
pub fn parse_token_response(body: &str, now_ms: u64) -> Result<(Secret, Option<u64>), String> {
    let arena = Arena::new();
    let parsed =
        read_tree(&arena, body).map_err(|_| "the access token response is not JSON".to_owned())?;
    let JsonValue::Object(object) = &parsed.value else {
        return Err("the access token response has no 'access_token' string".to_owned());
    };
    let token = object
        .get("access_token")
        .and_then(JsonValue::as_str)
        .ok_or_else(|| "the access token response has no 'access_token' string".to_owned())?;
    if !super::options::is_header_safe(token) {
        return Err(
            "the access token in the response is empty or not printable ASCII, so it cannot be sent"
                .to_owned(),
        );
    }
    let seconds = |key: &str| -> Result<Option<u64>, String> {
        let whole = match object.get(key) {
            None | Some(JsonValue::Null) => return Ok(None),
            Some(JsonValue::Number(n)) => n.as_u64(),
            Some(JsonValue::String(s)) => s.trim().parse::<u64>().ok(),
            Some(_) => {
                return Err(Text::new()
                    .str("'")
                    .str(key)
                    .str("' in the access token response has the wrong type")
                    .done());
            }
        };
        whole.map(Some).ok_or_else(|| {
            Text::new()
                .str("'")
                .str(key)
                .str("' in the access token response is not a whole number of seconds")
                .done()
        })
    };
    let expires_in_ms = match seconds("expires_in")? {
        Some(s) => Some(s.saturating_mul(1000)),
        None => seconds("expires_on")?.map(|at| at.saturating_mul(1000).saturating_sub(now_ms)),
    };
    Ok((Secret::new(token), expires_in_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_response_with_strings_numbers_or_expires_on() {
        let (token, life) =
            parse_token_response(r#"{"access_token":"abc","expires_in":"3600"}"#, 0).unwrap();
        assert_eq!((token.expose(), life), ("abc", Some(3_600_000)));
        let (_, life) = parse_token_response(r#"{"access_token":"a","expires_in":60}"#, 0).unwrap();
        assert_eq!(life, Some(60_000));
        let (_, life) =
            parse_token_response(r#"{"access_token":"a","expires_on":"1000"}"#, 400_000).unwrap();
        assert_eq!(life, Some(600_000));
        let (_, life) = parse_token_response(r#"{"access_token":"a"}"#, 0).unwrap();
        assert_eq!(life, None);
        for bad in [
            r#"{"access_token":"tok-secret","expires_in":"soon"}"#,
            r#"{"access_token":"tok-secret\nX","expires_in":"60"}"#,
            r#"{"access_token":"tok-secret€","expires_in":"60"}"#,
            r#"{"access_token":"","expires_in":"60"}"#,
            r#"{"access_token":"tok-secret","expires_in":-5}"#,
            r#"{"token":"tok-secret"}"#,
            r#"{"access_token":"tok-secret""#,
        ] {
            let message = parse_token_response(bad, 0).unwrap_err();
            assert!(!message.contains("tok-secret"), "{message}");
        }
    }

    fn renew(cache: &TokenCache, now_ms: u64) -> RenewalTicket<'_> {
        match cache.claim(now_ms, 1_000, None) {
            Claim::Renew(ticket) => ticket,
            _ => panic!("expected to renew"),
        }
    }

    #[test]
    fn renewal_margin_is_at_most_half_the_lifetime() {
        let cache = TokenCache::new(60_000);
        renew(&cache, 1_000).store(Secret::new("t"), Some(3_600_000), 1_000);
        assert!(cache.fresh(1_000 + 3_540_000 - 1).is_some());
        assert!(cache.fresh(1_000 + 3_540_000).is_none());
        let cache = TokenCache::new(60_000);
        renew(&cache, 0).store(Secret::new("t"), Some(10_000), 0);
        assert!(cache.fresh(4_999).is_some());
        assert!(cache.fresh(5_000).is_none());
    }

    #[test]
    fn invalidate_only_forgets_the_refused_token() {
        let cache = TokenCache::new(0);
        renew(&cache, 0).store(Secret::new("new"), None, 0);
        cache.invalidate(&Secret::new("old"));
        assert!(cache.fresh(0).is_some());
        cache.invalidate(&Secret::new("new"));
        assert!(cache.fresh(0).is_none());
    }

    #[test]
    fn one_renewal_at_a_time_and_waiters_get_its_token() {
        let cache = TokenCache::new(0);
        let ticket = renew(&cache, 0);
        assert!(matches!(cache.claim(5, 1_000, None), Claim::Wait(1)));
        assert!(matches!(cache.claim(10, 1_000, Some(1)), Claim::Wait(1)));
        ticket.store(Secret::new("t1"), None, 20);
        assert!(matches!(cache.claim(30, 1_000, Some(1)), Claim::Fresh(t) if t.expose() == "t1"));
    }

    #[test]
    fn a_dropped_renewal_ends_at_once() {
        let cache = TokenCache::new(0);
        drop(renew(&cache, 0));
        // The next caller renews (ticket 2) without waiting out the staleness bound.
        assert!(matches!(cache.claim(1, 1_000, Some(1)), Claim::Renew(t) if t.ticket == 2));
    }

    #[test]
    fn a_silent_renewal_is_taken_over_and_signs_of_life_extend_it() {
        let cache = TokenCache::new(0);
        let first = renew(&cache, 0);
        assert!(matches!(cache.claim(999, 1_000, None), Claim::Wait(1)));
        first.alive(500);
        assert!(matches!(cache.claim(1_499, 1_000, None), Claim::Wait(1)));
        let second = match cache.claim(1_500, 1_000, Some(1)) {
            Claim::Renew(ticket) => ticket,
            _ => panic!("a silent renewal must be taken over"),
        };
        assert_eq!(second.ticket, 2);
        // The first one ending late neither ends the second nor loses its token.
        first.store(Secret::new("late"), None, 2_000);
        assert!(matches!(cache.claim(2_000, 1_000, None), Claim::Fresh(t) if t.expose() == "late"));
        cache.invalidate(&Secret::new("late"));
        assert!(matches!(cache.claim(2_001, 1_000, None), Claim::Wait(2)));
        drop(second);
    }

    #[test]
    fn a_failed_renewal_fails_its_waiters_only() {
        let cache = TokenCache::new(0);
        let ticket = renew(&cache, 0);
        assert!(matches!(cache.claim(1, 1_000, None), Claim::Wait(1)));
        ticket.fail(&ClientError::new(
            super::super::ErrorCode::ServerError,
            "token endpoint down",
        ));
        assert!(
            matches!(cache.claim(2, 1_000, Some(1)), Claim::Failed(e) if e.message == "token endpoint down")
        );
        // A call that did not wait for it tries afresh.
        assert!(matches!(cache.claim(3, 1_000, None), Claim::Renew(t) if t.ticket == 2));
    }

    #[test]
    fn the_cache_is_shareable_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<TokenCache>();
        send_sync::<RenewalTicket<'static>>();
    }
}
