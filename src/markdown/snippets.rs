//! Code snippets from files: `:::code source="…" language="…" range="…"
//! highlight="…":::`, `[!code-cs[name](path#region "title")]` and
//! `[!code[name](path?range=…&highlight=…&dedent=…)]`.
//!
//! The file's path is relative to the page (or `~/`, the locale's content
//! folder). A region is `#region name`/`#endregion` or DocFX's snippet tags
//! (`// <name>` … `// </name>`), in the comment forms of the snippet's
//! language ([`super::snippet_tags`]); a region leaves out the tags of its
//! form, while a whole file or a `range` shows every line, as DocFX does.
//! A notebook's cells are named ([`super::snippet_notebook`]). `range` picks lines (`2-5,9`), `highlight` marks
//! lines of the snippet with a class, `dedent` takes that many columns off;
//! without it the common indentation goes. Snippet files are read, never
//! published: only pages and the files they link to are.
//!
//! Bounded like includes, so no input can exhaust time or memory: each file
//! is read and indexed once per render pass ([`super::snippet_files`]),
//! `range` and `highlight` are intervals that stop at the snippet's last
//! line, and one page shows at most [`super::snippet_lines::MAX_SHOWN`] bytes of snippets.

use super::directive::{attr, Directive, DirectiveLine};
use super::snippet_files::{SnippetFile, Unreadable, MAX_FILE};
use super::snippet_lines::{
    comment_forms, has_extension, highlights, notebook_cells, report, select, Wanted,
};
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

