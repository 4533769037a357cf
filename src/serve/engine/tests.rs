use super::*;
use crate::discover::FileKind;

fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"T\"\ndefault_locale = \"en\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/en/includes")).unwrap();
    std::fs::write(root.join("content/en/a.md"), "# A\n").unwrap();
    std::fs::write(root.join("content/en/includes/n.md"), "note\n").unwrap();
    (dir, root)
}

#[test]
fn incremental_diagnostics_equal_a_full_load() {
    let (_dir, root) = site();
    std::fs::write(
        root.join("content/en/b.md"),
        "# B\n\n[to a](a.md#Details) and [self](#nowhere)\n\n[!INCLUDE[n](includes/n.md)]\n",
    )
    .unwrap();
    std::fs::write(root.join("content/en/a.md"), "# A\n\n## Details\n").unwrap();
    let mut engine = Engine::new(&root);
    engine.full_build();
    let fresh = |root: &Path| {
        let site = Site::load(root).ok().unwrap();
        crate::build::diagnostics(&site, &[])
    };
    assert_eq!(engine.all_diagnostics(), fresh(&root));
    assert!(engine
        .all_diagnostics()
        .iter()
        .any(|d| d.code == Code::BrokenAnchor && d.suggestion.as_deref() == Some("#details")));

    // The anchor disappears from a.md: b.md's link now fails differently.
    std::fs::write(root.join("content/en/a.md"), "# A\n\n## Other\n").unwrap();
    std::fs::write(
        root.join("content/en/includes/n.md"),
        "[broken](missing.md)\n",
    )
    .unwrap();
    let plan = super::super::plan::plan(
        &root,
        engine.site.as_ref(),
        &[
            root.join("content/en/a.md"),
            root.join("content/en/includes/n.md"),
        ],
    );
    assert!(!plan.full);
    let report = engine.apply(&plan);
    assert!(
        report.summary.contains("re-rendered 2 page(s)"),
        "{}",
        report.summary
    );
    assert_eq!(engine.all_diagnostics(), fresh(&root));

    // An include saved in another encoding: the same `encoding` error as
    // a full load, and the pages that use it still render.
    std::fs::write(root.join("content/en/includes/n.md"), b"caf\xe9\n").unwrap();
    let plan = super::super::plan::plan(
        &root,
        engine.site.as_ref(),
        &[root.join("content/en/includes/n.md")],
    );
    assert!(!plan.full);
    engine.apply(&plan);
    let after = engine.all_diagnostics();
    assert_eq!(after, fresh(&root));
    assert!(after
        .iter()
        .any(|d| d.code == Code::Encoding && d.span.file == "content/en/includes/n.md"));
    // And fixed again: the error goes.
    std::fs::write(root.join("content/en/includes/n.md"), "note\n").unwrap();
    let plan = super::super::plan::plan(
        &root,
        engine.site.as_ref(),
        &[root.join("content/en/includes/n.md")],
    );
    engine.apply(&plan);
    assert_eq!(engine.all_diagnostics(), fresh(&root));
    assert!(!engine
        .all_diagnostics()
        .iter()
        .any(|d| d.code == Code::Encoding));
}

#[test]
fn plans_follow_what_is_on_disk() {
    let (_dir, root) = site();
    let mut engine = Engine::new(&root);
    engine.full_build();
    let plan = |rel: &[&str]| {
        crate::serve::plan::plan(
            &root,
            engine.site.as_ref(),
            &rel.iter().map(|r| root.join(r)).collect::<Vec<_>>(),
        )
    };

    let edit = plan(&["content/en/a.md", "content/en/a.md"]);
    assert_eq!(
        edit.content,
        vec![("en".to_string(), "a.md".to_string(), FileKind::Page)]
    );
    assert!(!edit.full);
    assert_eq!(
        plan(&["content/en/includes/n.md"]).content[0].2,
        FileKind::Include
    );
    // Editor temp files that are gone by now, and hidden files, change nothing.
    assert!(plan(&[
        "content/en/4913",
        "content/en/a.md~",
        "content/en/.a.md.swp",
        "templates/.page.html.swp",
        "README.md"
    ])
    .is_empty());
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/page.html"), "x").unwrap();
    assert_eq!(
        plan(&["templates/page.html"]).templates,
        vec!["page.html".to_string()]
    );
    assert!(plan(&["templates/gone.html"]).full);
    assert_eq!(
        plan(&["static/site.css"]).statics,
        vec!["site.css".to_string()]
    );
    assert!(plan(&["site.toml"]).full);
    assert!(plan(&["docfx.json"]).full);
    assert!(plan(&["locales/en/ui.ftl"]).full);

    std::fs::write(root.join("content/en/b.md"), "# B\n").unwrap();
    assert!(
        plan(&["content/en/b.md"]).full,
        "a new page changes the set of files"
    );
    std::fs::remove_file(root.join("content/en/a.md")).unwrap();
    assert!(
        plan(&["content/en/a.md"]).full,
        "a deleted page changes the set of files"
    );
    std::fs::create_dir_all(root.join("content/en/empty")).unwrap();
    assert!(
        plan(&["content/en/empty"]).is_empty(),
        "an empty folder holds no pages"
    );
    std::fs::remove_dir_all(root.join("content/en/includes")).unwrap();
    assert!(
        plan(&["content/en/includes"]).full,
        "a removed folder took known files"
    );
}
