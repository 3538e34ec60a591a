//! The HTTP side: health, the packs API, QR codes, pack images, the web client, `/ws`.

use super::outbox::ConnInfo;
use super::{session, AppState};
use crate::pack::LoadedPack;
use axum::extract::{ConnectInfo, Path, Query, State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rust_embed::RustEmbed;
use serde::{Deserialize, Serialize};

/// The web client, built into release binaries (read from disk in debug builds).
#[derive(RustEmbed)]
#[folder = "web/"]
struct WebAssets;

/// The routes of the server.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/api/packs",
            get(list_packs).post(super::upload::upload_pack),
        )
        .route("/api/games", get(super::results::list))
        .route("/api/games/{id}", get(super::results::detail))
        .route("/api/games/{id}/results.csv", get(super::results::csv))
        .route("/qr.svg", get(qr_svg))
        .route("/ws", get(websocket))
        .route("/packs/{id}/{*path}", get(pack_file))
        .merge(super::packs_api::routes(state.clone()))
        .fallback(get(static_file))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::auth::host_link,
        ))
        .with_state(state)
}

/// One entry of `GET /api/packs`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub questions: usize,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Round names, in order.
    #[serde(default)]
    pub rounds: Vec<String>,
    /// The pack's BCP 47 language ("en" when it says none), for the page's `lang`.
    #[serde(default)]
    pub language: String,
}

impl PackInfo {
    /// The public summary of a loaded pack.
    pub fn of(p: &LoadedPack) -> Self {
        PackInfo {
            id: p.id.clone(),
            title: p.pack.title.clone(),
            questions: p.pack.question_count(),
            description: p.pack.description.clone(),
            rounds: p.pack.rounds.iter().map(|r| r.name.clone()).collect(),
            language: p.pack.language.clone().unwrap_or_else(|| "en".into()),
        }
    }
}

async fn list_packs(State(state): State<AppState>) -> Json<Vec<PackInfo>> {
    Json(state.packs.list().iter().map(|p| PackInfo::of(p)).collect())
}

#[derive(Deserialize)]
struct QrQuery {
    /// The text to encode (a join URL).
    text: String,
}

async fn qr_svg(Query(q): Query<QrQuery>) -> Response {
    if q.text.len() > 1024 {
        return (StatusCode::BAD_REQUEST, "text too long for a QR code").into_response();
    }
    match qrcode::QrCode::new(q.text.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(256, 256)
                .quiet_zone(true)
                .build();
            ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            format!("cannot make a QR code: {e}"),
        )
            .into_response(),
    }
}

async fn websocket(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    headers: HeaderMap,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:8080")
        .to_string();
    let base_url = format!("http://{host}");
    let tasks = state.tasks.clone();
    let ip = super::limits::client_ip(state.config.behind_proxy, conn.peer.ip(), &headers);
    let outbox = conn.outbox;
    // A wrong key counts as a guess; the socket still opens, as a player's.
    let host_key = state.auth.check(ip, &headers) == super::auth::Verdict::Host;
    // A little headroom over the protocol's limit, so we can answer 1009 ourselves.
    // tungstenite zero-fills its whole read buffer (128 KiB by default) on the first read,
    // which made each connection cost ~130 KiB of RSS; clients send small messages, and
    // the buffer still grows for a larger frame.
    ws.read_buffer_size(4 * 1024)
        .max_message_size(session::MAX_MESSAGE_BYTES * 4)
        .max_frame_size(session::MAX_MESSAGE_BYTES * 4)
        .on_upgrade(move |socket| async move {
            tasks
                .track_future(session::run(socket, outbox, state, ip, base_url, host_key))
                .await
        })
}

/// Images and other files beside a pack, e.g. `/packs/la-la-land/images/dress.jpg`.
async fn pack_file(
    State(state): State<AppState>,
    Path((id, path)): Path<(String, String)>,
) -> Response {
    let Some(pack) = state.packs.get(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(base) = pack.base_dir.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only plain relative paths: no "..", no absolute paths.
    let safe = std::path::Path::new(&path)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !safe {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(base.join(&path)).await {
        Ok(bytes) => {
            let mime = mime_guess::from_path(&path).first_or_octet_stream();
            ([(header::CONTENT_TYPE, mime.to_string())], bytes).into_response()
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The pages only the host may open (their scripts are public; what they show is not).
const HOST_PAGES: &[&str] = &[
    "host",
    "host.html",
    "results",
    "results.html",
    "host/packs",
    "host/edit",
    "packs.html",
    "editor.html",
];

async fn static_file(
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let page = uri.path().trim_start_matches('/');
    if HOST_PAGES.contains(&page) {
        let ip = super::limits::client_ip(state.config.behind_proxy, conn.peer.ip(), &headers);
        let verdict = state.auth.check(ip, &headers);
        if verdict != super::auth::Verdict::Host {
            return super::auth::refusal(verdict, true);
        }
    }
    let path = match page {
        "" => "index.html",
        "host" => "host.html",
        "results" => "results.html",
        "host/packs" => "packs.html",
        "host/edit" => "editor.html",
        other => other,
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let headers = [
        (header::CONTENT_TYPE, mime.to_string()),
        (header::CACHE_CONTROL, "no-cache".to_string()),
    ];
    if let Some(dir) = &state.config.web_dir {
        let safe = std::path::Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if safe {
            if let Ok(bytes) = tokio::fs::read(dir.join(path)).await {
                return (headers, bytes).into_response();
            }
        }
        return StatusCode::NOT_FOUND.into_response();
    }
    match WebAssets::get(path) {
        Some(file) => (headers, file.data.into_owned()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
