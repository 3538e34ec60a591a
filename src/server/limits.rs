//! Rate limits and resource bounds: a sliding-window counter, the per-IP limits that
//! outlive a single connection (a brute-forcer can reconnect), and the `serve` flags
//! that set every limit a quiz night never meets and an attack always does.

use crate::protocol::RoomCode;
use dashmap::DashMap;
use std::collections::VecDeque;
use std::net::IpAddr;
use std::time::Duration;
use tokio::time::Instant;

/// The limits of `quiznight serve`, each a flag and an environment variable
/// (docs/OPERATIONS.md lists them with their reasons).
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Wrong room codes one address may try per hour (a whole pub shares one address;
    /// a few hundred guesses in a million codes find nothing).
    #[arg(long, env = "QUIZNIGHT_WRONG_CODES_PER_IP", default_value_t = 500)]
    pub wrong_codes_per_ip: usize,
    /// Rooms one address may create per hour.
    #[arg(long, env = "QUIZNIGHT_ROOMS_PER_IP", default_value_t = 30)]
    pub rooms_per_ip: usize,
    /// Most rooms running at once on the whole server.
    #[arg(long, env = "QUIZNIGHT_MAX_ROOMS", default_value_t = 500)]
    pub max_rooms: usize,
    /// Joins one address may make into one room per second.
    #[arg(long, env = "QUIZNIGHT_JOINS_PER_IP_PER_SEC", default_value_t = 20)]
    pub joins_per_ip_per_sec: usize,
    /// Seconds a WebSocket may stay open without joining, creating or resuming.
    #[arg(long, env = "QUIZNIGHT_JOIN_DEADLINE_SECS", default_value_t = 30)]
    pub join_deadline_secs: u64,
    /// Seconds between pings to every WebSocket.
    #[arg(long, env = "QUIZNIGHT_PING_SECS", default_value_t = 20)]
    pub ping_secs: u64,
    /// Seconds without any frame (not even a pong) before a WebSocket is closed.
    #[arg(long, env = "QUIZNIGHT_IDLE_TIMEOUT_SECS", default_value_t = 60)]
    pub idle_timeout_secs: u64,
    /// Seconds a shutdown waits for rooms and sockets before closing everything.
    #[arg(long, env = "QUIZNIGHT_SHUTDOWN_SECS", default_value_t = 10)]
    pub shutdown_secs: u64,
    /// Open files to ask the system for at start (RLIMIT_NOFILE; each socket is one).
    #[arg(long, env = "QUIZNIGHT_OPEN_FILES", default_value_t = 65_536)]
    pub open_files: u64,
    /// Seconds a client may take to send a request's headers (slow senders are dropped;
    /// also how long an idle keep-alive connection stays open).
    #[arg(long, env = "QUIZNIGHT_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Seconds a whole HTTP request may take, body included (a 1 MiB upload takes
    /// about a second); slower ones get 408.
    #[arg(long, env = "QUIZNIGHT_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Pack uploads one address may make per hour (a host uploads a handful).
    #[arg(long, env = "QUIZNIGHT_UPLOADS_PER_IP", default_value_t = 30)]
    pub uploads_per_ip: usize,
    /// Most uploaded packs kept at once (each at most 1 MiB); delete some in the pack
    /// editor to make room. Packs in the folder from elsewhere do not count.
    #[arg(long, env = "QUIZNIGHT_MAX_UPLOADED_PACKS", default_value_t = 200)]
    pub max_uploaded_packs: usize,
}

impl Default for LimitArgs {
    fn default() -> Self {
        Self {
            wrong_codes_per_ip: 500,
            rooms_per_ip: 30,
            max_rooms: 500,
            joins_per_ip_per_sec: 20,
            join_deadline_secs: 30,
            ping_secs: 20,
            idle_timeout_secs: 60,
            shutdown_secs: 10,
            open_files: 65_536,
            header_timeout_secs: 10,
            request_timeout_secs: 30,
            uploads_per_ip: 30,
            max_uploaded_packs: 200,
        }
    }
}

/// Raises the open-file limit towards `wanted` (never above the hard limit) and logs
/// the result: the default 1,024 runs out at about a thousand sockets, silently.
pub fn raise_open_files(wanted: u64) {
    match rlimit::increase_nofile_limit(wanted) {
        Ok(now) => tracing::info!(open_files = now, "open-file limit"),
        Err(e) => tracing::warn!("could not raise the open-file limit: {e}"),
    }
}

