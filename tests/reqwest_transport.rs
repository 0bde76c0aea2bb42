//! The Rust client over real HTTP: `ReqwestTransport` against the mock Vipps API
//! (tests/mock-api/server.mjs, started with node on a free 127.0.0.1 port per test), every
//! endpoint and the receipt fault rows; and the transport alone against small raw servers
//! (redirects, timeouts, oversized bodies). Feature `reqwest`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vipps_order_management::build::build_receipt_from_text;
use vipps_order_management::client::{
    ClientOptions, Credentials, ErrorCode, HttpRequest, ImageData, MAX_RESPONSE_BYTES, Method,
    OrderManagementClient, ReqwestTransport, RetryPolicy, Transport, TransportError, WriteOutcome,
};
use vipps_order_management::model::{
    AddCategoryRequest, CategoryType, OrderCategory, PaymentType, Receipt,
};

mod common;
use common::png::png;

const MOCK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mock-api/server.mjs");

// ---------- the mock, started by each test ----------

/// The mock Vipps API in a node child process; killed when dropped.
struct Mock {
    child: Child,
    url: String,
    http: reqwest::Client,
}

impl Mock {
    fn start() -> Mock {
        let mut child = Command::new("node")
            .arg(MOCK)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node must be on PATH to start tests/mock-api/server.mjs");
        // The CLI prints exactly one line, `MOCK_URL=http://127.0.0.1:PORT`, once it listens.
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("MOCK_URL=")
            .unwrap_or_else(|| panic!("unexpected first line from the mock: {line:?}"))
            .to_owned();
        let http = ReqwestTransport::new().unwrap().client().clone();
        Mock { child, url, http }
    }

    async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }

    /// Queues a fault (tests/mock-api/README.md, "Faults").
    async fn fault(&self, spec: Value) {
        self.control(reqwest::Method::POST, "/__mock/faults", Some(spec))
            .await;
    }

    async fn state(&self) -> Value {
        self.control(reqwest::Method::GET, "/__mock/state", None)
            .await
    }

    /// A client with fast retries and a 2 s attempt timeout.
    fn client(&self) -> OrderManagementClient<ReqwestTransport> {
        self.client_with(|_| {})
    }

    fn client_with(
        &self,
        change: impl FnOnce(&mut ClientOptions),
    ) -> OrderManagementClient<ReqwestTransport> {
        let mut options = ClientOptions::new(Credentials::Keys {
            client_id: "test-client-id".into(),
            client_secret: "test-client-secret".into(),
            subscription_key: "test-subscription-key".into(),
            merchant_serial_number: "123456".into(),
        });
        options.base_url = Some(self.url.clone());
        options.system_name = Some("reqwest-tests".into());
        options.system_version = Some("1.0.0".into());
        options.timeout_ms = 2_000;
        options.retry = RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 10,
            max_delay_ms: 5_000,
        };
        change(&mut options);
        OrderManagementClient::new(options, ReqwestTransport::new().unwrap()).unwrap()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn receipt(seed: u32) -> Receipt {
    build_receipt_from_text(&format!(
        r#"{{"currency":"NOK","items":[
            {{"id":"sku-1","name":"Socks","unitPrice":"39.90","quantity":"2","taxRate":"25"}},
            {{"id":"sku-2","name":"Coffee","unitPrice":{},"taxRate":1500}}],
          "shipping":{{"name":"Home delivery","price":"49","taxRate":"25"}}}}"#,
        4990 + seed
    ))
    .unwrap()
    .receipt
}

/// The mock's requests whose path starts with `prefix`.
fn requests<'a>(state: &'a Value, prefix: &str) -> Vec<&'a Value> {
    state["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().starts_with(prefix))
        .collect()
}

// ---------- every endpoint ----------

