//! A landing or hub page as its template draws it: sections of cards, each
//! card a title, a picture, a summary and links, every URL already
//! resolved. `landing` in `landing.html` serializes these.

use serde::Serialize;

/// `landing`: `{kind, title, summary, brand, sections, footnote}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Landing {
    /// `"landing"` or `"hub"`: the `YamlMime` type.
    pub kind: &'static str,
    pub title: String,
    pub summary: Option<String>,
    /// A hub's `brand`, e.g. `"azure"`: a theme may colour by it.
    pub brand: Option<String>,
    pub sections: Vec<Section>,
    /// A hub's `additionalContent.footnote`, as text.
    pub footnote: Option<String>,
}

/// One part of the page: `{kind, title, summary, cards}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    /// Where it comes from: `landing` (`landingContent`), `highlighted`,
    /// `conceptual`, `tools`, `additional` or `products`.
    pub kind: &'static str,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub cards: Vec<Card>,
}

/// `{title, summary, url, item_type, image, links, footer}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Card {
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Where the card's title leads, when it is a link itself.
    pub url: Option<String>,
    /// DocFX's `itemType` (`overview`, `how-to-guide`, …).
    pub item_type: Option<String>,
    /// `imageSrc`, relative to the page.
    pub image: Option<String>,
    pub links: Vec<Link>,
    /// A card's `footerLink` ("See more").
    pub footer: Option<Link>,
}

/// `{text, url, item_type}`. `url` is null when the link was refused (a
/// `javascript:` URL): the reader sees the text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Link {
    pub text: String,
    pub url: Option<String>,
    /// The `itemType` of the link or the `linkListType` of its list.
    pub item_type: Option<String>,
}

impl Landing {
    /// The words a reader sees, for search: titles, summaries, link texts.
    pub fn visible_text(&self) -> String {
        let mut text = String::new();
        let mut add = |s: &Option<String>| {
            if let Some(s) = s.as_deref().filter(|s| !s.is_empty()) {
                text.push_str(s);
                text.push('\n');
            }
        };
        add(&self.summary);
        for section in &self.sections {
            add(&section.title);
            add(&section.summary);
            for card in &section.cards {
                add(&card.title);
                add(&card.summary);
                for link in card.links.iter().chain(&card.footer) {
                    add(&Some(link.text.clone()));
                }
            }
        }
        add(&self.footnote);
        text
    }
}
