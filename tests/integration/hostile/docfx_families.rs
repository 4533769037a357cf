//! DocFX's snippet, notebook, tab and video families under hostile input:
//! huge and broken notebooks, a notebook that is a named pipe or a symlink
//! out of the site, and growth at N and 4N counted in work steps and bytes.

use super::*;

use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

fn check_within(root: &Path) -> (i32, Vec<(String, String, u64, String)>) {
    check_output(&run_within(&["check", "--format", "json"], root, LIMIT))
}

/// A notebook of `cells` code cells, each named `c<i>`, tagged `all`, and
/// holding `line` once.
fn notebook(cells: usize, line: &str) -> String {
    let cell = |i: usize| {
        format!(
            "{{\"cell_type\": \"code\", \"metadata\": {{\"name\": \"c{i}\", \"tags\": [\"all\"]}}, \"source\": [\"{line}\"]}}"
        )
    };
    let cells: Vec<String> = (0..cells).map(cell).collect();
    format!(
        "{{\"cells\": [\n{}\n], \"nbformat\": 4}}",
        cells.join(",\n")
    )
}

#[test]
fn a_notebook_of_a_hundred_thousand_cells_costs_linear_work() {
    assert_linear(
        "notebook cells",
        |n| {
            let file = notebook(n, "x = 1");
            let last = n - 1;
            let page = format!(
                "# P\n\n[!notebook-python[](nb.ipynb?name=c{last})]\n\n:::code source=\"nb.ipynb\" id=\"all\":::\n"
            );
            let (steps, bytes) = cost(|| {
                let r = render_with(&page, &[("nb.ipynb", &file)]);
                assert!(r.diagnostics().is_empty(), "{:?}", r.diagnostics());
                assert_eq!(r.html().matches("x = 1").count(), n + 1);
                r
            });
            assert!(steps >= n as u64, "{steps} steps for {n} cells");
            (steps, bytes)
        },
        25_000,
    );
}

#[test]
fn a_ten_megabyte_notebook_is_shown_and_broken_or_larger_ones_are_reported() {
    let t = minimal_site();
    // About 10 MB: 20,000 cells of 500 bytes each.
    let big = notebook(20_000, &"y".repeat(480));
    assert!(big.len() > 10_000_000, "{} bytes", big.len());
    write(t.path(), "content/en/nb/big.ipynb", &big);
    write(
        t.path(),
        "content/en/nb/broken.ipynb",
        "{\"cells\": [\n  {\"source\": [\"a\"]},\n  {\"source\": ]\n}",
    );
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    write(t.path(), "content/en/nb/deep.ipynb", &deep);
    let huge = format!("{{\"cells\": [], \"pad\": \"{}\"}}", "z".repeat(17 << 20));
    write(t.path(), "content/en/nb/huge.ipynb", &huge);
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n[!notebook-python[](nb/big.ipynb?name=c19999)]\n\n[!notebook-python[](nb/broken.ipynb?name=a)]\n\n[!notebook-python[](nb/deep.ipynb?name=a)]\n\n[!notebook-python[](nb/huge.ipynb?name=a)]\n",
    );
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let found: Vec<(&str, u64)> = diags.iter().map(|d| (d.0.as_str(), d.2)).collect();
    assert_eq!(
        found,
        [
            ("snippet-region", 5),
            ("snippet-region", 7),
            ("snippet-size", 9)
        ],
        "{diags:?}"
    );
    assert!(diags[0].3.contains("line 3, column"), "{}", diags[0].3);
    assert!(diags[1].3.contains("recursion limit"), "{}", diags[1].3);
    let o = run_within(&["build", "--keep-going"], t.path(), LIMIT);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let html = std::fs::read_to_string(t.path().join("public/en/p.html")).unwrap();
    assert_eq!(html.matches(&"y".repeat(480)).count(), 1);
    // Snippet files are read, never published.
    assert!(!t.path().join("public/en/nb/big.ipynb").exists());
}

