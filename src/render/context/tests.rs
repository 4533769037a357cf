//! The README's "Templates" table is the template writers' reference: it
//! must name every variable the contexts have, and no other. These tests
//! serialize the context of every template of the bundled sample site and
//! compare it with the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::*;
use crate::render::listing;

const README: &str = include_str!("../../../README.md");

/// One row of the README's table: the variables of its first cell, and its
/// content.
struct Row {
    names: Vec<String>,
    content: String,
}

fn readme_rows() -> Vec<Row> {
    let start = README
        .find("\n## Templates\n")
        .expect("a Templates section");
    let end = start
        + README[start..]
            .find("\n## Architecture")
            .expect("a next section");
    README[start..end]
        .lines()
        .filter_map(|line| {
            // The content may hold a `|` in code; the first cell never does.
            let (first, rest) = line.strip_prefix("| `")?.split_once(" | ")?;
            let names = format!("`{first}")
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            let content = rest.strip_suffix(" |").unwrap_or(rest).to_string();
            Some(Row { names, content })
        })
        .collect()
}

/// A shape as the README writes one: `{a, b: [{c, d}], e: {f}}`, its fields
/// and the shape of those it spells out.
struct Shape(Vec<(String, Option<Shape>)>);

/// The shape at the start of a row's content, when it starts with one in
/// code: `` `{…}` `` or `` `[{…}]` ``.
fn leading_shape(content: &str) -> Option<Shape> {
    let code = content.strip_prefix('`')?;
    let code = &code[..code.find('`')?];
    parse_shape(code)
}

fn parse_shape(text: &str) -> Option<Shape> {
    let text = text.trim();
    let text = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let mut fields = Vec::new();
    let mut depth = 0;
    let mut from = 0;
    let mut push = |part: &str| {
        let (name, nested) = match part.split_once(':') {
            Some((name, value)) => (name, parse_shape(value)),
            None => (part, None),
        };
        fields.push((name.trim().to_string(), nested));
    };
    for (i, c) in inner.char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            ',' if depth == 0 => {
                push(&inner[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    push(&inner[from..]);
    Some(Shape(fields))
}

/// The context of every template of the sample site, as the templates see
/// them.
fn sample_contexts() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::load(root).unwrap_or_else(|f| panic!("the sample loads: {:?}", f.0));
    let generated = Generated::default();
    let mut contexts: Vec<Value> = (0..site.pages().len())
        .map(|id| page(&site, &generated, id).into_json())
        .collect();
    let default = site.config().default_locale.as_str();
    contexts.push(json(&not_found(&site, &generated, default, false)));
    contexts.push(json(&not_found(&site, &generated, default, true)));
    contexts.push(json(&root_chooser(&site, &generated)));
    contexts.push(json(&base(&site, &generated, default, default)));
    let tree = listing::tree(&site, default);
    contexts.push(json(&ListingContext {
        base: base(&site, &generated, default, default),
        listing: listing::Rows::new(&tree).page(default, 1),
    }));
    let listings = crate::render::Listings::of(&site);
    contexts.push(json(&crate::render::print::context(
        &site, &generated, &listings, default, 1,
    )));
    let help_ids = site.help_ids();
    assert!(!help_ids.is_empty(), "the sample has help IDs");
    for (help_id, by_locale) in &help_ids {
        let path = crate::published::go_path(help_id);
        contexts.push(json(&go(&site, &generated, &path, help_id, by_locale)));
    }
    let moved = RedirectFrom {
        locale: default.to_string(),
        old_path: "old/name.md".into(),
        to: 0,
    };
    contexts.push(json(&redirect(
        &site,
        &generated,
        "en/old/name.html",
        &moved,
    )));
    contexts
}

fn json(context: &impl serde::Serialize) -> Value {
    serde_json::to_value(context).expect("a context serializes")
}

/// Each variable (`page`'s fields as `page.<field>`) with every value it
/// has in `contexts`.
fn variables(contexts: &[Value]) -> BTreeMap<String, Vec<&Value>> {
    let mut found: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for context in contexts {
        for (key, value) in context.as_object().expect("a context is a map") {
            match value.as_object().filter(|_| key == "page") {
                Some(page) => {
                    for (field, value) in page {
                        found
                            .entry(format!("page.{field}"))
                            .or_default()
                            .push(value);
                    }
                }
                None => found.entry(key.clone()).or_default().push(value),
            }
        }
    }
    found
}

#[test]
fn the_readme_names_every_template_variable_and_no_other() {
    let contexts = sample_contexts();
    let found: BTreeSet<String> = variables(&contexts).into_keys().collect();
    let documented: BTreeSet<String> = readme_rows().into_iter().flat_map(|r| r.names).collect();
    let undocumented: Vec<_> = found.difference(&documented).collect();
    let missing: Vec<_> = documented.difference(&found).collect();
    assert!(
        undocumented.is_empty() && missing.is_empty(),
        "the README's Templates table and the contexts differ:\n\
         in a context, not in the README: {undocumented:?}\n\
         in the README, in no context: {missing:?}"
    );
}

#[test]
fn the_readme_shapes_match_the_contexts() {
    let contexts = sample_contexts();
    let found = variables(&contexts);
    let mut problems = Vec::new();
    let mut checked = 0;
    for row in readme_rows() {
        let ([name], Some(shape)) = (row.names.as_slice(), leading_shape(&row.content)) else {
            continue;
        };
        let values = found.get(name).cloned().unwrap_or_default();
        check_shape(name, &shape, &values, &mut problems);
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} shapes read from the README");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether the objects in `values` (and in arrays among them) have the
/// fields of `shape`, no more and no fewer, and so on down.
fn check_shape(path: &str, shape: &Shape, values: &[&Value], problems: &mut Vec<String>) {
    let objects: Vec<&serde_json::Map<String, Value>> = values
        .iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().collect(),
            other => vec![*other],
        })
        .filter_map(Value::as_object)
        .collect();
    if objects.is_empty() {
        problems.push(format!(
            "{path}: no context of the sample has one to compare"
        ));
        return;
    }
    let keys: BTreeSet<&str> = objects
        .iter()
        .flat_map(|o| o.keys())
        .map(String::as_str)
        .collect();
    let named: BTreeSet<&str> = shape.0.iter().map(|(n, _)| n.as_str()).collect();
    if keys != named {
        problems.push(format!(
            "{path}: the README says {named:?}, the contexts have {keys:?}"
        ));
    }
    for (name, nested) in &shape.0 {
        if let Some(nested) = nested {
            let inner: Vec<&Value> = objects.iter().filter_map(|o| o.get(name)).collect();
            check_shape(&format!("{path}.{name}"), nested, &inner, problems);
        }
    }
}

#[test]
fn shapes_are_read_with_their_nested_fields() {
    let shape = leading_shape("`{a, b: [{c, d}], e: {f} or null}` and more").unwrap();
    let names: Vec<&str> = shape.0.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a", "b", "e"]);
    assert_eq!(shape.0[1].1.as_ref().unwrap().0.len(), 2);
    assert!(leading_shape("on index pages: `{a}`").is_none());
}
