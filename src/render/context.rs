//! The template view-model: what each template gets to see, computed from
//! the model and what the build generated (hashed asset names, search
//! indexes, the download).

use serde_json::{json, Map, Value};

use crate::frontmatter::scalar_text;
use crate::l10n::dates;
use crate::links::{self, href_to, root_prefix};
use crate::offline::Generated;
use crate::site::{Page, PageId, PageKind, Site};
use crate::toc::TocEntry;

/// The context for one page.
pub fn page(site: &Site, generated: &Generated, id: PageId) -> tera::Context {
    let page = &site.pages[id];
    let out_dir = links::parent_dir(&page.output_path()).to_string();
    let mut ctx = base(site, generated, &page.locale, &out_dir);
    let mut translations = Vec::new();
    let mut alternates = Vec::new();
    for locale in &site.locales {
        let (path, real) = site.counterpart(page, locale);
        let url = href_to(&out_dir, &links::page_output_path(locale, &path));
        translations.push(json!({
            "locale": locale,
            "name": site.ui.language_name(locale),
            "url": url,
            "current": *locale == page.locale,
            "translated": real,
        }));
        let is_real = real
            && site
                .page(locale, &path)
                .is_some_and(|p| p.kind == PageKind::Content);
        if is_real {
            alternates.push(json!({"hreflang": locale, "url": url}));
            if *locale == site.config.default_locale {
                alternates.push(json!({"hreflang": "x-default", "url": url}));
            }
        }
    }
    let shown = site.shown(page);
    let mut page_value = json!({
        "title": site.page_title(page),
        "description": shown.front.get_str("description"),
        "meta": Value::Object(shown.front.meta.clone()),
        "meta_tags": meta_tags(&shown.front.meta),
        "honumber": shown.rendered.honumber,
        "content": page.rendered.html,
        "headings": page.rendered.headings,
        "path": page.path,
        "url": href_to(&out_dir, &page.output_path()),
        "is_fallback": matches!(page.kind, PageKind::Fallback { .. }),
        "source_locale": shown.locale,
        "translations": translations,
        "alternates": alternates,
        "redirect_url": site.redirect_target(page),
    });
    if page.kind == PageKind::GeneratedIndex {
        page_value["title"] = Value::String(site.config.title.clone());
    }
    page_value["date"] = page_date(shown, &page.locale);
    insert_navigation(site, page, &out_dir, &mut page_value);
    ctx.insert("page", &page_value);
    let list: Vec<Value> = if page.is_index() {
        page_list(site, &page.locale, &out_dir)
    } else {
        Vec::new()
    };
    ctx.insert("pages", &list);
    ctx
}

/// What every template gets: `site`, `locale`, `home`, `root`, `assets`,
/// `search_index`, `download`.
pub fn base(site: &Site, generated: &Generated, locale: &str, out_dir: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    let languages: Vec<Value> = site
        .locales
        .iter()
        .map(|l| json!({"code": l, "name": site.ui.language_name(l)}))
        .collect();
    ctx.insert(
        "site",
        &json!({
            "title": site.config.title,
            "default_locale": site.config.default_locale,
            "base_path": site.config.base_path,
            "portal_url": site.config.portal_url,
            "locales": languages,
        }),
    );
    ctx.insert("locale", locale);
    ctx.insert("home", &href_to(out_dir, &format!("{locale}/index.html")));
    ctx.insert("root", &root_prefix(out_dir));
    // Published names of CSS and JS (with content hashes), relative to `root`.
    ctx.insert("assets", &generated.assets);
    ctx.insert("search_index", &generated.search_index_path(locale));
    ctx.insert("download", &generated.download);
    ctx
}

/// The language chooser at the output root: every locale with its home.
pub fn root_chooser(site: &Site, generated: &Generated) -> tera::Context {
    let mut ctx = base(site, generated, &site.config.default_locale, "");
    let languages: Vec<_> = site
        .locales
        .iter()
        .map(|l| json!({"code": l, "url": href_to("", &format!("{l}/index.html"))}))
        .collect();
    ctx.insert("languages", &languages);
    ctx.insert("locale_codes", &site.locales);
    ctx
}

