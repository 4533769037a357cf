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

/// The placeholders of `parts`, each numbered by the occurrence of its code
/// in the unit's source: the k-th `[` of the target is the k-th of the
/// source. `None` when a code is not in the source that often.
fn inline_xml(parts: &[Inline], codes: &[(usize, String)]) -> Option<String> {
    let mut out = String::new();
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    for p in parts {
        match p {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => {
                let k = used.entry(c.as_str()).or_default();
                let (n, _) = codes.iter().filter(|(_, text)| text == c).nth(*k)?;
                *k += 1;
                let _ = write!(out, "<ph id=\"{n}\" dataRef=\"d{n}\"/>");
            }
        }
    }
    Some(out)
}

/// Numbers the codes of a unit's source in order. XLIFF wants every inline
/// id unique within the unit, so the same code text twice is two
/// placeholders, each with its own data.
fn number_codes(parts: &[Inline]) -> Vec<(usize, String)> {
    parts
        .iter()
        .filter_map(|p| match p {
            Inline::Code(c) => Some(c.clone()),
            Inline::Text(_) => None,
        })
        .enumerate()
        .map(|(i, c)| (i + 1, c))
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
                for (n, text) in &list {
                    let _ = writeln!(out, "        <data id=\"d{n}\">{}</data>", escape(text));
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

/// The parts of a `<source>` or `<target>`: text, and each `<ph>` resolved
/// through the unit's original data. A placeholder that names no data, or
/// anything but text and `<ph>`, is refused with what is wrong.
fn parts_of(
    node: roxmltree::Node,
    data: &BTreeMap<String, String>,
    unit: &str,
) -> Result<Vec<Inline>, String> {
    let mut out: Vec<Inline> = Vec::new();
    for c in node.children() {
        if c.is_text() {
            let t = c.text().unwrap_or("");
            match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(t),
                _ => out.push(Inline::Text(t.to_string())),
            }
        } else if c.is_element() && c.tag_name().name() == "ph" {
            let id = c.attribute("id").unwrap_or("");
            let data_ref = c.attribute("dataRef").unwrap_or("");
            let Some(text) = data.get(data_ref) else {
                return Err(format!(
                    "unit {unit}: placeholder {id} refers to data `{data_ref}`, which the unit does not have"
                ));
            };
            if data_ref != format!("d{id}") {
                return Err(format!(
                    "unit {unit}: placeholder {id} was changed: it refers to `{data_ref}` instead of `d{id}`"
                ));
            }
            match out.last_mut() {
                Some(Inline::Code(prev)) => prev.push_str(text),
                _ => out.push(Inline::Code(text.clone())),
            }
        } else if c.is_element() {
            return Err(format!(
                "unit {unit}: unexpected <{}> in the text; only placeholders (<ph>) may appear",
                c.tag_name().name()
            ));
        }
    }
    Ok(out)
}

fn ph_ids(node: roxmltree::Node) -> Vec<String> {
    node.descendants()
        .filter(|c| c.is_element() && c.tag_name().name() == "ph")
        .map(|c| c.attribute("id").unwrap_or("").to_string())
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
                        let (mut want, mut got) = (ph_ids(s), ph_ids(t));
                        want.sort();
                        got.sort();
                        if want != got {
                            return Err(placeholder_damage(&id, &want, &got));
                        }
                        target = Some(parts_of(t, &data, &id)?);
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
            (w, 0) => problems.push(format!("placeholder {id} is missing{}", times(w))),
            (0, _) => problems.push(format!("placeholder {id} is not in the source")),
            (w, g) if w < g => {
                problems.push(format!("placeholder {id} appears {g} times, not {w}"))
            }
            (w, g) if w > g => {
                problems.push(format!("placeholder {id} appears {g} times, not {w}"))
            }
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
