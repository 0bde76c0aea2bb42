//! Tests with real, hand-built PNG and JPEG files.

use super::*;
use crate::validate::ids::is_api_identifier;
use proptest::prelude::*;
use serde_json::json;

// ---------- building PNGs: signature, IHDR, IDAT (zlib with stored blocks), IEND ----------

/// CRC-32 table-driven (the library's is bitwise), so the two are independent.
fn test_crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (n, entry) in table.iter_mut().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xedb88320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *entry = c;
    }
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    crc ^ 0xffff_ffff
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + byte as u32) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&test_crc32(&crc_input).to_be_bytes());
    out
}

/// zlib stream of stored (uncompressed) deflate blocks.
fn zlib_stored(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if raw.is_empty() {
        vec![&[][..]]
    } else {
        raw.chunks(65535).collect()
    };
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(raw).to_be_bytes());
    out
}

/// An 8-bit greyscale PNG, a diagonal gradient, optionally padded with a `tEXt` chunk.
fn png_with_text(width: u32, height: u32, text_len: usize) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0); // filter: none
        raw.extend((0..width).map(|x| (x + y) as u8));
    }
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    out.extend(png_chunk(b"IHDR", &ihdr));
    if text_len > 0 {
        let mut text = b"Comment\0".to_vec();
        text.resize(text_len.max(8), b'x');
        out.extend(png_chunk(b"tEXt", &text));
    }
    out.extend(png_chunk(b"IDAT", &zlib_stored(&raw)));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    png_with_text(width, height, 0)
}

/// A PNG of exactly `total` bytes (a `tEXt` chunk takes up the slack).
fn png_of_size(total: usize) -> Vec<u8> {
    let base = png_with_text(200, 200, 8).len();
    let image = png_with_text(200, 200, 8 + total - base);
    assert_eq!(image.len(), total);
    image
}

// ---------- building JPEGs: marker segments by hand ----------

fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0xff, marker];
    out.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(data);
    out
}

fn app0_jfif() -> Vec<u8> {
    segment(0xe0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00")
}

fn dqt() -> Vec<u8> {
    let mut data = vec![0u8];
    data.extend((1..=64).map(|i| i as u8));
    segment(0xdb, &data)
}

fn sof(marker: u8, width: u16, height: u16) -> Vec<u8> {
    let mut data = vec![8];
    data.extend_from_slice(&height.to_be_bytes());
    data.extend_from_slice(&width.to_be_bytes());
    data.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    segment(marker, &data)
}

fn dht() -> Vec<u8> {
    let mut data = vec![0x00];
    let mut counts = [0u8; 16];
    counts[0] = 1;
    data.extend_from_slice(&counts);
    data.push(0);
    segment(0xc4, &data)
}

fn sos() -> Vec<u8> {
    segment(0xda, &[1, 1, 0x00, 0, 63, 0])
}

/// Scan data with the things a scan may hold: stuffed 0xFF00, an RST marker, fill bytes.
fn scan_data() -> Vec<u8> {
    vec![
        0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0x00, 0x78, 0xff, 0xff,
    ]
}

/// Baseline (SOF0) unless `sof_marker` says otherwise, with an EXIF segment whose payload holds
/// bytes that look like markers (an EOI and an SOF), which a proper walk skips.
fn jpeg_with(sof_marker: u8, width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xff, 0xd8];
    out.extend(app0_jfif());
    out.extend(segment(
        0xe1,
        b"Exif\0\0\xff\xd9\xff\xc0\x00\x11\x08\x00\x01\x00\x01",
    ));
    out.extend(dqt());
    out.extend(sof(sof_marker, width, height));
    out.extend(dht());
    out.extend(sos());
    out.extend(scan_data());
    out.extend([0xff, 0xd9]);
    out
}

fn jpeg(width: u16, height: u16) -> Vec<u8> {
    jpeg_with(0xc0, width, height)
}

/// Progressive: SOF2, two scans, a DHT between them, fill bytes before a marker.
fn progressive_jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xff, 0xd8];
    out.extend(app0_jfif());
    out.extend(dqt());
    out.extend(sof(0xc2, width, height));
    out.extend(dht());
    out.extend(sos());
    out.extend(scan_data());
    out.extend([0xff, 0xff, 0xff]); // fill before the next marker
    out.extend(dht()[1..].iter()); // "0xFF C4 ..." after the fill
    out.extend(sos());
    out.extend([0x01, 0x02, 0xff, 0x00]);
    out.extend([0xff, 0xd9]);
    out
}

