//! Generating questions in the browser (`/host/generate`), behind the host key.
//!
//! - `POST /api/generate` takes the documents (JSON, each file base64) with an optional
//!   topic and count, and starts a job: the generator runs on a blocking thread
//!   (`spawn_blocking`), never on the runtime, one job at a time.
//! - `GET /api/generate/{job}` reports its progress and, once done, the candidates best
//!   first, each with its source sentence. Nothing is written: the browser saves the
//!   questions the host kept through the editor's atomic save (`POST /api/editor/packs`).

use super::AppState;
use crate::generate::{self, input::document_from_bytes, Options};
use crate::pack::model::Question;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Most documents in one job.
pub const MAX_FILES: usize = 10;
/// Most bytes of all documents together (before base64).
pub const MAX_TOTAL_BYTES: usize = 16 * 1024 * 1024;
/// Finished jobs kept for their page to read; older ones are forgotten.
const KEPT_JOBS: usize = 16;

/// One document as the browser sends it.
#[derive(Debug, Deserialize)]
pub struct UploadedFile {
    pub name: String,
    /// The file's bytes, base64.
    pub data: String,
}

/// The body of `POST /api/generate`.
#[derive(Debug, Deserialize)]
pub struct GenerateRequest {
    pub files: Vec<UploadedFile>,
    #[serde(default)]
    pub topic: Option<String>,
    /// At most this many questions (0 or absent: every one that passes).
    #[serde(default)]
    pub count: Option<usize>,
}

/// One generated question offered for review.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Candidate {
    /// The round the generator put it in.
    pub round: String,
    pub question: Question,
}

/// What `GET /api/generate/{job}` answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JobStatus {
    /// "running", "done" or "failed".
    pub state: String,
    /// 0 to 1.
    pub progress: f64,
    /// What it is doing now, for people.
    pub stage: String,
    /// Best first.
    pub candidates: Vec<Candidate>,
    /// A suggested title for the pack.
    pub title: String,
    pub warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A server's jobs by id, oldest first (kept in memory only).
#[derive(Debug, Default)]
pub struct Jobs(Mutex<Vec<(String, Arc<Mutex<JobStatus>>)>>);

/// The generator's routes, every one behind the host key.
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/generate", post(start))
        .route("/api/generate/{job}", get(status))
        .route_layer(axum::middleware::from_extractor_with_state::<
            super::auth::HostOnly,
            AppState,
        >(state))
}

fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    let body = JobStatus {
        state: "failed".into(),
        error: Some(message.into()),
        ..Default::default()
    };
    (status, Json(body)).into_response()
}

/// `POST /api/generate`: checks the upload and starts the job; 202 with its id.
async fn start(State(state): State<AppState>, body: Body) -> Response {
    // base64 is 4/3 of the bytes, plus the JSON around it.
    let limit = MAX_TOTAL_BYTES / 3 * 4 + 64 * 1024;
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the documents are over {} MiB together: send fewer or smaller ones",
                MAX_TOTAL_BYTES / (1024 * 1024)
            ),
        );
    };
    let request: GenerateRequest = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("the request is not {{\"files\": [{{\"name\", \"data\"}}], ...}}: {e}"),
            )
        }
    };
    if request.files.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "no documents: drop at least one");
    }
    if request.files.len() > MAX_FILES {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_FILES} documents at a time"),
        );
    }
    let mut files = Vec::with_capacity(request.files.len());
    for f in request.files {
        match base64::engine::general_purpose::STANDARD.decode(f.data.as_bytes()) {
            Ok(bytes) => files.push((f.name, bytes)),
            Err(_) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    format!("{}: the data is not base64", f.name),
                )
            }
        }
    }
    let job = Arc::new(Mutex::new(JobStatus {
        state: "running".into(),
        stage: "starting".into(),
        ..Default::default()
    }));
    let id = {
        let mut jobs = state
            .generate_jobs
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let busy = jobs
            .iter()
            .any(|(_, j)| j.lock().unwrap_or_else(|e| e.into_inner()).state == "running");
        if busy {
            return refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "another generation is running: wait for it to finish",
            );
        }
        let id = super::registry::new_token().0;
        jobs.push((id.clone(), job.clone()));
        let excess = jobs.len().saturating_sub(KEPT_JOBS);
        jobs.drain(..excess);
        id
    };
    let opts = Options {
        topic: request.topic.filter(|t| !t.trim().is_empty()),
        count: request.count.unwrap_or(0),
        review: true,
        ..Options::default()
    };
    tokio::task::spawn_blocking(move || run(&job, files, &opts));
    (StatusCode::ACCEPTED, Json(serde_json::json!({ "job": id }))).into_response()
}

/// The job itself, on a blocking thread: read each document, generate, rank.
fn run(job: &Mutex<JobStatus>, files: Vec<(String, Vec<u8>)>, opts: &Options) {
    let update = |f: &dyn Fn(&mut JobStatus)| f(&mut job.lock().unwrap_or_else(|e| e.into_inner()));
    let n = files.len();
    let mut docs = Vec::with_capacity(n);
    for (i, (name, bytes)) in files.iter().enumerate() {
        update(&|j| {
            j.stage = format!("reading {name}");
            j.progress = 0.4 * i as f64 / n as f64;
        });
        match document_from_bytes(name, bytes) {
            Ok((doc, note)) => {
                if let Some(note) = note {
                    update(&|j| j.warnings.push(format!("{name}: {note}")));
                }
                docs.push(doc);
            }
            Err(e) => {
                let message = format!("{name}: {e}");
                return update(&|j| {
                    j.state = "failed".into();
                    j.error = Some(message.clone());
                });
            }
        }
    }
    update(&|j| {
        j.stage = "writing questions".into();
        j.progress = 0.4;
    });
    match generate::generate(&docs, opts) {
        Ok((pack, report)) => {
            let candidates = best_first(&pack, &report.ranking);
            update(&|j| {
                j.state = "done".into();
                j.stage = format!("{} candidates", candidates.len());
                j.progress = 1.0;
                j.title = pack.title.clone();
                j.candidates = candidates.clone();
            });
        }
        Err(e) => {
            let message = format!("no questions: {e}");
            update(&|j| {
                j.state = "failed".into();
                j.error = Some(message.clone());
            });
        }
    }
}

/// The pack's questions in the generator's ranking, each with its round.
fn best_first(pack: &crate::pack::Pack, ranking: &[String]) -> Vec<Candidate> {
    let rank: HashMap<&str, usize> = ranking
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let mut out: Vec<Candidate> = pack
        .rounds
        .iter()
        .flat_map(|r| {
            r.questions.iter().map(|q| Candidate {
                round: r.name.clone(),
                question: q.clone(),
            })
        })
        .collect();
    // Unranked ones (none expected) go last, in pack order: the sort is stable.
    out.sort_by_key(|c| {
        rank.get(c.question.text.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    out
}

/// `GET /api/generate/{job}`: the job's progress, and its candidates once done.
async fn status(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let jobs = state
        .generate_jobs
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    match jobs.iter().find(|(j, _)| *j == id) {
        Some((_, job)) => {
            Json(job.lock().unwrap_or_else(|e| e.into_inner()).clone()).into_response()
        }
        None => refuse(
            StatusCode::NOT_FOUND,
            "no such job (the server restarted?): start again",
        ),
    }
}
