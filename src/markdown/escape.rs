//! HTML escaping for text and attribute values.

pub fn escape_text(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    });
}

pub fn escape_attr(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Copies `s` with each byte `entity` names replaced. The runs between
/// them go in whole: most text has none. The replaced bytes are ASCII, so
/// each cut is a character boundary.
fn escape_with(out: &mut String, s: &str, entity: impl Fn(u8) -> Option<&'static str>) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(entity) = entity(b) {
            out.push_str(&s[from..i]);
            out.push_str(entity);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
}
