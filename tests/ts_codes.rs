//! The TypeScript types name every code: `IssueCode` in src/wasm/types.d.ts is the union of
//! `codes::ALL` (docs/CODES.md), `ErrorCode` the union of `client::ErrorCode::ALL`
//! (docs/ERRORS.md), in order. When this fails, run `UPDATE_DOCS=1 cargo test --test ts_codes`.

use vipps_order_management::client::ErrorCode;
use vipps_order_management::codes;

const TYPES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm/types.d.ts");

/// `export type {name} =` and one `| "code"` line per code, ending in `;`.
fn render_union(name: &str, codes: &[&str]) -> String {
    let mut union = format!("export type {name} =\n");
    for code in codes {
        union.push_str(&format!("  | \"{code}\"\n"));
    }
    union.pop();
    union.push_str(";\n");
    union
}

/// Checks (or with UPDATE_DOCS rewrites) the union declared as `export type {name} =`.
fn check_union(name: &str, codes: &[&str]) {
    let types = std::fs::read_to_string(TYPES).unwrap_or_default();
    let union = render_union(name, codes);
    let head = format!("export type {name} =\n");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        if let Some(start) = types.find(&head) {
            let end = types[start..]
                .find(";\n")
                .map_or(types.len(), |offset| start + offset + 2);
            let updated = format!("{}{}{}", &types[..start], union, &types[end..]);
            std::fs::write(TYPES, &updated).expect("write src/wasm/types.d.ts");
            return;
        }
    }
    assert!(
        types.contains(&union),
        "src/wasm/types.d.ts is out of date; run `UPDATE_DOCS=1 cargo test --test ts_codes` \
         or paste:\n\n{union}"
    );
}

/// One test for both unions: under UPDATE_DOCS two tests would rewrite the file at once.
#[test]
fn code_unions_list_every_code() {
    let issue_codes: Vec<&str> = codes::ALL.iter().map(|(code, _, _)| *code).collect();
    check_union("IssueCode", &issue_codes);
    let error_codes: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    check_union("ErrorCode", &error_codes);
}
