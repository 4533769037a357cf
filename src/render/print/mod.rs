//! The locale's whole help as one printable document (`<locale>/print.html`),
//! for readers and IT teams who want it on paper or as a PDF: every page
//! in the order of the "all pages" listing (the home first, then the TOCs,
//! then the pages no TOC leads to), each a section of its own, linked
//! within the document.
//!
//! A document of every page grows with the site, so it is split into parts
//! of `PAGES_PER_PART` pages beside each other (`print.html`,
//! `print-2.html`, …), each with its own table of contents; links to a page
//! in another part lead to its section there. The document is rendered
//! from the pages' Markdown HTML before the pages themselves, so a build
//! that drops each page's HTML once written keeps nothing more for it.

mod rewrite;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::context::{self, Base};
use super::{listing, Listings};
use crate::diagnostics::Diagnostic;
use crate::images::Images;
use crate::links::{href_to, parent_dir};
use crate::offline::Generated;
use crate::output::{Data, OutputFile};
use crate::site::{Page, PageId, PageKind, Site};
use crate::templates::Templates;
use rewrite::{PageInDocument, Targets};

/// Pages in one part of a locale's printable document: about 5 MB of HTML
/// with the corpus's pages, which Chromium lays out and prints in seconds.
pub const PAGES_PER_PART: usize = 500;

/// Output path of part `number` (from 1) of `locale`'s document.
pub fn part_path(locale: &str, number: usize) -> String {
    match number {
        1 => format!("{locale}/print.html"),
        n => format!("{locale}/print-{n}.html"),
    }
}

/// `print.html`: one part of a locale's printable document.
#[derive(Serialize)]
pub struct PrintContext<'a> {
    #[serde(flatten)]
    pub base: Base<'a>,
    pub print: PrintPart,
}

/// `print`: the part's number, the other parts, its table of contents and
/// its pages.
#[derive(Serialize)]
pub struct PrintPart {
    pub number: usize,
    pub count: usize,
    /// Every part, this one included, for a reader who wants all of them.
    pub parts: Vec<PartLink>,
    pub contents: Vec<ContentsEntry>,
    pub sections: Vec<PrintSection>,
}

#[derive(Serialize)]
pub struct PartLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// One line of the table of contents: `#<id>` of a section.
#[derive(Serialize)]
pub struct ContentsEntry {
    pub id: String,
    pub title: String,
    /// The page's language when it is another locale's page shown here.
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct PrintSection {
    pub id: String,
    pub title: String,
    pub lang: Option<String>,
    /// The page's own H1 leads its section; a page without one gets its
    /// title as the section's heading.
    pub has_h1: bool,
    /// Its rendered Markdown, rewritten for the document (see `rewrite`).
    pub html: String,
}

/// Where every printed page of one locale goes.
struct Document<'a> {
    locale: &'a str,
    parts: Vec<Vec<PageId>>,
    /// Output path → where its section is.
    placed: HashMap<String, Placed<'a>>,
}

struct Placed<'a> {
    part: usize,
    key: String,
    /// What a `#fragment` may name on the page: a link to anything else
    /// leads to the section itself, not to an id the document lacks.
    anchors: HashSet<&'a str>,
}

