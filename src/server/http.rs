//! The HTTP side: health, the packs API, QR codes, pack images, the web client, `/ws`.

use super::outbox::ConnInfo;
use super::{session, AppState};
use crate::pack::{media, LoadedPack};
use axum::extract::{ConnectInfo, Path, Query, State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rust_embed::RustEmbed;
use serde::{Deserialize, Serialize};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The web client, built into release binaries (read from disk in debug builds).
#[derive(RustEmbed)]
#[folder = "web/"]
struct WebAssets;

/// The routes of the server.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/api/packs",
            get(list_packs).post(super::upload::upload_pack),
        )
        .route("/api/games", get(super::results::list))
        .route("/api/games/{id}", get(super::results::detail))
        .route("/api/games/{id}/results.csv", get(super::results::csv))
        .route("/api/games/{id}/mine", get(super::results::mine))
        .route("/qr.svg", get(qr_svg))
        .route("/ws", get(websocket))
        .route("/packs/{id}/{*path}", get(pack_file))
        .merge(super::packs_api::routes(state.clone()))
        .merge(super::generate_api::routes(state.clone()))
        .fallback(get(static_file))
        // A request (body included) that takes longer is a slow sender, not a host.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(state.config.limits.request_timeout_secs.max(1)),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::auth::host_link,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::cross_site::refuse_cross_site,
        ));
    with_security_headers(routes).with_state(state)
}

/// The policy every page is served with: the web client loads only its own scripts and
/// styles (no inline ones), talks only to this server, and is never framed.
pub const PAGE_POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; \
    connect-src 'self' ws: wss:; style-src 'self'; script-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Headers on every response (a handler's own, such as an SVG's policy, win).
fn with_security_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let set =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    router
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::CONTENT_SECURITY_POLICY, PAGE_POLICY))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // The host link carries the key in its URL.
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
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

/// 200 "ok", or 503 with the reason while the store cannot write (a monitor's alarm).
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.health() {
        None => "ok".into_response(),
        Some(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("storage failing (changes are kept in memory and retried): {reason}"),
        )
            .into_response(),
    }
}

/// Every pack, the server's own first: the host page preselects the first, and that
/// must never be an upload.
async fn list_packs(State(state): State<AppState>) -> Json<Vec<PackInfo>> {
    let mut packs = state.packs.list();
    packs.sort_by_key(|p| super::upload::is_uploaded(&p.id));
    Json(packs.iter().map(|p| PackInfo::of(p)).collect())
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

/// A picture a question of the pack names, e.g. `/packs/la-la-land/images/dress.jpg`.
/// Nothing else beside a pack is served (the pack file is its answer key), and only
/// with an image type from the allow-list.
async fn pack_file(
    State(state): State<AppState>,
    Path((id, path)): Path<(String, String)>,
) -> Response {
    let not_found = || StatusCode::NOT_FOUND.into_response();
    let (Some(pack), Some(wanted)) = (state.packs.get(&id), media::normalized(&path)) else {
        return not_found();
    };
    let named = pack
        .pack
        .all_questions()
        .filter_map(|(_, q)| q.image.as_deref())
        .any(|img| media::normalized(img).as_deref() == Some(wanted.as_str()));
    let (true, Some(mime), Some(base)) = (named, media::image_type(&wanted), &pack.base_dir) else {
        return not_found();
    };
    let Ok(bytes) = tokio::fs::read(base.join(&wanted)).await else {
        return not_found();
    };
    let mut response = ([(header::CONTENT_TYPE, mime)], bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if mime == "image/svg+xml" {
        // An SVG opened on its own is a page: no scripts, no loads.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SVG_POLICY),
        );
    }
    response
}

/// The policy an uploaded SVG is served with.
pub const SVG_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/// The pages only the host may open (their scripts are public; what they show is not).
const HOST_PAGES: &[&str] = &[
    "host",
    "host.html",
    "results",
    "results.html",
    "host/packs",
    "host/edit",
    "host/generate",
    "packs.html",
    "editor.html",
    "generate.html",
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
        // A player's own result: the same page, its data by player token.
        "result" => "results.html",
        "host/packs" => "packs.html",
        "host/edit" => "editor.html",
        "host/generate" => "generate.html",
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