fn report_codes(report: &Report) -> Vec<(&str, &str)> {
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .map(|i| (i.path.as_str(), i.code))
        .collect()
}

// ---------- the generators make real files ----------

#[test]
fn generated_png_is_well_formed() {
    let image = png(3, 2);
    // Check what a PNG reader would: every chunk's CRC, and the zlib stream's Adler-32.
    let mut pos = 8;
    let mut idat = Vec::new();
    while pos < image.len() {
        let len = u32::from_be_bytes(image[pos..pos + 4].try_into().unwrap()) as usize;
        let body = &image[pos + 4..pos + 8 + len];
        let crc = u32::from_be_bytes(image[pos + 8 + len..pos + 12 + len].try_into().unwrap());
        assert_eq!(test_crc32(body), crc);
        if &body[..4] == b"IDAT" {
            idat.extend_from_slice(&body[4..]);
        }
        pos += 12 + len;
    }
    assert_eq!(pos, image.len());
    // Stored block: header, BFINAL, LEN, NLEN, 2 rows of (filter + 3 pixels), Adler-32.
    assert_eq!(&idat[..3], &[0x78, 0x01, 0x01]);
    assert_eq!(&idat[3..7], &[8, 0, !8, 0xff]);
    assert_eq!(&idat[7..15], &[0, 0, 1, 2, 0, 1, 2, 3]);
}

// ---------- inspect_image ----------

#[test]
fn png_size_is_read() {
    for (w, h) in [(1, 1), (167, 167), (300, 166), (166, 400), (1000, 1)] {
        let info = inspect_image(&png(w, h)).unwrap();
        assert_eq!(info.format, ImageFormat::Png);
        assert_eq!((info.width, info.height), (w, h));
        assert_eq!(info.byte_len, png(w, h).len());
    }
}

#[test]
fn jpeg_size_is_read_from_every_frame_type() {
    for marker in [
        0xc0u8, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
    ] {
        let info = inspect_image(&jpeg_with(marker, 640, 480)).unwrap();
        assert_eq!(info.format, ImageFormat::Jpeg, "{marker:02X}");
        assert_eq!((info.width, info.height), (640, 480), "{marker:02X}");
    }
    let info = inspect_image(&progressive_jpeg(167, 200)).unwrap();
    assert_eq!((info.width, info.height), (167, 200));
}

#[test]
fn dht_jpg_and_dac_are_not_frames() {
    // Only a C4/C8/CC segment shaped like a frame header: no size may come from it.
    for not_frame in [0xc4u8, 0xc8, 0xcc] {
        let mut bytes = vec![0xff, 0xd8];
        bytes.extend(sof(not_frame, 500, 500));
        bytes.extend([0xff, 0xd9]);
        let err = inspect_image(&bytes).unwrap_err();
        assert_eq!(err.code, codes::IMAGE_CORRUPT, "{not_frame:02X}");
        assert!(err.message.contains("no frame header"), "{}", err.message);
        // Before a real SOF it is skipped, and the real one wins.
        let mut bytes = vec![0xff, 0xd8];
        bytes.extend(sof(not_frame, 500, 500));
        bytes.extend(sof(0xc0, 200, 300));
        bytes.extend(sos());
        bytes.extend([0xff, 0xd9]);
        let info = inspect_image(&bytes).unwrap();
        assert_eq!((info.width, info.height), (200, 300));
    }
}

#[test]
fn jpeg_height_from_dnl() {
    let mut bytes = vec![0xff, 0xd8];
    bytes.extend(sof(0xc0, 300, 0));
    bytes.extend(sos());
    bytes.extend(scan_data());
    bytes.extend(segment(0xdc, &250u16.to_be_bytes()));
    bytes.extend([0xff, 0xd9]);
    let info = inspect_image(&bytes).unwrap();
    assert_eq!((info.width, info.height), (300, 250));
    // Without the DNL the height is unknown.
    let mut no_dnl = vec![0xff, 0xd8];
    no_dnl.extend(sof(0xc0, 300, 0));
    no_dnl.extend(sos());
    no_dnl.extend([0xff, 0xd9]);
    assert_eq!(
        inspect_image(&no_dnl).unwrap_err().code,
        codes::IMAGE_CORRUPT
    );
}

