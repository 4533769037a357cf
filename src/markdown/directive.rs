//! DocFX directives: the ones helpsite renders (`Directive`), and one
//! directive line as parsed (`DirectiveLine`), shared by the block renderer
//! and the snippet renderer, which both read its attributes.

use super::docfx;

/// A directive helpsite renders, by its name (`:::zone`, `[!VIDEO …]`, `[!code-cs[…](…)]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Directive {
    Zone,
    ZoneEnd,
    Moniker,
    MonikerEnd,
    Row,
    RowEnd,
    Column,
    ColumnEnd,
    Image,
    ImageEnd,
    Video,
    Code,
    Form,
}

impl Directive {
    pub const ALL: [Directive; 13] = [
        Directive::Zone,
        Directive::ZoneEnd,
        Directive::Moniker,
        Directive::MonikerEnd,
        Directive::Row,
        Directive::RowEnd,
        Directive::Column,
        Directive::ColumnEnd,
        Directive::Image,
        Directive::ImageEnd,
        Directive::Video,
        Directive::Code,
        Directive::Form,
    ];

    /// The directive a lower-case name names.
    pub fn parse(name: &str) -> Option<Directive> {
        Directive::ALL.into_iter().find(|d| d.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Directive::Zone => "zone",
            Directive::ZoneEnd => "zone-end",
            Directive::Moniker => "moniker",
            Directive::MonikerEnd => "moniker-end",
            Directive::Row => "row",
            Directive::RowEnd => "row-end",
            Directive::Column => "column",
            Directive::ColumnEnd => "column-end",
            Directive::Image => "image",
            Directive::ImageEnd => "image-end",
            Directive::Video => "video",
            Directive::Code => "code",
            Directive::Form => "form",
        }
    }

    /// The directive that ends the block this one opens: `zone` → `zone-end`.
    pub fn closing(self) -> Option<Directive> {
        match self {
            Directive::Zone => Some(Directive::ZoneEnd),
            Directive::Moniker => Some(Directive::MonikerEnd),
            Directive::Row => Some(Directive::RowEnd),
            Directive::Column => Some(Directive::ColumnEnd),
            Directive::Image => Some(Directive::ImageEnd),
            Directive::ZoneEnd
            | Directive::MonikerEnd
            | Directive::RowEnd
            | Directive::ColumnEnd
            | Directive::ImageEnd
            | Directive::Video
            | Directive::Code
            | Directive::Form => None,
        }
    }

    /// The directive whose block this one ends: `zone-end` → `zone`.
    pub fn opening(self) -> Option<Directive> {
        Directive::ALL
            .into_iter()
            .find(|d| d.closing() == Some(self))
    }

    /// DocFX reads `:::row:::` only with its closing colons, `:::zone` only without.
    pub fn is_self_closing(self) -> bool {
        !matches!(
            self,
            Directive::Zone | Directive::ZoneEnd | Directive::Moniker | Directive::MonikerEnd
        )
    }

    /// The HTML end tag of the block this directive opens.
    pub fn end_tag(self) -> &'static str {
        match self {
            Directive::Row => "</section>\n",
            _ => "</div>\n",
        }
    }
}

/// One directive line, as found in the body.
pub(super) struct DirectiveLine {
    /// Byte range of the directive (from `:::` or `[!`) in the body.
    pub start: usize,
    pub end: usize,
    /// The directive, or the name as written (lower-cased) when helpsite knows none by it.
    pub name: Result<Directive, String>,
    pub attrs: Vec<(String, String)>,
    /// The directive ended in `:::` (`:::image …:::`).
    pub closed: bool,
}

impl DirectiveLine {
    /// What follows the name of an end directive (`::: zone-end more`):
    /// DocFX closes the block and drops it.
    pub fn text_after_end(&self) -> Option<String> {
        let end = self.name.as_ref().ok()?.opening().is_some();
        let words: Vec<&str> = self.attrs.iter().map(|(n, _)| n.as_str()).collect();
        (end && !words.is_empty()).then(|| words.join(" "))
    }
}

pub(super) fn attr<'a>(d: &'a DirectiveLine, name: &str) -> Option<&'a str> {
    d.attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// `[!VIDEO https://…]`: the address, when the whole line is that.
pub(super) fn video_marker(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix("[!")?.strip_suffix(']')?;
    let (word, url) = inner.split_once(char::is_whitespace)?;
    (word.eq_ignore_ascii_case("video") && !url.trim().is_empty()).then(|| url.trim().to_string())
}

pub(super) fn parse_colon(line: &str) -> Option<DirectiveLine> {
    let t = line.trim_end();
    let after_colons = t.strip_prefix(":::")?;
    if after_colons.starts_with(':') {
        return None;
    }
    // DocFX skips blanks after the colons for every block: `::: zone pivot="a"`.
    let body = after_colons.trim_start_matches([' ', '\t']);
    let spaced = body.len() < after_colons.len();
    let name_end = body
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    // The closing colons end the line (`:::image source="a" :::`) or follow
    // the name, with text after them that DocFX ignores (`:::column-end::: x`).
    let rest = &body[name_end..];
    let (attrs, closed) = match rest.strip_prefix(":::") {
        Some(after) => (after, true),
        None => match rest.strip_suffix(":::") {
            Some(inner) => (inner, true),
            None => (rest, false),
        },
    };
    if !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return None;
    }
    // `:::no-loc` is inline, handled in the text.
    if name == "no-loc" {
        return None;
    }
    let name = Directive::parse(&name).ok_or(name);
    // DocFX reads `::: word` as text when no extension has that name, and
    // prose such as `::: see below` is no misspelt directive.
    if spaced && name.is_err() {
        return None;
    }
    Some(DirectiveLine {
        start: 0,
        end: 0,
        name,
        attrs: docfx::parse_attributes(attrs),
        closed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_ends_pair_with_openers() {
        for d in Directive::ALL {
            assert_eq!(Directive::parse(d.as_str()), Some(d));
            if let Some(end) = d.closing() {
                assert_eq!(end.opening(), Some(d));
                assert_eq!(end.as_str(), format!("{}-end", d.as_str()));
            }
        }
        assert_eq!(Directive::parse("zone-start"), None);
    }

    #[test]
    fn blanks_after_the_colons_are_skipped() {
        let name = |line: &str| parse_colon(line).map(|d| d.name);
        assert_eq!(name("::: zone pivot=\"a\""), Some(Ok(Directive::Zone)));
        assert_eq!(name(":::\tzone-end"), Some(Ok(Directive::ZoneEnd)));
        assert_eq!(name("::: row :::"), Some(Ok(Directive::Row)));
        assert_eq!(
            name(":::  moniker range=\">= a\""),
            Some(Ok(Directive::Moniker))
        );
        assert_eq!(name(":::colum:::"), Some(Err("colum".to_string())));
        assert_eq!(name("::: see below"), None);
        assert_eq!(name("::: 3"), None);
        assert_eq!(name("::::zone"), None);
        let d = parse_colon("::: column span=\"2\" :::").unwrap();
        assert!(d.closed);
        assert_eq!(attr(&d, "span"), Some("2"));
        let end = parse_colon("::: zone-end see above").unwrap();
        assert_eq!(end.text_after_end().as_deref(), Some("see above"));
        let end = parse_colon(":::column-end::: x").unwrap();
        assert!(end.closed);
        assert_eq!(end.text_after_end().as_deref(), Some("x"));
    }
}
