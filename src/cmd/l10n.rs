//! `helpsite l10n`: translation status reports and starting or refreshing
//! translations.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{load_site, print_stdout, CliError, CmdResult, RootArg, EXIT_OK};
use crate::l10n::history::History;
use crate::output;
use crate::site::freshness::COMMIT_KEY;
use crate::site::PageKind;
use crate::translations::stamp::{self, SOURCE_PATH_KEY};
use crate::translations::status::{self, sha1_hex, HASH_KEY};

#[derive(clap::Args, Debug)]
pub struct L10nArgs {
    #[command(subcommand)]
    pub command: L10nCommand,
}

#[derive(Subcommand, Debug)]
pub enum L10nCommand {
    /// Which pages each locale has translated, and which need work
    Status(StatusArgs),
    /// Start a translation from a default-locale page, or refresh its stamp
    Add(AddArgs),
    /// Record that a translation is up to date with its source now (same as `add --mark-current`)
    MarkCurrent(MarkCurrentArgs),
    /// What changed in the source since the translation was made, as a unified diff
    Diff(super::l10n_diff::DiffArgs),
    /// Write the text of pages that need translating as XLIFF 2.1 for a translator's tools
    Export(super::l10n_handoff::ExportArgs),
    /// Write the translations in an XLIFF handoff back into the locale's Markdown pages
    Import(super::l10n_handoff::ImportArgs),
}

#[derive(clap::Args, Debug)]
pub struct MarkCurrentArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The locale of the translation, e.g. `nl`
    #[arg(long)]
    pub locale: String,
    /// The default-locale page or its translation, relative to `content/<locale>/`
    pub path: String,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFormat {
    Text,
    Json,
    Html,
}

#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub root: RootArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: StatusFormat,
    /// Write the report to this file instead of stdout
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The locale to translate into, e.g. `nl`
    #[arg(long)]
    pub locale: String,
    /// Refresh the stamp of the existing translation instead: the translator
    /// has brought it up to date with the current source
    #[arg(long)]
    pub mark_current: bool,
    /// Start a locale the site does not have yet (its tag must be exact, e.g. `fr` or `pt-BR`)
    #[arg(long)]
    pub new_locale: bool,
    /// The default-locale page, relative to `content/<default locale>/`
    /// (a `content/<default locale>/` prefix is accepted too)
    pub path: String,
}

pub fn run(args: L10nArgs) -> CmdResult {
    match args.command {
        L10nCommand::Status(a) => run_status(a),
        L10nCommand::Add(a) => run_add(a),
        L10nCommand::MarkCurrent(a) => run_add(AddArgs {
            root: a.root,
            locale: a.locale,
            mark_current: true,
            new_locale: false,
            path: a.path,
        }),
        L10nCommand::Diff(a) => super::l10n_diff::run(a),
        L10nCommand::Export(a) => super::l10n_handoff::export(a),
        L10nCommand::Import(a) => super::l10n_handoff::import(a),
    }
}

fn run_status(args: StatusArgs) -> CmdResult {
    let root = args.root.existing()?;
    // Command-line paths are relative to the current folder, as in every shell tool.
    if let Some(why) = args.out.as_deref().and_then(|out| {
        output::refuse_file_reason(root, out, &status::looks_like_report).or_else(|| {
            output::refuse_in_content_roots(out, &super::build::own_content_roots(root))
        })
    }) {
        let out = args.out.as_deref().unwrap_or(root);
        return Err(CliError::Refused {
            target: format!("to {}", out.display()),
            why,
        });
    }
    let site = load_site(root)?;
    let report = status::status(&site);
    let text = match args.format {
        StatusFormat::Text => status::format_text(&report),
        StatusFormat::Json => status::format_json(&report) + "\n",
        StatusFormat::Html => status::format_html(&report, &site.config().title),
    };
    match args.out {
        None => {
            print_stdout(&text)?;
        }
        Some(out) => {
            output::replace_file(&out, text.as_bytes())
                .map_err(|cause| CliError::io("write", out.display(), cause))?;
            eprintln!("wrote {}", out.display());
        }
    }
    Ok(EXIT_OK)
}

