//! `site.toml`: the few settings a help site needs.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Severity};

mod content_roots;
mod dialect;
pub mod docfx_project;
pub mod docfx_redirects;
pub mod docfx_site;
mod link_prefixes;
mod titles;
mod video;

pub use content_roots::{LocaleRoot, LocaleSettings, SourcePlace};
pub use dialect::{Dialect, MarkdownSetting, DOCFX_FILE};
pub use link_prefixes::LinkPrefix;
pub use titles::MAX_TITLE_CHARS;
pub use video::{Video, VideoEmbed};

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name; `titles` may name it per locale.
    #[serde(default = "default_title")]
    pub title: String,
    /// The site's name in a locale's own language, by locale; see
    /// [`Config::title_in`].
    #[serde(default)]
    pub titles: titles::Written,
    #[serde(default = "default_locale")]
    pub default_locale: String,
    /// Where the site is hosted, e.g. `/help/`. Only `serve` and the service
    /// worker use it: every URL in the output stays relative.
    #[serde(default = "default_base_path")]
    pub base_path: String,
    /// `locales` as written: a list, or a table that may give a locale a
    /// folder of its own (`[locales.nl] content = "../docs.nl-nl/articles"`).
    #[serde(default, rename = "locales")]
    pub locales_written: content_roots::Written,
    /// The locales named; when absent, every folder under `content/` is a locale.
    #[serde(skip)]
    pub locales: Option<Vec<String>>,
    /// The locales whose tree has a folder of its own; see [`Config::locale_root`].
    #[serde(skip)]
    content_roots: BTreeMap<String, content_roots::ContentRoot>,
    /// The locales whose tree is a DocFX project (`[locales.<tag>] docfx`,
    /// or a site root holding `docfx.json`), by locale.
    #[serde(skip)]
    pub docfx: BTreeMap<String, Arc<docfx_project::DocfxProject>>,
    /// The company portal, e.g. `https://portal.contoso.com`. Site-absolute
    /// links that point outside this site are made absolute against it.
    #[serde(default)]
    pub portal_url: Option<String>,
    /// Link prefixes (case-insensitive) that mean "this site", as written:
    /// a list (`["/intune/"]`) or a table of folders (`"/intune/" = "intune/"`).
    #[serde(default, rename = "link_prefixes")]
    link_prefixes_written: link_prefixes::Written,
    /// The same, each with the folder under the locale root it maps to.
    #[serde(skip)]
    pub link_prefixes: Vec<LinkPrefix>,
    /// Per-code severity overrides: `external-embed = "error"`.
    #[serde(default)]
    pub diagnostics: BTreeMap<String, Severity>,
    #[serde(default)]
    pub offline: Offline,
    /// Files in `static/` whose names start with `.` that are published all
    /// the same, e.g. `[".well-known/security.txt"]`; others (`.env`) never are.
    #[serde(default)]
    pub static_dotfiles: Vec<String>,
    /// Whose list rules Markdown follows, as written: DocFX 2017's, DocFX
    /// markdig's, strict CommonMark's, or (`"docfx"`) what `docfx.json` says.
    #[serde(default, rename = "markdown")]
    pub markdown_setting: MarkdownSetting,
    /// The rules the build follows, `"docfx"` settled.
    #[serde(skip)]
    pub markdown: Dialect,
    /// Site names that page titles end in (`"… | Microsoft Docs"`), taken
    /// off wherever a page title is shown.
    #[serde(default)]
    pub title_suffixes: Vec<String>,
    /// Versions that DocFX's `:::moniker range="…"` blocks name, oldest
    /// first; the reader picks one. Empty: every range shows, labelled.
    #[serde(default)]
    pub monikers: Vec<String>,
    #[serde(default)]
    pub translations: Translations,
    #[serde(default)]
    pub video: Video,
}

/// `[translations]`: what readers of translated pages are told.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translations {
    /// Show a notice at the top of a translation whose source's text
    /// changed since it was translated, linking to the source page.
    #[serde(default = "yes")]
    pub outdated_notice: bool,
}

impl Default for Translations {
    fn default() -> Self {
        Translations {
            outdated_notice: true,
        }
    }
}

/// `[offline]`: what a reader's device keeps when the site is hosted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offline {
    /// Install a service worker. Turned off, the build publishes one that
    /// removes itself and its caches from readers who had it.
    #[serde(default = "yes")]
    pub service_worker: bool,
    /// Megabytes of the reader's locale saved ahead of time, besides the
    /// app shell; the rest is saved as it is visited, or all at once on
    /// request ("Save this help for offline use").
    #[serde(default = "default_budget")]
    pub precache_mb: f64,
}

fn yes() -> bool {
    true
}
fn default_budget() -> f64 {
    25.0
}

impl Default for Offline {
    fn default() -> Self {
        Offline {
            service_worker: true,
            precache_mb: default_budget(),
        }
    }
}

