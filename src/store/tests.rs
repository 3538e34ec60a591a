use super::results::{game_detail, list_games, results_csv};
use super::*;
use crate::game::{GameConfig, GameQuestion};

fn question(text: &str) -> GameQuestion {
    GameQuestion {
        text: text.into(),
        choices: vec!["a".into(), "b".into(), "c".into()],
        correct: vec![1],
        time_limit_ms: 20_000,
        multiplier: 1,
        explanation: None,
        round: None,
        image: None,
        image_alt: None,
    }
}

/// A two-question game played to the end by Ann (right, then no answer) and
/// `=Bob` (wrong, then right).
fn finished_snapshot(game_id: &str) -> RoomSnapshot {
    let mut game = Game::new(vec![question("Q1"), question("Q2")], GameConfig::default());
    let (ann, _) = game.join("Ann").unwrap();
    let (bob, _) = game.join("=Bob").unwrap();
    game.start(0).unwrap();
    game.answer(ann, 0, 1, 1_000).unwrap();
    game.answer(bob, 0, 2, 2_000).unwrap();
    game.next(3_000).unwrap(); // leaderboard
    game.next(4_000).unwrap(); // question 2
    game.answer(bob, 1, 1, 14_000).unwrap();
    game.next(15_000).unwrap(); // reveal
    game.next(16_000).unwrap(); // leaderboard
    game.next(17_000).unwrap(); // finished
    assert_eq!(game.phase(), Phase::Finished);
    RoomSnapshot {
        code: RoomCode("012345".into()),
        game_id: game_id.into(),
        pack: PackSummary {
            id: "sample".into(),
            title: "Sample".into(),
            questions: 2,
            language: None,
        },
        settings: RoomSettings::default(),
        host_token: Token("host".into()),
        player_tokens: vec![(ann, Token("t-ann".into())), (bob, Token("t-bob".into()))],
        created_at: 100,
        started_at: Some(200),
        finished_at: Some(17_000),
        game,
    }
}

fn as_ref(s: &RoomSnapshot) -> SnapshotRef<'_> {
    SnapshotRef {
        code: &s.code,
        game_id: &s.game_id,
        pack: &s.pack,
        settings: &s.settings,
        host_token: &s.host_token,
        player_tokens: s.player_tokens.iter().map(|(p, t)| (*p, t)).collect(),
        created_at: s.created_at,
        started_at: s.started_at,
        finished_at: s.finished_at,
        game: &s.game,
    }
}

#[tokio::test]
async fn migrations_run_once_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    // Opening again is a no-op migration.
    let store = Store::open(dir.path()).unwrap();
    let version: i64 = store
        .read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(version, schema::CURRENT_VERSION);
    store
        .read(|c| Ok(c.pragma_update(None, "user_version", 99)?))
        .await
        .unwrap();
    let err = Store::open(dir.path()).err().expect("newer schema refused");
    assert!(format!("{err:#}").contains("newer quiznight"), "{err:#}");
}

#[tokio::test]
async fn the_latest_snapshot_of_a_room_wins_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut snap = finished_snapshot("g1");
    snap.finished_at = None;
    store.save_room(&as_ref(&snap), 1_000);
    snap.started_at = Some(999);
    store.save_room(&as_ref(&snap), 2_000);
    store.flush().await;
    let rooms = store.take_rooms(2_000, 10_000, 10_000).unwrap();
    assert_eq!(
        rooms,
        vec![(snap.clone(), 2_000)],
        "the latest snapshot, with when it was saved"
    );
    // Finished rooms are kept for a shorter time than running ones.
    let rooms = store.take_rooms(20_000, 100_000, 10_000).unwrap();
    assert!(rooms.is_empty(), "an old finished room is forgotten");
    assert!(peek_rooms(dir.path()).unwrap().is_empty(), "and deleted");
    store.save_room(&as_ref(&snap), 2_000);
    store.remove_room(&snap.code);
    store.flush().await;
    assert!(peek_rooms(dir.path()).unwrap().is_empty());
}

