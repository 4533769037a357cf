use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use super::{RootArg, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::diagnostics::{self, has_errors, summarize};
use crate::offline::GenerateOptions;
use crate::output::{self, Data, OutputFile};
use crate::site::Site;

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Output folder (replaced as a whole on success)
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Publish even when there are errors; the exit code is still 1
    #[arg(long)]
    pub keep_going: bool,
    /// Also write the whole site as a zip that works when unzipped and opened from disk
    #[arg(long, value_name = "FILE")]
    pub zip: Option<PathBuf>,
}

pub fn run(args: BuildArgs) -> u8 {
    let started = Instant::now();
    let root = &args.root.root;
    // A relative --out is relative to the site root, like every other path.
    let out = if args.out.is_absolute() {
        args.out.clone()
    } else {
        root.join(&args.out)
    };
    if let Some(why) = output::refuse_reason(root, &out) {
        eprintln!("error: refusing to write to {}: {why}", out.display());
        return EXIT_USAGE;
    }
    let zip = args.zip.as_ref().map(|zip| {
        if zip.is_absolute() {
            zip.clone()
        } else {
            root.join(zip)
        }
    });
    let site = match Site::load(root) {
        Ok(site) => site,
        Err(fatal) => {
            diagnostics::print(&fatal.0, false);
            return EXIT_PROBLEMS;
        }
    };
    // A zip written inside the output folder is published with the site: pages link to it.
    let zip_inside = zip.as_ref().and_then(|zip| {
        let rel = zip
            .strip_prefix(&out)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        (!rel.is_empty()).then_some(rel)
    });
    let options = GenerateOptions {
        download: zip_inside.as_deref().map(crate::links::encode_path),
        ..Default::default()
    };
    let staging = match output::Staging::begin(&out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            return EXIT_PROBLEMS;
        }
    };
    let progress = PageProgress::new();
    let built = crate::build::render_site(&site, &options, &staging, &progress);
    progress.finish();
    let diags = crate::build::diagnostics(&site, &built.diagnostics);
    diagnostics::print_summarized(&diags, false);
    let failed = has_errors(&diags) || site.templates.is_none();
    let write_failed = built
        .diagnostics
        .iter()
        .any(|d| d.code == crate::diagnostics::code::IO);
    if (failed && !args.keep_going) || write_failed {
        let s = summarize(&diags);
        eprintln!(
            "build failed: {} error(s), {} warning(s); {} left unchanged",
            s.errors,
            s.warnings,
            out.display()
        );
        return EXIT_PROBLEMS;
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
            None => zip.clone(),
        };
        if let Err(e) = crate::offline::write_zip(&target, &folder, &files) {
            eprintln!("error: cannot write {}: {e}", zip.display());
            return EXIT_PROBLEMS;
        }
        let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "wrote {} ({} KiB, folder {folder}/)",
            zip.display(),
            size.div_ceil(1024)
        );
    }
    if let Err(e) = staging.commit() {
        eprintln!("error: cannot write {}: {e}", out.display());
        return EXIT_PROBLEMS;
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
            "search index {}: {} pages, {} stems, {} KiB (HTML of the locale: {} KiB)",
            index.locale,
            index.docs,
            index.stems,
            index.js.len().div_ceil(1024),
            html.div_ceil(1024)
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
    if failed {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// A progress bar on a terminal, for builds that take a while: it shows
/// only after two seconds, and never when stderr is not a terminal.
struct PageProgress {
    bar: indicatif::ProgressBar,
    started: Instant,
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
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl crate::build::Progress for PageProgress {
    fn pages_done(&self, done: usize, total: usize) {
        if self.bar.is_hidden()
            && self.started.elapsed() > std::time::Duration::from_secs(2)
            && std::io::stderr().is_terminal()
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }
}
