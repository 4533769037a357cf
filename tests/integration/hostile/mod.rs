//! The bad-input catalogue: every hostile or broken input found by the
//! hardening review, one test each, in one place. Each gives a clear
//! diagnostic or a correct result: no write outside `--out`, no crash, no
//! growth worse than linear, no corrupt or missing output.
//!
//! The growth tests feed an input and the same input 4× larger, and count
//! work (steps of the code under test, or bytes allocated), never time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::support::*;
use helpsite::diagnostics::{work, Diagnostic};
use helpsite::links::{ContentIndex, LocaleFiles};
use helpsite::markdown::{render_page, Env, PageSource, Rendered};

/// Counts the bytes each thread allocates, for the growth tests.
struct Counting;

thread_local! {
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATED.try_with(|a| a.set(a.get() + layout.size() as u64));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATED.try_with(|a| a.set(a.get() + new_size as u64));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// `(steps, bytes allocated)` on this thread while `f` runs.
fn cost<T>(f: impl FnOnce() -> T) -> (u64, u64) {
    work::take();
    let before = ALLOCATED.with(Cell::get);
    let result = f();
    let bytes = ALLOCATED.with(Cell::get) - before;
    drop(result);
    (work::take(), bytes)
}

/// Asserts 4× the input costs at most about 4× the work and allocation.
fn assert_linear(what: &str, make: impl Fn(usize) -> (u64, u64), n: usize) {
    let (steps1, bytes1) = make(n);
    let (steps4, bytes4) = make(4 * n);
    eprintln!("{what}: steps {steps1} → {steps4}, bytes {bytes1} → {bytes4}");
    assert!(
        steps4 <= steps1 * 5,
        "{what}: 4× the input took {steps4} steps after {steps1}"
    );
    assert!(
        bytes4 <= bytes1 * 5,
        "{what}: 4× the input allocated {bytes4} bytes after {bytes1}"
    );
}

/// `check --format json`: exit code and `(code, file, line, message)` of each diagnostic.
fn check(root: &Path) -> (i32, Vec<(String, String, u64, String)>) {
    check_output(&run(&["check", "--format", "json"], root))
}

/// The exit code and `(code, file, line, message)`s of a `check --format json` run.
fn check_output(o: &std::process::Output) -> (i32, Vec<(String, String, u64, String)>) {
    let json: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON output: {e}\n{}", stderr(o)));
    let diags = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (o.status.code().unwrap_or(-1), diags)
}

/// Runs helpsite, killing it and failing the test if it has not ended
/// within `limit`: a regression must fail the suite, not hang it.
fn run_within(args: &[&str], cwd: &Path, limit: std::time::Duration) -> std::process::Output {
    let mut child = std::process::Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run helpsite");
    // Drained while it runs, so a full pipe cannot stall it.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`helpsite {}` still ran after {limit:?}", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    std::process::Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn codes(diags: &[(String, String, u64, String)]) -> Vec<&str> {
    diags.iter().map(|d| d.0.as_str()).collect()
}

/// Renders one English page `p.md` directly, on this thread, so the
/// growth tests can count its work.
fn render(text: &str) -> Rendered {
    render_with(text, &[])
}

/// The same, with include files `(path, text)` under `content/en/`.
fn render_with(text: &str, includes: &[(&str, &str)]) -> Rendered {
    let mut files = vec![("media/shot.png", "")];
    files.extend_from_slice(includes);
    render_in(text, 0, &Default::default(), &["p.md", "a.md"], &files)
}

/// Renders `content/en/p.md` with the site-wide `site`, beside the pages
/// `pages` and the other files `(path, text)` of the English locale.
fn render_in(
    text: &str,
    body_start: usize,
    site: &helpsite::markdown::SiteExtras,
    pages: &[&str],
    files: &[(&str, &str)],
) -> Rendered {
    let set = |v: &mut dyn Iterator<Item = &str>| v.map(str::to_string).collect::<HashSet<_>>();
    let mut locales = BTreeMap::new();
    locales.insert(
        "en".to_string(),
        LocaleFiles::new(
            set(&mut pages.iter().copied()),
            set(&mut files.iter().map(|(p, _)| *p)),
        ),
    );
    let index = ContentIndex {
        default_locale: "en".into(),
        locales,
        link_prefixes: Vec::new(),
        portal_url: None,
        aliases: HashMap::new(),
        redirects: HashMap::new(),
    };
    let texts: HashMap<String, Arc<str>> = files
        .iter()
        .map(|(p, t)| (p.to_string(), Arc::from(*t)))
        .collect();
    let read = move |_: &str, path: &str| texts.get(path).cloned();
    let label = |_: &str, id: &str| id.to_string();
    let env = Env {
        index: &index,
        label: &label,
        read: &read,
        dialect: Default::default(),
        site,
    };
    render_page(
        &env,
        &PageSource {
            locale: "en",
            path: "p.md",
            file: "content/en/p.md",
            text,
            body_start,
        },
    )
}

// ── 1. Locales are language tags ─────────────────────────────────────────

#[test]
fn a_locale_that_is_a_path_is_refused_and_nothing_is_written_outside() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    copy_dir(sample_site().path(), &root);
    let victim = t.path().join("victim");
    write(&victim, "index.html", "ORIGINAL\n");
    write(&victim, "x.md", "# x\n");
    let mut toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    toml.push_str("locales = [\"en\", \"nl\", \"../../victim\"]\n");
    write(&root, "site.toml", toml);
    let o = run(&["build"], &root);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("[config]"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(victim.join("index.html")).unwrap(),
        "ORIGINAL\n"
    );
    let names: Vec<_> = std::fs::read_dir(&victim).unwrap().flatten().collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn the_language_chooser_has_no_inline_script() {
    let site = sample_site();
    let o = run(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("script").unwrap();
    let scripts: Vec<_> = doc.select(&sel).collect();
    assert!(!scripts.is_empty());
    for s in scripts {
        assert!(
            s.text().all(|t| t.trim().is_empty()),
            "inline script text in the chooser: {}",
            s.html()
        );
        let src = s.value().attr("src").expect("a script file");
        assert!(site.path().join("public").join(src).is_file(), "{src}");
    }
}

// ── 2./3. Includes: deep, exponential ────────────────────────────────────

#[test]
fn a_thousand_nested_includes_give_an_include_depth_error_not_a_crash() {
    let t = minimal_site();
    for i in 0..1000 {
        write(
            t.path(),
            &format!("content/en/includes/i{i}.md"),
            format!("L\n\n[!INCLUDE[x](i{}.md)]\n", i + 1),
        );
    }
    write(t.path(), "content/en/includes/i1000.md", "end\n");
    write(
        t.path(),
        "content/en/deep.md",
        "# D\n\n[!INCLUDE[x](includes/i0.md)]\n",
    );
    let (status, diags) = check(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let depth: Vec<_> = diags.iter().filter(|d| d.0 == "include-depth").collect();
    assert_eq!(depth.len(), 1, "{diags:?}");
    // Reported where the 33rd level is written: in include 31, naming the page.
    assert_eq!(depth[0].1, "content/en/includes/i31.md");
    assert!(depth[0].3.contains("deep.md"), "{}", depth[0].3);
}

#[test]
fn includes_that_double_at_every_level_are_capped_by_size() {
    let t = minimal_site();
    for i in 0..24 {
        write(
            t.path(),
            &format!("content/en/includes/d{i}.md"),
            format!(
                "Some words here.\n\n[!INCLUDE[a](d{n}.md)]\n\n[!INCLUDE[b](d{n}.md)]\n",
                n = i + 1
            ),
        );
    }
    write(t.path(), "content/en/includes/d24.md", "leaf text\n");
    write(
        t.path(),
        "content/en/boom.md",
        "# B\n\n[!INCLUDE[x](includes/d0.md)]\n",
    );
    let (status, diags) = check(t.path());
    assert_eq!(status, 1, "{diags:?}");
    assert_eq!(
        diags.iter().filter(|d| d.0 == "include-size").count(),
        1,
        "{diags:?}"
    );
    // The build writes a page of bounded size.
    let o = run(&["build", "--keep-going"], t.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let page = std::fs::metadata(t.path().join("public/en/boom.html")).unwrap();
    assert!(page.len() < 64 << 20, "{} bytes", page.len());
}

#[test]
fn an_include_used_many_times_on_a_page_is_rendered_once() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/includes/note.md",
        "A [broken](nowhere.md) link.\n",
    );
    let mut page = String::from("# P\n\n");
    for _ in 0..50 {
        page.push_str("[!INCLUDE[n](includes/note.md)]\n\n");
    }
    write(t.path(), "content/en/p.md", &page);
    let (_, diags) = check(t.path());
    assert_eq!(codes(&diags), ["broken-link"], "{diags:?}");
    let o = run(&["build", "--keep-going"], t.path());
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    assert_eq!(html.matches("A <a").count(), 50, "{}", stderr(&o));
}

// ── 4. Quadratic inputs ──────────────────────────────────────────────────

#[test]
fn duplicate_anchor_names_on_one_line_cost_linear_work() {
    assert_linear(
        "duplicate <a name> on one line",
        |n| {
            let line = "<a name=\"x\"></a> ".repeat(n);
            cost(|| {
                let r = render(&format!("# P\n\n{line}\n"));
                assert_eq!(r.diagnostics().len(), n - 1);
                r
            })
        },
        2500,
    );
}

#[test]
fn identical_headings_cost_linear_work() {
    assert_linear(
        "identical headings",
        |n| {
            let page = "## Same\n\n".repeat(n);
            cost(|| {
                let r = render(&page);
                assert_eq!(r.headings().last().unwrap().id, format!("same-{}", n - 1));
                r
            })
        },
        2500,
    );
}

/// A broken link's "did you mean" reads the pages of its own folder only.
/// Reading every page for every broken link made `check` grow with the
/// square of the site: the bench sites copy the corpus, broken links and
/// all, into one folder per copy.
#[test]
fn did_you_mean_costs_linear_work_in_folders() {
    use helpsite::links::RefKind;
    assert_linear(
        "broken links, one per folder",
        |n| {
            let pages: HashSet<String> = (0..n)
                .flat_map(|i| [format!("c{i}/setup.md"), format!("c{i}/sign-in.md")])
                .collect();
            let mut locales = BTreeMap::new();
            locales.insert("en".to_string(), LocaleFiles::new(pages, HashSet::new()));
            let index = ContentIndex {
                default_locale: "en".into(),
                locales,
                link_prefixes: Vec::new(),
                portal_url: None,
                aliases: HashMap::new(),
                redirects: HashMap::new(),
            };
            cost(|| {
                for i in 0..n {
                    let dir = format!("c{i}");
                    let r = index.resolve("en", &dir, &dir, "setpu.md", RefKind::Link);
                    let suggestion = r.problems[0].suggestion.clone().unwrap_or_default();
                    assert!(suggestion.contains("setup.md"), "{suggestion}");
                }
            })
        },
        500,
    );
}

#[test]
fn many_links_cost_linear_work() {
    assert_linear(
        "links, valid and broken",
        |n| {
            let page = "[ok](a.md#top) and [bad](gone.md)\n\n".repeat(n);
            cost(|| {
                let r = render(&page);
                assert_eq!(r.diagnostics().len(), n);
                assert_eq!(r.diagnostics().last().unwrap().span.line, 2 * n - 1);
                r
            })
        },
        2000,
    );
}

#[test]
fn a_fluent_file_with_many_messages_costs_linear_work() {
    assert_linear(
        "Fluent messages",
        |n| {
            let t = tempfile::tempdir().unwrap();
            let mut ftl = String::new();
            for i in 0..n {
                ftl.push_str(&format!("message-{i} = Text {i}\n"));
            }
            write(t.path(), "locales/en/ui.ftl", &ftl);
            cost(|| {
                let mut diags: Vec<Diagnostic> = Vec::new();
                let ui = helpsite::l10n::ui_strings::UiStrings::load(
                    t.path(),
                    &["en".to_string()],
                    "en",
                    &mut diags,
                );
                assert_eq!(
                    ui.text("en", &format!("message-{}", n - 1)),
                    format!("Text {}", n - 1)
                );
                ui
            })
        },
        2500,
    );
}

#[test]
fn ten_thousand_duplicate_names_on_one_line_are_checked_quickly() {
    let t = minimal_site();
    let line = "<a name=\"dup\"></a>".repeat(10_000);
    write(t.path(), "content/en/p.md", format!("# P\n\n{line}\n"));
    let o = run(&["check"], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The shown source line is a window, not the whole 180 KB line.
    let longest = stderr(&o).lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 1000, "a {longest}-byte line of output");
}

// ── 11./12. Include syntax as an example; lone-CR bodies ─────────────────

#[test]
fn include_syntax_in_code_or_escaped_is_shown_not_expanded() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\nInline `[!INCLUDE[t](missing.md)]` code.\n\n```md\n[!INCLUDE[t](missing-too.md)]\n```\n\nEscaped \\[!INCLUDE[t](index.md)] text.\n",
    );
    let (status, diags) = check(t.path());
    assert_eq!((status, diags.len()), (0, 0), "{diags:?}");
    let o = run(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    assert!(!html.contains("hsi:"), "{html}");
    let doc = scraper::Html::parse_document(&html);
    let code = scraper::Selector::parse("code").unwrap();
    let codes: Vec<String> = doc.select(&code).map(|c| c.text().collect()).collect();
    assert_eq!(codes[0], "[!INCLUDE[t](missing.md)]");
    assert_eq!(codes[1], "[!INCLUDE[t](missing-too.md)]\n");
    // Only the first bracket is escaped: the rest is an ordinary link.
    assert!(
        html.contains("Escaped [!INCLUDE<a href=\"index.html\">t</a>] text."),
        "{html}"
    );
}

#[test]
fn lone_cr_line_breaks_in_the_body_are_line_breaks() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/p.md",
        "---\rtitle: P\r---\r# Title\r\rText with a [link](nowhere.md).\r\r![shot](media/none.png)\r",
    );
    let (_, diags) = check(t.path());
    let found: Vec<(&str, u64)> = diags.iter().map(|d| (d.0.as_str(), d.2)).collect();
    assert_eq!(
        found,
        [("broken-link", 6), ("missing-media", 8)],
        "{diags:?}"
    );
    let _ = run(&["build", "--keep-going"], t.path());
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let h1 = scraper::Selector::parse("article h1, main h1").unwrap();
    let h1s: Vec<String> = doc.select(&h1).map(|h| h.text().collect()).collect();
    assert_eq!(h1s, ["Title"]);
}

