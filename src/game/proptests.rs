//! Properties of the game under random sequences of commands and clock ticks:
//! scores never decrease, a player answers each question at most once, rankings are
//! ordered by score then answer time, and a `question` message never carries the answer.

use super::*;
use proptest::prelude::*;
use std::collections::HashSet;

/// One thing that can happen to a game, `dt` milliseconds after the previous one.
#[derive(Debug, Clone)]
enum Op {
    Join(u8),
    Start,
    Next,
    End,
    /// `question: None` answers whichever question is open (the common case).
    Answer {
        player: u8,
        question: Option<u8>,
        choice: u8,
    },
    Kick(u8),
    Connected(u8, bool),
    Tick,
}

fn op() -> impl Strategy<Value = (Op, u64)> {
    let op = prop_oneof![
        2 => (0u8..5).prop_map(Op::Join),
        1 => Just(Op::Start),
        2 => Just(Op::Next),
        1 => Just(Op::End),
        10 => (0u8..6, proptest::option::weighted(0.2, 0u8..6), 0u8..7).prop_map(
            |(player, question, choice)| Op::Answer {
                player,
                question,
                choice
            }
        ),
        1 => (0u8..9).prop_map(Op::Kick),
        2 => (0u8..9, any::<bool>()).prop_map(|(p, c)| Op::Connected(p, c)),
        3 => Just(Op::Tick),
    ];
    (op, 0u64..3_000)
}

fn question() -> impl Strategy<Value = GameQuestion> {
    (2usize..=6, 5u64..=30, 1u32..=3).prop_flat_map(|(n, secs, multiplier)| {
        proptest::collection::btree_set(0..n, 1..=n).prop_map(move |correct| GameQuestion {
            text: "Q".into(),
            choices: (0..n).map(|i| format!("choice {i}")).collect(),
            correct: correct.into_iter().collect(),
            time_limit_ms: secs * 1000,
            multiplier,
            explanation: None,
            round: None,
            image: None,
            image_alt: None,
        })
    })
}

fn config() -> impl Strategy<Value = GameConfig> {
    (any::<bool>(), any::<bool>(), 1usize..8).prop_map(|(flat, auto_advance, max_players)| {
        GameConfig {
            scoring: if flat { Scoring::Flat } else { Scoring::Speed },
            auto_advance,
            max_players,
        }
    })
}

/// True when any object in `v` has one of these keys.
fn has_key(v: &serde_json::Value, keys: &[&str]) -> bool {
    match v {
        serde_json::Value::Object(map) => map
            .iter()
            .any(|(k, v)| keys.contains(&k.as_str()) || has_key(v, keys)),
        serde_json::Value::Array(items) => items.iter().any(|v| has_key(v, keys)),
        _ => false,
    }
}

/// Checks the invariants that hold after every step.
fn check_standings(game: &Game) -> Result<(), TestCaseError> {
    let standings = game.standings();
    for pair in standings.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        // Time breaks ties between points only: everyone on 0 is level.
        let time = |p: &RankedPlayer| match p.score {
            0 => 0,
            _ => game.player(p.id).unwrap().total_time_ms,
        };
        let (ta, tb) = (time(a), time(b));
        prop_assert!(
            a.score > b.score || (a.score == b.score && ta <= tb),
            "{a:?} ({ta} ms) is ranked above {b:?} ({tb} ms)"
        );
        prop_assert!(a.rank <= b.rank);
        prop_assert_eq!(a.rank == b.rank, a.score == b.score && ta == tb);
    }
    if let Some(first) = standings.first() {
        prop_assert_eq!(first.rank, 1);
    }
    Ok(())
}

