//! The results API: past games as JSON, and one game's table as CSV.

use super::auth::HostOnly;
use super::AppState;
use crate::store::results::{game_detail, list_games, results_csv};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

/// Games listed when the client does not say how many.
const DEFAULT_LIMIT: usize = 100;
/// Most games one request may list.
const MAX_LIMIT: usize = 1000;

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
    match state.store.read(move |c| game_detail(c, &id)).await {
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