#[test]
fn marker_lookalikes_inside_segments_are_skipped() {
    // The EXIF payload holds FFD9 and a 1×1 SOF0; the real frame is 640×480.
    let info = inspect_image(&jpeg(640, 480)).unwrap();
    assert_eq!((info.width, info.height), (640, 480));
}

#[test]
fn trailing_bytes_after_eoi_are_ignored() {
    let mut bytes = jpeg(200, 200);
    bytes.extend_from_slice(b"camera trailer");
    assert_eq!(inspect_image(&bytes).unwrap().height, 200);
}

#[test]
fn every_truncation_is_reported_not_panicked() {
    for (name, full) in [
        ("png", png(170, 170)),
        ("jpeg", jpeg(170, 170)),
        ("progressive jpeg", progressive_jpeg(170, 170)),
    ] {
        assert!(inspect_image(&full).is_ok(), "{name}");
        for len in 0..full.len() {
            let err = inspect_image(&full[..len]).unwrap_err();
            let expected = if len == 0 {
                codes::IMAGE_FORMAT
            } else {
                codes::IMAGE_TRUNCATED
            };
            assert_eq!(err.code, expected, "{name} cut at {len}: {}", err.message);
        }
    }
}

#[test]
fn every_single_byte_corruption_is_survived() {
    for full in [png(170, 170), jpeg(170, 170), progressive_jpeg(170, 170)] {
        let header_len = full.len().min(300);
        for at in 0..header_len {
            for value in [0x00, 0xff, full[at] ^ 0x01] {
                let mut bytes = full.clone();
                bytes[at] = value;
                let _ = inspect_image(&bytes);
            }
        }
    }
}

#[test]
fn png_header_damage_is_corrupt() {
    let good = png(200, 200);
    // A flipped bit in the height: the IHDR CRC no longer matches.
    let mut bad_crc = good.clone();
    bad_crc[23] ^= 0x01;
    let err = inspect_image(&bad_crc).unwrap_err();
    assert_eq!(err.code, codes::IMAGE_CORRUPT);
    assert!(err.message.contains("checksum"));

    // Zero width with a correct CRC.
    let mut zero = good[..8].to_vec();
    let mut ihdr = 0u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&200u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    zero.extend(png_chunk(b"IHDR", &ihdr));
    zero.extend(png_chunk(b"IDAT", &zlib_stored(&[0])));
    zero.extend(png_chunk(b"IEND", &[]));
    assert_eq!(inspect_image(&zero).unwrap_err().code, codes::IMAGE_CORRUPT);

    // Bit depth 3 is not a PNG bit depth.
    let mut bad_depth = good[..8].to_vec();
    let mut ihdr = 200u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&200u32.to_be_bytes());
    ihdr.extend_from_slice(&[3, 0, 0, 0, 0]);
    bad_depth.extend(png_chunk(b"IHDR", &ihdr));
    assert_eq!(
        inspect_image(&bad_depth).unwrap_err().code,
        codes::IMAGE_CORRUPT
    );

    // No IDAT before IEND.
    let mut empty = good[..33].to_vec();
    empty.extend(png_chunk(b"IEND", &[]));
    let err = inspect_image(&empty).unwrap_err();
    assert_eq!(err.code, codes::IMAGE_CORRUPT);
    assert!(err.message.contains("IDAT"));
}

#[test]
fn other_formats_are_named() {
    let cases: [(&[u8], &str); 9] = [
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"GIF87a\x01\x00\x01\x00", "GIF"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "HEIC"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00", "AVIF"),
        (b"BM\x36\x00\x00\x00", "BMP"),
        (b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "SVG"),
        (b"iVBORw0KGgoAAAANSUhEUg", "twice"),
        (b"hello world", "neither signature"),
    ];
    for (bytes, named) in cases {
        let err = inspect_image(bytes).unwrap_err();
        assert_eq!(err.code, codes::IMAGE_FORMAT, "{named}");
        assert!(err.message.contains(named), "{named}: {}", err.message);
    }
    assert!(inspect_image(&[]).unwrap_err().message.contains("empty"));
}

#[test]
fn format_names() {
    assert_eq!(ImageFormat::Png.as_str(), "png");
    assert_eq!(ImageFormat::Jpeg.mime_type(), "image/jpeg");
    assert_eq!(
        serde_json::to_value(inspect_image(&png(170, 180)).unwrap()).unwrap(),
        json!({"format": "png", "width": 170, "height": 180, "byteLen": png(170, 180).len()})
    );
}

