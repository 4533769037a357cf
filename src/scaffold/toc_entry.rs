//! Adding a page's entry to a TOC file, as a writer would: after the last
//! entry for a page in the same folder (else after the last entry), as its
//! sibling, in the file's own style and line endings. Every other byte of
//! the file stays as it was.

use crate::translations::stamp::yaml_scalar;

/// One line: where it starts, where its text ends, where its break ends.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    text_end: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        let text_end = i;
        if i < bytes.len() {
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        out.push(Line {
            start,
            text_end,
            end: i,
        });
    }
    out
}

/// The file's line break: its first one, or `\n` for a file without any.
fn line_break(text: &str, lines: &[Line]) -> String {
    lines
        .iter()
        .find(|l| l.end > l.text_end)
        .map_or_else(|| "\n".to_string(), |l| text[l.text_end..l.end].to_string())
}

/// An entry's line: how deep it sits and what starts it.
struct Entry {
    line: usize,
    /// A heading's level, or a list item's indent (below any heading).
    heading: Option<usize>,
    indent: usize,
    /// `## `, `  - `, `- name: ` …: what the new sibling line starts with.
    lead: String,
    folder: String,
}

fn folder_of(href: &str) -> String {
    let href = href.trim().trim_start_matches('<');
    let href = href.split(['#', '?', '>', ' ']).next().unwrap_or("");
    let href = href.strip_prefix("./").unwrap_or(href);
    let folder = crate::links::parent_dir(href);
    // A folder's home page heads its section: it belongs to the folder above.
    let name = href.rsplit('/').next().unwrap_or(href).to_ascii_lowercase();
    if name == "index.md" || name == "index.yml" {
        // The root's home page heads the whole TOC: no page's folder.
        match folder {
            "" => "..".to_string(),
            _ => crate::links::parent_dir(folder).to_string(),
        }
    } else {
        folder.to_string()
    }
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t']).len()
}

fn markdown_entries(text: &str, lines: &[Line]) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut in_front_matter = false;
    for (i, l) in lines.iter().enumerate() {
        let s = &text[l.start..l.text_end];
        if i == 0 && s.trim_end() == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter {
            in_front_matter = !matches!(s.trim_end(), "---" | "...");
            continue;
        }
        let Some(link) = s.find("](").map(|at| &s[at + 2..]) else {
            continue;
        };
        let folder = folder_of(link.split(')').next().unwrap_or(""));
        let indent = indent_of(s);
        let rest = &s[indent..];
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        if indent < 4 && (1..=6).contains(&hashes) && rest[hashes..].starts_with([' ', '\t']) {
            entries.push(Entry {
                line: i,
                heading: Some(hashes),
                indent,
                lead: format!("{} ", &rest[..hashes]),
                folder,
            });
            continue;
        }
        let marker_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .filter(|&n| n > 0 && rest[n..].starts_with(['.', ')']))
            .map(|n| n + 1)
            .or_else(|| rest.starts_with(['-', '*', '+']).then_some(1));
        if let Some(n) = marker_len.filter(|&n| rest[n..].starts_with([' ', '\t'])) {
            let marker = if n > 1 { "1." } else { &rest[..1] };
            entries.push(Entry {
                line: i,
                heading: None,
                indent,
                lead: format!("{}{marker} ", &s[..indent]),
                folder,
            });
        }
    }
    entries
}

fn yaml_entries(text: &str, lines: &[Line]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let s = &text[l.start..l.text_end];
        let indent = indent_of(s);
        let rest = &s[indent..];
        if rest == "-" || rest.starts_with("- ") {
            entries.push(Entry {
                line: i,
                heading: None,
                indent,
                lead: format!("{}- ", &s[..indent]),
                folder: String::new(),
            });
        }
        // `href:` belongs to the innermost item above it that it is indented under.
        if let Some(href) = rest.trim_start_matches("- ").strip_prefix("href:") {
            let key_indent = indent + if rest.starts_with("- ") { 2 } else { 0 };
            if let Some(item) = entries.iter_mut().rev().find(|e| e.indent < key_indent) {
                let href = href.trim().trim_matches(['"', '\'']);
                item.folder = folder_of(href);
            }
        }
    }
    entries
}

