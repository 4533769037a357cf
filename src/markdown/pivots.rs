//! Zone pivot groups, as DocFX defines them: a page names its groups in
//! front matter (`zone_pivot_groups: platform`, several separated by
//! commas), and `zone-pivot-groups.yml` in the locale's content folder (or
//! the default locale's) lists each group's pivots with their titles:
//!
//! ```yaml
//! groups:
//! - id: platform
//!   title: Platform
//!   prompt: Choose a platform
//!   pivots:
//!   - id: windows
//!     title: Windows
//! ```
//!
//! With groups, the choice shows the titles and `check` reports a zone
//! pivot or a group that is not defined (`unknown-pivot`). Without, the
//! pivots are the zones' own names.

use std::cell::OnceCell;
use std::collections::HashMap;

use serde::Deserialize;

use super::context::{Doc, State};
use super::escape::escape_attr;
use super::model::Env;
use crate::diagnostics::{Code, Diagnostic};
use crate::frontmatter::FrontMatter;
use crate::links::suggest::Suggestions;

pub const FILE: &str = "zone-pivot-groups.yml";

#[derive(Debug, Deserialize)]
struct Definitions {
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Group {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(default)]
    pub pivots: Vec<Pivot>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Pivot {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
}

/// The page's pivot groups, with their pivots ready to look up: a page may
/// have many zones, and the file many pivots.
#[derive(Default)]
pub(super) struct Groups {
    list: Vec<Group>,
    /// Each pivot's title, from the first group that has the pivot.
    titles: HashMap<String, Option<String>>,
    /// For the "did you mean" of an unknown pivot, prepared on first need.
    names: OnceCell<Suggestions>,
}

impl Groups {
    fn new(list: Vec<Group>) -> Groups {
        let mut titles = HashMap::new();
        for pivot in list.iter().flat_map(|g| &g.pivots) {
            titles
                .entry(pivot.id.clone())
                .or_insert_with(|| pivot.title.clone());
        }
        Groups {
            list,
            titles,
            names: OnceCell::new(),
        }
    }

    fn pivot_ids(&self) -> impl Iterator<Item = &str> {
        self.list
            .iter()
            .flat_map(|g| g.pivots.iter().map(|p| p.id.as_str()))
    }
}

/// The pivot groups of the page being rendered; empty when it names none.
/// Problems with the names or the file are reported at `at`.
pub(super) fn of_page(env: &Env, doc: &Doc, state: &mut State, at: usize) -> Groups {
    let mut ignored = Vec::new();
    let front = FrontMatter::parse(state.page_front, state.page_path, &mut ignored);
    let Some(names) = front.get_str("zone_pivot_groups") else {
        return Groups::default();
    };
    let report = |state: &mut State, message: String, suggestion: Option<String>| {
        let mut d = doc.error(Code::UnknownPivot, message, at);
        if let Some(s) = suggestion {
            d = d.with_suggestion(s);
        }
        state.out.diagnostics.push(d);
    };
    let text = [state.page_locale, env.index.default_locale.as_str()]
        .into_iter()
        .find_map(|l| Some((l, (env.read)(l, FILE)?)));
    let Some((from_locale, text)) = text else {
        report(
            state,
            format!(
                "the page names zone_pivot_groups `{names}`, but there is no content/{}/{FILE}",
                state.page_locale
            ),
            None,
        );
        return Groups::default();
    };
    // Recorded as a dependency: editing the file re-renders the page.
    state
        .out
        .includes
        .push((from_locale.to_string(), FILE.to_string()));
    let defined: Definitions = match serde_norway::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            report(state, format!("{FILE} does not parse: {e}"), None);
            return Groups::default();
        }
    };
    // The first group of each id, as a search from the start finds it.
    let mut by_id: HashMap<&str, &Group> = HashMap::new();
    for g in defined.groups.iter().rev() {
        by_id.insert(g.id.as_str(), g);
    }
    let group_names = OnceCell::new();
    let mut groups = Vec::new();
    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match by_id.get(name) {
            Some(g) => groups.push((*g).clone()),
            None => {
                let hint = group_names
                    .get_or_init(|| Suggestions::new(defined.groups.iter().map(|g| g.id.as_str())))
                    .closest(name)
                    .map(|s| format!("did you mean `{s}`?"));
                report(
                    state,
                    format!("zone pivot group `{name}` is not in {FILE}"),
                    hint,
                );
            }
        }
    }
    Groups::new(groups)
}

/// Reports the pivots of a zone that none of the page's groups defines.
pub(super) fn check_zone(
    doc: &Doc,
    groups: &Groups,
    pivots: &[&str],
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if groups.list.is_empty() {
        return;
    }
    for pivot in pivots {
        if groups.titles.contains_key(*pivot) {
            continue;
        }
        let message = format!("zone pivot `{pivot}` is not in the page's zone_pivot_groups");
        let mut d = doc.error(Code::UnknownPivot, message, at);
        let names = groups
            .names
            .get_or_init(|| Suggestions::new(groups.pivot_ids()));
        if let Some(s) = names.closest(pivot) {
            d = d.with_suggestion(format!("did you mean `{s}`?"));
        }
        diagnostics.push(d);
    }
}

