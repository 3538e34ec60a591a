//! `quiznight import`: other quiz tools' files into packs.
//!
//! (Being built: see the packs issue.)

use std::process::ExitCode;

/// Arguments of `quiznight import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file to import.
    pub file: std::path::PathBuf,
    /// Where to write the pack.
    #[arg(short, long)]
    pub output: std::path::PathBuf,
}

/// Runs `quiznight import`.
pub fn run_cli(_args: ImportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("quiznight import is not built yet")
}
