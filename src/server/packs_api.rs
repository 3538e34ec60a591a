//! The pack editor's API under `/api/editor/`, used by `/host/packs` and `/host/edit`.
//!
//! - Every check runs `pack::load::check_text`, the code behind `quiznight check`, so the
//!   browser shows the same rules and messages. A draft is checked as the pretty JSON of
//!   what the browser sent; each problem also carries the path of its field.
//! - Saves are atomic (a temp file in the same folder, fsync, rename) and carry the
//!   version (a hash of the file's bytes) the editor loaded: a stale version gets 409
//!   instead of overwriting an edit made in another tab or by hand.
//! - Bundled packs ([`BUNDLED`]) are read-only: duplicate one to edit it.
//! - Deleted packs are moved into `.deleted/` in the packs folder, never erased.
//! - Pictures are uploaded into `<packs>/media/<pack-id>/`, checked to be the image their
//!   extension says, and referenced as `image = "media/<pack-id>/<file>"`.

use super::upload::{slug, MAX_PACKS, MAX_UPLOAD_BYTES};
use super::AppState;
use crate::pack::import::{decode, import_bytes, is_zip, title_from_path, Format};
use crate::pack::load::{check_text, is_json, parse_pack, CheckReport, PackError};
use crate::pack::tree::{self, Step};
use crate::pack::{LoadedPack, Pack};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::PathBuf;

/// The ids of the packs shipped in `questions/`; they are read-only in the editor.
/// A test keeps this list equal to the folder.
pub const BUNDLED: &[&str] = &["la-la-land", "sample"];

/// The largest draft the editor may send (JSON is wordier than the TOML it becomes).
pub const MAX_DRAFT_BYTES: usize = 2 * MAX_UPLOAD_BYTES;

/// Saves, creations, duplicates and deletes one at a time, so a version check and the
/// write after it cannot interleave with another edit.
static EDITS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The editor's routes, every one behind the host key.
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/editor/packs", get(list).post(create))
        .route("/api/editor/packs/{id}", get(open).put(save).delete(remove))
        .route("/api/editor/packs/{id}/duplicate", post(duplicate))
        .route("/api/editor/packs/{id}/download", get(download))
        .route(
            "/api/editor/packs/{id}/media",
            get(media_file).post(upload_media),
        )
        .route("/api/editor/validate", post(validate))
        .route("/api/editor/import", post(import))
        .route_layer(axum::middleware::from_extractor_with_state::<
            super::auth::HostOnly,
            AppState,
        >(state))
}

/// Is this pack one of those shipped with quiznight?
pub fn is_bundled(id: &str) -> bool {
    BUNDLED.contains(&id)
}

/// One row of `GET /api/editor/packs`.
#[derive(Debug, Serialize, Deserialize)]
pub struct LibraryEntry {
    pub id: String,
    pub title: String,
    pub questions: usize,
    /// Round names, in order.
    pub rounds: Vec<String>,
    /// Last change of the file, in seconds since 1970 (None when unknown).
    pub updated: Option<u64>,
    pub bundled: bool,
    /// "toml" or "json".
    pub format: String,
}

/// One problem found by the checks, placed in the file and in the pack.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// Keys and indices down to the field, e.g. `["rounds", 0, "questions", 2, "answer"]`.
    pub path: serde_json::Value,
    /// "round 1, question 3", or "" for the pack itself.
    pub place: String,
}

/// The answer to `POST /api/editor/validate`, and the body of a refused save.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Checked {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Set when the request itself was refused (not a problem in the pack).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The file's version now, on a 409.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// The answer to `GET /api/editor/packs/{id}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Opened {
    pub id: String,
    pub pack: Pack,
    /// Send it back with the save; a save from an older version is refused with 409.
    pub version: String,
    pub bundled: bool,
    pub format: String,
}

/// The body of a save or a creation.
#[derive(Debug, Deserialize)]
pub struct SaveBody {
    pub pack: serde_json::Value,
    /// The version the edit started from (required to save over an existing pack).
    #[serde(default)]
    pub version: Option<String>,
}

/// The answer to an accepted save, creation or duplicate.
#[derive(Debug, Serialize, Deserialize)]
pub struct Saved {
    pub id: String,
    pub version: String,
    pub warnings: Vec<Problem>,
}

