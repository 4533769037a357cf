//! What a DocFX repository brings besides its pages: `docfx.json`, read
//! for the Markdown engine it names, and `link_prefixes` tables that map
//! the site's own addresses into its folders. Broken, hostile or huge,
//! each is a clear diagnostic, never a hang.

use super::*;

use std::fmt::Write as _;
use std::os::unix::fs::symlink;
use std::process::Command;
use std::time::Duration;

use helpsite::config::Config;
use helpsite::links::RefKind;

const LIMIT: Duration = Duration::from_secs(60);

/// A one-page site whose page has a lead-in indented less than its list
/// item: the two DocFX engines read it differently.
fn list_site() -> tempfile::TempDir {
    let site = minimal_site();
    write(
        site.path(),
        "content/en/index.md",
        "# Home\n\n1. Open the app.\n\n  Then choose a profile.\n",
    );
    site
}

/// `check`'s exit code and stderr.
fn check_stderr(root: &Path) -> (i32, String) {
    let out = run_within(&["check"], root, LIMIT);
    (out.status.code().unwrap_or(-1), stderr(&out))
}

fn list_indent_message(root: &Path) -> String {
    let (_, diags) = check(root);
    let notes: Vec<&String> = diags
        .iter()
        .filter(|d| d.0 == "list-indent")
        .map(|d| &d.3)
        .collect();
    assert_eq!(notes.len(), 1, "{diags:?}");
    notes[0].clone()
}

#[test]
fn docfx_json_names_the_list_rules_and_site_toml_can_overrule_it() {
    let site = list_site();
    let root = site.path();
    assert!(list_indent_message(root).contains("DocFX continued the list item here"));
    write(
        root,
        "docfx.json",
        r#"{"build": {"markdownEngineName": "markdig"}}"#,
    );
    let markdig = list_indent_message(root);
    assert!(
        markdig.contains("as DocFX's markdig engine did"),
        "{markdig}"
    );
    write(
        root,
        "docfx.json",
        r#"{"build": {"markdownEngineName": "dfm"}}"#,
    );
    assert!(list_indent_message(root).contains("DocFX continued the list item here"));
    write(root, "docfx.json", "{ broken");
    write(root, "site.toml", "markdown = \"docfx-markdig\"\n");
    assert!(list_indent_message(root).contains("as DocFX's markdig engine did"));
}

#[test]
fn a_hostile_docfx_json_is_a_clear_error_without_waiting() {
    let site = list_site();
    let root = site.path();
    let docfx = root.join("docfx.json");

    assert!(Command::new("mkfifo")
        .arg(&docfx)
        .status()
        .unwrap()
        .success());
    let (code, err) = check_stderr(root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("docfx.json") && err.contains("named pipe"),
        "{err}"
    );

    std::fs::remove_file(&docfx).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("docfx.json");
    std::fs::write(&target, r#"{"build": {"markdownEngineName": "markdig"}}"#).unwrap();
    symlink(&target, &docfx).unwrap();
    let (code, err) = check_stderr(root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("outside the site root"), "{err}");

    // A link that stays in the site is read like the file itself.
    std::fs::remove_file(&docfx).unwrap();
    write(
        root,
        "build/docfx.json",
        r#"{"build": {"markdownEngineName": "markdig"}}"#,
    );
    symlink(root.join("build/docfx.json"), &docfx).unwrap();
    assert!(list_indent_message(root).contains("markdig"));

    std::fs::remove_file(&docfx).unwrap();
    let huge = format!("{{\"build\": {{\"x\": \"{}\"}}}}", "a".repeat(10 << 20));
    std::fs::write(&docfx, huge).unwrap();
    let (code, err) = check_stderr(root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("docfx.json is 10485") && err.contains("at most"),
        "{err}"
    );

    std::fs::write(
        &docfx,
        "{\n  \"build\": {\n    \"markdownEngineName\": markdig\n  }\n}\n",
    )
    .unwrap();
    let (code, err) = check_stderr(root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("docfx.json:3:"), "{err}");
    assert!(err.contains("not valid JSON"), "{err}");

    std::fs::write(&docfx, [0xff, 0xfe, b'{', b'}']).unwrap();
    let (code, err) = check_stderr(root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("docfx.json") && err.contains("UTF-8"), "{err}");
}

#[test]
fn a_prefix_folder_outside_the_locale_or_missing_is_a_config_error() {
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "site.toml",
        "title = 'T'\n[link_prefixes]\n\"/intune/\" = \"../../etc\"\n",
    );
    let (code, err) = check_stderr(root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("site.toml:3:15"), "{err}");
    write(
        root,
        "site.toml",
        "title = 'T'\n[link_prefixes]\n\"/intune/\" = \"intune/\"\n",
    );
    let (code, err) = check_stderr(root);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("site.toml:3:15") && err.contains("not a folder"),
        "{err}"
    );
    write(
        root,
        "content/en/intune/enroll.md",
        "# Enroll\n\n## Steps\n",
    );
    write(
        root,
        "content/en/index.md",
        "# Home\n\n[Enroll](/Intune/Enroll.md#steps)\n",
    );
    let (code, diags) = check(root);
    assert_eq!(code, 0, "{diags:?}");
    assert!(
        !diags
            .iter()
            .any(|d| d.0 == "broken-link" || d.0 == "outside-link"),
        "{diags:?}"
    );
}

