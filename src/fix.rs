//! `check --fix`: applies the mechanical repairs that diagnostics carry,
//! changing nothing else in the file — bytes, line endings and BOM stay.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Fix, LineIndex};

/// One edit made to a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub old: String,
    pub new: String,
}

/// Codes whose fixes are safe to apply without asking.
/// A `broken-link` carries a fix only when one page is clearly meant.
pub const FIXABLE: &[Code] = &[
    Code::CaseMismatch,
    Code::BrokenLink,
    // A link to an old address, renamed in place; a moved page's redirect.
    Code::RedirectedLink,
    Code::VanishedUrl,
];

/// What `apply` did: the edits made, and why files were left alone.
#[derive(Debug, Default)]
pub struct Fixed {
    pub applied: Vec<Applied>,
    /// One line per source not edited because it is, or lies in, a symlink.
    pub skipped: Vec<String>,
}

pub fn apply(root: &Path, diags: &[Diagnostic]) -> Result<Fixed, Diagnostic> {
    let mut by_file: BTreeMap<&str, Vec<&Fix>> = BTreeMap::new();
    for d in diags.iter().filter(|d| FIXABLE.contains(&d.code)) {
        if let Some(fix) = &d.fix {
            by_file.entry(d.span.file.as_str()).or_default().push(fix);
        }
    }
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for (file, mut fixes) in by_file {
        // Its target may be another locale's page or a file shared by
        // several; the author decides whether the fix belongs there.
        if let Some(why) = crate::output::symlinked_source(root, file) {
            skipped.push(format!(
                "{file}: not fixed: {why}; --fix edits only the file it names, never a link's target"
            ));
            continue;
        }
        let path = root.join(file);
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::error(Code::Io, file, format!("cannot read for --fix: {e}"))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(Code::Encoding, file, "not valid UTF-8; nothing fixed")
        })?;
        fixes.sort_by(|a, b| b.offset.cmp(&a.offset));
        fixes.dedup();
        let mut out = text.clone();
        let mut done = Vec::new();
        let mut last_start = usize::MAX;
        for fix in fixes {
            let end = fix.offset + fix.old.len();
            // Only when the file still says what we read, and edits do not overlap.
            if end > last_start || text.get(fix.offset..end) != Some(fix.old.as_str()) {
                continue;
            }
            out.replace_range(fix.offset..end, &fix.new);
            last_start = fix.offset;
            let pos = LineIndex::position(&text, fix.offset);
            done.push(Applied {
                file: file.to_string(),
                line: pos.line,
                column: pos.column,
                old: fix.old.clone(),
                new: fix.new.clone(),
            });
        }
        if done.is_empty() {
            continue;
        }
        crate::output::replace_file(&path, out.as_bytes()).map_err(|e| {
            Diagnostic::error(Code::Io, file, format!("cannot write for --fix: {e}"))
        })?;
        done.reverse();
        applied.extend(done);
    }
    Ok(Fixed { applied, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_only_the_reference_and_keeps_bytes() {
        let t = tempfile::tempdir().unwrap();
        let original = "\u{feff}a\r\n![x](./Media/A.png)\rb ![y](./Media/A.png)\n";
        std::fs::write(t.path().join("p.md"), original).unwrap();
        let at1 = original.find("./Media").unwrap();
        let at2 = original.rfind("./Media").unwrap();
        let diag = |at: usize| {
            Diagnostic::warning(Code::CaseMismatch, "p.md", "case")
                .at(original, at)
                .with_fix(at, "./Media/A.png", "./media/a.PNG")
        };
        let applied = apply(t.path(), &[diag(at1), diag(at2), diag(at2)])
            .unwrap()
            .applied;
        assert_eq!(applied.len(), 2);
        assert_eq!((applied[0].line, applied[1].line), (2, 3));
        let fixed = std::fs::read_to_string(t.path().join("p.md")).unwrap();
        assert_eq!(fixed, original.replace("./Media/A.png", "./media/a.PNG"));
    }

    #[test]
    fn stale_fixes_are_skipped() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("p.md"), "changed meanwhile").unwrap();
        let d = Diagnostic::warning(Code::CaseMismatch, "p.md", "case")
            .with_fix(0, "./x.png", "./X.png");
        assert!(apply(t.path(), &[d]).unwrap().applied.is_empty());
        assert_eq!(
            std::fs::read_to_string(t.path().join("p.md")).unwrap(),
            "changed meanwhile"
        );
    }
}