#[tokio::test]
async fn every_endpoint_over_real_http() {
    let mock = Mock::start();
    let client = mock.client();

    let image = png(300, 200);
    let uploaded = client
        .upload_image(ImageData::Bytes(&image), None)
        .await
        .unwrap();
    assert_eq!(uploaded.outcome, WriteOutcome::Created);
    let again = client
        .upload_image(ImageData::Bytes(&image), None)
        .await
        .unwrap();
    assert_eq!(again.outcome, WriteOutcome::AlreadyExists);

    let category = OrderCategory {
        category: Some(CategoryType::Receipt),
        order_details_url: "https://shop.example/orders/order-1".into(),
        image_id: Some(uploaded.image_id.clone()),
        image_ids: None,
    };
    client
        .set_category("ECOM", "order-1", &category)
        .await
        .unwrap();

    let receipt = receipt(0);
    let outcome = client
        .add_receipt("ECOM", "order-1", &receipt)
        .await
        .unwrap()
        .outcome;
    assert_eq!(outcome, WriteOutcome::Created);
    let outcome = client
        .add_receipt("ECOM", "order-1", &receipt)
        .await
        .unwrap()
        .outcome;
    assert_eq!(outcome, WriteOutcome::AlreadyExists);
    let different = client
        .add_receipt("ECOM", "order-1", &self::receipt(1))
        .await
        .unwrap_err();
    assert_eq!(different.code, ErrorCode::Conflict);
    assert!(different.receipt_conflict.is_some());

    let order = client.get_order("ECOM", "order-1").await.unwrap();
    assert_eq!(order.receipt.as_ref(), Some(&receipt));
    assert_eq!(order.category.as_ref(), Some(&category));

    let request = AddCategoryRequest {
        order_id: "order-1".into(),
        payment_type: PaymentType::Ecom,
        category_type: CategoryType::Ticket,
        url: "https://shop.example/tickets/1".into(),
        image_id: None,
    };
    let added = client.add_category(&request).await.unwrap();
    let category_id = added.category_id.expect("the mock answers with the new id");
    let listed = client.get_categories(Some("order-1")).await.unwrap();
    assert_eq!(listed.categories.len(), 1);
    let fetched = client.get_category(&category_id).await.unwrap();
    assert_eq!(fetched.url.as_deref(), Some(request.url.as_str()));
    client.delete_category(&category_id).await.unwrap();
    let gone = client.get_category(&category_id).await.unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound);

    let missing = client.get_order("ECOM", "notfound-1").await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);

    let state = mock.state().await;
    assert_eq!(state["tokensIssued"], 1, "one token for every call");
    assert_eq!(state["receiptPostCount"]["ECOM/order-1"], 1);
    // What went over the wire: every header the API needs, one idempotency key per call.
    let posts = requests(&state, "/order-management/v2/ECOM/receipts/");
    let first = &posts[0]["headers"];
    assert!(
        first["authorization"]
            .as_str()
            .unwrap()
            .starts_with("Bearer ")
    );
    assert_eq!(first["ocp-apim-subscription-key"], "test-subscription-key");
    assert_eq!(first["merchant-serial-number"], "123456");
    assert_eq!(first["vipps-system-name"], "reqwest-tests");
    assert_eq!(first["content-type"], "application/json");
    assert!(
        first["user-agent"]
            .as_str()
            .unwrap()
            .starts_with("vipps-order-management/")
    );
    let keys: Vec<&Value> = posts.iter().map(|r| &r["idempotencyKey"]).collect();
    assert_eq!(keys.len(), 3);
    assert!(
        keys.iter()
            .all(|k| k.as_str().is_some_and(|k| k.len() == 36))
    );
    assert!(keys[0] != keys[1] && keys[1] != keys[2] && keys[0] != keys[2]);
}

#[tokio::test]
async fn bad_keys_are_unauthorized_and_never_echoed() {
    let mock = Mock::start();
    let client = mock.client_with(|options| {
        options.credentials = Credentials::Keys {
            client_id: "test-client-id".into(),
            client_secret: "wrong-s3cr3t".into(),
            subscription_key: "test-subscription-key".into(),
            merchant_serial_number: "123456".into(),
        };
    });
    let error = client.get_order("ECOM", "order-1").await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);
    let printed = format!("{error} {error:?} {client:?}");
    for secret in ["wrong-s3cr3t", "test-subscription-key"] {
        assert!(!printed.contains(secret), "{printed}");
    }
}

// ---------- the receipt fault rows ----------

