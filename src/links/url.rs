//! URL strings: splitting, joining, relative paths, and the one percent
//! encoder and decoder that every generated or requested URL goes through.

/// True for `scheme:` references (`https:`, `mailto:`) and `//host/…`.
/// The scheme of a URL that would run script or smuggle a document when
/// clicked: `javascript:`, `vbscript:` or `data:`. Browsers ignore letter
/// case, leading spaces and control characters, and tabs and line breaks
/// anywhere, so this does too; entities are already decoded by the parser,
/// and percent-escapes are decoded as well, to be safe. A `data:image/`
/// image is only a picture and is allowed where `image` is true.
pub fn unsafe_scheme(href: &str, image: bool) -> Option<&'static str> {
    let decoded = percent_decode(href);
    let cleaned: String = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if image && cleaned.starts_with("data:image/") {
        return None;
    }
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| cleaned.starts_with(s))
}

pub fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !href[..colon].contains('/')
}

/// Splits `path?query#fragment`.
pub fn split_href(href: &str) -> (&str, &str, Option<&str>) {
    let (before_frag, fragment) = match href.find('#') {
        Some(i) => (&href[..i], Some(&href[i + 1..])),
        None => (href, None),
    };
    let (path, query) = match before_frag.find('?') {
        Some(i) => (&before_frag[..i], &before_frag[i..]),
        None => (before_frag, ""),
    };
    (path, query, fragment)
}

/// Decodes every valid `%XX`; the flag says whether every `%` was one and
/// the bytes are UTF-8.
fn decode(s: &str) -> (Vec<u8>, bool) {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut clean = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let digits = bytes
                .get(i + 1..i + 3)
                .and_then(|h| Some((hex(h[0])?, hex(h[1])?)));
            if let Some((h, l)) = digits {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
            clean = false;
        }
        out.push(bytes[i]);
        i += 1;
    }
    let utf8 = std::str::from_utf8(&out).is_ok();
    (out, clean && utf8)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// What authors wrote, decoded as far as it decodes: a stray `%` or
/// bytes that are not UTF-8 leave the text as written.
pub fn percent_decode(s: &str) -> String {
    let (bytes, _) = decode(s);
    String::from_utf8(bytes).unwrap_or_else(|_| s.to_string())
}

/// For requests, where anything malformed is refused rather than guessed.
pub fn percent_decode_strict(s: &str) -> Option<String> {
    match decode(s) {
        (bytes, true) => String::from_utf8(bytes).ok(),
        _ => None,
    }
}

/// A real path (a file name as it is on disk) as an URL path: escapes what
/// would end or change the path, and control characters; keeps `/`.
pub fn encode_path(path: &str) -> String {
    // Almost every path is plain ASCII with nothing to escape.
    let plain = path.bytes().all(|b| {
        (b'!'..=b'~').contains(&b)
            && !matches!(
                b,
                b'%' | b'"' | b'<' | b'>' | b'#' | b'?' | b'\\' | b'`' | b'{' | b'}' | b'|' | b'^'
            )
    });
    if plain {
        return path.to_string();
    }
    encode_path_by_char(path)
}

fn encode_path_by_char(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' | ' ' | '"' | '<' | '>' | '#' | '?' | '\\' | '`' | '{' | '}' | '|' | '^' => {
                push_escaped(&mut out, c)
            }
            c if c.is_control() => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    let mut buf = [0; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        out.push_str(&format!("%{b:02X}"));
    }
}

