use super::{CliError, CmdResult, RootArg, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostics::{self, has_errors};
use crate::site::Site;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
    /// SARIF 2.1.0, for code scanning
    Sarif,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Rewrite case-mismatch references in the sources to the real file names
    #[arg(long)]
    pub fix: bool,
    /// An earlier release's urls.json (or its output folder): every address,
    /// anchor and help ID it published must still lead somewhere
    #[arg(long, value_name = "OLD/urls.json")]
    pub against: Option<std::path::PathBuf>,
    /// Warnings fail the check too (exit 1), for CI
    #[arg(long)]
    pub strict: bool,
}

/// Everything `build` validates, templates included, without writing.
pub fn collect(site: &Site) -> Vec<diagnostics::Diagnostic> {
    collect_against(site, None)
}

/// [`collect`], and what of `old`'s addresses the site no longer answers.
pub fn collect_against(
    site: &Site,
    old: Option<&crate::published::Manifest>,
) -> Vec<diagnostics::Diagnostic> {
    // Validation only: templates render into nothing, no search index.
    let options = crate::offline::GenerateOptions {
        skip_search: true,
        ..Default::default()
    };
    let mut built = crate::build::render_site(site, &options, &crate::output::Discard, &());
    if let Some(old) = old {
        built
            .diagnostics
            .extend(crate::published::compare::against(site, old));
    }
    crate::build::diagnostics(site, &built.diagnostics)
}

fn load_and_collect(
    root: &std::path::Path,
    old: Option<&crate::published::Manifest>,
) -> Vec<diagnostics::Diagnostic> {
    match Site::load(root) {
        Ok(mut site) => {
            // Comparing with an earlier release quotes the pages' Markdown.
            if old.is_none() {
                site.release_sources();
            }
            collect_against(&site, old)
        }
        Err(fatal) => fatal.0,
    }
}

pub fn run(args: CheckArgs) -> CmdResult {
    let root = args.root.existing()?;
    let old = args
        .against
        .as_deref()
        .map(crate::published::compare::read)
        .transpose()
        .map_err(|e| CliError::Usage(format!("--against {e}")))?;
    let mut diags = load_and_collect(root, old.as_ref());
    if args.fix {
        let mut fixed = 0;
        let mut skipped = std::collections::BTreeSet::new();
        // A moved page's redirect first: links to its old address then
        // resolve, and their own fix names the page rather than a guess.
        for only in [Some(diagnostics::Code::VanishedUrl), None] {
            let chosen: Vec<diagnostics::Diagnostic> = diags
                .iter()
                .filter(|d| only.is_none_or(|c| d.code == c))
                .cloned()
                .collect();
            match crate::fix::apply(root, &chosen) {
                Ok(done) => {
                    skipped.extend(done.skipped);
                    if !done.applied.is_empty() {
                        for a in &done.applied {
                            print_applied(a);
                        }
                        fixed += done.applied.len();
                        eprintln!("fixed {} reference(s); checking again", done.applied.len());
                        diags = load_and_collect(root, old.as_ref());
                    }
                }
                Err(d) => {
                    diags.push(d);
                    break;
                }
            }
        }
        for why in &skipped {
            eprintln!("{why}");
        }
        if fixed == 0 {
            eprintln!("nothing to fix");
        }
    }
    let failed = fails(&diags, args.strict);
    match args.format {
        Format::Json => super::print_stdout(&(diagnostics::format_json(&diags) + "\n"))?,
        Format::Github => {
            let repo = super::repo_root::locate(root);
            let paths = diagnostics::RepoPaths {
                prefix: &repo.prefix,
            };
            super::print_stdout(&diagnostics::format_github(&diags, &paths))?;
        }
        Format::Sarif => {
            let repo = super::repo_root::locate(root);
            let base = diagnostics::SarifBase {
                prefix: &repo.prefix,
                root_uri: &repo.uri(),
            };
            super::print_stdout(&(diagnostics::format_sarif(&diags, &base) + "\n"))?;
        }
        Format::Text => {
            diagnostics::print_summarized(&diags, true);
            let s = diagnostics::summarize(&diags);
            eprintln!(
                "{} error(s), {} warning(s), {} note(s)",
                s.errors, s.warnings, s.infos
            );
        }
    }
    if failed && !has_errors(&diags) {
        eprintln!("check failed: warnings fail under --strict");
    }
    Ok(if failed { EXIT_PROBLEMS } else { EXIT_OK })
}

/// Whether a run fails: on errors, and under `--strict` on warnings too.
pub fn fails(diags: &[diagnostics::Diagnostic], strict: bool) -> bool {
    has_errors(diags)
        || (strict
            && diags
                .iter()
                .any(|d| d.severity == diagnostics::Severity::Warning))
}

fn print_applied(a: &crate::fix::Applied) {
    if a.old.is_empty() {
        eprintln!(
            "{}:{}:{}: fixed: added `{}`",
            a.file,
            a.line,
            a.column,
            a.new.trim_end()
        );
    } else {
        eprintln!(
            "{}:{}:{}: fixed: `{}` → `{}`",
            a.file, a.line, a.column, a.old, a.new
        );
    }
}