#[cfg(unix)]
#[test]
fn a_notebook_that_is_a_named_pipe_or_a_link_out_of_the_site_is_never_read() {
    let t = minimal_site();
    std::fs::create_dir_all(t.path().join("content/en/nb")).unwrap();
    let pipe = t.path().join("content/en/nb/pipe.ipynb");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    write(
        t.path(),
        "content/en/p.md",
        "# P\n\n[!notebook-python[](nb/pipe.ipynb?name=c0)]\n\n:::code source=\"nb/out.ipynb\" id=\"c0\":::\n",
    );
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    let found: Vec<(&str, u64)> = diags.iter().map(|d| (d.0.as_str(), d.2)).collect();
    assert_eq!(
        found,
        [("snippet-missing", 3), ("snippet-missing", 5)],
        "{diags:?}"
    );
    assert!(diags[0].3.contains("named pipe"), "{}", diags[0].3);
    // A notebook that links out of the site is refused like any symlink out.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.ipynb");
    std::fs::write(&secret, notebook(1, "SECRET = 1")).unwrap();
    std::os::unix::fs::symlink(&secret, t.path().join("content/en/nb/out.ipynb")).unwrap();
    let (status, diags) = check_within(t.path());
    assert_eq!(status, 1, "{diags:?}");
    assert!(diags.iter().any(|d| d.0 == "path-escape"), "{diags:?}");
    let o = run_within(&["build", "--keep-going"], t.path(), LIMIT);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let public = t.path().join("public");
    let html = std::fs::read_to_string(public.join("en/p.html")).unwrap_or_default();
    assert!(!html.contains("SECRET"));
    assert!(!public.join("en/nb/out.ipynb").exists());
}

#[test]
fn repeated_regions_and_other_forms_cost_linear_work() {
    assert_linear(
        "repeated regions",
        |n| {
            // One name opened n times, n regions in another comment form
            // inside it, and a page that shows each of those.
            let mut file = String::new();
            let mut page = String::from("# P\n\n:::code source=\"r.cs\" id=\"outer\":::\n\n");
            for i in 0..n {
                file.push_str(&format!(
                    "// <outer>\n#region r{i}\nint v{i};\n#endregion\n"
                ));
                page.push_str(&format!("[!code-cs[r](r.cs#r{i})]\n\n"));
            }
            file.push_str("// </outer>\n");
            let (steps, bytes) = cost(|| {
                let r = render_with(&page, &[("r.cs", &file)]);
                let warnings = r.diagnostics().len();
                assert_eq!(warnings, 1, "{:?}", r.diagnostics());
                assert!(r.html().contains(&format!("int v{};", n - 1)));
                r
            });
            assert!(steps >= n as u64, "{steps} steps for {n} regions");
            (steps, bytes)
        },
        1000,
    );
}

#[test]
fn tab_groups_and_videos_in_paragraphs_cost_linear_work() {
    assert_linear(
        "combined tabs and inline videos",
        |n| {
            let mut page = String::from("# P\n\nIntro\n");
            for i in 0..n {
                page.push_str(&format!(
                    ":::video source=\"https://example.com/v{i}\" title=\"V{i}\":::\n"
                ));
            }
            page.push('\n');
            for i in 0..n {
                page.push_str(&format!("# [T{i}](#tab/a{i}+b{i})\n\nIn tab {i}.\n\n"));
            }
            page.push_str("---\n");
            let (steps, bytes) = cost(|| {
                let r = render(&page);
                assert_eq!(
                    r.html().matches("<span class=\"embeddedvideo\">").count(),
                    n
                );
                assert_eq!(r.html().matches("role=\"tabpanel\"").count(), n);
                r
            });
            assert!(steps >= n as u64, "{steps} steps for {n} videos and tabs");
            (steps, bytes)
        },
        500,
    );
}

#[test]
fn click_to_load_videos_with_thumbnails_cost_linear_work() {
    assert_linear(
        "click-to-load videos with thumbnails",
        |n| {
            let mut page = String::from("# P\n\n");
            for i in 0..n {
                page.push_str(&format!(
                    ":::video source=\"https://example.com/v{i}?a='b\" title=\"V{i} <&>\" thumbnail=\"media/shot.png\":::\n\n"
                ));
            }
            let (steps, bytes) = cost(|| {
                let r = render(&page);
                assert_eq!(r.html().matches("class=\"video-load\"").count(), n);
                assert_eq!(
                    r.html().matches("<img class=\"video-thumbnail\"").count(),
                    n
                );
                assert!(!r.html().contains("<iframe"));
                r
            });
            (steps, bytes)
        },
        500,
    );
}
