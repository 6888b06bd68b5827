//! The total score (out of 100) and the grade.
//!
//! A report states its total in a labelled cell (评价分值 / 81.41), a narrative sentence
//! (项目总体评价得分为73.50分) or a flattened table row (合计 / 100 / 86.20, where 100 is the
//! weight). Sub-scores (决策指标得分15.20分, 指标分值20分) and the grade legend
//! 优(90-100分)、良(80-89分)… sit next to it and are not the answer. Candidates are ranked: a
//! qualified total (综合/总体/整体/最终 … 得分) first, then the score labels of
//! `fields.toml` in their order; ties go to the earliest.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::NormText;
use crate::report::Grade;

use super::fields::Found;

/// The score found, or a masked one (`(略)分`), with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreFound {
    /// The score (0–100), `None` when masked.
    pub value: Option<f64>,
    /// Byte span of the number (or mask) in the normalized text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
}

/// A number, a mask, or a weight-then-score table pair.
const NUMBER: &str = r"(?P<num>\d{1,3}(?:\.\d{1,3})?)(?P<pair>\s+(?P<second>\d{1,3}(?:\.\d{1,3})?))?|(?P<mask>[（(]\s*略\s*[)）]|略|[*＊×X]{1,4})";

static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:综合|总体|整体|最终|总)[\p{{Han}}]{{0,8}}?(?:得分|得|评分|总分)(?:为|是|：|:|达到|\s)*(?:{NUMBER})\s*分"
    ))
    .expect("valid regex")
});

/// The pattern "score label, then the number", for a list of labels (compiled once per
/// label list and cached).
fn label_pattern(labels: &[String]) -> std::sync::Arc<Regex> {
    static CACHE: LazyLock<std::sync::Mutex<Vec<(Vec<String>, std::sync::Arc<Regex>)>>> =
        LazyLock::new(|| std::sync::Mutex::new(Vec::new()));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, re)) = cache.iter().find(|(l, _)| l == labels) {
        return std::sync::Arc::clone(re);
    }
    let mut sorted: Vec<&String> = labels.iter().collect();
    sorted.sort_by_key(|l| std::cmp::Reverse(l.len()));
    let alternatives: Vec<String> = sorted.iter().map(|l| regex::escape(l)).collect();
    let pattern = format!(
        r"(?P<label>{})(?:[（(]分[)）])?(?:为|是|：|:|达到|\s)*(?:{NUMBER})(?P<unit>\s*分)?",
        if alternatives.is_empty() {
            "(?!)".to_string()
        } else {
            alternatives.join("|")
        }
    );
    // Labels are escaped, so the pattern is valid; an empty list matches nothing.
    let re = std::sync::Arc::new(
        Regex::new(&pattern).unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("valid regex")),
    );
    cache.push((labels.to_vec(), std::sync::Arc::clone(&re)));
    re
}

/// Whether a match of a generic total label (合计, 总计) is the total row of a score table:
/// the row starts a line or cell (not 人员经费合计), and it gives the weight 100 before the
/// score (合计 100 86.50), or the score with its unit (合计 86.5分), or a score-table header
/// (得分, 分值) stands in the lines above it. Budget and accounts tables have 合计 rows too.
fn score_table_total(caps: &regex::Captures<'_>, key: &str, table_headers: &[String]) -> bool {
    let Some(label) = caps.name("label") else {
        return false;
    };
    let before = key[..label.start()].chars().next_back();
    if before.is_some_and(|c| !(c.is_whitespace() || "|：:，。；".contains(c))) {
        return false;
    }
    let weight_first = caps
        .name("num")
        .zip(caps.name("second"))
        .is_some_and(|(n, _)| {
            n.as_str()
                .parse::<f64>()
                .is_ok_and(|v| (v - 100.0).abs() < 1e-9)
        });
    if weight_first || caps.name("unit").is_some() {
        return true;
    }
    let mut from = label.start().saturating_sub(TABLE_HEADER_WINDOW);
    while !key.is_char_boundary(from) {
        from += 1;
    }
    let above = &key[from..label.start()];
    table_headers.iter().any(|h| above.contains(h.as_str()))
}

/// How far above a total row (bytes) its table's header is looked for.
const TABLE_HEADER_WINDOW: usize = 3000;

