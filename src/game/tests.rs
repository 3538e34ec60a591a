//! Unit tests of the game rules, driven by a fake clock (plain numbers).

use super::*;
use crate::protocol::{RoomCode, Scoring};

fn question(text: &str, correct: usize, limit_ms: u64) -> GameQuestion {
    GameQuestion {
        text: text.into(),
        choices: vec!["A".into(), "B".into(), "C".into(), "D".into()],
        correct: vec![correct],
        time_limit_ms: limit_ms,
        multiplier: 1,
        explanation: None,
        round: None,
        image: None,
        image_alt: None,
    }
}

fn game(n_questions: usize) -> Game {
    let qs = (0..n_questions)
        .map(|i| question(&format!("Q{i}"), i % 4, 20_000))
        .collect();
    Game::new(qs, GameConfig::default())
}

fn join(g: &mut Game, name: &str) -> PlayerId {
    g.join(name).unwrap().0
}

const T0: Millis = 1_000_000;

#[test]
fn a_game_walks_through_every_phase() {
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    assert_eq!(g.phase(), Phase::Lobby);
    g.start(T0).unwrap();
    assert!(matches!(g.phase(), Phase::Question { index: 0, .. }));
    g.next(T0 + 1000).unwrap();
    assert_eq!(g.phase(), Phase::Reveal { index: 0 });
    g.next(T0 + 2000).unwrap();
    assert_eq!(g.phase(), Phase::Leaderboard { index: 0 });
    g.next(T0 + 3000).unwrap();
    assert!(matches!(g.phase(), Phase::Question { index: 1, .. }));
    g.answer(ann, 1, 1, T0 + 3100).unwrap();
    // Everyone answered: the question closed by itself.
    assert_eq!(g.phase(), Phase::Reveal { index: 1 });
    g.next(T0 + 4000).unwrap();
    g.next(T0 + 5000).unwrap();
    assert_eq!(g.phase(), Phase::Finished);
    assert_eq!(
        g.next(T0 + 6000),
        Err(GameError::WrongPhase("the game is over"))
    );
}

#[test]
fn scores_follow_the_speed_rule_with_streaks() {
    let mut g = game(3);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    // Q0: correct is 0. Ann at 10 s of 20 s -> 750; Bob wrong.
    g.answer(ann, 0, 0, T0 + 10_000).unwrap();
    g.answer(bob, 0, 1, T0 + 1_000).unwrap();
    assert_eq!(g.reveal_you(ann).unwrap().points, 750);
    assert_eq!(g.reveal_you(bob).unwrap().points, 0);
    g.next(T0 + 11_000).unwrap();
    g.next(T0 + 12_000).unwrap();
    // Q1: correct is 1. Ann instant -> 1000 + 100 streak bonus.
    g.answer(ann, 1, 1, T0 + 12_100).unwrap();
    g.answer(bob, 1, 1, T0 + 17_000).unwrap();
    let you = g.reveal_you(ann).unwrap();
    assert_eq!(
        (you.points, you.score, you.streak, you.rank),
        (1100, 1850, 2, 1)
    );
    // Bob: 1000 * (1 - (5000/20000)/2) = 875, streak 1: no bonus.
    let you = g.reveal_you(bob).unwrap();
    assert_eq!(
        (you.points, you.score, you.streak, you.rank),
        (875, 875, 1, 2)
    );
}

#[test]
fn flat_scoring_and_multipliers() {
    let mut q = question("Q", 2, 20_000);
    q.multiplier = 2;
    let mut g = Game::new(
        vec![q],
        GameConfig {
            scoring: Scoring::Flat,
            ..Default::default()
        },
    );
    let ann = join(&mut g, "Ann");
    g.start(T0).unwrap();
    g.answer(ann, 0, 2, T0 + 19_000).unwrap();
    assert_eq!(g.reveal_you(ann).unwrap().points, 2000);
}

#[test]
fn answers_are_refused_with_the_right_reason() {
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    let _bob = join(&mut g, "Bob");
    assert_eq!(
        g.answer(ann, 0, 0, T0),
        Err(GameError::WrongPhase("no question is open"))
    );
    g.start(T0).unwrap();
    assert_eq!(g.answer(ann, 1, 0, T0 + 1), Err(GameError::TooLate));
    assert_eq!(g.answer(ann, 0, 4, T0 + 1), Err(GameError::BadChoice(4)));
    g.answer(ann, 0, 0, T0 + 2).unwrap();
    assert_eq!(g.answer(ann, 0, 1, T0 + 3), Err(GameError::AlreadyAnswered));
    // After the deadline, even before the timer fired.
    let mut g2 = game(1);
    let cy = join(&mut g2, "Cy");
    g2.start(T0).unwrap();
    assert_eq!(g2.answer(cy, 0, 0, T0 + 20_000), Err(GameError::TooLate));
}

