//! `quiznight loadtest`: many WebSocket players against a running server, measured.
//!
//! A client only: it never runs inside the server's process. It opens one host per
//! room and N players spread over the rooms, waits until every room's lobby has
//! settled, then starts all rooms at once and plays Q questions, every player
//! answering as soon as its `question` arrives. All times come from one
//! [`Instant`] clock in this process.
//!
//! - [`client`]: the host tasks (tokio), and the messages hosts and players read.
//! - [`players`]: the players, on plain epoll loops that cost the shared machine little.
//! - [`report`]: percentiles, server memory and CPU from `/proc`, the summary.

pub mod client;
pub mod players;
pub mod report;

use anyhow::{bail, Context};
use client::{HostOut, PlayerOut, RoomSync};
use report::{ProcSample, Summary};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Notify, Semaphore};
use tokio_util::sync::CancellationToken;

/// Arguments of `quiznight loadtest`.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadtestArgs {
    /// The server to test, e.g. http://127.0.0.1:8080 (loopback only).
    #[arg(long)]
    pub url: String,
    /// Players in all, spread evenly over the rooms (hosts come on top).
    #[arg(long, default_value_t = 100)]
    pub players: usize,
    /// Rooms, each with one host.
    #[arg(long, default_value_t = 1)]
    pub rooms: usize,
    /// Questions to play in every room.
    #[arg(long, default_value_t = 3)]
    pub questions: usize,
    /// The pack every room plays.
    #[arg(long, default_value = "sample")]
    pub pack: String,
    /// Give up after this many seconds and report what was measured (exit status 1).
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// The host's pause after every reveal and leaderboard before it presses `next`
    /// (a real host reads them out; 0 drives every room as fast as it can).
    #[arg(long, default_value_t = 0)]
    pub pause_ms: u64,
    /// Spread the rooms' `start` evenly over this many milliseconds (0: all at once).
    /// Independent hosts do not press start in the same millisecond; at 0, 1,000 rooms
    /// of 10 hit the server like one room of 10,000.
    #[arg(long, default_value_t = 0)]
    pub stagger_ms: u64,
    /// Threads running the players (each an epoll loop over its share of them); the
    /// hosts run on one more.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// WebSocket handshakes and joins in flight at once.
    #[arg(long, default_value_t = 64)]
    pub connect_concurrency: usize,
    /// Spread client connections over 127.0.0.1..127.0.0.N (more ports for huge runs).
    #[arg(long, default_value_t = 1)]
    pub source_ips: u8,
    /// The server's host key, which hosts need to create rooms.
    #[arg(long, env = "QUIZNIGHT_HOST_KEY", hide_env_values = true)]
    pub host_key: Option<String>,
    /// The server's data folder: read the host key from its `host-key` file
    /// (when --host-key is not given).
    #[arg(long)]
    pub data: Option<std::path::PathBuf>,
    /// The server's process id: report its memory (VmRSS) and CPU time from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Print only one JSON object (the summary) on the last line.
    #[arg(long)]
    pub json: bool,
}

/// Runs `quiznight loadtest`.
pub fn run_cli(args: LoadtestArgs) -> anyhow::Result<ExitCode> {
    // The hosts are few: one thread runs them all.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let summary = runtime.block_on(run(&args))?;
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        print!("{}", summary.human());
    }
    // Dropping thousands of sockets is quick; do not wait for stray tasks.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(if summary.timed_out || summary.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// What every task of a run shares.
