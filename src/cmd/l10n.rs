//! `helpsite l10n`: translation status reports and starting or refreshing
//! translations.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{print_stdout, RootArg, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::diagnostics;
use crate::l10n::history::History;
use crate::output;
use crate::site::freshness::COMMIT_KEY;
use crate::site::{PageKind, Site};
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

pub fn run(args: L10nArgs) -> std::io::Result<u8> {
    Ok(match args.command {
        L10nCommand::Status(a) => run_status(a)?,
        L10nCommand::Add(a) => run_add(a),
        L10nCommand::MarkCurrent(a) => run_add(AddArgs {
            root: a.root,
            locale: a.locale,
            mark_current: true,
            new_locale: false,
            path: a.path,
        }),
        L10nCommand::Diff(a) => super::l10n_diff::run(a)?,
        L10nCommand::Export(a) => super::l10n_handoff::export(a),
        L10nCommand::Import(a) => super::l10n_handoff::import(a),
    })
}

fn load(root: &Path) -> Result<Site, u8> {
    Site::load(root).map_err(|fatal| {
        diagnostics::print(&fatal.0, false);
        EXIT_PROBLEMS
    })
}

fn run_status(args: StatusArgs) -> std::io::Result<u8> {
    let root = match args.root.existing() {
        Ok(root) => root,
        Err(code) => return Ok(code),
    };
    // Command-line paths are relative to the current folder, as in every shell tool.
    if let Some(why) = args
        .out
        .as_deref()
        .and_then(|out| output::refuse_file_reason(root, out, &status::looks_like_report))
    {
        let out = args.out.as_deref().unwrap_or(root);
        eprintln!("error: refusing to write to {}: {why}", out.display());
        return Ok(EXIT_USAGE);
    }
    let site = match load(root) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let report = status::status(&site);
    let text = match args.format {
        StatusFormat::Text => status::format_text(&report),
        StatusFormat::Json => status::format_json(&report) + "\n",
        StatusFormat::Html => status::format_html(&report, &site.config.title),
    };
    match args.out {
        None => {
            print_stdout(&text)?;
        }
        Some(out) => {
            if let Err(e) = output::replace_file(&out, text.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return Ok(EXIT_PROBLEMS);
            }
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

/// `PATH` as a page path relative to `content/<default>/`, or why not.
fn page_path(root: &Path, default: &str, raw: &str) -> Result<String, String> {
    let mut p = raw.replace('\\', "/");
    let abs_prefix = root.join("content").join(default);
    if let Ok(rel) = Path::new(raw).strip_prefix(&abs_prefix) {
        p = rel.to_string_lossy().replace('\\', "/");
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    if let Some(rest) = p.strip_prefix(&format!("content/{default}/")) {
        p = rest.to_string();
    }
    if p.is_empty() || p.starts_with('/') || p.split('/').any(|seg| seg == ".." || seg.is_empty()) {
        return Err(format!(
            "`{raw}` is not a page path inside content/{default}/"
        ));
    }
    Ok(p)
}

fn run_add(args: AddArgs) -> u8 {
    let root = match args.root.existing() {
        Ok(root) => root,
        Err(code) => return code,
    };
    let site = match load(root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let default = site.config.default_locale.clone();
    let locale = args.locale.as_str();
    if locale == default {
        eprintln!(
            "error: --locale {locale} is the default locale; give the locale to translate into"
        );
        return EXIT_USAGE;
    }
    let known = site.locales.iter().any(|l| l == locale);
    let tag_error = crate::config::check_locale_tag(locale).err();
    if !valid_locale(locale) || tag_error.is_some() || (!known && site.config.locales.is_some()) {
        eprintln!(
            "error: unknown locale `{locale}` (this site has: {}){}",
            site.locales.join(", "),
            tag_error.map(|why| format!("; {why}")).unwrap_or_default()
        );
        return EXIT_USAGE;
    }
    // A typo (`fr` for `fy`, `NL` for `nl`) must not start a locale by accident.
    if !known && !args.new_locale {
        let same_but_case = site.locales.iter().find(|l| l.eq_ignore_ascii_case(locale));
        eprintln!(
            "error: this site has no locale `{locale}` (it has: {}){}; pass --new-locale to start one",
            site.locales.join(", "),
            same_but_case.map(|l| format!("; did you mean `{l}`?")).unwrap_or_default()
        );
        return EXIT_USAGE;
    }
    let path = match page_path(root, &default, &args.path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    // With --mark-current, the translation's own path is accepted too.
    let source_path = if args.mark_current && site.page(&default, &path).is_none() {
        site.pairing
            .source_of
            .get(&(locale.to_string(), path.clone()))
            .cloned()
            .unwrap_or(path)
    } else {
        path
    };
    let Some(source) = site
        .page(&default, &source_path)
        .filter(|p| p.kind == PageKind::Content)
    else {
        eprintln!("error: there is no page content/{default}/{source_path}");
        return EXIT_PROBLEMS;
    };
    if source.redirect_url().is_some() {
        eprintln!("error: content/{default}/{source_path} is a redirect page; redirects are not translated");
        return EXIT_PROBLEMS;
    }
    let source_file = root.join(&source.file);
    let source_bytes = match std::fs::read(&source_file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", source.file);
            return EXIT_PROBLEMS;
        }
    };
    let hash = sha1_hex(&source_bytes);
    // The commit that holds the source exactly as it is now, so `l10n diff`
    // can later show what changed since this stamp.
    let commit = History::open(root)
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
    let existing = site
        .pairing
        .translation_of
        .get(&(locale.to_string(), source_path.clone()));
    if args.mark_current {
        let Some(translation) = existing else {
            eprintln!("error: content/{default}/{source_path} has no translation in {locale}; run without --mark-current to start one");
            return EXIT_PROBLEMS;
        };
        let file = format!("content/{locale}/{translation}");
        let code = restamp(root, &file, stamp);
        if code == EXIT_OK {
            eprintln!(
                "stamped {file}: {HASH_KEY}: {hash}, {SOURCE_PATH_KEY}: {source_path}{commit_note}"
            );
        }
        return code;
    }
    if let Some(translation) = existing {
        eprintln!(
            "error: content/{default}/{source_path} is already translated as content/{locale}/{translation}; \
             not overwriting it (use --mark-current to refresh its stamp)"
        );
        return EXIT_PROBLEMS;
    }
    let file = format!("content/{locale}/{source_path}");
    if let Err(code) = refuse_symlinked(root, &file) {
        return code;
    }
    let target = root.join(&file);
    if target.exists() {
        eprintln!("error: {file} already exists; not overwriting it");
        return EXIT_PROBLEMS;
    }
    let stamped = match stamp(&source_bytes) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", source.file);
            return EXIT_PROBLEMS;
        }
    };
    match create_new(&target, &stamped) {
        Ok(()) => {
            eprintln!(
                "created {file} from {}: {HASH_KEY}: {hash}{commit_note}",
                source.file
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot create {file}: {e}");
            EXIT_PROBLEMS
        }
    }
}

/// Rewrites the translation `file` with `stamp` applied to its text.
fn restamp(root: &Path, file: &str, stamp: impl Fn(&[u8]) -> Result<Vec<u8>, String>) -> u8 {
    if let Err(code) = refuse_symlinked(root, file) {
        return code;
    }
    let target = root.join(file);
    let result = std::fs::read(&target)
        .map_err(|e| format!("cannot read {file}: {e}"))
        .and_then(|text| stamp(&text).map_err(|e| format!("{file}: {e}")))
        .and_then(|stamped| {
            crate::output::replace_file(&target, &stamped)
                .map_err(|e| format!("cannot write {file}: {e}"))
        });
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_PROBLEMS
        }
    }
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

/// Refuses a translation that is, or lies in, a symlink: written through,
/// its target (often the source itself, which the link keeps inside the
/// site) would get the translation's text.
pub(super) fn refuse_symlinked(root: &Path, file: &str) -> Result<(), u8> {
    match output::symlinked_source(root, file) {
        Some(why) => {
            eprintln!(
                "error: not writing {file}: {why}; helpsite writes only the file it names, never a link's target"
            );
            Err(EXIT_PROBLEMS)
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_are_normalized_and_kept_inside_content() {
        let root = Path::new("/site");
        assert_eq!(
            page_path(root, "en", "content/en/EndUser/a.md").unwrap(),
            "EndUser/a.md"
        );
        assert_eq!(
            page_path(root, "en", "./EndUser\\a.md").unwrap(),
            "EndUser/a.md"
        );
        assert_eq!(
            page_path(root, "en", "/site/content/en/a.md").unwrap(),
            "a.md"
        );
        assert!(page_path(root, "en", "../secret.md").is_err());
        assert!(page_path(root, "en", "/etc/passwd").is_err());
        assert!(valid_locale("pt-BR"));
        assert!(!valid_locale("../nl"));
    }
}
