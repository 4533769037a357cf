//! The three list modes (`docfx-2017`, `docfx-markdig`, `commonmark`) on
//! the same inputs: what a reader gets in each, and what `list-indent`
//! says, which must be true of the mode the site chose.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use super::tests::summary;
use super::*;
use crate::config::Dialect;
use crate::links::{ContentIndex, LocaleFiles};

const MODES: [Dialect; 3] = [
    Dialect::Docfx2017,
    Dialect::DocfxMarkdig,
    Dialect::Commonmark,
];

/// `text` as the page `p.md` of a one-page English site, in `dialect`.
fn render_in(dialect: Dialect, text: &str) -> Rendered {
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
    let mut locales = BTreeMap::new();
    locales.insert(
        "en".to_string(),
        LocaleFiles::new(set(&["index.md", "a.md", "p.md"]), set(&["media/shot.png"])),
    );
    let index = ContentIndex {
        default_locale: "en".into(),
        locales,
        link_prefixes: Vec::new(),
        portal_url: None,
        aliases: HashMap::new(),
        redirects: HashMap::new(),
    };
    let read = |_: &str, _: &str| None;
    let label = |_: &str, id: &str| format!("[{id}]");
    let site = SiteExtras::default();
    let env = Env {
        index: &index,
        label: &label,
        read: &read,
        dialect,
        site: &site,
    };
    render_page(
        &env,
        &PageSource {
            locale: "en",
            path: "p.md",
            file: "content/en/p.md",
            text,
            body_start: 0,
        },
    )
}

/// Each mode's rendering, one after the other.
fn in_every_mode(text: &str) -> String {
    let mut s = String::new();
    for dialect in MODES {
        let _ = writeln!(s, "=== {}", dialect.setting());
        s.push_str(&summary(&render_in(dialect, text)));
    }
    s
}

#[test]
fn a_lead_in_indented_less_than_the_item() {
    // A step, then a sentence indented two columns that introduces what
    // follows: DFM kept it in the step, CommonMark (markdig) ends the list.
    let r = in_every_mode("1. Open the app.\n\n  Then choose a profile:\n\n- Work\n- Home\n");
    insta::assert_snapshot!(r);
}

#[test]
fn a_tab_indented_screenshot_under_a_wide_marker() {
    // `10.  ` is five columns: a tab is four, so CommonMark and DocFX's
    // markdig engine end the list and read an indented code block.
    let r = in_every_mode("10.  Tap **Enroll**.\n\n\t![Enroll](media/shot.png)\n");
    insta::assert_snapshot!(r);
}

#[test]
fn an_alert_after_a_list() {
    let r = in_every_mode(
        "1. Step one.\n\n   Still step one.\n\n > [!NOTE]\n > Applies to every step.\n",
    );
    insta::assert_snapshot!(r);
}

#[test]
fn callout_runs_split_in_both_docfx_modes() {
    let text = "> [!NOTE]\n> First.\n> [!TIP]\n> Second.\n";
    for dialect in [Dialect::Docfx2017, Dialect::DocfxMarkdig] {
        let html = render_in(dialect, text).html;
        assert_eq!(
            html.matches("role=\"note\"").count(),
            2,
            "{dialect:?}: {html}"
        );
    }
}

#[test]
fn the_list_indent_wording_is_true_to_the_mode() {
    let text = "1. One\n\n  two spaces\n";
    let said = |dialect| {
        let r = render_in(dialect, text);
        let notes: Vec<String> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diagnostics::Code::ListIndent)
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(notes.len(), 1, "{dialect:?}: {notes:?}");
        notes[0].clone()
    };
    assert!(said(Dialect::Docfx2017).contains("DocFX continued the list item here"));
    let markdig = said(Dialect::DocfxMarkdig);
    assert!(!markdig.contains("DocFX continued"), "{markdig}");
    assert!(markdig.contains("ends the list here, as DocFX's markdig engine did"));
    let commonmark = said(Dialect::Commonmark);
    assert!(
        commonmark.contains("DocFX's 2017 renderer continued"),
        "{commonmark}"
    );
}

#[test]
fn bare_addresses_are_links_only_in_the_docfx_modes() {
    let text = "See https://example.com/help, www.example.org or help@example.com.\n\n<https://example.net> stays a link.\n";
    for dialect in MODES {
        let html = render_in(dialect, text).html;
        let links = html.matches("<a href").count();
        let expected = if dialect == Dialect::Commonmark { 1 } else { 4 };
        assert_eq!(links, expected, "{dialect:?}: {html}");
    }
}
