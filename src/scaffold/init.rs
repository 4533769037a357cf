//! `helpsite init`: a new site that builds and checks with no
//! diagnostics, and whose translations are complete.

use std::path::{Path, PathBuf};

use super::files::{self, Planned};
use super::starter_text::{self, TROUBLESHOOTING_HELP_ID, TROUBLESHOOTING_PAGE};
use super::Refusal;
use crate::l10n::dates::DocDate;
use crate::translations::stamp::{yaml_scalar, SOURCE_PATH_KEY};

pub struct InitOptions {
    pub dir: PathBuf,
    /// Language tags, the source language first.
    pub locales: Vec<String>,
    pub title: String,
    /// Add the starter files to a folder that has other files (never over one).
    pub force: bool,
}

/// The files a successful `init` wrote, relative to its folder.
pub struct Created {
    pub files: Vec<String>,
}

/// `--locales en,nl`: each a language tag, none twice (in any letter case:
/// `en` and `EN` would be one folder on many disks).
pub fn parse_locales(list: &str) -> Result<Vec<String>, Refusal> {
    let mut locales: Vec<String> = Vec::new();
    for tag in list.split(',').map(str::trim) {
        if let Err(why) = crate::config::check_locale_tag(tag) {
            return Err(Refusal::Usage(format!(
                "`{}` is not a language tag ({why}); write tags such as `en`, `nl` or `pt-BR`",
                crate::diagnostics::printable(tag)
            )));
        }
        if locales.iter().any(|l| l.eq_ignore_ascii_case(tag)) {
            return Err(Refusal::Usage(format!(
                "`{tag}` is named twice in --locales"
            )));
        }
        locales.push(tag.to_string());
    }
    Ok(locales)
}

pub fn init(options: &InitOptions) -> Result<Created, Refusal> {
    let dir = &options.dir;
    let plan = plan(options, super::ids::today())?;
    match files::what_is_at(dir) {
        None => {}
        Some("a folder") => refuse_unless_empty(dir, options.force, &plan)?,
        Some(what) => {
            return Err(Refusal::InTheWay(format!(
                "{} is {what}, not a folder; name a new or empty folder",
                dir.display()
            )))
        }
    }
    std::fs::create_dir_all(dir).map_err(Refusal::io("create", dir))?;
    files::write_all(dir, &plan)?;
    Ok(Created {
        files: plan.into_iter().map(|f| f.rel).collect(),
    })
}

/// A folder with files in it is the writer's: `--force` adds the starter
/// files beside them, but only when none of them is in the way.
fn refuse_unless_empty(dir: &Path, force: bool, plan: &[Planned]) -> Result<(), Refusal> {
    let mut present: Vec<String> = std::fs::read_dir(dir)
        .map_err(Refusal::io("read", dir))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    present.sort();
    if !force {
        const SHOWN: usize = 5;
        let more = present.len().saturating_sub(SHOWN);
        let mut names = present
            .iter()
            .take(SHOWN)
            .map(|n| crate::diagnostics::printable(n))
            .collect::<Vec<_>>()
            .join(", ");
        if more > 0 {
            names.push_str(&format!(" and {more} more"));
        }
        return Err(Refusal::InTheWay(format!(
            "{} is not empty (it has {names}); name a new or empty folder, or add --force to write the starter files beside these (an existing file is never overwritten)",
            dir.display()
        )));
    }
    let blocked = files::in_the_way(dir, plan);
    if blocked.is_empty() {
        return Ok(());
    }
    Err(Refusal::InTheWay(format!(
        "nothing was written: these are in the way in {}:\n  {}\nmove them aside, or start in another folder",
        dir.display(),
        blocked.join("\n  ")
    )))
}

