//! Finds the site's source files: pages, partials (includes), TOC files and
//! assets, per locale, under `content/<locale>/` or the folder `site.toml`
//! names for the locale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Page,
    /// Markdown under a folder named `includes/`: a partial, not a page.
    Include,
    /// `TOC.md` / `toc.yml`: navigation, not a page.
    Toc,
    Asset,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub locale: String,
    /// Relative to `content/<locale>/`, forward slashes.
    pub path: String,
    pub abs: PathBuf,
    pub kind: FileKind,
}

#[derive(Debug, Default)]
pub struct SourceTree {
    pub locales: Vec<String>,
    pub files: Vec<SourceFile>,
}

pub fn classify(path: &str) -> FileKind {
    let lower = path.to_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if name == "toc.md" || name == "toc.yml" {
        FileKind::Toc
    } else if lower.ends_with(".md") {
        if lower.split('/').rev().skip(1).any(|seg| seg == "includes") {
            FileKind::Include
        } else {
            FileKind::Page
        }
    } else {
        FileKind::Asset
    }
}

fn is_yaml(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yml") || lower.ends_with(".yaml")
}

/// The `YamlMime` types helpsite renders as pages (DocFX's landing and hub
/// page schemas).
pub const YAML_PAGE_TYPES: &[&str] = &["Landing", "Hub"];

/// The types that are data other files read, never pages.
const YAML_DATA_TYPES: &[&str] = &["ZonePivotGroups"];

/// The type a YAML file declares on its first line, `### YamlMime:<type>`.
pub fn yaml_mime(text: &str) -> Option<&str> {
    let first = text.trim_start_matches('\u{feff}').lines().next()?;
    let rest = first
        .trim_start()
        .strip_prefix('#')?
        .trim_start_matches('#');
    let mime = rest.trim().strip_prefix("YamlMime:")?.trim();
    (!mime.is_empty()).then_some(mime)
}

/// A YAML file is a page when its first line names a type helpsite renders;
/// data (no type, or a data type) stays a file other files read. A type
/// helpsite cannot render is said, not silently published as a file.
fn yaml_kind(abs: &Path, shown: &str, diags: &mut Vec<Diagnostic>) -> FileKind {
    // The first line is all that tells; a landing page's is 20 bytes.
    let Ok(head) = crate::fsread::read_head(abs, 256) else {
        return FileKind::Asset;
    };
    let head = String::from_utf8_lossy(&head);
    match yaml_mime(&head) {
        Some(mime) if YAML_PAGE_TYPES.contains(&mime) => FileKind::Page,
        Some(mime) if !YAML_DATA_TYPES.contains(&mime) => {
            diags.push(
                Diagnostic::warning(
                    Code::YamlPage,
                    shown,
                    format!(
                        "`YamlMime:{}` pages cannot be rendered (only {}); it is not published as a page",
                        crate::diagnostics::printable(mime),
                        YAML_PAGE_TYPES.join(" and ")
                    ),
                )
                .at(&head, 0),
            );
            FileKind::Asset
        }
        _ => FileKind::Asset,
    }
}

pub fn scan(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> SourceTree {
    let content = root.join("content");
    let mut locales: Vec<String> = match &config.locales {
        Some(list) => list.clone(),
        None => {
            let mut found = Vec::new();
            for entry in std::fs::read_dir(&content).into_iter().flatten() {
                let e = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(Diagnostic::error(
                            Code::Io,
                            "content/",
                            format!("cannot read the folder: {e}"),
                        ));
                        continue;
                    }
                };
                if !e.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                // A folder name becomes part of every output path of its pages.
                match crate::config::check_locale_tag(&name) {
                    Ok(()) => found.push(name),
                    Err(why) => diags.push(Diagnostic::warning(
                        Code::Config,
                        format!("content/{name}/"),
                        format!("skipped: `{name}` is not a BCP 47 language tag ({why}), so it is not a locale"),
                    )),
                }
            }
            found
        }
    };
    locales.sort();
    let in_content = |l: &String| !config.locale_root(root, l).own;
    if !content.is_dir() && (config.locales.is_none() || locales.iter().any(in_content)) {
        diags.push(Diagnostic::error(
            Code::Io,
            "content/",
            "no content/ folder: pages go in content/<locale>/*.md",
        ));
    } else if !locales.contains(&config.default_locale) {
        diags.push(Diagnostic::error(
            Code::Config,
            "site.toml",
            format!(
                "default_locale `{}` has no folder content/{}/",
                config.default_locale, config.default_locale
            ),
        ));
    }
    // Each locale's folder is walked on its own thread: a large site spends
    // its first moments listing folders, one system call at a time.
    let walked: Vec<(Vec<SourceFile>, Vec<Diagnostic>)> = locales
        .par_iter()
        .map(|locale| {
            let mut found_diags = Vec::new();
            let place = config.locale_root(root, locale);
            let mut found: BTreeMap<String, SourceFile> = BTreeMap::new();
            // Diagnostics name the file `content/<locale>/…` until
            // `Config::show_paths` names it where the writer finds it.
            let shown = format!("content/{locale}/");
            let listed = if place.own {
                walk_within(
                    &place.boundary,
                    "its locale's folder",
                    &place.dir,
                    &shown,
                    &|_| false,
                    &mut found_diags,
                )
            } else {
                walk(root, &place.dir, &shown, &|_| false, &mut found_diags)
            };
            for (path, abs) in listed {
                let mut kind = classify(&path);
                if kind == FileKind::Asset && is_yaml(&path) {
                    kind = yaml_kind(&abs, &format!("{shown}{path}"), &mut found_diags);
                }
                found.insert(
                    path.clone(),
                    SourceFile {
                        locale: locale.clone(),
                        kind,
                        path,
                        abs,
                    },
                );
            }
            (found.into_values().collect(), found_diags)
        })
        .collect();
    let mut files = Vec::new();
    for (found, found_diags) in walked {
        files.extend(found);
        diags.extend(found_diags);
    }
    files.retain(|f| {
        let page_or_toc = matches!(f.kind, FileKind::Page | FileKind::Toc);
        config.docfx_keeps(&f.locale, &f.path, page_or_toc, f.kind == FileKind::Include)
    });
    SourceTree { locales, files }
}

