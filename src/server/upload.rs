//! `POST /api/packs`: a host uploads a pack file; it is checked like `quiznight check`,
//! saved into the packs folder and offered at once.
//!
//! The body is the file itself (TOML or JSON, at most [`MAX_UPLOAD_BYTES`]); the file
//! name comes from `?name=` or the `X-Pack-Name` header and gives the pack's format and
//! the readable part of its id, which the server always prefixes with [`UPLOAD_PREFIX`]:
//! an upload can never take a bundled pack's id, and `GET /api/packs` lists bundled
//! packs first, so the host page never preselects an upload. Uploads are checked one at
//! a time on a blocking thread (never on the async workers), limited per address per
//! hour and by a budget of uploaded packs (`--uploads-per-ip`, `--max-uploaded-packs`).
//! Answers: 201 with the pack's info and warnings; 200 when the very same pack is
//! already there; 400 with `{errors, warnings}`; 413 when too large; 429 over the rate.

use super::http::PackInfo;
use super::outbox::ConnInfo;
use super::AppState;
use crate::pack::load::{check_text, is_json, PackError};
use crate::pack::LoadedPack;
use axum::body::Body;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// The largest pack file a host may upload.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;
/// The most packs a server offers; uploads beyond it are refused.
pub const MAX_PACKS: usize = 500;

/// The start of every uploaded pack's id.
pub const UPLOAD_PREFIX: &str = "upload-";

/// True for a pack that came in through an upload (by its id).
pub fn is_uploaded(id: &str) -> bool {
    id.starts_with(UPLOAD_PREFIX)
}

/// Uploads are rare; one at a time keeps two of them from taking the same id, and
/// bounds the CPU that checking them takes.
static UPLOADS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    /// The file name, e.g. `pub-quiz.toml`.
    name: Option<String>,
}

/// One problem, as the host page shows it.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl From<&PackError> for Problem {
    fn from(e: &PackError) -> Self {
        Self {
            line: e.line,
            column: e.column,
            message: e.message.clone(),
        }
    }
}

/// The answer to a refused upload.
#[derive(Debug, Serialize, Deserialize)]
pub struct Refused {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// The answer to an accepted upload.
#[derive(Debug, Serialize, Deserialize)]
pub struct Accepted {
    #[serde(flatten)]
    pub pack: PackInfo,
    pub warnings: Vec<Problem>,
    /// True when the same pack was already there (nothing was written).
    pub existing: bool,
}

fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    let body = Refused {
        errors: vec![Problem {
            line: None,
            column: None,
            message: message.into(),
        }],
        warnings: Vec::new(),
    };
    (status, Json(body)).into_response()
}

