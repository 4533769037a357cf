//! An independent check of an XLIFF 2.1 document against the core
//! specification's structure and constraints (OASIS XLIFF Version 2.1,
//! section 4: the core elements, their attributes and their order, and the
//! constraints on ids, data references, inline codes and their types).
//!
//! The OASIS XSDs are not shipped by any package the test machines can
//! install, so this is written from the specification's text instead. It
//! checks the core only: module and extension elements and attributes
//! (other namespaces) are allowed where the core allows them and are not
//! looked into. `cp`, `mrk`, `sm`/`em`, `group` and `skeleton` are accepted
//! with their attributes but their finer constraints are not checked,
//! since helpsite writes none of them.

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::{Document, Node};

pub const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

const YES_NO: &[&str] = &[
    "canCopy",
    "canDelete",
    "canOverlap",
    "canReorder",
    "canResegment",
    "translate",
    "isolated",
];
const INLINE: &[&str] = &["cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em"];
const TYPES: &[&str] = &["fmt", "ui", "quote", "link", "image", "other"];

/// The attributes without a namespace each core element may have, and
/// whether it takes `xml:lang` / `xml:space`.
fn attributes(element: &str) -> Option<(&'static [&'static str], bool, bool)> {
    Some(match element {
        "xliff" => (&["version", "srcLang", "trgLang"], false, true),
        "file" => (
            &[
                "id",
                "canResegment",
                "original",
                "translate",
                "srcDir",
                "trgDir",
            ],
            false,
            true,
        ),
        "skeleton" => (&["href"], false, false),
        "group" => (
            &[
                "id",
                "name",
                "canResegment",
                "translate",
                "srcDir",
                "trgDir",
                "type",
            ],
            false,
            true,
        ),
        "unit" => (
            &[
                "id",
                "name",
                "canResegment",
                "translate",
                "srcDir",
                "trgDir",
                "type",
            ],
            false,
            true,
        ),
        "segment" => (&["id", "canResegment", "state", "subState"], false, false),
        "ignorable" => (&["id"], false, false),
        "notes" => (&[], false, false),
        "note" => (&["id", "appliesTo", "category", "priority"], false, false),
        "originalData" => (&[], false, false),
        "data" => (&["id", "dir"], false, true),
        "source" => (&[], true, true),
        "target" => (&["order"], true, true),
        "cp" => (&["hex"], false, false),
        "ph" => (
            &[
                "id",
                "canCopy",
                "canDelete",
                "canReorder",
                "copyOf",
                "disp",
                "equiv",
                "dataRef",
                "subFlows",
                "subType",
                "type",
            ],
            false,
            false,
        ),
        "pc" => (
            &[
                "id",
                "canCopy",
                "canDelete",
                "canOverlap",
                "canReorder",
                "copyOf",
                "dispEnd",
                "dispStart",
                "equivEnd",
                "equivStart",
                "dataRefEnd",
                "dataRefStart",
                "subFlowsEnd",
                "subFlowsStart",
                "subTypeEnd",
                "subTypeStart",
                "subType",
                "type",
                "dir",
            ],
            false,
            false,
        ),
        "sc" => (
            &[
                "id",
                "canCopy",
                "canDelete",
                "canOverlap",
                "canReorder",
                "copyOf",
                "dataRef",
                "dir",
                "disp",
                "equiv",
                "isolated",
                "subFlows",
                "subType",
                "type",
            ],
            false,
            false,
        ),
        "ec" => (
            &[
                "id",
                "startRef",
                "canCopy",
                "canDelete",
                "canOverlap",
                "canReorder",
                "copyOf",
                "dataRef",
                "dir",
                "disp",
                "equiv",
                "isolated",
                "subFlows",
                "subType",
                "type",
            ],
            false,
            false,
        ),
        "mrk" => (&["id", "translate", "type", "ref", "value"], false, false),
        "sm" => (&["id", "translate", "type", "ref", "value"], false, false),
        "em" => (&["startRef"], false, false),
        _ => return None,
    })
}