/// The answer to `POST /api/editor/import`: a draft to edit, nothing is written.
#[derive(Debug, Serialize, Deserialize)]
pub struct ImportReport {
    /// "OpenTDB JSON", "Kahoot CSV", "Kahoot XLSX", "GIFT", "Aiken" or "quiznight pack".
    pub format: String,
    pub pack: Pack,
    /// "imported 12 questions, skipped 3" and the reasons.
    pub summary: String,
    pub skipped: Vec<SkippedQuestion>,
    pub warnings: Vec<String>,
}

/// A question an import could not keep.
#[derive(Debug, Serialize, Deserialize)]
pub struct SkippedQuestion {
    pub at: String,
    pub reason: String,
}

fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    let body = Checked {
        error: Some(message.into()),
        ..Default::default()
    };
    (status, Json(body)).into_response()
}

/// A version: FNV-1a of the file's bytes, so an edit by hand counts as well as a save.
pub fn version_of(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// An id from a URL is a plain file stem: no folders, no hidden files.
fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
}

/// The file holding pack `id`, and whether it is JSON.
fn file_of(state: &AppState, id: &str) -> Option<(PathBuf, bool)> {
    if !safe_id(id) {
        return None;
    }
    let dir = &state.config.packs_dir;
    [("toml", false), ("json", true)]
        .iter()
        .map(|(ext, json)| (dir.join(format!("{id}.{ext}")), *json))
        .find(|(p, _)| p.is_file())
}

/// The pack as file text in the documented format.
fn render(pack: &Pack, json: bool) -> anyhow::Result<String> {
    Ok(if json {
        serde_json::to_string_pretty(pack)? + "\n"
    } else {
        toml::to_string(pack)?
    })
}

/// Writes `bytes` to `path` whole or not at all: a temp file beside it, fsync, rename,
/// then fsync the folder so the rename itself survives a power cut.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden and without a pack extension, so the loader never reads a half-written one.
    let temp = dir.join(format!(".{name}.saving"));
    let result = (|| {
        std::fs::create_dir_all(dir)?;
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// "round 1, question 3" for a path.
fn place_of(path: &[Step]) -> String {
    let mut parts = Vec::new();
    for pair in path.windows(2) {
        if let [Step::Key(k), Step::Index(i)] = pair {
            match k.as_str() {
                "rounds" => parts.push(format!("round {}", i + 1)),
                "questions" => parts.push(format!("question {}", i + 1)),
                "choices" => parts.push(format!("choice {i}")),
                _ => {}
            }
        }
    }
    parts.join(", ")
}

/// Byte offset of a 1-based line and column (in characters) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Checks a draft exactly as `quiznight check` checks a file: the draft is written as
/// JSON, checked, and every problem is mapped back to the field it is about.
pub fn check_draft(
    draft: &serde_json::Value,
    base_dir: Option<&std::path::Path>,
) -> (Option<Pack>, Checked) {
    let text = serde_json::to_string_pretty(draft).unwrap_or_default();
    let report = check_text("draft.json", &text, base_dir);
    let tree = tree::from_json(&text).ok();
    let problem = |e: &PackError| {
        let path = match (&tree, e.line, e.column) {
            (Some(t), Some(l), Some(c)) => t.path_at(offset_of(&text, l, c)),
            _ => Vec::new(),
        };
        Problem {
            line: e.line,
            column: e.column,
            message: e.message.clone(),
            place: place_of(&path),
            path: serde_json::to_value(&path).unwrap_or_default(),
        }
    };
    let checked = Checked {
        errors: report.errors.iter().map(problem).collect(),
        warnings: report.warnings.iter().map(problem).collect(),
        ..Default::default()
    };
    (report.pack, checked)
}

/// Problems of a file we wrote or read (no path: they refer to the file's lines).
fn file_problems(errors: &[PackError]) -> Vec<Problem> {
    errors
        .iter()
        .map(|e| Problem {
            line: e.line,
            column: e.column,
            message: e.message.clone(),
            path: serde_json::Value::Array(Vec::new()),
            place: String::new(),
        })
        .collect()
}

async fn read_body(body: Body, limit: usize) -> Result<bytes::Bytes, Response> {
    use futures_util::StreamExt as _;
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "more than {} KiB: split it into several packs",
                limit / 1024
            ),
        )
    };
    let mut stream = body.into_data_stream();
    let mut kept = bytes::BytesMut::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return Err(too_large());
        };
        seen += chunk.len();
        if seen <= limit {
            kept.extend_from_slice(&chunk);
        } else if seen > limit.saturating_mul(DRAIN_FACTOR) {
            // Far too large: stop reading (the sender may see a reset; we owe it no more).
            return Err(too_large());
        }
        // Just too large: the rest is read and dropped, so the browser, still sending,
        // reads the 413 and its reason instead of a reset connection.
    }
    if seen > limit {
        return Err(too_large());
    }
    Ok(kept.freeze())
}

