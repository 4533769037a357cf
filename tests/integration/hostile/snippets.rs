//! Snippet files: huge ranges, FIFOs, large files, BOMs and other encodings.

use super::*;

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

/// `check --format json` under [`LIMIT`]: exit code and `(code, file, line, message)`s.
fn check_within(root: &Path) -> (i32, Vec<(String, String, u64, String)>) {
    check_output(&run_within(&["check", "--format", "json"], root, LIMIT))
}

/// `build --keep-going` under [`LIMIT`], then the text of each snippet's
/// `<code>` on `page`, with the text of its highlighted lines.
fn built_snippets(root: &Path, page: &str) -> Vec<(String, Vec<String>)> {
    let o = run_within(&["build", "--keep-going"], root, LIMIT);
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    let html = std::fs::read_to_string(root.join("public").join(page)).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let code = scraper::Selector::parse("pre.snippet > code").unwrap();
    let marked = scraper::Selector::parse("span.highlight").unwrap();
    doc.select(&code)
        .map(|c| {
            let spans = c.select(&marked).map(|s| s.text().collect()).collect();
            (c.text().collect(), spans)
        })
        .collect()
}

/// `(code, line)` of each diagnostic, all of which must be in `file`.
fn at_lines<'a>(diags: &'a [(String, String, u64, String)], file: &str) -> Vec<(&'a str, u64)> {
    for d in diags {
        assert_eq!(d.1, file, "{diags:?}");
    }
    diags.iter().map(|d| (d.0.as_str(), d.2)).collect()
}

const FIVE: &str = "one\ntwo\nthree\nfour\nfive\n";

#[test]
fn huge_snippet_ranges_and_highlights_are_clamped_to_the_files_lines() {
    let t = minimal_site();
    write(t.path(), "content/en/snippets/f.cs", FIVE);
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n\
         :::code source=\"snippets/f.cs\" range=\"1-999999999\":::\n\n\
         :::code source=\"snippets/f.cs\" range=\"2-18446744073709551615\":::\n\n\
         [!code-cs[x](snippets/f.cs?highlight=1-999999999)]\n\n\
         [!code-cs[x](snippets/f.cs?range=4-18446744073709551615&highlight=2-18446744073709551615)]\n",
    );
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    assert_eq!(
        at_lines(&diags, "content/en/p.md"),
        [
            ("snippet-range", 3),
            ("snippet-range", 5),
            ("snippet-range", 7),
            ("snippet-range", 9),
            ("snippet-range", 9)
        ],
        "{diags:?}"
    );
    let all = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert_eq!(
        built_snippets(t.path(), "en/p.html"),
        [
            (FIVE.to_string(), vec![]),
            ("two\nthree\nfour\nfive\n".to_string(), vec![]),
            (
                FIVE.to_string(),
                all(&["one", "two", "three", "four", "five"])
            ),
            ("four\nfive\n".to_string(), all(&["five"])),
        ]
    );
}

#[test]
fn a_snippet_that_is_a_named_pipe_is_reported_and_never_waited_for() {
    let t = minimal_site();
    std::fs::create_dir_all(t.path().join("content/en/snippets")).unwrap();
    let pipe = t.path().join("content/en/snippets/pipe.cs");
    let made = Command::new("mkfifo").arg(&pipe).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n:::code source=\"snippets/pipe.cs\":::\n",
    );
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    assert_eq!(
        at_lines(&diags, "content/en/p.md"),
        [("snippet-missing", 3)]
    );
    assert!(diags[0].3.contains("named pipe"), "{}", diags[0].3);
    let o = run_within(&["build"], t.path(), LIMIT);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("p.md:3:1: error: snippet file `snippets/pipe.cs`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn repeated_snippet_ranges_are_capped_by_size() {
    let t = minimal_site();
    // 2 MB, 20,000 lines.
    let line = format!("{}\n", "x".repeat(99));
    write(t.path(), "content/en/snippets/big.cs", line.repeat(20_000));
    let range = ["1-"; 40].join(",");
    let page =
        format!("# P\n\n:::code source=\"snippets/big.cs\" range=\"{range}\":::\n\nAfter.\n");
    write(t.path(), "content/en/p.md", &page);
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    assert_eq!(at_lines(&diags, "content/en/p.md"), [("snippet-size", 3)]);
    let snippets = built_snippets(t.path(), "en/p.html");
    let shown = snippets[0].0.len();
    // What fits the 4 MiB budget is shown, in whole lines; nothing more.
    assert!(
        ((4 << 20) - 100..=4 << 20).contains(&shown),
        "{shown} bytes"
    );
    assert_eq!(shown % 100, 0);
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    assert!(html.len() < 5 << 20, "{} bytes", html.len());
    assert!(html.contains("After."));
}

