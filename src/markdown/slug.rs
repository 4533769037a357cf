//! Heading ids: readable, stable, unique within a page.

use std::collections::HashSet;

/// `What's a certificate?` → `whats-a-certificate`. Letters of any script
/// are kept, so Dutch and other headings stay readable.
pub fn slugify(text: &str) -> String {
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
}

impl IdAllocator {
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.used.contains(candidate))
            .map(|id| {
                self.used.insert(id.clone());
                id
            })
            .unwrap_or_default()
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
        assert_eq!(slugify("Geïnstalleerd — nu"), "geïnstalleerd-nu");
        assert_eq!(slugify("?!"), "section");
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
    }
}
