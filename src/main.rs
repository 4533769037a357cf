use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = helpsite::cmd::Cli::parse();
    ExitCode::from(helpsite::cmd::run(cli))
}
