//! Markdown on small inputs, snapshotted: what each construct becomes and
//! what it records (headings, anchors, links, assets, diagnostics).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use super::*;
use crate::frontmatter::FrontMatter;
use crate::links::{ContentIndex, LocaleFiles};

/// A tiny English site: `index.md`, `a.md` and a screenshot, plus the
/// include files given.
pub(super) fn render(text: &str, includes: &[(&str, &str)]) -> Rendered {
    render_with(text, includes, &SiteExtras::default())
}

/// As [`render`], with site-wide facts (uids, monikers).
pub(super) fn render_with(text: &str, includes: &[(&str, &str)], site: &SiteExtras) -> Rendered {
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
    let mut files = vec!["media/shot.png"];
    files.extend(includes.iter().map(|(p, _)| *p));
    let mut locales = BTreeMap::new();
    locales.insert(
        "en".to_string(),
        LocaleFiles::new(set(&["index.md", "a.md", "p.md"]), set(&files)),
    );
    let index = ContentIndex {
        default_locale: "en".into(),
        locales,
        link_prefixes: Vec::new(),
        portal_url: None,
        aliases: HashMap::new(),
        redirects: HashMap::new(),
    };
    let texts: HashMap<String, Arc<str>> = includes
        .iter()
        .map(|(p, t)| (p.to_string(), Arc::from(*t)))
        .collect();
    let read = move |_: &str, path: &str| texts.get(path).cloned();
    let label = |_: &str, id: &str| format!("[{id}]");
    let env = Env {
        index: &index,
        label: &label,
        read: &read,
        dialect: crate::config::Dialect::Docfx2017,
        site,
    };
    render_page(
        &env,
        &PageSource {
            locale: "en",
            path: "p.md",
            file: "content/en/p.md",
            text,
            // A page that starts with front matter has its body after it.
            body_start: FrontMatter::parse(text, "content/en/p.md", &mut Vec::new()).body_start,
        },
    )
}

/// The HTML and everything recorded beside it, as one readable text.
pub(super) fn summary(r: &Rendered) -> String {
    let mut s = format!("{}\n", r.html.trim_end());
    let _ = writeln!(
        s,
        "headings: {:?}",
        r.headings
            .iter()
            .map(|h| (h.level, &h.id))
            .collect::<Vec<_>>()
    );
    let _ = writeln!(s, "anchors: {:?}", r.anchors);
    let links: Vec<String> = r
        .page_links
        .iter()
        .map(|l| {
            format!(
                "{}/{}#{}",
                l.locale,
                l.path,
                l.fragment.as_deref().unwrap_or("")
            )
        })
        .collect();
    let _ = writeln!(s, "page links: {links:?}");
    let _ = writeln!(
        s,
        "assets: {:?}",
        r.assets.iter().map(|a| &a.path).collect::<Vec<_>>()
    );
    let _ = writeln!(s, "includes: {:?}", r.includes);
    for d in &r.diagnostics {
        let _ = writeln!(
            s,
            "{}:{}:{}: {} [{}]",
            d.span.file, d.span.line, d.span.column, d.message, d.code
        );
    }
    s
}

