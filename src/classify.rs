//! Stage 5, classify: problem categories (multi-label, `dictionaries/categories.toml`) and
//! report keywords (jieba TF-IDF).

use crate::dictionaries::Dictionaries;
use crate::normalize::{simplified, NormText};
use crate::report::Report;

/// How many keywords a report gets.
pub const KEYWORDS: usize = 10;

/// Sets each problem's categories and the report's keywords.
pub fn classify(report: &mut Report, text: &NormText, dictionaries: &Dictionaries) {
    for p in &mut report.problems {
        p.categories = categorize(&p.title, &p.text, dictionaries);
    }
    report.keywords =
        dictionaries
            .segmenter
            .keywords(&text.key, KEYWORDS, &dictionaries.stop_words);
}

/// The categories of a problem, best first: every category whose score reaches the
/// threshold, where a term found in the title adds twice its weight and one found only in
/// the text adds its weight; `["other"]` when none does.
///
/// # Examples
/// ```
/// let d = jixiao::Dictionaries::embedded();
/// let c = jixiao::classify::categorize("人员超编", "自聘了编外人员协助工作，导致人员超编。", &d);
/// assert_eq!(c.first().map(String::as_str), Some("staffing"));
/// ```
pub fn categorize(title: &str, text: &str, dictionaries: &Dictionaries) -> Vec<String> {
    let title = simplified(title);
    let text = simplified(text);
    let cats = &dictionaries.categories;
    let terms = &dictionaries.category_terms;
    let in_title = terms.set.present(&title);
    let in_text = terms.set.present(&text);
    let mut scored: Vec<(f64, usize, &str)> = Vec::new();
    for (i, (c, c_terms)) in cats.category.iter().zip(&terms.by_category).enumerate() {
        if c.id == "other" {
            continue;
        }
        let mut score = 0.0;
        for &(id, weight) in c_terms {
            if in_title[id] {
                score += 2.0 * weight;
            } else if in_text[id] {
                score += weight;
            }
        }
        if score >= cats.threshold {
            scored.push((score, i, c.id.as_str()));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    if scored.is_empty() {
        return vec!["other".to_string()];
    }
    scored
        .into_iter()
        .map(|(_, _, id)| id.to_string())
        .collect()
}
