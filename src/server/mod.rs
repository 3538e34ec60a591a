//! The server: HTTP routes, the `/ws` endpoint, room actors and the registry.
//!
//! - [`http`]: the axum router: health, packs API, QR code, static web client.
//! - [`session`]: one task per WebSocket connection.
//! - [`outbox`]: the write side of each socket, which rooms write broadcasts into directly.
//! - [`room`]: one task per room, owning its `Game`.
//! - [`registry`]: rooms by code and tokens by value.
//! - [`results`]: the past-games API (`/api/games`, CSV export).
//! - [`clock`]: the game clock tied to tokio time.
//! - [`limits`]: per-IP rate limits.
//! - [`upload`]: `POST /api/packs`, a host uploading a pack file.
//! - [`packs_api`]: the pack editor's API (`/api/editor/...`): list, open, check, save.
//! - [`generate_api`]: generating questions from uploaded documents (`/api/generate`).
//! - [`auth`]: the host key: the host link, its cookie, bearer keys, wrong-key limits.
//! - [`cross_site`]: refusing requests another site's page makes through a browser.

pub mod auth;
pub mod clock;
pub mod cross_site;
pub mod generate_api;
pub mod http;
pub mod limits;
pub mod outbox;
pub mod packs_api;
pub mod registry;
pub mod results;
pub mod room;
pub mod session;
pub mod upload;

