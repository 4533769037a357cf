//! The command line: one file per verb, each a thin layer over the library.

pub mod build;
pub mod check;
pub mod l10n;
pub mod l10n_diff;
pub mod l10n_handoff;
pub mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Exit codes: 0 success (warnings allowed), 1 problems in the site, 2 usage.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "helpsite",
    version,
    about = "Offline-capable static help sites from localized DocFX-style Markdown"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into an output folder (atomically)
    Build(build::BuildArgs),
    /// Validate the site without writing anything
    Check(check::CheckArgs),
    /// Build, serve over HTTP, rebuild on change and reload open pages
    Serve(serve::ServeArgs),
    /// Localization: translation status, starting and refreshing translations
    L10n(l10n::L10nArgs),
}

#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// Site root: the folder with site.toml and content/
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

impl RootArg {
    /// The site root, or the usage error (exit 2) for one that does not exist.
    pub fn existing(&self) -> Result<&std::path::Path, u8> {
        if self.root.is_dir() {
            Ok(&self.root)
        } else {
            eprintln!(
                "error: the site root {} does not exist or is not a folder",
                self.root.display()
            );
            Err(EXIT_USAGE)
        }
    }
}

pub fn run(cli: Cli) -> u8 {
    let outcome = match cli.command {
        Command::Build(args) => Ok(build::run(args)),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => Ok(serve::run(args)),
        Command::L10n(args) => l10n::run(args),
    };
    match outcome {
        Ok(code) => code,
        // The reader took what it wanted and closed the pipe (`| head -1`):
        // nothing is wrong, so end quietly, as ripgrep does.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            EXIT_PROBLEMS
        }
    }
}

/// Writes a report to stdout. A failure goes up to [`run`], which tells a
/// closed pipe from a real write error.
pub(crate) fn print_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
