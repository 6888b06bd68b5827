//! The archive's SQL schema, as numbered migrations (`PRAGMA user_version` = migrations applied).

/// `PRAGMA application_id` of a jixiao archive ("JXAO").
pub const APPLICATION_ID: i64 = 0x4A58_414F;

/// Migration `i` takes the schema from version `i` to `i + 1`. Never edit a released
/// migration: append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 0 → 1
    r#"
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    path            TEXT NOT NULL UNIQUE,   -- source.path: the key of a file's rows
    origin          TEXT NOT NULL,          -- the input it came from (the file, or a JSON Lines file)
    sha256          TEXT NOT NULL,
    format          TEXT,
    encoding        TEXT,
    bytes           INTEGER,
    pages           INTEGER,
    doc_type        TEXT NOT NULL,
    title           TEXT,
    project         TEXT,
    scope           TEXT NOT NULL,
    organizer       TEXT,
    department      TEXT,
    unit            TEXT,
    region          TEXT,
    period          TEXT,
    fiscal_year     INTEGER,
    evaluator       TEXT,
    evaluation_date TEXT,
    score           REAL,                   -- out of 100
    grade           TEXT,                   -- 优 良 中 差
    grade_raw       TEXT,
    summary         TEXT,
    keywords        TEXT NOT NULL,          -- JSON array
    warnings        TEXT NOT NULL,          -- JSON array
    report_json     TEXT NOT NULL,          -- the whole Report record
    indexed_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX reports_origin ON reports(origin);
CREATE INDEX reports_fiscal_year ON reports(fiscal_year);

-- Achievements, problems and suggestions; the views below show each kind as its own table.
CREATE TABLE items (
    id        INTEGER PRIMARY KEY,          -- also the rowid in items_fts
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('achievement', 'problem', 'suggestion')),
    ordinal   INTEGER NOT NULL,             -- 0-based position in the report's list
    title     TEXT NOT NULL,
    text      TEXT NOT NULL,
    UNIQUE (report_id, kind, ordinal)
);
CREATE INDEX items_kind ON items(kind);

CREATE TABLE item_categories (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    category TEXT NOT NULL,                 -- id from categories.toml
    rank     INTEGER NOT NULL,              -- 0 = best
    PRIMARY KEY (item_id, category)
) WITHOUT ROWID;
CREATE INDEX item_categories_category ON item_categories(category);

CREATE TABLE figures (
    id      INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    value   REAL NOT NULL,
    unit    TEXT NOT NULL,
    text    TEXT NOT NULL
);
CREATE INDEX figures_item ON figures(item_id);

-- Files whose last extraction failed.
CREATE TABLE failures (
    path    TEXT PRIMARY KEY,
    origin  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    message TEXT NOT NULL,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX failures_origin ON failures(origin);

-- Full text (see store/text.rs): jieba words and character bigrams of the item (title and
-- text), and the bigrams of the title alone (to rank title matches higher); rowid = items.id.
CREATE VIRTUAL TABLE items_fts USING fts5(
    words, grams, title, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIEW problems AS
    SELECT id, report_id, ordinal, title, text FROM items WHERE kind = 'problem';
CREATE VIEW suggestions AS
    SELECT id, report_id, ordinal, title, text FROM items WHERE kind = 'suggestion';
CREATE VIEW achievements AS
    SELECT id, report_id, ordinal, title, text FROM items WHERE kind = 'achievement';
CREATE VIEW problem_categories AS
    SELECT item_id AS problem_id, category, rank FROM item_categories;
"#,
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
