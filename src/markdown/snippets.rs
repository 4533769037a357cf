//! Code snippets from files: `:::code source="…" language="…" range="…"
//! highlight="…":::`, `[!code-cs[name](path#region "title")]` and
//! `[!code[name](path?range=…&highlight=…&dedent=…)]`.
//!
//! The file's path is relative to the page (or `~/`, the locale's content
//! folder). A region is `#region name`/`#endregion` or DocFX's snippet tags
//! (`// <name>` … `// </name>`, in the comment form of the file's language);
//! tag lines never show. `range` picks lines (`2-5,9`), `highlight` marks
//! lines of the snippet with a class, `dedent` takes that many columns off;
//! without it the common indentation goes. Snippet files are read, never
//! published: only pages and the files they link to are.

use super::directive::{attr, Directive};
use super::*;

/// The language name for a file extension, as DocFX's `[!code-…]` names them.
fn language_of(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "cs" => "csharp",
        "vb" => "vb",
        "fs" => "fsharp",
        "cpp" | "h" | "hpp" | "cc" => "cpp",
        "c" => "c",
        "js" | "mjs" => "javascript",
        "ts" => "typescript",
        "py" => "python",
        "ps1" | "psm1" => "powershell",
        "sh" | "bash" => "bash",
        "sql" => "sql",
        "json" => "json",
        "xml" | "csproj" | "config" => "xml",
        "html" | "htm" => "html",
        "css" => "css",
        "yml" | "yaml" => "yaml",
        "java" => "java",
        "go" => "go",
        "rs" => "rust",
        "rb" => "ruby",
        "kt" => "kotlin",
        "swift" => "swift",
        "md" => "markdown",
        _ => "",
    }
}

/// Normalizes DocFX's `[!code-cs…]` suffixes to a language name.
fn language_name(lang: &str) -> String {
    match lang.to_ascii_lowercase().as_str() {
        "cs" | "c#" | "csharp" => "csharp".into(),
        "js" => "javascript".into(),
        "ts" => "typescript".into(),
        "py" => "python".into(),
        "ps" | "ps1" => "powershell".into(),
        "sh" => "bash".into(),
        other => other.to_string(),
    }
}

/// A snippet tag or region line: `Some((name, is_end))`.
fn tag(line: &str) -> Option<(String, bool)> {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("#region") {
        return Some((rest.trim().to_string(), false));
    }
    if lower.starts_with("#endregion") {
        return Some((String::new(), true));
    }
    let body = ["//", "#", "'", "--", "<!--", "/*", "rem ", ";", "%"]
        .iter()
        .find_map(|c| lower.strip_prefix(c))?
        .trim();
    let body = body
        .strip_suffix("-->")
        .or_else(|| body.strip_suffix("*/"))
        .unwrap_or(body)
        .trim();
    let inner = body.strip_prefix('<')?.strip_suffix('>')?;
    let (end, name) = match inner.strip_prefix('/') {
        Some(n) => (true, n),
        None => (false, inner),
    };
    let name = name.trim();
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.".contains(c)))
    .then(|| (name.to_string(), end))
}

/// The lines of region `name`, without any tag lines; `None` when it is not there.
fn region<'a>(lines: &[&'a str], name: &str) -> Option<Vec<&'a str>> {
    let name = name.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut inside = false;
    let mut depth = 0usize;
    let mut found = false;
    for line in lines {
        match tag(line) {
            Some((n, false)) if !inside && n == name => {
                inside = true;
                found = true;
            }
            // A region nested in ours.
            Some((n, false)) if inside && n != name => depth += 1,
            Some((n, true)) if inside => {
                // `#endregion` closes the innermost region; `</name>` closes ours.
                if n == name || (n.is_empty() && depth == 0) {
                    inside = false;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            Some(_) => {}
            None if inside => out.push(*line),
            None => {}
        }
    }
    found.then_some(out)
}

/// `2-5,9` → the line numbers, 1-based; `None` when malformed.
fn parse_ranges(spec: &str, max: usize) -> Option<Vec<usize>> {
    let mut lines = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let a: usize = a.parse().ok()?;
        // `5-` runs to the end.
        let b: usize = if b.is_empty() { max } else { b.parse().ok()? };
        if a == 0 || b < a {
            return None;
        }
        lines.extend(a..=b);
    }
    Some(lines)
}