/// Posts a receipt for a fresh order with `fault` queued once on the receipt endpoint; returns
/// the outcome, the attempts that reached the endpoint and the time taken. The mock must end
/// with exactly one receipt.
async fn receipt_with_fault(fault: Value) -> (WriteOutcome, usize, Duration, Value) {
    let mock = Mock::start();
    let client = mock.client_with(|options| options.timeout_ms = 500);
    let mut spec = fault;
    spec["path"] = json!("/order-management/v2/ECOM/receipts/");
    mock.fault(spec).await;
    let started = Instant::now();
    let outcome = client
        .add_receipt("ECOM", "order-f", &receipt(0))
        .await
        .unwrap()
        .outcome;
    let took = started.elapsed();
    let state = mock.state().await;
    assert_eq!(state["receiptPostCount"]["ECOM/order-f"], 1, "one receipt");
    assert_eq!(
        state["receipts"]["ECOM/order-f"],
        serde_json::to_value(receipt(0)).unwrap()
    );
    let attempts = requests(&state, "/order-management/v2/ECOM/receipts/").len();
    // Posting it again is harmless.
    let again = client
        .add_receipt("ECOM", "order-f", &receipt(0))
        .await
        .unwrap()
        .outcome;
    assert_eq!(again, WriteOutcome::AlreadyExists);
    (outcome, attempts, took, state)
}

#[tokio::test]
async fn a_500_is_retried_once_and_creates_one_receipt() {
    let (outcome, attempts, _, _) = receipt_with_fault(json!({"fault": "500"})).await;
    assert_eq!((outcome, attempts), (WriteOutcome::Created, 2));
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_creates_one_receipt() {
    let (outcome, attempts, took, _) =
        receipt_with_fault(json!({"fault": "429", "retryAfter": 1})).await;
    assert_eq!((outcome, attempts), (WriteOutcome::Created, 2));
    assert!(
        took >= Duration::from_millis(950),
        "Retry-After: 1 honoured ({took:?})"
    );
}

#[tokio::test]
async fn a_lost_answer_after_the_write_is_already_exists() {
    let (outcome, attempts, _, state) =
        receipt_with_fault(json!({"fault": "apply-then-drop"})).await;
    // The retry meets a 409; the receipt read back is the same one.
    assert_eq!((outcome, attempts), (WriteOutcome::AlreadyExists, 2));
    assert_eq!(
        requests(&state, "/order-management/v2/ECOM/order-f").len(),
        1
    );
}

#[tokio::test]
async fn a_timeout_abandons_the_attempt_and_the_retry_creates_one_receipt() {
    let (outcome, attempts, took, state) =
        receipt_with_fault(json!({"fault": "delay", "delayMs": 2_000})).await;
    assert_eq!((outcome, attempts), (WriteOutcome::Created, 2));
    // The 500 ms per-attempt timeout, not the 2 s delay, decided: and dropping the attempt
    // closed its connection, so the mock abandoned it rather than applying it late.
    assert!(took < Duration::from_millis(1_900), "{took:?}");
    let posts = requests(&state, "/order-management/v2/ECOM/receipts/");
    assert_eq!(posts[0]["aborted"], true, "{}", posts[0]);
    assert_eq!(posts[0]["status"], Value::Null);
}

// ---------- one client, many tasks ----------

/// A client and its calls' futures can go wherever tokio puts tasks (a compile-time check).
#[allow(dead_code)]
fn shareable_across_tasks(client: &OrderManagementClient<ReqwestTransport>, receipt: &Receipt) {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    send_sync(client);
    send(&client.add_receipt("ECOM", "o", receipt));
    send(&client.get_order("ECOM", "o"));
    send(&client.upload_image(ImageData::Bytes(&[]), None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_tasks_ten_orders_one_client_ten_receipts_one_token() {
    let mock = Mock::start();
    let client = Arc::new(mock.client());
    let tasks: Vec<_> = (0..50)
        .map(|n| {
            let client = Arc::clone(&client);
            tokio::spawn(async move {
                let order = format!("order-{}", n % 10);
                let outcome = client.add_receipt("ECOM", &order, &receipt(0)).await;
                (order, outcome)
            })
        })
        .collect();
    let mut created = std::collections::BTreeMap::<String, usize>::new();
    for task in tasks {
        let (order, outcome) = task.await.unwrap();
        match outcome.unwrap().outcome {
            WriteOutcome::Created => *created.entry(order).or_default() += 1,
            WriteOutcome::AlreadyExists => {}
            other => panic!("{order}: a receipt write is never {other:?}"),
        }
    }
    let state = mock.state().await;
    assert_eq!(state["tokensIssued"], 1, "one token fetch for 50 tasks");
    let receipts = state["receipts"].as_object().unwrap();
    assert_eq!(receipts.len(), 10);
    for n in 0..10 {
        let key = format!("ECOM/order-{n}");
        assert_eq!(state["receiptPostCount"][&key], 1, "{key}");
        assert_eq!(created.get(&format!("order-{n}")), Some(&1), "{key}");
    }
}

// ---------- the transport alone, against raw servers ----------

/// A loopback server that answers every connection with `respond(first request line)`, in a
/// thread, counting connections.
struct RawServer {
    url: String,
    connections: Arc<AtomicUsize>,
}

impl RawServer {
    fn start(respond: impl Fn(&str, &mut TcpStream) + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let respond = Arc::new(respond);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                counter.fetch_add(1, Ordering::SeqCst);
                let respond = respond.clone();
                std::thread::spawn(move || {
                    let mut head = Vec::new();
                    let mut byte = [0u8];
                    while !head.ends_with(b"\r\n\r\n") {
                        match stream.read(&mut byte) {
                            Ok(1) => head.push(byte[0]),
                            _ => return,
                        }
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    respond(head.lines().next().unwrap_or(""), &mut stream);
                });
            }
        });
        RawServer { url, connections }
    }
}

fn get(url: &str, timeout_ms: u64) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: url.to_owned(),
        headers: vec![("Authorization".into(), "Bearer tok-s3cr3t".into())],
        body: None,
        timeout_ms,
    }
}

