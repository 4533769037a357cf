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

/// The first lines of every handoff export writes: `--out` replaces only
/// a file that starts with them.
pub const HEADER: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written by helpsite l10n export -->\n";

pub fn write(source_locale: &str, target_locale: &str, files: &[FileOut]) -> String {
    let mut out = String::from(HEADER);
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

/// A handoff read back: per file, per unit, what the XLIFF says. Nothing in
/// it is Markdown yet: [`resolve`] turns a unit into parts, taking every
/// code's text from the site's current source, never from the file.
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

/// One `<unit>` as written in the file.
#[derive(Debug)]
pub struct UnitIn {
    pub id: String,
    /// The `<originalData>`, by data id.
    pub data: BTreeMap<String, String>,
    /// Each `<segment>`'s source and target.
    pub segments: Vec<(Vec<Tok>, Option<Vec<Tok>>)>,
    /// How many `<ignorable>`s: their text would join the unit's.
    pub ignorables: usize,
}

/// The inline content of a `<source>` or `<target>`, as written.
#[derive(Debug)]
pub enum Tok {
    Text(String),
    Ph {
        id: String,
        data_ref: String,
    },
    Pc {
        id: String,
        start: String,
        end: String,
        inner: Vec<Tok>,
    },
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// Text, `<ph>` and `<pc>`; anything else is refused with what is wrong.
fn toks_of(node: roxmltree::Node, unit: &str) -> Result<Vec<Tok>, String> {
    let attr = |c: roxmltree::Node, a: &str| c.attribute(a).unwrap_or("").to_string();
    let mut out = Vec::new();
    for c in node.children() {
        if c.is_text() {
            let t = c.text().unwrap_or("");
            match out.last_mut() {
                Some(Tok::Text(prev)) => prev.push_str(t),
                _ => out.push(Tok::Text(t.to_string())),
            }
        } else if c.is_element() && c.tag_name().name() == "ph" {
            out.push(Tok::Ph {
                id: attr(c, "id"),
                data_ref: attr(c, "dataRef"),
            });
        } else if c.is_element() && c.tag_name().name() == "pc" {
            out.push(Tok::Pc {
                id: attr(c, "id"),
                start: attr(c, "dataRefStart"),
                end: attr(c, "dataRefEnd"),
                inner: toks_of(c, unit)?,
            });
        } else if c.is_element() {
            return Err(format!(
                "unit {unit}: unexpected <{}> in the text; only placeholders (<ph>) and formatting codes (<pc>) may appear",
                c.tag_name().name()
            ));
        }
    }
    Ok(out)
}

/// The code a `<ph>` or `<pc>` names, from the codes export numbered in
/// the current source: its id and data reference must be the ones export
/// wrote, so its text is the site's, whatever the file's data say.
fn code_of<'c>(
    codes: &'c [Numbered],
    unit: &str,
    what: &str,
    paired: bool,
    id: &str,
    data_ref: &str,
) -> Result<&'c str, String> {
    let known = |r: &str| codes.iter().find(|c| format!("d{}", c.id) == r);
    let Some(code) = known(data_ref) else {
        return Err(format!(
            "unit {unit}: {what} {id} refers to data `{data_ref}`, which the unit does not have"
        ));
    };
    if data_ref != format!("d{id}") {
        return Err(format!(
            "unit {unit}: {what} {id} was changed: it refers to `{data_ref}` instead of `d{id}`"
        ));
    }
    if code.paired != paired {
        return Err(format!(
            "unit {unit}: {what} {id} was changed: the source has it as a {}",
            if code.paired {
                "formatting code (<pc>)"
            } else {
                "placeholder (<ph>)"
            }
        ));
    }
    Ok(&code.text)
}

/// `toks` as parts, each code's text taken from `codes`; the names of the
/// codes used go to `ids`.
fn parts_from(
    toks: &[Tok],
    codes: &[Numbered],
    unit: &str,
    ids: &mut Vec<String>,
    out: &mut Vec<Inline>,
) -> Result<(), String> {
    for t in toks {
        match t {
            Tok::Text(s) => match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(s),
                _ => out.push(Inline::Text(s.clone())),
            },
            Tok::Ph { id, data_ref } => {
                let text = code_of(codes, unit, "placeholder", false, id, data_ref)?;
                ids.push(format!("placeholder {id}"));
                out.push(Inline::Code(text.to_string()));
            }
            Tok::Pc {
                id,
                start,
                end,
                inner,
            } => {
                let marker = code_of(codes, unit, "formatting code", true, id, start)?;
                if end != start {
                    return Err(format!(
                        "unit {unit}: formatting code {id} was changed: it ends with `{end}` but starts with `{start}`"
                    ));
                }
                ids.push(format!("formatting code {id}"));
                out.push(Inline::Open(marker.to_string()));
                parts_from(inner, codes, unit, ids, out)?;
                out.push(Inline::Close(marker.to_string()));
            }
        }
    }
    Ok(())
}

/// A unit's target as parts, checked against `source`, the unit's parts in
/// the site's current source. The unit must be what export writes for it:
/// one segment, the same original data, a source with the same text and
/// codes; its target may use each of the source's codes as often as the
/// source does. `Ok(None)`: the unit has no target.
pub fn resolve(unit: &UnitIn, source: &[Inline]) -> Result<Option<Vec<Inline>>, String> {
    let id = &unit.id;
    let codes = number_codes(source);
    if unit.segments.len() != 1 || unit.ignorables > 0 {
        return Err(format!(
            "unit {id}: it has {} segment(s) and {} ignorable(s); the export wrote one segment, export it again",
            unit.segments.len(),
            unit.ignorables
        ));
    }
    let (src, target) = &unit.segments[0];
    let mut src_ids = Vec::new();
    let mut parts = Vec::new();
    let same = parts_from(src, &codes, id, &mut src_ids, &mut parts).is_ok() && parts == source;
    if !same {
        return Err(format!(
            "unit {id}: the source text changed since the export; export it again"
        ));
    }
    let data: BTreeMap<String, String> = codes
        .iter()
        .map(|c| (format!("d{}", c.id), c.text.clone()))
        .collect();
    if unit.data != data {
        return Err(format!(
            "unit {id}: its original data (<originalData>) are not the codes of the source page; export it again"
        ));
    }
    let Some(target) = target else {
        return Ok(None);
    };
    let mut got = Vec::new();
    let mut parts = Vec::new();
    parts_from(target, &codes, id, &mut got, &mut parts)?;
    src_ids.sort();
    got.sort();
    if src_ids != got {
        return Err(placeholder_damage(id, &src_ids, &got));
    }
    Ok(Some(parts))
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
            let mut segments = Vec::new();
            for seg in children(unit, "segment") {
                let source = match children(seg, "source").next() {
                    Some(s) => toks_of(s, &id)?,
                    None => Vec::new(),
                };
                let target = match children(seg, "target").next() {
                    Some(t) => Some(toks_of(t, &id)?),
                    None => None,
                };
                segments.push((source, target));
            }
            let ignorables = children(unit, "ignorable").count();
            units.push(UnitIn {
                id,
                data,
                segments,
                ignorables,
            });
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
