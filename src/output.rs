//! Writing the site: into a fresh folder beside `--out`, swapped in only
//! when everything was written, so a failed build never touches the
//! previous output. Folders that could hold the user's own work are refused.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha1::{Digest, Sha1};

/// Marks a folder as helpsite output, so we only ever replace our own.
pub const MARKER: &str = ".helpsite-output";
/// The comment of every zip helpsite writes: an existing zip is replaced
/// only when it carries it.
pub const ZIP_COMMENT: &str = "written by helpsite build --zip";

#[derive(Debug, Clone)]
pub enum Data {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output root, forward slashes.
    pub path: String,
    pub data: Data,
}

/// Why an `--out` folder is refused.
pub fn refuse_reason(root: &Path, out: &Path) -> Option<String> {
    let root = absolute(root);
    let out = absolute(out);
    if out == root {
        return Some("it is the site root itself".into());
    }
    if root.starts_with(&out) {
        return Some("it contains the site root".into());
    }
    for dir in ["content", "templates", "locales", "static"] {
        if out.starts_with(root.join(dir)) {
            return Some(format!("it is inside {dir}/, which holds your sources"));
        }
    }
    if out.is_file() {
        return Some("it is a file".into());
    }
    if out.is_dir() && !out.join(MARKER).exists() {
        let non_empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty {
            return Some(format!(
                "it is a non-empty folder that helpsite did not create (no {MARKER} marker)"
            ));
        }
    }
    None
}

/// Why a file that a command writes (`--zip`, `l10n status --out`) is
/// refused: the same rules as for `--out`, for a file. `ours` tells whether
/// an existing file is one helpsite wrote, which alone may be replaced.
pub fn refuse_file_reason(
    root: &Path,
    file: &Path,
    ours: &dyn Fn(&Path) -> bool,
) -> Option<String> {
    let root = absolute(root);
    let abs = absolute(file);
    if abs == root || root.starts_with(&abs) {
        return Some("it is or contains the site root".into());
    }
    for dir in ["content", "templates", "locales", "static"] {
        if abs.starts_with(root.join(dir)) {
            return Some(format!("it is inside {dir}/, which holds your sources"));
        }
    }
    match std::fs::symlink_metadata(file) {
        Ok(m) if m.is_dir() => Some("it is a folder".into()),
        Ok(_) if !ours(file) => Some("it is an existing file that helpsite did not write".into()),
        _ => None,
    }
}

/// `path` relative to the folder `dir`, when it lies inside it (both may
/// be relative to the current folder, and need not exist yet).
pub fn relative_inside(dir: &Path, path: &Path) -> Option<PathBuf> {
    let rel = absolute(path)
        .strip_prefix(absolute(dir))
        .ok()?
        .to_path_buf();
    (!rel.as_os_str().is_empty()).then_some(rel)
}

/// Whether `path` is a zip that `build --zip` wrote.
pub fn is_helpsite_zip(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    // The comment ends the file, after the 22-byte end-of-central-directory record.
    use std::io::{Read, Seek, SeekFrom};
    let tail = (ZIP_COMMENT.len() + 22) as i64;
    let mut buf = Vec::new();
    f.seek(SeekFrom::End(-tail)).is_ok()
        && f.read_to_end(&mut buf).is_ok()
        && buf.starts_with(b"PK\x05\x06")
        && buf.ends_with(ZIP_COMMENT.as_bytes())
}

/// Canonical where possible; for a path that does not exist yet, its
/// nearest existing ancestor canonicalized plus the rest.
fn absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut p = c;
            for part in rest.iter().rev() {
                p.push(part);
            }
            return normalize(&p);
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return normalize(&abs),
        }
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Replaces one source file (for `check --fix` and `l10n add`): writes
/// beside it and renames over it, keeping its permissions, so a failed
/// write never leaves half a file. A symlinked source is written through
/// to its target.
pub fn replace_file(target: &Path, data: &[u8]) -> io::Result<()> {
    // Through a symlink to the file it names: the link stays a link.
    let real = std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
    let target = real.as_path();
    let tmp = temp_beside(target, "helpsite-tmp");
    let result = std::fs::write(&tmp, data).and_then(|_| {
        if let Ok(meta) = std::fs::metadata(target) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, target)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A name beside `target` that no other process or thread uses: for temp
/// files that are renamed over `target` once complete.
pub fn temp_beside(target: &Path, tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.{tag}-{}-{n}", std::process::id()))
}

/// What was published: enough to list and version a file without
/// keeping it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub len: u64,
    /// SHA-1 of generated bytes; for a copied file, of its size and
    /// modification time (as rsync's quick check), so no copy is read twice.
    pub stamp: [u8; 20],
}

/// Where a build puts its files as they are made. Nothing holds the whole
/// site: the staging folder writes each file at once, `check` discards them.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> io::Result<Written>;
}

