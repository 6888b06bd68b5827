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

#[cfg(test)]
mod tests {
    use super::categorize;
    use crate::Dictionaries;

    #[test]
    fn overpaid_subsidies_and_their_recovery_are_fund_management() {
        let d = Dictionaries::embedded();
        let c = categorize(
            "资金清算不到位",
            "多发津贴追回工作进展缓慢，截至评价时仍有1.3万元未追回。",
            &d,
        );
        assert_eq!(c.first().map(String::as_str), Some("fund_management"));
        let c = categorize(
            "补贴资金审核把关不严",
            "抽查的300名学员中有17人重复享受同一工种补贴。",
            &d,
        );
        assert!(c.iter().any(|x| x == "fund_management"), "{c:?}");
        let c = categorize(
            "对象动态管理不够及时",
            "死亡信息比对每季度开展一次，部分津贴在去世后继续发放。",
            &d,
        );
        assert!(c.iter().any(|x| x == "project_implementation"), "{c:?}");
        let c = categorize(
            "书屋开放时间得不到保障",
            "有11个书屋未按规定每周开放不少于5天。",
            &d,
        );
        assert!(c.iter().any(|x| x == "project_implementation"), "{c:?}");
    }

    #[test]
    fn low_operating_efficiency_is_an_outcome_problem() {
        let d = Dictionaries::embedded();
        let c = categorize(
            "部分线路运营效率偏低",
            "11条线路日均客运量不足300人次，车辆满载率低于15%。",
            &d,
        );
        assert_eq!(c, vec!["outputs_outcomes".to_string()]);
    }

    #[test]
    fn a_lax_eligibility_check_is_an_implementation_problem() {
        let d = Dictionaries::embedded();
        let c = categorize(
            "改造对象认定把关不严",
            "抽查发现7户改造对象家庭另有商品住房，仍享受了补助。",
            &d,
        );
        assert!(c.iter().any(|x| x == "project_implementation"), "{c:?}");
    }
}
