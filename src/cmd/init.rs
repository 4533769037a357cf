//! `helpsite init`, `helpsite theme eject` and `helpsite new`: starting a
//! site, taking the theme into it, and adding a page.

use std::path::PathBuf;

use super::{CliError, CmdResult, RootArg, EXIT_OK};
use crate::scaffold::{self, Refusal};

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Folder for the new site, created if missing [default: .]
    #[arg(conflicts_with = "root")]
    pub dir: Option<PathBuf>,
    /// The same folder, given as for every other command
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// The site's languages, the one pages are written in first
    #[arg(long, default_value = "en,nl")]
    pub locales: String,
    /// The help's name, in site.toml
    #[arg(long, default_value = "Help")]
    pub title: String,
    /// Write into a folder that has other files (never over one of them)
    #[arg(long)]
    pub force: bool,
    /// Instead of a new site: copy the built-in theme into the site in the folder, to edit
    #[arg(long, conflicts_with_all = ["force", "locales", "title"])]
    pub theme: bool,
    /// Instead of a new site: a site.toml that builds the DocFX repository in
    /// DIR where it stands, with its localized repositories beside it
    #[arg(long, value_name = "DIR", conflicts_with_all = ["force", "locales", "title", "theme"])]
    pub from_docfx: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ThemeArgs {
    #[command(subcommand)]
    pub command: ThemeCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum ThemeCommand {
    /// Copy the built-in templates, UI strings and styles into the site, to edit
    Eject(EjectArgs),
}

#[derive(clap::Args, Debug)]
pub struct EjectArgs {
    #[command(flatten)]
    pub root: RootArg,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The page to write, e.g. content/en/printers/add-a-printer.md
    pub path: PathBuf,
    /// A help ID apps can open the page by (go/ID.html)
    #[arg(long)]
    pub help_id: Option<String>,
}

fn cli_error(refusal: Refusal) -> CliError {
    match refusal {
        Refusal::Usage(why) => CliError::Usage(why),
        Refusal::InTheWay(why) => CliError::Site(why),
        Refusal::Io { doing, path, cause } => CliError::io(doing, path.display(), cause),
    }
}

pub fn run_init(args: InitArgs) -> CmdResult {
    let dir = args.dir.or(args.root).unwrap_or_else(|| PathBuf::from("."));
    if args.theme {
        return eject(&dir);
    }
    if let Some(repository) = &args.from_docfx {
        return adopt(&dir, repository);
    }
    let locales = scaffold::init::parse_locales(&args.locales).map_err(cli_error)?;
    let options = scaffold::init::InitOptions {
        dir: dir.clone(),
        locales,
        title: args.title,
        force: args.force,
    };
    let created = scaffold::init::init(&options).map_err(cli_error)?;
    let word = scaffold::shell_word(&dir);
    let mut report = format!(
        "Created a help site in {}: {} files.\n\nNext, preview it (it rebuilds as you edit):\n",
        dir.display(),
        created.files.len()
    );
    if dir == std::path::Path::new(".") {
        report.push_str("  helpsite serve\n");
    } else {
        report.push_str(&format!(
            "  cd {word} && helpsite serve\nor, from here:\n  helpsite serve --root {word}\n"
        ));
    }
    super::print_stdout(&report)?;
    Ok(EXIT_OK)
}

fn adopt(dir: &std::path::Path, repository: &std::path::Path) -> CmdResult {
    let adopted = scaffold::from_docfx::from_docfx(dir, repository).map_err(cli_error)?;
    let mut report = format!("Wrote {}, building:\n", adopted.site_toml.display());
    for (locale, docfx) in &adopted.locales {
        report.push_str(&format!("  {locale}: {docfx}\n"));
    }
    let word = scaffold::shell_word(dir);
    report.push_str(&format!(
        "\nNothing was copied or changed in the repositories. Next:\n  helpsite serve --root {word}\n"
    ));
    super::print_stdout(&report)?;
    Ok(EXIT_OK)
}

pub fn run_theme(args: ThemeArgs) -> CmdResult {
    match args.command {
        ThemeCommand::Eject(eject_args) => eject(eject_args.root.existing()?),
    }
}

fn eject(root: &std::path::Path) -> CmdResult {
    if !root.is_dir() {
        return Err(CliError::Usage(format!(
            "the site root {} does not exist or is not a folder",
            root.display()
        )));
    }
    let written = scaffold::eject::eject(root).map_err(cli_error)?;
    let mut report = format!(
        "Wrote the built-in theme into {}; edit these and the site changes with them:\n",
        root.display()
    );
    for file in &written {
        report.push_str(&format!("  {file}\n"));
    }
    super::print_stdout(&report)?;
    Ok(EXIT_OK)
}

pub fn run_new(args: NewArgs) -> CmdResult {
    let root = args.root.existing()?.to_path_buf();
    let cwd = std::env::current_dir().map_err(|e| CliError::io("read", "the current folder", e))?;
    let written = scaffold::new_page::new_page(&scaffold::new_page::NewOptions {
        root,
        path: args.path,
        cwd,
        help_id: args.help_id,
    })
    .map_err(cli_error)?;
    let mut report = format!("Wrote {}.\n", written.page);
    match written.toc {
        scaffold::new_page::TocChange::Added(toc) => {
            report.push_str(&format!("Added it to {toc}.\n"))
        }
        scaffold::new_page::TocChange::None(why) => report.push_str(&format!(
            "Not in a table of contents: {why}; search and links still lead to it.\n"
        )),
    }
    super::print_stdout(&report)?;
    Ok(EXIT_OK)
}
