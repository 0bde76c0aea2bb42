//! The receipt preview: view model, locales, HTML safety, barcodes, and the number formats
//! against Node's `Intl.NumberFormat`.

use std::process::Command;

use proptest::prelude::*;
use vipps_order_management::model::Receipt;
use vipps_order_management::money::{Decimal, MAX_SAFE_INTEGER, Quantity, format_minor};
use vipps_order_management::preview::barcode::{
    code128b_values, encode_code39, encode_code128b, encode_ean13,
};
use vipps_order_management::preview::html::escape;
use vipps_order_management::preview::locale::{
    Locale, format_money, format_percent, format_quantity,
};
use vipps_order_management::preview::{
    PreviewOptions, ReceiptPreview, preview_receipt, render_receipt_html,
};

fn receipt(json: serde_json::Value) -> Receipt {
    serde_json::from_value(json).expect("test receipt parses")
}

fn options(locale: &str) -> PreviewOptions {
    PreviewOptions {
        locale: Some(locale.to_owned()),
        ..PreviewOptions::default()
    }
}

/// Socks 2 × 39.90 at 25 %, coffee 0.822 kg × 150.00 at 15 % with 10.00 off, a returned mug at
/// 25 %, shipping 49.00 at 25 %, a 20.00 tip, paid by card and gift card.
fn mixed_receipt() -> Receipt {
    receipt(serde_json::json!({
        "orderLines": [
            {"name": "Socks", "id": "sku-1", "totalAmount": 7980, "totalAmountExcludingTax": 6384,
             "totalTaxAmount": 1596, "taxRate": 2500,
             "unitInfo": {"unitPrice": 3990, "quantity": "2", "quantityUnit": "PCS"},
             "productUrl": "https://shop.example/socks"},
            {"name": "Coffee", "id": "sku-2", "totalAmount": 11330, "totalAmountExcludingTax": 9852,
             "totalTaxAmount": 1478, "taxRate": 1500, "discount": 1000,
             "unitInfo": {"unitPrice": 15000, "quantity": "0.822", "quantityUnit": "KG"}},
            {"name": "Mug", "id": "sku-3", "totalAmount": 10000, "totalAmountExcludingTax": 8000,
             "totalTaxAmount": 2000, "taxPercentage": 25, "isReturn": true},
            {"name": "Home delivery", "id": "ship", "totalAmount": 4900,
             "totalAmountExcludingTax": 3920, "totalTaxAmount": 980, "taxRate": 2500,
             "isShipping": true}
        ],
        "bottomLine": {
            "currency": "NOK", "tipAmount": 2000, "posId": "kasse-7", "receiptNumber": "10042",
            "paymentSources": {"card": 12210, "giftCard": 4000, "cash": 0},
            "barcode": {"format": "EAN-13", "data": "400638133393"}
        }
    }))
}

fn summary_amount(preview: &ReceiptPreview, kind: &str) -> Option<i64> {
    preview
        .summary
        .iter()
        .find(|row| row.kind == kind)
        .and_then(|row| row.amount.amount)
}

