//! UI strings from Fluent (`locales/<locale>/*.ftl`), falling back message
//! by message to the default locale. Sites without a `locales/` folder use
//! the strings built into helpsite.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Mutex, RwLock};

use rustc_hash::FxHashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Code, Diagnostic};

pub struct UiStrings {
    default_locale: String,
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    /// Message ids per locale, with the file and line that defines each.
    pub messages: BTreeMap<String, BTreeMap<String, (String, usize)>>,
    /// Message ids that other messages or terms reference (`{ other-id }`),
    /// in any locale: used, even if no template names them.
    pub referenced: BTreeSet<String>,
    /// Messages that failed to format (a missing variable, say), by
    /// `(locale, id)`: the reader sees a gap, so the build reports them.
    format_errors: Mutex<BTreeMap<(String, String), String>>,
    /// Messages without arguments, by locale and id, once formatted: every
    /// page's shell asks for the same two dozen.
    plain: RwLock<FxHashMap<String, FxHashMap<String, String>>>,
}

impl UiStrings {
    /// Messages helpsite itself reads, beside those the templates name:
    /// `check` counts them as used.
    pub const CODE_MESSAGE_IDS: &'static [&'static str] = &["language-name"];

    /// The locale's name in its own language, for language switches.
    pub fn language_name(&self, locale: &str) -> String {
        self.text(locale, "language-name")
    }

    pub fn load(
        root: &Path,
        locales: &[String],
        default_locale: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> UiStrings {
        let mut ui = UiStrings {
            default_locale: default_locale.to_string(),
            bundles: HashMap::new(),
            messages: BTreeMap::new(),
            referenced: BTreeSet::new(),
            format_errors: Mutex::default(),
            plain: RwLock::default(),
        };
        let have_folder = root.join("locales").is_dir();
        let files = if have_folder {
            locale_files(root, locales, diags)
        } else {
            Vec::new()
        };
        for locale in locales {
            let mut sources: Vec<(String, String)> = Vec::new();
            if have_folder {
                let prefix = format!("{locale}/");
                for (name, f) in &files {
                    let Some(file) = name.strip_prefix(&prefix) else {
                        continue;
                    };
                    // Only the locale's own folder holds its strings.
                    if file.contains('/') || !file.ends_with(".ftl") {
                        continue;
                    }
                    let rel = format!("locales/{name}");
                    match crate::fsread::read_text(f, MAX_FTL) {
                        Ok(text) => {
                            diags.extend(crate::l10n::mojibake::diagnostics(&rel, &text));
                            sources.push((rel, text))
                        }
                        Err((code, why)) => diags.push(Diagnostic::error(code, rel, why)),
                    }
                }
            } else if let Some((tag, text)) = builtin_strings(locale) {
                sources.push((format!("(built-in {tag}/ui.ftl)"), text.to_string()));
            }
            ui.add_locale(locale, sources, diags);
        }
        ui
    }

    /// Builds from in-memory sources: `(file label, text)`.
    pub fn add_locale(
        &mut self,
        locale: &str,
        sources: Vec<(String, String)>,
        diags: &mut Vec<Diagnostic>,
    ) {
        // `site.toml` validation refuses locales that are not BCP 47 tags;
        // a caller that builds strings by hand is told as well.
        let langid: LanguageIdentifier = match locale.parse() {
            Ok(id) => id,
            Err(e) => {
                diags.push(Diagnostic::error(
                    Code::Config,
                    crate::config::CONFIG_FILE,
                    format!("locale `{locale}` is not a BCP 47 language tag: {e}"),
                ));
                LanguageIdentifier::default()
            }
        };
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Isolation marks would leak into attributes (`aria-label`, `title`).
        bundle.set_use_isolating(false);
        let ids = self.messages.entry(locale.to_string()).or_default();
        for (file, text) in sources {
            let definitions = definition_lines(&text);
            let resource = match FluentResource::try_new(text.clone()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    let lines = crate::diagnostics::LineIndex::new(&text);
                    for e in errors {
                        diags.push(
                            Diagnostic::error(
                                Code::FtlSyntax,
                                &file,
                                format!("Fluent syntax error: {}", e.kind),
                            )
                            .at_indexed(
                                &lines,
                                &text,
                                error_offset(&text, e.pos.start),
                            ),
                        );
                    }
                    r
                }
            };
            for entry in resource.entries() {
                match entry {
                    fluent_syntax::ast::Entry::Message(m) => {
                        let id = m.id.name.to_string();
                        let line = definitions.get(id.as_str()).copied().unwrap_or(0);
                        ids.entry(id).or_insert((file.clone(), line));
                        m.value
                            .iter()
                            .chain(m.attributes.iter().map(|a| &a.value))
                            .for_each(|p| references_in(p, &mut self.referenced));
                    }
                    fluent_syntax::ast::Entry::Term(t) => {
                        std::iter::once(&t.value)
                            .chain(t.attributes.iter().map(|a| &a.value))
                            .for_each(|p| references_in(p, &mut self.referenced));
                    }
                    _ => {}
                }
            }
            if let Err(errors) = bundle.add_resource(resource) {
                for e in errors {
                    diags.push(Diagnostic::warning(Code::FtlSyntax, &file, format!("{e}")));
                }
            }
        }
        self.bundles.insert(locale.to_string(), bundle);
    }

    /// The message in `locale`, else in the default locale.
    pub fn get(&self, locale: &str, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        self.format(locale, id, args)
            .or_else(|| self.format(&self.default_locale, id, args))
    }

    /// Like `get`, but never empty-handed: shows the id so a gap is visible.
    pub fn text(&self, locale: &str, id: &str) -> String {
        self.get(locale, id, None).unwrap_or_else(|| id.to_string())
    }

    fn format(&self, locale: &str, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let plain = args.is_none_or(|a| a.iter().next().is_none());
        if plain {
            let known = self
                .plain
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(text) = known.get(locale).and_then(|m| m.get(id)) {
                return Some(text.clone());
            }
        }
        let bundle = self.bundles.get(locale)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        if !errors.is_empty() {
            let why: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            self.format_errors
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .entry((locale.to_string(), id.to_string()))
                .or_insert_with(|| why.join("; "));
        } else if plain {
            // Only a clean result is kept: a failing one is formatted (and
            // reported) again, as before.
            self.plain
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .entry(locale.to_string())
                .or_default()
                .insert(id.to_string(), text.clone());
        }
        Some(text)
    }

    /// The formatting failures since the last call, as warnings at the
    /// message's definition.
    pub fn take_format_errors(&self) -> Vec<Diagnostic> {
        let errors = std::mem::take(
            &mut *self
                .format_errors
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        errors
            .into_iter()
            .map(|((locale, id), why)| {
                let (file, line) = self
                    .messages
                    .get(&locale)
                    .and_then(|m| m.get(&id))
                    .cloned()
                    .unwrap_or_else(|| (format!("locales/{locale}/ui.ftl"), 0));
                Diagnostic::warning(
                    Code::FtlFormat,
                    file,
                    format!("message `{id}` cannot be formatted in {locale}: {why}"),
                )
                .at_line_col(line, if line > 0 { 1 } else { 0 })
            })
            .collect()
    }

    pub fn has(&self, locale: &str, id: &str) -> bool {
        self.messages
            .get(locale)
            .is_some_and(|m| m.contains_key(id))
    }
}

