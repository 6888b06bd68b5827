//! The searchable archive: reports, their items and categories in one SQLite file, with
//! FTS5 full-text search over jieba-segmented text.
//!
//! ```text
//! reports ─< items (achievement | problem | suggestion) ─< item_categories, figures
//!                  └─ items_fts (words, grams), rowid = items.id
//! failures: files whose last extraction failed
//! views: problems, suggestions, achievements, problem_categories
//! ```
//!
//! Each report is written (or replaced) in one transaction, so an interrupted run leaves
//! every report with all of its items or not at all. The schema is versioned
//! (`PRAGMA user_version`, migrations in `schema.rs`); the file is in WAL mode.
//!
//! # Examples
//!
//! ```
//! use jixiao::store::{Indexed, Query, Store};
//! let config = jixiao::Config::default();
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(&dir.path().join("archive.db"), &config).unwrap();
//! let mut report = jixiao::Report::empty(jixiao::Source { path: "a.txt".into(), sha256: "00".into(), ..Default::default() });
//! report.problems.push(jixiao::Problem {
//!     title: "人员超编".into(),
//!     text: "自聘了编外人员协助工作，导致人员超编。".into(),
//!     categories: vec!["staffing".into()],
//! });
//! assert_eq!(store.index_report(&report, "a.txt").unwrap(), Indexed::New);
//! assert_eq!(store.index_report(&report, "a.txt").unwrap(), Indexed::Skipped);
//! let hits = store.search(&Query::text("超编")).unwrap();
//! assert_eq!(hits[0].item_title, "人员超编");
//! ```

mod export;
mod schema;
mod search;
mod stats;
pub mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use crate::dictionaries::Dictionaries;
use crate::error::{Error, Result};
use crate::report::Report;
use crate::Config;

pub use export::{write_csv, write_jsonl, write_xlsx, Cell, Table, TableKind};
pub use schema::SCHEMA_VERSION;
pub use search::{Hit, ItemKind, Query, YearRange};
pub use stats::{CategoryYear, DepartmentCount, Stats};

/// Most bytes of the database file mapped into memory (256 MiB).
const MMAP_BYTES: i64 = 256 << 20;

/// Page cache per connection, in KiB (32 MiB).
const CACHE_KIB: i64 = 32 << 10;

/// What [`Store::index_report`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexed {
    /// The report was not in the archive and was added.
    New,
    /// A report with the same path but different content (sha256) was replaced.
    Replaced,
    /// The same path with the same sha256 is already in the archive; nothing was written.
    Skipped,
}

/// An open archive database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    dictionaries: Arc<Dictionaries>,
    force: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Item text as searched and shown: the title, then the text unless it already starts with it.
fn item_full_text(title: &str, text: &str) -> String {
    if title.is_empty() || text.starts_with(title) {
        text.to_string()
    } else if text.is_empty() {
        title.to_string()
    } else {
        format!("{title}\n{text}")
    }
}

