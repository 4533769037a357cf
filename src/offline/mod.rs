//! Everything that makes the built site work without a network: cache-busting
//! names for CSS and JS, the per-locale search indexes, the service worker
//! with its precache list, the web app manifest, the sitemap and the zip.

use std::collections::BTreeMap;

use rayon::prelude::*;
use std::io::{self, Write};
use std::path::Path;

use serde_json::json;
use sha1::{Digest, Sha1};

use crate::diagnostics::{Code, Diagnostic};
use crate::links::{encode_path, href_to};
use crate::output::{Data, OutputFile};
use crate::search::{self, LocaleIndex};
use crate::site::{Page, PageKind, Site};

pub mod precache;

pub use precache::{offline_files, SERVICE_WORKER};

/// `.json`, not `.webmanifest`: stock web servers (Debian's nginx among
/// them) serve that as `application/octet-stream`, `.json` as
/// `application/json`, which browsers take for a manifest.
pub const MANIFEST: &str = "manifest.json";
pub const SITEMAP: &str = "sitemap.xml";

/// What the build adds to the pages: files with hashed names, and the
/// table that lets templates refer to them by their plain names.
#[derive(Default)]
pub struct Generated {
    /// Plain name → published path, relative to the output root:
    /// `helpsite.css` → `helpsite.3f2a9c01.css`, `nl/search-index.js` → `nl/search-index.0c1d2e3f.js`.
    pub assets: BTreeMap<String, String>,
    /// The site's `static/` files under their published names.
    pub static_files: Vec<OutputFile>,
    pub search: Vec<LocaleIndex>,
    /// The zip of the whole site, relative to the output root, when
    /// `build --zip` writes it inside the output folder: pages link to it.
    pub download: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How the build wants its generated files.
#[derive(Debug, Default, Clone)]
pub struct GenerateOptions {
    /// See `Generated::download`.
    pub download: Option<String>,
    /// Publish CSS and JS under their plain names. `serve` sends
    /// `no-store`, so content-hashed names buy nothing there; plain ones
    /// keep every page's references stable while the files change.
    pub plain_names: bool,
    /// Leave out the search indexes: `check` validates, it publishes nothing.
    pub skip_search: bool,
    /// Publish a smaller WebP beside each PNG and JPEG, from this cache
    /// where it has one: `build` only, as encoding is slow.
    pub webp: Option<std::sync::Arc<crate::images::webp::Cache>>,
}

impl Generated {
    pub fn compute(site: &Site, options: &GenerateOptions) -> Generated {
        Self::compute_writing(site, options, None)
    }

    /// `compute`, handing each search shard to `write` as soon as it is
    /// made, so that no locale's shards are ever all in memory; the index
    /// then keeps only their names (see `take_search_files`).
    pub fn compute_writing(
        site: &Site,
        options: &GenerateOptions,
        write: Option<&(dyn Fn(OutputFile) + Sync)>,
    ) -> Generated {
        let mut g = Generated {
            download: options.download.clone(),
            ..Default::default()
        };
        for (name, data) in static_sources(
            site.root(),
            &site.config().static_dotfiles,
            &mut g.diagnostics,
        ) {
            let published = match &data {
                _ if options.plain_names => name.clone(),
                Data::Bytes(b) => hashed_name(&name, b),
                Data::Copy(p) => match hashed_name_of_file(&name, p) {
                    Ok(published) => published,
                    Err(e) => {
                        g.diagnostics.push(Diagnostic::error(
                            Code::Io,
                            format!("static/{name}"),
                            format!("cannot read: {e}"),
                        ));
                        continue;
                    }
                },
            };
            g.assets.insert(name.clone(), published.clone());
            g.static_files.push(OutputFile {
                path: published,
                data,
            });
        }
        if !options.skip_search {
            g.search = site
                .locales()
                .par_iter()
                .map(|l| {
                    let docs = search_docs(site, l);
                    match write {
                        Some(write) => search::build_into(l, &docs, &mut |path, script| {
                            write(OutputFile {
                                path: format!("{l}/{path}"),
                                data: Data::Bytes(script.into_bytes()),
                            });
                        }),
                        None => search::build(l, &docs),
                    }
                })
                .collect();
        }
        for index in &g.search {
            let name = format!("{}/search-index.js", index.locale);
            let published = if options.plain_names {
                name.clone()
            } else {
                hashed_name(&name, index.js.as_bytes())
            };
            g.assets.insert(name, published);
        }
        g
    }

    /// The published path of the locale's search index.
    pub fn search_index_path(&self, locale: &str) -> String {
        self.assets
            .get(&format!("{locale}/search-index.js"))
            .cloned()
            .unwrap_or_default()
    }

