use std::net::IpAddr;

use super::{CliError, CmdResult, RootArg, EXIT_OK, EXIT_PROBLEMS};
use crate::serve::{self, Outcome, ServeOptions};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Port to listen on; 0 picks a free one (the URL printed tells which)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Only loopback addresses guard against foreign Host headers
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of using native events (network drives, WSL, containers)
    #[arg(long)]
    pub poll: bool,
}

pub fn run(args: ServeArgs) -> CmdResult {
    let outcome = serve::run(ServeOptions {
        root: args.root.root,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
    });
    match outcome {
        Outcome::Stopped => Ok(EXIT_OK),
        // Its diagnostics were printed: the command's output.
        Outcome::SiteBroken(_) => Ok(EXIT_PROBLEMS),
        Outcome::Usage(why) => Err(CliError::Usage(why)),
        Outcome::Failed(why) => Err(CliError::Failed(why)),
    }
}