pub struct Ctx {
    pub server: SocketAddr,
    pub ws_url: String,
    pub pack: String,
    pub questions: usize,
    /// The host's pause before each `next`.
    pub pause: Duration,
    /// Room r sends `start` this long times r / rooms after the others are ready.
    pub stagger: Duration,
    pub rooms: usize,
    pub source_ips: u8,
    /// The host key, sent by hosts as `Authorization: Bearer` on the upgrade.
    pub host_key: Option<String>,
    /// Limits handshakes in flight.
    pub connect_gate: Semaphore,
    /// Cancelled when the run ends (done or timed out): every task returns.
    pub stop: CancellationToken,
    /// Rooms whose lobby has settled (or that gave up).
    pub rooms_settled: AtomicUsize,
    /// Rooms that played all their questions (or gave up).
    pub rooms_done: AtomicUsize,
    /// Wakes the main task when a room settles or is done.
    pub settled_notify: Notify,
    /// Cancelled when every room has settled: all hosts send `start` together.
    pub go: CancellationToken,
    /// The clock every measurement is taken on.
    pub epoch: Instant,
}

impl Ctx {
    /// The source address for connection number `n`.
    pub fn source_ip(&self, n: usize) -> IpAddr {
        let last = 1 + (n % self.source_ips.max(1) as usize) as u8;
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
    }
}

/// The host key from --host-key, else from the server's data folder, else none (the
/// hosts' `create` will then be refused with `unauthorized`, which the run reports).
fn host_key(args: &LoadtestArgs) -> anyhow::Result<Option<String>> {
    if let Some(key) = args.host_key.as_deref().filter(|k| !k.trim().is_empty()) {
        return Ok(Some(key.trim().to_string()));
    }
    let Some(data) = &args.data else {
        return Ok(None);
    };
    let path = data.join(crate::server::auth::KEY_FILE);
    let key = std::fs::read_to_string(&path)
        .with_context(|| format!("reading the host key from {}", path.display()))?;
    Ok(Some(key.trim().to_string()))
}

