//! Transitional: the codes under the names they had as string constants,
//! so that branches written against `code::BROKEN_LINK` still build.
//! `rename-codes.sh` rewrites every use to `Code::BrokenLink`; then this
//! module goes.

use super::Code;

pub const IO: Code = Code::Io;
pub const ENCODING: Code = Code::Encoding;
pub const CONFIG: Code = Code::Config;
pub const FRONT_MATTER: Code = Code::FrontMatter;
pub const TEMPLATE: Code = Code::Template;
pub const BROKEN_LINK: Code = Code::BrokenLink;
pub const BROKEN_ANCHOR: Code = Code::BrokenAnchor;
pub const MISSING_MEDIA: Code = Code::MissingMedia;
pub const CASE_MISMATCH: Code = Code::CaseMismatch;
pub const PATH_ESCAPE: Code = Code::PathEscape;
pub const OUTSIDE_LINK: Code = Code::OutsideLink;
pub const INCLUDE_CYCLE: Code = Code::IncludeCycle;
pub const INCLUDE_MISSING: Code = Code::IncludeMissing;
pub const INCLUDE_DEPTH: Code = Code::IncludeDepth;
pub const INCLUDE_SIZE: Code = Code::IncludeSize;
pub const UNSAFE_URL: Code = Code::UnsafeUrl;
pub const HEADING_ATTRIBUTE: Code = Code::HeadingAttribute;
pub const EXTERNAL_EMBED: Code = Code::ExternalEmbed;
pub const DUPLICATE_ID: Code = Code::DuplicateId;
pub const DUPLICATE_ASSETID: Code = Code::DuplicateAssetid;
pub const FALLBACK: Code = Code::Fallback;
pub const MEDIA_FALLBACK: Code = Code::MediaFallback;
pub const FTL_MISSING: Code = Code::FtlMissing;
pub const FTL_UNUSED: Code = Code::FtlUnused;
pub const FTL_SYNTAX: Code = Code::FtlSyntax;
pub const FTL_FORMAT: Code = Code::FtlFormat;
pub const MOJIBAKE: Code = Code::Mojibake;
pub const TOC: Code = Code::Toc;
pub const LIST_INDENT: Code = Code::ListIndent;
pub const DATE: Code = Code::Date;
pub const STRUCTURE: Code = Code::Structure;
pub const BLOCK_SYNTAX: Code = Code::BlockSyntax;
pub const BLOCK_UNCLOSED: Code = Code::BlockUnclosed;
pub const SNIPPET_MISSING: Code = Code::SnippetMissing;
pub const SNIPPET_REGION: Code = Code::SnippetRegion;
pub const SNIPPET_RANGE: Code = Code::SnippetRange;
pub const SNIPPET_SIZE: Code = Code::SnippetSize;
pub const XREF_UNRESOLVED: Code = Code::XrefUnresolved;
pub const DUPLICATE_UID: Code = Code::DuplicateUid;
pub const UNKNOWN_MONIKER: Code = Code::UnknownMoniker;
pub const UNKNOWN_PIVOT: Code = Code::UnknownPivot;
pub const DUPLICATE_HELP_ID: Code = Code::DuplicateHelpId;
pub const REDIRECT_FROM: Code = Code::RedirectFrom;
pub const REDIRECTED_LINK: Code = Code::RedirectedLink;
pub const VANISHED_URL: Code = Code::VanishedUrl;
pub const VANISHED_ANCHOR: Code = Code::VanishedAnchor;
pub const VANISHED_HELP_ID: Code = Code::VanishedHelpId;
pub const RESERVED_PATH: Code = Code::ReservedPath;
pub const TRANSLATION_STAMP: Code = Code::TranslationStamp;
pub const OUTPUT_COLLISION: Code = Code::OutputCollision;
pub const OUTPUT_CASE_COLLISION: Code = Code::OutputCaseCollision;
pub const ALL: &[Code] = Code::ALL;