/// A body up to this many times the limit is read to its end before it is refused.
const DRAIN_FACTOR: usize = 4;

async fn read_save_body(body: Body) -> Result<SaveBody, Response> {
    let bytes = read_body(body, MAX_DRAFT_BYTES).await?;
    serde_json::from_slice(&bytes).map_err(|e| {
        refuse(
            StatusCode::BAD_REQUEST,
            format!("the request is not {{\"pack\": {{...}}, \"version\": \"...\"}}: {e}"),
        )
    })
}

/// `GET /api/editor/packs`: every pack the server offers, with what the list shows.
async fn list(State(state): State<AppState>) -> Json<Vec<LibraryEntry>> {
    let entries = state
        .packs
        .list()
        .iter()
        .map(|p| {
            let file = file_of(&state, &p.id);
            let updated = file
                .as_ref()
                .and_then(|(path, _)| std::fs::metadata(path).ok())
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs());
            LibraryEntry {
                id: p.id.clone(),
                title: p.pack.title.clone(),
                questions: p.pack.question_count(),
                rounds: p.pack.rounds.iter().map(|r| r.name.clone()).collect(),
                updated,
                bundled: is_bundled(&p.id),
                format: if file.is_some_and(|(_, json)| json) {
                    "json"
                } else {
                    "toml"
                }
                .into(),
            }
        })
        .collect();
    Json(entries)
}

/// Reads pack `id` from its file: the file's bytes, whether it is JSON, and its check.
async fn read_pack(state: &AppState, id: &str) -> Result<(Vec<u8>, bool, CheckReport), Response> {
    let Some((path, json)) = file_of(state, id) else {
        return Err(refuse(
            StatusCode::NOT_FOUND,
            format!("there is no pack {id:?}"),
        ));
    };
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let report = crate::pack::load::check_file(&path);
    Ok((bytes, json, report))
}

/// `GET /api/editor/packs/{id}`: the pack as the editor edits it, and its version.
async fn open(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let (bytes, json, report) = match read_pack(&state, &id).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let version = version_of(&bytes);
    match report.pack {
        Some(pack) => Json(Opened {
            bundled: is_bundled(&id),
            format: if json { "json" } else { "toml" }.into(),
            id,
            pack,
            version,
        })
        .into_response(),
        None => {
            let body = Checked {
                error: Some("the pack file has errors: fix them with `quiznight check`".into()),
                errors: file_problems(&report.errors),
                warnings: file_problems(&report.warnings),
                version: Some(version),
            };
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
    }
}

/// `POST /api/editor/validate`: the check messages for a draft `{"pack": {...}}`.
async fn validate(State(state): State<AppState>, body: Body) -> Response {
    let body = match read_save_body(body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let (_, checked) = check_draft(&body.pack, Some(&state.config.packs_dir));
    Json(checked).into_response()
}

/// Checks a draft, renders it and re-reads the rendered text, so what is written is
/// exactly what `quiznight check` accepts. Err is the response to send.
fn prepare(
    state: &AppState,
    draft: &serde_json::Value,
    json: bool,
) -> Result<(Pack, String, Vec<Problem>), Box<Response>> {
    let (pack, checked) = check_draft(draft, Some(&state.config.packs_dir));
    let Some(pack) = pack else {
        return Err(Box::new(
            (StatusCode::BAD_REQUEST, Json(checked)).into_response(),
        ));
    };
    let text = render(&pack, json).map_err(|e| {
        Box::new(refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the pack: {e}"),
        ))
    })?;
    let name = if json { "pack.json" } else { "pack.toml" };
    if let Err(e) = parse_pack(name, &text) {
        tracing::error!("the editor rendered a pack its own loader refuses: {e}");
        return Err(Box::new(refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the pack would not read back ({e}); nothing was saved"),
        )));
    }
    Ok((pack, text, checked.warnings))
}