fn written(path: &str, data: &Data) -> io::Result<Written> {
    written_and_meta(path, data).map(|(w, _)| w)
}

/// [`written`], and the source's metadata for a copy, so that copying it
/// asks the file system once.
fn written_and_meta(path: &str, data: &Data) -> io::Result<(Written, Option<std::fs::Metadata>)> {
    let (len, stamp, meta) = match data {
        Data::Bytes(b) => (b.len() as u64, Sha1::digest(b).into(), None),
        Data::Copy(src) => {
            let meta = std::fs::metadata(src)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", src.display())))?;
            let time = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            let mut h = Sha1::new();
            h.update(meta.len().to_le_bytes());
            h.update(time.to_le_bytes());
            (meta.len(), h.finalize().into(), Some(meta))
        }
    };
    Ok((
        Written {
            path: path.to_string(),
            len,
            stamp,
        },
        meta,
    ))
}

/// Keeps nothing: for `check`, which validates what a build would write.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, file: OutputFile) -> io::Result<Written> {
        written(&file.path, &file.data)
    }
}

/// Keeps every file in memory: for `serve`, which answers from memory.
#[derive(Default)]
pub struct Collect(pub Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> io::Result<Written> {
        let w = written(&file.path, &file.data)?;
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(w)
    }
}

impl Collect {
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> io::Result<Written> {
        let target = self.dir.join(&file.path);
        let (w, meta) = written_and_meta(&file.path, &file.data)?;
        let created = match target.parent() {
            Some(parent) => {
                let mut folders = self
                    .folders
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if folders.contains(parent) {
                    Ok(())
                } else {
                    std::fs::create_dir_all(parent).map(|_| {
                        folders.insert(parent.to_path_buf());
                    })
                }
            }
            None => Ok(()),
        };
        created
            .and_then(|_| match &file.data {
                Data::Bytes(b) => write_or_reuse(
                    b,
                    &target,
                    self.previous.as_ref().map(|p| p.join(&file.path)),
                ),
                Data::Copy(src) => copy_or_reuse(
                    src,
                    meta,
                    &target,
                    self.previous.as_ref().map(|p| p.join(&file.path)),
                ),
            })
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", file.path)))?;
        Ok(w)
    }
}

/// Writes `files` as the new contents of `out`, atomically.
pub fn write_atomic(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = Staging::begin(out)?;
    staging.write(files)?;
    staging.commit().map(Removal::now)
}

/// A new output being written beside `--out`, under the lock, until
/// [`Staging::commit`] swaps it in. Dropped without a commit, it is removed
/// and the previous output stays as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// The output being replaced, when it is helpsite's, whose unchanged
    /// copies are reused.
    previous: Option<PathBuf>,
    /// Folders already created, so each costs one system call.
    folders: Mutex<HashSet<PathBuf>>,
    /// Where the previous output goes after the swap: `parent/<prefix><pid>-<time>`.
    parent: PathBuf,
    trash_prefix: String,
    /// Held until the swap is done; the lock is released when it closes.
    _lock: std::fs::File,
    committed: bool,
}

impl Staging {
    /// Takes the lock beside `out` (waiting for another build that holds
    /// it), recovers or removes what killed builds left, and creates the
    /// fresh folder to write into.
    pub fn begin(out: &Path) -> io::Result<Staging> {
        let (out, parent, name, lock) = lock_beside(out)?;
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.helpsite-new-{pid}"));
        let old = parent.join(format!(".{name}.helpsite-old-{pid}"));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join(MARKER),
            b"This folder is generated by helpsite build; it is replaced on every build.\n",
        )?;
        let previous = out.join(MARKER).exists().then(|| out.clone());
        remove_trash_in_background(&parent, &name);
        Ok(Staging {
            out,
            dir,
            old,
            previous,
            folders: Mutex::default(),
            parent: parent.clone(),
            trash_prefix: trash_prefix(&name),
            _lock: lock,
            committed: false,
        })
    }
}

