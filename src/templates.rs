//! The site's Tera templates, with one engine per locale so that the
//! Fluent function `t()` knows its locale without being told every time.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use serde::Serialize;
use serde_json::Value;
use tera::Tera;

use crate::diagnostics::{Code, Diagnostic};
use crate::l10n::ui_strings::UiStrings;

pub const REQUIRED: &[&str] = &[
    "page.html",
    "index.html",
    "404.html",
    "root.html",
    "redirect.html",
];

pub struct Templates {
    engines: HashMap<String, Tera>,
    /// Template name → the templates it pulls in (extends/include/import).
    pub uses: BTreeMap<String, BTreeSet<String>>,
    /// Fluent message ids the templates ask for.
    pub message_ids: BTreeSet<String>,
}

struct FluentFn {
    locale: String,
    ui: Arc<UiStrings>,
}

impl tera::Function for FluentFn {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs key=\"message-id\""))?;
        let mut fargs = FluentArgs::new();
        for (k, v) in args
            .iter()
            .filter(|(k, _)| k.as_str() != "key" && k.as_str() != "lang")
        {
            match v {
                Value::Number(n) => {
                    fargs.set(k.clone(), FluentValue::from(n.as_f64().unwrap_or_default()))
                }
                Value::String(s) => fargs.set(k.clone(), FluentValue::from(s.clone())),
                other => fargs.set(k.clone(), FluentValue::from(other.to_string())),
            }
        }
        // `lang=` asks for another locale, for pages that speak to every reader (the language chooser).
        let locale = args
            .get("lang")
            .and_then(Value::as_str)
            .unwrap_or(&self.locale);
        let text = self
            .ui
            .get(locale, key, Some(&fargs))
            .unwrap_or_else(|| key.to_string());
        Ok(Value::String(text))
    }

    fn is_safe(&self) -> bool {
        // Translations are untrusted text: let Tera escape them.
        false
    }
}

/// No real template comes near this; a larger one is not read.
const MAX_TEMPLATE: u64 = 16 << 20;

impl Templates {
    pub fn load(
        root: &Path,
        locales: &[String],
        ui: Arc<UiStrings>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Templates> {
        let dir = root.join("templates");
        let mut sources: Vec<(String, String)> = Vec::new();
        if dir.is_dir() {
            let files = crate::discover::walk(root, &dir, "templates/", &|_| false, diags);
            for (name, f) in files {
                if !name.ends_with(".html") {
                    continue;
                }
                // Without waiting on a pipe; a byte order mark is dropped,
                // as Tera would print it (and `{% extends %}` must come first).
                match crate::fsread::read_text(&f, MAX_TEMPLATE) {
                    Ok(text) => sources.push((name, text)),
                    Err((code, why)) => {
                        diags.push(Diagnostic::error(code, format!("templates/{name}"), why))
                    }
                }
            }
            // A theme may override only some templates; the rest are built in.
            for (name, text) in crate::theme::TEMPLATES {
                if !sources.iter().any(|(n, _)| n == name) {
                    sources.push((name.to_string(), text.to_string()));
                }
            }
        } else {
            sources = crate::theme::TEMPLATES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect();
        }
        Self::from_sources(&sources, locales, ui, diags)
    }

    pub fn from_sources(
        sources: &[(String, String)],
        locales: &[String],
        ui: Arc<UiStrings>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Templates> {
        let mut base = Tera::default();
        base.autoescape_on(vec![".html"]);
        // Tera's default also escapes `/`, which mangles every URL we print.
        base.set_escape_fn(escape_html);
        if let Err(e) =
            base.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            let (name, message) = template_error(&e);
            let file = name
                .as_ref()
                .map(|n| format!("templates/{n}"))
                .unwrap_or_else(|| "templates/".into());
            let mut d = Diagnostic::error(Code::Template, file, message);
            if let Some((_, text)) = sources
                .iter()
                .find(|(n, _)| Some(n.as_str()) == name.as_deref())
            {
                if let Some((line, col)) = parse_position(&d.message) {
                    d = d.at_line_col(line, col);
                    if let Some(line_text) = text.lines().nth(line.saturating_sub(1)) {
                        d = d.with_source_line(line_text);
                    }
                }
            }
            diags.push(d);
            return None;
        }
        let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut message_ids = BTreeSet::new();
        for (name, text) in sources {
            uses.insert(name.clone(), referenced_templates(text));
            message_ids.extend(message_ids_in(text));
        }
        let mut engines = HashMap::new();
        for locale in locales {
            let mut tera = base.clone();
            tera.register_function(
                "t",
                FluentFn {
                    locale: locale.clone(),
                    ui: ui.clone(),
                },
            );
            engines.insert(locale.clone(), tera);
        }
        Some(Templates {
            engines,
            uses,
            message_ids,
        })
    }

    /// `template` in `locale` with `context`, one of the typed contexts of
    /// `render::context`: its fields are the template's variables.
    pub fn render(
        &self,
        locale: &str,
        template: &str,
        context: &impl Serialize,
    ) -> Result<String, Diagnostic> {
        let failed = |message: String| {
            Diagnostic::error(Code::Template, format!("templates/{template}"), message)
        };
        let engine = self
            .engines
            .get(locale)
            .ok_or_else(|| failed(format!("no templates for locale {locale}")))?;
        let context = tera::Context::from_serialize(context)
            .map_err(|e| failed(format!("the template context is no map: {e}")))?;
        engine
            .render(template, &context)
            .map_err(|e| failed(template_error(&e).1))
    }

    /// Every template that `name` needs, itself included.
    pub fn closure(&self, name: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![name.to_string()];
        while let Some(n) = todo.pop() {
            if seen.insert(n.clone()) {
                if let Some(deps) = self.uses.get(&n) {
                    todo.extend(deps.iter().cloned());
                }
            }
        }
        seen
    }
}

fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    crate::markdown::escape_attr(&mut out, input);
    out
}

