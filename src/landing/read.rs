//! The parsed YAML of a landing or hub page → [`Landing`], in file order,
//! with each URL handed to the caller to resolve. Fields of the wrong shape
//! are passed over: the schemas are DocFX's, and a page written for a newer
//! one should still show what helpsite knows.

use serde_norway::Value;

use super::model::{Card, Landing, Link, Section};
use crate::links::RefKind;

/// Resolves a URL as written (a link or an image) to the one published;
/// `None` when it is refused.
pub(super) type Resolve<'r> = dyn FnMut(&str, RefKind) -> Option<String> + 'r;

pub(super) fn landing(kind: &'static str, doc: &Value, resolve: &mut Resolve) -> Landing {
    let mut page = Landing {
        kind,
        title: text(doc.get("title")).unwrap_or_default(),
        summary: text(doc.get("summary")),
        brand: text(doc.get("brand")),
        ..Landing::default()
    };
    let Some(top) = doc.as_mapping() else {
        return page;
    };
    for (key, value) in top {
        match key.as_str().unwrap_or_default() {
            "landingContent" => page.sections.push(Section {
                kind: "landing",
                cards: cards(value, resolve),
                ..Section::default()
            }),
            "highlightedContent" => page.sections.push(section("highlighted", value, resolve)),
            "conceptualContent" => page.sections.push(section("conceptual", value, resolve)),
            "tools" => page.sections.push(section("tools", value, resolve)),
            "productDirectory" => page.sections.push(section("products", value, resolve)),
            "additionalContent" => {
                for part in items(value.get("sections")) {
                    page.sections.push(section("additional", part, resolve));
                }
                page.footnote = text(value.get("footnote"));
            }
            _ => {}
        }
    }
    page
}

/// `{title, summary, items: [card]}`.
fn section(kind: &'static str, value: &Value, resolve: &mut Resolve) -> Section {
    Section {
        kind,
        title: text(value.get("title")),
        summary: text(value.get("summary")),
        cards: cards(value.get("items").unwrap_or(&Value::Null), resolve),
    }
}

fn cards(list: &Value, resolve: &mut Resolve) -> Vec<Card> {
    items(Some(list)).map(|item| card(item, resolve)).collect()
}

/// Any card of the schemas: `title`, `summary`, `url`, `itemType`,
/// `imageSrc`, `links`, a landing page's `linkLists` and a `footerLink`.
fn card(item: &Value, resolve: &mut Resolve) -> Card {
    let mut card = Card {
        title: text(item.get("title")),
        summary: text(item.get("summary")),
        item_type: text(item.get("itemType")),
        ..Card::default()
    };
    if let Some(url) = text(item.get("url")) {
        card.url = resolve(&url, RefKind::Link);
    }
    if let Some(src) = text(item.get("imageSrc")) {
        card.image = resolve(&src, RefKind::Image);
    }
    card.links = items(item.get("links"))
        .filter_map(|l| link(l, None, resolve))
        .collect();
    for list in items(item.get("linkLists")) {
        let list_type = text(list.get("linkListType"));
        for l in items(list.get("links")) {
            card.links.extend(link(l, list_type.clone(), resolve));
        }
    }
    card.footer = item.get("footerLink").and_then(|l| link(l, None, resolve));
    card
}

/// `{text, url, itemType}`; a link without a URL is none.
fn link(value: &Value, list_type: Option<String>, resolve: &mut Resolve) -> Option<Link> {
    let written = text(value.get("url"))?;
    Some(Link {
        text: text(value.get("text"))
            .or_else(|| text(value.get("title")))
            .unwrap_or_else(|| written.clone()),
        url: resolve(&written, RefKind::Link),
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
