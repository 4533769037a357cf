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

use super::directive::{attr, Directive};
use super::*;

/// Marks a directive's stand-in, an HTML processing instruction (`<?…?>`,
/// which CommonMark passes through as a block and inline): short enough for
/// `:::row`, and no author writes this byte.
const MARK: &str = "<?\u{1}";
const MARK_END: &str = "?>";

/// Block directives in `body` that the parser would not show as code.
pub(super) fn find_live(body: &str) -> Vec<Directive> {
    // Most pages have none: a quick look before the line by line scan.
    let marker = |at: usize, name: &str| {
        body.as_bytes()
            .get(at..at + name.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
    };
    let bracketed = body
        .match_indices("[!")
        .any(|(i, _)| marker(i + 2, "video") || marker(i + 2, "code"));
    if !bracketed && !body.contains(":::") {
        return Vec::new();
    }
    let mut found = find(body, &include::code_ranges(body));
    // Each directive's HTML goes where its stand-in lands: one too short to
    // hold a stand-in stays text.
    found.retain(|d| placeholder(d.end - d.start).is_some());
    found
}

/// Block directives in `body`, outside code. `code` holds the byte ranges of
/// code, in order.
fn find(body: &str, code: &[Range<usize>]) -> Vec<Directive> {
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
        if let Some(d) = parse_colon(rest).or_else(|| super::snippets::bracket_form(rest)) {
            found.push(Directive {
                start,
                end: start + rest.trim_end().len(),
                ..d
            });
        } else if let Some(url) = video_marker(rest) {
            // `[!VIDEO url]` in a quote is read as a quote marker instead.
            if text[..lead].contains('>') {
                continue;
            }
            found.push(Directive {
                start,
                end: start + rest.trim_end().len(),
                name: "video".into(),
                attrs: vec![("source".into(), url)],
                closed: true,
            });
        }
    }
    found
}

/// `[!VIDEO https://…]`: the address, when the whole line is that.
pub(super) fn video_marker(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix("[!")?.strip_suffix(']')?;
    let (word, url) = inner.split_once(char::is_whitespace)?;
    (word.eq_ignore_ascii_case("video") && !url.trim().is_empty()).then(|| url.trim().to_string())
}

fn parse_colon(line: &str) -> Option<Directive> {
    let t = line.trim_end();
    let body = t.strip_prefix(":::")?;
    if body.starts_with(':') {
        return None;
    }
    let (body, closed) = match body.strip_suffix(":::") {
        Some(b) => (b, true),
        None => (body, false),
    };
    let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    // `:::no-loc` is inline, handled in the text.
    if name == "no-loc" {
        return None;
    }
    Some(Directive {
        start: 0,
        end: 0,
        name,
        attrs: docfx::parse_attributes(&body[name_end..]),
        closed,
    })
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

/// What the opening directive of an open block needs its end to be.
fn end_of(name: &str) -> Option<&'static str> {
    Some(match name {
        "zone" => "zone-end",
        "moniker" => "moniker-end",
        "row" => "row-end",
        "column" => "column-end",
        "image" => "image-end",
        _ => return None,
    })
}

const KNOWN: &[&str] = &[
    "zone",
    "zone-end",
    "moniker",
    "moniker-end",
    "row",
    "row-end",
    "column",
    "column-end",
    "image",
    "image-end",
    "video",
    "code",
];