/// `ms.date` for the template: `{iso, text}` in the reader's language, or
/// `{iso: null, text}` as written when it is no date.
fn page_date(shown: &Page, locale: &str) -> Value {
    let Some(written) = shown
        .front
        .get_str("ms.date")
        .filter(|d| !d.trim().is_empty())
    else {
        return Value::Null;
    };
    match dates::parse(&written) {
        Ok(date) => json!({
            "iso": date.iso(),
            "text": dates::format_long(locale, date).unwrap_or(written),
        }),
        Err(_) => json!({"iso": null, "text": written}),
    }
}

/// The locale's pages by title, for its home page.
fn page_list(site: &Site, locale: &str, out_dir: &str) -> Vec<Value> {
    let mut list: Vec<(String, String)> = site
        .pages
        .iter()
        .filter(|p| p.locale == locale && !p.is_index() && p.redirect_url().is_none())
        .map(|p| {
            let title = site.page_title(p);
            (title, href_to(out_dir, &p.output_path()))
        })
        .collect();
    list.sort();
    list.into_iter()
        .map(|(title, url)| json!({"title": title, "url": url}))
        .collect()
}

/// `page.toc`, `page.breadcrumbs`, `page.prev` and `page.next`.
fn insert_navigation(site: &Site, page: &Page, out_dir: &str, value: &mut Value) {
    let Some(toc) = site.toc_for(page) else {
        return;
    };
    let me = (page.locale.clone(), page.path.clone());
    let url_of = |e: &TocEntry| -> Option<String> {
        match (&e.page, &e.external) {
            (Some((l, p)), _) => Some(href_to(out_dir, &links::page_output_path(l, p))),
            (None, Some(x)) => Some(x.clone()),
            _ => None,
        }
    };
    let trail = toc.trail(&me);
    fn tree(
        entries: &[TocEntry],
        me: &(String, String),
        trail: &[&TocEntry],
        url_of: &dyn Fn(&TocEntry) -> Option<String>,
    ) -> Vec<Value> {
        entries
            .iter()
            .map(|e| {
                let open = trail.iter().any(|t| std::ptr::eq(*t, e));
                json!({
                    "title": e.title,
                    "url": url_of(e),
                    "current": e.page.as_ref() == Some(me),
                    "open": open,
                    "children": tree(&e.children, me, trail, url_of),
                })
            })
            .collect()
    }
    value["toc"] = Value::Array(tree(&toc.entries, &me, &trail, &url_of));
    let home = href_to(out_dir, &format!("{}/index.html", page.locale));
    let mut crumbs = vec![json!({"title": site.ui.text(&page.locale, "site-home"), "url": home})];
    crumbs.extend(
        trail
            .iter()
            .filter(|e| e.page.as_ref() != Some(&me))
            .map(|e| json!({"title": site.display_title(&e.title), "url": url_of(e)})),
    );
    value["breadcrumbs"] = Value::Array(crumbs);
    let linear = toc.linear();
    if let Some(pos) = linear.iter().position(|e| e.page.as_ref() == Some(&me)) {
        if pos > 0 {
            value["prev"] = json!({"title": site.display_title(&linear[pos - 1].title), "url": url_of(linear[pos - 1])});
        }
        if let Some(next) = linear.get(pos + 1) {
            value["next"] = json!({"title": site.display_title(&next.title), "url": url_of(next)});
        }
    }
}

/// `<meta>` tags from front matter: description, robots (lower-cased) and
/// every `ms.*` key. Empty values are dropped.
pub fn meta_tags(meta: &Map<String, Value>) -> Vec<Value> {
    let mut tags = Vec::new();
    for (key, value) in meta {
        let Some(text) = scalar_text(value) else {
            continue;
        };
        let (name, content) = if key == "description" {
            ("description".to_string(), text)
        } else if key.eq_ignore_ascii_case("robots") {
            ("robots".to_string(), text.to_lowercase())
        } else if key.starts_with("ms.") {
            (key.clone(), text)
        } else {
            continue;
        };
        tags.push(json!({"name": name, "content": content}));
    }
    tags
}
