//! Navigation from DocFX TOC files: `TOC.md` (nested headings or lists of
//! links) or `toc.yml` (`name`/`href`/`items`). A TOC governs the pages in
//! its folder and below; it gives each page a sidebar, breadcrumbs and
//! previous/next links.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::links::{self, ContentIndex, RefKind, Target};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub title: String,
    /// The page it leads to, in `locale`, relative to `content/<locale>/`.
    pub page: Option<(String, String)>,
    /// A link off the site, kept as written.
    pub external: Option<String>,
    /// It names a link target that does not exist: shown, but not as a link.
    pub unresolved: bool,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone)]
pub struct Toc {
    /// Folder it governs, relative to `content/<locale>/` ("" for the root).
    pub dir: String,
    /// The TOC file, relative to the site root.
    pub file: String,
    pub entries: Vec<TocEntry>,
}

impl Toc {
    /// Entries that lead to pages, in reading order: for previous/next.
    pub fn linear(&self) -> Vec<&TocEntry> {
        fn walk<'a>(entries: &'a [TocEntry], out: &mut Vec<&'a TocEntry>) {
            for e in entries {
                if e.page.is_some() {
                    out.push(e);
                }
                walk(&e.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.entries, &mut out);
        out
    }

    /// The chain of entries from the top down to the entry for `page`.
    pub fn trail(&self, page: &(String, String)) -> Vec<&TocEntry> {
        fn find<'a>(
            entries: &'a [TocEntry],
            page: &(String, String),
            trail: &mut Vec<&'a TocEntry>,
        ) -> bool {
            for e in entries {
                trail.push(e);
                if e.page.as_ref() == Some(page) || find(&e.children, page, trail) {
                    return true;
                }
                trail.pop();
            }
            false
        }
        let mut trail = Vec::new();
        find(&self.entries, page, &mut trail);
        trail
    }
}

/// Reads a TOC file's text, resolving links for `locale` from `dir`.
pub fn parse(
    text: &str,
    file: &str,
    dir: &str,
    locale: &str,
    index: &ContentIndex,
    diags: &mut Vec<Diagnostic>,
) -> Toc {
    let flat = if file.to_lowercase().ends_with(".yml") {
        flat_from_yaml(text, file, diags)
    } else {
        flat_from_markdown(text)
    };
    let mut resolved = Vec::with_capacity(flat.len());
    let lines = crate::diagnostics::LineIndex::new(text);
    for item in flat {
        let (page, external) = match &item.href {
            None => (None, None),
            Some(href) => {
                let r = index.resolve(locale, dir, dir, href, RefKind::Link);
                for p in r.problems.iter().filter(|p| p.severity != Severity::Info) {
                    diags.push(p.to_diagnostic(file, (&lines, text), item.offset, href));
                }
                match r.target {
                    // An untranslated page is shown in this locale as its
                    // fallback copy: that is where the entry leads.
                    Target::Page {
                        locale: l, path, ..
                    } if l == index.default_locale => (Some((locale.to_string(), path)), None),
                    Target::Page { locale, path, .. } => (Some((locale, path)), None),
                    Target::External | Target::Outside { .. } => (None, Some(r.url)),
                    _ => (None, None),
                }
            }
        };
        let unresolved = item.href.is_some() && page.is_none() && external.is_none();
        resolved.push((
            item.depth,
            TocEntry {
                title: item.title,
                page,
                external,
                unresolved,
                children: Vec::new(),
            },
        ));
    }
    Toc {
        dir: dir.to_string(),
        file: file.to_string(),
        entries: nest(resolved),
    }
}

struct FlatItem {
    depth: usize,
    title: String,
    href: Option<String>,
    offset: usize,
}

