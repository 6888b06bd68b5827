//! Chinese word segmentation: jieba with the domain user dictionary (`dictionaries/user.dict`),
//! and TF-IDF keywords over jieba's words with the IDF table `dictionaries/idf.txt`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use jieba_rs::Jieba;

use crate::error::{Error, Result};

/// jieba plus the IDF table for keywords, built once per dictionary set.
pub struct Segmenter {
    jieba: Jieba,
    idf: IdfTable,
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
    /// [`Error::Dictionary`] for `user.dict` or `idf.txt` with the line that is malformed.
    /// `idf` is the IDF table (see [`IdfTable::new`]).
    pub fn new(user_dict: &str, idf: Cow<'static, str>) -> Result<Segmenter> {
        // The two tables are independent: the IDF table is indexed on a second thread while
        // jieba loads its dictionary, which shortens start-up where a second core is free.
        std::thread::scope(|scope| {
            let idf = scope.spawn(|| IdfTable::new(idf));
            let jieba = Self::jieba(user_dict);
            let idf = idf
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok(Segmenter {
                jieba: jieba?,
                idf: idf?,
            })
        })
    }

    fn jieba(user_dict: &str) -> Result<Jieba> {
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
        Ok(jieba)
    }

    /// Words of `text` (precise mode, HMM on for unknown words).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Words of `text` with their jieba part-of-speech tags (ICTCLAS letters: `d` adverb,
    /// `ad` adverbial adjective, `v` verb, `n` noun, …; `x` for unknown words).
    pub fn tagged<'a>(&'a self, text: &'a str) -> Vec<(&'a str, &'a str)> {
        self.jieba
            .tag(text, true)
            .into_iter()
            .map(|t| (t.word, t.tag))
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

    /// The `top_k` TF-IDF keywords of `text`, best first (ties in word order), skipping
    /// `stop_words` (also in lower case), numbers and single characters.
    ///
    /// A word's weight is its count among the words of `text` (jieba precise mode, no HMM,
    /// as jieba's own TF-IDF) times its IDF; a word missing from the table gets the table's
    /// median IDF, as in jieba.
    pub fn keywords(&self, text: &str, top_k: usize, stop_words: &BTreeSet<String>) -> Vec<String> {
        let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
        // Line by line: jieba never joins words across a line break, so the words are the
        // same, and the token list stays the size of a line, not of the whole report.
        for line in text.split_inclusive('\n') {
            for t in self.jieba.cut(line, false) {
                // Single characters (most tokens) are never keywords: skip them before hashing.
                if t.word.len() > 4 || t.word.chars().nth(1).is_some() {
                    *counts.entry(t.word).or_insert(0) += 1;
                }
            }
        }
        let mut weighted: Vec<(f64, &str)> = counts
            .into_iter()
            .map(|(w, n)| (f64::from(n) * self.idf.idf(w), w))
            .collect();
        let order =
            |a: &(f64, &str), b: &(f64, &str)| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1));
        let keep = |w: &str| {
            !w.chars().any(|c| c.is_ascii_digit())
                && !stop_words.contains(w)
                && !(w.chars().any(char::is_uppercase) && stop_words.contains(&w.to_lowercase()))
        };
        // Rank only the best few when they hold `top_k` keywords; the whole list otherwise.
        let few = 4 * top_k + 16;
        if weighted.len() > few {
            weighted.select_nth_unstable_by(few, order);
            let mut best = weighted[..few].to_vec();
            best.sort_unstable_by(order);
            if best.iter().filter(|(_, w)| keep(w)).count() >= top_k {
                weighted = best;
            } else {
                weighted.sort_unstable_by(order);
            }
        } else {
            weighted.sort_unstable_by(order);
        }
        weighted
            .into_iter()
            .filter(|(_, w)| keep(w))
            .take(top_k)
            .map(|(_, w)| w.to_string())
            .collect()
    }
}

/// An IDF table (`word idf` per line, jieba's `idf.txt` format), indexed in place: a hash
/// table of entry numbers over the words in the text, so loading copies no word.
pub struct IdfTable {
    text: Cow<'static, str>,
    /// Byte range of each entry's word and the IDF that follows it, in file order.
    entries: Vec<(u32, u32, f64)>,
    /// Entry numbers, hashed by word.
    index: HashTable<u32>,
    median: f64,
}

