//! Domain knowledge as editable data: label synonyms, heading synonyms, problem categories,
//! jieba user words, keyword stop words and the keyword IDF table.
//!
//! The defaults in `dictionaries/` are embedded in the binary (`include_str!`) and parsed
//! once per process ([`Dictionaries::embedded`]); `--dictionaries DIR` loads the same file
//! names from a folder instead, falling back to the embedded file for any that is missing.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::segment::Segmenter;

const FIELDS_TOML: &str = include_str!("../dictionaries/fields.toml");
const SECTIONS_TOML: &str = include_str!("../dictionaries/sections.toml");
const CATEGORIES_TOML: &str = include_str!("../dictionaries/categories.toml");
const USER_DICT: &str = include_str!("../dictionaries/user.dict");
const STOPWORDS_TXT: &str = include_str!("../dictionaries/stopwords.txt");
/// jieba's IDF table (from jieba-rs 0.11, MIT licence), sorted by word.
const IDF_TXT: &str = include_str!("../dictionaries/idf.txt");

/// Label synonyms per header field, and the vocabularies for document type and scope
/// (`fields.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// Field name (`project`, `organizer`, `score`, …) → labels that introduce its value;
    /// `other` lists header-table labels of no field, which end a value that runs into them.
    pub labels: BTreeMap<String, Vec<String>>,
    /// Doc type id (`result_feedback`, …) → title terms that mark it, in priority order.
    pub doc_types: BTreeMap<String, Vec<String>>,
    /// Scope id (`department`, `project`, `policy`) → terms in the title or project name.
    pub scopes: BTreeMap<String, Vec<String>>,
    /// Terms marking a unit name as a firm or evaluation team (for the evaluator field).
    #[serde(default)]
    pub evaluator_terms: Vec<String>,
    /// Report-type endings of titles (`绩效评价报告`), longest first.
    #[serde(default)]
    pub title_suffixes: Vec<String>,
    /// Last words of a title line (`报告`, `反馈`, `反馈函`): a line near the top ending with
    /// one of them is the document title. Missing or empty: the built-in list.
    #[serde(default)]
    pub title_endings: Vec<String>,
    /// Title remainders that name no project (`项目支出`, `部门整体支出`).
    #[serde(default)]
    pub generic_projects: Vec<String>,
    /// Endings of a fund's name (`资金`, `经费`, `补贴`): before `项目支出` in a title, the
    /// `项目` names the kind of spending, not the project ("…养护经费项目支出绩效自评报告").
    #[serde(default)]
    pub fund_endings: Vec<String>,
    /// Units of figures (`万元`, `家`, `%`); the longest match wins.
    #[serde(default)]
    pub figure_units: Vec<String>,
    /// Score labels that name any table's total row (`合计`, `总计`): a score only in a
    /// score table's total row.
    #[serde(default)]
    pub score_totals: Vec<String>,
    /// Column headings that mark a score table (`得分`, `分值`).
    #[serde(default)]
    pub score_table_headers: Vec<String>,
    /// Table column headings that are never a field's value (`备注`, `序号`): a label in a
    /// row of column headings has no value on the next line.
    #[serde(default)]
    pub column_headings: Vec<String>,
    /// Endings of a government body's name (`局`, `办公室`): the line above a letter's
    /// closing date that ends with one names the body that signs it.
    #[serde(default)]
    pub body_endings: Vec<String>,
    /// Endings of any signing organisation (`所`, `中心`, `学校`), beyond `body_endings`
    /// and `evaluator_terms`: lines of the signature block that closes a report.
    #[serde(default)]
    pub signatory_endings: Vec<String>,
    /// Marks of a signature line (`盖章`, `（章）`) and closing formulas (`特此报告`): a short
    /// line holding one, just above the closing date, belongs to the signature block.
    #[serde(default)]
    pub signature_marks: Vec<String>,
    /// Openings of a letter's closing request (`请你单位`): such a line just above the
    /// signature block closes the letter; it is not part of the last section.
    #[serde(default)]
    pub closing_requests: Vec<String>,
}

