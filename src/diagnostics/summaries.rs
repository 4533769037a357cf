//! One line per diagnostic code saying what it finds: the rule descriptions
//! of the SARIF output. The README's table says the same at length.

use super::Code;

impl Code {
    /// What the code finds, in a sentence fragment without a final period.
    /// The match names every code, so a new code cannot ship without one.
    pub const fn summary(self) -> &'static str {
        match self {
            Code::Io => "A file or folder that cannot be read, or a symlink that leads nowhere",
            Code::Encoding => "A file that is not UTF-8, or a file name that cannot be a URL",
            Code::Config => "A site.toml that is wrong or a content folder that is no language tag",
            Code::FrontMatter => {
                "Front matter that does not parse or has a value of the wrong kind"
            }
            Code::Template => "A template that fails to render",
            Code::BrokenLink => "A link to a page that exists in no locale",
            Code::BrokenAnchor => "A #fragment that matches no heading or id on the target page",
            Code::MissingMedia => "A referenced image or file that does not exist",
            Code::CaseMismatch => "A link or asset that exists only with different letter case",
            Code::PathEscape => "A link, include, asset or symlink that points outside its folder",
            Code::OutsideLink => "A site-absolute link outside this site",
            Code::IncludeCycle => "Include files that include each other",
            Code::IncludeMissing => "An include file that does not exist",
            Code::IncludeDepth => "Includes nested too deep",
            Code::IncludeSize => "Includes that expand a page beyond the size limit",
            Code::UnsafeUrl => "A javascript:, vbscript: or data: URL",
            Code::HeadingAttribute => "A heading attribute other than an id or a class",
            Code::HeadingSkip => "A heading more than one level deeper than the one before it",
            Code::ExternalEmbed => "Raw HTML that loads from the network and will not load offline",
            Code::DuplicateId => "Two elements on one page with the same id",
            Code::DuplicateAssetid => "Two pages in one locale with the same ms.assetid",
            Code::Fallback => "A link to a page that is not translated into this locale",
            Code::MediaFallback => "A file missing in this locale, taken from the default locale",
            Code::FtlMissing => "A UI message that this locale lacks",
            Code::FtlUnused => "A UI message nothing uses",
            Code::FtlSyntax => "A Fluent syntax error",
            Code::FtlFormat => "A UI message that cannot be formatted",
            Code::Mojibake => "UTF-8 text that was read in another encoding and saved again",
            Code::Toc => "A table of contents that does not parse",
            Code::ListIndent => {
                "A line whose list membership DocFX and CommonMark read differently"
            }
            Code::Date => "An ms.date that is no date",
            Code::Structure => "A translation whose structure differs from its source",
            Code::BlockSyntax => "A DocFX ::: block that is unknown or malformed",
            Code::BlockUnclosed => "A DocFX ::: block without its end",
            Code::SnippetMissing => "A code snippet source file that does not exist",
            Code::SnippetRegion => "A snippet region or notebook cell that the file does not have",
            Code::SnippetRange => "A snippet range or highlight that is malformed or out of bounds",
            Code::SnippetSize => "Snippets beyond the size limit",
            Code::XrefUnresolved => "An xref uid that no page declares",
            Code::DuplicateUid => "A uid that two pages declare",
            Code::UnknownMoniker => "A moniker range that names an unknown version",
            Code::UnknownPivot => "A zone pivot or pivot group that is not defined",
            Code::UnrenderedSyntax => "DocFX or Markdown syntax that readers would see as text",
            Code::YamlPage => "A YAML page of a type helpsite does not render",
            Code::YamlSyntax => "A YAML landing or hub page that does not parse",
            Code::DuplicateHelpId => "A help ID that two pages of one locale have",
            Code::RedirectFrom => "A redirect_from entry that cannot be written",
            Code::RedirectedLink => "A link to an old address that a page keeps in redirect_from",
            Code::VanishedUrl => "An address an earlier release published that now leads nowhere",
            Code::VanishedAnchor => "A #fragment an earlier release published that is gone",
            Code::VanishedHelpId => {
                "A help ID an earlier release published that no longer leads anywhere"
            }
            Code::ReservedPath => "A page where helpsite publishes a page of its own",
            Code::TranslationStamp => "An ms.sourcegitcommit that is not a commit id",
            Code::OutputCollision => "Two things the build would write at one output path",
            Code::OutputCaseCollision => {
                "Output paths that differ only in letter case or composition"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_summary_is_one_short_line() {
        for &c in Code::ALL {
            let s = c.summary();
            assert!(!s.is_empty() && s.len() <= 100 && !s.contains('\n'), "{c}");
            assert!(!s.ends_with('.'), "{c}");
        }
    }
}
