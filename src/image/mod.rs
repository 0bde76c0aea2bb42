//! Images for `POST v1/images`: `{imageId, src: base64, type: "base64"}`.
//!
//! The API's rules: PNG or JPEG, at least 167 px high, at most 2 MB, square recommended; the id
//! matches `^[0-9A-Za-z-_.]+$`, at most 128 characters, and cannot be overwritten. So ids are
//! best derived from the content ([`content_image_id`]): the same image always gets the same
//! id and is uploaded once, and a 409 on upload means "already there".
//!
//! The size limit: the API says "2MB". We refuse more than 2 MiB (2,097,152 decoded bytes), the
//! reading most HTTP stacks use, and warn between 2,000,000 and 2,097,152 bytes, where a decimal
//! reading would refuse it ([`codes::IMAGE_NEAR_SIZE_LIMIT`]). Base64 input whose length alone
//! says it is over the limit is refused without being decoded, so a 10 MB string costs nothing.

pub mod base64;
pub(crate) mod sha256;
mod sniff;

use serde_json::Value;

pub use base64::{Base64Error, decode_base64, encode_base64};
pub use sniff::{ImageFormat, ImageInfo, inspect_image};

use crate::codes;
use crate::issue::{Issue, Issues, Report, Text};
use crate::json::walk::{Need, as_object, str_field, warn_unknown};
use crate::json::{self, Json, Path};
use crate::model::{Image, ImageSourceType, fields};
use crate::validate::ids::{MAX_IMAGE_ID_LEN, check_identifier};

/// The API's minimum image height in pixels.
pub const MIN_IMAGE_HEIGHT: u32 = 167;
/// Below this width the app stretches the image (a warning, not an API rule).
pub const MIN_IMAGE_WIDTH: u32 = 167;
/// The largest image we accept: 2 MiB of decoded bytes (see the module notes).
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// Above this (and within [`MAX_IMAGE_BYTES`]) the image is over 2 MB read decimally: a warning.
pub const DECIMAL_IMAGE_LIMIT: usize = 2_000_000;
/// Prefix of ids made by [`content_image_id`].
pub const CONTENT_ID_PREFIX: &str = "img-";

/// A deterministic, valid image id for these bytes: `img-` and the first 32 hex digits
/// (128 bits) of their SHA-256.
pub fn content_image_id(bytes: &[u8]) -> String {
    let digest = sha256::sha256(bytes);
    let mut id = String::with_capacity(CONTENT_ID_PREFIX.len() + 32);
    id.push_str(CONTENT_ID_PREFIX);
    id.push_str(&sha256::to_hex(digest.get(..16).unwrap_or_default()));
    id
}

/// Checks image bytes (not base64): format, height ≥ 167 (error), size ≤ 2 MiB (error), square
/// and width ≥ 167 (warnings). Paths are `""`.
pub fn validate_image_bytes(bytes: &[u8]) -> Report {
    let mut issues = Issues::new();
    check_image_bytes(bytes, "", &mut issues);
    issues.into_report()
}

/// Checks an upload body: `imageId` against the id rules, `src` as base64 and then as image bytes.
pub fn validate_image(image: &Image) -> Report {
    let mut issues = Issues::new();
    check_identifier(
        &image.image_id,
        "imageId",
        Some(MAX_IMAGE_ID_LEN),
        &mut issues,
    );
    // `type` is typed as the one value the API takes; nothing to check.
    check_src(&image.src, "src", &mut issues);
    issues.into_report()
}

/// Checks an untyped upload body (every problem in one pass; unknown fields are warnings).
pub fn validate_image_value(value: &Value) -> Report {
    check_image(value)
}

fn check_image<V: Json>(value: &V) -> Report {
    let mut issues = Issues::new();
    let root = Path::Root;
    if let Some(map) = as_object(value, &root, &mut issues) {
        // Root-level fields: their paths are their names.
        if let Some(id) = str_field(
            map,
            "imageId",
            Need::RequiredNullIsAbsent,
            &root,
            &mut issues,
        ) {
            check_identifier(id, "imageId", Some(MAX_IMAGE_ID_LEN), &mut issues);
        }
        if let Some(src) = str_field(map, "src", Need::RequiredNullIsAbsent, &root, &mut issues) {
            check_src(src, "src", &mut issues);
        }
        if let Some(kind) = str_field(map, "type", Need::RequiredNullIsAbsent, &root, &mut issues) {
            if ImageSourceType::parse(kind).is_none() {
                issues.error(
                    "type",
                    codes::IMAGE_TYPE,
                    Text::new()
                        .str("is ")
                        .debug_str(kind)
                        .str("; the only type the API takes is \"base64\"")
                        .done(),
                );
            }
        }
        warn_unknown(map, fields::IMAGE, &root, &mut issues);
    }
    issues.into_report()
}

/// [`validate_image_value`] for JSON text (a syntax error is the one issue at `""`).
pub fn validate_image_json(text: &str) -> Report {
    // Duplicate keys are reported too (crate::json).
    json::report_tree(text, |tree| check_image(tree))
}

