//! `helpsite l10n export` and `l10n import`: the XLIFF handoff to
//! translators and back.

use std::path::PathBuf;

use super::{RootArg, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::output;
use crate::site::Site;
use crate::translations::handoff;
use crate::translations::status::Status;
use crate::translations::xliff;

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The locale to translate into, e.g. `nl`
    #[arg(long)]
    pub locale: String,
    /// Which pages, by `l10n status` status, comma-separated
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "outdated,missing,untracked"
    )]
    pub status: Vec<String>,
    /// The XLIFF file to write
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// A translated XLIFF handoff
    pub file: PathBuf,
}

fn load(args: &RootArg) -> Result<Site, u8> {
    let root = args.existing()?;
    Site::load(root).map_err(|fatal| {
        crate::diagnostics::print(&fatal.0, false);
        EXIT_PROBLEMS
    })
}

pub fn export(args: ExportArgs) -> u8 {
    let mut statuses = Vec::new();
    for s in &args.status {
        match Status::ALL.iter().find(|st| st.as_str() == s.trim()) {
            Some(st) => statuses.push(*st),
            None => {
                let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                eprintln!("error: unknown status `{s}` (one of: {})", known.join(", "));
                return EXIT_USAGE;
            }
        }
    }
    let site = match load(&args.root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(why) =
        output::refuse_file_reason(&site.root, &args.out, &handoff::looks_like_handoff)
    {
        eprintln!("error: refusing to write to {}: {why}", args.out.display());
        return EXIT_USAGE;
    }
    let (xml, pages) = match handoff::export(&site, &args.locale, &statuses) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    if let Err(e) = output::replace_file(&args.out, xml.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", args.out.display());
        return EXIT_PROBLEMS;
    }
    eprintln!("wrote {} ({pages} page(s))", args.out.display());
    EXIT_OK
}

pub fn import(args: ImportArgs) -> u8 {
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.file.display());
            return EXIT_USAGE;
        }
    };
    let parsed = match xliff::read(&text) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {}: {e}", args.file.display());
            return EXIT_PROBLEMS;
        }
    };
    let site = match load(&args.root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let written = match handoff::import(&site, &parsed, handoff::this_month()) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}: {e}; nothing was written", args.file.display());
            return EXIT_PROBLEMS;
        }
    };
    // All or nothing: a refusal after some files were written would leave
    // the import half done.
    for w in &written {
        if let Err(code) = super::l10n::refuse_symlinked(&site.root, &w.file) {
            eprintln!("error: nothing was imported");
            return code;
        }
    }
    for w in &written {
        let target = site.root.join(&w.file);
        let made = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| output::replace_file(&target, &w.bytes));
        if let Err(e) = made {
            eprintln!("error: cannot write {}: {e}", w.file);
            return EXIT_PROBLEMS;
        }
        eprintln!("wrote {}", w.file);
    }
    EXIT_OK
}
