//! `quiznight loadtest`: many WebSocket players against a running server.
//!
//! (Being built: see the speed issue.)

use std::process::ExitCode;

/// Arguments of `quiznight loadtest`.
#[derive(Debug, clap::Args)]
pub struct LoadtestArgs {
    /// The server to test, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    pub url: String,
}

/// Runs `quiznight loadtest`.
pub fn run_cli(_args: LoadtestArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("quiznight loadtest is not built yet")
}
