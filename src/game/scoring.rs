//! Points for an answer: Kahoot's published speed rule, or flat points.

use crate::protocol::Scoring;

/// Points for a correct answer before multipliers and bonuses.
pub const BASE_POINTS: u32 = 1000;
/// Answers faster than this earn full points.
pub const FULL_POINTS_WITHIN_MS: u64 = 500;
/// Bonus per consecutive correct answer from the second one.
pub const STREAK_STEP: u32 = 100;
/// The streak bonus never exceeds this.
pub const STREAK_CAP: u32 = 500;

/// Points for one answer.
///
/// `elapsed_ms` is measured by the server from when it sent the question;
/// `streak` counts consecutive correct answers including this one.
pub fn points(
    scoring: Scoring,
    correct: bool,
    elapsed_ms: u64,
    limit_ms: u64,
    multiplier: u32,
    streak: u32,
) -> u32 {
    if !correct {
        return 0;
    }
    match scoring {
        Scoring::Flat => BASE_POINTS * multiplier,
        Scoring::Speed => {
            let base = if elapsed_ms < FULL_POINTS_WITHIN_MS || limit_ms == 0 {
                BASE_POINTS
            } else {
                let fraction = elapsed_ms.min(limit_ms) as f64 / limit_ms as f64;
                (BASE_POINTS as f64 * (1.0 - fraction / 2.0)).round() as u32
            };
            base * multiplier + streak_bonus(streak)
        }
    }
}

/// +100 per consecutive correct answer from the second, capped at +500.
pub fn streak_bonus(streak: u32) -> u32 {
    (streak.saturating_sub(1) * STREAK_STEP).min(STREAK_CAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_follows_the_formula() {
        // Half the time gone: 1000 * (1 - 0.5/2) = 750.
        assert_eq!(points(Scoring::Speed, true, 10_000, 20_000, 1, 1), 750);
        // All the time gone: 500.
        assert_eq!(points(Scoring::Speed, true, 20_000, 20_000, 1, 1), 500);
        // Rounding: 1000 * (1 - (3/20)/2) = 925.
        assert_eq!(points(Scoring::Speed, true, 3_000, 20_000, 1, 1), 925);
        // 1000 * (1 - (1234/20000)/2) = 969.15 -> 969.
        assert_eq!(points(Scoring::Speed, true, 1_234, 20_000, 1, 1), 969);
    }

    #[test]
    fn fast_answers_earn_full_points() {
        assert_eq!(points(Scoring::Speed, true, 0, 20_000, 1, 1), 1000);
        assert_eq!(points(Scoring::Speed, true, 499, 20_000, 1, 1), 1000);
        assert_eq!(points(Scoring::Speed, true, 500, 20_000, 1, 1), 988);
    }

    #[test]
    fn wrong_answers_earn_nothing() {
        assert_eq!(points(Scoring::Speed, false, 0, 20_000, 2, 5), 0);
        assert_eq!(points(Scoring::Flat, false, 0, 20_000, 1, 1), 0);
    }

    #[test]
    fn streaks_add_a_capped_bonus() {
        assert_eq!(streak_bonus(1), 0);
        assert_eq!(streak_bonus(2), 100);
        assert_eq!(streak_bonus(6), 500);
        assert_eq!(streak_bonus(20), 500);
        assert_eq!(points(Scoring::Speed, true, 0, 20_000, 1, 3), 1200);
    }

    #[test]
    fn multiplier_doubles_the_base_not_the_bonus() {
        assert_eq!(points(Scoring::Speed, true, 10_000, 20_000, 2, 2), 1600);
        assert_eq!(points(Scoring::Flat, true, 19_000, 20_000, 2, 4), 2000);
    }

    #[test]
    fn late_answers_are_capped_at_the_limit() {
        assert_eq!(points(Scoring::Speed, true, 99_000, 20_000, 1, 1), 500);
    }
}