#[test]
fn the_timer_closes_a_question_with_no_answers() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    g.start(T0).unwrap();
    assert_eq!(g.deadline(), Some(T0 + 20_000));
    assert!(g.tick(T0 + 19_999).is_empty());
    assert_eq!(g.tick(T0 + 20_000), vec![Event::PhaseChanged]);
    let you = g.reveal_you(ann).unwrap();
    assert_eq!((you.choice, you.correct, you.points), (None, false, 0));
}

#[test]
fn everyone_means_everyone_connected() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    assert!(matches!(g.phase(), Phase::Question { .. }));
    // Bob's phone dies: Ann was the only one left, so the question closes.
    let events = g.set_connected(bob, false, T0 + 200);
    assert!(events.contains(&Event::PhaseChanged));
    assert_eq!(g.phase(), Phase::Reveal { index: 0 });
}

/// (question, answered, players) of the host's `progress`.
fn progress_counts(g: &Game) -> Option<(usize, usize, usize)> {
    match g.progress_msg()? {
        ServerMsg::Progress {
            question,
            answered,
            players,
            ..
        } => Some((question, answered, players)),
        _ => None,
    }
}

#[test]
fn progress_lists_who_has_not_answered_with_dropped_phones_marked() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    let _cy = join(&mut g, "Cy");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    g.set_connected(bob, false, T0 + 200);
    let Some(ServerMsg::Progress {
        waiting_count,
        waiting,
        dropped,
        ..
    }) = g.progress_msg()
    else {
        panic!("no progress");
    };
    assert_eq!((waiting_count, dropped), (2, 1));
    let names: Vec<_> = waiting
        .iter()
        .map(|w| (w.name.as_str(), w.connected))
        .collect();
    assert_eq!(names, [("Bob", false), ("Cy", true)]);
}

#[test]
fn progress_counts_connected_players() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    let _cy = join(&mut g, "Cy");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    assert_eq!(progress_counts(&g), Some((0, 1, 3)));
    g.set_connected(bob, false, T0 + 200);
    assert_eq!(progress_counts(&g), Some((0, 1, 2)));
    g.set_connected(ann, false, T0 + 300);
    g.set_connected(ann, true, T0 + 400);
    assert_eq!(progress_counts(&g), Some((0, 1, 2)));
}

#[test]
fn ties_are_broken_by_total_answer_time() {
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    // Both instant and right: same points; Bob slightly slower but still under 0.5 s.
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    g.answer(bob, 0, 0, T0 + 400).unwrap();
    let (a, b) = (g.reveal_you(ann).unwrap(), g.reveal_you(bob).unwrap());
    assert_eq!(a.score, b.score);
    assert_eq!((a.rank, b.rank), (1, 2));
}

#[test]
fn exact_ties_share_a_rank() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    let cy = join(&mut g, "Cy");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    g.answer(bob, 0, 0, T0 + 100).unwrap();
    g.answer(cy, 0, 1, T0 + 100).unwrap();
    assert_eq!(g.rank(ann), 1);
    assert_eq!(g.rank(bob), 1);
    assert_eq!(g.rank(cy), 3);
}

#[test]
fn everyone_on_zero_points_shares_a_rank() {
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    let cy = join(&mut g, "Cy");
    g.start(T0).unwrap();
    // Q0 (correct 0): Ann wrong at 1 s, Bob silent, Cy right. A fast wrong answer is no
    // better than none: Ann and Bob tie behind Cy.
    g.answer(ann, 0, 1, T0 + 1000).unwrap();
    g.answer(cy, 0, 0, T0 + 5000).unwrap();
    g.tick(T0 + 20_000);
    assert_eq!(g.rank(cy), 1);
    assert_eq!((g.rank(ann), g.rank(bob)), (2, 2));
    // With points, time still breaks ties: an unanswered question costs its full limit.
    g.next(T0 + 21_000).unwrap();
    g.next(T0 + 22_000).unwrap();
    g.answer(ann, 1, 1, T0 + 23_000).unwrap();
    g.answer(bob, 1, 1, T0 + 24_000).unwrap();
    g.tick(T0 + 42_000);
    assert!(g.rank(ann) < g.rank(bob), "Ann was faster over the game");
}

