//! XLIFF 2.1 handoff: the translatable text of source pages out to a
//! translation agency's tools, and the translations back into Markdown.
//!
//! Each `<file>` is one source page (`original` is its path relative to
//! `content/<default locale>/`), each `<unit>` a paragraph, heading, list
//! item, table cell, alert line, or the page's title or description.
//! Protected syntax travels as `<ph id dataRef>` with the original text in
//! `<originalData>`, the XLIFF 2 way tools show codes without letting
//! translators edit them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::segment::{self, Inline, Piece};

pub const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// A page's units as `(id, kind, parts)`.
pub type Units = Vec<(String, &'static str, Vec<Inline>)>;

/// The units of a page: `(id, kind, parts)`. Ids are stable as long as
/// the source is: `title`, `description`, then `u1`, `u2`, … in order.
pub fn units(title: Option<&str>, description: Option<&str>, pieces: &[Piece]) -> Units {
    let mut out = Vec::new();
    for (id, value) in [("title", title), ("description", description)] {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            out.push((
                id.to_string(),
                id_kind(id),
                vec![Inline::Text(v.to_string())],
            ));
        }
    }
    let mut n = 0;
    for p in pieces {
        if let Piece::Unit(u) = p {
            n += 1;
            out.push((format!("u{n}"), u.kind, u.parts.clone()));
        }
    }
    out
}

fn id_kind(id: &str) -> &'static str {
    if id == "title" {
        "title"
    } else {
        "description"
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML reads a raw CR as a line feed; the page's bytes must survive.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// One page to hand off.
pub struct FileOut<'a> {
    pub original: &'a str,
    pub units: Units,
    /// Existing translations by unit id, for translation memory.
    pub targets: BTreeMap<String, Vec<Inline>>,
}

/// XLIFF's name for what an emphasis marker does.
fn sub_type(marker: &str) -> &'static str {
    if marker.len() == 2 {
        "xlf:b"
    } else {
        "xlf:i"
    }
}

/// The inline XML of `parts`, each code numbered by its occurrence in the
/// unit's source: the k-th `[` of the target is the k-th of the source, and
/// the k-th `**` pair likewise. `None` when a code is not in the source
/// that often, or the emphasis does not nest.
fn inline_xml(parts: &[Inline], codes: &[Numbered]) -> Option<String> {
    let mut out = String::new();
    let mut used: BTreeMap<(bool, String), usize> = BTreeMap::new();
    let mut open = 0usize;
    let mut nth = |paired: bool, text: &str| -> Option<usize> {
        let k = used.entry((paired, text.to_string())).or_default();
        let n = codes
            .iter()
            .filter(|c| c.paired == paired && c.text == text)
            .nth(*k)?
            .id;
        *k += 1;
        Some(n)
    };
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => {
                let n = nth(false, c)?;
                let _ = write!(out, "<ph id=\"{n}\" dataRef=\"d{n}\"/>");
            }
            Inline::Open(m) => {
                let n = nth(true, m)?;
                open += 1;
                let _ = write!(
                    out,
                    "<pc id=\"{n}\" type=\"fmt\" subType=\"{}\" dataRefStart=\"d{n}\" dataRefEnd=\"d{n}\">",
                    sub_type(m)
                );
            }
            Inline::Close(_) => {
                open = open.checked_sub(1)?;
                out.push_str("</pc>");
            }
        }
    }
    (open == 0).then_some(out)
}

/// One code of a unit's source: a placeholder (`<ph>`) or an emphasis pair
/// (`<pc>`), whose text is its original data.
struct Numbered {
    id: usize,
    paired: bool,
    text: String,
}

/// Numbers the codes of a unit's source in order. XLIFF wants every inline
/// id unique within the unit, so the same code text twice is two codes,
/// each with its own data.
fn number_codes(parts: &[Inline]) -> Vec<Numbered> {
    parts
        .iter()
        .filter_map(|p| match p {
            Inline::Code(c) => Some((false, c.clone())),
            Inline::Open(m) => Some((true, m.clone())),
            Inline::Text(_) | Inline::Close(_) => None,
        })
        .enumerate()
        .map(|(i, (paired, text))| Numbered {
            id: i + 1,
            paired,
            text,
        })
        .collect()
}

