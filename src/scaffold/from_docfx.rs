//! `helpsite init --from-docfx DIR`: a `site.toml` that builds a DocFX
//! repository where it stands, with the localized repositories beside it
//! (`docs.nl-nl` next to `docs`) as further locales. Nothing is written
//! into the repositories.

use std::path::{Component, Path, PathBuf};

use super::Refusal;
use crate::config::docfx_project::DocfxProject;
use crate::config::{docfx_site, CONFIG_FILE, DOCFX_FILE};

/// What `init --from-docfx` wrote.
#[derive(Debug)]
pub struct Adopted {
    pub site_toml: PathBuf,
    /// Each locale with the `docfx.json` it builds, as `site.toml` names it.
    pub locales: Vec<(String, String)>,
}

/// Writes `site.toml` in `dir` for the project in `repository` and the
/// localized repositories beside it. An existing `site.toml` is never
/// replaced.
pub fn from_docfx(dir: &Path, repository: &Path) -> Result<Adopted, Refusal> {
    let project = read_project(repository)?;
    std::fs::create_dir_all(dir).map_err(Refusal::io("create", dir))?;
    let default_locale = docfx_site::locale_of(&project);
    let mut locales = vec![(default_locale.clone(), docfx_path(dir, repository)?)];
    for sibling in localized_siblings(repository) {
        let Ok(translated) = read_project(&sibling) else {
            continue;
        };
        let tag = docfx_site::locale_of(&translated);
        if locales.iter().all(|(t, _)| !t.eq_ignore_ascii_case(&tag)) {
            locales.push((tag, docfx_path(dir, &sibling)?));
        }
    }
    let title = project
        .global("titleSuffix")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.chars().any(char::is_control))
        .unwrap_or("Help");
    let mut text = format!(
        "# Builds the DocFX repositories named below where they stand.\ntitle = {}\ndefault_locale = {}\n",
        toml_string(title),
        toml_string(&default_locale)
    );
    for (tag, docfx) in &locales {
        text.push_str(&format!(
            "\n[locales.{tag}]\ndocfx = {}\n",
            toml_string(docfx)
        ));
    }
    let site_toml = dir.join(CONFIG_FILE);
    super::files::write_new(&site_toml, text.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Refusal::InTheWay(format!(
                "{} already exists; it is left as it is",
                site_toml.display()
            ))
        } else {
            Refusal::Io {
                doing: "write",
                path: site_toml.clone(),
                cause: e,
            }
        }
    })?;
    Ok(Adopted { site_toml, locales })
}

fn read_project(repository: &Path) -> Result<DocfxProject, Refusal> {
    let path = repository.join(DOCFX_FILE);
    if !path.is_file() {
        return Err(Refusal::Usage(format!(
            "{} holds no docfx.json",
            repository.display()
        )));
    }
    DocfxProject::load(&path, &path.display().to_string()).map_err(|d| {
        Refusal::InTheWay(
            crate::diagnostics::format_text(&[d], false, false)
                .trim_end()
                .to_string(),
        )
    })
}

/// Folders beside `repository` named after it with a locale ending
/// (`docs.nl-nl` beside `docs`) that hold a `docfx.json`, sorted.
fn localized_siblings(repository: &Path) -> Vec<PathBuf> {
    let Ok(canon) = std::fs::canonicalize(repository) else {
        return Vec::new();
    };
    let (Some(parent), Some(name)) = (canon.parent(), canon.file_name().and_then(|n| n.to_str()))
    else {
        return Vec::new();
    };
    let prefix = format!("{name}.");
    let mut found: Vec<PathBuf> = std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .map(|e| e.path())
        .filter(|p| p.join(DOCFX_FILE).is_file())
        .collect();
    found.sort();
    found
}

/// The `docfx.json` of `repository` as a path relative to `dir`, with `/`.
fn docfx_path(dir: &Path, repository: &Path) -> Result<String, Refusal> {
    let from = std::fs::canonicalize(dir).map_err(Refusal::io("read", dir))?;
    let to = std::fs::canonicalize(repository).map_err(Refusal::io("read", repository))?;
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = from
        .components()
        .skip(common)
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|_| "..".to_string())
        .collect();
    for c in to.components().skip(common) {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    parts.push(DOCFX_FILE.to_string());
    Ok(parts.join("/"))
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_site_toml_for_the_repository_and_its_translations() {
        let t = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let p = t.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        let json = r#"{"build": {"content": [{"files": "**/*.md", "src": "articles"}],
            "globalMetadata": {"titleSuffix": "Contoso \"Help\""}}}"#;
        write("docs/docfx.json", json);
        write("docs.nl-nl/docfx.json", json);
        write("docs.old/readme.md", "no project here");
        let adopted = from_docfx(&t.path().join("site"), &t.path().join("docs")).unwrap();
        let text = std::fs::read_to_string(&adopted.site_toml).unwrap();
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(parsed["title"].as_str(), Some("Contoso \"Help\""), "{text}");
        assert!(
            text.contains("[locales.en]\ndocfx = \"../docs/docfx.json\""),
            "{text}"
        );
        assert!(
            text.contains("[locales.nl-NL]\ndocfx = \"../docs.nl-nl/docfx.json\""),
            "{text}"
        );
        let again = from_docfx(&t.path().join("site"), &t.path().join("docs"));
        assert!(matches!(again, Err(Refusal::InTheWay(_))), "{again:?}");
        assert!(matches!(
            from_docfx(t.path(), &t.path().join("docs.old")),
            Err(Refusal::Usage(_))
        ));
    }
}
