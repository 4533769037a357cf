use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use super::{CliError, CmdResult, RootArg, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostics::{self, has_errors, summarize};
use crate::offline::GenerateOptions;
use crate::output::{self, Data, OutputFile};

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Output folder, replaced as a whole on success [default: ROOT/public]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Publish even when there are errors; the exit code is still 1
    #[arg(long)]
    pub keep_going: bool,
    /// Also write the whole site as a zip that works when unzipped and opened from disk
    #[arg(long, value_name = "FILE")]
    pub zip: Option<PathBuf>,
}

/// The folders `site.toml` names for locales' trees, by locale: never
/// written, wherever they lie. A `site.toml` that does not load names none;
/// loading the site then says what is wrong with it.
pub(super) fn own_content_roots(root: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    crate::config::Config::load(root)
        .map(|c| {
            c.own_content_roots(root)
                .into_iter()
                .map(|(locale, place)| (locale, place.dir))
                .collect()
        })
        .unwrap_or_default()
}

pub fn run(args: BuildArgs) -> CmdResult {
    let started = Instant::now();
    let root = args.root.existing()?;
    // Paths given on the command line are relative to the current folder, as
    // in every shell tool; only the default output lives in the site root.
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    let roots = own_content_roots(root);
    let refused =
        output::refuse_reason(root, &out).or_else(|| output::refuse_in_content_roots(&out, &roots));
    if let Some(why) = refused {
        return Err(CliError::Refused {
            target: format!("to {}", out.display()),
            why,
        });
    }
    let zip = args.zip.as_deref();
    if let Some(why) = zip.and_then(|z| {
        output::refuse_file_reason(root, z, &output::is_helpsite_zip)
            .or_else(|| output::refuse_in_content_roots(z, &roots))
    }) {
        let zip = zip.unwrap_or(root);
        return Err(CliError::Refused {
            target: format!("the zip {}", zip.display()),
            why,
        });
    }
    output::recover(&out).map_err(|cause| CliError::io("prepare", out.display(), cause))?;
    let mut site = super::load_site(root)?;
    site.release_sources();
    // A zip written inside the output folder is published with the site: pages link to it.
    let zip_inside = zip.and_then(|zip| {
        let rel = output::relative_inside(&out, zip)?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    });
    let staging = output::Staging::begin(&out)
        .map_err(|cause| CliError::io("write", out.display(), cause))?;
    let image_index = staging.beside("images");
    let webp = crate::images::webp::Cache::load(staging.previous(), &image_index);
    let options = GenerateOptions {
        download: zip_inside.as_deref().map(crate::links::encode_path),
        webp: Some(std::sync::Arc::new(webp)),
        ..Default::default()
    };
    let progress = PageProgress::new();
    let built = crate::build::render_site_once(&mut site, &options, &staging, &progress);
    progress.finish();
    let diags = crate::build::diagnostics(&site, &built.diagnostics);
    diagnostics::print_summarized(&diags, false);
    let failed = has_errors(&diags) || site.templates().is_none();
    if (failed && !args.keep_going) || built.write_failed {
        let s = summarize(&diags);
        eprintln!(
            "build failed: {} error(s), {} warning(s); {} left unchanged",
            s.errors,
            s.warnings,
            out.display()
        );
        return Ok(EXIT_PROBLEMS);
    }
    // The zip is written before the swap: a failed zip leaves the old output.
    if let Some(zip) = &zip {
        // Entries go under one folder named like the zip, so unzipping never scatters files.
        let folder = zip
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "help".into());
        let files: Vec<OutputFile> = built
            .written
            .iter()
            .map(|w| OutputFile {
                path: w.path.clone(),
                data: Data::Copy(staging.dir().join(&w.path)),
            })
            .collect();
        let target = match &zip_inside {
            Some(rel) => staging.dir().join(rel),
            None => zip.to_path_buf(),
        };
        crate::offline::write_zip(&target, &folder, &files)
            .map_err(|cause| CliError::io("write", zip.display(), cause))?;
        let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "wrote {} ({} KiB, folder {folder}/)",
            zip.display(),
            size.div_ceil(1024)
        );
    }
    let removal = staging
        .commit()
        .map_err(|cause| CliError::io("write", out.display(), cause))?;
    // Only speed depends on it: a missing index costs encodes, not pictures.
    if let Some(index) = &built.image_index {
        let _ = index.save(&image_index);
    }
    for index in &built.generated.search {
        let html: u64 = built
            .written
            .iter()
            .filter(|w| {
                w.path.starts_with(&format!("{}/", index.locale)) && w.path.ends_with(".html")
            })
            .map(|w| w.len)
            .sum();
        eprintln!(
            "search index {}: {} pages, {} stems, top level {} KiB, {} shards of {} KiB (HTML of the locale: {} KiB)",
            index.locale,
            index.docs,
            index.stems,
            index.js.len().div_ceil(1024),
            index.files.len(),
            index.shard_bytes.div_ceil(1024),
            html.div_ceil(1024)
        );
    }
    let pictures = built.images;
    if pictures.encoded + pictures.reused > 0 {
        eprintln!(
            "pictures: {} WebP encoded, {} taken from the previous output",
            pictures.encoded, pictures.reused
        );
    }
    let s = summarize(&diags);
    eprintln!(
        "built {} pages ({} files) into {} in {:.2?}: {} error(s), {} warning(s)",
        site.content_page_count(),
        built.written.len(),
        out.display(),
        started.elapsed(),
        s.errors,
        s.warnings
    );
    // The previous output stays as trash beside the new one: the next
    // build deletes it in the background, off every build's critical path.
    drop(removal);
    // The process ends here: freeing the model piece by piece only costs time.
    std::mem::forget(site);
    std::mem::forget(built);
    Ok(if failed { EXIT_PROBLEMS } else { EXIT_OK })
}

/// A progress bar on a terminal, for builds that take a while: it shows
/// only after two seconds, and never when stderr is not a terminal.
struct PageProgress {
    bar: indicatif::ProgressBar,
    started: Instant,
    /// Asked once: it is a system call, and pages finish by the thousand.
    terminal: bool,
}

impl PageProgress {
    fn new() -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("rendering {pos}/{len} pages {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        PageProgress {
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl crate::build::Progress for PageProgress {
    fn pages_done(&self, done: usize, total: usize) {
        if self.terminal
            && self.bar.is_hidden()
            && self.started.elapsed() > std::time::Duration::from_secs(2)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }
}
