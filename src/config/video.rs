//! `[video]`: how pages show a `[!VIDEO]` or `:::video` embed.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Video {
    #[serde(default)]
    pub embed: VideoEmbed,
}

/// Whether a video's frame is on the page from the start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VideoEmbed {
    /// A placeholder (title, link, local thumbnail) whose button loads the
    /// frame: opening a page contacts no video host, and a strict CSP or
    /// no connection leaves the reader a link instead of a broken frame.
    #[default]
    Click,
    /// The frame itself, as DocFX writes it.
    Direct,
}
