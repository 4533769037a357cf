//! An image's pixel size from the first bytes of its file, so every
//! published `<img>` can reserve its box before the picture arrives.

/// Bytes read of any image at most: a JPEG behind a larger EXIF block goes
/// without a size rather than being read whole.
pub const HEAD_LIMIT: u64 = 64 * 1024;
/// Bytes read first: enough for every format's size but a JPEG's behind
/// metadata.
pub const HEAD_FIRST: u64 = 1024;
/// Larger sides are a file's claim, not a screenshot: no size is written
/// for them, and they are never decoded.
pub const MAX_SIDE: u32 = 16_384;

/// The formats whose size we read, by file extension.
pub fn is_image(path: &str) -> bool {
    matches!(
        extension(path).as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg"
    )
}

/// Whether `head` starts like a JPEG, whose size can lie further in.
pub fn is_jpeg(head: &[u8]) -> bool {
    head.starts_with(&[0xff, 0xd8])
}

pub fn is_svg(path: &str) -> bool {
    extension(path) == "svg"
}

/// The formats that get a smaller WebP beside them: screenshots and photos.
pub fn is_encodable(path: &str) -> bool {
    matches!(extension(path).as_str(), "png" | "jpg" | "jpeg")
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

/// `(width, height)` of the image whose file `path` starts with `head`;
/// `None` for a truncated or corrupt header, a side of 0 or above
/// [`MAX_SIDE`], or a file that is not what its name says.
pub fn of(path: &str, head: &[u8]) -> Option<(u32, u32)> {
    let (width, height) = if is_svg(path) {
        svg(head)?
    } else {
        let size = imagesize::blob_size(head).ok()?;
        (
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        )
    };
    let fits = |side: u32| (1..=MAX_SIDE).contains(&side);
    (fits(width) && fits(height)).then_some((width, height))
}

/// An SVG's size from its root element: `width` and `height` in pixels,
/// else its `viewBox`. Sizes in other units or percentages give none.
fn svg(head: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(head);
    let start = text.find("<svg")?;
    let tag = &text[start..];
    let end = tag.find('>')?;
    let attrs = crate::images::tags::attributes(&tag[4..end]);
    let value = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    };
    let pixels = |v: &str| -> Option<u32> {
        let number = v.strip_suffix("px").unwrap_or(v).trim();
        let n: f64 = number.parse().ok()?;
        (n.is_finite() && n >= 0.5 && n <= f64::from(MAX_SIDE)).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (value("width"), value("height")) {
        return Some((pixels(w)?, pixels(h)?));
    }
    let view_box: Vec<&str> = value("viewBox")?
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    match view_box[..] {
        [_, _, w, h] => Some((pixels(w)?, pixels(h)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn sizes_come_from_headers_and_claims_beyond_reason_give_none() {
        assert_eq!(of("a.png", &png_header(640, 480)), Some((640, 480)));
        assert_eq!(of("a.PNG", &png_header(100_000, 100_000)), None);
        assert_eq!(of("a.png", &png_header(0, 10)), None);
        assert_eq!(of("a.png", &png_header(640, 480)[..12]), None, "truncated");
        assert_eq!(of("a.png", b"not an image at all"), None);
        assert_eq!(of("a.gif", b"GIF89a\x10\x00\x20\x00\0\0\0"), Some((16, 32)));
    }

    #[test]
    fn svg_sizes_from_width_and_height_or_the_view_box() {
        let sized = br#"<?xml version="1.0"?><svg xmlns="x" width="24px" height="16">"#;
        assert_eq!(of("i.svg", sized), Some((24, 16)));
        let boxed = br#"<svg viewBox="0 0 120,80" xmlns="x"><g/></svg>"#;
        assert_eq!(of("i.svg", boxed), Some((120, 80)));
        assert_eq!(of("i.svg", br#"<svg width="50%" height="2em">"#), None);
        assert_eq!(of("i.svg", br#"<svg viewBox="0 0 1e9 1e9">"#), None);
        assert_eq!(of("i.svg", br#"<svg viewBox="0 0 NaN 5">"#), None);
        assert_eq!(of("i.svg", b"<svg width=\"3\""), None, "unclosed tag");
    }
}