impl IdfTable {
    /// Indexes `text`: one `word idf` entry per line (blank lines and lines starting with
    /// `#` ignored). The median IDF (the lower median over all entries, as jieba computes
    /// it) stands for words missing from the table.
    ///
    /// # Errors
    /// [`Error::Dictionary`] (`idf.txt`) for a line without a word and a number, or a table
    /// larger than 4 GiB.
    pub fn new(text: Cow<'static, str>) -> Result<IdfTable> {
        let malformed = |line: usize, message: String| Error::Dictionary {
            file: "idf.txt".into(),
            line,
            message,
        };
        if u32::try_from(text.len()).is_err() {
            return Err(malformed(0, "table larger than 4 GiB".into()));
        }
        let mut entries = Vec::with_capacity(text.len() / 20);
        let mut at = 0;
        for (i, line) in text.split('\n').map(str::as_bytes).enumerate() {
            let line_start = at;
            at += line.len() + 1;
            let line = line.trim_ascii();
            if line.is_empty() || line[0] == b'#' {
                continue;
            }
            let shown = || String::from_utf8_lossy(line).into_owned();
            let Some(gap) = line.iter().position(u8::is_ascii_whitespace) else {
                return Err(malformed(
                    i + 1,
                    format!("expected `word idf`, found {:?}", shown()),
                ));
            };
            let value = line[gap..].trim_ascii();
            if value.iter().any(u8::is_ascii_whitespace) {
                return Err(malformed(
                    i + 1,
                    format!("expected `word idf`, found {:?}", shown()),
                ));
            }
            let idf = parse_decimal(value)
                .or_else(|| std::str::from_utf8(value).ok()?.parse().ok())
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    malformed(
                        i + 1,
                        format!("IDF in {:?} is not a number of zero or more", shown()),
                    )
                })?;
            // `line` was trimmed of ASCII bytes only, so the word starts on a char boundary.
            let word_start = line_start
                + (line.as_ptr() as usize - text.as_bytes()[line_start..].as_ptr() as usize);
            // In range: the text is under 4 GiB.
            entries.push((word_start as u32, (word_start + gap) as u32, idf));
        }
        let word = |i: u32| {
            let e: &(u32, u32, f64) = &entries[i as usize];
            &text[e.0 as usize..e.1 as usize]
        };
        let mut index = HashTable::with_capacity(entries.len());
        for i in 0..entries.len() as u32 {
            let w = word(i);
            let hash = FxBuildHasher.hash_one(w);
            match index.entry(
                hash,
                |&j| word(j) == w,
                |&j| FxBuildHasher.hash_one(word(j)),
            ) {
                // A word listed twice keeps its last IDF, as in jieba.
                hashbrown::hash_table::Entry::Occupied(mut o) => *o.get_mut() = i,
                hashbrown::hash_table::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
        let mut idfs: Vec<f64> = entries.iter().map(|e| e.2).collect();
        let median = if idfs.is_empty() {
            0.0
        } else {
            let mid = (idfs.len() - 1) / 2;
            *idfs.select_nth_unstable_by(mid, f64::total_cmp).1
        };
        Ok(IdfTable {
            text,
            entries,
            index,
            median,
        })
    }

    /// The IDF of `word`, or the median IDF when the table does not have it.
    pub fn idf(&self, word: &str) -> f64 {
        let entry = |i: u32| &self.entries[i as usize];
        self.index
            .find(FxBuildHasher.hash_one(word), |&i| {
                let e = entry(i);
                &self.text[e.0 as usize..e.1 as usize] == word
            })
            .map_or(self.median, |&i| entry(i).2)
    }

    /// How many entries the table has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// `digits[.digits]` as the nearest `f64` (the same value `str::parse` gives: both the
/// digits as an integer below 2^53 and the power of ten are exact, so one division rounds
/// once); `None` for any other form, which the caller parses the slow way.
fn parse_decimal(s: &[u8]) -> Option<f64> {
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let (mut mantissa, mut decimals, mut digits, mut dot) = (0u64, 0usize, 0, false);
    for &b in s {
        match b {
            b'0'..=b'9' if digits < 19 => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                decimals += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    (digits > 0 && mantissa < 1 << 53 && decimals < POWERS.len())
        .then(|| mantissa as f64 / POWERS[decimals])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_decimal_parse_gives_the_standard_value_for_every_embedded_idf() {
        let table = include_str!("../dictionaries/idf.txt");
        let mut checked = 0;
        for line in table.lines() {
            let value = line.split_whitespace().nth(1).unwrap();
            let fast = parse_decimal(value.as_bytes()).expect(value);
            assert_eq!(
                fast.to_bits(),
                value.parse::<f64>().unwrap().to_bits(),
                "{value}"
            );
            checked += 1;
        }
        assert!(checked > 250_000, "{checked}");
        assert_eq!(parse_decimal(b"1e5"), None);
        assert_eq!(parse_decimal(b"1.2.3"), None);
        assert_eq!(parse_decimal(b""), None);
        assert_eq!(parse_decimal(b"12345678901234567890"), None);
    }

    #[test]
    fn an_idf_table_may_be_unsorted_and_missing_words_get_the_median() {
        let t = IdfTable::new(Cow::Borrowed(
            "# comment\n超编 9.5\n资金 2.0\n\n绩效 1.0\n超编 11\n",
        ))
        .unwrap();
        assert_eq!(t.len(), 4);
        // A word listed twice keeps its last value.
        assert_eq!(t.idf("超编"), 11.0);
        assert_eq!(t.idf("资金"), 2.0);
        // Lower median of 9.5, 2.0, 1.0, 11 (duplicates counted, as jieba does): 2.0.
        assert_eq!(t.idf("没有的词"), 2.0);
    }

    #[test]
    fn a_malformed_idf_line_is_named() {
        let err = IdfTable::new(Cow::Borrowed("超编 9.5\n资金\n"))
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("idf.txt:2:"), "{err}");
        let err = IdfTable::new(Cow::Borrowed("超编 9.5\n资金 x1\n"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("not a number"), "{err}");
        let err = IdfTable::new(Cow::Borrowed("超编 9.5\n资金 -2\n"))
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("idf.txt:2:"), "{err}");
        let err = IdfTable::new(Cow::Borrowed("超编 9.5 3\n")).err().unwrap();
        assert!(err.to_string().starts_with("idf.txt:1:"), "{err}");
    }

    #[test]
    fn keywords_rank_by_count_times_idf_and_skip_stop_words_numbers_and_single_characters() {
        let seg = Segmenter::new("", Cow::Borrowed("超编 10\n资金 2\n编外人员 8\n")).unwrap();
        let stop: BTreeSet<String> = ["资金".to_string()].into();
        let text = "单位人员超编，超编人员3名。资金资金资金资金。编外人员较多。2023年";
        let k = seg.keywords(text, 10, &stop);
        assert_eq!(k.first().map(String::as_str), Some("超编"), "{k:?}");
        assert!(k.iter().any(|w| w == "编外人员"), "{k:?}");
        assert!(
            !k.iter()
                .any(|w| w == "资金" || w.contains("2023") || w.chars().count() < 2),
            "{k:?}"
        );
    }

    #[test]
    fn keywords_are_found_below_a_crowd_of_stop_words() {
        // 60 words; the 30 with the highest IDF are stop words, so the best-ranked few hold
        // no keyword and the whole list must be ranked.
        let words: Vec<String> = (0..60u8)
            .map(|i| {
                format!(
                    "w{}{}",
                    char::from(b'a' + i / 26),
                    char::from(b'a' + i % 26)
                )
            })
            .collect();
        let idf: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{w} {}\n", 100 - i))
            .collect();
        let seg = Segmenter::new("", Cow::Owned(idf)).unwrap();
        let stop: BTreeSet<String> = words[..30].iter().cloned().collect();
        let k = seg.keywords(&words.join(" "), 3, &stop);
        assert_eq!(k, words[30..33].to_vec());
        // With no stop words the best few are enough.
        let k = seg.keywords(&words.join(" "), 3, &BTreeSet::new());
        assert_eq!(k, words[..3].to_vec());
    }
}
