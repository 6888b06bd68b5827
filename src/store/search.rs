//! Searching the archive: full-text query plus filters on report fields.

use std::collections::HashSet;

use rusqlite::types::Value;
use serde::Serialize;

use super::{db_error, item_full_text, text, Store};
use crate::error::{Error, Result};
use crate::report::{Grade, Scope};

/// The kind of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// 主要绩效 item.
    Achievement,
    /// 存在的问题 item.
    Problem,
    /// 建议 item.
    Suggestion,
}

impl ItemKind {
    /// `achievement`, `problem` or `suggestion`, as stored in `items.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Achievement => "achievement",
            ItemKind::Problem => "problem",
            ItemKind::Suggestion => "suggestion",
        }
    }

    fn from_db(s: &str) -> ItemKind {
        match s {
            "achievement" => ItemKind::Achievement,
            "suggestion" => ItemKind::Suggestion,
            _ => ItemKind::Problem,
        }
    }
}

/// An inclusive range of fiscal years; an open end is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct YearRange {
    /// First year, inclusive.
    pub from: Option<i32>,
    /// Last year, inclusive.
    pub to: Option<i32>,
}

impl std::str::FromStr for YearRange {
    type Err = Error;

    /// Parses `2023`, `2022..2023`, `2022..` or `..2023` (also `2022-2023`).
    fn from_str(s: &str) -> Result<YearRange> {
        let bad = || Error::Query {
            reason: format!("year {s:?}: expected 2023, 2022..2023, 2022.. or ..2023"),
        };
        let year = |t: &str| -> Result<Option<i32>> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => Ok(Some(y)),
                _ => Err(bad()),
            }
        };
        let range = match s.split_once("..").or_else(|| s.split_once('-')) {
            Some((a, b)) => YearRange {
                from: year(a)?,
                to: year(b)?,
            },
            None => {
                let y = year(s)?.ok_or_else(bad)?;
                YearRange {
                    from: Some(y),
                    to: Some(y),
                }
            }
        };
        match range {
            YearRange {
                from: Some(a),
                to: Some(b),
            } if a > b => Err(bad()),
            YearRange {
                from: None,
                to: None,
            } => Err(bad()),
            r => Ok(r),
        }
    }
}

/// A search: words to find (all must occur) and filters on the report and item.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Words to find; whitespace separates terms, every term must occur in the item (a term
    /// matches wherever its characters occur, e.g. 超编 in 人员超编). Empty: every item
    /// passing the filters, newest report first (needs at least one filter).
    pub text: String,
    /// Item kinds to search; empty means all.
    pub kinds: Vec<ItemKind>,
    /// Problem category ids (any of them); implies problems only.
    pub categories: Vec<String>,
    /// Report grades (any of them); empty means any grade.
    pub grades: Vec<Grade>,
    /// Fiscal years.
    pub years: Option<YearRange>,
    /// Region contains this text.
    pub region: Option<String>,
    /// Department (主管部门) or unit contains this text.
    pub department: Option<String>,
    /// Evaluator contains this text.
    pub evaluator: Option<String>,
    /// Report scope.
    pub scope: Option<Scope>,
    /// Most hits returned.
    pub limit: usize,
    /// Snippet width in characters.
    pub snippet_chars: usize,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            text: String::new(),
            kinds: Vec::new(),
            categories: Vec::new(),
            grades: Vec::new(),
            years: None,
            region: None,
            department: None,
            evaluator: None,
            scope: None,
            limit: 20,
            snippet_chars: 60,
        }
    }
}

impl Query {
    /// A query for `text` over all items, no filters, 20 hits.
    pub fn text(text: &str) -> Query {
        Query {
            text: text.to_string(),
            ..Query::default()
        }
    }

    fn has_filters(&self) -> bool {
        !self.kinds.is_empty()
            || !self.categories.is_empty()
            || !self.grades.is_empty()
            || self.years.is_some()
            || self.region.is_some()
            || self.department.is_some()
            || self.evaluator.is_some()
            || self.scope.is_some()
    }
}

/// One matching item with its report's main fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The report's `source.path`.
    pub path: String,
    /// Report title.
    pub report_title: Option<String>,
    /// Evaluated project.
    pub project: Option<String>,
    /// Fiscal year.
    pub fiscal_year: Option<i32>,
    /// Department (主管部门).
    pub department: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Grade: 优 良 中 差.
    pub grade: Option<String>,
    /// Score out of 100.
    pub score: Option<f64>,
    /// The item's kind.
    pub kind: ItemKind,
    /// 0-based position in the report's list of that kind.
    pub ordinal: usize,
    /// The item's title.
    pub item_title: String,
    /// An excerpt of the item's original text with matches in `[` `]`.
    pub snippet: String,
    /// Problem categories, best first (empty for other kinds).
    pub categories: Vec<String>,
    /// bm25 rank (lower is better); `None` for a query without words.
    pub rank: Option<f64>,
}

