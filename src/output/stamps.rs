//! What the previous build wrote, file by file: its SHA-1, kept beside the
//! output (`.public.helpsite-stamps`) so that a rebuild can tell an
//! unchanged page without reading the old file.
//!
//! A stamp is trusted only while the file on disk is the one it describes:
//! the same inode, size and modification time (to the nanosecond), as
//! rsync's quick check with the inode added. Anything that rewrote the
//! file since, in place or by replacing it, changes one of them, and the
//! file is then compared byte for byte as before. The stamps are an
//! optimisation only: a missing, stale or unreadable file of them costs
//! speed, never correctness.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashMap;

/// One written file as the file system shows it, with its content's SHA-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub sha1: [u8; 20],
    pub len: u64,
    pub modified_ns: u128,
    pub inode: u64,
}

impl Stamp {
    /// The stamp of a file with content `sha1`, from its metadata; `None`
    /// where the platform has no inode numbers.
    pub fn of(sha1: [u8; 20], meta: &std::fs::Metadata) -> Option<Stamp> {
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            sha1,
            len: meta.len(),
            modified_ns,
            inode: inode(meta)?,
        })
    }

    /// Whether this recorded stamp still describes the file `on_disk` was
    /// taken from: same inode, size and modification time. Only then does
    /// its SHA-1 say anything about the file's content.
    pub fn describes(&self, on_disk: &Stamp) -> bool {
        (self.inode, self.len, self.modified_ns)
            == (on_disk.inode, on_disk.len, on_disk.modified_ns)
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.ino())
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> Option<u64> {
    None
}

/// The stamps file of the output folder `out`: beside it, not in it, so
/// it is never published.
pub fn path_beside(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.helpsite-stamps"))
}

/// Far more than the stamps of the largest help site.
const MAX_STAMPS: u64 = 1 << 30;

/// The previous build's stamps by output path; empty when there are none
/// or they cannot be read.
pub fn load(file: &Path) -> FxHashMap<String, Stamp> {
    // A link could make a build trust stamps someone else wrote; saving
    // replaces it with a file of our own.
    if super::symlink_target(file).is_some() {
        return FxHashMap::default();
    }
    // Only a regular file, opened without waiting: a named pipe here is
    // ignored as a damaged file is, instead of hanging the build.
    let Ok(bytes) = crate::fsread::read_regular_file(file, MAX_STAMPS) else {
        return FxHashMap::default();
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return FxHashMap::default();
    };
    let mut stamps = FxHashMap::default();
    for line in text.lines() {
        match parse_line(line) {
            Some((path, stamp)) => {
                stamps.insert(path.to_string(), stamp);
            }
            // A damaged file is not half trusted.
            None => return FxHashMap::default(),
        }
    }
    stamps
}

/// `sha1-hex len modified-ns inode path`: the path last, since it may hold spaces.
fn parse_line(line: &str) -> Option<(&str, Stamp)> {
    let mut parts = line.splitn(5, ' ');
    let hex = parts.next()?;
    let len = parts.next()?.parse().ok()?;
    let modified_ns = parts.next()?.parse().ok()?;
    let inode = parts.next()?.parse().ok()?;
    let path = parts.next().filter(|p| !p.is_empty())?;
    if hex.len() != 40 {
        return None;
    }
    let mut sha1 = [0u8; 20];
    for (i, byte) in sha1.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some((
        path,
        Stamp {
            sha1,
            len,
            modified_ns,
            inode,
        },
    ))
}

/// The stamps of the files a build writes, collected as they are written.
#[derive(Default)]
pub struct Recorder(Mutex<Vec<(String, Stamp)>>);

impl Recorder {
    pub fn record(&self, path: &str, stamp: Stamp) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path.to_string(), stamp));
    }

    /// Writes the stamps to `file`, whole or not at all (a temporary file
    /// renamed over it, which replaces a symlink there rather than writing
    /// to its target). With none recorded, there is no file.
    pub fn save(self, file: &Path) -> io::Result<()> {
        use std::fmt::Write as _;
        let mut stamps = self
            .0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if stamps.is_empty() {
            return match std::fs::remove_file(file) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        stamps.sort_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::with_capacity(stamps.len() * 96);
        for (path, s) in &stamps {
            for byte in s.sha1 {
                let _ = write!(text, "{byte:02x}");
            }
            let _ = writeln!(text, " {} {} {} {path}", s.len, s.modified_ns, s.inode);
        }
        super::write_beside(file, None, |mut temp| {
            use std::io::Write as _;
            temp.write_all(text.as_bytes())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_back_as_written_and_damage_trusts_nothing() {
        let t = tempfile::tempdir().unwrap();
        let file = path_beside(t.path(), "public");
        let a = Stamp {
            sha1: [0xab; 20],
            len: 12,
            modified_ns: 1_700_000_000_123_456_789,
            inode: 42,
        };
        let b = Stamp { sha1: [1; 20], ..a };
        let recorder = Recorder::default();
        recorder.record("nl/a page.html", a);
        recorder.record("en/b.html", b);
        recorder.save(&file).unwrap();
        let back = load(&file);
        assert_eq!(back.len(), 2);
        assert_eq!(back["nl/a page.html"], a, "a path with a space");
        assert_eq!(back["en/b.html"], b);

        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("ab", "zz", 1)).unwrap();
        assert!(load(&file).is_empty(), "one bad line and none is trusted");
        std::fs::write(&file, &text[..text.len() - 30]).unwrap();
        assert!(load(&file).is_empty(), "a cut-off file");
        assert!(load(&t.path().join("missing")).is_empty());
    }
}
