//! "Did you mean" for broken links.

use super::index::ContentIndex;
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
            let candidates = files.pages_in(dir);
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

/// The closest of `candidates` to `word`, when one is close enough to be a
/// typo: a name of a block, snippet region, moniker, pivot or uid.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// [`edit_distance`] when it is at most `limit`. Stops as soon as every
/// entry of a row exceeds `limit`, since the rows never decrease.
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
            smallest = smallest.min(row[j + 1]);
        }
        if smallest > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|d| *d <= limit)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    // No row can exceed an unlimited bound, so this always has a distance.
    edit_distance_within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// `href` with its file name replaced by `name`; the folder, query and
/// fragment stay as written.
pub(super) fn rename_target(href: &str, name: &str) -> String {
    let (path, _, _) = split_href(href);
    let suffix = &href[path.len()..];
    let folder = path.rfind('/').map_or("", |i| &path[..=i]);
    format!("{folder}{}{suffix}", encode_path(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook full-matrix Levenshtein distance, as an independent reference.
    fn reference(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for j in 0..=b.len() {
            d[0][j] = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let substitute = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = substitute.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn known_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("geïnstalleerd", "geinstalleerd"), 1);
    }

    #[test]
    fn the_bounded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "install-app.md",
            "instal-app.md",
            "install-apps.md",
            "enroll-device.md",
            "enrol-device.md",
            "geïnstalleerd.md",
            "geinstalleerd.md",
            "xyz",
        ];
        for a in words {
            for b in words {
                let full = reference(a, b);
                assert_eq!(edit_distance(a, b), full, "{a} {b}");
                for limit in 0..8 {
                    let bounded = edit_distance_within(a, b, limit);
                    assert_eq!(bounded, (full <= limit).then_some(full), "{a} {b} {limit}");
                }
            }
        }
    }
}
