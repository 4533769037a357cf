//! A raw HTML `<iframe>` of a video becomes the click-to-load placeholder;
//! other raw HTML stays as the author wrote it. Headings that skip a level
//! are published one level deeper than the one before, looking as written.

use crate::diagnostics::Code;
use crate::markdown::tests::{render, render_with};
use crate::markdown::SiteExtras;

const YOUTUBE: &str = "<iframe width=\"675\" height=\"379\" src=\"https://www.youtube.com/embed/abc\" frameborder=\"0\" allowfullscreen></iframe>";

#[test]
fn a_raw_video_iframe_becomes_the_placeholder() {
    let wrapped = format!("<div class=\"embeddedvideo\">\n{YOUTUBE}\n</div>\n");
    for page in [
        format!("Watch:\n\n{YOUTUBE}\n\nThen go on.\n"),
        format!("Watch:\n\n{YOUTUBE}\r\n\r\nThen.\r\n"),
        wrapped,
        "<iframe src=https://www.example.com/embed/u title=Unquoted></iframe>\n".to_string(),
        "<IFRAME SRC='https://www.example.com/embed/x'></IFRAME>\n".to_string(),
    ] {
        let r = render(&page, &[]);
        assert!(!r.html.contains("<iframe"), "{page:?}: {}", r.html);
        assert!(!r.html.contains("<IFRAME"), "{page:?}: {}", r.html);
        assert_eq!(
            r.html.matches("class=\"video-load\"").count(),
            1,
            "{page:?}: {}",
            r.html
        );
        assert_eq!(
            r.html.matches("class=\"embeddedvideo\"").count(),
            1,
            "{page:?}: {}",
            r.html
        );
        let embeds = r
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ExternalEmbed)
            .count();
        assert_eq!(embeds, 1, "{page:?}: {:?}", r.diagnostics);
    }
    let r = render(
        "<iframe src=https://www.example.com/embed/u title=Unquoted></iframe>\n",
        &[],
    );
    assert!(r.html.contains(">Unquoted</a>"), "{}", r.html);
}

#[test]
fn direct_mode_keeps_the_frame_and_titles_it() {
    let site = SiteExtras {
        direct_video: true,
        ..Default::default()
    };
    let r = render_with(&format!("{YOUTUBE}\n"), &[], &site);
    assert!(
        r.html.contains("<iframe src=\"https://www.youtube.com/embed/abc\" title=\"[video-title]\" allowfullscreen></iframe>"),
        "{}",
        r.html
    );
    let r = render_with(
        "<iframe src=\"https://www.example.com/e\" title=\"Enrol &amp; go\"></iframe>\n",
        &[],
        &site,
    );
    assert!(r.html.contains("title=\"Enrol &amp; go\""), "{}", r.html);
}

#[test]
fn other_raw_html_stays_as_written() {
    for page in [
        "<iframe src=\"media/local.html\"></iframe>\n",
        "<iframe src=\"javascript:alert(1)\"></iframe>\n",
        "<iframe src=\"https://www.example.com/e\"></iframe> and text\n",
        "<iframe src=\"https://www.example.com/e\"></iframe><script>x()</script>\n",
        "<div class=\"embeddedvideo\" onclick=\"x()\">\n<iframe src=\"https://www.example.com/e\"></iframe>\n</div>\n",
        "<div class=\"note\">\n<iframe src=\"https://www.example.com/e\"></iframe>\n</div>\n",
        "<p>Before</p><iframe src=\"https://www.example.com/e\"></iframe>\n",
    ] {
        let r = render(page, &[]);
        assert!(!r.html.contains("video-load"), "{page:?}: {}", r.html);
    }
}

#[test]
fn hostile_iframe_attributes_stay_inert() {
    for page in [
        "<iframe src=\"https://www.example.com/e&quot; onload=&quot;alert(1)\" title='\"><script>alert(1)</script>'></iframe>\n",
        "<iframe src=https://www.example.com/e?a=\"b\" title=x onload=alert(1)></iframe>\n",
        "<iframe title=\"</iframe><script>alert(1)</script>\" src=\"https://www.example.com/e\"></iframe>\n",
        "<iframe src=\" https://www.example.com/e\" srcdoc=\"<script>alert(1)</script>\"></iframe>\n",
    ] {
        let r = render(page, &[]);
        let doc = scraper::Html::parse_fragment(&r.html);
        let any = scraper::Selector::parse("*").unwrap();
        for e in doc.select(&any) {
            if !r.html.contains("video-load") {
                break;
            }
            assert_ne!(e.value().name(), "script", "{page:?}: {}", r.html);
            assert_ne!(e.value().name(), "iframe", "{page:?}: {}", r.html);
            for (attr, _) in e.value().attrs() {
                assert!(
                    !attr.starts_with("on") && attr != "srcdoc",
                    "{page:?}: {}",
                    r.html
                );
            }
        }
    }
}

#[test]
fn a_skipped_heading_level_is_published_one_deeper_and_reported() {
    let r = render(
        "# Title\n\n### Skipped {#kept}\n\n#### Then\n\n## Back\n\n##### Far\n",
        &[],
    );
    assert!(
        r.html.contains("<h2 id=\"kept\" class=\"h3\">Skipped</h2>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<h3 id=\"then\" class=\"h4\">Then</h3>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"back\">Back</h2>"), "{}", r.html);
    assert!(
        r.html.contains("<h3 id=\"far\" class=\"h5\">Far</h3>"),
        "{}",
        r.html
    );
    let levels: Vec<u8> = r.headings.iter().map(|h| h.level).collect();
    assert_eq!(levels, [1, 2, 3, 2, 3]);
    let skips: Vec<(usize, usize)> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::HeadingSkip)
        .map(|d| (d.key().line, d.key().column))
        .collect();
    // `####` under the `###` skips nothing in the source: only its look is kept.
    assert_eq!(skips, [(3, 1), (9, 1)], "{:?}", r.diagnostics);
    let r = render("# T\n\n### A\n\n### B\n", &[]);
    assert!(
        r.html.contains("<h2 id=\"b\" class=\"h3\">B</h2>"),
        "{}",
        r.html
    );
}

#[test]
fn headings_that_skip_nothing_are_unchanged() {
    let r = render(
        "## Starts at two\n\n### Then three\n\n# One\n\n## Two\n",
        &[],
    );
    assert!(!r.html.contains("class=\"h"), "{}", r.html);
    assert!(r.diagnostics.iter().all(|d| d.code != Code::HeadingSkip));
}