/// What a core element may contain, in order: each entry a set of child
/// names with how many times it may occur. `*other` stands for elements of
/// other namespaces (modules and extensions).
fn content_model(element: &str) -> Option<&'static [(&'static [&'static str], usize, usize)]> {
    const MANY: usize = usize::MAX;
    Some(match element {
        "xliff" => &[(&["file"], 1, MANY)],
        "file" => &[
            (&["skeleton"], 0, 1),
            (&["*other"], 0, MANY),
            (&["notes"], 0, 1),
            (&["unit", "group"], 1, MANY),
        ],
        "group" => &[
            (&["*other"], 0, MANY),
            (&["notes"], 0, 1),
            (&["unit", "group"], 0, MANY),
        ],
        "unit" => &[
            (&["*other"], 0, MANY),
            (&["notes"], 0, 1),
            (&["originalData"], 0, 1),
            (&["segment", "ignorable"], 1, MANY),
        ],
        "notes" => &[(&["note"], 1, MANY)],
        "originalData" => &[(&["data"], 1, MANY)],
        "segment" | "ignorable" => &[(&["source"], 1, 1), (&["target"], 0, 1)],
        _ => return None,
    })
}

fn is_core(n: &Node) -> bool {
    n.tag_name().namespace() == Some(NS)
}

fn name<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(|c| c.is_element())
}

fn at(n: &Node) -> String {
    let mut path = Vec::new();
    for a in n.ancestors().filter(|a| a.is_element()) {
        match a.attribute("id") {
            Some(id) => path.push(format!("{}[{id}]", name(&a))),
            None => path.push(name(&a).to_string()),
        }
    }
    path.reverse();
    path.join("/")
}

/// Every violation found, each with where it is. Empty means valid as far
/// as this check goes.
pub fn violations(xml: &str) -> Vec<String> {
    let doc = match Document::parse(xml) {
        Ok(d) => d,
        Err(e) => return vec![format!("not well-formed XML: {e}")],
    };
    let mut v = Vec::new();
    let root = doc.root_element();
    if name(&root) != "xliff" || !is_core(&root) {
        v.push(format!(
            "the root is {{{}}}{}, not {{{NS}}}xliff",
            root.tag_name().namespace().unwrap_or(""),
            name(&root)
        ));
        return v;
    }
    if root.attribute("version") != Some("2.1") {
        v.push(format!(
            "xliff: version is {:?}, not \"2.1\"",
            root.attribute("version")
        ));
    }
    if root.attribute("srcLang").is_none_or(str::is_empty) {
        v.push("xliff: srcLang is required".into());
    }
    let has_target = root
        .descendants()
        .any(|d| d.is_element() && is_core(&d) && name(&d) == "target");
    if has_target && root.attribute("trgLang").is_none_or(str::is_empty) {
        v.push("xliff: trgLang is required when there is a <target>".into());
    }
    for n in root.descendants().filter(|d| d.is_element()) {
        element(&n, &mut v);
    }
    let mut file_ids = BTreeSet::new();
    for file in elements(root).filter(|f| is_core(f) && name(f) == "file") {
        if let Some(id) = file.attribute("id") {
            if !file_ids.insert(id) {
                v.push(format!("file id {id:?} is used twice in the document"));
            }
        }
        let mut unit_ids = BTreeSet::new();
        for u in file
            .descendants()
            .filter(|d| is_core(d) && matches!(name(d), "unit" | "group"))
        {
            if let Some(id) = u.attribute("id") {
                if !unit_ids.insert(id) {
                    v.push(format!("{}: id {id:?} is used twice in the file", at(&u)));
                }
            }
            if name(&u) == "unit" {
                unit(&u, &mut v);
            }
        }
    }
    v
}

