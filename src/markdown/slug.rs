//! Heading ids: readable, stable, unique within a page.

use std::collections::{HashMap, HashSet};

/// The id DocFX gives a heading today (Markdig's GitHub-style identifiers):
/// letters, digits, `-` and `_` are kept (lower-cased), each space becomes
/// `-`, everything else is dropped. So `Note & Section` is `note--section`:
/// repeated hyphens stay, because published deep links contain them.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The id helpsite gave a heading before it followed DocFX's current rule:
/// runs of spaces and hyphens became one `-`. `What's a certificate?` →
/// `whats-a-certificate`. Kept as a second anchor where it differs.
pub fn collapsed_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The id older DocFX (DFM) gave the same heading: every run of characters
/// other than letters, digits and `_` became one `-`, so "Windows 8.1"
/// became `windows-8-1`. Published links use these, so we keep them working.
pub fn legacy_docfx_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Hands out ids, suffixing `-1`, `-2`… on repeats.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: HashSet<String>,
    /// The next suffix to try for each base, so ten thousand equal headings
    /// cost ten thousand probes rather than fifty million.
    next_suffix: HashMap<String, usize>,
    /// Candidates tried so far, for the test that work grows linearly.
    pub probes: usize,
}

fn probe(probes: &mut usize) {
    *probes += 1;
    crate::diagnostics::work::add(1);
}

impl IdAllocator {
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    pub fn unique(&mut self, base: &str) -> String {
        probe(&mut self.probes);
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            probe(&mut self.probes);
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("What's a certificate?"), "whats-a-certificate");
        assert_eq!(
            slugify("  Wat is een certificaat?  "),
            "wat-is-een-certificaat"
        );
        assert_eq!(slugify("Geïnstalleerd — nu"), "geïnstalleerd--nu");
        assert_eq!(slugify("Note & Section & Video"), "note--section--video");
        assert_eq!(slugify("Step 1 - Install"), "step-1---install");
        assert_eq!(slugify("?!"), "section");
    }

    #[test]
    fn collapsed_slugs() {
        assert_eq!(collapsed_slug("Geïnstalleerd — nu"), "geïnstalleerd-nu");
        assert_eq!(collapsed_slug("Step 1 - Install"), "step-1-install");
        assert_eq!(collapsed_slug("?!"), "section");
    }

    #[test]
    fn legacy_slugs() {
        assert_eq!(
            legacy_docfx_slug("Unenroll your Windows 8.1 computer"),
            "unenroll-your-windows-8-1-computer"
        );
        assert_eq!(legacy_docfx_slug("What's new?"), "what-s-new");
    }

    #[test]
    fn unique_ids() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert!(ids.reserve("b"));
        assert_eq!(ids.unique("b"), "b-1");
        assert!(ids.reserve("c-1"));
        assert_eq!(ids.unique("c"), "c");
        assert_eq!(ids.unique("c"), "c-2");
    }

    #[test]
    fn repeated_headings_cost_linear_probes() {
        let probes = |n: usize| {
            let mut ids = IdAllocator::default();
            for _ in 0..n {
                ids.unique("same");
            }
            ids.probes
        };
        let (small, large) = (probes(1000), probes(4000));
        assert!(large <= small * 4 + 8, "{small} → {large}");
    }
}
