//! The structure check: a translation should have as many images, links,
//! includes, alerts, headings and code blocks as its source. A difference
//! is a screenshot left out, a note that lost its `[!NOTE]`, a link that
//! became plain text: things a reader of that locale silently misses.

use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::structure::{counts, Outline, Part};

/// One side of the comparison: a page's file, text and outline.
pub struct Side<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub outline: &'a Outline,
}

/// What differs, in the order parts are listed, e.g. `["images: 2 here,
/// 3 in the source"]`; empty when the counts agree.
pub fn differences(source: &Outline, translation: &Outline) -> Vec<String> {
    let (s, t) = (counts(source), counts(translation));
    Part::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| s[*i] != t[*i])
        .map(|(i, part)| format!("{}: {} here, {} in the source", part.plural(), t[i], s[i]))
        .collect()
}

/// A `structure` warning on the translation, at the first part where the
/// two outlines stop matching, or `None` when the counts agree.
pub fn check(source: &Side, translation: &Side) -> Option<Diagnostic> {
    let diffs = differences(source.outline, translation.outline);
    if diffs.is_empty() {
        return None;
    }
    let first_divergence = translation
        .outline
        .iter()
        .zip(source.outline.iter())
        .position(|(t, s)| t.0 != s.0)
        .unwrap_or(source.outline.len().min(translation.outline.len()));
    let offset = translation
        .outline
        .get(first_divergence)
        .or(translation.outline.last())
        .map_or(0, |(_, at)| *at);
    Some(
        Diagnostic::warning(
            Code::Structure,
            translation.file,
            format!(
                "structure differs from the source {}: {}",
                source.file,
                diffs.join("; ")
            ),
        )
        .at(translation.text, offset),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::structure::outline;

    #[test]
    fn names_what_differs_and_where() {
        let src = "# A\n\n![x](x.png)\n\n> [!NOTE]\n> n\n\n## B\n";
        let tr = "# A\n\n> [!NOTE]\n> n\n\n## B\n\n## C\n";
        let (so, to) = (outline(src, 0), outline(tr, 0));
        let d = check(
            &Side {
                file: "content/en/a.md",
                text: src,
                outline: &so,
            },
            &Side {
                file: "content/nl/a.md",
                text: tr,
                outline: &to,
            },
        )
        .unwrap();
        assert_eq!(d.code, Code::Structure);
        assert_eq!(
            d.message,
            "structure differs from the source content/en/a.md: \
             images: 0 here, 1 in the source; headings: 3 here, 2 in the source"
        );
        // The source's image is where the translation has its note instead.
        assert_eq!((d.span.line, d.span.column), (3, 1));
    }

    #[test]
    fn same_counts_in_another_order_is_fine() {
        let a = outline("# A\n\n[l](l.md) ![i](i.png)\n", 0);
        let b = outline("# A\n\n![i](i.png) [l](l.md)\n", 0);
        assert!(differences(&a, &b).is_empty());
    }
}