/// A server that answers 200 `{}` (`elsewhere`), and one that redirects every request to its
/// `/stolen` with a 307 (`redirecting`).
fn redirect_pair() -> (RawServer, RawServer) {
    let elsewhere = RawServer::start(|_, stream| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    });
    let location = format!("{}/stolen", elsewhere.url);
    let redirecting = RawServer::start(move |_, stream| {
        let answer = format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
        );
        let _ = stream.write_all(answer.as_bytes());
    });
    (elsewhere, redirecting)
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let (elsewhere, redirecting) = redirect_pair();
    let transport = ReqwestTransport::new().unwrap();
    let url = format!("{}/order-management/v2/ECOM/o", redirecting.url);
    let response = transport.send(get(&url, 2_000)).await.unwrap();
    assert_eq!(response.status, 307, "handed back, not followed");
    assert!(response.header("Location").unwrap().ends_with("/stolen"));
    assert_eq!(redirecting.connections.load(Ordering::SeqCst), 1);
    assert_eq!(
        elsewhere.connections.load(Ordering::SeqCst),
        0,
        "the token never went to the Location"
    );
}

#[tokio::test]
async fn a_followed_redirect_from_a_callers_client_is_still_a_redirect_error() {
    // reqwest::Client::new() follows redirects; the transport must not use what it found there.
    let (elsewhere, redirecting) = redirect_pair();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let transport = ReqwestTransport::from_client(reqwest::Client::new());
    let url = format!("{}/order-management/v2/ECOM/o", redirecting.url);
    let response = transport.send(get(&url, 2_000)).await.unwrap();
    assert_eq!(
        elsewhere.connections.load(Ordering::SeqCst),
        1,
        "the caller's client followed"
    );
    assert_eq!(response.status, 307, "but its answer is not used");
    assert!(response.header("Location").unwrap().ends_with("/stolen"));
}

