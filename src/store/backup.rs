//! Backups: `quiznight backup DEST` writes a consistent copy of the database with
//! SQLite's `VACUUM INTO` on a read-only connection, so it works while the server runs
//! (and holds the data folder's lock). The copy is one self-contained file: restoring
//! is putting it in place as `quiznight.db` (see OPERATIONS.md).

use super::{check, DB_FILE};
use anyhow::Context;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `quiznight backup`.
#[derive(Debug, Clone, clap::Args)]
pub struct BackupArgs {
    /// The file to write (it must not exist yet), e.g. /backups/quiznight-2026-12-02.db.
    pub dest: PathBuf,
    /// The data folder of the server to back up.
    #[arg(long, env = "QUIZNIGHT_DATA", default_value = "data")]
    pub data: PathBuf,
}

/// Runs `quiznight backup`.
pub fn run_cli(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let games = backup(&args.data, &args.dest)?;
    println!(
        "backed up {} ({games} finished games) to {}",
        args.data.join(DB_FILE).display(),
        args.dest.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Copies the data folder's database to `dest` and checks the copy; returns how many
/// finished games it holds.
pub fn backup(data: &Path, dest: &Path) -> anyhow::Result<u64> {
    let source = data.join(DB_FILE);
    if !source.is_file() {
        anyhow::bail!(
            "there is no database at {}; give the server's data folder with --data",
            source.display()
        );
    }
    if dest.exists() {
        anyhow::bail!(
            "{} already exists; give a new file name (backups never overwrite)",
            dest.display()
        );
    }
    let conn = Connection::open_with_flags(
        &source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", source.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let dest_text = dest
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", dest.display()))?;
    conn.execute("VACUUM INTO ?1", [dest_text])
        .with_context(|| format!("cannot write the backup {}", dest.display()))?;
    check::check_database(dest).context("the backup does not read back")?;
    let copy = Connection::open_with_flags(dest, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let games: u64 = copy.query_row("SELECT count(*) FROM games", [], |r| r.get(0))?;
    Ok(games)
}