/// `n` lines, every one highlighted: the work grows with `n`, not `n²`.
#[test]
fn highlighting_every_line_costs_linear_work() {
    assert_linear(
        "highlight on every line",
        |n| {
            let file = "let x = 1;\n".repeat(n);
            let page = format!("# P\n\n:::code source=\"f.rs\" highlight=\"1-{n}\":::\n");
            let (steps, bytes) = cost(|| {
                let r = render_with(&page, &[("f.rs", &file)]);
                assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
                assert_eq!(r.html().matches("<span class=\"highlight\">").count(), n);
                r
            });
            // The count covers the snippet's lines, so it can tell n from n².
            assert!(steps >= n as u64, "{steps} steps for {n} lines");
            (steps, bytes)
        },
        2000,
    );
}

/// Renders `p.md` with `files` under `content/en/`, counting how often the
/// renderer asks for a file's text.
fn render_counting_reads(text: &str, files: &[(&str, &str)]) -> (Rendered, usize) {
    let mut locales = BTreeMap::new();
    let listed: HashSet<String> = files.iter().map(|(p, _)| p.to_string()).collect();
    locales.insert(
        "en".to_string(),
        LocaleFiles::new(HashSet::from(["p.md".to_string()]), listed),
    );
    let index = ContentIndex {
        default_locale: "en".into(),
        locales,
        link_prefixes: Vec::new(),
        portal_url: None,
        aliases: HashMap::new(),
        redirects: HashMap::new(),
    };
    let reads = AtomicUsize::new(0);
    let texts: HashMap<&str, Arc<str>> = files.iter().map(|(p, t)| (*p, Arc::from(*t))).collect();
    let read = |_: &str, path: &str| {
        reads.fetch_add(1, Ordering::Relaxed);
        texts.get(path).cloned()
    };
    let label = |_: &str, id: &str| id.to_string();
    let env = Env {
        index: &index,
        label: &label,
        read: &read,
        dialect: Default::default(),
        site: &Default::default(),
    };
    let page = PageSource {
        locale: "en",
        path: "p.md",
        file: "content/en/p.md",
        text,
        body_start: 0,
    };
    let rendered = render_page(&env, &page);
    (rendered, reads.load(Ordering::Relaxed))
}

#[test]
fn a_snippet_file_is_read_once_and_each_region_costs_its_own_lines() {
    assert_linear(
        "regions of one file",
        |n| {
            let mut file = String::new();
            let mut page = String::from("# P\n\n");
            for i in 0..n {
                file.push_str(&format!("// <r{i}>\nint v{i} = {i};\n// </r{i}>\n"));
                page.push_str(&format!(":::code source=\"r.cs\" id=\"r{i}\":::\n\n"));
            }
            let mut reads = 0;
            let counted = cost(|| {
                let (r, read) = render_counting_reads(&page, &[("r.cs", &file)]);
                reads = read;
                assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
                let last = format!(
                    "<code class=\"lang-csharp\">int v{0} = {0};\n</code>",
                    n - 1
                );
                assert!(r.html().contains(&last), "{last}");
                r
            });
            assert_eq!(reads, 1, "{n} regions of one file");
            assert!(counted.0 >= n as u64, "{} steps for {n} regions", counted.0);
            counted
        },
        1000,
    );
}

#[test]
fn an_edited_snippet_file_is_read_again_on_reload() {
    use helpsite::discover::FileKind;
    let t = minimal_site();
    write(
        t.path(),
        "content/en/snippets/a.cs",
        "// <m>\nint before;\n// </m>\n",
    );
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n[!code-cs[m](snippets/a.cs#m)]\n",
    );
    let mut site = helpsite::site::Site::load(t.path()).unwrap();
    let id = site.page_id("en", "p.md").unwrap();
    assert!(site.pages()[id].rendered.html().contains("int before;"));
    write(
        t.path(),
        "content/en/snippets/a.cs",
        "// <m>\nint after;\n// </m>\n",
    );
    let changed = [("en".into(), "snippets/a.cs".into(), FileKind::Asset)];
    let reloaded = site.reload_sources(&changed).unwrap();
    assert!(reloaded.outputs.contains(&id));
    let html = &site.pages()[id].rendered.html();
    assert!(
        html.contains("int after;") && !html.contains("before"),
        "{html}"
    );
}

#[test]
fn a_snippet_with_a_byte_order_mark_finds_its_first_region_and_publishes_no_bom() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/snippets/bom.cs",
        "\u{FEFF}// <first>\nint x;\n// </first>\n",
    );
    write(t.path(), "content/en/snippets/whole.cs", "\u{FEFF}int y;\n");
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n[!code-cs[x](snippets/bom.cs#first)]\n\n:::code source=\"snippets/whole.cs\":::\n",
    );
    let (status, diags) = check_within(t.path());
    assert_eq!((status, diags.len()), (0, 0), "{diags:?}");
    let snippets = built_snippets(t.path(), "en/p.html");
    let texts: Vec<&str> = snippets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(texts, ["int x;\n", "int y;\n"]);
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    assert!(!html.contains('\u{FEFF}'));
}

