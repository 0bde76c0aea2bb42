//! The access-token cache. One token is shared by all calls of a client; it is renewed a margin
//! before it expires, and after a 401. Renewals are single-flight without threads: fetching
//! happens under an [`AsyncLock`], and whoever gets the lock first checks the cache again, so
//! calls that waited for a refresh in progress use its token instead of fetching another.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use serde_json::Value;

use super::options::Secret;

/// A mutual-exclusion lock for futures on one thread (no `Send`, no runtime). Dropping the
/// guard, or a waiting future, never leaves it stuck: unlocking wakes every waiter, and each
/// one polls again for the lock.
#[derive(Default)]
pub struct AsyncLock {
    locked: Cell<bool>,
    waiters: RefCell<Vec<Waker>>,
}

impl AsyncLock {
    pub fn lock(&self) -> Lock<'_> {
        Lock { lock: self }
    }
}

/// The future of [`AsyncLock::lock`].
pub struct Lock<'a> {
    lock: &'a AsyncLock,
}

impl<'a> Future for Lock<'a> {
    type Output = LockGuard<'a>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<LockGuard<'a>> {
        let lock = self.lock;
        if !lock.locked.get() {
            lock.locked.set(true);
            return Poll::Ready(LockGuard { lock });
        }
        let mut waiters = lock.waiters.borrow_mut();
        if !waiters.iter().any(|w| w.will_wake(cx.waker())) {
            waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

pub struct LockGuard<'a> {
    lock: &'a AsyncLock,
}

impl Drop for LockGuard<'_> {
    fn drop(&mut self) {
        self.lock.locked.set(false);
        // Take the list before waking: a waker may poll (and so borrow) right away.
        let waiters = std::mem::take(&mut *self.lock.waiters.borrow_mut());
        for waker in waiters {
            waker.wake();
        }
    }
}

struct CachedToken {
    token: Secret,
    /// When to stop using it; `None`: until a 401.
    renew_at_ms: Option<u64>,
}

/// The cached token and the lock its renewals go through.
pub struct TokenCache {
    cached: RefCell<Option<CachedToken>>,
    pub(crate) refresh_lock: AsyncLock,
    margin_ms: u64,
}

impl TokenCache {
    pub fn new(margin_ms: u64) -> TokenCache {
        TokenCache {
            cached: RefCell::new(None),
            refresh_lock: AsyncLock::default(),
            margin_ms,
        }
    }

    /// The cached token, if there is one not yet due for renewal at `now_ms`.
    pub fn fresh(&self, now_ms: u64) -> Option<Secret> {
        let cached = self.cached.borrow();
        let cached = cached.as_ref()?;
        match cached.renew_at_ms {
            Some(at) if now_ms >= at => None,
            _ => Some(cached.token.clone()),
        }
    }

    /// Caches `token`, valid for `expires_in_ms` from `now_ms`. It is renewed `margin_ms` early,
    /// but never more than halfway through its life (a 60 s margin on a 60 s token would mean
    /// fetching a token for every call).
    pub fn store(&self, token: Secret, expires_in_ms: Option<u64>, now_ms: u64) {
        let renew_at_ms = expires_in_ms.map(|life| {
            let margin = self.margin_ms.min(life / 2);
            now_ms.saturating_add(life - margin)
        });
        *self.cached.borrow_mut() = Some(CachedToken { token, renew_at_ms });
    }

    /// Forgets the token the API just refused, unless it was already replaced (by a concurrent
    /// call's refresh), so two 401s with the same old token cause one refresh, not two.
    pub fn invalidate(&self, refused: &Secret) {
        let mut cached = self.cached.borrow_mut();
        if cached.as_ref().is_some_and(|c| &c.token == refused) {
            *cached = None;
        }
    }
}

/// Reads `POST /accesstoken/get`'s answer: `access_token`, and `expires_in` (seconds, a string
/// in the real API, a number accepted too) or else `expires_on` (Unix seconds). Returns the
/// token and its lifetime in ms. The error text never quotes the body (it holds the token).
pub fn parse_token_response(body: &str, now_ms: u64) -> Result<(Secret, Option<u64>), String> {
    let value: Value = serde_json::from_str(body)
        .map_err(|_| "the access token response is not JSON".to_owned())?;
    let token = value
        .get("access_token")
        .and_then(Value::as_str)
        .ok_or_else(|| "the access token response has no 'access_token' string".to_owned())?;
    if !super::options::is_header_safe(token) {
        return Err(
            "the access token in the response is empty or not printable ASCII, so it cannot be sent"
                .to_owned(),
        );
    }
    let seconds = |key: &str| -> Result<Option<u64>, String> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| {
                format!("'{key}' in the access token response is not a whole number of seconds")
            }),
            Some(Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| {
                format!("'{key}' in the access token response is not a whole number of seconds")
            }),
            Some(_) => Err(format!(
                "'{key}' in the access token response has the wrong type"
            )),
        }
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

    #[test]
    fn renewal_margin_is_at_most_half_the_lifetime() {
        let cache = TokenCache::new(60_000);
        cache.store(Secret::new("t"), Some(3_600_000), 1_000);
        assert!(cache.fresh(1_000 + 3_540_000 - 1).is_some());
        assert!(cache.fresh(1_000 + 3_540_000).is_none());
        cache.store(Secret::new("t"), Some(10_000), 0);
        assert!(cache.fresh(4_999).is_some());
        assert!(cache.fresh(5_000).is_none());
    }

    #[test]
    fn invalidate_only_forgets_the_refused_token() {
        let cache = TokenCache::new(0);
        cache.store(Secret::new("new"), None, 0);
        cache.invalidate(&Secret::new("old"));
        assert!(cache.fresh(0).is_some());
        cache.invalidate(&Secret::new("new"));
        assert!(cache.fresh(0).is_none());
    }

    #[test]
    fn lock_is_exclusive_and_wakes_waiters() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::task::Wake;

        struct CountingWaker(AtomicUsize);
        impl Wake for CountingWaker {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let counter = Arc::new(CountingWaker(AtomicUsize::new(0)));
        let waker = Waker::from(counter.clone());
        let mut cx = Context::from_waker(&waker);

        let lock = AsyncLock::default();
        let mut first = Box::pin(lock.lock());
        let guard = match first.as_mut().poll(&mut cx) {
            Poll::Ready(guard) => guard,
            Poll::Pending => panic!("a free lock must be taken at once"),
        };
        let mut second = Box::pin(lock.lock());
        assert!(second.as_mut().poll(&mut cx).is_pending());
        assert!(second.as_mut().poll(&mut cx).is_pending());
        assert_eq!(counter.0.load(Ordering::SeqCst), 0);
        drop(guard);
        assert_eq!(
            counter.0.load(Ordering::SeqCst),
            1,
            "one waiter, woken once"
        );
        assert!(second.as_mut().poll(&mut cx).is_ready());
    }
}