/// Joins `dir` and a relative `path`, resolving `.` and `..` in both. `None`
/// when the result would leave the root that `dir` is relative to. A
/// backslash separates segments in `path`, as authors on Windows write it;
/// in `dir`, a real folder, it is part of a name.
pub fn join_normalized(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let segments = dir.split('/').chain(path.split(['/', '\\']));
    for seg in segments {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The last segment of a path: `a/b.md` → `b.md`.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The relative URL from a page in folder `from_dir` to `to`, both relative
/// to the output root and already URL paths.
pub fn relative_url(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    // Keep the last segment (the file) even if it equals a folder name.
    let common = common.min(to_parts.len().saturating_sub(1));
    let mut url = "../".repeat(from.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    // `a:b.html` would read as a URL of the scheme `a:`.
    if url.is_empty() || is_external(&url) {
        url.insert_str(0, "./");
    }
    url
}

/// The link from output folder `from_dir` to the output file `to` (a real
/// path): encoded, then made relative.
pub fn href_to(from_dir: &str, to: &str) -> String {
    relative_url(&encode_path(from_dir), &encode_path(to))
}

/// `../../` from `out_dir` back to the output root (`""` at the root).
pub fn root_prefix(out_dir: &str) -> String {
    "../".repeat(out_dir.split('/').filter(|s| !s.is_empty()).count())
}

/// `a/b.md` → `<locale>/a/b.html`.
pub fn page_output_path(locale: &str, page_path: &str) -> String {
    // A YAML landing page (`index.yml`) is a page too.
    let stem = page_path
        .strip_suffix(".md")
        .or_else(|| page_path.strip_suffix(".yml"))
        .or_else(|| page_path.strip_suffix(".yaml"))
        .unwrap_or(page_path);
    format!("{locale}/{stem}.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("en", "en/a.html"), "a.html");
        assert_eq!(relative_url("en/Sub", "en/a.html"), "../a.html");
        assert_eq!(relative_url("en", "en/Sub/b.html"), "Sub/b.html");
        assert_eq!(
            relative_url("nl/Sub", "en/Sub/b.html"),
            "../../en/Sub/b.html"
        );
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("nl/Sub"), "../../");
    }

    // Found by `url_properties`: a first segment that looks like a scheme.
    #[test]
    fn a_relative_url_never_reads_as_a_scheme() {
        assert_eq!(relative_url("", "a:"), "./a:");
        assert_eq!(relative_url("en", "en/c:d.html"), "./c:d.html");
        assert_eq!(relative_url("en/x", "en/c:d.html"), "../c:d.html");
        assert_eq!(relative_url("en", "en/x/c:d.html"), "x/c:d.html");
    }

    // Found by `url_properties`: `.` and `..` in the folder were kept.
    #[test]
    fn the_folder_is_normalized_too() {
        assert_eq!(join_normalized(".", "").as_deref(), Some(""));
        assert_eq!(join_normalized("a/./b/..", "c").as_deref(), Some("a/c"));
        assert_eq!(join_normalized("..", "a"), None);
        assert_eq!(join_normalized("a\\b", "c\\d").as_deref(), Some("a\\b/c/d"));
    }

    #[test]
    fn one_encoder_for_real_names() {
        assert_eq!(
            encode_path("nl/a b#c?d%e.html"),
            "nl/a%20b%23c%3Fd%25e.html"
        );
        assert_eq!(encode_path("x\ty\r\nz"), "x%09y%0D%0Az");
        assert_eq!(encode_path("é/ü.png"), "é/ü.png");
        // The quick look for plain paths agrees with the full rule on every
        // ASCII character, and on C1 controls.
        for c in (0u8..128).map(char::from).chain(['\u{85}', '\u{9f}', 'ß']) {
            let path = format!("nl/a{c}b.html");
            assert_eq!(encode_path(&path), encode_path_by_char(&path), "{c:?}");
        }
        assert_eq!(
            encode_path("nl/EndUser/a-b_c.d~e.html"),
            "nl/EndUser/a-b_c.d~e.html"
        );
        assert_eq!(href_to("en/a b", "en/a b/c#d.html"), "c%23d.html");
    }

    #[test]
    fn lenient_and_strict_decoding() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode_strict("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode_strict("%zz"), None);
        assert_eq!(percent_decode_strict("%c3%28"), None);
        assert_eq!(percent_decode_strict("%"), None);
        // Every encoded name decodes back to itself.
        for name in ["a b", "x%y", "q?r#s", "t\tu"] {
            assert_eq!(
                percent_decode_strict(&encode_path(name)).as_deref(),
                Some(name)
            );
        }
    }
}