#[test]
fn a_paused_clock_stands_still_and_waits_for_answers() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    join(&mut g, "Bob");
    g.start(T0).unwrap();
    assert_eq!(g.pause(T0 + 5_000).unwrap(), vec![Event::ClockChanged]);
    assert!(g.paused());
    assert_eq!(g.deadline(), None, "nothing closes a paused question");
    assert!(g.tick(T0 + 60_000).is_empty());
    assert_eq!(
        g.answer(ann, 0, 0, T0 + 60_000).unwrap_err().code(),
        ErrorCode::WrongPhase
    );
    let Some(ServerMsg::Clock {
        remaining_ms,
        paused,
        ..
    }) = g.clock_msg(T0 + 60_000)
    else {
        panic!()
    };
    assert_eq!((remaining_ms, paused), (15_000, true));
    let Some(ServerMsg::Question {
        remaining_ms,
        paused,
        ..
    }) = g.question_msg(T0 + 60_000)
    else {
        panic!()
    };
    assert_eq!(
        (remaining_ms, paused),
        (15_000, true),
        "a reload while paused"
    );
    // Resumed 55 s later: the 15 s left are still there, and the 55 s do not cost points.
    g.resume(T0 + 60_000).unwrap();
    assert_eq!(g.deadline(), Some(T0 + 75_000));
    g.answer(ann, 0, 0, T0 + 60_100).unwrap();
    g.tick(T0 + 75_000);
    assert_eq!(
        g.reveal_you(ann).unwrap().points,
        scoring::points(Scoring::Speed, true, 5_100, 20_000, 1, 1)
    );
}

#[test]
fn extra_time_moves_the_deadline() {
    let mut g = game(1);
    join(&mut g, "Ann");
    assert!(g.add_time(15, T0).is_err(), "no question open");
    g.start(T0).unwrap();
    g.add_time(15, T0 + 1_000).unwrap();
    assert_eq!(g.deadline(), Some(T0 + 35_000));
    assert!(g.add_time(0, T0).is_err());
    assert!(g.add_time(121, T0).is_err());
    assert!(g.tick(T0 + 20_000).is_empty(), "the old deadline passes");
    assert_eq!(g.tick(T0 + 35_000), vec![Event::PhaseChanged]);
    assert!(g.pause(T0 + 36_000).is_err(), "closed");
}

#[test]
fn the_finished_message_says_when_the_host_ended_early() {
    let ended = |steps: usize| {
        let mut g = game(2);
        join(&mut g, "Ann");
        g.start(T0).unwrap();
        for i in 0..steps {
            g.next(T0 + 1_000 * i as u64).unwrap();
        }
        if g.phase() != Phase::Finished {
            g.end(T0 + 10_000).unwrap();
        }
        let Some(ServerMsg::Finished { ended_early, .. }) = g.finished_msg("g") else {
            panic!()
        };
        ended_early
    };
    assert!(ended(0), "ended during the first question");
    assert!(ended(2), "ended on the first question's leaderboard");
    assert!(!ended(4), "ended on the last reveal: nothing was cut");
    assert!(!ended(5), "ended on the last leaderboard");
    assert!(!ended(6), "played to the end");
}

#[test]
fn names_are_checked() {
    let mut g = game(1);
    join(&mut g, "Ann");
    assert_eq!(g.join(" ann ").unwrap_err(), GameError::NameTaken);
    assert!(matches!(g.join("   "), Err(GameError::NameInvalid(_))));
    assert!(matches!(
        g.join("evil\u{202E}name"),
        Err(GameError::NameInvalid(_))
    ));
    let mut small = Game::new(
        vec![question("Q", 0, 20_000)],
        GameConfig {
            max_players: 1,
            ..Default::default()
        },
    );
    join(&mut small, "One");
    assert_eq!(small.join("Two").unwrap_err(), GameError::RoomFull);
}

#[test]
fn late_joiners_wait_for_the_next_question() {
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    g.start(T0).unwrap();
    let late = join(&mut g, "Late");
    assert_eq!(g.answer(late, 0, 0, T0 + 100), Err(GameError::TooLate));
    // Ann alone answering still closes the question.
    g.answer(ann, 0, 0, T0 + 200).unwrap();
    assert_eq!(g.phase(), Phase::Reveal { index: 0 });
    g.next(T0 + 300).unwrap();
    g.next(T0 + 400).unwrap();
    g.answer(late, 1, 1, T0 + 500).unwrap();
    // Late answered but Ann has not: still open.
    assert!(matches!(g.phase(), Phase::Question { index: 1, .. }));
}

