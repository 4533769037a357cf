//! `page`: one page of the model as its template sees it.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::navigation::{self, Navigation};
use crate::frontmatter::{scalar_text, Meta};
use crate::l10n::dates;
use crate::links::{self, href_to};
use crate::markdown::Heading;
use crate::site::{Page, PageKind, Site};

/// `page` in `page.html` and `index.html`, and in `redirect.html` for a
/// redirect page of the model. The fields serialize in this order.
#[derive(serde::Serialize)]
pub struct PageView<'a> {
    /// `page.title`: from front matter (falling back to the first `#`
    /// heading), without `title_suffixes`; on a generated home, the site's
    /// title.
    pub title: String,
    /// `page.description`: from front matter; null when it has none.
    pub description: Option<String>,
    /// `page.meta`: every front matter key, e.g. `page.meta["ms.date"]`.
    pub meta: MetaView<'a>,
    /// `page.meta_tags`: `[{name, content}]` for `<meta>`.
    pub meta_tags: Vec<MetaTag<'a>>,
    /// `page.honumber`: the HONumber handoff batch, e.g. `"Jan17_HO1"`.
    pub honumber: Option<&'a str>,
    /// `page.content`: the rendered HTML body (print with `| safe`). A
    /// generated home has only its `<h1>`.
    pub content: Cow<'a, str>,
    /// `page.headings`: `[{level, id, text}]`.
    pub headings: &'a [Heading],
    /// `page.path`: the source path relative to `content/<locale>/`.
    pub path: &'a str,
    /// `page.url`: the output URL, relative to the page itself.
    pub url: String,
    /// `page.is_fallback`: true when this is a default-locale page shown in
    /// another locale.
    pub is_fallback: bool,
    /// `page.source_locale`: the locale whose text the page shows.
    pub source_locale: &'a str,
    /// `page.translations`: the language switcher, one entry per locale.
    pub translations: Vec<Translation<'a>>,
    /// `page.alternates`: `[{hreflang, url}]` for `<link rel="alternate">`,
    /// including `x-default`.
    pub alternates: Vec<Alternate<'a>>,
    /// `page.redirect_url`: the resolved target of a redirect page.
    pub redirect_url: Option<String>,
    /// `page.address`: where a printed page can be found again: its portal
    /// URL when the site has one, else its path on the host.
    pub address: String,
    /// `page.date`: `ms.date`; null when the page has none.
    pub date: Option<DateView>,
    /// `page.outdated`: set when the page is a translation whose source's
    /// text changed since.
    pub outdated: Option<Outdated<'a>>,
    /// `page.breadcrumbs`, `page.toc`, `page.prev` and `page.next`; none of
    /// them on the locale home, which lists the sections itself.
    #[serde(flatten)]
    pub navigation: Option<Navigation<'a>>,
}

/// `page.meta`: the front matter in file order, serialized from the model.
pub struct MetaView<'a>(pub &'a Meta);

impl Serialize for MetaView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.0.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// One of `page.meta_tags`: description, robots (lower-cased) and every
/// `ms.*` key, with a value.
#[derive(serde::Serialize, Debug, PartialEq)]
pub struct MetaTag<'a> {
    pub name: &'a str,
    pub content: String,
}

/// One of `page.translations`: `{locale, name, url, current, translated}`.
#[derive(serde::Serialize)]
pub struct Translation<'a> {
    pub locale: &'a str,
    /// The locale's name in its own language.
    pub name: String,
    /// The translation, or that locale's home when there is none: never a
    /// dead end.
    pub url: String,
    /// The page's own locale.
    pub current: bool,
    /// Whether `url` leads to this page's text (else to the home).
    pub translated: bool,
}

/// One of `page.alternates`: `{hreflang, url}`.
#[derive(serde::Serialize)]
pub struct Alternate<'a> {
    pub hreflang: &'a str,
    pub url: String,
}

/// A date: `{iso, text}`, `2017-01-04` and in the page's language; `iso`
/// is null and `text` as written when the text is no date.
#[derive(serde::Serialize)]
pub struct DateView {
    pub iso: Option<String>,
    pub text: String,
}

/// `page.outdated`: `{url, source_locale, date}`, the source page and when
/// it changed (`date` may be null).
#[derive(serde::Serialize)]
pub struct Outdated<'a> {
    pub url: String,
    pub source_locale: &'a str,
    pub date: Option<DateView>,
}