/// The template name and the whole cause chain: Tera's top-level message
/// alone ("Failed to render") tells the user nothing.
fn template_error(e: &tera::Error) -> (Option<String>, String) {
    use std::error::Error as _;
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let name = parts.iter().find_map(|p| {
        let start = p.find('\'')? + 1;
        let end = p[start..].find('\'')? + start;
        let n = &p[start..end];
        n.ends_with(".html").then(|| n.to_string())
    });
    (name, parts.join(": ").replace('\n', " "))
}

/// Tera parse errors carry ` --> line:col` in their text.
fn parse_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")? + 4;
    let rest = &message[at..];
    let mut it = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

fn referenced_templates(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for kw in ["extends", "include", "import"] {
        let mut from = 0;
        while let Some(p) = text[from..].find(kw) {
            let at = from + p + kw.len();
            from = at;
            let rest = text[at..].trim_start();
            if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
                if let Some(end) = rest[1..].find(q) {
                    out.insert(rest[1..1 + end].to_string());
                }
            }
        }
    }
    out
}

/// Message ids written as `t(key="…")` in a template.
pub fn message_ids_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut from = 0;
    while let Some(p) = text[from..].find("t(") {
        let at = from + p;
        from = at + 2;
        if at > 0
            && text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = text[at + 2..].trim_start();
        let Some(rest) = rest.strip_prefix("key") else {
            continue;
        };
        let rest = rest.trim_start().trim_start_matches('=').trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                out.insert(rest[1..1 + end].to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui() -> Arc<UiStrings> {
        let mut d = Vec::new();
        Arc::new(UiStrings::load(
            Path::new("/nonexistent"),
            &["en".into(), "nl".into()],
            "en",
            &mut d,
        ))
    }

    #[test]
    fn fluent_function_is_per_locale_and_escaped() {
        let mut d = Vec::new();
        let sources = vec![(
            "x.html".to_string(),
            r#"<p title="{{ t(key="alert-note") }}">{{ t(key="not-a-message") }}{{ evil }}</p>"#
                .to_string(),
        )];
        let t =
            Templates::from_sources(&sources, &["en".into(), "nl".into()], ui(), &mut d).unwrap();
        let ctx = serde_json::json!({"evil": "<script>"});
        assert_eq!(
            t.render("nl", "x.html", &ctx).unwrap(),
            r#"<p title="Opmerking">not-a-message&lt;script&gt;</p>"#
        );
        assert!(t.message_ids.contains("alert-note"));
    }

    #[test]
    fn syntax_errors_name_the_template_and_line() {
        let mut d = Vec::new();
        let sources = vec![("bad.html".to_string(), "ok\n{% if %}".to_string())];
        assert!(Templates::from_sources(&sources, &["en".into()], ui(), &mut d).is_none());
        assert_eq!(d[0].span.file, "templates/bad.html");
        assert_eq!(d[0].span.line, 2, "{:?}", d[0]);
    }

    #[test]
    fn render_errors_keep_the_cause_chain() {
        let mut d = Vec::new();
        let sources = vec![("p.html".to_string(), "{{ missing.field }}".to_string())];
        let t = Templates::from_sources(&sources, &["en".into()], ui(), &mut d).unwrap();
        let e = t
            .render("en", "p.html", &serde_json::json!({}))
            .unwrap_err();
        assert_eq!(e.span.file, "templates/p.html");
        assert!(e.message.contains("missing.field"), "{}", e.message);
    }

    #[test]
    fn dependencies() {
        let deps = referenced_templates(r#"{% extends "base.html" %}{% include 'nav.html' %}"#);
        assert_eq!(
            deps.into_iter().collect::<Vec<_>>(),
            ["base.html", "nav.html"]
        );
    }
}
