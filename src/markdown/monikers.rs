//! `:::moniker range="…"`: a moniker range names versions from the site's
//! `monikers` list in site.toml (`>= v2`, `v1 || v3`, `< v3`). With a list,
//! `check` reports names that are not on it; without one, every range shows
//! with its label.

use super::*;

/// The moniker names a range mentions.
pub(super) fn names(range: &str) -> Vec<&str> {
    range
        .split(|c: char| c.is_whitespace() || "<>=|&".contains(c))
        .filter(|n| !n.is_empty())
        .collect()
}

pub(super) fn check(env: &Env, doc: &Doc, state: &mut State, range: &str, at: usize) {
    if env.site.monikers.is_empty() {
        return;
    }
    for name in names(range) {
        if env.site.has_moniker(name) {
            continue;
        }
        let mut d = Diagnostic::error(
            code::UNKNOWN_MONIKER,
            doc.file,
            format!("moniker `{name}` is not in `monikers` in site.toml"),
        )
        .at_indexed(doc.lines(), doc.text, at);
        if let Some(s) = env.site.moniker_suggestion(name) {
            d = d.with_suggestion(format!("did you mean `{s}`?"));
        }
        state.out.diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_in_ranges() {
        assert_eq!(super::names(">= v2 || v1<v3"), ["v2", "v1", "v3"]);
    }
}