#[test]
fn headings_get_unique_ids_and_legacy_anchors() {
    let r = render(
        "# Title\n\n## Windows 8.1\n\n## Windows 8.1\n\n## Set up {#custom}\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn alerts_in_any_case_are_labelled() {
    let r = render(
        "> [!NOTE]\n> Read this.\n\n> [!warning]\n> Careful.\n\n> A plain quote.\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn links_and_images_resolve_and_report() {
    let r = render(
        "[a](a.md#part) [home](./) [gone](gone.md) [self](#here)\n\n![shot](media/shot.png) ![none](media/none.png)\n\n[out](https://example.com/x.md)\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn includes_nest_and_cycles_are_named() {
    let r = render(
        "# P\n\n[!INCLUDE[outer](includes/outer.md)]\n\nInline [!INCLUDE[word](includes/word.md)] here.\n\n[!INCLUDE[loop](includes/loop.md)]\n",
        &[
            ("includes/outer.md", "Outer text.\n\n[!INCLUDE[inner](inner.md)]\n"),
            ("includes/inner.md", "Inner text with [a link](../a.md).\n"),
            ("includes/word.md", "included"),
            ("includes/loop.md", "[!INCLUDE[loop](loop.md)]\n"),
        ],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn selector_and_div_blocks() {
    let r = render(
        "> [!div class=\"op_single_selector\"]\n> - [Android](p.md)\n> - [iOS](a.md)\n\n> [!div class=\"button\"]\n> [Go](a.md)\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn honumber_and_raw_html_anchors_are_kept() {
    let r = render(
        "<a name=\"old-name\"></a>\n\n# Page\n\n<!--HONumber=Jan17_HO1-->\n",
        &[],
    );
    assert_eq!(r.honumber.as_deref(), Some("Jan17_HO1"));
    insta::assert_snapshot!(summary(&r));
}

// DocFX's list reading, on fixtures shaped like the corpus's enrollment
// steps: CRLF, a two-digit marker with two spaces, tab continuations.

#[test]
fn docfx_tab_continuations_under_two_digit_markers() {
    let r = render(
        "9.  Tap **Next**.\r\n\r\n\t![Nine](./media/shot.png)\r\n\r\n10.  Tap **Done**.\r\n\r\n\t![Ten](./media/shot.png)\r\n\r\nAfter the list.\r\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn docfx_nested_bullets_and_alerts_inside_a_step() {
    let r = render(
        "10.  If asked:\n\n\tYou may see:\n\t-\t**Allow access?**\n\n\t\t![Allow](./media/shot.png)\n\n\tTap **Allow**.\n\n\t> [!NOTE]\n\t> Nothing is shared.\n\n11.  Finish.\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn docfx_div_runs_in_one_blockquote() {
    let r = render(
        "> [!div class=\"button\"]\n[First](a.md)\n> [!div class=\"button\"]\n[Second](p.md)\n\n> [!NOTE]\n> One.\n> [!TIP]\n> Two.\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn shallow_continuation_is_reported_at_its_line() {
    let r = render("# P\n\n3.  Step\n\n ![Shot](./media/shot.png)\n", &[]);
    let d: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ListIndent)
        .collect();
    assert_eq!(d.len(), 1, "{:?}", r.diagnostics);
    assert_eq!((d[0].span.line, d[0].span.column), (5, 2));
    assert!(r.html.contains("<li>\n<p>Step</p>\n<p><img"), "{}", r.html);
}

/// The outline a render records is the page's own, parsed once when the
/// renderer read the text as written, and again when it did not (includes
/// spliced, a directive replaced, a lone CR unified).
#[test]
fn the_recorded_outline_is_the_pages_own() {
    use super::structure::Part::*;
    let texts = [
        "---\ntitle: T\n---\n# Title\n\nSee [a](a.md) and ![shot](./media/shot.png).\n\n\
         > [!NOTE]\n> Mind this.\n\n```\n[not](a.md)\n```\n\n<a href=\"a.md\">a</a>\n",
        "# Title\n\n[!INCLUDE[intro](./includes/intro.md)]\n\n## Steps\n\n[a](a.md)\n",
        "# Title\r\rText with a lone CR and [a](a.md).\n",
        "# Title\n\n> [!div class=\"op_single_selector\"]\n> - [A](a.md)\n\n## Next\n",
    ];
    let includes = [(
        "includes/intro.md",
        "# Included\n\n![shot](../media/shot.png)\n",
    )];
    for text in texts {
        let rendered = render(text, &includes);
        let body_start = FrontMatter::parse(text, "content/en/p.md", &mut Vec::new()).body_start;
        assert_eq!(
            rendered.structure,
            structure::outline(text, body_start),
            "{text:?}"
        );
    }
    let first = render(texts[0], &[]).structure;
    let parts: Vec<_> = first.iter().map(|(p, _)| *p).collect();
    assert_eq!(parts, vec![Heading, Link, Image, Alert, CodeBlock, Link]);
    assert_eq!(
        first[0].1,
        texts[0].find("# Title").unwrap(),
        "offsets are in the whole text"
    );
    let included = render(texts[1], &includes).structure;
    assert_eq!(
        included.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        vec![Heading, Include, Heading, Link],
        "an include's own parts are the include file's, not the page's"
    );
}

#[test]
fn an_html_block_is_read_whole_for_anchors_and_files() {
    // A tag over two lines, in a block and in a quoted block; a file named
    // in a script's text is no file the page loads.
    let r = render(
        "# Page\n\n<div>\n<a\n  name=\"target\"></a>\n<img\n  src=\"missing.png\">\n</div>\n\n\
         > <div>\n> <img\n>   src=\"gone.png\">\n> </div>\n\n\
         <div><script>\nvar s = '<img src=\"nothere.png\">';\n</script></div>\n",
        &[],
    );
    assert!(
        r.anchors().iter().any(|a| a == "target"),
        "{:?}",
        r.anchors()
    );
    let missing: Vec<_> = r
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.span.line,
                d.span.column,
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert_eq!(
        (missing[0].0, missing[0].1, missing[0].2),
        ("missing-media", 7, 8)
    );
    assert!(missing[0].3.contains("missing.png"), "{missing:?}");
    assert_eq!(
        (missing[1].0, missing[1].1, missing[1].2),
        ("missing-media", 12, 10)
    );
    assert!(missing[1].3.contains("gone.png"), "{missing:?}");
}