#[tokio::test]
async fn a_redirecting_api_is_a_redirect_error_and_the_location_gets_nothing() {
    let mock = Mock::start();
    let elsewhere = RawServer::start(|_, stream| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    });
    // The token endpoint too: the redirect would carry the client secret.
    for path in ["/accesstoken/get", "/order-management/"] {
        mock.fault(
            json!({"fault": "redirect", "path": path, "location": format!("{}/x", elsewhere.url)}),
        )
        .await;
        let client = mock.client();
        let error = client
            .add_receipt("ECOM", "order-r", &receipt(0))
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Redirect, "{path}: {error}");
        assert_eq!(error.status, Some(307));
    }
    assert_eq!(elsewhere.connections.load(Ordering::SeqCst), 0);
    let state = mock.state().await;
    assert!(state["receipts"].as_object().unwrap().is_empty());
}

#[tokio::test]
async fn the_attempt_timeout_is_honoured() {
    // Accepts, reads the request, never answers.
    let silent = RawServer::start(|_, stream| {
        std::thread::sleep(Duration::from_secs(10));
        let _ = stream.flush();
    });
    let transport = ReqwestTransport::new().unwrap();
    let started = Instant::now();
    let outcome = transport.send(get(&silent.url, 300)).await;
    let took = started.elapsed();
    assert_eq!(outcome, Err(TransportError::Timeout));
    assert!(
        took >= Duration::from_millis(290) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error_without_secrets() {
    // A port that was free a moment ago: nothing listens there now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let transport = ReqwestTransport::new().unwrap();
    let outcome = transport
        .send(get(&format!("http://127.0.0.1:{port}/x"), 2_000))
        .await;
    match outcome {
        Err(TransportError::Network(message)) => {
            assert!(!message.contains("s3cr3t"), "{message}");
            assert!(message.to_lowercase().contains("connect"), "{message}");
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_not_buffered() {
    let huge = RawServer::start(|_, stream| {
        let length = MAX_RESPONSE_BYTES + 1;
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        let block = vec![b'a'; 64 * 1024];
        let mut left = length;
        while left > 0 {
            let n = left.min(block.len());
            if stream.write_all(&block[..n]).is_err() {
                return;
            }
            left -= n;
        }
    });
    let transport = ReqwestTransport::new().unwrap();
    match transport.send(get(&huge.url, 10_000)).await {
        Err(TransportError::Network(message)) => {
            assert_eq!(message, "HTTP 200 with a body larger than 16 MiB; not read")
        }
        other => panic!("expected the body to be refused, got {other:?}"),
    }
}

#[test]
fn the_clock_is_the_unix_time_and_keys_are_random() {
    let transport = ReqwestTransport::new().unwrap();
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    assert!(transport.now_ms().abs_diff(wall) < 1_000);
    let draws: Vec<u32> = (0..8).map(|_| transport.random_u32()).collect();
    let mut distinct = draws.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), draws.len(), "{draws:?}");
}

// ---------- the README's example ----------

#[test]
fn the_send_receipt_example_runs_against_the_mock() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = Mock::start();
    // As the README says: `cargo run --example send_receipt --features reqwest -- --base-url`.
    let run = || {
        let mut cargo = Command::new(env!("CARGO"));
        // The test's own CARGO_PKG_*, CARGO_MANIFEST_* ... would make the nested build look
        // different from the outer one (and rebuild both).
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let keep = ["CARGO_HOME", "CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"];
            if (name.starts_with("CARGO_") && !keep.contains(&name.as_ref())) || name == "OUT_DIR" {
                cargo.env_remove(name.as_ref());
            }
        }
        cargo
            .args(["run", "--quiet", "--example", "send_receipt", "--features"])
            .arg("reqwest")
            .args(["--", "--base-url", &mock.url, "--order-id", "example-1"])
            .env("VIPPS_CLIENT_ID", "test-client-id")
            .env("VIPPS_CLIENT_SECRET", "test-client-secret")
            .env("VIPPS_SUBSCRIPTION_KEY", "test-subscription-key")
            .env("VIPPS_MSN", "123456")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(stdout.contains("receipt: posted"), "{stdout}");
    assert!(stdout.contains("read back: 3 order lines"), "{stdout}");
    let second = run();
    assert!(String::from_utf8_lossy(&second.stdout).contains("already there"));
    let state = runtime.block_on(mock.state());
    assert_eq!(state["receiptPostCount"]["ECOM/example-1"], 1);
    assert_eq!(state["categories"]["ECOM/example-1"]["category"], "RECEIPT");
}
