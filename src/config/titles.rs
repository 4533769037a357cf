//! `[titles]`: the site's name in each locale's own language, so a Dutch
//! reader sees a Dutch name in the header, the tab and the chooser:
//!
//! ```toml
//! title = "Company help"
//! [titles]
//! nl = "Bedrijfshulp"
//! ```
//!
//! A locale not named keeps `title`.

// A configuration error ends the command, once per run, and comes back the
// way `Config::parse` returns its own: boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic};

use super::{check_locale_tag, CONFIG_FILE};

/// A site name is a short line of text; a longer one is a mistake (a page
/// pasted in), and it would fill every header.
pub const MAX_TITLE_CHARS: usize = 200;

/// `[titles]` as written: locale → name, each with where it is written.
pub type Written = BTreeMap<String, Spanned<String>>;

/// Every name checked: a language tag the site builds, and a name that is
/// one short line of text. Each problem is an error at its place in `text`.
pub(super) fn check(
    text: &str,
    titles: &Written,
    locales: Option<&[String]>,
    default_locale: &str,
) -> Result<(), Diagnostic> {
    for (locale, title) in titles {
        let key_at = key_offset(text, locale);
        if let Err(why) = check_locale_tag(locale) {
            return Err(error(
                format!("[titles] names `{locale}`, which is not a BCP 47 language tag: {why}"),
                text,
                key_at,
            ));
        }
        let built =
            locales.is_none_or(|l| l.iter().any(|x| x == locale)) || locale == default_locale;
        if !built {
            return Err(error(
                format!("[titles] names locale `{locale}`, which `locales` does not list"),
                text,
                key_at,
            )
            .with_suggestion("add it to `locales`, or remove its title"));
        }
        if let Err(why) = check_title(title.get_ref()) {
            return Err(error(
                format!("the title of `{locale}` in [titles] {why}"),
                text,
                title.span().start,
            ));
        }
    }
    Ok(())
}

/// Without `locales`, the folders under `content/` are the locales: a title
/// for a locale that has none would never be shown.
pub(super) fn check_folders(text: &str, titles: &Written, root: &Path) -> Result<(), Diagnostic> {
    for locale in titles.keys() {
        if !root.join("content").join(locale).is_dir() {
            return Err(error(
                format!("[titles] names locale `{locale}`, which has no folder content/{locale}/"),
                text,
                key_offset(text, locale),
            )
            .with_suggestion("name a locale of the site, or remove its title"));
        }
    }
    Ok(())
}

/// The same rules hold for `title` itself.
pub(super) fn check_title(title: &str) -> Result<(), String> {
    if title.trim().is_empty() {
        return Err("is empty".into());
    }
    if title.chars().any(char::is_control) {
        return Err("holds a control character (a line break or tab); write one line".into());
    }
    let chars = title.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(format!(
            "is {chars} characters long; a site name has at most {MAX_TITLE_CHARS}"
        ));
    }
    Ok(())
}

fn error(message: String, text: &str, offset: usize) -> Diagnostic {
    Diagnostic::error(Code::Config, CONFIG_FILE, message).at(text, offset)
}

/// Where the key `locale` is written in `[titles]` or `titles = {…}`,
/// bare or quoted; where the table starts when it cannot be told.
fn key_offset(text: &str, locale: &str) -> usize {
    let start = ["[titles]", "titles =", "titles="]
        .iter()
        .filter_map(|t| text.find(t))
        .min()
        .unwrap_or(0);
    let mut found = Vec::new();
    for quote in ["", "\"", "'"] {
        let key = format!("{quote}{locale}{quote}");
        let mut from = start;
        while let Some(i) = text[from..].find(&key) {
            let at = from + i;
            let before = text[..at].trim_end_matches([' ', '\t']).chars().last();
            let after = text[at + key.len()..].trim_start_matches([' ', '\t']);
            if matches!(before, Some('\n' | '{' | ',')) && after.starts_with('=') {
                found.push(at);
                break;
            }
            from = at + key.len();
        }
    }
    found.into_iter().min().unwrap_or(start)
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::*;

    #[test]
    fn each_locale_its_own_title_and_the_rest_the_default() {
        let c = Config::parse("title = 'Company help'\n[titles]\nnl = 'Bedrijfshulp'\n").unwrap();
        assert_eq!(c.title_in("nl"), "Bedrijfshulp");
        assert_eq!(c.title_in("en"), "Company help");
        assert_eq!(c.title_in("de"), "Company help");
    }

    #[test]
    fn bad_titles_are_errors_at_their_place() {
        for (text, line, column, says) in [
            ("[titles]\nnl = ''\n", 2, 6, "is empty"),
            ("[titles]\nnl = \"a\\nb\"\n", 2, 6, "control character"),
            ("[titles]\nnl = '   '\n", 2, 6, "is empty"),
            ("title = 'x'\n[titles]\n'../x' = 'y'\n", 3, 1, "BCP 47"),
            (
                "locales = ['en']\n[titles]\nen = 'a'\nnl = 'b'\n",
                4,
                1,
                "does not list",
            ),
            ("[titles]\nnl = 5\n", 2, 6, "string"),
        ] {
            let e = Config::parse(text).unwrap_err();
            assert_eq!(e.code, Code::Config, "{text}");
            assert_eq!(
                (e.span.line, e.span.column),
                (line, column),
                "{text}: {e:?}"
            );
            assert!(e.message.contains(says), "{text}: {}", e.message);
        }
        let long = format!("[titles]\nnl = '{}'\n", "ä".repeat(MAX_TITLE_CHARS + 1));
        let e = Config::parse(&long).unwrap_err();
        assert!(e.message.contains("at most 200"), "{}", e.message);
        assert!(Config::parse("title = ''")
            .unwrap_err()
            .message
            .contains("empty"));
    }

    #[test]
    fn an_inline_table_s_keys_are_found_too() {
        let text = "title = 'x'\ntitles = { nl = 'y', \"<p>\" = 'z' }\n";
        let e = Config::parse(text).unwrap_err();
        assert_eq!((e.span.line, e.span.column), (2, 22), "{e:?}");
    }

    #[test]
    fn a_title_for_a_locale_without_a_folder_is_an_error() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("content/en")).unwrap();
        let toml = "title = 'x'\n[titles]\nen = 'y'\nfr = 'z'\n";
        std::fs::write(t.path().join(CONFIG_FILE), toml).unwrap();
        let e = Config::load(t.path()).unwrap_err();
        assert_eq!((e.span.line, e.span.column), (4, 1), "{e:?}");
        assert!(e.message.contains("content/fr/"), "{}", e.message);
    }
}
