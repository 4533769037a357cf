//! What one render pass knows: the file being read (`Doc`, the page or an
//! include) and what the whole page gathers while it renders (`State`).

use std::collections::HashMap;
use std::sync::Arc;

use super::model::{PageSource, Rendered};
use super::slug::IdAllocator;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::links;

/// One file being rendered: the page itself or one of its includes.
pub(super) struct Doc<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub body_start: usize,
    /// Folder of this file, relative to `content/<locale>/`: links in an
    /// include resolve from the include's own folder.
    pub source_dir: &'a str,
    /// Built on the first diagnostic, then shared by all of them.
    pub lines: std::cell::OnceCell<LineIndex>,
}

impl<'a> Doc<'a> {
    pub fn new(file: &'a str, text: &'a str, body_start: usize, path: &'a str) -> Self {
        Doc {
            file,
            text,
            body_start,
            source_dir: links::parent_dir(path),
            lines: Default::default(),
        }
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// An error about this file at byte `at` of its text.
    pub fn error(&self, code: Code, message: impl Into<String>, at: usize) -> Diagnostic {
        Diagnostic::error(code, self.file, message).at_indexed(self.lines(), self.text, at)
    }

    /// A warning about this file at byte `at` of its text.
    pub fn warning(&self, code: Code, message: impl Into<String>, at: usize) -> Diagnostic {
        Diagnostic::warning(code, self.file, message).at_indexed(self.lines(), self.text, at)
    }
}

/// What the page gathers over all its files.
pub(super) struct State<'a> {
    pub page_locale: &'a str,
    pub page_path: &'a str,
    /// The page's front matter, fences included, for what extensions read from it.
    pub page_front: &'a str,
    pub page_dir: String,
    pub ids: IdAllocator,
    /// Ids and names written by the author, with where they were first seen.
    pub explicit_ids: HashMap<String, (String, usize)>,
    /// The chain of files being rendered, for include cycles.
    pub stack: Vec<String>,
    /// Each include rendered once per page, by `(locale, path)`, and reused.
    pub includes: IncludeCache,
    /// Snippet bytes shown on the page so far, against `snippet_lines::MAX_SHOWN`.
    pub snippet_budget: SnippetBudget,
    pub out: Rendered,
    /// Until the page's own text is parsed: its outline comes from that parse.
    pub outline_pending: bool,
    /// The open headings' levels, as written and as published, outermost first.
    pub heading_outline: Vec<(u8, u8)>,
    /// `markdown = "commonmark"`: headings keep the level they are written at.
    pub keep_written_levels: bool,
}

impl<'a> State<'a> {
    pub fn new(page: &PageSource<'a>) -> Self {
        State {
            page_locale: page.locale,
            page_path: page.path,
            page_front: &page.text[..page.body_start],
            page_dir: links::parent_dir(page.path).to_string(),
            ids: IdAllocator::default(),
            explicit_ids: HashMap::new(),
            stack: vec![page.path.to_string()],
            includes: Default::default(),
            snippet_budget: Default::default(),
            out: Rendered::default(),
            outline_pending: true,
            heading_outline: Vec::new(),
            keep_written_levels: false,
        }
    }
}

/// Bytes of include source one page may expand to, counting every use.
/// Real pages pull in a few KiB; a page that reaches this is a mistake.
pub const MAX_EXPANDED: usize = 4 << 20;

/// Includes already rendered for the page being rendered.
#[derive(Default)]
pub(super) struct IncludeCache {
    /// `(locale, path)` → the HTML and the include bytes it expanded.
    pub done: HashMap<(String, String), (Arc<str>, usize)>,
    /// Include bytes this page has expanded so far.
    pub expanded: usize,
    /// The size limit is reported once per page.
    too_big: bool,
}

impl IncludeCache {
    /// Whether `size` more include bytes fit in the page; reports the page
    /// the first time they do not.
    pub fn admit(
        &mut self,
        size: usize,
        doc: &Doc,
        at: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        if self.expanded + size <= MAX_EXPANDED {
            return true;
        }
        if !self.too_big {
            self.too_big = true;
            let message = format!(
                "includes expand this page to more than {} MiB; the rest is left out",
                MAX_EXPANDED >> 20
            );
            diagnostics.push(doc.error(Code::IncludeSize, message, at).with_suggestion(
                "an include that includes another more than once doubles with every level",
            ));
        }
        false
    }
}

/// The snippet bytes the page being rendered has shown, against `snippet_lines::MAX_SHOWN`.
#[derive(Default)]
pub(super) struct SnippetBudget {
    pub shown: usize,
    /// The limit is reported once per page.
    pub too_big: bool,
}
