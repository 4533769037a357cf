//! The site's git history, when it has one: the text a source page had
//! when a translation was made, and when a source last changed. Read in
//! process with libgit2, so no `git` program has to be installed.
//!
//! Everything here is best effort: a site that is not in git, a shallow
//! clone that lacks the commit, a file git does not track, each simply
//! gives `None`, and callers say so in plain words.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Sort};

use sha1::{Digest, Sha1};

/// SHA-1 of a file's bytes, lower-case hex: what `ms.openlocfilehash` holds.
pub fn sha1_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(40);
    for b in Sha1::digest(bytes) {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// How many commits a search for an old version looks through at most, so
/// a huge history costs a bounded time per page.
const MAX_COMMITS: usize = 5000;

pub struct History {
    repo: Repository,
    /// The site root relative to the repository's work tree.
    prefix: PathBuf,
}

/// One version of a file in the history.
#[derive(Debug, Clone)]
pub struct Version {
    pub commit: String,
    /// Seconds since the epoch (the committer's time).
    pub time: i64,
    pub bytes: Vec<u8>,
}

impl History {
    /// The repository the site root lies in, if any.
    pub fn open(root: &Path) -> Option<History> {
        let repo = Repository::discover(root).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let root = root.canonicalize().ok()?;
        let prefix = root.strip_prefix(&workdir).ok()?.to_path_buf();
        Some(History { repo, prefix })
    }

    /// The commit checked out now, as full hex.
    pub fn head(&self) -> Option<String> {
        let commit = self.repo.head().ok()?.peel_to_commit().ok()?;
        Some(commit.id().to_string())
    }

    /// The full id of `rev` (a full or abbreviated commit id), if the history has it.
    pub fn resolve(&self, rev: &str) -> Option<String> {
        let commit = self.repo.revparse_single(rev).ok()?.peel_to_commit().ok()?;
        Some(commit.id().to_string())
    }

    fn blob_at(&self, commit: &git2::Commit, file: &str) -> Option<Oid> {
        let entry = commit.tree().ok()?.get_path(&self.prefix.join(file)).ok()?;
        (entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id())
    }

    fn read_blob(&self, id: Oid) -> Option<Vec<u8>> {
        Some(self.repo.find_blob(id).ok()?.content().to_vec())
    }

    /// `file` (relative to the site root) as it was at `rev`.
    pub fn file_at(&self, rev: &str, file: &str) -> Option<Version> {
        let commit = self.repo.revparse_single(rev).ok()?.peel_to_commit().ok()?;
        let blob = self.blob_at(&commit, file)?;
        Some(Version {
            commit: commit.id().to_string(),
            time: commit.time().seconds(),
            bytes: self.read_blob(blob)?,
        })
    }

    fn commits(&self) -> impl Iterator<Item = git2::Commit<'_>> {
        let walk = self.repo.revwalk().ok().and_then(|mut w| {
            w.set_sorting(Sort::TIME).ok()?;
            w.push_head().ok()?;
            Some(w)
        });
        walk.into_iter()
            .flatten()
            .take(MAX_COMMITS)
            .filter_map(|id| self.repo.find_commit(id.ok()?).ok())
    }

    /// The newest committed version of `file` whose SHA-1 is `sha1` (what a
    /// translation's `ms.openlocfilehash` names): the text it was made from.
    pub fn find_by_sha1(&self, file: &str, sha1: &str) -> Option<Version> {
        let mut seen = HashSet::new();
        for commit in self.commits() {
            let Some(blob) = self.blob_at(&commit, file) else {
                continue;
            };
            if !seen.insert(blob) {
                continue;
            }
            let bytes = self.read_blob(blob)?;
            if sha1_hex(&bytes).eq_ignore_ascii_case(sha1) {
                return Some(Version {
                    commit: commit.id().to_string(),
                    time: commit.time().seconds(),
                    bytes,
                });
            }
        }
        None
    }

    /// The newest commit that changed `file`, with its time.
    pub fn last_change(&self, file: &str) -> Option<(String, i64)> {
        let mut newer: Option<(Oid, String, i64)> = None;
        for commit in self.commits() {
            let blob = self.blob_at(&commit, file);
            match (&newer, blob) {
                (Some((id, _, _)), Some(b)) if *id == b => {
                    newer = Some((b, commit.id().to_string(), commit.time().seconds()));
                }
                (Some((_, c, t)), _) => return Some((c.clone(), *t)),
                (None, Some(b)) => {
                    newer = Some((b, commit.id().to_string(), commit.time().seconds()));
                }
                (None, None) => return None,
            }
        }
        newer.map(|(_, c, t)| (c, t))
    }
}
