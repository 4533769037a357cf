//! `[!INCLUDE]`: resolving the include file, rendering it in the page's
//! context (links resolve from the include's own folder), nesting and
//! cycles.

use super::*;

pub(super) fn render_include(
    env: &Env,
    doc: &Doc,
    inc: &docfx::IncludeRef,
    state: &mut State,
) -> String {
    let at = doc.body_start + inc.path_offset;
    let locale = state.page_locale;
    let Some(joined) = links::join_normalized(doc.source_dir, &links::percent_decode(&inc.path))
    else {
        state.out.diagnostics.push(
            Diagnostic::error(
                code::PATH_ESCAPE,
                doc.file,
                format!("include `{}` points outside content/{locale}/", inc.path),
            )
            .at_indexed(doc.lines(), doc.text, at),
        );
        return String::new();
    };
    let files = env.index.locales.get(locale);
    let default = env.index.default_locale.as_str();
    let (from_locale, real) = if files.is_some_and(|f| f.files.contains(&joined)) {
        (locale, joined.clone())
    } else if env
        .index
        .locales
        .get(default)
        .is_some_and(|f| f.files.contains(&joined))
    {
        (default, joined.clone())
    } else if let Some(real) = files.and_then(|f| f.real_case(&joined)) {
        let mut d = Diagnostic::warning(
            code::CASE_MISMATCH,
            doc.file,
            format!(
                "include `{}` differs in letter case from `{real}`",
                inc.path
            ),
        )
        .at_indexed(doc.lines(), doc.text, at)
        .with_suggestion(real.rsplit('/').next().unwrap_or(real).to_string());
        if doc.text[at..].starts_with(&inc.path) {
            d = d.with_fix(at, &inc.path, &links::recase(&inc.path, real));
        }
        state.out.diagnostics.push(d);
        (locale, real.to_string())
    } else {
        state.out.diagnostics.push(
            Diagnostic::error(
                code::INCLUDE_MISSING,
                doc.file,
                format!(
                    "include `{}`: no file `{joined}` in content/{locale}/",
                    inc.path
                ),
            )
            .at_indexed(doc.lines(), doc.text, at),
        );
        return String::new();
    };
    if state.stack.contains(&real) {
        let mut chain = state.stack.clone();
        chain.push(real.clone());
        state.out.diagnostics.push(
            Diagnostic::error(
                code::INCLUDE_CYCLE,
                doc.file,
                format!("include cycle: {}", chain.join(" → ")),
            )
            .at_indexed(doc.lines(), doc.text, at),
        );
        return String::new();
    }
    let Some(text) = (env.read)(from_locale, &real) else {
        state.out.diagnostics.push(
            Diagnostic::error(
                code::INCLUDE_MISSING,
                doc.file,
                format!("include `{}` cannot be read", inc.path),
            )
            .at_indexed(doc.lines(), doc.text, at),
        );
        return String::new();
    };
    state
        .out
        .includes
        .push((from_locale.to_string(), real.clone()));
    let file = format!("content/{from_locale}/{real}");
    let mut fm_diags = Vec::new();
    let fm = FrontMatter::parse(&text, &file, &mut fm_diags);
    state.out.diagnostics.extend(fm_diags);
    state.stack.push(real.clone());
    let inner = Doc {
        file: &file,
        text: &text,
        body_start: fm.body_start,
        source_dir: links::parent_dir(&real),
        lines: Default::default(),
    };
    let html = render_doc(env, &inner, state);
    state.stack.pop();
    html
}

/// An inline include renders as a paragraph; inside running text only its content belongs.
pub(super) fn strip_paragraph(html: &str) -> String {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}