/// Puts back or removes what killed builds left beside `out`, so even a
/// build that fails leaves a whole output behind.
pub fn recover(out: &Path) -> io::Result<()> {
    lock_beside(out).map(drop)
}

/// Takes the lock beside `out`, then cleans up after killed builds.
/// Returns `out` made absolute, its parent, its name and the lock.
fn lock_beside(out: &Path) -> io::Result<(PathBuf, PathBuf, String, std::fs::File)> {
    let out = absolute(out);
    let parent = out
        .parent()
        .ok_or_else(|| io::Error::other("output folder has no parent"))?
        .to_path_buf();
    std::fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(parent.join(format!(".{name}.helpsite-lock")))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "another build is writing {}; waiting for it to finish",
                out.display()
            );
            lock.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    recover_stale(&parent, &name, &out)?;
    Ok((out, parent, name, lock))
}

impl Staging {
    /// The folder being written, which becomes `out` on commit.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output being replaced, when it is helpsite's: unchanged media
    /// are linked from it instead of copied again.
    pub fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }

    pub fn write(&self, files: &[OutputFile]) -> io::Result<()> {
        write_all(&self.dir, files, self.previous())
    }

    /// Swaps the new folder in: one atomic exchange where the platform has
    /// it, so `out` never goes missing; else two renames, with the previous
    /// output kept under a name the next build recovers from.
    ///
    /// The previous output is not removed here: deleting tens of thousands
    /// of files, freshly written ones on a busy disk, can take longer than
    /// the whole build. It is renamed to a trash folder beside `out`; see
    /// [`Removal`].
    pub fn commit(mut self) -> io::Result<Removal> {
        let previous = if !self.out.exists() {
            std::fs::rename(&self.dir, &self.out)?;
            None
        } else if exchange(&self.dir, &self.out).is_ok() {
            // `dir` now holds the previous output.
            Some(self.dir.clone())
        } else {
            std::fs::rename(&self.out, &self.old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                let _ = std::fs::rename(&self.old, &self.out);
                return Err(e);
            }
            Some(self.old.clone())
        };
        self.committed = true;
        let trash = previous.map(|dir| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let trash = self.parent.join(format!(
                "{}{}-{nanos}",
                self.trash_prefix,
                std::process::id()
            ));
            match std::fs::rename(&dir, &trash) {
                Ok(()) => trash,
                Err(_) => dir,
            }
        });
        Ok(Removal(trash))
    }
}

/// The previous output after a commit, in a folder of its own beside `out`.
/// [`Removal::now`] deletes it; dropped, it stays, and the next build to
/// the same output deletes it on a thread of its own while it works.
#[must_use = "call now() to delete the previous output, or drop it to leave it to the next build"]
pub struct Removal(Option<PathBuf>);