impl Fields {
    /// The labels of `field`, or an empty slice.
    pub fn labels(&self, field: &str) -> &[String] {
        self.labels.get(field).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Heading synonyms per section kind (`sections.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionHeadings {
    /// 项目基本情况 and synonyms.
    pub summary: Vec<String>,
    /// 主要绩效 / 主要成效 / 经验做法 and synonyms.
    pub achievements: Vec<String>,
    /// 存在的问题 and synonyms.
    pub problems: Vec<String>,
    /// 建议 / 改进措施 / 整改意见 and synonyms.
    pub suggestions: Vec<String>,
    /// Combined headings holding both problems and suggestions (主要问题与建议).
    pub problems_and_suggestions: Vec<String>,
    /// Other headings that end a section (评价结论, 指标分析, …).
    #[serde(default)]
    pub other: Vec<String>,
    /// Heading endings per kind (`achievements`, `problems`, `suggestions`), a fallback for
    /// short numbered headings that match no phrase.
    #[serde(default)]
    pub suffixes: BTreeMap<String, Vec<String>>,
    /// Words that end a heading phrase running into its text with no punctuation
    /// (（一）科技助企取得新成效培育了41家… → 科技助企取得新成效).
    #[serde(default)]
    pub title_endings: Vec<String>,
    /// Words that open the text of an item whose heading phrase runs into it with no
    /// punctuation (（一）健全核查机制由县就业服务中心牵头… → 健全核查机制): prepositions and
    /// co-verbs that begin a measure.
    #[serde(default)]
    pub text_openers: Vec<String>,
    /// Words that, after a problems phrase, make a heading a combined problems-and-
    /// suggestions heading (存在的问题和整改建议).
    #[serde(default)]
    pub suggestion_words: Vec<String>,
    /// Endings of group headings that sort a section's items by aspect ((一)项目管理方面
    /// › 1. 2.): such headings are not items, the numbered lines under them are.
    #[serde(default)]
    pub group_endings: Vec<String>,
    /// Labels that open an item with a colon and name its kind rather than its content
    /// ("（一）问题：改造对象认定把关不严。…"), besides the problems and suggestions headings.
    #[serde(default)]
    pub item_labels: Vec<String>,
    /// Column headings of a findings table, matched as words inside a heading.
    #[serde(default)]
    pub table_columns: TableColumns,
}

/// Words of a findings table's column headings (`[table_columns]` of `sections.toml`):
/// `序号  存在问题  问题描述  整改建议`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableColumns {
    /// The column of problem titles (存在问题); a header row holds one.
    #[serde(default)]
    pub problems: Vec<String>,
    /// The column describing a problem (问题描述), another than the titles'.
    #[serde(default)]
    pub descriptions: Vec<String>,
    /// The column of suggestions (整改建议).
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// A first column numbering the rows (序号), whole heading.
    #[serde(default)]
    pub numbers: Vec<String>,
}

/// One problem category (`categories.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id, e.g. `staffing`.
    pub id: String,
    /// Chinese name, e.g. 人员与编制.
    pub name: String,
    /// Trigger term → weight.
    pub terms: BTreeMap<String, f64>,
}

/// The problem taxonomy (`categories.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Categories {
    /// A category is assigned when its score reaches this (title hits count double).
    pub threshold: f64,
    /// Categories, in file order; `other` is implied and need not be listed with terms.
    pub category: Vec<Category>,
}

/// All domain dictionaries, with the jieba segmenter built from the user dictionary.
#[derive(Debug)]
pub struct Dictionaries {
    /// Field labels and vocabularies.
    pub fields: Fields,
    /// Section headings.
    pub sections: SectionHeadings,
    /// Problem categories.
    pub categories: Categories,
    /// Words left out of `keywords`.
    pub stop_words: BTreeSet<String>,
    /// jieba with the default dictionary plus `user.dict`.
    pub segmenter: Segmenter,
    /// Every label of every field in `fields.toml`, for finding them all in one pass.
    pub labels: TermSet,
    /// The terms of `categories.toml`, for finding them all in one pass.
    pub category_terms: CategoryTerms,
}

/// The category terms compiled for one-pass matching.
#[derive(Debug, Clone)]
pub struct CategoryTerms {
    /// Every term of every category.
    pub set: TermSet,
    /// Per category, in [`Categories::category`] order: `(term id in set, weight)` for each
    /// of its terms, in the category's term order.
    pub by_category: Vec<Vec<(usize, f64)>>,
}

impl CategoryTerms {
    /// Compiles the terms of `categories`.
    ///
    /// # Errors
    /// [`Error::Dictionary`] when the automaton cannot be built.
    pub fn new(categories: &Categories) -> Result<CategoryTerms> {
        let set = TermSet::new(
            "categories.toml",
            categories
                .category
                .iter()
                .flat_map(|c| c.terms.keys().cloned()),
        )?;
        let by_category = categories
            .category
            .iter()
            .map(|c| {
                c.terms
                    .iter()
                    .filter_map(|(t, w)| set.id(t).map(|id| (id, *w)))
                    .collect()
            })
            .collect();
        Ok(CategoryTerms { set, by_category })
    }
}

/// A set of terms found in one pass over a text (Aho–Corasick), built once per
/// dictionary set: searching a report for a hundred labels one by one costs a hundred
/// passes.
#[derive(Debug, Clone)]
pub struct TermSet {
    terms: Vec<String>,
    ids: std::collections::HashMap<String, usize>,
    automaton: AhoCorasick,
}

impl TermSet {
    /// The set of `terms` (duplicates and empty strings dropped), ordered longest first.
    ///
    /// # Errors
    /// [`Error::Dictionary`] naming `file` when the automaton cannot be built (more terms
    /// than fit in memory).
    pub fn new(file: &str, terms: impl IntoIterator<Item = String>) -> Result<TermSet> {
        let mut terms: Vec<String> = terms.into_iter().filter(|t| !t.is_empty()).collect();
        terms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        terms.dedup();
        // A full DFA: a few hundred short terms make a small table and the fastest scan.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&terms)
            .map_err(|e| Error::Dictionary {
                file: file.into(),
                line: 0,
                message: format!("cannot build the term automaton: {e}"),
            })?;
        let ids = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
        Ok(TermSet {
            terms,
            ids,
            automaton,
        })
    }