/// Renders every directive of one file; reports unknown, malformed and
/// unclosed ones. Returns the HTML for each, in order, and the end tags of
/// blocks left open, for the end of the file.
pub(super) fn render(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    found: &[Directive],
) -> (Vec<String>, String) {
    let mut html = Vec::with_capacity(found.len());
    // The first zone and the first moniker block of a file carry the
    // (script-built) selector; more on one page are merged by the script.
    let mut selectors = (false, false);
    // The page's zone pivot groups, read at its first zone.
    let mut groups = super::pivots::Groups::default();
    // Open blocks: (name, where).
    let mut open: Vec<(String, usize)> = Vec::new();
    for d in found {
        let at = doc.body_start + d.start;
        let report = |state: &mut State, code: crate::diagnostics::Code, message: String| {
            state
                .out
                .diagnostics
                .push(Diagnostic::error(code, doc.file, message).at_indexed(
                    doc.lines(),
                    doc.text,
                    at,
                ));
        };
        if !KNOWN.contains(&d.name.as_str()) {
            let suggestion = crate::links::suggest::did_you_mean(&d.name, KNOWN.iter().copied());
            let mut diag = Diagnostic::error(
                code::BLOCK_SYNTAX,
                doc.file,
                format!("`:::{}` is not a DocFX extension helpsite knows", d.name),
            )
            .at_indexed(doc.lines(), doc.text, at);
            if let Some(s) = suggestion {
                diag = diag.with_suggestion(format!("did you mean `:::{s}`?"));
            }
            state.out.diagnostics.push(diag);
            let mut s = String::from("<p>");
            escape_text(&mut s, &doc.text[at..doc.body_start + d.end]);
            s.push_str("</p>");
            html.push(s);
            continue;
        }
        if let Some(opened) = d.name.strip_suffix("-end") {
            match open.last() {
                Some((name, _)) if name == opened => {
                    open.pop();
                }
                Some((name, _)) => {
                    report(
                        state,
                        code::BLOCK_SYNTAX,
                        format!(
                            "`:::{}` closes `:::{opened}`, but the open block is `:::{name}`",
                            d.name
                        ),
                    );
                    html.push(String::new());
                    continue;
                }
                None => {
                    report(
                        state,
                        code::BLOCK_SYNTAX,
                        format!("`:::{}` without an open `:::{opened}`", d.name),
                    );
                    html.push(String::new());
                    continue;
                }
            }
        }
        // DocFX reads `:::row:::` only with its closing colons, `:::zone` only without.
        let self_closing = !matches!(
            d.name.as_str(),
            "zone" | "zone-end" | "moniker" | "moniker-end"
        );
        if d.closed != self_closing && doc.text[at..].starts_with(":::") {
            report(
                state,
                code::BLOCK_SYNTAX,
                if self_closing {
                    format!("`:::{}` ends with `:::` on its line", d.name)
                } else {
                    format!("`:::{}` takes no closing `:::`", d.name)
                },
            );
        }
        // A content or icon image stands alone; a complex one runs to `:::image-end:::`.
        let opens =
            end_of(&d.name).is_some() && !(d.name == "image" && attr(d, "type") != Some("complex"));
        if opens {
            open.push((d.name.clone(), at));
        }
        let mut part = String::new();
        if d.name == "zone" && attr(d, "pivot").is_some() && !selectors.0 {
            selectors.0 = true;
            groups = super::pivots::of_page(env, doc, state, at);
            let mut label = (env.label)(state.page_locale, "pivot-label");
            if let Some(prompt) = super::pivots::prompt(&groups) {
                label = prompt.to_string();
            }
            part.push_str("<div class=\"pivot-selector\" hidden data-label=\"");
            escape_attr(&mut part, &label);
            part.push('"');
            part.push_str(&super::pivots::choice_attributes(&groups));
            part.push_str("></div>\n");
        }
        if d.name == "moniker" && !env.site.monikers.is_empty() && !selectors.1 {
            selectors.1 = true;
            part.push_str(&selector(
                env,
                state,
                "moniker-selector",
                "moniker-label",
                &env.site.monikers,
            ));
        }
        part.push_str(&render_one(env, doc, state, d, at, &groups));
        html.push(part);
    }
    let mut closing = String::new();
    for (name, at) in open.into_iter().rev() {
        closing.push_str(if name == "row" {
            "</section>\n"
        } else {
            "</div>\n"
        });
        let end = end_of(&name).unwrap_or("end");
        state.out.diagnostics.push(
            Diagnostic::error(
                code::BLOCK_UNCLOSED,
                doc.file,
                format!(
                    "`:::{name}` is never closed: add `:::{end}{}`",
                    if matches!(name.as_str(), "row" | "column" | "image") {
                        ":::"
                    } else {
                        ""
                    }
                ),
            )
            .at_indexed(doc.lines(), doc.text, at),
        );
    }
    (html, closing)
}

/// An empty, hidden container that static/tabs.js fills with a choice of
/// pivots or versions; without script the reader sees every zone, labelled.
fn selector(env: &Env, state: &State, class: &str, label_id: &str, choices: &[String]) -> String {
    let label = (env.label)(state.page_locale, label_id);
    let mut s = format!("<div class=\"{class}\" hidden data-label=\"");
    escape_attr(&mut s, &label);
    s.push('"');
    if !choices.is_empty() {
        s.push_str(" data-choices=\"");
        escape_attr(&mut s, &choices.join(" "));
        s.push('"');
    }
    s.push_str("></div>\n");
    s
}

