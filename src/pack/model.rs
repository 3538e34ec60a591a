//! The pack model, shared by TOML and JSON files, the importers and the generator.
//!
//! Unknown fields are ignored here; `rules::check_shape` warns about them (with a
//! did-you-mean) so a typo never makes the server refuse a pack.

use serde::{Deserialize, Serialize};

/// A question pack as written in a file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Pack {
    /// Shown to the host when picking a pack.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// BCP 47 language tag; "en" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Default seconds per question for this pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<u32>,
    /// Questions outside any round.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Named rounds of questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
}

/// A named group of questions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Round {
    pub name: String,
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// Where a generated or imported question came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    pub document: String,
    pub sentence: String,
}

/// One multiple-choice question.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Question {
    pub text: String,
    pub choices: Vec<String>,
    /// The correct choice (0-based)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<usize>,
    /// ...or several correct choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<usize>>,
    /// Seconds for this question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<u32>,
    /// Point multiplier (2 = double points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// easy, medium or hard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// Shown at the reveal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Image path relative to the pack file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// What the image shows, for players who cannot see it (the img alt text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Question {
    /// The correct choice indices, from `answer` or `answers`.
    pub fn correct(&self) -> Vec<usize> {
        match (&self.answers, self.answer) {
            (Some(many), _) if !many.is_empty() => many.clone(),
            (_, Some(one)) => vec![one],
            _ => Vec::new(),
        }
    }
}

impl Pack {
    /// Every question with the name of its round (None for top-level questions).
    pub fn all_questions(&self) -> impl Iterator<Item = (Option<&str>, &Question)> {
        self.questions.iter().map(|q| (None, q)).chain(
            self.rounds
                .iter()
                .flat_map(|r| r.questions.iter().map(move |q| (Some(r.name.as_str()), q))),
        )
    }

    /// How many questions the pack holds.
    pub fn question_count(&self) -> usize {
        self.questions.len() + self.rounds.iter().map(|r| r.questions.len()).sum::<usize>()
    }
}

/// A pack that loaded and passed validation, with its id (the file name without extension).
#[derive(Debug, Clone)]
pub struct LoadedPack {
    pub id: String,
    pub pack: Pack,
    /// Folder the pack's relative image paths start from.
    pub base_dir: Option<std::path::PathBuf>,
}
