//! Which list rules Markdown follows: `markdown` in `site.toml`, and for
//! `"docfx"` the engine the site's own `docfx.json` names, so that pages
//! read the way DocFX published them from the same content.

// A configuration error ends the command, once per run, and comes back the
// way `Config::parse` returns its own: boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic};

pub const DOCFX_FILE: &str = "docfx.json";

/// Real `docfx.json` files are a few kilobytes; a larger one is not read.
const MAX_DOCFX_FILE: u64 = 1 << 20;

/// `markdown` as written in `site.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum MarkdownSetting {
    /// The engine `docfx.json` names; without one, DocFX 2017's rules,
    /// which is what sites written before the setting existed were read by.
    #[default]
    #[serde(rename = "docfx")]
    Docfx,
    #[serde(rename = "docfx-2017")]
    Docfx2017,
    #[serde(rename = "docfx-markdig")]
    DocfxMarkdig,
    #[serde(rename = "commonmark")]
    Commonmark,
}

/// The list rules a build follows, once `"docfx"` has been settled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    /// DocFX's 2017 renderer (DFM): list items continue the way it read
    /// them, tabs are four spaces, and every callout marker in a blockquote
    /// starts a callout.
    #[default]
    Docfx2017,
    /// DocFX's markdig engine: CommonMark's list rules, with every DocFX
    /// extension.
    DocfxMarkdig,
    /// Strict CommonMark: no DocFX list reading and no bare-URL autolinks.
    Commonmark,
}

impl Dialect {
    /// Bare URLs and e-mail addresses become links: a DocFX (GFM) feature,
    /// not CommonMark's.
    pub fn autolinks(self) -> bool {
        self != Dialect::Commonmark
    }

    /// How `site.toml` spells the mode, for messages.
    pub fn setting(self) -> &'static str {
        match self {
            Dialect::Docfx2017 => "docfx-2017",
            Dialect::DocfxMarkdig => "docfx-markdig",
            Dialect::Commonmark => "commonmark",
        }
    }
}

impl MarkdownSetting {
    /// The dialect this setting means without looking at `docfx.json`.
    pub fn without_docfx_json(self) -> Dialect {
        match self {
            MarkdownSetting::Docfx | MarkdownSetting::Docfx2017 => Dialect::Docfx2017,
            MarkdownSetting::DocfxMarkdig => Dialect::DocfxMarkdig,
            MarkdownSetting::Commonmark => Dialect::Commonmark,
        }
    }

    /// The dialect for the site at `root`: `"docfx"` asks its `docfx.json`.
    pub fn resolve(self, root: &Path) -> Result<Dialect, Diagnostic> {
        if self != MarkdownSetting::Docfx {
            return Ok(self.without_docfx_json());
        }
        Ok(docfx_json_dialect(root)?.unwrap_or(Dialect::Docfx2017))
    }
}

/// The dialect `docfx.json` at `root` names; `None` when there is none.
fn docfx_json_dialect(root: &Path) -> Result<Option<Dialect>, Diagnostic> {
    let path = root.join(DOCFX_FILE);
    let error = |why: String| {
        Diagnostic::error(Code::Config, DOCFX_FILE, why).with_suggestion(
            "fix it, or name the mode in site.toml: `markdown = \"docfx-markdig\"` or `\"docfx-2017\"`",
        )
    };
    let meta = match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(error(format!("docfx.json cannot be read: {e}"))),
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        refuse_link_out_of_site(root, &path).map_err(error)?;
    }
    let text = crate::fsread::read_text(&path, MAX_DOCFX_FILE).map_err(|(code, why)| {
        let mut d = error(format!("docfx.json {why}"));
        d.code = code;
        d
    })?;
    let json: Value = serde_json::from_str(&text).map_err(|e| {
        error(format!("docfx.json is not valid JSON: {e}")).at_line_col(e.line(), e.column())
    })?;
    let Some(engine) = json.pointer("/build/markdownEngineName") else {
        // DocFX has had only the markdig engine for years, and no setting.
        return Ok(Some(Dialect::DocfxMarkdig));
    };
    let name = engine
        .as_str()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match name.as_str() {
        "markdig" => Ok(Some(Dialect::DocfxMarkdig)),
        // `dfm` and its variants (`dfm-latest`) are the 2017 renderer.
        n if n.starts_with("dfm") => Ok(Some(Dialect::Docfx2017)),
        _ => {
            let offset = text.find("markdownEngineName").unwrap_or(0);
            Err(error(format!(
                "docfx.json names the Markdown engine {engine}, which helpsite does not know: \
                 it reads `markdig` and `dfm`"
            ))
            .at(&text, offset))
        }
    }
}

