//! A DocFX directive line (`:::zone pivot="a"`, `[!code-cs[…](…)]`) as
//! parsed, shared by the block parser and the snippet renderer, which both
//! read its attributes.

/// One directive line, as found in the body.
pub(super) struct Directive {
    /// Byte range of the directive (from `:::` or `[!`) in the body.
    pub start: usize,
    pub end: usize,
    /// `zone`, `zone-end`, `image`, `video`, … (lower-cased).
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// The directive ended in `:::` (`:::image …:::`).
    pub closed: bool,
}

pub(super) fn attr<'a>(d: &'a Directive, name: &str) -> Option<&'a str> {
    d.attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}