/// The line after the last one that belongs to `target` (its children
/// included), not counting blank lines at its end.
fn block_end(text: &str, lines: &[Line], entries: &[Entry], target: &Entry, yaml: bool) -> usize {
    let mut last = target.line;
    for (i, l) in lines.iter().enumerate().skip(target.line + 1) {
        let s = &text[l.start..l.text_end];
        if s.trim().is_empty() || (yaml && s.trim_start().starts_with('#')) {
            continue;
        }
        let entry = entries.iter().find(|e| e.line == i);
        let ends = match (target.heading, entry.and_then(|e| e.heading)) {
            (Some(level), Some(other)) => other <= level,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => indent_of(s) <= target.indent,
        };
        if ends {
            break;
        }
        last = i;
    }
    last + 1
}

/// `text` with an entry for `href` named `title` (both written as the
/// file's format needs them) added. `folder` is the page's folder relative
/// to the TOC's, which picks the entry to follow.
pub fn add(text: &str, yaml: bool, title: &str, href: &str, folder: &str) -> String {
    let lines = lines(text);
    let eol = line_break(text, &lines);
    let entries = if yaml {
        yaml_entries(text, &lines)
    } else {
        markdown_entries(text, &lines)
    };
    // The shallowest entries for pages of the folder hold its list.
    let depth = |e: &Entry| (e.heading.unwrap_or(7), e.indent);
    let shallowest = entries
        .iter()
        .filter(|e| e.folder == folder)
        .map(depth)
        .min();
    let mut target = entries
        .iter()
        .rev()
        .find(|e| e.folder == folder && Some(depth(e)) == shallowest)
        .or(entries.last());
    // The end of the list the entry for its folder is in: past the
    // siblings after it.
    while let Some(t) = target {
        let end = block_end(text, &lines, &entries, t, yaml);
        match entries.iter().find(|e| e.line >= end) {
            Some(next)
                if next.heading == t.heading && next.indent == t.indent && next.lead == t.lead =>
            {
                target = Some(next)
            }
            _ => break,
        }
    }
    let (at, lead) = match target {
        Some(t) => (block_end(text, &lines, &entries, t, yaml), t.lead.clone()),
        None => (lines.len(), "- ".to_string()),
    };
    let entry = if yaml {
        let pad = " ".repeat(lead.len());
        format!("{lead}name: {title}{eol}{pad}href: {href}{eol}")
    } else {
        format!("{lead}[{title}]({href}){eol}")
    };
    let offset = if at == 0 { 0 } else { lines[at - 1].end };
    let mut out = String::with_capacity(text.len() + entry.len() + 2);
    out.push_str(&text[..offset]);
    if at > 0 && lines[at - 1].end == lines[at - 1].text_end {
        out.push_str(&eol);
    }
    out.push_str(&entry);
    out.push_str(&text[offset..]);
    out
}