// ── 14. Script URLs and heading attributes ───────────────────────────────

#[test]
fn script_urls_are_refused_in_links_toc_autolinks_and_redirects() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n[a](JavaScript:alert(1)) [b](java%0ascript:alert(2)) [c](&#x20;vbscript:msgbox) \
         [d](data:text/html,x) <javascript:alert(3)> [ok](https://example.com)\n\n\
         ![pic](data:image/png;base64,AAAA)\n",
    );
    write(
        t.path(),
        "content/en/TOC.md",
        "# [Home](index.md)\n# [Bad](jAvAsCrIpT:alert(4))\n",
    );
    write(
        t.path(),
        "content/en/r.md",
        "---\nredirect_url: \" javascript:alert(5)\"\n---\n",
    );
    let (status, diags) = check(t.path());
    assert_eq!(status, 1);
    let unsafe_at: Vec<(&str, u64)> = diags
        .iter()
        .filter(|d| d.0 == "unsafe-url")
        .map(|d| (d.1.as_str(), d.2))
        .collect();
    assert_eq!(
        unsafe_at,
        [
            ("content/en/TOC.md", 2),
            ("content/en/p.md", 3),
            ("content/en/p.md", 3),
            ("content/en/p.md", 3),
            ("content/en/p.md", 3),
            ("content/en/p.md", 3),
            ("content/en/r.md", 2),
        ],
        "{diags:?}"
    );
    let _ = run(&["build", "--keep-going"], t.path());
    let all = scraper::Selector::parse("*").unwrap();
    for (name, html) in html_files(&t.path().join("public")) {
        let doc = scraper::Html::parse_document(&html);
        for el in doc.select(&all) {
            for (attr, value) in el.value().attrs() {
                let v = value.to_ascii_lowercase();
                for bad in ["javascript:", "vbscript:", "data:text"] {
                    assert!(!v.contains(bad), "{name}: {attr}=\"{value}\"");
                }
            }
        }
    }
    let p = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    assert!(p.contains("href=\"https://example.com\""));
    assert!(p.contains("src=\"data:image/png;base64,AAAA\""));
}

