//! The XLIFF 2.1 core check the handoff tests rely on catches each
//! violation it claims to: one valid document, then one breakage per rule.

use crate::support::xliff_core::violations;

const VALID: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="nl">
  <file id="f1" original="a.md">
    <unit id="u1" name="paragraph">
      <originalData>
        <data id="d1">[</data>
        <data id="d2">](b.md)</data>
        <data id="d3">**</data>
      </originalData>
      <segment state="translated">
        <source xml:space="preserve">Tap <ph id="1" dataRef="d1"/>Install<ph id="2" dataRef="d2"/> <pc id="3" type="fmt" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now</pc><sc id="4"/>x<ec startRef="4"/>.</source>
        <target xml:space="preserve"><pc id="3" type="fmt" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">Nu</pc> tikken op <ph id="1" dataRef="d1"/>Installeren<ph id="2" dataRef="d2"/><sc id="4"/>x<ec startRef="4"/>.</target>
      </segment>
    </unit>
    <unit id="u2">
      <segment>
        <source>Plain.</source>
      </segment>
    </unit>
  </file>
</xliff>
"#;

/// `VALID` with `from` replaced by `to`, which must occur in it.
fn broken(from: &str, to: &str) -> Vec<String> {
    assert!(VALID.contains(from), "{from}");
    violations(&VALID.replacen(from, to, 1))
}

fn assert_caught(from: &str, to: &str, expected: &str) {
    let v = broken(from, to);
    assert!(
        v.iter().any(|m| m.contains(expected)),
        "{from:?} -> {to:?}: expected {expected:?} in {v:#?}"
    );
}

#[test]
fn the_valid_document_passes() {
    assert_eq!(violations(VALID), Vec::<String>::new());
}

