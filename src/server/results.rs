//! The results API: past games as JSON, and one game's table as CSV (host key);
//! and a player's own view of a game they played (their player token).

use super::auth::HostOnly;
use super::AppState;
use crate::store::results::{game_detail, list_games, player_game, results_csv};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

/// Games listed when the client does not say how many.
const DEFAULT_LIMIT: usize = 100;
/// Most games one request may list.
const MAX_LIMIT: usize = 1000;
/// Longest a game's read waits for the results queued before it.
const FLUSH_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Query of `GET /api/games`.
#[derive(Deserialize)]
pub struct ListQuery {
    limit: Option<usize>,
}

/// `GET /api/games`: finished games, newest first.
pub async fn list(
    _host: HostOnly,
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Response {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    match state.store.read(move |c| Ok(list_games(c, limit)?)).await {
        Ok(games) => Json(games).into_response(),
        Err(e) => internal(e),
    }
}

/// `GET /api/games/{id}`: one finished game in full.
pub async fn detail(
    _host: HostOnly,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Response {
    // The host's final screen asks as soon as the game ends, when its results may still
    // be in the writer's queue: let what is queued land first (bounded: a failing disk
    // makes the writer retry for as long as it takes).
    let _ = tokio::time::timeout(FLUSH_WAIT, state.store.flush()).await;
    match state.store.read(move |c| game_detail(c, &id)).await {
        Ok(Some(game)) => Json(game).into_response(),
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

/// `GET /api/games/{id}/mine` with `Authorization: Bearer PLAYER_TOKEN`: the game
/// with only that player's row. Any other token gets 404, as does a wrong game id, so
/// a guess learns nothing about which games exist.
pub async fn mine(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return (StatusCode::UNAUTHORIZED, "this needs your player token").into_response();
    };
    match state.store.read(move |c| player_game(c, &id, &token)).await {
        Ok(Some(game)) => Json(game).into_response(),
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}

/// `GET /api/games/{id}/results.csv`: one row per player, best first.
pub async fn csv(
    _host: HostOnly,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Response {
    let found = state.store.read(move |c| game_detail(c, &id)).await;
    let game = match found {
        Ok(Some(game)) => game,
        Ok(None) => return not_found(),
        Err(e) => return internal(e),
    };
    match results_csv(&game) {
        Ok(text) => {
            // Game ids are our own hex; still, keep only safe characters in the header.
            let name: String = game
                .id
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"quiznight-{name}.csv\""),
                    ),
                ],
                text,
            )
                .into_response()
        }
        Err(e) => internal(e),
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no such game").into_response()
}

fn internal(e: anyhow::Error) -> Response {
    tracing::error!("results: {e:#}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "cannot read the saved games",
    )
        .into_response()
}
