//! docs/CODES.md must list every code in `codes::ALL`, in order, with its severity and meaning.
//! When this fails, run `UPDATE_DOCS=1 cargo test --test codes_doc` (or paste the printed table).

use vipps_order_management::codes;

fn render_table() -> String {
    let mut table = String::from("| code | severity | meaning |\n| --- | --- | --- |\n");
    for (code, severity, meaning) in codes::ALL {
        // A `|` inside a cell would end it.
        let meaning = meaning.replace('|', "\\|");
        table.push_str(&format!("| `{code}` | {severity} | {meaning} |\n"));
    }
    table
}

#[test]
fn codes_doc_lists_every_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/CODES.md");
    let doc = std::fs::read_to_string(path).unwrap_or_default();
    let table = render_table();
    // `UPDATE_DOCS=1 cargo test --test codes_doc` rewrites the table in place.
    if std::env::var_os("UPDATE_DOCS").is_some() {
        if let Some(start) = doc.find("| code | severity | meaning |") {
            let end = doc[start..]
                .find("\n\n")
                .map_or(doc.len(), |offset| start + offset + 1);
            let updated = format!("{}{}{}", &doc[..start], table, &doc[end..]);
            std::fs::write(path, &updated).expect("write docs/CODES.md");
            return;
        }
    }
    assert!(
        doc.contains(&table),
        "docs/CODES.md is out of date; its table must be exactly:\n\n{table}"
    );
}

#[test]
fn codes_are_unique_snake_case_with_a_known_severity() {
    let mut seen = std::collections::HashSet::new();
    for (code, severity, meaning) in codes::ALL {
        assert!(seen.insert(*code), "duplicate code {code}");
        assert!(
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{code} is not snake_case"
        );
        assert!(
            matches!(*severity, "error" | "warning"),
            "{code}: {severity}"
        );
        assert!(
            meaning.ends_with('.'),
            "{code}: the meaning is one sentence ending in '.'"
        );
    }
}
