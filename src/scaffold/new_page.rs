//! `helpsite new PATH`: a page with DocFX front matter, listed in the TOC
//! that governs its folder.

use std::path::{Component, Path, PathBuf};

use super::files;
use super::Refusal;
use crate::translations::stamp::yaml_scalar;

pub struct NewOptions {
    pub root: PathBuf,
    /// As the writer typed it: relative to the site root, or to the
    /// current folder when that is inside the root.
    pub path: PathBuf,
    pub cwd: PathBuf,
    pub help_id: Option<String>,
}

/// What `new` did with the TOC.
pub enum TocChange {
    /// Added an entry to this TOC (relative to the site root).
    Added(String),
    /// No TOC of the page's own locale governs it: none was written.
    None(String),
}

pub struct Written {
    /// The page, relative to the site root.
    pub page: String,
    pub toc: TocChange,
}

/// The longest file name most file systems take, in bytes; the page's
/// output name (`.html` for `.md`) must fit too.
const MAX_NAME_BYTES: usize = 255;

pub fn new_page(options: &NewOptions) -> Result<Written, Refusal> {
    let root = &options.root;
    let config = crate::config::Config::load(root).map_err(|d| {
        Refusal::InTheWay(format!(
            "{}: {}: the site's settings do not load",
            d.span.file, d.message
        ))
    })?;
    let typed = options.path.to_str().ok_or_else(|| {
        Refusal::Usage(format!(
            "{} is not UTF-8, so it cannot be part of a URL",
            options.path.display()
        ))
    })?;
    check_typed(typed)?;
    let locales = super::site_locales(root, &config);
    let (locale, rel) = locate(options, &config, &locales)?;
    check_name(&rel)?;
    let locale_dir = super::locale_dir(root, &config, &locale);
    let shown = |rel: &str| shown_path(root, &locale_dir, rel);
    let page_path = locale_dir.join(&rel);
    refuse_symlinks(root, &locale_dir, &rel)?;
    if let Some(what) = files::what_is_at(&page_path) {
        return Err(Refusal::InTheWay(format!(
            "{} already exists ({what}); helpsite never overwrites a page",
            shown(&rel)
        )));
    }
    let existing = existing_pages(root, &locale_dir, &locale);
    if let Some(other) = existing.iter().find(|p| same_output(p, &rel)) {
        return Err(Refusal::InTheWay(format!(
            "{} would be published at the address of {}: they differ only in letter case or Unicode composition, and are one file on Windows and macOS",
            shown(&rel),
            shown(other)
        )));
    }
    if let Some(id) = &options.help_id {
        check_help_id(id, &locale_dir, &existing, &shown)?;
    }
    let title = title_from_name(&rel);
    let toc = super::toc_entry::plan_for(&locale_dir, &rel, &title, &shown)?;
    let text = page_text(&title, options.help_id.as_deref())?;
    if let Some(dir) = page_path.parent() {
        std::fs::create_dir_all(dir).map_err(Refusal::io("create", dir))?;
    }
    files::write_new(&page_path, text.as_bytes()).map_err(Refusal::io("write", &page_path))?;
    let toc = match toc {
        Some((toc_rel, bytes)) => {
            let toc_path = locale_dir.join(&toc_rel);
            crate::output::replace_file(&toc_path, &bytes)
                .map_err(Refusal::io("update", &toc_path))?;
            TocChange::Added(shown(&toc_rel))
        }
        None => TocChange::None(format!(
            "no TOC.md or toc.yml in {} or a folder above it",
            shown(crate::links::parent_dir(&rel))
        )),
    };
    Ok(Written {
        page: shown(&rel),
        toc,
    })
}

/// How a path under the locale's folder is shown: relative to the site root.
fn shown_path(root: &Path, locale_dir: &Path, rel: &str) -> String {
    let dir = locale_dir.strip_prefix(root).unwrap_or(locale_dir);
    let dir = dir.to_string_lossy().replace('\\', "/");
    let joined = format!("{}/{rel}", dir.trim_end_matches('/'));
    joined.trim_end_matches('/').to_string()
}

