use std::path::PathBuf;
use std::time::Instant;

use super::{RootArg, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::diagnostics::{self, has_errors, summarize};
use crate::offline::GenerateOptions;
use crate::output;
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
    let site = match Site::load(root) {
        Ok(site) => site,
        Err(fatal) => {
            diagnostics::print(&fatal.0, false);
            return EXIT_PROBLEMS;
        }
    };
    // A zip written inside the output folder is published with the site: pages link to it.
    let download = args.zip.as_ref().and_then(|zip| {
        let zip = if zip.is_absolute() {
            zip.clone()
        } else {
            root.join(zip)
        };
        let rel = zip
            .strip_prefix(&out)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        Some(crate::links::encode_path(&rel))
    });
    let options = GenerateOptions {
        download,
        plain_names: false,
    };
    let built = crate::build::render_site(&site, &options);
    let diags = crate::build::diagnostics(&site, &built.diagnostics);
    diagnostics::print(&diags, false);
    let failed = has_errors(&diags) || site.templates.is_none();
    if failed && !args.keep_going {
        let s = summarize(&diags);
        eprintln!(
            "build failed: {} error(s), {} warning(s); {} left unchanged",
            s.errors,
            s.warnings,
            out.display()
        );
        return EXIT_PROBLEMS;
    }
    if let Err(e) = output::write_atomic(&out, &built.files) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return EXIT_PROBLEMS;
    }
    if let Some(zip) = &args.zip {
        let zip = &if zip.is_absolute() {
            zip.clone()
        } else {
            root.join(zip)
        };
        // Entries go under one folder named like the zip, so unzipping never scatters files.
        let folder = zip
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "help".into());
        if let Err(e) = crate::offline::write_zip(zip, &folder, &built.files) {
            eprintln!("error: cannot write {}: {e}", zip.display());
            return EXIT_PROBLEMS;
        }
        let size = std::fs::metadata(zip).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "wrote {} ({} KiB, folder {folder}/)",
            zip.display(),
            size.div_ceil(1024)
        );
    }
    for index in &built.generated.search {
        let html: u64 = built
            .files
            .iter()
            .filter(|f| {
                f.path.starts_with(&format!("{}/", index.locale)) && f.path.ends_with(".html")
            })
            .map(|f| match &f.data {
                crate::output::Data::Bytes(b) => b.len() as u64,
                crate::output::Data::Copy(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            })
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
        built.files.len(),
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
