//! Turning what the tasks measured into a summary: percentiles, errors by kind,
//! and the server's memory and CPU read from `/proc`.

use super::client::{HostOut, PlayerOut};
use super::LoadtestArgs;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// Percentiles of one measurement, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// How many samples.
    pub count: usize,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

impl Stats {
    /// Nearest-rank percentiles of `samples`.
    pub fn of(mut samples: Vec<Duration>) -> Self {
        if samples.is_empty() {
            return Self::default();
        }
        samples.sort_unstable();
        let at = |p: f64| {
            let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
            ms(samples[rank.clamp(1, samples.len()) - 1])
        };
        Self {
            count: samples.len(),
            p50: at(50.0),
            p99: at(99.0),
            max: ms(*samples.last().expect("not empty")),
        }
    }
}

/// Milliseconds, rounded to hundredths.
fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 100_000.0).round() / 100.0
}

/// The server's figures, when `--server-pid` was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerFigures {
    pub pid: u32,
    /// Resident memory before any connection.
    pub rss_before_kib: u64,
    /// Resident memory with every player joined (lobbies settled).
    pub rss_joined_kib: u64,
    /// Peak resident memory of the server's whole life (VmHWM).
    pub rss_peak_kib: u64,
    /// (joined - before) / players.
    pub kib_per_player: f64,
    /// Server CPU seconds (user + system) while players joined.
    pub cpu_join_secs: f64,
    /// Server CPU seconds while the questions were played.
    pub cpu_play_secs: f64,
}

/// The result of a load test; `--json` prints it as one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub players: usize,
    pub rooms: usize,
    pub questions: usize,
    /// The host's pause before each `next` (--pause-ms).
    pub pause_ms: u64,
    /// Players that joined.
    pub joined: usize,
    /// Host's `start`/`next` sent -> each player has the `question`.
    pub fanout_ms: Stats,
    /// `answer` sent -> `answered` received.
    pub answer_ack_ms: Stats,
    /// Host's `start`/`next` sent -> the host sees every answer (`progress` or `reveal`).
    pub all_answered_ms: Stats,
    /// Connecting began -> `joined` received (handshakes are limited by --connect-concurrency).
    pub join_ms: Stats,
    /// How long after a `question` or `answered` arrived on its socket the tool read it:
    /// the tool's own queue, left out of fan-out and ack.
    #[serde(default)]
    pub read_lag_ms: Stats,
    /// Everything that went wrong, disconnects included.
    pub errors: usize,
    pub disconnects: usize,
    pub error_kinds: BTreeMap<String, usize>,
    pub timed_out: bool,
    /// Seconds from the first connection until every lobby settled.
    pub join_secs: f64,
    /// Seconds all rooms took to play their questions.
    pub play_secs: f64,
    /// Payload bytes the players received.
    pub bytes_received: u64,
    pub server: Option<ServerFigures>,
    /// CPU seconds this load tool used.
    pub client_cpu_secs: f64,
}

/// One reading of a process's memory and CPU time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProcSample {
    pub rss_kib: u64,
    pub hwm_kib: u64,
    pub cpu_secs: f64,
}

impl ProcSample {
    /// Reads `/proc/<pid>`; None when it is not there (not Linux, or the process is gone).
    pub fn read(pid: u32) -> Option<Self> {
        Self::read_at(&format!("/proc/{pid}"))
    }

    /// Reads this process.
    pub fn read_self() -> Option<Self> {
        Self::read_at("/proc/self")
    }

    fn read_at(dir: &str) -> Option<Self> {
        let status = std::fs::read_to_string(format!("{dir}/status")).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        };
        let stat = std::fs::read_to_string(format!("{dir}/stat")).ok()?;
        // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
        let after = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some(Self {
            rss_kib: field("VmRSS:")?,
            hwm_kib: field("VmHWM:").unwrap_or(0),
            // USER_HZ is 100 on every Linux architecture's user ABI.
            cpu_secs: ticks as f64 / 100.0,
        })
    }
}

/// Everything [`summarize`] needs.
pub struct Inputs<'a> {
    pub args: &'a LoadtestArgs,
    pub hosts: &'a [HostOut],
    pub players: &'a [PlayerOut],
    pub timed_out: bool,
    pub join_secs: f64,
    pub play_secs: f64,
    /// Server before, with everyone joined, at the end.
    pub server: [Option<ProcSample>; 3],
    /// This process at the start and the end.
    pub client: [Option<ProcSample>; 2],
}

