//! Per-IP limits that outlive a single connection (a brute-forcer can reconnect).

use dashmap::DashMap;
use std::collections::VecDeque;
use std::net::IpAddr;
use std::time::Duration;
use tokio::time::Instant;

/// Wrong room codes one IP address may try per minute. Higher than the
/// per-connection limit: a whole pub of phones can share one address.
pub const WRONG_CODES_PER_IP: usize = 60;
const WINDOW: Duration = Duration::from_secs(60);

/// Wrong-code counts by IP address.
#[derive(Default)]
pub struct IpLimits {
    wrong_codes: DashMap<IpAddr, VecDeque<Instant>>,
}

impl IpLimits {
    /// Records a wrong room code from `ip`.
    pub fn wrong_code(&self, ip: IpAddr) {
        let now = Instant::now();
        let mut times = self.wrong_codes.entry(ip).or_default();
        prune(&mut times, now);
        times.push_back(now);
        drop(times);
        // Keep the map small: forget addresses with nothing recent.
        if self.wrong_codes.len() > 10_000 {
            self.wrong_codes
                .retain(|_, t| t.back().is_some_and(|b| now - *b < WINDOW));
        }
    }

    /// True when `ip` has used up its wrong codes for now.
    pub fn is_limited(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        match self.wrong_codes.get_mut(&ip) {
            Some(mut times) => {
                prune(&mut times, now);
                times.len() >= WRONG_CODES_PER_IP
            }
            None => false,
        }
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant) {
    while times.front().is_some_and(|t| now - *t > WINDOW) {
        times.pop_front();
    }
}