pub fn write(source_locale: &str, target_locale: &str, files: &[FileOut]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<xliff xmlns=\"{XLIFF_NS}\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\">",
        escape(source_locale),
        escape(target_locale)
    );
    for (i, f) in files.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <file id=\"f{}\" original=\"{}\">",
            i + 1,
            escape(f.original)
        );
        for (id, kind, parts) in &f.units {
            let list = number_codes(parts);
            let _ = writeln!(out, "    <unit id=\"{}\" name=\"{kind}\">", escape(id));
            if !list.is_empty() {
                out.push_str("      <originalData>\n");
                for c in &list {
                    let _ = writeln!(
                        out,
                        "        <data id=\"d{}\">{}</data>",
                        c.id,
                        escape(&c.text)
                    );
                }
                out.push_str("      </originalData>\n");
            }
            let target = f.targets.get(id).and_then(|t| inline_xml(t, &list));
            let state = if target.is_some() {
                "translated"
            } else {
                "initial"
            };
            let _ = write!(
                out,
                "      <segment state=\"{state}\">\n        <source xml:space=\"preserve\">{}</source>\n",
                inline_xml(parts, &list).unwrap_or_default()
            );
            if let Some(t) = target {
                let _ = writeln!(out, "        <target xml:space=\"preserve\">{t}</target>",);
            }
            out.push_str("      </segment>\n    </unit>\n");
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// A handoff read back: per file, per unit, the source and target parts.
#[derive(Debug, Default)]
pub struct Handoff {
    pub source_locale: String,
    pub target_locale: String,
    pub files: Vec<FileIn>,
}

#[derive(Debug)]
pub struct FileIn {
    pub original: String,
    pub units: Vec<UnitIn>,
}

#[derive(Debug)]
pub struct UnitIn {
    pub id: String,
    pub source: Vec<Inline>,
    pub target: Option<Vec<Inline>>,
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The parts of a `<source>` or `<target>`: text, each `<ph>` resolved
/// through the unit's original data, and each `<pc>` as the emphasis
/// markers its data names around its content. A code that names no data,
/// or anything but text, `<ph>` and `<pc>`, is refused with what is wrong.
fn parts_of(
    node: roxmltree::Node,
    data: &BTreeMap<String, String>,
    unit: &str,
) -> Result<Vec<Inline>, String> {
    let mut out: Vec<Inline> = Vec::new();
    collect_parts(node, data, unit, &mut out)?;
    Ok(out)
}

fn data_of<'d>(
    data: &'d BTreeMap<String, String>,
    unit: &str,
    what: &str,
    id: &str,
    data_ref: &str,
) -> Result<&'d String, String> {
    let Some(text) = data.get(data_ref) else {
        return Err(format!(
            "unit {unit}: {what} {id} refers to data `{data_ref}`, which the unit does not have"
        ));
    };
    if data_ref != format!("d{id}") {
        return Err(format!(
            "unit {unit}: {what} {id} was changed: it refers to `{data_ref}` instead of `d{id}`"
        ));
    }
    Ok(text)
}

fn collect_parts(
    node: roxmltree::Node,
    data: &BTreeMap<String, String>,
    unit: &str,
    out: &mut Vec<Inline>,
) -> Result<(), String> {
    for c in node.children() {
        if c.is_text() {
            let t = c.text().unwrap_or("");
            match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(t),
                _ => out.push(Inline::Text(t.to_string())),
            }
        } else if c.is_element() && c.tag_name().name() == "ph" {
            let id = c.attribute("id").unwrap_or("");
            let text = data_of(
                data,
                unit,
                "placeholder",
                id,
                c.attribute("dataRef").unwrap_or(""),
            )?;
            match out.last_mut() {
                Some(Inline::Code(prev)) => prev.push_str(text),
                _ => out.push(Inline::Code(text.clone())),
            }
        } else if c.is_element() && c.tag_name().name() == "pc" {
            let id = c.attribute("id").unwrap_or("");
            let start = c.attribute("dataRefStart").unwrap_or("");
            let end = c.attribute("dataRefEnd").unwrap_or("");
            let marker = data_of(data, unit, "formatting code", id, start)?;
            if end != start {
                return Err(format!(
                    "unit {unit}: formatting code {id} was changed: it ends with `{end}` but starts with `{start}`"
                ));
            }
            out.push(Inline::Open(marker.clone()));
            collect_parts(c, data, unit, out)?;
            out.push(Inline::Close(marker.clone()));
        } else if c.is_element() {
            return Err(format!(
                "unit {unit}: unexpected <{}> in the text; only placeholders (<ph>) and formatting codes (<pc>) may appear",
                c.tag_name().name()
            ));
        }
    }
    Ok(())
}