#[test]
fn the_root_namespace_and_version() {
    assert_caught(
        "document:2.0",
        "document:1.2",
        "not {urn:oasis:names:tc:xliff:document:2.0}xliff",
    );
    assert_caught(r#"version="2.1""#, r#"version="2.0""#, "not \"2.1\"");
    assert_caught(r#" srcLang="en""#, "", "srcLang is required");
    assert_caught(r#" trgLang="nl""#, "", "trgLang is required");
    assert_caught("<unit id=\"u2\">", "<unit id=\"u2\"", "not well-formed");
}

#[test]
fn file_and_unit_ids() {
    assert_caught(
        r#"<file id="f1" original="a.md">"#,
        r#"<file original="a.md">"#,
        "id is required",
    );
    assert_caught(
        r#"<unit id="u2">"#,
        r#"<unit id="u1">"#,
        "id \"u1\" is used twice in the file",
    );
    let two_files = VALID.replace("</file>\n</xliff>", "</file>\n  <file id=\"f1\"><unit id=\"x\"><segment><source>y</source></segment></unit></file>\n</xliff>");
    assert!(violations(&two_files)
        .iter()
        .any(|m| m.contains("file id \"f1\" is used twice")));
}

#[test]
fn element_order_and_content() {
    // target before source
    assert_caught(
        "<source>Plain.</source>",
        "<target>Gewoon.</target><source>Plain.</source>",
        "out of order",
    );
    assert_caught("<source>Plain.</source>", "", "<source> is required");
    assert_caught(
        "<segment>\n        <source>Plain.</source>\n      </segment>",
        "",
        "<segment|ignorable> is required",
    );
    assert_caught(
        "<originalData>",
        "<originalData><note>x</note>",
        "<note> is not allowed here",
    );
    assert_caught(
        "<unit id=\"u2\">",
        "<unit id=\"u2\">stray",
        "text is not allowed here",
    );
    assert_caught(
        "<source>Plain.</source>",
        "<source>Plain.</source><target>A</target><target>B</target>",
        "too many <target>",
    );
    assert_caught(
        "<source>Plain.</source>",
        "<source>Plain.<b>x</b></source>",
        "<b> is not an XLIFF 2 core element",
    );
    assert_caught(
        r#"<data id="d1">[</data>"#,
        r#"<data id="d1">[<ph id="9"/></data>"#,
        "<data> holds text and <cp> only",
    );
    assert_caught(
        r#"<sc id="4"/>x"#,
        r#"<sc id="4">y</sc>x"#,
        "<sc> must be empty",
    );
}

#[test]
fn attributes_and_their_values() {
    assert_caught(
        r#"<unit id="u2">"#,
        r#"<unit id="u2" colour="red">"#,
        "attribute colour is not allowed",
    );
    assert_caught(
        r#"<segment state="translated">"#,
        r#"<segment state="done">"#,
        "not a core state",
    );
    assert_caught(
        r#"<unit id="u2">"#,
        r#"<unit id="u2" translate="maybe">"#,
        "translate must be yes or no",
    );
    assert_caught(
        r#"<source xml:space="preserve">"#,
        r#"<source xml:space="keep">"#,
        "xml:space must be",
    );
    assert_caught(
        r#"<ph id="1" dataRef="d1"/>Install"#,
        r#"<ph dataRef="d1"/>Install"#,
        "attribute id is required",
    );
    assert_caught(
        r#"<ec startRef="4"/>.</source>"#,
        r#"<ec/>.</source>"#,
        "attribute startRef is required",
    );
}

#[test]
fn inline_ids_and_data_references() {
    assert_caught(
        r#"<ph id="2" dataRef="d2"/> <pc"#,
        r#"<ph id="1" dataRef="d2"/> <pc"#,
        "id \"1\" is used twice in the unit",
    );
    assert_caught(
        r#"<ph id="2" dataRef="d2"/> <pc"#,
        r#"<ph id="2" dataRef="d9"/> <pc"#,
        "dataRef \"d9\" names no <data>",
    );
    assert_caught(
        r#"Installeren<ph id="2" dataRef="d2"/>"#,
        r#"Installeren<ph id="7" dataRef="d2"/>"#,
        "id \"7\" is not a code of the source",
    );
    assert_caught(
        r#"Installeren<ph id="2" dataRef="d2"/>"#,
        r#"Installeren<pc id="2"/>"#,
        "target <pc> has the id of a source <ph>",
    );
    assert_caught(
        r#"dataRefStart="d3" dataRefEnd="d3">Nu"#,
        r#"dataRefStart="d3" dataRefEnd="d8">Nu"#,
        "dataRefEnd \"d8\" names no <data>",
    );
}

#[test]
fn sc_and_ec_pair_up() {
    assert_caught(
        r#"x<ec startRef="4"/>.</source>"#,
        "x.</source>",
        "<sc id=\"4\"> is not closed by an <ec> in the source",
    );
    assert_caught(
        r#"<sc id="4"/>x<ec startRef="4"/>.</target>"#,
        r#"x<ec startRef="4"/>.</target>"#,
        "has no <sc> before it in the target",
    );
}

#[test]
fn code_types_and_subtypes() {
    assert_caught(
        r#"<pc id="3" type="fmt" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now"#,
        r#"<pc id="3" type="bold" dataRefStart="d3" dataRefEnd="d3">now"#,
        "type \"bold\" is not one of",
    );
    assert_caught(
        r#"<pc id="3" type="fmt" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now"#,
        r#"<pc id="3" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now"#,
        "subType needs type",
    );
    assert_caught(
        r#"<pc id="3" type="fmt" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now"#,
        r#"<pc id="3" type="ui" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now"#,
        "subType xlf:b needs type=\"fmt\"",
    );
    assert_caught(
        r#"<pc id="3" type="fmt" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now"#,
        r#"<pc id="3" type="fmt" subType="xlf:bold" dataRefStart="d3" dataRefEnd="d3">now"#,
        "is not an xlf: subType",
    );
    assert_caught(
        r#"<pc id="3" type="fmt" subType="xlf:b" dataRefStart="d3" dataRefEnd="d3">now"#,
        r#"<pc id="3" type="fmt" subType="bold" dataRefStart="d3" dataRefEnd="d3">now"#,
        "is not prefix:value",
    );
}

#[test]
fn elements_of_other_namespaces_only_where_the_core_allows_them() {
    let ext = VALID.replace(
        "<unit id=\"u2\">",
        "<unit id=\"u2\"><my:info xmlns:my=\"urn:x\">ok</my:info>",
    );
    assert_eq!(violations(&ext), Vec::<String>::new());
    assert_caught(
        "<source>Plain.</source>",
        "<source>Plain.</source><my:info xmlns:my=\"urn:x\"/>",
        "an element of another namespace may not be here",
    );
}
