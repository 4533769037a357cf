//! YAML pages: DocFX's landing and hub pages (`index.yml` starting with
//! `### YamlMime:Landing` or `### YamlMime:Hub`). Discovery tells them from
//! data YAML by that first line (`discover::yaml_mime`); here they are
//! parsed once for their `metadata` (the page's front matter) and once,
//! with the site's link index, for what the template draws. Their links
//! and pictures go through the same resolution as a Markdown page's, and
//! what they find goes into the same `Rendered`, so TOCs, search, the
//! anchor check and translation pairing treat them as any page.

pub mod model;
mod places;
mod read;
mod size;

pub use model::Landing;

use serde_norway::Value;

use crate::diagnostics::{Code, Diagnostic, LineIndex, Severity, Span};
use crate::frontmatter::{FrontMatter, Meta};
use crate::links::{self, Target};
use crate::markdown::{AssetRef, Env, FoundOnPage, PageLink, PageSource, Rendered};

/// Whether the page at `path` (a page of the model) is a YAML page: only
/// landing and hub pages become pages with this extension.
pub fn is_yaml_page(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yml") || lower.ends_with(".yaml")
}

/// The page's front matter: its `metadata` mapping, with the page's own
/// `title` (the heading readers see) in place of `metadata.title`, and its
/// `summary` as the description when metadata has none. Problems are
/// reported when the page is rendered, not twice.
pub fn front(text: &str) -> FrontMatter {
    let Ok(doc) = parse(text, "") else {
        return FrontMatter::default();
    };
    let mut entries: Vec<(String, serde_json::Value)> = Vec::new();
    if let Some(meta) = doc.get("metadata").and_then(Value::as_mapping) {
        for (key, value) in meta {
            if let Some(key) = key.as_str() {
                entries.push((
                    key.to_string(),
                    crate::frontmatter::yaml_to_json(value.clone()),
                ));
            }
        }
    }
    let own = [
        ("title", read::text(doc.get("title"))),
        ("description", read::text(doc.get("summary"))),
    ];
    for (key, value) in own {
        let Some(value) = value else { continue };
        let has = entries.iter().any(|(k, _)| k == key);
        if key == "title" || !has {
            entries.retain(|(k, _)| k != key);
            entries.push((key.to_string(), serde_json::Value::String(value)));
        }
    }
    FrontMatter {
        meta: Meta::from_entries(entries),
        // The whole file is the page's text: what translators translate and
        // what tells whether a translation is behind its source.
        body_start: 0,
    }
}

/// The page as its template draws it, and what it links to and says, in
/// the model's `Rendered`. `None` when the YAML does not parse.
pub fn render(env: &Env, source: &PageSource) -> (Rendered, Option<Landing>) {
    let mut found = FoundOnPage::default();
    let text = source.text;
    let doc = match parse(text, source.file) {
        Ok(doc) => doc,
        Err(problem) => {
            found.diagnostics.push(*problem);
            return (Rendered::without_markdown(found), None);
        }
    };
    let kind = match crate::discover::yaml_mime(text) {
        Some("Hub") => "hub",
        _ => "landing",
    };
    let mut reading = Reading {
        env,
        source,
        dir: links::parent_dir(source.path),
        lines: std::cell::OnceCell::new(),
        places: places::Places::of(text),
        cursor: 0,
        located: 0,
        found: &mut found,
    };
    let landing = read::landing(kind, &doc, &mut reading);
    found.text = landing.visible_text();
    found.first_h1 = Some(landing.title.clone()).filter(|t| !t.is_empty());
    (Rendered::without_markdown(found), Some(landing))
}

/// What reading a page needs: its links resolved, its problems placed.
struct Reading<'r> {
    env: &'r Env<'r>,
    source: &'r PageSource<'r>,
    dir: &'r str,
    lines: std::cell::OnceCell<LineIndex>,
    places: places::Places<'r>,
    /// Where the last link or problem placed was written: what is read
    /// next is written after it.
    cursor: usize,
    /// Problems placed by searching the text; past a hundred, the rest
    /// take the cursor, so a page of many cannot cost their product.
    located: usize,
    found: &'r mut FoundOnPage,
}

