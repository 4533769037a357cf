use super::{has_errors, print_diagnostics, RootArg, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostics;
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
}

/// Everything `build` validates, templates included, without writing.
pub fn collect(site: &Site) -> Vec<diagnostics::Diagnostic> {
    let built = crate::build::render_site(site);
    let mut diags = site.diagnostics();
    diags.extend(built.diagnostics);
    site.config.apply_overrides(&mut diags);
    diagnostics::sort(&mut diags);
    diags
}

pub fn run(args: CheckArgs) -> u8 {
    let diags = match Site::load(&args.root.root) {
        Ok(site) => collect(&site),
        Err(fatal) => fatal.0,
    };
    match args.format {
        Format::Json => println!("{}", diagnostics::format_json(&diags)),
        Format::Text => {
            print_diagnostics(&diags, true);
            let s = diagnostics::summarize(&diags);
            eprintln!("{} error(s), {} warning(s), {} note(s)", s.errors, s.warnings, s.infos);
        }
    }
    if has_errors(&diags) {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}