/// Finds the total score. `totals` are the generic total labels among `labels`, accepted
/// only as the total row of a score table (see `score_table_total`), whose header has one
/// of `table_headers`.
pub fn find_score(
    text: &NormText,
    labels: &[String],
    totals: &[String],
    table_headers: &[String],
) -> Option<ScoreFound> {
    let key = &text.key;
    let mut best: Option<(usize, usize, ScoreFound)> = None; // (rank, pos, found)
    let mut consider = |rank: usize, pos: usize, found: ScoreFound| {
        if best.as_ref().is_none_or(|(r, p, _)| (rank, pos) < (*r, *p)) {
            best = Some((rank, pos, found));
        }
    };
    for caps in SCORE_AFTER_GRADE.captures_iter(key) {
        if let Some(f) = score_of(&caps, key) {
            consider(1, caps.get(0).map_or(0, |m| m.start()), f);
        }
    }
    for caps in BARE_SCORE.captures_iter(key) {
        if let Some(f) = score_of(&caps, key) {
            consider(labels.len() + 2, caps.get(0).map_or(0, |m| m.start()), f);
        }
    }
    for caps in QUALIFIED.captures_iter(key) {
        if let Some(f) = score_of(&caps, key) {
            consider(0, caps.get(0).map_or(0, |m| m.start()), f);
        }
    }
    let re = label_pattern(labels);
    for caps in re.captures_iter(key) {
        let whole = caps.get(0).expect("match");
        let label = caps.name("label").map_or("", |m| m.as_str());
        let rank = labels
            .iter()
            .position(|l| l == label)
            .unwrap_or(labels.len());
        if totals.iter().any(|t| t == label) && !score_table_total(&caps, key, table_headers) {
            continue;
        }
        if let Some(f) = score_of(&caps, key) {
            consider(rank + 1, whole.start(), f);
        }
    }
    best.map(|(_, _, f)| f)
}

fn score_of(caps: &regex::Captures<'_>, key: &str) -> Option<ScoreFound> {
    if let Some(m) = caps.name("mask") {
        return Some(ScoreFound {
            value: None,
            start: m.start(),
            end: m.end(),
        });
    }
    let num = caps.name("num").or_else(|| caps.name("num2"))?;
    // A number followed by % is a rate, not a score.
    let after = &key[caps.get(0)?.end()..];
    if after.trim_start().starts_with(['%', '％']) {
        return None;
    }
    let first: f64 = num.as_str().parse().ok()?;
    let (value, m) = match caps.name("second") {
        // "合计 100 86.20": the weight, then the score.
        Some(second) if (first - 100.0).abs() < 1e-9 => (second.as_str().parse().ok()?, second),
        _ => (first, num),
    };
    if key[m.end()..].starts_with(['%', '％']) || !(0.0..=100.0).contains(&value) {
        return None;
    }
    // A digit group of a larger amount (99,706,020 or 2,946.25) is not a score.
    if thousands_group_follows(&key[m.end()..]) {
        return None;
    }
    // The number must end there (not 80万元) and not be a band boundary (90分（含）以上).
    let tail = &key[m.end()..];
    let after_unit = tail.strip_prefix('分').unwrap_or(tail);
    // A table row read without cell breaks may glue the next label on: "81.41评价结论良";
    // a unit after the number means it is not a score (80万元, 12个).
    let ends = tail.is_empty()
        || tail
            .starts_with(|c: char| c == '分' || c.is_whitespace() || "，。；,;)）、".contains(c))
        || (crate::normalize::is_cjk(tail.chars().next().unwrap_or(' '))
            && !tail.starts_with(|c: char| {
                "万亿元千百人个户次项家件公米吨亩台辆所座名批天年月日倍余多条处场期份".contains(c)
            }));
    let boundary = after_unit.starts_with(['-', '－', '~', '～', '至', '到'])
        || ["（含", "(含", "以上", "以下", "及以上"]
            .iter()
            .any(|b| after_unit.starts_with(b));
    if !ends || boundary || key[..num.start()].ends_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Some(ScoreFound {
        value: Some(value),
        start: m.start(),
        end: m.end(),
    })
}

/// Whether `tail` continues a number with a thousands separator: `,706` or `，706`.
fn thousands_group_follows(tail: &str) -> bool {
    let Some(rest) = tail.strip_prefix([',', '，']) else {
        return false;
    };
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    digits == 3
}

static GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?P<label>等级|等次|结论|级别|评级|评价结果|自评结果|评定结果)(?:为|是|：|:|\s)*[“"「『]?(?P<grade>不合格|不及格|优秀|良好|合格|一般|中等|及格|较差|优|良|中|差|[ABCD](?:级|等)?)[”"」』]?|分\s*[（(](?P<after_score>优秀|良好|合格|不合格|优|良|中|差)[)）]|(?:属于|属|评为|评定为|定为)[“"「『]?(?P<rated>不合格|优秀|良好|合格|一般|中等|较差|优|良|中|差)[”"」』]?(?:等级|等次|级)?"#,
    )
    .expect("valid regex")
});

/// A score written with its grade: 良（84.6分）.
static SCORE_AFTER_GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:优秀|良好|合格|不合格|优|良|中|差)[”"」』]?\s*[（(]\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*分\s*[)）]"#)
        .expect("valid regex")
});

/// A bare 得分： label at a clause start (lowest rank: sub-scores use it too).
static BARE_SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\n，,。；;])\s*(?:(?:本项目|该项目|项目|本部门|该部门|部门|本单位|该单位)?(?:得分|分数|评分)\s*[：:]\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)(?P<unit>\s*分)?|(?:本项目|该项目|项目|本部门|该部门|部门|本单位|该单位)得分(?:为|是)?\s*(?P<num2>\d{1,3}(?:\.\d{1,3})?)\s*分)")
        .expect("valid regex")
});

