//! Reading an image's format and pixel size from its bytes, without decoding pixels.
//!
//! PNG: the signature, the IHDR chunk (checked against its CRC), then a walk over the chunk
//! headers to IEND, so a cut-short file is caught. JPEG: a walk over the marker segments from
//! SOI to EOI (APPn and friends skipped by length, 0xFF fill bytes skipped, entropy-coded scan
//! data skipped up to the next real marker), taking the size from the first SOFn (SOF0..SOF15
//! except DHT C4, JPG C8, DAC CC), or a DNL segment when the frame says height 0.
//! Every read is bounds-checked: bad bytes give an issue, never a panic.

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::codes;
use crate::issue::{Issue, Text};
use crate::write_json::{ObjectWriter, WriteJson};

/// The formats the API takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG (baseline or progressive).
    Jpeg,
}

impl ImageFormat {
    /// `"png"` or `"jpeg"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
        }
    }

    /// `"image/png"` or `"image/jpeg"`.
    pub fn mime_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }
}

impl std::fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
        })
    }
}

/// What [`inspect_image`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ImageInfo {
    /// PNG or JPEG.
    pub format: ImageFormat,
    /// In pixels.
    pub width: u32,
    /// In pixels; the API wants at least 167.
    pub height: u32,
    /// The size of the file in bytes (decoded, not base64).
    pub byte_len: usize,
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SOI: [u8; 2] = [0xff, 0xd8];
/// PNG lengths and dimensions are limited to 2^31 − 1.
const PNG_MAX_U31: u32 = 0x7fff_ffff;

/// The format and size of a PNG or JPEG, or the issue (`image_format`, `image_corrupt`,
/// `image_truncated`) explaining why not. The issue's path is `""`; callers re-path it.
pub fn inspect_image(bytes: &[u8]) -> Result<ImageInfo, Issue> {
    if bytes.starts_with(&PNG_SIGNATURE) {
        inspect_png(bytes)
    } else if bytes.starts_with(&JPEG_SOI) {
        inspect_jpeg(bytes)
    } else if !bytes.is_empty() && (PNG_SIGNATURE.starts_with(bytes) || JPEG_SOI.starts_with(bytes))
    {
        Err(truncated(
            Text::new()
                .str("is only ")
                .int(bytes.len() as i128)
                .str(" bytes, the start of a PNG or JPEG signature")
                .done(),
        ))
    } else {
        Err(issue(codes::IMAGE_FORMAT, not_png_or_jpeg(bytes)))
    }
}

fn issue(code: &'static str, message: impl Into<String>) -> Issue {
    Issue {
        path: String::new(),
        code,
        message: message.into(),
    }
}

fn corrupt(message: impl Into<String>) -> Issue {
    issue(codes::IMAGE_CORRUPT, message)
}

fn truncated(message: impl Into<String>) -> Issue {
    issue(codes::IMAGE_TRUNCATED, message)
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    match bytes.get(at..at.checked_add(2)?)? {
        &[a, b] => Some(u16::from_be_bytes([a, b])),
        _ => None,
    }
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    match bytes.get(at..at.checked_add(4)?)? {
        &[a, b, c, d] => Some(u32::from_be_bytes([a, b, c, d])),
        _ => None,
    }
}

/// Names what the bytes are when they are not PNG or JPEG, so the message is actionable.
fn not_png_or_jpeg(bytes: &[u8]) -> String {
    let named = |name: &str| {
        Text::new()
            .str("is ")
            .str(name)
            .str(", not PNG or JPEG; convert it to PNG or JPEG")
            .done()
    };
    if bytes.is_empty() {
        return "is empty: there are no image bytes".to_owned();
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return named("a GIF image");
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return named("a WebP image");
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return match bytes.get(8..12) {
            Some(b"avif" | b"avis") => named("an AVIF image"),
            Some(b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1") => {
                named("a HEIC/HEIF image (the iPhone format)")
            }
            _ => named("an ISO media file (video or HEIF)"),
        };
    }
    if bytes.starts_with(b"BM") {
        return named("probably a BMP image");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return named("a TIFF image");
    }
    if bytes.starts_with(b"%PDF") {
        return named("a PDF document");
    }
    if bytes.starts_with(b"iVBORw0KGgo") || bytes.starts_with(b"/9j/") {
        return "is base64 text of a PNG or JPEG, not its bytes: it was base64-encoded twice"
            .to_owned();
    }
    let first_text = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xef && **b != 0xbb && **b != 0xbf);
    if first_text == Some(&b'<') {
        return named("text (SVG, XML or HTML)");
    }
    "is not a PNG or JPEG image (its first bytes match neither signature)".to_owned()
}

