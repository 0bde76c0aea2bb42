//! Validators: every schema constraint of the spec, every API rule in DESIGN.md, and lints as
//! warnings. They never fail on bad data: they return a [`crate::Report`] with every problem.

pub mod ids;
