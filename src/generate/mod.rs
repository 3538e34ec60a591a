//! The question generator: documents in, multiple-choice rounds out.
//!
//! (Being built: see the generator issue.)

use std::process::ExitCode;

/// Arguments of `quiznight generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Files or folders of .txt, .md or .html documents.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
}

/// Runs `quiznight generate`.
pub fn run_cli(_args: GenerateArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("quiznight generate is not built yet")
}
