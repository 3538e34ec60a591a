//! Start checks: never start empty over a damaged or missing history. The data folder
//! must be writable, and an existing `quiznight.db` must be a sound SQLite database
//! (SQLite's `PRAGMA quick_check`). Each refusal says what, where and how to fix it.

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Refuses a data folder this user cannot write to.
pub fn check_writable(dir: &Path) -> anyhow::Result<()> {
    let probe = dir.join(".quiznight-write-test");
    std::fs::write(&probe, b"ok")
        .and_then(|()| std::fs::remove_file(&probe))
        .with_context(|| {
            format!(
                "the data folder {} cannot be written; give the user running quiznight write \
                 access to it (and free some space), or choose another --data folder",
                dir.display()
            )
        })
}

/// Refuses an existing database that is empty or damaged. A missing one is fine: it is
/// created (a first start).
pub fn check_database(path: &Path) -> anyhow::Result<()> {
    let len = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if len == 0 {
        anyhow::bail!(
            "{} is empty (0 bytes), so every saved game would be lost; restore it from a \
             backup (see OPERATIONS.md), or delete it if this is a new install",
            path.display()
        );
    }
    // Before SQLite opens the database: it would drop a damaged WAL's tail unheard.
    let wal = wal_path(path);
    let wal_problem =
        super::wal::problem(&wal).with_context(|| format!("cannot read {}", wal.display()))?;
    if let Some(problem) = wal_problem {
        anyhow::bail!(
            "{} is damaged ({problem}), so games saved after the damage would be lost \
             without a word; stop, keep a copy of the data folder, and restore from a backup \
             (see OPERATIONS.md), or keep what precedes the damage: `quiznight backup \
             recovered.db --data {}`, then move quiznight.db and quiznight.db-wal away and \
             put recovered.db in place as quiznight.db",
            wal.display(),
            path.parent()
                .map_or(".".into(), |d| d.display().to_string()),
        );
    }
    let verdict = quick_check(path);
    match verdict {
        Ok(ok) if ok == "ok" => Ok(()),
        Ok(problem) => anyhow::bail!(damaged(path, &problem)),
        Err(e) => anyhow::bail!(damaged(path, &format!("{e:#}"))),
    }
}

/// The WAL file SQLite keeps beside `db`.
fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

fn damaged(path: &Path, problem: &str) -> String {
    format!(
        "{} is damaged (SQLite quick_check: {problem}); stop, keep a copy of the data \
         folder, and restore quiznight.db from a backup (see OPERATIONS.md) or move it \
         away to start with an empty history",
        path.display()
    )
}

/// SQLite's verdict: "ok", or the first problems it found.
fn quick_check(path: &Path) -> anyhow::Result<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let mut stmt = conn.prepare("PRAGMA quick_check(5)")?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(lines.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_garbage_databases_are_refused_a_missing_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("quiznight.db");
        check_database(&path).expect("a first start");
        std::fs::write(&path, b"").unwrap();
        let err = check_database(&path).unwrap_err().to_string();
        assert!(err.contains("empty") && err.contains("backup"), "{err}");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let err = check_database(&path).unwrap_err().to_string();
        assert!(err.contains("damaged"), "{err}");
        check_writable(dir.path()).unwrap();
    }
}