/// The `[!code…]` link form as a directive: `[!code-cs[name](path#region "title")]`.
pub(super) fn bracket_form(line: &str) -> Option<Directive> {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    if !lower.starts_with("[!code") || !t.ends_with(")]") {
        return None;
    }
    let lang_end = t[2..].find('[')? + 2;
    let lang = t[6..lang_end].trim_start_matches('-');
    let dest_start = t[lang_end..].find("](")? + lang_end + 2;
    let dest = t[dest_start..t.len() - 2].trim();
    let (dest, title) = match dest.find(" \"") {
        Some(n) => (&dest[..n], dest[n..].trim().trim_matches('"')),
        None => (dest, ""),
    };
    let (path_query, fragment) = dest.split_once('#').unwrap_or((dest, ""));
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let mut attrs = vec![("source".to_string(), path.to_string())];
    if !lang.is_empty() {
        attrs.push(("language".into(), language_name(lang)));
    }
    if !title.is_empty() {
        attrs.push(("title".into(), title.to_string()));
    }
    // `#L3-L7` is a line range; any other fragment a region name.
    if let Some(l) = fragment
        .strip_prefix('L')
        .filter(|f| f.starts_with(|c: char| c.is_ascii_digit()))
    {
        attrs.push(("range".into(), l.replace("-L", "-")));
    } else if !fragment.is_empty() {
        attrs.push(("id".into(), fragment.to_string()));
    }
    let mut start = None;
    let mut end = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k.to_ascii_lowercase().as_str() {
            "name" => attrs.push(("id".into(), v.to_string())),
            "range" | "highlight" | "dedent" => attrs.push((k.to_ascii_lowercase(), v.to_string())),
            "start" => start = Some(v.to_string()),
            "end" => end = Some(v.to_string()),
            _ => {}
        }
    }
    if let Some(s) = start {
        attrs.push(("range".into(), format!("{s}-{}", end.unwrap_or_default())));
    }
    // In the bracket form the region is named by the fragment; `:::code` names it `id`.
    Some(Directive {
        start: 0,
        end: 0,
        name: "code".into(),
        attrs: attrs
            .into_iter()
            .map(|(k, v)| {
                if k == "id" {
                    ("region".into(), v)
                } else {
                    (k, v)
                }
            })
            .collect(),
        closed: true,
    })
}