    /// Each locale's top level and its shards, the shards moved out: the
    /// build writes them first and keeps only their names.
    pub fn take_search_files(&mut self) -> Vec<OutputFile> {
        let mut out = Vec::new();
        for i in 0..self.search.len() {
            let top = OutputFile {
                path: self.search_index_path(&self.search[i].locale),
                data: Data::Bytes(self.search[i].js.clone().into_bytes()),
            };
            out.push(top);
            let index = &mut self.search[i];
            // A shard without its script went to `compute_writing`'s writer.
            for (path, js) in index.files.iter_mut().filter(|(_, js)| !js.is_empty()) {
                out.push(OutputFile {
                    path: format!("{}/{path}", index.locale),
                    data: Data::Bytes(std::mem::take(js).into_bytes()),
                });
            }
        }
        out
    }
}

/// `static/` of the site, with the default theme's files filling in any it
/// lacks, so a site that adds only a logo still gets working search.
fn static_sources(
    root: &Path,
    dotfiles: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Data)> {
    let dir = root.join("static");
    let mut files: BTreeMap<String, Data> = BTreeMap::new();
    if dir.is_dir() {
        // A dot folder listed by a file inside it (`.well-known/x`) is read too.
        let keep = |rel: &str| {
            dotfiles
                .iter()
                .any(|d| d == rel || d.starts_with(&format!("{rel}/")))
        };
        for (rel, abs) in crate::discover::walk(root, &dir, "static/", &keep, diagnostics) {
            let dot_file = rel.split('/').any(|seg| seg.starts_with('.'));
            if !dot_file || dotfiles.contains(&rel) {
                files.insert(rel, Data::Copy(abs));
            }
        }
    }
    for (name, text) in crate::theme::STATIC {
        files
            .entry(name.to_string())
            .or_insert_with(|| Data::Bytes(text.as_bytes().to_vec()));
    }
    files.into_iter().collect()
}

/// CSS and JS get the first 8 hex digits of their content's hash in their
/// name, so browsers and proxies never serve a stale copy. Other files keep
/// their names: stylesheets refer to them.
/// [`hashed_name`] of a file, read in blocks: a large download in
/// `static/` never has to fit in memory, and only CSS and JS are read at all.
fn hashed_name_of_file(name: &str, path: &Path) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    if hashed_name(name, b"") == name {
        return Ok(name.to_string());
    }
    let mut hasher = Sha1::new();
    io::copy(&mut file, &mut hasher)?;
    Ok(with_hash(name, &hex(&hasher.finalize())))
}

pub fn hashed_name(name: &str, content: &[u8]) -> String {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return name.to_string();
    };
    if !matches!(ext, "css" | "js") || stem.ends_with('/') || stem.is_empty() {
        return name.to_string();
    }
    with_hash(name, &hex(&Sha1::digest(content)))
}

/// `a/b.css` → `a/b.<first 8 hex digits>.css`.
fn with_hash(name: &str, hex_digest: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", &hex_digest[..8]),
        None => name.to_string(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `ROBOTS: NOINDEX` in front matter (any case, any other values beside it).
pub fn is_noindex(page: &Page) -> bool {
    page.front.meta.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("robots")
            && crate::frontmatter::scalar_text(v)
                .is_some_and(|t| t.to_ascii_lowercase().contains("noindex"))
    })
}