/// Writes the pack file and offers the pack at once.
async fn store(
    state: &AppState,
    id: &str,
    json: bool,
    pack: Pack,
    text: String,
) -> Result<String, Response> {
    let dir = state.config.packs_dir.clone();
    let path = dir.join(format!("{id}.{}", if json { "json" } else { "toml" }));
    let written = {
        let path = path.clone();
        let text = text.clone();
        tokio::task::spawn_blocking(move || write_atomic(&path, text.as_bytes())).await
    };
    match written {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::error!("cannot save pack {}: {e}", path.display());
            return Err(refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the server cannot save the pack: {e}"),
            ));
        }
        Err(e) => {
            return Err(refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("saving failed: {e}"),
            ));
        }
    }
    state.packs.insert(LoadedPack {
        id: id.to_string(),
        pack,
        base_dir: Some(dir),
    });
    tracing::info!(id, file = %path.display(), "pack saved from the editor");
    Ok(version_of(text.as_bytes()))
}

/// A free id starting from `base`: not offered, and no file of that name.
fn free_id(state: &AppState, base: &str) -> Option<String> {
    let base = if base.is_empty() { "pack" } else { base };
    (1..=100)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| state.packs.get(id).is_none() && !is_bundled(id) && file_of(state, id).is_none())
}

fn too_many(state: &AppState) -> Option<Response> {
    (state.packs.list().len() >= MAX_PACKS).then(|| {
        refuse(
            StatusCode::INSUFFICIENT_STORAGE,
            format!("this server already offers {MAX_PACKS} packs: delete some first"),
        )
    })
}