/// Builds the upload body for image bytes, checking them first. The id is `image_id` when given
/// (checked against the id rules), else [`content_image_id`]. On failure, the errors (paths
/// `imageId`, `src`); warnings (not square, ...) don't stop it: see [`validate_image_bytes`].
pub fn image_request(bytes: &[u8], image_id: Option<&str>) -> Result<Image, Vec<Issue>> {
    let mut issues = Issues::new();
    let image_id = match image_id {
        Some(id) => {
            check_identifier(id, "imageId", Some(MAX_IMAGE_ID_LEN), &mut issues);
            id.to_owned()
        }
        None => content_image_id(bytes),
    };
    check_image_bytes(bytes, "src", &mut issues);
    if issues.has_errors() {
        return Err(issues.errors);
    }
    Ok(Image {
        image_id,
        src: encode_base64(bytes),
        source_type: ImageSourceType::Base64,
    })
}

/// Checks base64 `src` text and, when it decodes, the image in it. Oversized text is refused
/// from its length, before any decoding.
fn check_src(src: &str, path: &str, issues: &mut Issues) -> Option<ImageInfo> {
    if src.is_empty() {
        issues.error(
            path,
            codes::EMPTY,
            "must not be empty: it is the image as base64",
        );
        return None;
    }
    if starts_with_ignore_case(src, "https://") || starts_with_ignore_case(src, "http://") {
        issues.error(
            path,
            codes::IMAGE_SRC_URL,
            "is a web address; the API takes the image itself as base64, not a URL",
        );
        return None;
    }
    let mut payload = src;
    if let Some(prefix) = base64::data_url_prefix(src) {
        issues.error(
            path,
            codes::BASE64_DATA_URL,
            Base64Error::DataUrl {
                media_type: prefix.to_owned(),
            }
            .message(),
        );
        // Go on with the part after the comma, so the caller hears of every other problem too.
        payload = src.split_once(',').map_or("", |(_, rest)| rest);
        if payload.is_empty() {
            return None;
        }
    }
    // Padding is at most 2 characters; `len / 4 * 3` is within 2 bytes of the decoded size.
    let estimated = base64::decoded_len(payload).unwrap_or(payload.len() / 4 * 3);
    if estimated > MAX_IMAGE_BYTES {
        issues.error(path, codes::IMAGE_TOO_LARGE, too_large_message(estimated));
        return None;
    }
    match decode_base64(payload) {
        Ok(bytes) => check_image_bytes(&bytes, path, issues),
        Err(err) => {
            issues.error(path, err.code(), err.message());
            None
        }
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn too_large_message(byte_len: usize) -> String {
    Text::new()
        .str("is ")
        .int(byte_len as i128)
        .str(" bytes (")
        .str(&human_size(byte_len))
        .str(") of image; the API takes at most 2 MB (")
        .int(MAX_IMAGE_BYTES as i128)
        .str(" bytes)")
        .done()
}

/// `1.5 MB`-style size for messages, in whole kilobytes (binary, as the limit is).
fn human_size(byte_len: usize) -> String {
    let kib = byte_len.div_ceil(1024);
    if kib >= 1024 {
        // One decimal place, truncated, without floats.
        let tenths = kib * 10 / 1024;
        Text::new()
            .int((tenths / 10) as i128)
            .str(".")
            .int((tenths % 10) as i128)
            .str(" MB")
            .done()
    } else {
        Text::new().int(kib as i128).str(" KB").done()
    }
}

fn check_image_bytes(bytes: &[u8], path: &str, issues: &mut Issues) -> Option<ImageInfo> {
    if bytes.len() > MAX_IMAGE_BYTES {
        issues.error(path, codes::IMAGE_TOO_LARGE, too_large_message(bytes.len()));
    } else if bytes.len() > DECIMAL_IMAGE_LIMIT {
        issues.warning(
            path,
            codes::IMAGE_NEAR_SIZE_LIMIT,
            Text::new()
                .str("is ")
                .int(bytes.len() as i128)
                .str(" bytes: within 2 MiB (")
                .int(MAX_IMAGE_BYTES as i128)
                .str(" bytes) but over 2,000,000; keep it under 2,000,000 to be safe")
                .done(),
        );
    }
    let info = match inspect_image(bytes) {
        Ok(info) => info,
        Err(issue) => {
            issues.error(path, issue.code, issue.message);
            return None;
        }
    };
    let (width, height) = (info.width, info.height);
    if height < MIN_IMAGE_HEIGHT {
        issues.error(
            path,
            codes::IMAGE_TOO_SHORT,
            Text::new()
                .str("is ")
                .int(width.into())
                .str("×")
                .int(height.into())
                .str(" pixels; the API needs a height of at least ")
                .int(MIN_IMAGE_HEIGHT.into())
                .str(" pixels")
                .done(),
        );
    }
    if width < MIN_IMAGE_WIDTH {
        issues.warning(
            path,
            codes::IMAGE_TOO_NARROW,
            Text::new()
                .str("is only ")
                .int(width.into())
                .str(" pixels wide; the app will stretch it (use at least ")
                .int(MIN_IMAGE_WIDTH.into())
                .str(")")
                .done(),
        );
    }
    if width != height {
        issues.warning(
            path,
            codes::IMAGE_NOT_SQUARE,
            Text::new()
                .str("is ")
                .int(width.into())
                .str("×")
                .int(height.into())
                .str(" pixels; the API recommends square images")
                .done(),
        );
    }
    Some(info)
}

#[cfg(test)]
mod tests;