/// Combines hosts' and players' measurements into the summary.
pub fn summarize(i: Inputs) -> Summary {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut fanout = Vec::new();
    let mut acks = Vec::new();
    let mut joins = Vec::new();
    let mut read_lag = Vec::new();
    let mut bytes = 0;
    for h in i.hosts {
        for p in &h.problems {
            *kinds.entry(p.clone()).or_default() += 1;
        }
    }
    for p in i.players {
        bytes += p.bytes;
        joins.extend(p.join);
        read_lag.extend_from_slice(&p.read_lag);
        for kind in &p.problems {
            *kinds.entry(kind.clone()).or_default() += 1;
        }
        let Some(host) = i.hosts.get(p.room) else {
            continue;
        };
        if p.join.is_none() && p.problems.is_empty() {
            // Stopped (by the timeout) before it could join.
            *kinds.entry("not_joined".into()).or_default() += 1;
        }
        let healthy = p.join.is_some() && !p.disconnected;
        for (q, sent) in host.sent_at.iter().enumerate() {
            let Some(sent) = sent else { continue };
            match p.got_question[q] {
                Some(got) => fanout.push(got.saturating_duration_since(*sent)),
                None if healthy => *kinds.entry("missing_question".into()).or_default() += 1,
                None => {}
            }
            match p.ack[q] {
                Some(ack) => acks.push(ack),
                None if healthy && p.got_question[q].is_some() => {
                    *kinds.entry("missing_ack".into()).or_default() += 1
                }
                None => {}
            }
        }
    }
    if i.timed_out {
        *kinds.entry("timeout".into()).or_default() += 1;
    }
    let all_answered = i
        .hosts
        .iter()
        .flat_map(|h| h.all_answered.iter().flatten().copied())
        .collect();
    let server = match (i.args.server_pid, i.server) {
        (Some(pid), [Some(before), Some(joined), end]) => {
            let end = end.unwrap_or(joined);
            Some(ServerFigures {
                pid,
                rss_before_kib: before.rss_kib,
                rss_joined_kib: joined.rss_kib,
                rss_peak_kib: end.hwm_kib.max(joined.hwm_kib),
                kib_per_player: ((joined.rss_kib as f64 - before.rss_kib as f64)
                    / i.args.players as f64
                    * 100.0)
                    .round()
                    / 100.0,
                cpu_join_secs: round2(joined.cpu_secs - before.cpu_secs),
                cpu_play_secs: round2(end.cpu_secs - joined.cpu_secs),
            })
        }
        _ => None,
    };
    let client_cpu_secs = match i.client {
        [Some(a), Some(b)] => round2(b.cpu_secs - a.cpu_secs),
        _ => 0.0,
    };
    Summary {
        players: i.args.players,
        rooms: i.args.rooms,
        questions: i.args.questions,
        pause_ms: i.args.pause_ms,
        joined: i.players.iter().filter(|p| p.join.is_some()).count(),
        fanout_ms: Stats::of(fanout),
        answer_ack_ms: Stats::of(acks),
        all_answered_ms: Stats::of(all_answered),
        join_ms: Stats::of(joins),
        read_lag_ms: Stats::of(read_lag),
        errors: kinds.values().sum(),
        disconnects: i.players.iter().filter(|p| p.disconnected).count(),
        error_kinds: kinds,
        timed_out: i.timed_out,
        join_secs: round2(i.join_secs),
        play_secs: round2(i.play_secs),
        bytes_received: bytes,
        server,
        client_cpu_secs,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Summary {
    /// The summary for people.
    pub fn human(&self) -> String {
        let mut s = String::new();
        let row = |s: &mut String, name: &str, st: &Stats| {
            let _ = writeln!(
                s,
                "  {name:<14} p50 {:>9.2} ms   p99 {:>9.2} ms   max {:>9.2} ms   ({} samples)",
                st.p50, st.p99, st.max, st.count
            );
        };
        let _ = writeln!(
            s,
            "{} players ({} joined) in {} rooms, {} questions; joining {:.2} s, playing {:.2} s",
            self.players, self.joined, self.rooms, self.questions, self.join_secs, self.play_secs
        );
        row(&mut s, "fan-out", &self.fanout_ms);
        row(&mut s, "answer ack", &self.answer_ack_ms);
        row(&mut s, "all answered", &self.all_answered_ms);
        row(&mut s, "join", &self.join_ms);
        row(&mut s, "tool read lag", &self.read_lag_ms);
        let _ = writeln!(
            s,
            "  errors {} (disconnects {}){}{}",
            self.errors,
            self.disconnects,
            if self.timed_out { ", TIMED OUT" } else { "" },
            if self.error_kinds.is_empty() {
                String::new()
            } else {
                format!(": {:?}", self.error_kinds)
            }
        );
        if let Some(sv) = &self.server {
            let _ = writeln!(
                s,
                "  server pid {}: RSS {} -> {} KiB ({:.2} KiB per player, peak {} KiB); CPU {:.2} s joining, {:.2} s playing",
                sv.pid, sv.rss_before_kib, sv.rss_joined_kib, sv.kib_per_player, sv.rss_peak_kib,
                sv.cpu_join_secs, sv.cpu_play_secs
            );
        }
        let _ = writeln!(
            s,
            "  load tool CPU {:.2} s, {} bytes received",
            self.client_cpu_secs, self.bytes_received
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let samples = (1..=100).map(Duration::from_millis).collect();
        let s = Stats::of(samples);
        assert_eq!((s.count, s.p50, s.p99, s.max), (100, 50.0, 99.0, 100.0));
        let one = Stats::of(vec![Duration::from_micros(1500)]);
        assert_eq!((one.p50, one.p99, one.max), (1.5, 1.5, 1.5));
        assert_eq!(Stats::of(Vec::new()), Stats::default());
    }

    #[test]
    fn reads_its_own_proc_figures() {
        if let Some(s) = ProcSample::read_self() {
            assert!(s.rss_kib > 0);
            assert!(s.hwm_kib >= s.rss_kib);
        }
    }
}
