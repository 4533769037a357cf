//! The pages that keep addresses working: `go/<ID>.html` for each help ID
//! and a redirect page at each old address a page keeps (`redirect_from`).
//! Both hold their targets as plain relative links, so they work from
//! disk, from the zip and under any base path.

use serde_json::json;

use super::context;
use crate::diagnostics::Diagnostic;
use crate::links::{self, href_to};
use crate::offline::Generated;
use crate::published::go_path;
use crate::site::Site;
use crate::templates::Templates;

/// `(output path, rendered HTML)` of every go/ and redirect page.
pub fn pages(
    site: &Site,
    templates: &Templates,
    generated: &Generated,
) -> Vec<(String, Result<String, Diagnostic>)> {
    let mut out = Vec::new();
    let default = &site.config().default_locale;
    for (help_id, by_locale) in site.help_ids() {
        let path = go_path(&help_id);
        let out_dir = links::parent_dir(&path);
        let mut ctx = context::base(site, generated, default, out_dir);
        // The default locale first: the reader's last resort, and the no-JS reader's first link.
        let mut targets: Vec<_> = by_locale.iter().collect();
        targets.sort_by_key(|(locale, _)| (*locale != default, (*locale).clone()));
        let targets: Vec<_> = targets
            .into_iter()
            .map(|(locale, &id)| {
                let page = &site.pages()[id];
                json!({
                    "locale": locale,
                    "url": href_to(out_dir, &page.output_path()),
                    "title": site.page_title(page),
                })
            })
            .collect();
        ctx.insert("help_id", &help_id);
        ctx.insert("targets", &targets);
        out.push((path, templates.render(default, "go.html", &ctx)));
    }
    for r in site.redirects_from() {
        let path = links::page_output_path(&r.locale, &r.old_path);
        let out_dir = links::parent_dir(&path);
        let target = &site.pages()[r.to];
        let mut ctx = context::base(site, generated, &r.locale, out_dir);
        ctx.insert(
            "page",
            &json!({
                "title": site.page_title(target),
                "redirect_url": href_to(out_dir, &target.output_path()),
            }),
        );
        out.push((path, templates.render(&r.locale, "redirect.html", &ctx)));
    }
    out
}
