//! The Order Management client against a fake backend: a small in-memory Vipps API with a
//! virtual clock (sleeping advances it instantly and is recorded), injectable faults, and a log
//! of every request. `send` and `sleep` yield once before answering, so joined calls really
//! interleave. The fake is `Send + Sync` (its futures are `Send`), as a tokio backend's are.

#![cfg(feature = "client")]

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use serde_json::{Value, json};

mod common;
use common::png::png;
use vipps_order_management::client::{
    BoxFuture, ClientError, ClientOptions, Credentials, ErrorCode, HttpRequest, HttpResponse,
    ImageData, Method, OrderManagementClient, ProvidedToken, RetryPolicy, Secret, TokenProvider,
    Transport, TransportError, WriteOutcome,
};
use vipps_order_management::codes;
use vipps_order_management::model::{AddCategoryRequest, CategoryType, PaymentType, Receipt};

// ---------- a tiny executor ----------

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..100_000 {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
    panic!("the future never finished (deadlock?)");
}

/// Polls both futures, in turn, until both are done.
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = Box::pin(a);
    let mut b = Box::pin(b);
    let (mut out_a, mut out_b) = (None, None);
    std::future::poll_fn(move |cx| {
        if out_a.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                out_a = Some(v);
            }
        }
        if out_b.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                out_b = Some(v);
            }
        }
        if out_a.is_some() && out_b.is_some() {
            Poll::Ready((out_a.take().unwrap(), out_b.take().unwrap()))
        } else {
            Poll::Pending
        }
    })
    .await
}

/// Returns `Pending` once (waking itself), so another joined future runs in between.
async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await
}

// ---------- the fake API ----------

const CLIENT_SECRET: &str = "client-s3cr3t-value";
const SUBSCRIPTION_KEY: &str = "subscr1ption-key-value";
const START_MS: u64 = 1_700_000_000_000;

#[derive(Clone)]
enum Fault {
    /// Answer this instead of handling the request.
    Reply(u16, &'static str, Vec<(&'static str, String)>),
    Timeout,
    Network,
    /// Handle the request (writes happen), then lose the answer.
    ApplyThenTimeout,
    /// Expire the presented token, answer 401.
    ExpireToken,
}

struct World {
    now_ms: u64,
    sleeps: Vec<u64>,
    requests: Vec<HttpRequest>,
    /// `(part of the URL to match, fault)`, applied to the first matching request, in order.
    faults: VecDeque<(&'static str, Fault)>,
    token_lifetime: Value,
    tokens: BTreeMap<String, u64>,
    tokens_issued: u32,
    receipts: BTreeMap<String, Value>,
    receipt_writes: u32,
    images: BTreeMap<String, Value>,
    /// v3 categories, in the order they were posted.
    categories: Vec<Value>,
    category_posts: u32,
    /// GET v2 returns the receipt enriched as the reference's GET sample is (issue 10 point 8).
    enrich: bool,
    fixed_random: Option<u32>,
    rng: u32,
    /// `sleep` really sleeps the thread and leaves the virtual clock alone (tests with threads).
    real_sleep: bool,
}

#[derive(Clone)]
struct Fake(Arc<Mutex<World>>);

impl Fake {
    fn new() -> Fake {
        Fake(Arc::new(Mutex::new(World {
            now_ms: START_MS,
            sleeps: Vec::new(),
            requests: Vec::new(),
            faults: VecDeque::new(),
            token_lifetime: json!("3600"),
            tokens: BTreeMap::new(),
            tokens_issued: 0,
            receipts: BTreeMap::new(),
            receipt_writes: 0,
            images: BTreeMap::new(),
            categories: Vec::new(),
            category_posts: 0,
            enrich: false,
            fixed_random: None,
            rng: 0x1234_5678,
            real_sleep: false,
        })))
    }

    fn world(&self) -> MutexGuard<'_, World> {
        self.0.lock().unwrap()
    }

    fn fault(&self, url_part: &'static str, fault: Fault) {
        self.world().faults.push_back((url_part, fault));
    }

    fn advance(&self, ms: u64) {
        self.world().now_ms += ms;
    }

    fn requests(&self) -> Vec<HttpRequest> {
        self.world().requests.clone()
    }

    fn api_requests(&self) -> Vec<HttpRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.url.contains("/order-management/"))
            .collect()
    }

    fn token_requests(&self) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.url.ends_with("/accesstoken/get"))
            .count()
    }

    fn sleeps(&self) -> Vec<u64> {
        self.world().sleeps.clone()
    }

    fn handle(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let fault = {
            let mut world = self.world();
            let at = world
                .faults
                .iter()
                .position(|(part, _)| request.url.contains(part));
            at.and_then(|at| world.faults.remove(at)).map(|(_, f)| f)
        };
        match fault {
            None => Ok(self.serve(request)),
            Some(Fault::Reply(status, body, headers)) => Ok(reply(status, body, headers)),
            Some(Fault::Timeout) => Err(TransportError::Timeout),
            Some(Fault::Network) => Err(TransportError::Network("connection reset".into())),
            Some(Fault::ApplyThenTimeout) => {
                self.serve(request);
                Err(TransportError::Timeout)
            }
            Some(Fault::ExpireToken) => {
                let token = bearer(request);
                self.world().tokens.insert(token, 0);
                Ok(problem(401, "Unauthorized", "The access token has expired"))
            }
        }
    }

    fn serve(&self, request: &HttpRequest) -> HttpResponse {
        let mut world = self.world();
        let path = request
            .url
            .split_once("vipps.no")
            .map(|(_, p)| p.to_owned())
            .unwrap_or_default();
        if path == "/accesstoken/get" {
            if request.header("client_secret") != Some(CLIENT_SECRET) {
                return reply(401, r#"{"error":"unauthorized_client"}"#, vec![]);
            }
            world.tokens_issued += 1;
            let token = format!("tok-{}-secret", world.tokens_issued);
            let lifetime_s = match &world.token_lifetime {
                Value::String(s) => s.parse::<u64>().unwrap(),
                other => other.as_u64().unwrap(),
            };
            let expires = world.now_ms + lifetime_s * 1000;
            world.tokens.insert(token.clone(), expires);
            let body = json!({"token_type": "Bearer", "expires_in": world.token_lifetime,
                              "access_token": token});
            return HttpResponse {
                status: 200,
                headers: vec![],
                body: body.to_string(),
            };
        }
        let valid = world
            .tokens
            .get(&bearer(request))
            .is_some_and(|&expires| world.now_ms < expires);
        if !valid || request.header("Ocp-Apim-Subscription-Key") != Some(SUBSCRIPTION_KEY) {
            return problem(401, "Unauthorized", "bad token or subscription key");
        }
        let path = path.strip_prefix("/order-management/").unwrap_or("");
        let parts: Vec<&str> = path.split('/').collect();
        let body: Value = request
            .body
            .as_deref()
            .map(|b| serde_json::from_str(b).unwrap())
            .unwrap_or(Value::Null);
        match (request.method, parts.as_slice()) {
            (Method::Post, ["v2", payment_type, "receipts", order_id]) => {
                let key = format!("{payment_type}/{order_id}");
                if world.receipts.contains_key(&key) {
                    return problem(409, "Conflicting receipt", "a receipt is already there");
                }
                world.receipts.insert(key, body);
                world.receipt_writes += 1;
                reply(201, r#""7f0e1b9c-0000-4000-8000-000000000001""#, vec![])
            }
            (Method::Get, ["v2", payment_type, order_id]) => {
                let key = format!("{payment_type}/{order_id}");
                let order = match world.receipts.get(&key) {
                    Some(receipt) if world.enrich => json!({ "receipt": enriched(receipt) }),
                    Some(receipt) => json!({ "receipt": receipt }),
                    None => json!({}),
                };
                HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: order.to_string(),
                }
            }
            (Method::Put, ["v2", _, "categories", _]) => reply(200, r#""ok""#, vec![]),
            (Method::Post, ["v1", "images"]) => {
                let id = body["imageId"].as_str().unwrap().to_owned();
                if world.images.contains_key(&id) {
                    return problem(409, "Duplicate imageId", "images cannot be overwritten");
                }
                world.images.insert(id.clone(), body);
                HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: json!({ "imageId": id }).to_string(),
                }
            }
            (Method::Post, ["v3", "categories"]) => {
                world.category_posts += 1;
                let id = format!("cat-{}", world.category_posts);
                let mut stored = body.clone();
                stored["categoryId"] = json!(id);
                world.categories.push(stored);
                reply(201, &json!({ "categoryId": id }).to_string(), vec![])
            }
            (Method::Get, ["v3", query]) if query.starts_with("categories") => {
                let order = query.strip_prefix("categories?orderId=");
                let listed: Vec<&Value> = world
                    .categories
                    .iter()
                    .filter(|c| order.is_none_or(|o| c["orderId"] == *o))
                    .collect();
                reply(200, &json!({ "categories": listed }).to_string(), vec![])
            }
            (Method::Get, ["v3", "categories", id]) => HttpResponse {
                status: 200,
                headers: vec![],
                body: json!({ "categoryId": id, "type": "TICKET" }).to_string(),
            },
            (Method::Delete, ["v3", "categories", id]) => {
                let before = world.categories.len();
                world.categories.retain(|c| c["categoryId"] != *id);
                if world.categories.len() == before {
                    return problem(404, "Not Found", "no such category");
                }
                reply(200, "", vec![])
            }
            _ => problem(404, "Not Found", "no such route"),
        }
    }
}