// ---------- validate_image_bytes ----------

#[test]
fn height_166_fails_and_167_passes() {
    for image in [png(200, 166), jpeg(200, 166)] {
        let report = validate_image_bytes(&image);
        assert!(!report.valid);
        let issue = report.find("", codes::IMAGE_TOO_SHORT).unwrap();
        assert!(issue.message.contains("200×166"), "{}", issue.message);
    }
    for image in [png(167, 167), jpeg(167, 167), progressive_jpeg(167, 167)] {
        let report = validate_image_bytes(&image);
        assert!(report.valid, "{report:?}");
        assert!(report.warnings.is_empty(), "{report:?}");
    }
}

#[test]
fn non_square_and_narrow_are_warnings() {
    let report = validate_image_bytes(&png(400, 200));
    assert!(report.valid);
    assert_eq!(report_codes(&report), vec![("", codes::IMAGE_NOT_SQUARE)]);

    let report = validate_image_bytes(&jpeg(100, 300));
    assert!(report.valid);
    assert_eq!(
        report_codes(&report),
        vec![("", codes::IMAGE_TOO_NARROW), ("", codes::IMAGE_NOT_SQUARE)]
    );
}

#[test]
fn two_megabyte_boundary() {
    let at_limit = png_of_size(MAX_IMAGE_BYTES);
    let report = validate_image_bytes(&at_limit);
    assert!(report.valid, "{report:?}");
    assert!(report.find("", codes::IMAGE_NEAR_SIZE_LIMIT).is_some());

    let over = png_of_size(MAX_IMAGE_BYTES + 1);
    let report = validate_image_bytes(&over);
    assert!(!report.valid);
    let issue = report.find("", codes::IMAGE_TOO_LARGE).unwrap();
    assert!(issue.message.contains(&(MAX_IMAGE_BYTES + 1).to_string()));
    // Too large is not the only thing it says: the image itself is still inspected.
    assert!(report.find("", codes::IMAGE_NEAR_SIZE_LIMIT).is_none());

    let decimal_edge = png_of_size(DECIMAL_IMAGE_LIMIT);
    assert!(validate_image_bytes(&decimal_edge).warnings.is_empty());
    let just_over = png_of_size(DECIMAL_IMAGE_LIMIT + 1);
    assert_eq!(
        report_codes(&validate_image_bytes(&just_over)),
        vec![("", codes::IMAGE_NEAR_SIZE_LIMIT)]
    );

    // Through base64: same limits at "src".
    for (bytes, ok) in [(at_limit, true), (over, false)] {
        let image = Image {
            image_id: "big".into(),
            src: encode_base64(&bytes),
            source_type: ImageSourceType::Base64,
        };
        let report = validate_image(&image);
        assert_eq!(report.valid, ok, "{report:?}");
        assert_eq!(report.find("src", codes::IMAGE_TOO_LARGE).is_some(), !ok);
    }
}

// ---------- validate_image / validate_image_value ----------

fn upload(id: &str, src: String) -> Image {
    Image {
        image_id: id.into(),
        src,
        source_type: ImageSourceType::Base64,
    }
}

#[test]
fn a_good_upload_is_valid() {
    let report = validate_image(&upload("socks-orange-123", encode_base64(&png(300, 300))));
    assert_eq!(
        report,
        Report {
            valid: true,
            ..Report::default()
        }
    );
}

#[test]
fn id_and_src_problems_together() {
    let image = upload("my image/1", encode_base64(&png(300, 100)));
    let report = validate_image(&image);
    assert_eq!(
        report_codes(&report),
        vec![
            ("imageId", codes::ID_PATTERN),
            ("src", codes::IMAGE_TOO_SHORT),
            ("src", codes::IMAGE_NOT_SQUARE),
        ]
    );
    let long = upload(&"a".repeat(129), encode_base64(&png(200, 200)));
    assert_eq!(
        report_codes(&validate_image(&long)),
        vec![("imageId", codes::TOO_LONG)]
    );
    assert!(validate_image(&upload(&"a".repeat(128), encode_base64(&png(200, 200)))).valid);
}

