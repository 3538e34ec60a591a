//! A start check of `quiznight.db-wal`, before SQLite opens the database: SQLite reads a
//! WAL up to its first bad frame and silently drops the rest (and resets a WAL whose
//! header is bad), so garbage in the middle of a WAL would lose every commit after it
//! without a word. Format: <https://www.sqlite.org/fileformat.html#the_write_ahead_log>.
//!
//! Refused: a WAL whose header is damaged, and a WAL with a bad frame followed by a commit
//! frame of the same generation (same salts), which only damage explains. Not refused: a
//! bad frame with nothing of its generation after it, which is what a crash in the middle
//! of a write leaves (an uncommitted tail), and frames of older generations after the
//! current ones (SQLite reuses the file after a checkpoint).

use std::path::Path;

const HEADER: usize = 32;
const FRAME_HEADER: usize = 24;
const MAGIC_LE: u32 = 0x377f_0682;
const MAGIC_BE: u32 = 0x377f_0683;
const VERSION: u32 = 3_007_000;

/// What is wrong with the WAL file at `path`, or None when it is sound or absent.
pub fn problem(path: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(problem_in(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

/// SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing from `s`.
fn checksum(data: &[u8], big_endian: bool, mut s: (u32, u32)) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let b: [u8; 4] = b.try_into().expect("4 bytes");
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s.0 = s.0.wrapping_add(word(&pair[..4]).wrapping_add(s.1));
        s.1 = s.1.wrapping_add(word(&pair[4..]).wrapping_add(s.0));
    }
    s
}

fn problem_in(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return None; // what a checkpoint (TRUNCATE) leaves
    }
    if bytes.len() < HEADER {
        return Some(format!(
            "it is {} bytes, shorter than a WAL header",
            bytes.len()
        ));
    }
    let magic = be32(bytes, 0);
    if magic != MAGIC_LE && magic != MAGIC_BE {
        return Some("its header is not a WAL header".into());
    }
    let big_endian = magic == MAGIC_BE;
    let page_size = be32(bytes, 8) as usize;
    if be32(bytes, 4) != VERSION
        || !(512..=65_536).contains(&page_size)
        || !page_size.is_power_of_two()
        || checksum(&bytes[..24], big_endian, (0, 0)) != (be32(bytes, 24), be32(bytes, 28))
    {
        return Some("its header is damaged".into());
    }
    let salts = (be32(bytes, 16), be32(bytes, 20));
    let frame = FRAME_HEADER + page_size;
    let mut sum = (be32(bytes, 24), be32(bytes, 28));
    let mut at = HEADER;
    // Good frames, as SQLite reads them.
    while at + frame <= bytes.len() {
        let head = &bytes[at..at + FRAME_HEADER];
        if (be32(head, 8), be32(head, 12)) != salts {
            break; // the end of this generation, or garbage: see below
        }
        sum = checksum(&head[..8], big_endian, sum);
        sum = checksum(&bytes[at + FRAME_HEADER..at + frame], big_endian, sum);
        if sum != (be32(head, 16), be32(head, 20)) {
            break;
        }
        at += frame;
    }
    let bad = at;
    // After a bad frame, a commit frame of the same generation means commits are lost.
    let mut later = bad + frame;
    while later + frame <= bytes.len() {
        let head = &bytes[later..later + FRAME_HEADER];
        if (be32(head, 8), be32(head, 12)) == salts && be32(head, 4) != 0 {
            return Some(format!(
                "the frame at byte {bad} is damaged and commits after it (up to byte {}) \
                 would be dropped",
                later + frame
            ));
        }
        later += frame;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WAL of `frames` commit frames of 512-byte pages, as SQLite writes it.
    fn wal(frames: usize) -> Vec<u8> {
        let mut bytes = vec![0u8; HEADER];
        bytes[..4].copy_from_slice(&MAGIC_LE.to_be_bytes());
        bytes[4..8].copy_from_slice(&VERSION.to_be_bytes());
        bytes[8..12].copy_from_slice(&512u32.to_be_bytes());
        bytes[16..24].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let mut sum = checksum(&bytes[..24], false, (0, 0));
        bytes[24..28].copy_from_slice(&sum.0.to_be_bytes());
        bytes[28..32].copy_from_slice(&sum.1.to_be_bytes());
        for i in 0..frames {
            let mut head = vec![0u8; FRAME_HEADER];
            head[..4].copy_from_slice(&(i as u32 + 1).to_be_bytes());
            head[4..8].copy_from_slice(&(i as u32 + 1).to_be_bytes()); // a commit
            head[8..16].copy_from_slice(&bytes[16..24]);
            let page = vec![i as u8; 512];
            sum = checksum(&head[..8], false, sum);
            sum = checksum(&page, false, sum);
            head[16..20].copy_from_slice(&sum.0.to_be_bytes());
            head[20..24].copy_from_slice(&sum.1.to_be_bytes());
            bytes.extend(head);
            bytes.extend(page);
        }
        bytes
    }

    #[test]
    fn a_sound_wal_and_an_uncommitted_tail_pass_damage_before_commits_does_not() {
        assert_eq!(problem_in(&[]), None);
        let good = wal(5);
        assert_eq!(problem_in(&good), None);
        // A crash in the middle of the last frame: a bad frame with nothing after it.
        let mut torn = good.clone();
        let last = torn.len() - 100;
        torn[last..].fill(0);
        assert_eq!(problem_in(&torn), None);
        // Garbage over the second frame: the three commits after it would be dropped.
        let mut damaged = good.clone();
        let second = HEADER + FRAME_HEADER + 512;
        damaged[second..second + 300].fill(0x5a);
        let why = problem_in(&damaged).expect("refused");
        assert!(why.contains(&format!("byte {second}")), "{why}");
        // A damaged header, or a file that is not a WAL at all.
        let mut header = good.clone();
        header[12] ^= 1;
        assert!(problem_in(&header).unwrap().contains("header"));
        assert!(problem_in(&vec![0x5a; 8192]).unwrap().contains("header"));
        assert!(problem_in(&[0x5a; 10]).is_some());
    }
}