/// The pages a locale's search index covers: every page but redirects and
/// the generated home (which holds only a list of the others). NOINDEX pages
/// stay searchable: the flag is for web crawlers, not for our readers.
pub fn search_docs<'a>(site: &'a Site, locale: &str) -> Vec<search::Doc<'a>> {
    // In parallel, in the pages' order: one locale's index is built while
    // another's documents are still being made.
    site.pages()
        .par_iter()
        .filter(|p| {
            p.locale == locale && p.redirect_url().is_none() && p.kind != PageKind::GeneratedIndex
        })
        .map(|p| {
            let all_text = p.rendered.text();
            // The page's H1 usually repeats the title: snippets start after it.
            let text = match p.rendered.first_h1() {
                Some(h1) => all_text
                    .trim_start()
                    .strip_prefix(h1)
                    .unwrap_or(all_text)
                    .trim_start(),
                None => all_text,
            };
            // `text` is what is left of the page's text after what it cut.
            let cut = all_text.len() - text.len();
            search::Doc {
                url: href_to(locale, &p.output_path()),
                title: site.page_title(p),
                headings: p
                    .rendered
                    .headings()
                    .iter()
                    .filter(|h| h.level > 1)
                    .map(|h| h.text.clone())
                    .collect(),
                text: std::borrow::Cow::Borrowed(text),
                section: site.place(p).section(site),
                sections: p
                    .rendered
                    .headings()
                    .iter()
                    .filter(|h| matches!(h.level, 2 | 3) && h.search_text.start >= cut)
                    .map(|h| search::Section {
                        text: h.search_text.start - cut..h.search_text.end - cut,
                        id: h.id.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The web app manifest: lets phones keep the help like an app.
pub fn manifest(site: &Site) -> String {
    let m = json!({
        "name": site.config().title,
        "short_name": site.config().title,
        "lang": site.config().default_locale,
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#ffffff",
        "icons": [{"src": "icon.svg", "sizes": "any", "type": "image/svg+xml"}],
    });
    serde_json::to_string_pretty(&m).unwrap_or_default() + "\n"
}

/// `sitemap.xml` with absolute URLs on the portal, when one is configured.
/// Left out: NOINDEX pages, redirects, and untranslated fallbacks (the same
/// text is listed under its own locale).
pub fn sitemap(site: &Site) -> Option<String> {
    let portal = site
        .config()
        .portal_url
        .as_deref()?
        .trim()
        .trim_end_matches('/');
    if portal.is_empty() {
        return None;
    }
    let base = format!("{portal}{}", site.config().base_path);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in site.pages() {
        let listed = match page.kind {
            PageKind::Content | PageKind::GeneratedIndex => {
                page.redirect_url().is_none() && !is_noindex(page)
            }
            PageKind::Fallback { .. } => false,
        };
        if listed {
            let url = format!("{base}{}", encode_path(&page.output_path()));
            out.push_str("  <url><loc>");
            crate::markdown::escape_attr(&mut out, &url);
            out.push_str("</loc></url>\n");
        }
    }
    out.push_str("</urlset>\n");
    Some(out)
}

/// Writes the site as a zip whose entries sit under `folder/`, so that
/// unzipping never scatters files. Written beside `zip_path` and renamed.
pub fn write_zip(zip_path: &Path, folder: &str, files: &[OutputFile]) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    if let Some(parent) = zip_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    crate::output::write_beside(zip_path, None, |file| {
        let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
        zip.set_comment(crate::output::ZIP_COMMENT)
            .map_err(io::Error::other)?;
        for f in files {
            let ext = f.path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            // Already-compressed formats only grow when deflated again.
            let method = match ext.as_str() {
                "png" | "jpg" | "jpeg" | "gif" | "webp" | "zip" | "gz" | "woff" | "woff2"
                | "mp4" | "webm" | "pdf" => CompressionMethod::Stored,
                _ => CompressionMethod::Deflated,
            };
            let options = SimpleFileOptions::default()
                .compression_method(method)
                .unix_permissions(0o644);
            zip.start_file(format!("{folder}/{}", f.path), options)
                .map_err(io::Error::other)?;
            match &f.data {
                Data::Bytes(b) => zip.write_all(b)?,
                Data::Copy(p) => {
                    let mut src = std::fs::File::open(p)
                        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
                    io::copy(&mut src, &mut zip)?;
                }
            }
        }
        zip.finish().map_err(io::Error::other)?.flush()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_css_and_js_get_hashed_names() {
        let a = hashed_name("helpsite.css", b"body{}");
        assert!(
            a.starts_with("helpsite.")
                && a.ends_with(".css")
                && a.len() == "helpsite.12345678.css".len(),
            "{a}"
        );
        assert_ne!(a, hashed_name("helpsite.css", b"body{color:red}"));
        assert_eq!(
            hashed_name("nl/search-index.js", b"x").split('/').next(),
            Some("nl")
        );
        assert_eq!(hashed_name("icon.svg", b"x"), "icon.svg");
        assert_eq!(hashed_name(".js", b"x"), ".js");
    }

    #[test]
    fn zip_holds_every_file_under_one_folder() {
        let t = tempfile::tempdir().unwrap();
        let media = t.path().join("m.png");
        std::fs::write(&media, b"PNG").unwrap();
        let files = vec![
            OutputFile {
                path: "index.html".into(),
                data: Data::Bytes(b"<p>hi</p>".to_vec()),
            },
            OutputFile {
                path: "nl/media/m.png".into(),
                data: Data::Copy(media),
            },
        ];
        let zip_path = t.path().join("help.zip");
        write_zip(&zip_path, "help", &files).unwrap();
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["help/index.html", "help/nl/media/m.png"]);
        let mut text = String::new();
        io::Read::read_to_string(&mut archive.by_name("help/index.html").unwrap(), &mut text)
            .unwrap();
        assert_eq!(text, "<p>hi</p>");
        let mut left: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["help.zip", "m.png"]);
    }
}