/// `POST /api/editor/packs`: saves a new pack; its id comes from the title.
async fn create(State(state): State<AppState>, body: Body) -> Response {
    let body = match read_save_body(body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let (pack, text, warnings) = match prepare(&state, &body.pack, false) {
        Ok(p) => p,
        Err(response) => return *response,
    };
    let _one_at_a_time = EDITS.lock().await;
    if let Some(response) = too_many(&state) {
        return response;
    }
    let Some(id) = free_id(&state, &slug(&pack.title)) else {
        return refuse(
            StatusCode::CONFLICT,
            "too many packs have this title: change it",
        );
    };
    match store(&state, &id, false, pack, text).await {
        Ok(version) => (
            StatusCode::CREATED,
            Json(Saved {
                id,
                version,
                warnings,
            }),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// `PUT /api/editor/packs/{id}`: saves over a pack, if nobody changed it since `version`.
async fn save(State(state): State<AppState>, Path(id): Path<String>, body: Body) -> Response {
    if is_bundled(&id) {
        return refuse(
            StatusCode::FORBIDDEN,
            "bundled packs are read-only: duplicate it and edit the copy",
        );
    }
    let body = match read_save_body(body).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let _one_at_a_time = EDITS.lock().await;
    let Some((path, json)) = file_of(&state, &id) else {
        return refuse(
            StatusCode::NOT_FOUND,
            format!("there is no pack {id:?} (deleted meanwhile?): save it as a new pack"),
        );
    };
    let current = match tokio::fs::read(&path).await {
        Ok(bytes) => version_of(&bytes),
        Err(e) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot read {}: {e}", path.display()),
            )
        }
    };
    if body.version.as_deref() != Some(current.as_str()) {
        let checked = Checked {
            error: Some(
                "this pack was changed elsewhere (another tab, or its file) since you opened it: \
                 your changes are kept here; reload to see the other version, or save yours over it"
                    .into(),
            ),
            version: Some(current),
            ..Default::default()
        };
        return (StatusCode::CONFLICT, Json(checked)).into_response();
    }
    let (pack, text, warnings) = match prepare(&state, &body.pack, json) {
        Ok(p) => p,
        Err(response) => return *response,
    };
    match store(&state, &id, json, pack, text).await {
        Ok(version) => Json(Saved {
            id,
            version,
            warnings,
        })
        .into_response(),
        Err(response) => response,
    }
}

/// `POST /api/editor/packs/{id}/duplicate`: a copy titled "... (copy)", as a new TOML pack.
async fn duplicate(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let (_, _, report) = match read_pack(&state, &id).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let Some(mut pack) = report.pack else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the pack file has errors: fix them with `quiznight check`",
        );
    };
    pack.title = format!("{} (copy)", pack.title);
    let text = match render(&pack, false) {
        Ok(t) => t,
        Err(e) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot write the pack: {e}"),
            )
        }
    };
    let _one_at_a_time = EDITS.lock().await;
    if let Some(response) = too_many(&state) {
        return response;
    }
    let Some(new_id) = free_id(&state, &format!("{}-copy", slug(&id))) else {
        return refuse(
            StatusCode::CONFLICT,
            "too many copies of this pack: rename some",
        );
    };
    match store(&state, &new_id, false, pack, text).await {
        Ok(version) => (
            StatusCode::CREATED,
            Json(Saved {
                id: new_id,
                version,
                warnings: Vec::new(),
            }),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// `DELETE /api/editor/packs/{id}`: stops offering the pack and moves its file into
/// `.deleted/` (a host can bring it back by moving it out again).
async fn remove(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if is_bundled(&id) {
        return refuse(StatusCode::FORBIDDEN, "bundled packs cannot be deleted");
    }
    let _one_at_a_time = EDITS.lock().await;
    let Some((path, json)) = file_of(&state, &id) else {
        return refuse(StatusCode::NOT_FOUND, format!("there is no pack {id:?}"));
    };
    let trash = state.config.packs_dir.join(".deleted");
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let kept = trash.join(format!(
        "{id}.{stamp}.{}",
        if json { "json" } else { "toml" }
    ));
    let moved = async {
        tokio::fs::create_dir_all(&trash).await?;
        tokio::fs::rename(&path, &kept).await
    }
    .await;
    if let Err(e) = moved {
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot delete the pack: {e}"),
        );
    }
    state.packs.remove(&id);
    tracing::info!(id, kept = %kept.display(), "pack deleted from the editor");
    Json(serde_json::json!({ "deleted": id, "kept": kept.display().to_string() })).into_response()
}

#[derive(Debug, Deserialize)]
struct DownloadQuery {
    /// "toml" (the default) or "json".
    format: Option<String>,
}

/// `GET /api/editor/packs/{id}/download?format=toml|json`: the pack as a file.
async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let want_json = match q.format.as_deref() {
        None | Some("toml") => false,
        Some("json") => true,
        Some(other) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("format {other:?} is not toml or json"),
            )
        }
    };
    let (bytes, json, report) = match read_pack(&state, &id).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    // The file as it is when the format matches, so comments written by hand survive.
    let body = if json == want_json {
        bytes
    } else {
        let Some(pack) = report.pack else {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the pack file has errors: fix them with `quiznight check`",
            );
        };
        match render(&pack, want_json) {
            Ok(t) => t.into_bytes(),
            Err(e) => {
                return refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot write the pack: {e}"),
                )
            }
        }
    };
    let (ext, mime) = if want_json {
        ("json", "application/json")
    } else {
        ("toml", "application/toml")
    };
    let name = slug(&id);
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
struct ImportQuery {
    /// The dropped file's name: gives the title and, for .toml/.json, the format.
    name: Option<String>,
}

