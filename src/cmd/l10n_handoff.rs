//! `helpsite l10n export` and `l10n import`: the XLIFF handoff to
//! translators and back.

use std::path::PathBuf;

use super::{CliError, CmdResult, RootArg, EXIT_OK};
use crate::output;
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

pub fn export(args: ExportArgs) -> CmdResult {
    let mut statuses = Vec::new();
    for s in &args.status {
        match Status::ALL.iter().find(|st| st.as_str() == s.trim()) {
            Some(st) => statuses.push(*st),
            None => {
                let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                return Err(CliError::Usage(format!(
                    "unknown status `{s}` (one of: {})",
                    known.join(", ")
                )));
            }
        }
    }
    let site = super::load_site(args.root.existing()?)?;
    if let Some(why) =
        output::refuse_file_reason(site.root(), &args.out, &handoff::looks_like_handoff).or_else(
            || {
                let roots = super::build::own_content_roots(site.root());
                output::refuse_in_content_roots(&args.out, &roots)
            },
        )
    {
        return Err(CliError::Refused {
            target: format!("to {}", args.out.display()),
            why,
        });
    }
    let (xml, pages, skipped_yaml) = handoff::export(&site, &args.locale, &statuses)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    output::replace_file(&args.out, xml.as_bytes())
        .map_err(|cause| CliError::io("write", args.out.display(), cause))?;
    eprintln!("wrote {} ({pages} page(s))", args.out.display());
    for path in &skipped_yaml {
        eprintln!(
            "note: {path} is a YAML landing or hub page: not exported, translate its file as it is"
        );
    }
    Ok(EXIT_OK)
}

pub fn import(args: ImportArgs) -> CmdResult {
    let text = std::fs::read_to_string(&args.file).map_err(|cause| CliError::UnreadableInput {
        path: args.file.display().to_string(),
        cause,
    })?;
    let parsed =
        xliff::read(&text).map_err(|e| CliError::Site(format!("{}: {e}", args.file.display())))?;
    let site = super::load_site(args.root.existing()?)?;
    let written = handoff::import(&site, &parsed, handoff::this_month()).map_err(|e| {
        CliError::Site(format!("{}: {e}; nothing was written", args.file.display()))
    })?;
    // All or nothing: a refusal after some files were written would leave
    // the import half done.
    // A locale with a folder of its own gets its pages there, and nowhere else.
    let places: Vec<_> = written
        .iter()
        .map(|w| site.config().source_place(site.root(), &w.file))
        .collect();
    for place in &places {
        super::refuse_symlinked(&place.base, &place.rel)
            .map_err(|refused| CliError::NothingImported(Box::new(refused)))?;
    }
    for (w, place) in written.iter().zip(&places) {
        let target = place.abs();
        target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| output::replace_file(&target, &w.bytes))
            .map_err(|cause| CliError::io("write", &place.shown, cause))?;
        eprintln!("wrote {}", place.shown);
    }
    Ok(EXIT_OK)
}