const HOUR: Duration = Duration::from_secs(60 * 60);

/// Counts events in a sliding window of time.
#[derive(Debug)]
pub struct Window {
    limit: usize,
    span: Duration,
    times: VecDeque<Instant>,
}

impl Window {
    /// A window allowing `limit` events per `span`.
    pub fn new(limit: usize, span: Duration) -> Self {
        Self {
            limit,
            span,
            times: VecDeque::with_capacity(limit + 1),
        }
    }

    /// Records an event; true when the limit is now exceeded.
    pub fn hit(&mut self, now: Instant) -> bool {
        self.forget_old(now);
        self.times.push_back(now);
        self.times.len() > self.limit
    }

    /// True when the limit is already used up (without recording).
    pub fn is_full(&mut self, now: Instant) -> bool {
        self.forget_old(now);
        self.times.len() >= self.limit
    }

    /// True when nothing happened within the window.
    fn is_idle(&self, now: Instant) -> bool {
        self.times
            .back()
            .is_none_or(|last| now - *last >= self.span)
    }

    fn forget_old(&mut self, now: Instant) {
        while self.times.front().is_some_and(|t| now - *t > self.span) {
            self.times.pop_front();
        }
    }
}

/// Per-address counts: wrong codes, rooms created, joins into each room, uploads.
#[derive(Default)]
pub struct IpLimits {
    limits: LimitArgs,
    wrong_codes: DashMap<IpAddr, Window>,
    rooms: DashMap<IpAddr, Window>,
    joins: DashMap<(IpAddr, RoomCode), Window>,
    uploads: DashMap<IpAddr, Window>,
}

impl IpLimits {
    /// Per-address limits as configured.
    pub fn new(limits: LimitArgs) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Records a wrong room code from `ip`.
    pub fn wrong_code(&self, ip: IpAddr) {
        hit(&self.wrong_codes, ip, self.limits.wrong_codes_per_ip, HOUR);
    }

    /// True when `ip` has used up its wrong codes for now.
    pub fn is_limited(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        self.wrong_codes
            .get_mut(&ip)
            .is_some_and(|mut w| w.is_full(now))
    }

    /// Records a room created by `ip`; false (and not counted) when over the limit.
    pub fn create_room(&self, ip: IpAddr) -> bool {
        try_hit(&self.rooms, ip, self.limits.rooms_per_ip, HOUR)
    }

    /// Records a pack upload by `ip`; false (and not counted) when over the limit.
    pub fn upload(&self, ip: IpAddr) -> bool {
        try_hit(&self.uploads, ip, self.limits.uploads_per_ip, HOUR)
    }

    /// Records a join by `ip` into `room`; false (and not counted) when over the limit.
    pub fn join(&self, ip: IpAddr, room: &RoomCode) -> bool {
        let limit = self.limits.joins_per_ip_per_sec;
        try_hit(
            &self.joins,
            (ip, room.clone()),
            limit,
            Duration::from_secs(1),
        )
    }
}

/// Counts one event for `key` (even past the limit: a guesser stays limited).
fn hit<K: std::hash::Hash + Eq + Clone>(
    map: &DashMap<K, Window>,
    key: K,
    limit: usize,
    span: Duration,
) {
    let now = Instant::now();
    map.entry(key)
        .or_insert_with(|| Window::new(limit, span))
        .hit(now);
    forget_idle(map, now);
}

/// Counts one event for `key` if the limit allows it.
fn try_hit<K: std::hash::Hash + Eq + Clone>(
    map: &DashMap<K, Window>,
    key: K,
    limit: usize,
    span: Duration,
) -> bool {
    let now = Instant::now();
    let allowed = {
        let mut w = map.entry(key).or_insert_with(|| Window::new(limit, span));
        if w.is_full(now) {
            false
        } else {
            w.hit(now);
            true
        }
    };
    forget_idle(map, now);
    allowed
}

/// Keeps a map small: forgets keys with nothing recent once it grows.
fn forget_idle<K: std::hash::Hash + Eq + Clone>(map: &DashMap<K, Window>, now: Instant) {
    if map.len() > 10_000 {
        map.retain(|_, w| !w.is_idle(now));
    }
}

/// The address per-IP limits count against: the peer, or behind a trusted reverse
/// proxy the `X-Real-IP` it sets (otherwise every player would share the proxy's address).
pub fn client_ip(behind_proxy: bool, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
    if !behind_proxy {
        return peer;
    }
    headers
        .get("x-real-ip")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(peer)
}
