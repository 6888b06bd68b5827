//! Exporting the archive as tables: CSV (UTF-8 with BOM, for Excel), XLSX (one sheet per
//! table) and JSON Lines.

use std::io::Write;
use std::path::Path;

use rusqlite::types::ValueRef;

use super::{db_error, Store};
use crate::error::{Error, Result};

/// The tables [`Store::table`] exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// One row per problem, with its report's fields and its categories.
    Problems,
    /// One row per report.
    Reports,
    /// One row per suggestion, with its report's main fields.
    Suggestions,
    /// One row per achievement, with its report's main fields.
    Achievements,
    /// One row per figure of an achievement.
    Figures,
}

impl TableKind {
    /// Every table, in sheet order.
    pub const ALL: [TableKind; 5] = [
        TableKind::Problems,
        TableKind::Reports,
        TableKind::Suggestions,
        TableKind::Achievements,
        TableKind::Figures,
    ];

    /// The table's name (also the XLSX sheet name): `problems`, `reports`, ….
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Problems => "problems",
            TableKind::Reports => "reports",
            TableKind::Suggestions => "suggestions",
            TableKind::Achievements => "achievements",
            TableKind::Figures => "figures",
        }
    }
}

/// One exported value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Unknown.
    Null,
    /// A whole number (fiscal year, ordinal, bytes).
    Integer(i64),
    /// A number (score, figure value).
    Real(f64),
    /// Text.
    Text(String),
}

impl Cell {
    fn as_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Integer(i) => i.to_string(),
            Cell::Real(f) => f.to_string(),
            Cell::Text(s) => s.clone(),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Cell::Null => serde_json::Value::Null,
            Cell::Integer(i) => (*i).into(),
            Cell::Real(f) => serde_json::Number::from_f64(*f)
                .map(Into::into)
                .unwrap_or(serde_json::Value::Null),
            Cell::Text(s) => s.clone().into(),
        }
    }
}

/// An exported table: column names and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Which table.
    pub kind: TableKind,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

const REPORT_COLUMNS: &str = "r.path, r.sha256, r.doc_type, r.title AS report_title, r.project, r.scope, r.organizer,
    r.department, r.unit, r.region, r.period, r.fiscal_year, r.evaluator, r.evaluation_date, r.score, r.grade,
    r.grade_raw";
const REPORT_BRIEF: &str =
    "r.path, r.title AS report_title, r.project, r.department, r.region, r.fiscal_year,
    r.score, r.grade";

impl Store {
    /// The rows of one table, ordered by report path and item position.
    ///
    /// # Errors
    /// [`Error::Database`] on a read failure.
    pub fn table(&self, kind: TableKind) -> Result<Table> {
        let item = |k: &str| {
            format!(
                "SELECT {REPORT_BRIEF}, i.ordinal, i.title, i.text FROM items i JOIN reports r ON r.id = i.report_id
                 WHERE i.kind = '{k}' ORDER BY r.path, i.ordinal"
            )
        };
        let sql = match kind {
            TableKind::Problems => format!(
                "SELECT {REPORT_COLUMNS}, i.ordinal, i.title, i.text,
                    (SELECT group_concat(category, ';') FROM
                        (SELECT category FROM item_categories c WHERE c.item_id = i.id ORDER BY rank)) AS categories
                 FROM items i JOIN reports r ON r.id = i.report_id WHERE i.kind = 'problem'
                 ORDER BY r.path, i.ordinal"
            ),
            TableKind::Reports => format!(
                "SELECT {REPORT_COLUMNS}, r.summary, r.keywords, r.warnings,
                    (SELECT count(*) FROM items i WHERE i.report_id = r.id AND i.kind = 'problem') AS problems,
                    r.indexed_at
                 FROM reports r ORDER BY r.path"
            ),
            TableKind::Suggestions => item("suggestion"),
            TableKind::Achievements => item("achievement"),
            TableKind::Figures => {
                "SELECT r.path, i.ordinal AS achievement, i.title AS achievement_title, f.value, f.unit, f.text
                 FROM figures f JOIN items i ON i.id = f.item_id JOIN reports r ON r.id = i.report_id
                 ORDER BY r.path, i.ordinal, f.ordinal"
                    .to_string()
            }
        };
        let e = db_error(&self.path);
        let mut stmt = self.conn.prepare(&sql).map_err(&e)?;
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let rows = stmt
            .query_map([], |row| {
                (0..n)
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            ValueRef::Null => Cell::Null,
                            ValueRef::Integer(v) => Cell::Integer(v),
                            ValueRef::Real(v) => Cell::Real(v),
                            ValueRef::Text(t) | ValueRef::Blob(t) => {
                                Cell::Text(String::from_utf8_lossy(t).into_owned())
                            }
                        })
                    })
                    .collect::<rusqlite::Result<Vec<Cell>>>()
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&e)?;
        Ok(Table {
            kind,
            columns,
            rows,
        })
    }

    /// Calls `each` with every stored report as its original JSON record, by path (the
    /// records `jixiao extract` wrote; re-indexable with `jixiao index`).
    ///
    /// # Errors
    /// [`Error::Database`] on a read failure; the error `each` returns.
    pub fn for_each_report_json(&self, mut each: impl FnMut(&str) -> Result<()>) -> Result<()> {
        let e = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT report_json FROM reports ORDER BY path")
            .map_err(&e)?;
        let mut rows = stmt.query([]).map_err(&e)?;
        while let Some(row) = rows.next().map_err(&e)? {
            each(
                row.get_ref(0)
                    .map_err(&e)?
                    .as_str()
                    .map_err(|err| e(err.into()))?,
            )?;
        }
        Ok(())
    }
}

