//! Search indexes rebuilt off the rebuild thread: on 5,000 pages they take
//! far longer than re-rendering a page, and no page waits for them.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::state::{Change, Report, Served, SharedState};
use crate::offline::{self, Generated};
use crate::search::{self, LocaleIndex};
use crate::site::Site;

/// Which locales lag behind their pages, and whether a build is running.
#[derive(Debug, Default)]
pub struct SearchIndexes {
    stale: BTreeSet<String>,
    running: bool,
    /// Bumped by full builds, which make their own indexes: a background
    /// result from before one is dropped.
    epoch: u64,
}

/// A finished background build.
pub struct SearchJob {
    epoch: u64,
    /// The indexes, or why none were built.
    result: Result<Vec<LocaleIndex>, String>,
}

impl SearchIndexes {
    /// A full build made fresh indexes: forget what lagged.
    pub fn reset(&mut self) {
        self.epoch += 1;
        self.stale.clear();
    }

    pub fn mark_stale(&mut self, locales: impl IntoIterator<Item = String>) {
        self.stale.extend(locales);
    }

    /// Starts rebuilding the lagging indexes on a thread of their own,
    /// unless one is already running (its result triggers the next).
    /// `done` always gets called, so a failure never blocks later builds.
    pub fn start(&mut self, site: &Site, done: impl FnOnce(SearchJob) + Send + 'static) {
        if self.running || self.stale.is_empty() {
            return;
        }
        let locales = std::mem::take(&mut self.stale);
        // Owned copies: the thread outlives this borrow of the site.
        let docs: Vec<(String, Vec<search::Doc<'static>>)> = locales
            .iter()
            .map(|l| {
                let docs = offline::search_docs(site, l)
                    .into_iter()
                    .map(|d| search::Doc {
                        text: d.text.into_owned().into(),
                        ..d
                    })
                    .collect();
                (l.clone(), docs)
            })
            .collect();
        let epoch = self.epoch;
        self.running = true;
        std::thread::spawn(move || {
            let built = std::panic::catch_unwind(|| {
                docs.iter()
                    .map(|(l, d)| search::build(l, d))
                    .collect::<Vec<_>>()
            });
            let result = built.map_err(|panic| {
                panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "internal error".into())
            });
            done(SearchJob { epoch, result });
        });
    }

    /// Publishes finished indexes; `None` when a full build made them stale.
    pub fn finish(
        &mut self,
        job: SearchJob,
        generated: &mut Generated,
        shared: &SharedState,
    ) -> Option<Report> {
        self.running = false;
        if job.epoch != self.epoch {
            return None;
        }
        let indexes = match job.result {
            Ok(i) => i,
            Err(why) => {
                return Some(Report {
                    summary: format!(
                        "warning: the search index could not be rebuilt ({why}); search shows the previous version"
                    ),
                    ..Default::default()
                })
            }
        };
        let mut change = Change::default();
        let mut shared = shared.write();
        for index in indexes {
            let path = generated.search_index_path(&index.locale);
            let new = Served::Bytes(Arc::from(index.js.clone().into_bytes()));
            let slot = generated
                .search
                .iter()
                .position(|i| i.locale == index.locale);
            // The shards of the index this one replaces are gone with it.
            if let Some(old) = slot.map(|i| &generated.search[i]) {
                if old.dir() != index.dir() {
                    for (shard, _) in &old.files {
                        shared.files.remove(&format!("{}/{shard}", old.locale));
                    }
                }
            }
            for (shard, js) in &index.files {
                shared.files.insert(
                    format!("{}/{shard}", index.locale),
                    Served::Bytes(Arc::from(js.clone().into_bytes())),
                );
            }
            if !shared.files.get(&path).is_some_and(|old| old.same_as(&new)) {
                change.changed.insert(path.clone());
                shared.files.insert(path, new);
                // The search page shows results from the index: reload it too.
                change
                    .changed
                    .insert(format!("{}/search.html", index.locale));
            }
            match slot {
                Some(i) => generated.search[i] = index,
                None => generated.search.push(index),
            }
        }
        shared.generation += 1;
        change.generation = shared.generation;
        drop(shared);
        let mut paths: Vec<&str> = change
            .changed
            .iter()
            .filter(|p| !p.ends_with("/search.html"))
            .map(String::as_str)
            .collect();
        paths.sort();
        let summary = format!(
            "search index updated: {}",
            if paths.is_empty() {
                "unchanged".to_string()
            } else {
                paths.join(", ")
            }
        );
        Some(Report {
            summary,
            change,
            ..Default::default()
        })
    }
}
