use std::net::IpAddr;

use super::{RootArg, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
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

pub fn run(args: ServeArgs) -> u8 {
    let outcome = serve::run(ServeOptions {
        root: args.root.root,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
    });
    match outcome {
        Outcome::Stopped => EXIT_OK,
        Outcome::SiteBroken(_) => EXIT_PROBLEMS,
        Outcome::Usage(why) => {
            eprintln!("error: {why}");
            EXIT_USAGE
        }
        Outcome::Failed(why) => {
            eprintln!("error: {why}");
            EXIT_PROBLEMS
        }
    }
}
