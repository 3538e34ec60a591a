//! quiznight: a self-hosted quiz-night server that can write its own questions.
//!
//! Crate map (read this first):
//! - [`protocol`]: the WebSocket messages (`ClientMsg`, `ServerMsg`), ids and error codes.
//! - [`game`]: pure game rules: phases, scoring, ranking. No sockets, no tokio, no clock.
//! - [`pack`]: question packs: the model, loading TOML/JSON, checking, importers.
//! - [`generate`]: documents in, multiple-choice rounds out (`quiznight generate`).
//! - [`server`]: axum router, static files, `/ws` sessions, room actors, registry.
//! - [`store`]: SQLite persistence of finished games and running rooms.
//! - [`loadtest`]: a WebSocket load client (`quiznight loadtest`), never in the server.
#![forbid(unsafe_code)]

pub mod game;
pub mod generate;
pub mod loadtest;
pub mod pack;
pub mod protocol;
pub mod server;
pub mod store;