impl Removal {
    pub fn now(self) {
        if let Some(dir) = &self.0 {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// `.public.helpsite-trash-`: previous outputs waiting to be deleted.
fn trash_prefix(name: &str) -> String {
    format!(".{name}.helpsite-trash-")
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Folders that killed builds left beside `out`. Called under the lock, so
/// no live build owns them. A build killed between its two renames left no
/// `out` but the previous output as `old-<pid>`: that is put back.
fn recover_stale(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let new_prefix = format!(".{name}.helpsite-new-");
    let old_prefix = format!(".{name}.helpsite-old-");
    let mut stale: Vec<(bool, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(parent)?.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_old = file_name.starts_with(&old_prefix);
        if is_old || file_name.starts_with(&new_prefix) {
            stale.push((is_old, entry.path()));
        }
    }
    for (is_old, path) in stale {
        if is_old && !out.exists() && path.join(MARKER).exists() {
            std::fs::rename(&path, out)?;
        } else {
            std::fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Deletes the previous outputs that earlier builds left as trash, on a
/// thread nobody waits for: what it does not finish before the process
/// ends, the next build continues. Nothing reads a trash folder, so a
/// half-deleted one does no harm, and a delete that fails is retried then.
fn remove_trash_in_background(parent: &Path, name: &str) {
    let prefix = trash_prefix(name);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let trash: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    if !trash.is_empty() {
        std::thread::spawn(move || {
            for dir in trash {
                let _ = std::fs::remove_dir_all(dir);
            }
        });
    }
}

fn write_all(dir: &Path, files: &[OutputFile], previous: Option<&Path>) -> io::Result<()> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join(MARKER),
        b"This folder is generated by helpsite build; it is replaced on every build.\n",
    )?;
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    for f in folders {
        std::fs::create_dir_all(f)?;
    }
    files.par_iter().try_for_each(|f| {
        let target = dir.join(&f.path);
        match &f.data {
            Data::Bytes(b) => write_or_reuse(b, &target, previous.map(|p| p.join(&f.path))),
            Data::Copy(src) => copy_or_reuse(src, None, &target, previous.map(|p| p.join(&f.path))),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.path)))
    })
}

/// Most of a rebuild's files come out byte for byte as the previous build
/// wrote them. Creating a file costs a new inode, and on a file system
/// still freeing the previous output's inodes that is most of a build's
/// time; linking the identical old file costs one directory entry. It also
/// keeps the file's modification time, so a web server's `ETag` and
/// `Last-Modified` for an unchanged page stay the same and readers'
/// caches stay valid. The old file is compared byte for byte, never
/// trusted by name: whatever changed it since is caught.
fn write_or_reuse(bytes: &[u8], target: &Path, previous: Option<PathBuf>) -> io::Result<()> {
    if let Some(prev) = previous {
        if let Ok(prev_meta) = std::fs::symlink_metadata(&prev) {
            if prev_meta.is_file()
                && prev_meta.len() == bytes.len() as u64
                && std::fs::read(&prev).is_ok_and(|old| old == bytes)
                && std::fs::hard_link(&prev, target).is_ok()
            {
                return Ok(());
            }
        }
    }
    std::fs::write(target, bytes)
}

/// Media dominate the output's size and rarely change between builds. A
/// copy carries its source's modification time, so the next build can
/// recognise an unchanged copy in the previous output (same size and time,
/// as rsync's quick check does) and hard-link it instead of copying again.
/// Links only ever join two output folders, never output and sources.
fn copy_or_reuse(
    src: &Path,
    meta: Option<std::fs::Metadata>,
    target: &Path,
    previous: Option<PathBuf>,
) -> io::Result<()> {
    let meta = match meta {
        Some(meta) => meta,
        None => std::fs::metadata(src)?,
    };
    let modified = meta.modified().ok();
    if let (Some(prev), Some(modified)) = (previous, modified) {
        if let Ok(prev_meta) = std::fs::symlink_metadata(&prev) {
            if prev_meta.is_file()
                && prev_meta.len() == meta.len()
                && prev_meta.modified().ok() == Some(modified)
                && std::fs::hard_link(&prev, target).is_ok()
            {
                return Ok(());
            }
        }
    }
    // One open of each file, and the time set through the open handle.
    let mut from = std::fs::File::open(src)?;
    let mut to = std::fs::File::create(target)?;
    io::copy(&mut from, &mut to)?;
    if let Some(modified) = modified {
        let _ = to.set_modified(modified);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_folders() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::create_dir_all(root.join("content/en")).unwrap();
        assert!(refuse_reason(root, root).is_some());
        assert!(refuse_reason(root, &root.join("content/en/out")).is_some());
        assert!(refuse_reason(root, &root.join("static")).is_some());
        assert!(refuse_reason(root, root.parent().unwrap()).is_some());
        assert!(refuse_reason(root, &root.join("content/..")).is_some());
        assert!(refuse_reason(root, &root.join("public")).is_none());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "x").unwrap();
        assert!(refuse_reason(root, &root.join("mine")).is_some());
        std::fs::write(root.join("mine").join(MARKER), "").unwrap();
        assert!(refuse_reason(root, &root.join("mine")).is_none());
    }

    #[test]
    fn identical_generated_files_are_linked_and_others_written() {
        use std::os::unix::fs::MetadataExt;
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let page = |path: &str, text: &str| OutputFile {
            path: path.into(),
            data: Data::Bytes(text.as_bytes().to_vec()),
        };
        let ino = |path: &str| std::fs::metadata(out.join(path)).unwrap().ino();
        write_atomic(
            &out,
            &[
                page("a.html", "same"),
                page("b.html", "old"),
                page("c.html", "kept"),
            ],
        )
        .unwrap();
        let (a, b) = (ino("a.html"), ino("b.html"));
        // Edited by hand since, with its size unchanged: compared, not trusted.
        std::fs::write(out.join("c.html"), "KEPT").unwrap();
        let c = ino("c.html");
        write_atomic(
            &out,
            &[
                page("a.html", "same"),
                page("b.html", "new"),
                page("c.html", "kept"),
            ],
        )
        .unwrap();
        assert_eq!(ino("a.html"), a, "an identical file is linked");
        assert_ne!(ino("b.html"), b, "a changed file is written anew");
        assert_ne!(ino("c.html"), c);
        for (path, text) in [("a.html", "same"), ("b.html", "new"), ("c.html", "kept")] {
            assert_eq!(std::fs::read_to_string(out.join(path)).unwrap(), text);
        }
    }

    #[test]
    fn unchanged_copies_are_reused_and_changed_ones_copied_again() {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("shot.png");
        std::fs::write(&src, b"first").unwrap();
        let out = t.path().join("public");
        let files = [OutputFile {
            path: "media/shot.png".into(),
            data: Data::Copy(src.clone()),
        }];
        write_atomic(&out, &files).unwrap();
        write_atomic(&out, &files).unwrap();
        assert_eq!(std::fs::read(out.join("media/shot.png")).unwrap(), b"first");
        // Same size, new content and time: must be copied again, not reused.
        std::fs::write(&src, b"secon").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&src)
            .unwrap()
            .set_modified(later)
            .unwrap();
        write_atomic(&out, &files).unwrap();
        assert_eq!(std::fs::read(out.join("media/shot.png")).unwrap(), b"secon");
        // The source is never linked into the output.
        use std::os::unix::fs::MetadataExt;
        assert_ne!(
            std::fs::metadata(&src).unwrap().ino(),
            std::fs::metadata(out.join("media/shot.png")).unwrap().ino()
        );
    }

    #[test]
    fn the_previous_output_waits_as_trash_for_the_next_build() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let build = |name: &str| {
            let staging = Staging::begin(&out).unwrap();
            staging
                .write(&[OutputFile {
                    path: name.into(),
                    data: Data::Bytes(b"x".to_vec()),
                }])
                .unwrap();
            staging.commit().unwrap()
        };
        let trash = || -> Vec<PathBuf> {
            std::fs::read_dir(t.path())
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains("helpsite-trash-"))
                .map(|e| e.path())
                .collect()
        };
        drop(build("one.html"));
        assert!(trash().is_empty(), "a first build replaces nothing");
        drop(build("two.html"));
        let left = trash();
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(
            left[0].join("one.html").is_file(),
            "the previous output, whole"
        );
        assert!(out.join("two.html").is_file() && !out.join("one.html").exists());
        // The next build deletes it on a thread of its own.
        build("three.html").now();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while left[0].exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            !left[0].exists(),
            "the trash of an earlier build is deleted"
        );
        assert!(trash().is_empty(), "now() deleted this build's own");
    }

    #[test]
    fn replaces_output_whole() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        write_atomic(
            &out,
            &[OutputFile {
                path: "a/x.html".into(),
                data: Data::Bytes(b"1".to_vec()),
            }],
        )
        .unwrap();
        write_atomic(
            &out,
            &[OutputFile {
                path: "b.html".into(),
                data: Data::Bytes(b"2".to_vec()),
            }],
        )
        .unwrap();
        assert!(!out.join("a/x.html").exists());
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"2");
        assert!(out.join(MARKER).exists());
        let leftovers: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        // The output and the lock file that stays beside it, nothing else.
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
        assert!(t.path().join(".public.helpsite-lock").is_file());
    }
}