#[tokio::test]
async fn an_unreadable_snapshot_is_dropped_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .read(|c| {
            c.execute(
                "INSERT INTO rooms VALUES ('999999', 'g', 5, 0, '{not json')",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    assert!(store.take_rooms(10, 1_000, 1_000).unwrap().is_empty());
    assert!(peek_rooms(dir.path()).unwrap().is_empty());
}

#[tokio::test]
async fn a_finished_game_is_listed_detailed_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let snap = finished_snapshot("g1");
    store.save_game(snap.clone());
    store.save_game(snap.clone()); // a second copy is ignored
    let mut newer = finished_snapshot("g2");
    newer.finished_at = Some(50_000);
    store.save_game(newer);
    store.flush().await;

    let list = store.read(|c| Ok(list_games(c, 10)?)).await.unwrap();
    let ids: Vec<&str> = list.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["g2", "g1"], "newest first");
    assert_eq!(list[1].players, 2);
    assert_eq!(list[1].questions, 2);

    let detail = store
        .read(|c| game_detail(c, "g1"))
        .await
        .unwrap()
        .expect("saved");
    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(json["pack"]["title"], "Sample");
    assert_eq!(json["questions"][0]["correct"], serde_json::json!([1]));
    // Ann: right at 1 s of 20 s = 975 points; no answer to Q2.
    // Bob: wrong, then right at 10 s of 20 s = 750 points.
    let ann = &detail.players[0];
    assert_eq!((ann.name.as_str(), ann.rank, ann.score), ("Ann", 1, 975));
    assert_eq!(ann.correct, 1);
    assert_eq!(ann.average_time_ms, Some(1_000));
    assert!(ann.answers[1].is_none());
    let bob = &detail.players[1];
    assert_eq!((bob.rank, bob.score, bob.correct), (2, 750, 1));
    assert_eq!(bob.answers[0].as_ref().unwrap().choice, 2);
    assert_eq!(bob.average_time_ms, Some(6_000));

    let csv = results_csv(&detail).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "rank,name,score,correct answers,average answer time (s),Q1,Q2",
            "1,Ann,975,1,1.00,975,",
            "2,'=Bob,750,1,6.00,0,750",
        ]
    );
    assert!(store
        .read(|c| game_detail(c, "nope"))
        .await
        .unwrap()
        .is_none());
}

/// Waits (bounded) until the store says it can write again.
async fn wait_until_healthy(store: &Store) {
    for _ in 0..200 {
        if store.health().is_none() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the store never recovered: {:?}", store.health());
}

#[tokio::test]
async fn a_failed_write_is_reported_kept_and_retried_until_it_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut watch = store.watch_health();
    // Fault injection without a hook: a trigger makes every new game fail to insert.
    store
        .read(|c| {
            c.execute_batch(
                "CREATE TRIGGER fault BEFORE INSERT ON games
                 BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let snap = finished_snapshot("g-fault");
    store.save_game(snap.clone());
    let mut room = snap.clone();
    room.finished_at = None;
    store.save_room(&as_ref(&room), 5_000);
    store.flush().await;
    let reason = store.health().expect("the failure is reported");
    assert!(reason.contains("injected fault"), "{reason}");
    tokio::time::timeout(std::time::Duration::from_secs(5), watch.changed())
        .await
        .expect("watchers hear of it")
        .unwrap();
    let kept = std::fs::read_to_string(dir.path().join(fallback::FALLBACK_FILE)).unwrap();
    assert!(kept.contains("g-fault"), "the game is in the fallback file");
    assert!(
        peek_rooms(dir.path()).unwrap().is_empty(),
        "nothing written yet"
    );

    store
        .read(|c| Ok(c.execute_batch("DROP TRIGGER fault")?))
        .await
        .unwrap();
    wait_until_healthy(&store).await;
    let games = store.read(|c| Ok(list_games(c, 10)?)).await.unwrap();
    assert_eq!(games.len(), 1, "written once the fault is gone");
    assert_eq!(peek_rooms(dir.path()).unwrap().len(), 1, "the room too");

    // The next start imports the fallback file (a no-op here) and removes it.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert!(!dir.path().join(fallback::FALLBACK_FILE).exists());
    let games = store.read(|c| Ok(list_games(c, 10)?)).await.unwrap();
    assert_eq!(games.len(), 1, "kept once, not twice");
}

#[tokio::test]
async fn a_game_left_in_the_fallback_file_is_imported_at_start() {
    let dir = tempfile::tempdir().unwrap();
    fallback::append(dir.path(), &finished_snapshot("g-left")).unwrap();
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join(fallback::FALLBACK_FILE))
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"{half a line\n"))
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    let games = store.read(|c| Ok(list_games(c, 10)?)).await.unwrap();
    assert_eq!(
        games.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        ["g-left"]
    );
    assert!(!dir.path().join(fallback::FALLBACK_FILE).exists());
    let aside = std::fs::read_to_string(dir.path().join("unsaved-games.jsonl.bad")).unwrap();
    assert_eq!(aside, "{half a line\n", "an unreadable line is kept aside");
}

/// A room in its lobby with Ann and Cat (who never answers), saved as a snapshot: the
/// start of the journal tests.
fn lobby_snapshot() -> RoomSnapshot {
    let mut snap = finished_snapshot("g-journal");
    let mut game = Game::new(vec![question("Q1"), question("Q2")], GameConfig::default());
    let (ann, _) = game.join("Ann").unwrap();
    let (cat, _) = game.join("Cat").unwrap();
    snap.player_tokens = vec![(ann, Token("t-ann".into())), (cat, Token("t-cat".into()))];
    snap.finished_at = None;
    snap.game = game;
    snap
}

