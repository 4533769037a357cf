//! Template edits re-render the pages open browsers show first; the rest
//! wait, are rendered on demand or in the background, and never served
//! with the old templates in between.

use std::path::{Path, PathBuf};

use super::Engine;
use crate::diagnostics::Code;
use crate::serve::plan::plan;
use crate::serve::state::Served;

/// A site with the project's theme and `pages` pages (`p0.md`, `p1.md`, …).
fn themed_site(pages: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["templates", "locales", "static"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        for entry in walkdir::WalkDir::new(project.join(folder)) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(project.join(folder)).unwrap();
            let to = root.join(folder).join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
    std::fs::write(
        root.join("site.toml"),
        "title = \"T\"\ndefault_locale = \"en\"\nlocales = [\"en\"]\n",
    )
    .unwrap();
    let en = root.join("content/en");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::write(en.join("index.md"), "# Home\n").unwrap();
    for i in 0..pages {
        std::fs::write(
            en.join(format!("p{i}.md")),
            format!("# Page {i}\n\nText {i}.\n"),
        )
        .unwrap();
    }
    (dir, root)
}

fn served(engine: &Engine, path: &str) -> String {
    match engine.shared.read().files.get(path) {
        Some(Served::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("{path}: {other:?}"),
    }
}

fn nothing_stale(engine: &Engine) -> bool {
    let shared = engine.shared.read();
    shared.stale.is_empty() && !shared.stale_pages.contains(&true)
}

/// Saves `templates/page.html` with `marker` in every page's main block and
/// applies the resulting plan.
fn edit_page_template(engine: &mut Engine, root: &Path, insert: &str) -> super::Report {
    let path = root.join("templates/page.html");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen(
        "{% block main %}",
        &format!("{{% block main %}}{insert}"),
        1,
    );
    assert_ne!(edited, text, "page.html has no main block");
    std::fs::write(&path, edited).unwrap();
    let plan = plan(root, engine.site.as_ref(), &[path]);
    assert_eq!(plan.templates, vec!["page.html".to_string()]);
    engine.apply(&plan)
}

#[test]
fn the_open_page_is_rendered_first_and_the_rest_on_demand_or_later() {
    let (_dir, root) = themed_site(6);
    let mut engine = Engine::new(&root);
    engine.full_build();
    engine.shared.write().open.insert("en/p2.html".into(), 1);
    let before = engine.pages_rendered;

    let report = edit_page_template(&mut engine, &root, "<p>tpl-marker</p>");
    assert_eq!(
        engine.pages_rendered - before,
        1,
        "only the open page before the reload"
    );
    assert!(
        report.summary.contains("re-rendered 1 open page(s) first"),
        "{}",
        report.summary
    );
    // The reload goes to the open page, whose new output is in place.
    assert!(report.change.changed.contains("en/p2.html"));
    assert!(served(&engine, "en/p2.html").contains("tpl-marker"));
    // The others still hold the old output, each marked stale so that a
    // request renders it before answering.
    assert!(!report.change.changed.contains("en/p3.html"));
    assert!(!served(&engine, "en/p3.html").contains("tpl-marker"));
    assert!(engine.shared.read().is_stale("en/p3.html"));
    assert!(engine.has_pending());

    // A request for a stale page renders that one page.
    let before = engine.pages_rendered;
    let on_demand = engine.render_now(&["en/p4.html".to_string()]);
    assert_eq!(engine.pages_rendered - before, 1);
    assert!(on_demand.change.changed.contains("en/p4.html"));
    assert!(served(&engine, "en/p4.html").contains("tpl-marker"));
    assert!(!engine.shared.read().is_stale("en/p4.html"));
    // Asked again, it is no longer pending: nothing is rendered twice.
    let before = engine.pages_rendered;
    engine.render_now(&["en/p4.html".to_string()]);
    assert_eq!(engine.pages_rendered, before);

    // The background finishes the rest, site-wide pages last.
    let mut last = String::new();
    let mut steps = 0;
    while engine.has_pending() {
        last = engine.render_pending().summary;
        steps += 1;
        assert!(steps < 100, "background rendering does not end");
    }
    assert!(last.contains("rendered every page"), "{last}");
    assert!(nothing_stale(&engine));
    for i in 0..6 {
        assert!(
            served(&engine, &format!("en/p{i}.html")).contains("tpl-marker"),
            "p{i}"
        );
    }
}

#[test]
fn only_the_open_page_renders_before_the_reload_at_n_and_4n_pages() {
    let mut counts = Vec::new();
    for pages in [10, 40] {
        let (_dir, root) = themed_site(pages);
        let mut engine = Engine::new(&root);
        engine.full_build();
        engine.shared.write().open.insert("en/p1.html".into(), 1);
        let before = engine.pages_rendered;
        edit_page_template(&mut engine, &root, "<p>grown</p>");
        counts.push(engine.pages_rendered - before);
        assert_eq!(engine.pending_pages(), pages, "every other page waits");
    }
    assert_eq!(
        counts,
        vec![1, 1],
        "work before the reload must not grow with the site"
    );
}

#[test]
fn an_error_in_a_page_rendered_later_is_shown_and_keeps_its_last_good_output() {
    let (_dir, root) = themed_site(3);
    std::fs::write(
        root.join("content/en/p1.md"),
        "---\nboom: not a number\n---\n\n# Page 1\n\nText 1.\n",
    )
    .unwrap();
    let mut engine = Engine::new(&root);
    engine.full_build();
    let good = served(&engine, "en/p1.html");
    engine.shared.write().open.insert("en/p0.html".into(), 1);
    let report = edit_page_template(
        &mut engine,
        &root,
        "{% if page.meta.boom %}{{ page.meta.boom | round }}{% endif %}<p>tpl-marker</p>",
    );
    assert!(served(&engine, "en/p0.html").contains("tpl-marker"));
    assert!(report.new_diagnostics.is_empty());
    let mut found = Vec::new();
    while engine.has_pending() {
        found.extend(engine.render_pending().new_diagnostics);
    }
    assert!(
        found.iter().any(|d| d.code == Code::Template),
        "the template error is reported: {found:?}"
    );
    let shared = engine.shared.read();
    assert!(
        shared.site_errors.iter().any(|d| d.code == Code::Template),
        "and shown in the browser's overlay"
    );
    drop(shared);
    assert!(nothing_stale(&engine));
    assert_eq!(served(&engine, "en/p1.html"), good);
}

#[test]
fn hostile_open_page_names_change_nothing_but_the_order() {
    let (_dir, root) = themed_site(3);
    let mut engine = Engine::new(&root);
    engine.full_build();
    {
        let mut shared = engine.shared.write();
        for name in [
            "../../site.toml",
            "en/\0.html",
            "",
            &"x".repeat(100_000),
            "en/p0.html/",
        ] {
            shared.open.insert(name.to_string(), usize::MAX);
        }
    }
    let report = edit_page_template(&mut engine, &root, "<p>tpl-marker</p>");
    assert!(
        report.summary.contains("re-rendered 0 open page(s) first"),
        "{}",
        report.summary
    );
    while engine.has_pending() {
        engine.render_pending();
    }
    assert!(served(&engine, "en/p0.html").contains("tpl-marker"));
    // A path that is no pending page asks for nothing.
    assert!(engine
        .render_now(&["../../site.toml".to_string()])
        .change
        .changed
        .is_empty());
    let written: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.path().starts_with(root.join("public")))
        .collect();
    assert!(written.is_empty(), "serve writes nothing");
}
