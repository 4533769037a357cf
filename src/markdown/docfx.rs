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
    Div { class: String },
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
    if upper.starts_with("DIV") {
        let rest = inner[3..].trim();
        let class = rest
            .strip_prefix("class")
            .map(|r| r.trim_start().trim_start_matches('=').trim())
            .map(|v| {
                v.trim_matches(|c| c == '"' || c == '\'' || c == '\u{201c}' || c == '\u{201d}')
                    .to_string()
            })
            .unwrap_or_default();
        return Some((Marker::Div { class }, len));
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
    while let Some(p) = lower[from..].find("[!include[") {
        let start = from + p;
        from = start + 1;
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
        let mut i = start + "[!include".len();
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
        let path = body[path_offset..path_end]
            .trim()
            .trim_matches(|c| c == '<' || c == '>')
            .to_string();
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
                    class: "op_single_selector".into()
                },
                33
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
    fn placeholders_keep_length() {
        let p = placeholder(3, 40).unwrap();
        assert_eq!(p.len(), 40);
        assert!(p.starts_with("<!--hsi:3:") && p.ends_with("-->"));
        assert!(placeholder(3, 5).is_none());
    }
}
