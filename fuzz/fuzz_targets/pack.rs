//! Any pack file, TOML or JSON: loading never panics, and a pack that loads can be
//! played: every game question has 2-6 choices and its right answers among them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quiznight::game::build_questions;
use quiznight::pack::load::parse_pack;
use quiznight::protocol::RoomSettings;
use rand::SeedableRng;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = if first & 1 == 0 { "fuzz.toml" } else { "fuzz.json" };
    let Ok(pack) = parse_pack(name, text) else {
        return;
    };
    let settings = RoomSettings {
        shuffle: Some(first & 2 != 0),
        shuffle_choices: Some(first & 4 != 0),
        ..Default::default()
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(first as u64);
    let questions = build_questions(&pack, &settings, &mut rng, |p| p.to_string());
    assert_eq!(questions.len(), pack.question_count());
    for q in questions {
        assert!((2..=6).contains(&q.choices.len()));
        assert!(!q.correct.is_empty());
        assert!(q.correct.iter().all(|&c| c < q.choices.len()));
    }
});
