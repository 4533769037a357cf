//! helpsite: an offline-capable static help-site generator for localized,
//! DocFX-style Markdown.
//!
//! Data flows one way; each module sits on those above it in this list:
//! [`diagnostics`], [`fsread`], [`keys`], [`output`], [`theme`] (the foundations) →
//! [`config`] → [`discover`] → [`frontmatter`] → [`links`] →
//! [`markdown`] (with DocFX extensions) → [`toc`] → [`l10n`] (pairing, UI
//! strings) → [`templates`] → [`site`] (the model) → [`search`] → [`published`] (urls.json, help IDs,
//! `check --against`) →
//! [`offline`] → [`render`] (the template view-model) → [`build`] (the
//! orchestrator) → [`translations`], [`fix`], [`scaffold`] (init, new, theme eject),
//! [`serve`] → [`cmd`].

pub mod build;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod fix;
pub mod frontmatter;
pub mod fsread;
pub mod images;
pub mod keys;
pub mod l10n;
pub mod landing;
pub mod links;
pub mod markdown;
pub mod offline;
pub mod output;
pub mod published;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod theme;
pub mod toc;
pub mod translations;