impl Store {
    /// Opens the archive at `path` for writing, creating it (and migrating an older schema)
    /// as needed. Sets WAL mode.
    ///
    /// # Errors
    /// [`Error::Database`] when the file cannot be opened or is not a jixiao archive
    /// (corrupt, another application's database); [`Error::SchemaVersion`] when it was
    /// written by a newer jixiao. In both cases the file is left unchanged.
    pub fn open(path: &Path, config: &Config) -> Result<Store> {
        let conn = Connection::open(path).map_err(db_error(path))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            dictionaries: config.dictionaries.clone(),
            force: false,
        };
        let version = store.check_schema(true)?;
        let e = db_error(path);
        store
            .conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(&e)?;
        store
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(&e)?;
        store
            .conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(&e)?;
        store
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(&e)?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = store.conn.transaction().map_err(&e)?;
            tx.execute_batch(sql).map_err(&e)?;
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .map_err(&e)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)
                .map_err(&e)?;
            tx.commit().map_err(&e)?;
        }
        Ok(store)
    }

    /// Opens an existing archive read-only (for search, stats and export). Never creates or
    /// changes the file; leaves no `-wal`/`-shm` files behind when there were none; works in
    /// a folder that cannot be written (see `open_for_reading`).
    ///
    /// # Errors
    /// [`Error::Database`] when the file does not exist, cannot be read or is not a jixiao
    /// archive; [`Error::SchemaVersion`] when its schema is newer than this build's, or older
    /// (run `jixiao index` to migrate it).
    pub fn open_read_only(path: &Path, config: &Config) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::Database {
                path: path.to_path_buf(),
                reason:
                    "no such archive database (create it with `jixiao index PATH... --db FILE`)"
                        .into(),
            });
        }
        let conn = open_for_reading(path).map_err(db_error(path))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            dictionaries: config.dictionaries.clone(),
            force: false,
        };
        store
            .conn
            .busy_timeout(Duration::from_secs(10))
            .map_err(db_error(path))?;
        let version = store.check_schema(false)?;
        store.tune()?;
        if version < SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
                hint: "an older archive: run `jixiao index` on it once to migrate it",
            });
        }
        Ok(store)
    }

    /// Read-only connection settings for speed: the file memory-mapped (up to
    /// [`MMAP_BYTES`]) and a page cache of [`CACHE_KIB`]. Reads through the map skip a copy
    /// per page, which counts when a search's words match tens of thousands of items
    /// (scripts/bench_store.sh). Indexing keeps SQLite's defaults: it measured no faster with
    /// these (if anything slower).
    fn tune(&self) -> Result<()> {
        let e = db_error(&self.path);
        self.conn
            .pragma_update(None, "mmap_size", MMAP_BYTES)
            .map_err(&e)?;
        self.conn
            .pragma_update(None, "cache_size", -CACHE_KIB)
            .map_err(&e)
    }

    /// Checks that the file is a jixiao archive this build can use; returns its schema version
    /// (0 for a new, empty file when `writable`).
    fn check_schema(&self, writable: bool) -> Result<i64> {
        let path = &self.path;
        let not_archive = |reason: &str| Error::Database {
            path: path.clone(),
            reason: reason.to_string(),
        };
        let read = |pragma: &str| -> Result<i64> {
            self.conn
                .pragma_query_value(None, pragma, |row| row.get(0))
                .map_err(|err| match err {
                    rusqlite::Error::SqliteFailure(e, _)
                        if e.code == rusqlite::ErrorCode::NotADatabase =>
                    {
                        not_archive(
                            "not an archive database (the file is not SQLite, or is corrupt)",
                        )
                    }
                    other => db_error(path)(other),
                })
        };
        let application_id = read("application_id")?;
        let version = read("user_version")?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(db_error(path))?;
        if application_id != schema::APPLICATION_ID {
            if tables == 0 && writable {
                return Ok(0);
            }
            return Err(not_archive(if tables == 0 {
                "empty database, not a jixiao archive (create it with `jixiao index PATH... --db FILE`)"
            } else {
                "not a jixiao archive (another application's SQLite database)"
            }));
        }
        if version > SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                path: path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
                hint: "written by a newer jixiao; upgrade jixiao to use it",
            });
        }
        Ok(version)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// When `force` is set, [`Store::index_report`] rewrites reports even when their sha256
    /// is unchanged (e.g. after upgrading the extractor).
    pub fn set_force(&mut self, force: bool) {
        self.force = force;
    }

    /// Path → sha256 of every report in the archive (to skip unchanged files before
    /// extracting them).
    ///
    /// # Errors
    /// [`Error::Database`] on a read failure.
    pub fn known_files(&self) -> Result<HashMap<String, String>> {
        let e = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT path, sha256 FROM reports")
            .map_err(&e)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&e)?;
        rows.collect::<rusqlite::Result<_>>().map_err(e)
    }

    /// Adds `report` (keyed by `report.source.path`), replacing the rows of an earlier
    /// version of the same path, in one transaction; skips it when the archive already holds
    /// the same path with the same sha256 (unless [`Store::set_force`]). `origin` names the
    /// input it came from (the file itself, or the JSON Lines file holding it), for
    /// [`Store::prune`]. A failure recorded for the path is cleared.
    ///
    /// # Errors
    /// [`Error::Database`] when writing fails; nothing of the report is written then.
    pub fn index_report(&mut self, report: &Report, origin: &str) -> Result<Indexed> {
        let e = db_error(&self.path);
        let segmenter = &self.dictionaries.segmenter;
        let tx = self.conn.transaction().map_err(&e)?;
        let existing: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, sha256 FROM reports WHERE path = ?1",
                [&report.source.path],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(&e)?;
        let outcome = match &existing {
            Some((_, sha)) if *sha == report.source.sha256 && !self.force => {
                return Ok(Indexed::Skipped)
            }
            Some((id, _)) => {
                delete_report(&tx, *id).map_err(&e)?;
                Indexed::Replaced
            }
            None => Indexed::New,
        };
        tx.execute(
            "DELETE FROM failures WHERE path = ?1",
            [&report.source.path],
        )
        .map_err(&e)?;
        let to_json = |v: &dyn erased::Json| v.json();
        tx.prepare_cached(
            "INSERT INTO reports (path, origin, sha256, format, encoding, bytes, pages, doc_type, title, project,
                scope, organizer, department, unit, region, period, fiscal_year, evaluator, evaluation_date,
                score, grade, grade_raw, summary, keywords, warnings, report_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25, ?26)",
        )
        .and_then(|mut stmt| {
            let s = &report.source;
            stmt.execute(params![
                s.path,
                origin,
                s.sha256,
                s.format,
                s.encoding,
                s.bytes as i64,
                s.pages as i64,
                to_json(&report.doc_type).trim_matches('"'),
                report.title,
                report.project,
                to_json(&report.scope).trim_matches('"'),
                report.organizer,
                report.department,
                report.unit,
                report.region,
                report.period,
                report.fiscal_year,
                report.evaluator,
                report.evaluation_date,
                report.score,
                report.grade.map(|g| g.as_str()),
                report.grade_raw,
                report.summary,
                to_json(&report.keywords),
                to_json(&report.warnings),
                to_json(report),
            ])
        })
        .map_err(&e)?;
        let report_id = tx.last_insert_rowid();
        let items = report
            .achievements
            .iter()
            .map(|a| (ItemKind::Achievement, &a.title, &a.text))
            .chain(
                report
                    .problems
                    .iter()
                    .map(|p| (ItemKind::Problem, &p.title, &p.text)),
            )
            .chain(
                report
                    .suggestions
                    .iter()
                    .map(|s| (ItemKind::Suggestion, &s.title, &s.text)),
            );
        let mut ordinals: HashMap<ItemKind, usize> = HashMap::new();
        {
            let mut insert_item = tx
                .prepare_cached("INSERT INTO items (report_id, kind, ordinal, title, text) VALUES (?1, ?2, ?3, ?4, ?5)")
                .map_err(&e)?;
            let mut insert_fts = tx
                .prepare_cached(
                    "INSERT INTO items_fts (rowid, words, grams, title) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(&e)?;
            let mut insert_category = tx
                .prepare_cached("INSERT OR IGNORE INTO item_categories (item_id, category, rank) VALUES (?1, ?2, ?3)")
                .map_err(&e)?;
            let mut insert_figure = tx
                .prepare_cached("INSERT INTO figures (item_id, ordinal, value, unit, text) VALUES (?1, ?2, ?3, ?4, ?5)")
                .map_err(&e)?;
            for (kind, title, text) in items {
                let ordinal = ordinals.entry(kind).or_default();
                insert_item
                    .execute(params![
                        report_id,
                        kind.as_str(),
                        *ordinal as i64,
                        title,
                        text
                    ])
                    .map_err(&e)?;
                let item_id = tx.last_insert_rowid();
                let full = item_full_text(title, text);
                insert_fts
                    .execute(params![
                        item_id,
                        segmenter.search_tokens_joined(&full),
                        text::grams(&full),
                        text::grams(title)
                    ])
                    .map_err(&e)?;
                match kind {
                    ItemKind::Problem => {
                        for (rank, category) in
                            report.problems[*ordinal].categories.iter().enumerate()
                        {
                            insert_category
                                .execute(params![item_id, category, rank as i64])
                                .map_err(&e)?;
                        }
                    }
                    ItemKind::Achievement => {
                        for (i, f) in report.achievements[*ordinal].figures.iter().enumerate() {
                            insert_figure
                                .execute(params![item_id, i as i64, f.value, f.unit, f.text])
                                .map_err(&e)?;
                        }
                    }
                    ItemKind::Suggestion => {}
                }
                *ordinal += 1;
            }
        }
        tx.commit().map_err(&e)?;
        Ok(outcome)
    }

    /// Records that extracting `path` (from input `origin`) failed with `kind` and
    /// `message`. A report stored earlier for `path` is kept (the failure may be passing:
    /// a file being rewritten, a read error); returns whether there was one.
    ///
    /// # Errors
    /// [`Error::Database`] when writing fails.
    pub fn record_failure(
        &mut self,
        path: &str,
        origin: &str,
        kind: &str,
        message: &str,
    ) -> Result<bool> {
        let e = db_error(&self.path);
        self.conn
            .execute(
                "INSERT OR REPLACE INTO failures (path, origin, kind, message) VALUES (?1, ?2, ?3, ?4)",
                params![path, origin, kind, message],
            )
            .map_err(&e)?;
        self.conn
            .query_row("SELECT 1 FROM reports WHERE path = ?1", [path], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(e)
    }

    /// Removes the failure recorded for `path`, if any (the file was found unchanged since
    /// its stored report).
    ///
    /// # Errors
    /// [`Error::Database`] when writing fails.
    pub fn clear_failure(&mut self, path: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM failures WHERE path = ?1", [path])
            .map(drop)
            .map_err(db_error(&self.path))
    }

    /// The paths with a recorded failure.
    ///
    /// # Errors
    /// [`Error::Database`] on a read failure.
    pub fn failed_paths(&self) -> Result<std::collections::HashSet<String>> {
        let e = db_error(&self.path);
        let mut stmt = self.conn.prepare("SELECT path FROM failures").map_err(&e)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(&e)?;
        rows.collect::<rusqlite::Result<_>>().map_err(e)
    }

    /// Removes the reports and failures whose origin or path is one of `roots` or lies under
    /// one of them (a folder) and whose path is not in `seen`: the files that were removed
    /// since the last run. Paths are compared as written, relative ones from the current
    /// folder ([`is_under`]). Returns how many reports were removed.
    ///
    /// # Errors
    /// [`Error::Database`] when reading or writing fails.
    pub fn prune(
        &mut self,
        roots: &[PathBuf],
        seen: &std::collections::HashSet<String>,
    ) -> Result<usize> {
        let e = db_error(&self.path);
        let under = |origin: &str| roots.iter().any(|root| is_under(origin, root));
        let tx = self.conn.transaction().map_err(&e)?;
        let doomed: Vec<(i64, String)> = {
            let mut stmt = tx
                .prepare("SELECT id, path, origin FROM reports")
                .map_err(&e)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(&e)?;
            let mut doomed = Vec::new();
            for row in rows {
                let (id, path, origin) = row.map_err(&e)?;
                if !seen.contains(&path) && (under(&origin) || under(&path)) {
                    doomed.push((id, path));
                }
            }
            doomed
        };
        for (id, _) in &doomed {
            delete_report(&tx, *id).map_err(&e)?;
        }
        let failed: Vec<String> = {
            let mut stmt = tx
                .prepare("SELECT path, origin FROM failures")
                .map_err(&e)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(&e)?;
            let mut out = Vec::new();
            for row in rows {
                let (path, origin) = row.map_err(&e)?;
                if !seen.contains(&path) && (under(&origin) || under(&path)) {
                    out.push(path);
                }
            }
            out
        };
        for path in &failed {
            tx.execute("DELETE FROM failures WHERE path = ?1", [path])
                .map_err(&e)?;
        }
        tx.commit().map_err(&e)?;
        Ok(doomed.len())
    }

    /// Row counts: (table or view name, rows) for reports, items of each kind,
    /// item_categories, figures and failures.
    ///
    /// # Errors
    /// [`Error::Database`] on a read failure.
    pub fn row_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let e = db_error(&self.path);
        let mut out = Vec::new();
        for table in [
            "reports",
            "achievements",
            "problems",
            "suggestions",
            "item_categories",
            "figures",
            "failures",
        ] {
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .map_err(&e)?;
            out.push((table, n));
        }
        Ok(out)
    }

    /// Runs SQLite's `PRAGMA integrity_check` and FTS5's own check; returns the problems
    /// found (empty when the file is sound).
    ///
    /// # Errors
    /// [`Error::Database`] when the checks cannot run.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let e = db_error(&self.path);
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(&e)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(&e)?;
        let mut problems: Vec<String> = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(&e)?;
        problems.retain(|p| p != "ok");
        Ok(problems)
    }

    /// The underlying connection, for queries the API does not cover (read the schema in
    /// `src/store/schema.rs`).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Opens `path` for reading only.