/// Every file of the new site, made before anything is written so that a
/// title the configuration refuses stops `init` with nothing on disk.
fn plan(options: &InitOptions, today: DocDate) -> Result<Vec<Planned>, Refusal> {
    let source = options
        .locales
        .first()
        .ok_or_else(|| Refusal::Usage("--locales names no locale".into()))?;
    let config_text = site_toml(&options.title, &options.locales);
    if let Err(d) = crate::config::Config::parse(&config_text) {
        return Err(Refusal::Usage(format!(
            "cannot use that title: {}",
            d.message
        )));
    }
    let mut plan = vec![Planned {
        rel: crate::config::CONFIG_FILE.to_string(),
        bytes: config_text.into_bytes(),
    }];
    let date = super::ids::docfx_date(today);
    let home_id = super::ids::new_guid().map_err(Refusal::InTheWay)?;
    let page_id = super::ids::new_guid().map_err(Refusal::InTheWay)?;
    let mut source_hashes: Vec<(String, String)> = Vec::new();
    for locale in &options.locales {
        let words = starter_text::words_for(locale);
        let fill = |text: &str| {
            text.replace("{locale}", locale)
                .replace("{others}", &other_folders(&options.locales, locale))
        };
        let stamp = |name: &str| -> Vec<(&'static str, String)> {
            match source_hashes.iter().find(|(n, _)| n == name) {
                Some((_, hash)) if locale != source => vec![
                    (crate::translations::status::HASH_KEY, hash.clone()),
                    (SOURCE_PATH_KEY, name.to_string()),
                ],
                _ => Vec::new(),
            }
        };
        let mut home_body = fill(words.home_body);
        if options.locales.len() > 1 {
            home_body.push_str(&fill(words.other_languages));
        }
        let home = page_text(
            &[
                ("title", yaml_scalar(&options.title)),
                ("description", yaml_scalar(words.home_description)),
                ("ms.date", date.clone()),
                ("ms.assetid", home_id.clone()),
            ],
            &stamp("index.md"),
            &super::markdown_text(&options.title),
            &home_body,
        );
        let page = page_text(
            &[
                ("title", yaml_scalar(words.page_title)),
                ("description", yaml_scalar(words.page_description)),
                ("ms.date", date.clone()),
                ("ms.assetid", page_id.clone()),
                ("help_id", TROUBLESHOOTING_HELP_ID.to_string()),
            ],
            &stamp(TROUBLESHOOTING_PAGE),
            words.page_title,
            &fill(words.page_body),
        );
        if locale == source {
            let hash = crate::l10n::history::sha1_hex;
            source_hashes.push(("index.md".into(), hash(home.as_bytes())));
            source_hashes.push((TROUBLESHOOTING_PAGE.into(), hash(page.as_bytes())));
        }
        let toc = format!(
            "- [{}](index.md)\n- [{}]({TROUBLESHOOTING_PAGE})\n",
            words.toc_home, words.page_title
        );
        for (name, text) in [
            ("index.md", home),
            (TROUBLESHOOTING_PAGE, page),
            ("TOC.md", toc),
        ] {
            plan.push(Planned {
                rel: format!("content/{locale}/{name}"),
                bytes: text.into_bytes(),
            });
        }
    }
    plan.extend(ui_strings_if_needed(&options.locales));
    Ok(plan)
}