/// A receipt as the reference's GET sample returns one: `taxPercentage` next to `taxRate`,
/// defaults written out, deprecated fields filled, numbers in another format.
fn enriched(posted: &Value) -> Value {
    let mut receipt = posted.clone();
    for line in receipt["orderLines"].as_array_mut().unwrap() {
        if let Some(rate) = line["taxRate"].as_i64() {
            line["taxPercentage"] = json!(rate / 100);
        }
        for (key, default) in [
            ("isReturn", json!(false)),
            ("isShipping", json!(false)),
            ("discount", json!(0)),
        ] {
            if line.get(key).is_none_or(Value::is_null) {
                line[key] = default;
            }
        }
        if let Some(quantity) = line["unitInfo"]["quantity"].as_str() {
            let padded = if quantity.contains('.') {
                format!("{quantity}0")
            } else {
                format!("{quantity}.00")
            };
            line["unitInfo"]["quantity"] = json!(padded);
            line["unitInfo"]["quantityUnit"] = line["unitInfo"]
                .get("quantityUnit")
                .cloned()
                .filter(|v| !v.is_null())
                .unwrap_or(json!("PCS"));
        }
    }
    let bottom = &mut receipt["bottomLine"];
    for (key, value) in [
        ("tipAmount", json!(0)),
        ("giftCardAmount", json!(0)),
        ("shippingAmount", json!(0)),
        ("totalAmount", json!(0)),
        ("totalTax", json!(0)),
        ("totalDiscount", json!(0)),
        ("terminalId", json!("string")),
        (
            "shippingInfo",
            json!({"amount": 0, "amountExcludingTax": 0, "taxAmount": 0, "taxPercentage": 0}),
        ),
        (
            "paymentSources",
            json!({"giftCard": 0, "card": 0, "voucher": 0, "cash": 0}),
        ),
    ] {
        if bottom.get(key).is_none_or(Value::is_null) {
            bottom[key] = value;
        }
    }
    receipt
}

fn bearer(request: &HttpRequest) -> String {
    request
        .header("Authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_owned()
}

fn reply(status: u16, body: &str, headers: Vec<(&'static str, String)>) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .collect(),
        body: body.to_owned(),
    }
}

fn problem(status: u16, title: &str, detail: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Content-Type".into(), "application/problem+json".into())],
        body: json!({"type": "about:blank", "title": title, "detail": detail}).to_string(),
    }
}

impl Transport for Fake {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.world().requests.push(request.clone());
        yield_now().await;
        self.handle(&request)
    }

    async fn sleep(&self, ms: u64) {
        let real = {
            let mut world = self.world();
            world.sleeps.push(ms);
            if !world.real_sleep {
                world.now_ms += ms;
            }
            world.real_sleep
        };
        if real {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        yield_now().await;
    }

    fn now_ms(&self) -> u64 {
        self.world().now_ms
    }

    fn random_u32(&self) -> u32 {
        let mut world = self.world();
        if let Some(fixed) = world.fixed_random {
            return fixed;
        }
        // xorshift32
        let mut x = world.rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        world.rng = x;
        x
    }
}

// ---------- fixtures ----------

fn keys() -> Credentials {
    Credentials::Keys {
        client_id: "the-client-id".into(),
        client_secret: CLIENT_SECRET.into(),
        subscription_key: SUBSCRIPTION_KEY.into(),
        merchant_serial_number: "123456".into(),
    }
}

fn options() -> ClientOptions {
    let mut options = ClientOptions::new(keys());
    options.system_name = Some("acme-shop".into());
    options.system_version = Some("2.1.0".into());
    options.plugin_name = Some("acme-vipps".into());
    options.plugin_version = Some("0.3".into());
    options.timeout_ms = 5_000;
    options.retry = RetryPolicy {
        max_attempts: 3,
        base_delay_ms: 100,
        max_delay_ms: 1_000,
    };
    options
}

fn client_with(options: ClientOptions) -> (OrderManagementClient<Fake>, Fake) {
    let fake = Fake::new();
    let client = OrderManagementClient::new(options, fake.clone()).unwrap();
    (client, fake)
}

fn new_client() -> (OrderManagementClient<Fake>, Fake) {
    client_with(options())
}

fn receipt_json() -> Value {
    json!({
        "orderLines": [
            {"name": "Socks", "id": "sku-1", "totalAmount": 7980, "totalAmountExcludingTax": 6384,
             "totalTaxAmount": 1596, "taxRate": 2500,
             "unitInfo": {"unitPrice": 3990, "quantity": "2", "quantityUnit": "PCS"}},
            {"name": "Shipping", "id": "ship", "totalAmount": 4900, "totalAmountExcludingTax": 3920,
             "totalTaxAmount": 980, "taxRate": 2500, "isShipping": true}
        ],
        "bottomLine": {"currency": "NOK", "receiptNumber": "10042"}
    })
}

fn receipt() -> Receipt {
    serde_json::from_value(receipt_json()).unwrap()
}

fn get_order(client: &OrderManagementClient<Fake>) -> Result<Value, ClientError> {
    block_on(client.get_order("ECOM", "order-1")).map(|o| serde_json::to_value(o).unwrap())
}

// ---------- tokens ----------

#[test]
fn token_is_fetched_once_and_sent_with_every_header() {
    let (client, fake) = new_client();
    get_order(&client).unwrap();
    assert_eq!(
        block_on(client.add_receipt("ECOM", "order-1", &receipt()))
            .unwrap()
            .outcome,
        WriteOutcome::Created
    );
    assert_eq!(fake.token_requests(), 1);

    let token_request = &fake.requests()[0];
    assert_eq!(token_request.method, Method::Post);
    assert_eq!(
        token_request.url,
        "https://apitest.vipps.no/accesstoken/get"
    );
    assert_eq!(token_request.header("client_id"), Some("the-client-id"));
    assert_eq!(token_request.header("client_secret"), Some(CLIENT_SECRET));
    assert_eq!(
        token_request.header("Ocp-Apim-Subscription-Key"),
        Some(SUBSCRIPTION_KEY)
    );
    assert_eq!(
        token_request.header("Merchant-Serial-Number"),
        Some("123456")
    );

    let api = fake.api_requests();
    assert_eq!(api.len(), 2);
    for request in &api {
        assert_eq!(request.header("Authorization"), Some("Bearer tok-1-secret"));
        assert_eq!(
            request.header("Ocp-Apim-Subscription-Key"),
            Some(SUBSCRIPTION_KEY)
        );
        assert_eq!(request.header("Merchant-Serial-Number"), Some("123456"));
        assert_eq!(request.header("Vipps-System-Name"), Some("acme-shop"));
        assert_eq!(request.header("Vipps-System-Version"), Some("2.1.0"));
        assert_eq!(
            request.header("Vipps-System-Plugin-Name"),
            Some("acme-vipps")
        );
        assert_eq!(request.header("Vipps-System-Plugin-Version"), Some("0.3"));
        assert_eq!(request.timeout_ms, 5_000);
        assert!(request.header("Idempotency-Key").is_some());
    }
    assert_eq!(api[0].method, Method::Get);
    assert_eq!(
        api[0].url,
        "https://apitest.vipps.no/order-management/v2/ECOM/order-1"
    );
    assert_eq!(api[0].header("Content-Type"), None);
    assert_eq!(api[0].body, None);
    assert_eq!(
        api[1].url,
        "https://apitest.vipps.no/order-management/v2/ECOM/receipts/order-1"
    );
    assert_eq!(api[1].header("Content-Type"), Some("application/json"));
    let sent: Value = serde_json::from_str(api[1].body.as_deref().unwrap()).unwrap();
    assert_eq!(sent, receipt_json());
}

#[test]
fn token_is_renewed_a_minute_before_it_expires() {
    let (client, fake) = new_client();
    get_order(&client).unwrap();
    fake.advance(3_540_000 - 1);
    get_order(&client).unwrap();
    assert_eq!(
        fake.token_requests(),
        1,
        "still fresh 60 s + 1 ms before expiry"
    );
    fake.advance(1);
    get_order(&client).unwrap();
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(
        fake.api_requests()[2].header("Authorization"),
        Some("Bearer tok-2-secret")
    );
}

#[test]
fn numeric_expires_in_is_accepted() {
    let (client, fake) = new_client();
    fake.world().token_lifetime = json!(600);
    get_order(&client).unwrap();
    fake.advance(539_999);
    get_order(&client).unwrap();
    assert_eq!(fake.token_requests(), 1);
    fake.advance(1);
    get_order(&client).unwrap();
    assert_eq!(fake.token_requests(), 2);
}

#[test]
fn concurrent_calls_share_one_token_fetch() {
    let (client, fake) = new_client();
    let (a, b) = block_on(join(
        client.get_order("ECOM", "order-1"),
        client.get_categories(Some("order-1")),
    ));
    a.unwrap();
    b.unwrap();
    assert_eq!(fake.token_requests(), 1);
    assert_eq!(fake.api_requests().len(), 2);
    // The second call found a renewal in progress, waited for it and used its token.
    assert!(fake.requests()[0].url.ends_with("/accesstoken/get"));
}

#[test]
fn concurrent_calls_after_expiry_share_one_renewal() {
    let (client, fake) = new_client();
    get_order(&client).unwrap();
    fake.advance(3_600_000);
    let (a, b) = block_on(join(
        client.get_order("ECOM", "order-1"),
        client.get_order("RECURRING", "order-2"),
    ));
    a.unwrap();
    b.unwrap();
    assert_eq!(fake.token_requests(), 2);
}