/// `POST /api/editor/import?name=FILE`: a file from another quiz tool (or our own
/// TOML/JSON) as a draft with the import report. Nothing is written until the host saves.
async fn import(
    State(state): State<AppState>,
    Query(q): Query<ImportQuery>,
    body: Body,
) -> Response {
    let bytes = match read_body(body, MAX_UPLOAD_BYTES).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    let name = q.name.unwrap_or_else(|| "import".into());
    let (text, decoded) = decode(&bytes);
    let lower = name.to_ascii_lowercase();
    let ours = !is_zip(&bytes)
        && (lower.ends_with(".toml")
            || (is_json(&name, &text) && Format::detect(&text).is_err())
            || (Format::detect(&text).is_err() && tree::from_toml(&text).is_ok()));
    if ours {
        let report = check_text(&name, &text, Some(&state.config.packs_dir));
        let Some(pack) = report.pack else {
            let body = Checked {
                error: Some(format!("{name} is a quiznight pack with errors:")),
                errors: file_problems(&report.errors),
                warnings: file_problems(&report.warnings),
                version: None,
            };
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        };
        let mut warnings: Vec<String> = decoded.into_iter().collect();
        warnings.extend(report.warnings.iter().map(|w| match w.line {
            Some(line) => format!("line {line}: {}", w.message),
            None => w.message.clone(),
        }));
        let report = ImportReport {
            format: "quiznight pack".into(),
            summary: format!("read {} questions", pack.question_count()),
            pack,
            skipped: Vec::new(),
            warnings,
        };
        return Json(report).into_response();
    }
    let title = title_from_path(std::path::Path::new(&name));
    match import_bytes(&bytes, None, &title) {
        Ok((format, imported)) => {
            let report = ImportReport {
                format: format.into(),
                summary: imported
                    .summary()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                skipped: imported
                    .skipped
                    .iter()
                    .map(|s| SkippedQuestion {
                        at: s.at.clone(),
                        reason: s.reason.clone(),
                    })
                    .collect(),
                warnings: imported.warnings,
                pack: imported.pack,
            };
            Json(report).into_response()
        }
        Err(e) => refuse(
            StatusCode::BAD_REQUEST,
            format!("cannot import {name}: {e}"),
        ),
    }
}

/// The largest picture the editor uploads.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Most pictures in one pack's media folder.
pub const MAX_IMAGES_PER_PACK: usize = 200;

/// The image extensions an uploaded picture may have, each with how its bytes start: a
/// stricter subset of what [`crate::pack::media::IMAGE_TYPES`] lets a pack serve (uploads are
/// sniffed, and SVG is refused since it can carry scripts).
const IMAGE_KINDS: &[(&str, &[u8])] = &[
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", b"\xff\xd8\xff"),
    ("jpeg", b"\xff\xd8\xff"),
    ("gif", b"GIF8"),
    ("webp", b"RIFF"),
];

/// Is `bytes` the image its extension `ext` says? (SVG is refused: it can hold scripts.)
fn is_image(ext: &str, bytes: &[u8]) -> bool {
    IMAGE_KINDS.iter().any(|(e, magic)| {
        *e == ext
            && bytes.starts_with(magic)
            && (ext != "webp" || bytes.get(8..12) == Some(b"WEBP"))
    })
}

#[derive(Debug, Deserialize)]
struct MediaPath {
    /// The question's `image` value, relative to the pack file.
    path: String,
}