/// A `docfx.json` that is a symlink is read only when it leads to a file
/// inside the site, like every other source.
fn refuse_link_out_of_site(root: &Path, path: &Path) -> Result<(), String> {
    let target = std::fs::canonicalize(path)
        .map_err(|e| format!("docfx.json is a symlink that leads nowhere: {e}"))?;
    let root = std::fs::canonicalize(root).map_err(|e| format!("the site root: {e}"))?;
    if target.starts_with(&root) {
        Ok(())
    } else {
        Err(format!(
            "docfx.json is a symlink to `{}`, outside the site root; it is not read",
            target.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(docfx_json: Option<&str>) -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        if let Some(text) = docfx_json {
            std::fs::write(t.path().join(DOCFX_FILE), text).unwrap();
        }
        t
    }

    fn resolve(setting: MarkdownSetting, docfx_json: Option<&str>) -> Result<Dialect, Diagnostic> {
        setting.resolve(site_with(docfx_json).path())
    }

    #[test]
    fn docfx_follows_the_engine_docfx_json_names() {
        let markdig = r#"{"build": {"content": [], "markdownEngineName": "markdig"}}"#;
        let dfm = r#"{"build": {"markdownEngineName": "DFM"}}"#;
        let unnamed = r#"{"build": {"content": []}}"#;
        let docfx = MarkdownSetting::Docfx;
        assert_eq!(resolve(docfx, None).unwrap(), Dialect::Docfx2017);
        assert_eq!(
            resolve(docfx, Some(markdig)).unwrap(),
            Dialect::DocfxMarkdig
        );
        assert_eq!(resolve(docfx, Some(dfm)).unwrap(), Dialect::Docfx2017);
        assert_eq!(
            resolve(docfx, Some(unnamed)).unwrap(),
            Dialect::DocfxMarkdig
        );
    }

    #[test]
    fn a_named_mode_never_reads_docfx_json() {
        let broken = Some("{ not json");
        for (setting, dialect) in [
            (MarkdownSetting::Docfx2017, Dialect::Docfx2017),
            (MarkdownSetting::DocfxMarkdig, Dialect::DocfxMarkdig),
            (MarkdownSetting::Commonmark, Dialect::Commonmark),
        ] {
            assert_eq!(resolve(setting, broken).unwrap(), dialect);
        }
    }

    #[test]
    fn a_bad_docfx_json_is_an_error_at_its_place() {
        let e = resolve(MarkdownSetting::Docfx, Some("{\n  \"build\": {,\n}")).unwrap_err();
        assert_eq!(e.code, Code::Config);
        assert_eq!(e.span.file, DOCFX_FILE);
        assert_eq!(e.span.line, 2, "{e:?}");
        assert!(e.message.contains("not valid JSON"), "{}", e.message);
        assert!(e.suggestion.unwrap().contains("docfx-markdig"));
        let odd = "{\"build\":\n {\"markdownEngineName\": \"gfm\"}}";
        let e = resolve(MarkdownSetting::Docfx, Some(odd)).unwrap_err();
        assert_eq!(e.span.line, 2, "{e:?}");
        assert!(e.message.contains("\"gfm\""), "{}", e.message);
    }
}
