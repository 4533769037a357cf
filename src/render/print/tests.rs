use std::collections::HashSet;

use super::*;

#[test]
fn section_ids_are_unique_and_never_hold_the_separator() {
    let mut taken = HashSet::new();
    let ids: Vec<String> = [
        "a.md",
        "EndUser/b c.md",
        "x--y-.md",
        "x-y.md",
        "x/y.md",
        "x.y.md",
        "-.md",
        "é/ü.md",
    ]
    .iter()
    .map(|p| section_id(p, &mut taken))
    .collect();
    assert_eq!(
        ids,
        [
            "page-a",
            "page-EndUser.b-c",
            "page-x-y",
            "page-x-y.2",
            "page-x.y",
            "page-x.y.2",
            "page",
            "page-é.ü",
        ]
    );
    for id in &ids {
        assert!(!id.contains("--") && !id.ends_with('-'), "{id}");
    }
}

#[test]
fn parts_are_numbered_beside_the_first() {
    assert_eq!(part_path("nl", 1), "nl/print.html");
    assert_eq!(part_path("pt-BR", 3), "pt-BR/print-3.html");
}
