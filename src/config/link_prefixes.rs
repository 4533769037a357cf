//! `link_prefixes`: the addresses under which pages link to their own site.
//! A list maps every prefix to the locale root; a table names the folder
//! under the locale root that each prefix maps to:
//!
//! ```toml
//! link_prefixes = ["/intune/"]
//! [link_prefixes]
//! "/intune/" = "intune/"
//! ```

// A configuration error ends the command, once per run, and comes back the
// way `Config::parse` returns its own: boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic};

use super::CONFIG_FILE;

/// One prefix and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPrefix {
    /// Lower-cased, as links are matched in any letter case:
    /// `/intune/`, `https://docs.microsoft.com/intune/`.
    pub prefix: String,
    /// The folder under the locale root, `intune` or `mem/intune`, with no
    /// slash at either end; empty for the locale root itself.
    pub folder: String,
}

impl LinkPrefix {
    /// A prefix that maps to the locale root.
    pub fn to_root(prefix: &str) -> Self {
        LinkPrefix {
            prefix: prefix.to_lowercase(),
            folder: String::new(),
        }
    }
}

impl From<&str> for LinkPrefix {
    fn from(prefix: &str) -> Self {
        LinkPrefix::to_root(prefix)
    }
}

/// The list form reads as it always did: a list of prefixes of the root.
impl PartialEq<&str> for LinkPrefix {
    fn eq(&self, other: &&str) -> bool {
        self.folder.is_empty() && self.prefix == *other
    }
}

/// `link_prefixes` as written in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "a list of prefixes, or a table of `\"/prefix/\" = \"folder/\"`"
)]
pub(super) enum Written {
    List(Vec<String>),
    Table(BTreeMap<String, String>),
}

impl Default for Written {
    fn default() -> Self {
        Written::List(Vec::new())
    }
}

impl Written {
    /// The prefixes, each folder made plain (`/intune/` → `intune`); a
    /// folder that leaves the locale root is an error at its place in `text`.
    pub(super) fn prefixes(&self, text: &str) -> Result<Vec<LinkPrefix>, Diagnostic> {
        match self {
            Written::List(list) => Ok(list.iter().map(|p| LinkPrefix::to_root(p)).collect()),
            Written::Table(table) => table
                .iter()
                .map(|(prefix, folder)| {
                    let plain = plain_folder(folder)
                        .map_err(|why| folder_error(text, prefix, folder, why.to_string()))?;
                    Ok(LinkPrefix {
                        prefix: prefix.to_lowercase(),
                        folder: plain,
                    })
                })
                .collect(),
        }
    }

    /// A folder the table names that the default locale does not have is
    /// an error: every link under its prefix would be broken.
    pub(super) fn check_folders(
        &self,
        text: &str,
        locale_root: &super::LocaleRoot,
        prefixes: &[LinkPrefix],
    ) -> Result<(), Diagnostic> {
        let Written::Table(table) = self else {
            return Ok(());
        };
        for ((prefix, folder), plain) in table.iter().zip(prefixes.iter().map(|p| &p.folder)) {
            if plain.is_empty() || locale_root.dir.join(plain).is_dir() {
                continue;
            }
            return Err(folder_error(
                text,
                prefix,
                folder,
                format!("is not a folder in {}", locale_root.shown),
            )
            .with_suggestion(
                "name a folder under the default locale's content folder, e.g. `\"intune/\"`",
            ));
        }
        Ok(())
    }
}

/// `intune/`, `/mem/intune/`, `mem\intune` → `intune`, `mem/intune`.
fn plain_folder(written: &str) -> Result<String, &'static str> {
    let unified = written.trim().replace('\\', "/");
    let mut parts = Vec::new();
    for part in unified.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if part == ".." {
            return Err("leads out of the locale's content folder (`..`)");
        }
        if part.contains(':') || part.chars().any(char::is_control) {
            return Err("is not a folder name (`:` or a control character)");
        }
        parts.push(part);
    }
    Ok(parts.join("/"))
}

/// An error about the folder of `prefix`, at the folder's place in `text`
/// when it can be found there.
fn folder_error(text: &str, prefix: &str, folder: &str, why: String) -> Diagnostic {
    let d = Diagnostic::error(
        Code::Config,
        CONFIG_FILE,
        format!("link_prefixes: the folder `{folder}` of `{prefix}` {why}"),
    );
    match place_of(text, prefix, folder) {
        Some(offset) => d.at(text, offset),
        None => d,
    }
}

/// Where the value of the table entry `prefix = folder` is written: after
/// the key, in either quoting.
fn place_of(text: &str, prefix: &str, folder: &str) -> Option<usize> {
    let key_at = ['"', '\'']
        .iter()
        .find_map(|q| text.find(&format!("{q}{prefix}{q}")))?;
    let after = &text[key_at..];
    let value_at = ['"', '\'']
        .iter()
        .filter_map(|q| after.find(&format!("{q}{folder}{q}")).map(|i| i + 1))
        .min()?;
    Some(key_at + value_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_made_plain_and_kept_inside() {
        assert_eq!(plain_folder("intune/").unwrap(), "intune");
        assert_eq!(plain_folder("/mem//intune/").unwrap(), "mem/intune");
        assert_eq!(plain_folder("mem\\intune").unwrap(), "mem/intune");
        assert_eq!(plain_folder("./").unwrap(), "");
        assert!(plain_folder("../other").is_err());
        assert!(plain_folder("a/../../b").is_err());
        assert!(plain_folder("C:/x").is_err());
    }
}
