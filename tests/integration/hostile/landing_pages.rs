//! YAML landing pages given what no writer means: a named pipe or a link
//! out of the site as `index.yml`, aliases that expand without end, nesting
//! that never closes, huge numbers, and a hundred thousand links.

use super::*;

use std::os::unix::fs::symlink;
use std::process::Command;

use super::source_writes::run_bounded;

/// Renders `content/en/index.yml` beside the pages `a.md` and `b.md`, on
/// this thread, so its work can be counted.
fn render_landing(text: &str) -> (Rendered, Option<helpsite::landing::Landing>) {
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
    let mut locales = BTreeMap::new();
    locales.insert(
        "en".to_string(),
        LocaleFiles::new(set(&["index.yml", "a.md", "b.md"]), set(&["media/p.png"])),
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
    let label = |_: &str, id: &str| id.to_string();
    let site = Default::default();
    let env = Env {
        index: &index,
        label: &label,
        read: &read,
        dialect: Default::default(),
        site: &site,
    };
    helpsite::landing::render(
        &env,
        &PageSource {
            locale: "en",
            path: "index.yml",
            file: "content/en/index.yml",
            text,
            body_start: 0,
        },
    )
}

/// A landing page of `n` links, a quarter of them broken.
fn many_links(n: usize) -> String {
    let mut text = String::from("### YamlMime:Landing\ntitle: Many\nlandingContent:\n  - title: All\n    linkLists:\n      - linkListType: overview\n        links:\n");
    for i in 0..n {
        let target = match i % 4 {
            0 => "gone.md".to_string(),
            1 => format!("a.md#s{i}"),
            2 => "b.md".to_string(),
            _ => format!("https://example.org/{i}"),
        };
        text.push_str(&format!(
            "          - text: Link {i}\n            url: {target}\n"
        ));
    }
    text
}

#[test]
fn a_hundred_thousand_links_cost_linear_work_and_each_broken_one_is_placed() {
    let (rendered, landing) = render_landing(&many_links(100_000));
    let landing = landing.expect("it parses");
    assert_eq!(landing.sections[0].cards[0].links.len(), 100_000);
    let broken: Vec<usize> = rendered
        .diagnostics()
        .iter()
        .filter(|d| d.code.as_str() == "broken-link")
        .map(|d| d.span.line)
        .collect();
    assert_eq!(broken.len(), 25_000);
    // Each at its own `url:` line: link i is written on line 9 + 2i.
    assert_eq!(broken[0], 9);
    assert_eq!(broken[1], 17);
    assert_eq!(broken[24_999], 9 + 2 * 99_996);
    assert_linear(
        "landing page links",
        |n| {
            let text = many_links(n);
            cost(|| render_landing(&text))
        },
        25_000,
    );
}

#[test]
fn alias_bombs_deep_nesting_and_huge_numbers_are_errors_or_text_not_work() {
    let mut bomb = String::from("### YamlMime:Landing\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("title: Bomb\nlandingContent: *a11\n");
    let deep = format!(
        "### YamlMime:Landing\ntitle: {}x{}\n",
        "{a: ".repeat(200_000),
        "}".repeat(200_000)
    );
    for text in [&bomb, &deep] {
        let (steps, bytes) = cost(|| {
            let (rendered, landing) = render_landing(text);
            assert!(landing.is_none());
            let codes: Vec<&str> = rendered
                .diagnostics()
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            assert_eq!(codes, ["yaml-syntax"]);
        });
        assert!(bytes < 64 << 20, "{bytes} bytes allocated");
        assert!(steps < 10_000_000, "{steps} steps");
    }
    let huge = format!(
        "### YamlMime:Hub\ntitle: {}\nsummary: 1e999999\nbrand: 1e-999999\nhighlightedContent:\n  items:\n    - title: 9223372036854775807\n      url: 99999999999999999999999.md\n    - title: escape\n      url: ../../../../../etc/passwd\n    - title: \"\\u202e\"\n      url: \"a.md#\\u202e\"\n",
        "9".repeat(100_000)
    );
    let (rendered, landing) = render_landing(&huge);
    let landing = landing.expect("it parses");
    assert_eq!(landing.title.len(), 100_000);
    let codes: Vec<&str> = rendered
        .diagnostics()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"broken-link"), "{codes:?}");
    assert!(codes.contains(&"path-escape"), "{codes:?}");
    // Integers past 64 bits that fit 128 are ones the parser refuses to
    // hold: an error where they are written, not a panic.
    for number in ["-0x8000000000000000000", "18446744073709551616"] {
        let text = format!("### YamlMime:Hub\ntitle: T\nbrand: {number}\n");
        let (rendered, landing) = render_landing(&text);
        assert!(landing.is_none());
        let d = &rendered.diagnostics()[0];
        assert_eq!(
            (d.code.as_str(), d.span.line, d.span.column),
            ("yaml-syntax", 3, 8)
        );
    }
}

