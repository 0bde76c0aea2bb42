//! Renders the spec's receipt example (plus a fuller receipt) to an HTML page, for screenshots.
//!
//! `cargo run --example preview -- out.html [locale] [theme]`

use vipps_order_management::model::Receipt;
use vipps_order_management::preview::{PreviewOptions, render_receipt_html};

/// The `ReceiptExample` of the spec (`components.schemas.Receipt.x-examples`).
const SPEC_EXAMPLE: &str = r#"{
  "orderLines": [{
    "name": "socks", "id": "1234567890", "totalAmount": 1000, "totalAmountExcludingTax": 800,
    "totalTaxAmount": 200, "taxPercentage": 25,
    "unitInfo": {"unitPrice": 0, "quantity": "0.822", "quantityUnit": "PCS"},
    "discount": 0, "productUrl": "https://example.com/store/socks", "isReturn": false, "isShipping": false
  }],
  "bottomLine": {
    "tipAmount": 0, "currency": "NOK", "posId": "string",
    "paymentSources": {"giftCard": 0, "card": 0, "voucher": 0, "cash": 0},
    "barcode": {"format": "EAN-13", "data": "123456"}, "receiptNumber": "1234567"
  }
}"#;

/// A receipt with everything the preview can show: discount, mixed VAT, a return, shipping, tip.
const FULL_EXAMPLE: &str = r#"{
  "orderLines": [
    {"name": "Pancake mix", "id": "p1", "totalAmount": 9500, "totalAmountExcludingTax": 8261,
     "totalTaxAmount": 1239, "taxRate": 1500, "discount": 400,
     "unitInfo": {"unitPrice": 9900, "quantity": "1", "quantityUnit": "PCS"}},
    {"name": "Apples", "id": "p2", "totalAmount": 12330, "totalAmountExcludingTax": 10722,
     "totalTaxAmount": 1608, "taxRate": 1500,
     "unitInfo": {"unitPrice": 15000, "quantity": "0.822", "quantityUnit": "KG"}},
    {"name": "Water bottle", "id": "p3", "totalAmount": 35000, "totalAmountExcludingTax": 28000,
     "totalTaxAmount": 7000, "taxRate": 2500, "productUrl": "https://example.com/store/bottle",
     "unitInfo": {"unitPrice": 17500, "quantity": "2", "quantityUnit": "PCS"}},
    {"name": "Training trousers", "id": "p4", "totalAmount": 49900, "totalAmountExcludingTax": 39920,
     "totalTaxAmount": 9980, "taxRate": 2500, "isReturn": true},
    {"name": "Home delivery", "id": "ship", "totalAmount": 4900, "totalAmountExcludingTax": 3920,
     "totalTaxAmount": 980, "taxRate": 2500, "isShipping": true}
  ],
  "bottomLine": {
    "currency": "NOK", "tipAmount": 1000, "posId": "kasse-3", "receiptNumber": "12847",
    "paymentSources": {"card": 12830, "giftCard": 0},
    "barcode": {"format": "EAN-13", "data": "400638133393"}
  }
}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: preview <out.html> [locale] [theme]")?;
    let locale = args.next().unwrap_or_else(|| "nb-NO".to_owned());
    let theme = args.next();
    let mut body = String::new();
    for (json, category) in [(SPEC_EXAMPLE, "RECEIPT"), (FULL_EXAMPLE, "DELIVERY")] {
        let receipt: Receipt = serde_json::from_str(json)?;
        let options: PreviewOptions = serde_json::from_value(serde_json::json!({
            "locale": locale,
            "theme": theme,
            "category": {"category": category, "orderDetailsUrl": "https://example.com/orders/1"},
        }))?;
        body.push_str(&render_receipt_html(&receipt, &options));
        body.push_str("\n<hr>\n");
    }
    let page = format!(
        "<!doctype html>\n<html lang=\"{locale}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Receipt preview</title><style>body{{margin:0}}hr{{border:0;height:24px}}</style></head>\
         <body>\n{body}</body></html>\n",
        locale = vipps_order_management::preview::html::escape(&locale),
    );
    std::fs::write(&out, page)?;
    println!("wrote {out}");
    Ok(())
}
