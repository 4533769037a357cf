//! DocFX's triple-colon extensions and `[!VIDEO]` outside a quote:
//! `:::zone pivot="…"`/`:::zone-end`, `:::moniker range="…"`/`:::moniker-end`,
//! `:::row:::`/`:::column span="2":::`/`:::column-end:::`/`:::row-end:::`,
//! `:::image …:::` (with `:::image-end:::` for a complex image's long
//! description), `:::video source="…":::`, `:::code …:::`, `:::form …:::`
//! and the inline `:::no-loc text="…":::`. As in DocFX, blanks may follow the
//! colons (`::: zone pivot="a"`).
//!
//! Before the page is parsed, each block directive's bytes become a
//! same-length stand-in (see `block_layout`), so every offset, and so every
//! diagnostic, stays put, and the content between an opening and a closing
//! directive is parsed as Markdown as usual. After rendering, each stand-in is
//! replaced, in order, by the directive's HTML.

use super::block_layout::Layout;
use super::context::{Doc, State};
use super::directive::{attr, Directive, DirectiveLine};
use super::escape::{escape_attr, escape_text};
use super::model::Env;
use super::{docfx, image_tag, monikers, pivots, snippets, videos};
use crate::diagnostics::Code;

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
/// unclosed ones. Returns the HTML for each, in order, and where hidden
/// zones, rows and the blocks left open lie.
pub(super) fn render(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    found: &[DirectiveLine],
    containers: &[std::ops::Range<usize>],
) -> (Vec<String>, Layout) {
    let mut blocks = Blocks {
        env,
        doc,
        state,
        open: Vec::new(),
        open_starts: [const { Vec::new() }; Directive::ALL.len()],
        layout: Layout::default(),
        zone_selector_shown: false,
        moniker_selector_shown: false,
        groups: pivots::Groups::default(),
    };
    let html = (found.iter().zip(containers))
        .map(|(d, container)| blocks.directive(d, container))
        .collect();
    blocks.close_unclosed();
    (html, blocks.layout)
}

/// A block open at this point of the file.
struct Open {
    directive: Directive,
    /// Where its directive line starts and ends in the body, and in the page text.
    start: usize,
    end: usize,
    at: usize,
    /// It is a zone readers never see, or inside one.
    hidden: bool,
}

/// The directives of one file, rendered in order.
struct Blocks<'r, 'p> {
    env: &'r Env<'r>,
    doc: &'r Doc<'r>,
    state: &'r mut State<'p>,
    open: Vec<Open>,
    /// Where the open blocks of each directive start, innermost last, so
    /// that the block an end would close is found without a walk down `open`.
    open_starts: [Vec<usize>; Directive::ALL.len()],
    layout: Layout,
    /// The first zone and the first moniker block of a file carry the
    /// (script-built) selector; more on one page are merged by the script.
    zone_selector_shown: bool,
    moniker_selector_shown: bool,
    /// The page's zone pivot groups, read at its first zone.
    groups: pivots::Groups,
}