/// Polls every future in turn until all are done; each has its own waker, and a wake of one
/// caused while polling another is counted (`cross_wakes`): in workerd, a request woken by
/// another request's I/O hangs.
fn run_all<F: Future>(futures: Vec<F>) -> (Vec<F::Output>, u32) {
    use std::sync::atomic::AtomicBool;
    use std::task::Wake;
    struct Flag(AtomicBool);
    impl Wake for Flag {
        fn wake(self: Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let flags: Vec<Arc<Flag>> = futures
        .iter()
        .map(|_| Arc::new(Flag(AtomicBool::new(false))))
        .collect();
    let wakers: Vec<Waker> = flags.iter().map(|f| Waker::from(f.clone())).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    let mut cross_wakes = 0;
    for _ in 0..100_000 {
        for i in 0..futures.len() {
            if outputs[i].is_some() {
                continue;
            }
            for flag in &flags {
                flag.0.store(false, Ordering::SeqCst);
            }
            let mut cx = Context::from_waker(&wakers[i]);
            if let Poll::Ready(out) = futures[i].as_mut().poll(&mut cx) {
                outputs[i] = Some(out);
            }
            cross_wakes += flags
                .iter()
                .enumerate()
                .filter(|(j, f)| *j != i && f.0.load(Ordering::SeqCst))
                .count() as u32;
        }
        if outputs.iter().all(Option::is_some) {
            return (
                outputs.into_iter().map(Option::unwrap).collect(),
                cross_wakes,
            );
        }
    }
    panic!("the futures never finished (deadlock?)");
}

#[test]
fn twenty_concurrent_first_calls_fetch_one_token_and_wake_only_themselves() {
    let (client, fake) = new_client();
    let orders: Vec<String> = (0..20).map(|i| format!("order-{i}")).collect();
    let calls = orders.iter().map(|o| client.get_order("ECOM", o)).collect();
    let (results, cross_wakes) = run_all(calls);
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(fake.token_requests(), 1);
    assert_eq!(cross_wakes, 0, "a call was woken by another call's I/O");
    // The 19 waiters slept on their own timers, in short steps.
    let sleeps = fake.sleeps();
    assert!(sleeps.len() >= 19, "{sleeps:?}");
    assert!(sleeps.iter().all(|&ms| ms <= 100), "{sleeps:?}");
    // And 20 more, with the token cached: no fetch, no waits.
    let calls = orders.iter().map(|o| client.get_order("ECOM", o)).collect();
    let (results, _) = run_all(calls);
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(fake.token_requests(), 1);
    assert_eq!(fake.sleeps().len(), sleeps.len());
}

#[test]
fn a_cancelled_renewal_is_taken_over_at_once() {
    let (client, fake) = new_client();
    let mut cx = Context::from_waker(Waker::noop());
    let mut first = Box::pin(client.get_order("ECOM", "order-1"));
    assert!(
        first.as_mut().poll(&mut cx).is_pending(),
        "in the token fetch"
    );
    let mut second = Box::pin(client.get_order("ECOM", "order-2"));
    assert!(second.as_mut().poll(&mut cx).is_pending(), "waiting");
    drop(first);
    block_on(second).unwrap();
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.sleeps(), [10], "one step, then it renewed itself");
}

#[test]
fn a_renewal_that_stalls_is_taken_over_after_one_attempt_and_one_delay() {
    // In workerd a request that ended never resumes, and nothing drops its future.
    let (client, fake) = new_client();
    let mut cx = Context::from_waker(Waker::noop());
    let mut stalled = Box::pin(client.get_order("ECOM", "order-1"));
    assert!(
        stalled.as_mut().poll(&mut cx).is_pending(),
        "in the token fetch"
    );
    block_on(client.get_order("ECOM", "order-2")).unwrap();
    assert_eq!(fake.token_requests(), 2);
    let waited: u64 = fake.sleeps().iter().sum();
    // The test options: 5 s per attempt + 1 s longest delay; steps of at most 100 ms.
    assert!((6_000..6_100).contains(&waited), "{waited}");
    drop(stalled);
}

#[test]
fn a_failed_renewal_fails_the_calls_that_waited_for_it() {
    let (client, fake) = new_client();
    for _ in 0..3 {
        fake.fault("/accesstoken/get", fail_503());
    }
    let (a, b) = block_on(join(
        client.get_order("ECOM", "order-1"),
        client.get_order("ECOM", "order-2"),
    ));
    assert_eq!(a.unwrap_err().code, ErrorCode::ServerError);
    assert_eq!(b.unwrap_err().code, ErrorCode::ServerError);
    assert_eq!(fake.token_requests(), 3, "one renewal's attempts, not two");
    // The next call tries afresh.
    get_order(&client).unwrap();
    assert_eq!(fake.token_requests(), 4);
}

#[test]
fn concurrent_401s_with_the_same_token_renew_once() {
    let (client, fake) = new_client();
    get_order(&client).unwrap();
    fake.fault("/order-management/", Fault::ExpireToken);
    let (a, b) = block_on(join(
        client.get_order("ECOM", "order-1"),
        client.get_order("ECOM", "order-2"),
    ));
    a.unwrap();
    b.unwrap();
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.api_requests().len(), 5);
}

#[test]
fn the_client_and_its_futures_are_send_and_sync() {
    // Compile-time: a client over a `Send + Sync` transport can be shared across threads and
    // every call spawned on a multi-threaded runtime. (Checked by type only; nothing runs.)
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<F: Future + Send>(_: F) {}
    fn every_call(
        client: &OrderManagementClient<Fake>,
        receipt: &Receipt,
        category: &vipps_order_management::model::OrderCategory,
        request: &AddCategoryRequest,
        image: &vipps_order_management::model::Image,
    ) {
        send_sync(client);
        send(client.add_receipt("ECOM", "order-1", receipt));
        send(client.get_order("ECOM", "order-1"));
        send(client.set_category("ECOM", "order-1", category));
        send(client.upload_image(ImageData::Bytes(&[]), None));
        send(client.upload_image_request(image));
        send(client.add_category(request));
        send(client.get_categories(Some("order-1")));
        send(client.get_category("c-1"));
        send(client.delete_category("c-1"));
    }
    let _ = every_call;
}

#[test]
fn threads_sharing_one_client_fetch_one_token() {
    let (client, fake) = new_client();
    fake.world().real_sleep = true;
    let client = Arc::new(client);
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            std::thread::spawn(move || block_on(client.get_order("ECOM", &format!("order-{i}"))))
        })
        .collect();
    for thread in threads {
        thread.join().unwrap().unwrap();
    }
    assert_eq!(fake.token_requests(), 1);
    assert_eq!(fake.api_requests().len(), 8);
}

#[test]
fn a_401_renews_the_token_once_and_retries_once() {
    let (client, fake) = new_client();
    get_order(&client).unwrap();
    fake.fault("/order-management/", Fault::ExpireToken);
    get_order(&client).unwrap();
    assert_eq!(fake.token_requests(), 2);
    let api = fake.api_requests();
    assert_eq!(api.len(), 3);
    assert_eq!(api[1].header("Authorization"), Some("Bearer tok-1-secret"));
    assert_eq!(api[2].header("Authorization"), Some("Bearer tok-2-secret"));
    assert_eq!(
        api[1].header("Idempotency-Key"),
        api[2].header("Idempotency-Key")
    );
    assert!(fake.sleeps().is_empty(), "a renewal is not a backoff");
}

#[test]
fn a_second_401_is_unauthorized() {
    let (client, fake) = new_client();
    fake.fault("/order-management/", Fault::ExpireToken);
    fake.fault("/order-management/", Fault::ExpireToken);
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(error.code.as_str(), "unauthorized");
    assert_eq!(error.status, Some(401));
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.api_requests().len(), 2);
}

#[test]
fn refused_client_secret_is_unauthorized_without_api_calls() {
    let mut options = options();
    options.credentials = Credentials::Keys {
        client_id: "the-client-id".into(),
        client_secret: "wrong-s3cr3t".into(),
        subscription_key: SUBSCRIPTION_KEY.into(),
        merchant_serial_number: "123456".into(),
    };
    let (client, fake) = client_with(options);
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("clientSecret"), "{}", error.message);
    assert!(!format!("{error:?} {error}").contains("wrong-s3cr3t"));
    assert_eq!(
        fake.token_requests(),
        1,
        "a 401 from the token endpoint is not retried"
    );
    assert!(fake.api_requests().is_empty());
}

#[test]
fn a_static_access_token_is_not_renewed() {
    let mut options = options();
    options.credentials = Credentials::AccessToken {
        token: "static-tok-secret".into(),
        subscription_key: SUBSCRIPTION_KEY.into(),
        merchant_serial_number: "123456".into(),
    };
    let (client, fake) = client_with(options);
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert_eq!(fake.token_requests(), 0);
    assert_eq!(fake.api_requests().len(), 1);
    assert_eq!(
        fake.api_requests()[0].header("Authorization"),
        Some("Bearer static-tok-secret")
    );
}

struct CountingProvider {
    fake: Fake,
    calls: AtomicU32,
}

impl TokenProvider for CountingProvider {
    fn access_token(&self) -> BoxFuture<'_, Result<ProvidedToken, ClientError>> {
        Box::pin(async move {
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            yield_now().await;
            let token = format!("provided-{call}");
            let mut world = self.fake.world();
            let expires = world.now_ms + 100_000;
            world.tokens.insert(token.clone(), expires);
            Ok(ProvidedToken {
                token: Secret::new(token),
                expires_in_ms: Some(100_000),
            })
        })
    }
}