/// The `[!code…]` link form as a directive: `[!code-cs[name](path#region "title")]`.
pub(super) fn bracket_form(line: &str) -> Option<DirectiveLine> {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    let word = match () {
        _ if lower.starts_with("[!code") => "[!code".len(),
        _ if lower.starts_with("[!notebook") => "[!notebook".len(),
        _ => return None,
    };
    if !t.ends_with(")]") {
        return None;
    }
    let lang_end = t[2..].find('[')? + 2;
    let lang = t[word..lang_end].trim_start_matches('-');
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
        // Region tags are read in the language as written, `[!code-cs…]` as C#.
        attrs.push(("tag-language".into(), lang.to_string()));
    }
    if word == "[!notebook".len() {
        attrs.push(("notebook".into(), String::new()));
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
    let mut range = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k.to_ascii_lowercase().as_str() {
            "name" => attrs.push(("id".into(), v.to_string())),
            "highlight" | "dedent" => attrs.push((k.to_ascii_lowercase(), v.to_string())),
            "range" => range = Some(v.to_string()),
            "start" => start = Some(v.to_string()),
            "end" => end = Some(v.to_string()),
            _ => {}
        }
    }
    // DocFX's order: `#L3-L7`, then `start`/`end`, then `range`; the first one written wins.
    if let Some(s) = start {
        let end = end.unwrap_or_else(|| s.clone());
        attrs.push(("range".into(), format!("{s}-{end}")));
    }
    attrs.extend(range.map(|r| ("range".to_string(), r)));
    // In the bracket form the region is named by the fragment; `:::code` names it `id`.
    Some(DirectiveLine {
        start: 0,
        end: 0,
        name: Ok(Directive::Code),
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

pub(super) fn render(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    d: &DirectiveLine,
    at: usize,
) -> String {
    let Some(source) = attr(d, "source") else {
        report(
            doc,
            state,
            at,
            Code::BlockSyntax,
            "`:::code` needs a `source=\"…\"` attribute".into(),
            None,
        );
        return String::new();
    };
    let Some((path, file)) = open(env, doc, state, at, source) else {
        return String::new();
    };
    // `:::code` names a region with `id`; `interactive` has no meaning offline.
    let region_name = attr(d, "region").or_else(|| {
        (d.name == Ok(Directive::Code) && attr(d, "source").is_some())
            .then(|| attr(d, "id"))
            .flatten()
    });
    let wanted = Wanted {
        source,
        region: region_name,
        range: attr(d, "range"),
        forms: comment_forms(d, &path),
    };
    let notebook = attr(d, "notebook").is_some() || has_extension(&path, "ipynb");
    let lines = match (notebook, region_name) {
        (true, Some(name)) => notebook_cells(doc, state, at, &file, &wanted, name),
        _ => select(doc, state, at, &file, &wanted)
            .map(|picked| picked.iter().map(|&i| file.line(i)).collect()),
    };
    let Some(lines) = lines else {
        return String::new();
    };
    let dedent = attr(d, "dedent")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or_else(|| common_indent(&lines));
    let marked = highlights(doc, state, at, attr(d, "highlight"), lines.len());
    let language = attr(d, "language")
        .map(language_name)
        .unwrap_or_else(|| language_of(&path).to_string());
    let mut s = code_open_tag(&language, attr(d, "title"));
    for (i, line) in lines.iter().enumerate() {
        let line = dedented(line, dedent);
        let marked = marked.get(i).copied().unwrap_or(false);
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

/// The indentation all the non-blank `lines` share, in bytes.
fn common_indent(lines: &[&str]) -> usize {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0)
}

/// `line` without the whitespace characters among its first `dedent` bytes.
fn dedented(line: &str, dedent: usize) -> &str {
    let cut = line
        .char_indices()
        .take_while(|(n, c)| *n < dedent && c.is_whitespace())
        .count();
    &line[line.char_indices().nth(cut).map_or(line.len(), |(n, _)| n)..]
}

/// `<pre><code>` as a snippet opens it, with its language and title.
fn code_open_tag(language: &str, title: Option<&str>) -> String {
    let mut s = String::from("<pre class=\"snippet\"><code");
    if !language.is_empty() {
        s.push_str(" class=\"lang-");
        escape_attr(&mut s, language);
        s.push('"');
    }
    if let Some(title) = title {
        s.push_str(" title=\"");
        escape_attr(&mut s, title);
        s.push('"');
    }
    s.push('>');
    s
}

/// The file `source` names, from the page's locale or else the default
/// locale, with its path in the locale folder; `None` once the reason there
/// is none is reported.
fn open(
    env: &Env,
    doc: &Doc,
    state: &mut State,
    at: usize,
    source: &str,
) -> Option<(String, Arc<SnippetFile>)> {
    if links::is_external(source) {
        let message = format!(
            "snippet `{source}` is an address on the web: DocFX reads snippets only from files of the site, and shows that the sample was not found"
        );
        let suggestion = Some("copy the file into the site and name its path".to_string());
        report(doc, state, at, Code::SnippetMissing, message, suggestion);
        return None;
    }
    let (base, rel) = match source.strip_prefix("~/") {
        Some(rest) => ("", rest),
        None => (doc.source_dir, source),
    };
    let Some(path) = links::join_normalized(base, &links::percent_decode(rel)) else {
        let message = format!(
            "snippet `{source}` points outside content/{}/",
            state.page_locale
        );
        report(doc, state, at, Code::PathEscape, message, None);
        return None;
    };
    let snippets = &env.site.snippets;
    let found = [state.page_locale, env.index.default_locale.as_str()]
        .into_iter()
        .find_map(|locale| {
            // Only what discovery listed is opened: it lists regular files inside the site.
            let listed = env
                .index
                .locales
                .get(locale)
                .is_some_and(|f| f.files.contains(&path));
            let loaded = snippets.get(locale, &path, listed, || (env.read)(locale, &path))?;
            Some((locale, loaded))
        });
    let locale = state.page_locale;
    let Some((from_locale, loaded)) = found else {
        let why = match snippets.unlisted_kind(locale, &path) {
            Some(kind) => format!(
                "`{path}` in content/{locale}/ is {kind}, not a file; snippets are read from regular files only"
            ),
            None => format!("no file `{path}` in content/{locale}/"),
        };
        let message = format!("snippet file `{source}`: {why}");
        report(doc, state, at, Code::SnippetMissing, message, None);
        return None;
    };
    // Recorded as a dependency, readable or not: editing the file re-renders the page.
    state
        .out
        .includes
        .push((from_locale.to_string(), path.clone()));
    let why = match loaded {
        Ok(file) => return Some((path, file)),
        Err(why) => why,
    };
    let shown = format!("content/{from_locale}/{path}");
    let (code, message, suggestion) = unreadable(source, &shown, why);
    report(doc, state, at, code, message, suggestion);
    None
}

/// The diagnostic for the snippet file `source`, `shown` as its path in
/// the site, that cannot be read: code, message and suggestion.
fn unreadable(
    source: &str,
    shown: &str,
    why: Unreadable,
) -> (crate::diagnostics::Code, String, Option<String>) {
    match why {
    Unreadable::NotRegular(kind) => (
        Code::SnippetMissing,
        format!("snippet file `{source}`: `{shown}` is {kind}, not a file; snippets are read from regular files only"),
        None,
    ),
    Unreadable::TooLarge(size) => (
        Code::SnippetSize,
        format!(
            "snippet file `{source}` is {} MiB; snippet files are read up to {} MiB",
            size.div_ceil(1 << 20),
            MAX_FILE >> 20
        ),
        Some("show a region of a smaller file".to_string()),
    ),
    Unreadable::NotUtf8 {
        looks_like,
        byte,
        line,
    } => (
        Code::Encoding,
        format!("snippet file `{source}` is not UTF-8: it looks like {looks_like}"),
        Some(match (line, byte) {
            (0, _) => format!("save `{shown}` as UTF-8"),
            (_, 0) => format!("save `{shown}` as UTF-8 text; its line {line} has a NUL character"),
            _ => format!(
                "save `{shown}` as UTF-8; its line {line} has the byte 0x{byte:02X}, which UTF-8 does not allow there"
            ),
        }),
    ),
    Unreadable::Io(e) => (
        Code::Io,
        format!("snippet file `{source}` cannot be read: {e}"),
        None,
    ),
}
}

#[cfg(test)]
mod tests {
    use super::*;

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