/// Runs a whole load test and returns its summary (it never panics on server trouble:
/// failures are counted in the summary).
pub async fn run(args: &LoadtestArgs) -> anyhow::Result<Summary> {
    if args.players == 0 || args.rooms == 0 || args.questions == 0 {
        bail!("--players, --rooms and --questions must be at least 1");
    }
    if args.rooms > args.players {
        bail!("more rooms than players: every room needs at least one player");
    }
    let (server, host_port) = resolve_loopback(&args.url).await?;
    let nofile = raise_open_files();
    let needed = (args.players + args.rooms) as u64 + 64;
    if nofile < needed {
        eprintln!("warning: only {nofile} open files allowed, {needed} needed; raise `ulimit -n`");
    }
    let ctx = Arc::new(Ctx {
        server,
        ws_url: format!("ws://{host_port}/ws"),
        pack: args.pack.clone(),
        questions: args.questions,
        pause: Duration::from_millis(args.pause_ms),
        stagger: Duration::from_millis(args.stagger_ms),
        rooms: args.rooms,
        source_ips: args.source_ips,
        host_key: host_key(args)?,
        connect_gate: Semaphore::new(args.connect_concurrency.max(1)),
        stop: CancellationToken::new(),
        rooms_settled: AtomicUsize::new(0),
        rooms_done: AtomicUsize::new(0),
        settled_notify: Notify::new(),
        go: CancellationToken::new(),
        epoch: Instant::now(),
    });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(args.timeout);
    let server_before = args.server_pid.and_then(ProcSample::read);
    let client_before = ProcSample::read_self();

    // Rooms and players: room r gets players/rooms, the first players%rooms one more.
    // Player n runs on loop n % threads.
    let threads = args.threads.clamp(1, args.players);
    let mut rooms = Vec::with_capacity(args.rooms);
    let mut hosts = Vec::with_capacity(args.rooms);
    let mut loops: Vec<Vec<players::Player>> = (0..threads).map(|_| Vec::new()).collect();
    let mut next_player = 0;
    for r in 0..args.rooms {
        let size = args.players / args.rooms + usize::from(r < args.players % args.rooms);
        let room = Arc::new(RoomSync::new(size, args.questions));
        hosts.push(tokio::spawn(client::host(ctx.clone(), room.clone(), r)));
        for _ in 0..size {
            let player = players::Player::new(room.clone(), r, next_player, args.questions);
            loops[next_player % threads].push(player);
            next_player += 1;
        }
        rooms.push(room);
    }
    let handshakes = (args.connect_concurrency / threads).max(1);
    let mut player_threads = Vec::with_capacity(threads);
    for (t, players) in loops.into_iter().enumerate() {
        let (ctx, rooms) = (ctx.clone(), rooms.clone());
        let thread = std::thread::Builder::new()
            .name(format!("players-{t}"))
            .spawn(move || players::run(ctx, rooms, players, handshakes))
            .context("starting a player thread")?;
        player_threads.push(thread);
    }

    // Phase 1: everyone joins and every lobby settles.
    let settled = {
        let all = || ctx.rooms_settled.load(Ordering::Acquire) >= args.rooms;
        tokio::select! {
            _ = client::wait_until(&ctx.settled_notify, all) => true,
            _ = tokio::time::sleep_until(deadline) => false,
        }
    };
    let join_secs = ctx.epoch.elapsed().as_secs_f64();
    let server_joined = args.server_pid.and_then(ProcSample::read);
    let play_started = Instant::now();

    // Phase 2: all rooms play at once.
    ctx.go.cancel();
    let mut timed_out = !settled;
    if timed_out {
        ctx.stop.cancel();
    }
    let all_done = || ctx.rooms_done.load(Ordering::Acquire) >= args.rooms;
    tokio::select! {
        _ = client::wait_until(&ctx.settled_notify, all_done) => {}
        _ = tokio::time::sleep_until(deadline) => timed_out = true,
    }
    let play_secs = play_started.elapsed().as_secs_f64();
    let server_end = args.server_pid.and_then(ProcSample::read);
    // Every task returns what it measured once `stop` is cancelled.
    ctx.stop.cancel();
    let mut host_outs: Vec<HostOut> = Vec::with_capacity(hosts.len());
    for out in futures_util::future::join_all(hosts).await {
        host_outs.push(out.context("a host task panicked")?);
    }
    // Each loop sees `stop` within a few milliseconds and hands back its players.
    let mut player_outs: Vec<PlayerOut> = Vec::with_capacity(args.players);
    for thread in player_threads {
        let outs = tokio::task::spawn_blocking(move || thread.join())
            .await
            .context("waiting for a player thread")?;
        player_outs.extend(outs.map_err(|_| anyhow::anyhow!("a player thread panicked"))?);
    }
    let client_end = ProcSample::read_self();
    Ok(report::summarize(report::Inputs {
        args,
        hosts: &host_outs,
        players: &player_outs,
        timed_out,
        join_secs,
        play_secs,
        server: [server_before, server_joined, server_end],
        client: [client_before, client_end],
    }))
}

/// Parses `http://host:port` (or ws://) and checks it resolves to loopback only.
async fn resolve_loopback(url: &str) -> anyhow::Result<(SocketAddr, String)> {
    let rest = ["http://", "ws://"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
        .with_context(|| format!("--url must start with http:// or ws:// (got {url:?})"))?;
    let host_port = rest.split('/').next().unwrap_or_default().to_string();
    if host_port.is_empty() || !host_port.contains(':') {
        bail!("--url needs a host and a port, e.g. http://127.0.0.1:8080");
    }
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host(&host_port)
        .await
        .with_context(|| format!("cannot resolve {host_port}"))?
        .collect();
    let Some(addr) = addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
    else {
        bail!("{host_port} resolves to no address");
    };
    if !addr.ip().is_loopback() {
        bail!("the load tool only talks to loopback addresses (127.0.0.1), not {addr}");
    }
    Ok((addr, host_port))
}

/// Raises the soft open-file limit to the hard one; returns the limit now in force.
fn raise_open_files() -> u64 {
    rlimit::increase_nofile_limit(u64::MAX).unwrap_or(0)
}