/// Headings nest by level; lists nest inside the heading above them.
fn flat_from_markdown(text: &str) -> Vec<FlatItem> {
    let body_start = crate::frontmatter::FrontMatter::parse(text, "", &mut Vec::new()).body_start;
    let body = &text[body_start..];
    let mut items: Vec<FlatItem> = Vec::new();
    let mut heading_depth = 0;
    let mut list_depth = 0;
    let mut current: Option<FlatItem> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_depth = level as usize;
                current = Some(FlatItem {
                    depth: heading_depth,
                    title: String::new(),
                    href: None,
                    offset: body_start + range.start,
                });
            }
            Event::Start(Tag::List(_)) => {
                // A nested list ends its parent item's own text.
                if let Some(item) = current.take() {
                    items.push(item);
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::Start(Tag::Item) => {
                if let Some(item) = current.take() {
                    items.push(item);
                }
                current = Some(FlatItem {
                    depth: heading_depth + list_depth,
                    title: String::new(),
                    href: None,
                    offset: body_start + range.start,
                });
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(item) = current.as_mut() {
                    if item.href.is_none() {
                        item.href = Some(dest_url.to_string());
                        item.offset = body_start
                            + range.start
                            + body[range.clone()].rfind(dest_url.as_ref()).unwrap_or(0);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(item) = current.as_mut() {
                    item.title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Item) => {
                if let Some(item) = current.take() {
                    items.push(item);
                }
            }
            _ => {}
        }
    }
    if let Some(item) = current.take() {
        items.push(item);
    }
    items.retain(|i| !i.title.trim().is_empty() || i.href.is_some());
    for i in &mut items {
        i.title = i.title.trim().to_string();
    }
    items
}

fn flat_from_yaml(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Vec<FlatItem> {
    // Notepad and Visual Studio start a file with a byte order mark; YAML
    // would read it as part of the first key. It sits before column 1.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let value: serde_norway::Value = match serde_norway::from_str(&normalized) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            diags.push(
                Diagnostic::error(
                    Code::Toc,
                    file,
                    format!(
                        "malformed toc.yml: {}",
                        e.to_string().split(" at line ").next().unwrap_or("")
                    ),
                )
                .at_line_col(line, col),
            );
            return Vec::new();
        }
    };
    fn walk(v: &serde_norway::Value, depth: usize, text: &str, out: &mut Vec<FlatItem>) {
        let Some(seq) = v.as_sequence() else { return };
        for item in seq {
            let name = item
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("")
                .to_string();
            let href = item
                .get("href")
                .and_then(|h| h.as_str())
                .map(str::to_string);
            let offset = href
                .as_ref()
                .and_then(|h| text.find(h.as_str()))
                .or_else(|| text.find(&name))
                .unwrap_or(0);
            out.push(FlatItem {
                depth,
                title: name,
                href,
                offset,
            });
            if let Some(items) = item.get("items") {
                walk(items, depth + 1, text, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&value, 1, text, &mut out);
    out
}

fn nest(flat: Vec<(usize, TocEntry)>) -> Vec<TocEntry> {
    // A stack of open entries by depth; each new entry closes deeper ones.
    let mut roots: Vec<TocEntry> = Vec::new();
    let mut stack: Vec<(usize, TocEntry)> = Vec::new();
    fn close(stack: &mut Vec<(usize, TocEntry)>, roots: &mut Vec<TocEntry>) {
        if let Some((_, done)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for (depth, entry) in flat {
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            close(&mut stack, &mut roots);
        }
        stack.push((depth, entry));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// The TOC folder that governs `page_path`: the nearest one up the tree.
pub fn governing_dir(page_path: &str, toc_dirs: impl Fn(&str) -> bool) -> Option<&str> {
    let mut dir = links::parent_dir(page_path);
    loop {
        if toc_dirs(dir) {
            return Some(dir);
        }
        if dir.is_empty() {
            return None;
        }
        dir = links::parent_dir(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::LocaleFiles;
    use std::collections::{BTreeMap, HashSet};

    fn index() -> ContentIndex {
        let pages: HashSet<String> = ["G/a.md", "G/b.md", "G/c.md"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut locales = BTreeMap::new();
        locales.insert("en".to_string(), LocaleFiles::new(pages, HashSet::new()));
        ContentIndex {
            default_locale: "en".into(),
            locales,
            ..Default::default()
        }
    }

    #[test]
    fn markdown_headings_and_lists_nest() {
        let text = "# Top\n## [A](a.md)\n- [B](b.md)\n  - [C](c.md)\n## [Gone](gone.md)\n";
        let mut d = Vec::new();
        let toc = parse(text, "content/en/G/TOC.md", "G", "en", &index(), &mut d);
        assert_eq!(toc.entries.len(), 1);
        let top = &toc.entries[0];
        assert_eq!(top.title, "Top");
        assert_eq!(top.children[0].title, "A");
        assert_eq!(top.children[0].children[0].title, "B");
        assert_eq!(
            top.children[0].children[0].children[0].page,
            Some(("en".into(), "G/c.md".into()))
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "broken-link");
        assert_eq!(d[0].span.line, 5);
        let linear: Vec<_> = toc.linear().iter().map(|e| e.title.as_str()).collect();
        assert_eq!(linear, ["A", "B", "C"]);
        let trail: Vec<_> = toc
            .trail(&("en".into(), "G/c.md".into()))
            .iter()
            .map(|e| e.title.as_str())
            .collect();
        assert_eq!(trail, ["Top", "A", "B", "C"]);
    }

    #[test]
    fn yaml_toc() {
        let text = "- name: A\n  href: a.md\n  items:\n  - name: B\n    href: b.md\n";
        let mut d = Vec::new();
        let toc = parse(text, "content/en/G/toc.yml", "G", "en", &index(), &mut d);
        assert!(d.is_empty());
        assert_eq!(
            toc.entries[0].children[0].page,
            Some(("en".into(), "G/b.md".into()))
        );
    }

    #[test]
    fn nearest_toc_governs() {
        let has = |d: &str| d == "G" || d.is_empty();
        assert_eq!(governing_dir("G/sub/x.md", has).as_deref(), Some("G"));
        assert_eq!(governing_dir("x.md", has).as_deref(), Some(""));
        assert_eq!(governing_dir("H/x.md", |d: &str| d == "G"), None);
    }
}
