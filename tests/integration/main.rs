//! Every integration test, in one binary: one module per subject, the shared
//! helpers and fixtures in `support`. One binary links the dependency graph
//! (tokio, axum, ICU data, git2, tera, scraper, proptest, insta) once per
//! build instead of once per test file, and fixtures that tests only read,
//! such as the site made from the real corpus, are built once per run.
//!
//! New tests go into a module here, not into a new `tests/*.rs` file, which
//! Cargo would turn into another binary. `hostile` installs the binary's
//! global allocator for every test: the system allocator with a per-thread
//! count of allocated bytes, which only its growth tests read.

mod support;

mod addresses;
mod browser;
mod build;
mod check_codes;
mod ci_formats;
mod commonmark_spec;
mod content_roots;
mod corpus;
mod corpus_docfx;
mod corpus_headings;
mod docfx2020;
mod docfx_repos;
mod golden;
mod hostile;
mod hosting;
mod init;
mod l10n;
mod l10n_handoff;
mod l10n_workflow;
mod landing;
mod offline;
mod print;
mod reader_bytes;
mod relevance;
mod search_scale;
mod search_sections;
mod serve;
mod site_name;
mod theme;
mod xliff_core_check;
