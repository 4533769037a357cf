//! Model → HTML documents: the template view-model (`context`) applied
//! through the site's Tera templates and Fluent UI strings.

pub mod addresses;
pub mod context;
pub mod listing;

use crate::diagnostics::Diagnostic;
use crate::offline::Generated;
use crate::output::{Data, OutputFile};
use crate::site::{PageId, Site};
use crate::templates::Templates;

/// Page `id` as HTML, with its rendered Markdown `content`: the model's
/// (`page.rendered.html`), or what the build took out of it (see
/// `Site::take_page_html`).
pub fn page(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
    id: PageId,
    content: &str,
) -> Result<String, Diagnostic> {
    let page = &site.pages[id];
    templates.render(
        &page.locale,
        page.template(),
        &context::page_with_content(site, generated, id, content),
    )
}

/// The pages that are not content: per-locale 404, search and "all
/// pages" listing pages, the root language chooser and the root 404.
pub fn extras(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut emit = |path: String, result: Result<String, Diagnostic>| match result {
        Ok(html) => files.push(OutputFile {
            path,
            data: Data::Bytes(html.into_bytes()),
        }),
        Err(d) => diagnostics.push(d),
    };
    for locale in &site.locales {
        emit(
            format!("{locale}/404.html"),
            templates.render(
                locale,
                "404.html",
                &context::not_found(site, generated, locale, false),
            ),
        );
        let ctx = context::base(site, generated, locale, locale);
        emit(
            format!("{locale}/search.html"),
            templates.render(locale, "search.html", &ctx),
        );
        let tree = listing::tree(site, locale);
        let rows = listing::Rows::new(&tree);
        let dir = format!("{locale}/{}", listing::LISTING_DIR);
        for number in 1..=rows.page_count() {
            let mut ctx = context::base(site, generated, locale, &dir);
            ctx.insert("listing", &rows.page(locale, number));
            emit(
                listing::Rows::page_path(locale, number),
                templates.render(locale, "all-pages.html", &ctx),
            );
        }
    }
    let default = &site.config.default_locale;
    emit(
        "index.html".into(),
        templates.render(
            default,
            "root.html",
            &context::root_chooser(site, generated),
        ),
    );
    // Hosts look for /404.html: the default locale's page, which sends
    // readers of other languages on to theirs.
    emit(
        "404.html".into(),
        templates.render(
            default,
            "404.html",
            &context::not_found(site, generated, default, true),
        ),
    );
    for (path, result) in addresses::pages(site, templates, generated) {
        emit(path, result);
    }
    (files, diagnostics)
}