/// Writes `table` as CSV with a UTF-8 byte-order mark (so Excel reads the Chinese text)
/// and a header row.
///
/// # Errors
/// The writer's I/O error (as [`Error::Io`] naming `name`).
pub fn write_csv<W: Write>(out: W, table: &Table, name: &Path) -> Result<()> {
    let io = |source: std::io::Error| Error::Io {
        path: name.to_path_buf(),
        source,
    };
    let mut out = out;
    out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    let mut w = csv::Writer::from_writer(out);
    let csv_err = |err: csv::Error| io(err.into());
    w.write_record(&table.columns).map_err(csv_err)?;
    for row in &table.rows {
        w.write_record(row.iter().map(Cell::as_text))
            .map_err(csv_err)?;
    }
    w.flush().map_err(io)
}

/// Writes `table` as JSON Lines, one object per row keyed by column name; a `categories`
/// column becomes an array of ids.
///
/// # Errors
/// The writer's I/O error (as [`Error::Io`] naming `name`).
pub fn write_jsonl<W: Write>(mut out: W, table: &Table, name: &Path) -> Result<()> {
    let io = |source: std::io::Error| Error::Io {
        path: name.to_path_buf(),
        source,
    };
    for row in &table.rows {
        let mut object = serde_json::Map::new();
        for (column, cell) in table.columns.iter().zip(row) {
            let value = match (column.as_str(), cell) {
                ("categories", Cell::Text(s)) => {
                    s.split(';').map(|c| serde_json::Value::from(c)).collect()
                }
                ("categories", Cell::Null) => serde_json::Value::Array(Vec::new()),
                _ => cell.to_json(),
            };
            object.insert(column.clone(), value);
        }
        serde_json::to_writer(&mut out, &object).map_err(|err| io(err.into()))?;
        out.write_all(b"\n").map_err(io)?;
    }
    out.flush().map_err(io)
}

/// Writes `tables` to the XLSX workbook `path`, one sheet per table (named after it), with a
/// bold, frozen header row.
///
/// # Errors
/// [`Error::Io`] naming `path` when the workbook cannot be built or saved.
pub fn write_xlsx(path: &Path, tables: &[Table]) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook, XlsxError};
    let fail = |err: XlsxError| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(err.to_string()),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = book
            .add_worksheet()
            .set_name(table.kind.name())
            .map_err(fail)?;
        for (c, name) in table.columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, name, &bold)
                .map_err(fail)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Null => {}
                    Cell::Integer(v) => {
                        sheet.write_number(r, c, *v as f64).map_err(fail)?;
                    }
                    Cell::Real(v) => {
                        sheet.write_number(r, c, *v).map_err(fail)?;
                    }
                    Cell::Text(s) => {
                        // Excel's cell limit is 32,767 characters.
                        let s: String = s.chars().take(32_000).collect();
                        sheet.write_string(r, c, s).map_err(fail)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
    }
    book.save(path).map_err(fail)
}
