//! `site.toml`: the few settings a help site needs.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Severity};

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default = "default_locale")]
    pub default_locale: String,
    /// Where the site is hosted, e.g. `/help/`. Only `serve` and the service
    /// worker use it: every URL in the output stays relative.
    #[serde(default = "default_base_path")]
    pub base_path: String,
    /// When absent, every folder under `content/` is a locale.
    #[serde(default)]
    pub locales: Option<Vec<String>>,
    /// The company portal, e.g. `https://portal.contoso.com`. Site-absolute
    /// links that point outside this site are made absolute against it.
    #[serde(default)]
    pub portal_url: Option<String>,
    /// Site-absolute link prefixes (case-insensitive) that mean "this site",
    /// e.g. `["/intune/"]`.
    #[serde(default)]
    pub link_prefixes: Vec<String>,
    /// Per-code severity overrides: `external-embed = "error"`.
    #[serde(default)]
    pub diagnostics: BTreeMap<String, Severity>,
    #[serde(default)]
    pub offline: Offline,
    /// Files in `static/` whose names start with `.` that are published all
    /// the same, e.g. `[".well-known/security.txt"]`; others (`.env`) never are.
    #[serde(default)]
    pub static_dotfiles: Vec<String>,
    /// Whose list rules Markdown follows: DocFX's (the default) or strict CommonMark.
    #[serde(default)]
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

/// `markdown = "docfx"` (the default) or `"commonmark"` in `site.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// List items continue the way DocFX's 2017 renderer read them, and
    /// every callout marker in a blockquote starts a callout.
    #[default]
    Docfx,
    Commonmark,
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
            default_locale: default_locale(),
            base_path: default_base_path(),
            locales: None,
            portal_url: None,
            link_prefixes: Vec::new(),
            diagnostics: BTreeMap::new(),
            offline: Offline::default(),
            markdown: Dialect::default(),
            title_suffixes: Vec::new(),
            monikers: Vec::new(),
            static_dotfiles: Vec::new(),
            translations: Translations::default(),
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
                return Ok(Config::default());
            }
        }
        // A named pipe here would stop `check`, `build` and `serve`'s
        // rebuilds for good: it is refused without waiting.
        let text = crate::fsread::read_text(&path, MAX_CONFIG)
            .map_err(|(code, why)| Diagnostic::error(code, CONFIG_FILE, why))?;
        Self::parse(&text)
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
        config.base_path = normalize_base_path(&config.base_path);
        config.link_prefixes = config
            .link_prefixes
            .iter()
            .map(|p| p.to_lowercase())
            .collect();
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
}