///
/// Where the file and its folder can be written, the connection is opened read-write but
/// with `PRAGMA query_only` (SQLite refuses every change): SQLite then removes the `-wal` and
/// `-shm` files it makes when the connection closes, as it cannot on a read-only
/// connection, and readers still see a concurrent `index` run's commits correctly. Where
/// they cannot be written (a read-only folder or file, where SQLite cannot make the `-shm`
/// file of a WAL database), the file is opened `immutable=1`: read as it is on disk,
/// without locks (no one can be writing it there).
///
/// A file this user cannot write (another user's archive in a shared folder) is opened
/// `immutable=1` straight away: SQLite would open it read-only yet still make `-wal`/`-shm`
/// files in the writable folder, owned by this user, which it cannot remove on closing and
/// which then lock the owner's next `index` out ("database is read-only").
fn open_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    let immutable = || {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        Connection::open_with_flags(uri(path, "?mode=ro&immutable=1"), flags)
    };
    let unwritable = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
    if unwritable {
        return immutable();
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(uri(path, ""), flags)?;
    let probe = conn
        .pragma_update(None, "query_only", true)
        .and_then(|_| conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())));
    let readonly = conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true);
    match probe {
        Ok(()) if !readonly => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if !matches!(
                e.code,
                rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
            ) =>
        {
            // Not a database, locked, …: reported by the caller's checks.
            Ok(conn)
        }
        _ => {
            drop(conn);
            immutable()
        }
    }
}

