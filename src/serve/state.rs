//! What the HTTP side serves and tells live-reload connections. The
//! engine is the only writer.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::diagnostics::Diagnostic;
use crate::output::{Data, OutputFile};

/// One output file as the server holds it.
#[derive(Debug, Clone)]
pub enum Served {
    Bytes(Arc<[u8]>),
    /// Copied verbatim from a source file (assets, `static/`): read on request.
    File(PathBuf),
}

impl Served {
    pub fn same_as(&self, other: &Served) -> bool {
        match (self, other) {
            (Served::Bytes(a), Served::Bytes(b)) => a == b,
            (Served::File(a), Served::File(b)) => a == b,
            _ => false,
        }
    }
}

impl From<OutputFile> for Served {
    fn from(f: OutputFile) -> Served {
        match f.data {
            Data::Bytes(b) => Served::Bytes(Arc::from(b)),
            Data::Copy(p) => Served::File(p),
        }
    }
}

#[derive(Debug, Default)]
pub struct Shared {
    pub base_path: String,
    pub files: HashMap<String, Served>,
    /// Errors per page output path (`en/a.html`), for the overlay.
    pub page_errors: HashMap<String, Vec<Diagnostic>>,
    /// Errors that concern every page: config, templates, Fluent.
    pub site_errors: Vec<Diagnostic>,
    pub generation: u64,
    /// Pages that open browsers show, by output path, with how many
    /// live-reload connections show each: they are re-rendered first.
    pub open: HashMap<String, usize>,
    /// Each page's id by output path, set by every full build, so that
    /// marking the whole site stale costs no more than a flag per page.
    pub page_ids: HashMap<String, crate::site::PageId>,
    /// Pages (by id) whose served bytes lag behind the model: a request for
    /// one asks the engine to render it before answering, so no page is
    /// ever served stale once the reload that concerns it has gone out.
    pub stale_pages: Vec<bool>,
    /// Site-wide pages (404, search, listings) that lag likewise.
    pub stale: HashSet<String>,
}

/// The served state, shared between the engine and the HTTP handlers. A
/// panic while it is held must not take the server down: readers and
/// writers carry on with what is there.
#[derive(Clone, Default)]
pub struct SharedState(Arc<RwLock<Shared>>);

impl SharedState {
    pub fn read(&self) -> RwLockReadGuard<'_, Shared> {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Shared> {
        self.0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The outcome of one rebuild, told to every live-reload connection.
#[derive(Debug, Default, Clone)]
pub struct Change {
    pub generation: u64,
    /// Output paths whose content changed, appeared or disappeared.
    pub changed: HashSet<String>,
    /// Every page must reload (a non-CSS file of `static/` changed).
    pub reload_all: bool,
    /// Stylesheets (output paths) that changed while no page did.
    pub css: Vec<String>,
}

impl Shared {
    /// Whether `path` waits for a re-render.
    pub fn is_stale(&self, path: &str) -> bool {
        let page = self.page_ids.get(path);
        page.is_some_and(|&id| self.stale_pages.get(id) == Some(&true)) || self.stale.contains(path)
    }

    /// Puts freshly rendered pages into the served set, noting the ones
    /// whose bytes changed (only those reload).
    pub fn store_pages(&mut self, rendered: Vec<(String, String)>, change: &mut Change) {
        for (path, html) in rendered {
            self.stale.remove(&path);
            if let Some(&id) = self.page_ids.get(&path) {
                if let Some(flag) = self.stale_pages.get_mut(id) {
                    *flag = false;
                }
            }
            let new = Served::Bytes(Arc::from(html.into_bytes()));
            if !self.files.get(&path).is_some_and(|old| old.same_as(&new)) {
                change.changed.insert(path.clone());
                self.files.insert(path, new);
            }
        }
    }
}

/// A request for a stale page: the engine renders it, then drops `done`.
pub struct RenderRequest {
    pub path: String,
    pub done: tokio::sync::oneshot::Sender<()>,
}

/// What a rebuild did, for the terminal.
#[derive(Debug, Default)]
pub struct Report {
    pub summary: String,
    /// Diagnostics that are new since the previous rebuild.
    pub new_diagnostics: Vec<Diagnostic>,
    /// How many diagnostics the rebuild made go away.
    pub fixed: usize,
    pub change: Change,
}