#[test]
fn kicked_players_leave_the_lobby_and_the_count() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    let events = g.kick(bob).unwrap();
    assert!(events.contains(&Event::Kicked(bob)));
    assert!(
        events.contains(&Event::PhaseChanged),
        "Ann was the last one to wait for"
    );
    let lobby = g.lobby_msg(&RoomCode("000001".into()));
    let ServerMsg::Lobby { players, .. } = lobby else {
        panic!()
    };
    assert_eq!(players.len(), 1);
    assert_eq!(g.kick(bob), Err(GameError::PlayerNotFound(bob.0)));
    assert_eq!(g.kick(PlayerId(99)), Err(GameError::PlayerNotFound(99)));
    // A kicked player's name is free again.
    assert!(g.join("Bob").is_ok());
}

#[test]
fn auto_advance_moves_on_by_itself() {
    let mut g = Game::new(
        vec![question("Q0", 0, 10_000), question("Q1", 0, 10_000)],
        GameConfig {
            auto_advance: true,
            ..Default::default()
        },
    );
    join(&mut g, "Ann");
    g.start(T0).unwrap();
    g.tick(T0 + 10_000);
    assert_eq!(g.phase(), Phase::Reveal { index: 0 });
    assert_eq!(g.deadline(), Some(T0 + 10_000 + AUTO_ADVANCE_PAUSE_MS));
    g.tick(T0 + 10_000 + AUTO_ADVANCE_PAUSE_MS);
    assert_eq!(g.phase(), Phase::Leaderboard { index: 0 });
    g.tick(T0 + 10_000 + 2 * AUTO_ADVANCE_PAUSE_MS);
    assert!(matches!(g.phase(), Phase::Question { index: 1, .. }));
}

#[test]
fn host_paced_games_do_not_move_by_themselves() {
    let mut g = game(2);
    join(&mut g, "Ann");
    g.start(T0).unwrap();
    g.tick(T0 + 20_000);
    assert_eq!(g.deadline(), None);
    assert!(g.tick(T0 + 1_000_000).is_empty());
    assert_eq!(g.phase(), Phase::Reveal { index: 0 });
}

#[test]
fn the_question_message_never_carries_the_answer() {
    let mut g = game(1);
    join(&mut g, "Ann");
    g.start(T0).unwrap();
    let json = g.question_msg(T0 + 5_000).unwrap().to_json();
    assert!(!json.contains("correct"), "{json}");
    assert!(!json.contains("answer"), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["remainingMs"], 15_000);
}

#[test]
fn leaderboards_show_rank_changes() {
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    g.answer(bob, 0, 1, T0 + 100).unwrap();
    g.next(T0 + 1000).unwrap(); // leaderboard 1: Ann 1st, Bob 2nd, no previous ranks
    let ServerMsg::Leaderboard { top, .. } = g.leaderboard_msg().unwrap() else {
        panic!()
    };
    assert_eq!(top[0].previous_rank, None);
    g.next(T0 + 2000).unwrap();
    g.answer(ann, 1, 0, T0 + 2100).unwrap();
    g.answer(bob, 1, 1, T0 + 2100).unwrap();
    g.next(T0 + 3000).unwrap();
    let ServerMsg::Leaderboard { top, .. } = g.leaderboard_msg().unwrap() else {
        panic!()
    };
    // Q1's answer is 1: Bob catches up to Ann (1000 each, same time), so they share rank 1.
    let bob_entry = top.iter().find(|p| p.id == bob).unwrap();
    assert_eq!(bob_entry.previous_rank, Some(2));
    assert_eq!(bob_entry.rank, 1);
}

#[test]
fn end_scores_an_open_question_and_finishes() {
    let mut g = game(3);
    let ann = join(&mut g, "Ann");
    join(&mut g, "Bob");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    g.end(T0 + 200).unwrap();
    assert_eq!(g.phase(), Phase::Finished);
    let ServerMsg::Finished {
        podium, players, ..
    } = g.finished_msg("g1").unwrap()
    else {
        panic!()
    };
    assert_eq!(podium[0].name, "Ann");
    assert_eq!(podium[0].score, 1000);
    assert_eq!(players.len(), 2);
    assert!(g.join("Cy").is_err(), "a finished room takes no one");
}

