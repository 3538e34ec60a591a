//! The `quiznight` command: a thin layer over the library.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "quiznight", version, about = "A self-hosted quiz-night server")]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no command, `quiznight` serves: these are `serve`'s options.
    #[command(flatten)]
    serve: quiznight::server::ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve(quiznight::server::ServeArgs),
    /// Turn documents into a question pack.
    Generate(quiznight::generate::GenerateArgs),
    /// Check pack files and report every problem.
    Check(quiznight::pack::check::CheckArgs),
    /// Convert another quiz tool's file into a pack.
    Import(quiznight::pack::import::ImportArgs),
    /// Write a consistent copy of a (running) server's database.
    Backup(quiznight::store::backup::BackupArgs),
    /// Play many players against a running server and measure it.
    Loadtest(quiznight::loadtest::LoadtestArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => quiznight::server::serve_cli(cli.serve),
        Some(Command::Serve(args)) => quiznight::server::serve_cli(args),
        Some(Command::Generate(args)) => quiznight::generate::run_cli(args),
        Some(Command::Check(args)) => quiznight::pack::check::run_cli(args),
        Some(Command::Import(args)) => quiznight::pack::import::run_cli(args),
        Some(Command::Loadtest(args)) => quiznight::loadtest::run_cli(args),
        Some(Command::Backup(args)) => quiznight::store::backup::run_cli(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
