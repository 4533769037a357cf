//! Cuts a page's Markdown body into what a translator translates (units:
//! paragraphs, headings, list items, table cells, alert lines) and what
//! stays as it is (the skeleton: blank lines, code blocks, list markers,
//! table pipes, handoff comments). Inside a unit, DocFX syntax, link
//! targets, images, includes, inline code and HTML are protected codes.
//!
//! Putting the pieces back together gives the body byte for byte; that is
//! what lets a handoff come back without disturbing the page.

use std::sync::LazyLock;

use regex::Regex;

use super::emphasis;
pub use super::inline::Inline;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `paragraph`, `heading`, `list-item`, `table-cell` or `alert`.
    pub kind: &'static str,
    pub parts: Vec<Inline>,
}

impl Unit {
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Inline::Code(c) => Some(c.as_str()),
            Inline::Text(_) | Inline::Open(_) | Inline::Close(_) => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Skeleton(String),
    Unit(Unit),
}

/// The text the pieces stand for.
pub fn join(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Skeleton(s) => out.push_str(s),
            Piece::Unit(u) => out.push_str(&unit_text(&u.parts)),
        }
    }
    out
}

pub fn unit_text(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Inline::Text(t) | Inline::Code(t) | Inline::Open(t) | Inline::Close(t) => t.as_str(),
        })
        .collect()
}