#[test]
fn a_token_provider_is_asked_once_per_token() {
    let fake = Fake::new();
    let provider = Arc::new(CountingProvider {
        fake: fake.clone(),
        calls: AtomicU32::new(0),
    });
    let mut options = options();
    options.credentials = Credentials::Provider {
        provider: provider.clone(),
        subscription_key: SUBSCRIPTION_KEY.into(),
        merchant_serial_number: "123456".into(),
    };
    let client = OrderManagementClient::new(options, fake.clone()).unwrap();
    let (a, b) = block_on(join(
        client.get_order("ECOM", "order-1"),
        client.get_order("ECOM", "order-2"),
    ));
    a.unwrap();
    b.unwrap();
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
    // 100 s tokens: renewed at 50 s (the margin is capped at half the lifetime).
    fake.advance(50_000);
    get_order(&client).unwrap();
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    assert_eq!(fake.token_requests(), 0);
}

// ---------- retries ----------

fn fail_503() -> Fault {
    Fault::Reply(503, r#"{"title":"Service Unavailable"}"#, vec![])
}

#[test]
fn retries_back_off_exponentially_with_full_jitter() {
    let (client, fake) = new_client();
    fake.fault("/order-management/", fail_503());
    fake.fault("/order-management/", Fault::Timeout);
    get_order(&client).unwrap();
    assert_eq!(fake.api_requests().len(), 3);
    let sleeps = fake.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps[0] <= 100, "{sleeps:?}");
    assert!(sleeps[1] <= 200, "{sleeps:?}");
}

#[test]
fn backoff_uses_the_random_number_and_the_cap() {
    let mut options = options();
    options.retry = RetryPolicy {
        max_attempts: 6,
        base_delay_ms: 100,
        max_delay_ms: 1_000,
    };
    let (client, fake) = client_with(options.clone());
    fake.world().fixed_random = Some(u32::MAX);
    for _ in 0..5 {
        fake.fault("/order-management/", Fault::Network);
    }
    get_order(&client).unwrap();
    assert_eq!(fake.sleeps(), [100, 200, 400, 800, 1000]);

    let (client, fake) = client_with(options);
    fake.world().fixed_random = Some(0);
    for _ in 0..5 {
        fake.fault("/order-management/", Fault::Network);
    }
    get_order(&client).unwrap();
    assert_eq!(fake.sleeps(), [0, 0, 0, 0, 0]);
}

#[test]
fn gives_up_after_max_attempts() {
    let (client, fake) = new_client();
    for _ in 0..5 {
        fake.fault("/order-management/", fail_503());
    }
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::ServerError);
    assert_eq!(error.status, Some(503));
    assert!(
        error.message.contains("after 3 attempts"),
        "{}",
        error.message
    );
    assert_eq!(fake.api_requests().len(), 3);
    assert_eq!(fake.sleeps().len(), 2);

    let (client, fake) = new_client();
    for _ in 0..3 {
        fake.fault("/order-management/", Fault::Timeout);
    }
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::Timeout);
    assert_eq!(error.status, None);
    assert_eq!(fake.api_requests().len(), 3);

    let (client, fake) = new_client();
    for _ in 0..3 {
        fake.fault("/order-management/", Fault::Network);
    }
    assert_eq!(get_order(&client).unwrap_err().code, ErrorCode::Network);
}

#[test]
fn every_retryable_status_is_retried() {
    for status in [429, 500, 502, 503, 504] {
        let (client, fake) = new_client();
        fake.fault(
            "/order-management/",
            Fault::Reply(status, "<html>oops</html>", vec![]),
        );
        get_order(&client).unwrap();
        assert_eq!(fake.api_requests().len(), 2, "{status}");
    }
}

#[test]
fn retry_after_is_honoured_in_seconds_and_as_a_date() {
    let (client, fake) = new_client();
    let rate_limited = |after: String| {
        Fault::Reply(
            429,
            r#"{"title":"Too Many Requests"}"#,
            vec![("Retry-After", after)],
        )
    };
    fake.fault("/order-management/", rate_limited("1".into()));
    get_order(&client).unwrap();
    assert_eq!(fake.sleeps(), [1_000]);

    // 2023-11-14T22:13:20Z is START_MS; ask for 22:13:20.5 → round up to :21 in the header.
    let (client, fake) = new_client();
    fake.fault(
        "/order-management/",
        rate_limited("Tue, 14 Nov 2023 22:13:21 GMT".into()),
    );
    get_order(&client).unwrap();
    assert_eq!(fake.sleeps(), [1_000]);
}

#[test]
fn a_retry_after_beyond_the_policy_is_handed_to_the_caller() {
    let (client, fake) = new_client();
    fake.fault(
        "/order-management/",
        Fault::Reply(
            429,
            r#"{"title":"Too Many Requests"}"#,
            vec![("Retry-After", "30".into())],
        ),
    );
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert_eq!(error.code.as_str(), "rate_limited");
    assert_eq!(error.retry_after_ms, Some(30_000));
    assert_eq!(fake.api_requests().len(), 1);
    assert!(fake.sleeps().is_empty());
}

#[test]
fn client_errors_are_not_retried() {
    for (status, code) in [
        (400, ErrorCode::InvalidInput),
        (403, ErrorCode::Forbidden),
        (404, ErrorCode::NotFound),
        (409, ErrorCode::Conflict),
    ] {
        let (client, fake) = new_client();
        fake.fault(
            "/order-management/",
            Fault::Reply(status, r#"{"title":"No"}"#, vec![]),
        );
        let error = get_order(&client).unwrap_err();
        assert_eq!((error.code, error.status), (code, Some(status)));
        assert_eq!(fake.api_requests().len(), 1, "{status}");
        assert!(fake.sleeps().is_empty());
    }
}

#[test]
fn token_fetches_are_retried_too() {
    let (client, fake) = new_client();
    fake.fault("/accesstoken/get", fail_503());
    get_order(&client).unwrap();
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.sleeps().len(), 1);
}

#[test]
fn idempotency_key_is_kept_across_retries_and_new_per_call() {
    let (client, fake) = new_client();
    fake.fault("/order-management/", fail_503());
    fake.fault("/order-management/", Fault::Network);
    block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap();
    block_on(client.add_receipt("ECOM", "order-2", &receipt())).unwrap();
    let keys: Vec<String> = fake
        .api_requests()
        .iter()
        .map(|r| r.header("Idempotency-Key").unwrap().to_owned())
        .collect();
    assert_eq!(keys.len(), 4);
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[1], keys[2]);
    assert_ne!(keys[2], keys[3]);
    assert_eq!(keys[0].len(), 36);
    // A fresh request per attempt: the same content, built again.
    let api = fake.api_requests();
    assert_eq!(api[0], api[2]);
}

// ---------- exactly-once receipts ----------

#[test]
fn the_same_receipt_again_already_exists() {
    let (client, fake) = new_client();
    // The stored copy has explicit nulls and defaults where ours has nothing.
    let mut stored = receipt_json();
    stored["orderLines"][0]["discount"] = Value::Null;
    stored["orderLines"][0]["isReturn"] = json!(false);
    stored["bottomLine"]["tipAmount"] = Value::Null;
    fake.world().receipts.insert("ECOM/order-1".into(), stored);
    let outcome = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap();
    assert_eq!(outcome.outcome, WriteOutcome::AlreadyExists);
    let api = fake.api_requests();
    assert_eq!(api.len(), 2);
    assert_eq!(api[1].method, Method::Get);
}

#[test]
fn a_different_receipt_is_a_conflict_carrying_both() {
    let (client, fake) = new_client();
    let mut stored = receipt_json();
    stored["orderLines"][1]["totalAmount"] = json!(5900);
    stored["orderLines"][1]["totalAmountExcludingTax"] = json!(4720);
    stored["orderLines"][1]["totalTaxAmount"] = json!(1180);
    fake.world()
        .receipts
        .insert("ECOM/order-1".into(), stored.clone());
    let error = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert_eq!(error.code.as_str(), "conflict");
    assert_eq!(error.status, Some(409));
    let conflict = error.receipt_conflict.expect("both receipts");
    assert_eq!(serde_json::to_value(&conflict.existing).unwrap(), stored);
    assert_eq!(conflict.attempted, receipt());
}

#[test]
fn a_lost_answer_then_409_is_success_and_writes_once() {
    let (client, fake) = new_client();
    fake.fault("/receipts/", Fault::ApplyThenTimeout);
    let outcome = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap();
    assert_eq!(outcome.outcome, WriteOutcome::AlreadyExists);
    assert_eq!(fake.world().receipt_writes, 1);
    let methods: Vec<Method> = fake.api_requests().iter().map(|r| r.method).collect();
    assert_eq!(methods, [Method::Post, Method::Post, Method::Get]);
}

