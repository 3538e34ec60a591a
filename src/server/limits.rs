//! Rate limits: a sliding-window counter, and per-IP limits that outlive a single
//! connection (a brute-forcer can reconnect).

use dashmap::DashMap;
use std::collections::VecDeque;
use std::net::IpAddr;
use std::time::Duration;
use tokio::time::Instant;

/// Wrong room codes one IP address may try per minute. Higher than the
/// per-connection limit: a whole pub of phones can share one address.
pub const WRONG_CODES_PER_IP: usize = 60;
const WINDOW: Duration = Duration::from_secs(60);

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

/// Wrong-code counts by IP address.
#[derive(Default)]
pub struct IpLimits {
    wrong_codes: DashMap<IpAddr, Window>,
}

impl IpLimits {
    /// Records a wrong room code from `ip`.
    pub fn wrong_code(&self, ip: IpAddr) {
        let now = Instant::now();
        self.wrong_codes
            .entry(ip)
            .or_insert_with(|| Window::new(WRONG_CODES_PER_IP, WINDOW))
            .hit(now);
        // Keep the map small: forget addresses with nothing recent.
        if self.wrong_codes.len() > 10_000 {
            self.wrong_codes.retain(|_, w| !w.is_idle(now));
        }
    }

    /// True when `ip` has used up its wrong codes for now.
    pub fn is_limited(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        self.wrong_codes
            .get_mut(&ip)
            .is_some_and(|mut w| w.is_full(now))
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
