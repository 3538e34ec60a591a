//! SQLite persistence of finished games and running rooms.
//!
//! (Being built: see the reliability issue.)