/// Attributes, content model and text of one element.
fn element(n: &Node, v: &mut Vec<String>) {
    if !is_core(n) {
        let parent = n.parent_element().filter(is_core).map(|p| name(&p));
        if !matches!(parent, Some("file" | "group" | "unit") | None) {
            v.push(format!(
                "{}: an element of another namespace may not be here",
                at(n)
            ));
        }
        return;
    }
    let Some((allowed, lang, space)) = attributes(name(n)) else {
        v.push(format!(
            "{}: <{}> is not an XLIFF 2 core element",
            at(n),
            name(n)
        ));
        return;
    };
    for a in n.attributes() {
        let ok = match a.namespace() {
            None => allowed.contains(&a.name()),
            Some(XML_NS) => (a.name() == "lang" && lang) || (a.name() == "space" && space),
            // Module and extension attributes.
            Some(_) => true,
        };
        if !ok {
            v.push(format!("{}: attribute {} is not allowed", at(n), a.name()));
        }
        if YES_NO.contains(&a.name())
            && a.namespace().is_none()
            && !matches!(a.value(), "yes" | "no")
        {
            v.push(format!("{}: {} must be yes or no", at(n), a.name()));
        }
        if a.namespace() == Some(XML_NS)
            && a.name() == "space"
            && !matches!(a.value(), "default" | "preserve")
        {
            v.push(format!("{}: xml:space must be default or preserve", at(n)));
        }
    }
    let required: &[&str] = match name(n) {
        "file" | "group" | "unit" | "data" | "ph" | "pc" | "sc" | "mrk" | "sm" => &["id"],
        "ec" if n.attribute("isolated") == Some("yes") => &["id"],
        "ec" => &["startRef"],
        "skeleton" => &[],
        _ => &[],
    };
    for r in required {
        if n.attribute(*r).is_none() {
            v.push(format!("{}: attribute {r} is required", at(n)));
        }
    }
    if name(n) == "segment" {
        if let Some(s) = n.attribute("state") {
            if !matches!(s, "initial" | "translated" | "reviewed" | "final") {
                v.push(format!("{}: state {s:?} is not a core state", at(n)));
            }
        } else if n.attribute("subState").is_some() {
            v.push(format!("{}: subState needs state", at(n)));
        }
    }
    if matches!(name(n), "ph" | "pc" | "sc" | "ec") {
        code_type(n, v);
    }
    match name(n) {
        "ph" | "sc" | "ec" | "cp" | "em" if n.has_children() => {
            v.push(format!("{}: <{}> must be empty", at(n), name(n)));
        }
        "data" => {
            for c in elements(*n) {
                if !(is_core(&c) && name(&c) == "cp") {
                    v.push(format!("{}: <data> holds text and <cp> only", at(&c)));
                }
            }
        }
        "source" | "target" | "pc" | "mrk" => {
            for c in elements(*n) {
                if !(is_core(&c) && INLINE.contains(&name(&c))) {
                    v.push(format!("{}: not an inline element", at(&c)));
                }
            }
        }
        _ => {}
    }
    if let Some(model) = content_model(name(n)) {
        children_in_order(n, model, v);
    }
}

/// `type` is one of the core's, `subType` needs `type`, and the `xlf:`
/// subtypes go with the type the specification gives them.
fn code_type(n: &Node, v: &mut Vec<String>) {
    let ty = n.attribute("type");
    if let Some(t) = ty {
        if !TYPES.contains(&t) {
            v.push(format!("{}: type {t:?} is not one of {TYPES:?}", at(n)));
        }
    }
    let Some(sub) = n.attribute("subType") else {
        return;
    };
    let Some(t) = ty else {
        v.push(format!("{}: subType needs type", at(n)));
        return;
    };
    let Some((prefix, value)) = sub
        .split_once(':')
        .filter(|(p, s)| !p.is_empty() && !s.is_empty())
    else {
        v.push(format!("{}: subType {sub:?} is not prefix:value", at(n)));
        return;
    };
    if prefix == "xlf" {
        let want = match value {
            "lb" | "pb" | "b" | "i" | "u" => "fmt",
            "var" => "ui",
            _ => {
                v.push(format!("{}: {sub:?} is not an xlf: subType", at(n)));
                return;
            }
        };
        if t != want {
            v.push(format!(
                "{}: subType {sub} needs type=\"{want}\", not {t:?}",
                at(n)
            ));
        }
    }
}

fn children_in_order(n: &Node, model: &[(&[&str], usize, usize)], v: &mut Vec<String>) {
    let takes_other = model.iter().any(|(names, _, _)| names.contains(&"*other"));
    let mut counts = vec![0; model.len()];
    let mut step = 0;
    for c in elements(*n) {
        if !is_core(&c) && !takes_other {
            continue; // reported by `element`
        }
        let key = if is_core(&c) { name(&c) } else { "*other" };
        match (step..model.len()).find(|&i| model[i].0.contains(&key)) {
            Some(i) => {
                step = i;
                counts[i] += 1;
                if counts[i] > model[i].2 {
                    v.push(format!("{}: too many <{key}>", at(&c)));
                }
            }
            None if model.iter().any(|(names, _, _)| names.contains(&key)) => {
                v.push(format!("{}: <{key}> is out of order", at(&c)));
            }
            None => v.push(format!("{}: <{key}> is not allowed here", at(&c))),
        }
    }
    for ((names, min, _), count) in model.iter().zip(&counts) {
        if count < min {
            v.push(format!("{}: <{}> is required", at(n), names.join("|")));
        }
    }
    if n.children()
        .any(|c| c.is_text() && !c.text().unwrap_or("").trim().is_empty())
    {
        v.push(format!("{}: text is not allowed here", at(n)));
    }
}

