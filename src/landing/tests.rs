use super::*;

#[test]
fn metadata_is_the_front_matter_and_the_page_title_wins() {
    let text = "### YamlMime:Landing\ntitle: Shown\nsummary: Short\nmetadata:\n  title: Tab title\n  help_id: LAND-1\n  ms.date: 03/05/2020\n";
    let front = front(text);
    assert_eq!(front.get_str("title").as_deref(), Some("Shown"));
    assert_eq!(front.get_str("description").as_deref(), Some("Short"));
    assert_eq!(front.get_str("help_id").as_deref(), Some("LAND-1"));
    assert_eq!(front.get_str("ms.date").as_deref(), Some("03/05/2020"));
    assert_eq!(front.body_start, 0);
}

#[test]
fn a_syntax_error_names_the_line_and_column() {
    let text = "### YamlMime:Landing\r\ntitle: A\r\nlandingContent:\r\n  - title: [unclosed\r\n";
    let d = parse(text, "content/en/index.yml").unwrap_err();
    assert_eq!(d.code, Code::YamlSyntax);
    assert!(d.span.line >= 4, "{d:?}");
    assert!(
        d.message.starts_with("the YAML does not parse"),
        "{}",
        d.message
    );
}

#[test]
fn a_page_that_is_no_mapping_is_an_error() {
    let d = parse("### YamlMime:Landing\n- a\n- b\n", "f").unwrap_err();
    assert_eq!(d.code, Code::YamlSyntax);
    assert_eq!((d.span.line, d.span.column), (1, 1));
}

#[test]
fn alias_bombs_are_refused_by_the_parser_not_expanded() {
    // Ten levels of ten aliases: 10^10 strings if expanded.
    let mut text = String::from(
        "### YamlMime:Landing\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    text.push_str("title: *a9\n");
    let d = parse(&text, "f").unwrap_err();
    assert_eq!(d.code, Code::YamlSyntax, "{d:?}");
    // The metadata reader parses the same text: it gives up the same way.
    assert!(front(&text).meta.is_empty());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!(
        "### YamlMime:Landing\ntitle: {}x{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(parse(&text, "f").unwrap_err().code, Code::YamlSyntax);
}

#[test]
fn huge_numbers_are_text() {
    let text = format!(
        "### YamlMime:Landing\ntitle: {}\nsummary: 1e999999\n",
        "9".repeat(5000)
    );
    let front = front(&text);
    assert_eq!(front.get_str("title").map(|t| t.len()), Some(5000));
}

#[test]
fn offsets_count_cr_lf_and_crlf_as_one_break() {
    let text = "a\r\nb\rc\nd\u{e9}f";
    assert_eq!(offset_of(text, 1, 1), 0);
    assert_eq!(offset_of(text, 2, 1), 3);
    assert_eq!(offset_of(text, 3, 1), 5);
    assert_eq!(offset_of(text, 4, 3), 10);
    assert_eq!(offset_of(text, 9, 9), text.len());
}

#[test]
fn deep_block_nesting_is_an_error() {
    let text = format!("### YamlMime:Landing\ntitle: {}x\n", "- ".repeat(100_000));
    assert_eq!(parse(&text, "f").unwrap_err().code, Code::YamlSyntax);
    let text = format!(
        "### YamlMime:Landing\ntitle:\n{}",
        (0..3000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect::<String>()
    );
    assert_eq!(parse(&text, "f").unwrap_err().code, Code::YamlSyntax);
}

/// The landing fixture copied to a temporary folder.
fn fixture_copy() -> tempfile::TempDir {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/landing");
    let to = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        let target = to.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    to
}

#[test]
fn serve_rereads_an_edited_landing_page_and_reloads_when_it_stops_being_one() {
    use crate::discover::FileKind;
    let t = fixture_copy();
    let mut site = crate::site::Site::load(t.path()).unwrap_or_else(|f| panic!("{:?}", f.0));
    let file = t.path().join("content/en/intune/index.yml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "title: Device management documentation",
            "title: Devices, edited",
        ),
    )
    .unwrap();
    let changed = [(
        "en".to_string(),
        "intune/index.yml".to_string(),
        FileKind::Page,
    )];
    assert!(site.reload_sources(&changed).is_ok());
    let page = site.page("en", "intune/index.yml").unwrap();
    assert_eq!(page.title(), "Devices, edited");
    assert_eq!(page.landing.as_ref().unwrap().title, "Devices, edited");
    std::fs::write(&file, text.replace("### YamlMime:Landing", "# now data")).unwrap();
    assert!(site.reload_sources(&changed).is_err());
}

/// `n` links under one alias, `n` of those lists in a card, and the card
/// `n` times: n³ links from a file of about 15·n lines.
fn amplified(n: usize) -> String {
    let mut text = String::from("### YamlMime:Landing\ntitle: Wide\nlinks: &ll\n");
    for i in 0..n {
        text.push_str(&format!("  - {{text: L{i}, url: a.md}}\n"));
    }
    text.push_str("card: &card\n  title: C\n  linkLists:\n");
    for _ in 0..n {
        text.push_str("    - links: *ll\n");
    }
    text.push_str("landingContent:\n");
    for _ in 0..n {
        text.push_str("  - *card\n");
    }
    text
}

#[test]
fn aliases_that_expand_past_what_the_file_could_hold_are_refused() {
    let text = amplified(120);
    let d = parse(&text, "f").unwrap_err();
    assert_eq!(d.code, Code::YamlSyntax, "{d:?}");
    assert!(
        d.message.starts_with("aliases expand the YAML too far"),
        "{}",
        d.message
    );
    assert!(front(&text).meta.is_empty());
    // A card used a few times stays a page.
    assert!(parse(&amplified(3), "f").is_ok());
}
