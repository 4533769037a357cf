//! UI strings from Fluent (`locales/<locale>/*.ftl`), falling back message
//! by message to the default locale. Sites without a `locales/` folder use
//! the strings built into helpsite.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{code, Diagnostic};

/// The built-in strings, used when a site has no `locales/<locale>/`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/en/ui.ftl")),
    ("nl", include_str!("../../locales/nl/ui.ftl")),
];

pub struct UiStrings {
    default_locale: String,
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    /// Message ids per locale, with the file and line that defines each.
    pub messages: BTreeMap<String, BTreeMap<String, (String, usize)>>,
}

impl UiStrings {
    pub fn load(root: &Path, locales: &[String], default_locale: &str, diags: &mut Vec<Diagnostic>) -> UiStrings {
        let mut ui = UiStrings { default_locale: default_locale.to_string(), bundles: HashMap::new(), messages: BTreeMap::new() };
        let have_folder = root.join("locales").is_dir();
        for locale in locales {
            let mut sources: Vec<(String, String)> = Vec::new();
            let dir = root.join("locales").join(locale);
            if have_folder {
                if let Ok(entries) = std::fs::read_dir(&dir) {
                    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "ftl")).collect();
                    files.sort();
                    for f in files {
                        let rel = format!("locales/{locale}/{}", f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
                        match std::fs::read(&f) {
                            Ok(bytes) => match String::from_utf8(bytes) {
                                Ok(text) => sources.push((rel, text)),
                                Err(_) => diags.push(Diagnostic::error(code::ENCODING, rel, "not valid UTF-8")),
                            },
                            Err(e) => diags.push(Diagnostic::error(code::IO, rel, format!("cannot read: {e}"))),
                        }
                    }
                }
            } else if let Some((_, text)) = BUILTIN.iter().find(|(l, _)| l == locale) {
                sources.push((format!("(built-in {locale}/ui.ftl)"), text.to_string()));
            }
            ui.add_locale(locale, sources, diags);
        }
        ui
    }

    /// Builds from in-memory sources: `(file label, text)`.
    pub fn add_locale(&mut self, locale: &str, sources: Vec<(String, String)>, diags: &mut Vec<Diagnostic>) {
        let langid: LanguageIdentifier = locale.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Isolation marks would leak into attributes (`aria-label`, `title`).
        bundle.set_use_isolating(false);
        let ids = self.messages.entry(locale.to_string()).or_default();
        for (file, text) in sources {
            let resource = match FluentResource::try_new(text.clone()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    // At end of input the parser points past the last line; the user's mistake is on it.
                    let last = text.trim_end().len().saturating_sub(1);
                    for e in errors {
                        diags.push(
                            Diagnostic::error(code::FTL_SYNTAX, &file, format!("Fluent syntax error: {}", e.kind)).at(&text, e.pos.start.min(last)),
                        );
                    }
                    r
                }
            };
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    let id = m.id.name.to_string();
                    let at = text.find(&format!("{id} =")).or_else(|| text.find(&format!("{id}="))).unwrap_or(0);
                    let line = crate::diagnostics::LineIndex::position(&text, at).line;
                    ids.entry(id).or_insert((file.clone(), line));
                }
            }
            if let Err(errors) = bundle.add_resource(resource) {
                for e in errors {
                    diags.push(Diagnostic::warning(code::FTL_SYNTAX, &file, format!("{e}")));
                }
            }
        }
        self.bundles.insert(locale.to_string(), bundle);
    }

    /// The message in `locale`, else in the default locale.
    pub fn get(&self, locale: &str, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        self.format(locale, id, args).or_else(|| self.format(&self.default_locale, id, args))
    }

    /// Like `get`, but never empty-handed: shows the id so a gap is visible.
    pub fn text(&self, locale: &str, id: &str) -> String {
        self.get(locale, id, None).unwrap_or_else(|| id.to_string())
    }

    fn format(&self, locale: &str, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(locale)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        Some(bundle.format_pattern(pattern, args, &mut errors).into_owned())
    }

    pub fn has(&self, locale: &str, id: &str) -> bool {
        self.messages.get(locale).is_some_and(|m| m.contains_key(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui() -> (UiStrings, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let mut ui = UiStrings { default_locale: "en".into(), bundles: HashMap::new(), messages: BTreeMap::new() };
        ui.add_locale("en", vec![("en.ftl".into(), "hello = Hello { $name }\nonly-en = English\n".into())], &mut d);
        ui.add_locale("nl", vec![("nl.ftl".into(), "hello = Hallo { $name }\nbroken = {\n".into())], &mut d);
        (ui, d)
    }

    #[test]
    fn falls_back_message_by_message_without_isolation_marks() {
        let (ui, _) = ui();
        let mut args = FluentArgs::new();
        args.set("name", "Ann");
        assert_eq!(ui.get("nl", "hello", Some(&args)).unwrap(), "Hallo Ann");
        assert_eq!(ui.get("nl", "only-en", None).unwrap(), "English");
        assert_eq!(ui.text("nl", "nowhere"), "nowhere");
    }

    #[test]
    fn syntax_errors_have_lines() {
        let (_, d) = ui();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "ftl-syntax");
        assert_eq!(d[0].file, "nl.ftl");
        assert_eq!(d[0].line, 2);
    }

    #[test]
    fn builtin_strings_parse() {
        let mut d = Vec::new();
        let ui = UiStrings::load(Path::new("/nonexistent"), &["en".into(), "nl".into()], "en", &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert!(ui.has("nl", "alert-note"));
    }
}
