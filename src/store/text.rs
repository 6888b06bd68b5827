//! Text forms for the full-text index: jieba words, character bigrams, FTS5 query
//! expressions and highlighted snippets.
//!
//! Each item is indexed twice in FTS5 (`unicode61` tokenizer, which splits on spaces):
//!
//! - `words`: jieba's words in search mode joined by spaces
//!   ([`Segmenter::search_tokens_joined`]: 人员超编 → `人员 超编 人员超编`), for ranking;
//! - `title`: the bigrams of the item's title alone, so that title matches rank higher;
//! - `grams`: every run of Chinese characters cut into overlapping character bigrams
//!   (会计核算 → `会计 计核 核算`), other letters and digits as whole words, for recall.
//!
//! A query term matches as a phrase in either column, so a term matches wherever its
//! characters occur in the text, even inside a longer jieba word (超编 in 人员超编), and
//! whole-word matches rank higher (bm25 weighs `words` more).

use crate::segment::Segmenter;

/// Characters that are part of a Chinese-character run (CJK ideographs and extensions).
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF | 0x3005 | 0x3007)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Han,
    Word,
    Separator,
}

fn class(c: char) -> Class {
    if is_han(c) {
        Class::Han
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Separator
    }
}

/// Splits `text` into runs of one class, separators dropped.
fn runs(text: &str) -> Vec<(Class, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = Class::Separator;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if k != current {
            if current != Class::Separator {
                out.push((current, &text[start..i]));
            }
            start = i;
            current = k;
        }
    }
    if current != Class::Separator {
        out.push((current, &text[start..]));
    }
    out
}

/// The bigram tokens of `text`, in order: a Chinese run of n ≥ 2 characters gives its n − 1
/// overlapping pairs, a single character stays alone, other letters and digits stay whole.
pub fn gram_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (class, run) in runs(text) {
        match class {
            Class::Han => {
                let idx: Vec<usize> = run
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([run.len()])
                    .collect();
                if idx.len() == 2 {
                    out.push(run);
                } else {
                    for w in idx.windows(3) {
                        out.push(&run[w[0]..w[2]]);
                    }
                }
            }
            Class::Word => out.push(run),
            Class::Separator => {}
        }
    }
    out
}

/// [`gram_tokens`] joined by spaces: the `grams` column of the index.
pub fn grams(text: &str) -> String {
    gram_tokens(text).join(" ")
}

/// A user's search text turned into an FTS5 expression.
#[derive(Debug, Clone, PartialEq)]
pub struct FtsQuery {
    /// The FTS5 MATCH expression; every term must match (AND).
    pub expression: String,
    /// The terms split at punctuation, longest first, for highlighting.
    pub needles: Vec<String>,
    /// Punctuation and FTS5 syntax characters found in the query (they separate terms)
    /// (quotes, `*`, parentheses, `-`, `:`), in order of first appearance.
    pub ignored: Vec<char>,
    /// FTS5 operator words in the query (`AND`, `OR`, `NOT`, `NEAR`), searched as words, in
    /// order of first appearance.
    pub operators: Vec<String>,
}

/// FTS5's operator words (upper case only, as in FTS5).
const OPERATORS: [&str; 4] = ["AND", "OR", "NOT", "NEAR"];

/// Builds the FTS5 expression for `query`: whitespace and punctuation separate terms, all of
/// which must match; each term matches as a phrase of its jieba words (`words` column) or of
/// its character bigrams (`grams` and `title` columns). Punctuation and FTS5 operators are
/// not syntax here: they separate terms (and are listed in [`FtsQuery::ignored`]), and words
/// such as `NEAR`, `OR` are searched as words (listed in [`FtsQuery::operators`]). Returns `None` when no term has a letter or digit.
pub fn fts_query(query: &str, segmenter: &Segmenter) -> Option<FtsQuery> {
    let mut parts = Vec::new();
    let mut needles = Vec::new();
    let mut ignored = Vec::new();
    let mut operators: Vec<String> = Vec::new();
    for c in query.chars() {
        if class(c) == Class::Separator && !c.is_whitespace() && !ignored.contains(&c) {
            ignored.push(c);
        }
    }
    for term in query.split(|c: char| class(c) == Class::Separator) {
        let runs = runs(term);
        if runs.is_empty() {
            continue;
        }
        if OPERATORS.contains(&term) && !operators.iter().any(|o| o == term) {
            operators.push(term.to_string());
        }
        needles.push(term.to_string());
        let words = segmenter.tokens_joined(term);
        let grams = gram_tokens(term);
        // A single Chinese character at the end of a term is the start of a bigram in the text.
        let prefix = matches!(runs.last(), Some((Class::Han, r)) if r.chars().count() == 1);
        let grams_phrase = format!(
            "{{grams title}} : \"{}\"{}",
            grams.join(" "),
            if prefix { " *" } else { "" }
        );
        if words.is_empty() {
            parts.push(format!("({grams_phrase})"));
        } else {
            parts.push(format!("(words : \"{words}\" OR {grams_phrase})"));
        }
    }
    if parts.is_empty() {
        return None;
    }
    needles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    needles.dedup();
    Some(FtsQuery {
        expression: parts.join(" AND "),
        needles,
        ignored,
        operators,
    })
}

