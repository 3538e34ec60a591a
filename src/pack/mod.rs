//! Question packs: the model ([`model`]), loading and validation ([`load`]).
//!
//! The format is fixed by `../shared/PACKS.md` and documented in `docs/PACKS.md`.

pub mod check;
pub mod import;
pub mod load;
pub mod model;

pub use load::{load_dir, load_file, PackError, PackLibrary};
pub use model::{LoadedPack, Pack, Question, Round, Source};
