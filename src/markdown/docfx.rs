//! DocFX's Markdown extensions, recognised on top of CommonMark:
//! `> [!NOTE]` alerts, `> [!div class="…"]` blocks and `[!INCLUDE[…](…)]`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl AlertKind {
    pub fn class(self) -> &'static str {
        match self {
            AlertKind::Note => "note",
            AlertKind::Tip => "tip",
            AlertKind::Important => "important",
            AlertKind::Warning => "warning",
            AlertKind::Caution => "caution",
        }
    }

    /// The Fluent message that labels this callout.
    pub fn message_id(self) -> &'static str {
        match self {
            AlertKind::Note => "alert-note",
            AlertKind::Tip => "alert-tip",
            AlertKind::Important => "alert-important",
            AlertKind::Warning => "alert-warning",
            AlertKind::Caution => "alert-caution",
        }
    }

    pub const ALL: [AlertKind; 5] = [
        AlertKind::Note,
        AlertKind::Tip,
        AlertKind::Important,
        AlertKind::Warning,
        AlertKind::Caution,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    Alert(AlertKind),
    /// `[!div class="a" id="b"]`: the class, and the other attributes that
    /// cannot run script or restyle the page (id, lang, dir, title, role,
    /// `aria-*`, `data-*`), in the order written.
    Div {
        class: String,
        attrs: Vec<(String, String)>,
    },
    /// `> [!VIDEO https://…]`
    Video(String),
}

/// `name="value"` pairs, as DocFX writes them after `[!div`: double, single
/// or typographic quotes, or a bare word.
pub(crate) fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let is_quote = |c: char| matches!(c, '"' | '\'' | '\u{201c}' | '\u{201d}');
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let Some(after_eq) = rest.strip_prefix('=') else {
            if !name.is_empty() {
                out.push((name, String::new()));
            }
            continue;
        };
        let v = after_eq.trim_start();
        let (value, after) = match v.chars().next() {
            Some(q) if is_quote(q) => {
                let body = &v[q.len_utf8()..];
                // The quote that opened the value closes it, so an
                // apostrophe in `alt-text="The app's window"` is text.
                // Typographic quotes close with either of the pair, as
                // word processors mix them.
                let closes = |c: char| match q {
                    '\u{201c}' | '\u{201d}' => matches!(c, '\u{201c}' | '\u{201d}'),
                    _ => c == q,
                };
                let end = body.find(closes).unwrap_or(body.len());
                let close = body[end..].chars().next().map_or(0, char::len_utf8);
                (&body[..end], &body[end + close..])
            }
            _ => {
                let end = v.find(char::is_whitespace).unwrap_or(v.len());
                (&v[..end], &v[end..])
            }
        };
        out.push((name, value.to_string()));
        rest = after.trim_start();
    }
    out
}

fn safe_div_attribute(name: &str) -> bool {
    matches!(name, "id" | "lang" | "dir" | "title" | "role")
        || name.starts_with("aria-")
        || name.starts_with("data-")
}

/// Reads a marker at the start of a blockquote's first line. Returns the
/// marker and the number of bytes it takes.
pub fn parse_marker(text: &str) -> Option<(Marker, usize)> {
    let lead = text.len() - text.trim_start().len();
    let t = &text[lead..];
    if !t.starts_with("[!") {
        return None;
    }
    let close = t.find(']')?;
    let inner = &t[2..close];
    let len = lead + close + 1;
    let upper = inner.to_ascii_uppercase();
    let kind = match upper.as_str() {
        "NOTE" => Some(AlertKind::Note),
        "TIP" => Some(AlertKind::Tip),
        "IMPORTANT" => Some(AlertKind::Important),
        "WARNING" => Some(AlertKind::Warning),
        "CAUTION" => Some(AlertKind::Caution),
        _ => None,
    };
    if let Some(kind) = kind {
        return Some((Marker::Alert(kind), len));
    }
    if let Some(url) = upper
        .starts_with("VIDEO ")
        .then(|| inner[6..].trim())
        .filter(|u| !u.is_empty())
    {
        return Some((Marker::Video(url.to_string()), len));
    }
    if upper.starts_with("DIV") {
        let mut class = String::new();
        let mut attrs = Vec::new();
        // DocFX also takes the attributes in backticks; one lone backtick voids them.
        let written = inner[3..].trim();
        let written = match written.strip_prefix('`').map(|w| w.strip_suffix('`')) {
            Some(Some(quoted)) => quoted,
            Some(None) => "",
            None if written.ends_with('`') => "",
            None => written,
        };
        for (name, value) in parse_attributes(written) {
            if name == "class" {
                class = value;
            } else if safe_div_attribute(&name) && !attrs.iter().any(|(n, _)| *n == name) {
                attrs.push((name, value));
            }
        }
        return Some((Marker::Div { class, attrs }, len));
    }
    None
}

/// One `[!INCLUDE[title](path)]` in a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeRef {
    /// Byte range of the whole construct in the body.
    pub start: usize,
    pub end: usize,
    pub path: String,
    /// Byte offset of the path, for diagnostics.
    pub path_offset: usize,
    /// Alone on its line (a block), or inside running text.
    pub block: bool,
}

