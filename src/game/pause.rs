//! The host's hold on the open question's clock: pause, resume, more time.
//! While paused the question has no deadline and answers wait; resuming moves the
//! question's start and deadline on by the pause, so speed points count thinking
//! time only.

use super::{Event, Game, GameError, Millis, Phase};

/// Most extra time one `addTime` may give.
pub const MAX_EXTRA_SECS: u32 = 120;

impl Game {
    /// True while the host holds the open question's clock.
    pub fn paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Stops the open question's clock.
    pub fn pause(&mut self, now: Millis) -> Result<Vec<Event>, GameError> {
        self.open_question_index()?;
        if self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
        Ok(vec![Event::ClockChanged])
    }

    /// Starts a paused clock again where it stopped.
    pub fn resume(&mut self, now: Millis) -> Result<Vec<Event>, GameError> {
        self.open_question_index()?;
        if let Some(at) = self.paused_at.take() {
            if let Phase::Question {
                opened_at,
                deadline,
                ..
            } = &mut self.phase
            {
                let held = now.saturating_sub(at);
                *opened_at += held;
                *deadline += held;
            }
        }
        Ok(vec![Event::ClockChanged])
    }

    /// Gives the open question `seconds` more (paused or not).
    pub fn add_time(&mut self, seconds: u32, now: Millis) -> Result<Vec<Event>, GameError> {
        self.open_question_index()?;
        if seconds == 0 || seconds > MAX_EXTRA_SECS {
            return Err(GameError::WrongPhase("extra time is 1 to 120 seconds"));
        }
        if let Phase::Question { deadline, .. } = &mut self.phase {
            // A clock that already ran out (the close is on its way) restarts from now.
            *deadline =
                (*deadline).max(self.paused_at.unwrap_or(now)) + Millis::from(seconds) * 1000;
        }
        Ok(vec![Event::ClockChanged])
    }

    /// The `clock` message for the open question at `now`.
    pub fn clock_msg(&self, now: Millis) -> Option<crate::protocol::ServerMsg> {
        let Phase::Question {
            index, deadline, ..
        } = self.phase
        else {
            return None;
        };
        Some(crate::protocol::ServerMsg::Clock {
            question: index,
            remaining_ms: deadline.saturating_sub(self.paused_at.unwrap_or(now)),
            paused: self.paused_at.is_some(),
        })
    }

    fn open_question_index(&self) -> Result<usize, GameError> {
        match self.phase {
            Phase::Question { index, .. } => Ok(index),
            _ => Err(GameError::WrongPhase("no question is open")),
        }
    }
}
