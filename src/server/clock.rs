//! The room clock: wall-clock milliseconds for the game (so snapshots survive a
//! restart), tied to tokio's monotonic `Instant` for timers (so tests can pause time).

use crate::game::Millis;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

/// Converts between the game's milliseconds and tokio instants.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    origin: Instant,
    origin_ms: Millis,
}

impl Clock {
    /// A clock reading the current wall-clock time.
    pub fn new() -> Self {
        let origin_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as Millis);
        Self {
            origin: Instant::now(),
            origin_ms,
        }
    }

    /// Milliseconds now.
    pub fn now(&self) -> Millis {
        self.origin_ms + self.origin.elapsed().as_millis() as Millis
    }

    /// The instant at which the clock reads `ms`.
    pub fn instant_at(&self, ms: Millis) -> Instant {
        self.origin + Duration::from_millis(ms.saturating_sub(self.origin_ms))
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}
