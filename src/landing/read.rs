//! The parsed YAML of a landing or hub page → [`Landing`], in file order,
//! with each URL handed to the caller to resolve. Fields helpsite does not
//! know are passed over: the schemas are DocFX's, and a page written for a
//! newer one should still show what helpsite knows. Fields it knows, in a
//! shape that cannot be what the writer meant (a list as the title, a card
//! that is a number), are said where they are written.

use serde_norway::Value;

use super::model::{Card, Landing, Link, Section};
use crate::links::RefKind;

use crate::diagnostics::Severity;

/// Where what is read goes.
pub(super) trait Out {
    /// Resolves a URL as written (a link or an image) to the one published;
    /// `None` when it is refused.
    fn resolve(&mut self, dest: &str, kind: RefKind) -> Option<String>;
    /// A `yaml-syntax` problem, placed by `look`.
    fn problem(&mut self, severity: Severity, look: Look, message: String);
}

/// What to look for, after what was read last, to place a problem.
pub(super) enum Look {
    /// `key:` starting a line, for the page's own keys.
    TopKey(&'static str),
    /// `key:` anywhere, after a `- ` or not.
    Key(&'static str),
    /// `key: value`.
    KeyValue(&'static str, String),
    /// A list item, `- value`.
    Item(String),
    /// Where the last link was written.
    Here,
}

/// Where `look` first matches on a line at or after the one holding `from`.
pub(super) fn locate(text: &str, from: usize, look: &Look) -> Option<usize> {
    let from = text[..from.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let mut line_start = from;
    for line in text[from..].split_inclusive(['\n', '\r']) {
        let at = line_start;
        line_start += line.len();
        crate::diagnostics::work::add(1);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut rest = trimmed;
        let mut dashes = false;
        while let Some(r) = rest.strip_prefix('-') {
            dashes = true;
            rest = r.trim_start();
        }
        let key_value = |key: &str| {
            rest.strip_prefix(key)
                .and_then(|r| r.trim_start_matches([' ', '\t']).strip_prefix(':'))
                .map(|v| v.trim().trim_matches(['"', '\'']))
        };
        let found = match look {
            Look::TopKey(key) => indent == 0 && key_value(key).is_some(),
            Look::Key(key) => key_value(key).is_some(),
            Look::KeyValue(key, value) => key_value(key) == Some(value.as_str()),
            Look::Item(value) => dashes && rest.trim().trim_matches(['"', '\'']) == value,
            Look::Here => return None,
        };
        if found {
            return Some(at + line.len() - rest.len());
        }
    }
    None
}

fn wrong_shape(out: &mut dyn Out, look: Look, what: &str, value: &Value, wanted: &str) {
    let shape = match value {
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
        _ => "text",
    };
    out.problem(
        Severity::Error,
        look,
        format!("{what} is {shape}; it must be {wanted}, and is left out"),
    );
}

/// Text, or nothing; a list or mapping is said and left out.
fn scalar(out: &mut dyn Out, look: Look, what: &str, value: Option<&Value>) -> Option<String> {
    match value? {
        v @ (Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_)) => {
            wrong_shape(out, look, what, v, "text");
            None
        }
        v => text(Some(v)),
    }
}

/// The items of a list; anything else but nothing is said.
fn list<'v>(out: &mut dyn Out, look: Look, what: &str, value: Option<&'v Value>) -> &'v [Value] {
    match value {
        Some(Value::Sequence(items)) => items,
        None | Some(Value::Null) => &[],
        Some(v) => {
            wrong_shape(out, look, what, v, "a list");
            &[]
        }
    }
}

/// Whether `value` is a mapping, saying so when it is not.
fn is_mapping(out: &mut dyn Out, what: &str, value: &Value) -> bool {
    if value.is_mapping() {
        return true;
    }
    let look = match text(Some(value)) {
        Some(t) => Look::Item(t),
        None => Look::Here,
    };
    wrong_shape(out, look, what, value, "a mapping of `key: value` lines");
    false
}

pub(super) fn landing(kind: &'static str, doc: &Value, out: &mut dyn Out) -> Landing {
    let mut page = Landing {
        kind,
        title: scalar(out, Look::TopKey("title"), "`title`", doc.get("title")).unwrap_or_default(),
        summary: scalar(
            out,
            Look::TopKey("summary"),
            "`summary`",
            doc.get("summary"),
        ),
        brand: scalar(out, Look::TopKey("brand"), "`brand`", doc.get("brand")),
        ..Landing::default()
    };
    if let Some(meta) = doc
        .get("metadata")
        .filter(|m| !m.is_mapping() && !m.is_null())
    {
        wrong_shape(
            out,
            Look::TopKey("metadata"),
            "`metadata`",
            meta,
            "a mapping of `key: value` lines",
        );
    }
    let Some(top) = doc.as_mapping() else {
        return page;
    };
    for (key, value) in top {
        match key.as_str().unwrap_or_default() {
            "landingContent" => page.sections.push(Section {
                kind: "landing",
                cards: cards(
                    out,
                    Look::TopKey("landingContent"),
                    "`landingContent`",
                    Some(value),
                ),
                ..Section::default()
            }),
            "highlightedContent" => page.sections.push(section("highlighted", value, out)),
            "conceptualContent" => page.sections.push(section("conceptual", value, out)),
            "tools" => page.sections.push(section("tools", value, out)),
            "productDirectory" => page.sections.push(section("products", value, out)),
            "additionalContent" => {
                for part in items(value.get("sections")) {
                    page.sections.push(section("additional", part, out));
                }
                page.footnote = text(value.get("footnote"));
            }
            _ => {}
        }
    }
    page
}

/// `{title, summary, items: [card]}`.
fn section(kind: &'static str, value: &Value, out: &mut dyn Out) -> Section {
    Section {
        kind,
        title: text(value.get("title")),
        summary: text(value.get("summary")),
        cards: cards(out, Look::Key("items"), "`items`", value.get("items")),
    }
}

fn cards(out: &mut dyn Out, look: Look, what: &str, value: Option<&Value>) -> Vec<Card> {
    let mut cards = Vec::new();
    for item in list(out, look, what, value) {
        if is_mapping(out, "a card", item) {
            cards.push(card(item, out));
        }
    }
    cards
}

/// Any card of the schemas: `title`, `summary`, `url`, `itemType`,
/// `imageSrc`, `links`, a landing page's `linkLists` and a `footerLink`.
fn card(item: &Value, out: &mut dyn Out) -> Card {
    let mut card = Card {
        title: text(item.get("title")),
        summary: text(item.get("summary")),
        item_type: text(item.get("itemType")),
        ..Card::default()
    };
    if let Some(url) = text(item.get("url")) {
        card.url = out.resolve(&url, RefKind::Link);
    }
    if let Some(src) = text(item.get("imageSrc")) {
        card.image = out.resolve(&src, RefKind::Image);
    }
    for l in list(out, Look::Key("links"), "`links`", item.get("links")) {
        card.links.extend(link(l, None, out));
    }
    for links in list(
        out,
        Look::Key("linkLists"),
        "`linkLists`",
        item.get("linkLists"),
    ) {
        if !is_mapping(out, "a link list", links) {
            continue;
        }
        let list_type = text(links.get("linkListType"));
        for l in list(out, Look::Key("links"), "`links`", links.get("links")) {
            card.links.extend(link(l, list_type.clone(), out));
        }
    }
    card.footer = item.get("footerLink").and_then(|l| link(l, None, out));
    card
}

/// `{text, url, itemType}`. Without a URL the text shows on its own;
/// without text the URL shows; both are said.
fn link(value: &Value, list_type: Option<String>, out: &mut dyn Out) -> Option<Link> {
    if !is_mapping(out, "a link", value) {
        return None;
    }
    let shown = text(value.get("text")).or_else(|| text(value.get("title")));
    let Some(written) = text(value.get("url")) else {
        let shown = shown?;
        out.problem(
            Severity::Warning,
            Look::KeyValue("text", shown.clone()),
            format!("the link `{shown}` has no `url`: it shows as text"),
        );
        return Some(Link {
            text: shown,
            url: None,
            item_type: text(value.get("itemType")).or(list_type),
        });
    };
    let url = out.resolve(&written, RefKind::Link);
    let text_shown = shown.unwrap_or_else(|| {
        out.problem(
            Severity::Warning,
            Look::Here,
            format!("the link to `{written}` has no `text`: readers see its URL"),
        );
        written.clone()
    });
    Some(Link {
        text: text_shown,
        url,
        item_type: text(value.get("itemType")).or(list_type),
    })
}

fn items(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value
        .and_then(Value::as_sequence)
        .map_or(&[][..], Vec::as_slice)
        .iter()
}

/// A scalar as text: DocFX reads `title: 2020` as the text "2020".
pub(super) fn text(value: Option<&Value>) -> Option<String> {
    let s = match value? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}
