//! The company a name keeps: the words of the sentences that mention it, weighted so that
//! words every sentence uses count for little. Two names that keep the same company
//! (Warren Beatty and Faye Dunaway beside "envelope", "Best Picture") are of one fine kind,
//! and make better wrong answers for each other than two names that only share a role
//! family (Warren Beatty and Bob Dylan).

use std::collections::{BTreeMap, HashMap};

/// At most this many sentences per name are read (bounded: linear cost).
const SENTENCES_PER_NAME: usize = 40;

/// Words too common to tell two names apart.
const STOP: &[&str] = &[
    "the", "and", "was", "were", "with", "for", "that", "this", "from", "which", "who", "what",
    "his", "her", "their", "has", "had", "have", "are", "its", "into", "also", "been", "did",
    "does", "but", "not", "they", "she", "him", "them", "when", "where", "after", "before", "then",
    "than", "there", "other", "one", "two", "would", "could", "about", "over", "while",
];

/// Each name's weighted context words, unit length, for cosine similarity.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    by_name: HashMap<String, Vec<(String, f32)>>,
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
        .filter(|w| !STOP.contains(&w.as_str()))
}

impl Profiles {
    /// Profiles of `names`, each from the sentences `mentions` lists for it.
    pub fn build<'a>(
        sentences: &[&str],
        names: impl IntoIterator<Item = &'a String>,
        mentions: impl Fn(&str) -> Option<&'a Vec<usize>>,
    ) -> Profiles {
        let mut df: HashMap<String, u32> = HashMap::new();
        for s in sentences {
            let set: std::collections::BTreeSet<String> = words(s).collect();
            for w in set {
                *df.entry(w).or_default() += 1;
            }
        }
        let n = sentences.len().max(1) as f32;
        let mut by_name = HashMap::new();
        for name in names {
            if by_name.contains_key(name) {
                continue;
            }
            let Some(ids) = mentions(name) else { continue };
            let own: Vec<String> = words(name).collect();
            let mut tf: BTreeMap<String, f32> = BTreeMap::new();
            for &id in ids.iter().take(SENTENCES_PER_NAME) {
                let Some(s) = sentences.get(id) else { continue };
                for w in words(s) {
                    if !own.contains(&w) {
                        *tf.entry(w).or_default() += 1.0;
                    }
                }
            }
            let mut v: Vec<(String, f32)> = tf
                .into_iter()
                .map(|(w, t)| {
                    let idf = (n / *df.get(&w).unwrap_or(&1) as f32).ln();
                    (w, t.sqrt() * idf)
                })
                .filter(|(_, x)| *x > 0.0)
                .collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
                by_name.insert(name.clone(), v);
            }
        }
        Profiles { by_name }
    }

    /// Cosine similarity of two names' company, 0 when either is unknown.
    pub fn similarity(&self, a: &str, b: &str) -> f64 {
        let (Some(x), Some(y)) = (self.by_name.get(a), self.by_name.get(b)) else {
            return 0.0;
        };
        // Both are sorted by word: one merge pass.
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_same_company_are_closer_than_names_apart() {
        let sentences = [
            "Warren Beatty opened the envelope for Best Picture.",
            "Faye Dunaway read the envelope and announced Best Picture.",
            "Bob Dylan recorded an album of folk songs in New York.",
            "The envelope mix-up at the ceremony was the talk of the night.",
            "Folk songs filled the album.",
        ];
        let names: Vec<String> = ["Warren Beatty", "Faye Dunaway", "Bob Dylan"]
            .map(String::from)
            .to_vec();
        let index: HashMap<String, Vec<usize>> = [
            ("Warren Beatty".to_string(), vec![0]),
            ("Faye Dunaway".to_string(), vec![1]),
            ("Bob Dylan".to_string(), vec![2]),
        ]
        .into();
        let p = Profiles::build(&sentences, &names, |n| index.get(n));
        let near = p.similarity("Warren Beatty", "Faye Dunaway");
        let far = p.similarity("Warren Beatty", "Bob Dylan");
        assert!(near > 0.3, "{near}");
        assert_eq!(far, 0.0);
        assert_eq!(p.similarity("Warren Beatty", "Nobody"), 0.0);
    }
}
