//! Misspellings: how far a typed word is from a word of the index, counted
//! in edits (a letter added, removed or changed, or two neighbours swapped),
//! and how many edits a word of a given length may have.

use crate::diagnostics::work;

/// Words longer than this are not matched loosely: a long word is rarely a
/// typo of another, and the comparison grows with both lengths.
pub const MAX_LEN: usize = 32;

/// Edits allowed for a typed word of `len` letters: none below 4, one up
/// to 7, two from 8.
pub fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The optimal-string-alignment distance between `a` and `b` (a swap of two
/// neighbours is one edit), or `None` when it is above `max`. Compares
/// `a.len() × b.len()` cells at most, and nothing when the lengths alone
/// differ by more than `max`.
pub fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    work::add(a.len() * b.len());
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut last: Vec<usize> = (0..width).collect();
    let mut row: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        row[0] = i;
        let mut smallest = row[0];
        for j in 1..=b.len() {
            let change = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + change);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            smallest = smallest.min(d);
        }
        if smallest > max {
            return None;
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    Some(last[b.len()]).filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        distance(&a, &b, max)
    }

    #[test]
    fn counts_insertions_deletions_changes_and_swaps_as_one() {
        assert_eq!(d("bitlocer", "bitlocker", 2), Some(1));
        assert_eq!(d("antimalwere", "antimalware", 2), Some(1));
        assert_eq!(d("beveilgingspatch", "beveiligingspatch", 2), Some(1));
        assert_eq!(d("certifcaat", "certificaat", 2), Some(1));
        assert_eq!(d("wachtwoodr", "wachtwoord", 2), Some(1), "a swap");
        assert_eq!(d("ab", "ba", 1), Some(1));
        assert_eq!(d("same", "same", 0), Some(0));
        assert_eq!(d("", "abc", 3), Some(3));
        assert_eq!(d("ΟΔΟΣ", "ΟΔΟΞ", 1), Some(1));
    }

    #[test]
    fn gives_up_above_the_limit() {
        assert_eq!(d("bitlocker", "bluetooth", 2), None);
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        work::take();
        assert_eq!(d("a", &"a".repeat(10_000), 2), None);
        assert_eq!(work::take(), 0, "lengths alone rule it out");
    }

    #[test]
    fn allowed_edits_grow_with_length() {
        assert_eq!(
            [3, 4, 7, 8, 20].map(max_edits),
            [0, 1, 1, 2, 2],
            "none for short words, one for 4–7 letters, two from 8"
        );
    }
}
