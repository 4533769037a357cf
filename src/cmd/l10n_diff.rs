//! `helpsite l10n diff`: what changed in a source page since its
//! translation was made, as a unified diff a translator can read.

use super::{print_stdout, CliError, CmdResult, RootArg, EXIT_OK};
use crate::l10n::history::History;
use crate::site::freshness::{self as changes, COMMIT_KEY};
use crate::site::PageKind;
use crate::translations::status::{sha1_hex, HASH_KEY};

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The locale of the translation; may be left out when the site has only one
    #[arg(long)]
    pub locale: Option<String>,
    /// The default-locale page or its translation, relative to `content/<locale>/`
    pub path: String,
}

pub fn run(args: DiffArgs) -> CmdResult {
    let root = args.root.existing()?;
    let site = super::load_site(root)?;
    let default = site.config().default_locale.clone();
    let others: Vec<&String> = site.locales().iter().filter(|l| **l != default).collect();
    let locale = match (&args.locale, others.as_slice()) {
        (Some(l), _) if others.contains(&l) => l.clone(),
        (Some(l), _) => {
            return Err(CliError::Usage(format!(
                "this site has no translation locale `{l}` (it has: {})",
                join(&others)
            )));
        }
        (None, [only]) => (*only).clone(),
        (None, _) => {
            return Err(CliError::Usage(format!(
                "give --locale, one of: {}",
                join(&others)
            )));
        }
    };
    let raw = args.path.replace('\\', "/");
    let shown_default = site.config().locale_root(root, &default).shown;
    let shown_locale = site.config().locale_root(root, &locale).shown;
    let path = raw
        .trim_start_matches("./")
        .trim_start_matches(shown_default.as_str())
        .trim_start_matches(shown_locale.as_str())
        .trim_start_matches(&format!("content/{default}/"))
        .trim_start_matches(&format!("content/{locale}/"))
        .to_string();
    let source_path = if site.page(&default, &path).is_some() {
        path
    } else {
        match site.source_of(&locale, &path) {
            Some(s) => s.clone(),
            None => {
                return Err(CliError::Site(format!("there is no page content/{default}/{path} and no translation content/{locale}/{path} with a source")));
            }
        }
    };
    let Some(source) = site
        .page(&default, &source_path)
        .filter(|p| p.kind == PageKind::Content)
    else {
        return Err(CliError::Site(format!(
            "there is no page content/{default}/{source_path}"
        )));
    };
    let now = source.text().unwrap_or_default().to_string();
    let shown = |file: &str| site.config().source_place(root, file).shown;
    let source_file = shown(&source.file);
    let translation = site
        .translation_of(&locale, &source_path)
        .and_then(|t| site.page(&locale, t))
        .filter(|p| p.kind == PageKind::Content);
    let Some(translation) = translation else {
        eprintln!(
            "{source_file} has no translation in {locale} yet; \
             all of it is to translate, shown as added"
        );
        print_stdout(&unified("", &now, "/dev/null", &source_file))?;
        return Ok(EXIT_OK);
    };
    let translation_file = shown(&translation.file);
    if translation
        .front
        .get_str(HASH_KEY)
        .is_some_and(|h| h.eq_ignore_ascii_case(&sha1_hex(now.as_bytes())))
    {
        eprintln!(
            "{} is up to date with {}: nothing changed since it was translated",
            translation_file, source_file
        );
        return Ok(EXIT_OK);
    }
    let history = History::open_sources(root, site.config());
    let old = history
        .as_ref()
        .and_then(|h| changes::old_source(h, source, translation));
    let shown = match old {
        Some(old) => {
            let old_text = String::from_utf8_lossy(&old.bytes);
            let short = &old.commit[..old.commit.len().min(12)];
            print_stdout(&unified(
                &old_text,
                &now,
                &format!("{source_file} (at {short}, translated from)"),
                &format!("{source_file} (now)"),
            ))
        }
        None => {
            let why = match (&history, translation.front.get_str(COMMIT_KEY)) {
                (None, _) => "the site is not in a git repository, so the source as it was cannot be read".to_string(),
                (Some(_), Some(c)) if !crate::l10n::history::is_commit_id(&c) => format!(
                    "{} names source commit `{c}`, which is not a commit id, \
                     and no committed version of {} has the SHA-1 in its {HASH_KEY}",
                    translation_file, source_file
                ),
                (Some(_), Some(c)) => format!(
                    "{} names source commit {c}, which this repository's history does not have, \
                     and no committed version of {} has the SHA-1 in its {HASH_KEY}",
                    translation_file, source_file
                ),
                (Some(_), None) => format!(
                    "{} names no source commit ({COMMIT_KEY}), and no committed version of {} has the SHA-1 in its {HASH_KEY}",
                    translation_file, source_file
                ),
            };
            eprintln!(
                "cannot show what changed: {why}.\nShowing the whole source instead; \
                 `helpsite l10n mark-current` records the commit for next time."
            );
            print_stdout(&unified("", &now, "/dev/null", &source_file))
        }
    };
    shown.map(|()| EXIT_OK)
}

fn join(locales: &[&String]) -> String {
    locales
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A unified diff with three lines of context, as `diff -u` writes it.
pub fn unified(old: &str, new: &str, old_label: &str, new_label: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string()
}
