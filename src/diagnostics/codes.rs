//! The stable diagnostic codes and their severities. A code is part of
//! helpsite's interface (JSON output, `[diagnostics]` overrides in
//! site.toml, the README's table), so never rename one.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One list makes the enum, its names, its documented severities and
/// `Code::ALL`, so none of them can miss a code.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident;)*) => {
        /// What kind of problem a diagnostic reports.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of the README's table groups.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name users see and write in site.toml.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity the README documents; a site may override it.
            pub const fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    Io = "io", Error;
    Encoding = "encoding", Error;
    Config = "config", Error;
    FrontMatter = "front-matter", Error;
    Template = "template", Error;
    BrokenLink = "broken-link", Error;
    BrokenAnchor = "broken-anchor", Error;
    MissingMedia = "missing-media", Error;
    CaseMismatch = "case-mismatch", Warning;
    PathEscape = "path-escape", Error;
    OutsideLink = "outside-link", Warning;
    IncludeCycle = "include-cycle", Error;
    IncludeMissing = "include-missing", Error;
    IncludeDepth = "include-depth", Error;
    IncludeSize = "include-size", Error;
    UnsafeUrl = "unsafe-url", Error;
    HeadingAttribute = "heading-attribute", Warning;
    HeadingSkip = "heading-skip", Warning;
    ExternalEmbed = "external-embed", Warning;
    DuplicateId = "duplicate-id", Warning;
    DuplicateAssetid = "duplicate-assetid", Warning;
    Fallback = "fallback", Info;
    MediaFallback = "media-fallback", Warning;
    FtlMissing = "ftl-missing", Warning;
    FtlUnused = "ftl-unused", Info;
    FtlSyntax = "ftl-syntax", Error;
    FtlFormat = "ftl-format", Warning;
    Mojibake = "mojibake", Warning;
    Toc = "toc", Error;
    ListIndent = "list-indent", Warning;
    Date = "date", Warning;
    Structure = "structure", Warning;
    // DocFX Flavored Markdown extensions.
    BlockSyntax = "block-syntax", Error;
    BlockUnclosed = "block-unclosed", Error;
    SnippetMissing = "snippet-missing", Error;
    SnippetRegion = "snippet-region", Error;
    SnippetRange = "snippet-range", Error;
    SnippetSize = "snippet-size", Error;
    XrefUnresolved = "xref-unresolved", Error;
    DuplicateUid = "duplicate-uid", Error;
    UnknownMoniker = "unknown-moniker", Error;
    UnknownPivot = "unknown-pivot", Error;
    UnrenderedSyntax = "unrendered-syntax", Warning;
    /// A `### YamlMime:<type>` file of a type helpsite does not render.
    YamlPage = "yaml-page", Warning;
    /// A YAML landing or hub page that does not parse.
    YamlSyntax = "yaml-syntax", Error;
    // Stable addresses: help IDs, redirects, and what a release published.
    DuplicateHelpId = "duplicate-help-id", Error;
    RedirectFrom = "redirect-from", Error;
    RedirectedLink = "redirected-link", Warning;
    VanishedUrl = "vanished-url", Error;
    VanishedAnchor = "vanished-anchor", Error;
    VanishedHelpId = "vanished-help-id", Error;
    ReservedPath = "reserved-path", Error;
    TranslationStamp = "translation-stamp", Warning;
    OutputCollision = "output-collision", Error;
    OutputCaseCollision = "output-case-collision", Error;
}

/// Codes sort by name, as they did when they were strings: output order
/// and the text output's "… and N more" lines depend on it.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Debug output shows the name as a string, as it did when codes were
/// strings: what a log or a failed assertion shows is what users write.
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A name that is no diagnostic code, as in a `[diagnostics]` override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown diagnostic code `{}`", self.0)
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(name: &str) -> Result<Code, UnknownCode> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == name)
            .ok_or_else(|| UnknownCode(name.to_string()))
    }
}

/// Tests and JSON readers compare a code with the name they expect.
impl PartialEq<&str> for Code {
    fn eq(&self, name: &&str) -> bool {
        self.as_str() == *name
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, name: &str) -> bool {
        self.as_str() == name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_to_their_code() {
        for &c in Code::ALL {
            assert_eq!(c.as_str().parse::<Code>(), Ok(c));
        }
        assert_eq!(
            "not-a-code".parse::<Code>(),
            Err(UnknownCode("not-a-code".into()))
        );
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn serializes_as_its_name() {
        assert_eq!(
            serde_json::to_string(&Code::BrokenLink).unwrap(),
            "\"broken-link\""
        );
    }

    #[test]
    fn debug_shows_the_quoted_name() {
        assert_eq!(format!("{:?}", Code::BrokenLink), "\"broken-link\"");
    }

    #[test]
    fn sorts_by_name() {
        assert!(Code::Toc > Code::Io);
        assert!(Code::BrokenAnchor < Code::BrokenLink);
    }

    /// The README's table of codes is the user's documentation of the
    /// severities: it and `default_severity` must not drift apart.
    #[test]
    fn readme_table_documents_every_code_with_its_default_severity() {
        let readme = include_str!("../../README.md");
        let mut documented = std::collections::BTreeMap::new();
        for row in readme.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split(" | ").collect();
            let Some(&severity) = cells.get(1) else {
                continue;
            };
            for name in cells[0].trim_start_matches("| ").split(", ") {
                if let Ok(code) = name.trim_matches('`').parse::<Code>() {
                    documented.insert(code, severity);
                }
            }
        }
        for &c in Code::ALL {
            assert_eq!(
                documented.get(&c).copied(),
                Some(c.default_severity().as_str()),
                "{c}"
            );
        }
    }
}
