//! Problems found in input: each with a JSON path, a stable code and a plain-English message.
//! Builders and validators collect every problem in one pass into [`Issues`], then hand out a
//! [`Report`] (validators) or an error carrying the issues (builders).

use serde::Serialize;

/// One problem. `path` is like `orderLines[1].totalTaxAmount` (`""` is the root); `code` is one of
/// [`crate::codes`]; `message` is for people and may change between versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub path: String,
    pub code: &'static str,
    pub message: String,
}

/// The result of a validation: `valid` is true when there are no errors (warnings allowed).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Report {
    pub valid: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Report {
    /// The issue with this code at this path, errors first (handy in tests and callers).
    pub fn find(&self, path: &str, code: &str) -> Option<&Issue> {
        self.errors
            .iter()
            .chain(&self.warnings)
            .find(|i| i.path == path && i.code == code)
    }
}

/// A collector of errors and warnings.
#[derive(Debug, Clone, Default)]
pub struct Issues {
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Issues {
    pub fn new() -> Issues {
        Issues::default()
    }

    pub fn error(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.errors.push(Issue {
            path: path.into(),
            code,
            message: message.into(),
        });
    }

    pub fn warning(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.warnings.push(Issue {
            path: path.into(),
            code,
            message: message.into(),
        });
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn into_report(self) -> Report {
        Report {
            valid: self.errors.is_empty(),
            errors: self.errors,
            warnings: self.warnings,
        }
    }
}

/// `parent.key`, or `key` at the root.
pub fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        let mut path = String::with_capacity(parent.len() + 1 + key.len());
        path.push_str(parent);
        path.push('.');
        path.push_str(key);
        path
    }
}

/// `parent[index]`.
pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}
