//! A small scanner for the raw HTML that DocFX pages carry (`<a name>`
//! anchors, `<img>`, `<iframe>` embeds). It only reads tags and attributes;
//! the HTML itself passes through untouched.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<Attr>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub value: String,
    /// Byte offset of the value within the scanned string.
    pub offset: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Start tags in `html`, skipping comments and end tags.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(bytes.len(), |e| lt + e + 3);
            continue;
        }
        let mut j = lt + 1;
        let name_start = j;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        if j == name_start {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= bytes.len()
                || bytes[j] == b'>'
                || bytes[j] == b'/' && bytes.get(j + 1) == Some(&b'>')
            {
                break;
            }
            let an_start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            if j == an_start {
                j += 1;
                continue;
            }
            let attr_name = html[an_start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                let (v_start, v_end, next) = match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(q as char)
                            .map_or(bytes.len(), |e| j + 1 + e);
                        (j + 1, end, (end + 1).min(bytes.len()))
                    }
                    _ => {
                        let s = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>'
                        {
                            j += 1;
                        }
                        (s, j, j)
                    }
                };
                attrs.push(Attr {
                    name: attr_name,
                    value: decode_entities(&html[v_start..v_end]),
                    offset: v_start,
                });
                j = next;
            } else {
                attrs.push(Attr {
                    name: attr_name,
                    value: String::new(),
                    offset: j,
                });
            }
        }
        tags.push(Tag { name, attrs });
        i = j.max(lt + 1).min(bytes.len());
    }
    tags
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_and_attributes() {
        let html = r#"<a name="x"></a><!-- <img src="no"> --><iframe width=560 src='https://v/e' allowfullscreen></iframe>"#;
        let tags = start_tags(html);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].attr("name").unwrap().value, "x");
        assert_eq!(tags[1].name, "iframe");
        let src = tags[1].attr("src").unwrap();
        assert_eq!(src.value, "https://v/e");
        assert_eq!(&html[src.offset..src.offset + 3], "htt");
        assert!(tags[1].attr("allowfullscreen").is_some());
    }

    #[test]
    fn survives_garbage() {
        for s in ["<", "<a", "<a href=", "<a href=\"x", "< b>", "<<>>"] {
            let _ = start_tags(s);
        }
    }
}
