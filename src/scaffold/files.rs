//! Writing the files a scaffold command plans, all or nothing: what is in
//! the way is found before the first byte is written.

use std::io::Write as _;
use std::path::Path;

use super::Refusal;

/// A file to create: its path relative to the folder it goes in, and its bytes.
pub struct Planned {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// What is at `path`, for a message, or `None` when nothing is (not even a
/// dangling symlink).
pub fn what_is_at(path: &Path) -> Option<&'static str> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let kind = meta.file_type();
    Some(if kind.is_symlink() {
        "a symlink"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a file"
    } else {
        special_kind(&kind)
    })
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a device"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a file"
}

/// Every planned file that exists, and every folder on the way to one that
/// is not a real folder (a symlink, a file, a pipe), as `path (what)`.
pub fn in_the_way(base: &Path, plan: &[Planned]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for file in plan {
        let parts: Vec<&str> = file.rel.split('/').collect();
        let mut path = base.to_path_buf();
        for (i, part) in parts.iter().enumerate() {
            path.push(part);
            let shown = parts[..=i].join("/");
            let last = i + 1 == parts.len();
            match what_is_at(&path) {
                None => break,
                Some("a folder") if !last => continue,
                Some(what) => {
                    let line = format!("{shown} ({what})");
                    if !found.contains(&line) {
                        found.push(line);
                    }
                    break;
                }
            }
        }
    }
    found
}

/// Writes every planned file under `base`, making the folders on the way.
/// The caller has checked [`in_the_way`]; each file is still created only
/// where nothing is, so one that appeared meanwhile is not overwritten.
pub fn write_all(base: &Path, plan: &[Planned]) -> Result<(), Refusal> {
    for file in plan {
        let path = base.join(&file.rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(Refusal::io("create", dir))?;
        }
        write_new(&path, &file.bytes).map_err(Refusal::io("write", &path))?;
    }
    Ok(())
}

/// Creates `path` with `bytes`, whole or not at all: written to a
/// temporary file beside it, then linked into place only if nothing (not
/// even a symlink) has that name. An interrupted write leaves no half file.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".helpsite-new-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // What a plain create gives: the umask applies.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.flush()?;
    temp.persist_noclobber(path).map(drop).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_new_never_replaces_a_file_or_a_symlink() {
        let t = tempfile::tempdir().unwrap();
        let file = t.path().join("a.md");
        write_new(&file, b"one").unwrap();
        assert!(write_new(&file, b"two").is_err());
        assert_eq!(std::fs::read(&file).unwrap(), b"one");
        let link = t.path().join("link.md");
        std::os::unix::fs::symlink(t.path().join("nowhere.md"), &link).unwrap();
        assert!(write_new(&link, b"x").is_err());
        assert!(!t.path().join("nowhere.md").exists());
        let left: Vec<_> = std::fs::read_dir(t.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 2, "no temporary file is left: {left:?}");
    }

    #[test]
    fn what_is_in_the_way_is_named_with_its_kind() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("content"), "x").unwrap();
        std::fs::write(t.path().join("site.toml"), "x").unwrap();
        let plan = [
            "site.toml",
            "content/en/index.md",
            "content/nl/index.md",
            "x.md",
        ]
        .map(|rel| Planned {
            rel: rel.to_string(),
            bytes: Vec::new(),
        });
        assert_eq!(
            in_the_way(t.path(), &plan),
            ["site.toml (a file)", "content (a file)"]
        );
    }
}