impl Blocks<'_, '_> {
    fn directive(&mut self, d: &DirectiveLine, container: &std::ops::Range<usize>) -> String {
        let at = self.doc.body_start + d.start;
        let directive = match &d.name {
            Ok(directive) => *directive,
            Err(name) => return self.unknown(name, d, at),
        };
        let mut part = String::new();
        if let Some(opened) = directive.opening() {
            match self.close(directive, opened, d, container, at) {
                Some(inner_ends) => part = inner_ends,
                None => return String::new(),
            }
            if let Some(text) = d.text_after_end() {
                let message = format!("DocFX ignores `{text}` after `:::{}`", directive.as_str());
                let diagnostic = self.doc.warning(Code::BlockSyntax, message, at);
                self.state.out.diagnostics.push(diagnostic);
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
        if directive == Directive::Zone && !self.open_starts[Directive::Zone as usize].is_empty() {
            self.report(
                at,
                "a `:::zone` inside another zone: DocFX does not nest zones".into(),
            );
        }
        let hidden_around = self.open.last().is_some_and(|o| o.hidden);
        let opening = self.selector_before(directive, d, at);
        let (html, target) = self.render_one(directive, d, at, hidden_around);
        // A content or icon image stands alone; a complex one runs to `:::image-end:::`.
        let stands_alone = directive == Directive::Image && attr(d, "type") != Some("complex");
        if directive.closing().is_some() && !stands_alone {
            self.open_starts[directive as usize].push(d.start);
            self.open.push(Open {
                directive,
                start: d.start,
                end: d.end,
                at,
                hidden: hidden_around || target == pivots::ZoneTarget::Hidden,
            });
        }
        part.push_str(&opening);
        part.push_str(&html);
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

    /// Closes the open block `end` ends, and, as DocFX does, every block
    /// opened inside it that is still open: returns their end tags, or
    /// `None` when no such block is open.
    fn close(
        &mut self,
        end: Directive,
        opened: Directive,
        d: &DirectiveLine,
        container: &std::ops::Range<usize>,
        at: usize,
    ) -> Option<String> {
        let (start, end_at) = (d.start, d.end);
        let (end_name, opened_name) = (end.as_str(), opened.as_str());
        let Some(&opener) = self.open_starts[opened as usize].last() else {
            self.report(
                at,
                format!("`:::{end_name}` without an open `:::{opened_name}`"),
            );
            return None;
        };
        if !container.contains(&opener) {
            self.report(
                at,
                format!("`:::{end_name}` is an end with nothing open here: the `:::{opened_name}` opened outside this quote or list item, which ends nothing outside it"),
            );
            return None;
        }
        let mut inner_ends = String::new();
        while let Some(block) = self.open.pop() {
            self.open_starts[block.directive as usize].pop();
            if block.directive == opened {
                self.note_closed(&block, start, end_at);
                if !block.hidden {
                    let end_tag = block.directive.end_tag();
                    self.layout.pairs.push((block.start, start, end_tag));
                }
                return Some(inner_ends);
            }
            if !block.hidden {
                let end_tag = block.directive.end_tag();
                inner_ends.push_str(end_tag);
                // A quote or list item it opened in may end first.
                self.layout.pairs.push((block.start, start, end_tag));
            }
            let inner = block.directive.as_str();
            let message =
                format!("`:::{inner}` is never closed: `:::{end_name}` ends it and the `:::{opened_name}` around it");
            self.unclosed(&block, message);
            self.note_closed(&block, start, end_at);
        }
        Some(inner_ends)
    }

    /// Records where a hidden zone or a row lies, now that the directive
    /// line at `closer` (in the body) closed it.
    fn note_closed(&mut self, block: &Open, closer_start: usize, closer_end: usize) {
        let outermost_hidden = block.hidden && !self.open.last().is_some_and(|o| o.hidden);
        if outermost_hidden {
            self.layout.hidden.push(block.start..closer_end);
        }
        let outermost_row = block.directive == Directive::Row
            && self.open_starts[Directive::Row as usize].is_empty();
        if outermost_row && !block.hidden {
            self.layout
                .rows
                .push((block.start, block.end..closer_start));
        }
    }

    fn unclosed(&mut self, block: &Open, message: String) {
        let diagnostic = self.doc.error(Code::BlockUnclosed, message, block.at);
        self.state.out.diagnostics.push(diagnostic);
    }

    /// The blocks left open, innermost first, each reported: their end tags
    /// go where the block around them ends (see `block_layout`).
    fn close_unclosed(&mut self) {
        while let Some(block) = self.open.pop() {
            let directive = block.directive;
            self.open_starts[directive as usize].pop();
            if !block.hidden {
                self.layout
                    .unclosed
                    .push((block.start, directive.end_tag()));
            }
            let name = directive.as_str();
            let (end, colons) = match directive.closing() {
                Some(end) => (end.as_str(), if end.is_self_closing() { ":::" } else { "" }),
                None => ("end", ""),
            };
            self.unclosed(
                &block,
                format!("`:::{name}` is never closed: add `:::{end}{colons}`"),
            );
            self.note_closed(&block, usize::MAX, usize::MAX);
        }
    }

    /// The pivot or version selector that the page's first zone or moniker
    /// block carries.
    fn selector_before(&mut self, directive: Directive, d: &DirectiveLine, at: usize) -> String {
        let (env, doc) = (self.env, self.doc);
        let locale = self.state.page_locale;
        let shown_zone = !matches!(attr(d, "target"), Some("chromeless" | "pdf"));
        if directive == Directive::Zone
            && attr(d, "pivot").is_some()
            && shown_zone
            && !self.zone_selector_shown
        {
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

    /// A directive's HTML, and for a zone, whether readers see it.
    fn render_one(
        &mut self,
        directive: Directive,
        d: &DirectiveLine,
        at: usize,
        hidden_around: bool,
    ) -> (String, pivots::ZoneTarget) {
        let (env, doc) = (self.env, self.doc);
        let diagnostics = &mut self.state.out.diagnostics;
        let html = match directive {
            Directive::Zone => {
                return pivots::open_zone(doc, &self.groups, &d.attrs, at, diagnostics);
            }
            Directive::Moniker => {
                monikers::open_block(env.site, doc, attr(d, "range"), at, diagnostics)
            }
            Directive::Form => {
                // In a hidden zone, where DocFX's chromeless forms belong, it is unseen anyway.
                if !hidden_around {
                    let message = "`:::form` is a form for DocFX's chromeless viewer; a static site has nowhere to send it, so it is left out";
                    diagnostics.push(doc.warning(Code::BlockSyntax, message, at));
                }
                String::new()
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
            Directive::Image => image(env, doc, self.state, d),
            Directive::Video => videos::directive(env, doc, self.state, d, at),
            Directive::Code => snippets::render(env, doc, self.state, d, at),
        };
        (html, pivots::ZoneTarget::Shown)
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

fn image(env: &Env, doc: &Doc, state: &mut State, d: &DirectiveLine) -> String {
    let complex = attr(d, "type") == Some("complex");
    let described = complex.then(|| format!("image-desc-{}", d.start));
    let range = d.start..d.end;
    let Some(picture) = image_tag::picture(env, doc, state, &d.attrs, &range, described.as_deref())
    else {
        return String::new();
    };
    let mut s = String::from("<p class=\"image\">");
    if picture.bordered {
        s.push_str("<span class=\"mx-imgBorder\">");
        s.push_str(&picture.html);
        s.push_str("</span>");
    } else {
        s.push_str(&picture.html);
    }
    s.push_str("</p>\n");
    if let Some(id) = described {
        state.out.anchors.push(id.clone());
        s.push_str(&format!("<div id=\"{id}\" class=\"image-description\">\n"));
    }
    s
}
