//! A blind rating sheet for the question generator (docs/GENERATOR.md, "How it is measured").
//!
//!     cargo run --release --example rating_sheet -- --seed N --out /tmp/rating/sheet-N.md
//!
//! Generates the seeds pack (../shared/seeds, the bundled pack's command) and a pack from
//! ../shared/devdocs with the default settings, draws 20 questions uniformly at random from
//! each with the given seed (all of a set that has fewer), and writes a Markdown sheet numbered 1-40 in shuffled order with
//! only what a reader rates: question, choices, marked answer, source sentence. Which set each
//! number came from goes to a separate `FILE.key`, so the sheet itself stays blind.

use anyhow::Context as _;
use quiznight::generate::{self, Options};
use quiznight::pack::model::{Pack, Question};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::SeedableRng;
use std::path::{Path, PathBuf};

const PER_SET: usize = 20;

fn shared(dir: &str) -> anyhow::Result<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(dir);
    [local, PathBuf::from("/work/shared").join(dir)]
        .into_iter()
        .find(|p| p.is_dir())
        .with_context(|| format!("../shared/{dir} not found"))
}

fn pack_of(dir: &str, opts: &Options) -> anyhow::Result<Pack> {
    let docs = generate::input::read_paths(&[shared(dir)?])?;
    Ok(generate::generate(&docs, opts)?.0)
}

fn main() -> anyhow::Result<()> {
    let mut seed: Option<u64> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = Some(args.next().context("--seed N")?.parse()?),
            "--out" => out = Some(args.next().context("--out FILE")?.into()),
            other => anyhow::bail!("unknown argument {other:?} (usage: --seed N --out FILE)"),
        }
    }
    let (Some(seed), Some(out)) = (seed, out) else {
        anyhow::bail!("usage: rating_sheet --seed N --out FILE");
    };
    // The seeds pack exactly as bundled (docs/GENERATOR.md), the others with the defaults.
    let seeds = pack_of(
        "seeds",
        &Options {
            topic: Some("La La Land".into()),
            title: Some("La La Land".into()),
            seed: 2016,
            ..Options::default()
        },
    )?;
    let dev = pack_of("devdocs", &Options::default())?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut items: Vec<(&'static str, Question)> = Vec::new();
    for (set, pack) in [("seeds", &seeds), ("devdocs", &dev)] {
        let all: Vec<&Question> = pack.all_questions().map(|(_, q)| q).collect();
        anyhow::ensure!(!all.is_empty(), "the {set} pack has no questions");
        // A set of fewer than 20 is rated whole.
        for q in all.choose_multiple(&mut rng, PER_SET.min(all.len())) {
            items.push((set, (*q).clone()));
        }
    }
    items.shuffle(&mut rng);
    let mut sheet = String::from("# Quiz questions to rate\n\n");
    let mut key = String::new();
    for (i, (set, q)) in items.iter().enumerate() {
        let n = i + 1;
        sheet.push_str(&format!("## {n}\n\n**Question:** {}\n\n", q.text));
        for (j, c) in q.choices.iter().enumerate() {
            let letter = (b'A' + j as u8) as char;
            sheet.push_str(&format!("- {letter}) {c}\n"));
        }
        let marked = q
            .answer
            .map(|a| format!("{}) {}", (b'A' + a as u8) as char, q.choices[a]))
            .unwrap_or_else(|| "(none)".into());
        let source = q.source.as_ref().map_or("", |s| s.sentence.as_str());
        sheet.push_str(&format!(
            "\n**Marked answer:** {marked}\n\n**Source sentence:** {source}\n\n"
        ));
        key.push_str(&format!("{n} {set}\n"));
    }
    std::fs::write(&out, sheet).with_context(|| format!("writing {}", out.display()))?;
    let key_path = PathBuf::from(format!("{}.key", out.display()));
    std::fs::write(&key_path, key).with_context(|| format!("writing {}", key_path.display()))?;
    eprintln!("wrote {} and {}", out.display(), key_path.display());
    Ok(())
}
