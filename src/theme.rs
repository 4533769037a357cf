//! The built-in default theme: templates, UI strings and static files,
//! compiled into the binary. A site that lacks `templates/`, `locales/` or
//! `static/` (or some files in them) gets these instead.

/// Tera templates, by name under `templates/`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("landing.html", include_str!("../templates/landing.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("redirect.html", include_str!("../templates/redirect.html")),
    ("root.html", include_str!("../templates/root.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    (
        "page_parts.html",
        include_str!("../templates/page_parts.html"),
    ),
    ("search.html", include_str!("../templates/search.html")),
    (
        "all-pages.html",
        include_str!("../templates/all-pages.html"),
    ),
    ("go.html", include_str!("../templates/go.html")),
    ("print.html", include_str!("../templates/print.html")),
];

/// Fluent UI strings, by locale.
pub const STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en/ui.ftl")),
    ("nl", include_str!("../locales/nl/ui.ftl")),
];

/// A script the pages load, joined from source files in `js/`, each about
/// one thing, inside one strict function scope. Classic scripts, not ES
/// modules: modules do not load from `file://`. The sources live outside
/// `static/` because this repository is also the sample site, whose
/// `static/` is published as it is.
///
/// One dialect for these and `offline/sw.js`: strict, `const` (`let` where
/// reassigned), `function` declarations for named functions and arrow
/// functions for callbacks, double quotes. The browsers the search already
/// needs (Unicode property escapes in regular expressions, ES2018) have all
/// of it, and the service worker needs async functions anyway.
macro_rules! script {
    ($($file:literal),+ $(,)?) => {
        concat!(
            "(function () {\n\"use strict\";\n\n",
            $(include_str!(concat!("../js/", $file)), "\n",)+
            "})();\n"
        )
    };
}

/// Files published at the output root, by name under `static/`.
pub const STATIC: &[(&str, &str)] = &[
    ("helpsite.css", include_str!("../static/helpsite.css")),
    (
        "helpsite.js",
        script!(
            "lang.js",
            "strings.js",
            "search-core.js",
            "search-load.js",
            "search-show.js",
            "search-box.js",
            "search-page.js",
            "nav-panel.js",
            "not-found.js",
            "connection.js",
            "offline-save.js",
            "embeds.js",
            "lightbox.js",
            "scroll-regions.js",
            "start.js",
        ),
    ),
    (
        "language-chooser.js",
        script!("lang.js", "language-chooser.js"),
    ),
    ("search.css", include_str!("../static/search.css")),
    ("icon.svg", include_str!("../static/icon.svg")),
    (
        "tabs.js",
        script!("tabs.js", "choice-memory.js", "choices.js"),
    ),
    ("helpsite-go.js", script!("lang.js", "go.js")),
];
