//! Receipts, category links and images for the Vipps MobilePay Order Management API.
//!
//! The core (model, money, build, validate, image, preview, client logic) knows nothing of
//! JavaScript; `wasm` is the only module with wasm-bindgen and exists only on wasm32.
//!
//! The README follows; its Rust examples run as doc tests.
#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
// docs.rs (nightly, `--cfg docsrs`) marks the items behind a feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod build;
#[cfg(feature = "client")]
pub mod client;
pub mod codes;
pub mod image;
pub mod issue;
pub mod json;
pub mod model;
pub mod money;
pub mod preview;
pub mod units;
pub mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod write_json;

pub use issue::{Issue, Issues, Report};
