//! The click-to-load video placeholder: what a page holds before the
//! reader asks for the video, and hostile addresses and titles.

use crate::diagnostics::Code;
use crate::markdown::tests::{render, render_with, summary};
use crate::markdown::SiteExtras;

/// What in `html` could load or run something: a frame or script
/// element, an attribute other than the placeholder's own, or an address
/// with a script scheme. Text that merely reads like it is no danger.
fn dangerous(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let any = scraper::Selector::parse("*").unwrap();
    let mut found = Vec::new();
    for e in doc.select(&any) {
        let name = e.value().name();
        if ["iframe", "script", "object", "embed"].contains(&name) {
            found.push(format!("<{name}>"));
        }
        for (attr, value) in e.value().attrs() {
            let known = [
                "class",
                "href",
                "src",
                "alt",
                "hidden",
                "type",
                "data-src",
                "data-title",
            ];
            if !known.contains(&attr) {
                found.push(format!("{attr}={value:?}"));
            }
            let value = value.trim_start().to_ascii_lowercase();
            let address = ["href", "src", "data-src"].contains(&attr);
            if address
                && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| value.starts_with(s))
            {
                found.push(format!("{attr}={value:?}"));
            }
        }
    }
    found
}

#[test]
fn a_video_is_a_placeholder_with_title_link_thumbnail_and_button() {
    let r = render(
        ":::video source=\"https://www.example.com/embed/abc\" title=\"Enrolling a phone\" thumbnail=\"media/shot.png\":::\n\n> [!VIDEO https://www.example.com/embed/def]\n\nWatch this\n[!VIDEO https://www.example.com/embed/ghi]\nthen read on.\n",
        &[],
    );
    assert!(
        !r.html.contains("<iframe"),
        "no frame on page load: {}",
        r.html
    );
    let html = scraper::Html::parse_fragment(&r.html);
    let select = |s: &str| {
        let sel = scraper::Selector::parse(s).unwrap();
        html.select(&sel).map(|e| e.html()).collect::<Vec<_>>()
    };
    assert_eq!(select(".embeddedvideo .video-load[hidden]").len(), 3);
    assert_eq!(
        select("img.video-thumbnail[src=\"media/shot.png\"][alt=\"\"]").len(),
        1
    );
    assert_eq!(
        select("a.video-link[href=\"https://www.example.com/embed/abc\"]").len(),
        1
    );
    assert!(
        r.assets().iter().any(|a| a.path == "media/shot.png"),
        "the thumbnail is published"
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn direct_embeds_are_titled_frames() {
    let site = SiteExtras {
        direct_video: true,
        ..Default::default()
    };
    let r = render_with(
        ":::video source=\"https://www.example.com/embed/abc\" title=\"Enrolling\":::\n\n> [!VIDEO https://www.example.com/embed/def]\n",
        &[],
        &site,
    );
    assert!(r.html.contains("<iframe src=\"https://www.example.com/embed/abc\" title=\"Enrolling\" allowfullscreen></iframe>"), "{}", r.html);
    assert!(r.html.contains("<iframe src=\"https://www.example.com/embed/def\" title=\"[video-title]\" allowfullscreen></iframe>"), "{}", r.html);
    assert!(!r.html.contains("video-load"), "{}", r.html);
}

#[test]
fn a_thumbnail_on_another_site_or_with_script_is_left_out() {
    let r = render(
        ":::video source=\"https://www.example.com/embed/a\" thumbnail=\"https://tracker.example.net/t.png\":::\n\n:::video source=\"https://www.example.com/embed/b\" thumbnail=\"javascript:alert(1)\":::\n\n:::video source=\"https://www.example.com/embed/c\" thumbnail=\"//cdn.example.net/t.png\":::\n",
        &[],
    );
    assert!(!r.html.contains("<img"), "{}", r.html);
    assert!(dangerous(&r.html).is_empty(), "{}", r.html);
    let codes: Vec<Code> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Code::UnsafeUrl).count(),
        1,
        "{codes:?}"
    );
    let left_out = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("thumbnail"))
        .count();
    assert_eq!(left_out, 2, "{:?}", r.diagnostics);
}

#[test]
fn hostile_addresses_and_titles_stay_inert() {
    let quote = "https://www.example.com/embed/a\" onload=\"alert(1)";
    let cases = [
        format!(":::video source=\"{quote}\" title=\"x\":::\n"),
        ":::video source='https://www.example.com/e?a=\"><script>alert(1)</script>' title='\"><img src=x onerror=alert(1)>':::\n".to_string(),
        ":::video source=\"javascript:alert(1)\":::\n".to_string(),
        ":::video source=\"JaVaScRiPt&#58;alert(1)\":::\n".to_string(),
        ":::video source=\"java\tscript:alert(1)\":::\n".to_string(),
        ":::video source=\"data:text/html,<script>alert(1)</script>\":::\n".to_string(),
        "> [!VIDEO javascript:alert(1)]\n".to_string(),
        "[!VIDEO data:text/html;base64,PHNjcmlwdD4=]\n".to_string(),
        "See [!VIDEO javascript:alert(1)] here.\n".to_string(),
        "Watch :::video source=\"vbscript:msgbox(1)\"::: now.\n".to_string(),
        ":::video source=\"https://www.example.com/embed/a\" title=\"</span></div><script>alert(1)</script>\":::\n".to_string(),
        ":::video source=\"https://user@evil.example\\@good.example/\\\"x\":::\n".to_string(),
    ];
    for page in &cases {
        let r = render(page, &[]);
        let found = dangerous(&r.html);
        assert!(found.is_empty(), "{page:?} gave {found:?}: {}", r.html);
    }
}

#[test]
fn script_addresses_are_reported_not_published() {
    for page in [
        ":::video source=\"javascript:alert(1)\":::\n",
        ":::video source=\"data:text/html,x\":::\n",
        "> [!VIDEO javascript:alert(1)]\n",
    ] {
        let r = render(page, &[]);
        assert!(!r.html.contains("video-load"), "{page}: {}", r.html);
        assert!(
            r.diagnostics.iter().any(|d| d.code == Code::UnsafeUrl),
            "{page}: {:?}",
            r.diagnostics
        );
    }
}

#[test]
fn a_huge_address_and_title_render_once_each_without_panic() {
    let url = format!("https://www.example.com/embed/{}", "a\"<&".repeat(50_000));
    let title = "t'<>&".repeat(50_000);
    let page = format!(
        ":::video source=\"{}\" title=\"{title}\":::\n",
        url.replace('"', "'")
    );
    let r = render(&page, &[]);
    assert_eq!(r.html.matches("class=\"video-load\"").count(), 1);
    assert!(dangerous(&r.html).is_empty());
    // The address is written twice (link, button), the title twice (link
    // text, button), each escaped: linear in what the author wrote.
    assert!(
        r.html.len() < 12 * page.len(),
        "{} for {}",
        r.html.len(),
        page.len()
    );
}
