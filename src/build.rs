//! Turns a loaded `Site` into output files: pages through templates,
//! per-locale 404s, the language chooser, referenced assets and `static/`.

use rayon::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

use crate::diagnostics::{code, Diagnostic};
use crate::markdown::AssetRef;
use crate::offline;
use crate::output::{Data, OutputFile};
use crate::site::{PageKind, Site};

/// The default theme's static files, used when a site has no `static/`.
pub const BUILTIN_STATIC: &[(&str, &str)] = &[
    ("helpsite.css", include_str!("../static/helpsite.css")),
    ("helpsite.js", include_str!("../static/helpsite.js")),
    ("search.css", include_str!("../static/search.css")),
    ("icon.svg", include_str!("../static/icon.svg")),
];

pub struct BuildOutput {
    pub files: Vec<OutputFile>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn render_site(site: &Site) -> BuildOutput {
    let mut diagnostics = Vec::new();
    let Some(templates) = &site.templates else {
        return BuildOutput {
            files: Vec::new(),
            diagnostics,
        };
    };
    let rendered: Vec<Result<OutputFile, Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let page = &site.pages[id];
            let ctx = site.page_context(id);
            templates
                .render(&page.locale, page.template(), &ctx)
                .map(|html| OutputFile {
                    path: page.output_path(),
                    data: Data::Bytes(html.into_bytes()),
                })
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + 16);
    let mut template_errors: BTreeMap<String, Diagnostic> = BTreeMap::new();
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            // One broken template breaks every page that uses it: say it once.
            Err(d) => {
                template_errors.entry(d.message.clone()).or_insert(d);
            }
        }
    }
    diagnostics.extend(template_errors.into_values());

    let (extras, extra_diagnostics) = render_extras(site, templates);
    files.extend(extras);
    diagnostics.extend(extra_diagnostics);

    files.extend(asset_files(site));
    files.extend(site.generated.static_files.iter().cloned());
    files.extend(site.generated.search_files());
    files.push(OutputFile {
        path: offline::MANIFEST.into(),
        data: Data::Bytes(offline::manifest(site).into_bytes()),
    });
    if let Some(xml) = offline::sitemap(site) {
        files.push(OutputFile {
            path: offline::SITEMAP.into(),
            data: Data::Bytes(xml.into_bytes()),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    // Last: the service worker lists, and hashes, every other file.
    match offline::service_worker(&files) {
        Ok(sw) => files.push(sw),
        Err(e) => diagnostics.push(Diagnostic::error(
            code::IO,
            offline::SERVICE_WORKER,
            format!("cannot hash the published files: {e}"),
        )),
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    BuildOutput { files, diagnostics }
}

/// The pages that are not content: per-locale 404 and search pages, the
/// root language chooser and the root 404. `serve` re-renders these alone
/// when a template changes.
pub fn render_extras(
    site: &Site,
    templates: &crate::render::Templates,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for locale in &site.locales {
        let out_dir = locale.clone();
        let ctx = site.base_context(locale, &out_dir);
        match templates.render(locale, "404.html", &ctx) {
            Ok(html) => files.push(OutputFile {
                path: format!("{locale}/404.html"),
                data: Data::Bytes(html.into_bytes()),
            }),
            Err(d) => diagnostics.push(d),
        }
        match templates.render(locale, "search.html", &ctx) {
            Ok(html) => files.push(OutputFile {
                path: format!("{locale}/search.html"),
                data: Data::Bytes(html.into_bytes()),
            }),
            Err(d) => diagnostics.push(d),
        }
    }
    let mut ctx = site.base_context(&site.config.default_locale, "");
    let languages: Vec<_> = site
        .locales
        .iter()
        .map(|l| json!({"code": l, "url": format!("{l}/index.html")}))
        .collect();
    ctx.insert("languages", &languages);
    ctx.insert("locale_codes", &site.locales);
    match templates.render(&site.config.default_locale, "root.html", &ctx) {
        Ok(html) => files.push(OutputFile {
            path: "index.html".into(),
            data: Data::Bytes(html.into_bytes()),
        }),
        Err(d) => diagnostics.push(d),
    }
    // Hosts look for /404.html: the default locale's page, rendered for the
    // root folder so that its stylesheet and links resolve from there.
    let ctx = site.base_context(&site.config.default_locale, "");
    match templates.render(&site.config.default_locale, "404.html", &ctx) {
        Ok(html) => files.push(OutputFile {
            path: "404.html".into(),
            data: Data::Bytes(html.into_bytes()),
        }),
        Err(d) => diagnostics.push(d),
    }
    (files, diagnostics)
}

/// Every file a page references, published under the page's locale.
fn asset_files(site: &Site) -> Vec<OutputFile> {
    let mut assets: Vec<&AssetRef> = site
        .pages
        .iter()
        .flat_map(|p| p.rendered.assets.iter())
        .collect();
    assets.sort();
    assets.dedup();
    assets
        .into_iter()
        .map(|a| OutputFile {
            path: format!("{}/{}", a.locale, a.path),
            data: Data::Copy(site.root.join("content").join(&a.from_locale).join(&a.path)),
        })
        .collect()
}

/// Pages that are real content (for counts and reports).
pub fn content_page_count(site: &Site) -> usize {
    site.pages
        .iter()
        .filter(|p| p.kind == PageKind::Content)
        .count()
}
