//! Archive statistics: counts by category and year, grade and score distributions, and the
//! departments with the most problems.

use serde::Serialize;

use super::{db_error, Store};
use crate::error::Result;

/// Problems of one category in one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryYear {
    /// Category id, e.g. `staffing`.
    pub category: String,
    /// Fiscal year (`None`: unknown).
    pub fiscal_year: Option<i32>,
    /// Number of problems (a problem with several categories counts in each).
    pub problems: i64,
}

/// Reports and problems of one department.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentCount {
    /// Department (主管部门), or the unit when no department was found.
    pub department: String,
    /// Reports of that department.
    pub reports: i64,
    /// Problems in those reports.
    pub problems: i64,
}

/// What [`Store::stats`] returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Reports in the archive.
    pub reports: i64,
    /// Achievements.
    pub achievements: i64,
    /// Problems.
    pub problems: i64,
    /// Suggestions.
    pub suggestions: i64,
    /// Files whose last extraction failed.
    pub failures: i64,
    /// Problems by category and fiscal year, by category then year.
    pub by_category_year: Vec<CategoryYear>,
    /// Reports per grade (`None`: no grade), 优 良 中 差 then unknown.
    pub grades: Vec<(Option<String>, i64)>,
    /// Reports per score band (`<60`, `60–70`, `70–80`, `80–90`, `90–100`, `unknown`),
    /// lower bound inclusive.
    pub score_bands: Vec<(String, i64)>,
    /// Departments with the most problems, most first (at most `top` of them).
    pub top_departments: Vec<DepartmentCount>,
}

impl Store {
    /// Counts over the whole archive; `top` limits [`Stats::top_departments`].
    ///
    /// # Errors
    /// [`crate::Error::Database`] on a read failure.
    pub fn stats(&self, top: usize) -> Result<Stats> {
        let e = db_error(&self.path);
        let count =
            |sql: &str| -> Result<i64> { self.conn.query_row(sql, [], |r| r.get(0)).map_err(&e) };
        let reports = count("SELECT count(*) FROM reports")?;
        let achievements = count("SELECT count(*) FROM items WHERE kind = 'achievement'")?;
        let problems = count("SELECT count(*) FROM items WHERE kind = 'problem'")?;
        let suggestions = count("SELECT count(*) FROM items WHERE kind = 'suggestion'")?;
        let failures = count("SELECT count(*) FROM failures")?;

        let mut stmt = self
            .conn
            .prepare(
                "SELECT c.category, r.fiscal_year, count(*) FROM item_categories c
                 JOIN items i ON i.id = c.item_id JOIN reports r ON r.id = i.report_id
                 GROUP BY c.category, r.fiscal_year ORDER BY c.category, r.fiscal_year",
            )
            .map_err(&e)?;
        let by_category_year = stmt
            .query_map([], |r| {
                Ok(CategoryYear {
                    category: r.get(0)?,
                    fiscal_year: r.get(1)?,
                    problems: r.get(2)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&e)?;

        let mut stmt = self
            .conn
            .prepare(
                "SELECT grade, count(*) FROM reports GROUP BY grade
                 ORDER BY CASE grade WHEN '优' THEN 0 WHEN '良' THEN 1 WHEN '中' THEN 2 WHEN '差' THEN 3 ELSE 4 END",
            )
            .map_err(&e)?;
        let grades = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&e)?;

        let mut stmt = self
            .conn
            .prepare(
                "SELECT CASE WHEN score IS NULL THEN 5 WHEN score < 60 THEN 0 WHEN score < 70 THEN 1
                        WHEN score < 80 THEN 2 WHEN score < 90 THEN 3 ELSE 4 END AS band, count(*)
                 FROM reports GROUP BY band ORDER BY band",
            )
            .map_err(&e)?;
        const BANDS: [&str; 6] = ["<60", "60–70", "70–80", "80–90", "90–100", "unknown"];
        let score_bands = stmt
            .query_map([], |r| {
                Ok((
                    BANDS[r.get::<_, i64>(0)?.clamp(0, 5) as usize].to_string(),
                    r.get(1)?,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&e)?;

        let mut stmt = self
            .conn
            .prepare(
                "SELECT coalesce(r.department, r.unit, '(unknown)') AS d, count(DISTINCT r.id),
                        count(i.id)
                 FROM reports r LEFT JOIN items i ON i.report_id = r.id AND i.kind = 'problem'
                 GROUP BY d ORDER BY count(i.id) DESC, d LIMIT ?1",
            )
            .map_err(&e)?;
        let top_departments = stmt
            .query_map([top as i64], |r| {
                Ok(DepartmentCount {
                    department: r.get(0)?,
                    reports: r.get(1)?,
                    problems: r.get(2)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&e)?;

        Ok(Stats {
            reports,
            achievements,
            problems,
            suggestions,
            failures,
            by_category_year,
            grades,
            score_bands,
            top_departments,
        })
    }
}