#[test]
fn a_pipe_or_a_link_out_of_the_site_as_index_yml_is_refused_and_nothing_leaves_the_output() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "index.yml",
        "### YamlMime:Landing\ntitle: OUTSIDE-SECRET\n",
    );
    let site = minimal_site();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/en/pipe")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(root.join("content/en/pipe/index.yml"))
        .status()
        .unwrap()
        .success());
    std::fs::create_dir_all(root.join("content/en/linked")).unwrap();
    symlink(
        outside.path().join("index.yml"),
        root.join("content/en/linked/index.yml"),
    )
    .unwrap();
    write(
        root,
        "content/en/out/index.yml",
        "### YamlMime:Landing\ntitle: Out\nlandingContent:\n  - title: T\n    linkLists:\n      - links:\n          - text: up\n            url: ../../../site.toml\n",
    );
    let listing = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing(root);
    let outside_before = listing(outside.path());
    // A link out of the site stops discovery, as for any source.
    let o = run_bounded(&["build", "--keep-going", "--out", "public"], root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/en/linked/index.yml") && err.contains("path-escape"),
        "{err}"
    );
    assert!(!err.contains("OUTSIDE-SECRET"), "{err}");
    std::fs::remove_file(root.join("content/en/linked/index.yml")).unwrap();
    let o = run_bounded(&["build", "--keep-going", "--out", "public"], root);
    let err = stderr(&o);
    assert!(
        err.contains("content/en/out/index.yml:8:18") && err.contains("path-escape"),
        "{err}"
    );
    let out = root.join("public");
    assert!(out.join("en/out/index.html").is_file(), "{err}");
    assert!(!out.join("en/linked/index.html").exists());
    assert!(!out.join("en/pipe/index.html").exists());
    for (rel, text) in html_files(&out) {
        assert!(!text.contains("OUTSIDE-SECRET"), "{rel}");
    }
    let mut after = listing(root);
    // The output, and its lock and stamps beside it.
    after.retain(|n| n != "public" && !n.starts_with(".public.helpsite-"));
    assert_eq!(after, before);
    assert_eq!(listing(outside.path()), outside_before);
}

/// A file of `n` lines whose aliases stand for about n²/4 links.
fn aliased(n: usize) -> String {
    let mut text = String::from("### YamlMime:Landing\ntitle: Wide\nlinks: &ll\n");
    for i in 0..n / 2 {
        text.push_str(&format!("  - {{text: L{i}, url: a.md}}\n"));
    }
    text.push_str("landingContent:\n  - title: C\n    linkLists:\n");
    for _ in 0..n / 2 {
        text.push_str("      - links: *ll\n");
    }
    text
}

#[test]
fn aliases_that_multiply_links_are_refused_at_a_cost_linear_in_the_file() {
    let (rendered, landing) = render_landing(&aliased(2_000));
    assert!(landing.is_none());
    let codes: Vec<&str> = rendered
        .diagnostics()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["yaml-syntax"]);
    assert!(rendered.diagnostics()[0].message.contains("aliases expand"));
    assert_linear(
        "aliases multiplying links",
        |n| {
            let text = aliased(n);
            cost(|| render_landing(&text))
        },
        2_000,
    );
    // 120 cards of 120 lists of 120 links: 1.7 million links from 6 KB.
    let mut card = String::from("### YamlMime:Landing\ntitle: Cube\nl: &ll [");
    card.push_str(&vec!["{text: t, url: a.md}"; 120].join(", "));
    card.push_str("]\nc: &card\n  linkLists: [");
    card.push_str(&vec!["{links: *ll}"; 120].join(", "));
    card.push_str("]\nlandingContent: [");
    card.push_str(&vec!["*card"; 120].join(", "));
    card.push_str("]\n");
    let (steps, bytes) = cost(|| {
        let (rendered, landing) = render_landing(&card);
        assert!(landing.is_none());
        assert_eq!(rendered.diagnostics()[0].code.as_str(), "yaml-syntax");
    });
    assert!(bytes < 16 << 20, "{bytes} bytes allocated");
    assert!(steps < 1_000_000, "{steps} steps");
}
