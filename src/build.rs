//! The orchestrator: a loaded `Site` → generated files (`offline`) →
//! rendered pages (`render`) → the list of output files, and the one place
//! where every stage's diagnostics are gathered and finished.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{self, code, Diagnostic};
use crate::markdown::AssetRef;
use crate::offline::{self, GenerateOptions, Generated};
use crate::output::{Data, OutputFile};
use crate::site::Site;

pub struct BuildOutput {
    pub generated: Generated,
    pub files: Vec<OutputFile>,
    /// What generating and rendering found; the model's own are in `Site`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Every diagnostic of a build: the model's (sources, l10n, templates as
/// loaded) and `produced` (by generating and rendering), finished.
pub fn diagnostics(site: &Site, produced: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut all = site.diagnostics();
    all.extend(produced.iter().cloned());
    diagnostics::finish(&site.config.diagnostics, all)
}

pub fn render_site(site: &Site, options: &GenerateOptions) -> BuildOutput {
    let mut generated = Generated::compute(site, options);
    let mut diagnostics = std::mem::take(&mut generated.diagnostics);
    let Some(templates) = &site.templates else {
        return BuildOutput {
            generated,
            files: Vec::new(),
            diagnostics,
        };
    };
    let rendered: Vec<Result<OutputFile, Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            crate::render::page(site, templates, &generated, id).map(|html| OutputFile {
                path: site.pages[id].output_path(),
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

    let (extras, extra_diagnostics) = crate::render::extras(site, templates, &generated);
    files.extend(extras);
    diagnostics.extend(extra_diagnostics);
    diagnostics.extend(site.ui.take_format_errors());

    files.extend(asset_files(site));
    files.extend(generated.static_files.iter().cloned());
    files.extend(generated.search_files());
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
    BuildOutput {
        generated,
        files,
        diagnostics,
    }
}

/// Every file a page references, published under the page's locale.
pub fn asset_files(site: &Site) -> Vec<OutputFile> {
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
