//! References in a page: links and images resolved through `links`, and
//! what raw HTML tells us (anchors, files it uses, embeds that need the
//! network).

use super::*;

pub(super) fn resolve_ref(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    dest: &str,
    range: &Range<usize>,
    kind: RefKind,
) -> (String, Target) {
    let r = env.index.resolve(
        state.page_locale,
        doc.source_dir,
        &state.page_dir,
        dest,
        kind,
    );
    // Point at the URL itself rather than the start of `[text](url)`.
    let span = &doc.text[doc.body_start + range.start..doc.body_start + range.end];
    let at = doc.body_start + range.start + span.rfind(dest).unwrap_or(0);
    for p in &r.problems {
        state
            .out
            .diagnostics
            .push(p.to_diagnostic(doc.file, (doc.lines(), doc.text), at, dest));
    }
    match &r.target {
        Target::Page {
            locale,
            path,
            fragment,
        } => state.out.page_links.push(PageLink {
            locale: locale.clone(),
            path: path.clone(),
            fragment: fragment.clone().filter(|f| !f.is_empty()),
            at: Diagnostic::error(code::BROKEN_ANCHOR, doc.file, dest).at_indexed(
                doc.lines(),
                doc.text,
                at,
            ),
        }),
        Target::SamePage { fragment } if !fragment.is_empty() => state.out.self_links.push((
            fragment.clone(),
            Diagnostic::error(code::BROKEN_ANCHOR, doc.file, dest).at_indexed(
                doc.lines(),
                doc.text,
                at,
            ),
        )),
        Target::Asset {
            locale,
            path,
            from_locale,
        } => state.out.assets.push(AssetRef {
            locale: locale.clone(),
            path: path.clone(),
            from_locale: from_locale.clone(),
        }),
        _ => {}
    }
    (r.url, r.target)
}

/// Raw HTML passes through; we only learn from it: anchors, files it uses,
/// and embeds that will not load offline.
pub(super) fn scan_raw_html(env: &Env, doc: &Doc, state: &mut State, html: &str, at: usize) {
    if !html.contains('<') || html.starts_with("<!--hsi:") {
        return;
    }
    for tag in html_scan::start_tags(html) {
        for attr_name in ["id", "name"] {
            if attr_name == "name" && tag.name != "a" {
                continue;
            }
            if let Some(a) = tag.attr(attr_name) {
                if !a.value.is_empty() {
                    note_explicit_id(doc, state, &a.value, at + a.offset);
                    state.out.anchors.push(a.value.clone());
                }
            }
        }
        let src_attr = match tag.name.as_str() {
            "img" | "iframe" | "script" | "video" | "audio" | "source" | "embed" | "track" => {
                tag.attr("src")
            }
            "object" => tag.attr("data"),
            "link" => tag.attr("href"),
            _ => None,
        };
        if let Some(src) = src_attr {
            if links::is_external(&src.value) {
                state.out.diagnostics.push(
                    Diagnostic::warning(
                        code::EXTERNAL_EMBED,
                        doc.file,
                        format!(
                            "<{}> loads `{}` from the network; it will not load offline",
                            tag.name, src.value
                        ),
                    )
                    .at_indexed(doc.lines(), doc.text, at + src.offset)
                    .with_suggestion("readers offline see a placeholder with a link instead"),
                );
            } else if !src.value.is_empty() && !src.value.starts_with("data:") {
                let range = (at - doc.body_start)..(at - doc.body_start + html.len());
                resolve_ref(env, doc, state, &src.value, &range, RefKind::Image);
            }
        }
    }
}
