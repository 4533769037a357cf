//! DocFX tabs: `# [Linux](#tab/linux)` headings, each followed by its
//! content, form a tab group up to a `---` line, a heading of the same or a
//! higher level that is not a tab, or the end of the page. A tab link may
//! name a condition, `#tab/dotnet/linux`: that tab shows only while the tab
//! `linux` is chosen in another group (DocFX's dependent tabs). A tab for
//! several choices joins them with `+` (`#tab/windows+linux`): groups that
//! offer the choices differently (`a+b`, `c` and then `a`, `b+c`) still
//! switch together, as in DocFX.
//!
//! The HTML is DocFX's (`div.tabGroup`, `ul[role=tablist]`, `a[role=tab]`,
//! `section[role=tabpanel]`) with every panel visible and titled:
//! `static/tabs.js` turns it into a selector, so without script a reader
//! sees every panel.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::escape_attr;
use super::escape_text;

struct Tab {
    id: String,
    condition: Option<String>,
    title: String,
    /// Events of the tab's content, `start..end` in the input.
    content: Range<usize>,
}

/// A tab heading at `i`: `(level, tab id, condition, title, index after the heading)`.
fn tab_heading(
    events: &[(Event, Range<usize>)],
    i: usize,
) -> Option<(HeadingLevel, String, Option<String>, String, usize)> {
    let Some((Event::Start(Tag::Heading { level, .. }), _)) = events.get(i) else {
        return None;
    };
    let mut j = i + 1;
    let blank = |e: &Event| matches!(e, Event::Text(t) if t.trim().is_empty());
    while events.get(j).is_some_and(|(e, _)| blank(e)) {
        j += 1;
    }
    let Some((Event::Start(Tag::Link { dest_url, .. }), _)) = events.get(j) else {
        return None;
    };
    let spec = dest_url.strip_prefix("#tab/")?;
    let mut parts = spec.splitn(2, '/');
    let id = combined_id(parts.next().unwrap_or(""));
    if id.is_empty() {
        return None;
    }
    let condition = parts.next().map(clean_id).filter(|c| !c.is_empty());
    let mut title = String::new();
    j += 1;
    loop {
        match events.get(j).map(|(e, _)| e) {
            Some(Event::End(TagEnd::Link)) => break,
            Some(Event::Text(t) | Event::Code(t)) => title.push_str(t),
            Some(Event::End(TagEnd::Heading(_))) | None => return None,
            _ => {}
        }
        j += 1;
    }
    j += 1;
    while events.get(j).is_some_and(|(e, _)| blank(e)) {
        j += 1;
    }
    match events.get(j) {
        Some((Event::End(TagEnd::Heading(_)), _)) => {
            Some((*level, id, condition, title.trim().to_string(), j + 1))
        }
        _ => None,
    }
}

/// A tab that serves several choices names them joined by `+`
/// (`#tab/windows+linux`), as DocFX allows: it shows whenever any of them
/// is chosen, and the group is said to combine them.
fn combined_id(s: &str) -> String {
    let parts = s.split('+').map(clean_id).filter(|p| !p.is_empty());
    parts.collect::<Vec<_>>().join("+")
}

/// Tab ids go into ids, classes and storage keys: letters, digits, `-`, `_`.
fn clean_id(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Replaces every tab group at the top level of the page (not inside a list
/// or quote) by its HTML, keeping the tabs' content events in between.
pub fn rewrite<'a>(events: Vec<(Event<'a>, Range<usize>)>) -> Vec<(Event<'a>, Range<usize>)> {
    if !events.iter().any(
        |(e, _)| matches!(e, Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("#tab/")),
    ) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 16);
    // How many groups so far had each base name.
    let mut groups_seen: HashMap<String, usize> = HashMap::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        let heading = (depth == 0).then(|| tab_heading(&events, i)).flatten();
        let Some((level, ..)) = heading else {
            depth = match &events[i].0 {
                Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                    depth + 1
                }
                Event::End(
                    TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition,
                ) => depth.saturating_sub(1),
                _ => depth,
            };
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        // Gather the group: tab after tab, each up to the next boundary.
        let mut tabs: Vec<Tab> = Vec::new();
        let mut k = i;
        let end = loop {
            let Some((_, id, condition, title, body_start)) =
                tab_heading(&events, k).filter(|h| h.0 == level)
            else {
                break k;
            };
            let mut d = 0usize;
            let mut m = body_start;
            let stop = loop {
                let Some((e, _)) = events.get(m) else {
                    break (m, m);
                };
                match e {
                    Event::Start(
                        Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_),
                    ) => d += 1,
                    Event::End(
                        TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition,
                    ) => d = d.saturating_sub(1),
                    Event::Rule if d == 0 => break (m, m + 1),
                    Event::Start(Tag::Heading { level: l, .. }) if d == 0 && *l <= level => {
                        break (m, m)
                    }
                    _ => {}
                }
                m += 1;
            };
            tabs.push(Tab {
                id,
                condition,
                title,
                content: body_start..stop.0,
            });
            k = stop.1;
            if stop.1 > stop.0 || tab_heading(&events, stop.0).is_none() {
                break stop.1;
            }
        };
        let base = group_base(&tabs);
        let repeats = groups_seen.entry(base.clone()).or_insert(0);
        let group = if *repeats == 0 {
            base
        } else {
            format!("{base}-{repeats}")
        };
        *repeats += 1;
        let at = events[i].1.clone();
        out.push((Event::Html(open_group(&group, &tabs).into()), at.clone()));
        for (n, tab) in tabs.iter().enumerate() {
            out.push((Event::Html(open_panel(&group, tab, n).into()), at.clone()));
            out.extend(events[tab.content.clone()].iter().cloned());
            out.push((Event::Html("</section>\n".into()), at.clone()));
        }
        out.push((Event::Html("</div>\n".into()), at));
        i = end;
    }
    out
}

