//! The question generator: documents in, multiple-choice rounds out.
//!
//! The pipeline has one module per step (see docs/GENERATOR.md):
//! [`input`] reads files, [`clean`] repairs the text, [`sentences`] splits it,
//! [`spans`] finds typed answer spans, [`facts`] picks usable sentences and resolves the
//! topic, [`questions`] phrases stems, [`distractors`] picks wrong choices,
//! [`rank`] ranks, de-duplicates and groups into rounds, [`quality`] checks the result.

pub mod clean;
pub mod distractors;
pub mod facts;
pub mod input;
pub mod lexicon;
pub mod quality;
pub mod questions;
pub mod rank;
pub mod sentences;
pub mod spans;

use crate::pack::model::Pack;
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

pub use input::Document;

/// Arguments of `quiznight generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Files or folders of .txt, .md or .html documents.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Where to write the pack (TOML); standard output when absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Pack title (default: the topic).
    #[arg(long)]
    pub title: Option<String>,
    /// What the documents are about; found automatically when absent.
    #[arg(long)]
    pub topic: Option<String>,
    /// Keep at most this many questions (0 = all that pass).
    #[arg(long, default_value_t = 0)]
    pub count: usize,
    /// Seed for every random choice: same inputs and seed, same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Do not print the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Refuse input files larger than this many megabytes.
    #[arg(long, env = "QUIZNIGHT_MAX_INPUT_MB", default_value_t = input::DEFAULT_MAX_INPUT_MB)]
    pub max_input_mb: u64,
}

/// What the generator needs besides the documents.
#[derive(Debug, Clone)]
pub struct Options {
    pub title: Option<String>,
    pub topic: Option<String>,
    /// Maximum number of questions, 0 for no limit.
    pub count: usize,
    pub seed: u64,
    /// Show a progress bar (only used on large inputs).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            title: None,
            topic: None,
            count: 0,
            seed: 1,
            progress: false,
        }
    }
}

/// What happened: how much went in, what came out, and why the rest was dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub documents: usize,
    pub bytes: usize,
    pub sentences: usize,
    /// Sentences that held at least one usable answer span.
    pub facts: usize,
    /// Candidate questions built from the facts.
    pub candidates: usize,
    pub questions: usize,
    /// Questions phrased as a real wh-question (not a blank, not true/false).
    pub wh_questions: usize,
    pub true_false: usize,
    /// Questions that pass every automatic check of [`quality::check_question`].
    pub passing: usize,
    pub rounds: usize,
    pub topic: String,
    /// Reason -> how many sentences or candidates were dropped for it.
    pub dropped: BTreeMap<String, usize>,
}

impl Report {
    fn drop(&mut self, why: &str) {
        *self.dropped.entry(why.to_string()).or_default() += 1;
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pct = |n: usize| {
            if self.questions == 0 {
                0.0
            } else {
                100.0 * n as f64 / self.questions as f64
            }
        };
        writeln!(f, "topic: {}", self.topic)?;
        writeln!(f, "documents: {} ({} bytes)", self.documents, self.bytes)?;
        writeln!(f, "sentences: {}", self.sentences)?;
        writeln!(f, "facts (sentences with an answer span): {}", self.facts)?;
        writeln!(f, "candidate questions: {}", self.candidates)?;
        writeln!(
            f,
            "questions kept: {} in {} rounds ({:.0}% wh-questions, {} true/false, {:.1}% pass the checks)",
            self.questions,
            self.rounds,
            pct(self.wh_questions),
            self.true_false,
            pct(self.passing)
        )?;
        writeln!(f, "dropped:")?;
        for (why, n) in &self.dropped {
            writeln!(f, "  {n:>6}  {why}")?;
        }
        Ok(())
    }
}

/// Turns cleaned documents into a pack; deterministic for the same documents and options.
pub fn generate(docs: &[Document], opts: &Options) -> anyhow::Result<(Pack, Report)> {
    let mut report = Report {
        documents: docs.len(),
        bytes: docs.iter().map(|d| d.text.len()).sum(),
        ..Report::default()
    };
    let corpus = facts::Corpus::build(docs, opts, &mut report);
    if corpus.facts.is_empty() {
        anyhow::bail!("no usable facts found in {} document(s)", docs.len());
    }
    let mut candidates = questions::build_all(&corpus, &mut report);
    report.candidates = candidates.len();
    rank::score_and_sort(&mut candidates);
    let kept = distractors::attach_all(&corpus, candidates, opts, &mut report);
    let ctx = quality::Context::new(docs);
    let rounds = rank::into_rounds(kept, opts.seed, &mut report);
    let mut pack = Pack {
        title: opts
            .title
            .clone()
            .unwrap_or_else(|| format!("{}: the quiz", corpus.topic)),
        description: Some(format!(
            "Generated by quiznight from {} document(s) about {}",
            docs.len(),
            corpus.topic
        )),
        author: Some("quiznight generate".into()),
        language: Some("en".into()),
        time_limit: Some(20),
        questions: Vec::new(),
        rounds,
    };
    pack.rounds.retain(|r| !r.questions.is_empty());
    report.rounds = pack.rounds.len();
    report.topic = corpus.topic.clone();
    for (_, q) in pack.all_questions() {
        report.questions += 1;
        if quality::check_question(q, &ctx).is_empty() {
            report.passing += 1;
        }
        if q.choices.len() == 2 {
            report.true_false += 1;
        } else if quality::is_wh_question(&q.text) {
            report.wh_questions += 1;
        }
    }
    if pack.question_count() == 0 {
        anyhow::bail!(
            "no question survived the checks ({} candidates)",
            report.candidates
        );
    }
    Ok((pack, report))
}

/// Serializes a pack as TOML, the bundled format.
pub fn to_toml(pack: &Pack) -> anyhow::Result<String> {
    toml::to_string(pack).context("serializing the pack")
}

/// Runs `quiznight generate`.
pub fn run_cli(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let docs =
        input::read_paths_limited(&args.paths, args.max_input_mb.saturating_mul(1024 * 1024))?;
    if docs.is_empty() {
        anyhow::bail!("no .txt, .md or .html documents found in the given paths");
    }
    let opts = Options {
        title: args.title,
        topic: args.topic,
        count: args.count,
        seed: args.seed,
        progress: !args.quiet,
    };
    let (pack, report) = generate(&docs, &opts)?;
    let text = to_toml(&pack)?;
    // Refuse to write a pack our own loader would refuse.
    crate::pack::load::parse_pack("generated.toml", &text)
        .map_err(|e| anyhow::anyhow!("generated pack is invalid: {e}"))?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?
        }
        None => print!("{text}"),
    }
    if !args.quiet {
        eprint!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