    /// The terms, longest first; a term's index here is its id.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The id of `term`, if it is in the set.
    pub fn id(&self, term: &str) -> Option<usize> {
        self.ids.get(term).copied()
    }

    /// Which terms occur in `haystack`: a flag per term id.
    pub fn present(&self, haystack: &str) -> Vec<bool> {
        let mut found = vec![false; self.terms.len()];
        for m in self.automaton.find_overlapping_iter(haystack) {
            found[m.pattern().as_usize()] = true;
        }
        found
    }

    /// Every occurrence of every term in `haystack`, overlapping ones included, as
    /// `(start byte, term id)`, sorted by start and, at one start, longest term first.
    pub fn occurrences(&self, haystack: &str) -> Vec<(usize, usize)> {
        let mut hits: Vec<(usize, usize)> = self
            .automaton
            .find_overlapping_iter(haystack)
            .map(|m| (m.start(), m.pattern().as_usize()))
            .collect();
        // Ids are ordered longest first, so sorting by id puts longer terms first.
        hits.sort_unstable();
        hits
    }
}

static EMBEDDED: LazyLock<Arc<Dictionaries>> = LazyLock::new(|| {
    // The embedded files are checked by the tests, so a failure here is a build defect.
    Arc::new(
        Dictionaries::parse(
            FIELDS_TOML,
            SECTIONS_TOML,
            CATEGORIES_TOML,
            USER_DICT,
            STOPWORDS_TXT,
            Cow::Borrowed(IDF_TXT),
        )
        .expect("embedded dictionaries are valid"),
    )
});

impl Dictionaries {
    /// The embedded defaults, parsed (and jieba loaded) once per process.
    ///
    /// # Panics
    /// Only if the embedded files are malformed, which the test suite rules out.
    pub fn embedded() -> Arc<Dictionaries> {
        Arc::clone(&EMBEDDED)
    }