#[test]
fn multi_select_questions_accept_any_right_choice() {
    let mut q = question("Q", 0, 20_000);
    q.correct = vec![0, 2];
    let mut g = Game::new(vec![q], GameConfig::default());
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    g.answer(ann, 0, 2, T0 + 100).unwrap();
    g.answer(bob, 0, 1, T0 + 100).unwrap();
    assert!(g.reveal_you(ann).unwrap().correct);
    assert!(!g.reveal_you(bob).unwrap().correct);
    let ServerMsg::Reveal {
        correct,
        correct_choices,
        counts,
        correct_texts,
        ..
    } = g.reveal_msg().unwrap()
    else {
        panic!()
    };
    assert_eq!(correct, 0);
    assert_eq!(correct_choices, Some(vec![0, 2]));
    assert_eq!(correct_texts, vec!["A".to_string(), "C".to_string()]);
    assert_eq!(counts, vec![0, 1, 1, 0]);
}

#[test]
fn a_game_survives_a_snapshot_round_trip() {
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 100).unwrap();
    let json = serde_json::to_string(&g).unwrap();
    let back: Game = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);
}

#[test]
fn time_shifted_after_a_restart_counts_against_nobody() {
    let mut g = game(1);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    g.answer(ann, 0, 0, T0 + 10_000).unwrap();
    // The server was down for 60 s, 12 s into the question.
    g.shift_time(60_000);
    assert_eq!(
        g.deadline(),
        Some(T0 + 80_000),
        "8 s are left, as before the crash"
    );
    assert!(g.tick(T0 + 72_000).is_empty(), "not closed by the downtime");
    g.answer(bob, 0, 0, T0 + 72_000).unwrap();
    assert_eq!(
        g.reveal_you(ann).unwrap().points,
        750,
        "Ann's answer is kept as it was"
    );
    // Bob answered 12 s into the question, not 72 s.
    assert_eq!(g.reveal_you(bob).unwrap().points, 700);
}

#[test]
fn big_rooms_get_short_lists_with_the_real_count() {
    let mut g = game(1);
    let ids: Vec<PlayerId> = (0..120).map(|i| join(&mut g, &format!("P{i}"))).collect();
    // The name check is case-blind and a kick frees the name.
    assert!(matches!(g.join("p7"), Err(GameError::NameTaken)));
    g.kick(ids[7]).unwrap();
    join(&mut g, "p7");
    let code = RoomCode("000001".into());
    let ServerMsg::Lobby { players, count, .. } = g.lobby_msg_newest(&code, 50) else {
        panic!()
    };
    assert_eq!((players.len(), count), (50, 120));
    assert_eq!(players.last().unwrap().name, "p7", "the newest last");
    let ServerMsg::Lobby { players, .. } = g.lobby_msg(&code) else {
        panic!()
    };
    assert_eq!(players.len(), 120);

    g.start(T0).unwrap();
    g.answer(ids[119], 0, 0, T0 + 100).unwrap();
    g.end(T0 + 200).unwrap();
    let ServerMsg::Finished { players, count, .. } = g.finished_msg_top("g1", 50).unwrap() else {
        panic!()
    };
    assert_eq!((players.len(), count), (50, 120));
    assert_eq!(players[0].id, ids[119], "the one right answer wins");
    // Someone outside the best 50 still gets their own entry.
    let last = g.finished_you(ids[118]).unwrap();
    assert_eq!((last.id, last.rank), (ids[118], 2));
    assert!(g.finished_you(ids[7]).is_none(), "kicked");
}

#[test]
fn a_restore_disconnects_everyone_without_closing_the_question() {
    // The last player (highest id) answered: disconnecting one by one would leave only
    // answered players connected at some step and close the question for the others.
    let mut g = game(2);
    let ann = join(&mut g, "Ann");
    let bob = join(&mut g, "Bob");
    g.start(T0).unwrap();
    g.answer(bob, 0, 0, T0 + 100).unwrap();
    g.disconnect_everyone();
    assert!(matches!(g.phase(), Phase::Question { index: 0, .. }));
    assert!(g.active_players().all(|p| !p.connected));
    // Bob comes back first: he answered, but Ann has not, and she is not here yet.
    assert!(g
        .set_connected(bob, true, T0 + 200)
        .iter()
        .all(|e| *e != Event::PhaseChanged));
    assert!(matches!(g.phase(), Phase::Question { index: 0, .. }));
    g.set_connected(ann, true, T0 + 300);
    assert_eq!(progress_counts(&g), Some((0, 1, 2)));
    // Ann's answer is the last one: now everyone answered.
    let events = g.answer(ann, 0, 0, T0 + 400).unwrap();
    assert!(events.contains(&Event::PhaseChanged));
    assert_eq!(g.phase(), Phase::Reveal { index: 0 });
}
