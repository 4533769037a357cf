//! Every diagnostic code that helpsite documents is reachable: for each one,
//! a small site that has exactly that kind of problem, checked with
//! `check --format json`, reports it with a position in the right file.

use std::path::Path;

use crate::support::*;
use helpsite::diagnostics::Code;

/// `(code, file)` of every diagnostic `check --format json` reports.
/// A site with `old/urls.json` (an earlier release) is checked against it.
fn reported(root: &Path) -> Vec<(String, String)> {
    let mut args = vec!["check", "--format", "json"];
    if root.join(OLD_URLS).is_file() {
        args.extend(["--against", OLD_URLS]);
    }
    let o = run(&args, root);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON output: {e}\n{}", stderr(&o)));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const OLD_URLS: &str = "old/urls.json";

/// An earlier release's `urls.json` that published `entry`.
fn old_release(root: &Path, entry: serde_json::Value) {
    let manifest = serde_json::json!({"format": 1, "default_locale": "en", "pages": [entry]});
    write(root, OLD_URLS, manifest.to_string());
}

/// Makes a site with the problem `code` stands for; returns the file the
/// diagnostic must name. The match is exhaustive: a new code does not
/// compile until it has a reproduction here.
fn reproduce(code: Code, root: &Path) -> &'static str {
    let page = |text: &str| write(root, "content/en/p.md", text.as_bytes());
    match code {
        Code::Io => {
            // As root every file is readable; a link that leads nowhere is not.
            std::os::unix::fs::symlink("nowhere.md", root.join("content/en/p.md")).unwrap();
            "content/en/p.md"
        }
        Code::Encoding => {
            write(root, "content/en/p.md", b"# Caf\xe9\n");
            "content/en/p.md"
        }
        Code::Config => {
            write(root, "site.toml", b"title = [\n");
            "site.toml"
        }
        Code::FrontMatter => {
            page("---\ntitle: [unclosed\n---\n# P\n");
            "content/en/p.md"
        }
        Code::Template => {
            write(root, "templates/page.html", b"{% if %}\n");
            "templates/page.html"
        }
        Code::BrokenLink => {
            page("# P\n\n[x](missing.md)\n");
            "content/en/p.md"
        }
        Code::BrokenAnchor => {
            page("# P\n\n[x](index.md#nowhere)\n");
            "content/en/p.md"
        }
        Code::MissingMedia => {
            page("# P\n\n![x](media/none.png)\n");
            "content/en/p.md"
        }
        Code::CaseMismatch => {
            page("# P\n\n[x](Index.md)\n");
            "content/en/p.md"
        }
        Code::PathEscape => {
            page("# P\n\n[x](../../site.toml)\n");
            "content/en/p.md"
        }
        Code::OutsideLink => {
            page("# P\n\n[x](/elsewhere/page)\n");
            "content/en/p.md"
        }
        Code::IncludeCycle => {
            write(root, "content/en/includes/a.md", b"[!INCLUDE[b](b.md)]\n");
            write(root, "content/en/includes/b.md", b"[!INCLUDE[a](a.md)]\n");
            page("# P\n\n[!INCLUDE[a](includes/a.md)]\n");
            "content/en/includes/b.md"
        }
        Code::IncludeDepth => {
            for i in 0..40 {
                let next = format!("[!INCLUDE[n](i{}.md)]\n", i + 1);
                write(
                    root,
                    &format!("content/en/includes/i{i}.md"),
                    next.as_bytes(),
                );
            }
            write(root, "content/en/includes/i40.md", b"end\n");
            page("# P\n\n[!INCLUDE[a](includes/i0.md)]\n");
            "content/en/includes/i31.md"
        }
        Code::IncludeSize => {
            let big = "word ".repeat(200_000);
            write(root, "content/en/includes/big.md", big.as_bytes());
            page(&"[!INCLUDE[a](includes/big.md)]\n\n".repeat(6));
            "content/en/p.md"
        }
        Code::UnsafeUrl => {
            page("# P\n\n[click](JavaScript:alert(1))\n");
            "content/en/p.md"
        }
        Code::HeadingAttribute => {
            page("# P\n\n## H {onclick=x}\n");
            "content/en/p.md"
        }
        Code::HeadingSkip => {
            page("# P\n\n### Too deep\n");
            "content/en/p.md"
        }
        Code::IncludeMissing => {
            page("# P\n\n[!INCLUDE[a](includes/none.md)]\n");
            "content/en/p.md"
        }
        Code::ExternalEmbed => {
            page("# P\n\n<iframe src=\"https://video.example.com/x\"></iframe>\n");
            "content/en/p.md"
        }
        Code::DuplicateId => {
            page("# P\n\n<a id=\"x\"></a>\n<a id=\"x\"></a>\n");
            "content/en/p.md"
        }
        Code::DuplicateAssetid => {
            page("---\nms.assetid: same\n---\n# P\n");
            write(
                root,
                "content/en/q.md",
                b"---\nms.assetid: same\n---\n# Q\n",
            );
            "content/en/p.md"
        }
        Code::Fallback => {
            write(root, "content/en/only-en.md", b"# Only en\n");
            write(root, "content/nl/index.md", b"# Thuis\n\n[x](only-en.md)\n");
            "content/nl/index.md"
        }
        Code::MediaFallback => {
            write(root, "content/en/media/a.png", b"PNG");
            write(
                root,
                "content/nl/index.md",
                b"# Thuis\n\n![x](media/a.png)\n",
            );
            "content/nl/index.md"
        }
        Code::FtlMissing => {
            write(root, "locales/en/ui.ftl", b"only-en = x\n");
            write(root, "locales/nl/ui.ftl", b"\n");
            write(root, "content/nl/index.md", b"# Thuis\n");
            "locales/nl/ui.ftl"
        }
        Code::FtlUnused => {
            let mut en = helpsite::theme::STRINGS[0].1.to_string();
            en.push_str("never-used = x\n");
            write(root, "locales/en/ui.ftl", en.as_bytes());
            "locales/en/ui.ftl"
        }
        Code::FtlSyntax => {
            write(root, "locales/en/ui.ftl", b"broken = {\n");
            "locales/en/ui.ftl"
        }
        Code::FtlFormat => {
            // The template leaves out the variable the message needs (the
            // page's end is shared by page.html and landing.html).
            let page_html = helpsite::theme::TEMPLATES
                .iter()
                .find(|(n, _)| *n == "page_parts.html")
                .unwrap()
                .1
                .replace(
                    r#"t(key="page-updated", date=page.date.text)"#,
                    r#"t(key="page-updated")"#,
                );
            write(root, "templates/page_parts.html", page_html.as_bytes());
            page("---\nms.date: 01/04/2017\n---\n# P\n");
            "(built-in en/ui.ftl)"
        }
        Code::Mojibake => {
            page("# P\n\nDe app is ge\u{221a}\u{00d8}nstalleerd.\n");
            "content/en/p.md"
        }
        Code::ListIndent => {
            // Two spaces under `10.`: DocFX kept the line in the item, CommonMark would not.
            page("# P\n\n10.  Step ten\n\n  More of step ten.\n");
            "content/en/p.md"
        }
        Code::Date => {
            page("---\nms.date: 25/10/2016\n---\n# P\n");
            "content/en/p.md"
        }
        Code::Toc => {
            write(root, "content/en/toc.yml", b"- name: [unclosed\n");
            "content/en/toc.yml"
        }
        Code::Structure => {
            // The translation lost the source's screenshot.
            page("# P\n\n![Sign in](media/a.png)\n");
            write(root, "content/en/media/a.png", b"png");
            write(root, "content/nl/index.md", b"# Start\n");
            write(root, "content/nl/p.md", b"# P\n\nMeld u aan.\n");
            "content/nl/p.md"
        }
        // DocFX Flavored Markdown extensions.
        Code::BlockSyntax => {
            page("# P\n\n:::zone-end\n");
            "content/en/p.md"
        }
        Code::BlockUnclosed => {
            page("# P\n\n:::zone pivot=\"a\"\n\nText.\n");
            "content/en/p.md"
        }
        Code::SnippetMissing => {
            page("# P\n\n:::code source=\"snippets/gone.cs\":::\n");
            "content/en/p.md"
        }
        Code::SnippetRegion => {
            write(
                root,
                "content/en/snippets/a.cs",
                b"// <Main>\nint x;\n// </Main>\n",
            );
            page("# P\n\n[!code-cs[m](snippets/a.cs#Mian)]\n");
            "content/en/p.md"
        }
        Code::SnippetRange => {
            write(root, "content/en/snippets/a.cs", b"int x;\n");
            page("# P\n\n:::code source=\"snippets/a.cs\" range=\"3-9\":::\n");
            "content/en/p.md"
        }
        Code::SnippetSize => {
            let line = format!("{}\n", "x".repeat(99));
            write(root, "content/en/snippets/a.cs", line.repeat(30_000));
            page("# P\n\n:::code source=\"snippets/a.cs\" range=\"1-,1-\":::\n");
            "content/en/p.md"
        }
        Code::XrefUnresolved => {
            page("# P\n\nSee <xref:No.Such.Uid>.\n");
            "content/en/p.md"
        }
        Code::DuplicateUid => {
            page("---\nuid: Shared.Uid\n---\n# P\n");
            write(root, "content/en/q.md", "---\nuid: Shared.Uid\n---\n# Q\n");
            "content/en/p.md"
        }
        Code::UnknownMoniker => {
            write(
                root,
                "site.toml",
                b"title = \"T\"\ndefault_locale = \"en\"\nmonikers = [\"v1\", \"v2\"]\n",
            );
            page("# P\n\n:::moniker range=\">= v3\"\nNew.\n:::moniker-end\n");
            "content/en/p.md"
        }
        Code::UnrenderedSyntax => {
            // An alert marker renders only at the start of a quote.
            page("# P\n\nRead this first. [!NOTE] It matters.\n");
            "content/en/p.md"
        }
        Code::UnknownPivot => {
            write(
                root,
                "content/en/zone-pivot-groups.yml",
                b"groups:\n- id: platform\n  title: Platform\n  pivots:\n  - id: windows\n    title: Windows\n",
            );
            page("---\nzone_pivot_groups: platform\n---\n# P\n\n:::zone pivot=\"widnows\"\nText.\n:::zone-end\n");
            "content/en/p.md"
        }
        Code::YamlPage => {
            write(
                root,
                "content/en/q.yml",
                b"### YamlMime:Tutorial\ntitle: Q\n",
            );
            "content/en/q.yml"
        }
        Code::YamlSyntax => {
            write(
                root,
                "content/en/q.yml",
                b"### YamlMime:Landing\ntitle: [unclosed\n",
            );
            "content/en/q.yml"
        }
        Code::DuplicateHelpId => {
            page("---\nhelp_id: CERT-MISSING\n---\n# P\n");
            write(
                root,
                "content/en/q.md",
                "---\nhelp_id: cert-missing\n---\n# Q\n",
            );
            "content/en/p.md"
        }
        Code::RedirectFrom => {
            page("---\nredirect_from: [../outside.md]\n---\n# P\n");
            "content/en/p.md"
        }
        Code::RedirectedLink => {
            page("---\nredirect_from: [old-name.md]\n---\n# P\n");
            write(root, "content/en/q.md", "# Q\n\n[P](old-name.md)\n");
            "content/en/q.md"
        }
        Code::VanishedUrl => {
            page("---\nms.assetid: A1\n---\n# P\n");
            old_release(
                root,
                serde_json::json!({"url": "en/old-name.html", "locale": "en", "kind": "page", "assetid": "A1"}),
            );
            "content/en/p.md"
        }
        Code::VanishedAnchor => {
            page("# P\n\n## Now\n");
            old_release(
                root,
                serde_json::json!({"url": "en/p.html", "locale": "en", "kind": "page", "anchors": ["p", "before"]}),
            );
            "content/en/p.md"
        }
        Code::VanishedHelpId => {
            page("# P\n");
            old_release(
                root,
                serde_json::json!({"url": "en/p.html", "locale": "en", "kind": "page", "help_ids": ["P-1"]}),
            );
            "content/en/p.md"
        }
        Code::ReservedPath => {
            write(root, "content/en/all-pages/1.md", "# One\n");
            "content/en/all-pages/1.md"
        }
        Code::TranslationStamp => {
            page("---\nms.sourcegitcommit: HEAD~1\n---\n# P\n");
            "content/en/p.md"
        }
        Code::OutputCollision => {
            write(root, "static/urls.json", "{}\n");
            "static/urls.json"
        }
        Code::OutputCaseCollision => {
            page("---\nredirect_from: [Index.md]\n---\n# P\n");
            "content/en/p.md"
        }
    }
}