#[test]
fn heading_attributes_other_than_id_and_class_are_dropped() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n## H {#h .wide onfocus=alert(1) autofocus=1 tabindex=1}\n",
    );
    let (status, diags) = check(t.path());
    assert_eq!(status, 0);
    assert_eq!(codes(&diags), ["heading-attribute"; 3], "{diags:?}");
    let _ = run(&["build"], t.path());
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let h2 = doc
        .select(&scraper::Selector::parse("h2#h").unwrap())
        .next()
        .expect("the heading keeps its id");
    let attrs: Vec<&str> = h2.value().attrs().map(|(n, _)| n).collect();
    assert_eq!(attrs.len(), 2, "{attrs:?}");
    assert_eq!(h2.value().attr("class"), Some("wide"));
}

// ── 5./9./10. Zip and output: concurrent, killed, refused ────────────────

#[test]
fn concurrent_zips_to_one_path_are_each_whole() {
    let site = sample_site();
    let zip = site.path().join("help.zip");
    let zip_arg = zip.to_str().unwrap().to_string();
    let children: Vec<_> = (0..4)
        .map(|i| {
            std::process::Command::new(BIN)
                .args(["build", "--out", &format!("out{i}"), "--zip", &zip_arg])
                .current_dir(site.path())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        std::io::copy(&mut f, &mut std::io::sink()).expect("every entry reads back");
    }
    let left: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("help.zip."))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_build_killed_between_renames_is_recovered_and_stale_folders_are_removed() {
    let site = sample_site();
    let o = run(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let public = site.path().join("public");
    // What a kill between the two renames left: no public/, the previous
    // output under old-<pid>, a half-written new-<pid>.
    std::fs::rename(&public, site.path().join(".public.helpsite-old-999999")).unwrap();
    write(
        site.path(),
        ".public.helpsite-new-999999/en/half.html",
        "<p>half",
    );
    write(site.path(), ".public.helpsite-new-999998/x", "x");
    // Broken so the build fails: the recovered previous output must stay.
    write(
        site.path(),
        "content/en/broken.md",
        "# B\n\n[x](nowhere.md)\n",
    );
    let o = run(&["build"], site.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(public.join("en/index.html").is_file());
    // Recovered whole: the previous output, known by its signed urls.json.
    assert!(std::fs::read_to_string(public.join("urls.json"))
        .unwrap()
        .starts_with("{\n  \"generator\": \"helpsite\""));
    let names: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("helpsite-new") || n.contains("helpsite-old"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn concurrent_builds_to_one_output_all_succeed() {
    let site = sample_site();
    for _ in 0..3 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                std::process::Command::new(BIN)
                    .arg("build")
                    .current_dir(site.path())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        }
        assert!(site.path().join("public/en/index.html").is_file());
    }
}

#[test]
fn a_zip_that_cannot_be_written_leaves_the_previous_output() {
    let site = sample_site();
    let o = run(&["build"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot_tree(&site.path().join("public"));
    write(site.path(), "content/en/new-page.md", "# New\n");
    // A file where the zip's folder should be: the zip cannot be written.
    write(site.path(), "blocked", "a file");
    let o = run(&["build", "--zip", "blocked/help.zip"], site.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(snapshot_tree(&site.path().join("public")), before);
}

#[test]
fn zip_and_status_paths_get_the_same_refusals_as_out() {
    let site = sample_site();
    let page = site.path().join("content/en/index.md");
    let original = std::fs::read(&page).unwrap();
    for args in [
        &["build", "--zip", "content/en/index.md"][..],
        &["build", "--zip", "static/help.zip"],
        &["build", "--zip", "content"],
        &["l10n", "status", "--out", "content/en/index.md"],
        &["l10n", "status", "--out", "templates/status.html"],
    ] {
        let o = run(args, site.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("refusing"), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(&page).unwrap(), original);
    assert!(!site.path().join("static/help.zip").exists());
    // A file of the user's own is not replaced; helpsite's own output is.
    write(site.path(), "notes.txt", "mine");
    let o = run(&["l10n", "status", "--out", "notes.txt"], site.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(site.path().join("notes.txt")).unwrap(),
        "mine"
    );
    for format in ["text", "json", "html"] {
        for _ in 0..2 {
            let o = run(
                &["l10n", "status", "--format", format, "--out", "status.out"],
                site.path(),
            );
            assert!(o.status.success(), "{format}: {}", stderr(&o));
        }
    }
    write(site.path(), "other.zip", "not ours");
    let o = run(&["build", "--zip", "other.zip"], site.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    for _ in 0..2 {
        let o = run(&["build", "--zip", "public/help.zip"], site.path());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let zip =
        zip::ZipArchive::new(std::fs::File::open(site.path().join("public/help.zip")).unwrap())
            .unwrap();
    assert!(
        zip.file_names().all(|n| !n.unwrap().ends_with(".zip")),
        "the zip holds itself"
    );
}

// ── 17. Small inconsistencies ────────────────────────────────────────────

#[test]
fn a_missing_root_is_a_usage_error_for_every_command() {
    let t = tempfile::tempdir().unwrap();
    for args in [
        &["build", "--root", "/nonexistent-site"][..],
        &["check", "--root", "/nonexistent-site"],
        &["l10n", "status", "--root", "/nonexistent-site"],
        &["serve", "--root", "/nonexistent-site", "--port", "0"],
    ] {
        let o = run(args, t.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("/nonexistent-site"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn command_line_paths_are_relative_to_the_current_folder() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    copy_dir(sample_site().path(), &site);
    let o = run(
        &["build", "--root", "site", "--out", "out2", "--zip", "h.zip"],
        t.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(t.path().join("out2/en/index.html").is_file());
    assert!(t.path().join("h.zip").is_file());
    assert!(!site.join("out2").exists());
    // The refusal rules see the path the shell meant.
    let o = run(
        &["build", "--root", "site", "--out", "site/content/out"],
        t.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(
        &["l10n", "status", "--root", "site", "--out", "s.txt"],
        t.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(t.path().join("s.txt").is_file());
    // Without --out the output goes into the site root, as before.
    let o = run(&["build", "--root", "site"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("public/en/index.html").is_file());
}

#[test]
fn control_characters_are_printed_visibly() {
    let t = minimal_site();
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n<a name=\"d\u{1b}[31m\0\"></a> <a name=\"d\u{1b}[31m\0\"></a>\n",
    );
    let o = run(&["check"], t.path());
    let err = stderr(&o);
    assert!(err.contains("duplicate-id"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\0'), "{err:?}");
}

// ── 6./13. Symlinks, dot entries ─────────────────────────────────────────

#[test]
fn symlinks_out_of_the_site_are_refused_and_dotfiles_are_not_published() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "SECRET-FILE");
    write(outside.path(), "pages/leak.md", "# Leak\n\nSECRET-PAGE\n");
    let site = sample_site();
    let root = site.path();
    symlink(
        outside.path().join("secret.txt"),
        root.join("content/en/media/p.png"),
    )
    .unwrap();
    symlink(outside.path().join("secret.txt"), root.join("static/p.txt")).unwrap();
    symlink(outside.path().join("pages"), root.join("content/en/linked")).unwrap();
    // Inside the root a link is fine, file or folder.
    symlink(
        root.join("content/en/index.md"),
        root.join("content/en/alias.md"),
    )
    .unwrap();
    write(root, "shared/extra.md", "# Extra\n\nShared page.\n");
    symlink(root.join("shared"), root.join("content/en/shared")).unwrap();
    // Dot entries are never pages or assets; an Emacs lock file dangles.
    symlink("user@host.1234:1", root.join("content/en/.#index.md")).unwrap();
    write(root, "static/.env", "TOKEN=SECRET-ENV");
    write(root, "static/.well-known/security.txt", "Contact: x");
    let mut toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    toml.push_str("static_dotfiles = [\".well-known/security.txt\"]\n");
    write(root, "site.toml", toml);

    let (status, diags) = check(root);
    assert_eq!(status, 1, "{diags:?}");
    let escapes: Vec<&str> = diags
        .iter()
        .filter(|d| d.0 == "path-escape")
        .map(|d| d.1.as_str())
        .collect();
    assert_eq!(
        escapes,
        ["content/en/linked", "content/en/media/p.png"],
        "{diags:?}"
    );
    let secret = outside.path().join("secret.txt");
    assert!(diags.iter().any(|d| d.3.contains(secret.to_str().unwrap())));
    assert!(diags.iter().all(|d| !d.1.contains(".#")), "{diags:?}");
    // Problems in content/ stop the load; with them gone, static/ is checked.
    let o = run(&["build", "--keep-going"], root);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!root.join("public").exists());
    std::fs::remove_file(root.join("content/en/media/p.png")).unwrap();
    std::fs::remove_file(root.join("content/en/linked")).unwrap();
    let (_, diags) = check(root);
    let escapes: Vec<&str> = diags
        .iter()
        .filter(|d| d.0 == "path-escape")
        .map(|d| d.1.as_str())
        .collect();
    assert_eq!(escapes, ["static/p.txt"], "{diags:?}");

    let o = run(&["build", "--keep-going"], root);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = root.join("public");
    for (name, bytes) in snapshot_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for s in ["SECRET-FILE", "SECRET-PAGE", "SECRET-ENV"] {
            assert!(!text.contains(s), "{s} published in {name}");
        }
    }
    assert!(out.join("en/alias.html").is_file());
    assert!(out.join("en/shared/extra.html").is_file());
    assert!(out.join(".well-known/security.txt").is_file());
    assert!(!out.join(".env").exists());
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    assert!(!sw.contains(".env"));
}

#[test]
fn names_that_cannot_be_urls_are_skipped_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let t = minimal_site();
    write(t.path(), "content/en/back\\slash.md", "# B\n");
    write(t.path(), "content/en/tab\there.md", "# T\n");
    let bad = std::ffi::OsStr::from_bytes(b"bad\xffname.md");
    std::fs::write(t.path().join("content/en").join(bad), "# N\n").unwrap();
    let (status, diags) = check(t.path());
    assert_eq!(status, 0, "{diags:?}");
    assert_eq!(codes(&diags), ["encoding"; 3], "{diags:?}");
    let o = run(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = t.path().join("public/en");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html") || !n.contains('.'))
        .collect();
    names.sort();
    // `search-index/` holds the search index's shards.
    assert_eq!(
        names,
        [
            "404.html",
            "index.html",
            "print.html",
            "search-index",
            "search.html"
        ]
    );
}

// ── 8. check --fix ───────────────────────────────────────────────────────

#[test]
fn fix_rewrites_the_destination_not_an_equal_title_or_alt_and_skips_symlinks() {
    let t = minimal_site();
    write(t.path(), "content/en/media/x.png", "PNG");
    write(
        t.path(),
        "shared/p.md",
        "# P\n\n[t](./Media/X.png \"./Media/X.png\")\n\n<img src=\"media/X.png\" alt=\"media/X.png\">\n",
    );
    std::os::unix::fs::symlink(
        t.path().join("shared/p.md"),
        t.path().join("content/en/p.md"),
    )
    .unwrap();
    let (_, diags) = check(t.path());
    let o = run(&["check", "--format", "json"], t.path());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let columns: Vec<u64> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["column"].as_u64().unwrap())
        .collect();
    assert_eq!(codes(&diags), ["case-mismatch"; 2], "{diags:?}");
    assert_eq!(columns, [5, 11]);
    // A symlinked source is left alone, and --fix says why: the link's
    // target may be shared, or another locale's page.
    let original = std::fs::read_to_string(t.path().join("shared/p.md")).unwrap();
    let o = run(&["check", "--fix"], t.path());
    let shared = t.path().join("shared/p.md");
    assert!(
        stderr(&o).contains(&format!(
            "content/en/p.md: not fixed: it is a symlink to `{}`",
            shared.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("nothing to fix"), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(t.path().join("content/en/p.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&shared).unwrap(), original);

    // The same page as a file of its own gets the destinations fixed.
    std::fs::remove_file(t.path().join("content/en/p.md")).unwrap();
    std::fs::rename(&shared, t.path().join("content/en/p.md")).unwrap();
    let o = run(&["check", "--fix"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(t.path().join("content/en/p.md")).unwrap(),
        "# P\n\n[t](./media/x.png \"./Media/X.png\")\n\n<img src=\"media/x.png\" alt=\"media/X.png\">\n"
    );
}

// ── 16. Memory does not follow the largest file ──────────────────────────

#[test]
fn large_static_files_are_hashed_and_copied_in_blocks() {
    let t = minimal_site();
    let big = |name: &str, len: u64| {
        std::fs::create_dir_all(t.path().join("static")).unwrap();
        let f = std::fs::File::create(t.path().join("static").join(name)).unwrap();
        f.set_len(len).unwrap(); // sparse: costs no disk
    };
    big("download.bin", 48 << 20);
    big("huge.css", 24 << 20);
    let site = helpsite::site::Site::load(t.path()).expect("loads");
    let (_, bytes) = cost(|| helpsite::offline::Generated::compute(&site, &Default::default()));
    assert!(bytes < 16 << 20, "generating allocated {bytes} bytes");
    let o = run(&["build"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let len = std::fs::metadata(t.path().join("public/download.bin"))
        .unwrap()
        .len();
    assert_eq!(len, 48 << 20);
}

// ── 15. serve: foreign hosts, half-open and idle connections ─────────────

/// `helpsite serve` on an ephemeral port; killed on drop.
struct Served {
    child: std::process::Child,
    port: u16,
    _site: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Served {
    use std::io::BufRead;
    let site = sample_site();
    let mut child = std::process::Command::new(BIN)
        .args(["serve", "--port", "0"])
        .current_dir(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Served {
        child,
        port,
        _site: site,
    }
}

/// Sends `request` and reads until the server closes the connection, or
/// `None` if it is still open after `wait`.
fn send(port: u16, request: &str, wait: std::time::Duration) -> Option<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Some(String::from_utf8_lossy(&got).into_owned()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => return None,
        }
    }
}

#[test]
fn serve_refuses_a_host_with_userinfo_and_closes_idle_connections() {
    let server = serve();
    let port = server.port;
    let wait = std::time::Duration::from_secs(30);
    let evil = send(
        port,
        &format!("GET /help/en/index.html HTTP/1.1\r\nHost: localhost:{port}@evil.com\r\nConnection: close\r\n\r\n"),
        wait,
    )
    .expect("answered and closed");
    assert!(!evil.starts_with("HTTP/1.1 200"), "{evil}");
    let idle = std::thread::spawn(move || {
        // A full request with keep-alive, then silence: closed after the answer.
        send(
            port,
            &format!("GET /help/en/index.html HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"),
            wait,
        )
    });
    // Half a request, then silence.
    let half = send(port, "GET /help/en/index.html HTTP/1.1\r\nHo", wait);
    assert!(half.is_some(), "a half-open connection stayed open");
    let idle = idle
        .join()
        .unwrap()
        .expect("an idle connection stayed open");
    assert!(idle.starts_with("HTTP/1.1 200"), "{idle}");
}

#[test]
fn l10n_add_needs_an_existing_locale_or_new_locale() {
    let site = sample_site();
    let page = "index.md";
    for locale in ["fr", "NL"] {
        let o = run(&["l10n", "add", "--locale", locale, page], site.path());
        assert_eq!(o.status.code(), Some(2), "{locale}: {}", stderr(&o));
        assert!(!site.path().join("content/fr").exists());
    }
    let o = run(&["l10n", "add", "--locale", "NL", page], site.path());
    assert!(stderr(&o).contains("did you mean `nl`"), "{}", stderr(&o));
    let o = run(
        &["l10n", "add", "--locale", "fr", "--new-locale", page],
        site.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path().join("content/fr/index.md").is_file());
}

// ── Fuzzing: page text with includes, alerts, links and line endings ─────

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces real pages are made of, and the hostile ones from this file.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("# Title".to_string()),
            Just("## Same {#same .c onclick=x}".to_string()),
            Just("> [!NOTE]".to_string()),
            Just("> [!div class=\"op_single_selector\"]".to_string()),
            Just("> text in a quote".to_string()),
            Just("- [a](a.md#top)".to_string()),
            Just("[!INCLUDE[i](includes/a.md)]".to_string()),
            Just("text [!include[i](includes/b.md)] inline".to_string()),
            Just("[!INCLUDE[loop](includes/loop.md)]".to_string()),
            Just("[!INCLUDE[none](includes/none.md)]".to_string()),
            Just("`[!INCLUDE[c](includes/a.md)]`".to_string()),
            Just("```".to_string()),
            Just("\\[!INCLUDE[e](includes/a.md)]".to_string()),
            Just("[bad](JaVa%0aScRiPt:alert(1)) <vbscript:x>".to_string()),
            Just("![shot](media/Shot.png \"media/Shot.png\")".to_string()),
            Just("<a name=\"n\"></a><a name=\"n\"></a>".to_string()),
            Just("<!--hsi:0: -->".to_string()),
            // DocFX Flavored Markdown extensions, whole and broken.
            Just("# [Linux](#tab/linux)".to_string()),
            Just("## [Mac](#tab/mac/linux)".to_string()),
            Just("---".to_string()),
            Just(":::zone pivot=\"a,b\"".to_string()),
            Just(":::zone-end".to_string()),
            Just(":::moniker range=\">= v1 || v3\"".to_string()),
            Just(":::moniker-end".to_string()),
            Just(":::row:::".to_string()),
            Just(":::column span=\"2\":::".to_string()),
            Just(":::column-end:::".to_string()),
            Just(
                ":::image type=\"complex\" source=\"media/shot.png\" alt-text=\"x\":::".to_string()
            ),
            Just(":::image-end:::".to_string()),
            Just(":::code source=\"includes/a.md\" range=\"1-3\" highlight=\"2\":::".to_string()),
            Just("[!code-cs[x](includes/a.md#r \"t\")]".to_string()),
            Just("text :::no-loc text=\"é\"::: <xref:A.B> @A.B".to_string()),
            Just("> [!VIDEO javascript:alert(1)]".to_string()),
            Just("see https://example.com/x) www.a.b".to_string()),
            "[ -~]{0,12}",
            "\\PC{0,6}",
        ]
    }

    fn line_break() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("\n"),
            Just("\r"),
            Just("\r\n"),
            Just("\n\n"),
            Just("\r\r")
        ]
    }

    fn page() -> impl Strategy<Value = String> {
        proptest::collection::vec((piece(), line_break()), 0..24)
            .prop_map(|parts| parts.into_iter().map(|(p, b)| p + b).collect())
    }

    proptest! {
        // `PROPTEST_CASES=100000 cargo test --release --test integration hostile::fuzz` runs longer.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_page_renders_with_sane_diagnostics(text in page(), inc in page()) {
            let includes = [
                ("includes/a.md", inc.as_str()),
                ("includes/b.md", "B [x](../a.md)\r\r[!INCLUDE[a](a.md)]"),
                ("includes/loop.md", "[!INCLUDE[l](loop.md)]"),
            ];
            let r = render_with(&text, &includes);
            let lines = helpsite::diagnostics::LineIndex::new(&text);
            let last_line = lines.locate(&text, text.len()).line;
            for d in r.diagnostics() {
                if d.span.file == "content/en/p.md" {
                    prop_assert!(d.span.line >= 1 && d.span.line <= last_line, "{}", d.headline());
                }
                prop_assert!(d.span.column >= 1, "{}", d.headline());
            }
            prop_assert!(!r.html().contains("hsi:") || text.contains("<!--hsi:") || inc.contains("<!--hsi:"));
            // No stand-in of a `:::` block is left over.
            prop_assert!(!r.html().contains('\u{1}'), "{}", r.html());
            let doc = scraper::Html::parse_fragment(&r.html());
            let all = scraper::Selector::parse("*").unwrap();
            for el in doc.select(&all) {
                for (name, value) in el.value().attrs() {
                    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                    let v = v.to_ascii_lowercase();
                    prop_assert!(!name.starts_with("on"), "{name} in {}", r.html());
                    prop_assert!(
                        !v.starts_with("javascript:") && !v.starts_with("vbscript:"),
                        "{name}={value}"
                    );
                }
            }
        }
    }
}

// Round 2: the surfaces added by the DocFX extensions, the XLIFF handoff,
// git history, help IDs, `check --against` and the output's own files.
mod against;
mod ci_formats;
mod colon_blocks;
mod content_roots;
mod diagnostic_growth;
mod docfx_families;
mod docfx_repos;
mod docfx_site;
mod hostile_text;
mod hosting;
mod landing_pages;
mod lightbox;
mod markdown_growth;
mod output_signature;
mod outputs;
mod pictures;
mod print_document;
mod scaffold;
mod search_core_node;
mod search_queries;
mod search_sections;
mod snippets;
mod source_pipes;
mod source_writes;
mod tables_images;
mod unrendered;