static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ {0,3}#{1,6}[ \t]+").unwrap());
static QUOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[ \t]*>[ \t]?)+").unwrap());
static LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+").unwrap());
/// Protected inline syntax, tried left to right; links and images are
/// split so that their text and alt text stay translatable.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xis)
          (?P<code>
              <!--.*?-->
            | \[!include\[[^\]]*\]\([^)]*\)\]
            | \[![a-z]+[^\]]*\]
            | `+[^`]*`+
            | </?[a-z][^>]*>
            | \{\#[^}]*\}
            | \r?\n[ \t]*
          )
          | !\[(?P<alt>[^\[\]]*)\](?P<src>\([^)]*\))
          | \[(?P<text>[^\[\]]*)\](?P<target>\([^)]*\)|\[[^\]]*\])",
    )
    .unwrap()
});

fn tokenize(text: &str, out: &mut Vec<Inline>) {
    let mut at = 0;
    let push = |out: &mut Vec<Inline>, inline: Inline| match (out.last_mut(), inline) {
        (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
        (Some(Inline::Code(a)), Inline::Code(b)) => a.push_str(&b),
        (_, inline) => out.push(inline),
    };
    for caps in CODE.captures_iter(text) {
        let whole = caps.get(0).unwrap();
        if whole.start() > at {
            push(out, Inline::Text(text[at..whole.start()].to_string()));
        }
        let split = match (caps.name("alt"), caps.name("text")) {
            (Some(alt), _) => Some(("![", alt, caps.name("src"))),
            (None, Some(text)) => Some(("[", text, caps.name("target"))),
            _ => None,
        };
        if let Some((open, inner, Some(target))) = split {
            push(out, Inline::Code(open.into()));
            let mut nested = Vec::new();
            tokenize(inner.as_str(), &mut nested);
            for n in nested {
                push(out, n);
            }
            push(out, Inline::Code(format!("]{}", target.as_str())));
        } else {
            push(out, Inline::Code(whole.as_str().to_string()));
        }
        at = whole.end();
    }
    if at < text.len() {
        push(out, Inline::Text(text[at..].to_string()));
    }
}

struct Builder {
    pieces: Vec<Piece>,
}

impl Builder {
    fn skeleton(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Skeleton(last)) = self.pieces.last_mut() {
            last.push_str(s);
        } else {
            self.pieces.push(Piece::Skeleton(s.to_string()));
        }
    }

    /// A unit of `text`, its outer whitespace left in the skeleton; text
    /// with nothing to translate between its codes is skeleton altogether.
    fn unit(&mut self, kind: &'static str, text: &str) {
        let core = text.trim_start();
        let lead = &text[..text.len() - core.len()];
        let core = core.trim_end();
        let trail = &text[lead.len() + core.len()..];
        self.skeleton(lead);
        let mut parts = Vec::new();
        tokenize(core, &mut parts);
        let parts = emphasis::pair(parts);
        let translatable = parts
            .iter()
            .any(|p| matches!(p, Inline::Text(t) if t.chars().any(char::is_alphanumeric)));
        if translatable {
            self.pieces.push(Piece::Unit(Unit { kind, parts }));
        } else {
            self.skeleton(core);
        }
        self.skeleton(trail);
    }
}

fn split_ending(line: &str) -> (&str, &str) {
    let content = line.trim_end_matches(['\n', '\r']);
    (content, &line[content.len()..])
}

fn fence_of(trimmed: &str) -> Option<&str> {
    ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f))
}

fn starts_block(trimmed: &str, content: &str) -> bool {
    trimmed.starts_with('#')
        || trimmed.starts_with('>')
        || trimmed.starts_with('|')
        || trimmed.starts_with("<!--")
        || fence_of(trimmed).is_some()
        || LIST.is_match(content)
}

pub fn segment(body: &str) -> Vec<Piece> {
    let mut b = Builder { pieces: Vec::new() };
    // A paragraph or list item being read: its kind, its text so far, and
    // the line break after its last line.
    let mut open: Option<(&'static str, String, String)> = None;
    let mut fence: Option<&str> = None;
    let flush = |b: &mut Builder, open: &mut Option<(&'static str, String, String)>| {
        if let Some((kind, text, end)) = open.take() {
            b.unit(kind, &text);
            b.skeleton(&end);
        }
    };
    for line in body.split_inclusive('\n') {
        let (content, end) = split_ending(line);
        let trimmed = content.trim_start();
        if let Some(f) = fence {
            b.skeleton(line);
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if let Some(f) = fence_of(trimmed) {
            flush(&mut b, &mut open);
            fence = Some(f);
            b.skeleton(line);
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut b, &mut open);
            b.skeleton(line);
            continue;
        }
        if let Some((_, text, pending)) = &mut open {
            if !starts_block(trimmed, content) {
                text.push_str(pending);
                text.push_str(content);
                *pending = end.to_string();
                continue;
            }
        }
        flush(&mut b, &mut open);
        if trimmed.starts_with('|') {
            let lead = content.len() - trimmed.len();
            b.skeleton(&content[..lead]);
            table_row(&mut b, trimmed);
            b.skeleton(end);
        } else if let Some(m) = HEADING.find(content) {
            b.skeleton(m.as_str());
            b.unit("heading", &content[m.end()..]);
            b.skeleton(end);
        } else if let Some(m) = QUOTE.find(content) {
            let mut prefix = m.end();
            if let Some(l) = LIST.find(&content[prefix..]) {
                prefix += l.end();
            }
            b.skeleton(&content[..prefix]);
            b.unit("alert", &content[prefix..]);
            b.skeleton(end);
        } else if let Some(m) = LIST.find(content) {
            b.skeleton(m.as_str());
            open = Some(("list-item", content[m.end()..].to_string(), end.to_string()));
        } else {
            open = Some(("paragraph", content.to_string(), end.to_string()));
        }
    }
    flush(&mut b, &mut open);
    b.pieces
}

/// `| a | b |`: pipes are skeleton, each cell a unit. A pipe after a
/// backslash or inside a code span belongs to the cell.
fn table_row(b: &mut Builder, row: &str) {
    let mut cell_start = 0;
    let mut in_code = false;
    let bytes = row.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'`' => in_code = !in_code,
            b'|' if !in_code && (i == 0 || bytes[i - 1] != b'\\') => {
                b.unit("table-cell", &row[cell_start..i]);
                b.skeleton("|");
                cell_start = i + 1;
            }
            _ => {}
        }
    }
    b.unit("table-cell", &row[cell_start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(body: &str) -> Vec<(&'static str, String)> {
        segment(body)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Unit(u) => Some((u.kind, unit_text(&u.parts))),
                Piece::Skeleton(_) => None,
            })
            .collect()
    }

    #[test]
    fn pieces_join_to_the_body() {
        let body = "# Title {#t}\r\n\r\nA paragraph with [a link](a.md) and `code`,\r\n  on two lines.\r\n\r\n\
                    1.  Step one ![shot](./media/a.png)\n\n    More of step one.\n- Item\n\n\
                    > [!NOTE]\n> Mind the [!INCLUDE[x](./includes/x.md)] here.\n\n\
                    | Name | Value |\n|---|---|\n| a \\| b | `x|y` |\n\n```\ncode line\n```\n\n<!--HONumber=Jan17_HO1-->\n";
        let pieces = segment(body);
        assert_eq!(join(&pieces), body);
        assert_eq!(
            units(body),
            vec![
                ("heading", "Title {#t}".to_string()),
                (
                    "paragraph",
                    "A paragraph with [a link](a.md) and `code`,\r\n  on two lines.".to_string()
                ),
                ("list-item", "Step one ![shot](./media/a.png)".to_string()),
                ("paragraph", "More of step one.".to_string()),
                ("list-item", "Item".to_string()),
                (
                    "alert",
                    "Mind the [!INCLUDE[x](./includes/x.md)] here.".to_string()
                ),
                ("table-cell", "Name".to_string()),
                ("table-cell", "Value".to_string()),
                ("table-cell", "a \\| b".to_string()),
            ]
        );
    }

    #[test]
    fn links_keep_their_text_translatable() {
        let Piece::Unit(u) = &segment("See [the guide](g.md#x) now.\n")[0] else {
            panic!("a unit")
        };
        assert_eq!(
            u.parts,
            vec![
                Inline::Text("See ".into()),
                Inline::Code("[".into()),
                Inline::Text("the guide".into()),
                Inline::Code("](g.md#x)".into()),
                Inline::Text(" now.".into()),
            ]
        );
    }
}
