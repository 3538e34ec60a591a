//! Turning a pack and a host's settings into the questions one game plays.

use crate::pack::Pack;
use crate::protocol::RoomSettings;
use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// Seconds per question when neither the pack nor the host says.
pub const DEFAULT_TIME_LIMIT_SECS: u32 = 20;
/// Shortest and longest time a host may set, in seconds.
pub const TIME_LIMIT_RANGE: std::ops::RangeInclusive<u32> = 5..=240;

/// A question as a game plays it: choices in their final order, correct indices
/// pointing into that order, and the time limit resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameQuestion {
    pub text: String,
    pub choices: Vec<String>,
    /// Indices into `choices`; never sent before the reveal.
    pub correct: Vec<usize>,
    pub time_limit_ms: u64,
    /// Point multiplier (2 = double points).
    pub multiplier: u32,
    pub explanation: Option<String>,
    pub round: Option<String>,
    /// URL of the question's image, when it has one.
    pub image: Option<String>,
    /// The image's alt text.
    pub image_alt: Option<String>,
}

/// Picks, orders and shuffles a pack's questions as the settings say.
/// `image_url` turns a pack-relative image path into a URL clients can load.
pub fn build_questions(
    pack: &Pack,
    settings: &RoomSettings,
    rng: &mut impl Rng,
    image_url: impl Fn(&str) -> String,
) -> Vec<GameQuestion> {
    let pack_limit = pack.time_limit.unwrap_or(DEFAULT_TIME_LIMIT_SECS);
    let wanted_rounds = settings.rounds.as_deref();
    let mut picked: Vec<GameQuestion> = Vec::new();
    let top_level = pack.questions.iter().map(|q| (None, q));
    let in_rounds = pack
        .rounds
        .iter()
        .enumerate()
        .filter(|(i, _)| wanted_rounds.is_none_or(|w| w.contains(i)))
        .flat_map(|(_, r)| r.questions.iter().map(move |q| (Some(r.name.clone()), q)));
    let only_rounds = wanted_rounds.is_some_and(|w| !w.is_empty());
    for (round, q) in top_level.filter(|_| !only_rounds).chain(in_rounds) {
        let secs = settings
            .time_limit_secs
            .or(q.time_limit)
            .unwrap_or(pack_limit)
            .clamp(*TIME_LIMIT_RANGE.start(), *TIME_LIMIT_RANGE.end());
        let mut order: Vec<usize> = (0..q.choices.len()).collect();
        // True/False keeps its order: shuffling it only confuses people.
        let is_true_false = q.choices.len() == 2
            && q.choices[0].eq_ignore_ascii_case("true")
            && q.choices[1].eq_ignore_ascii_case("false");
        if settings.shuffle_choices.unwrap_or(false) && !is_true_false {
            order.shuffle(rng);
        }
        let correct_in_pack = q.correct();
        let mut correct: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, old)| correct_in_pack.contains(old))
            .map(|(new, _)| new)
            .collect();
        correct.sort_unstable();
        picked.push(GameQuestion {
            text: q.text.clone(),
            choices: order.iter().map(|&i| q.choices[i].clone()).collect(),
            correct,
            time_limit_ms: secs as u64 * 1000,
            multiplier: q.points.unwrap_or(1).max(1),
            explanation: q.explanation.clone(),
            round,
            image: q.image.as_deref().map(&image_url),
            image_alt: q.image_alt.clone(),
        });
    }
    if settings.shuffle.unwrap_or(false) {
        picked.shuffle(rng);
    }
    if let Some(n) = settings.question_count.filter(|n| *n > 0) {
        picked.truncate(n);
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{Question, Round};
    use rand::SeedableRng;

    fn pack() -> Pack {
        let q = |t: &str, answer| Question {
            text: t.into(),
            choices: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            answer: Some(answer),
            ..Default::default()
        };
        Pack {
            title: "T".into(),
            time_limit: Some(15),
            rounds: vec![
                Round {
                    name: "One".into(),
                    questions: vec![q("1", 0), q("2", 1)],
                },
                Round {
                    name: "Two".into(),
                    questions: vec![q("3", 2), q("4", 3)],
                },
            ],
            ..Default::default()
        }
    }

    fn rng() -> rand::rngs::StdRng {
        rand::rngs::StdRng::seed_from_u64(7)
    }

    #[test]
    fn defaults_keep_the_pack_order_and_limits() {
        let qs = build_questions(&pack(), &RoomSettings::default(), &mut rng(), |s| s.into());
        assert_eq!(qs.len(), 4);
        assert_eq!(qs[2].text, "3");
        assert_eq!(qs[2].correct, vec![2]);
        assert_eq!(qs[0].time_limit_ms, 15_000);
        assert_eq!(qs[0].round.as_deref(), Some("One"));
    }

    #[test]
    fn shuffled_choices_keep_the_right_answer() {
        let settings = RoomSettings {
            shuffle_choices: Some(true),
            shuffle: Some(true),
            ..Default::default()
        };
        let original = pack();
        for seed in 0..20 {
            let mut r = rand::rngs::StdRng::seed_from_u64(seed);
            for q in build_questions(&original, &settings, &mut r, |s| s.into()) {
                let src = original
                    .all_questions()
                    .find(|(_, p)| p.text == q.text)
                    .unwrap()
                    .1;
                assert_eq!(q.choices[q.correct[0]], src.choices[src.answer.unwrap()]);
            }
        }
    }

    #[test]
    fn count_rounds_and_time_limit_are_applied() {
        let settings = RoomSettings {
            question_count: Some(1),
            rounds: Some(vec![1]),
            time_limit_secs: Some(1000),
            ..Default::default()
        };
        let qs = build_questions(&pack(), &settings, &mut rng(), |s| s.into());
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].text, "3");
        assert_eq!(qs[0].time_limit_ms, 240_000, "clamped to the longest limit");
    }
}