#[test]
fn every_code_has_a_reproduction() {
    let mut missing = Vec::new();
    for &c in Code::ALL {
        let t = minimal_site();
        let file = reproduce(c, t.path());
        let got = reported(t.path());
        if !got.iter().any(|(code, f)| code == c.as_str() && f == file) {
            missing.push(format!("{c} in {file}: got {got:?}"));
        }
    }
    assert!(missing.is_empty(), "not reported:\n{}", missing.join("\n"));
}

#[test]
fn a_clean_site_reports_nothing() {
    let t = minimal_site();
    assert_eq!(reported(t.path()), Vec::<(String, String)>::new());
}

#[test]
fn fix_applies_a_did_you_mean_only_when_one_page_is_meant() {
    let t = minimal_site();
    let root = t.path();
    write(
        root,
        "content/en/help/send-errors-to-your-it-admin-android.md",
        b"# A\n",
    );
    write(root, "content/en/help/x-ios.md", b"# I\n");
    write(root, "content/en/help/x-mac.md", b"# M\n");
    let text =
        "# P\n\n[Send](send-errors-to-your-it-administrator-android.md) and [which](x-zzz.md).\n";
    write(root, "content/en/help/p.md", text.as_bytes());
    let o = run(&["check", "--fix", "--root", root.to_str().unwrap()], root);
    let after = std::fs::read_to_string(root.join("content/en/help/p.md")).unwrap();
    assert_eq!(
        after,
        text.replace(
            "send-errors-to-your-it-administrator-android.md",
            "send-errors-to-your-it-admin-android.md"
        ),
        "{}",
        stderr(&o)
    );
    // The ambiguous one stays, named with both candidates.
    let err = stderr(&o);
    assert!(
        err.contains("did you mean `x-ios.md` or `x-mac.md`?"),
        "{err}"
    );
}