impl<'a> Document<'a> {
    fn of(site: &'a Site, locale: &'a str, tree: &[listing::Node]) -> Document<'a> {
        let by_path: HashMap<String, PageId> = site
            .pages()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.locale == locale && printable(p))
            .map(|(id, p)| (p.output_path(), id))
            .collect();
        let mut order = Vec::new();
        if let Some(&home) = by_path.get(&format!("{locale}/index.html")) {
            order.push(home);
        }
        fn walk(
            nodes: &[listing::Node],
            by_path: &HashMap<String, PageId>,
            order: &mut Vec<PageId>,
        ) {
            for node in nodes {
                if let Some(&id) = node.path.as_ref().and_then(|p| by_path.get(p)) {
                    order.push(id);
                }
                walk(&node.children, by_path, order);
            }
        }
        walk(tree, &by_path, &mut order);
        let mut seen = HashSet::new();
        order.retain(|id| seen.insert(*id));
        let mut taken = HashSet::new();
        let mut placed = HashMap::new();
        let parts: Vec<Vec<PageId>> = order.chunks(PAGES_PER_PART).map(<[_]>::to_vec).collect();
        for (number, part) in parts.iter().enumerate() {
            for &id in part {
                let page = &site.pages()[id];
                let placed_page = Placed {
                    part: number + 1,
                    key: section_id(&page.path, &mut taken),
                    anchors: page.rendered.anchors().iter().map(String::as_str).collect(),
                };
                placed.insert(page.output_path(), placed_page);
            }
        }
        Document {
            locale,
            parts: if parts.is_empty() {
                vec![Vec::new()]
            } else {
                parts
            },
            placed,
        }
    }

    fn context(
        &self,
        site: &'a Site,
        generated: &'a Generated,
        number: usize,
        html: &Sources,
    ) -> PrintContext<'a> {
        PrintContext {
            base: context::base(site, generated, self.locale, self.locale),
            print: self.part(number, site, html),
        }
    }

    fn key(&self, page: &Page) -> &str {
        self.placed
            .get(&page.output_path())
            .map_or("", |p| p.key.as_str())
    }

    fn part(&self, number: usize, site: &Site, html: &Sources) -> PrintPart {
        let ids = &self.parts[number - 1];
        let here = InPart {
            document: self,
            number,
        };
        let mut contents = Vec::with_capacity(ids.len());
        let sections = ids
            .iter()
            .map(|&id| {
                let page = &site.pages()[id];
                let shown = site.shown(page);
                let lang = (shown.locale != self.locale).then(|| shown.locale.clone());
                // A generated home has no title of its own: it shows the site's name.
                let title = if page.kind == PageKind::GeneratedIndex {
                    site.config().title_in(self.locale).to_string()
                } else {
                    site.page_title(page)
                };
                let key = self.key(page);
                contents.push(ContentsEntry {
                    id: key.to_string(),
                    title: title.clone(),
                    lang: lang.clone(),
                });
                let in_document = PageInDocument {
                    output_path: &page.output_path(),
                    key,
                    document_dir: self.locale,
                    title: &title,
                };
                let html = rewrite::page_html(&sized(html, id, page), &in_document, &here);
                PrintSection {
                    id: key.to_string(),
                    title,
                    lang,
                    has_h1: shown.rendered.first_h1().is_some(),
                    html,
                }
            })
            .collect();
        let parts = (1..=self.parts.len())
            .map(|n| PartLink {
                number: n,
                url: href_to(self.locale, &part_path(self.locale, n)),
                current: n == number,
            })
            .collect();
        PrintPart {
            number,
            count: self.parts.len(),
            parts,
            contents,
            sections,
        }
    }
}

/// The pages' rendered Markdown: the model's, or what the build took out
/// of it.
struct Sources<'a> {
    site: &'a Site,
    html: Option<&'a [String]>,
    /// The build's pictures: the document's `<img>` are sized and offered
    /// as WebP as on the pages.
    images: Option<&'a Images>,
}

impl<'a> Sources<'a> {
    fn get(&self, id: PageId) -> &'a str {
        match self.html {
            Some(all) => all.get(id).map_or("", String::as_str),
            None => self.site.pages()[id].rendered.html(),
        }
    }
}

/// A page's HTML with its pictures sized and offered as WebP as the page
/// shows them, all loaded at once for printing.
fn sized<'a>(html: &Sources<'a>, id: PageId, page: &Page) -> std::borrow::Cow<'a, str> {
    let source = html.get(id);
    let rewritten = html.images.and_then(|images| {
        crate::images::tags::rewrite_eager(source, parent_dir(&page.output_path()), images)
    });
    rewritten.map_or(std::borrow::Cow::Borrowed(source), std::borrow::Cow::Owned)
}

/// The document as seen from one of its parts.
struct InPart<'a> {
    document: &'a Document<'a>,
    number: usize,
}

