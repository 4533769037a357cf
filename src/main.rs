use std::process::ExitCode;

use clap::Parser;

// A build makes and frees millions of small strings on every core; glibc's
// allocator took a sixth of the build's time in them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = helpsite::cmd::Cli::parse();
    ExitCode::from(helpsite::cmd::run(cli))
}
