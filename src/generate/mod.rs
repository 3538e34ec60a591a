//! The question generator: documents in, multiple-choice rounds out.
//!
//! The pipeline has one module per step (see docs/GENERATOR.md):
//! [`input`] reads files, [`clean`] repairs the text, [`sentences`] splits it,
//! [`rewrite`] turns long sentences into short statements,
//! [`spans`] finds typed answer spans, [`context`] learns the company each name keeps,
//! [`facts`] picks usable sentences and resolves the topic, [`questions`] phrases stems, [`distractors`] picks wrong choices,
//! [`rank`] ranks, de-duplicates and groups into rounds, [`quality`] checks the result.

pub mod clean;
pub mod context;
pub mod distractors;
pub mod facts;
pub mod input;
pub mod lexicon;
pub mod quality;
pub mod questions;
pub mod rank;
pub mod rewrite;
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
    /// Files or folders of .txt, .md, .html, .pdf or .docx documents.
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
    /// Candidates for a person to review (the browser editor): numbers that are no
    /// headline fact are offered too, after the rest, as the host picks what to keep.
    pub review: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            title: None,
            topic: None,
            count: 0,
            seed: 1,
            progress: false,
            review: false,
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
    /// The kept questions' texts, best first (the pack itself is ordered into rounds):
    /// the order a host reviews them in the browser.
    pub ranking: Vec<String>,
}

impl Report {
    fn drop(&mut self, why: &str) {
        *self.dropped.entry(why.to_string()).or_default() += 1;
    }

    /// Counts a drop and, with QN_DEBUG_DROPS set, prints what was dropped.
    fn drop_traced(&mut self, why: &str, text: &str) {
        debug_drop(why, text);
        self.drop(why);
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
///
/// With QN_DEBUG_DROPS=1 in the environment, prints why a sentence or question was
/// dropped (for tuning on real documents; never in tests).
pub(crate) fn debug_drop(why: &str, text: &str) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("QN_DEBUG_DROPS").is_some()) {
        eprintln!("drop [{why}] {text}");
    }
}