    /// Loads `fields.toml`, `sections.toml`, `categories.toml`, `user.dict`,
    /// `stopwords.txt` and `idf.txt` from `dir`; a missing file falls back to the embedded
    /// default.
    ///
    /// # Errors
    /// [`Error::Io`] when `dir` or a file cannot be read; [`Error::Dictionary`] naming the
    /// file and line when one is malformed.
    pub fn load_dir(dir: &Path) -> Result<Dictionaries> {
        if !dir.is_dir() {
            let (kind, reason) = if dir.exists() {
                (std::io::ErrorKind::NotADirectory, "not a folder")
            } else {
                (
                    std::io::ErrorKind::NotFound,
                    "dictionaries folder not found",
                )
            };
            return Err(Error::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(kind, reason),
            });
        }
        let read = |name: &str, default: &'static str| -> Result<String> {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(default.to_string()),
                Err(source) => Err(Error::Io { path, source }),
            }
        };
        Dictionaries::parse(
            &read("fields.toml", FIELDS_TOML)?,
            &read("sections.toml", SECTIONS_TOML)?,
            &read("categories.toml", CATEGORIES_TOML)?,
            &read("user.dict", USER_DICT)?,
            &read("stopwords.txt", STOPWORDS_TXT)?,
            match std::fs::read_to_string(dir.join("idf.txt")) {
                Ok(s) => Cow::Owned(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Cow::Borrowed(IDF_TXT),
                Err(source) => {
                    return Err(Error::Io {
                        path: dir.join("idf.txt"),
                        source,
                    })
                }
            },
        )
    }

    /// Parses dictionaries from their texts (`idf` is the keyword IDF table, `idf.txt`).
    ///
    /// # Errors
    /// [`Error::Dictionary`] naming the file and line of the first problem.
    pub fn parse(
        fields: &str,
        sections: &str,
        categories: &str,
        user_dict: &str,
        stop_words: &str,
        idf: Cow<'static, str>,
    ) -> Result<Dictionaries> {
        let mut fields: Fields = parse_toml("fields.toml", fields)?;
        if fields.title_endings.is_empty() || fields.body_endings.is_empty() {
            // A fields.toml written before these keys existed would otherwise find no title
            // and no signing body.
            let built_in = parse_toml::<Fields>("fields.toml", FIELDS_TOML)?;
            if fields.title_endings.is_empty() {
                fields.title_endings = built_in.title_endings;
            }
            if fields.body_endings.is_empty() {
                fields.body_endings = built_in.body_endings;
            }
        }
        let sections: SectionHeadings = parse_toml("sections.toml", sections)?;
        let categories: Categories = parse_toml("categories.toml", categories)?;
        for c in &categories.category {
            if let Some((term, w)) = c.terms.iter().find(|(_, w)| !w.is_finite()) {
                return Err(Error::Dictionary {
                    file: "categories.toml".into(),
                    line: 0,
                    message: format!(
                        "category {}: term {term} has a weight that is not a number: {w}",
                        c.id
                    ),
                });
            }
        }
        let stop_words = stop_words
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        if !idf
            .lines()
            .map(str::trim)
            .any(|l| !l.is_empty() && !l.starts_with('#'))
        {
            // Every word would get IDF 0 and the keywords would be arbitrary.
            return Err(Error::Dictionary {
                file: "idf.txt".into(),
                line: 0,
                message: "no `word idf` entries: the keyword IDF table is empty".into(),
            });
        }
        let segmenter = Segmenter::new(user_dict, idf)?;
        let labels = TermSet::new("fields.toml", fields.labels.values().flatten().cloned())?;
        let category_terms = CategoryTerms::new(&categories)?;
        Ok(Dictionaries {
            labels,
            category_terms,
            fields,
            sections,
            categories,
            stop_words,
            segmenter,
        })
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
            .unwrap_or(0);
        Error::Dictionary {
            file: file.into(),
            line,
            message: e.message().to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dictionaries_parse_and_cover_every_category() {
        let d = Dictionaries::embedded();
        let ids: Vec<&str> = d
            .categories
            .category
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        for id in [
            "planning",
            "performance_targets",
            "project_decision",
            "budget_management",
            "fund_management",
            "financial_accounting",
            "internal_control",
            "staffing",
            "asset_management",
            "procurement_contracts",
            "project_implementation",
            "performance_management",
            "outputs_outcomes",
            "records_disclosure",
            "other",
        ] {
            assert!(
                ids.contains(&id),
                "category {id} missing from categories.toml"
            );
        }
        assert!(d.fields.labels("score").iter().any(|l| l == "评价分值"));
    }

    #[test]
    fn malformed_toml_names_file_and_line() {
        let err = Dictionaries::parse(
            FIELDS_TOML,
            SECTIONS_TOML,
            "threshold = 1\n[[category]\n",
            USER_DICT,
            "",
            Cow::Borrowed(""),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("categories.toml:2:"), "{msg}");
    }

    #[test]
    fn a_fields_file_without_title_endings_keeps_the_built_in_ones() {
        let fields: String = FIELDS_TOML
            .lines()
            .filter(|l| !l.starts_with("title_endings"))
            .map(|l| format!("{l}\n"))
            .collect();
        let d = Dictionaries::parse(
            &fields,
            SECTIONS_TOML,
            CATEGORIES_TOML,
            USER_DICT,
            STOPWORDS_TXT,
            Cow::Borrowed("超编 1.0\n"),
        )
        .unwrap();
        assert!(
            d.fields.title_endings.iter().any(|e| e == "报告"),
            "{:?}",
            d.fields.title_endings
        );
    }
}