use crate::game::{build_questions, Game, GameConfig};
use crate::pack::{load_dir, PackLibrary};
use crate::protocol::{ErrorCode, PackSummary, RoomSettings, Scoring, ServerMsg};
use crate::store::Store;
use anyhow::Context;
use registry::{new_token, Registry};
use room::{spawn_room, RoomEnv, RoomHandle, RoomSetup};
use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Arguments of `quiznight serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (use 0.0.0.0:8080 so phones on your network can join).
    #[arg(long, env = "QUIZNIGHT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Folder for saved games and running rooms.
    #[arg(long, env = "QUIZNIGHT_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Folder of question packs (.toml, .json).
    #[arg(long, env = "QUIZNIGHT_PACKS", default_value = "questions")]
    pub packs: PathBuf,
    /// Serve the web client from this folder instead of the copy built into the binary.
    #[arg(long, env = "QUIZNIGHT_WEB")]
    pub web: Option<PathBuf>,
    /// The address players should use, for join links and QR codes (e.g. http://192.168.1.5:8080).
    #[arg(long, env = "QUIZNIGHT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Most players in one room.
    #[arg(long, env = "QUIZNIGHT_MAX_PLAYERS", default_value_t = 1000)]
    pub max_players: usize,
    /// Trust the X-Real-IP header for per-address limits (only behind your own reverse proxy).
    #[arg(long, env = "QUIZNIGHT_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// The host key (default: the one kept in the data folder's `host-key` file, made
    /// on first start). Everything but playing needs it.
    #[arg(long, env = "QUIZNIGHT_HOST_KEY", hide_env_values = true)]
    pub host_key: Option<String>,
    /// Another origin whose pages may use this server (e.g. https://quiz.example.org
    /// behind a proxy); repeat for several. The server's own origin is always allowed.
    #[arg(
        long = "allowed-origin",
        env = "QUIZNIGHT_ALLOWED_ORIGIN",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
    /// Worker threads (default: one per CPU core).
    #[arg(long, env = "QUIZNIGHT_THREADS")]
    pub threads: Option<usize>,
    /// Rate limits and timeouts.
    #[command(flatten)]
    pub limits: limits::LimitArgs,
}

/// What a running server needs to know.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub packs_dir: PathBuf,
    pub web_dir: Option<PathBuf>,
    pub public_url: Option<String>,
    pub max_players: usize,
    /// Per-IP limits use the proxy's X-Real-IP header instead of the peer address.
    pub behind_proxy: bool,
    /// Rate limits and timeouts.
    pub limits: limits::LimitArgs,
    /// The host key; None: the one kept in the data folder (made on first start).
    pub host_key: Option<String>,
    /// Origins besides the server's own whose pages may open `/ws` and change things.
    pub allowed_origins: Vec<String>,
}

impl Config {
    /// A config for tests and embedding: the given packs, everything else default.
    pub fn new(packs_dir: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            packs_dir: packs_dir.into(),
            web_dir: None,
            public_url: None,
            max_players: 1000,
            behind_proxy: false,
            limits: limits::LimitArgs::default(),
            host_key: None,
            allowed_origins: Vec::new(),
        }
    }
}

/// Shared by every request and session.
#[derive(Clone)]
pub struct AppState {
    pub registry: Arc<Registry>,
    pub packs: Arc<PackLibrary>,
    pub config: Arc<Config>,
    pub shutdown: CancellationToken,
    pub tasks: TaskTracker,
    pub ip_limits: Arc<limits::IpLimits>,
    pub store: Store,
    /// The host key and wrong-key counts.
    pub auth: Arc<auth::HostAuth>,
    /// Question generation jobs started from `/host/generate`.
    pub generate_jobs: Arc<generate_api::Jobs>,
}

impl AppState {
    /// What a room task needs from the server.
    pub fn room_env(&self) -> RoomEnv {
        RoomEnv {
            registry: self.registry.clone(),
            store: self.store.clone(),
            shutdown: self.shutdown.clone(),
            tasks: self.tasks.clone(),
        }
    }
}

/// Runs `quiznight serve` until ctrl-c or SIGTERM.
pub fn serve_cli(args: ServeArgs) -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "quiznight=info".into()),
        )
        .init();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = args.threads {
        runtime.worker_threads(n.max(1));
    }
    let runtime = runtime
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    // First of all: a second server on the same folder would run the same rooms.
    let _lock = crate::store::lock::DataLock::acquire(&args.data)?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        let shutdown = shutdown_signal();
        let auth = auth::HostAuth::load_or_create(&args.data, args.host_key.as_deref())?;
        let config = Config {
            host_key: Some(auth.key().to_string()),
            data_dir: args.data,
            packs_dir: args.packs,
            web_dir: args.web,
            public_url: args.public_url,
            max_players: args.max_players,
            behind_proxy: args.behind_proxy,
            limits: args.limits,
            allowed_origins: args.allowed_origins,
        };
        limits::raise_open_files(config.limits.open_files);
        let shown = if addr.ip().is_unspecified() {
            format!("http://127.0.0.1:{}", addr.port())
        } else {
            format!("http://{addr}")
        };
        // The host link carries the key, the way notebook servers print theirs.
        println!(
            "quiznight is running: open {shown}/host?{}={} on the big screen; players join at {shown}/",
            auth::LINK_PARAM,
            auth.key()
        );
        run(listener, config, shutdown).await?;
        Ok(ExitCode::SUCCESS)
    })
}

/// Resolves on ctrl-c or SIGTERM. The SIGTERM handler is installed at the call (not
/// at the first poll), so a SIGTERM right after the address is printed is a clean stop.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
    }
}

/// Serves on `listener` until `shutdown` resolves, then tells every room and socket
/// and waits (a few seconds at most) for them to finish.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (packs, errors) = load_dir(&config.packs_dir);
    for e in &errors {
        tracing::error!("skipped a pack: {e}");
    }
    tracing::info!(count = packs.len(), "packs loaded");
    let store = Store::open(&config.data_dir)?;
    let shutdown_deadline = Duration::from_secs(config.limits.shutdown_secs);
    let limits_config = config.limits.clone();
    let auth = auth::HostAuth::load_or_create(&config.data_dir, config.host_key.as_deref())?;
    let state = AppState {
        auth: Arc::new(auth),
        registry: Arc::new(Registry::default()),
        packs: Arc::new(PackLibrary::new(packs)),
        config: Arc::new(config),
        shutdown: CancellationToken::new(),
        tasks: TaskTracker::new(),
        ip_limits: Arc::new(limits::IpLimits::new(limits_config)),
        store,
        generate_jobs: Arc::default(),
    };
    restore_rooms(&state)?;
    let app = http::router(state.clone());
    let token = state.shutdown.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down");
        token.cancel();
    });
    let header_timeout = Duration::from_secs(state.config.limits.header_timeout_secs.max(1));
    let serving = serve_http(
        outbox::Listener(listener),
        app,
        state.shutdown.clone(),
        header_timeout,
    );
    // Graceful shutdown waits for every open HTTP connection, and a client that sends
    // its request a byte a minute would hold it forever: after the deadline, stop
    // waiting (dropping the server future closes those connections).
    let stopped = state.shutdown.clone();
    tokio::select! {
        _ = serving => {},
        _ = async {
            stopped.cancelled().await;
            tokio::time::sleep(shutdown_deadline).await;
        } => tracing::warn!("some HTTP connections did not finish in time; closing them"),
    }
    // Upgraded WebSockets and rooms are not covered by axum's graceful shutdown.
    state.tasks.close();
    if tokio::time::timeout(shutdown_deadline, state.tasks.wait())
        .await
        .is_err()
    {
        tracing::warn!("some rooms or connections did not stop in time");
    }
    // Rooms saved their last state on the way out; make sure it is on disk, and in
    // quiznight.db itself (not only its -wal), so a copy of that file is a backup.
    if let Err(e) = state.store.checkpoint().await {
        tracing::error!("cannot checkpoint the database on the way out: {e:#}");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Accepts HTTP/1 connections until `stop`, then lets each finish its request; returns
/// when all have. Unlike `axum::serve` this gives hyper a timer, so a client that sends
/// its headers slower than `header_timeout` is dropped.
async fn serve_http(
    mut listener: outbox::Listener,
    app: axum::Router,
    stop: CancellationToken,
    header_timeout: Duration,
) {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let connections = TaskTracker::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = axum::serve::Listener::accept(&mut listener) => accepted,
            _ = stop.cancelled() => break,
        };
        let info = outbox::ConnInfo::of(&stream, peer);
        let app = app.clone();
        let stop = stop.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                let mut request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(ConnectInfo(info.clone()));
                app.clone().oneshot(request)
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stop.cancelled() => conn.as_mut().graceful_shutdown(),
            }
            let _ = conn.await;
        });
    }
    connections.close();
    connections.wait().await;
}

/// Brings back the rooms that were running when the server last stopped (or crashed).
fn restore_rooms(state: &AppState) -> anyhow::Result<()> {
    let clock = clock::Clock::new();
    let rooms = state.store.take_rooms(
        clock.now(),
        room::IDLE_ROOM_CLOSES.as_millis() as u64,
        room::FINISHED_ROOM_LINGERS.as_millis() as u64,
    )?;
    let env = state.room_env();
    for (mut snap, saved_at) in rooms {
        tracing::info!(code = %snap.code, "room restored");
        // The time the server was down does not count against anyone's answer.
        snap.game.shift_time(clock.now().saturating_sub(saved_at));
        room::restore_room(&env, snap, clock);
    }
    Ok(())
}

/// Creates a room for `pack_id`; returns its handle and the `created` message,
/// or why not.
pub fn create_room(
    state: &AppState,
    pack_id: &str,
    settings: &RoomSettings,
    base_url: &str,
) -> Result<(RoomHandle, ServerMsg), (ErrorCode, String)> {
    if state.registry.room_count() >= state.config.limits.max_rooms {
        return Err((
            ErrorCode::RateLimited,
            "this server has as many rooms as it allows; try again when one has ended".into(),
        ));
    }
    let Some(pack) = state.packs.get(pack_id) else {
        return Err((
            ErrorCode::PackNotFound,
            format!("there is no pack {pack_id:?}"),
        ));
    };
    let image_base = format!("/packs/{}/", pack.id);
    let questions = build_questions(&pack.pack, settings, &mut rand::rng(), |path| {
        format!("{image_base}{path}")
    });
    if questions.is_empty() {
        return Err((
            ErrorCode::BadMessage,
            "those settings leave no questions to play".into(),
        ));
    }
    let summary = PackSummary {
        id: pack.id.clone(),
        title: pack.pack.title.clone(),
        questions: questions.len(),
        language: pack.pack.language.clone(),
    };
    let config = GameConfig {
        scoring: settings.scoring.unwrap_or(Scoring::Speed),
        auto_advance: settings.auto_advance.unwrap_or(false),
        max_players: state.config.max_players,
    };
    let host_token = new_token();
    let game_id = new_token().0[..16].to_string();
    let handle = spawn_room(
        &state.room_env(),
        RoomSetup {
            game: Game::new(questions, config),
            pack: summary.clone(),
            host_token: host_token.clone(),
            game_id,
            settings: settings.clone(),
        },
        clock::Clock::new(),
    );
    // An empty --public-url (e.g. QUIZNIGHT_PUBLIC_URL="") means "not set".
    let base = state
        .config
        .public_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or(base_url);
    let created = ServerMsg::Created {
        code: handle.code.clone(),
        host_token,
        join_url: format!("{}/?code={}", base.trim_end_matches('/'), handle.code),
        pack: summary,
    };
    Ok((handle, created))
}
