//! The orchestrator: a loaded `Site` → generated files (`offline`) →
//! rendered pages (`render`) → a `Sink` that takes each file as it is made
//! (the staging folder for `build`, memory for `serve`), and the one place
//! where every stage's diagnostics are gathered and finished.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{self, Code, Diagnostic};
use crate::images::{self, Images};
use crate::links::parent_dir;
use crate::markdown::AssetRef;
use crate::offline::{self, GenerateOptions, Generated};
use crate::output::collisions::{self, Claim};
use crate::output::{Data, OutputFile, Sink, Written};
use crate::render::{self, Listings};
use crate::site::{PageId, Site, LISTING_DIR};
use crate::templates::Templates;

pub struct BuildOutput {
    pub generated: Generated,
    /// What went to the sink, sorted by path.
    pub written: Vec<Written>,
    /// What generating and rendering found; the model's own are in `Site`.
    pub diagnostics: Vec<Diagnostic>,
    /// The sink refused a file: the output is incomplete and must not be
    /// published, `--keep-going` or not.
    pub write_failed: bool,
    /// What reading the pictures' sizes and making their WebPs cost.
    pub images: images::Stats,
    /// What the next build's WebP cache starts from; only when encoding.
    pub image_index: Option<images::webp::Index>,
    /// The pictures' sizes the pages were rendered with, for serve to
    /// render a page again as the build did.
    pub sizes: Images,
}

/// One page as the build writes it: its pictures given their sizes, then
/// put in its template. Serve renders its pages through this too, so a
/// page it renders again equals the built one.
#[allow(clippy::result_large_err)] // the error `render::page` gives, passed on
pub fn render_page(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
    listings: Option<&Listings>,
    sizes: &Images,
    id: PageId,
    content: &str,
) -> Result<String, Diagnostic> {
    let path = site.pages()[id].output_path();
    let sized = images::tags::rewrite(content, parent_dir(&path), sizes);
    let content = sized.as_deref().unwrap_or(content);
    render::page(site, templates, generated, listings, id, content)
}

/// Every diagnostic of a build: the model's (sources, l10n, templates as
/// loaded) and `produced` (by generating and rendering), finished.
pub fn diagnostics(site: &Site, produced: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut all = site.diagnostics();
    all.extend(produced.iter().cloned());
    for d in &mut all {
        site.config().show_paths(site.root(), d);
    }
    diagnostics::finish(&site.config().diagnostics, all)
}

/// Reports how far rendering got, for a progress bar.
pub trait Progress: Sync {
    fn pages_done(&self, done: usize, total: usize);
}

impl Progress for () {
    fn pages_done(&self, _: usize, _: usize) {}
}

/// Collects what the sink wrote and the first error writing, so one failed
/// write stops the build without losing what it says.
#[derive(Default)]
struct Ledger {
    written: Mutex<Vec<Written>>,
    failure: Mutex<Option<Diagnostic>>,
}

impl Ledger {
    fn put(&self, sink: &dyn Sink, file: OutputFile) {
        let path = file.path.clone();
        match sink.put(file) {
            Ok(w) => self
                .written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(w),
            Err(e) => {
                let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
                failure.get_or_insert_with(|| {
                    Diagnostic::error(Code::Io, path, format!("cannot write: {e}"))
                });
            }
        }
    }

    fn failed(&self) -> bool {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }
}