/// What the writer typed: no `..`, no control characters.
fn check_typed(typed: &str) -> Result<(), Refusal> {
    if let Some(c) = typed.chars().find(|c| c.is_control()) {
        return Err(Refusal::Usage(format!(
            "`{}` holds a control character ({:?}), which cannot be part of a URL",
            crate::diagnostics::printable(typed),
            c
        )));
    }
    if Path::new(typed)
        .components()
        .any(|c| c == Component::ParentDir)
    {
        return Err(Refusal::Usage(format!(
            "`{typed}` has a `..` in it: name the page by its path, e.g. content/en/printers/add-a-printer.md"
        )));
    }
    Ok(())
}

/// `path` absolute, without `.` and `..` parts (the path the writer
/// typed has none of those; the root and the current folder may).
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The locale whose folder holds the path, and the path inside it.
fn locate(
    options: &NewOptions,
    config: &crate::config::Config,
    locales: &[String],
) -> Result<(String, String), Refusal> {
    let root = absolute(&options.root);
    let cwd = absolute(&options.cwd);
    let mut candidates = vec![root.join(&options.path)];
    if cwd.starts_with(&root) && cwd != root {
        candidates.push(cwd.join(&options.path));
    }
    for candidate in candidates.iter().map(|c| absolute(c)) {
        for locale in locales {
            let dir = absolute(&super::locale_dir(&options.root, config, locale));
            if let Ok(rest) = candidate.strip_prefix(&dir) {
                let rel: Vec<String> = rest
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if !rel.is_empty() {
                    return Ok((locale.clone(), rel.join("/")));
                }
            }
        }
    }
    let folders: Vec<String> = locales
        .iter()
        .map(|l| {
            shown_path(
                &options.root,
                &super::locale_dir(&options.root, config, l),
                "",
            )
        })
        .map(|d| format!("{d}/"))
        .collect();
    Err(Refusal::Usage(format!(
        "{} is not in a locale's content folder ({}); name it like content/{}/printers/add-a-printer.md",
        options.path.display(),
        folders.join(", "),
        locales.first().map_or("en", String::as_str)
    )))
}

/// A name the build would publish as a page, under every file system's limits.
fn check_name(rel: &str) -> Result<(), Refusal> {
    let usage = |why: String| Err(Refusal::Usage(format!("`{rel}`: {why}")));
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if !name.to_ascii_lowercase().ends_with(".md") || name.len() <= 3 {
        return usage("a page is a Markdown file: its name ends in `.md`".into());
    }
    if matches!(name.to_ascii_lowercase().as_str(), "toc.md") {
        return usage("TOC.md is a table of contents, not a page".into());
    }
    for part in rel.split('/') {
        if part.starts_with('.') {
            return usage(format!(
                "`{part}` starts with a dot, and the build skips such names"
            ));
        }
        if part.contains('\\') {
            return usage(format!(
                "`{part}` holds a backslash, which cannot be part of a URL"
            ));
        }
        if part.len() > MAX_NAME_BYTES {
            return usage(format!(
                "a name of {} bytes is longer than file systems take ({MAX_NAME_BYTES})",
                part.len()
            ));
        }
    }
    if name.len() - 3 + 5 > MAX_NAME_BYTES {
        return usage(format!(
            "its published name (`.html` for `.md`) would be longer than file systems take ({MAX_NAME_BYTES} bytes)"
        ));
    }
    if crate::discover::classify(rel) != crate::discover::FileKind::Page {
        return usage(
            "a file in a folder named `includes` is a part other pages include, not a page".into(),
        );
    }
    Ok(())
}