impl Store {
    /// Runs `query`, best matches first (bm25, whole-word matches weigh more).
    ///
    /// # Errors
    /// [`Error::Query`] when the text has no searchable words (only punctuation) or is empty
    /// without any filter, when a category is not in the dictionaries, or when categories
    /// are combined with non-problem kinds; [`Error::Database`] on a read failure.
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>> {
        let fts = if query.text.trim().is_empty() {
            if !query.has_filters() {
                return Err(Error::Query {
                    reason:
                        "empty query: give words to search, or at least one filter to list items"
                            .into(),
                });
            }
            None
        } else {
            Some(text::fts_query(&query.text, &self.dictionaries.segmenter).ok_or_else(|| Error::Query {
                reason: format!(
                    "{:?} has no letters or digits to search (punctuation and search operators are ignored)",
                    query.text
                ),
            })?)
        };
        let known: Vec<&str> = self
            .dictionaries
            .categories
            .category
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        for c in &query.categories {
            if !known.contains(&c.as_str()) {
                return Err(Error::Query {
                    reason: format!("unknown category {c:?}; known: {}", known.join(", ")),
                });
            }
        }
        let mut kinds = query.kinds.clone();
        if !query.categories.is_empty() {
            if kinds.iter().any(|k| *k != ItemKind::Problem) {
                return Err(Error::Query {
                    reason: "categories apply to problems only".into(),
                });
            }
            kinds = vec![ItemKind::Problem];
        }

        if query.limit == 0 {
            return Ok(Vec::new());
        }
        let filters = Filters::new(query, &kinds);
        let e = db_error(&self.path);
        let chosen: Vec<(i64, Option<f64>)> = match &fts {
            Some(q) => self
                .ranked_ids(&q.expression, &filters, query.limit)?
                .into_iter()
                .map(|(rank, id)| (id, Some(rank)))
                .collect(),
            None => {
                let sql = format!(
                    "SELECT i.id FROM items i JOIN reports r ON r.id = i.report_id WHERE 1{}
                     ORDER BY r.fiscal_year DESC, r.path, i.kind, i.ordinal LIMIT ?",
                    filters.sql
                );
                let mut args = filters.args.clone();
                args.push(Value::Integer(query.limit.min(i64::MAX as usize) as i64));
                let mut stmt = self.conn.prepare_cached(&sql).map_err(&e)?;
                let ids = stmt
                    .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, i64>(0))
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<i64>>>())
                    .map_err(&e)?;
                ids.into_iter().map(|id| (id, None)).collect()
            }
        };

        let needles = fts.as_ref().map(|q| q.needles.clone()).unwrap_or_default();
        let mut details = self
            .conn
            .prepare_cached(
                "SELECT i.kind, i.ordinal, i.title, i.text, r.path, r.title, r.project, r.fiscal_year,
                        r.department, r.region, r.grade, r.score
                 FROM items i JOIN reports r ON r.id = i.report_id WHERE i.id = ?1",
            )
            .map_err(&e)?;
        let mut categories_of = self
            .conn
            .prepare_cached("SELECT category FROM item_categories WHERE item_id = ?1 ORDER BY rank")
            .map_err(&e)?;
        let mut hits = Vec::with_capacity(chosen.len());
        for (item_id, rank) in chosen {
            let mut hit = details
                .query_row([item_id], |row| {
                    let title: String = row.get(2)?;
                    let body: String = row.get(3)?;
                    Ok(Hit {
                        kind: ItemKind::from_db(&row.get::<_, String>(0)?),
                        ordinal: row.get::<_, i64>(1)? as usize,
                        snippet: text::snippet(
                            &item_full_text(&title, &body),
                            &needles,
                            query.snippet_chars,
                        ),
                        item_title: title,
                        path: row.get(4)?,
                        report_title: row.get(5)?,
                        project: row.get(6)?,
                        fiscal_year: row.get(7)?,
                        department: row.get(8)?,
                        region: row.get(9)?,
                        grade: row.get(10)?,
                        score: row.get(11)?,
                        categories: Vec::new(),
                        rank,
                    })
                })
                .map_err(&e)?;
            if hit.kind == ItemKind::Problem {
                hit.categories = categories_of
                    .query_map([item_id], |r| r.get(0))
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
                    .map_err(&e)?;
            }
            hits.push(hit);
        }
        Ok(hits)
    }

    /// The best `limit` items matching the FTS5 `expression` and passing `filters`, as
    /// (bm25 rank, item id), best first (rank, then id).
    ///
    /// bm25 is computed once for every match, straight from the FTS table (no join), and
    /// the matches are sorted here; the filters are then checked on windows of that ranked
    /// list, 4 × `limit` items first and 4 times more each round, until `limit` items pass
    /// or the list ends. The result is the same as ordering the filtered join by bm25,
    /// without joining every match to its report.
    fn ranked_ids(
        &self,
        expression: &str,
        filters: &Filters,
        limit: usize,
    ) -> Result<Vec<(f64, i64)>> {
        let e = db_error(&self.path);
        let mut ranked: Vec<(f64, i64)> = self
            .conn
            .prepare_cached(
                "SELECT bm25(items_fts, 3.0, 1.0, 4.0), rowid FROM items_fts WHERE items_fts MATCH ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_map([expression], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(&e)?;
        let order = |a: &(f64, i64), b: &(f64, i64)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        if filters.is_empty() {
            if ranked.len() > limit {
                ranked.select_nth_unstable_by(limit, order);
                ranked.truncate(limit);
            }
            ranked.sort_unstable_by(order);
            return Ok(ranked);
        }
        ranked.sort_unstable_by(order);
        let sql = format!(
            "SELECT i.id FROM json_each(?) AS w CROSS JOIN items i ON i.id = w.value
             JOIN reports r ON r.id = i.report_id WHERE 1{}",
            filters.sql
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(&e)?;
        let mut chosen = Vec::with_capacity(limit);
        let (mut start, mut window) = (0, limit.saturating_mul(4));
        while start < ranked.len() && chosen.len() < limit {
            let end = start.saturating_add(window).min(ranked.len());
            let ids = &ranked[start..end];
            // In id order, so the lookups walk the tables' pages in order.
            let mut window_ids: Vec<i64> = ids.iter().map(|c| c.1).collect();
            window_ids.sort_unstable();
            let json = serde_json::to_string(&window_ids).unwrap_or_default();
            let mut args = vec![Value::Text(json)];
            args.extend(filters.args.iter().cloned());
            let passing: HashSet<i64> = stmt
                .query_map(rusqlite::params_from_iter(args), |r| r.get(0))
                .and_then(|rows| rows.collect::<rusqlite::Result<_>>())
                .map_err(&e)?;
            chosen.extend(
                ids.iter()
                    .filter(|c| passing.contains(&c.1))
                    .take(limit - chosen.len()),
            );
            start = end;
            window = window.saturating_mul(4);
        }
        Ok(chosen)
    }
}

/// The filters of a [`Query`] as SQL conditions on `items i` and `reports r` (each
/// starting with ` AND `), with their arguments.
struct Filters {
    sql: String,
    args: Vec<Value>,
}

impl Filters {
    fn new(query: &Query, kinds: &[ItemKind]) -> Filters {
        let mut sql = String::new();
        let mut args: Vec<Value> = Vec::new();
        let mut any_of = |column: &str, values: Vec<String>| {
            if !values.is_empty() {
                sql.push_str(&format!(
                    " AND {column} IN ({})",
                    vec!["?"; values.len()].join(", ")
                ));
                args.extend(values.into_iter().map(Value::Text));
            }
        };
        any_of(
            "i.kind",
            kinds.iter().map(|k| k.as_str().to_string()).collect(),
        );
        any_of(
            "r.grade",
            query
                .grades
                .iter()
                .map(|g| g.as_str().to_string())
                .collect(),
        );
        if !query.categories.is_empty() {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id AND c.category IN ({}))",
                vec!["?"; query.categories.len()].join(", ")
            ));
            args.extend(query.categories.iter().cloned().map(Value::Text));
        }
        if let Some(years) = query.years {
            if let Some(from) = years.from {
                sql.push_str(" AND r.fiscal_year >= ?");
                args.push(Value::Integer(from.into()));
            }
            if let Some(to) = years.to {
                sql.push_str(" AND r.fiscal_year <= ?");
                args.push(Value::Integer(to.into()));
            }
        }
        for (columns, value) in [
            (&["r.region"][..], &query.region),
            (&["r.department", "r.unit"][..], &query.department),
            (&["r.evaluator"][..], &query.evaluator),
        ] {
            if let Some(v) = value {
                let tests: Vec<String> = columns
                    .iter()
                    .map(|c| format!("instr({c}, ?) > 0"))
                    .collect();
                sql.push_str(&format!(" AND ({})", tests.join(" OR ")));
                args.extend(columns.iter().map(|_| Value::Text(v.clone())));
            }
        }
        if let Some(scope) = query.scope {
            sql.push_str(" AND r.scope = ?");
            let s = serde_json::to_value(scope)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            args.push(Value::Text(s));
        }
        Filters { sql, args }
    }

    fn is_empty(&self) -> bool {
        self.sql.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges_parse() {
        assert_eq!(
            "2023".parse::<YearRange>().unwrap(),
            YearRange {
                from: Some(2023),
                to: Some(2023)
            }
        );
        assert_eq!(
            "2022..2023".parse::<YearRange>().unwrap(),
            YearRange {
                from: Some(2022),
                to: Some(2023)
            }
        );
        assert_eq!(
            "2022..".parse::<YearRange>().unwrap(),
            YearRange {
                from: Some(2022),
                to: None
            }
        );
        assert_eq!(
            "..2023".parse::<YearRange>().unwrap(),
            YearRange {
                from: None,
                to: Some(2023)
            }
        );
        assert!("2024..2022".parse::<YearRange>().is_err());
        assert!("..".parse::<YearRange>().is_err());
        assert!("abc".parse::<YearRange>().is_err());
    }
}