/// Finds the grade as written: the grade statement nearest after the score (or the first,
/// when there is no score), skipping grade legends such as 优(90-100分).
pub fn find_grade(text: &NormText, score_pos: Option<usize>) -> Option<(Grade, Found)> {
    let key = &text.key;
    let mut found: Vec<(usize, Grade, Found)> = Vec::new();
    for caps in GRADE.captures_iter(key) {
        let Some(g) = caps
            .name("grade")
            .or_else(|| caps.name("after_score"))
            .or_else(|| caps.name("rated"))
        else {
            continue;
        };
        // A letter grade is a grade only right after its label, not inside a legend
        // such as A（优秀）B（良好）.
        if g.as_str().starts_with(|c: char| c.is_ascii_uppercase()) {
            let after = &key[g.end()..];
            if after.starts_with(|c: char| c.is_ascii_alphanumeric())
                || after.starts_with(['（', '('])
            {
                continue;
            }
        }
        let tail = &key[caps.get(0).expect("match").end()..];
        // A legend entry: 优(90-100分), 良（80分以上）, but not 良（84.6分）.
        let legend = tail.starts_with(['(', '（']) && {
            let inner: String = tail
                .chars()
                .skip(1)
                .take_while(|c| !matches!(c, ')' | '）'))
                .collect();
            inner.starts_with(|c: char| c.is_ascii_digit())
                && (inner.contains(['-', '－', '~', '～', '至'])
                    || inner.contains("以上")
                    || inner.contains("以下"))
        };
        // The grade word must end there: 中发现, 差异, 良性 are not grades.
        let next = key[g.end()..].chars().next();
        let word_ends =
            next.is_none_or(|c| !crate::normalize::is_cjk(c) || matches!(c, '级' | '等' | '次'));
        // A grade that qualifies a noun counts things: 绩效评级为“优”的项目4个.
        let after_quote = key[g.end()..]
            .trim_start_matches(['”', '"', '」', '』'])
            .trim_start();
        if legend || !word_ends || after_quote.starts_with('的') {
            continue;
        }
        let Some(grade) = Grade::parse(g.as_str()) else {
            continue;
        };
        let value = text.text[g.start()..g.end()].to_string();
        found.push((
            g.start(),
            grade,
            Found {
                value,
                start: g.start(),
                end: g.end(),
            },
        ));
    }
    let pick = match score_pos {
        Some(sp) => found
            .iter()
            .min_by_key(|(p, _, _)| if *p >= sp { *p - sp } else { (sp - *p) * 4 })
            .cloned(),
        None => found.first().cloned(),
    };
    pick.map(|(_, g, f)| (g, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        crate::Dictionaries::embedded()
            .fields
            .labels("score")
            .to_vec()
    }

    fn find(t: &NormText) -> Option<ScoreFound> {
        let f = &crate::Dictionaries::embedded().fields;
        find_score(t, &labels(), &f.score_totals, &f.score_table_headers)
    }

    fn score(s: &str) -> Option<f64> {
        find(&NormText::from_normalized(s.to_string())).and_then(|f| f.value)
    }

    fn grade(s: &str) -> Option<Grade> {
        let t = NormText::from_normalized(s.to_string());
        let sp = find(&t).map(|f| f.start);
        find_grade(&t, sp).map(|g| g.0)
    }

    #[test]
    fn labelled_and_narrative_scores() {
        assert_eq!(score("评价分值\n81.41\n评价结论\n良\n"), Some(81.41));
        assert_eq!(
            score(
                "经综合评价，项目总体评价得分为73.50分，评价等级为“中”。其中：决策指标得分15.20分"
            ),
            Some(73.5)
        );
        assert_eq!(
            score("自评得分:87.40分,评价等级:良。其中:产出指标分值50分,得分45.20分"),
            Some(87.4)
        );
        assert_eq!(score("自评总分(分)92.70\n"), Some(92.7));
        assert_eq!(score("经评价，项目得分84.2分，等级为良。"), Some(84.2));
        assert_eq!(score("评定等级：良好。评定得分：82.4分。"), Some(82.4));
        assert_eq!(
            score("经评价，该项目自评分为91分，评价等级为“优秀”。"),
            Some(91.0)
        );
        // With the grade, in quotes: 评价结论为“良好”（85.2分）.
        assert_eq!(score("综合评价结论为“良好”（85.2分）。"), Some(85.2));
        // A sub-indicator's score has no subject: not the total.
        assert_eq!(score("决策指标满分20分，得分18分。"), None);
    }

    #[test]
    fn table_weight_is_not_the_score() {
        assert_eq!(score("合计\n100\n86.20\n"), Some(86.2));
    }

    #[test]
    fn totals_of_other_tables_are_not_scores() {
        // Budget tables: amounts with thousands separators, named totals, no score header.
        assert_eq!(
            score("科目名称\n金额\n合计\n99,706,020\n88,537,451\n"),
            None
        );
        assert_eq!(
            score("本年收入合计\n2,946.25\n本年支出合计\n2,940.05\n"),
            None
        );
        assert_eq!(score("人员经费合计\n95.36\n公用经费合计\n10.23\n"), None);
        assert_eq!(score("项目\n金额\n合计\n95.36\n"), None);
        // A score table's total row, with its header above.
        assert_eq!(
            score("指标\n分值\n得分\n决策\n20\n18\n合计\n95.36\n"),
            Some(95.36)
        );
        assert_eq!(score("合计：86.5分\n"), Some(86.5));
    }

    #[test]
    fn grade_counts_are_not_the_grade() {
        let t = "平均得分99.43分（其中，绩效评级为“优”的项目4个；绩效评级为“良”\n的项目0个；绩效评级为“合格”的项目0个）";
        assert_eq!(grade(t), None);
        assert_eq!(grade("评价等级为“良”。"), Some(Grade::Good));
        assert_eq!(
            grade("项目自评总分95分，自评结果为“优”。"),
            Some(Grade::Excellent)
        );
        assert_eq!(
            grade("本次评价得分为73分，属于“中”等级。"),
            Some(Grade::Fair)
        );
        assert_eq!(grade("综合评定为“良好”等次。"), Some(Grade::Good));
        // Rated without quotes, or with 属 alone.
        assert_eq!(grade("最终得分85.60分，等级评定为良。"), Some(Grade::Good));
        assert_eq!(
            grade("该项目综合得分88.25分，属“良好”等次。"),
            Some(Grade::Good)
        );
        assert_eq!(grade("该项目被评为优秀教师培训基地。"), None);
        assert_eq!(grade("资金分配确定为差异化补助。"), None);
    }

    #[test]
    fn masked_score_is_none() {
        assert_eq!(score("综合得分(略)分，评价等级为“良”。"), None);
        assert!(find(&NormText::from_normalized("综合得分(略)分".into())).is_some());
    }

    #[test]
    fn grade_legend_is_not_the_grade() {
        let s = "绩效评价等级\n决策\n15\n12.60\n优(90-100分)、良(80-89分)\n综合评价得分86.20分，按照优(90-100分)、良(80-89分)的等级划分标准，评价等级为“良”。";
        assert_eq!(grade(s), Some(Grade::Good));
        assert_eq!(grade("绩效评价等级为“良好”"), Some(Grade::Good));
        assert_eq!(grade("评价结果中发现问题"), None);
    }
}
