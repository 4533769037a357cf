//! Which of many names is nearest to a misspelt one: bounded edit
//! distances, and an index that compares a word only with its neighbours.
//! Used for links, uids, monikers, pivots, regions and vanished anchors.

/// Names longer than this, in characters, get no "did you mean", and are
/// not offered as one: comparing two names costs the product of their
/// lengths, and a name so long is pasted, not typed.
pub const LONGEST_SUGGESTED: usize = 100;

/// The closest of `candidates` to `word`, when one is close enough to be a
/// typo: a name of a block, snippet region, moniker, pivot or uid. Of
/// equally close ones, the first.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let word_chars = word.chars().count();
    if word_chars > LONGEST_SUGGESTED {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        crate::diagnostics::work::add(1);
        if let Some(d) = distance_if_closer(&word, word_chars, candidate, best.map(|b| b.0)) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The distance from `word` (lower case, `word_chars` long) to `candidate`
/// when it is a typo's (more than 0, at most a third of the candidate or 2)
/// and less than `best`.
fn distance_if_closer(
    word: &str,
    word_chars: usize,
    candidate: &str,
    best: Option<usize>,
) -> Option<usize> {
    // More bytes than four per character: too long, without decoding it.
    if candidate.len() > 4 * LONGEST_SUGGESTED {
        return None;
    }
    let candidate_chars = candidate.chars().count();
    if candidate_chars > LONGEST_SUGGESTED {
        return None;
    }
    let typo = (candidate_chars / 3).max(2);
    let limit = best.map_or(typo, |b| typo.min(b.saturating_sub(1)));
    let lower = candidate.to_lowercase();
    // The distance is at least the difference in length.
    if limit == 0 || word_chars.abs_diff(lower.chars().count()) > limit {
        return None;
    }
    edit_distance_within(word, &lower, limit).filter(|d| *d > 0)
}

/// Names to suggest from, prepared once for many look-ups in a large set
/// (every uid of the site): a word is compared with the names next to it in
/// alphabetical order and in the order of their spelling backwards, so a
/// typo anywhere but at both ends is found, at a bounded cost per word.
#[derive(Debug, Default, Clone)]
pub struct Suggestions {
    names: Vec<String>,
    /// Lower-case names and their index in `names`, sorted.
    forwards: Vec<(String, usize)>,
    /// The same, spelled backwards.
    backwards: Vec<(String, usize)>,
}

/// How many names on each side of a word's place, in each order, are compared.
const NEIGHBOURS: usize = 16;

impl Suggestions {
    /// `names` in the order that settles ties.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Suggestions {
        let names: Vec<String> = names.into_iter().map(str::to_string).collect();
        crate::diagnostics::work::add(names.len());
        let mut forwards: Vec<(String, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_lowercase(), i))
            .collect();
        let mut backwards: Vec<(String, usize)> = forwards
            .iter()
            .map(|(n, i)| (n.chars().rev().collect(), *i))
            .collect();
        forwards.sort_unstable();
        backwards.sort_unstable();
        Suggestions {
            names,
            forwards,
            backwards,
        }
    }

    /// [`did_you_mean`] among the names near `word`.
    pub fn closest(&self, word: &str) -> Option<&str> {
        let near = self.near(word);
        did_you_mean(word, near.into_iter().map(|i| self.names[i].as_str()))
    }

    /// The places, in the order given to [`Suggestions::new`], of the names
    /// worth comparing with `word`: all of a few, or those next to it in
    /// either alphabetical order, at most `4 * NEIGHBOURS` of them.
    pub fn near(&self, word: &str) -> Vec<usize> {
        if self.names.len() <= 4 * NEIGHBOURS {
            return (0..self.names.len()).collect();
        }
        let lower = word.to_lowercase();
        let reversed: String = lower.chars().rev().collect();
        let mut near: Vec<usize> = Vec::with_capacity(4 * NEIGHBOURS);
        for (sorted, key) in [(&self.forwards, &lower), (&self.backwards, &reversed)] {
            let at = sorted.partition_point(|(n, _)| n < key);
            let window = at.saturating_sub(NEIGHBOURS)..(at + NEIGHBOURS).min(sorted.len());
            near.extend(sorted[window].iter().map(|(_, i)| *i));
        }
        near.sort_unstable();
        near.dedup();
        near
    }
}

/// [`edit_distance`] when it is at most `limit`. Stops as soon as every
/// entry of a row exceeds `limit`, since the rows never decrease.
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        crate::diagnostics::work::add(b.len());
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
    fn many_names_find_a_typo_among_their_neighbours_as_few_names_do() {
        let many: Vec<String> = (0..1000).map(|i| format!("Area{i}.Setup")).collect();
        let names = Suggestions::new(many.iter().map(String::as_str));
        assert_eq!(names.closest("Area512.Setpu"), Some("Area512.Setup"));
        assert_eq!(names.closest("Aera512.Setup"), Some("Area512.Setup"));
        assert_eq!(names.closest("Xrea512.Setup"), Some("Area512.Setup"));
        assert_eq!(names.closest("Nothing.Like.It"), None);
        let few = Suggestions::new(["v1-beta", "v2-beta"]);
        assert_eq!(
            few.closest("v3-beta"),
            Some("v1-beta"),
            "the first of equals"
        );
        assert_eq!(
            did_you_mean(&"x".repeat(LONGEST_SUGGESTED + 1), ["x"].into_iter()),
            None
        );
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
