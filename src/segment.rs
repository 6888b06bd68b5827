//! Chinese word segmentation: jieba with the domain user dictionary (`dictionaries/user.dict`).

use jieba_rs::{Jieba, KeywordExtract, TfIdf};

use crate::error::{Error, Result};

/// jieba plus its TF-IDF keyword extractor, built once per dictionary set.
pub struct Segmenter {
    jieba: Jieba,
    tfidf: TfIdf,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Segmenter {
    /// jieba's default dictionary plus `user_dict` (jieba format: `word freq [tag]` per line;
    /// give every word a frequency, as a word without one gets frequency 0 and no effect).
    ///
    /// # Errors
    /// [`Error::Dictionary`] for `user.dict` with the line that is malformed.
    pub fn new(user_dict: &str) -> Result<Segmenter> {
        let mut jieba = Jieba::new();
        for (i, line) in user_dict.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next().unwrap_or_default();
            let freq = match parts.next() {
                Some(f) => Some(f.parse::<usize>().map_err(|_| Error::Dictionary {
                    file: "user.dict".into(),
                    line: i + 1,
                    message: format!("frequency {f:?} of {word:?} is not a whole number"),
                })?),
                None => None,
            };
            jieba.add_word(word, freq, parts.next());
        }
        Ok(Segmenter {
            jieba,
            tfidf: TfIdf::default(),
        })
    }

    /// Words of `text` (precise mode, HMM on for unknown words).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// `text` segmented into words joined by single spaces, punctuation and whitespace
    /// dropped: the form stored in full-text indexes, so that FTS matches whole words.
    pub fn tokens_joined(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 2);
        for w in self.cut(text) {
            if w.chars().all(|c| c.is_alphanumeric()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
        }
        out
    }

    /// `text` in jieba's search mode, words joined by single spaces, punctuation dropped: each
    /// long word comes after the dictionary words inside it (人员超编 → `人员 超编 人员超编`),
    /// so a full-text index of this form finds a short word inside a longer one, while a
    /// query in [`Segmenter::tokens_joined`] form still matches whole words and phrases.
    pub fn search_tokens_joined(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * 3);
        for w in self
            .jieba
            .cut_for_search(text, true)
            .into_iter()
            .map(|t| t.word)
        {
            if w.chars().all(|c| c.is_alphanumeric()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
        }
        out
    }

    /// The `top_k` TF-IDF keywords of `text`, best first, skipping `stop_words`, numbers
    /// and single characters.
    pub fn keywords(
        &self,
        text: &str,
        top_k: usize,
        stop_words: &std::collections::BTreeSet<String>,
    ) -> Vec<String> {
        self.tfidf
            .extract_keywords(&self.jieba, text, top_k * 3 + 10, Vec::new())
            .into_iter()
            .map(|k| k.keyword)
            .filter(|k| {
                k.chars().count() >= 2
                    && !stop_words.contains(k)
                    && !k.chars().any(|c| c.is_ascii_digit())
            })
            .take(top_k)
            .collect()
    }
}
