use super::*;

fn project(text: &str) -> Result<DocfxProject, Diagnostic> {
    DocfxProject::parse(text, "docfx.json", PathBuf::from("."))
}

const TYPICAL: &str = r#"{
  "build": {
    "content": [
      { "files": ["**/*.md", "**/toc.yml"], "exclude": ["drafts/**", "**/includes/**"],
        "src": "articles", "dest": "intune" }
    ],
    "resource": [ { "files": "**/*.png", "src": "articles" } ],
    "globalMetadata": { "ms.locale": "nl-nl", "titleSuffix": "Bedrijfshulp", "ms.topic": "article" },
    "fileMetadata": {
      "ROBOTS": { "articles/archive/**": "NOINDEX, NOFOLLOW" },
      "ms.date": { "articles/**": "01/01/2020", "articles/enroll/**": "02/02/2021" }
    },
    "template": ["default"], "xrefService": ["https://example.invalid"]
  }
}"#;

#[test]
fn content_groups_take_their_globs_minus_exclusions() {
    let p = project(TYPICAL).unwrap();
    let (group, rest) = p.content_group_of("articles/enroll/Android.MD").unwrap();
    assert_eq!(
        (group.src.as_str(), group.dest.as_str(), rest),
        ("articles", "intune", "enroll/Android.MD")
    );
    assert!(
        p.content_group_of("articles/index.md").is_some(),
        "`**/` matches no folder too"
    );
    assert!(p.content_group_of("articles/drafts/x.md").is_none());
    assert!(p.content_group_of("articles/a/includes/x.md").is_none());
    assert!(
        p.content_group_of("articles/.hidden/x.md").is_none(),
        "dot names need `dot: true`"
    );
    assert!(p.content_group_of("other/x.md").is_none());
    assert!(p.content_group_of("articles/a/x.txt").is_none());
    assert!(p.publishes_file("articles/media/x.PNG"));
    assert!(!p.publishes_file("articles/media/x.psd"));
}

#[test]
fn metadata_global_then_the_last_matching_file_glob() {
    let p = project(TYPICAL).unwrap();
    let m = p.metadata_for("articles/enroll/android.md");
    assert_eq!(m["ms.date"], "02/02/2021", "the later glob wins");
    assert_eq!(m["ms.topic"], "article");
    assert!(!m.contains_key("ROBOTS"));
    let m = p.metadata_for("articles/archive/old.md");
    assert_eq!(m["ROBOTS"], "NOINDEX, NOFOLLOW");
    assert_eq!(m["ms.date"], "01/01/2020");
    assert_eq!(p.written_locale().as_deref(), Some("nl-nl"));
    assert_eq!(
        p.global("titleSuffix").and_then(Value::as_str),
        Some("Bedrijfshulp")
    );
}

#[test]
fn empty_and_unknown_keys_are_fine() {
    let p =
        project(r#"{"metadata": [], "build": {"markdownEngineName": "markdig", "sitemap": {}}}"#)
            .unwrap();
    assert!(p.content.is_empty());
    assert!(p.metadata_for("a.md").is_empty());
    assert_eq!(p.written_locale(), None);
    assert!(project("{}").is_ok());
}

#[test]
fn malformed_json_and_wrong_types_are_errors_at_their_place() {
    let e = project("{\n  \"build\": {\n    \"content\": [,]\n  }\n}").unwrap_err();
    assert_eq!(
        (e.span.file.as_str(), e.span.line),
        ("docfx.json", 3),
        "{e:?}"
    );
    let e = project("{\"build\": {\n \"content\": [{\"src\": 5}]}}").unwrap_err();
    assert_eq!(e.span.line, 2, "{e:?}");
    assert!(e.message.contains("invalid type"), "{}", e.message);
    let e = project("{\"build\": {\n\"fileMetadata\": {\"ms.date\": \"x\"}}}").unwrap_err();
    assert_eq!(e.span.line, 2, "{e:?}");
    assert!(e.message.contains("must map globs"), "{}", e.message);
    let e = project("{\"build\": {\n\"content\": [{\"files\": [\"a/[\"]}]}}").unwrap_err();
    assert_eq!(e.span.line, 2, "{e:?}");
}

#[test]
fn globs_and_folders_that_leave_the_project_are_refused_at_their_place() {
    for (bad, what) in [
        (r#"{"files": ["../**"]}"#, "glob `../**`"),
        (r#"{"files": ["/etc/**"]}"#, "glob `/etc/**`"),
        (r#"{"files": ["a/../../x"]}"#, "glob `a/../../x`"),
        (
            r#"{"files": ["**"], "exclude": ["C:/x/**"]}"#,
            "glob `C:/x/**`",
        ),
        (r#"{"files": ["**"], "src": "../../"}"#, "src `../../`"),
        (r#"{"files": ["**"], "src": "/etc"}"#, "src `/etc`"),
        (r#"{"files": ["**"], "dest": "../out"}"#, "dest `../out`"),
    ] {
        let text = format!("{{\"build\": {{\n\"content\": [{bad}]}}}}");
        let e = project(&text).unwrap_err();
        assert_eq!(e.code, Code::Config);
        assert_eq!(e.span.line, 2, "{bad}: {e:?}");
        assert!(e.message.contains(what), "{bad}: {}", e.message);
    }
}

#[test]
fn folders_are_normalized() {
    assert_eq!(normalize_relative("./a//b/../c/").as_deref(), Some("a/c"));
    assert_eq!(normalize_relative("").as_deref(), Some(""));
    assert_eq!(normalize_relative("a\\b").as_deref(), Some("a/b"));
    assert_eq!(normalize_relative("a/../.."), None);
    assert_eq!(within("articles/x.md", "articles"), Some("x.md"));
    assert_eq!(within("articlesx/x.md", "articles"), None);
    assert_eq!(within("x.md", ""), Some("x.md"));
}

#[test]
fn hostile_documents_end_in_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = project(&deep).unwrap_err();
    assert!(e.message.contains("recursion limit"), "{}", e.message);
    let text = "{\"build\": {\"content\": [{\"files\": [\"\u{202e}<script>\\u0000/../x\"]}]}}";
    let e = project(text).unwrap_err();
    assert!(!e.message.contains('\u{0}'), "{}", e.message);
    let e = project("{\"build\": {\"fileMetadata\": {\"k\": {\"a\": 1e999999}}}}").unwrap_err();
    assert!(e.message.contains("out of range"), "{}", e.message);
}