fn default_title() -> String {
    "Help".into()
}
fn default_locale() -> String {
    "en".into()
}
fn default_base_path() -> String {
    "/".into()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: default_title(),
            titles: Default::default(),
            default_locale: default_locale(),
            base_path: default_base_path(),
            locales_written: Default::default(),
            locales: None,
            content_roots: BTreeMap::new(),
            docfx: BTreeMap::new(),
            portal_url: None,
            link_prefixes_written: Default::default(),
            link_prefixes: Vec::new(),
            diagnostics: BTreeMap::new(),
            offline: Offline::default(),
            markdown_setting: MarkdownSetting::default(),
            markdown: Dialect::default(),
            title_suffixes: Vec::new(),
            monikers: Vec::new(),
            static_dotfiles: Vec::new(),
            translations: Translations::default(),
            video: Video::default(),
        }
    }
}

/// No real `site.toml` comes near this; a larger one is not read.
const MAX_CONFIG: u64 = 16 << 20;

impl Config {
    /// Reads `site.toml` under `root`; a missing file means defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if let Err(e) = std::fs::metadata(&path) {
            if e.kind() == std::io::ErrorKind::NotFound {
                // A `content/` folder makes it a helpsite site whose
                // docfx.json only names the Markdown engine, as before.
                if root.join(DOCFX_FILE).symlink_metadata().is_ok()
                    && !root.join("content").exists()
                {
                    return docfx_site::adopt_root(root);
                }
                let mut config = Config::default();
                config.markdown = config.markdown_setting.resolve(root)?;
                return Ok(config);
            }
        }
        // A named pipe here would stop `check`, `build` and `serve`'s
        // rebuilds for good: it is refused without waiting.
        let text = crate::fsread::read_text(&path, MAX_CONFIG)
            .map_err(|(code, why)| Diagnostic::error(code, CONFIG_FILE, why))?;
        let mut config = Self::parse(&text)?;
        let written = config.locales_written.clone();
        docfx_site::attach(&text, root, &mut config)?;
        content_roots::resolve(&text, root, &mut config, &written)?;
        config.link_prefixes_written.check_folders(
            &text,
            &config.locale_root(root, &config.default_locale),
            &config.link_prefixes,
        )?;
        if config.locales.is_none() {
            titles::check_folders(&text, &config.titles, root)?;
        }
        config.markdown = config.markdown_setting.resolve(root)?;
        docfx_site::settle(&mut config)?;
        Ok(config)
    }

    /// The site's name as readers of `locale` see it.
    pub fn title_in(&self, locale: &str) -> &str {
        self.titles
            .get(locale)
            .map_or(self.title.as_str(), |t| t.get_ref().as_str())
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let d = Diagnostic::error(Code::Config, CONFIG_FILE, e.message().to_string());
            match e.span() {
                Some(span) => d.at(text, span.start),
                None => d,
            }
        })?;
        for key in config.diagnostics.keys() {
            if key.parse::<Code>().is_err() {
                let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                let offset = text.find(key.as_str()).unwrap_or(0);
                return Err(Diagnostic::error(
                    Code::Config,
                    CONFIG_FILE,
                    format!("unknown diagnostic code `{key}` in [diagnostics]"),
                )
                .at(text, offset)
                .with_suggestion(format!("known codes: {}", known.join(", "))));
            }
        }
        config.locales = config.locales_written.tags();
        config.content_roots = config.locales_written.roots(text)?;
        let tags = std::iter::once(&config.default_locale).chain(config.locales.iter().flatten());
        for tag in tags {
            if let Err(why) = check_locale_tag(tag) {
                let offset = text.find(&format!("\"{tag}\"")).map_or(0, |i| i + 1);
                return Err(Diagnostic::error(
                    Code::Config,
                    CONFIG_FILE,
                    format!("locale `{tag}` is not a BCP 47 language tag: {why}"),
                )
                .at(text, offset)
                .with_suggestion(
                    "write a language tag such as `en`, `nl` or `pt-BR`".to_string(),
                ));
            }
        }
        if let Err(why) = titles::check_title(&config.title) {
            let offset = text
                .find("title =")
                .or_else(|| text.find("title="))
                .unwrap_or(0);
            return Err(
                Diagnostic::error(Code::Config, CONFIG_FILE, format!("`title` {why}"))
                    .at(text, offset),
            );
        }
        titles::check(
            text,
            &config.titles,
            config.locales.as_deref(),
            &config.default_locale,
        )?;
        config.base_path = normalize_base_path(&config.base_path);
        config.link_prefixes = config.link_prefixes_written.prefixes(text)?;
        config.markdown = config.markdown_setting.without_docfx_json();
        if let Some(url) = &config.portal_url {
            config.portal_url = Some(url.trim_end_matches('/').to_string());
        }
        Ok(config)
    }
}

