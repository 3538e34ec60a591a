//! Question packs: the model ([`model`]), loading ([`load`]), the rules ([`rules`]) on
//! trees that remember positions ([`tree`]), which media may be served ([`media`]), `quiznight check` ([`check`]) and importers
//! from other quiz tools ([`import`]).
//!
//! The format is fixed by `../shared/PACKS.md` and documented in `docs/PACKS.md`.

pub mod check;
pub mod import;
pub mod load;
pub mod media;
pub mod model;
pub mod rules;
pub mod tree;

pub use load::{check_file, check_text, load_dir, load_file, CheckReport, PackError, PackLibrary};
pub use model::{LoadedPack, Pack, Question, Round, Source};