fn other_folders(locales: &[String], this: &str) -> String {
    locales
        .iter()
        .filter(|l| l.as_str() != this)
        .map(|l| format!("`content/{l}/`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn page_text(
    keys: &[(&str, String)],
    stamp: &[(&str, String)],
    heading: &str,
    body: &str,
) -> String {
    let mut text = String::from("---\n");
    for (key, value) in keys.iter().chain(stamp) {
        text.push_str(&format!("{key}: {value}\n"));
    }
    text.push_str(&format!("---\n\n# {heading}\n\n{body}"));
    text
}

/// `site.toml`, each setting with a word on what it does.
fn site_toml(title: &str, locales: &[String]) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let list: Vec<String> = locales.iter().map(|l| quoted(l)).collect();
    format!(
        "# helpsite settings. The README's \"site.toml\" section describes every key.\n\
         \n\
         # The help's name: in the header, the tab titles and the language chooser.\n\
         title = {}\n\
         # The language pages are written in first. The other locales translate\n\
         # it, and a page not translated yet is shown in it.\n\
         default_locale = {}\n\
         # The languages the site is built in; each has its pages in content/<locale>/.\n\
         locales = [{}]\n",
        quoted(title),
        quoted(&locales[0]),
        list.join(", ")
    )
}

/// UI strings for a site with a locale helpsite has none for. Built in,
/// that locale's pages would show message ids (or, as the source locale,
/// leave every locale without strings), so the site gets its own
/// `locales/` folder: the built-in strings of the locales that have them,
/// and for the others the English ones, named in their own language, to
/// translate. A `locales/` folder replaces the built-in strings as a whole,
/// which is why the locales helpsite knows get theirs written out as well.
fn ui_strings_if_needed(locales: &[String]) -> Vec<Planned> {
    let built_in = |locale: &str| {
        crate::theme::STRINGS
            .iter()
            .find(|(l, _)| *l == locale)
            .map(|(_, text)| *text)
    };
    if locales.iter().all(|l| built_in(l).is_some()) {
        return Vec::new();
    }
    locales
        .iter()
        .map(|locale| Planned {
            rel: format!("locales/{locale}/ui.ftl"),
            bytes: built_in(locale)
                .map_or_else(|| strings_to_translate(locale), str::to_string)
                .into_bytes(),
        })
        .collect()
}

/// The English UI strings for `locale`, its language named in itself.
pub(crate) fn strings_to_translate(locale: &str) -> String {
    let english = crate::theme::STRINGS
        .iter()
        .find(|(l, _)| *l == "en")
        .map_or("", |(_, text)| *text);
    let name = starter_text::autonym(locale);
    format!(
        "# UI strings for {locale}, in English until they are translated: translate\n\
         # the text after each `=`, keeping `{{ $name }}` placeholders as they are.\n\n{}",
        english.replace("English", &name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(locales: &[&str]) -> InitOptions {
        InitOptions {
            dir: PathBuf::new(),
            locales: locales.iter().map(|l| l.to_string()).collect(),
            title: "Help".into(),
            force: false,
        }
    }

    #[test]
    fn bad_and_repeated_tags_are_usage_errors_naming_them() {
        for (list, named) in [
            ("en,../x", "../x"),
            ("en,", "``"),
            ("en,EN", "EN"),
            ("e\nn", "e"),
        ] {
            match parse_locales(list) {
                Err(Refusal::Usage(why)) => assert!(why.contains(named), "{list}: {why}"),
                _ => panic!("{list} was accepted"),
            }
        }
        assert_eq!(parse_locales("de, en").unwrap(), ["de", "en"]);
    }

    #[test]
    fn translations_carry_the_hash_of_their_source() {
        let date = DocDate {
            year: 2026,
            month: 12,
            day: 6,
        };
        let plan = plan(&options(&["en", "nl"]), date).unwrap();
        let text = |rel: &str| {
            let f = plan.iter().find(|f| f.rel == rel).unwrap();
            String::from_utf8(f.bytes.clone()).unwrap()
        };
        let source = text("content/en/index.md");
        let translation = text("content/nl/index.md");
        let hash = crate::l10n::history::sha1_hex(source.as_bytes());
        assert!(translation.contains(&format!("ms.openlocfilehash: {hash}\n")));
        assert!(translation.contains("ms.sourcepath: index.md\n"));
        assert!(source.contains("ms.date: 12/06/2026\n"), "{source}");
        assert!(!plan.iter().any(|f| f.rel.starts_with("locales/")));
    }

    #[test]
    fn a_locale_without_built_in_strings_gets_all_of_them_written() {
        let plan = plan(&options(&["de", "en"]), super::super::ids::today()).unwrap();
        let rels: Vec<&str> = plan.iter().map(|f| f.rel.as_str()).collect();
        assert!(rels.contains(&"locales/de/ui.ftl") && rels.contains(&"locales/en/ui.ftl"));
        let de = plan.iter().find(|f| f.rel == "locales/de/ui.ftl").unwrap();
        let de = String::from_utf8(de.bytes.clone()).unwrap();
        assert!(de.contains("language-name = Deutsch\n"), "{de}");
    }
}
