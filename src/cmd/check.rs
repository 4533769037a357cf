use super::{RootArg, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostics::{self, has_errors};
use crate::site::Site;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
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
}

/// Everything `build` validates, templates included, without writing.
pub fn collect(site: &Site) -> Vec<diagnostics::Diagnostic> {
    // Validation only: templates render into nothing, no search index.
    let options = crate::offline::GenerateOptions {
        skip_search: true,
        ..Default::default()
    };
    let built = crate::build::render_site(site, &options, &crate::output::Discard, &());
    crate::build::diagnostics(site, &built.diagnostics)
}

fn load_and_collect(root: &std::path::Path) -> Vec<diagnostics::Diagnostic> {
    match Site::load(root) {
        Ok(mut site) => {
            site.release_sources();
            collect(&site)
        }
        Err(fatal) => fatal.0,
    }
}

pub fn run(args: CheckArgs) -> u8 {
    let root = match args.root.existing() {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut diags = load_and_collect(root);
    if args.fix {
        match crate::fix::apply(root, &diags) {
            Ok(applied) if !applied.is_empty() => {
                for a in &applied {
                    eprintln!(
                        "{}:{}:{}: fixed: `{}` → `{}`",
                        a.file, a.line, a.column, a.old, a.new
                    );
                }
                eprintln!("fixed {} reference(s); checking again", applied.len());
                diags = load_and_collect(root);
            }
            Ok(_) => eprintln!("nothing to fix"),
            Err(d) => diags.push(d),
        }
    }
    match args.format {
        Format::Json => println!("{}", diagnostics::format_json(&diags)),
        Format::Text => {
            diagnostics::print_summarized(&diags, true);
            let s = diagnostics::summarize(&diags);
            eprintln!(
                "{} error(s), {} warning(s), {} note(s)",
                s.errors, s.warnings, s.infos
            );
        }
    }
    if has_errors(&diags) {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}