impl<'a> PageView<'a> {
    /// Page `page` of `site`, output in `out_dir`, with rendered Markdown
    /// `content`.
    pub fn of(site: &'a Site, page: &'a Page, out_dir: &str, content: &'a str) -> PageView<'a> {
        let shown = site.shown(page);
        let (translations, alternates) = translations(site, page, out_dir);
        let generated_home = page.kind == PageKind::GeneratedIndex;
        PageView {
            title: if generated_home {
                site.config().title_in(&page.locale).to_string()
            } else {
                site.page_title(page)
            },
            description: shown.front.get_str("description"),
            meta: MetaView(&shown.front.meta),
            meta_tags: meta_tags(&shown.front.meta),
            honumber: shown.rendered.honumber(),
            content: if generated_home {
                // A home without `index.md` has no text of its own, but a page
                // still needs its one H1: screen readers and the outline start there.
                let title = tera::escape_html(site.config().title_in(&page.locale));
                Cow::Owned(format!("<h1>{title}</h1>"))
            } else {
                Cow::Borrowed(content)
            },
            headings: &page.rendered.headings(),
            path: &page.path,
            url: href_to(out_dir, &page.output_path()),
            is_fallback: matches!(page.kind, PageKind::Fallback { .. }),
            source_locale: &shown.locale,
            translations,
            alternates,
            redirect_url: site.redirect_target(page),
            address: address(site, page),
            date: page_date(shown, &page.locale),
            outdated: outdated(site, page, out_dir),
            navigation: navigation::of(site, page, out_dir),
        }
    }
}

/// `page.translations` and `page.alternates`: the alternates name only real
/// content pages, the default locale's again as `x-default`.
fn translations<'a>(
    site: &'a Site,
    page: &Page,
    out_dir: &str,
) -> (Vec<Translation<'a>>, Vec<Alternate<'a>>) {
    let mut translations = Vec::new();
    let mut alternates = Vec::new();
    for locale in site.locales() {
        let (path, real) = site.counterpart(page, locale);
        let url = href_to(out_dir, &links::page_output_path(locale, &path));
        let is_real = real
            && site
                .page(locale, &path)
                .is_some_and(|p| p.kind == PageKind::Content);
        if is_real {
            alternates.push(Alternate {
                hreflang: locale,
                url: url.clone(),
            });
            if *locale == site.config().default_locale {
                alternates.push(Alternate {
                    hreflang: "x-default",
                    url: url.clone(),
                });
            }
        }
        translations.push(Translation {
            locale,
            name: site.ui().language_name(locale),
            url,
            current: *locale == page.locale,
            translated: real,
        });
    }
    (translations, alternates)
}

/// `ms.date` for the template, in the reader's language.
fn page_date(shown: &Page, locale: &str) -> Option<DateView> {
    let written = shown
        .front
        .get_str("ms.date")
        .filter(|d| !d.trim().is_empty())?;
    Some(match dates::parse(&written) {
        Ok(date) => DateView {
            iso: Some(date.iso()),
            text: dates::format_long(locale, date).unwrap_or(written),
        },
        Err(_) => DateView {
            iso: None,
            text: written,
        },
    })
}

/// Where a printed page can be found again: its portal URL when the site
/// has one, else its path on the host.
fn address(site: &Site, page: &Page) -> String {
    let path = format!(
        "{}{}",
        site.config().base_path,
        links::url::encode_path(&page.output_path())
    );
    match site
        .config()
        .portal_url
        .as_deref()
        .map(|u| u.trim_end_matches('/'))
    {
        Some(portal) if !portal.is_empty() => format!("{portal}{path}"),
        _ => path,
    }
}

/// `<meta>` tags from front matter: description, robots (lower-cased) and
/// every `ms.*` key. Empty values are dropped.
pub fn meta_tags(meta: &Meta) -> Vec<MetaTag<'_>> {
    let mut tags = Vec::new();
    for (key, value) in meta.iter() {
        let Some(text) = scalar_text(value) else {
            continue;
        };
        let (name, content) = if key == "description" {
            ("description", text)
        } else if key.eq_ignore_ascii_case("robots") {
            ("robots", text.to_lowercase())
        } else if key.starts_with("ms.") {
            (key, text)
        } else {
            continue;
        };
        tags.push(MetaTag { name, content });
    }
    tags
}

/// The notice for a translation whose source's text changed since; none
/// otherwise.
fn outdated<'a>(site: &'a Site, page: &Page, out_dir: &str) -> Option<Outdated<'a>> {
    let notice = crate::site::freshness::outdated_notice(site, page)?;
    let default = &site.config().default_locale;
    let date = notice.changed.map(|d| DateView {
        iso: Some(d.iso()),
        text: dates::format_long(&page.locale, d).unwrap_or_else(|| d.iso()),
    });
    Some(Outdated {
        url: href_to(
            out_dir,
            &links::page_output_path(default, &notice.source_path),
        ),
        source_locale: default,
        date,
    })
}
