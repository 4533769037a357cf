//! Which output folders and files may be written: never the sources,
//! never a folder or file helpsite did not make.

use std::path::{Path, PathBuf};

use super::{MARKER, SIGNED_FILE, ZIP_COMMENT};

/// Why an `--out` folder is refused.
pub fn refuse_reason(root: &Path, out: &Path) -> Option<String> {
    // The default `--out` lies in the site root, where a link committed in
    // its place would send the build wherever it points.
    let as_named: PathBuf = out.components().collect();
    if let Some(target) = super::symlink_target(&as_named) {
        return Some(format!(
            "it is a symlink to `{}`; give the folder itself as --out",
            target.display()
        ));
    }
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
    if out.is_dir() && !super::is_helpsite_output(&out) {
        let non_empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty {
            return Some(format!(
                "it is a non-empty folder that helpsite did not create (no {SIGNED_FILE} that helpsite wrote, nor an older build's {MARKER} marker)"
            ));
        }
    }
    None
}

/// Why `out`, a folder or file a command would write, is refused for being,
/// holding or lying in one of `roots`: the folders `site.toml` names for
/// locales' trees (`[locales.<tag>] content`), which may lie anywhere.
pub fn refuse_in_content_roots(out: &Path, roots: &[(String, PathBuf)]) -> Option<String> {
    let out = absolute(out);
    roots.iter().find_map(|(locale, dir)| {
        let dir = absolute(dir);
        let how = if out == dir {
            "is"
        } else if out.starts_with(&dir) {
            "is inside"
        } else if dir.starts_with(&out) {
            "contains"
        } else {
            return None;
        };
        Some(format!(
            "it {how} the folder of locale `{locale}` ({}), which holds your sources",
            dir.display()
        ))
    })
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
        Ok(m) if m.is_symlink() => Some(format!(
            "it is a symlink to `{}`; helpsite writes only the file it names, never a link's target",
            std::fs::read_link(file).unwrap_or_default().display()
        )),
        Ok(m) if m.is_dir() => Some("it is a folder".into()),
        // A named pipe, socket or device: reading it to see whether helpsite
        // wrote it would wait forever, and writing to it is not writing a file.
        Ok(m) if !m.is_file() => Some(format!(
            "it is {}, not a regular file",
            crate::fsread::kind_of(&m)
        )),
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
pub(super) fn absolute(path: &Path) -> PathBuf {
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
        std::fs::remove_file(root.join("mine").join(MARKER)).unwrap();
        // Any urls.json is not enough: only one that opens as helpsite writes it.
        let urls = root.join("mine").join(SIGNED_FILE);
        std::fs::write(&urls, "{\"format\": 1, \"generator\": \"helpsite\"}").unwrap();
        assert!(refuse_reason(root, &root.join("mine")).is_some());
        std::fs::write(
            &urls,
            "{\n  \"generator\": \"helpsite\",\n  \"format\": 1\n}\n",
        )
        .unwrap();
        assert!(refuse_reason(root, &root.join("mine")).is_none());
    }

    #[test]
    fn refuses_a_locales_own_folder_and_what_is_in_or_around_it() {
        let t = tempfile::tempdir().unwrap();
        let nl = t.path().join("docs.nl/articles");
        std::fs::create_dir_all(&nl).unwrap();
        let roots = [("nl".to_string(), nl.clone())];
        for (out, says) in [
            (nl.clone(), "it is the folder of locale `nl`"),
            (nl.join("_site"), "it is inside the folder"),
            (nl.join("../articles/x/.."), "it is the folder"),
            (t.path().join("docs.nl"), "it contains the folder"),
        ] {
            let why = refuse_in_content_roots(&out, &roots).unwrap_or_default();
            assert!(why.starts_with(says), "{}: {why}", out.display());
        }
        assert_eq!(
            refuse_in_content_roots(&t.path().join("public"), &roots),
            None
        );
        #[cfg(unix)]
        {
            let link = t.path().join("out-link");
            std::os::unix::fs::symlink(&nl, &link).unwrap();
            assert!(refuse_in_content_roots(&link, &roots).is_some());
        }
    }
}
