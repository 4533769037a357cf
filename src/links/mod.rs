//! Links: what a reference written in a page points at, and the relative
//! URL it becomes. Every internal URL we emit is relative, so the site works
//! from disk, from a zip and under any base path.
//!
//! `url` holds the string helpers (one encoder, one decoder), `index` what
//! exists to link to, `resolution` what resolving gives. `resolve` picks
//! the rule for a reference; `page`, `asset`, `own_address`, `redirect` and
//! `letter_case` are the rules, and `suggest` the "did you mean".

mod asset;
pub mod index;
mod letter_case;
mod nearest;
mod own_address;
mod page;
pub mod prefixes;
mod redirect;
pub mod resolution;
mod resolve;
#[cfg(test)]
mod sample_index;
pub mod suggest;
pub mod url;
#[cfg(test)]
mod url_properties;

pub use index::{ContentIndex, LocaleFiles};
pub use letter_case::recase;
pub use resolution::{Problem, RefKind, Resolution, Target};
pub use url::{
    encode_path, href_to, is_external, join_normalized, page_output_path, parent_dir,
    percent_decode, percent_decode_strict, relative_url, root_prefix, split_href, unsafe_scheme,
};