/// Renders the whole site into `sink`, each page as soon as it is made:
/// nothing holds the site's HTML.
pub fn render_site(
    site: &Site,
    options: &GenerateOptions,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> BuildOutput {
    let ledger = Ledger::default();
    let (generated, listings) = generate(site, options, &ledger, sink);
    let webp = options.webp.as_deref();
    render_generated(
        site, generated, listings, None, webp, ledger, sink, progress,
    )
}

/// `render_site` for a build that renders the model once: the pages'
/// search text goes once the index is made, and each page's rendered
/// Markdown once its page is written, so the render phase works in memory
/// that the model frees as it goes.
pub fn render_site_once(
    site: &mut Site,
    options: &GenerateOptions,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> BuildOutput {
    let ledger = Ledger::default();
    let (generated, listings) = generate(site, options, &ledger, sink);
    site.release_search_text();
    let html = site.take_page_html();
    render_generated(
        site,
        generated,
        listings,
        Some(html),
        options.webp.as_deref(),
        ledger,
        sink,
        progress,
    )
}

/// The generated files, each search shard written as it is made (none
/// when there are no templates to render the pages with), and beside them
/// the page trees, which need nothing the search index does.
fn generate(
    site: &Site,
    options: &GenerateOptions,
    ledger: &Ledger,
    sink: &dyn Sink,
) -> (Generated, Listings) {
    let write = |f| ledger.put(sink, f);
    let write: Option<&(dyn Fn(OutputFile) + Sync)> = match site.templates() {
        Some(_) => Some(&write),
        None => None,
    };
    rayon::join(
        || Generated::compute_writing(site, options, write),
        || Listings::of(site),
    )
}

/// The pictures' sizes and WebPs, the pages, then every other file, then
/// the service worker and its lists, which name every file before them.
#[allow(clippy::too_many_arguments)]
fn render_generated(
    site: &Site,
    mut generated: Generated,
    listings: Listings,
    html: Option<Vec<String>>,
    webp: Option<&images::webp::Cache>,
    ledger: Ledger,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> BuildOutput {
    let mut diagnostics = std::mem::take(&mut generated.diagnostics);
    let Some(templates) = &site.templates() else {
        return BuildOutput {
            generated,
            written: Vec::new(),
            diagnostics,
            write_failed: false,
            images: images::Stats::default(),
            image_index: None,
            sizes: Images::default(),
        };
    };
    // The search index's top levels (its shards went as they were made):
    // written, they no longer take memory while the pages render.
    generated
        .take_search_files()
        .into_par_iter()
        .for_each(|f| ledger.put(sink, f));
    let pictures = images::prepare(&picture_sources(site), webp);
    pictures.files.put_each(|f| ledger.put(sink, f));
    let render = Render {
        site,
        templates,
        generated: &generated,
        images: &pictures.images,
        ledger: &ledger,
        sink,
    };
    // The printable documents read the pages' HTML, which rendering the
    // pages drops: they come first.
    let put = |f| ledger.put(sink, f);
    diagnostics.extend(render::print::write(
        site,
        templates,
        &generated,
        &listings,
        html.as_deref(),
        Some(&pictures.images),
        &put,
    ));
    diagnostics.extend(render.pages(&listings, html, progress));
    diagnostics.extend(render.other_files(listings));
    let (written, failure) = write_offline_files(site, &generated, &pictures.images, ledger, sink);
    let write_failed = failure.is_some();
    diagnostics.extend(failure);
    BuildOutput {
        generated,
        written,
        diagnostics,
        write_failed,
        images: pictures.stats,
        image_index: webp.map(|_| pictures.index),
        sizes: pictures.images,
    }
}

/// What rendering into one sink needs.
struct Render<'a> {
    site: &'a Site,
    templates: &'a Templates,
    generated: &'a Generated,
    images: &'a Images,
    ledger: &'a Ledger,
    sink: &'a dyn Sink,
}

impl Render<'_> {
    /// Every page of the model, in parallel, with its rendered Markdown
    /// from `html` when the build took it out of the model (each page's is
    /// dropped as soon as its page is written). Returns the template errors.
    fn pages(
        &self,
        listings: &Listings,
        html: Option<Vec<String>>,
        progress: &dyn Progress,
    ) -> Vec<Diagnostic> {
        let site = self.site;
        let total = site.pages().len();
        let done = AtomicUsize::new(0);
        // One broken template breaks every page that uses it: say it once.
        let template_errors: Mutex<BTreeMap<String, Diagnostic>> = Mutex::default();
        let render_one = |id: PageId, content: &str| {
            if self.ledger.failed() {
                return;
            }
            let path = site.pages()[id].output_path();
            let page = render_page(
                site,
                self.templates,
                self.generated,
                Some(listings),
                self.images,
                id,
                content,
            );
            match page {
                Ok(html) => self.ledger.put(
                    self.sink,
                    OutputFile {
                        path,
                        data: Data::Bytes(html.into_bytes()),
                    },
                ),
                Err(d) => {
                    template_errors
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .entry(d.message.clone())
                        .or_insert(d);
                }
            }
            progress.pages_done(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        };
        match html {
            Some(html) => html
                .into_par_iter()
                .enumerate()
                .for_each(|(id, content)| render_one(id, &content)),
            None => (0..total)
                .into_par_iter()
                .for_each(|id| render_one(id, &site.pages()[id].rendered.html())),
        }
        template_errors
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_values()
            .collect()
    }

    /// The pages that are not content, the files made from the model, the
    /// pages' assets and the static files: checked for collisions, and
    /// written where no page took their path.
    fn other_files(&self, listings: Listings) -> Vec<Diagnostic> {
        let (site, generated) = (self.site, self.generated);
        // The pages that are not content, and the files made from the model
        // alone, side by side: neither waits for the other.
        let ((extras, mut diagnostics), model_files) = rayon::join(
            || render::extras_listed(site, self.templates, generated, &listings),
            || model_files(site),
        );
        // Written already; here only claimed, so a page at their path is reported.
        let printed: Vec<OutputFile> = render::print::paths(site, &listings)
            .into_iter()
            .map(|path| OutputFile {
                path,
                data: Data::Bytes(Vec::new()),
            })
            .collect();
        drop(listings);
        diagnostics.extend(site.ui().take_format_errors());

        let assets = asset_files(site);
        diagnostics.extend(collision_problems(
            site,
            generated,
            &[&extras, &model_files, &printed],
            &assets,
        ));
        let mut others: Vec<OutputFile> = extras;
        others.extend(assets);
        others.extend(generated.static_files.iter().cloned());
        others.extend(model_files);
        // The first of two files for one path wins, as the pages win over all.
        let pages: HashSet<String> = site.pages().iter().map(|p| p.output_path()).collect();
        others.retain(|f| !pages.contains(&f.path));
        others.sort_by(|a, b| a.path.cmp(&b.path));
        others.dedup_by(|a, b| a.path == b.path);
        // Moved to the sink, not copied: each file's bytes go as it is written.
        others.into_par_iter().for_each(|f| {
            if !self.ledger.failed() {
                self.ledger.put(self.sink, f);
            }
        });
        diagnostics
    }
}

/// Last: the service worker and its lists name, and version, every other
/// file. Returns everything written, sorted by path, and the first failure
/// to write, if any.
fn write_offline_files(
    site: &Site,
    generated: &Generated,
    images: &Images,
    ledger: Ledger,
    sink: &dyn Sink,
) -> (Vec<Written>, Option<Diagnostic>) {
    let mut written = ledger
        .written
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let search_top: Vec<String> = site
        .locales()
        .iter()
        .map(|l| generated.search_index_path(l))
        .collect();
    let mut failure = ledger
        .failure
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    if failure.is_none() {
        for f in offline::offline_files(site, &written, &search_top, images) {
            let path = f.path.clone();
            match sink.put(f) {
                Ok(w) => written.push(w),
                Err(e) => {
                    failure = Some(Diagnostic::error(
                        Code::Io,
                        path,
                        format!("cannot write: {e}"),
                    ));
                    break;
                }
            }
        }
    }
    written.sort_by(|a, b| a.path.cmp(&b.path));
    written.dedup_by(|a, b| a.path == b.path);
    (written, failure)
}

/// Every output path the build decides, with what asks for it, checked
/// in one place: two claims on one path, or paths one disk would confuse.
/// `own` are helpsite's generated files, among them the redirect and `go/`
/// pages, which are claimed with the files that declare them instead.
fn collision_problems(
    site: &Site,
    generated: &Generated,
    own: &[&[OutputFile]],
    assets: &[OutputFile],
) -> Vec<Diagnostic> {
    let mut claims = site.page_claims();
    let addressed = site.address_claims();
    let mut declared: HashMap<&str, usize> = HashMap::new();
    for c in &addressed {
        *declared.entry(c.path.as_str()).or_default() += 1;
    }
    for f in own.iter().flat_map(|files| files.iter()) {
        match declared.get_mut(f.path.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => claims.push(Claim::own(f.path.clone())),
        }
    }
    claims.push(Claim::own(offline::SERVICE_WORKER));
    claims.extend(addressed.iter().cloned());
    claims.extend(static_and_asset_claims(site, generated, assets));
    // A locale's listing folder is helpsite's whether or not the site is
    // large enough to have listing pages yet: it grows into them.
    let taken: HashSet<&str> = claims
        .iter()
        .filter(|c| c.source.is_none())
        .map(|c| c.path.as_str())
        .collect();
    let listing_dirs: Vec<String> = site
        .locales()
        .iter()
        .map(|l| format!("{l}/{LISTING_DIR}/"))
        .collect();
    let mut listing: Vec<Claim> = Vec::new();
    for c in claims.iter().filter(|c| c.source.is_some()) {
        let in_listing = listing_dirs.iter().any(|dir| c.path.starts_with(dir));
        if in_listing && !taken.contains(c.path.as_str()) {
            listing.push(Claim {
                path: c.path.clone(),
                what: format!("helpsite's listing pages (`{LISTING_DIR}/`)"),
                source: None,
            });
        }
    }
    claims.extend(listing);
    collisions::problems(&claims)
}

/// The site's `static/` files and the files pages reference, each claimed
/// by its own source file.
fn static_and_asset_claims(
    site: &Site,
    generated: &Generated,
    assets: &[OutputFile],
) -> Vec<Claim> {
    let mut claims = Vec::with_capacity(generated.static_files.len() + assets.len());
    let static_names: HashMap<&str, &str> = generated
        .assets
        .iter()
        .map(|(name, published)| (published.as_str(), name.as_str()))
        .collect();
    for f in &generated.static_files {
        let file = format!(
            "static/{}",
            static_names
                .get(f.path.as_str())
                .unwrap_or(&f.path.as_str())
        );
        claims.push(Claim {
            path: f.path.clone(),
            what: file.clone(),
            source: Some(file),
        });
    }
    for f in assets {
        let file = match &f.data {
            Data::Copy(from) => from
                .strip_prefix(&site.root())
                .unwrap_or(from)
                .to_string_lossy()
                .replace('\\', "/"),
            Data::Bytes(_) => f.path.clone(),
        };
        claims.push(Claim {
            path: f.path.clone(),
            what: file.clone(),
            source: Some(file),
        });
    }
    claims
}

/// The web app manifest, the sitemap, `urls.json` and the help IDs, in
/// that order, each made on its own thread.
fn model_files(site: &Site) -> Vec<OutputFile> {
    let file = |path: &str, text: String| OutputFile {
        path: path.into(),
        data: Data::Bytes(text.into_bytes()),
    };
    let ((manifest, sitemap), (urls, help_ids)) = rayon::join(
        || rayon::join(|| offline::manifest(site), || offline::sitemap(site)),
        || {
            rayon::join(
                // The manifest's entries are dropped once its text is made
                // (about 10 MB of text at 21,100 pages, and more in entries).
                || crate::published::Manifest::of(site).to_json(),
                || crate::published::help_ids_json(site),
            )
        },
    );
    let mut files = vec![file(offline::MANIFEST, manifest)];
    files.extend(sitemap.map(|xml| file(offline::SITEMAP, xml)));
    files.push(file(crate::published::URLS, urls));
    files.push(file(crate::published::HELP_IDS, help_ids));
    files
}

/// The files pages reference, with their sources, for `images::prepare`.
/// The sizes of every picture the pages use, read again (no WebPs made).
pub fn picture_sizes(site: &Site) -> Images {
    images::prepare(&picture_sources(site), None).images
}

fn picture_sources(site: &Site) -> Vec<images::Source> {
    asset_files(site)
        .into_iter()
        .filter_map(|f| match f.data {
            Data::Copy(file) => Some(images::Source {
                output_path: f.path,
                file,
            }),
            Data::Bytes(_) => None,
        })
        .collect()
}

/// Every file a page references, published under the page's locale.
pub fn asset_files(site: &Site) -> Vec<OutputFile> {
    let mut assets: Vec<&AssetRef> = site
        .pages()
        .iter()
        .flat_map(|p| p.rendered.assets().iter())
        .collect();
    assets.sort();
    assets.dedup();
    let locale_dirs = site.locale_dirs();
    assets
        .into_iter()
        .filter_map(|a| {
            Some(OutputFile {
                path: format!("{}/{}", a.locale, a.path),
                data: Data::Copy(locale_dirs.get(&a.from_locale)?.join(&a.path)),
            })
        })
        .collect()
}
