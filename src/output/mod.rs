//! Stage 6, output: records as JSON, JSON Lines, and error records.

use std::io::Write;

use serde::Serialize;

use crate::error::Error;
use crate::report::Report;

/// An error record written in place of a report when a file fails:
/// `{"source": {"path": …}, "error": {"kind": …, "message": …}}`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ErrorRecord {
    /// `{"path": …}` of the failed file.
    pub source: ErrorSource,
    /// What went wrong.
    pub error: ErrorInfo,
}

/// The source part of an [`ErrorRecord`].
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ErrorSource {
    /// The failed file's path.
    pub path: String,
}

/// The error part of an [`ErrorRecord`].
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ErrorInfo {
    /// [`Error::kind`] tag, e.g. `encoding`.
    pub kind: String,
    /// The full message, naming the file.
    pub message: String,
}

impl ErrorRecord {
    /// The record for `error` on `path`.
    pub fn new(path: &str, error: &Error) -> ErrorRecord {
        ErrorRecord {
            source: ErrorSource {
                path: path.to_string(),
            },
            error: ErrorInfo {
                kind: error.kind().to_string(),
                message: error.to_string(),
            },
        }
    }
}

/// Writes `report` as one line of JSON.
///
/// # Errors
/// The writer's I/O error.
pub fn write_jsonl<W: Write, T: Serialize>(out: &mut W, record: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

/// Writes `report` as pretty-printed JSON followed by a newline.
///
/// # Errors
/// The writer's I/O error.
pub fn write_pretty<W: Write>(out: &mut W, report: &Report) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