/// Where to show a parse error: the parser reports the first token after
/// the gap where something was expected, which may be lines later (or the
/// end of the file); the gap's start is where the writer has to look.
/// The built-in strings for `locale`, or for its language: a site whose
/// locale is `nl-NL` (as DocFX repositories name theirs, `docs.nl-nl`)
/// reads Dutch, not the default locale's words.
fn builtin_strings(locale: &str) -> Option<(&'static str, &'static str)> {
    let language = locale.split(['-', '_']).next().unwrap_or(locale);
    let strings = crate::theme::STRINGS;
    strings
        .iter()
        .find(|(tag, _)| *tag == locale)
        .or_else(|| {
            strings
                .iter()
                .find(|(tag, _)| tag.eq_ignore_ascii_case(language))
        })
        .copied()
}

/// No real Fluent file comes near this; a larger one is not read.
const MAX_FTL: u64 = 16 << 20;

/// The files under `locales/` by `<locale>/<name>`, found as discovery finds
/// content: a symlink leading outside the site is refused (`path-escape`)
/// and not read. Discovery leaves out what is not a regular file; a Fluent
/// file replaced by a named pipe is listed here anyway, so that the reader
/// refuses it by name (without waiting) instead of it silently vanishing.
fn locale_files(
    root: &Path,
    locales: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, std::path::PathBuf)> {
    let dir = root.join("locales");
    let mut files = crate::discover::walk(root, &dir, "locales/", &|_| false, diags);
    let Ok(canon_root) = root.canonicalize() else {
        return files;
    };
    for locale in locales {
        let folder = dir.join(locale);
        if !folder
            .canonicalize()
            .is_ok_and(|c| c.starts_with(&canon_root))
        {
            continue;
        }
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_file() || kind.is_dir() || kind.is_symlink() || !name.ends_with(".ftl") {
                continue;
            }
            files.push((format!("{locale}/{name}"), entry.path()));
        }
    }
    files.sort();
    files
}

fn error_offset(text: &str, pos: usize) -> usize {
    let pos = crate::diagnostics::floor_char_boundary(text, pos.min(text.len()));
    let gap_start = text[..pos].trim_end().len();
    if text[gap_start..pos].contains(['\n', '\r']) {
        gap_start
    } else {
        pos
    }
}

/// The line where each id is defined: the first line that starts with the
/// id followed by `=` (the parser in use keeps no positions). One pass over
/// the file, so a file of forty thousand messages is read once, not once
/// per message.
fn definition_lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut found = std::collections::HashMap::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        crate::diagnostics::work::add(1);
        let id_len = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(line.len());
        if id_len > 0 && line[id_len..].trim_start().starts_with('=') {
            found.entry(&line[..id_len]).or_insert(n + 1);
        }
    }
    found
}

fn references_in(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_references(expression, out);
        }
    }
}

