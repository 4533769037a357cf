//! The places that put many diagnostics into one text: each position must
//! come from one line index per text, not from a scan from the start of the
//! text per diagnostic, so a page with 4× the problems costs about 4× the
//! work. (Callers that place one diagnostic per file, in its front matter,
//! scan only up to that line.)

use super::*;

/// `n` list steps, each with a continuation indented less than its text.
fn shallow_continuations(n: usize) -> String {
    let mut page = String::from("# P\n\n");
    for i in 0..n {
        page.push_str(&format!(
            "{}.  Step {i}\n\n ![Shot](./media/shot.png)\n\n",
            i + 1
        ));
    }
    page
}

#[test]
fn list_indent_notes_cost_linear_work() {
    assert_linear(
        "list-indent notes",
        |n| {
            let page = shallow_continuations(n);
            cost(|| {
                let r = render(&page);
                let notes = r.diagnostics().iter().filter(|d| d.code == "list-indent");
                assert_eq!(notes.count(), n, "{:?}", r.diagnostics());
                r
            })
        },
        300,
    );
}

#[test]
fn list_indent_notes_point_at_their_own_lines() {
    let r = render(&shallow_continuations(3));
    let at: Vec<(usize, usize)> = r
        .diagnostics()
        .iter()
        .filter(|d| d.code == "list-indent")
        .map(|d| (d.span.line, d.span.column))
        .collect();
    assert_eq!(at, [(5, 2), (9, 2), (13, 2)]);
}

/// UTF-8 that was read as Windows-1252: `geïnstalleerd` as `geÃ¯nstalleerd`.
const DAMAGED: &str = "ge\u{c3}\u{af}nstalleerd";

#[test]
fn mojibake_reports_cost_linear_work() {
    assert_linear(
        "mojibake, a damaged word on every line",
        |n| {
            let text = format!("Het is {DAMAGED}.\n").repeat(n);
            cost(|| helpsite::l10n::mojibake::diagnostics("locales/nl/ui.ftl", &text))
        },
        500,
    );
    assert_linear(
        "mojibake, one word of many damaged runs",
        |n| {
            let text = format!("{DAMAGED}-").repeat(n);
            cost(|| helpsite::l10n::mojibake::diagnostics("locales/nl/ui.ftl", &text))
        },
        500,
    );
}

/// A page with `n` headings, and an earlier release whose entry for it
/// listed, for each, an anchor one letter off: every vanished anchor gets
/// a heading to suggest, placed at that heading's line.
fn near_anchors_site(n: usize) -> (tempfile::TempDir, helpsite::published::Manifest) {
    let t = minimal_site();
    let mut text = String::from("# P\n");
    for i in 0..n {
        text.push_str(&format!("\n## Section number {i} now\n\nText.\n"));
    }
    write(t.path(), "content/en/p.md", text);
    let anchors: Vec<String> = (0..n).map(|i| format!("section-number-{i}-nov")).collect();
    let manifest = serde_json::json!({"format": 1, "default_locale": "en", "pages": [
        {"url": "en/p.html", "locale": "en", "kind": "page", "anchors": anchors},
    ]});
    (t, serde_json::from_value(manifest).unwrap())
}

#[test]
fn vanished_anchors_placed_at_their_headings_cost_linear_work() {
    assert_linear(
        "check --against, n vanished anchors each near a heading",
        |n| {
            let (t, old) = near_anchors_site(n);
            let site = helpsite::site::Site::load(t.path()).unwrap_or_else(|_| panic!("loads"));
            cost(|| {
                let found = helpsite::published::compare::against(&site, &old);
                let placed = found
                    .iter()
                    .filter(|d| d.code == "vanished-anchor" && d.span.line > 1)
                    .count();
                assert_eq!(placed, n, "{found:?}");
                found
            })
        },
        200,
    );
}