/// The TOC that governs the new page `rel` (relative to `locale_dir`), as
/// its path there and its new bytes; `None` when no TOC governs it. The
/// nearest folder up the tree with one governs, as in the build; of two in
/// one folder, the build reads the one whose name sorts last.
pub fn plan_for(
    locale_dir: &std::path::Path,
    rel: &str,
    title: &str,
    shown: &dyn Fn(&str) -> String,
) -> Result<Option<(String, Vec<u8>)>, super::Refusal> {
    use super::Refusal;
    let mut dir = crate::links::parent_dir(rel);
    loop {
        if let Some(name) = toc_in(&locale_dir.join(dir)) {
            let toc_rel = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            let path = locale_dir.join(&toc_rel);
            let in_the_way = |why: &str| {
                Refusal::InTheWay(format!(
                    "the page's TOC {} {why}; nothing was written",
                    shown(&toc_rel)
                ))
            };
            if let Some(target) = crate::output::symlink_target(&path) {
                return Err(in_the_way(&format!(
                    "is a symlink to `{}`, and helpsite never writes through a link",
                    target.display()
                )));
            }
            let bytes = crate::fsread::read_regular_file(&path, 16 << 20).map_err(|e| {
                in_the_way(&format!(
                    "cannot be read: {}",
                    crate::fsread::describe(&e, 16 << 20)
                ))
            })?;
            let text = String::from_utf8(bytes).map_err(|_| in_the_way("is not UTF-8"))?;
            let below = rel.strip_prefix(dir).unwrap_or(rel).trim_start_matches('/');
            let folder = crate::links::parent_dir(below);
            let href = crate::links::encode_path(below);
            let yaml = name.to_ascii_lowercase().ends_with(".yml");
            let (title, href) = if yaml {
                (yaml_scalar(title), yaml_scalar(&href))
            } else {
                (super::markdown_text(title), href)
            };
            let updated = add(&text, yaml, &title, &href, folder);
            return Ok(Some((toc_rel, updated.into_bytes())));
        }
        if dir.is_empty() {
            return Ok(None);
        }
        dir = crate::links::parent_dir(dir);
    }
}

/// The name of the TOC file in `dir` the build reads, if any.
fn toc_in(dir: &std::path::Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| matches!(n.to_ascii_lowercase().as_str(), "toc.md" | "toc.yml"))
        .collect();
    names.sort();
    names.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_gets_an_item_at_its_end_in_its_style() {
        let toc = "- [Start](index.md)\n- [B](b.md)\n";
        assert_eq!(
            add(toc, false, "New", "new.md", ""),
            "- [Start](index.md)\n- [B](b.md)\n- [New](new.md)\n"
        );
        let crlf = "* [Start](index.md)\r\n  * [B](b.md)\r\n\r\n";
        assert_eq!(
            add(crlf, false, "New", "new.md", ""),
            "* [Start](index.md)\r\n  * [B](b.md)\r\n  * [New](new.md)\r\n\r\n"
        );
        assert_eq!(add("", false, "N", "n.md", ""), "- [N](n.md)\n");
        assert_eq!(
            add("- [A](a.md)", false, "N", "n.md", ""),
            "- [A](a.md)\n- [N](n.md)\n"
        );
    }

    #[test]
    fn the_entry_follows_its_folder_as_a_sibling_after_its_children() {
        let toc = "# [Home](index.md)\n## [Printers](printers/index.md)\n- [Add](printers/add.md)\n  - [Sub](printers/sub.md)\n## [Wi-Fi](wifi.md)\n";
        assert_eq!(
            add(toc, false, "Remove", "printers/remove.md", "printers"),
            "# [Home](index.md)\n## [Printers](printers/index.md)\n- [Add](printers/add.md)\n  - [Sub](printers/sub.md)\n- [Remove](printers/remove.md)\n## [Wi-Fi](wifi.md)\n"
        );
        assert_eq!(
            add(toc, false, "Mail", "mail.md", ""),
            format!("{toc}## [Mail](mail.md)\n")
        );
    }

    #[test]
    fn yaml_items_are_added_in_the_right_list() {
        let toc = "- name: Home\n  href: index.md\n- name: Printers\n  items:\n  - name: Add\n    href: printers/add.md\n- name: Wi-Fi\n  href: wifi.md\n";
        assert_eq!(
            add(toc, true, "Remove", "printers/remove.md", "printers"),
            "- name: Home\n  href: index.md\n- name: Printers\n  items:\n  - name: Add\n    href: printers/add.md\n  - name: Remove\n    href: printers/remove.md\n- name: Wi-Fi\n  href: wifi.md\n"
        );
        assert!(add(toc, true, "Mail", "mail.md", "").ends_with("- name: Mail\n  href: mail.md\n"));
    }
}