/// The constraints within a unit: unique ids, data references that
/// resolve, `sc`/`ec` pairs, and target codes that are the source's.
fn unit(u: &Node, v: &mut Vec<String>) {
    let data: BTreeSet<&str> = u
        .descendants()
        .filter(|d| is_core(d) && name(d) == "data")
        .filter_map(|d| d.attribute("id"))
        .collect();
    let mut data_seen = BTreeSet::new();
    for d in u.descendants().filter(|d| is_core(d) && name(d) == "data") {
        if let Some(id) = d.attribute("id") {
            if !data_seen.insert(id) {
                v.push(format!("{}: data id {id:?} is used twice", at(u)));
            }
        }
    }
    let mut ids = BTreeSet::new();
    let mut source_codes: BTreeMap<&str, &str> = BTreeMap::new();
    let segments: Vec<Node> = elements(*u)
        .filter(|s| is_core(s) && matches!(name(s), "segment" | "ignorable"))
        .collect();
    for s in &segments {
        if let Some(id) = s.attribute("id") {
            if !ids.insert(id) {
                v.push(format!("{}: id {id:?} is used twice in the unit", at(s)));
            }
        }
    }
    let part = |which: &str| -> Vec<Node> {
        segments
            .iter()
            .flat_map(|s| elements(*s))
            .filter(|c| is_core(c) && name(c) == which)
            .collect()
    };
    let sources = part("source");
    let targets = part("target");
    for src in &sources {
        for c in src.descendants().filter(|c| c.is_element() && is_core(c)) {
            if matches!(name(&c), "ph" | "pc" | "sc" | "mrk" | "sm")
                || (name(&c) == "ec" && c.attribute("isolated") == Some("yes"))
            {
                if let Some(id) = c.attribute("id") {
                    if !ids.insert(id) {
                        v.push(format!("{}: id {id:?} is used twice in the unit", at(&c)));
                    }
                    source_codes.insert(id, name(&c));
                }
            }
        }
    }
    for t in &targets {
        for c in t.descendants().filter(|c| c.is_element() && is_core(c)) {
            if !matches!(name(&c), "ph" | "pc" | "sc" | "mrk" | "sm") {
                continue;
            }
            let id = c.attribute("id").unwrap_or("");
            match source_codes.get(id) {
                Some(kind) if *kind == name(&c) => {}
                Some(kind) => v.push(format!(
                    "{}: target <{}> has the id of a source <{kind}>",
                    at(&c),
                    name(&c)
                )),
                // A marker may be added in the target; codes may not.
                None if matches!(name(&c), "mrk" | "sm") => {}
                None => v.push(format!(
                    "{}: target <{}> id {id:?} is not a code of the source",
                    at(&c),
                    name(&c)
                )),
            }
        }
    }
    for side in sources.iter().chain(&targets) {
        for c in side.descendants().filter(|c| c.is_element() && is_core(c)) {
            for a in ["dataRef", "dataRefStart", "dataRefEnd"] {
                if let Some(r) = c.attribute(a) {
                    if !data.contains(r) {
                        v.push(format!("{}: {a} {r:?} names no <data> of the unit", at(&c)));
                    }
                }
            }
        }
    }
    for (what, side) in [("source", &sources), ("target", &targets)] {
        let mut open: Vec<&str> = Vec::new();
        for c in side
            .iter()
            .flat_map(|s| s.descendants())
            .filter(|c| c.is_element() && is_core(c))
        {
            if c.attribute("isolated") == Some("yes") {
                continue;
            }
            match name(&c) {
                "sc" => open.push(c.attribute("id").unwrap_or("")),
                "ec" => {
                    let r = c.attribute("startRef").unwrap_or("");
                    match open.iter().position(|o| *o == r) {
                        Some(i) => {
                            open.remove(i);
                        }
                        None => v.push(format!(
                            "{}: <ec startRef={r:?}> has no <sc> before it in the {what}",
                            at(&c)
                        )),
                    }
                }
                _ => {}
            }
        }
        for o in open {
            v.push(format!(
                "{}: <sc id={o:?}> is not closed by an <ec> in the {what}",
                at(u)
            ));
        }
    }
}