/// Marks put around matched text in snippets.
pub const HIGHLIGHT: (&str, &str) = ("[", "]");

/// A one-line excerpt of `text` (newlines become spaces) of about `width` characters around
/// the first occurrence of any needle, every occurrence wrapped in [`HIGHLIGHT`] marks, with
/// `…` where the text is cut. ASCII letters match regardless of case. Without a match (or
/// needles), the start of the text.
pub fn snippet(text: &str, needles: &[String], width: usize) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let needles: Vec<Vec<char>> = needles
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().map(|c| c.to_ascii_lowercase()).collect())
        .collect();
    // Matched char ranges, longest needle first at each position, no overlaps.
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        match needles.iter().find(|n| lower[i..].starts_with(n)) {
            Some(n) => {
                marks.push((i, i + n.len()));
                i += n.len();
            }
            None => i += 1,
        }
    }
    let first = marks.first().map(|m| m.0).unwrap_or(0);
    let before = width / 4;
    let start = first.saturating_sub(before);
    let end = (start + width).min(chars.len());
    let start = end.saturating_sub(width).min(start);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut k = start;
    for &(a, b) in marks.iter().filter(|(a, b)| *b > start && *a < end) {
        let (a, b) = (a.max(start), b.min(end));
        out.extend(&chars[k..a]);
        out.push_str(HIGHLIGHT.0);
        out.extend(&chars[a..b]);
        out.push_str(HIGHLIGHT.1);
        k = b;
    }
    out.extend(&chars[k..end]);
    if end < chars.len() {
        out.push('…');
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dictionaries;

    #[test]
    fn bigrams_cover_every_pair_of_a_chinese_run() {
        assert_eq!(gram_tokens("人员超编"), ["人员", "员超", "超编"]);
        assert_eq!(
            gram_tokens("培育了41家，PPP项目"),
            ["培育", "育了", "41", "家", "PPP", "项目"]
        );
        assert_eq!(gram_tokens("“超”"), ["超"]);
        assert!(gram_tokens("（）——").is_empty());
    }

    #[test]
    fn query_terms_are_phrases_and_operators_are_words() {
        let seg = &Dictionaries::embedded().segmenter;
        let q = fts_query("超编", seg).unwrap();
        assert_eq!(
            q.expression,
            "(words : \"超编\" OR {grams title} : \"超编\")"
        );
        let q = fts_query("\"NEAR(会计核算*\" -x:y", seg).unwrap();
        assert_eq!(
            q.expression,
            "(words : \"NEAR\" OR {grams title} : \"NEAR\") \
             AND (words : \"会计核算\" OR {grams title} : \"会计 计核 核算\") \
             AND (words : \"x\" OR {grams title} : \"x\") AND (words : \"y\" OR {grams title} : \"y\")"
        );
        assert_eq!(q.ignored, ['"', '(', '*', '-', ':']);
        assert_eq!(q.operators, ["NEAR"]);
        let ops = fts_query("资金 OR 超编 or AND OR", seg).unwrap();
        assert_eq!(ops.operators, ["OR", "AND"]);
        assert_eq!(ops.ignored, Vec::<char>::new());
        assert_eq!(
            fts_query("超编", seg).unwrap().operators,
            Vec::<String>::new()
        );
        assert_eq!(q.needles, ["会计核算", "NEAR", "x", "y"]);
        assert_eq!(fts_query("  \"*()\" - : ", seg), None);
        let q = fts_query("41家", seg).unwrap();
        assert!(
            q.expression.contains("{grams title} : \"41 家\" *"),
            "{}",
            q.expression
        );
        assert_eq!(q.needles, ["41家"]);
    }

    #[test]
    fn snippet_highlights_every_match_in_a_window() {
        let text = "因任务负荷与人员编制不完全匹配，自聘了编外人员协助工作，导致人员超编，不符合部门编制要求。";
        let s = snippet(text, &["超编".to_string()], 12);
        assert!(s.contains("[超编]"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(
            s.chars()
                .filter(|c| *c != '[' && *c != ']' && *c != '…')
                .count(),
            12
        );
        let s = snippet("PPP项目\n资金 ppp", &["ppp".to_string()], 80);
        assert_eq!(s, "[PPP]项目 资金 [ppp]");
        assert_eq!(snippet("短文本", &[], 80), "短文本");
    }
}