#[test]
fn view_model_of_a_mixed_receipt() {
    let receipt = mixed_receipt();
    let preview = preview_receipt(&receipt, &options("nb-NO"));

    assert_eq!(preview.locale, "nb-NO");
    assert_eq!(preview.total.amount, Some(16210));
    assert_eq!(preview.total.formatted, "162,10\u{a0}kr");
    assert_eq!(preview.total.amount, receipt.total());
    assert_eq!(preview.item_count, 3);
    assert_eq!(preview.item_count_text, "3 varer");
    assert_eq!(preview.incl_vat_text, "inkl. mva. 20,54\u{a0}kr");

    let socks = &preview.lines[0];
    assert_eq!(socks.quantity_text, "2 × 39,90\u{a0}kr");
    assert_eq!(socks.vat_text, "MVA 25\u{a0}% • 15,96\u{a0}kr");
    assert!(socks.original_total.is_none());
    assert_eq!(
        socks.product_link.as_ref().map(|l| l.href.as_str()),
        Some("https://shop.example/socks")
    );

    let coffee = &preview.lines[1];
    assert_eq!(coffee.quantity_text, "0,822 kg × 150,00\u{a0}kr");
    assert_eq!(
        coffee.original_total.as_ref().map(|m| m.amount),
        Some(Some(12330))
    );
    assert_eq!(coffee.total.formatted, "113,30\u{a0}kr");
    assert_eq!(coffee.tax_rate_text, "15\u{a0}%");

    // A return shows negative everywhere; without unitInfo it is one piece.
    let mug = &preview.lines[2];
    assert!(mug.is_return);
    assert_eq!(mug.total.amount, Some(-10000));
    assert_eq!(mug.total.formatted, "\u{2212}100,00\u{a0}kr");
    assert_eq!(mug.tax.amount, Some(-2000));
    assert_eq!(mug.quantity_text, "1 × 100,00\u{a0}kr");
    assert_eq!(mug.tax_rate, Some(2500));

    // Shipping has its own place and is not counted as an item.
    assert_eq!(preview.shipping_lines.len(), 1);
    assert_eq!(preview.shipping_lines[0].name, "Home delivery");

    // Sum − discount + shipping + tip = total.
    let sum = summary_amount(&preview, "sum").unwrap();
    let discount = summary_amount(&preview, "discount").unwrap();
    let shipping = summary_amount(&preview, "shipping").unwrap();
    let tip = summary_amount(&preview, "tip").unwrap();
    let total = summary_amount(&preview, "total").unwrap();
    assert_eq!((sum, discount, shipping, tip), (10310, -1000, 4900, 2000));
    assert_eq!(sum + discount + shipping + tip, total);
    assert_eq!(
        preview.summary.iter().map(|r| r.kind).collect::<Vec<_>>(),
        ["sum", "discount", "shipping", "tip", "total"]
    );
    assert_eq!(preview.tip.as_ref().and_then(|t| t.amount), Some(2000));

    // Payment sources: zero ones left out.
    let payments: Vec<_> = preview
        .payment_sources
        .iter()
        .map(|p| (p.kind, p.label.as_str(), p.amount.amount))
        .collect();
    assert_eq!(
        payments,
        [
            ("giftCard", "Gavekort", Some(4000)),
            ("card", "Kort", Some(12210))
        ]
    );

    let barcode = preview.barcode.as_ref().unwrap();
    assert_eq!(barcode.text, "4006381333931");
    assert!(barcode.modules.is_some());
    assert_eq!(preview.receipt_number.as_ref().unwrap().value, "10042");
    assert_eq!(preview.pos_id.as_ref().unwrap().value, "kasse-7");
}

#[test]
fn vat_table_sums_equal_the_lines() {
    let receipt = mixed_receipt();
    let preview = preview_receipt(&receipt, &options("en"));
    let rates: Vec<_> = preview.vat_table.rows.iter().map(|r| r.rate).collect();
    assert_eq!(rates, [Some(1500), Some(2500)]);

    // Independent sums over the receipt's lines, returns negative.
    let (mut net, mut vat, mut total) = (0, 0, 0);
    for line in &receipt.order_lines {
        let sign = if line.is_return() { -1 } else { 1 };
        net += sign * line.total_amount_excluding_tax;
        vat += sign * line.total_tax_amount;
        total += sign * line.total_amount;
    }
    let column = |pick: fn(&vipps_order_management::preview::VatRow) -> Option<i64>| {
        preview
            .vat_table
            .rows
            .iter()
            .map(|r| pick(r).unwrap())
            .sum::<i64>()
    };
    assert_eq!(column(|r| r.net.amount), net);
    assert_eq!(column(|r| r.vat.amount), vat);
    assert_eq!(column(|r| r.total.amount), total);
    assert_eq!(preview.vat.amount, Some(vat));
    let row25 = &preview.vat_table.rows[1];
    assert_eq!(row25.rate_text, "25%");
    assert_eq!(
        (row25.net.amount, row25.vat.amount, row25.total.amount),
        (Some(2304), Some(576), Some(2880))
    );
}

#[test]
fn every_locale_has_its_words_and_numbers() {
    let receipt = mixed_receipt();
    let cases = [
        ("nb-NO", "Totalt", "inkl. mva.", "162,10\u{a0}kr", "3 varer"),
        ("en-US", "Total", "incl. VAT", "NOK\u{a0}162.10", "3 items"),
        ("da-DK", "I alt", "inkl. moms", "162,10\u{a0}NOK", "3 varer"),
        (
            "fi-FI",
            "Yhteensä",
            "sis. ALV",
            "162,10\u{a0}NOK",
            "3 tuotetta",
        ),
    ];
    for (tag, total_label, incl_vat, total, items) in cases {
        for spelling in [
            tag.to_owned(),
            tag.to_lowercase(),
            tag.replace('-', "_"),
            tag[..2].to_owned(),
        ] {
            let preview = preview_receipt(&receipt, &options(&spelling));
            assert_eq!(preview.locale, tag, "{spelling}");
            assert_eq!(preview.total_label, total_label);
            assert_eq!(preview.incl_vat_label, incl_vat);
            assert_eq!(preview.total.formatted, total);
            assert_eq!(preview.item_count_text, items);
            let html = render_receipt_html(&receipt, &options(&spelling));
            assert!(html.contains(&format!("lang=\"{tag}\"")));
            assert!(html.contains(total_label));
        }
    }
    assert_eq!(preview_receipt(&receipt, &options("no")).locale, "nb-NO");
    assert_eq!(preview_receipt(&receipt, &options("sv-SE")).locale, "en-US");
    assert_eq!(
        preview_receipt(&receipt, &PreviewOptions::default()).locale,
        "en-US"
    );
}

