//! Region tags in snippet files, read as DocFX reads them: which comment
//! forms mark a region depends on the snippet's language (`// <name>` in
//! C#, `# <name>` in Python, `<!-- <name> -->` in XML, `#region name` in C#
//! and VB…), and only tags of the form that found the region are left out
//! of it. A tag of another form is code to that language, and shows.

/// A comment form that can mark a region, one per DocFX tag reader.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub(super) enum CommentForm {
    /// `' <name>` … `' </name>` (Visual Basic)
    Basic,
    /// `// <name>` … `// </name>`
    Slashes,
    /// `<!-- <name> -->` … `<!-- </name> -->`
    Markup,
    /// `-- <name>` … `-- </name>`
    Dashes,
    /// `# <name>` … `# </name>`
    Hash,
    /// `rem <name>` … `rem </name>`
    Rem,
    /// `#region name` … `#endregion`: the end names no region, it closes the innermost.
    Region,
    /// `% <name>` … `% </name>`
    Percent,
    /// `; <name>` … `; </name>`
    Semicolon,
    /// `/* <name> */` … `/* </name> */`
    Block,
}

use CommentForm::*;

/// Every form, in the order DocFX tries them for a language it does not know.
pub(super) const EVERY_FORM: &[CommentForm] = &[
    Basic, Slashes, Markup, Dashes, Hash, Rem, Region, Percent, Semicolon, Block,
];

/// The forms a language's regions are marked in, in the order DocFX tries
/// them. `language` is a name (`csharp`), an alias (`cs`) or a file
/// extension with its dot (`.cs`; `""` for a file without one, which
/// DocFX reads as Ruby). `None` for a language DocFX does not know.
pub(super) fn forms_of(language: &str) -> Option<&'static [CommentForm]> {
    let name = language.strip_prefix('.').unwrap_or(language);
    let name = name.to_ascii_lowercase();
    let canonical = match name.as_str() {
        "as" => "actionscript",
        "ino" => "arduino",
        "nasm" | "asm" => "assembly",
        "bat" | "cmd" => "batchfile",
        "c" | "c++" | "objective-c" | "obj-c" | "objc" | "objectivec" | "h" | "hpp" | "cc"
        | "m" => "cpp",
        "cs" => "csharp",
        "cu" | "cuh" => "cuda",
        "dlang" => "d",
        "erl" => "erlang",
        "fs" | "fsi" | "fsx" => "fsharp",
        "golang" => "go",
        "hbs" => "handlebars",
        "hs" => "haskell",
        "jsp" | "asp" | "aspx" | "ascx" => "html",
        "aspx-cs" | "aspx-csharp" => "cshtml",
        "aspx-vb" => "vbhtml",
        "gradle" => "java",
        "js" | "node" | "json" => "javascript",
        "lsp" => "lisp",
        "pas" => "pascal",
        "pl" => "perl",
        "posh" | "ps1" => "powershell",
        "pde" => "processing",
        "py" => "python",
        "tsx" => "react",
        "ru" | "erb" | "rb" | "" => "ruby",
        "rs" => "rust",
        "sh" | "bash" => "shell",
        "st" => "smalltalk",
        "ts" => "typescript",
        "xsl" | "xslt" | "xsd" | "wsdl" | "csdl" | "edmx" => "xml",
        "vbnet" | "vbscript" | "bas" | "vbs" | "vba" => "vb",
        other => other,
    };
    Some(match canonical {
        "vbhtml" => &[Basic, Markup, Region],
        "vb" => &[Basic, Region],
        "csharp" => &[Slashes, Region],
        "cshtml" => &[Slashes, Markup, Region],
        "php" | "react" => &[Slashes, Markup],
        "actionscript" | "arduino" | "assembly" | "cpp" | "cuda" | "d" | "fsharp" | "go"
        | "java" | "javascript" | "pascal" | "processing" | "rust" | "scala" | "smalltalk"
        | "swift" | "typescript" => &[Slashes],
        "xml" | "xaml" | "handlebars" | "html" => &[Markup],
        "ruby" => &[Markup, Hash],
        "haskell" | "lua" | "sql" => &[Dashes],
        "perl" | "powershell" | "python" | "r" | "shell" => &[Hash],
        "batchfile" => &[Rem],
        "erlang" | "matlab" => &[Percent],
        "lisp" => &[Semicolon],
        "css" => &[Block],
        _ => return None,
    })
}

/// A region tag line: its form, its name (lower case; empty for
/// `#endregion`) and whether it ends a region.
pub(super) fn tag(line: &str) -> Option<(CommentForm, String, bool)> {
    let lower = line.trim().to_ascii_lowercase();
    if lower.starts_with("#endregion") {
        return Some((Region, String::new(), true));
    }
    if let Some(rest) = lower.strip_prefix("#region") {
        // A `#region` without a name opens nothing DocFX can show.
        let name = rest.trim();
        return is_name(name).then(|| (Region, name.to_string(), false));
    }
    const MARKED: [(&str, &str, CommentForm); 9] = [
        ("//", "", Slashes),
        ("'", "", Basic),
        ("<!--", "-->", Markup),
        ("--", "", Dashes),
        ("#", "", Hash),
        ("rem", "", Rem),
        ("%", "", Percent),
        (";", "", Semicolon),
        ("/*", "*/", Block),
    ];
    let (body, form) = MARKED.iter().find_map(|(open, close, form)| {
        let body = lower.strip_prefix(open)?.trim();
        Some((body.strip_suffix(close)?.trim_end(), *form))
    })?;
    let inner = body.strip_prefix('<')?.strip_suffix('>')?;
    let (end, name) = match inner.strip_prefix('/') {
        Some(name) => (true, name.trim()),
        None => (false, inner.trim()),
    };
    is_name(name).then(|| (form, name.to_string(), end))
}

/// DocFX's region names: letters, digits, `_`, `.` and `-`.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_is_read_and_anything_else_is_code() {
        assert_eq!(tag("  // <Main>"), Some((Slashes, "main".into(), false)));
        assert_eq!(tag("//</ Main  >"), Some((Slashes, "main".into(), true)));
        assert_eq!(tag("<!-- <a.b> -->"), Some((Markup, "a.b".into(), false)));
        assert_eq!(tag("REM <snippet>"), Some((Rem, "snippet".into(), false)));
        assert_eq!(tag("/*</x>*/"), Some((Block, "x".into(), true)));
        assert_eq!(tag("#region Setup"), Some((Region, "setup".into(), false)));
        assert_eq!(tag("#endregion Setup"), Some((Region, String::new(), true)));
        assert_eq!(tag("#region"), None);
        assert_eq!(tag("// <Content=\"my\">"), None);
        assert_eq!(tag("// <a> trailing"), None);
    }

    #[test]
    fn languages_name_their_forms_as_docfx_does() {
        assert_eq!(forms_of("csharp"), Some(&[Slashes, Region][..]));
        assert_eq!(forms_of(".cs"), forms_of("cs"));
        assert_eq!(forms_of(".py"), Some(&[Hash][..]));
        assert_eq!(forms_of(""), Some(&[Markup, Hash][..]));
        assert_eq!(forms_of(".vbhtml"), Some(&[Basic, Markup, Region][..]));
        assert_eq!(forms_of("klingon"), None);
    }
}