#[test]
fn a_table_of_ten_thousand_link_prefixes_costs_linear_work() {
    let make = |n: usize| {
        let mut toml = String::from("[link_prefixes]\n");
        for i in 0..n {
            let _ = writeln!(toml, "\"/product{i}/\" = \"\"");
        }
        let hrefs: Vec<String> = (0..n).map(|i| format!("/Product{i}/a")).collect();
        cost(|| {
            let config = Config::parse(&toml).unwrap();
            let mut locales = BTreeMap::new();
            let pages: HashSet<String> = ["index.md", "a.md"].map(String::from).into();
            locales.insert("en".to_string(), LocaleFiles::new(pages, HashSet::new()));
            let index = ContentIndex::from_config(&config, locales);
            for href in &hrefs {
                let r = index.resolve("en", "", "", href, RefKind::Link);
                assert_eq!(r.url, "a.html", "{href}");
            }
        })
    };
    assert_linear("link_prefixes table", make, 2_500);
}

#[test]
fn a_title_with_character_references_is_decoded_once_and_escaped_again() {
    let site = minimal_site();
    let root = site.path();
    write(
        root,
        "content/en/index.md",
        "---\ntitle: 'Intune&#58; enroll &amp; &lt;script&gt;alert(1)&lt;/script&gt;'\ndescription: It&#x27;s done\nms.assetid: ''\n---\n# Home\n",
    );
    write(
        root,
        "content/en/other.md",
        "---\nms.assetid: ''\n---\n# Other\n",
    );
    let (code, diags) = check(root);
    assert_eq!(code, 0, "{diags:?}");
    assert!(
        !diags.iter().any(|d| d.0 == "duplicate-assetid"),
        "{diags:?}"
    );
    let out = root.join("out");
    let o = run_within(&["build", "--out", "out"], root, LIMIT);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    assert!(
        html.contains(
            "<title>Intune: enroll &amp; &lt;script&gt;alert(1)&lt;&#x2F;script&gt; – T</title>"
        ) || html.contains(
            "<title>Intune: enroll &amp; &lt;script&gt;alert(1)&lt;/script&gt; – T</title>"
        ),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        !html.contains("&amp;#58;") && !html.contains("&#58;"),
        "{html}"
    );
    assert!(
        ["It&#39;s done", "It&#x27;s done", "It's done"]
            .iter()
            .any(|d| html.contains(&format!("content=\"{d}\""))),
        "{html}"
    );
}
