//! `[!INCLUDE]`: resolving the include file, rendering it in the page's
//! context (links resolve from the include's own folder), nesting and
//! cycles.
//!
//! Expansion is bounded, so no input can exhaust the stack or memory:
//! includes nest at most [`MAX_DEPTH`] levels (DocFX's own limit is of that
//! order), each include is rendered once per page and reused, and the
//! include text one page pulls in is capped at [`MAX_EXPANDED`] bytes.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::context::{Doc, State};
use super::docfx::{self, IncludeRef};
use super::escape::escape_text;
use super::model::Env;
use super::{options, render_doc};
use crate::diagnostics::{Code, Diagnostic};
use crate::frontmatter::FrontMatter;
use crate::links;

/// Nested includes below the page, at most.
pub const MAX_DEPTH: usize = 32;
pub use super::context::MAX_EXPANDED;

/// Lone CRs are line breaks in helpsite (as in front matter and in
/// CommonMark), but the parser treats them as text; the same number of LF
/// bytes keeps every offset, and so every diagnostic, in place.
pub(super) fn unify_line_breaks(body: &str) -> Cow<'_, str> {
    let bytes = body.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !body.match_indices('\r').any(|(i, _)| lone(i)) {
        return Cow::Borrowed(body);
    }
    let unified: String = body
        .char_indices()
        .map(|(i, c)| if lone(i) { '\n' } else { c })
        .collect();
    Cow::Owned(unified)
}

/// The includes that the parser would not show as code, nor hide: one
/// written in a code span or code block is an example of the syntax, and
/// one in an HTML comment was commented out (DocFX leaves both alone).
pub(super) fn find_live_includes(body: &str) -> Vec<IncludeRef> {
    let mut found = docfx::find_includes(body);
    if found.is_empty() {
        return found;
    }
    let code = hidden_ranges(body);
    // Both lists are in source order, so one walk over each suffices.
    let mut k = 0;
    found.retain(|inc| {
        while k < code.len() && code[k].end <= inc.start {
            k += 1;
        }
        code.get(k).is_none_or(|r| r.start > inc.start)
    });
    found
}

/// Byte ranges of code spans, code blocks and HTML comments in `body`, in
/// order: text there is never read for DocFX syntax.
pub(super) fn hidden_ranges(body: &str) -> Vec<Range<usize>> {
    let mut hidden: Vec<Range<usize>> = Vec::new();
    let mut open_start = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Code(_) => hidden.push(range),
            Event::InlineHtml(html) if html.starts_with("<!--") => hidden.push(range),
            Event::Start(Tag::CodeBlock(_)) => open_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = open_start.take() {
                    hidden.push(start..range.end);
                }
            }
            Event::Start(Tag::HtmlBlock) => comments_in(body, range, &mut hidden),
            _ => {}
        }
    }
    hidden
}

/// The comments of the HTML block at `block`: each from its `<!--` to its
/// `-->`, or to the block's end, where an unclosed comment ends its block.
fn comments_in(body: &str, block: Range<usize>, hidden: &mut Vec<Range<usize>>) {
    let text = &body[block.clone()];
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--") {
        crate::diagnostics::work::add(1);
        let start = from + open;
        let end = text[start + 4..]
            .find("-->")
            .map_or(text.len(), |n| start + 4 + n + 3);
        hidden.push(block.start + start..block.start + end);
        from = end;
    }
}

