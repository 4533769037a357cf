//! The lock beside `--out` that lets one build at a time write it, and the
//! cleanup, under that lock, of what killed builds left.

use std::io;
use std::path::{Path, PathBuf};

use super::guard::absolute;

/// Puts back or removes what killed builds left beside `out`, so even a
/// build that fails leaves a whole output behind.
pub fn recover(out: &Path) -> io::Result<()> {
    lock_beside(out).map(drop)
}

/// Takes the lock beside `out`, then cleans up after killed builds.
/// Returns `out` made absolute, its parent, its name and the lock.
pub(super) fn lock_beside(out: &Path) -> io::Result<(PathBuf, PathBuf, String, std::fs::File)> {
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
    let lock = open_lock(&parent.join(format!(".{name}.helpsite-lock")))?;
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

/// Opens (creating) the lock file, never through a symlink: the output's
/// parent is often the site root, where a link committed at this name
/// would have every build create its target.
fn open_lock(path: &Path) -> io::Result<std::fs::File> {
    if let Some(target) = super::symlink_target(path) {
        return Err(io::Error::other(format!(
            "the lock file {} is a symlink to `{}`; delete the link (helpsite never writes through one)",
            path.display(),
            target.display()
        )));
    }
    // Opening a named pipe for writing waits for a reader: refused, as a
    // link is, before the open.
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.is_file() {
            return Err(not_a_file(path, &meta));
        }
    }
    let mut options = std::fs::File::options();
    options.create(true).truncate(false).write(true);
    // Also when a link or a pipe appears between the check above and the
    // open: not followed, and not waited on.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_a_file(path, &meta));
    }
    Ok(file)
}

fn not_a_file(path: &Path, meta: &std::fs::Metadata) -> io::Error {
    io::Error::other(format!(
        "the lock file {} is {}, not a regular file; delete it",
        path.display(),
        crate::fsread::kind_of(meta)
    ))
}

/// Folders that killed builds left beside `out`. Called under the lock, so
/// no live build owns them. A build killed between its two renames left no
/// `out` but the previous output as `old-<pid>`: that is put back.
fn recover_stale(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let new_prefix = format!(".{name}.helpsite-new-");
    let old_prefix = format!(".{name}.helpsite-old-");
    let mut stale: Vec<(bool, bool, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(parent)?.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_old = file_name.starts_with(&old_prefix);
        if is_old || file_name.starts_with(&new_prefix) {
            // Not followed: only a real folder is a build's.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            stale.push((is_old, is_dir, entry.path()));
        }
    }
    for (is_old, is_dir, path) in stale {
        if !is_dir {
            std::fs::remove_file(&path)?;
        } else if is_old && !out.exists() && super::is_helpsite_output(&path) {
            std::fs::rename(&path, out)?;
        } else {
            std::fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}
