//! Markdown + DocFX extensions → HTML body, plus everything the rest of the
//! pipeline needs to know about the page: headings, anchors, outgoing links,
//! referenced files, includes, plain text and problems.

pub(crate) mod autolink;
mod block_find;
mod block_layout;
mod blocks;
mod context;
mod directive;
pub mod docfx;
mod escape;
mod headings;
pub mod html_scan;
mod image_tag;
mod include;
mod inline_image;
pub mod legacy;
mod model;
mod monikers;
mod pivots;
mod quotes;
mod references;
mod rewrite;
mod site_names;
pub mod slug;
mod snippet_files;
mod snippet_lines;
mod snippet_notebook;
mod snippet_tags;
mod snippets;
pub mod structure;
mod tables;
mod tabs;
mod tag_attributes;
mod unrendered;
mod videos;
pub mod xref;

pub use escape::{escape_attr, escape_text};
pub use model::{AssetRef, Env, FoundOnPage, Heading, PageLink, PageSource, Rendered, SiteExtras};
pub use snippet_files::{
    read_regular_file, SnippetFiles, Unreadable, MAX_FILE as MAX_SNIPPET_FILE,
};

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser};

use crate::diagnostics::Code;
use context::{Doc, State};
use rewrite::{Rewriter, Spanned};

// What the submodules that glob-import this module (`use super::*`) read.
use crate::diagnostics::Diagnostic;
use crate::links::{self, RefKind, Target};
use headings::note_explicit_id;
use pulldown_cmark::{HeadingLevel, Tag, TagEnd};
use std::sync::Arc;

