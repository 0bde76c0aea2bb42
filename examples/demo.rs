//! Builds a receipt from a sample cart and prints it as the API receives it.
//! `cargo run --example demo` (or `make demo`).

use vipps_order_management::build::build_receipt_from_text;

/// The README's example cart: strings are human decimals, numbers are API units.
const SAMPLE_CART: &str = r#"{
  "currency": "NOK",
  "items": [
    { "id": "sku-1", "name": "Socks", "unitPrice": "39.90", "quantity": "2", "taxRate": "25" },
    { "id": "sku-2", "name": "Coffee", "unitPrice": 4990, "taxRate": 1500, "discount": "5.00" }
  ],
  "shipping": { "name": "Home delivery", "price": "49", "taxRate": "25" },
  "discount": "10.00",
  "expectedTotal": "163.70",
  "receiptNumber": "10042"
}"#;

fn main() {
    match build_receipt_from_text(SAMPLE_CART) {
        Ok(built) => match serde_json::to_string_pretty(&built.receipt) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("could not serialize the receipt: {error}");
                std::process::exit(1);
            }
        },
        Err(error) => {
            eprintln!("{error}");
            for issue in &error.issues {
                eprintln!("  {} [{}] {}", issue.path, issue.code, issue.message);
            }
            std::process::exit(1);
        }
    }
}