fn inspect_png(bytes: &[u8]) -> Result<ImageInfo, Issue> {
    // Signature (8), IHDR length (4), "IHDR" (4), 13 bytes of fields, CRC (4).
    let ihdr_len = be32(bytes, 8).ok_or_else(|| truncated("PNG ends before its IHDR header"))?;
    match bytes.get(12..16) {
        None => return Err(truncated("PNG ends before its IHDR header")),
        Some(b"IHDR") => {}
        Some(other) => {
            return Err(corrupt(
                Text::new()
                    .str("PNG's first chunk is ")
                    .debug_str(&String::from_utf8_lossy(other))
                    .str(", not IHDR")
                    .done(),
            ));
        }
    }
    if ihdr_len != 13 {
        return Err(corrupt(
            Text::new()
                .str("PNG's IHDR chunk is ")
                .int(ihdr_len as i128)
                .str(" bytes, not 13")
                .done(),
        ));
    }
    let (Some(fields), Some(stored_crc)) = (bytes.get(16..29), be32(bytes, 29)) else {
        return Err(truncated("PNG ends inside its IHDR header"));
    };
    if crc32(bytes.get(12..29).unwrap_or_default()) != stored_crc {
        return Err(corrupt(
            "PNG's IHDR checksum does not match: the header is damaged",
        ));
    }
    let &[
        w0,
        w1,
        w2,
        w3,
        h0,
        h1,
        h2,
        h3,
        bit_depth,
        color_type,
        compression,
        filter,
        interlace,
    ] = fields
    else {
        return Err(truncated("PNG ends inside its IHDR header"));
    };
    let width = u32::from_be_bytes([w0, w1, w2, w3]);
    let height = u32::from_be_bytes([h0, h1, h2, h3]);
    if width == 0 || height == 0 || width > PNG_MAX_U31 || height > PNG_MAX_U31 {
        return Err(corrupt(
            Text::new()
                .str("PNG's header gives an impossible size, ")
                .int(width as i128)
                .str("×")
                .int(height as i128)
                .str(" pixels")
                .done(),
        ));
    }
    let depth_ok = match color_type {
        0 => matches!(bit_depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(bit_depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(bit_depth, 8 | 16),
        _ => false,
    };
    if !depth_ok || compression != 0 || filter != 0 || interlace > 1 {
        return Err(corrupt(
            Text::new()
                .str("PNG's header has an invalid combination: colour type ")
                .int(color_type as i128)
                .str(", bit depth ")
                .int(bit_depth as i128)
                .str(", compression ")
                .int(compression as i128)
                .str(", filter ")
                .int(filter as i128)
                .str(", interlace ")
                .int(interlace as i128)
                .done(),
        ));
    }
    walk_png_chunks(bytes, 33)?;
    Ok(ImageInfo {
        format: ImageFormat::Png,
        width,
        height,
        byte_len: bytes.len(),
    })
}

/// Walks chunk headers from `pos` to IEND (lengths only; the data is not read).
fn walk_png_chunks(bytes: &[u8], mut pos: usize) -> Result<(), Issue> {
    let mut saw_image_data = false;
    loop {
        let (Some(len), Some(kind)) = (be32(bytes, pos), bytes.get(pos + 4..pos + 8)) else {
            return Err(truncated(
                Text::new()
                    .str("PNG ends after ")
                    .int(bytes.len() as i128)
                    .str(" bytes, before its IEND chunk: the file was cut short")
                    .done(),
            ));
        };
        if len > PNG_MAX_U31 || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(corrupt(
                Text::new()
                    .str("PNG has a damaged chunk header at byte ")
                    .int(pos as i128)
                    .done(),
            ));
        }
        // 4 length + 4 type + data + 4 CRC; u32 → usize cannot overflow on 32/64-bit targets
        // once `len` ≤ 2^31 − 1, but stay checked anyway.
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| pos.checked_add(12)?.checked_add(len));
        let end = match end {
            Some(end) if end <= bytes.len() => end,
            _ => {
                return Err(truncated(
                    Text::new()
                        .str("PNG ends inside its ")
                        .str(&String::from_utf8_lossy(kind))
                        .str(" chunk at byte ")
                        .int(pos as i128)
                        .str(": the file was cut short")
                        .done(),
                ));
            }
        };
        match kind {
            b"IDAT" => saw_image_data = true,
            b"IEND" if saw_image_data => return Ok(()),
            b"IEND" => return Err(corrupt("PNG has no image data (no IDAT chunk)")),
            b"IHDR" => return Err(corrupt("PNG has a second IHDR chunk")),
            _ => {}
        }
        pos = end;
    }
}

/// CRC-32 (ISO-HDLC, as PNG uses), bitwise: it only ever runs over the 17 IHDR bytes.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but don't.
fn is_start_of_frame(marker: u8) -> bool {
    matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc)
}

const SOS: u8 = 0xda;
const EOI: u8 = 0xd9;
const DNL: u8 = 0xdc;
/// Define Hierarchical Progression: in hierarchical JPEGs it gives the full image size.
const DHP: u8 = 0xde;