#[test]
fn category_buttons_per_category() {
    let receipt = mixed_receipt();
    let expected = [
        ("GENERAL", "Show more info", "info"),
        ("RECEIPT", "Show receipt", "receipt"),
        ("ORDER_CONFIRMATION", "Show order info", "cart"),
        ("DELIVERY", "Track your order", "parcel"),
        ("TICKET", "Show ticket", "ticket"),
        ("BOOKING", "Show booking info", "calendar"),
    ];
    for (category, label, icon) in expected {
        let opts: PreviewOptions = serde_json::from_value(serde_json::json!({
            "locale": "en",
            "category": {"category": category, "orderDetailsUrl": "https://shop.example/o/1",
                         "imageId": "img-1"},
            "imageUrl": "https://cdn.example/img-1.png"
        }))
        .unwrap();
        let button = preview_receipt(&receipt, &opts).category.unwrap();
        assert_eq!(
            (
                button.category.as_str(),
                button.label.as_str(),
                button.icon.as_str()
            ),
            (category, label, icon)
        );
        assert_eq!(
            button.image_url.as_deref(),
            Some("https://cdn.example/img-1.png")
        );
        let html = render_receipt_html(&receipt, &opts);
        assert!(html.contains(label));
        assert!(html.contains("<img class=\"vomr-cat-img\" src=\"https://cdn.example/img-1.png\""));
        assert!(html.contains("href=\"https://shop.example/o/1\""));
    }
    let norwegian: PreviewOptions = serde_json::from_value(serde_json::json!({
        "locale": "nb",
        "category": {"category": "DELIVERY", "orderDetailsUrl": "https://x.example"},
        "imageUrl": "http://cdn.example/not-https.png"
    }))
    .unwrap();
    let button = preview_receipt(&receipt, &norwegian).category.unwrap();
    assert_eq!(button.label, "Spor bestillingen");
    assert_eq!(button.image_url, None, "only https images are shown");
}

/// Every raw tag in the output (escaped text has no raw `<`), as (name, attributes).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').expect("every tag closes");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('/') {
            continue;
        }
        let name_end = tag.find([' ', '/']).unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut attrs = &tag[name_end..];
        loop {
            attrs = attrs.trim_start_matches([' ', '/']);
            if attrs.is_empty() {
                break;
            }
            let eq = attrs.find('=').expect("attributes have values");
            let key = attrs[..eq].trim().to_ascii_lowercase();
            let after = &attrs[eq + 1..];
            assert!(
                after.starts_with('"'),
                "attribute {key} is quoted in <{tag}>"
            );
            let close = after[1..].find('"').expect("quote closes");
            attributes.push((key, after[1..1 + close].to_owned()));
            attrs = &after[close + 2..];
        }
        // Skip the stylesheet, which has no tags in it.
        if name == "style" {
            let close = rest.find("</style>").expect("style closes");
            assert!(!rest[..close].contains('<'));
            rest = &rest[close..];
        }
        found.push((name, attributes));
    }
    found
}

