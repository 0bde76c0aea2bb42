//! `Image` (the `POST v1/images` body) and `ImageResponse`.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use super::ImageSourceType;
use crate::write_json::{ObjectWriter, WriteJson};

/// An image upload: PNG or JPEG bytes as base64, at least 167 px high, at most 2 MB.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Image {
    /// `^[0-9A-Za-z-_.]+$`, at most 128 characters; cannot be overwritten once uploaded.
    pub image_id: String,
    /// Base64 of the image bytes (not a URL).
    pub src: String,
    /// Always `base64`.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub source_type: ImageSourceType,
}

// Debug without the (possibly megabytes of) base64.
impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Image")
            .field("image_id", &self.image_id)
            .field("src", &format_args!("<{} base64 chars>", self.src.len()))
            .field("source_type", &self.source_type)
            .finish()
    }
}

/// `POST v1/images`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ImageResponse {
    /// The uploaded image's id.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub image_id: Option<String>,
}

impl WriteJson for Image {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("imageId", &self.image_id)
            .field("src", &self.src)
            .field("type", &self.source_type)
            .end();
    }
}