/// Puts each include's HTML where its placeholder `<!--hsi:N:…-->` landed,
/// in one pass over the page's HTML.
pub(super) fn splice(html: &str, includes: &[String]) -> String {
    const HEAD: &str = "<!--hsi:";
    let extra: usize = includes.iter().map(String::len).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut rest = html;
    while let Some(p) = rest.find(HEAD) {
        out.push_str(&rest[..p]);
        let after = &rest[p + HEAD.len()..];
        let parsed = after.split_once(':').and_then(|(n, tail)| {
            let n: usize = n.parse().ok()?;
            let end = tail.find("-->")? + 3;
            Some((n, after.len() - tail.len() + end))
        });
        match parsed.and_then(|(n, len)| includes.get(n).map(|h| (h, len))) {
            Some((inc_html, len)) => {
                out.push_str(inc_html);
                rest = &after[len..];
            }
            None => {
                out.push_str(HEAD);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Renders each live include of `body` and puts a same-length stand-in in
/// its place; returns the HTML for each stand-in, in order.
pub(super) fn render_all(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    body: &mut Cow<'_, str>,
) -> Vec<String> {
    let mut rendered: Vec<String> = Vec::new();
    for inc in &find_live_includes(body) {
        let Some(ph) = docfx::placeholder(rendered.len(), inc.end - inc.start) else {
            continue;
        };
        let (headings_before, h1_before) = (state.out.headings.len(), state.out.first_h1.is_some());
        let html = render_include(env, doc, inc, state);
        let html = if inc.block {
            html
        } else {
            // Inside running text an included heading is text, not a heading of the page.
            state.out.headings.truncate(headings_before);
            if !h1_before {
                state.out.first_h1 = None;
            }
            strip_paragraph(&html)
        };
        body.to_mut().replace_range(inc.start..inc.end, &ph);
        rendered.push(html);
    }
    rendered
}

fn render_include(env: &Env, doc: &Doc, inc: &IncludeRef, state: &mut State) -> String {
    let at = doc.body_start + inc.path_offset;
    let diagnostics = &mut state.out.diagnostics;
    let Some((from_locale, real)) = locate(env, doc, inc, state.page_locale, at, diagnostics)
    else {
        return String::new();
    };
    if let Some(instead) = refuse_nesting(doc, inc, &real, at, &state.stack, diagnostics) {
        return instead;
    }
    let key = (from_locale.to_string(), real.clone());
    if let Some((html, size)) = state.includes.done.get(&key).cloned() {
        if !state
            .includes
            .admit(size, doc, at, &mut state.out.diagnostics)
        {
            return String::new();
        }
        state.includes.expanded += size;
        return html.to_string();
    }
    let Some(text) = (env.read)(from_locale, &real) else {
        let message = format!("include `{}` cannot be read", inc.path);
        (state.out.diagnostics).push(doc.error(Code::IncludeMissing, message, at));
        return String::new();
    };
    if !state
        .includes
        .admit(text.len(), doc, at, &mut state.out.diagnostics)
    {
        return String::new();
    }
    let expanded_before = state.includes.expanded;
    state.includes.expanded += text.len();
    state.out.includes.push(key.clone());
    let file = format!("content/{from_locale}/{real}");
    let mut fm_diags = Vec::new();
    let fm = FrontMatter::parse(&text, &file, &mut fm_diags);
    state.out.diagnostics.extend(fm_diags);
    state.stack.push(real.clone());
    let html = render_doc(env, &Doc::new(&file, &text, fm.body_start, &real), state);
    state.stack.pop();
    let size = state.includes.expanded - expanded_before;
    (state.includes.done).insert(key, (Arc::from(html.as_str()), size));
    html
}

/// The include's locale and path under `content/<locale>/`: the page's
/// locale, else the default locale's, else a file that differs only in
/// letter case (reported); `None` (reported) when there is none.
fn locate<'a>(
    env: &'a Env,
    doc: &Doc,
    inc: &IncludeRef,
    locale: &'a str,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(&'a str, String)> {
    // `~/` is DocFX's docset root: here, the locale's content folder.
    let (base, rel) = match inc.path.strip_prefix("~/") {
        Some(rest) => ("", rest),
        None => (doc.source_dir, inc.path.as_str()),
    };
    let Some(joined) = links::join_normalized(base, &links::percent_decode(rel)) else {
        let message = format!("include `{}` points outside content/{locale}/", inc.path);
        diagnostics.push(doc.error(Code::PathEscape, message, at));
        return None;
    };
    let files = env.index.locales.get(locale);
    let default = env.index.default_locale.as_str();
    // An include may be any Markdown file, also one published as a page.
    let exists = |f: &links::LocaleFiles| f.files.contains(&joined) || f.pages.contains(&joined);
    if files.is_some_and(exists) {
        return Some((locale, joined));
    }
    if env.index.locales.get(default).is_some_and(exists) {
        return Some((default, joined));
    }
    let Some(real) = files.and_then(|f| f.real_case(&joined)) else {
        let message = format!(
            "include `{}`: no file `{joined}` in content/{locale}/",
            inc.path
        );
        diagnostics.push(doc.error(Code::IncludeMissing, message, at));
        return None;
    };
    let message = format!(
        "include `{}` differs in letter case from `{real}`",
        inc.path
    );
    let mut d = (doc.warning(Code::CaseMismatch, message, at))
        .with_suggestion(real.rsplit('/').next().unwrap_or(real).to_string());
    if doc.text[at..].starts_with(&inc.path) {
        d = d.with_fix(at, &inc.path, &links::recase(&inc.path, real));
    }
    diagnostics.push(d);
    Some((locale, real.to_string()))
}

/// What stands in for an include of `real` that would close a cycle or
/// nest too deep (reported), or `None` when it may be rendered.
fn refuse_nesting(
    doc: &Doc,
    inc: &IncludeRef,
    real: &str,
    at: usize,
    stack: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if stack.iter().any(|file| file == real) {
        let chain: Vec<&str> = stack.iter().map(String::as_str).chain([real]).collect();
        let message = format!("include cycle: {}", chain.join(" → "));
        diagnostics.push(doc.error(Code::IncludeCycle, message, at));
        // The reader sees the marker as written rather than a silent gap.
        let marker = &doc.text[doc.body_start + inc.start..doc.body_start + inc.end];
        let mut html = String::from("<p>");
        escape_text(&mut html, marker);
        html.push_str("</p>\n");
        return Some(html);
    }
    if stack.len() > MAX_DEPTH {
        let (first, last) = (&stack[0], &stack[stack.len() - 1]);
        let message = format!(
            "includes nest more than {MAX_DEPTH} levels deep ({first} → … → {last} → {real}); the rest is left out"
        );
        diagnostics.push(doc.error(Code::IncludeDepth, message, at));
        return Some(String::new());
    }
    None
}

/// An inline include renders as a paragraph; inside running text only its
/// content belongs. Paragraphs and headings become inline text; a heading
/// reads as written, `## Title`, since DocFX reads an inline include's
/// text as inline Markdown only (it keeps its id on a `<span>`, so links
/// written to it still land); other blocks
/// (lists, tables, code) end the surrounding paragraph rather than sit inside it.
fn strip_paragraph(html: &str) -> String {
    let t = html.trim();
    if let Some(inner) = t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |n| lt + n + 1);
        let tag = &rest[lt..tag_end];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with("</");
        match name.as_str() {
            "p" => {
                if closing && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if closing => out.push_str("</span> "),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                out.push_str("<span");
                out.push_str(&tag[3..]);
                let level = usize::from(name.as_bytes()[1] - b'0');
                out.push_str(&"#".repeat(level));
                out.push(' ');
            }
            "ul" | "ol" | "table" | "pre" | "blockquote" | "div" | "nav" | "hr" | "dl"
                if !closing =>
            {
                return format!("</p>\n{t}\n<p>");
            }
            _ => out.push_str(tag),
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out.trim_end().to_string()
}