impl Targets for InPart<'_> {
    fn section_url(&self, output_path: &str, fragment: Option<&str>) -> Option<String> {
        let placed = self.document.placed.get(output_path)?;
        let mut url = String::new();
        if placed.part != self.number {
            let locale = self.document.locale;
            url.push_str(&href_to(locale, &part_path(locale, placed.part)));
        }
        url.push('#');
        url.push_str(&placed.key);
        if let Some(f) = fragment.filter(|f| placed.anchors.contains(f)) {
            url.push_str("--");
            url.push_str(f);
        }
        Some(url)
    }
}

/// Pages whose body is their Markdown: a landing page is drawn by its
/// template, and a redirect has no body.
fn printable(page: &Page) -> bool {
    !page.is_yaml() && page.redirect_url().is_none()
}

/// `page-` and the page's path without its extension, folders joined by
/// `.`: no `--` inside and no `-` at its end, so that `<key>--<id>` names
/// one element of one page; made unique in `taken` with a number.
fn section_id(path: &str, taken: &mut HashSet<String>) -> String {
    let stem = path.strip_suffix(".md").unwrap_or(path);
    let mut key = String::from("page-");
    for c in stem.chars() {
        let c = match c {
            '/' => '.',
            c if c.is_alphanumeric() || matches!(c, '.' | '_') => c,
            _ => '-',
        };
        if !(c == '-' && key.ends_with('-')) {
            key.push(c);
        }
    }
    while key.ends_with('-') {
        key.pop();
    }
    let mut unique = key.clone();
    let mut n = 1;
    while !taken.insert(unique.clone()) {
        n += 1;
        unique = format!("{key}.{n}");
    }
    unique
}

/// The output paths of every locale's document, for the collision check.
pub fn paths(site: &Site, listings: &Listings) -> Vec<String> {
    site.locales()
        .iter()
        .flat_map(|l| {
            let count = Document::of(site, l, listings.tree(l)).parts.len();
            (1..=count).map(move |n| part_path(l, n))
        })
        .collect()
}

/// Renders every part of every locale's document into `put`, in parallel,
/// each part as soon as it is made; a path a page of the site takes is
/// left to the page (the collision check reports it). `html` holds the
/// pages' rendered Markdown by id when the build took it out of the model.
/// Returns the template errors.
pub fn write(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
    listings: &Listings,
    html: Option<&[String]>,
    images: Option<&Images>,
    put: &(dyn Fn(OutputFile) + Sync),
) -> Vec<Diagnostic> {
    let documents: Vec<Document> = site
        .locales()
        .iter()
        .map(|l| Document::of(site, l, listings.tree(l)))
        .collect();
    let pages: HashSet<String> = site.pages().iter().map(|p| p.output_path()).collect();
    let html_of = Sources { site, html, images };
    let jobs: Vec<(&Document, usize)> = documents
        .iter()
        .flat_map(|d| (1..=d.parts.len()).map(move |n| (d, n)))
        .filter(|(d, n)| !pages.contains(&part_path(d.locale, *n)))
        .collect();
    let mut problems: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&(document, number)| {
            let locale = document.locale;
            let ctx = document.context(site, generated, number, &html_of);
            match templates.render(locale, "print.html", &ctx) {
                Ok(text) => {
                    put(OutputFile {
                        path: part_path(locale, number),
                        data: Data::Bytes(text.into_bytes()),
                    });
                    None
                }
                Err(d) => Some(d),
            }
        })
        .collect();
    // One broken template breaks every part: say it once.
    problems.dedup_by(|a, b| a.message == b.message);
    problems
}

/// The context of part `number` of `locale`'s document, from the model's
/// HTML, as the template sees it.
pub fn context<'a>(
    site: &'a Site,
    generated: &'a Generated,
    listings: &Listings,
    locale: &'a str,
    number: usize,
) -> PrintContext<'a> {
    let document = Document::of(site, locale, listings.tree(locale));
    document.context(
        site,
        generated,
        number,
        &Sources {
            site,
            html: None,
            images: None,
        },
    )
}
