//! The one path type of the reading layer: where a value is, kept on the stack while reading and
//! written out as a `String` only when an issue is reported there (after jsonschema-rs's
//! `LazyLocation`). Valid input makes no path at all.

/// A JSON path under construction: each level borrows its parent, so descending costs nothing.
/// Rendered as issues carry it: `orderLines[1].totalTaxAmount`, `""` for the root.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The value read.
    Root,
    /// The member `key` of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
    /// The item `index` of the array at the parent path.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The member `key` of the object here.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The item `index` of the array here.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The path as issues carry it: `orderLines[1].totalTaxAmount`, `""` for the root.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_to(out);
                push_key(out, key);
            }
            Path::Index(parent, index) => {
                parent.write_to(out);
                push_index(out, *index);
            }
        }
    }
}

/// Appends `.key` (just `key` at the root) to a rendered path.
fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

/// Appends `[index]` to a rendered path (without `format!`).
fn push_index(out: &mut String, index: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = index;
    loop {
        start -= 1;
        if let Some(slot) = digits.get_mut(start) {
            // Below 10, so the cast cannot truncate.
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    out.push('[');
    for &digit in digits.get(start..).unwrap_or_default() {
        out.push(char::from(digit));
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_issue_paths() {
        let root = Path::Root;
        let lines = root.key("orderLines");
        let line = lines.index(2);
        let unit = line.key("unitInfo");
        assert_eq!(
            unit.key("quantity").render(),
            "orderLines[2].unitInfo.quantity"
        );
        assert_eq!(root.render(), "");
        assert_eq!(root.index(0).render(), "[0]");
        assert_eq!(root.index(0).index(17).key("a").render(), "[0][17].a");
        assert_eq!(root.key("a").render(), "a");
        assert_eq!(root.index(usize::MAX).render(), format!("[{}]", usize::MAX));
    }
}
