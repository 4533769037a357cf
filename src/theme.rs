//! The built-in default theme: templates, UI strings and static files,
//! compiled into the binary. A site that lacks `templates/`, `locales/` or
//! `static/` (or some files in them) gets these instead.

/// Tera templates, by name under `templates/`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("redirect.html", include_str!("../templates/redirect.html")),
    ("root.html", include_str!("../templates/root.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("search.html", include_str!("../templates/search.html")),
    (
        "all-pages.html",
        include_str!("../templates/all-pages.html"),
    ),
    ("go.html", include_str!("../templates/go.html")),
];

/// Fluent UI strings, by locale.
pub const STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en/ui.ftl")),
    ("nl", include_str!("../locales/nl/ui.ftl")),
];

/// Files published at the output root, by name under `static/`.
pub const STATIC: &[(&str, &str)] = &[
    ("helpsite.css", include_str!("../static/helpsite.css")),
    ("helpsite.js", include_str!("../static/helpsite.js")),
    (
        "language-chooser.js",
        include_str!("../static/language-chooser.js"),
    ),
    ("search.css", include_str!("../static/search.css")),
    ("icon.svg", include_str!("../static/icon.svg")),
    ("tabs.js", include_str!("../static/tabs.js")),
    ("helpsite-go.js", include_str!("../static/helpsite-go.js")),
];
