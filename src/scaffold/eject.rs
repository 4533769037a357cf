//! `helpsite theme eject` (and `init --theme`): the built-in theme as files
//! of the site, to edit. The site renders exactly as before until they are.

use std::path::Path;

use super::files::{self, Planned};
use super::Refusal;

/// The static files that are source in this repository. The scripts are
/// not: each is joined from several files in `js/` when helpsite is built,
/// and a site's copy would replace the one the next helpsite ships (with
/// its fixes) for good, while nothing in it is meant to be edited. They go
/// on coming from helpsite.
const EJECTED_STATIC: &[&str] = &["helpsite.css", "search.css", "icon.svg"];

/// The files an eject writes for a site in `locales`, relative to its
/// root. `locales` is empty for a site with a `locales/` folder of its own:
/// that folder already replaces every built-in string.
pub fn theme_files(locales: &[String]) -> Vec<Planned> {
    let mut plan: Vec<Planned> = crate::theme::TEMPLATES
        .iter()
        .map(|(name, text)| Planned {
            rel: format!("templates/{name}"),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    for locale in locales {
        let built_in = crate::theme::STRINGS.iter().find(|(l, _)| l == locale);
        let text = built_in.map_or_else(
            || super::init::strings_to_translate(locale),
            |(_, text)| text.to_string(),
        );
        plan.push(Planned {
            rel: format!("locales/{locale}/ui.ftl"),
            bytes: text.into_bytes(),
        });
    }
    for name in EJECTED_STATIC {
        if let Some((_, text)) = crate::theme::STATIC.iter().find(|(n, _)| n == name) {
            plan.push(Planned {
                rel: format!("static/{name}"),
                bytes: text.as_bytes().to_vec(),
            });
        }
    }
    plan
}

/// Writes the theme into the site at `root`, or nothing when any of its
/// files (or a folder on the way) is already there.
pub fn eject(root: &Path) -> Result<Vec<String>, Refusal> {
    let config = crate::config::Config::load(root).map_err(|d| {
        Refusal::InTheWay(format!(
            "{}: {}: the site's settings do not load",
            d.span.file, d.message
        ))
    })?;
    let has_strings = files::what_is_at(&root.join("locales")) == Some("a folder");
    let locales = if has_strings {
        Vec::new()
    } else {
        super::site_locales(root, &config)
    };
    let plan = theme_files(&locales);
    let blocked = files::in_the_way(root, &plan);
    if !blocked.is_empty() {
        return Err(Refusal::InTheWay(format!(
            "nothing was written: the site already has\n  {}\nhelpsite never overwrites them; move them aside to eject the built-in ones",
            blocked.join("\n  ")
        )));
    }
    files::write_all(root, &plan)?;
    Ok(plan.into_iter().map(|f| f.rel).collect())
}