fn missing_attribute(doc: &Doc, state: &mut State, at: usize, d: &Directive, name: &str) {
    state.out.diagnostics.push(
        Diagnostic::error(
            code::BLOCK_SYNTAX,
            doc.file,
            format!("`:::{}` needs a `{name}=\"…\"` attribute", d.name),
        )
        .at_indexed(doc.lines(), doc.text, at),
    );
}

fn render_one(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    d: &Directive,
    at: usize,
    groups: &super::pivots::Groups,
) -> String {
    let mut s = String::new();
    match d.name.as_str() {
        "zone" => {
            s.push_str("<div class=\"zone");
            if let Some(pivot) = attr(d, "pivot") {
                let pivots: Vec<&str> = pivot
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                super::pivots::check_zone(doc, state, groups, &pivots, at);
                s.push_str(" has-pivot\" data-pivot=\"");
                escape_attr(&mut s, &pivots.join(" "));
                s.push_str("\">\n<p class=\"zone-label\">");
                let titles: Vec<&str> = pivots
                    .iter()
                    .map(|p| super::pivots::title(groups, p))
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
                missing_attribute(doc, state, at, d, "pivot");
                s.push_str("\">\n");
            }
        }
        "moniker" => {
            let range = attr(d, "range").unwrap_or_default();
            if range.is_empty() {
                missing_attribute(doc, state, at, d, "range");
            }
            super::monikers::check(env, doc, state, range, at);
            s.push_str("<div class=\"moniker\" data-moniker=\"");
            escape_attr(&mut s, range);
            s.push_str("\">\n<p class=\"moniker-label\">");
            escape_text(&mut s, range);
            s.push_str("</p>\n");
        }
        "row" => s.push_str("<section class=\"row\">\n"),
        "column" => {
            s.push_str("<div class=\"column");
            if let Some(span) =
                attr(d, "span").filter(|v| v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty())
            {
                s.push_str(" span");
                s.push_str(span);
            }
            s.push_str("\">\n");
        }
        "zone-end" | "moniker-end" | "column-end" | "image-end" => s.push_str("</div>\n"),
        "row-end" => s.push_str("</section>\n"),
        "image" => return image(env, doc, state, d, at),
        "video" => {
            let Some(url) = attr(d, "source") else {
                missing_attribute(doc, state, at, d, "source");
                return s;
            };
            return video(env, doc, state, url, at);
        }
        "code" => return super::snippets::render(env, doc, state, d, at),
        _ => {}
    }
    s
}

/// `[!VIDEO url]` and `:::video`: DocFX's `div.embeddedvideo` frame. helpsite.js
/// shows the localized offline placeholder with the link when the network is
/// not there; `check` warns that it needs the network, like any external embed.
pub(super) fn video(env: &Env, doc: &Doc, state: &mut State, url: &str, at: usize) -> String {
    if let Some(scheme) = links::unsafe_scheme(url, false) {
        state.out.diagnostics.push(
            Diagnostic::error(
                code::UNSAFE_URL,
                doc.file,
                format!("`{scheme}` URLs are not published"),
            )
            .at_indexed(doc.lines(), doc.text, at),
        );
        return String::new();
    }
    let title = (env.label)(state.page_locale, "video-title");
    let mut s = String::from("<div class=\"embeddedvideo\"><iframe src=\"");
    escape_attr(&mut s, url);
    s.push_str("\" title=\"");
    escape_attr(&mut s, &title);
    s.push_str("\" allowfullscreen></iframe></div>\n");
    if links::is_external(url) {
        let url_at = doc.text[at..].find(url).map_or(at, |n| at + n);
        state.out.diagnostics.push(
            Diagnostic::warning(
                code::EXTERNAL_EMBED,
                doc.file,
                format!("the video `{url}` loads from the network; it will not play offline"),
            )
            .at_indexed(doc.lines(), doc.text, url_at)
            .with_suggestion("readers offline see a placeholder with a link instead"),
        );
    }
    s
}

fn image(env: &Env, doc: &Doc, state: &mut State, d: &Directive, at: usize) -> String {
    let Some(source) = attr(d, "source") else {
        missing_attribute(doc, state, at, d, "source");
        return String::new();
    };
    let kind = attr(d, "type").unwrap_or("content");
    let alt = attr(d, "alt-text").unwrap_or_default();
    if kind != "icon" && alt.is_empty() {
        missing_attribute(doc, state, at, d, "alt-text");
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
    let lightbox =
        attr(d, "lightbox").filter(|big| !super::references::refused_link(doc, state, big, at));
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
        let names =
            |body: &str| -> Vec<String> { find_live(body).into_iter().map(|d| d.name).collect() };
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