#[test]
fn a_snippet_that_is_not_utf8_says_what_it_looks_like() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/snippets/latin1.cs",
        b"int x;\n// caf\xe9\n",
    );
    let utf16 = |bom: &[u8]| {
        let mut bytes = bom.to_vec();
        bytes.extend("// café\n".encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    write(t.path(), "content/en/snippets/bare16.cs", utf16(&[]));
    write(
        t.path(),
        "content/en/snippets/bom16.cs",
        utf16(&[0xFF, 0xFE]),
    );
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n:::code source=\"snippets/latin1.cs\":::\n\n\
         :::code source=\"snippets/bare16.cs\":::\n\n\
         :::code source=\"snippets/bom16.cs\":::\n",
    );
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    assert_eq!(
        at_lines(&diags, "content/en/p.md"),
        [("encoding", 3), ("encoding", 5)]
    );
    assert!(
        diags[0].3.contains("`snippets/latin1.cs` is not UTF-8") && diags[0].3.contains("Latin-1"),
        "{}",
        diags[0].3
    );
    assert!(diags[1].3.contains("UTF-16LE"), "{}", diags[1].3);
    // Decoded: UTF-16 with a byte order mark says which it is.
    let snippets = built_snippets(t.path(), "en/p.html");
    let texts: Vec<&str> = snippets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(texts, ["// café\n"]);
}

#[test]
fn utf32_odd_utf16_and_text_with_nuls_are_refused_and_named() {
    let t = minimal_site();
    let utf32le = |text: &str| -> Vec<u8> {
        text.chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect()
    };
    let utf32be = |text: &str| -> Vec<u8> {
        text.chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect()
    };
    let utf16le =
        |text: &str| -> Vec<u8> { text.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let files: [(&str, Vec<u8>, &str); 6] = [
        (
            "a.cs",
            [&[0xFF, 0xFE, 0, 0][..], &utf32le("int x;\n")].concat(),
            "UTF-32LE with a byte order mark",
        ),
        (
            "b.cs",
            utf32le("int y;\n"),
            "UTF-32LE without a byte order mark",
        ),
        (
            "c.cs",
            [&[0xFF, 0xFE][..], &utf16le("int z;\n"), b"A"].concat(),
            "UTF-16LE with a byte order mark, but of an odd number of bytes",
        ),
        (
            "d.cs",
            [&[0, 0, 0xFE, 0xFF][..], &utf32be("int w;\n")].concat(),
            "UTF-32BE with a byte order mark",
        ),
        // ASCII in UTF-16 is valid UTF-8, with a NUL after every letter.
        (
            "e.cs",
            utf16le("int v;\n"),
            "UTF-16LE without a byte order mark",
        ),
        ("f.cs", b"int u;\nint\0t;\n".to_vec(), "NUL characters"),
    ];
    let mut page = String::from("# P\n");
    for (name, bytes, _) in &files {
        write(t.path(), &format!("content/en/s/{name}"), bytes);
        page.push_str(&format!("\n:::code source=\"s/{name}\":::\n"));
    }
    write(t.path(), "content/en/p.md", &page);
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    assert_eq!(
        at_lines(&diags, "content/en/p.md"),
        [3, 5, 7, 9, 11, 13].map(|line| ("encoding", line)),
        "{diags:?}"
    );
    for ((name, _, looks_like), diag) in files.iter().zip(&diags) {
        assert!(
            diag.3.contains(&format!("`s/{name}`")) && diag.3.contains(looks_like),
            "{name}: {}",
            diag.3
        );
    }
    // Nothing of them is published: no NULs, no stray `A`.
    assert_eq!(built_snippets(t.path(), "en/p.html"), []);
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    assert!(!html.contains('\0'), "{html}");
}