/// `POST /api/packs?name=FILE`: check, save and offer an uploaded pack.
pub async fn upload_pack(
    _host: super::auth::HostOnly,
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let ip = super::limits::client_ip(state.config.behind_proxy, conn.peer.ip(), &headers);
    if !state.ip_limits.upload(ip) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "more than {} uploads from this address in the last hour: try again later",
                state.config.limits.uploads_per_ip
            ),
        );
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_UPLOAD_BYTES).await else {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the file is larger than {} KiB: split it into several packs",
                MAX_UPLOAD_BYTES / 1024
            ),
        );
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let (line, column) = crate::pack::load::line_col(&good, good.len());
            let problem = Problem {
                line: Some(line),
                column: Some(column),
                message: "not UTF-8 text here: save the file as UTF-8".into(),
            };
            let refused = Refused {
                errors: vec![problem],
                warnings: Vec::new(),
            };
            return (StatusCode::BAD_REQUEST, Json(refused)).into_response();
        }
    };
    let name = query.name.or_else(|| {
        headers
            .get("x-pack-name")
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
    });
    let name = name.unwrap_or_default();
    let content_json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|t| t.contains("json"));
    let lower = name.to_ascii_lowercase();
    let json = if lower.ends_with(".json") || lower.ends_with(".toml") {
        lower.ends_with(".json")
    } else {
        content_json || is_json("", text)
    };
    let ext = if json { "json" } else { "toml" };
    let packs_dir = state.config.packs_dir.clone();
    let shown = if name.is_empty() {
        format!("upload.{ext}")
    } else {
        name.clone()
    };
    let _one_at_a_time = UPLOADS.lock().await;
    let report = {
        let (text, dir) = (text.to_string(), packs_dir.clone());
        let checked =
            tokio::task::spawn_blocking(move || check_text(&format!("x.{ext}"), &text, Some(&dir)));
        match checked.await {
            Ok(report) => report,
            Err(e) => {
                tracing::error!("checking an uploaded pack failed: {e}");
                return refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server could not check the pack",
                );
            }
        }
    };
    let warnings: Vec<Problem> = report.warnings.iter().map(Problem::from).collect();
    let Some(pack) = report.pack else {
        let refused = Refused {
            errors: report.errors.iter().map(Problem::from).collect(),
            warnings,
        };
        tracing::info!(file = %shown, errors = refused.errors.len(), "refused an uploaded pack");
        return (StatusCode::BAD_REQUEST, Json(refused)).into_response();
    };
    let stem = std::path::Path::new(&name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = match slug(&stem) {
        s if s.is_empty() => slug(&pack.title),
        s => s,
    };
    let base = if base.is_empty() {
        "pack".to_string()
    } else {
        base
    };
    let base = format!("{UPLOAD_PREFIX}{base}");

    let mut chosen = None;
    for n in 1..=100 {
        let id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if let Some(existing) = state.packs.get(&id) {
            if existing.pack == pack {
                let body = Accepted {
                    pack: PackInfo::of(&existing),
                    warnings,
                    existing: true,
                };
                return (StatusCode::OK, Json(body)).into_response();
            }
            continue;
        }
        // A file the server did not load (say, a broken one) still owns its name.
        let taken = ["toml", "json"]
            .iter()
            .any(|e| packs_dir.join(format!("{id}.{e}")).exists());
        if !taken {
            chosen = Some(id);
            break;
        }
    }
    let Some(id) = chosen else {
        return refuse(
            StatusCode::CONFLICT,
            format!("too many packs are called {base:?}: rename the file"),
        );
    };
    let packs = state.packs.list();
    let budget = state.config.limits.max_uploaded_packs;
    if packs.iter().filter(|p| is_uploaded(&p.id)).count() >= budget {
        return refuse(
            StatusCode::INSUFFICIENT_STORAGE,
            format!("this server already keeps {budget} uploaded packs: delete some in the pack editor first"),
        );
    }
    if packs.len() >= MAX_PACKS {
        return refuse(
            StatusCode::INSUFFICIENT_STORAGE,
            format!("this server already offers {MAX_PACKS} packs: remove some first"),
        );
    }
    let path = packs_dir.join(format!("{id}.{ext}"));
    let temp = packs_dir.join(format!(".{id}.{ext}.upload"));
    let saved = async {
        tokio::fs::create_dir_all(&packs_dir).await?;
        tokio::fs::write(&temp, &bytes).await?;
        // Renaming makes the file appear whole or not at all.
        tokio::fs::rename(&temp, &path).await
    }
    .await;
    if let Err(e) = saved {
        tracing::error!("cannot save an uploaded pack to {}: {e}", path.display());
        let _ = tokio::fs::remove_file(&temp).await;
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the server cannot save the pack: {e}"),
        );
    }
    let loaded = LoadedPack {
        id,
        pack,
        base_dir: Some(packs_dir),
    };
    let info = PackInfo::of(&loaded);
    tracing::info!(id = %loaded.id, file = %path.display(), questions = info.questions, "pack uploaded");
    state.packs.insert(loaded);
    let body = Accepted {
        pack: info,
        warnings,
        existing: false,
    };
    (StatusCode::CREATED, Json(body)).into_response()
}

/// A safe pack id: lower-case letters, digits and dashes, at most 60 characters.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_safe_ids() {
        assert_eq!(slug("Pub Quiz #3 (Ünïcode)"), "pub-quiz-3-n-code");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("..."), "");
    }
}
