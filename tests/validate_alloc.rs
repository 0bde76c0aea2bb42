//! The happy path allocates nothing: validating a valid 20-line receipt value makes no heap
//! allocation (paths and messages are built only when something is reported). This is what lets
//! validation beat JSON.parse + ajv later; a regression here shows up long before a benchmark.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use vipps_order_management::validate::{validate_order_category_value, validate_receipt_value};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn receipt(lines: usize) -> Value {
    let line = |i: usize| {
        json!({
            "name": format!("Item {i}"), "id": format!("sku-{i}"),
            "totalAmount": 7980, "totalAmountExcludingTax": 6384, "totalTaxAmount": 1596, "taxRate": 2500,
            "unitInfo": {"unitPrice": 3990, "quantity": "2", "quantityUnit": "PCS"},
            "discount": 0, "productUrl": format!("https://shop.example/p/{i}"),
            "isReturn": false, "isShipping": false
        })
    };
    json!({
        "orderLines": (0..lines).map(line).collect::<Vec<_>>(),
        "bottomLine": {"currency": "NOK", "tipAmount": 0, "paymentSources": {"card": 7980 * lines},
                        "barcode": {"format": "EAN-13", "data": "4006381333931"}, "receiptNumber": "1"}
    })
}

// One test in this binary, so no other thread allocates while counting.
#[test]
fn valid_input_allocates_nothing() {
    let value = receipt(20);
    let category = json!({"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1", "imageId": "logo"});
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let report = validate_receipt_value(&value);
    let category_report = validate_order_category_value(&category);
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert!(report.valid && report.warnings.is_empty(), "{report:#?}");
    assert!(category_report.valid && category_report.warnings.is_empty());
    assert_eq!(after - before, 0, "the happy path allocated");

    // And the counter does count: an invalid receipt allocates its issues.
    let mut bad = receipt(20);
    bad["orderLines"][3]["totalTaxAmount"] = json!(1);
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let report = validate_receipt_value(&bad);
    assert!(ALLOCATIONS.load(Ordering::SeqCst) > before);
    assert_eq!(report.errors.len(), 1);
}