/// `GET /api/editor/packs/{id}/media?path=media/<id>/x.png`: a picture beside a pack, for the
/// editor's preview. `/packs/...` serves only pictures the saved pack names; a draft's new
/// picture is not named yet, and the host may see any picture of their own packs.
async fn media_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<MediaPath>,
) -> Response {
    let (Some((file, _)), Some(rel), Some(mime)) = (
        file_of(&state, &id),
        crate::pack::media::normalized(&q.path),
        crate::pack::media::image_type(&q.path),
    ) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let dir = file.parent().map(PathBuf::from).unwrap_or_default();
    match tokio::fs::read(dir.join(rel)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct MediaQuery {
    /// The picture's file name; its extension must be an allowed image one.
    name: Option<String>,
}

/// `POST /api/editor/packs/{id}/media?name=FILE`: stores a picture for a saved pack and
/// answers 201 `{"image": "media/<id>/<file>"}`, the value for the question's `image`.
/// The same bytes uploaded twice give the same file; a different picture under a taken
/// name gets `-2`, `-3`, ...
async fn upload_media(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<MediaQuery>,
    body: Body,
) -> Response {
    // The picture is read before it is refused: a server that answers and closes while the
    // browser is still sending makes the browser see a reset connection, not the reason.
    let bytes = match read_body(body, MAX_IMAGE_BYTES).await {
        Ok(b) => b,
        Err(response) => return response,
    };
    if is_bundled(&id) {
        return refuse(
            StatusCode::FORBIDDEN,
            "bundled packs are read-only: duplicate it and edit the copy",
        );
    }
    if file_of(&state, &id).is_none() {
        return refuse(
            StatusCode::NOT_FOUND,
            format!("there is no pack {id:?}: save the pack before adding pictures"),
        );
    }
    let name = q.name.unwrap_or_default();
    let path = std::path::Path::new(&name);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !IMAGE_KINDS.iter().any(|(e, _)| *e == ext) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "{name:?} is not a picture quiznight shows: use a .png, .jpg, .gif or .webp file"
            ),
        );
    }
    if !is_image(&ext, &bytes) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("{name:?} is not really a .{ext} image (its content says otherwise)"),
        );
    }
    let stem = slug(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default(),
    );
    let stem = if stem.is_empty() {
        "picture".to_string()
    } else {
        stem
    };
    let folder = format!("media/{}", slug(&id));
    let dir = crate::pack::media::media_dir(&state.config.packs_dir, &slug(&id));
    let _one_at_a_time = EDITS.lock().await;
    let existing = std::fs::read_dir(&dir).map_or(0, |d| d.filter_map(Result::ok).count());
    let mut chosen = None;
    for n in 1..=MAX_IMAGES_PER_PACK {
        let file = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        match std::fs::read(dir.join(&file)) {
            Ok(old) if old == bytes => {
                chosen = Some((file, false));
                break;
            }
            Ok(_) => continue,
            Err(_) => {
                chosen = Some((file, true));
                break;
            }
        }
    }
    let Some((file, new)) = chosen else {
        return refuse(
            StatusCode::CONFLICT,
            "too many pictures of this name: rename it",
        );
    };
    if new {
        if existing >= MAX_IMAGES_PER_PACK {
            return refuse(
                StatusCode::INSUFFICIENT_STORAGE,
                format!("this pack already has {MAX_IMAGES_PER_PACK} pictures: remove some from {folder}/"),
            );
        }
        let target = dir.join(&file);
        let written = tokio::task::spawn_blocking(move || write_atomic(&target, &bytes)).await;
        if !matches!(written, Ok(Ok(()))) {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server cannot save the picture",
            );
        }
        tracing::info!(id, file, "picture uploaded from the editor");
    }
    (
        StatusCode::CREATED,
        Json(serde_json::json!({ "image": format!("{folder}/{file}") })),
    )
        .into_response()
}

/// Keeps the offset maths honest (line_col is the inverse of offset_of).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::load::line_col;

    #[test]
    fn offsets_and_line_columns_agree() {
        let text = "ab\nçd é\n\nxyz";
        for offset in text.char_indices().map(|(i, _)| i) {
            let (l, c) = line_col(text, offset);
            assert_eq!(offset_of(text, l, c), offset, "at {offset}");
        }
    }

    #[test]
    fn a_draft_problem_names_its_field() {
        let draft = serde_json::json!({
            "title": "T",
            "rounds": [{"name": "R", "questions": [
                {"text": "Q?", "choices": ["a", "b"], "answer": 0},
                {"text": "Q2?", "choices": ["a", "b"], "answer": 5},
            ]}],
        });
        let (pack, checked) = check_draft(&draft, None);
        assert!(pack.is_none());
        assert_eq!(checked.errors.len(), 1, "{checked:?}");
        let e = &checked.errors[0];
        assert!(
            e.message.contains("answer = 5 but there are 2 choices"),
            "{e:?}"
        );
        assert_eq!(
            e.path,
            serde_json::json!(["rounds", 0, "questions", 1, "answer"])
        );
        assert_eq!(e.place, "round 1, question 2");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, "old").unwrap();
        // A folder where the temp file would go makes the write fail before the rename.
        std::fs::create_dir(dir.path().join(".p.toml.saving")).unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        std::fs::remove_dir(dir.path().join(".p.toml.saving")).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temp file is left behind");
    }

    #[test]
    fn the_bundled_list_is_the_questions_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
        let mut ids: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("toml" | "json")
                )
            })
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .collect();
        ids.sort();
        assert_eq!(ids, BUNDLED, "add new bundled packs to BUNDLED");
    }
}