#[test]
fn src_base64_problems() {
    let good = encode_base64(&png(200, 200));
    // Its length is not a multiple of 3, so its base64 ends in padding.
    assert!(good.ends_with('='));
    let cases = [
        (String::new(), codes::EMPTY),
        (good.trim_end_matches('=').to_owned(), codes::BASE64_PADDING),
        (good[..good.len() - 1].to_owned(), codes::BASE64_PADDING),
        (
            format!("{}\n{}", &good[..76], &good[76..]),
            codes::BASE64_WHITESPACE,
        ),
        (good.replacen('A', "!", 1), codes::BASE64_INVALID),
        (
            "https://shop.example/socks.png".to_owned(),
            codes::IMAGE_SRC_URL,
        ),
        (
            encode_base64(b"GIF89a\x01\x00\x01\x00\x00\x00\x00"),
            codes::IMAGE_FORMAT,
        ),
        (encode_base64(&png(200, 200)[..100]), codes::IMAGE_TRUNCATED),
    ];
    for (src, code) in cases {
        let report = validate_image(&upload("id", src.clone()));
        assert!(!report.valid, "{code}");
        assert_eq!(report.errors.len(), 1, "{code}: {report:?}");
        assert_eq!(
            (report.errors[0].path.as_str(), report.errors[0].code),
            ("src", code)
        );
    }
}

#[test]
fn data_url_is_named_and_its_payload_still_checked() {
    let good = encode_base64(&png(200, 200));
    let report = validate_image(&upload("id", format!("data:image/png;base64,{good}")));
    assert_eq!(report_codes(&report), vec![("src", codes::BASE64_DATA_URL)]);
    assert!(report.errors[0].message.contains("data:image/png;base64"));

    let short = encode_base64(&jpeg(300, 120));
    let report = validate_image(&upload("id", format!("data:image/jpeg;base64,{short}")));
    assert_eq!(
        report_codes(&report),
        vec![
            ("src", codes::BASE64_DATA_URL),
            ("src", codes::IMAGE_TOO_SHORT),
            ("src", codes::IMAGE_NOT_SQUARE),
        ]
    );
}

#[test]
fn ten_megabytes_of_base64_is_refused_from_its_length() {
    for text in [
        "A".repeat(10 * 1024 * 1024),
        "A".repeat(10 * 1024 * 1024 + 1),
        format!("{}\n", "!".repeat(10 * 1024 * 1024)),
    ] {
        let image = upload("big", text);
        let started = std::time::Instant::now();
        let report = validate_image(&image);
        let elapsed = started.elapsed();
        assert_eq!(report_codes(&report), vec![("src", codes::IMAGE_TOO_LARGE)]);
        assert!(
            report.errors[0].message.contains("7.5 MB"),
            "{}",
            report.errors[0].message
        );
        // Nothing is decoded, so this is microseconds even unoptimised.
        assert!(elapsed.as_millis() < 50, "{elapsed:?}");
    }
}

#[test]
fn untyped_request_reports_everything_at_once() {
    let report = validate_image_value(&json!({
        "imageId": "bad id",
        "src": "data:image/png;base64,",
        "type": "png",
        "imageUrl": "x",
    }));
    assert_eq!(
        report_codes(&report),
        vec![
            ("imageId", codes::ID_PATTERN),
            ("src", codes::BASE64_DATA_URL),
            ("type", codes::IMAGE_TYPE),
            ("imageUrl", codes::UNKNOWN_FIELD),
        ]
    );

    let report = validate_image_value(&json!({}));
    assert_eq!(
        report_codes(&report),
        vec![
            ("imageId", codes::REQUIRED),
            ("src", codes::REQUIRED),
            ("type", codes::REQUIRED)
        ]
    );

    let report = validate_image_value(&json!({"imageId": 5, "src": null, "type": "base64"}));
    assert_eq!(
        report_codes(&report),
        vec![("imageId", codes::EXPECTED_TYPE), ("src", codes::REQUIRED)]
    );

    assert_eq!(
        report_codes(&validate_image_value(&json!([]))),
        vec![("", codes::EXPECTED_TYPE)]
    );

    let good = json!({"imageId": "x.1", "src": encode_base64(&jpeg(400, 400)), "type": "base64"});
    assert!(validate_image_value(&good).valid);
    assert!(validate_image_json(&good.to_string()).valid);
    assert_eq!(
        report_codes(&validate_image_json("{\"imageId\":")),
        vec![("", codes::JSON_SYNTAX)]
    );
}

// ---------- image_request and content ids ----------

