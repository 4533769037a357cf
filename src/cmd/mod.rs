//! The command line: one file per verb, each a thin layer over the library.

pub mod build;
pub mod check;
pub mod init;
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
    /// Start a new site here or in DIR (or, with --theme, take the theme into one)
    Init(init::InitArgs),
    /// Add a page with its front matter and its table-of-contents entry
    New(init::NewArgs),
    /// The theme: `theme eject` copies the built-in one into the site, to edit
    Theme(init::ThemeArgs),
}

#[derive(clap::Args, Debug, Clone)]
pub struct RootArg {
    /// Site root: the folder with site.toml and content/
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

impl RootArg {
    /// The site root, or the usage error (exit 2) for one that does not exist.
    pub fn existing(&self) -> Result<&std::path::Path, CliError> {
        if self.root.is_dir() {
            Ok(&self.root)
        } else {
            Err(CliError::Usage(format!(
                "the site root {} does not exist or is not a folder",
                self.root.display()
            )))
        }
    }
}

/// What stopped a command. Every variant is printed by [`run`], the one
/// place that writes `error: …` and picks the exit code; diagnostics
/// (`file:line:col: error: …`) are a command's output, not a `CliError`.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A mistake in how the command was called: an argument, a locale or a
    /// status the site does not have. Exit 2.
    #[error("{0}")]
    Usage(String),
    /// The target is not helpsite's to overwrite (`to X` or `the zip X`). Exit 2.
    #[error("refusing to write {target}: {why}")]
    Refused { target: String, why: String },
    /// A file named on the command line cannot be read. Exit 2.
    #[error("cannot read {path}")]
    UnreadableInput {
        path: String,
        #[source]
        cause: std::io::Error,
    },
    /// The site did not load; its diagnostics were printed as the
    /// command's output, so there is nothing more to say. Exit 1.
    #[error("the site could not be loaded")]
    SiteNotLoaded,
    /// The site lacks what the command needs, or has something in its way. Exit 1.
    #[error("{0}")]
    Site(String),
    /// A translation that is, or lies in, a symlink: written through, its
    /// target would get the translation's text. Exit 1.
    #[error(
        "not writing {file}: {why}; helpsite writes only the file it names, never a link's target"
    )]
    Symlinked { file: String, why: String },
    /// An import refused before writing anything: the refusal, then what it
    /// meant for the import, on a line of its own. Exit 1.
    #[error("{0}\nerror: nothing was imported")]
    NothingImported(Box<CliError>),
    /// Reading or writing a file or folder failed (`cannot write X: …`). Exit 1.
    #[error("cannot {doing} {path}")]
    Io {
        doing: &'static str,
        path: String,
        #[source]
        cause: std::io::Error,
    },
    /// Something in the environment failed: watching, the runtime. Exit 1.
    #[error("{0}")]
    Failed(String),
    /// Writing the report to standard output failed. Exit 1, or a quiet
    /// exit 0 when the reader closed the pipe.
    #[error("cannot write to standard output")]
    Stdout(#[source] std::io::Error),
}

impl CliError {
    /// `cannot {doing} {path}: {cause}`.
    pub(crate) fn io(
        doing: &'static str,
        path: impl std::fmt::Display,
        cause: std::io::Error,
    ) -> Self {
        CliError::Io {
            doing,
            path: path.to_string(),
            cause,
        }
    }

    /// 2 for a mistake in the call, 1 for one in the site or on disk, 0
    /// for a reader that closed the pipe.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Refused { .. } | CliError::UnreadableInput { .. } => {
                EXIT_USAGE
            }
            CliError::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
            CliError::NothingImported(refused) => refused.exit_code(),
            CliError::SiteNotLoaded
            | CliError::Site(_)
            | CliError::Symlinked { .. }
            | CliError::Io { .. }
            | CliError::Failed(_)
            | CliError::Stdout(_) => EXIT_PROBLEMS,
        }
    }
}

/// What a command ends with: an exit code (0, or 1 when it reported
/// problems in the site as diagnostics), or the error that stopped it.
pub type CmdResult = Result<u8, CliError>;

pub fn run(cli: Cli) -> u8 {
    match dispatch(cli) {
        Ok(code) => code,
        Err(err) => report(&err),
    }
}

fn dispatch(cli: Cli) -> CmdResult {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::L10n(args) => l10n::run(args),
        Command::Init(args) => init::run_init(args),
        Command::New(args) => init::run_new(args),
        Command::Theme(args) => init::run_theme(args),
    }
}

/// The one printer: `error: what` and, when there is one, `: its cause`.
/// Only the immediate cause: an `io::Error` wrapping a zip error already
/// shows that error's text, and walking further would repeat it.
fn report(err: &CliError) -> u8 {
    use std::error::Error as _;
    match err {
        // The reader took what it wanted and closed the pipe (`| head -1`):
        // nothing is wrong, so end quietly, as ripgrep does.
        CliError::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        CliError::SiteNotLoaded => {}
        _ => match err.source() {
            Some(cause) => eprintln!("error: {err}: {cause}"),
            None => eprintln!("error: {err}"),
        },
    }
    err.exit_code()
}

/// Loads the site, or prints why it cannot be loaded, as diagnostics.
pub(crate) fn load_site(root: &std::path::Path) -> Result<crate::site::Site, CliError> {
    crate::site::Site::load(root).map_err(|fatal| {
        crate::diagnostics::print(&fatal.0, false);
        CliError::SiteNotLoaded
    })
}

/// Writes a report to stdout. A failure goes up to [`run`], which tells a
/// closed pipe from a real write error.
pub(crate) fn print_stdout(text: &str) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Stdout)
}

/// Refuses a translation that is, or lies in, a symlink: written through,
/// its target (often the source itself, which the link keeps inside the
/// site) would get the translation's text.
fn refuse_symlinked(root: &std::path::Path, file: &str) -> Result<(), CliError> {
    match crate::output::symlinked_source(root, file) {
        Some(why) => Err(CliError::Symlinked {
            file: file.to_string(),
            why,
        }),
        None => Ok(()),
    }
}