fn inspect_jpeg(bytes: &[u8]) -> Result<ImageInfo, Issue> {
    let cut_short = || {
        truncated(
            Text::new()
                .str("JPEG ends after ")
                .int(bytes.len() as i128)
                .str(" bytes, before its end-of-image marker: the file was cut short")
                .done(),
        )
    };
    // (width, height) from the first SOFn or DHP.
    let mut frame: Option<(u16, u16)> = None;
    let mut pos = JPEG_SOI.len();
    loop {
        match bytes.get(pos) {
            None => return Err(cut_short()),
            Some(0xff) => {}
            Some(other) => {
                return Err(corrupt(
                    Text::new()
                        .str("JPEG has byte 0x")
                        .hex(*other)
                        .str(" at ")
                        .int(pos as i128)
                        .str(" where a marker belongs")
                        .done(),
                ));
            }
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while bytes.get(pos) == Some(&0xff) {
            pos += 1;
        }
        let marker = *bytes.get(pos).ok_or_else(cut_short)?;
        pos += 1;
        match marker {
            EOI => break,
            // Standalone markers: RSTn and TEM have no length.
            0xd0..=0xd7 | 0x01 => continue,
            0x00 | 0xd8 => {
                return Err(corrupt(
                    Text::new()
                        .str("JPEG has a misplaced marker 0xFF")
                        .hex(marker)
                        .str(" at byte ")
                        .int((pos - 2) as i128)
                        .done(),
                ));
            }
            _ => {}
        }
        let len = be16(bytes, pos).ok_or_else(cut_short)?;
        if len < 2 {
            return Err(corrupt(
                Text::new()
                    .str("JPEG segment 0xFF")
                    .hex(marker)
                    .str(" at byte ")
                    .int((pos - 2) as i128)
                    .str(" has length ")
                    .int(len as i128)
                    .done(),
            ));
        }
        let segment_end = pos + usize::from(len);
        let segment = bytes.get(pos + 2..segment_end).ok_or_else(cut_short)?;
        if is_start_of_frame(marker) || marker == DHP {
            if frame.is_none() {
                frame = Some(read_frame_size(marker, segment)?);
            }
        } else if marker == DNL {
            if let Some((width, 0)) = frame {
                let lines =
                    be16(segment, 0).ok_or_else(|| corrupt("JPEG's DNL segment is too short"))?;
                frame = Some((width, lines));
            }
        } else if marker == SOS {
            if frame.is_none() {
                return Err(corrupt("JPEG has a scan before its frame header (SOF)"));
            }
            pos = skip_entropy_coded_data(bytes, segment_end).ok_or_else(cut_short)?;
            continue;
        }
        pos = segment_end;
    }
    match frame {
        None => Err(corrupt("JPEG has no frame header (SOF), so it has no size")),
        Some((_, 0)) => Err(corrupt(
            "JPEG's frame header gives height 0 and no DNL segment sets it",
        )),
        Some((width, height)) => Ok(ImageInfo {
            format: ImageFormat::Jpeg,
            width: u32::from(width),
            height: u32::from(height),
            byte_len: bytes.len(),
        }),
    }
}

/// SOFn / DHP: precision (1), height (2), width (2), component count (1), 3 bytes per component.
fn read_frame_size(marker: u8, segment: &[u8]) -> Result<(u16, u16), Issue> {
    let damaged = || {
        corrupt(
            Text::new()
                .str("JPEG's frame header (0xFF")
                .hex(marker)
                .str(") is damaged")
                .done(),
        )
    };
    let height = be16(segment, 1).ok_or_else(damaged)?;
    let width = be16(segment, 3).ok_or_else(damaged)?;
    let components = usize::from(*segment.get(5).ok_or_else(damaged)?);
    if width == 0 || components == 0 || segment.len() < 6 + 3 * components {
        return Err(damaged());
    }
    Ok((width, height))
}

/// From the start of scan data, the index of the next marker (its 0xFF); `None` if the data
/// runs to the end. Inside scan data, 0xFF00 is a stuffed 0xFF, RSTn markers belong to the
/// scan, and extra 0xFF bytes are fill.
fn skip_entropy_coded_data(bytes: &[u8], from: usize) -> Option<usize> {
    let mut pos = from;
    loop {
        let ff = pos + bytes.get(pos..)?.iter().position(|&b| b == 0xff)?;
        match *bytes.get(ff + 1)? {
            0x00 | 0xd0..=0xd7 => pos = ff + 2,
            0xff => pos = ff + 1,
            _ => return Some(ff),
        }
    }
}

impl WriteJson for ImageFormat {
    fn write_json(&self, out: &mut String) {
        crate::write_json::write_str(out, self.as_str());
    }
}

impl WriteJson for ImageInfo {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("format", &self.format)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("byteLen", &self.byte_len)
            .end();
    }
}