/// Finds the DocFX localization handoff marker `<!--HONumber=…-->`.
pub fn find_honumber(text: &str) -> Option<String> {
    let start = text.find("<!--HONumber=")? + "<!--HONumber=".len();
    let end = text[start..].find("-->")? + start;
    Some(text[start..end].trim().to_string())
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render_page(env: &Env, page: &PageSource) -> Rendered {
    let mut state = State::new(page);
    state.out.honumber = find_honumber(&page.text[page.body_start..]);
    let doc = Doc::new(page.file, page.text, page.body_start, page.path);
    let html = render_doc(env, &doc, &mut state);
    unrendered::drop_explained(&mut state.out.diagnostics);
    let mut out = state.out;
    out.html = html;
    out
}

/// Renders one file, the page or an include, in the page's `state`:
/// includes and directives become stand-ins, old list rules are rewritten,
/// the text is parsed, its events rewritten and written out as HTML, and the
/// stand-ins replaced by what they stand for.
fn render_doc(env: &Env, doc: &Doc, state: &mut State) -> String {
    // The first call is the page's own text; includes come after.
    let page_outline = std::mem::take(&mut state.outline_pending);
    let body = &doc.text[doc.body_start..];
    let mut parsed_body = include::unify_line_breaks(body);
    let included = include::render_all(env, doc, state, &mut parsed_body);
    let directives = block_find::find_live(&parsed_body);
    let containers = block_find::containers(&parsed_body, &directives);
    let (block_html, mut layout) = blocks::render(env, doc, state, &directives, &containers);
    let mut block_html =
        block_layout::place(&mut parsed_body, &directives, block_html, &mut layout);
    let inline_images = inline_image::render_all(env, doc, state, &mut parsed_body);
    // Row content without its indentation; offsets map back through it.
    let dedented = block_layout::dedent_rows(&parsed_body, &layout);
    let to_body = |offset: usize| dedented.as_ref().map_or(offset, |d| d.to_source(offset));
    let parse_input: &str = dedented.as_ref().map_or(&parsed_body, |d| &d.text);

    let (legacy_text, notes) = legacy::rewrite(parse_input, env.dialect);
    for note in notes {
        state.out.diagnostics.push(
            Diagnostic::warning(Code::ListIndent, doc.file, note.message)
                .at_indexed(doc.lines(), doc.text, doc.body_start + to_body(note.offset))
                .with_suggestion(note.suggestion),
        );
    }
    let source: &str = legacy_text.as_ref().map_or(parse_input, |r| &r.text);
    let strict = env.dialect == legacy::Dialect::Commonmark;
    state.keep_written_levels = strict;
    let tables = tables::prepare(source, strict);
    let source: &str = tables.widened.as_ref().map_or(source, |w| &w.text);
    let mut events = merge_text(Parser::new_ext(source, options()).into_offset_iter());
    if page_outline {
        // The outline is of the text as written: a body that includes,
        // directives or the pre-passes changed is parsed again for it.
        state.out.structure = match (&parsed_body, &legacy_text, &tables.widened) {
            (Cow::Borrowed(_), None, None) => {
                structure::outline_of_events(body, doc.body_start, events.iter())
            }
            _ => structure::outline(doc.text, doc.body_start),
        };
    }
    // Ranges in the input's offsets, for diagnostics.
    let to_source = |offset: usize| {
        let offset = tables
            .widened
            .as_ref()
            .map_or(offset, |w| w.to_source(offset));
        let offset = legacy_text.as_ref().map_or(offset, |r| r.to_source(offset));
        to_body(offset)
    };
    for at in tables::unrendered(&events, &tables.headers) {
        let message = "this pipe table cannot be rendered and shows as text: write its header, \
            `|---|` row and rows as one block, each row on a line of its own";
        let at = doc.body_start + to_source(at);
        (state.out.diagnostics).push(doc.error(Code::BlockSyntax, message, at));
    }
    if legacy_text.is_some() || tables.widened.is_some() || dedented.is_some() {
        for (_, range) in events.iter_mut() {
            let start = to_source(range.start);
            *range = start..to_source(range.end).max(start);
        }
    }
    let unclosed = block_layout::close_in_containers(
        &mut events,
        &layout,
        &mut block_html,
        doc,
        &mut state.out.diagnostics,
    );
    let events = tabs::rewrite(events);
    unrendered::check(&events, doc, &mut state.out.diagnostics);
    let heading_ids = headings::assign_heading_ids(&events, doc, state);
    let output = Rewriter::new(env, doc, state, &events, heading_ids).run();

    let mut html = String::with_capacity(parsed_body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, output.into_iter());
    if !inline_images.is_empty() {
        html = inline_image::splice(&html, &inline_images);
    }
    if !block_html.is_empty() {
        html = block_layout::splice(&html, &block_html);
        html.push_str(&unclosed);
    }
    if !included.is_empty() {
        html = include::splice(&html, &included);
    }
    html
}

/// The parser splits text at `[`, `]` and entities; markers are easier to
/// read from whole runs.
fn merge_text<'a>(iter: impl Iterator<Item = Spanned<'a>>) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::new();
    // The run being merged, copied once when its second part comes: copying
    // the run so far at every part made a paragraph of n `<` cost n².
    let mut run: Option<String> = None;
    for (event, range) in iter {
        if let Event::Text(t) = &event {
            if let Some((Event::Text(prev), prev_range)) = out.last_mut() {
                run.get_or_insert_with(|| prev.to_string()).push_str(t);
                prev_range.end = range.end;
                continue;
            }
        }
        finish_run(&mut out, &mut run);
        out.push((event, range));
    }
    finish_run(&mut out, &mut run);
    out
}

/// Puts the merged run in place of the first of its parts.
fn finish_run(out: &mut [Spanned<'_>], run: &mut Option<String>) {
    if let (Some(text), Some((Event::Text(first), _))) = (run.take(), out.last_mut()) {
        *first = CowStr::from(text);
    }
}

/// Fluent messages the renderer reads (alert labels, the selector label):
/// `check` counts them as used although no template names them.
pub const CODE_MESSAGE_IDS: &[&str] = &[
    "alert-note",
    "alert-tip",
    "alert-important",
    "alert-warning",
    "alert-caution",
    "selector-label",
    "video-title",
    "video-load",
    "video-blocked",
    "pivot-label",
    "moniker-label",
];

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_colon;
#[cfg(test)]
mod tests_dialect;
#[cfg(test)]
mod tests_docfx;
#[cfg(test)]
mod tests_docfx_families;
#[cfg(test)]
mod tests_raw_video;
#[cfg(test)]
mod tests_tables;
#[cfg(test)]
mod tests_unrendered;