pub fn find_includes(body: &str) -> Vec<IncludeRef> {
    let lower = body.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(p) = lower[from..].find("[!include") {
        let start = from + p;
        from = start + 1;
        // Most Microsoft docs write `[!INCLUDE [title](path)]`, with a space.
        let title_at = start + "[!include".len();
        let gap = body[title_at..]
            .bytes()
            .take_while(|b| *b == b' ' || *b == b'\t')
            .count();
        if body.as_bytes().get(title_at + gap) != Some(&b'[') {
            continue;
        }
        // `\[!INCLUDE…` is the author's way to write the syntax as text.
        let backslashes = body[..start]
            .bytes()
            .rev()
            .take_while(|b| *b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            continue;
        }
        // Skip the bracketed title, allowing nested brackets.
        let mut depth = 0usize;
        let mut i = title_at + gap;
        let bytes = body.as_bytes();
        while i < bytes.len() {
            match bytes[i] {
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\n' | b'\r' => break,
                _ => {}
            }
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b']' || bytes.get(i + 1) != Some(&b'(') {
            continue;
        }
        let path_offset = i + 2;
        let Some(close) = body[path_offset..].find(')') else {
            continue;
        };
        let path_end = path_offset + close;
        if bytes.get(path_end + 1) != Some(&b']') {
            continue;
        }
        let end = path_end + 2;
        let path = include_path(&body[path_offset..path_end]);
        let line_start = body[..start].rfind(['\n', '\r']).map_or(0, |n| n + 1);
        let line_end = body[end..]
            .find(['\n', '\r'])
            .map_or(body.len(), |n| end + n);
        let block = body[line_start..start]
            .trim()
            .trim_start_matches('>')
            .trim()
            .is_empty()
            && body[end..line_end].trim().is_empty();
        found.push(IncludeRef {
            start,
            end,
            path,
            path_offset,
            block,
        });
        from = end;
    }
    found
}

/// The file an include's destination names: without a link title
/// (`a.md "Title"`) and without the angle brackets of `<a b.md>`.
fn include_path(dest: &str) -> String {
    let dest = dest.trim();
    if let Some(inner) = dest.strip_prefix('<') {
        if let Some(end) = inner.find('>') {
            return inner[..end].to_string();
        }
    }
    let end = dest
        .find(|c: char| c.is_whitespace())
        .filter(|&n| {
            let title = dest[n..].trim_start();
            title.starts_with(['"', '\'', '('])
        })
        .unwrap_or(dest.len());
    dest[..end].to_string()
}

/// A same-length HTML comment that stands in for an include while the page
/// is parsed, so every byte offset (and so every diagnostic) stays put.
pub fn placeholder(n: usize, len: usize) -> Option<String> {
    let head = format!("<!--hsi:{n}:");
    let min = head.len() + 3;
    (len >= min).then(|| format!("{head}{}-->", " ".repeat(len - min)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_ends_at_the_quote_that_opened_it() {
        let text =
            "alt-text=\"The app's start window\" source='a \"b\".png' title=\u{201c}x\u{201d} k=v";
        let expected = [
            ("alt-text", "The app's start window"),
            ("source", "a \"b\".png"),
            ("title", "x"),
            ("k", "v"),
        ];
        let found = parse_attributes(text);
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(found, expected);
        // Never closed: the value runs to the end.
        assert_eq!(
            parse_attributes("a=\"open"),
            [("a".to_string(), "open".to_string())]
        );
    }

    #[test]
    fn markers() {
        assert_eq!(
            parse_marker("[!NOTE]"),
            Some((Marker::Alert(AlertKind::Note), 7))
        );
        assert_eq!(
            parse_marker("[!Note] text"),
            Some((Marker::Alert(AlertKind::Note), 7))
        );
        assert_eq!(
            parse_marker(r#"[!div class="op_single_selector"]"#),
            Some((
                Marker::Div {
                    class: "op_single_selector".into(),
                    attrs: vec![]
                },
                33
            ))
        );
        assert_eq!(
            parse_marker(r#"[!div class="a b" id='c' onclick="x()" data-k=v]"#),
            Some((
                Marker::Div {
                    class: "a b".into(),
                    attrs: vec![("id".into(), "c".into()), ("data-k".into(), "v".into())]
                },
                48
            ))
        );
        assert_eq!(parse_marker("[!UNKNOWN]"), None);
        assert_eq!(parse_marker("plain"), None);
    }

    #[test]
    fn includes_block_and_inline() {
        let body = "Intro\n[!INCLUDE[t](../includes/a.md)]\nText [!include[x [y]](b.md)] more";
        let inc = find_includes(body);
        assert_eq!(inc.len(), 2);
        assert!(inc[0].block);
        assert_eq!(inc[0].path, "../includes/a.md");
        assert_eq!(
            &body[inc[0].start..inc[0].end],
            "[!INCLUDE[t](../includes/a.md)]"
        );
        assert!(!inc[1].block);
        assert_eq!(inc[1].path, "b.md");
    }

    #[test]
    fn include_forms_with_space_title_and_angle_brackets() {
        let body = "[!INCLUDE [t](a.md \"Title\")]\n[!include  [t](<b c.md>)]\n[!INCLUDE (x)]";
        let inc = find_includes(body);
        let paths: Vec<&str> = inc.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "b c.md"]);
        assert!(inc.iter().all(|i| i.block));
    }

    #[test]
    fn placeholders_keep_length() {
        let p = placeholder(3, 40).unwrap();
        assert_eq!(p.len(), 40);
        assert!(p.starts_with("<!--hsi:3:") && p.ends_with("-->"));
        assert!(placeholder(3, 5).is_none());
    }
}
