//! `check --format sarif`: SARIF 2.1.0 for code-scanning UIs (GitHub code
//! scanning, GitLab, IDE viewers). One rule per diagnostic code helpsite
//! has, whether or not this run found it, so a viewer can explain any code.

use serde_json::{json, Map, Value};

use super::github::annotated_file;
use super::{Code, Diagnostic, Severity};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base every result's path is relative to: `%SRCROOT%`, the
/// repository root (`prefix` is the site root's path from it).
pub struct SarifBase<'a> {
    pub prefix: &'a str,
    /// `file:` URI of the repository root, ending in `/`.
    pub root_uri: &'a str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `broken-link` → `BrokenLink`: SARIF's readable rule name.
fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn rules(help_uri: Option<&str>) -> Vec<Value> {
    Code::ALL
        .iter()
        .map(|&code| {
            let summary = format!("{}.", code.summary());
            let help = format!(
                "{summary} The Diagnostics section of helpsite's README says when `{code}` \
                 is reported and how to fix it."
            );
            let mut rule = json!({
                "id": code.as_str(),
                "shortDescription": { "text": summary },
                "fullDescription": { "text": summary },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(code.default_severity()) },
            });
            // A name that only differs from the id in letter case is no
            // name: SARIF wants it left out then.
            let name = rule_name(code);
            if !name.eq_ignore_ascii_case(code.as_str()) {
                rule["name"] = json!(name);
            }
            if let Some(uri) = help_uri {
                rule["helpUri"] = json!(uri);
            }
            rule
        })
        .collect()
}

/// The README's Diagnostics section where the project has a published
/// address (Cargo.toml's `repository`), and nothing where it has none.
fn information_uri() -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repository.is_empty()).then(|| format!("{repository}#diagnostics"))
}

/// Percent-encodes a relative path for a URI reference: everything but
/// unreserved characters and `/`, so a `:` in the first segment is not
/// read as a scheme and `%`, `#`, `?`, spaces and non-ASCII stay data.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn result(d: &Diagnostic, rule_index: usize, base: &SarifBase) -> Value {
    let file = annotated_file(base.prefix, d);
    let artifact = if super::github::is_absolute(&file) {
        json!({ "uri": format!("file:///{}", encode_path(file.trim_start_matches('/'))) })
    } else {
        json!({ "uri": encode_path(&file), "uriBaseId": "%SRCROOT%" })
    };
    // Code scanning places a result only by its line: a problem with the
    // whole file goes on the first.
    let mut region = Map::new();
    region.insert("startLine".into(), json!(d.span.line.max(1)));
    if d.span.line > 0 {
        region.insert("startColumn".into(), json!(d.span.column.max(1)));
    }
    let mut text = d.message.clone();
    if let (Some(s), None) = (&d.suggestion, &d.fix) {
        if !text.ends_with(['.', '!', '?']) {
            text.push('.');
        }
        text.push_str(&format!(" Suggestion: {s}"));
    }
    let mut out = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": { "artifactLocation": artifact, "region": region }
        }],
    });
    if let Some(fix) = &d.fix {
        let description = if fix.old.is_empty() {
            format!("Insert `{}`", fix.new.trim_end())
        } else {
            format!("Replace `{}` with `{}`", fix.old, fix.new)
        };
        out["fixes"] = json!([{
            "description": { "text": description },
            "artifactChanges": [{
                "artifactLocation": artifact,
                "replacements": [{
                    "deletedRegion": { "byteOffset": fix.offset, "byteLength": fix.old.len() },
                    "insertedContent": { "text": fix.new },
                }],
            }],
        }]);
    }
    out
}

pub fn format_sarif(diags: &[Diagnostic], base: &SarifBase) -> String {
    let help = information_uri();
    let mut driver = json!({
        "name": "helpsite",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
    });
    if let Some(help) = &help {
        driver["informationUri"] = json!(help);
    }
    driver["rules"] = Value::Array(rules(help.as_deref()));
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let index = Code::ALL.iter().position(|&c| c == d.code).unwrap_or(0);
            result(d, index, base)
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": base.root_uri } },
            // helpsite counts columns in characters (Unicode scalar
            // values), not in SARIF's default UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name(Code::BrokenLink), "BrokenLink");
        assert_eq!(rule_name(Code::Io), "Io");
    }

    #[test]
    fn paths_are_percent_encoded_as_uri_references() {
        assert_eq!(
            encode_path("docs/a b:c,d%e#f?ë.md"),
            "docs/a%20b%3Ac%2Cd%25e%23f%3F%C3%AB.md"
        );
    }

    #[test]
    fn one_rule_per_code_and_results_point_at_theirs() {
        let diags = [
            Diagnostic::warning(Code::CaseMismatch, "content/en/a.md", "wrong case")
                .at("x [y](Z.md)", 6)
                .with_fix(6, "Z.md", "z.md")
                .with_suggestion("z.md"),
            Diagnostic::error(Code::BrokenLink, "content/en/a.md", "no page")
                .at_line_col(2, 3)
                .with_suggestion("b.md"),
            Diagnostic::info(Code::Fallback, "content/nl/b.md", "untranslated"),
        ];
        let base = SarifBase {
            prefix: "site/",
            root_uri: "file:///repo/",
        };
        let log: Value = serde_json::from_str(&format_sarif(&diags, &base)).unwrap();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        let results = run["results"].as_array().unwrap();
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
        }
        insta::assert_snapshot!(serde_json::to_string_pretty(results).unwrap());
    }
}
