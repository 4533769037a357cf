//! Stamps a translation's front matter with the source it was made from,
//! editing the text in place: every other byte of the file (BOM, line
//! endings, comments, key order, quoting) stays exactly as it was, so a
//! stamp never shows up in a diff as more than the lines it sets.

use super::status::HASH_KEY;

/// The front matter key that names the translated page's source, relative
/// to `content/<default locale>/` (e.g. `EndUser/a.md`).
pub const SOURCE_PATH_KEY: &str = "ms.sourcepath";

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One line of `text`: `[start, content_end)` is the text, `[content_end,
/// end)` its line break (CRLF, LF, lone CR, or nothing at the end).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

fn lines(text: &[u8], from: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut i = from;
    while i < text.len() {
        let start = i;
        while i < text.len() && text[i] != b'\n' && text[i] != b'\r' {
            i += 1;
        }
        let content_end = i;
        if i < text.len() {
            i += if text[i] == b'\r' && text.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        out.push(Line {
            start,
            content_end,
            end: i,
        });
    }
    out
}

fn is_fence(content: &[u8], fences: &[&[u8]]) -> bool {
    let trimmed = trim_end(content);
    fences.contains(&trimmed)
}

fn trim_end(s: &[u8]) -> &[u8] {
    let mut end = s.len();
    while end > 0 && (s[end - 1] == b' ' || s[end - 1] == b'\t') {
        end -= 1;
    }
    &s[..end]
}

/// Whether `content` is the line `key: …` (top level, the key plain or
/// quoted, any spacing before `:`).
fn is_key_line(content: &[u8], key: &str) -> bool {
    let quoted = [format!("\"{key}\""), format!("'{key}'"), key.to_string()];
    let Some(rest) = quoted
        .iter()
        .find_map(|k| content.strip_prefix(k.as_bytes()))
    else {
        return false;
    };
    let rest = rest
        .iter()
        .skip_while(|b| **b == b' ' || **b == b'\t')
        .copied()
        .collect::<Vec<u8>>();
    rest.first() == Some(&b':') && rest.get(1).is_none_or(|b| *b == b' ' || *b == b'\t')
}

/// A YAML scalar that reads back as the same string, for DocFX's YAML 1.1
/// reader too: plain when that is unambiguous, single-quoted when it is one
/// line of printable text (so `yes` stays a string), else as the YAML
/// serializer quotes and escapes it. A value with line breaks becomes a
/// block scalar whose lines are indented, so no line of it can close the
/// front matter; its lines are joined with `\n`.
pub fn yaml_scalar(value: &str) -> String {
    let plain_chars = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c));
    let starts_well = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        .contains(&value.to_ascii_lowercase().as_str());
    if plain_chars && starts_well && has_letter && !reserved && value.parse::<f64>().is_err() {
        value.to_string()
    } else if value.chars().all(printable_on_one_line) {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        serialized(value)
    }
}

