//! helpsite: an offline-capable static help-site generator for localized,
//! DocFX-style Markdown.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`discover`] → [`frontmatter`] → [`markdown`] (with DocFX
//! extensions) → [`links`] → [`l10n`] → [`site`] (the model) → [`render`]
//! (Tera + Fluent) → [`build`] → [`output`] (atomic write).

pub mod build;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod fix;
pub mod frontmatter;
pub mod l10n;
pub mod links;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod toc;