/// The codes of a `<source>` or `<target>`, named as the messages name them.
fn code_ids(node: roxmltree::Node) -> Vec<String> {
    node.descendants()
        .filter(|c| c.is_element())
        .filter_map(|c| match c.tag_name().name() {
            "ph" => Some(format!("placeholder {}", c.attribute("id").unwrap_or(""))),
            "pc" => Some(format!(
                "formatting code {}",
                c.attribute("id").unwrap_or("")
            )),
            _ => None,
        })
        .collect()
}

pub fn read(text: &str) -> Result<Handoff, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" || root.tag_name().namespace() != Some(XLIFF_NS) {
        return Err("not an XLIFF 2 file (no <xliff> in the XLIFF 2 namespace)".into());
    }
    let mut handoff = Handoff {
        source_locale: root.attribute("srcLang").unwrap_or("").to_string(),
        target_locale: root
            .attribute("trgLang")
            .ok_or("the <xliff> element has no trgLang: which locale is this for?")?
            .to_string(),
        files: Vec::new(),
    };
    for file in children(root, "file") {
        let original = file
            .attribute("original")
            .ok_or("a <file> has no original: which page is it?")?
            .to_string();
        let mut units = Vec::new();
        for unit in children(file, "unit") {
            let id = unit.attribute("id").unwrap_or("").to_string();
            let data: BTreeMap<String, String> = children(unit, "originalData")
                .flat_map(|o| children(o, "data"))
                .map(|d| {
                    (
                        d.attribute("id").unwrap_or("").to_string(),
                        d.text().unwrap_or("").to_string(),
                    )
                })
                .collect();
            let mut source = Vec::new();
            let mut target = None;
            for seg in children(unit, "segment") {
                if let Some(s) = children(seg, "source").next() {
                    source = parts_of(s, &data, &id)?;
                    if let Some(t) = children(seg, "target").next() {
                        let parts = parts_of(t, &data, &id)?;
                        let (mut want, mut got) = (code_ids(s), code_ids(t));
                        want.sort();
                        got.sort();
                        if want != got {
                            return Err(placeholder_damage(&id, &want, &got));
                        }
                        target = Some(parts);
                    }
                }
            }
            units.push(UnitIn { id, source, target });
        }
        handoff.files.push(FileIn { original, units });
    }
    Ok(handoff)
}

/// What happened to a unit's placeholders, in words.
fn placeholder_damage(unit: &str, want: &[String], got: &[String]) -> String {
    let count = |list: &[String], id: &str| list.iter().filter(|x| *x == id).count();
    let mut problems = Vec::new();
    let mut ids: Vec<&String> = want.iter().chain(got).collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        match (count(want, id), count(got, id)) {
            (w, 0) => problems.push(format!("{id} is missing{}", times(w))),
            (0, _) => problems.push(format!("{id} is not in the source")),
            (w, g) if w != g => problems.push(format!("{id} appears {g} times, not {w}")),
            _ => {}
        }
    }
    format!(
        "unit {unit}: the translation's placeholders were damaged: {}",
        problems.join("; ")
    )
}

fn times(n: usize) -> String {
    if n > 1 {
        format!(" ({n} times in the source)")
    } else {
        String::new()
    }
}

/// The parts as one string, placeholders expanded.
pub fn text_of(parts: &[Inline]) -> String {
    segment::unit_text(parts)
}