/// A locale names folders and URLs, so it must be a language tag and
/// nothing else: no path separators, no dots, no markup.
pub fn check_locale_tag(tag: &str) -> Result<(), String> {
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err("only letters, digits and `-` are allowed".into());
    }
    tag.parse::<unic_langid::LanguageIdentifier>()
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `help` → `/help/`, `` → `/`.
fn normalize_base_path(raw: &str) -> String {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_normalization() {
        let c = Config::parse("title = 'Hulp'\nbase_path = 'help'\nlink_prefixes = ['/Intune/']")
            .unwrap();
        assert_eq!(c.title, "Hulp");
        assert_eq!(c.base_path, "/help/");
        assert_eq!(c.default_locale, "en");
        assert_eq!(c.link_prefixes, vec!["/intune/"]);
    }

    #[test]
    fn errors_have_positions() {
        let e = Config::parse("title = 'x'\nbase_path = [").unwrap_err();
        assert_eq!(e.span.line, 2);
        let e = Config::parse("[diagnostics]\nnot-a-code = 'error'").unwrap_err();
        assert!(e.message.contains("not-a-code"));
        assert_eq!(e.span.line, 2);
    }

    #[test]
    fn severity_overrides() {
        let c = Config::parse("[diagnostics]\nexternal-embed = 'error'").unwrap();
        assert_eq!(c.diagnostics.get("external-embed"), Some(&Severity::Error));
        assert_eq!(c.diagnostics.get("broken-link"), None);
    }

    #[test]
    fn locales_must_be_language_tags() {
        for bad in ["../../victim", "en/x", "a b", "<script>", "", "x.y"] {
            let text = format!("locales = [\"en\", {:?}]", bad);
            let e = Config::parse(&text).unwrap_err();
            assert_eq!(e.code, Code::Config, "{bad}");
            assert!(e.message.contains("BCP 47"), "{bad}: {}", e.message);
        }
        let e = Config::parse("default_locale = \"../x\"").unwrap_err();
        assert!(e.message.contains("BCP 47"));
        assert!(Config::parse("locales = [\"en\", \"nl\", \"pt-BR\"]").is_ok());
    }

    #[test]
    fn link_prefixes_as_a_list_or_a_table_of_folders() {
        let c = Config::parse("[link_prefixes]\n\"/Intune/\" = \"intune/\"\n\"/mem/\" = \"\"\n")
            .unwrap();
        let folders: Vec<(&str, &str)> = c
            .link_prefixes
            .iter()
            .map(|p| (p.prefix.as_str(), p.folder.as_str()))
            .collect();
        assert_eq!(folders, [("/intune/", "intune"), ("/mem/", "")]);
        let c = Config::parse("link_prefixes = { \"/cm/\" = \"/a/b/\" }").unwrap();
        assert_eq!(c.link_prefixes[0].folder, "a/b");
    }

    #[test]
    fn a_prefix_folder_out_of_the_locale_is_an_error_at_its_place() {
        let text = "title = 'x'\n[link_prefixes]\n\"/intune/\" = \"../intune/\"\n";
        let e = Config::parse(text).unwrap_err();
        assert_eq!(e.code, Code::Config);
        assert_eq!((e.span.line, e.span.column), (3, 15), "{e:?}");
        assert!(e.message.contains("`..`"), "{}", e.message);
    }

    #[test]
    fn a_prefix_folder_that_does_not_exist_is_an_error_at_its_place() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("content/en/intune")).unwrap();
        let toml = "[link_prefixes]\n'/intune/' = 'Intune'\n'/cm/' = 'configmgr/'\n";
        std::fs::write(t.path().join(CONFIG_FILE), toml).unwrap();
        let e = Config::load(t.path()).unwrap_err();
        assert_eq!((e.span.line, e.span.column), (3, 11), "{e:?}");
        assert!(
            e.message
                .contains("`configmgr/` of `/cm/` is not a folder in content/en/"),
            "{}",
            e.message
        );
        let toml = "[link_prefixes]\n'/intune/' = 'intune'\n";
        std::fs::write(t.path().join(CONFIG_FILE), toml).unwrap();
        assert_eq!(
            Config::load(t.path()).unwrap().link_prefixes[0].folder,
            "intune"
        );
    }

    #[test]
    fn markdown_modes_by_name() {
        for (text, dialect) in [
            ("", Dialect::Docfx2017),
            ("markdown = 'docfx'", Dialect::Docfx2017),
            ("markdown = 'docfx-2017'", Dialect::Docfx2017),
            ("markdown = 'docfx-markdig'", Dialect::DocfxMarkdig),
            ("markdown = 'commonmark'", Dialect::Commonmark),
        ] {
            assert_eq!(Config::parse(text).unwrap().markdown, dialect, "{text}");
        }
        let e = Config::parse("title = 'x'\nlink_prefixes = 5").unwrap_err();
        assert!(
            e.message.contains("a list of prefixes, or a table"),
            "{}",
            e.message
        );
        assert_eq!(e.span.line, 2);
        let e = Config::parse("markdown = 'markdig'").unwrap_err();
        assert!(e.message.contains("docfx-markdig"), "{}", e.message);
    }
}
