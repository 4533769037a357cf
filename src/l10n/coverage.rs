//! Fluent coverage: `ftl-missing` (a message some locale, a template or
//! helpsite itself needs, that a locale lacks) and `ftl-unused`.
//! `ftl-syntax` is reported while the strings load (`ui_strings`).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::l10n::ui_strings::UiStrings;

fn is_builtin(file: &str) -> bool {
    file.starts_with("(built-in")
}

/// `ftl-missing`: a message that some locale defines, a template uses or the
/// code reads, but locale L lacks (readers of L see the default locale's
/// text, or the bare id when no locale has it). `ftl-unused`: a message that
/// nothing uses. `template_ids` is `None` when the templates failed to load:
/// then nothing can be called unused.
pub fn fluent_coverage(
    ui: &UiStrings,
    locales: &[String],
    default_locale: &str,
    template_ids: Option<&BTreeSet<String>>,
    code_ids: &[&str],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let empty = BTreeMap::new();
    let mut wanted: BTreeMap<&str, String> = BTreeMap::new();
    for id in code_ids {
        wanted
            .entry(id)
            .or_insert_with(|| "helpsite reads it".to_string());
    }
    for id in template_ids.into_iter().flatten() {
        wanted
            .entry(id.as_str())
            .or_insert_with(|| "a template uses it".to_string());
    }
    for (locale, messages) in &ui.messages {
        for id in messages.keys() {
            wanted
                .entry(id.as_str())
                .or_insert_with(|| format!("{locale} has it"));
        }
    }
    let used = |id: &str| {
        code_ids.contains(&id)
            || template_ids.is_some_and(|t| t.contains(id))
            || ui.referenced.contains(id)
    };
    for locale in locales {
        let messages = ui.messages.get(locale).unwrap_or(&empty);
        let file = messages
            .values()
            .map(|(f, _)| f.as_str())
            .find(|f| !is_builtin(f))
            .map(str::to_string);
        let file = file.unwrap_or_else(|| format!("locales/{locale}/ui.ftl"));
        if messages.is_empty() && !wanted.is_empty() {
            out.push(Diagnostic::warning(
                Code::FtlMissing,
                &file,
                format!("locale {locale} has no UI strings; every message falls back to {default_locale}"),
            ));
            continue;
        }
        for (id, why) in &wanted {
            if messages.contains_key(*id) {
                continue;
            }
            let effect = if !used(id) {
                String::new()
            } else if *locale != default_locale && ui.has(default_locale, id) {
                format!("; {locale} pages show the {default_locale} text")
            } else {
                "; pages show the message id instead".to_string()
            };
            out.push(
                Diagnostic::warning(
                    Code::FtlMissing,
                    &file,
                    format!("message `{id}` is missing in {locale} ({why}){effect}"),
                )
                .with_suggestion(format!("add `{id} = …` to {file}")),
            );
        }
        if template_ids.is_none() {
            continue;
        }
        for (id, (file, line)) in messages {
            if !is_builtin(file) && !used(id) {
                out.push(
                    Diagnostic::info(
                        Code::FtlUnused,
                        file,
                        format!("message `{id}` is not used by any template"),
                    )
                    .at_line_col(*line, 1),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::markdown::docfx::AlertKind;

    #[test]
    fn every_alert_label_is_listed_as_used_by_code() {
        for kind in AlertKind::ALL {
            assert!(
                crate::markdown::CODE_MESSAGE_IDS.contains(&kind.message_id()),
                "{kind:?}"
            );
        }
    }

    fn ui(en: &str, nl: &str) -> UiStrings {
        let mut d = Vec::new();
        let mut ui = UiStrings::load(Path::new("/nonexistent"), &[], "en", &mut d);
        ui.add_locale("en", vec![("locales/en/ui.ftl".into(), en.into())], &mut d);
        ui.add_locale("nl", vec![("locales/nl/ui.ftl".into(), nl.into())], &mut d);
        assert!(d.is_empty(), "{d:?}");
        ui
    }

    #[test]
    fn missing_and_unused_messages() {
        let ui = ui(
            "a = A\nb = B\nold = Old\nref = R\ncode-id = C\n",
            "a = { ref }\nnl-only = X\n",
        );
        let templates: BTreeSet<String> = ["a", "b", "in-template-only"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let locales = ["en".to_string(), "nl".to_string()];
        let d = fluent_coverage(&ui, &locales, "en", Some(&templates), &["code-id"]);
        let got: Vec<(String, &str, usize, &str)> = d
            .iter()
            .map(|d| {
                (
                    d.span.file.clone(),
                    d.code.as_str(),
                    d.span.line,
                    d.message.split('`').nth(1).unwrap_or(""),
                )
            })
            .collect();
        let want = [
            ("locales/en/ui.ftl", "ftl-missing", 0, "in-template-only"),
            ("locales/en/ui.ftl", "ftl-missing", 0, "nl-only"),
            ("locales/en/ui.ftl", "ftl-unused", 3, "old"),
            ("locales/nl/ui.ftl", "ftl-missing", 0, "b"),
            ("locales/nl/ui.ftl", "ftl-missing", 0, "code-id"),
            ("locales/nl/ui.ftl", "ftl-missing", 0, "in-template-only"),
            ("locales/nl/ui.ftl", "ftl-missing", 0, "old"),
            ("locales/nl/ui.ftl", "ftl-missing", 0, "ref"),
            ("locales/nl/ui.ftl", "ftl-unused", 2, "nl-only"),
        ];
        let want: Vec<(String, &str, usize, &str)> = want
            .iter()
            .map(|(f, c, l, id)| (f.to_string(), *c, *l, *id))
            .collect();
        assert_eq!(got, want);
        assert!(
            d[0].message.contains("show the message id"),
            "{}",
            d[0].message
        );
        assert!(
            d[3].message.contains("show the en text"),
            "{}",
            d[3].message
        );
        assert!(d[1].message.ends_with("(nl has it)"), "{}", d[1].message);
    }

    #[test]
    fn nothing_is_unused_when_templates_did_not_load() {
        let ui = ui("a = A\n", "a = A\n");
        let d = fluent_coverage(&ui, &["en".into(), "nl".into()], "en", None, &[]);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn the_default_theme_strings_are_complete_and_all_used() {
        let mut d = Vec::new();
        let locales = ["en".to_string(), "nl".to_string()];
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let ui = std::sync::Arc::new(UiStrings::load(root, &locales, "en", &mut d));
        let templates =
            crate::templates::Templates::load(root, &locales, ui.clone(), &mut d).unwrap();
        let code_ids: Vec<&str> = crate::markdown::CODE_MESSAGE_IDS
            .iter()
            .chain(UiStrings::CODE_MESSAGE_IDS)
            .copied()
            .collect();
        d.extend(fluent_coverage(
            &ui,
            &locales,
            "en",
            Some(&templates.message_ids),
            &code_ids,
        ));
        assert!(d.is_empty(), "{d:?}");
    }
}
