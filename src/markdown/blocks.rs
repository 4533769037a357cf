//! DocFX's triple-colon extensions and `[!VIDEO]` outside a quote:
//! `:::zone pivot="…"`/`:::zone-end`, `:::moniker range="…"`/`:::moniker-end`,
//! `:::row:::`/`:::column span="2":::`/`:::column-end:::`/`:::row-end:::`,
//! `:::image …:::` (with `:::image-end:::` for a complex image's long
//! description), `:::video source="…":::`, `:::code …:::`, and the inline
//! `:::no-loc text="…":::`.
//!
//! Before the page is parsed, each block directive's bytes become a
//! same-length stand-in (`<?\u{1}…?>`), so every offset, and so every
//! diagnostic, stays put, and the content between an opening and a closing
//! directive is parsed as Markdown as usual. After rendering, each stand-in is
//! replaced, in order, by the directive's HTML.

use std::ops::Range;

use super::context::{Doc, State};
use super::directive::{attr, parse_colon, video_marker, Directive, DirectiveLine};
use super::escape::{escape_attr, escape_text};
use super::model::Env;
use super::references::{refused_link, resolve_ref};
use super::{docfx, include, monikers, pivots, snippets, videos};
use crate::diagnostics::Code;
use crate::links::RefKind;

/// Marks a directive's stand-in, an HTML processing instruction (`<?…?>`,
/// which CommonMark passes through as a block and inline): short enough for
/// `:::row`, and no author writes this byte.
const MARK: &str = "<?\u{1}";
const MARK_END: &str = "?>";

/// Block directives in `body` that the parser would not show as code and
/// that are long enough to hold a stand-in.
pub(super) fn find_live(body: &str) -> Vec<DirectiveLine> {
    let mut found = find_outside_code(body);
    // Each directive's HTML goes where its stand-in lands: one too short to
    // hold a stand-in stays text.
    found.retain(|d| placeholder(d.end - d.start).is_some());
    found
}

/// Directive lines in `body` that the parser would not show as code.
fn find_outside_code(body: &str) -> Vec<DirectiveLine> {
    // Most pages have none: a quick look before the line by line scan.
    let marker = |at: usize, name: &str| {
        body.as_bytes()
            .get(at..at + name.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
    };
    let bracketed = body
        .match_indices("[!")
        .any(|(i, _)| marker(i + 2, "video") || marker(i + 2, "code") || marker(i + 2, "notebook"));
    if !bracketed && !body.contains(":::") {
        return Vec::new();
    }
    find(body, &include::code_ranges(body))
}

/// Directive lines in `body`, outside code. `code` holds the byte ranges of
/// code, in order.
fn find(body: &str, code: &[Range<usize>]) -> Vec<DirectiveLine> {
    let mut found = Vec::new();
    let mut line_start = 0;
    // Lines and code ranges both come in source order: one walk over each.
    let mut next_code = 0;
    for line in body.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        // After a quote's `>` markers and indentation.
        let lead = text.len() - text.trim_start_matches(['>', ' ', '\t']).len();
        let rest = &text[lead..];
        let start = at + lead;
        crate::diagnostics::work::add(1);
        while code.get(next_code).is_some_and(|r| r.end <= start) {
            crate::diagnostics::work::add(1);
            next_code += 1;
        }
        if code.get(next_code).is_some_and(|r| r.start <= start) {
            continue;
        }
        let end = start + rest.trim_end().len();
        if let Some(d) = parse_colon(rest).or_else(|| snippets::bracket_form(rest)) {
            // A video in a paragraph stays in it, read from the text.
            if d.name == Ok(Directive::Video) && videos::inside_paragraph(body, at, line_start) {
                continue;
            }
            found.push(DirectiveLine { start, end, ..d });
        } else if let Some(url) = video_marker(rest) {
            // `[!VIDEO url]` in a quote is read as a quote marker instead.
            if text[..lead].contains('>') || videos::inside_paragraph(body, at, line_start) {
                continue;
            }
            found.push(DirectiveLine {
                start,
                end,
                name: Ok(Directive::Video),
                attrs: vec![("source".into(), url)],
                closed: true,
            });
        }
    }
    found
}

/// A same-length stand-in for a directive, or `None` when it is too short.
pub(super) fn placeholder(len: usize) -> Option<String> {
    let min = MARK.len() + MARK_END.len();
    (len >= min).then(|| format!("{MARK}{}{MARK_END}", " ".repeat(len - min)))
}

