//! Sends one order's receipt from a Rust service: builds the receipt from a cart, sets the
//! order's category (the app's "Receipt" button, linking back to the shop), posts the receipt and
//! reads the order back.
//!
//! ```sh
//! export VIPPS_CLIENT_ID=… VIPPS_CLIENT_SECRET=… VIPPS_SUBSCRIPTION_KEY=… VIPPS_MSN=…
//! cargo run --example send_receipt --features reqwest -- --order-id <orderId>
//! ```
//!
//! Options: `--order-id` (required: the payment's reference), `--payment-type ECOM|RECURRING`
//! (default ECOM), `--shop-url` (default https://shop.example), `--base-url` (a mock or a proxy;
//! else `VIPPS_ENVIRONMENT=production` for api.vipps.no, default apitest.vipps.no).
//! Posting the same receipt again is harmless: it reports `already there`.

use std::process::ExitCode;

use vipps_order_management::build::{Cart, CartItem, CartShipping, build_receipt};
use vipps_order_management::client::{
    ClientError, ClientOptions, Credentials, Environment, OrderManagementClient, ReqwestTransport,
    WriteOutcome,
};
use vipps_order_management::model::{CategoryType, Currency, OrderCategory};

const USAGE: &str = "usage: send_receipt --order-id ID [--payment-type ECOM|RECURRING] \
                     [--shop-url URL] [--base-url URL]\n\
                     keys from VIPPS_CLIENT_ID, VIPPS_CLIENT_SECRET, VIPPS_SUBSCRIPTION_KEY, VIPPS_MSN";

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match send(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Every problem with its path; no secret is ever in a ClientError.
            eprintln!("{error}");
            for issue in &error.issues {
                eprintln!("  {} [{}] {}", issue.path, issue.code, issue.message);
            }
            ExitCode::FAILURE
        }
    }
}

async fn send(args: &Args) -> Result<(), ClientError> {
    // The shop's cart: strings are human decimals, numbers would be minor units.
    let mut cart = Cart::new(Currency::Nok);
    cart.items.push(CartItem {
        quantity: "2".into(),
        ..CartItem::new("sku-1", "Socks", "39.90", "25")
    });
    cart.items
        .push(CartItem::new("sku-2", "Coffee, 500 g", "49.90", "15"));
    cart.shipping.push(CartShipping {
        id: None,
        name: "Home delivery".into(),
        price: "49".into(),
        tax_rate: "25".into(),
        discount: None,
    });
    cart.receipt_number = Some(args.order_id.clone());
    let built = build_receipt(&cart)
        .map_err(|error| ClientError::invalid_input(error.to_string(), error.issues))?;
    for warning in built.warnings() {
        eprintln!("warning: {}: {}", warning.path, warning.message);
    }
    let receipt = built.receipt;

    let mut options = ClientOptions::new(Credentials::Keys {
        client_id: env("VIPPS_CLIENT_ID")?,
        client_secret: env("VIPPS_CLIENT_SECRET")?.into(),
        subscription_key: env("VIPPS_SUBSCRIPTION_KEY")?.into(),
        merchant_serial_number: env("VIPPS_MSN")?,
    });
    if std::env::var("VIPPS_ENVIRONMENT").as_deref() == Ok("production") {
        options.environment = Environment::Production;
    }
    options.base_url = args.base_url.clone();
    options.system_name = Some("send-receipt-example".into());
    options.system_version = Some(env!("CARGO_PKG_VERSION").into());
    let client = OrderManagementClient::new(options, ReqwestTransport::new()?)?;

    let (payment_type, order_id) = (args.payment_type.as_str(), args.order_id.as_str());
    let category = OrderCategory {
        category: Some(CategoryType::Receipt),
        order_details_url: format!("{}/orders/{order_id}", args.shop_url),
        image_id: None,
        image_ids: None,
    };
    client
        .set_category(payment_type, order_id, &category)
        .await?;
    println!("category: RECEIPT -> {}", category.order_details_url);

    let posted = client.add_receipt(payment_type, order_id, &receipt).await?;
    match posted.outcome {
        WriteOutcome::Created => println!("receipt: posted"),
        WriteOutcome::AlreadyExists => println!("receipt: already there (the same one)"),
        // Other outcomes belong to image uploads with a caller-chosen id.
        other => println!("receipt: {other:?}"),
    }

    let order = client.get_order(payment_type, order_id).await?;
    let total = order.receipt.as_ref().and_then(|r| r.total());
    println!(
        "read back: {} order lines, total {} øre",
        order.receipt.map_or(0, |r| r.order_lines.len()),
        total.map_or_else(|| "?".to_owned(), |t| t.to_string()),
    );
    Ok(())
}

fn env(name: &str) -> Result<String, ClientError> {
    std::env::var(name).map_err(|_| {
        ClientError::new(
            vipps_order_management::client::ErrorCode::InvalidInput,
            format!("set {name} in the environment"),
        )
    })
}

struct Args {
    order_id: String,
    payment_type: String,
    shop_url: String,
    base_url: Option<String>,
}

impl Args {
    fn parse(mut words: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut args = Args {
            order_id: String::new(),
            payment_type: "ECOM".into(),
            shop_url: "https://shop.example".into(),
            base_url: None,
        };
        while let Some(word) = words.next() {
            let (flag, inline) = match word.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (word, None),
            };
            let value = match inline.or_else(|| words.next()) {
                Some(value) => value,
                None => return Err(format!("{flag} needs a value")),
            };
            match flag.as_str() {
                "--order-id" => args.order_id = value,
                "--payment-type" => args.payment_type = value,
                "--shop-url" => args.shop_url = value.trim_end_matches('/').to_owned(),
                "--base-url" => args.base_url = Some(value),
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        if args.order_id.is_empty() {
            return Err("--order-id is required".into());
        }
        Ok(args)
    }
}
