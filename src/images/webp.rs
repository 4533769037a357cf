//! A lossless WebP beside each PNG and JPEG, published only when smaller.
//!
//! Encoding is the slow part of a build that has it, so none is repeated:
//! pictures with the same content (the same screenshot in two locales or
//! two copies of a page) are encoded once, and a rebuild takes the WebP of
//! the previous output for any source whose SHA-1 it already encoded. The
//! SHA-1s are kept beside the output (`.<out>.helpsite-images`) with each
//! source's inode, size and modification time, so an unchanged source is
//! recognised without reading it, as the output's stamps do for pages.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use image::ImageEncoder;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use sha1::{Digest, Sha1};

use super::size::MAX_SIDE;
use super::{webp_path, Source, Stats};
use crate::output::{Data, OutputFile};

/// Larger sources are published as they are, never read whole.
pub const MAX_SOURCE_BYTES: u64 = 32 << 20;
/// What decoding one picture may allocate.
const MAX_DECODED_BYTES: u64 = 256 << 20;
/// Far more than the index of the largest help site.
const MAX_INDEX_BYTES: u64 = 64 << 20;

/// A source as the file system shows it: while all three stay the same,
/// its recorded SHA-1 is believed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Quick {
    len: u64,
    modified_ns: u128,
    inode: u64,
}

impl Quick {
    fn of(file: &Path) -> Option<Quick> {
        let meta = std::fs::metadata(file).ok()?;
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Quick {
            len: meta.len(),
            modified_ns,
            inode: inode(&meta),
        })
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    quick: Quick,
    sha1: [u8; 20],
    /// The size of its published WebP; `None`: none was smaller.
    webp_len: Option<u64>,
}

/// What a build learnt of its encodable sources, by output path.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Index {
    entries: BTreeMap<String, Entry>,
}

impl Index {
    /// One line per source: SHA-1, size, time, inode, WebP size or `-`, path.
    pub fn to_text(&self) -> String {
        let mut text = String::from("helpsite-images 1\n");
        for (path, e) in &self.entries {
            let webp = e.webp_len.map_or("-".to_string(), |n| n.to_string());
            let q = e.quick;
            text.push_str(&format!(
                "{} {} {} {} {webp} {path}\n",
                hex(&e.sha1),
                q.len,
                q.modified_ns,
                q.inode
            ));
        }
        text
    }

    /// The index `text` describes; lines it cannot read are left out: a
    /// lost entry costs an encode, never a wrong picture.
    pub fn parse(text: &str) -> Index {
        let mut entries = BTreeMap::new();
        let mut lines = text.lines();
        if lines.next() != Some("helpsite-images 1") {
            return Index::default();
        }
        for line in lines {
            let f: Vec<&str> = line.splitn(6, ' ').collect();
            let [sha1, len, modified_ns, inode, webp, path] = f[..] else {
                continue;
            };
            let (Some(sha1), Ok(len), Ok(modified_ns), Ok(inode)) =
                (unhex(sha1), len.parse(), modified_ns.parse(), inode.parse())
            else {
                continue;
            };
            let webp_len = match webp {
                "-" => None,
                n => match n.parse() {
                    Ok(n) => Some(n),
                    Err(_) => continue,
                },
            };
            let quick = Quick {
                len,
                modified_ns,
                inode,
            };
            let entry = Entry {
                quick,
                sha1,
                webp_len,
            };
            entries.insert(path.to_string(), entry);
        }
        Index { entries }
    }

