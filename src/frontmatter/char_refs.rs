//! Character references in front matter text. Authors write `&#58;` or
//! `&amp;` in a `title` because DocFX's YAML once needed them; readers must
//! see `:` and `&`. Values are decoded once, here, and every template
//! escapes them again on output, so nothing a title holds becomes markup.

use std::borrow::Cow;

use html5ever::data::NAMED_ENTITIES;

/// The longest reference worth looking at: `&CounterClockwiseContourIntegral;`.
const MAX_REFERENCE: usize = 40;

/// `text` with every complete character reference (`&#58;`, `&#x27;`,
/// `&amp;`, `&eacute;`) replaced by its character, as CommonMark decodes
/// them in running text: a reference needs its `;`, and a number that is
/// no character becomes U+FFFD. Anything else stays as written.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match reference(after) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The characters the reference at the start of `after` (past its `&`)
/// stands for, and how many bytes it takes, `;` included.
fn reference(after: &str) -> Option<(String, usize)> {
    let window = &after[..after.len().min(MAX_REFERENCE)];
    let semicolon = window.find(';')?;
    let name = &window[..semicolon];
    let len = semicolon + 1;
    if let Some(number) = name.strip_prefix('#') {
        let (digits, radix, max_digits) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (number, 10, 7),
        };
        if digits.is_empty()
            || digits.len() > max_digits
            || !digits.chars().all(|c| c.is_digit(radix))
        {
            return None;
        }
        let code = u32::from_str_radix(digits, radix).ok()?;
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        return Some((c.to_string(), len));
    }
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let &(first, second) = NAMED_ENTITIES.get(&after[..len])?;
    let mut s: String = char::from_u32(first).into_iter().collect();
    s.extend(char::from_u32(second).filter(|_| second != 0));
    (first != 0).then_some((s, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_decoded_once() {
        assert_eq!(decode("Intune&#58; enroll"), "Intune: enroll");
        assert_eq!(decode("Q&amp;A"), "Q&A");
        assert_eq!(decode("it&#x27;s &#X27;"), "it's '");
        assert_eq!(decode("caf&eacute; &lt;b&gt;"), "café <b>");
        assert_eq!(decode("&amp;amp;"), "&amp;");
        assert_eq!(
            decode("&#0; &#x110000; &#55296;"),
            "\u{fffd} \u{fffd} \u{fffd}"
        );
    }

    #[test]
    fn what_is_no_reference_stays() {
        for text in [
            "R&D",
            "a & b",
            "&amp",
            "&;",
            "&#;",
            "&#x;",
            "&#12345678;",
            "&nosuchname;",
            "&#xZZ;",
            "&",
            "x&",
            "&é;",
        ] {
            assert_eq!(decode(text), text, "{text}");
        }
        assert!(matches!(decode("no ampersand"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_text_is_read_once() {
        let text = "&".repeat(100_000) + "amp;";
        let decoded = decode(&text);
        assert_eq!(decoded.len(), 100_000);
    }
}
