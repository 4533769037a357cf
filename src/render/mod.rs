//! Model → HTML documents: the template view-model (`context`) applied
//! through the site's Tera templates and Fluent UI strings.

pub mod addresses;
pub mod context;
pub mod listing;
pub mod print;

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::offline::Generated;
use crate::output::{Data, OutputFile};
use crate::site::{PageId, Site};
use crate::templates::Templates;

/// Each locale's page tree (`listing::tree`), made once for a whole
/// render: the locale's home and its listing pages both show it.
pub struct Listings(HashMap<String, Vec<listing::Node>>);

impl Listings {
    pub fn of(site: &Site) -> Listings {
        Listings(
            site.locales()
                .par_iter()
                .map(|l| (l.clone(), listing::tree(site, l)))
                .collect(),
        )
    }

    fn tree(&self, locale: &str) -> &[listing::Node] {
        self.0.get(locale).map_or(&[], Vec::as_slice)
    }
}

/// Page `id` as HTML, with its rendered Markdown `content`: the model's
/// (`page.rendered.html()`), or what the build took out of it (see
/// `Site::take_page_html`). A home takes its page tree from `listings`
/// when given (a whole render makes each locale's once).
pub fn page(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
    listings: Option<&Listings>,
    id: PageId,
    content: &str,
) -> Result<String, Diagnostic> {
    let page = &site.pages()[id];
    let tree = listings.map(|l| l.tree(&page.locale));
    templates.render(
        &page.locale,
        page.template(),
        &context::page_with_listing(site, generated, id, content, tree),
    )
}

/// The pages that are not content: per-locale 404, search and "all
/// pages" listing pages, the printable documents, the root language
/// chooser and the root 404.
pub fn extras(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
    sizes: Option<&crate::images::Images>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let listings = Listings::of(site);
    let (mut files, mut diagnostics) = extras_listed(site, templates, generated, &listings);
    let printed = Mutex::new(Vec::new());
    let put = |f| printed.lock().unwrap_or_else(|e| e.into_inner()).push(f);
    diagnostics.extend(print::write(
        site, templates, generated, &listings, None, sizes, &put,
    ));
    files.extend(printed.into_inner().unwrap_or_else(|e| e.into_inner()));
    (files, diagnostics)
}

/// One page of [`extras`].
enum Extra<'a> {
    NotFound(&'a str),
    Search(&'a str),
    Listing(&'a str, usize),
    Chooser,
    RootNotFound,
}

impl Extra<'_> {
    /// The page's output path and its HTML.
    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        generated: &Generated,
        rows: &HashMap<&str, listing::Rows>,
    ) -> (String, Result<String, Diagnostic>) {
        let default = &site.config().default_locale;
        match *self {
            Extra::NotFound(locale) => (
                format!("{locale}/404.html"),
                templates.render(
                    locale,
                    "404.html",
                    &context::not_found(site, generated, locale, false),
                ),
            ),
            Extra::Search(locale) => (
                format!("{locale}/search.html"),
                templates.render(
                    locale,
                    "search.html",
                    &context::base(site, generated, locale, locale),
                ),
            ),
            Extra::Listing(locale, number) => {
                let dir = format!("{locale}/{}", listing::LISTING_DIR);
                let ctx = context::ListingContext {
                    base: context::base(site, generated, locale, &dir),
                    listing: rows[locale].page(locale, number),
                };
                (
                    listing::Rows::page_path(locale, number),
                    templates.render(locale, "all-pages.html", &ctx),
                )
            }
            Extra::Chooser => (
                "index.html".into(),
                templates.render(
                    default,
                    "root.html",
                    &context::root_chooser(site, generated),
                ),
            ),
            // Hosts look for /404.html: the default locale's page, which sends
            // readers of other languages on to theirs.
            Extra::RootNotFound => (
                "404.html".into(),
                templates.render(
                    default,
                    "404.html",
                    &context::not_found(site, generated, default, true),
                ),
            ),
        }
    }
}

/// [`extras`] with the page trees made already; the pages render in
/// parallel, and come out in the same order as one by one.
pub fn extras_listed(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
    listings: &Listings,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let rows: HashMap<&str, listing::Rows> = site
        .locales()
        .iter()
        .map(|l| (l.as_str(), listing::Rows::new(listings.tree(l))))
        .collect();
    let mut jobs = Vec::new();
    for locale in site.locales() {
        jobs.push(Extra::NotFound(locale));
        jobs.push(Extra::Search(locale));
        for number in 1..=rows[locale.as_str()].page_count() {
            jobs.push(Extra::Listing(locale, number));
        }
    }
    jobs.push(Extra::Chooser);
    jobs.push(Extra::RootNotFound);
    let render = |job: &Extra| job.render(site, templates, generated, &rows);
    let (rendered, addressed) = rayon::join(
        || jobs.par_iter().map(render).collect::<Vec<_>>(),
        || addresses::pages(site, templates, generated),
    );
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for (path, result) in rendered.into_iter().chain(addressed) {
        match result {
            Ok(html) => files.push(OutputFile {
                path,
                data: Data::Bytes(html.into_bytes()),
            }),
            Err(d) => diagnostics.push(d),
        }
    }
    (files, diagnostics)
}
