//! Starting a site and its pages without copying this repository:
//! `helpsite init` (a site that builds with no diagnostics),
//! `theme eject` (editable copies of the built-in theme) and `new` (a page
//! with its front matter and its entry in the TOC).
//!
//! Nothing here overwrites a file or writes through a symlink: what is in
//! the way is listed and nothing is written.

pub mod eject;
mod files;
pub mod from_docfx;
pub mod ids;
pub mod init;
pub mod new_page;
mod starter_text;
pub mod toc_entry;

use std::path::{Path, PathBuf};

use crate::config::Config;

/// Why a scaffolding command wrote nothing.
#[derive(Debug)]
pub enum Refusal {
    /// The call was wrong: a locale that is no language tag, a page name
    /// that cannot be a page. Exit 2.
    Usage(String),
    /// Something in the site is in the way (an existing file, a symlink).
    /// Exit 1.
    InTheWay(String),
    /// Reading or writing failed. Exit 1.
    Io {
        doing: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },
}

impl Refusal {
    fn io(doing: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Refusal {
        let path = path.to_path_buf();
        move |cause| Refusal::Io { doing, path, cause }
    }
}

/// The folder that holds `locale`'s pages: `content/<locale>/`, or the
/// folder `[locales.<tag>] content` names. Every command here finds a
/// locale's pages through this one function.
pub fn locale_dir(root: &Path, config: &Config, locale: &str) -> PathBuf {
    config.locale_root(root, locale).dir
}

/// The site's locales: those `site.toml` lists, else the folders under
/// `content/` whose names are language tags (as the build finds them).
pub fn site_locales(root: &Path, config: &Config) -> Vec<String> {
    if let Some(listed) = &config.locales {
        return listed.clone();
    }
    let mut found: Vec<String> = std::fs::read_dir(root.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| !name.starts_with('.') && crate::config::check_locale_tag(name).is_ok())
        .collect();
    found.sort();
    found
}

/// `text` as Markdown that shows exactly it: every ASCII punctuation mark
/// escaped, so a title such as `<b>Printers</b> [old]` stays text.
pub(crate) fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `path` as a shell word, quoted only when it has to be.
pub(crate) fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