#[test]
fn hostile_receipt_renders_inert() {
    let evil = r#"<script>alert(1)</script>"><img src=x onerror=alert(1)>'"&"#;
    let hostile = receipt(serde_json::json!({
        "orderLines": [
            {"name": evil, "id": evil, "totalAmount": 100, "totalAmountExcludingTax": 80,
             "totalTaxAmount": 20, "taxRate": 2500, "discount": 10,
             "unitInfo": {"unitPrice": 110, "quantity": evil},
             "productUrl": "javascript:alert(1)"},
            {"name": "b", "id": "b", "totalAmount": 100, "totalAmountExcludingTax": 80,
             "totalTaxAmount": 20, "taxRate": 2500, "productUrl": " \t JaVaScRiPt:alert(1)"},
            {"name": "c", "id": "c", "totalAmount": 100, "totalAmountExcludingTax": 80,
             "totalTaxAmount": 20, "taxRate": 2500,
             "productUrl": "data:text/html,<script>alert(1)</script>"},
            {"name": "d", "id": "d", "totalAmount": 100, "totalAmountExcludingTax": 80,
             "totalTaxAmount": 20, "taxRate": 2500, "productUrl": "\u{0001}javascript:alert(1)",
             "isShipping": true},
            {"name": "e", "id": "e", "totalAmount": 100, "totalAmountExcludingTax": 80,
             "totalTaxAmount": 20, "taxRate": 2500, "productUrl": "http://shop.example/\"onmouseover=x"},
            {"name": "f", "id": "f", "totalAmount": 100, "totalAmountExcludingTax": 80,
             "totalTaxAmount": 20, "taxRate": 2500, "productUrl": "vbscript:msgbox(1)"}
        ],
        "bottomLine": {"currency": "EUR", "posId": evil, "receiptNumber": evil,
                       "barcode": {"format": "CODE 39", "data": evil}}
    }));
    let opts: PreviewOptions = serde_json::from_value(serde_json::json!({
        "locale": evil,
        "theme": evil,
        "category": {"category": "TICKET", "orderDetailsUrl": "\tjavascript:alert(document.cookie)",
                     "imageId": evil},
        "imageUrl": "javascript:alert(1)",
        "allowedLinkSchemes": ["javascript", "data", evil]
    }))
    .unwrap();
    let html = render_receipt_html(&hostile, &opts);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains("<img"), "no image from a javascript: URL");
    assert!(!lower.contains("href=\"javascript"));
    assert!(!lower.contains("href=\"data"));
    assert!(!lower.contains("href=\"vbscript"));
    assert!(!lower.contains("href=\" "));
    // The texts are there, escaped.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
    assert!(html.contains("&#39;&quot;&amp;"));
    // No attribute that runs code, no link that is not http(s), every link with rel.
    let mut links = 0;
    for (name, attributes) in tags(&html) {
        assert_ne!(name, "script");
        for (key, value) in &attributes {
            assert!(!key.starts_with("on"), "<{name} {key}=...>");
            if key == "href" || key == "src" {
                assert!(
                    value.starts_with("https://") || value.starts_with("http://"),
                    "{value}"
                );
            }
        }
        if name == "a" {
            links += 1;
            assert!(
                attributes
                    .iter()
                    .any(|(k, v)| k == "rel" && v == "noopener noreferrer")
            );
        }
    }
    // Only the http product link survives, marked as not secure; its quote is escaped.
    assert_eq!(links, 1);
    assert!(html.contains("href=\"http://shop.example/&quot;onmouseover=x\""));
    assert!(html.contains("(not secure)"));
}

