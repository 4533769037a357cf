//! Properties of the URL helpers over generated paths: names with spaces,
//! `%`, `#`, `?`, `:`, backslashes, control characters and non-ASCII
//! letters, and paths with empty, `.` and `..` segments.
//! `PROPTEST_CASES=100000 cargo test --release --lib url_properties` runs longer.

use proptest::prelude::*;

use super::url::{
    encode_path, is_external, join_normalized, percent_decode, percent_decode_strict, relative_url,
    root_prefix, split_href,
};

/// A file or folder name as it can be on disk: anything but `/`, `.`
/// and `..`.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9_-]{1,6}",
        "[ %#?:;&=+.~\\\\\t\u{7f}é漢🙂-]{1,4}",
        "[a-z]{1,3}:[a-z]{0,3}",
        "\\PC{1,4}",
    ]
    .prop_filter("a real name", |s| s != "." && s != ".." && !s.contains('/'))
}

/// A folder under the output root, as `/`-separated real names; empty for
/// the root itself.
fn real_dir() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(name(), 0..4)
}

/// A file under the output root: at least one name.
fn real_file() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(name(), 1..5)
}

/// A segment as an author writes it in a link.
fn written_segment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => name().prop_filter("no backslash", |s| !s.contains('\\')),
        1 => Just(String::new()),
        1 => Just(".".to_string()),
        2 => Just("..".to_string()),
    ]
}

/// A path as written in a link, with `/` or `\` between its segments.
fn written_path() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (written_segment(), prop_oneof![Just('/'), Just('\\')]),
        0..7,
    )
    .prop_map(|parts| {
        let mut path = String::new();
        for (i, (segment, separator)) in parts.into_iter().enumerate() {
            if i > 0 {
                path.push(separator);
            }
            path.push_str(&segment);
        }
        path
    })
}

/// A folder as the resolver gets it: `/`-separated, possibly untidy.
fn written_dir() -> impl Strategy<Value = String> {
    proptest::collection::vec(written_segment(), 0..5).prop_map(|s| s.join("/"))
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn encoding_round_trips_and_leaves_nothing_that_ends_a_path(s in any::<String>()) {
        let encoded = encode_path(&s);
        prop_assert_eq!(percent_decode_strict(&encoded), Some(s.clone()));
        prop_assert_eq!(percent_decode(&encoded), s);
        prop_assert_eq!(split_href(&encoded), (encoded.as_str(), "", None));
        prop_assert!(!encoded.contains([' ', '\\']), "{encoded:?}");
        prop_assert!(!encoded.chars().any(char::is_control), "{encoded:?}");
    }

    #[test]
    fn a_relative_url_leads_back_to_its_target(from in real_dir(), to in real_file()) {
        let from = encode_path(&from.join("/"));
        let to = encode_path(&to.join("/"));
        let url = relative_url(&from, &to);
        // Read as a link, it is relative: no scheme, no host, no root.
        prop_assert!(!is_external(&url) && !url.starts_with('/'), "{url:?}");
        prop_assert_eq!(join_normalized(&from, &url), Some(to.clone()), "{}", url);
    }

    #[test]
    fn a_relative_url_climbs_only_out_of_the_folders_it_does_not_share(
        from in real_dir(),
        to in real_file(),
    ) {
        let from = encode_path(&from.join("/"));
        let to = encode_path(&to.join("/"));
        let url = relative_url(&from, &to);
        let ups = url.len() - url.trim_start_matches("../").len();
        let climbs = ups / "../".len();
        let from_segments = segments(&from);
        let to_segments = segments(&to);
        let to_folder = &to_segments[..to_segments.len() - 1];
        let shared = from_segments
            .iter()
            .zip(to_folder)
            .take_while(|(a, b)| a == b)
            .count();
        prop_assert_eq!(climbs, from_segments.len() - shared, "{}", url);
        // Never above the root, and no `..` after the climb.
        prop_assert!(climbs <= root_prefix(&from).len() / "../".len());
        prop_assert!(!segments(&url[ups..]).contains(&".."), "{url:?}");
    }

    #[test]
    fn a_joined_path_is_tidy_and_stays_under_the_root(dir in written_dir(), path in written_path()) {
        let Some(joined) = join_normalized(&dir, &path) else {
            return Ok(());
        };
        let parts: Vec<&str> = joined.split('/').collect();
        prop_assert!(
            joined.is_empty() || !parts.iter().any(|s| matches!(*s, "" | "." | "..")),
            "{joined:?}"
        );
        // Idempotent, as a folder and as a path.
        prop_assert_eq!(join_normalized(&joined, ""), Some(joined.clone()));
        prop_assert_eq!(join_normalized("", &joined), Some(joined.clone()));
        // It can climb back exactly to the root, and not one step further.
        let depth = segments(&joined).len();
        prop_assert_eq!(join_normalized(&joined, &"../".repeat(depth)), Some(String::new()));
        prop_assert_eq!(join_normalized(&joined, &"../".repeat(depth + 1)), None);
    }

    #[test]
    fn climbing_above_the_folder_is_refused(dir in written_dir(), rest in written_path()) {
        let Some(tidy) = join_normalized(&dir, "") else {
            return Ok(());
        };
        let climb = "../".repeat(segments(&tidy).len() + 1);
        prop_assert_eq!(join_normalized(&dir, &format!("{climb}{rest}")), None);
    }

    #[test]
    fn a_path_without_dot_segments_is_appended_as_it_is(
        dir in real_dir(),
        names in proptest::collection::vec(name(), 0..4),
    ) {
        let names: Vec<String> = names.into_iter().filter(|n| !n.contains('\\')).collect();
        let dir = dir.join("/");
        let expected: Vec<&str> = segments(&dir).into_iter().chain(names.iter().map(String::as_str)).collect();
        prop_assert_eq!(join_normalized(&dir, &names.join("/")), Some(expected.join("/")));
    }
}
