//! The report record (JSON schema_version "1", see DESIGN.md): what extraction produces.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The schema version written in every record.
pub const SCHEMA_VERSION: &str = "1";

/// One extracted report. Every key is always serialized; unknown values are `null` or `[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Where the report came from.
    pub source: Source,
    /// Kind of document (结果反馈 / 评价报告 / 自评报告).
    pub doc_type: DocType,
    /// The document title line, e.g. "昌江区财政支出绩效评价结果反馈".
    pub title: Option<String>,
    /// The evaluated project (评价项目 / 项目名称).
    pub project: Option<String>,
    /// What was evaluated: a department's whole spending, a project, a policy.
    pub scope: Scope,
    /// Who organized or commissioned the evaluation (评价组织机构 / 委托单位).
    pub organizer: Option<String>,
    /// The competent department (项目主管部门 / 主管部门).
    pub department: Option<String>,
    /// The implementing or evaluated unit (项目单位名称 / 实施单位 / 被评价单位).
    pub unit: Option<String>,
    /// The administrative area, e.g. "昌江区".
    pub region: Option<String>,
    /// The period as written, e.g. "2023年度".
    pub period: Option<String>,
    /// The fiscal year evaluated, e.g. 2023 ("23年" means 2023).
    pub fiscal_year: Option<i32>,
    /// The evaluating firm or team (评价机构).
    pub evaluator: Option<String>,
    /// ISO date, as precise as written: "2024-08" or "2024-08-15".
    pub evaluation_date: Option<String>,
    /// Total score out of 100 (评价分值, 综合得分, 总得分, 自评得分).
    pub score: Option<f64>,
    /// Normalized grade.
    pub grade: Option<Grade>,
    /// The grade as written, e.g. "良好".
    pub grade_raw: Option<String>,
    /// The basic-situation text (项目基本情况).
    pub summary: Option<String>,
    /// Achievements (主要绩效 / 主要成效).
    pub achievements: Vec<Achievement>,
    /// Problems found (存在的问题).
    pub problems: Vec<Problem>,
    /// Suggestions (建议 / 整改意见).
    pub suggestions: Vec<Suggestion>,
    /// Top terms of the report (jieba TF-IDF, domain stop words removed).
    pub keywords: Vec<String>,
    /// Key (`"score"`, `"problems[2]"`) → span in the normalized text.
    pub provenance: BTreeMap<String, Span>,
    /// Human-readable warnings (grade disagrees with score band, no score found, …).
    pub warnings: Vec<String>,
}

/// Where a report came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The path as given (or `-` for standard input).
    pub path: String,
    /// Detected format: `txt`, `md`, `pdf`, `docx`, `html`.
    pub format: String,
    /// Text encoding used to decode it (`UTF-8`, `GB18030`, `UTF-16LE`, …); `null` for binary formats.
    pub encoding: Option<String>,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// File size in bytes.
    pub bytes: u64,
    /// Number of pages (1 for text formats).
    pub pages: usize,
    /// The PDF text backend that produced the text (`pdf_oxide`, `pdf-extract`, `pdftotext`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_backend: Option<String>,
}

/// Kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// 绩效评价结果反馈: the finance bureau's feedback to the evaluated unit.
    ResultFeedback,
    /// 绩效评价报告: a third-party or finance-bureau evaluation report.
    EvaluationReport,
    /// 绩效自评报告: the unit's own evaluation.
    SelfEvaluation,
    /// Not recognized.
    Unknown,
}

/// What was evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 部门整体支出: a department's whole spending.
    Department,
    /// 项目支出: one project or fund.
    Project,
    /// 政策: a policy.
    Policy,
    /// Not recognized.
    Unknown,
}

/// Normalized grade, after 财预〔2020〕10号 (项目支出绩效评价管理办法): 优 ≥ 90,
/// 良 80–<90, 中 60–<80, 差 < 60.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    /// 优 (优秀): 90–100.
    #[serde(rename = "优")]
    Excellent,
    /// 良 (良好): 80–<90.
    #[serde(rename = "良")]
    Good,
    /// 中 (合格, 一般, 中等): 60–<80.
    #[serde(rename = "中")]
    Fair,
    /// 差 (不合格, 较差): < 60.
    #[serde(rename = "差")]
    Poor,
}

