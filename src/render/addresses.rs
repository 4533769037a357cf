//! The pages that keep addresses working: `go/<ID>.html` for each help ID
//! and a redirect page at each old address a page keeps (`redirect_from`).
//! Both hold their targets as plain relative links, so they work from
//! disk, from the zip and under any base path.

use super::context;
use crate::diagnostics::Diagnostic;
use crate::links;
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
        let ctx = context::go(site, generated, &path, &help_id, &by_locale);
        out.push((path, templates.render(default, "go.html", &ctx)));
    }
    for r in site.redirects_from() {
        let path = links::page_output_path(&r.locale, &r.old_path);
        let ctx = context::redirect(site, generated, &path, &r);
        out.push((path, templates.render(&r.locale, "redirect.html", &ctx)));
    }
    out
}
