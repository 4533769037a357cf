//! One page of the site: its source, its front matter, its rendered
//! Markdown and what is wrong with it.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::links;
use crate::markdown::{PageSource, Rendered};

pub type PageId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A Markdown page of its own locale.
    Content,
    /// A default-locale page shown in another locale that lacks a translation.
    Fallback { source: PageId },
    /// The locale's home when `content/<locale>/index.md` does not exist.
    GeneratedIndex,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub locale: String,
    /// Relative to `content/<locale>/`, e.g. `EndUser/a.md`.
    pub path: String,
    /// The source file, relative to the site root (`content/en/EndUser/a.md`).
    pub file: String,
    pub kind: PageKind,
    /// The Markdown source; read through `text`, `front_text` and `body`,
    /// which say when `Site::release_sources` has dropped it.
    text: SourceText,
    pub front: FrontMatter,
    pub rendered: Rendered,
    /// A YAML landing or hub page as its template draws it, once rendered.
    pub landing: Option<Arc<crate::landing::Landing>>,
    /// Problems of the source itself: unreadable, front matter, mojibake,
    /// an `ms.assetid` shared with another page.
    pub source_problems: Vec<Diagnostic>,
    /// `#fragment`s that lead nowhere, found once every page is rendered.
    pub anchor_problems: Vec<Diagnostic>,
}

impl Page {
    pub fn new(locale: &str, path: &str, kind: PageKind, text: Arc<str>) -> Page {
        Page {
            locale: locale.to_string(),
            path: path.to_string(),
            file: format!("content/{locale}/{path}"),
            kind,
            text: SourceText::Kept(text),
            front: FrontMatter::default(),
            rendered: Rendered::default(),
            landing: None,
            source_problems: Vec::new(),
            anchor_problems: Vec::new(),
        }
    }

    /// The whole Markdown source, front matter included; `None` once
    /// `Site::release_sources` has dropped it (`build`, `check`).
    pub fn text(&self) -> Option<&str> {
        match &self.text {
            SourceText::Kept(text) => Some(text),
            SourceText::Released => None,
        }
    }

    /// The front matter with its fences, as written.
    pub fn front_text(&self) -> Option<&str> {
        let text = self.text()?;
        Some(&text[..self.front.body_start.min(text.len())])
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> Option<&str> {
        let text = self.text()?;
        Some(&text[self.front.body_start.min(text.len())..])
    }

    /// The text the load and reload steps work on. They run only while
    /// the sources are kept: `release_sources` comes after the last of them.
    pub(super) fn loaded_text(&self) -> &str {
        self.text().unwrap_or_default()
    }

    pub(super) fn shared_text(&self) -> Option<Arc<str>> {
        match &self.text {
            SourceText::Kept(text) => Some(text.clone()),
            SourceText::Released => None,
        }
    }

    /// Shares `other`'s text: a fallback copy shows its source's.
    pub(super) fn take_text_of(&mut self, other: &Page) {
        self.text = other.text.clone();
    }

    pub(super) fn release_text(&mut self) {
        self.text = SourceText::Released;
    }

    pub fn title(&self) -> String {
        self.front
            .get_str("title")
            .or_else(|| self.rendered.first_h1().map(str::to_string))
            .unwrap_or_else(|| {
                self.path
                    .trim_end_matches(".md")
                    .trim_end_matches(".yml")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .replace('-', " ")
            })
    }

    pub fn output_path(&self) -> String {
        links::page_output_path(&self.locale, &self.path)
    }

    pub fn redirect_url(&self) -> Option<String> {
        self.front.get_str("redirect_url")
    }

    pub fn is_index(&self) -> bool {
        self.path == "index.md" || self.path == "index.yml"
    }

    /// A DocFX landing or hub page, written in YAML.
    pub fn is_yaml(&self) -> bool {
        crate::landing::is_yaml_page(&self.path)
    }

    pub fn template(&self) -> &'static str {
        if self.is_yaml() {
            "landing.html"
        } else if self.redirect_url().is_some() {
            "redirect.html"
        } else if self.is_index() {
            "index.html"
        } else {
            "page.html"
        }
    }

    /// What the Markdown renderer reads of this page.
    pub fn source(&self) -> PageSource<'_> {
        PageSource {
            locale: &self.locale,
            path: &self.path,
            file: &self.file,
            text: self.loaded_text(),
            body_start: self.front.body_start,
        }
    }

    /// Files whose change means this page must be re-rendered.
    pub fn source_dependencies(&self) -> BTreeSet<String> {
        let mut deps: BTreeSet<String> = self
            .rendered
            .includes()
            .iter()
            .map(|(l, p)| format!("content/{l}/{p}"))
            .collect();
        deps.insert(self.file.clone());
        deps
    }

    /// Every problem of this page. A fallback copy reports nothing: its
    /// source page already does.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        let own = self.kind == PageKind::Content;
        self.source_problems
            .iter()
            .chain(self.rendered.diagnostics())
            .chain(&self.anchor_problems)
            .filter(move |_| own)
    }
}

/// A page's Markdown, or the note that it was dropped: every reader of
/// the text is made to say what a released page means to it, where an
/// empty stand-in would be sliced at the front matter's end and panic.
#[derive(Debug, Clone)]
enum SourceText {
    Kept(Arc<str>),
    Released,
}

/// `"Title | Microsoft Docs"` → `"Title"` when `Microsoft Docs` is one of
/// `suffixes` (`title_suffixes` in site.toml), with or without the space
/// before the bar, in any letter case.
pub fn strip_title_suffix(title: &str, suffixes: &[String]) -> String {
    let trimmed = title.trim_end();
    for suffix in suffixes {
        let Some(bar) = trimmed.rfind('|') else {
            break;
        };
        if trimmed[bar + 1..]
            .trim()
            .eq_ignore_ascii_case(suffix.trim())
        {
            let rest = trimmed[..bar].trim_end();
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::strip_title_suffix;

    #[test]
    fn configured_suffixes_only() {
        let s = vec!["Microsoft Docs".to_string()];
        assert_eq!(strip_title_suffix("Enroll | Microsoft Docs", &s), "Enroll");
        assert_eq!(strip_title_suffix("Enroll| Microsoft Docs ", &s), "Enroll");
        assert_eq!(strip_title_suffix("Enroll |microsoft docs", &s), "Enroll");
        assert_eq!(strip_title_suffix("A | B", &s), "A | B");
        assert_eq!(
            strip_title_suffix("| Microsoft Docs", &s),
            "| Microsoft Docs"
        );
        assert_eq!(
            strip_title_suffix("Enroll | Microsoft Docs", &[]),
            "Enroll | Microsoft Docs"
        );
    }
}
