//! Watching the sources with notify + notify-debouncer-full.
//!
//! Only the paths matter, never the event kinds: editors save by writing in
//! place, by writing a temp file and renaming it over the page, or by
//! deleting and recreating it, and each produces a different event mix. The
//! engine looks at what is on disk once the burst has settled.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, FileIdMap,
};

/// Short enough for sub-50 ms reloads; long enough to merge an editor's
/// write-rename-delete burst into one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
const TICK: Duration = Duration::from_millis(5);
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Keeps the watcher alive; dropping it stops watching.
pub enum Handle {
    Native(Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>),
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

/// What the watcher reports, once a burst of events has settled.
pub enum Event {
    Paths(Vec<PathBuf>),
    Error(String),
}

/// Watches `content/`, `templates/`, `locales/`, `static/` and each
/// locale's own folder (recursively), and the root itself (not recursively,
/// for `site.toml`), calling `on_event` from the watcher's thread.
pub fn start(
    root: &Path,
    poll: bool,
    on_event: impl Fn(Event) + Send + 'static,
) -> notify::Result<Handle> {
    let handler = move |result: DebounceEventResult| {
        let message = match result {
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths.clone())
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Event::Paths(paths)
            }
            Err(errors) => Event::Error(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        on_event(message);
    };
    let mut handle = if poll {
        // The poller keeps mtimes in whole seconds: without hashing contents,
        // a second save within the same second would go unnoticed for good.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Handle::Poll(new_debouncer_opt::<_, PollWatcher, FileIdMap>(
            DEBOUNCE.max(POLL_INTERVAL / 4),
            Some(TICK),
            handler,
            FileIdMap::new(),
            config,
        )?)
    } else {
        Handle::Native(new_debouncer(DEBOUNCE, Some(TICK), handler)?)
    };
    let mut watch = |path: &Path, mode: RecursiveMode| -> notify::Result<()> {
        match &mut handle {
            Handle::Native(d) => d.watch(path, mode),
            Handle::Poll(d) => d.watch(path, mode),
        }
    };
    watch(root, RecursiveMode::NonRecursive)?;
    for dir in ["content", "templates", "locales", "static"] {
        let path = root.join(dir);
        if path.is_dir() {
            watch(&path, RecursiveMode::Recursive)?;
        }
    }
    // The folders `site.toml` names for locales' trees, wherever they lie;
    // one that moves in `site.toml` is watched from the next `serve`.
    if let Ok(config) = crate::config::Config::load(root) {
        for (_, place) in config.own_content_roots(root) {
            if !place.dir.starts_with(root.join("content")) {
                watch(&place.dir, RecursiveMode::Recursive)?;
            }
        }
    }
    Ok(handle)
}