/// Longest run of tab ids a group's name spells out, in bytes. Every tab's
/// and panel's id repeats the group's name, so a name of all the ids would
/// make the page grow with the square of its tabs; real groups fit well
/// within this, and keep DocFX's names.
const GROUP_NAME_IDS: usize = 100;

/// `tabgroup_` and the group's tab ids joined by `-`, cut at
/// [`GROUP_NAME_IDS`]; groups whose names come out equal are numbered.
fn group_base(tabs: &[Tab]) -> String {
    let mut ids = String::new();
    for tab in tabs {
        if ids.len() >= GROUP_NAME_IDS {
            break;
        }
        if !ids.is_empty() {
            ids.push('-');
        }
        ids.push_str(&tab.id);
    }
    ids.truncate(ids.floor_char_boundary(GROUP_NAME_IDS));
    format!("tabgroup_{ids}")
}

fn panel_id(group: &str, tab: &Tab, n: usize) -> String {
    // Dependent tabs repeat an id under different conditions.
    match &tab.condition {
        Some(c) => format!("tabpanel_{group}_{}_{c}_{n}", tab.id),
        None => format!("tabpanel_{group}_{}", tab.id),
    }
    .replacen("tabpanel_tabgroup_", "tabpanel_", 1)
}

fn tab_id(panel: &str) -> String {
    panel.replacen("tabpanel_", "tab_", 1)
}

fn data_attrs(s: &mut String, tab: &Tab) {
    s.push_str(" data-tab=\"");
    escape_attr(s, &tab.id);
    s.push('"');
    if let Some(c) = &tab.condition {
        s.push_str(" data-condition=\"");
        escape_attr(s, c);
        s.push('"');
    }
}

fn open_group(group: &str, tabs: &[Tab]) -> String {
    let mut s = format!("<div class=\"tabGroup\" id=\"{group}\">\n<ul role=\"tablist\">\n");
    for (n, tab) in tabs.iter().enumerate() {
        let panel = panel_id(group, tab, n);
        s.push_str("<li role=\"presentation\"");
        data_attrs(&mut s, tab);
        s.push_str(&format!(
            "><a href=\"#{panel}\" id=\"{}\" role=\"tab\" aria-controls=\"{panel}\"",
            tab_id(&panel)
        ));
        data_attrs(&mut s, tab);
        s.push_str(if n == 0 {
            " tabindex=\"0\" aria-selected=\"true\">"
        } else {
            " tabindex=\"-1\" aria-selected=\"false\">"
        });
        escape_text(&mut s, &tab.title);
        s.push_str("</a></li>\n");
    }
    s.push_str("</ul>\n");
    s
}

fn open_panel(group: &str, tab: &Tab, n: usize) -> String {
    let panel = panel_id(group, tab, n);
    let mut s = format!(
        "<section id=\"{panel}\" role=\"tabpanel\" aria-labelledby=\"{}\"",
        tab_id(&panel)
    );
    data_attrs(&mut s, tab);
    // The title shows when script is off, so every panel says what it is for.
    s.push_str(">\n<p class=\"tab-title\">");
    escape_text(&mut s, &tab.title);
    s.push_str("</p>\n");
    s
}