/// A pivot's title, or its id.
pub(super) fn title<'a>(groups: &'a Groups, pivot: &'a str) -> &'a str {
    groups
        .titles
        .get(pivot)
        .and_then(Option::as_deref)
        .unwrap_or(pivot)
}

/// `data-` attributes for the choice: the pivots in the groups' order and
/// their titles, as JSON.
pub(super) fn choice_attributes(groups: &Groups) -> String {
    if groups.list.is_empty() {
        return String::new();
    }
    let ids: Vec<&str> = groups.pivot_ids().collect();
    let titles: serde_json::Map<String, serde_json::Value> = groups
        .list
        .iter()
        .flat_map(|g| g.pivots.iter())
        .map(|p| {
            (
                p.id.clone(),
                p.title.clone().unwrap_or_else(|| p.id.clone()).into(),
            )
        })
        .collect();
    let mut s = String::from(" data-choices=\"");
    escape_attr(&mut s, &ids.join(" "));
    s.push_str("\" data-titles=\"");
    escape_attr(&mut s, &serde_json::Value::Object(titles).to_string());
    s.push('"');
    s
}

/// The label of the choice: the first group's prompt or title.
pub(super) fn prompt(groups: &Groups) -> Option<&str> {
    let g = groups.list.first()?;
    g.prompt.as_deref().or(g.title.as_deref())
}

/// Where a zone shows: `target="docs"` zones and zones without a target on
/// a help site, which is DocFX's docs build; `chromeless` (an embedded
/// viewer) and `pdf` zones nowhere.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ZoneTarget {
    Shown,
    Hidden,
}

/// The opening tag of a `:::zone`, DocFX's `div.zone.has-target.has-pivot`
/// with a label for readers without script, and where it shows. Attributes
/// DocFX refuses are reported; the zone still renders as the author meant.
pub(super) fn open_zone(
    doc: &Doc,
    groups: &Groups,
    attrs: &[(String, String)],
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, ZoneTarget) {
    let mut report = |message: String| diagnostics.push(doc.error(Code::BlockSyntax, message, at));
    let (mut pivot, mut target) = (None, None);
    for (name, value) in attrs {
        match name.as_str() {
            "pivot" if pivot.is_none() => pivot = Some(value.as_str()),
            "target" if target.is_none() => target = Some(value.as_str()),
            "pivot" | "target" => report(format!("`:::zone` names `{name}` twice")),
            _ => report(format!(
                "`:::zone` takes `pivot` and `target`, not `{name}`"
            )),
        }
    }
    let shown = match target {
        Some("chromeless" | "pdf") => ZoneTarget::Hidden,
        Some("docs") | None => ZoneTarget::Shown,
        Some(other) => {
            report(format!(
                "zone target `{other}` is none of `docs`, `chromeless` or `pdf`; it is shown"
            ));
            ZoneTarget::Shown
        }
    };
    if target.is_none() && pivot.is_none() {
        report("`:::zone` needs a `pivot=\"…\"` or `target=\"…\"` attribute".to_string());
    }
    if target == Some("pdf") && pivot.is_some() {
        report("a `target=\"pdf\"` zone cannot have a pivot".to_string());
    }
    let pivots: Vec<&str> = pivot
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let well_formed = |p: &&str| {
        p.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if let Some(bad) = pivots.iter().find(|p| !well_formed(p)) {
        report(format!(
            "zone pivot `{bad}` is not lower-case letters, digits and `-`, as DocFX requires"
        ));
    }
    // A hidden zone is no pivot the reader could choose.
    let has_pivot = !pivots.is_empty() && shown == ZoneTarget::Shown;
    if has_pivot {
        check_zone(doc, groups, &pivots, at, diagnostics);
    }
    let mut s = String::from("<div class=\"zone");
    if target.is_some() {
        s.push_str(" has-target");
    }
    if has_pivot {
        s.push_str(" has-pivot");
    }
    s.push('"');
    if let Some(target) = target {
        s.push_str(" data-target=\"");
        escape_attr(&mut s, target);
        s.push('"');
    }
    if has_pivot {
        s.push_str(" data-pivot=\"");
        escape_attr(&mut s, &pivots.join(" "));
        s.push('"');
    }
    if shown == ZoneTarget::Hidden {
        s.push_str(" hidden");
    }
    s.push_str(">\n");
    if has_pivot {
        s.push_str("<p class=\"zone-label\">");
        let titles: Vec<&str> = pivots.iter().map(|p| title(groups, p)).collect();
        super::escape::escape_text(&mut s, &titles.join(", "));
        s.push_str("</p>\n");
    }
    (s, shown)
}