/// A locale tag that is safe as a folder name: `nl`, `pt-BR`, `zh_Hans`.
fn valid_locale(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `PATH` as a page path relative to the default locale's folder (`place`),
/// or why not.
fn page_path(place: &crate::config::LocaleRoot, raw: &str) -> Result<String, String> {
    let mut p = raw.replace('\\', "/");
    if let Ok(rel) = Path::new(raw).strip_prefix(&place.dir) {
        p = rel.to_string_lossy().replace('\\', "/");
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    if let Some(rest) = p.strip_prefix(place.shown.as_str()) {
        p = rest.to_string();
    }
    if p.is_empty() || p.starts_with('/') || p.split('/').any(|seg| seg == ".." || seg.is_empty()) {
        return Err(format!("`{raw}` is not a page path inside {}", place.shown));
    }
    Ok(p)
}

fn run_add(args: AddArgs) -> CmdResult {
    let root = args.root.existing()?;
    let site = load_site(root)?;
    let default = site.config().default_locale.clone();
    let locale = args.locale.as_str();
    if locale == default {
        return Err(CliError::Usage(format!(
            "--locale {locale} is the default locale; give the locale to translate into"
        )));
    }
    let known = site.locales().iter().any(|l| l == locale);
    let tag_error = crate::config::check_locale_tag(locale).err();
    if !valid_locale(locale) || tag_error.is_some() || (!known && site.config().locales.is_some()) {
        return Err(CliError::Usage(format!(
            "unknown locale `{locale}` (this site has: {}){}",
            site.locales().join(", "),
            tag_error.map(|why| format!("; {why}")).unwrap_or_default()
        )));
    }
    // A typo (`fr` for `fy`, `NL` for `nl`) must not start a locale by accident.
    if !known && !args.new_locale {
        let same_but_case = site
            .locales()
            .iter()
            .find(|l| l.eq_ignore_ascii_case(locale));
        return Err(CliError::Usage(format!(
            "this site has no locale `{locale}` (it has: {}){}; pass --new-locale to start one",
            site.locales().join(", "),
            same_but_case
                .map(|l| format!("; did you mean `{l}`?"))
                .unwrap_or_default()
        )));
    }
    let config = site.config();
    let default_root = config.locale_root(root, &default);
    let path = page_path(&default_root, &args.path).map_err(CliError::Usage)?;
    let shown_source = |path: &str| default_root.show(path);
    // With --mark-current, the translation's own path is accepted too.
    let source_path = if args.mark_current && site.page(&default, &path).is_none() {
        site.source_of(locale, &path).cloned().unwrap_or(path)
    } else {
        path
    };
    let Some(source) = site
        .page(&default, &source_path)
        .filter(|p| p.kind == PageKind::Content)
    else {
        return Err(CliError::Site(format!(
            "there is no page {}",
            shown_source(&source_path)
        )));
    };
    if source.redirect_url().is_some() {
        return Err(CliError::Site(format!(
            "{} is a redirect page; redirects are not translated",
            shown_source(&source_path)
        )));
    }
    let source_place = config.source_place(root, &source.file);
    let source_bytes = std::fs::read(source_place.abs())
        .map_err(|cause| CliError::io("read", &source_place.shown, cause))?;
    let hash = sha1_hex(&source_bytes);
    // The commit that holds the source exactly as it is now, so `l10n diff`
    // can later show what changed since this stamp.
    let commit = History::open_sources(root, config)
        .and_then(|h| h.find_by_sha1(&source.file, &hash))
        .map(|v| v.commit);
    let stamp = |text: &[u8]| -> Result<Vec<u8>, String> {
        let stamped = stamp::stamp(text, &hash, &source_path)?;
        match &commit {
            Some(c) => stamp::set_keys(&stamped, &[(COMMIT_KEY, c)]),
            None => Ok(stamped),
        }
    };
    let commit_note = match &commit {
        Some(c) => format!(", {COMMIT_KEY}: {c}"),
        None => String::new(),
    };
    let existing = site.translation_of(locale, &source_path);
    if args.mark_current {
        let Some(translation) = existing else {
            return Err(CliError::Site(format!(
                "{} has no translation in {locale}; run without --mark-current to start one",
                shown_source(&source_path)
            )));
        };
        let place = config.source_place(root, &format!("content/{locale}/{translation}"));
        restamp(&place, stamp)?;
        eprintln!(
            "stamped {}: {HASH_KEY}: {hash}, {SOURCE_PATH_KEY}: {source_path}{commit_note}",
            place.shown
        );
        return Ok(EXIT_OK);
    }
    if let Some(translation) = existing {
        let shown = config.locale_root(root, locale).show(translation);
        return Err(CliError::Site(format!(
            "{} is already translated as {shown}; \
             not overwriting it (use --mark-current to refresh its stamp)",
            shown_source(&source_path)
        )));
    }
    // Into the locale's own folder when it has one, and nowhere else.
    let place = config.source_place(root, &format!("content/{locale}/{source_path}"));
    let file = place.shown.clone();
    refuse_symlinked_at(&place)?;
    let target = place.abs();
    if target.exists() {
        return Err(CliError::Site(format!(
            "{file} already exists; not overwriting it"
        )));
    }
    let stamped =
        stamp(&source_bytes).map_err(|e| CliError::Site(format!("{}: {e}", source.file)))?;
    create_new(&target, &stamped).map_err(|cause| CliError::io("create", &file, cause))?;
    eprintln!(
        "created {file} from {}: {HASH_KEY}: {hash}{commit_note}",
        source_place.shown
    );
    Ok(EXIT_OK)
}

/// Refuses a translation whose path in its folder (the site root, or the
/// locale's own) is or passes a symlink, naming it as the writer sees it.
fn refuse_symlinked_at(place: &crate::config::SourcePlace) -> Result<(), CliError> {
    super::refuse_symlinked(&place.base, &place.rel).map_err(|e| match e {
        CliError::Symlinked { why, .. } => CliError::Symlinked {
            file: place.shown.clone(),
            why,
        },
        other => other,
    })
}

/// Rewrites the translation at `place` with `stamp` applied to its text.
fn restamp(
    place: &crate::config::SourcePlace,
    stamp: impl Fn(&[u8]) -> Result<Vec<u8>, String>,
) -> Result<(), CliError> {
    refuse_symlinked_at(place)?;
    let file = place.shown.as_str();
    let target = place.abs();
    let text = std::fs::read(&target).map_err(|cause| CliError::io("read", file, cause))?;
    let stamped = stamp(&text).map_err(|e| CliError::Site(format!("{file}: {e}")))?;
    crate::output::replace_file(&target, &stamped)
        .map_err(|cause| CliError::io("write", file, cause))
}

/// Creates `target` with `bytes`, never overwriting, even a file (or a
/// dangling symlink) that appeared meanwhile.
fn create_new(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    target
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(target)
        })
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_are_normalized_and_kept_inside_content() {
        let root = Path::new("/site");
        let en = crate::config::Config::default().locale_root(root, "en");
        assert_eq!(
            page_path(&en, "content/en/EndUser/a.md").unwrap(),
            "EndUser/a.md"
        );
        assert_eq!(page_path(&en, "./EndUser\\a.md").unwrap(), "EndUser/a.md");
        assert_eq!(page_path(&en, "/site/content/en/a.md").unwrap(), "a.md");
        assert!(page_path(&en, "../secret.md").is_err());
        assert!(page_path(&en, "/etc/passwd").is_err());
        assert!(valid_locale("pt-BR"));
        assert!(!valid_locale("../nl"));
    }
}