#[tokio::test]
async fn a_restore_replays_the_journal_after_the_snapshot_through_the_game() {
    use journal::JournalEntry;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut live = lobby_snapshot();
    store.save_room(&as_ref(&live), 1_000);
    // Bob joins (journaled), the game starts (a phase: a full snapshot), then two
    // answers are journaled; the restore must score them as the live game did.
    let (bob, _) = live.game.join(" Bob ").unwrap();
    live.player_tokens.push((bob, Token("t-bob".into())));
    let join = JournalEntry::Join {
        player: bob,
        name: " Bob ".into(),
        token: Token("t-bob".into()),
        at: 1_500,
    };
    store
        .save_journal(&live.code, std::slice::from_ref(&join))
        .await
        .unwrap();
    let rooms = store.take_rooms(2_000, 100_000, 100_000).unwrap();
    assert_eq!(
        rooms[0].0.player_tokens, live.player_tokens,
        "the join replayed"
    );
    assert_eq!(rooms[0].1, 1_500, "saved last when the journal row was");

    live.game.start(2_000).unwrap();
    store.save_room(&as_ref(&live), 2_000);
    let ann = PlayerId(0);
    live.game.answer(ann, 0, 1, 3_000).unwrap();
    live.game.answer(bob, 0, 2, 4_500).unwrap();
    let rows = [
        JournalEntry::Answer {
            player: ann,
            question: 0,
            choice: 1,
            at: 3_000,
        },
        JournalEntry::Answer {
            player: bob,
            question: 0,
            choice: 2,
            at: 4_500,
        },
    ];
    assert!(store.save_journal(&live.code, &rows[..1]).await.unwrap());
    assert!(store.save_journal(&live.code, &rows[1..]).await.unwrap());
    let journal_rows = |store: &Store| {
        let store = store.clone();
        async move {
            store
                .read(|c| {
                    Ok(c.query_row("SELECT count(*) FROM journal", [], |r| r.get::<_, i64>(0))?)
                })
                .await
                .unwrap()
        }
    };
    assert_eq!(
        journal_rows(&store).await,
        2,
        "the join went with the snapshot"
    );

    let rooms = store.take_rooms(5_000, 100_000, 100_000).unwrap();
    let (restored, saved_at) = &rooms[0];
    // Everyone who answered answered, and the question is still open: replay is not
    // "everyone connected answered".
    live.game.disconnect_everyone();
    assert_eq!(restored.game, live.game);
    assert_eq!(*saved_at, 4_500);
    assert!(matches!(
        restored.game.phase(),
        Phase::Question { index: 0, .. }
    ));
    let record = restored.game.player(bob).unwrap().answers[0].unwrap();
    assert_eq!((record.choice, record.elapsed_ms), (2, 2_500));
    assert_eq!(peek_rooms(dir.path()).unwrap()[0].game, live.game);

    // The next full snapshot truncates the room's journal in the same transaction.
    live.game.next(6_000).unwrap();
    store.save_room(&as_ref(&live), 6_000);
    store.flush().await;
    assert_eq!(journal_rows(&store).await, 0);
    assert_eq!(
        peek_rooms(dir.path()).unwrap()[0].game.phase(),
        Phase::Reveal { index: 0 }
    );
    // ...and so does forgetting the room.
    store.save_journal(&live.code, &rows).await.unwrap();
    store.remove_room(&live.code);
    store.flush().await;
    assert_eq!(journal_rows(&store).await, 0);
}

#[tokio::test]
async fn a_journal_row_the_game_refuses_is_skipped_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let snap = lobby_snapshot();
    store.save_room(&as_ref(&snap), 1_000);
    // An answer in the lobby cannot be replayed; the room still comes back.
    let row = journal::JournalEntry::Answer {
        player: PlayerId(0),
        question: 0,
        choice: 0,
        at: 1_100,
    };
    store.save_journal(&snap.code, &[row]).await.unwrap();
    let rooms = store.take_rooms(2_000, 100_000, 100_000).unwrap();
    assert_eq!(rooms.len(), 1);
    assert_eq!(rooms[0].0.game.phase(), Phase::Lobby);
}

#[tokio::test]
async fn a_version_2_database_migrates_and_keeps_its_rooms_and_games() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        // The database as the build before the journal left it.
        let conn = Connection::open(&path).unwrap();
        for sql in &schema::MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        let mut room = finished_snapshot("g-old");
        room.finished_at = None;
        let json = serde_json::to_string(&as_ref(&room)).unwrap();
        conn.execute(
            "INSERT INTO rooms VALUES (?1, 'g-old', 1000, 0, ?2)",
            rusqlite::params![room.code.0, json],
        )
        .unwrap();
        let tx = rusqlite::Connection::unchecked_transaction(&conn).unwrap();
        results::insert_game(&tx, &finished_snapshot("g-done")).unwrap();
        tx.commit().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let version: i64 = store
        .read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(version, schema::CURRENT_VERSION);
    assert_eq!(version, 3);
    let rooms = store.take_rooms(2_000, 100_000, 100_000).unwrap();
    assert_eq!(rooms.len(), 1, "the running room comes back");
    assert_eq!(rooms[0].0.game_id, "g-old");
    let games = store.read(|c| Ok(list_games(c, 10)?)).await.unwrap();
    assert_eq!(games.len(), 1, "the finished game is kept");
    // The new table works.
    store
        .save_journal(
            &rooms[0].0.code,
            &[journal::JournalEntry::Answer {
                player: PlayerId(0),
                question: 0,
                choice: 0,
                at: 1_100,
            }],
        )
        .await
        .unwrap();
}
