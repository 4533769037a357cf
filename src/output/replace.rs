//! Replacing one source file whole, for the commands that edit sources.

use std::io;
use std::path::{Path, PathBuf};

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
