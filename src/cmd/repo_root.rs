//! Where CI resolves file paths: the repository root. GitHub reads an
//! annotation's `file` and a SARIF result's `uri` from the root of the
//! checked-out repository, while diagnostics name files from the site root.

use std::path::{Component, Path, PathBuf};

/// The repository root and the site root's path from it.
pub struct RepoRoot {
    /// Absolute; results are relative to it.
    pub dir: PathBuf,
    /// The site root from `dir`: forward slashes, empty or ending in `/`.
    pub prefix: String,
}

impl RepoRoot {
    /// `dir` as a `file:` URI ending in `/`, SARIF's `%SRCROOT%`.
    pub fn uri(&self) -> String {
        let path = self.dir.to_string_lossy().replace('\\', "/");
        let path = crate::diagnostics::encode_path(path.trim_end_matches('/'));
        let path = path.trim_start_matches('/');
        format!("file:///{path}/")
    }
}

/// The repository that holds `site_root`: `$GITHUB_WORKSPACE` on a GitHub
/// runner, else the nearest folder above the site with a `.git`, else the
/// current folder. A site outside that folder is its own root, so every
/// path stays one that exists beneath the root the output names.
pub fn locate(site_root: &Path) -> RepoRoot {
    let cwd = std::env::current_dir().unwrap_or_default();
    let written = normalize(&cwd.join(site_root));
    let resolved = std::fs::canonicalize(site_root).unwrap_or_else(|_| written.clone());
    let workspace = std::env::var_os("GITHUB_WORKSPACE")
        .filter(|w| !w.is_empty())
        .map(|w| normalize(&cwd.join(w)));
    let base = workspace
        .or_else(|| git_work_tree(&written))
        .or_else(|| git_work_tree(&resolved))
        .unwrap_or_else(|| normalize(&cwd));
    // A site root that is a symlink into the repository is named by the
    // path the user gave; one the repository reaches through a symlink, by
    // where it really lies.
    let base_resolved = std::fs::canonicalize(&base).unwrap_or_else(|_| base.clone());
    let found = [(&written, &base), (&resolved, &base_resolved)]
        .into_iter()
        .find_map(|(site, base)| Some((site.strip_prefix(base).ok()?, base)));
    match found {
        Some((inside, base)) => RepoRoot {
            dir: base.clone(),
            prefix: prefix_of(inside),
        },
        None => RepoRoot {
            dir: resolved,
            prefix: String::new(),
        },
    }
}

fn prefix_of(inside: &Path) -> String {
    let mut prefix = String::new();
    for part in inside.components() {
        prefix.push_str(&part.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    prefix
}

/// The nearest folder from `dir` up that holds `.git` (a folder, or the
/// file a worktree or submodule has).
fn git_work_tree(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").symlink_metadata().is_ok())
        .map(Path::to_path_buf)
}

/// `a/./b/../c` → `a/c` without following symlinks: the path as written.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_dots_lexically() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn the_prefix_ends_in_a_slash_or_is_empty() {
        assert_eq!(prefix_of(Path::new("")), "");
        assert_eq!(prefix_of(Path::new("docs/help")), "docs/help/");
    }

    #[test]
    fn the_root_uri_is_percent_encoded_and_ends_in_a_slash() {
        let root = RepoRoot {
            dir: PathBuf::from("/w/my repo,1"),
            prefix: String::new(),
        };
        assert_eq!(root.uri(), "file:///w/my%20repo%2C1/");
    }
}
