//! The template view-model: what each template gets to see, computed from
//! the model and what the build generated (hashed asset names, search
//! indexes, the download).

use serde_json::{json, Value};

use crate::frontmatter::scalar_text;
use crate::l10n::dates;
use crate::links::{self, href_to, root_prefix};
use crate::offline::Generated;
use crate::site::{Page, PageId, PageKind, Site};
use crate::toc::TocEntry;

use super::listing::Node;

/// The context for one page.
pub fn page(site: &Site, generated: &Generated, id: PageId) -> tera::Context {
    page_with_content(site, generated, id, &site.pages()[id].rendered.html)
}

/// The context for one page whose rendered Markdown, `content`, the build
/// has taken out of the model.
pub fn page_with_content(
    site: &Site,
    generated: &Generated,
    id: PageId,
    content: &str,
) -> tera::Context {
    page_with_listing(site, generated, id, content, None)
}

/// [`page_with_content`] with the locale's page tree (`listing::tree`),
/// when the caller has made it once for every page that shows it.
pub fn page_with_listing(
    site: &Site,
    generated: &Generated,
    id: PageId,
    content: &str,
    tree: Option<&[Node]>,
) -> tera::Context {
    let page = &site.pages()[id];
    let out_dir = links::parent_dir(&page.output_path()).to_string();
    let mut ctx = base(site, generated, &page.locale, &out_dir);
    let mut translations = Vec::new();
    let mut alternates = Vec::new();
    for locale in site.locales() {
        let (path, real) = site.counterpart(page, locale);
        let url = href_to(&out_dir, &links::page_output_path(locale, &path));
        translations.push(json!({
            "locale": locale,
            "name": site.ui().language_name(locale),
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
            if *locale == site.config().default_locale {
                alternates.push(json!({"hreflang": "x-default", "url": url}));
            }
        }
    }
    let shown = site.shown(page);
    // Inserted one by one, not through `json!`, which serializes each
    // value again: the page's HTML, front matter and lists would be copied.
    let mut fields = serde_json::Map::with_capacity(24);
    let mut put = |key: &str, value: Value| {
        fields.insert(key.to_string(), value);
    };
    put("title", Value::String(site.page_title(page)));
    put(
        "description",
        shown
            .front
            .get_str("description")
            .map_or(Value::Null, Value::String),
    );
    put("meta", Value::Object(shown.front.meta.to_map()));
    put("meta_tags", Value::Array(meta_tags(&shown.front.meta)));
    put(
        "honumber",
        shown
            .rendered
            .honumber
            .clone()
            .map_or(Value::Null, Value::String),
    );
    put("content", Value::String(content.to_string()));
    put("headings", json!(page.rendered.headings));
    put("path", Value::String(page.path.clone()));
    put("url", Value::String(href_to(&out_dir, &page.output_path())));
    put(
        "is_fallback",
        Value::Bool(matches!(page.kind, PageKind::Fallback { .. })),
    );
    put("source_locale", Value::String(shown.locale.clone()));
    put("translations", Value::Array(translations));
    put("alternates", Value::Array(alternates));
    put(
        "redirect_url",
        site.redirect_target(page)
            .map_or(Value::Null, Value::String),
    );
    put("address", Value::String(address(site, page)));
    let mut page_value = Value::Object(fields);
    if page.kind == PageKind::GeneratedIndex {
        page_value["title"] = Value::String(site.config().title.clone());
        // A home without `index.md` has no text of its own, but a page
        // still needs its one H1: screen readers and the outline start there.
        page_value["content"] = Value::String(format!(
            "<h1>{}</h1>",
            tera::escape_html(&site.config().title)
        ));
    }
    page_value["date"] = page_date(shown, &page.locale);
    page_value["outdated"] = outdated(site, page, &out_dir);
    insert_navigation(site, page, &out_dir, &mut page_value);
    insert_owned(&mut ctx, "page", page_value);
    if page.is_index() {
        let made;
        let tree = match tree {
            Some(tree) => tree,
            None => {
                made = super::listing::tree(site, &page.locale);
                &made
            }
        };
        let (sections, listing) = super::listing::Rows::new(tree).home(&page.locale, &out_dir);
        ctx.insert("sections", &sections);
        ctx.insert("listing", &listing);
        // Themes written before the listing pages read `pages`: they get
        // the home's bounded sections, not an error and not every page.
        insert_owned(&mut ctx, "pages", Value::Array(sections));
    }
    ctx
}

/// `ctx.insert` serializes its value again, a deep copy of the page's
/// HTML and navigation for every page; a value built here can move in.
fn insert_owned(ctx: &mut tera::Context, key: &str, value: Value) {
    let mut one = serde_json::Map::new();
    one.insert(key.to_string(), value);
    if let Ok(owned) = tera::Context::from_value(Value::Object(one)) {
        ctx.extend(owned);
    }
}

/// What every template gets: `site`, `locale`, `home`, `root`, `assets`,
/// `search_index`, `download`.
pub fn base(site: &Site, generated: &Generated, locale: &str, out_dir: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    let languages: Vec<Value> = site
        .locales()
        .iter()
        .map(|l| json!({"code": l, "name": site.ui().language_name(l)}))
        .collect();
    ctx.insert(
        "site",
        &json!({
            "title": site.config().title,
            "default_locale": site.config().default_locale,
            "base_path": site.config().base_path,
            "portal_url": site.config().portal_url,
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

/// A "page not found" page in `locale`, or at the root when `at_root`.
/// Hosts serve it for missing URLs at any depth, so its URLs start at
/// `base_path` instead of being relative. The root one sends the reader on
/// to their language's copy (`redirect_locales`, read by helpsite.js).
pub fn not_found(site: &Site, generated: &Generated, locale: &str, at_root: bool) -> tera::Context {
    let mut ctx = base(site, generated, locale, "");
    let root = &site.config().base_path;
    ctx.insert("root", root);
    ctx.insert("home", &format!("{root}{locale}/index.html"));
    let redirect: Vec<&String> = if at_root {
        site.locales().iter().collect()
    } else {
        Vec::new()
    };
    ctx.insert("redirect_locales", &redirect);
    ctx
}

/// The language chooser at the output root: every locale with its home.
pub fn root_chooser(site: &Site, generated: &Generated) -> tera::Context {
    let mut ctx = base(site, generated, &site.config().default_locale, "");
    let languages: Vec<_> = site
        .locales()
        .iter()
        .map(|l| json!({"code": l, "url": href_to("", &format!("{l}/index.html"))}))
        .collect();
    ctx.insert("languages", &languages);
    ctx.insert("locale_codes", site.locales());
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

/// `page.toc`, `page.breadcrumbs`, `page.prev` and `page.next`. The home
/// gets none of them: it lists the sections itself.
fn insert_navigation(site: &Site, page: &Page, out_dir: &str, value: &mut Value) {
    if page.is_index() {
        return;
    }
    let place = site.place(page);
    let me = (page.locale.clone(), page.path.clone());
    let own_url = href_to(out_dir, &page.output_path());
    let home = href_to(out_dir, &format!("{}/index.html", page.locale));
    let url_of = |e: &TocEntry| -> Option<String> {
        match (&e.page, &e.external) {
            (Some((l, p)), _) => Some(href_to(out_dir, &links::page_output_path(l, p))),
            (None, Some(x)) => Some(x.clone()),
            _ => None,
        }
    };

    let mut crumbs: Vec<Value> = Vec::new();
    let mut push = |title: String, url: Option<String>| {
        let duplicate = crumbs
            .iter()
            .any(|c| c["url"].as_str().is_some() && c["url"].as_str() == url.as_deref());
        if title.trim().is_empty() || duplicate || url.as_deref() == Some(own_url.as_str()) {
            return;
        }
        // The home is the first crumb; a TOC entry for it adds nothing.
        if url.as_deref() == Some(home.as_str()) && !crumbs.is_empty() {
            return;
        }
        crumbs.push(json!({"title": title, "url": url}));
    };
    push(
        site.ui().text(&page.locale, "site-home"),
        Some(home.clone()),
    );
    for &id in &place.folders {
        let p = &site.pages()[id];
        push(site.page_title(p), Some(href_to(out_dir, &p.output_path())));
    }
    for e in &place.trail {
        if e.page.as_ref() != Some(&me) {
            push(site.display_title(&e.title), url_of(e));
        }
    }
    if let Some(id) = place.via {
        let p = &site.pages()[id];
        push(site.page_title(p), Some(href_to(out_dir, &p.output_path())));
    }
    value["breadcrumbs"] = Value::Array(crumbs);

    let Some(toc) = place.toc else {
        return;
    };
    let anchor = if place.listed {
        None
    } else {
        place.trail.last().copied()
    };
    fn tree(
        entries: &[TocEntry],
        me: &(String, String),
        trail: &[&TocEntry],
        anchor: Option<&TocEntry>,
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
                    "near": anchor.is_some_and(|a| std::ptr::eq(a, e)),
                    "unresolved": e.unresolved,
                    "open": open,
                    "children": tree(&e.children, me, trail, anchor, url_of),
                })
            })
            .collect()
    }
    value["toc"] = Value::Array(tree(&toc.entries, &me, &place.trail, anchor, &url_of));
    if !place.listed {
        return;
    }
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
pub fn meta_tags(meta: &crate::frontmatter::Meta) -> Vec<Value> {
    let mut tags = Vec::new();
    for (key, value) in meta.iter() {
        let Some(text) = scalar_text(value) else {
            continue;
        };
        let (name, content) = if key == "description" {
            ("description".to_string(), text)
        } else if key.eq_ignore_ascii_case("robots") {
            ("robots".to_string(), text.to_lowercase())
        } else if key.starts_with("ms.") {
            (key.to_string(), text)
        } else {
            continue;
        };
        tags.push(json!({"name": name, "content": content}));
    }
    tags
}

/// `{url, source_locale, date: {iso, text} | null}` when `page` is a
/// translation whose source's text changed since; null otherwise.
fn outdated(site: &Site, page: &Page, out_dir: &str) -> Value {
    let Some(notice) = crate::site::freshness::outdated_notice(site, page) else {
        return Value::Null;
    };
    let default = &site.config().default_locale;
    let date = notice.changed.map(|d| {
        json!({
            "iso": d.iso(),
            "text": dates::format_long(&page.locale, d).unwrap_or_else(|| d.iso()),
        })
    });
    json!({
        "url": href_to(out_dir, &links::page_output_path(default, &notice.source_path)),
        "source_locale": default,
        "date": date,
    })
}