/// Whether YAML keeps `c` as it is inside single quotes: not a line break
/// (which it folds), nor a character it refuses unescaped.
fn printable_on_one_line(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `value` written by serde_norway, without the document's final line
/// break. The front matter reader reads every CR as a line feed, so the
/// value's line breaks are line feeds before it is written.
fn serialized(value: &str) -> String {
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    let mut yaml = serde_norway::to_string(&value).expect("a string always serializes");
    if yaml.ends_with('\n') {
        yaml.pop();
    }
    yaml
}

/// Sets `key: value` for each pair in the front matter of `text`: replaces
/// the key's line if it is there, else adds a line after the last one that
/// has content. A file without front matter gets a new block. Fails only
/// when the front matter is not closed.
pub fn set_keys(text: &[u8], pairs: &[(&str, &str)]) -> Result<Vec<u8>, String> {
    // A `---` block above `### YamlMime:` would make the page data, not a
    // page: its keys belong in its `metadata:` mapping, not written yet.
    if crate::discover::yaml_mime(&String::from_utf8_lossy(&text[..text.len().min(256)])).is_some()
    {
        return Err(
            "YAML landing and hub pages are not stamped yet: copy the file and translate it; \
             `l10n status` pairs it by path"
                .to_string(),
        );
    }
    let mut out = text.to_vec();
    for (key, value) in pairs {
        out = set_key(&out, key, value)?;
    }
    Ok(out)
}

fn set_key(text: &[u8], key: &str, value: &str) -> Result<Vec<u8>, String> {
    let body = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let all = lines(text, body);
    let first_break = all
        .iter()
        .find(|l| l.end > l.content_end)
        .map(|l| &text[l.content_end..l.end])
        .unwrap_or(b"\n");
    // A value on several lines keeps to the file's own line endings.
    let new_line = format!("{key}: {}", yaml_scalar(value))
        .replace('\n', std::str::from_utf8(first_break).unwrap_or("\n"));
    let opens = all
        .first()
        .is_some_and(|l| is_fence(&text[l.start..l.content_end], &[b"---"]));
    if !opens {
        let mut out = text[..body].to_vec();
        for part in [b"---".as_slice(), new_line.as_bytes()] {
            out.extend_from_slice(part);
            out.extend_from_slice(first_break);
        }
        out.extend_from_slice(b"---");
        out.extend_from_slice(first_break);
        out.extend_from_slice(&text[body..]);
        return Ok(out);
    }
    let Some(close) = all
        .iter()
        .skip(1)
        .position(|l| is_fence(&text[l.start..l.content_end], &[b"---", b"..."]))
        .map(|i| i + 1)
    else {
        return Err("its front matter is not closed: add a line with `---` after it".into());
    };
    let inner = &all[1..close];
    if let Some(at) = inner
        .iter()
        .position(|l| is_key_line(&text[l.start..l.content_end], key))
    {
        // A block value continues on indented lines, blank lines between
        // them included; they go with the old value.
        let mut last = at;
        for (i, l) in inner.iter().enumerate().skip(at + 1) {
            if matches!(text.get(l.start), Some(b' ' | b'\t')) {
                last = i;
            } else if !trim_end(&text[l.start..l.content_end]).is_empty() {
                break;
            }
        }
        let mut out = text[..inner[at].start].to_vec();
        out.extend_from_slice(new_line.as_bytes());
        out.extend_from_slice(&text[inner[last].content_end..]);
        return Ok(out);
    }
    let after = inner
        .iter()
        .rev()
        .find(|l| !trim_end(&text[l.start..l.content_end]).is_empty())
        .copied()
        .unwrap_or(all[0]);
    let line_break = if after.end > after.content_end {
        &text[after.content_end..after.end]
    } else {
        first_break
    };
    let mut out = text[..after.end].to_vec();
    out.extend_from_slice(new_line.as_bytes());
    out.extend_from_slice(line_break);
    out.extend_from_slice(&text[after.end..]);
    Ok(out)
}

/// The stamp `l10n add` and `--mark-current` write.
pub fn stamp(text: &[u8], source_hash: &str, source_path: &str) -> Result<Vec<u8>, String> {
    set_keys(
        text,
        &[(HASH_KEY, source_hash), (SOURCE_PATH_KEY, source_path)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn adds_keys_after_the_last_key_keeping_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: A\r\nms.assetid: X\r\n\r\n---\r\nBody\rline\n";
        let out = s(stamp(text.as_bytes(), "abc123", "EndUser/a.md").unwrap());
        assert_eq!(
            out,
            "\u{feff}---\r\ntitle: A\r\nms.assetid: X\r\nms.openlocfilehash: abc123\r\nms.sourcepath: EndUser/a.md\r\n\r\n---\r\nBody\rline\n"
        );
    }

    #[test]
    fn replaces_an_existing_value_and_its_continuation_lines() {
        let text = "---\nms.openlocfilehash:   old\nms.sourcepath: >\n  folded\n  more\nms.date: 1\n---\n# x";
        let out = s(stamp(text.as_bytes(), "f00d", "b.md").unwrap());
        assert_eq!(
            out,
            "---\nms.openlocfilehash: f00d\nms.sourcepath: b.md\nms.date: 1\n---\n# x"
        );
    }

    #[test]
    fn a_key_that_only_starts_like_ours_is_left_alone() {
        let text = "---\nms.openlocfilehash.old: 1\n---\n";
        let out = s(set_keys(text.as_bytes(), &[(HASH_KEY, "ab")]).unwrap());
        assert_eq!(
            out,
            "---\nms.openlocfilehash.old: 1\nms.openlocfilehash: ab\n---\n"
        );
    }

    #[test]
    fn creates_front_matter_when_there_is_none() {
        let out = s(stamp(b"# Title\r\n", "ab", "a.md").unwrap());
        assert_eq!(
            out,
            "---\r\nms.openlocfilehash: ab\r\nms.sourcepath: a.md\r\n---\r\n# Title\r\n"
        );
        let out = s(set_keys("\u{feff}---\n---\nx".as_bytes(), &[("k", "v")]).unwrap());
        assert_eq!(out, "\u{feff}---\nk: v\n---\nx");
    }

    #[test]
    fn a_quoted_key_is_replaced_not_doubled() {
        let text = "---\n\"ms.openlocfilehash\" : old\n---\n";
        let out = s(set_keys(text.as_bytes(), &[(HASH_KEY, "ab")]).unwrap());
        assert_eq!(out, "---\nms.openlocfilehash: ab\n---\n");
    }

    #[test]
    fn unclosed_front_matter_is_refused() {
        assert!(stamp(b"---\ntitle: a\n", "ab", "a.md").is_err());
    }

    #[test]
    fn a_value_with_line_breaks_cannot_close_the_front_matter() {
        let text = "\u{feff}---\r\n# kept\r\ntitle: A\r\nms.date: 1\r\n---\r\nBody\r\n";
        let hostile = "Installeren\n---\n<script>x</script>\r\n\nmore";
        let out = s(set_keys(text.as_bytes(), &[("title", hostile)]).unwrap());
        assert_eq!(
            out,
            "\u{feff}---\r\n# kept\r\ntitle: |-\r\n  Installeren\r\n  ---\r\n  <script>x</script>\r\n\r\n  more\r\nms.date: 1\r\n---\r\nBody\r\n"
        );
        let front = crate::frontmatter::FrontMatter::parse(&out, "p.md", &mut Vec::new());
        let expected = hostile.replace("\r\n", "\n");
        assert_eq!(front.get_str("title").as_deref(), Some(expected.as_str()));
        assert_eq!(front.get_str("ms.date").as_deref(), Some("1"));
        // Set again, the whole block is replaced, blank line and all.
        let again = s(set_keys(out.as_bytes(), &[("title", "B")]).unwrap());
        assert_eq!(again, text.replace("title: A", "title: B"));
    }

    #[test]
    fn no_value_makes_a_fence_line() {
        let long = "word ".repeat(30);
        for value in [
            format!("{long}\n---\n{long}"),
            format!("{long} --- {long} \u{7}"),
            format!("{long}\n--- \n...\n{long} \u{7}"),
            format!("---\r...\r\n{long}  \n  "),
        ] {
            let out = s(set_keys(b"---\nk: v\n---\n", &[("title", &value)]).unwrap());
            let fences = out
                .lines()
                .filter(|l| matches!(l.trim_end(), "---" | "..."))
                .count();
            assert_eq!(fences, 2, "{out}");
            let front = crate::frontmatter::FrontMatter::parse(&out, "p.md", &mut Vec::new());
            let expected = value.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(front.meta.get("title"), Some(&expected.into()), "{out}");
            assert_eq!(front.get_str("k").as_deref(), Some("v"));
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        let out = s(set_keys(b"---\n---\n", &[("title", "a\u{7}b\u{2028}c")]).unwrap());
        let front = crate::frontmatter::FrontMatter::parse(&out, "p.md", &mut Vec::new());
        assert_eq!(
            front.get_str("title").as_deref(),
            Some("a\u{7}b\u{2028}c"),
            "{out}"
        );
        assert_eq!(out.lines().count(), 3, "{out}");
    }

    #[test]
    fn values_that_yaml_would_read_otherwise_are_quoted() {
        assert_eq!(yaml_scalar("92f698cb"), "92f698cb");
        assert_eq!(yaml_scalar("1234"), "'1234'");
        assert_eq!(yaml_scalar("1e5"), "'1e5'");
        assert_eq!(yaml_scalar("yes"), "'yes'");
        assert_eq!(
            yaml_scalar("EndUser/it's: here.md"),
            "'EndUser/it''s: here.md'"
        );
    }
}