fn expression_references(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_references(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_references(selector, out);
            for v in variants {
                references_in(&v.value, out);
            }
        }
    }
}

fn inline_references(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    let arguments = |args: &ast::CallArguments<&str>, out: &mut BTreeSet<String>| {
        args.positional
            .iter()
            .chain(args.named.iter().map(|n| &n.value))
            .for_each(|a| inline_references(a, out));
    };
    match inline {
        ast::InlineExpression::MessageReference { id, .. } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference {
            arguments: args, ..
        } => arguments(args, out),
        ast::InlineExpression::TermReference {
            arguments: Some(args),
            ..
        } => arguments(args, out),
        ast::InlineExpression::Placeable { expression } => expression_references(expression, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui() -> (UiStrings, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let mut ui = UiStrings {
            default_locale: "en".into(),
            bundles: HashMap::new(),
            messages: BTreeMap::new(),
            referenced: BTreeSet::new(),
            format_errors: Mutex::default(),
            plain: RwLock::default(),
        };
        ui.add_locale(
            "en",
            vec![(
                "en.ftl".into(),
                "hello = Hello { $name }\nonly-en = English\n".into(),
            )],
            &mut d,
        );
        ui.add_locale(
            "nl",
            vec![(
                "nl.ftl".into(),
                "hello = Hallo { $name }\nbroken = {\n".into(),
            )],
            &mut d,
        );
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
    fn plain_messages_are_kept_and_failing_ones_reported_every_build() {
        let (ui, _) = ui();
        for _ in 0..2 {
            assert_eq!(ui.get("nl", "only-en", None).unwrap(), "English");
            assert_eq!(
                ui.get("en", "only-en", Some(&FluentArgs::new())).unwrap(),
                "English"
            );
        }
        let mut args = FluentArgs::new();
        args.set("name", "Bo");
        assert_eq!(
            ui.get("nl", "hello", Some(&args)).unwrap(),
            "Hallo Bo",
            "arguments still count"
        );
        for build in 0..2 {
            // `hello` without its variable fails; each build reports it.
            assert!(ui.get("nl", "hello", None).unwrap().starts_with("Hallo"));
            let errors = ui.take_format_errors();
            assert_eq!(errors.len(), 1, "build {build}: {errors:?}");
        }
    }

    #[test]
    fn syntax_errors_have_lines() {
        let (_, d) = ui();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "ftl-syntax");
        assert_eq!(d[0].span.file, "nl.ftl");
        assert_eq!((d[0].span.line, d[0].span.column), (2, 11));
    }

    #[test]
    fn syntax_errors_point_at_the_gap_not_the_next_line() {
        let mut d = Vec::new();
        let mut ui = UiStrings {
            default_locale: "en".into(),
            bundles: HashMap::new(),
            messages: BTreeMap::new(),
            referenced: BTreeSet::new(),
            format_errors: Mutex::default(),
            plain: RwLock::default(),
        };
        ui.add_locale(
            "en",
            vec![(
                "en.ftl".into(),
                "a = b\nbroken = { $x\nc = d\nbad line\n".into(),
            )],
            &mut d,
        );
        let at: Vec<(usize, usize)> = d.iter().map(|d| (d.span.line, d.span.column)).collect();
        assert_eq!(at, [(2, 14), (4, 5)], "{d:?}");
        assert!(ui.has("en", "c"));
    }

    #[test]
    fn definitions_have_lines_and_references_count_as_uses() {
        let mut d = Vec::new();
        let mut ui = UiStrings {
            default_locale: "en".into(),
            bundles: HashMap::new(),
            messages: BTreeMap::new(),
            referenced: BTreeSet::new(),
            format_errors: Mutex::default(),
            plain: RwLock::default(),
        };
        let text = "# x-a = not this\nx-a-b = 1\nx-a = { x-a-b } and { $n ->\n  [one] { -brand }\n *[other] { x-c }\n}\n-brand = { x-d }\n";
        ui.add_locale("en", vec![("en.ftl".into(), text.into())], &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(ui.messages["en"]["x-a"].1, 3);
        assert_eq!(ui.messages["en"]["x-a-b"].1, 2);
        let refs: Vec<&str> = ui.referenced.iter().map(String::as_str).collect();
        assert_eq!(refs, ["x-a-b", "x-c", "x-d"]);
    }

    #[test]
    fn a_regional_locale_reads_its_language_s_built_in_strings() {
        assert_eq!(builtin_strings("nl").map(|s| s.0), Some("nl"));
        assert_eq!(builtin_strings("nl-NL").map(|s| s.0), Some("nl"));
        assert_eq!(builtin_strings("NL-be").map(|s| s.0), Some("nl"));
        assert_eq!(builtin_strings("en-GB").map(|s| s.0), Some("en"));
        assert_eq!(builtin_strings("de-DE"), None);
        assert_eq!(builtin_strings("nld"), None);
    }

    #[test]
    fn builtin_strings_parse() {
        let mut d = Vec::new();
        let ui = UiStrings::load(
            Path::new("/nonexistent"),
            &["en".into(), "nl".into()],
            "en",
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(ui.has("nl", "alert-note"));
    }
}
