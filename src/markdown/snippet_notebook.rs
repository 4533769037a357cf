//! Jupyter notebooks (`.ipynb`) as snippet files: `[!notebook-python[](f.ipynb?name=setup)]`,
//! and `:::code`/`[!code…]` naming a cell of one. DocFX shows the source of
//! the cell whose `metadata.name` is the name; a cell may also carry it
//! among its `metadata.tags`, Jupyter's own labels, which several cells
//! may share and which then show in order.
//!
//! The JSON is read once per file and render pass with serde_json, whose
//! nesting limit keeps a hostile file from exhausting the stack; the file
//! itself is already bounded by the snippet file limit.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::work;

#[derive(Debug)]
pub(super) struct Notebook {
    cells: Vec<String>,
    /// Cells by `metadata.name`, in order.
    named: HashMap<String, Vec<usize>>,
    /// Cells by each of their `metadata.tags`, in order.
    tagged: HashMap<String, Vec<usize>>,
}

/// Why a notebook shows nothing for a name.
pub(super) enum Miss {
    /// No cell has the name or the tag.
    Absent,
    /// This many cells have the name: DocFX refuses to choose.
    Ambiguous(usize),
}

#[derive(Deserialize)]
struct RawNotebook {
    cells: Vec<RawCell>,
}

#[derive(Deserialize)]
struct RawCell {
    #[serde(default)]
    metadata: Option<Value>,
    #[serde(default)]
    source: Option<Value>,
}

impl Notebook {
    /// The cells of `text`, or what keeps it from being a notebook.
    pub(super) fn parse(text: &str) -> Result<Notebook, String> {
        let raw: RawNotebook = serde_json::from_str(text).map_err(|e| {
            format!(
                "it is not a Jupyter notebook: {} (line {}, column {})",
                plain_cause(&e),
                e.line(),
                e.column()
            )
        })?;
        let mut notebook = Notebook {
            cells: Vec::with_capacity(raw.cells.len()),
            named: HashMap::new(),
            tagged: HashMap::new(),
        };
        for (n, cell) in raw.cells.into_iter().enumerate() {
            work::add(1);
            let metadata = cell.metadata.unwrap_or(Value::Null);
            if let Some(name) = metadata.get("name").and_then(Value::as_str) {
                notebook.named.entry(name.to_string()).or_default().push(n);
            }
            let tags = metadata.get("tags").and_then(Value::as_array);
            for tag in tags.into_iter().flatten().filter_map(Value::as_str) {
                notebook.tagged.entry(tag.to_string()).or_default().push(n);
            }
            notebook.cells.push(source_text(cell.source));
        }
        Ok(notebook)
    }

    /// The sources of the cells `name` selects, in order.
    pub(super) fn cells(&self, name: &str) -> Result<Vec<&str>, Miss> {
        let chosen = match self.named.get(name) {
            Some(cells) if cells.len() > 1 => return Err(Miss::Ambiguous(cells.len())),
            Some(cells) => cells,
            None => self.tagged.get(name).ok_or(Miss::Absent)?,
        };
        work::add(chosen.len());
        Ok(chosen.iter().map(|&n| self.cells[n].as_str()).collect())
    }
}

/// A cell's `source`: a list of lines, each with its own line break, or one string.
fn source_text(source: Option<Value>) -> String {
    match source {
        Some(Value::String(s)) => s,
        Some(Value::Array(parts)) => parts.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// serde_json's message without its own "at line … column …" tail.
fn plain_cause(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(n) => message[..n].to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_CELLS: &str = r#"{"cells": [
        {"cell_type": "code", "metadata": {"name": "setup", "tags": ["shown"]}, "source": ["import os\n", "print(1)"]},
        {"cell_type": "code", "metadata": {"tags": ["shown"]}, "source": "print(2)\n"}
    ]}"#;

    #[test]
    fn cells_are_found_by_name_or_tag() {
        let book = Notebook::parse(TWO_CELLS).unwrap();
        assert_eq!(book.cells("setup").ok(), Some(vec!["import os\nprint(1)"]));
        assert_eq!(
            book.cells("shown").ok(),
            Some(vec!["import os\nprint(1)", "print(2)\n"])
        );
        assert!(matches!(book.cells("Setup"), Err(Miss::Absent)));
    }

    #[test]
    fn a_name_on_two_cells_and_broken_json_are_refused() {
        let twice = TWO_CELLS.replace(r#"{"tags""#, r#"{"name": "setup", "tags""#);
        let book = Notebook::parse(&twice).unwrap();
        assert!(matches!(book.cells("setup"), Err(Miss::Ambiguous(2))));
        let broken = Notebook::parse("{\"cells\": [\n{]").unwrap_err();
        assert!(broken.contains("line 2"), "{broken}");
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(Notebook::parse(&deep).is_err());
    }
}