/// `path` as an SQLite `file:` URI with `query` appended (characters special in URIs
/// escaped).
fn uri(path: &Path, query: &str) -> String {
    let mut out = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out.push_str(query);
    out
}

/// Whether the stored `path` is `root` or lies under it, both made absolute from the current
/// folder (so `docs/a.txt` is under `./docs` and under the absolute path of `docs`).
pub fn is_under(path: &str, root: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    absolute(Path::new(path)).starts_with(absolute(root))
}

/// Deletes a report, its items (from the FTS index too), categories and figures.
fn delete_report(tx: &rusqlite::Transaction<'_>, report_id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "DELETE FROM items_fts WHERE rowid IN (SELECT id FROM items WHERE report_id = ?1)",
    )?
    .execute([report_id])?;
    tx.prepare_cached("DELETE FROM reports WHERE id = ?1")?
        .execute([report_id])?;
    Ok(())
}

/// Maps a SQLite error to [`Error::Database`] naming `path`.
fn db_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |err| {
        let reason = match &err {
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::NotADatabase => {
                "not an archive database (the file is not SQLite, or is corrupt)".to_string()
            }
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                "database is locked by another process".to_string()
            }
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::ReadOnly => {
                "database is read-only".to_string()
            }
            other => format!("database error: {other}"),
        };
        Error::Database {
            path: path.to_path_buf(),
            reason,
        }
    }
}

mod erased {
    /// Serialization to a JSON string for values stored as JSON text.
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize + ?Sized> Json for T {
        fn json(&self) -> String {
            // Serializing these plain data types (strings, numbers, maps with string keys)
            // cannot fail.
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}
