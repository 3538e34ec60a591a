//! `quiznight check`: validate pack files and report every problem.

use std::process::ExitCode;

/// Arguments of `quiznight check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Pack files to check.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
}

/// Runs `quiznight check`: exits non-zero when any file has a problem.
pub fn run_cli(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for file in &args.files {
        match super::load_file(file) {
            Ok(p) => println!(
                "{}: ok ({} questions)",
                file.display(),
                p.pack.question_count()
            ),
            Err(e) => {
                failed = true;
                eprintln!("{e}");
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