impl read::Out for Reading<'_> {
    fn resolve(&mut self, dest: &str, kind: links::RefKind) -> Option<String> {
        let (text, file) = (self.source.text, self.source.file);
        let r = self
            .env
            .index
            .resolve(self.source.locale, self.dir, self.dir, dest, kind);
        let at = self.places.take(dest);
        if at > 0 {
            self.cursor = at;
        }
        let lines = self.lines.get_or_init(|| LineIndex::new(text));
        for p in &r.problems {
            self.found
                .diagnostics
                .push(p.to_diagnostic(file, (lines, text), at, dest));
        }
        let fragment_at = |fragment: &Option<String>| {
            fragment
                .as_ref()
                .map(|_| Box::new(Span::at(file, lines, text, at)))
        };
        match r.target {
            Target::Page {
                locale,
                path,
                fragment,
            } => {
                let fragment = fragment.filter(|f| !f.is_empty());
                self.found.page_links.push(PageLink {
                    locale,
                    path,
                    at: fragment_at(&fragment),
                    fragment,
                });
            }
            // The page has no anchors of its own, but the check says so
            // as it does for a Markdown page's `[x](#nope)`.
            Target::SamePage { fragment } if !fragment.is_empty() => {
                let fragment = Some(fragment);
                self.found.page_links.push(PageLink {
                    locale: self.source.locale.to_string(),
                    path: self.source.path.to_string(),
                    at: fragment_at(&fragment),
                    fragment,
                });
            }
            Target::Asset {
                locale,
                path,
                from_locale,
            } => self.found.assets.push(AssetRef {
                locale,
                path,
                from_locale,
            }),
            Target::Unresolved if r.url.is_empty() => return None,
            _ => {}
        }
        Some(r.url)
    }

    fn problem(&mut self, severity: Severity, look: read::Look, message: String) {
        let text = self.source.text;
        if self.located < 100 {
            self.located += 1;
            if let Some(at) = read::locate(text, self.cursor, &look) {
                self.cursor = at;
            }
        }
        let d = match severity {
            Severity::Error => Diagnostic::error(Code::YamlSyntax, self.source.file, message),
            _ => Diagnostic::warning(Code::YamlSyntax, self.source.file, message),
        };
        let lines = self.lines.get_or_init(|| LineIndex::new(text));
        self.found
            .diagnostics
            .push(d.at_indexed(lines, text, self.cursor));
    }
}

/// The YAML, or a `yaml-syntax` error at the line and column the parser
/// names. Aliases that expand without end (a "billion laughs" file) and
/// nesting past the parser's limit are errors of the parser, not work;
/// aliases that expand to more values than the file could hold without
/// them are refused before the parser builds them.
fn parse(text: &str, file: &str) -> Result<Value, Box<Diagnostic>> {
    if let Some(at) = too_deep(text) {
        return Err(Box::new(
            Diagnostic::error(
                Code::YamlSyntax,
                file,
                format!("the YAML nests `[` and `{{` more than {MAX_FLOW_DEPTH} levels deep"),
            )
            .at(text, at),
        ));
    }
    let yaml = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - yaml.len();
    let cap = size::VALUES_PER_BYTE * text.len() + 64;
    if size::expands_past(yaml, cap) {
        return Err(Box::new(
            Diagnostic::error(
                Code::YamlSyntax,
                file,
                format!(
                    "aliases expand the YAML too far: past {cap} values, more than its {} bytes could hold without them",
                    text.len()
                ),
            )
            .at(text, 0),
        ));
    }
    match serde_norway::from_str::<Value>(yaml) {
        Ok(doc @ Value::Mapping(_)) => Ok(doc),
        Ok(_) => Err(Box::new(
            Diagnostic::error(
                Code::YamlSyntax,
                file,
                "a landing or hub page must be a mapping of `key: value` lines (`title:`, `summary:`, …)",
            )
            .at(text, 0),
        )),
        Err(e) => {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            let at = e
                .location()
                .map_or(0, |l| bom + offset_of(yaml, l.line(), l.column()));
            Err(Box::new(
                Diagnostic::error(
                    Code::YamlSyntax,
                    file,
                    format!("the YAML does not parse: {message}"),
                )
                .at(text, at),
            ))
        }
    }
}

/// The parser refuses nesting past 128 levels anyway, but reading `[` and
/// `{` nested 100,000 deep took it a minute: the time grows with the square
/// of the depth. Brackets in quoted text count too; no page has this many.
const MAX_FLOW_DEPTH: usize = 1000;

/// Where the brackets first open deeper than [`MAX_FLOW_DEPTH`].
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The byte offset of 1-based `line` and `column` (in characters), where
/// CR, LF and CRLF each end a line, as the YAML parser counts them.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut current = 1;
    while current < line && at < bytes.len() {
        match bytes[at] {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                at += 1;
                current += 1
            }
            b'\r' | b'\n' => current += 1,
            _ => {}
        }
        at += 1;
    }
    let rest = &text[at..];
    at + rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests;