    /// Replaces `file` whole (never through a symlink).
    pub fn save(&self, file: &Path) -> io::Result<()> {
        crate::output::replace_file(file, self.to_text().as_bytes())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The previous build's WebPs and what it knew of their sources.
#[derive(Debug, Default)]
pub struct Cache {
    previous: Option<PathBuf>,
    index: Index,
}

impl Cache {
    /// The cache of the output `previous` (none on a first build), whose
    /// index is `index_file`; a missing, linked or unreadable index gives
    /// an empty one.
    pub fn load(previous: Option<&Path>, index_file: &Path) -> Cache {
        let index = match (previous, crate::output::symlink_target(index_file)) {
            (Some(_), None) => crate::fsread::read_regular_file(index_file, MAX_INDEX_BYTES)
                .ok()
                .map(|bytes| Index::parse(&String::from_utf8_lossy(&bytes)))
                .unwrap_or_default(),
            _ => Index::default(),
        };
        Cache {
            previous: previous.map(Path::to_path_buf),
            index,
        }
    }

    /// The previous output's WebP at `webp`, when it is there as recorded.
    fn previous_webp(&self, webp: &str, len: u64) -> Option<PathBuf> {
        let file = self.previous.as_ref()?.join(webp);
        let meta = std::fs::symlink_metadata(&file).ok()?;
        (meta.is_file() && meta.len() == len).then_some(file)
    }
}

/// Which of the distinct WebPs a file publishes.
#[derive(Debug)]
enum Origin {
    Encoded(usize),
}

/// The WebPs a build publishes.
#[derive(Debug, Default)]
pub struct Files {
    /// Each distinct encoding once, however many paths publish it.
    encoded: Vec<Vec<u8>>,
    files: Vec<(String, Origin)>,
    sources: FxHashSet<String>,
}

impl Files {
    /// Whether the picture at `output_path` has a WebP beside it.
    pub fn has(&self, output_path: &str) -> bool {
        self.sources.contains(output_path)
    }

    /// The published WebPs, each handed to `put` as an output file, in
    /// parallel: copies of one encoding are made one at a time.
    pub fn put_each(&self, put: impl Fn(OutputFile) + Sync) {
        self.files.par_iter().for_each(|(path, origin)| {
            let Origin::Encoded(n) = origin;
            let data = Data::Bytes(self.encoded[*n].clone());
            put(OutputFile {
                path: path.clone(),
                data,
            });
        });
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Total bytes of the published WebPs, and of the pictures they replace.
    pub fn bytes(&self) -> u64 {
        let len = |(_, origin): &(String, Origin)| match origin {
            Origin::Encoded(n) => self.encoded[*n].len() as u64,
        };
        self.files.iter().map(len).sum()
    }
}

/// A source and what is known of its content.
struct Known<'a> {
    source: &'a Source,
    quick: Quick,
    sha1: [u8; 20],
    /// The previous build's verdict on this very file, when unchanged.
    recorded: Option<Option<u64>>,
}

/// The WebPs of `sources` (pictures with a readable size), from `cache` or
/// encoded, and the index of this build.
pub(super) fn publish(sources: &[&Source], cache: &Cache, stats: &mut Stats) -> (Files, Index) {
    let taken: FxHashSet<&str> = sources.iter().map(|s| s.output_path.as_str()).collect();
    let known: Vec<Known> = sources
        .par_iter()
        .filter(|s| !taken.contains(webp_path(&s.output_path).as_str()))
        .filter_map(|s| know(s, cache))
        .collect();
    let by_sha1: FxHashMap<[u8; 20], (&str, Option<u64>)> = cache
        .index
        .entries
        .iter()
        .map(|(path, e)| (e.sha1, (path.as_str(), e.webp_len)))
        .collect();
    // Per source, its WebP's origin: the previous output's, none (not
    // smaller), or the encoding of its content.
    let mut verdicts: Vec<Option<Verdict>> = Vec::with_capacity(known.len());
    let mut to_encode: FxHashMap<[u8; 20], &Path> = FxHashMap::default();
    for k in &known {
        let recorded = k.recorded.or_else(|| by_sha1.get(&k.sha1).map(|(_, n)| *n));
        let same_file = k.recorded.map(|_| k.source.output_path.as_str());
        let at = same_file.or_else(|| by_sha1.get(&k.sha1).map(|(p, _)| *p));
        let verdict = match (recorded, at) {
            (Some(None), _) => Some(Verdict::None),
            (Some(Some(len)), Some(at)) => cache
                .previous_webp(&webp_path(at), len)
                .map(Verdict::Previous),
            _ => None,
        };
        if verdict.is_none() {
            to_encode.entry(k.sha1).or_insert(&k.source.file);
        }
        verdicts.push(verdict);
    }
    let jobs: Vec<([u8; 20], &Path)> = to_encode.into_iter().collect();
    let encodings: Vec<([u8; 20], Option<Vec<u8>>)> = jobs
        .par_iter()
        .map(|(sha1, file)| {
            let bytes = crate::fsread::read_regular_file(file, MAX_SOURCE_BYTES).ok();
            (*sha1, bytes.and_then(|b| smaller(&b)))
        })
        .collect();
    stats.encoded += encodings.len();
    let mut files = Files::default();
    let mut encoded_at: FxHashMap<[u8; 20], Option<usize>> = FxHashMap::default();
    for (sha1, webp) in encodings {
        let slot = webp.map(|w| {
            files.encoded.push(w);
            files.encoded.len() - 1
        });
        encoded_at.insert(sha1, slot);
    }
    // A reused WebP is published from its bytes, read once per content, as
    // an encoded one is: the service worker's version, a hash of every
    // published file, then stays the same when nothing changed.
    let mut previous: FxHashMap<[u8; 20], &Path> = FxHashMap::default();
    for (k, verdict) in known.iter().zip(&verdicts) {
        if let Some(Verdict::Previous(file)) = verdict {
            previous.entry(k.sha1).or_insert(file);
        }
    }
    let previous: Vec<([u8; 20], &Path)> = previous.into_iter().collect();
    let read: Vec<([u8; 20], Option<Vec<u8>>)> = previous
        .par_iter()
        .map(|(sha1, file)| {
            let bytes = crate::fsread::read_regular_file(file, MAX_SOURCE_BYTES).ok();
            (*sha1, bytes.filter(|b| b.starts_with(b"RIFF")))
        })
        .collect();
    let mut reused_at: FxHashMap<[u8; 20], Option<usize>> = FxHashMap::default();
    for (sha1, webp) in read {
        let slot = webp.map(|w| {
            files.encoded.push(w);
            files.encoded.len() - 1
        });
        reused_at.insert(sha1, slot);
    }
    let mut index = Index::default();
    for (k, verdict) in known.iter().zip(verdicts) {
        let out = &k.source.output_path;
        let (origin, webp_len) = match verdict {
            Some(Verdict::None) => (None, None),
            Some(Verdict::Previous(..)) => match reused_at.get(&k.sha1).copied().flatten() {
                Some(n) => {
                    stats.reused += 1;
                    (
                        Some(Origin::Encoded(n)),
                        Some(files.encoded[n].len() as u64),
                    )
                }
                // Lost since: the next build encodes it again.
                None => continue,
            },
            None => match encoded_at.get(&k.sha1).copied().flatten() {
                Some(n) => (
                    Some(Origin::Encoded(n)),
                    Some(files.encoded[n].len() as u64),
                ),
                None => (None, None),
            },
        };
        if let Some(origin) = origin {
            files.files.push((webp_path(out), origin));
            files.sources.insert(out.clone());
        }
        let entry = Entry {
            quick: k.quick,
            sha1: k.sha1,
            webp_len,
        };
        index.entries.insert(out.clone(), entry);
    }
    (files, index)
}

enum Verdict {
    None,
    Previous(PathBuf),
}

/// The source's SHA-1: recorded, while the file is unchanged, else read.
fn know<'a>(source: &'a Source, cache: &Cache) -> Option<Known<'a>> {
    let quick = Quick::of(&source.file)?;
    if let Some(e) = cache.index.entries.get(&source.output_path) {
        if e.quick == quick {
            return Some(Known {
                source,
                quick,
                sha1: e.sha1,
                recorded: Some(e.webp_len),
            });
        }
    }
    let bytes = crate::fsread::read_regular_file(&source.file, MAX_SOURCE_BYTES).ok()?;
    Some(Known {
        source,
        quick,
        sha1: Sha1::digest(&bytes).into(),
        recorded: None,
    })
}

/// A lossless WebP of the PNG or JPEG `bytes`, when it is smaller. Only
/// 8-bit pictures are encoded, so nothing is lost in the conversion.
pub fn smaller(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = image::ImageReader::new(io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().ok()?;
    let (width, height) = (decoded.width(), decoded.height());
    let mut out = Vec::new();
    let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
    use image::{ColorType, ExtendedColorType};
    let written = match decoded.color() {
        ColorType::Rgba8 | ColorType::La8 => {
            let rgba = decoded.into_rgba8();
            encoder.write_image(&rgba, width, height, ExtendedColorType::Rgba8)
        }
        ColorType::Rgb8 | ColorType::L8 => {
            let rgb = decoded.into_rgb8();
            encoder.write_image(&rgb, width, height, ExtendedColorType::Rgb8)
        }
        _ => return None,
    };
    written.ok()?;
    (out.len() < bytes.len()).then_some(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 20]> {
    let mut out = [0u8; 20];
    if s.len() != 40 || !s.is_ascii() {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}