#[test]
fn a_conflict_whose_read_back_fails_stays_a_conflict() {
    let (client, fake) = new_client();
    fake.world()
        .receipts
        .insert("ECOM/order-1".into(), receipt_json());
    fake.fault(
        "/v2/ECOM/order-1",
        Fault::Reply(404, r#"{"title":"Not Found"}"#, vec![]),
    );
    let error = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert!(
        error.message.contains("reading the order back"),
        "{}",
        error.message
    );
}

// ---------- validation before sending ----------

#[test]
fn invalid_input_sends_nothing() {
    let (client, fake) = new_client();
    let mut bad = receipt_json();
    bad["orderLines"][0]["totalTaxAmount"] = json!(1);
    bad["orderLines"][1]["taxPercentage"] = json!(25);
    let bad: Receipt = serde_json::from_value(bad).unwrap();
    let error = block_on(client.add_receipt("ecomm", "order 1", &bad)).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.code.as_str(), "invalid_input");
    let paths: Vec<&str> = error.issues.iter().map(|i| i.path.as_str()).collect();
    for expected in [
        "paymentType",
        "orderId",
        "orderLines[0].totalTaxAmount",
        "orderLines[1].taxPercentage",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
    let error = block_on(client.get_categories(Some("a/b"))).unwrap_err();
    assert_eq!(error.issues[0].code, codes::ID_PATTERN);
    let error = block_on(client.delete_category("")).unwrap_err();
    assert_eq!(error.issues[0].path, "categoryId");
    assert!(fake.requests().is_empty(), "no token fetch, no API call");
}

/// `.`/`..` (and their percent-encoded look-alikes) as any id of any method: `invalid_input`,
/// nothing sent (no token fetch either). URL parsers resolve `%2E%2E` as `..`, so before this
/// `add_receipt("ECOM", "..", r)` posted to `v2/ECOM/` and `delete_category(".")` deleted
/// `v3/categories/`.
#[test]
fn dot_segment_ids_are_refused_by_every_method() {
    let (client, fake) = new_client();
    let category: vipps_order_management::model::OrderCategory = serde_json::from_value(
        json!({"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1"}),
    )
    .unwrap();
    let image = png(200, 200);
    for id in [".", "..", "%2e", "%2E", "%2e%2E", ".%2E", "%2E."] {
        let add_category = |order_id: &str| AddCategoryRequest {
            order_id: order_id.into(),
            payment_type: PaymentType::Ecom,
            category_type: CategoryType::Receipt,
            url: "https://shop.example/o/1".into(),
            image_id: None,
        };
        let upload_request: vipps_order_management::model::Image =
            serde_json::from_value(json!({"imageId": id, "src": "iVBORw0KGgo=", "type": "base64"}))
                .unwrap();
        let outcomes: Vec<(&str, Result<(), ClientError>)> = vec![
            (
                "add_receipt orderId",
                block_on(client.add_receipt("ECOM", id, &receipt())).map(drop),
            ),
            (
                "add_receipt paymentType",
                block_on(client.add_receipt(id, "o-1", &receipt())).map(drop),
            ),
            (
                "get_order orderId",
                block_on(client.get_order("ECOM", id)).map(drop),
            ),
            (
                "get_order paymentType",
                block_on(client.get_order(id, "o-1")).map(drop),
            ),
            (
                "set_category orderId",
                block_on(client.set_category("ECOM", id, &category)).map(drop),
            ),
            (
                "set_category paymentType",
                block_on(client.set_category(id, "o-1", &category)).map(drop),
            ),
            (
                "get_categories orderId",
                block_on(client.get_categories(Some(id))).map(drop),
            ),
            (
                "get_category categoryId",
                block_on(client.get_category(id)).map(drop),
            ),
            (
                "delete_category categoryId",
                block_on(client.delete_category(id)),
            ),
            (
                "add_category orderId",
                block_on(client.add_category(&add_category(id))).map(drop),
            ),
            (
                "upload_image imageId",
                block_on(client.upload_image(ImageData::Bytes(&image), Some(id))).map(drop),
            ),
            (
                "upload_image_request imageId",
                block_on(client.upload_image_request(&upload_request)).map(drop),
            ),
        ];
        for (what, outcome) in outcomes {
            let error = outcome.expect_err(what);
            assert_eq!(
                error.code,
                ErrorCode::InvalidInput,
                "{what} {id:?}: {error}"
            );
            if matches!(id, "." | "..") && !what.ends_with("paymentType") {
                assert!(
                    error.issues.iter().any(|i| i.code == codes::ID_DOT_SEGMENT),
                    "{what} {id:?}: {:?}",
                    error.issues
                );
            }
        }
    }
    assert!(
        fake.requests().is_empty(),
        "nothing sent: {:?}",
        fake.requests()
    );
}

/// A 3xx from the token endpoint or the API is `redirect`: not followed (the transport never
/// follows), not retried, and the message names only the location's origin.
#[test]
fn redirects_are_errors_never_followed_or_retried() {
    for (url_part, location) in [
        (
            "/accesstoken/get",
            "http://127.0.0.1:9/steal?client_secret=x",
        ),
        (
            "/order-management/",
            "http://127.0.0.1:9/steal?client_secret=x",
        ),
        ("/order-management/", "/v2/elsewhere?token=x"),
    ] {
        for status in [301, 302, 303, 307, 308] {
            let (client, fake) = new_client();
            fake.fault(
                url_part,
                Fault::Reply(status, "", vec![("Location", location.to_owned())]),
            );
            let error = get_order(&client).unwrap_err();
            assert_eq!(
                error.code,
                ErrorCode::Redirect,
                "{status} {url_part}: {error}"
            );
            assert_eq!(error.code.as_str(), "redirect");
            assert_eq!(error.status, Some(status));
            let expected_origin = if location.starts_with('/') {
                "same origin (https://apitest.vipps.no)"
            } else {
                "to http://127.0.0.1:9;"
            };
            assert!(error.message.contains(expected_origin), "{error}");
            for hidden in [
                "steal",
                "client_secret",
                "token=",
                "elsewhere",
                CLIENT_SECRET,
            ] {
                assert!(!error.message.contains(hidden), "{hidden} in {error}");
            }
            let requests = fake.requests();
            assert!(
                requests
                    .iter()
                    .all(|r| !r.url.contains("127.0.0.1:9") && !r.url.contains("elsewhere")),
                "followed: {requests:?}"
            );
            assert!(fake.world().sleeps.is_empty(), "retried");
            let expected = if url_part == "/accesstoken/get" { 1 } else { 2 };
            assert_eq!(requests.len(), expected, "{status} {url_part}");
        }
    }
    // A browser's opaque redirect (status 0) is the same error, without a status.
    let (client, fake) = new_client();
    fake.fault("/order-management/", Fault::Reply(0, "", vec![]));
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::Redirect);
    assert_eq!(error.status, None);
}

#[test]
fn a_too_long_system_header_is_refused_up_front() {
    let mut options = options();
    options.plugin_name = Some("p".repeat(101));
    let fake = Fake::new();
    let error = OrderManagementClient::new(options, fake.clone()).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.issues.len(), 1);
    assert_eq!(error.issues[0].path, "pluginName");
    assert_eq!(error.issues[0].code, codes::TOO_LONG);
    assert!(fake.requests().is_empty());
}

// ---------- responses ----------

#[test]
fn malformed_json_is_an_invalid_response_not_retried() {
    let (client, fake) = new_client();
    fake.fault(
        "/order-management/",
        Fault::Reply(200, r#"{"oops":"#, vec![]),
    );
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse);
    assert_eq!(error.code.as_str(), "invalid_response");
    assert_eq!(fake.api_requests().len(), 1);

    let (client, fake) = new_client();
    fake.fault(
        "/accesstoken/get",
        Fault::Reply(200, r#"{"access_token":"#, vec![]),
    );
    let error = get_order(&client).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse);
    assert_eq!(fake.token_requests(), 1);
}

/// A 200 that says JSON but is garbled (the mock's `malformed` fault, which writes nothing) used
/// to count as a successful write: "created" with no receipt, category or image stored.
#[test]
fn a_write_answered_with_garbled_json_is_an_invalid_response() {
    let garbled = || {
        Fault::Reply(
            200,
            r#"{"oops":"#,
            vec![("Content-Type", "application/json; charset=utf-8".to_owned())],
        )
    };
    let (client, fake) = new_client();
    fake.fault("/receipts/", garbled());
    let error = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse);
    assert_eq!(error.status, Some(200));
    assert_eq!(fake.world().receipt_writes, 0);
    // The caller may simply call again.
    let outcome = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap();
    assert_eq!(outcome.outcome, WriteOutcome::Created);

    fake.fault("/categories/", garbled());
    let category = serde_json::from_value(
        json!({"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1"}),
    )
    .unwrap();
    let error = block_on(client.set_category("ECOM", "order-1", &category)).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse);

    fake.fault("/v1/images", garbled());
    let error = block_on(client.upload_image(ImageData::Bytes(&png(200, 200)), None)).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidResponse);
    assert!(fake.world().images.is_empty());

    // Bodies that are JSON, empty, or not declared JSON are still fine.
    fake.fault(
        "/categories/",
        Fault::Reply(
            200,
            "",
            vec![("Content-Type", "application/json".to_owned())],
        ),
    );
    block_on(client.set_category("ECOM", "order-1", &category)).unwrap();
    fake.fault("/categories/", Fault::Reply(200, "OK", vec![]));
    block_on(client.set_category("ECOM", "order-1", &category)).unwrap();
    block_on(client.set_category("ECOM", "order-1", &category)).unwrap();
}

#[test]
fn problem_json_with_invalid_params_becomes_issues() {
    let (client, fake) = new_client();
    let body = r#"{"type":"https://example/400","title":"One or more validation errors occurred.","detail":"2 validation error(s)","instance":"00-abc","invalidParams":[{"name":"orderLines[1].totalTaxAmount","reason":"must equal totalAmount - totalAmountExcludingTax"},{"name":"$","reason":"bad body"}]}"#;
    fake.fault("/receipts/", Fault::Reply(400, body, vec![]));
    let error = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.status, Some(400));
    let problem = error.problem.as_ref().unwrap();
    assert_eq!(problem.instance.as_deref(), Some("00-abc"));
    assert_eq!(problem.invalid_params.as_ref().unwrap().len(), 2);
    assert_eq!(error.issues.len(), 2);
    assert_eq!(error.issues[0].path, "orderLines[1].totalTaxAmount");
    assert_eq!(error.issues[0].code, codes::API_INVALID_PARAM);
    assert_eq!(
        error.issues[0].message,
        "must equal totalAmount - totalAmountExcludingTax"
    );
    assert_eq!(error.issues[1].path, "");
    assert!(
        error
            .message
            .contains("One or more validation errors occurred.")
    );
}