/// Documents are grouped by subject (all one subject with `--topic`): each subject gets its
/// own topic, distractor pools and rounds, so a footballer is never a wrong answer about a song.
pub fn generate(docs: &[Document], opts: &Options) -> anyhow::Result<(Pack, Report)> {
    let mut report = Report {
        documents: docs.len(),
        bytes: docs.iter().map(|d| d.text.len()).sum(),
        ..Report::default()
    };
    let groups = subjects(docs, opts);
    // Familiarity is judged over every document, as a player who read them all would.
    let all_docs = quality::Context::new(docs);
    let mut kept_all: Vec<(usize, rank::Kept)> = Vec::new();
    let mut topics = Vec::new();
    for (g, (topic, members)) in groups.iter().enumerate() {
        let group: Vec<Document> = members.iter().map(|&i| docs[i].clone()).collect();
        let group_opts = Options {
            topic: Some(topic.clone()).filter(|t| !t.is_empty()),
            count: 0,
            ..opts.clone()
        };
        let corpus = facts::Corpus::build(&group, &group_opts, &mut report);
        if corpus.facts.is_empty() {
            report.drop("a subject with no usable facts");
            continue;
        }
        let mut candidates = questions::build_all(&corpus, &mut report);
        report.candidates += candidates.len();
        rank::score_and_sort(&corpus, &mut candidates);
        let kept = distractors::attach_all(&corpus, candidates, &group_opts, &mut report);
        let bytes: Vec<usize> = group.iter().map(|d| d.text.len()).collect();
        let kept = rank::select(kept, &bytes, &all_docs, opts.review, &mut report);
        topics.push(corpus.topic.clone());
        kept_all.extend(kept.into_iter().map(|k| (g, k)));
    }
    if kept_all.is_empty() && report.facts == 0 {
        anyhow::bail!("no usable facts found in {} document(s)", docs.len());
    }
    // Best first across subjects for the shares and --count (a stable sort: deterministic).
    kept_all.sort_by(|a, b| {
        (a.1.filler)
            .cmp(&b.1.filler)
            .then(b.1.score.total_cmp(&a.1.score))
    });
    rank::trim_giveaways(&mut kept_all, |(_, k)| k, &all_docs, &mut report);
    if opts.count > 0 && kept_all.len() > opts.count {
        for _ in opts.count..kept_all.len() {
            report.drop("over --count");
        }
        kept_all.truncate(opts.count);
    }
    report.ranking = kept_all
        .iter()
        .map(|(_, k)| k.question.text.clone())
        .collect();
    let ctx = all_docs;
    let mut rounds = Vec::new();
    for (g, topic) in topics.iter().enumerate() {
        let kept: Vec<rank::Kept> = kept_all
            .iter()
            .filter(|(x, _)| *x == g)
            .map(|(_, k)| k.clone())
            .collect();
        let mut these = rank::into_rounds(kept, opts.seed, &mut report);
        if topics.len() > 1 {
            for r in &mut these {
                r.name = format!("{topic}: {}", r.name);
            }
        }
        rounds.extend(these);
    }
    let topic = topics.join(", ");
    let mut pack = Pack {
        title: opts
            .title
            .clone()
            .unwrap_or_else(|| format!("{topic}: the quiz")),
        description: Some(format!(
            "Generated by quiznight from {} document(s) about {topic}",
            docs.len(),
        )),
        author: Some("quiznight generate".into()),
        language: Some("en".into()),
        time_limit: Some(20),
        questions: Vec::new(),
        rounds,
    };
    pack.rounds.retain(|r| !r.questions.is_empty());
    distractors::balance_answer_positions(&mut pack);
    report.rounds = pack.rounds.len();
    report.topic = topic;
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

/// Groups documents by subject: (topic, document indices), in order of first document.
/// With `--topic` every document is about it; otherwise each document's subject is found
/// on its own (its file name when the text spells it, else its title line or most-mentioned
/// title or name) and documents with the same subject are joined.
fn subjects(docs: &[Document], opts: &Options) -> Vec<(String, Vec<usize>)> {
    if let Some(t) = &opts.topic {
        return vec![(t.clone(), (0..docs.len()).collect())];
    }
    if docs.len() == 1 {
        return vec![(name_topic(&docs[0]).unwrap_or_default(), vec![0])];
    }
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let topic = name_topic(d).unwrap_or_else(|| {
            let mut scratch = Report::default();
            let one = Options {
                progress: false,
                ..opts.clone()
            };
            facts::Corpus::build(std::slice::from_ref(d), &one, &mut scratch).topic
        });
        match groups
            .iter_mut()
            .find(|(t, _)| t.to_lowercase() == topic.to_lowercase())
        {
            Some((_, v)) => v.push(i),
            None => groups.push((topic, vec![i])),
        }
    }
    groups
}

/// The subject a file name gives ("the-wizard-of-oz.txt" -> "The Wizard of Oz"), written as
/// the text writes it most often, when the text does.
fn name_topic(doc: &Document) -> Option<String> {
    let stem = doc.name.rsplit('/').next()?.split('.').next()?;
    let wanted: String = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if wanted.len() < 3 || wanted.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let lower = doc.text.to_lowercase();
    let wl = wanted.to_lowercase();
    let mut variants: BTreeMap<String, usize> = BTreeMap::new();
    for (p, _) in lower.match_indices(&wl).take(10_000) {
        // Same byte length in lower case: only then are the offsets the same in the text.
        if lower.len() != doc.text.len() {
            break;
        }
        let before = doc.text[..p].chars().next_back();
        let after = doc.text[p + wl.len()..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric()) || after.is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let v = &doc.text[p..p + wl.len()];
        if v.starts_with(|c: char| c.is_uppercase()) && v != v.to_uppercase() {
            *variants.entry(v.to_string()).or_default() += 1;
        }
    }
    let best = variants
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    // "The Wizard of Oz" at a sentence start is "the Wizard of Oz" inside one: drop a leading article.
    Some(
        best.0
            .strip_prefix("The ")
            .filter(|_| wl.starts_with("the "))
            .map(|rest| {
                if doc.text.contains(&format!("The {rest}"))
                    && !doc.text.contains(&format!("the {rest}"))
                {
                    best.0.clone()
                } else {
                    rest.to_string()
                }
            })
            .unwrap_or(best.0),
    )
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
        anyhow::bail!("no .txt, .md, .html, .pdf or .docx documents found in the given paths");
    }
    let opts = Options {
        title: args.title,
        topic: args.topic,
        count: args.count,
        seed: args.seed,
        progress: !args.quiet,
        review: false,
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
