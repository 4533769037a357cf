//! The staging folder: a build writes beside `--out`, under a lock, and
//! swaps the new folder in only when everything was written. Unchanged
//! files are linked from the previous output instead of written again.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};

use super::lock::lock_beside;
use super::stamps::{self, Recorder, Stamp};
use super::{written_and_meta, Data, OutputFile, Sink, Written};

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
                Data::Bytes(b) => {
                    let previous = self
                        .previous
                        .as_ref()
                        .map(|p| (p.join(&file.path), self.stamps.get(&file.path)));
                    write_or_reuse(b, Some(w.stamp), &target, previous).map(|stamp| {
                        if let Some(stamp) = stamp {
                            self.recorder.record(&file.path, stamp);
                        }
                    })
                }
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
    /// Folders already created, so each costs one system call; asked for
    /// every file written, so hashed fast (the paths are our own).
    folders: Mutex<FxHashSet<PathBuf>>,
    /// The previous output's files as its build recorded them, and this
    /// build's, saved beside the output when it is swapped in (see `stamps`).
    stamps: FxHashMap<String, Stamp>,
    recorder: Recorder,
    stamps_file: PathBuf,
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
        // Created here and now, never one that exists: the lock's cleanup
        // removed what killed builds left, so anything at this name, a
        // symlink above all, was planted.
        std::fs::create_dir(&dir)?;
        let previous = super::is_helpsite_output(&out).then(|| out.clone());
        remove_trash_in_background(&parent, &name);
        let stamps_file = stamps::path_beside(&parent, &name);
        let stamps = match previous {
            Some(_) => stamps::load(&stamps_file),
            None => FxHashMap::default(),
        };
        Ok(Staging {
            out,
            dir,
            old,
            previous,
            folders: Mutex::default(),
            stamps,
            recorder: Recorder::default(),
            stamps_file,
            parent: parent.clone(),
            trash_prefix: trash_prefix(&name),
            _lock: lock,
            committed: false,
        })
    }
}

impl Staging {
    /// The folder being written, which becomes `out` on commit.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A file kept beside the output for the next build, named after it
    /// as the stamps are (`.<out>.helpsite-<kind>`): never published.
    pub fn beside(&self, kind: &str) -> PathBuf {
        let name = self.stamps_file.file_name().map_or_else(
            || ".public.helpsite-stamps".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let stem = name.strip_suffix("stamps").unwrap_or(&name);
        self.stamps_file.with_file_name(format!("{stem}{kind}"))
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
        // Only speed depends on it: a build that cannot save its stamps
        // compares the next build's files byte for byte.
        let _ = std::mem::take(&mut self.recorder).save(&self.stamps_file);
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
            Data::Bytes(b) => {
                write_or_reuse(b, None, &target, previous.map(|p| (p.join(&f.path), None)))
                    .map(drop)
            }
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
/// caches stay valid. The old file is never trusted by name: it is
/// compared byte for byte, unless the previous build's stamp (see
/// `stamps`) still describes it exactly and gives its SHA-1.
///
/// Returns the stamp of the file written, given the SHA-1 of `bytes`,
/// where the platform has one.
fn write_or_reuse(
    bytes: &[u8],
    sha1: Option<[u8; 20]>,
    target: &Path,
    previous: Option<(PathBuf, Option<&Stamp>)>,
) -> io::Result<Option<Stamp>> {
    use std::io::Write as _;
    if let Some((prev, recorded)) = previous {
        if let Ok(prev_meta) = std::fs::symlink_metadata(&prev) {
            if prev_meta.is_file() && prev_meta.len() == bytes.len() as u64 {
                let on_disk = sha1.and_then(|sha1| Stamp::of(sha1, &prev_meta));
                let same = match (recorded, on_disk) {
                    (Some(r), Some(d)) if r.describes(&d) => r.sha1 == d.sha1,
                    _ => std::fs::read(&prev).is_ok_and(|old| old == bytes),
                };
                if same && std::fs::hard_link(&prev, target).is_ok() {
                    return Ok(on_disk);
                }
            }
        }
    }
    let mut file = std::fs::File::create(target)?;
    file.write_all(bytes)?;
    Ok(sha1.and_then(|sha1| Stamp::of(sha1, &file.metadata().ok()?)))
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

    /// The `urls.json` every build writes, by which the next one knows the
    /// output as its own and reuses its files.
    const SIGNED: (&str, &str) = (
        super::super::SIGNED_FILE,
        "{\n  \"generator\": \"helpsite\",\n  \"format\": 1\n}\n",
    );

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
                page(SIGNED.0, SIGNED.1),
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
                page(SIGNED.0, SIGNED.1),
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

    /// Builds through the sink, as `build` does, so stamps are kept.
    fn build_through_sink(out: &Path, files: &[(&str, &str)]) {
        let staging = Staging::begin(out).unwrap();
        for (path, text) in files {
            staging
                .put(OutputFile {
                    path: path.to_string(),
                    data: Data::Bytes(text.as_bytes().to_vec()),
                })
                .unwrap();
        }
        staging.commit().unwrap().now();
    }

    #[test]
    fn stamps_spare_reading_unchanged_files_and_never_hide_a_change() {
        use std::os::unix::fs::MetadataExt;
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let stamps_file = stamps::path_beside(t.path(), "public");
        let ino = |path: &str| std::fs::metadata(out.join(path)).unwrap().ino();
        let files = [
            ("a.html", "same"),
            ("b.html", "kept"),
            ("dir/c.html", "also"),
            SIGNED,
        ];
        build_through_sink(&out, &files);
        assert_eq!(
            stamps::load(&stamps_file).len(),
            4,
            "every file stamped, beside the output"
        );
        assert!(
            !out.join(".public.helpsite-stamps").exists(),
            "never published"
        );
        let (a, c) = (ino("a.html"), ino("dir/c.html"));

        // Edited by hand, size kept: its time changed, so it is compared and rewritten.
        std::fs::write(out.join("b.html"), "KEPT").unwrap();
        let b = ino("b.html");
        build_through_sink(&out, &files);
        assert_eq!(ino("a.html"), a, "unchanged: linked");
        assert_eq!(ino("dir/c.html"), c);
        assert_ne!(ino("b.html"), b, "the hand edit is caught");
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "kept");

        // A stamp that still describes the file is believed without reading
        // it: one whose SHA-1 disagrees makes the file count as changed.
        let text = std::fs::read_to_string(&stamps_file).unwrap();
        let line = text.lines().find(|l| l.ends_with(" a.html")).unwrap();
        let wrong = format!("{}{}", "0".repeat(40), &line[40..]);
        std::fs::write(&stamps_file, text.replace(line, &wrong)).unwrap();
        build_through_sink(&out, &files);
        assert_ne!(
            ino("a.html"),
            a,
            "written anew, as the stamp said it differs"
        );
        assert_eq!(ino("dir/c.html"), c, "the others still linked");
        for (path, text) in files {
            assert_eq!(std::fs::read_to_string(out.join(path)).unwrap(), text);
        }

        // No stamps at all: compared byte for byte, still linked.
        std::fs::remove_file(&stamps_file).unwrap();
        build_through_sink(&out, &files);
        assert_eq!(ino("dir/c.html"), c);
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
        // Web servers would publish a marker file: the output has none.
        assert!(!out.join(super::super::MARKER).exists());
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