#[test]
fn problem_json_with_extra_details_becomes_issues() {
    let (client, fake) = new_client();
    let body = r#"{"title":"Bad Request","extraDetails":[{"name":"src","reason":"not a PNG"}]}"#;
    fake.fault("/v1/images", Fault::Reply(400, body, vec![]));
    let error = block_on(client.upload_image(ImageData::Bytes(&png(200, 200)), None)).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(error.issues.len(), 1);
    assert_eq!(error.issues[0].path, "src");
    assert_eq!(error.issues[0].message, "not a PNG");
    assert!(error.problem.unwrap().extra_details.is_some());
}

// ---------- images ----------

#[test]
fn images_get_a_content_id_and_a_second_upload_already_exists() {
    let (client, fake) = new_client();
    let bytes = png(200, 200);
    let first = block_on(client.upload_image(ImageData::Bytes(&bytes), None)).unwrap();
    assert_eq!(first.outcome, WriteOutcome::Created);
    assert_eq!(
        first.image_id,
        vipps_order_management::image::content_image_id(&bytes)
    );
    let base64 = vipps_order_management::image::encode_base64(&bytes);
    let second = block_on(client.upload_image(ImageData::Base64(&base64), None)).unwrap();
    assert_eq!(
        second,
        vipps_order_management::client::UploadedImage {
            image_id: first.image_id.clone(),
            outcome: WriteOutcome::AlreadyExists,
            id_from_content: true,
        }
    );
    let sent: Value =
        serde_json::from_str(fake.api_requests()[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(sent["type"], "base64");
    assert_eq!(sent["src"], base64.as_str());
    assert_eq!(fake.world().images.len(), 1);
}

#[test]
fn a_taken_image_id_is_already_there_only_when_it_must_be_this_image() {
    let body = r#"{"title":"Bad Request","extraDetails":[{"name":"imageId","reason":"Duplicate imageId"}]}"#;
    let image = png(200, 200);

    // The id is derived from these bytes: whatever holds it is this image.
    let (client, fake) = new_client();
    fake.fault("/v1/images", Fault::Reply(400, body, vec![]));
    let uploaded = block_on(client.upload_image(ImageData::Bytes(&image), None)).unwrap();
    assert_eq!(uploaded.outcome, WriteOutcome::AlreadyExists);

    // A caller's id taken before this call: it may hold another image, which cannot be replaced.
    let (client, fake) = new_client();
    fake.fault("/v1/images", Fault::Reply(400, body, vec![]));
    let error =
        block_on(client.upload_image(ImageData::Bytes(&image), Some("logo-1"))).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert!(error.message.contains("logo-1"), "{}", error.message);

    // A caller's id written by this call's own first attempt, whose answer was lost: the id is
    // taken, but not claimed as ours (issue 10 point 7).
    let (client, fake) = new_client();
    fake.fault("/v1/images", Fault::ApplyThenTimeout);
    let uploaded = block_on(client.upload_image(ImageData::Bytes(&image), Some("logo-1"))).unwrap();
    assert_eq!(uploaded.image_id, "logo-1");
    assert_eq!(uploaded.outcome, WriteOutcome::IdTaken);
    assert!(!uploaded.id_from_content);
}

#[test]
fn tokens_that_cannot_be_sent_as_headers_are_refused() {
    use vipps_order_management::client::options::{
        BoxFuture, ProvidedToken, Secret, TokenProvider,
    };
    struct Bad;
    impl TokenProvider for Bad {
        fn access_token(&self) -> BoxFuture<'_, Result<ProvidedToken, ClientError>> {
            Box::pin(async {
                Ok(ProvidedToken {
                    token: Secret::new("tok\nevil"),
                    expires_in_ms: None,
                })
            })
        }
    }
    let fake = Fake::new();
    let options = ClientOptions::new(Credentials::Provider {
        provider: Arc::new(Bad),
        subscription_key: Secret::new("sub-key"),
        merchant_serial_number: "123456".into(),
    });
    let client = OrderManagementClient::new(options, fake.clone()).unwrap();
    let error = block_on(client.get_order("ECOM", "order-1")).unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(fake.api_requests().is_empty());
    assert!(!format!("{error:?}").contains("evil"));
}

#[test]
fn bad_images_are_refused_before_upload() {
    let (client, fake) = new_client();
    let error = block_on(client.upload_image(ImageData::Bytes(&png(200, 100)), Some("bad id")))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    let codes_found: Vec<&str> = error.issues.iter().map(|i| i.code).collect();
    assert!(
        codes_found.contains(&codes::IMAGE_TOO_SHORT),
        "{codes_found:?}"
    );
    assert!(codes_found.contains(&codes::ID_PATTERN), "{codes_found:?}");
    let error =
        block_on(client.upload_image(ImageData::Base64("data:image/png;base64,AAAA"), None))
            .unwrap_err();
    assert_eq!(error.issues[0].code, codes::BASE64_DATA_URL);
    assert!(fake.requests().is_empty());
}

// ---------- categories ----------

#[test]
fn category_endpoints() {
    let (client, fake) = new_client();
    let request = AddCategoryRequest {
        order_id: "order-1".into(),
        payment_type: PaymentType::Ecom,
        category_type: CategoryType::Receipt,
        url: "https://shop.example/o/1".into(),
        image_id: None,
    };
    let added = block_on(client.add_category(&request)).unwrap();
    let id = added.category_id.unwrap();
    let listed = block_on(client.get_categories(Some("order-1"))).unwrap();
    assert_eq!(listed.categories.len(), 1);
    let one = block_on(client.get_category(&id)).unwrap();
    assert_eq!(one.category_type, Some(CategoryType::Ticket));
    block_on(client.delete_category(&id)).unwrap();
    let category = serde_json::from_value(json!({
        "category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1"
    }))
    .unwrap();
    block_on(client.set_category("ECOM", "order-1", &category)).unwrap();
    let urls: Vec<(Method, String)> = fake
        .api_requests()
        .iter()
        .map(|r| {
            (
                r.method,
                r.url
                    .replace("https://apitest.vipps.no/order-management/", ""),
            )
        })
        .collect();
    assert_eq!(
        urls,
        [
            (Method::Post, "v3/categories".to_owned()),
            (Method::Get, "v3/categories?orderId=order-1".to_owned()),
            (Method::Get, format!("v3/categories/{id}")),
            (Method::Delete, format!("v3/categories/{id}")),
            (Method::Put, "v2/ECOM/categories/order-1".to_owned()),
        ]
    );
}

// ---------- secrets ----------

#[test]
fn secrets_never_appear_in_debug_or_display() {
    let secrets = [
        CLIENT_SECRET,
        SUBSCRIPTION_KEY,
        "tok-1-secret",
        "tok-2-secret",
    ];
    let mut printed = Vec::new();
    let (client, fake) = new_client();
    get_order(&client).unwrap();
    printed.push(format!("{client:?}"));
    for request in fake.requests() {
        printed.push(format!("{request:?}"));
    }
    // The token endpoint's answer, as a transport hands it to the client.
    printed.push(format!(
        "{:?}",
        HttpResponse {
            status: 200,
            headers: vec![],
            body: r#"{"access_token":"tok-1-secret","expires_in":"3600"}"#.into(),
        }
    ));
    let faults = [
        Fault::ExpireToken,
        Fault::Timeout,
        Fault::Network,
        Fault::Reply(
            400,
            r#"{"title":"x","invalidParams":[{"name":"a","reason":"b"}]}"#,
            vec![],
        ),
        Fault::Reply(429, "{}", vec![("Retry-After", "100".into())]),
        Fault::Reply(200, "{", vec![]),
    ];
    for fault in faults {
        let (client, fake) = new_client();
        for _ in 0..3 {
            fake.fault("/order-management/", fault.clone());
        }
        let error = get_order(&client).unwrap_err();
        printed.push(format!("{error:?} {error}"));
    }
    let (client, fake) = new_client();
    fake.fault(
        "/accesstoken/get",
        Fault::Reply(401, r#"{"error":"unauthorized_client"}"#, vec![]),
    );
    let error = get_order(&client).unwrap_err();
    printed.push(format!("{error:?} {error}"));
    let error = OrderManagementClient::new(
        ClientOptions::new(Credentials::Keys {
            client_id: "id".into(),
            client_secret: format!("{CLIENT_SECRET}\n").into(),
            subscription_key: SUBSCRIPTION_KEY.into(),
            merchant_serial_number: "1".into(),
        }),
        Fake::new(),
    )
    .unwrap_err();
    printed.push(format!("{error:?} {error}"));
    assert!(printed.len() > 8);
    for text in &printed {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(printed[0].contains("<redacted>"));
}

#[test]
fn errors_doc_lists_every_error_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ERRORS.md");
    let doc = std::fs::read_to_string(path).unwrap_or_default();
    let listed: Vec<&str> = doc
        .lines()
        .filter_map(|line| line.strip_prefix("| `")?.split('`').next())
        .collect();
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        listed, codes,
        "docs/ERRORS.md must list every ErrorCode, in order"
    );
}

// ---------- issue 10: faithful to the real API ----------

fn v3_request(json: Value) -> AddCategoryRequest {
    serde_json::from_value(json).unwrap()
}

fn ticket() -> AddCategoryRequest {
    v3_request(
        json!({"orderId": "order-1", "paymentType": "ECOM", "type": "TICKET",
                      "url": "https://shop.example/t/1"}),
    )
}

fn urls(fake: &Fake) -> Vec<String> {
    fake.api_requests()
        .iter()
        .map(|r| format!("{:?} {}", r.method, r.url))
        .collect()
}

#[test]
fn point_3_payment_type_in_any_case_is_sent_upper_case() {
    let (client, fake) = new_client();
    let written = block_on(client.add_receipt("ecom", "order-1", &receipt())).unwrap();
    assert_eq!(written.outcome, WriteOutcome::Created);
    block_on(client.get_order("Recurring", "order-2")).unwrap();
    let category = serde_json::from_value(
        json!({"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1"}),
    )
    .unwrap();
    block_on(client.set_category("recurring", "order-1", &category)).unwrap();
    let request = v3_request(
        json!({"orderId": "order-1", "paymentType": "ecom", "type": "TICKET",
                                    "url": "https://shop.example/t/1"}),
    );
    assert_eq!(request.payment_type, PaymentType::Ecom);
    block_on(client.add_category(&request)).unwrap();
    let sent = urls(&fake);
    assert!(sent[0].ends_with("/v2/ECOM/receipts/order-1"), "{sent:?}");
    assert!(sent[1].ends_with("/v2/RECURRING/order-2"), "{sent:?}");
    assert!(
        sent[2].ends_with("/v2/RECURRING/categories/order-1"),
        "{sent:?}"
    );
    let body: Value =
        serde_json::from_str(fake.api_requests()[3].body.as_deref().unwrap()).unwrap();
    assert_eq!(body["paymentType"], "ECOM");
    // Not a payment type in any case: still refused before sending.
    let error = block_on(client.get_order("ecomm", "order-1")).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[test]
fn point_5_v3_post_after_an_unknown_outcome_lists_before_posting_again() {
    // The first POST is applied, its answer lost: the category is found, not posted twice.
    let (client, fake) = new_client();
    fake.fault("/v3/categories", Fault::ApplyThenTimeout);
    let added = block_on(client.add_category(&ticket())).unwrap();
    assert_eq!(added.outcome, WriteOutcome::AlreadyExists);
    assert_eq!(added.category_id.as_deref(), Some("cat-1"));
    assert_eq!(fake.world().category_posts, 1);
    let sent = urls(&fake);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[1].starts_with("Get ") && sent[1].ends_with("/v3/categories?orderId=order-1"));

    // A 503 that did not apply it, with another category on the order: posted again once.
    let (client, fake) = new_client();
    block_on(client.add_category(&v3_request(json!({"orderId": "order-1",
        "paymentType": "ECOM", "type": "TICKET", "url": "https://shop.example/other"}))))
    .unwrap();
    fake.fault("/v3/categories", fail_503());
    let added = block_on(client.add_category(&ticket())).unwrap();
    assert_eq!(added.outcome, WriteOutcome::Created);
    assert_eq!(added.category_id.as_deref(), Some("cat-2"));
    assert_eq!(fake.world().category_posts, 2);

    // Never a POST straight after a POST whose outcome is unknown: a list comes between.
    let sent = urls(&fake);
    let methods: Vec<&str> = sent.iter().map(|r| r.split(' ').next().unwrap()).collect();
    assert_eq!(methods, ["Post", "Post", "Get", "Post"], "{sent:?}");
}

#[test]
fn point_6_v3_delete_answered_404_after_an_attempt_that_may_have_deleted_is_success() {
    let (client, fake) = new_client();
    let id = block_on(client.add_category(&ticket()))
        .unwrap()
        .category_id
        .unwrap();
    fake.fault("/v3/categories/", Fault::ApplyThenTimeout);
    block_on(client.delete_category(&id)).unwrap();
    assert!(fake.world().categories.is_empty());
    // A 404 on the first attempt is still not_found.
    let error = block_on(client.delete_category(&id)).unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
}

#[test]
fn point_6_a_404_after_a_refused_attempt_is_still_not_found() {
    // A 429 changed nothing, so the 404 after it means the id never existed.
    let (client, fake) = new_client();
    fake.fault("/v3/categories/", Fault::Reply(429, "{}", vec![]));
    let error = block_on(client.delete_category("no-such-id")).unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert_eq!(urls(&fake).len(), 2, "{:?}", urls(&fake));
}

#[test]
fn point_7_a_caller_image_id_taken_after_a_refused_attempt_is_a_conflict() {
    // Another image holds the id; our first attempt was refused with 429 and wrote nothing.
    let (client, fake) = new_client();
    block_on(client.upload_image(ImageData::Bytes(&png(200, 201)), Some("logo-1"))).unwrap();
    fake.fault("/v1/images", Fault::Reply(429, "{}", vec![]));
    let error = block_on(client.upload_image(ImageData::Bytes(&png(200, 200)), Some("logo-1")))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
}

#[test]
fn point_7_a_caller_image_id_taken_after_a_retry_is_not_claimed_as_ours() {
    let image = png(200, 200);
    let (client, fake) = new_client();
    fake.fault("/v1/images", Fault::ApplyThenTimeout);
    let uploaded = block_on(client.upload_image(ImageData::Bytes(&image), Some("logo-1"))).unwrap();
    assert_eq!(uploaded.outcome, WriteOutcome::IdTaken);
    assert!(!uploaded.id_from_content);
    // A content-derived id makes the 409 provably ours.
    let (client, fake) = new_client();
    fake.fault("/v1/images", Fault::ApplyThenTimeout);
    let uploaded = block_on(client.upload_image(ImageData::Bytes(&image), None)).unwrap();
    assert_eq!(uploaded.outcome, WriteOutcome::AlreadyExists);
    assert!(uploaded.id_from_content);
}

#[test]
fn point_8_exactly_once_receipts_survive_an_enriched_get() {
    // The 201 is lost; the retry gets 409; the read-back is enriched like the reference sample.
    let (client, fake) = new_client();
    fake.world().enrich = true;
    fake.fault("/receipts/", Fault::ApplyThenTimeout);
    let written = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap();
    assert_eq!(written.outcome, WriteOutcome::AlreadyExists);
    assert_eq!(fake.world().receipt_writes, 1);

    // A different amount is still a conflict, enriched or not.
    let mut other = receipt_json();
    other["orderLines"][0]["totalAmount"] = json!(7990);
    other["orderLines"][0]["totalTaxAmount"] = json!(1606);
    let other: Receipt = serde_json::from_value(other).unwrap();
    let error = block_on(client.add_receipt("ECOM", "order-1", &other)).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert!(error.receipt_conflict.is_some());
    // So is a different rate.
    let mut rate = receipt_json();
    rate["orderLines"][1]["taxRate"] = json!(1500);
    rate["orderLines"][1]["totalAmountExcludingTax"] = json!(4261);
    rate["orderLines"][1]["totalTaxAmount"] = json!(639);
    let rate: Receipt = serde_json::from_value(rate).unwrap();
    let error = block_on(client.add_receipt("ECOM", "order-1", &rate)).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert_eq!(fake.world().receipt_writes, 1);
}

#[test]
fn point_9_unknown_enum_values_and_fields_in_responses_are_kept() {
    let order = r#"{"category":{"category":"PARKING","orderDetailsUrl":"https://s.example/o","newField":1},
        "receipt":{"orderLines":[{"name":"Power","id":"p","totalAmount":100,"totalAmountExcludingTax":80,
        "totalTaxAmount":20,"taxRate":2500,"unitInfo":{"unitPrice":100,"quantity":"1","quantityUnit":"HOUR"},
        "carbon":"low"}],"bottomLine":{"currency":"NOK","barcode":{"format":"QR","data":"x"}}},"extra":true}"#;
    let (client, fake) = new_client();
    fake.fault("/v2/ECOM/order-1", Fault::Reply(200, order, vec![]));
    let read = get_order(&client).unwrap();
    assert_eq!(read["category"]["category"], "PARKING");
    assert_eq!(
        read["receipt"]["orderLines"][0]["unitInfo"]["quantityUnit"],
        "HOUR"
    );
    assert_eq!(read["receipt"]["bottomLine"]["barcode"]["format"], "QR");

    let listed =
        r#"{"categories":[{"categoryId":"c","type":"PARKING","paymentType":"WALLET","more":1}]}"#;
    fake.fault("/v3/categories", Fault::Reply(200, listed, vec![]));
    let categories = block_on(client.get_categories(Some("order-1"))).unwrap();
    assert_eq!(
        categories.categories[0].category_type,
        Some(CategoryType::Other("PARKING".into()))
    );
    assert_eq!(
        categories.categories[0].payment_type,
        Some(PaymentType::Other("WALLET".into()))
    );

    // The 409 read-back with a unit this version does not know: a conflict with both receipts,
    // not invalid_response.
    fake.fault(
        "/receipts/",
        Fault::Reply(409, r#"{"title":"Conflict"}"#, vec![]),
    );
    fake.fault("/v2/ECOM/order-1", Fault::Reply(200, order, vec![]));
    let error = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    let existing = &error.receipt_conflict.unwrap().existing;
    assert_eq!(
        serde_json::to_value(existing).unwrap()["orderLines"][0]["unitInfo"]["quantityUnit"],
        "HOUR"
    );
}

#[test]
fn point_10_ids_in_write_answers_are_returned_and_categories_list_without_an_order() {
    let (client, fake) = new_client();
    let written = block_on(client.add_receipt("ECOM", "order-1", &receipt())).unwrap();
    assert_eq!(
        written.id.as_deref(),
        Some("7f0e1b9c-0000-4000-8000-000000000001")
    );
    fake.fault(
        "/categories/order-1",
        Fault::Reply(200, r#""16328cb8-d769-4c53-90ad-e19777823f0a""#, vec![]),
    );
    let category = serde_json::from_value(
        json!({"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1"}),
    )
    .unwrap();
    let id = block_on(client.set_category("ECOM", "order-1", &category)).unwrap();
    assert_eq!(id.as_deref(), Some("16328cb8-d769-4c53-90ad-e19777823f0a"));
    block_on(client.add_category(&ticket())).unwrap();
    let all = block_on(client.get_categories(None)).unwrap();
    assert_eq!(all.categories.len(), 1);
    assert!(urls(&fake).last().unwrap().ends_with("/v3/categories"));
}

#[test]
fn point_11_plugin_headers_default_to_this_package() {
    let mut options = options();
    options.plugin_name = None;
    options.plugin_version = None;
    options.system_name = None;
    options.system_version = None;
    let (client, fake) = client_with(options);
    get_order(&client).unwrap();
    let request = &fake.api_requests()[0];
    assert_eq!(
        request.header("Vipps-System-Plugin-Name"),
        Some("vipps-order-management")
    );
    assert_eq!(
        request.header("Vipps-System-Plugin-Version"),
        Some(env!("CARGO_PKG_VERSION"))
    );
    // The system pair stays the caller's: nothing is made up.
    assert_eq!(request.header("Vipps-System-Name"), None);
    assert_eq!(request.header("Vipps-System-Version"), None);
}

#[test]
fn client_errors_name_the_real_request_and_carry_the_cause() {
    // The message names the request as sent (the order id, percent-encoded), not the route.
    let (client, fake) = new_client();
    for _ in 0..3 {
        fake.fault("/order-management/", Fault::Network);
    }
    let error = block_on(client.add_receipt("ecom", "order-42", &receipt())).unwrap_err();
    assert_eq!(error.code, ErrorCode::Network);
    assert!(
        error
            .message
            .starts_with("POST v2/ECOM/receipts/order-42: connection reset (after 3 attempts)"),
        "{}",
        error.message
    );
    assert!(!error.message.contains("{orderId}"), "{}", error.message);
    // The transport's own failure is the error's cause (`source()`, and the `cause` field).
    let source = std::error::Error::source(&error).expect("a cause");
    assert_eq!(source.to_string(), "connection reset");
    assert_eq!(
        error.cause,
        Some(TransportError::Network("connection reset".into()))
    );

    let (client, fake) = new_client();
    for _ in 0..3 {
        fake.fault("/order-management/", Fault::Timeout);
    }
    let error = get_order(&client).unwrap_err();
    assert!(
        error.message.starts_with("GET v2/ECOM/order-1: no answer"),
        "{}",
        error.message
    );
    assert_eq!(error.cause, Some(TransportError::Timeout));

    // An answered call has no transport cause; its message names the real path too.
    let (client, fake) = new_client();
    fake.fault("/order-management/", Fault::Reply(404, "", Vec::new()));
    let error = block_on(client.get_category("cat.7")).unwrap_err();
    assert!(
        error
            .message
            .starts_with("GET v3/categories/cat.7: HTTP 404"),
        "{}",
        error.message
    );
    assert!(std::error::Error::source(&error).is_none());
    // The token request names its path only, never a secret.
    let (client, fake) = new_client();
    for _ in 0..3 {
        fake.fault("/accesstoken/get", Fault::Network);
    }
    let error = get_order(&client).unwrap_err();
    assert!(
        error
            .message
            .starts_with("POST accesstoken/get: connection reset"),
        "{}",
        error.message
    );
    for secret in [CLIENT_SECRET, SUBSCRIPTION_KEY, "client_secret="] {
        assert!(!error.message.contains(secret), "{}", error.message);
    }
}

/// The client's messages word for word (they were `format!`s and are built with `issue::Text`
/// now; issue 9 point 3): the expected text is what main f199552 produced for the same calls.
#[test]
fn messages_are_unchanged_word_for_word() {
    let mut seen = Vec::new();
    let mut note = |result: Result<(), ClientError>| {
        seen.push(result.expect_err("a failure").message);
    };
    let ok = |_| ();

    let (client, fake) = new_client();
    for _ in 0..3 {
        fake.fault("/order-management/", Fault::Timeout);
    }
    note(get_order(&client).map(ok));
    fake.fault("/order-management/", Fault::Network);
    fake.fault("/order-management/", Fault::Reply(404, "", vec![]));
    note(get_order(&client).map(ok));
    fake.fault(
        "/order-management/",
        Fault::Reply(
            307,
            "",
            vec![("Location", "https://elsewhere.example/x?k=v".into())],
        ),
    );
    note(get_order(&client).map(ok));
    fake.fault(
        "/order-management/",
        Fault::Reply(302, "", vec![("Location", "/moved".into())]),
    );
    note(get_order(&client).map(ok));
    fake.fault(
        "/order-management/",
        Fault::Reply(301, "", vec![("Location", "//other.example/a".into())]),
    );
    note(get_order(&client).map(ok));
    fake.fault(
        "/order-management/",
        Fault::Reply(200, r#"{"receipt": 5}"#, vec![]),
    );
    note(get_order(&client).map(ok));

    for body in [
        r#"{"x":1}"#,
        r#"{"access_token":"a","expires_in":true}"#,
        r#"{"access_token":"a","expires_on":"soon"}"#,
        "nope",
    ] {
        let (client, fake) = new_client();
        fake.fault("/accesstoken/get", Fault::Reply(200, body, vec![]));
        note(get_order(&client).map(ok));
    }
    let (client, fake) = new_client();
    fake.fault("/accesstoken/get", Fault::Reply(401, "", vec![]));
    note(get_order(&client).map(ok));

    // A 409 whose read-back shows another receipt; then one whose read-back fails.
    let (client, fake) = new_client();
    let mut other = receipt();
    other.order_lines[0].name = "Shoes".into();
    block_on(client.add_receipt("ECOM", "order-1", &other)).unwrap();
    note(block_on(client.add_receipt("ECOM", "order-1", &receipt())).map(|_| ()));
    fake.fault(
        "/receipts/",
        Fault::Reply(409, r#"{"title":"Conflict"}"#, vec![]),
    );
    fake.fault(
        "/v2/ECOM/order-1",
        Fault::Reply(403, r#"{"detail":"no"}"#, vec![]),
    );
    note(block_on(client.add_receipt("ECOM", "order-1", &receipt())).map(|_| ()));
    note(block_on(client.add_receipt("ECOM", "", &receipt())).map(|_| ()));
    note(block_on(client.add_receipt("WALLET", "", &receipt())).map(|_| ()));

    // An image id taken on the first attempt.
    fake.fault("/v1/images", Fault::Reply(409, "", vec![]));
    note(
        block_on(client.upload_image(ImageData::Bytes(&png(200, 200)), Some("logo-1"))).map(|_| ()),
    );
    // A category add whose outcome is unknown, and whose listing fails.
    let mut once = options();
    once.retry = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    let (client, fake) = client_with(once);
    fake.fault("/v3/categories", Fault::Timeout);
    fake.fault("/v3/categories", Fault::Reply(500, "", vec![]));
    note(block_on(client.add_category(&ticket())).map(|_| ()));

    let mut long = options();
    long.plugin_name = Some("p".repeat(300));
    let refused = OrderManagementClient::new(long, Fake::new()).unwrap_err();
    seen.push(refused.issues[0].message.clone());

    // One deliberate change: an answer that is not the spec's shape is described by the
    // crate's reader, with the path (main had serde's "invalid type: integer `5`, expected
    // struct Receipt at line 1 column 13").
    let expected = [
        "GET v2/ECOM/order-1: no answer within 5000 ms (after 3 attempts)",
        "GET v2/ECOM/order-1: HTTP 404",
        "GET v2/ECOM/order-1: HTTP 307 to https://elsewhere.example; the API never redirects, so it was not followed (check baseUrl, and any proxy in between)",
        "GET v2/ECOM/order-1: HTTP 302 to a path on the same origin (https://apitest.vipps.no); the API never redirects, so it was not followed (check baseUrl, and any proxy in between)",
        "GET v2/ECOM/order-1: HTTP 301 to https://other.example; the API never redirects, so it was not followed (check baseUrl, and any proxy in between)",
        "GET v2/ECOM/order-1: the response is not the JSON the API specifies: receipt: expected an object, found an integer",
        "POST accesstoken/get: the access token response has no 'access_token' string",
        "POST accesstoken/get: 'expires_in' in the access token response has the wrong type",
        "POST accesstoken/get: 'expires_on' in the access token response is not a whole number of seconds",
        "POST accesstoken/get: the access token response is not JSON",
        "POST accesstoken/get: HTTP 401: the access token request was refused; check clientId, clientSecret, subscriptionKey and merchantSerialNumber",
        "POST v2/ECOM/receipts/order-1: the order already has a different receipt; receipts cannot be changed",
        "POST v2/ECOM/receipts/order-1: HTTP 409 - Conflict (reading the order back to compare receipts failed: forbidden: GET v2/ECOM/order-1: HTTP 403 - no)",
        "invalid input: orderId: must not be empty",
        "invalid input: paymentType: \"WALLET\" is not allowed; use one of \"ECOM\" \"RECURRING\" (and 1 more)",
        "POST v1/images: the image id 'logo-1' is already taken, and an image cannot be overwritten; whether it holds these bytes cannot be known. Upload without an id (it is then derived from the content) or choose a new id",
        "POST v3/categories: no answer within 5000 ms (the category may have been added: listing the order's categories to find out failed: server_error: GET v3/categories?orderId=order-1: HTTP 500)",
        "is 300 characters long; at most 100 are allowed",
    ];
    assert_eq!(seen.join("\n"), expected.join("\n"));
}
