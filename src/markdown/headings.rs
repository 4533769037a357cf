//! Heading ids: DocFX's current ids, with the ids older renderers gave the
//! same headings as extra anchors, and author-given ids checked for repeats.

use super::*;

/// A heading being read: level, `{#id}`, text, `<a name>`s in it, where it starts.
type OpenHeading = (HeadingLevel, Option<String>, String, Vec<String>, usize);

/// Each heading's id, plus extra anchors where helpsite's earlier ids or
/// DocFX's 2017 renderer named it differently: links written against any of
/// them land.
pub(super) fn assign_heading_ids(
    events: &[(Event, Range<usize>)],
    doc: &Doc,
    state: &mut State,
) -> Vec<(String, Vec<String>)> {
    let mut ids = Vec::new();
    let mut current: Option<OpenHeading> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    *level,
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                    Vec::new(),
                    range.start,
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _, _)) = current.as_mut() {
                    text.push_str(t);
                }
            }
            Event::InlineHtml(h) => {
                if let Some((_, _, _, names, _)) = current.as_mut() {
                    for tag in html_scan::start_tags(h) {
                        if let Some(a) = tag.attr("name").or_else(|| tag.attr("id")) {
                            names.push(a.value.clone());
                        }
                    }
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, names, start)) = current.take() {
                    let text = text.trim().to_string();
                    let auto = explicit.is_none();
                    let id = match explicit {
                        Some(id) => {
                            note_explicit_id(doc, state, &id, doc.body_start + start);
                            state.ids.reserve(&id);
                            id
                        }
                        None => {
                            let base = slug::slugify(&text);
                            // An author's `<a name>` in the same heading names the same spot.
                            if names.contains(&base) {
                                base
                            } else {
                                state.ids.unique(&base)
                            }
                        }
                    };
                    let level = outline_level(doc, state, level as u8, doc.body_start + start);
                    if level == 1 && state.out.first_h1.is_none() {
                        state.out.first_h1 = Some(text.clone());
                    }
                    state.out.anchors.push(id.clone());
                    // Author-given ids never had another form.
                    let mut aliases = Vec::new();
                    if auto {
                        for old in [slug::collapsed_slug(&text), slug::legacy_docfx_slug(&text)] {
                            if !old.is_empty()
                                && old != id
                                && !names.contains(&old)
                                && state.ids.reserve(&old)
                            {
                                state.out.anchors.push(old.clone());
                                aliases.push(old);
                            }
                        }
                    }
                    state.out.headings.push(Heading {
                        level,
                        id: id.clone(),
                        text,
                        // Set when the rewriter writes the heading's text.
                        search_text: 0..0,
                    });
                    ids.push((id, aliases));
                }
            }
            _ => {}
        }
    }
    ids
}

/// The level a heading written at `written` is published at: one deeper
/// than the heading it falls under, so readers who move through a page by
/// heading level find no gap. A skip is reported for the writer to fix; the
/// rewriter keeps the written look with an `hN` class.
fn outline_level(doc: &Doc, state: &mut State, written: u8, at: usize) -> u8 {
    let outline = &mut state.heading_outline;
    while outline.last().is_some_and(|(w, _)| *w >= written) {
        outline.pop();
    }
    let Some(&(parent_written, parent)) = outline.last() else {
        outline.push((written, written));
        return written;
    };
    // Strict CommonMark publishes every heading at its written level.
    let level = if state.keep_written_levels {
        written
    } else {
        parent + 1
    };
    outline.push((written, level));
    if written > parent_written + 1 {
        let published = if level == written {
            String::from("screen-reader users who move by heading level meet a gap")
        } else {
            format!("it is published as an h{level} that looks like an h{written}")
        };
        state.out.diagnostics.push(
            doc.warning(
                Code::HeadingSkip,
                format!(
                    "an h{written} directly under an h{parent_written} skips a level: {published}"
                ),
                at,
            )
            .with_suggestion(format!(
                "write it with {} `#`, or add the missing level above it",
                parent_written + 1
            )),
        );
    }
    level
}

pub(super) fn note_explicit_id(doc: &Doc, state: &mut State, id: &str, at: usize) {
    let Some((first_file, first_at)) = state.explicit_ids.get(id).cloned() else {
        state
            .explicit_ids
            .insert(id.to_string(), (doc.file.to_string(), at));
        state.ids.reserve(id);
        return;
    };
    let first = if first_file == doc.file {
        format!("line {}", doc.lines().locate(doc.text, first_at).line)
    } else {
        first_file
    };
    state.out.diagnostics.push(
        Diagnostic::warning(Code::DuplicateId, doc.file, format!("id `{id}` is used twice on this page (first at {first}); links to it reach only the first"))
            .at_indexed(doc.lines(), doc.text, at),
    );
}
