//! The site's git history, when it has one: the text a source page had
//! when a translation was made, and when a source last changed. Read in
//! process with libgit2, so no `git` program has to be installed.
//!
//! Everything here is best effort: a site that is not in git, a shallow
//! clone that lacks the commit, a file git does not track, each simply
//! gives `None`, and callers say so in plain words.

use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Sort};

use sha1::{Digest, Sha1};

/// SHA-1 of a file's bytes, lower-case hex: what `ms.openlocfilehash` holds.
/// Whether `text` is a full or abbreviated commit id: 4 to 40 hex
/// digits, as git accepts them.
pub fn is_commit_id(text: &str) -> bool {
    (4..=40).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn sha1_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(40);
    for b in Sha1::digest(bytes) {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// How many commits the history is read back at most, so a huge history
/// costs a bounded time.
const MAX_COMMITS: usize = 5000;

pub struct History {
    repo: Repository,
    /// The site root (or the default locale's own folder) relative to the
    /// repository's work tree.
    prefix: PathBuf,
    /// What callers' file names start with that the tree under `prefix`
    /// does not: `content/<tag>/` when the folder is a locale's own.
    logical: String,
    /// Every file's versions, read in one walk the first time a question
    /// needs them: asking per page walked the history once per page.
    index: OnceCell<Index>,
    commits_walked: Cell<usize>,
}

/// The walk's commits, newest first, and per file (relative to the site
/// root) the stretches of consecutive commits that hold one version of it.
struct Index {
    commits: Vec<(Oid, i64)>,
    runs: HashMap<PathBuf, Vec<Run>>,
}

/// From commit `first` (an index into `Index::commits`) until the next
/// run's `first`, the file is `blob`, or absent for `None`.
struct Run {
    first: usize,
    blob: Option<Oid>,
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
        Self::open_at(root, String::new())
    }

    /// The history of the site's source pages: the repository that holds
    /// the default locale's tree, which may be one of its own
    /// (`[locales.en] content = "../docs/articles"`), apart from the site's
    /// and from each translation's. Translations are measured against
    /// their source, so its history is the one asked.
    pub fn open_sources(root: &Path, config: &crate::config::Config) -> Option<History> {
        let place = config.locale_root(root, &config.default_locale);
        if !place.own {
            return Self::open(root);
        }
        Self::open_at(&place.dir, format!("content/{}/", config.default_locale))
    }

    fn open_at(folder: &Path, logical: String) -> Option<History> {
        let repo = Repository::discover(folder).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let folder = folder.canonicalize().ok()?;
        let prefix = folder.strip_prefix(&workdir).ok()?.to_path_buf();
        Some(History {
            repo,
            prefix,
            logical,
            index: OnceCell::new(),
            commits_walked: Cell::new(0),
        })
    }

    /// The commit checked out now, as full hex.
    pub fn head(&self) -> Option<String> {
        let commit = self.repo.head().ok()?.peel_to_commit().ok()?;
        Some(commit.id().to_string())
    }

    /// The full id of `rev` (a full or abbreviated commit id), if the history has it.
    pub fn resolve(&self, rev: &str) -> Option<String> {
        Some(self.commit(rev)?.id().to_string())
    }

    /// The commit a stamp names. Only an id is looked up, never a revision
    /// expression: `HEAD` would make any translation look current, and
    /// `:/text` searches the whole history on every lookup.
    fn commit(&self, id: &str) -> Option<git2::Commit<'_>> {
        if !is_commit_id(id) {
            return None;
        }
        let object = self.repo.find_object_by_prefix(id, None).ok()?;
        object.peel_to_commit().ok()
    }

    /// `file` as the tree under `prefix` names it; `None` for a file that
    /// lies elsewhere.
    fn in_tree<'f>(&self, file: &'f str) -> Option<&'f str> {
        file.strip_prefix(self.logical.as_str())
    }

    fn blob_at(&self, commit: &git2::Commit, file: &str) -> Option<Oid> {
        let file = self.in_tree(file)?;
        let entry = commit.tree().ok()?.get_path(&self.prefix.join(file)).ok()?;
        (entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id())
    }

    fn read_blob(&self, id: Oid) -> Option<Vec<u8>> {
        Some(self.repo.find_blob(id).ok()?.content().to_vec())
    }

    /// `file` (relative to the site root) as it was at `rev`.
    pub fn file_at(&self, rev: &str, file: &str) -> Option<Version> {
        let commit = self.commit(rev)?;
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

    /// The site root's tree at `commit`, if the site existed then.
    fn site_tree<'r>(&'r self, commit: &git2::Commit<'r>) -> Option<git2::Tree<'r>> {
        let root = commit.tree().ok()?;
        if self.prefix.as_os_str().is_empty() {
            return Some(root);
        }
        let entry = root.get_path(&self.prefix).ok()?;
        entry.to_object(&self.repo).ok()?.into_tree().ok()
    }

    /// One walk over the history: a commit whose site tree is its
    /// predecessor's costs nothing, and one that differs costs a tree
    /// diff, which skips every unchanged folder.
    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index {
                commits: Vec::new(),
                runs: HashMap::new(),
            };
            let mut previous: Option<git2::Tree> = None;
            for commit in self.commits() {
                let i = index.commits.len();
                index.commits.push((commit.id(), commit.time().seconds()));
                let tree = self.site_tree(&commit);
                let same = match (&previous, &tree) {
                    (Some(a), Some(b)) => a.id() == b.id(),
                    (None, None) => i > 0,
                    _ => false,
                };
                if !same {
                    let mut changes = Vec::new();
                    self.changed_files(
                        previous.as_ref(),
                        tree.as_ref(),
                        Path::new(""),
                        &mut changes,
                    );
                    for (path, blob) in changes {
                        index
                            .runs
                            .entry(path)
                            .or_default()
                            .push(Run { first: i, blob });
                    }
                }
                previous = tree;
            }
            self.commits_walked
                .set(self.commits_walked.get() + index.commits.len());
            index
        })
    }

    /// The files whose version differs between two trees, with their
    /// version in `new` (`None` when `new` lacks them). A folder whose tree
    /// is the same on both sides is not opened: a commit costs what it
    /// changed, not the size of the site.
    fn changed_files(
        &self,
        old: Option<&git2::Tree>,
        new: Option<&git2::Tree>,
        at: &Path,
        out: &mut Vec<(PathBuf, Option<Oid>)>,
    ) {
        let entries =
            |tree: Option<&git2::Tree>| -> HashMap<Vec<u8>, (Oid, Option<git2::ObjectType>)> {
                tree.map(|t| {
                    t.iter()
                        .map(|e| (e.name_bytes().to_vec(), (e.id(), e.kind())))
                        .collect()
                })
                .unwrap_or_default()
            };
        let (before, after) = (entries(old), entries(new));
        let subtree = |entry: Option<&(Oid, Option<git2::ObjectType>)>| {
            entry
                .filter(|(_, kind)| *kind == Some(git2::ObjectType::Tree))
                .and_then(|(id, _)| self.repo.find_tree(*id).ok())
        };
        let blob = |entry: Option<&(Oid, Option<git2::ObjectType>)>| {
            entry
                .filter(|(_, kind)| *kind == Some(git2::ObjectType::Blob))
                .map(|(id, _)| *id)
        };
        let names: HashSet<&Vec<u8>> = before.keys().chain(after.keys()).collect();
        for name in names {
            let (b, a) = (before.get(name), after.get(name));
            if b.map(|e| e.0) == a.map(|e| e.0) {
                continue;
            }
            let Ok(name) = std::str::from_utf8(name) else {
                continue;
            };
            let path = at.join(name);
            let (old_tree, new_tree) = (subtree(b), subtree(a));
            if old_tree.is_some() || new_tree.is_some() {
                self.changed_files(old_tree.as_ref(), new_tree.as_ref(), &path, out);
            }
            let (old_blob, new_blob) = (blob(b), blob(a));
            if old_blob.is_some() || new_blob.is_some() {
                out.push((path, new_blob));
            }
        }
    }

    /// How many commits have been read from the repository so far.
    pub fn commits_walked(&self) -> usize {
        self.commits_walked.get()
    }

    /// The newest committed version of `file` whose SHA-1 is `sha1` (what a
    /// translation's `ms.openlocfilehash` names): the text it was made from.
    pub fn find_by_sha1(&self, file: &str, sha1: &str) -> Option<Version> {
        let index = self.index();
        let mut seen = HashSet::new();
        for run in index.runs.get(Path::new(self.in_tree(file)?))? {
            let Some(blob) = run.blob else { continue };
            if !seen.insert(blob) {
                continue;
            }
            let bytes = self.read_blob(blob)?;
            if sha1_hex(&bytes).eq_ignore_ascii_case(sha1) {
                let (commit, time) = index.commits[run.first];
                return Some(Version {
                    commit: commit.to_string(),
                    time,
                    bytes,
                });
            }
        }
        None
    }

    /// The newest commit that changed `file`, with its time: the oldest
    /// commit of the newest run, when the newest commit has the file.
    pub fn last_change(&self, file: &str) -> Option<(String, i64)> {
        let index = self.index();
        let runs = index.runs.get(Path::new(self.in_tree(file)?))?;
        runs.first().filter(|r| r.first == 0 && r.blob.is_some())?;
        let last = runs
            .get(1)
            .map_or(index.commits.len() - 1, |older| older.first - 1);
        let (commit, time) = index.commits[last];
        Some((commit.to_string(), time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with `pages` pages under `site/`, committed `commits`
    /// times; commit k rewrites page k % pages, so every page has versions.
    fn repo(pages: usize, commits: usize) -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        let repo = Repository::init(t.path()).unwrap();
        let mut parent: Option<Oid> = None;
        for k in 0..commits {
            let site = t.path().join("site/content/en");
            std::fs::create_dir_all(&site).unwrap();
            for p in 0..pages {
                if k == 0 || k % pages == p {
                    std::fs::write(
                        site.join(format!("p{p}.md")),
                        format!("# Page {p}, version {k}\n"),
                    )
                    .unwrap();
                }
            }
            let mut index = repo.index().unwrap();
            index
                .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
                .unwrap();
            index.write().unwrap();
            let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
            let time = git2::Signature::new(
                "t",
                "t@example.org",
                &git2::Time::new(1_000_000 + k as i64, 0),
            )
            .unwrap();
            let parents: Vec<git2::Commit> = parent
                .iter()
                .map(|p| repo.find_commit(*p).unwrap())
                .collect();
            let refs: Vec<&git2::Commit> = parents.iter().collect();
            parent = Some(
                repo.commit(Some("HEAD"), &time, &time, &format!("c{k}"), &tree, &refs)
                    .unwrap(),
            );
        }
        t
    }

    #[test]
    fn old_versions_and_last_changes_come_from_one_walk_whatever_the_number_of_pages() {
        for (pages, commits) in [(4, 40), (16, 40)] {
            let t = repo(pages, commits);
            let history = History::open(&t.path().join("site")).unwrap();
            for p in 0..pages {
                let file = format!("content/en/p{p}.md");
                // The first version of every page, which only the oldest commit holds.
                let first = format!("# Page {p}, version 0\n");
                let found = history
                    .find_by_sha1(&file, &sha1_hex(first.as_bytes()))
                    .unwrap();
                assert_eq!(found.bytes, first.as_bytes());
                // The newest commit holding it: the one before the page's first rewrite.
                let rewritten_at = if p == 0 { pages } else { p };
                assert_eq!(found.time, 1_000_000 + rewritten_at as i64 - 1, "page {p}");
                // A hash no version has walks everything, and still costs no new walk.
                assert!(history.find_by_sha1(&file, &"0".repeat(40)).is_none());
                let (_, changed) = history.last_change(&file).unwrap();
                let last_rewrite = (0..commits)
                    .rev()
                    .find(|k| *k == 0 || k % pages == p)
                    .unwrap();
                assert_eq!(changed, 1_000_000 + last_rewrite as i64, "page {p}");
            }
            assert_eq!(history.commits_walked(), commits, "{pages} pages");
        }
    }

    #[test]
    fn a_file_missing_at_head_has_no_last_change() {
        let t = repo(2, 3);
        let history = History::open(&t.path().join("site")).unwrap();
        assert!(history.last_change("content/en/gone.md").is_none());
        assert!(history
            .find_by_sha1("content/en/gone.md", &"0".repeat(40))
            .is_none());
    }
}
