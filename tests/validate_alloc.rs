//! The happy path allocates nothing: validating a valid 20-line receipt value makes no heap
//! allocation (paths and messages are built only when something is reported). This is what lets
//! validation beat JSON.parse + ajv later; a regression here shows up long before a benchmark.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use serde_json::{Value, json};
use vipps_order_management::validate::{
    validate_order_category_value, validate_receipt_text, validate_receipt_value,
};

struct Counting;

// Counted per thread: the test harness's own threads allocate while a test runs (CI saw 4
// allocations that were not ours), and only this thread's allocations are the validator's.
thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with`: the slot may already be gone while the thread shuts down.
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
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

#[test]
fn valid_input_allocates_nothing() {
    let value = receipt(20);
    let category = json!({"category": "RECEIPT", "orderDetailsUrl": "https://shop.example/o/1", "imageId": "logo"});
    let before = allocations();
    let report = validate_receipt_value(&value);
    let category_report = validate_order_category_value(&category);
    let after = allocations();
    assert!(report.valid && report.warnings.is_empty(), "{report:#?}");
    assert!(category_report.valid && category_report.warnings.is_empty());
    assert_eq!(after - before, 0, "the happy path allocated");

    // And the counter does count: an invalid receipt allocates its issues.
    let mut bad = receipt(20);
    bad["orderLines"][3]["totalTaxAmount"] = json!(1);
    let before = allocations();
    let report = validate_receipt_value(&bad);
    assert!(allocations() > before);
    assert_eq!(report.errors.len(), 1);
}

/// Reading JSON text puts the tree in an arena the thread reuses (docs/ROBUSTNESS.md, "Memory"):
/// once one read has sized it, validating a valid receipt text allocates no more than validating
/// its value does, however many arrays and objects it has (the reader used to allocate one `Vec`
/// per container: 47 more for 20 lines).
#[test]
fn valid_text_allocates_no_container_once_the_reader_is_warm() {
    for lines in [20, 200] {
        let value = receipt(lines);
        let text = value.to_string();
        assert!(validate_receipt_text(&text).valid, "warm-up");
        let before = allocations();
        let report = validate_receipt_text(&text);
        let reading = allocations() - before;
        assert!(report.valid && report.warnings.is_empty(), "{report:#?}");
        let before = allocations();
        assert!(validate_receipt_value(&value).valid);
        let checking = allocations() - before;
        assert!(
            reading <= checking,
            "{lines} lines: {reading} allocations, {checking} for the value"
        );
    }
}