/// The files under `dir` (a folder of the site), as paths relative to it
/// with forward slashes, each with its path on disk, sorted.
///
/// This is the one symlink and name policy of every command, so `build`,
/// `check` and `serve` publish the same files:
/// - a symlink whose target lies inside the site root is followed, file or
///   folder (each folder once, so link loops end);
/// - one whose target lies outside the site root, or that leads nowhere,
///   is refused with an error naming the link and its target;
/// - names starting with `.` (editor lock and swap files, `.git`, `.env`)
///   are skipped without a word, unless `keep_dot` lists the path;
/// - names that are not UTF-8, or hold control characters or `\`, cannot
///   become URLs: they are skipped with a warning.
///
/// `shown` is `dir` as diagnostics name it, e.g. `content/en/`.
pub fn walk(
    root: &Path,
    dir: &Path,
    shown: &str,
    keep_dot: &dyn Fn(&str) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    walk_within(root, "the site root", dir, shown, keep_dot, diags)
}

/// [`walk`], with symlinks bounded by the folder `root` rather than the
/// site root: a locale's own folder (`[locales.<tag>] content`) is the
/// whole of what the writer named for it. `root_is` names it in errors.
pub fn walk_within(
    root: &Path,
    root_is: &str,
    dir: &Path,
    shown: &str,
    keep_dot: &dyn Fn(&str) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(canon_root) = root.canonicalize() else {
        return out;
    };
    let mut visited = std::collections::HashSet::new();
    if let Ok(d) = dir.canonicalize() {
        visited.insert(d);
    }
    // Folders still to read: (path on disk, relative path).
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, rel_dir)) = stack.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    Code::Io,
                    format!("{shown}{rel_dir}"),
                    format!("cannot read the folder: {e}"),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            crate::diagnostics::work::add(1);
            let os_name = entry.file_name();
            let shown_name = os_name.to_string_lossy();
            let Some(name) = os_name.to_str() else {
                diags.push(Diagnostic::warning(
                    Code::Encoding,
                    format!("{shown}{rel_dir}{shown_name}"),
                    "skipped: the name is not UTF-8, so it cannot be part of a URL",
                ));
                continue;
            };
            let rel = format!("{rel_dir}{name}");
            if name.starts_with('.') && !keep_dot(&rel) {
                continue;
            }
            if name.chars().any(|c| c.is_control() || c == '\\') {
                diags.push(Diagnostic::warning(
                    Code::Encoding,
                    format!("{shown}{}", crate::diagnostics::printable(&rel)),
                    "skipped: the name holds a control character or a backslash, which cannot be part of a URL",
                ));
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let (is_dir, is_file) = if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap_or_default();
                match path.canonicalize() {
                    Ok(real) if real.starts_with(&canon_root) => match std::fs::metadata(&real) {
                        Ok(m) => (m.is_dir(), m.is_file()),
                        Err(_) => (false, false),
                    },
                    Ok(real) => {
                        diags.push(Diagnostic::error(
                            Code::PathEscape,
                            format!("{shown}{rel}"),
                            format!(
                                "symlink to `{}` ({}) leads outside {root_is}; it is not published",
                                target.display(),
                                real.display()
                            ),
                        ));
                        continue;
                    }
                    Err(e) => {
                        diags.push(Diagnostic::error(
                            Code::Io,
                            format!("{shown}{rel}"),
                            format!("symlink to `{}` leads nowhere: {e}", target.display()),
                        ));
                        continue;
                    }
                }
            } else {
                (kind.is_dir(), kind.is_file())
            };
            if is_dir {
                let first_visit = path.canonicalize().is_ok_and(|c| visited.insert(c));
                if first_visit {
                    stack.push((path, format!("{rel}/")));
                }
            } else if is_file {
                out.push((rel, path));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify("a.md"), FileKind::Page);
        assert_eq!(classify("EndUser/a.md"), FileKind::Page);
        assert_eq!(classify("includes/x.md"), FileKind::Include);
        assert_eq!(classify("EndUser/TOC.md"), FileKind::Toc);
        assert_eq!(classify("toc.yml"), FileKind::Toc);
        assert_eq!(classify("media/x.png"), FileKind::Asset);
        assert_eq!(classify("includes.md"), FileKind::Page);
    }

    #[test]
    fn yaml_types_are_read_from_the_first_line() {
        assert_eq!(yaml_mime("### YamlMime:Landing\ntitle: x"), Some("Landing"));
        assert_eq!(yaml_mime("\u{feff}### YamlMime:Hub\r\n"), Some("Hub"));
        assert_eq!(yaml_mime("#YamlMime: Hub"), Some("Hub"));
        assert_eq!(yaml_mime("groups: []\n### YamlMime:Landing"), None);
        assert_eq!(yaml_mime("### YamlMime:"), None);
        assert_eq!(yaml_mime(""), None);
    }
}