pub(super) fn render(env: &Env, doc: &Doc, state: &mut State, d: &Directive, at: usize) -> String {
    let report =
        |state: &mut State, code: &'static str, message: String, suggestion: Option<String>| {
            let mut diag =
                Diagnostic::error(code, doc.file, message).at_indexed(doc.lines(), doc.text, at);
            if let Some(s) = suggestion {
                diag = diag.with_suggestion(s);
            }
            state.out.diagnostics.push(diag);
        };
    let Some(source) = attr(d, "source") else {
        report(
            state,
            code::BLOCK_SYNTAX,
            "`:::code` needs a `source=\"…\"` attribute".into(),
            None,
        );
        return String::new();
    };
    let (base, rel) = match source.strip_prefix("~/") {
        Some(rest) => ("", rest),
        None => (doc.source_dir, source),
    };
    let Some(path) = links::join_normalized(base, &links::percent_decode(rel)) else {
        report(
            state,
            code::PATH_ESCAPE,
            format!(
                "snippet `{source}` points outside content/{}/",
                state.page_locale
            ),
            None,
        );
        return String::new();
    };
    let text = [state.page_locale, env.index.default_locale.as_str()]
        .into_iter()
        .find_map(|locale| Some((locale, (env.read)(locale, &path)?)));
    let Some((from_locale, text)) = text else {
        report(
            state,
            code::SNIPPET_MISSING,
            format!(
                "snippet file `{source}`: no file `{path}` in content/{}/",
                state.page_locale
            ),
            None,
        );
        return String::new();
    };
    // Recorded as a dependency: editing the file re-renders the page.
    state
        .out
        .includes
        .push((from_locale.to_string(), path.clone()));
    let all: Vec<&str> = text.lines().collect();
    // `:::code` names a region with `id`; `interactive` has no meaning offline.
    let region_name = attr(d, "region").or_else(|| {
        (d.name == "code" && attr(d, "source").is_some())
            .then(|| attr(d, "id"))
            .flatten()
    });
    let mut lines: Vec<&str> = match region_name {
        Some(name) => match region(&all, name) {
            Some(l) => l,
            None => {
                let names: Vec<String> = all
                    .iter()
                    .filter_map(|l| tag(l))
                    .filter(|(n, end)| !end && !n.is_empty())
                    .map(|(n, _)| n)
                    .collect();
                let suggestion =
                    crate::links::suggest::did_you_mean(name, names.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?"));
                report(
                    state,
                    code::SNIPPET_REGION,
                    format!("snippet `{source}` has no region `{name}`"),
                    suggestion,
                );
                return String::new();
            }
        },
        None => all.iter().copied().filter(|l| tag(l).is_none()).collect(),
    };
    if let Some(spec) = attr(d, "range") {
        let within = if region_name.is_some() {
            lines.len()
        } else {
            all.len()
        };
        let base_lines: Vec<&str> = if region_name.is_some() {
            lines.clone()
        } else {
            all.clone()
        };
        match parse_ranges(spec, within) {
            Some(numbers) if numbers.iter().all(|&n| n <= within) => {
                lines = numbers
                    .iter()
                    .map(|&n| base_lines[n - 1])
                    .filter(|l| region_name.is_some() || tag(l).is_none())
                    .collect();
            }
            _ => {
                report(
                    state,
                    code::SNIPPET_RANGE,
                    format!("range `{spec}` does not fit snippet `{source}` ({within} lines)"),
                    Some("write line numbers as `2-5,9`, from 1".into()),
                );
                return String::new();
            }
        }
    }
    let dedent = match attr(d, "dedent").and_then(|v| v.parse::<usize>().ok()) {
        Some(n) => n,
        None => lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0),
    };
    let highlight: Vec<usize> = match attr(d, "highlight") {
        Some(spec) => match parse_ranges(spec, lines.len()) {
            Some(h) if h.iter().all(|&n| n <= lines.len()) => h,
            _ => {
                report(
                    state,
                    code::SNIPPET_RANGE,
                    format!(
                        "highlight `{spec}` does not fit the {} lines of the snippet",
                        lines.len()
                    ),
                    None,
                );
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let language = attr(d, "language")
        .map(language_name)
        .unwrap_or_else(|| language_of(&path).to_string());
    let mut s = String::from("<pre class=\"snippet\"><code");
    if !language.is_empty() {
        s.push_str(" class=\"lang-");
        escape_attr(&mut s, &language);
        s.push('"');
    }
    if let Some(title) = attr(d, "title") {
        s.push_str(" title=\"");
        escape_attr(&mut s, title);
        s.push('"');
    }
    s.push('>');
    for (i, line) in lines.iter().enumerate() {
        let cut = line
            .char_indices()
            .take_while(|(n, c)| *n < dedent && c.is_whitespace())
            .count();
        let line = &line[line.char_indices().nth(cut).map_or(line.len(), |(n, _)| n)..];
        let marked = highlight.contains(&(i + 1));
        if marked {
            s.push_str("<span class=\"highlight\">");
        }
        escape_text(&mut s, line);
        if marked {
            s.push_str("</span>");
        }
        s.push('\n');
        state.out.text.push_str(line);
        state.out.text.push(' ');
    }
    s.push_str("</code></pre>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_in_several_comment_forms() {
        let src = "using X;\n// <main>\nclass A {\n    #region inner\n    int x;\n    #endregion\n}\n// </main>\n# <py>\nprint(1)\n# </py>\n";
        let lines: Vec<&str> = src.lines().collect();
        assert_eq!(
            region(&lines, "main").unwrap(),
            ["class A {", "    int x;", "}"]
        );
        assert_eq!(region(&lines, "inner").unwrap(), ["    int x;"]);
        assert_eq!(region(&lines, "PY").unwrap(), ["print(1)"]);
        assert!(region(&lines, "nope").is_none());
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_ranges("2-4,7", 9), Some(vec![2, 3, 4, 7]));
        assert_eq!(parse_ranges("8-", 9), Some(vec![8, 9]));
        assert_eq!(parse_ranges("4-2", 9), None);
        assert_eq!(parse_ranges("x", 9), None);
    }

    #[test]
    fn bracket_forms() {
        let d = bracket_form("[!code-cs[Main](snippets/Program.cs#Setup \"The setup\")]").unwrap();
        assert_eq!(attr(&d, "source"), Some("snippets/Program.cs"));
        assert_eq!(attr(&d, "language"), Some("csharp"));
        assert_eq!(attr(&d, "region"), Some("Setup"));
        assert_eq!(attr(&d, "title"), Some("The setup"));
        let d = bracket_form("[!code[x](a.py?range=2-3&highlight=1&dedent=4)]").unwrap();
        assert_eq!(attr(&d, "range"), Some("2-3"));
        assert_eq!(attr(&d, "highlight"), Some("1"));
        assert_eq!(attr(&d, "dedent"), Some("4"));
        let d = bracket_form("[!code-js[x](a.js#L2-L4)]").unwrap();
        assert_eq!(attr(&d, "range"), Some("2-4"));
    }
}