/// Replaces the stand-ins in `html`, in order, by `parts`.
pub(super) fn splice(html: &str, parts: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + parts.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    let mut next = parts.iter();
    while let Some(p) = rest.find(MARK) {
        let Some(end) = rest[p..].find(MARK_END) else {
            break;
        };
        out.push_str(&rest[..p]);
        out.push_str(next.next().map_or("", String::as_str));
        rest = &rest[p + end + MARK_END.len()..];
    }
    out.push_str(rest);
    out
}

/// `:::no-loc text="…":::` in running text becomes its text.
pub(super) fn no_loc(text: &str) -> Option<String> {
    if !text.contains(":::no-loc") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find(":::no-loc") {
        out.push_str(&rest[..p]);
        let after = &rest[p + ":::no-loc".len()..];
        match after.find(":::") {
            Some(end) => {
                let attrs = docfx::parse_attributes(&after[..end]);
                if let Some((_, v)) = attrs.iter().find(|(n, _)| n == "text") {
                    out.push_str(v);
                }
                rest = &after[end + 3..];
            }
            None => {
                out.push_str(&rest[p..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Renders every directive of one file; reports unknown, malformed and
/// unclosed ones. Returns the HTML for each, in order, and the end tags of
/// blocks left open, for the end of the file.
pub(super) fn render(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    found: &[DirectiveLine],
) -> (Vec<String>, String) {
    let mut blocks = Blocks {
        env,
        doc,
        state,
        open: Vec::new(),
        zone_selector_shown: false,
        moniker_selector_shown: false,
        groups: pivots::Groups::default(),
    };
    let html = found.iter().map(|d| blocks.directive(d)).collect();
    (html, blocks.close_unclosed())
}

/// The directives of one file, rendered in order.
struct Blocks<'r, 'p> {
    env: &'r Env<'r>,
    doc: &'r Doc<'r>,
    state: &'r mut State<'p>,
    /// Blocks open, with where they opened.
    open: Vec<(Directive, usize)>,
    /// The first zone and the first moniker block of a file carry the
    /// (script-built) selector; more on one page are merged by the script.
    zone_selector_shown: bool,
    moniker_selector_shown: bool,
    /// The page's zone pivot groups, read at its first zone.
    groups: pivots::Groups,
}

impl Blocks<'_, '_> {
    fn directive(&mut self, d: &DirectiveLine) -> String {
        let at = self.doc.body_start + d.start;
        let directive = match &d.name {
            Ok(directive) => *directive,
            Err(name) => return self.unknown(name, d, at),
        };
        if let Some(opened) = directive.opening() {
            if !self.close(directive, opened, at) {
                return String::new();
            }
        }
        if d.closed != directive.is_self_closing() && self.doc.text[at..].starts_with(":::") {
            let name = directive.as_str();
            self.report(
                at,
                if directive.is_self_closing() {
                    format!("`:::{name}` ends with `:::` on its line")
                } else {
                    format!("`:::{name}` takes no closing `:::`")
                },
            );
        }
        // A content or icon image stands alone; a complex one runs to `:::image-end:::`.
        let stands_alone = directive == Directive::Image && attr(d, "type") != Some("complex");
        if directive.closing().is_some() && !stands_alone {
            self.open.push((directive, at));
        }
        let mut part = self.selector_before(directive, d, at);
        part.push_str(&self.render_one(directive, d, at));
        part
    }

    fn report(&mut self, at: usize, message: String) {
        let diagnostic = self.doc.error(Code::BlockSyntax, message, at);
        self.state.out.diagnostics.push(diagnostic);
    }

    /// A directive helpsite does not know: reported, and shown as written.
    fn unknown(&mut self, name: &str, d: &DirectiveLine, at: usize) -> String {
        let known = Directive::ALL.iter().map(|d| d.as_str());
        let mut diag = self.doc.error(
            Code::BlockSyntax,
            format!("`:::{name}` is not a DocFX extension helpsite knows"),
            at,
        );
        if let Some(s) = crate::links::suggest::did_you_mean(name, known) {
            diag = diag.with_suggestion(format!("did you mean `:::{s}`?"));
        }
        self.state.out.diagnostics.push(diag);
        let mut s = String::from("<p>");
        escape_text(&mut s, &self.doc.text[at..self.doc.body_start + d.end]);
        s.push_str("</p>");
        s
    }

    /// Closes the open block `end` ends; whether it was the one open.
    fn close(&mut self, end: Directive, opened: Directive, at: usize) -> bool {
        let (end, opened_name) = (end.as_str(), opened.as_str());
        match self.open.last() {
            Some((open, _)) if *open == opened => {
                self.open.pop();
                return true;
            }
            Some((open, _)) => {
                let open = open.as_str();
                self.report(
                    at,
                    format!(
                        "`:::{end}` closes `:::{opened_name}`, but the open block is `:::{open}`"
                    ),
                );
            }
            None => self.report(at, format!("`:::{end}` without an open `:::{opened_name}`")),
        }
        false
    }

    /// The end tags of the blocks left open, innermost first, each reported.
    fn close_unclosed(&mut self) -> String {
        let mut closing = String::new();
        for (directive, at) in std::mem::take(&mut self.open).into_iter().rev() {
            closing.push_str(directive.end_tag());
            let name = directive.as_str();
            let (end, colons) = match directive.closing() {
                Some(end) => (end.as_str(), if end.is_self_closing() { ":::" } else { "" }),
                None => ("end", ""),
            };
            let diagnostic = self.doc.error(
                Code::BlockUnclosed,
                format!("`:::{name}` is never closed: add `:::{end}{colons}`"),
                at,
            );
            self.state.out.diagnostics.push(diagnostic);
        }
        closing
    }

    /// The pivot or version selector that the page's first zone or moniker
    /// block carries.
    fn selector_before(&mut self, directive: Directive, d: &DirectiveLine, at: usize) -> String {
        let (env, doc) = (self.env, self.doc);
        let locale = self.state.page_locale;
        if directive == Directive::Zone && attr(d, "pivot").is_some() && !self.zone_selector_shown {
            self.zone_selector_shown = true;
            self.groups = pivots::of_page(env, doc, self.state, at);
            let mut label = (env.label)(locale, "pivot-label");
            if let Some(prompt) = pivots::prompt(&self.groups) {
                label = prompt.to_string();
            }
            let mut part = String::from("<div class=\"pivot-selector\" hidden data-label=\"");
            escape_attr(&mut part, &label);
            part.push('"');
            part.push_str(&pivots::choice_attributes(&self.groups));
            part.push_str("></div>\n");
            return part;
        }
        if directive == Directive::Moniker
            && !env.site.monikers.is_empty()
            && !self.moniker_selector_shown
        {
            self.moniker_selector_shown = true;
            let label = (env.label)(locale, "moniker-label");
            return selector("moniker-selector", &label, &env.site.monikers);
        }
        String::new()
    }

    fn render_one(&mut self, directive: Directive, d: &DirectiveLine, at: usize) -> String {
        let (env, doc) = (self.env, self.doc);
        match directive {
            Directive::Zone => self.zone(d, at),
            Directive::Moniker => {
                let range = attr(d, "range").unwrap_or_default();
                if range.is_empty() {
                    missing_attribute(doc, self.state, at, directive, "range");
                }
                monikers::check(env.site, doc, range, at, &mut self.state.out.diagnostics);
                let mut s = String::from("<div class=\"moniker\" data-moniker=\"");
                escape_attr(&mut s, range);
                s.push_str("\">\n<p class=\"moniker-label\">");
                escape_text(&mut s, range);
                s.push_str("</p>\n");
                s
            }
            Directive::Row => "<section class=\"row\">\n".to_string(),
            Directive::Column => {
                let mut s = String::from("<div class=\"column");
                if let Some(span) = attr(d, "span")
                    .filter(|v| v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty())
                {
                    s.push_str(" span");
                    s.push_str(span);
                }
                s.push_str("\">\n");
                s
            }
            Directive::ZoneEnd
            | Directive::MonikerEnd
            | Directive::RowEnd
            | Directive::ColumnEnd
            | Directive::ImageEnd => directive
                .opening()
                .map_or("</div>\n", Directive::end_tag)
                .to_string(),
            Directive::Image => image(env, doc, self.state, d, at),
            Directive::Video => videos::directive(env, doc, self.state, d, at),
            Directive::Code => snippets::render(env, doc, self.state, d, at),
        }
    }

    fn zone(&mut self, d: &DirectiveLine, at: usize) -> String {
        let mut s = String::from("<div class=\"zone");
        if let Some(pivot) = attr(d, "pivot") {
            let pivots: Vec<&str> = pivot
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            let diagnostics = &mut self.state.out.diagnostics;
            pivots::check_zone(self.doc, &self.groups, &pivots, at, diagnostics);
            s.push_str(" has-pivot\" data-pivot=\"");
            escape_attr(&mut s, &pivots.join(" "));
            s.push_str("\">\n<p class=\"zone-label\">");
            let titles: Vec<&str> = pivots
                .iter()
                .map(|p| pivots::title(&self.groups, p))
                .collect();
            escape_text(&mut s, &titles.join(", "));
            s.push_str("</p>\n");
        } else if let Some(target) = attr(d, "target") {
            // `target="chromeless"` is for an embedded viewer; a help site is `docs`.
            s.push_str("\" data-target=\"");
            escape_attr(&mut s, target);
            s.push('"');
            if target != "docs" {
                s.push_str(" hidden");
            }
            s.push_str(">\n");
        } else {
            missing_attribute(self.doc, self.state, at, Directive::Zone, "pivot");
            s.push_str("\">\n");
        }
        s
    }
}

/// An empty, hidden container that static/tabs.js fills with a choice of
/// pivots or versions; without script the reader sees every zone, labelled.
fn selector(class: &str, label: &str, choices: &[String]) -> String {
    let mut s = format!("<div class=\"{class}\" hidden data-label=\"");
    escape_attr(&mut s, label);
    s.push('"');
    if !choices.is_empty() {
        s.push_str(" data-choices=\"");
        escape_attr(&mut s, &choices.join(" "));
        s.push('"');
    }
    s.push_str("></div>\n");
    s
}

fn missing_attribute(doc: &Doc, state: &mut State, at: usize, directive: Directive, name: &str) {
    let directive = directive.as_str();
    state.out.diagnostics.push(doc.error(
        Code::BlockSyntax,
        format!("`:::{directive}` needs a `{name}=\"…\"` attribute"),
        at,
    ));
}

fn image(env: &Env, doc: &Doc, state: &mut State, d: &DirectiveLine, at: usize) -> String {
    let Some(source) = attr(d, "source") else {
        missing_attribute(doc, state, at, Directive::Image, "source");
        return String::new();
    };
    let kind = attr(d, "type").unwrap_or("content");
    let alt = attr(d, "alt-text").unwrap_or_default();
    if kind != "icon" && alt.is_empty() {
        missing_attribute(doc, state, at, Directive::Image, "alt-text");
    }
    let range = d.start..d.end;
    let (src, _) = resolve_ref(
        env,
        doc,
        state,
        source,
        &range,
        RefKind::Image,
        doc.text[at..].find(source).map(|n| at + n),
    );
    let mut img = String::from("<img src=\"");
    escape_attr(&mut img, &src);
    if kind == "icon" {
        img.push_str("\" role=\"presentation\" alt=\"\"");
    } else {
        img.push_str("\" alt=\"");
        escape_attr(&mut img, alt);
        img.push('"');
    }
    let described = (kind == "complex").then(|| format!("image-desc-{}", d.start));
    if let Some(id) = &described {
        img.push_str(&format!(" aria-describedby=\"{id}\""));
    }
    img.push('>');
    // The lightbox is a link, not a picture: a `data:image/svg+xml` one
    // would open a document that can run script.
    let lightbox = attr(d, "lightbox").filter(|big| !refused_link(doc, state, big, at));
    if let Some(big) = lightbox {
        let (href, _) = resolve_ref(
            env,
            doc,
            state,
            big,
            &range,
            RefKind::Image,
            doc.text[at..].find(big).map(|n| at + n),
        );
        let mut a = String::from("<a href=\"");
        escape_attr(&mut a, &href);
        a.push_str("\">");
        img = format!("{a}{img}</a>");
    }
    let border = attr(d, "border").is_none_or(|b| b != "false") && kind != "icon";
    let mut s = String::from("<p class=\"image\">");
    if border {
        s.push_str("<span class=\"mx-imgBorder\">");
        s.push_str(&img);
        s.push_str("</span>");
    } else {
        s.push_str(&img);
    }
    s.push_str("</p>\n");
    if let Some(id) = described {
        state.out.anchors.push(id.clone());
        s.push_str(&format!("<div id=\"{id}\" class=\"image-description\">\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_directives_are_found_without_any_colon_form() {
        let names = |body: &str| -> Vec<String> {
            find_live(body)
                .iter()
                .map(|d| match &d.name {
                    Ok(directive) => directive.as_str().to_string(),
                    Err(name) => name.clone(),
                })
                .collect()
        };
        assert_eq!(
            names("Intro\n\n[!VIDEO https://www.example.com/embed/a]\n"),
            ["video"]
        );
        assert_eq!(
            names("[!Code-cs[Main](snippets/Program.cs#Main)]\n").len(),
            1
        );
        assert!(names("> [!NOTE]\n> Mind this.\n\n[!INCLUDE[a](a.md)]\n").is_empty());
        assert!(
            names("Ends with [!vid").is_empty(),
            "a marker cut off at the end"
        );
    }
}