#[test]
fn content_id_is_deterministic_and_valid() {
    // First 32 hex digits of SHA-256("abc").
    assert_eq!(
        content_image_id(b"abc"),
        "img-ba7816bf8f01cfea414140de5dae2223"
    );
    let a = png(200, 200);
    let b = png(200, 201);
    assert_eq!(content_image_id(&a), content_image_id(&a.clone()));
    assert_ne!(content_image_id(&a), content_image_id(&b));
    for id in [
        content_image_id(&a),
        content_image_id(&[]),
        content_image_id(&b),
    ] {
        assert!(is_api_identifier(&id), "{id}");
        assert_eq!(id.len(), 36);
        assert!(id.len() <= MAX_IMAGE_ID_LEN);
    }
}

#[test]
fn request_for_good_bytes() {
    let bytes = jpeg(500, 500);
    let request = image_request(&bytes, None).unwrap();
    assert_eq!(request.image_id, content_image_id(&bytes));
    assert_eq!(decode_base64(&request.src).unwrap(), bytes);
    assert!(validate_image(&request).valid);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"imageId": content_image_id(&bytes), "src": encode_base64(&bytes), "type": "base64"})
    );
    let named = image_request(&bytes, Some("socks-orange-123")).unwrap();
    assert_eq!(named.image_id, "socks-orange-123");
    // A warning (not square) does not stop it.
    assert!(image_request(&png(300, 200), None).is_ok());
}

#[test]
fn request_refuses_bad_bytes_and_bad_ids_together() {
    let errors = image_request(&png(200, 100), Some("no spaces")).unwrap_err();
    let found: Vec<_> = errors.iter().map(|i| (i.path.as_str(), i.code)).collect();
    assert_eq!(
        found,
        vec![
            ("imageId", codes::ID_PATTERN),
            ("src", codes::IMAGE_TOO_SHORT)
        ]
    );
    let errors = image_request(b"GIF89a", None).unwrap_err();
    assert_eq!(errors[0].code, codes::IMAGE_FORMAT);
    assert_eq!(
        image_request(&png(200, 200), Some("")).unwrap_err()[0].code,
        codes::EMPTY
    );
}

#[test]
fn image_codes_are_registered() {
    for code in [
        codes::IMAGE_FORMAT,
        codes::IMAGE_CORRUPT,
        codes::IMAGE_TRUNCATED,
        codes::IMAGE_TOO_SHORT,
        codes::IMAGE_TOO_LARGE,
        codes::IMAGE_NEAR_SIZE_LIMIT,
        codes::IMAGE_NOT_SQUARE,
        codes::IMAGE_TOO_NARROW,
        codes::IMAGE_SRC_URL,
        codes::IMAGE_TYPE,
        codes::BASE64_INVALID,
        codes::BASE64_PADDING,
        codes::BASE64_WHITESPACE,
        codes::BASE64_DATA_URL,
    ] {
        assert_eq!(
            codes::ALL.iter().filter(|(c, _, _)| *c == code).count(),
            1,
            "{code}"
        );
    }
}

// ---------- properties ----------

proptest! {
    #[test]
    fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = encode_base64(&bytes);
        prop_assert_eq!(text.len() % 4, 0);
        prop_assert_eq!(base64::decoded_len(&text), Some(bytes.len()));
        prop_assert_eq!(decode_base64(&text).unwrap(), bytes);
    }

    #[test]
    fn base64_decode_never_panics(text in "\\PC{0,64}|[A-Za-z0-9+/=_ -]{0,64}") {
        let _ = decode_base64(&text);
    }

    #[test]
    fn inspect_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = inspect_image(&bytes);
        let _ = validate_image_bytes(&bytes);
    }

    // Arbitrary bytes after a real signature reach the chunk and segment walkers.
    #[test]
    fn inspect_never_panics_past_the_signature(
        tail in proptest::collection::vec(any::<u8>(), 0..512),
        jpeg_first in any::<bool>(),
    ) {
        let mut bytes = if jpeg_first { vec![0xff, 0xd8] } else { png(170, 170)[..33].to_vec() };
        bytes.extend(tail);
        let _ = inspect_image(&bytes);
    }

    // Random edits to a real file are survived and never mistaken for the original size
    // unless the header is intact.
    #[test]
    fn edited_files_never_panic(at in 0usize..400, value in any::<u8>(), cut in 0usize..600) {
        for full in [jpeg(300, 200), progressive_jpeg(300, 200), png(40, 200)] {
            let mut bytes = full.clone();
            let at = at % bytes.len();
            bytes[at] = value;
            bytes.truncate(cut.max(at + 1));
            let _ = inspect_image(&bytes);
        }
    }
}