impl Grade {
    /// The band a score (0–100) falls in, per 财预〔2020〕10号.
    pub fn from_score(score: f64) -> Grade {
        if score >= 90.0 {
            Grade::Excellent
        } else if score >= 80.0 {
            Grade::Good
        } else if score >= 60.0 {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }

    /// The one-character Chinese name: 优, 良, 中, 差.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    /// Parses a grade as written (优秀, 良好, 合格, 一般, 中, 不合格, 较差, 差, and the
    /// traditional 優/優秀), or `None` when it is not a grade word.
    pub fn parse(raw: &str) -> Option<Grade> {
        let s: String = raw
            .chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '“' | '”' | '"' | '「' | '」' | '级' | '級' | '等' | '次')
            })
            .collect();
        Some(match s.as_str() {
            "优" | "优秀" | "優" | "優秀" | "A" => Grade::Excellent,
            "良" | "良好" | "B" => Grade::Good,
            "中" | "中等" | "合格" | "一般" | "及格" | "C" => Grade::Fair,
            "差" | "较差" | "較差" | "不合格" | "不及格" | "D" => Grade::Poor,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An achievement (主要绩效 / 主要成效 item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Achievement {
    /// The item's heading phrase.
    pub title: String,
    /// The item's full text (title included when it ran into the text).
    pub text: String,
    /// Quantities mentioned in the text.
    pub figures: Vec<Figure>,
}

/// A quantity with its unit, e.g. 120万元.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The number, e.g. 120.0 (1000余元 → 1000).
    pub value: f64,
    /// The unit as written, e.g. "万元", "家", "%".
    pub unit: String,
    /// The phrase it came from.
    pub text: String,
}

/// A problem found by the evaluation (存在的问题 item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// The item's heading phrase, e.g. "人员超编".
    pub title: String,
    /// The item's text.
    pub text: String,
    /// Category ids from `dictionaries/categories.toml`, best first; `["other"]` when none fits.
    pub categories: Vec<String>,
}

/// A suggestion (建议 / 整改意见 item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The item's heading phrase.
    pub title: String,
    /// The item's text.
    pub text: String,
}

/// A span of the normalized text: char offsets `[start, end)` and the 1-based page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Start, in chars from the beginning of the normalized text.
    pub start: usize,
    /// End (exclusive), in chars.
    pub end: usize,
    /// 1-based page the span starts on.
    pub page: usize,
}

impl Report {
    /// An empty report for `source`: every field unknown.
    pub fn empty(source: Source) -> Report {
        Report {
            schema_version: SCHEMA_VERSION.to_string(),
            source,
            doc_type: DocType::Unknown,
            title: None,
            project: None,
            scope: Scope::Unknown,
            organizer: None,
            department: None,
            unit: None,
            region: None,
            period: None,
            fiscal_year: None,
            evaluator: None,
            evaluation_date: None,
            score: None,
            grade: None,
            grade_raw: None,
            summary: None,
            achievements: Vec::new(),
            problems: Vec::new(),
            suggestions: Vec::new(),
            keywords: Vec::new(),
            provenance: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bands_follow_cai_yu_2020_10() {
        assert_eq!(Grade::from_score(90.0), Grade::Excellent);
        assert_eq!(Grade::from_score(89.99), Grade::Good);
        assert_eq!(Grade::from_score(80.0), Grade::Good);
        assert_eq!(Grade::from_score(79.9), Grade::Fair);
        assert_eq!(Grade::from_score(60.0), Grade::Fair);
        assert_eq!(Grade::from_score(59.5), Grade::Poor);
    }

    #[test]
    fn grade_words_normalize() {
        assert_eq!(Grade::parse("优秀"), Some(Grade::Excellent));
        assert_eq!(Grade::parse("“良”"), Some(Grade::Good));
        assert_eq!(Grade::parse("合格"), Some(Grade::Fair));
        assert_eq!(Grade::parse("不合格"), Some(Grade::Poor));
        assert_eq!(Grade::parse("良好级"), Some(Grade::Good));
        assert_eq!(Grade::parse("科技"), None);
    }

    #[test]
    fn report_serializes_every_key() {
        let r = Report::empty(Source::default());
        let v = serde_json::to_value(&r).unwrap();
        for k in [
            "title",
            "score",
            "grade",
            "problems",
            "provenance",
            "warnings",
            "fiscal_year",
        ] {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        assert_eq!(v["doc_type"], "unknown");
        let g = serde_json::to_value(Grade::Good).unwrap();
        assert_eq!(g, "良");
    }
}
