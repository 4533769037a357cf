//! `helpsite build` on the bundled sample site: the HTML it writes, and how
//! it treats bad input and dangerous output folders.

use crate::support::*;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The sample site built once per run (only to read): its folder and output.
fn build_sample() -> (&'static std::path::Path, std::path::PathBuf) {
    let built = sample_built();
    (&built.dir, built.dir.join("public"))
}

const TROUBLESHOOTING: &[&str] = &[
    "your-device-is-missing-a-required-certificate-android",
    "your-device-is-missing-a-preinstalled-certificate-android",
    "your-device-is-missing-an-IT-required-certificate-android",
];

#[test]
fn sample_site_has_six_troubleshooting_pages_and_two_indexes() {
    let (_site, out) = build_sample();
    for locale in ["en", "nl"] {
        for page in TROUBLESHOOTING {
            assert!(
                out.join(format!("{locale}/{page}.html")).is_file(),
                "{locale}/{page}.html"
            );
        }
        assert!(out.join(format!("{locale}/index.html")).is_file());
        assert!(out.join(format!("{locale}/404.html")).is_file());
    }
}

#[test]
fn every_internal_link_image_and_fragment_resolves() {
    let (_site, out) = build_sample();
    let dead = dead_links(&out, "/help/");
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
    // The pages really do link to each other, as .html.
    let html = std::fs::read_to_string(
        out.join("en/your-device-is-missing-a-required-certificate-android.html"),
    )
    .unwrap();
    let doc = Html::parse_document(&html);
    let hrefs: Vec<&str> = doc
        .select(&sel("article a[href]"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    for page in &TROUBLESHOOTING[1..] {
        assert!(
            hrefs.contains(&format!("{page}.html").as_str()),
            "{hrefs:?}"
        );
    }
    assert!(!hrefs.iter().any(|h| h.ends_with(".md")));
}

#[test]
fn fragments_of_md_links_are_kept() {
    let (site, out) = build_sample();
    let md = std::fs::read_to_string(
        site.join("content/en/your-device-is-missing-an-IT-required-certificate-android.md"),
    )
    .unwrap();
    let start = md
        .find("preinstalled-certificate-android.md#")
        .expect("the sample links to a fragment");
    let fragment: String = md[start + "preinstalled-certificate-android.md#".len()..]
        .chars()
        .take_while(|c| *c != ')')
        .collect();
    let html = std::fs::read_to_string(
        out.join("en/your-device-is-missing-an-IT-required-certificate-android.html"),
    )
    .unwrap();
    assert!(html.contains(&format!(
        "your-device-is-missing-a-preinstalled-certificate-android.html#{fragment}\""
    )));
}

#[test]
fn honumber_comment_is_kept_verbatim() {
    let (site, out) = build_sample();
    for locale in ["en", "nl"] {
        for page in TROUBLESHOOTING {
            let md =
                std::fs::read_to_string(site.join(format!("content/{locale}/{page}.md"))).unwrap();
            let start = md.find("<!--HONumber=").unwrap();
            let comment = &md[start..start + md[start..].find("-->").unwrap() + 3];
            let html = std::fs::read_to_string(out.join(format!("{locale}/{page}.html"))).unwrap();
            assert!(html.contains(comment), "{locale}/{page}: {comment} missing");
        }
    }
}

#[test]
fn meta_tags_come_from_front_matter() {
    let (site, out) = build_sample();
    for locale in ["en", "nl"] {
        for page in TROUBLESHOOTING {
            let md =
                std::fs::read_to_string(site.join(format!("content/{locale}/{page}.md"))).unwrap();
            let fm = front_matter_lines(&md);
            let doc = Html::parse_document(
                &std::fs::read_to_string(out.join(format!("{locale}/{page}.html"))).unwrap(),
            );
            let meta = |name: &str| {
                doc.select(&Selector::parse(&format!("meta[name=\"{name}\"]")).unwrap())
                    .next()
                    .and_then(|m| m.value().attr("content"))
                    .map(str::to_string)
            };
            let title: String = doc.select(&sel("title")).next().unwrap().text().collect();
            // "Page | Company help" in the source: the suffix is configured, so once.
            let own = fm["title"].trim_end_matches(" | Company help");
            let site_name = if locale == "nl" {
                "Bedrijfshulp"
            } else {
                "Company help"
            };
            assert_eq!(title, format!("{own} – {site_name}"));
            assert_eq!(meta("description").as_ref(), Some(&fm["description"]));
            assert_eq!(meta("robots").unwrap(), fm["ROBOTS"].to_lowercase());
            let mut ms_keys = 0;
            for (k, v) in fm.iter().filter(|(k, _)| k.starts_with("ms.")) {
                ms_keys += 1;
                if v.is_empty() {
                    assert_eq!(meta(k), None, "empty {k} must be dropped");
                } else {
                    assert_eq!(meta(k).as_deref(), Some(v.as_str()), "{locale}/{page} {k}");
                }
            }
            assert!(ms_keys >= 5);
        }
    }
}

#[test]
fn media_is_copied_byte_for_byte() {
    let (site, out) = build_sample();
    let mut images = 0;
    for (rel, html) in html_files(&out) {
        let doc = Html::parse_document(&html);
        let dir = std::path::Path::new(&rel).parent().unwrap().to_path_buf();
        for img in doc.select(&sel("img[src]")) {
            let src = img.value().attr("src").unwrap();
            let copied = std::fs::read(out.join(&dir).join(src)).unwrap();
            let source = std::fs::read(site.join("content").join(&dir).join(src)).unwrap();
            assert_eq!(copied, source, "{rel}: {src}");
            assert!(
                !img.value().attr("alt").unwrap_or("").is_empty(),
                "{rel}: {src} has no alt text"
            );
            images += 1;
        }
    }
    assert!(
        images >= 8,
        "expected screenshots on the pages, found {images}"
    );
}

#[test]
fn html_lang_matches_locale_and_urls_are_relative() {
    let (_site, out) = build_sample();
    for (rel, html) in html_files(&out) {
        let doc = Html::parse_document(&html);
        let lang = doc
            .select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang")
            .unwrap()
            .to_string();
        // go/<ID>.html serves every locale: it speaks the default locale's.
        let expected = rel
            .split('/')
            .next()
            .filter(|_| rel.contains('/') && !rel.starts_with("go/"))
            .unwrap_or("en");
        assert_eq!(lang, expected, "{rel}");
        // A host serves the 404 pages at any depth: their URLs start at base_path.
        let is_404 = rel == "404.html" || rel.ends_with("/404.html");
        for el in doc.select(&sel("[href], [src]")) {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
            if is_404 && !url.starts_with('#') {
                assert!(
                    url.starts_with("/help/"),
                    "{rel}: {url} is not under base_path"
                );
            } else {
                assert!(!url.starts_with('/'), "{rel}: root-absolute URL {url}");
            }
        }
    }
}

#[test]
fn ui_strings_are_localized_and_escaped() {
    let (_site, out) = build_sample();
    let nl = std::fs::read_to_string(
        out.join("nl/your-device-is-missing-a-required-certificate-android.html"),
    )
    .unwrap();
    let en = std::fs::read_to_string(
        out.join("en/your-device-is-missing-a-required-certificate-android.html"),
    )
    .unwrap();
    let skip = |html: &str| {
        Html::parse_document(html)
            .select(&sel("a.skip-link"))
            .next()
            .unwrap()
            .text()
            .collect::<String>()
    };
    let ftl = |locale: &str| {
        std::fs::read_to_string(repo().join(format!("locales/{locale}/ui.ftl"))).unwrap()
    };
    let msg = |ftl: String| {
        ftl.lines()
            .find_map(|l| l.strip_prefix("skip-to-content = "))
            .unwrap()
            .to_string()
    };
    assert_eq!(skip(&nl), msg(ftl("nl")));
    assert_eq!(skip(&en), msg(ftl("en")));
    assert!(
        !nl.contains('\u{2068}') && !nl.contains('\u{2069}'),
        "Unicode isolation marks leaked"
    );
}

#[test]
fn root_page_lists_languages_and_redirects_without_a_server() {
    let (_site, out) = build_sample();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let links: Vec<&str> = doc
        .select(&sel("main a[href]"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(links, ["en/index.html", "nl/index.html"]);
    // The redirect is a script file, so it runs under `default-src 'self'`.
    let src = doc
        .select(&sel("script[src]"))
        .next()
        .unwrap()
        .value()
        .attr("src")
        .unwrap();
    let script = std::fs::read_to_string(out.join(src)).unwrap();
    assert!(script.contains("navigator.languages") && script.contains("location.replace"));
}

#[test]
fn build_output_is_signed_without_a_public_marker_and_has_no_leftovers() {
    let (site, out) = build_sample();
    // The web server would publish a marker file: the signature is in urls.json.
    assert!(!out.join(".helpsite-output").exists());
    assert!(std::fs::read_to_string(out.join("urls.json"))
        .unwrap()
        .starts_with("{\n  \"generator\": \"helpsite\","));
    let names: Vec<String> = std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("helpsite-new") || n.contains("helpsite-old")),
        "{names:?}"
    );
}

/// Breaks the sample site in one way, builds, and returns (exit code, stderr).
fn build_broken(edit: impl FnOnce(&std::path::Path)) -> (i32, String) {
    let site = sample_site();
    edit(site.path());
    let o = run(&["build"], site.path());
    (o.status.code().unwrap(), stderr(&o))
}

const OVERVIEW: &str = "content/nl/your-device-is-missing-a-required-certificate-android.md";

fn replace_in(root: &std::path::Path, file: &str, from: &str, to: &str) {
    let p = root.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} lacks {from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// The `file:line:col` of the first line of `text` that contains `needle`.
fn position_of(root: &std::path::Path, file: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    format!(
        "{file}:{}:{}",
        n + 1,
        line[..line.find(needle).unwrap()].chars().count() + 1
    )
}

#[test]
fn broken_link_is_an_error_with_position() {
    let site = sample_site();
    replace_in(
        site.path(),
        OVERVIEW,
        "your-device-is-missing-a-preinstalled-certificate-android.md",
        "no-such-page.md",
    );
    let expected = position_of(site.path(), OVERVIEW, "no-such-page.md");
    let o = run(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{expected}: error:")),
        "{}\nexpected {expected}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("broken-link"));
}

#[test]
fn missing_asset_is_an_error_with_position() {
    let site = sample_site();
    replace_in(
        site.path(),
        OVERVIEW,
        "./media/cert-missing-error.png",
        "./media/gone.png",
    );
    let expected = position_of(site.path(), OVERVIEW, "./media/gone.png");
    let o = run(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{expected}: error:")),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("missing-media"));
}

#[test]
fn malformed_front_matter_is_an_error_with_position() {
    let (code, err) =
        build_broken(|root| replace_in(root, OVERVIEW, "ms.topic: article", "ms.topic: [article"));
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{OVERVIEW}:")) && err.contains("front-matter"),
        "{err}"
    );
    let line: usize = err
        .split(&format!("{OVERVIEW}:"))
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(line >= 2 && line <= 20, "{err}");
}

#[test]
fn non_utf8_page_is_an_error() {
    let (code, err) = build_broken(|root| {
        let p = root.join(OVERVIEW);
        let mut bytes = std::fs::read(&p).unwrap();
        bytes.extend_from_slice(b"\nline with \xff byte\n");
        std::fs::write(p, bytes).unwrap();
    });
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{OVERVIEW}:")) && err.contains("UTF-8"),
        "{err}"
    );
}

#[test]
fn unreadable_page_is_an_error() {
    let (code, err) = build_broken(|root| {
        // A dangling symlink cannot be read, whoever runs the test.
        std::os::unix::fs::symlink(root.join("nowhere.md"), root.join("content/en/dangling.md"))
            .unwrap();
    });
    assert_eq!(code, 1);
    assert!(
        err.contains("content/en/dangling.md") && err.contains("error"),
        "{err}"
    );
}

#[test]
fn template_error_names_template_and_cause() {
    let (code, err) = build_broken(|root| {
        std::fs::write(
            root.join("templates/page.html"),
            "{% extends \"base.html\" %}{% block main %}{{ page.nope.deeper }}{% endblock main %}",
        )
        .unwrap();
    });
    assert_eq!(code, 1);
    assert!(err.contains("templates/page.html"), "{err}");
    assert!(
        err.contains("page.nope.deeper"),
        "the engine's cause must be shown: {err}"
    );
    let (code, err) = build_broken(|root| {
        std::fs::write(root.join("templates/page.html"), "line one\n{% if %}").unwrap()
    });
    assert_eq!(code, 1);
    assert!(err.contains("templates/page.html:2:"), "{err}");
}

#[test]
fn all_problems_are_reported_not_just_the_first() {
    let site = sample_site();
    replace_in(
        site.path(),
        OVERVIEW,
        "./media/cert-missing-error.png",
        "./media/gone.png",
    );
    replace_in(site.path(), "content/en/index.md", ".md)", "-nope.md)");
    let o = run(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("missing-media") && err.contains("broken-link"),
        "{err}"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = sample_site();
    assert!(run(&["build"], site.path()).status.success());
    let before = snapshot_tree(&site.path().join("public"));
    replace_in(
        site.path(),
        OVERVIEW,
        "./media/cert-missing-error.png",
        "./media/gone.png",
    );
    replace_in(site.path(), "content/en/index.md", "#", "# Changed ");
    let o = run(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot_tree(&site.path().join("public")), before);
}

#[test]
fn keep_going_publishes_and_still_fails() {
    let site = sample_site();
    replace_in(
        site.path(),
        OVERVIEW,
        "./media/cert-missing-error.png",
        "./media/gone.png",
    );
    let o = run(&["build", "--keep-going"], site.path());
    assert_eq!(o.status.code(), Some(1));
    let html = std::fs::read_to_string(
        site.path()
            .join("public/nl/your-device-is-missing-a-required-certificate-android.html"),
    )
    .unwrap();
    assert!(
        html.contains("media/gone.png"),
        "the page is rendered as well as possible"
    );
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = sample_site();
    let root = site.path();
    std::fs::create_dir_all(root.join("mine")).unwrap();
    std::fs::write(root.join("mine/precious.txt"), "keep me").unwrap();
    let parent = root.parent().unwrap().to_str().unwrap().to_string();
    for out in [
        ".",
        "content",
        "content/nl/out",
        "templates",
        "locales/x",
        "static/out",
        "mine",
        parent.as_str(),
    ] {
        let o = run(&["build", "--out", out], root);
        assert_eq!(
            o.status.code(),
            Some(2),
            "--out {out} must be refused: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("refusing"), "{}", stderr(&o));
    }
    assert_eq!(
        std::fs::read_to_string(root.join("mine/precious.txt")).unwrap(),
        "keep me"
    );
    // Our own output folder is fine to replace, and so is an empty one.
    std::fs::create_dir_all(root.join("empty")).unwrap();
    assert!(run(&["build", "--out", "empty"], root).status.success());
    assert!(run(&["build", "--out", "empty"], root).status.success());
}

#[test]
fn usage_errors_exit_2() {
    let site = sample_site();
    assert_eq!(
        run(&["build", "--no-such-flag"], site.path()).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"], site.path()).status.code(), Some(2));
}

#[test]
fn root_option_and_out_relative_to_root() {
    let site = sample_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let o = run(
        &["build", "--root", site.path().to_str().unwrap()],
        elsewhere.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path().join("public/index.html").is_file());
}
