//! The starter site's own words, in English and Dutch. Any other locale
//! gets the English text until its writers translate it.

/// The troubleshooting page's file name, the same in every locale so the
/// translations pair with it by path as well as by `ms.assetid`.
pub const TROUBLESHOOTING_PAGE: &str = "a-new-page-does-not-show-up.md";
/// The help ID the starter troubleshooting page answers to (`go/…`).
pub const TROUBLESHOOTING_HELP_ID: &str = "PAGE-NOT-SHOWN";

/// The texts of one language. `{locale}` stands for the locale whose
/// folder the page is in, `{site}` for the site's title.
pub struct Words {
    pub home_description: &'static str,
    pub home_body: &'static str,
    pub other_languages: &'static str,
    pub page_title: &'static str,
    pub page_description: &'static str,
    pub page_body: &'static str,
    pub toc_home: &'static str,
}

pub fn words_for(locale: &str) -> &'static Words {
    if locale.eq_ignore_ascii_case("nl") || locale.to_ascii_lowercase().starts_with("nl-") {
        &DUTCH
    } else {
        &ENGLISH
    }
}

const ENGLISH: Words = Words {
    home_description: "Where to start in this help, and what its writers edit next.",
    home_body: "\
Welcome. Choose the page for your question:

- [A new page does not show up](a-new-page-does-not-show-up.md)

## For the writers of this help

`helpsite init` made this site. What to do next:

1. Give the help its name: `title` in `site.toml`.
2. Write this home page: `content/{locale}/index.md`.
3. Add a page with `helpsite new content/{locale}/my-topic.md`. It gets its front matter and its entry in `content/{locale}/TOC.md`, the table of contents.
4. Run `helpsite check` before you publish, and `helpsite build` to write the site into `public/`.
",
    other_languages: "5. Translate: a page's translation has the same path under the other language's folder ({others}). `helpsite l10n status` tells which translations are missing or out of date.\n",
    page_title: "A new page does not show up",
    page_description: "What to check when a page you added is missing from the help or from its table of contents.",
    page_body: "\
You added a page, but the help does not show it, or shows it without a place in the table of contents.

## Check where the file is

Pages are Markdown files (`.md`) under `content/{locale}/`. A file whose name starts with a dot is left out. So is a file in a folder named `includes`: it is a part that other pages include, not a page of its own.

## Check the table of contents

The navigation comes from `TOC.md`. A page that is not listed there is still published, but only search and links from other pages lead to it. `helpsite new` adds the pages it writes to the table of contents for you.

## Ask helpsite

Run `helpsite check`. It names every problem with its file, line and column, such as a link to a page that does not exist or a picture that is missing.
",
    toc_home: "Start here",
};

const DUTCH: Words = Words {
    home_description: "Waar u begint in deze help, en wat de schrijvers ervan hierna aanpassen.",
    home_body: "\
Welkom. Kies de pagina die bij uw vraag past:

- [Een nieuwe pagina verschijnt niet](a-new-page-does-not-show-up.md)

## Voor de schrijvers van deze help

`helpsite init` heeft deze site gemaakt. Wat u nu doet:

1. Geef de help een naam: `title` in `site.toml`.
2. Schrijf deze startpagina: `content/{locale}/index.md`.
3. Voeg een pagina toe met `helpsite new content/{locale}/mijn-onderwerp.md`. Die krijgt zijn front matter en een regel in `content/{locale}/TOC.md`, de inhoudsopgave.
4. Voer `helpsite check` uit voordat u publiceert, en `helpsite build` om de site in `public/` te schrijven.
",
    other_languages: "5. Vertalen: de vertaling van een pagina staat op hetzelfde pad in de map van de andere taal ({others}). `helpsite l10n status` laat zien welke vertalingen ontbreken of verouderd zijn.\n",
    page_title: "Een nieuwe pagina verschijnt niet",
    page_description: "Wat u controleert als een pagina die u hebt toegevoegd, niet in de help of in de inhoudsopgave staat.",
    page_body: "\
U hebt een pagina toegevoegd, maar de help toont die niet, of toont die zonder plaats in de inhoudsopgave.

## Controleer waar het bestand staat

Pagina's zijn Markdown-bestanden (`.md`) in `content/{locale}/`. Een bestand waarvan de naam met een punt begint, wordt overgeslagen. Dat geldt ook voor een bestand in een map met de naam `includes`: dat is een stuk tekst dat andere pagina's opnemen, geen eigen pagina.

## Controleer de inhoudsopgave

De navigatie komt uit `TOC.md`. Een pagina die daar niet in staat, wordt wel gepubliceerd, maar alleen zoeken en koppelingen vanaf andere pagina's leiden ernaartoe. `helpsite new` zet de pagina's die het schrijft voor u in de inhoudsopgave.

## Vraag het helpsite

Voer `helpsite check` uit. Dat noemt elk probleem met bestand, regel en kolom, zoals een koppeling naar een pagina die niet bestaat of een afbeelding die ontbreekt.
",
    toc_home: "Begin hier",
};

/// Languages' names in their own language, for the UI strings of a
/// locale helpsite has none for (the language switch shows them). A tag
/// not listed here is shown as it is written.
const AUTONYMS: &[(&str, &str)] = &[
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nb", "Norsk bokmål"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("sv", "Svenska"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("zh", "中文"),
];

/// The name of `locale`'s language in that language, by its language subtag.
pub fn autonym(locale: &str) -> String {
    let language = locale
        .split('-')
        .next()
        .unwrap_or(locale)
        .to_ascii_lowercase();
    AUTONYMS
        .iter()
        .find(|(tag, _)| *tag == language)
        .map_or_else(|| locale.to_string(), |(_, name)| name.to_string())
}
