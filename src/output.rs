//! Writing the site: into a fresh folder beside `--out`, swapped in only
//! when everything was written, so a failed build never touches the
//! previous output. Folders that could hold the user's own work are refused.

use std::io;
use std::path::{Path, PathBuf};

/// Marks a folder as helpsite output, so we only ever replace our own.
pub const MARKER: &str = ".helpsite-output";

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
/// write never leaves half a file.
pub fn replace_file(target: &Path, data: &[u8]) -> io::Result<()> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = target.with_file_name(format!(".{name}.helpsite-tmp"));
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

/// Writes `files` as the new contents of `out`, atomically.
pub fn write_atomic(out: &Path, files: &[OutputFile]) -> io::Result<()> {
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
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.helpsite-new-{pid}"));
    let old = parent.join(format!(".{name}.helpsite-old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let previous = out.join(MARKER).exists().then_some(out.as_path());
    let result = write_all(&tmp, files, previous).and_then(|_| {
        if out.exists() {
            std::fs::rename(&out, &old)?;
            if let Err(e) = std::fs::rename(&tmp, &out) {
                let _ = std::fs::rename(&old, &out);
                return Err(e);
            }
            let _ = std::fs::remove_dir_all(&old);
            Ok(())
        } else {
            std::fs::rename(&tmp, &out)
        }
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
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
            Data::Bytes(b) => std::fs::write(&target, b),
            Data::Copy(src) => copy_or_reuse(src, &target, previous.map(|p| p.join(&f.path))),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.path)))
    })
}

/// Media dominate the output's size and rarely change between builds. A
/// copy carries its source's modification time, so the next build can
/// recognise an unchanged copy in the previous output (same size and time,
/// as rsync's quick check does) and hard-link it instead of copying again.
/// Links only ever join two output folders, never output and sources.
fn copy_or_reuse(src: &Path, target: &Path, previous: Option<PathBuf>) -> io::Result<()> {
    let meta = std::fs::metadata(src)?;
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
    std::fs::copy(src, target)?;
    if let Some(modified) = modified {
        let _ = std::fs::File::options()
            .write(true)
            .open(target)
            .and_then(|f| f.set_modified(modified));
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
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