/// Answers accepted over all cases, to check the generator reaches the interesting paths.
static ACCEPTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_game_keeps_its_promises(
        questions in proptest::collection::vec(question(), 1..6),
        config in config(),
        initial_players in 0u8..5,
        start_first in proptest::bool::weighted(0.8),
        ops in proptest::collection::vec(op(), 0..120),
    ) {
        let mut game = Game::new(questions, config);
        let mut now: Millis = 1_000_000;
        // Most cases begin with a few players and a started game, so answers get taken.
        for n in 0..initial_players {
            let _ = game.join(&format!("Player {n}"));
        }
        if start_first {
            let _ = game.start(now);
        }
        let mut scores: Vec<u32> = Vec::new();
        let mut answered: HashSet<(u32, usize)> = HashSet::new();
        let mut accepted = 0usize;
        for (op, dt) in ops {
            now += dt;
            let result = match op {
                Op::Join(n) => game.join(&format!("Player {n}")).map(|(_, e)| e),
                Op::Start => game.start(now),
                Op::Next => game.next(now),
                Op::End => game.end(now),
                Op::Answer { player, question, choice } => {
                    let id = PlayerId(player as u32);
                    let open = match game.phase() {
                        Phase::Question { index, .. } => index,
                        _ => 0,
                    };
                    let question = question.map_or(open, |q| q as usize);
                    let r = game.answer(id, question, choice as usize, now);
                    if r.is_ok() {
                        accepted += 1;
                        prop_assert!(
                            answered.insert((id.0, question)),
                            "player {} answered question {} twice", id.0, question
                        );
                    }
                    r
                }
                Op::Kick(p) => game.kick(PlayerId(p as u32)),
                Op::Connected(p, c) => Ok(game.set_connected(PlayerId(p as u32), c, now)),
                Op::Tick => Ok(game.tick(now)),
            };
            let _ = result;

            // Scores never go down.
            for p in &game.players {
                let i = p.id.0 as usize;
                if scores.len() <= i {
                    scores.resize(i + 1, 0);
                }
                prop_assert!(p.score >= scores[i], "{}'s score fell", p.name);
                scores[i] = p.score;
                // The score is the sum of the points of closed questions.
                let closed = match game.phase() {
                    Phase::Question { index, .. } => index,
                    _ => game.questions().len(),
                };
                let sum: u32 = p.answers[..closed].iter().flatten().map(|a| a.points).sum();
                if !p.kicked {
                    prop_assert_eq!(p.score, sum);
                }
                // At most one answer per question, by construction of the record.
                prop_assert_eq!(p.answers.len(), game.questions().len());
            }
            check_standings(&game)?;

            // A question never carries its answer.
            if let Some(msg) = game.question_msg(now) {
                let json = serde_json::to_value(&msg).unwrap();
                prop_assert!(!has_key(&json, &["correct", "correctChoices", "answer", "answers", "explanation"]), "{json}");
                let Phase::Question { index, .. } = game.phase() else { unreachable!() };
                prop_assert_eq!(&json["choices"], &serde_json::to_value(&game.questions()[index].choices).unwrap());
            }
            // Nor does the host's progress.
            if let Some(msg) = game.progress_msg() {
                let json = serde_json::to_value(&msg).unwrap();
                prop_assert!(!has_key(&json, &["correct", "correctChoices", "counts"]), "{json}");
            }
        }
        ACCEPTED.fetch_add(accepted, std::sync::atomic::Ordering::Relaxed);
        // The counts shown at a reveal are exactly the answers given.
        if let Phase::Reveal { index } = game.phase() {
            for (choice, count) in game.counts.iter().enumerate() {
                let chose = game
                    .players
                    .iter()
                    .filter(|p| p.answers[index].is_some_and(|a| a.choice == choice))
                    .count() as u32;
                prop_assert_eq!(*count, chose);
            }
        }
    }
}

#[test]
fn the_generator_gets_answers_accepted() {
    // Run the property on its own cases, then check it was not vacuous.
    the_game_keeps_its_promises();
    let accepted = ACCEPTED.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        accepted > 100,
        "only {accepted} answers were accepted in all cases"
    );
}
