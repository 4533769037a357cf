//! Published pictures, sized and light: the pixel size of every image a
//! page shows (`size`, from its header), a smaller WebP beside each PNG and
//! JPEG (`webp`, cached across builds by the source's SHA-1), and the
//! pages' `<img>` tags rewritten to use both (`tags`).

pub mod size;
pub mod tags;
pub mod webp;

use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostics::work;

/// What the build knows of one published picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// A smaller WebP is published beside it, at its path plus `.webp`.
    pub webp: bool,
}

/// Every published picture with a readable size, by output path.
#[derive(Debug, Default)]
pub struct Images {
    by_path: FxHashMap<String, Picture>,
}

impl Images {
    pub fn get(&self, output_path: &str) -> Option<&Picture> {
        self.by_path.get(output_path)
    }

    pub fn insert(&mut self, output_path: &str, width: u32, height: u32, webp: bool) {
        let picture = Picture {
            width,
            height,
            webp,
        };
        self.by_path.insert(output_path.to_string(), picture);
    }

    /// The WebP path of the picture at `output_path`, when it has one: what
    /// a browser loads in its place, so what the offline budget counts.
    pub fn webp_of(&self, output_path: &str) -> Option<String> {
        self.get(output_path)
            .filter(|p| p.webp)
            .map(|_| webp_path(output_path))
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// Where the WebP of the picture at `output_path` is published.
pub fn webp_path(output_path: &str) -> String {
    format!("{output_path}.webp")
}

/// A file a page references: where it is published and its source.
#[derive(Debug, Clone)]
pub struct Source {
    pub output_path: String,
    pub file: PathBuf,
}

/// What was learnt of the pictures, and what it cost.
#[derive(Debug, Default)]
pub struct Prepared {
    pub images: Images,
    /// The WebP files to publish.
    pub files: webp::Files,
    /// What the next build's cache starts from.
    pub index: webp::Index,
    pub stats: Stats,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Bytes of headers read for sizes: bounded per picture.
    pub header_bytes: u64,
    /// Pictures decoded and encoded as WebP in this build.
    pub encoded: usize,
    /// WebPs taken from the previous output instead.
    pub reused: usize,
}

/// A picture, its size when its header gives one, and the bytes read.
type Sized<'a> = (&'a Source, Option<(u32, u32)>, u64);

/// The size of every picture in `sources` (others are skipped), and with
/// `cache` the WebPs (encoded in parallel, each distinct content once).
pub fn prepare(sources: &[Source], cache: Option<&webp::Cache>) -> Prepared {
    let sized: Vec<Sized> = sources
        .par_iter()
        .filter(|s| size::is_image(&s.output_path))
        .map(|s| {
            // Most sizes are in the first bytes; a JPEG's may follow its
            // EXIF block and an SVG's root its comments, so only those
            // read further.
            let head = |limit| crate::fsread::read_head(&s.file, limit).unwrap_or_default();
            let first = head(size::HEAD_FIRST);
            let mut read = first.len() as u64;
            let mut found = size::of(&s.output_path, &first);
            let full = first.len() as u64 == size::HEAD_FIRST;
            let may_be_further = size::is_jpeg(&first) || size::is_svg(&s.output_path);
            if found.is_none() && full && may_be_further {
                let more = head(size::HEAD_LIMIT);
                read += more.len() as u64;
                found = size::of(&s.output_path, &more);
            }
            work::add(read as usize);
            (s, found, read)
        })
        .collect();
    let mut stats = Stats {
        header_bytes: sized.iter().map(|(_, _, n)| n).sum(),
        ..Stats::default()
    };
    let encodable: Vec<&Source> = sized
        .iter()
        .filter(|(s, size, _)| size.is_some() && size::is_encodable(&s.output_path))
        .map(|(s, _, _)| *s)
        .collect();
    let (files, index) = match cache {
        Some(cache) => webp::publish(&encodable, cache, &mut stats),
        None => Default::default(),
    };
    let mut images = Images::default();
    for (s, size, _) in &sized {
        if let Some((w, h)) = size {
            images.insert(&s.output_path, *w, *h, files.has(&s.output_path));
        }
    }
    Prepared {
        images,
        files,
        index,
        stats,
    }
}
