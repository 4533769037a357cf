//! The default theme's promises, checked on real output: the stylesheet's
//! palette meets WCAG AA in both colour schemes, and every built page has the
//! structure assistive technology relies on (language, one main landmark,
//! labelled navigation, a working skip link, headings in order, alt text).

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use helpsite::build::render_site;
use helpsite::output::Data;
use helpsite::site::Site;
use scraper::{ElementRef, Html, Selector};

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stylesheet() -> String {
    fs::read_to_string(project_root().join("static/helpsite.css")).expect("static/helpsite.css")
}

/// Hex colours declared as custom properties in the first `{…}` block after `marker`.
fn palette(css: &str, marker: &str) -> HashMap<String, String> {
    let start = css
        .find(marker)
        .unwrap_or_else(|| panic!("stylesheet has no `{marker}` block"));
    let end = start + css[start..].find('}').expect("block is closed");
    css[start..end]
        .split([';', '{'])
        .filter_map(|decl| decl.trim().strip_prefix("--")?.split_once(':'))
        .filter(|(_, value)| value.trim().starts_with('#'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect()
}

fn relative_luminance(hex: &str) -> f64 {
    let digits = hex.trim_start_matches('#');
    let digits: String = if digits.len() == 3 {
        digits.chars().flat_map(|c| [c, c]).collect()
    } else {
        digits.to_string()
    };
    assert_eq!(digits.len(), 6, "colour `{hex}` is not #rgb or #rrggbb");
    let channel = |i: usize| {
        let c = u8::from_str_radix(&digits[i..i + 2], 16).unwrap() as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn wcag_formula_matches_known_values() {
    assert!((contrast("#000", "#fff") - 21.0).abs() < 1e-9);
    assert!((contrast("#fff", "#fff") - 1.0).abs() < 1e-9);
    // #767676 on white is the well-known lightest grey that still passes AA.
    let grey = contrast("#767676", "#ffffff");
    assert!(grey > 4.5 && grey < 4.6, "{grey}");
}

#[test]
fn palette_meets_wcag_aa_in_light_and_dark_schemes() {
    let css = stylesheet();
    let light = palette(&css, ":root {");
    let mut dark = light.clone();
    dark.extend(palette(&css, "@media (prefers-color-scheme: dark)"));
    assert_ne!(
        light["bg"], dark["bg"],
        "the dark scheme must override the background"
    );

    let mut text: Vec<(&str, String)> = ["bg", "surface"]
        .iter()
        .flat_map(|bg| ["fg", "muted", "link", "visited"].map(|fg| (fg, bg.to_string())))
        .collect();
    text.push(("on-accent", "link".into()));
    let kinds = ["note", "tip", "important", "warning", "caution"];
    for kind in kinds {
        for fg in [kind, "fg", "link", "visited"] {
            text.push((fg, format!("{kind}-bg")));
        }
    }
    // Borders and rings that are the only outline of a control need 3:1 (WCAG 1.4.11).
    let ui: Vec<(&str, &str)> = vec![
        ("border-strong", "bg"),
        ("border-strong", "surface"),
        ("focus", "bg"),
        ("focus", "surface"),
    ];

    let mut failures = Vec::new();
    for (scheme, colours) in [("light", &light), ("dark", &dark)] {
        let get = |name: &str| {
            colours
                .get(name)
                .unwrap_or_else(|| panic!("{scheme} scheme lacks --{name}"))
                .as_str()
        };
        for (fg, bg) in &text {
            let ratio = contrast(get(fg), get(bg));
            if ratio < 4.5 {
                failures.push(format!(
                    "{scheme}: text --{fg} on --{bg} is {ratio:.2}:1, needs 4.5:1"
                ));
            }
        }
        for (fg, bg) in &ui {
            let ratio = contrast(get(fg), get(bg));
            if ratio < 3.0 {
                failures.push(format!(
                    "{scheme}: --{fg} against --{bg} is {ratio:.2}:1, needs 3:1"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn search_stylesheet() -> String {
    fs::read_to_string(project_root().join("static/search.css")).expect("static/search.css")
}

/// The search stylesheet adds its own colours (highlight, hovered result) to
/// the theme's palette; every pair its rules draw must meet AA in both schemes.
#[test]
fn search_palette_meets_wcag_aa_in_light_and_dark_schemes() {
    let (theme, search) = (stylesheet(), search_stylesheet());
    let mut light = palette(&theme, ":root {");
    light.extend(palette(&search, ":root {"));
    let mut dark = light.clone();
    dark.extend(palette(&theme, "@media (prefers-color-scheme: dark)"));
    dark.extend(palette(&search, "@media (prefers-color-scheme: dark)"));
    assert_ne!(
        light["mark-bg"], dark["mark-bg"],
        "the dark scheme must override the highlight"
    );
    // (foreground, background, needed ratio): text 4.5, outlines 3.
    let pairs = [
        ("mark-fg", "mark-bg", 4.5),
        ("fg", "hover-bg", 4.5),
        ("link", "hover-bg", 4.5),
        ("muted", "hover-bg", 4.5),
        ("focus", "hover-bg", 3.0),
        ("fg", "bg", 4.5),
        ("link", "bg", 4.5),
        ("muted", "bg", 4.5),
        ("on-accent", "link", 4.5),
        ("border-strong", "bg", 3.0),
    ];
    let mut failures = Vec::new();
    for (scheme, colours) in [("light", &light), ("dark", &dark)] {
        for (fg, bg, needed) in pairs {
            let ratio = contrast(&colours[fg], &colours[bg]);
            if ratio < needed {
                failures.push(format!(
                    "{scheme}: --{fg} on --{bg} is {ratio:.2}:1, needs {needed}:1"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A literal colour in a rule would escape both the dark scheme and the
/// check above: search.css may name colours only as custom properties.
#[test]
fn search_stylesheet_takes_every_colour_from_the_palette() {
    let css = search_stylesheet();
    let mut literal = Vec::new();
    for decl in css.split([';', '{', '}']) {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let prop = prop.trim();
        if prop.starts_with("--")
            || prop.contains('/')
            || prop.starts_with('@')
            || prop == "box-shadow"
        {
            continue;
        }
        let colourful = ["color", "background", "border", "outline"]
            .iter()
            .any(|p| prop.starts_with(p) || prop.ends_with(p));
        let value = value.trim().to_ascii_lowercase();
        if colourful && (value.contains('#') || value.contains("rgb(") || value.contains("hsl(")) {
            literal.push(format!("{prop}: {value}"));
        }
        if (prop == "color" || prop == "background" || prop == "background-color")
            && !(value.contains("var(")
                || ["inherit", "currentcolor", "transparent", "none"].contains(&value.as_str()))
        {
            literal.push(format!("{prop}: {value}"));
        }
    }
    assert!(
        literal.is_empty(),
        "colours outside the palette: {literal:?}"
    );
}

#[test]
fn stylesheet_loads_nothing_from_the_network() {
    let css = stylesheet();
    // Only these can make a stylesheet fetch anything; `href^="http"` selectors are fine.
    for forbidden in ["@import", "url(", "@font-face", "image-set("] {
        assert!(
            !css.contains(forbidden),
            "stylesheet contains `{forbidden}`"
        );
    }
}

fn html_files(root: &Path) -> (BTreeSet<String>, Vec<(String, String)>) {
    let site = Site::load(root).unwrap_or_else(|f| {
        panic!(
            "site did not load: {:?}",
            f.0.iter().map(|d| &d.message).collect::<Vec<_>>()
        )
    });
    let sink = helpsite::output::Collect::default();
    render_site(&site, &Default::default(), &sink, &());
    let files = sink.into_files();
    let paths: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let pages = files
        .into_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            let text = match f.data {
                Data::Bytes(bytes) => String::from_utf8(bytes).expect("utf-8 page"),
                Data::Copy(path) => fs::read_to_string(path).expect("copied page"),
            };
            (f.path, text)
        })
        .collect();
    (paths, pages)
}

/// Resolves `href` against the folder of `page` (both relative to the output root).
/// `href` on output page `page`, as a path in the output. A root-absolute
/// URL (only the 404 pages have them) starts at the site's `base_path`.
fn resolve(page: &str, href: &str, base_path: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let href = match href.strip_prefix(base_path) {
        Some(rest) if href.starts_with('/') => {
            parts.clear();
            rest
        }
        _ => href,
    };
    for segment in href.split(['#', '?']).next().unwrap_or("").split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn accessibility_problems(
    path: &str,
    html: &str,
    files: &BTreeSet<String>,
    base_path: &str,
) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut problems = Vec::new();
    let mut problem = |msg: String| problems.push(format!("{path}: {msg}"));

    let lang = doc
        .select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang"))
        .unwrap_or("");
    if lang.trim().is_empty() {
        problem("<html> has no lang".into());
    }
    let mains: Vec<ElementRef> = doc.select(&sel("main")).collect();
    if mains.len() != 1 || mains[0].value().id() != Some("main") {
        problem(format!(
            "expected one <main id=\"main\">, found {}",
            mains.len()
        ));
    }
    for skip in doc.select(&sel("a.skip-link")) {
        let target = skip
            .value()
            .attr("href")
            .unwrap_or("")
            .trim_start_matches('#');
        if doc
            .select(&sel(&format!("[id=\"{target}\"]")))
            .next()
            .is_none()
        {
            problem(format!("skip link points at missing #{target}"));
        }
    }
    for nav in doc.select(&sel("nav")) {
        let label = nav
            .value()
            .attr("aria-label")
            .or(nav.value().attr("aria-labelledby"))
            .unwrap_or("");
        if label.trim().is_empty() {
            problem(format!(
                "<nav class=\"{}\"> has no accessible name",
                nav.value().attr("class").unwrap_or("")
            ));
        }
    }
    for switch in doc.select(&sel("nav.language-switch")) {
        let links: Vec<ElementRef> = switch.select(&sel("a")).collect();
        if links
            .iter()
            .any(|a| a.value().attr("lang").is_none() || a.value().attr("hreflang").is_none())
        {
            problem("language link without lang/hreflang".into());
        }
        if links
            .iter()
            .filter(|a| a.value().attr("aria-current").is_some())
            .count()
            != 1
        {
            problem("language switch must mark exactly one link as current".into());
        }
    }
    let levels: Vec<u32> = doc
        .select(&sel("h1, h2, h3, h4, h5, h6"))
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect();
    if let Some(&first) = levels.first() {
        if first != 1 {
            problem(format!("first heading is h{first}, not h1"));
        }
        if levels.iter().filter(|&&l| l == 1).count() != 1 {
            problem("more than one h1".into());
        }
        for pair in levels.windows(2) {
            if pair[1] > pair[0] + 1 {
                problem(format!("heading jumps from h{} to h{}", pair[0], pair[1]));
            }
        }
    }
    for img in doc.select(&sel("img")) {
        if img.value().attr("alt").is_none() {
            problem(format!(
                "image {} has no alt",
                img.value().attr("src").unwrap_or("?")
            ));
        }
    }
    let sheets: Vec<String> = doc
        .select(&sel("link[rel=stylesheet]"))
        .filter_map(|l| l.value().attr("href"))
        .map(|h| resolve(path, h, base_path))
        .collect();
    // Published with a content hash for cache busting: helpsite.<8 hex>.css.
    let is_theme_css = |s: &str| {
        s.strip_prefix("helpsite.")
            .and_then(|r| r.strip_suffix(".css"))
            .is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    if !sheets.iter().any(|s| is_theme_css(s)) {
        problem(format!("does not load helpsite.css (links: {sheets:?})"));
    }
    for sheet in &sheets {
        if !files.contains(sheet) {
            problem(format!("stylesheet {sheet} is not in the output"));
        }
    }
    problems
}

#[test]
fn sample_site_pages_are_structured_for_assistive_technology() {
    let (files, pages) = html_files(&project_root());
    assert!(
        pages.iter().any(|(p, _)| p == "index.html"),
        "root language chooser is built"
    );
    assert!(
        pages.iter().any(|(p, _)| p.ends_with("/404.html")),
        "404 pages are built"
    );
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|(p, html)| accessibility_problems(p, html, &files, "/help/"))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A site using the built-in templates and stylesheet, with what the sample
/// lacks: an untranslated page (fallback), a redirect, a TOC (sidebar,
/// breadcrumbs, previous/next), alerts and a platform selector.
#[test]
fn builtin_theme_covers_fallback_redirect_and_docfx_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        "title = \"Help\"\ndefault_locale = \"en\"\nbase_path = \"/\"\n",
    )
    .unwrap();
    for locale in ["en", "nl"] {
        fs::create_dir_all(root.join("content").join(locale)).unwrap();
        fs::write(
            root.join("content").join(locale).join("index.md"),
            format!("---\ntitle: Home {locale}\n---\n\n# Home\n\nSee [setup](setup.md).\n"),
        )
        .unwrap();
    }
    fs::write(
        root.join("content/en/setup.md"),
        "---\ntitle: Setup\nms.date: 01/02/2017\n---\n\n# Setup\n\n> [!div class=\"op_single_selector\"]\n> - [This page](setup.md)\n> - [Home](index.md)\n\n## First\n\n> [!WARNING]\n> Careful.\n\n## Second\n\n> [!TIP]\n> Handy.\n\n### Detail\n\n## Third\n\nText.\n",
    )
    .unwrap();
    fs::write(
        root.join("content/en/TOC.md"),
        "# Start\n## [Home](index.md)\n## [Setup](setup.md)\n",
    )
    .unwrap();
    fs::write(
        root.join("content/en/old.md"),
        "---\ntitle: Old\nredirect_url: setup.md\n---\n\n# Old\n",
    )
    .unwrap();

    let (files, pages) = html_files(root);
    let page = |p: &str| {
        &pages
            .iter()
            .find(|(path, _)| path == p)
            .unwrap_or_else(|| panic!("{p} not built; have {files:?}"))
            .1
    };
    let problems: Vec<String> = pages
        .iter()
        .flat_map(|(p, html)| accessibility_problems(p, html, &files, "/"))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let fallback = Html::parse_document(page("nl/setup.html"));
    assert!(
        fallback
            .select(&sel("main p.fallback-notice"))
            .next()
            .is_some(),
        "untranslated page says so"
    );
    assert_eq!(
        fallback
            .select(&sel("article"))
            .next()
            .and_then(|a| a.value().attr("lang")),
        Some("en")
    );

    let setup = Html::parse_document(page("en/setup.html"));
    let toc: Vec<String> = setup
        .select(&sel("nav.page-toc a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(toc, ["First", "Second", "Third"]);
    let current: Vec<ElementRef> = setup
        .select(&sel("nav.op_single_selector a[aria-current=page]"))
        .collect();
    assert_eq!(current.len(), 1);
    assert!(setup
        .select(&sel("div.alert.warning p.alert-title"))
        .next()
        .is_some());
    for nav in [
        "nav.site-toc a[aria-current=page]",
        "nav.breadcrumbs ol",
        "nav.prev-next a[rel=prev]",
    ] {
        assert!(
            setup.select(&sel(nav)).next().is_some(),
            "setup page lacks {nav}"
        );
    }

    // Every class the theme's markup uses has a rule, so a renamed class cannot silently lose its style.
    // Search and offline styles live in their own sheet.
    let css = stylesheet()
        + &fs::read_to_string(project_root().join("static/search.css")).expect("static/search.css");
    let mut unstyled = BTreeSet::new();
    for (_, html) in &pages {
        for el in Html::parse_document(html).select(&sel("[class]")) {
            for class in el.value().classes() {
                // `current` duplicates aria-current, which is what the theme styles; `note` is the
                // default alert look; `open` marks the current branch of a tree that is always expanded.
                if !["current", "note", "open"].contains(&class)
                    && !css.contains(&format!(".{class}"))
                {
                    unstyled.insert(class.to_string());
                }
            }
        }
    }
    assert!(
        unstyled.is_empty(),
        "classes without a rule in helpsite.css or search.css: {unstyled:?}"
    );
}
