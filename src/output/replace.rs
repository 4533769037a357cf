//! Replacing one file whole, for the commands that edit sources or write
//! a report, and the one way helpsite makes a temporary file.

use std::fs::{File, Permissions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Replaces one file (for `check --fix`, the `l10n` commands and the
/// reports they write): writes beside it and renames over it, keeping its
/// permissions, so a failed write never leaves half a file. A symlink is
/// refused, never written through: its target may be any file, another
/// locale's source or one outside the site.
pub fn replace_file(target: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(link_target) = symlink_target(target) {
        return Err(io::Error::other(format!(
            "it is a symlink to `{}`; helpsite writes only the file it names, never a link's target",
            link_target.display()
        )));
    }
    let keep = std::fs::metadata(target).ok().map(|m| m.permissions());
    write_beside(target, keep, |mut file| file.write_all(data))
}

/// Writes a new file through `fill` and renames it over `target`. The
/// temporary file beside `target` has a random name and is created only if
/// nothing, not even a symlink, is at that name: a name another user can
/// predict, in a folder they can write (a site checked out from git), lets
/// them plant a link there and have its target overwritten. The rename
/// replaces a symlink at `target` rather than writing through it.
/// `permissions` are those to keep; a new file gets the ones a plain
/// create would (the umask applies).
pub fn write_beside(
    target: &Path,
    permissions: Option<Permissions>,
    fill: impl FnOnce(&File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".helpsite-tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(0o666));
    }
    // Dropped on any error, the temporary file is removed.
    let temp = builder.tempfile_in(dir)?;
    fill(temp.as_file())?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.persist(target).map(drop).map_err(|e| e.error)
}

/// Where the symlink at `path` points, when `path` is one.
pub fn symlink_target(path: &Path) -> Option<PathBuf> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    meta.file_type()
        .is_symlink()
        .then(|| std::fs::read_link(path).unwrap_or_default())
}

/// The first symlink on the way from `root` to the file `rel` (a path
/// relative to `root`, as diagnostics name files), as that prefix of `rel`
/// and the link's target. A command that writes a source refuses one: a
/// linked file or folder would have it write a file the user did not name.
pub fn symlink_on_path(root: &Path, rel: &str) -> Option<(String, PathBuf)> {
    let mut shown = String::new();
    let mut path = root.to_path_buf();
    for part in rel.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(part);
        path.push(part);
        if let Some(target) = symlink_target(&path) {
            return Some((shown, target));
        }
    }
    None
}

/// Why a command that edits sources leaves `rel` (relative to `root`)
/// alone: a symlink on its way, named with its target.
pub fn symlinked_source(root: &Path, rel: &str) -> Option<String> {
    let (link, target) = symlink_on_path(root, rel)?;
    let target = target.display();
    Some(if link == rel.trim_matches('/') {
        format!("it is a symlink to `{target}`")
    } else {
        format!("it lies in {link}, a symlink to `{target}`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_never_follow_a_planted_symlink() {
        let t = tempfile::tempdir().unwrap();
        let victim = t.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let target = t.path().join("report.txt");
        // The name the temporary file had before it was random.
        let old_name = t
            .path()
            .join(format!(".report.txt.helpsite-tmp-{}-0", std::process::id()));
        std::os::unix::fs::symlink(&victim, &old_name).unwrap();
        replace_file(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        let left: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 3, "no temporary file left: {left:?}");

        let link = t.path().join("link.txt");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let err = replace_file(&link, b"new").unwrap_err();
        assert!(err.to_string().contains("symlink"), "{err}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert_eq!(
            symlink_on_path(t.path(), "link.txt"),
            Some(("link.txt".to_string(), victim))
        );
        assert_eq!(symlink_on_path(t.path(), "report.txt"), None);
    }
}