#[test]
fn html_is_accessible_themed_and_self_contained() {
    let receipt = mixed_receipt();
    let html = render_receipt_html(&receipt, &options("nb-NO"));
    assert!(html.starts_with("<section class=\"vomr vomr--auto\""));
    assert!(html.ends_with("</section>"));
    assert!(html.contains("<caption>MVA-oversikt</caption>"));
    assert!(html.contains("<th scope=\"col\">MVA %</th>"));
    assert!(html.contains("<th scope=\"row\">15\u{a0}%</th>"));
    assert!(html.contains("role=\"img\" aria-label=\"Strekkode EAN-13: 4006381333931\""));
    assert!(html.contains("prefers-color-scheme:dark"));
    assert!(html.contains("<s class=\"vomr-orig\">"));
    // No external resources: no URLs in the stylesheet, no fonts, no images without a category.
    assert!(!html.contains("url("));
    assert!(!html.contains("@import"));
    assert!(!html.contains("@font-face"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<link"));
    for (name, attributes) in tags(&html) {
        if name == "svg" {
            let labelled = attributes.iter().any(|(k, _)| k == "aria-label");
            let hidden = attributes
                .iter()
                .any(|(k, v)| k == "aria-hidden" && v == "true");
            assert!(
                labelled || hidden,
                "every svg has a text alternative or is decorative"
            );
        }
    }
    let dark = PreviewOptions {
        theme: Some("DARK".into()),
        ..options("nb")
    };
    assert!(render_receipt_html(&receipt, &dark).starts_with("<section class=\"vomr vomr--dark\""));
    let light = PreviewOptions {
        theme: Some("light".into()),
        ..options("nb")
    };
    assert!(
        render_receipt_html(&receipt, &light).starts_with("<section class=\"vomr vomr--light\"")
    );
}

#[test]
fn overflow_shows_a_dash_not_a_panic() {
    let huge = receipt(serde_json::json!({
        "orderLines": [
            {"name": "a", "id": "a", "totalAmount": i64::MAX, "totalAmountExcludingTax": i64::MIN,
             "totalTaxAmount": i64::MAX, "taxRate": i64::MIN, "discount": i64::MAX,
             "unitInfo": {"unitPrice": i64::MIN, "quantity": "99999999.99999999"}},
            {"name": "b", "id": "b", "totalAmount": i64::MAX, "totalAmountExcludingTax": 0,
             "totalTaxAmount": 0, "isReturn": true, "isShipping": true}
        ],
        "bottomLine": {"currency": null, "tipAmount": i64::MAX,
                       "paymentSources": {"card": i64::MIN, "cash": MAX_SAFE_INTEGER},
                       "barcode": {"format": "EAN-13", "data": null}}
    }));
    let preview = preview_receipt(&huge, &PreviewOptions::default());
    assert_eq!(preview.total.amount, None);
    assert_eq!(preview.total.formatted, "—");
    assert_eq!(preview.lines[0].total.formatted, "—");
    assert_eq!(preview.vat_table.rows.len(), 2);
    assert_eq!(preview.vat_table.rows[1].rate_text, "—");
    assert_eq!(
        preview.payment_sources[1].amount.amount,
        Some(MAX_SAFE_INTEGER)
    );
    assert!(render_receipt_html(&huge, &PreviewOptions::default()).contains("—"));

    let empty = receipt(serde_json::json!({"orderLines": [], "bottomLine": {"currency": "DKK"}}));
    let preview = preview_receipt(&empty, &options("da"));
    assert_eq!(preview.total.formatted, "0,00\u{a0}kr.");
    assert_eq!(preview.item_count_text, "0 varer");
    assert!(render_receipt_html(&empty, &options("da")).contains("0,00\u{a0}kr."));
}

fn arbitrary_line() -> impl Strategy<Value = serde_json::Value> {
    (
        any::<i64>(),
        any::<i64>(),
        any::<i64>(),
        proptest::option::of(any::<i64>()),
        proptest::option::of(any::<i64>()),
        ".{0,12}",
        proptest::option::of((proptest::option::of(any::<i64>()), "[0-9.a-z-]{0,12}")),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(total, net, tax, rate, discount, name, unit, is_return, is_shipping)| {
                serde_json::json!({
                    "name": name, "id": name, "totalAmount": total,
                    "totalAmountExcludingTax": net, "totalTaxAmount": tax, "taxRate": rate,
                    "discount": discount, "productUrl": name,
                    "unitInfo": unit.map(|(price, quantity)|
                        serde_json::json!({"unitPrice": price, "quantity": quantity,
                                           "quantityUnit": "KWH"})),
                    "isReturn": is_return, "isShipping": is_shipping,
                })
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn never_panics(
        lines in proptest::collection::vec(arbitrary_line(), 0..6),
        tip in proptest::option::of(any::<i64>()),
        data in ".{0,20}",
        format in prop_oneof![Just("EAN-13"), Just("CODE 39"), Just("CODE 128")],
        locale in prop_oneof![Just("nb"), Just("en"), Just("da"), Just("fi"), Just("xx")],
    ) {
        let receipt = receipt(serde_json::json!({
            "orderLines": lines,
            "bottomLine": {"currency": "EUR", "tipAmount": tip, "receiptNumber": data,
                           "barcode": {"format": format, "data": data}}
        }));
        let html = render_receipt_html(&receipt, &options(locale));
        prop_assert!(!html.to_ascii_lowercase().contains("<script"));
        let preview = preview_receipt(&receipt, &options(locale));
        for money in preview.summary.iter().map(|r| &r.amount) {
            if let Some(amount) = money.amount {
                prop_assert!(amount.abs() <= MAX_SAFE_INTEGER);
            }
        }
    }
}

fn bits(modules: &[bool]) -> String {
    modules.iter().map(|&m| if m { '1' } else { '0' }).collect()
}

#[test]
fn ean13_of_4006381333931() {
    // First digit 4 selects parity L G L L G G for 0 0 6 3 8 1; the right half is set C.
    let expected = [
        "101",     // start guard
        "0001101", // 0 (L)
        "0100111", // 0 (G)
        "0101111", // 6 (L)
        "0111101", // 3 (L)
        "0001001", // 8 (G)
        "0110011", // 1 (G)
        "01010",   // centre guard
        "1000010", // 3 (R)
        "1000010", // 3 (R)
        "1000010", // 3 (R)
        "1110100", // 9 (R)
        "1000010", // 3 (R)
        "1100110", // 1 (R)
        "101",     // end guard
    ]
    .concat();
    assert_eq!(
        encode_ean13("4006381333931").map(|m| bits(&m)),
        Some(expected.clone())
    );
    // Twelve digits get the check digit appended.
    assert_eq!(
        encode_ean13("400638133393").map(|m| bits(&m)),
        Some(expected)
    );
    assert_eq!(encode_ean13("4006381333930"), None, "wrong check digit");
    assert_eq!(encode_ean13("123456"), None);
}

#[test]
fn code128b_checksum_and_patterns() {
    // "PJJ123C": P=48 J=42 J=42 1=17 2=18 3=19 C=35;
    // 104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879; 879 mod 103 = 55.
    assert_eq!(
        code128b_values("PJJ123C"),
        Some(vec![104, 48, 42, 42, 17, 18, 19, 35, 55, 106])
    );
    // "A": start B, A (33), checksum (104 + 33) mod 103 = 34, stop.
    let expected = ["11010010000", "10100011000", "10001011000", "1100011101011"].concat();
    assert_eq!(encode_code128b("A").map(|m| bits(&m)), Some(expected));
    // Lower case is code set B's own.
    assert_eq!(code128b_values("a").map(|v| v[1]), Some(65));
}

#[test]
fn code39_patterns() {
    // `*` = n w n n w n w n n and `A` = w n n n n w n n w (bar first), wide = 3 modules,
    // one narrow space between characters.
    let star = "100010111011101";
    let a = "111010100010111";
    let expected = format!("{star}0{a}0{star}");
    assert_eq!(encode_code39("A").map(|m| bits(&m)), Some(expected));
    assert_eq!(encode_code39("a"), None);
}

#[test]
fn spec_example_renders() {
    let example = receipt(serde_json::json!({
        "orderLines": [{"name": "socks", "id": "1234567890", "totalAmount": 1000,
            "totalAmountExcludingTax": 800, "totalTaxAmount": 200, "taxPercentage": 25,
            "unitInfo": {"unitPrice": 0, "quantity": "0.822", "quantityUnit": "PCS"},
            "discount": 0, "productUrl": "https://example.com/store/socks",
            "isReturn": false, "isShipping": false}],
        "bottomLine": {"tipAmount": 0, "currency": "NOK", "posId": "string",
            "paymentSources": {"giftCard": 0, "card": 0, "voucher": 0, "cash": 0},
            "barcode": {"format": "EAN-13", "data": "123456"}, "receiptNumber": "1234567"}
    }));
    let preview = preview_receipt(&example, &options("en-US"));
    assert_eq!(preview.total.formatted, "NOK\u{a0}10.00");
    assert_eq!(preview.lines[0].quantity_text, "0.822 × NOK\u{a0}0.00");
    assert!(preview.tip.is_none() && preview.payment_sources.is_empty());
    // Six digits are no EAN-13: the text is shown without bars.
    let barcode = preview.barcode.as_ref().unwrap();
    assert_eq!(
        (barcode.text.as_str(), barcode.modules.is_none()),
        ("123456", true)
    );
    let html = render_receipt_html(&example, &options("en-US"));
    assert!(html.contains(
        "<figcaption><span class=\"vomr-sr\">Barcode: </span><bdi>123456</bdi></figcaption>"
    ));
}

/// Compares the hand-written formatter with Node's `Intl.NumberFormat`, byte for byte.
#[test]
fn formats_match_node_intl() {
    let mut amounts: Vec<i64> = vec![
        0,
        1,
        5,
        10,
        99,
        100,
        101,
        999,
        1000,
        9999,
        10000,
        99999,
        100000,
        123450,
        999999,
        1000000,
        12345678,
        123456789,
        1234567890,
        100000000000,
        MAX_SAFE_INTEGER,
    ];
    // A few more spread over the range, from a fixed linear congruential sequence.
    let mut seed: u64 = 0x5eed;
    for _ in 0..20 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        amounts.push(((seed >> 11) % (MAX_SAFE_INTEGER as u64)) as i64 >> (seed % 40));
    }
    let negatives: Vec<i64> = amounts.iter().filter(|&&a| a != 0).map(|a| -a).collect();
    amounts.extend(negatives);

    // (kind, locale, currency, exact decimal text, our output)
    let mut cases: Vec<(&str, &str, &str, String, String)> = Vec::new();
    let currencies = [
        vipps_order_management::model::Currency::Nok,
        vipps_order_management::model::Currency::Dkk,
        vipps_order_management::model::Currency::Eur,
    ];
    for locale in Locale::ALL {
        for currency in currencies {
            for &amount in &amounts {
                cases.push((
                    "money",
                    locale.tag(),
                    currency.as_str(),
                    format_minor(amount),
                    format_money(locale, Some(currency), amount),
                ));
            }
        }
        for bp in [
            0, 1, 99, 100, 1200, 1500, 2500, 2550, 2505, 10000, 12345, -2500,
        ] {
            let value = Decimal {
                mantissa: i128::from(bp),
                scale: 4,
            };
            cases.push((
                "percent",
                locale.tag(),
                "",
                value.to_string(),
                format_percent(locale, bp),
            ));
        }
        for text in [
            "1",
            "0.822",
            "2.5",
            "12345.6789",
            "0.00000001",
            "1000",
            "99999.99",
        ] {
            let quantity = Quantity::parse(text).unwrap();
            cases.push((
                "decimal",
                locale.tag(),
                "",
                text.to_owned(),
                format_quantity(locale, quantity),
            ));
        }
    }
    assert!(cases.len() > 900);

    let input: Vec<serde_json::Value> = cases
        .iter()
        .map(|(kind, locale, currency, value, _)| {
            serde_json::json!([kind, locale, currency, value])
        })
        .collect();
    let script = r#"
const cases = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const out = cases.map(([kind, locale, currency, value]) => {
  const options = kind === "money" ? { style: "currency", currency }
    : kind === "percent" ? { style: "percent", maximumFractionDigits: 2 }
    : { maximumFractionDigits: 8 };
  // A string is formatted as an exact decimal (Intl.NumberFormat v3, Node 19+).
  return new Intl.NumberFormat(locale, options).format(value);
});
process.stdout.write(JSON.stringify(out));
"#;
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let cases_path = dir.join("intl-cases.json");
    std::fs::write(&cases_path, serde_json::to_string(&input).unwrap()).unwrap();
    let output = match Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(&cases_path)
        .output()
    {
        Ok(output) => output,
        Err(error) => {
            println!("SKIPPED formats_match_node_intl: `node` is not available ({error})");
            return;
        }
    };
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(expected.len(), cases.len());
    let mismatches: Vec<String> = cases
        .iter()
        .zip(&expected)
        .filter(|((.., ours), node)| ours != *node)
        .map(|((kind, locale, currency, value, ours), node)| {
            format!("{kind} {locale} {currency} {value}: ours {ours:?}, node {node:?}")
        })
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

fn with_barcode(format: &str, data: &str) -> Receipt {
    receipt(serde_json::json!({
        "orderLines": [{"name": "A", "id": "1", "totalAmount": 1000,
            "totalAmountExcludingTax": 800, "totalTaxAmount": 200, "taxRate": 2500}],
        "bottomLine": {"currency": "NOK", "barcode": {"format": format, "data": data}}
    }))
}

/// A barcode is drawn up to its format's maximum (EAN-13: 13, CODE 39 and CODE 128: 48
/// characters) and never past it: 1 MB of CODE 39 was 98 MB of SVG. The text shows instead,
/// bounded like every caller text.
#[test]
fn barcodes_past_their_maximum_are_not_drawn() {
    for format in ["CODE 39", "CODE 128"] {
        let drawn = render_receipt_html(&with_barcode(format, &"A".repeat(48)), &options("en"));
        assert!(
            drawn.contains("<svg class=\"vomr-barcode-svg"),
            "{format} at 48 is drawn"
        );
        let past = render_receipt_html(&with_barcode(format, &"A".repeat(49)), &options("en"));
        assert!(
            !past.contains("<svg class=\"vomr-barcode-svg"),
            "{format} at 49 is not drawn"
        );
        assert!(past.contains(&"A".repeat(49)), "its text is shown");
    }
    let huge = "ABC-123 ".repeat(1 << 17); // 1 MB
    let html = render_receipt_html(&with_barcode("CODE 39", &huge), &options("en"));
    assert!(!html.contains("<svg class=\"vomr-barcode-svg"));
    assert!(html.len() < 20_000, "{} bytes of HTML", html.len());
    assert!(html.contains("…"));
}

/// Every caller text the preview shows is cut at 500 characters (then "…"): the markup does not
/// grow without bound with a field the API leaves unbounded.
#[test]
fn caller_texts_are_bounded() {
    let long = "x".repeat(100_000);
    let receipt = receipt(serde_json::json!({
        "orderLines": [{"name": long, "id": long, "totalAmount": 1000,
            "totalAmountExcludingTax": 800, "totalTaxAmount": 200, "taxRate": 2500,
            "unitInfo": {"unitPrice": 1000, "quantity": long}}],
        "bottomLine": {"currency": "NOK", "receiptNumber": long, "posId": long,
            "barcode": {"format": "EAN-13", "data": long}}
    }));
    let mut options = options("en");
    options.category = Some(
        serde_json::from_value(serde_json::json!({
            "category": "RECEIPT", "orderDetailsUrl": format!("javascript:{long}")
        }))
        .unwrap(),
    );
    let html = render_receipt_html(&receipt, &options);
    assert!(html.len() < 30_000, "{} bytes of HTML", html.len());
    assert!(!html.contains(&"x".repeat(501)));
    assert!(html.contains(&format!("{}…", "x".repeat(500))));
}

/// Bidi controls in caller text stay inside it: every caller text is its own `<bdi>`, so an
/// unclosed U+202E in a quantity, receipt number or name cannot reverse the amounts, labels or
/// "(not secure)" after it (before, quantity "2\u{202E}" at 39.90 showed "209.93 KON ×").
#[test]
fn caller_text_is_bidi_isolated() {
    let rlo = "\u{202E}";
    let receipt = receipt(serde_json::json!({
        "orderLines": [{"name": format!("Socks{rlo}"), "id": "1", "totalAmount": 7980,
            "totalAmountExcludingTax": 6384, "totalTaxAmount": 1596, "taxRate": 2500,
            "productUrl": "http://shop.example/socks",
            "unitInfo": {"unitPrice": 3990, "quantity": format!("2{rlo}")}}],
        "bottomLine": {"currency": "NOK", "receiptNumber": format!("R-1{rlo}"),
            "posId": format!("POS{rlo}"), "barcode": {"format": "CODE 39", "data": format!("A{rlo}")}}
    }));
    let html = render_receipt_html(&receipt, &options("en"));
    for text in ["Socks", "2", "R-1", "POS", "A"] {
        let isolated = format!("<bdi>{text}{rlo}</bdi>");
        assert!(html.contains(&isolated), "{isolated:?} missing");
    }
    // Not one bidi control outside a <bdi>: strip the isolated parts and look for any.
    let mut outside = String::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<bdi>") {
        outside.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find("</bdi>").expect("every <bdi> is closed");
        rest = &after[end + "</bdi>".len()..];
    }
    outside.push_str(rest);
    let visible: String = {
        // Attribute values are not displayed; drop tags with their attributes.
        let mut text = String::new();
        let mut in_tag = false;
        for c in outside.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    };
    assert!(
        !visible.contains(rlo),
        "a bidi control outside <bdi>: {visible}"
    );
}

/// Each fragment found in `html`, in order, each after the one before.
fn in_order(html: &str, fragments: &[String]) -> Result<(), String> {
    let mut from = 0;
    for fragment in fragments {
        match html
            .get(from..)
            .and_then(|rest| rest.find(fragment.as_str()))
        {
            Some(at) => from += at + fragment.len(),
            None => return Err(format!("{fragment:?} not found after byte {from}")),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// The HTML is written straight from the receipt, not from the view model: both must show
    /// the same figures and texts, in the same order.
    #[test]
    fn html_shows_what_the_view_model_says(
        lines in proptest::collection::vec(arbitrary_line(), 0..6),
        tip in proptest::option::of(any::<i64>()),
        card in proptest::option::of(-5i64..5),
        locale in prop_oneof![Just("nb"), Just("en"), Just("da"), Just("fi"), Just("xx")],
    ) {
        let receipt = receipt(serde_json::json!({
            "orderLines": lines,
            "bottomLine": {"currency": "NOK", "tipAmount": tip, "posId": "p<1>",
                           "paymentSources": {"card": card}}
        }));
        let html = render_receipt_html(&receipt, &options(locale));
        let preview = preview_receipt(&receipt, &options(locale));
        let mut expected = vec![
            format!("<p class=\"vomr-total\">{}</p>", escape(&preview.total.formatted)),
            format!("<p class=\"vomr-muted\">{}</p>", escape(&preview.incl_vat_text)),
            format!(">{}</h3>", escape(&preview.item_count_text)),
        ];
        for line in preview.lines.iter().chain(&preview.shipping_lines) {
            if let Some(original) = &line.original_total {
                expected.push(format!("{}</s>", escape(&original.formatted)));
            }
            expected.push(format!("<strong>{}</strong>", escape(&line.total.formatted)));
            let rest = line.quantity_text.strip_prefix(line.quantity.as_str()).unwrap_or("?");
            expected.push(format!("</bdi>{}</span>", escape(rest)));
            expected.push(format!("<span>{}</span></div></li>", escape(&line.vat_text)));
        }
        for row in &preview.summary {
            expected.push(format!(
                "vomr-row--{}\"><dt>{}</dt><dd>{}",
                row.kind, escape(&row.label), escape(&row.amount.formatted)
            ));
        }
        for row in &preview.vat_table.rows {
            expected.push(format!(
                "<th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td>",
                escape(&row.rate_text), escape(&row.net.formatted),
                escape(&row.vat.formatted), escape(&row.total.formatted)
            ));
        }
        for row in &preview.payment_sources {
            expected.push(format!("<dt>{}</dt><dd>{}</dd>", escape(&row.label), escape(&row.amount.formatted)));
        }
        prop_assert!(preview.pos_id.is_some());
        prop_assert_eq!(in_order(&html, &expected), Ok(()));
    }
}
