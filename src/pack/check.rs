//! `quiznight check`: validate pack files and report every problem.
//!
//! Each problem is printed as `file:line:column: error|warning: message`, then the line
//! itself with a caret under the offending value. Errors make the exit status non-zero;
//! warnings (unknown fields, missing images) do not, unless `--strict`.

use super::load::{check_file, PackError};
use std::process::ExitCode;

/// Arguments of `quiznight check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Pack files to check (.toml or .json), or folders of them.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Refuse pack files larger than this many megabytes.
    #[arg(long, env = "QUIZNIGHT_MAX_INPUT_MB", default_value_t = crate::generate::input::DEFAULT_MAX_INPUT_MB)]
    pub max_input_mb: u64,
}

/// Problems printed per file and severity; the rest are counted, so a broken 400 KB
/// file prints a screenful, not gigabytes.
pub const MAX_SHOWN: usize = 20;
/// Widest stretch of a source line shown under a problem.
const MAX_SNIPPET_CHARS: usize = 100;

/// Runs `quiznight check`: exits non-zero when any file has an error.
pub fn run_cli(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    let mut files = Vec::new();
    for path in &args.files {
        if path.is_dir() {
            // A folder means the packs in it, as the server would load them.
            let mut inside: Vec<_> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && matches!(
                            p.extension().and_then(|e| e.to_str()),
                            Some("toml" | "json")
                        )
                })
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    let max_bytes = args.max_input_mb.saturating_mul(1024 * 1024);
    for file in &files {
        if let Err(e) = crate::generate::input::refuse_unbounded(file, max_bytes) {
            eprintln!("error: {e:#}");
            failed = true;
            continue;
        }
        let report = check_file(file);
        let text = std::fs::read_to_string(file).unwrap_or_default();
        print_capped(&report.errors, "error", &text);
        print_capped(&report.warnings, "warning", &text);
        let bad = !report.errors.is_empty() || (args.strict && !report.warnings.is_empty());
        failed |= bad;
        match &report.pack {
            Some(p) if !bad => println!(
                "{}: ok ({} questions{}){}",
                file.display(),
                p.question_count(),
                match p.rounds.len() {
                    0 => String::new(),
                    n => format!(" in {n} rounds"),
                },
                plural_warnings(report.warnings.len()),
            ),
            _ => eprintln!(
                "{}: refused ({} error{}{})",
                file.display(),
                report.errors.len(),
                if report.errors.len() == 1 { "" } else { "s" },
                match report.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
                }
            ),
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_capped(problems: &[PackError], severity: &str, text: &str) {
    for e in problems.iter().take(MAX_SHOWN) {
        eprint!("{}", render(e, severity, text));
    }
    if problems.len() > MAX_SHOWN {
        eprintln!(
            "... and {} more {severity}s not shown",
            problems.len() - MAX_SHOWN
        );
    }
}

fn plural_warnings(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    }
}

/// One problem with the line it is on and a caret under the column, like a compiler.
pub fn render(e: &PackError, severity: &str, text: &str) -> String {
    let location = e.to_string();
    // `PackError` displays as "file:line:col: message"; put the severity before the message.
    let head = match location.strip_suffix(&e.message) {
        Some(prefix) => format!("{prefix}{severity}: {}", e.message),
        None => format!("{severity}: {location}"),
    };
    let mut out = format!("{head}\n");
    if let (Some(line), Some(column)) = (e.line, e.column) {
        if let Some(source) = text.lines().nth(line - 1) {
            let gutter = line.to_string();
            // A long line (minified JSON) is shown around the column, not whole.
            let skip = column.saturating_sub(MAX_SNIPPET_CHARS / 2 + 1);
            let source: String = source.chars().skip(skip).take(MAX_SNIPPET_CHARS).collect();
            let pad: String = source
                .chars()
                .take(column.saturating_sub(1 + skip))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out += &format!(
                "{:w$} |\n{gutter} | {source}\n{:w$} | {pad}^\n",
                "",
                "",
                w = gutter.len()
            );
        }
    }
    out
}
