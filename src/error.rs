//! The library's error type: every failure names the file and the reason.

use std::path::PathBuf;

/// Errors returned by jixiao's library functions.
///
/// Every variant that concerns an input file carries its path, so a message printed in a
/// batch says which file failed and why. [`Error::kind`] gives a short stable tag used in
/// JSON error records (`{"error": {"kind": "...", "message": "..."}}`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file has no bytes (or only whitespace).
    #[error("{path}: empty file")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is larger than the configured limit.
    #[error("{path}: file too large ({bytes} bytes, limit {limit})")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The bytes are not text in any supported encoding, nor a supported document format.
    #[error("{path}: unsupported: {reason}")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What was found instead (e.g. "binary data", "PNG image").
        reason: String,
    },
    /// The text could not be decoded in any supported encoding.
    #[error("{path}: unknown text encoding: {reason}")]
    Encoding {
        /// The file.
        path: PathBuf,
        /// Why decoding failed.
        reason: String,
    },
    /// A PDF could not be parsed (corrupt, truncated, adversarial structure).
    #[error("{path}: invalid PDF: {reason}")]
    Pdf {
        /// The file.
        path: PathBuf,
        /// The parser's reason.
        reason: String,
    },
    /// A PDF is encrypted with a non-empty user password.
    #[error("{path}: encrypted PDF needs a password")]
    Encrypted {
        /// The file.
        path: PathBuf,
    },
    /// A PDF has pages but no text layer (a scanned document).
    #[error("{path}: no text layer: scanned PDF, needs OCR")]
    NoTextLayer {
        /// The file.
        path: PathBuf,
    },
    /// A DOCX or HTML document could not be parsed.
    #[error("{path}: invalid {format} document: {reason}")]
    Document {
        /// The file.
        path: PathBuf,
        /// "docx" or "html".
        format: &'static str,
        /// The parser's reason.
        reason: String,
    },
    /// Reading the file took longer than allowed, or its worker process died.
    #[error("{path}: {reason}")]
    Worker {
        /// The file.
        path: PathBuf,
        /// What happened (timeout, crash, memory limit).
        reason: String,
    },
    /// An include/exclude glob pattern is malformed.
    #[error("invalid glob pattern {pattern:?}: {reason}")]
    Pattern {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A dictionary file is malformed.
    #[error("{file}:{line}: {message}")]
    Dictionary {
        /// The dictionary file name.
        file: String,
        /// 1-based line number (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The archive database cannot be opened, read or written (missing, corrupt, not a
    /// jixiao archive, locked, disk full).
    #[error("{path}: {reason}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The archive database was written by a newer jixiao (its schema version is higher than
    /// this build knows), or is older than a read-only command can use.
    #[error(
        "{path}: archive schema version {found}, this jixiao supports version {supported}: {hint}"
    )]
    SchemaVersion {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file (`PRAGMA user_version`).
        found: i64,
        /// The schema version this build writes.
        supported: i64,
        /// What to do about it.
        hint: &'static str,
    },
    /// A search query or filter is not usable (no searchable words, unknown category, bad
    /// year range, …).
    #[error("invalid query: {reason}")]
    Query {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A line of a JSON Lines input is neither a report nor an error record.
    #[error("{path}:{line}: not a jixiao record: {reason}")]
    Record {
        /// The JSON Lines file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The parser's reason.
        reason: String,
    },
}

impl Error {
    /// A short, stable tag for the kind of error, used in JSON error records and summaries:
    /// `io`, `empty`, `too_large`, `unsupported`, `encoding`, `pdf`, `encrypted`,
    /// `no_text_layer`, `document`, `worker`, `pattern`, `dictionary`, `database`,
    /// `schema_version`, `query`, `record`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Empty { .. } => "empty",
            Error::TooLarge { .. } => "too_large",
            Error::Unsupported { .. } => "unsupported",
            Error::Encoding { .. } => "encoding",
            Error::Pdf { .. } => "pdf",
            Error::Encrypted { .. } => "encrypted",
            Error::NoTextLayer { .. } => "no_text_layer",
            Error::Document { .. } => "document",
            Error::Worker { .. } => "worker",
            Error::Pattern { .. } => "pattern",
            Error::Dictionary { .. } => "dictionary",
            Error::Database { .. } => "database",
            Error::SchemaVersion { .. } => "schema_version",
            Error::Query { .. } => "query",
            Error::Record { .. } => "record",
        }
    }
}

/// Result with jixiao's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
