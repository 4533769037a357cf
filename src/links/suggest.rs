//! "Did you mean" for broken links.

use super::index::ContentIndex;
pub use super::nearest::{
    did_you_mean, edit_distance, edit_distance_within, Suggestions, LONGEST_SUGGESTED,
};
use super::url::*;

/// "Did you mean": pages renamed in one locale keep being linked by their
/// old name in another.
impl ContentIndex {
    /// The pages in `path`'s folder (in `locale` or the default locale)
    /// whose names are closest to it, when any is close; more than one when
    /// they are equally close.
    pub(super) fn closest_pages(&self, locale: &str, path: &str) -> Vec<String> {
        let dir = super::url::parent_dir(path);
        let wanted = file_name(path).to_lowercase();
        let mut best: Option<usize> = None;
        let mut found: Vec<String> = Vec::new();
        let locales = [locale, self.default_locale.as_str()];
        for files in locales.iter().filter_map(|l| self.locales.get(*l)) {
            // In a large folder, only the names near the wanted one in
            // alphabetical order (forwards or backwards): comparing every
            // broken link with every page of the folder costs their product.
            let pages = files.pages_in(dir);
            let candidates: Vec<&String> = match files.folder_names(dir) {
                Some(names) => names.near(&wanted).into_iter().map(|i| &pages[i]).collect(),
                None => Vec::new(),
            };
            crate::diagnostics::work::add(candidates.len());
            let wanted_chars = wanted.chars().count();
            for page in candidates {
                let name = file_name(page);
                let name_chars = name.chars().count();
                // Close: a few letters off, or a word shortened.
                let close = (wanted.len().max(name.len()) / 4).max(3);
                let limit = best.map_or(close, |b| b.min(close));
                // The distance is at least the difference in length: most
                // names of a large folder are ruled out without comparing.
                if wanted_chars.abs_diff(name_chars) > limit {
                    continue;
                }
                let Some(distance) = edit_distance_within(&wanted, &name.to_lowercase(), limit)
                else {
                    continue;
                };
                match best {
                    Some(b) if distance > b => continue,
                    Some(b) if distance < b => found.clear(),
                    _ => {}
                }
                best = Some(distance);
                if !found.iter().any(|f| f.eq_ignore_ascii_case(page)) {
                    found.push(page.clone());
                }
            }
        }
        found.sort();
        found
    }
}

/// `href` with its file name replaced by `name`; the folder, query and
/// fragment stay as written.
pub(super) fn rename_target(href: &str, name: &str) -> String {
    let (path, _, _) = split_href(href);
    let suffix = &href[path.len()..];
    let folder = path.rfind('/').map_or("", |i| &path[..=i]);
    format!("{folder}{}{suffix}", encode_path(name))
}
