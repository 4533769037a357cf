//! DocFX's snippet, tab, video and `[!div]` families on inputs of our own,
//! each rendered as DocFX renders it, snapshotted with what the page records.

use super::tests::{render, summary};

/// A C# file whose regions nest, repeat and mix comment forms.
const SHOP: &str = "using System;\n\n// <Checkout>\nclass Checkout\n{\n    // <Total>\n    decimal total;\n    // </Total>\n    #region Pay\n    void Pay() { }\n    #endregion\n}\n// </Checkout>\n\n// <Refund>\nvoid First() { }\n// <Refund>\nvoid Second() { }\n// </Refund>\nvoid After() { }\n// </Refund>\n\n// <Open>\nvoid NeverClosed() { }\n";

#[test]
fn snippet_regions_leave_out_their_own_forms_tags_and_repeat_as_docfx_reads_them() {
    let r = render(
        ":::code source=\"shop.cs\" id=\"Checkout\":::\n\n[!code-cs[pay](shop.cs#pay)]\n\n[!code-cs[refund](shop.cs?name=Refund)]\n\n:::code source=\"shop.cs\" id=\"Total\" range=\"1-2\":::\n\n:::code source=\"shop.cs\" id=\"Open\":::\n",
        &[("shop.cs", SHOP)],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn snippet_tags_are_read_in_the_snippets_language() {
    let script = "# <setup>\nimport os\n// <not-a-tag>\n# </setup>\n";
    let r = render(
        "[!code-python[s](tool.py#setup)]\n\n[!code-cs[s](tool.py#setup)]\n\n[!code[s](Gemfile#gems)]\n\n:::code source=\"tool.py\" range=\"1-2\":::\n\n[!code[whole](tool.py)]\n",
        &[
            ("tool.py", script),
            ("Gemfile", "source 'x'\n# <gems>\ngem 'a'\n# </gems>\n"),
        ],
    );
    insta::assert_snapshot!(summary(&r));
}

const NOTEBOOK: &str = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n"]},
  {"cell_type": "code", "metadata": {"name": "load", "tags": ["walkthrough"]},
   "source": ["import json\n", "data = json.load(open('a.json'))"]},
  {"cell_type": "code", "metadata": {"tags": ["walkthrough"]}, "source": "print(len(data))\n"},
  {"cell_type": "code", "metadata": {"name": "twice"}, "source": ["a = 1"]},
  {"cell_type": "code", "metadata": {"name": "twice"}, "source": ["a = 2"]}
 ],
 "nbformat": 4
}"##;

#[test]
fn notebook_cells_by_name_or_tag() {
    let r = render(
        "[!notebook-python[](lab.ipynb?name=load)]\n\n:::code source=\"lab.ipynb\" id=\"walkthrough\" highlight=\"4\":::\n\n[!notebook-python[](lab.ipynb?name=twice)]\n\n[!notebook-python[](lab.ipynb?name=missing)]\n\n[!notebook-python[](broken.ipynb?name=load)]\n",
        &[("lab.ipynb", NOTEBOOK), ("broken.ipynb", "{\"cells\": [\n  {\"source\": ]\n}")],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn snippets_docfx_shows_as_a_link_or_text() {
    // In running text, or with text after it, `[!code…]` is no snippet to
    // DocFX: the bracketed name and path read as a link. Indented four
    // spaces it is code.
    let r = render(
        "See [!code-cs[the sample](shop.cs)] for more.\n\n[!code-cs[sample](shop.cs)] and more\n\n    [!code-cs[sample](shop.cs)]\n\n[!code-cs[remote](https://example.com/shop.cs)]\n",
        &[("shop.cs", SHOP)],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn videos_in_a_paragraph_keep_it_and_refused_ones_are_text() {
    let r = render(
        "Watch this\n:::video source=\"https://www.example.com/embed/a\" title=\"Enrolling a phone\":::\nthen read on.\n\nAlso [!VIDEO https://www.example.com/embed/b] below:\n[!VIDEO https://www.example.com/embed/c]\n\n:::video source=\"https://www.example.com/embed/d\" title=\"On its own\":::\n\n:::video title=\"No source\":::\n\n:::video source=\"https://www.example.com/embed/e\" max-width=\"wide\":::\n\n:::video source=\"https://www.example.com/embed/f\" autoplay=\"1\":::\n\n[!VIDEO media/local.mp4]\n\n> [!VIDEO ftp://example.com/a.mp4]\n\n```md\n:::video source=\"https://www.example.com/embed/g\":::\n```\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn a_div_after_the_first_line_of_a_quote_starts_there() {
    let r = render(
        "> Before the div.\n> [!div class=\"nextstepaction\" id=\"go\"]\n> [Next step](a.md)\n\n> [!div `id=\"half\"]\n> A lone backtick voids the attributes, as in DocFX.\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}

#[test]
fn tab_groups_open_after_text_hold_tables_and_lists_and_combine_choices() {
    let r = render(
        "## Install\nPick your system.\n# [Windows or macOS](#tab/windows+macos)\n\n| Step | Action |\n|---|---|\n| 1 | Run the installer |\n\n# [Linux](#tab/linux)\n\n1. Open a terminal\n   - as root\n   - or with sudo\n2. Run the script\n\n---\n\n# [Windows](#tab/windows)\n\nOn Windows.\n\n# [macOS or Linux](#tab/macos+linux)\n\nOn a Unix.\n\n---\n",
        &[],
    );
    insta::assert_snapshot!(summary(&r));
}