/// No symlink between the site root and the page: written through one,
/// the page would land wherever it points.
fn refuse_symlinks(root: &Path, locale_dir: &Path, rel: &str) -> Result<(), Refusal> {
    let inside = locale_dir.strip_prefix(root).ok().map(|d| {
        let d = d.to_string_lossy().replace('\\', "/");
        format!("{}/{rel}", d.trim_end_matches('/'))
    });
    let (base, checked) = match &inside {
        Some(from_root) => (root, from_root.as_str()),
        None => (locale_dir, rel),
    };
    match crate::output::symlink_on_path(base, checked) {
        Some((link, target)) => Err(Refusal::InTheWay(format!(
            "not writing {}: {link} is a symlink to `{}`; helpsite never writes through a link",
            shown_path(root, locale_dir, rel),
            target.display()
        ))),
        None => Ok(()),
    }
}

/// The locale's pages (Markdown and YAML pages), relative to its folder.
fn existing_pages(root: &Path, locale_dir: &Path, locale: &str) -> Vec<String> {
    let mut ignored = Vec::new();
    let shown = format!("content/{locale}/");
    crate::discover::walk(root, locale_dir, &shown, &|_| false, &mut ignored)
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| {
            let lower = rel.to_ascii_lowercase();
            crate::discover::classify(rel) == crate::discover::FileKind::Page
                || lower.ends_with(".yml")
        })
        .collect()
}

/// Whether two pages would be published at one address on a disk that
/// ignores letter case and Unicode composition.
fn same_output(a: &str, b: &str) -> bool {
    fn key(path: &str) -> String {
        use unicode_normalization::UnicodeNormalization as _;
        let stem = path
            .rsplit_once('.')
            .map_or(path, |(stem, _)| stem)
            .nfc()
            .collect::<String>();
        stem.to_lowercase()
    }
    key(a) == key(b)
}

fn check_help_id(
    id: &str,
    locale_dir: &Path,
    existing: &[String],
    shown: &dyn Fn(&str) -> String,
) -> Result<(), Refusal> {
    if !crate::site::valid_help_id(id) {
        return Err(Refusal::Usage(format!(
            "help ID `{}`: use letters, digits, `-`, `_` and `.` (not first), at most 100",
            crate::diagnostics::printable(id)
        )));
    }
    for page in existing
        .iter()
        .filter(|p| p.to_ascii_lowercase().ends_with(".md"))
    {
        let Ok(text) = crate::fsread::read_text(&locale_dir.join(page), 16 << 20) else {
            continue;
        };
        let front = crate::frontmatter::FrontMatter::parse(&text, "", &mut Vec::new());
        let ids: Vec<String> = match front.meta.get("help_id") {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(list)) => list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        if ids.iter().any(|other| other.eq_ignore_ascii_case(id)) {
            return Err(Refusal::InTheWay(format!(
                "help ID `{id}` is already {}'s",
                shown(page)
            )));
        }
    }
    Ok(())
}

/// `add-a-printer.md` → `Add a printer`.
fn title_from_name(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = &name[..name.len() - 3];
    let words: Vec<&str> = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    }
}

fn page_text(title: &str, help_id: Option<&str>) -> Result<String, Refusal> {
    let date = super::ids::docfx_date(super::ids::today());
    let guid = super::ids::new_guid().map_err(Refusal::InTheWay)?;
    let mut text = format!(
        "---\ntitle: {}\nms.date: {date}\nms.assetid: {guid}\n",
        yaml_scalar(title)
    );
    if let Some(id) = help_id {
        text.push_str(&format!("help_id: {id}\n"));
    }
    text.push_str(&format!(
        "---\n\n# {}\n\nWrite the page here.\n",
        super::markdown_text(title)
    ));
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(
            title_from_name("printers/add-a-printer.md"),
            "Add a printer"
        );
        assert_eq!(title_from_name("über_uns.md"), "Über uns");
        assert_eq!(title_from_name("--.md"), "--");
    }

    #[test]
    fn pages_one_disk_cannot_tell_apart_are_the_same() {
        assert!(same_output("Printers/Add.md", "printers/add.md"));
        assert!(same_output("cafe\u{301}.md", "café.yml"));
        assert!(!same_output("a.md", "b.md"));
    }
}
