//! jixiao (绩效) turns Chinese fiscal performance evaluation reports — 财政支出绩效评价结果反馈,
//! 绩效评价报告, 部门/项目支出绩效自评报告 — into structured [`Report`] records.
//!
//! The pipeline, one module per stage (see `ARCHITECTURE.md`):
//!
//! ```text
//! bytes ─read─▶ Document ─normalize─▶ NormText ─sections─▶ Vec<Section>
//!       ─extract─▶ Report ─classify─▶ categories, keywords ─output/store─▶ JSON, SQLite
//! ```
//!
//! # Examples
//!
//! ```
//! let config = jixiao::Config::default();
//! let report = jixiao::extract_text("评价项目：农村公路养护\n评价分值：81.41\n评价结论：良\n", &config);
//! assert_eq!(report.score, Some(81.41));
//! assert_eq!(report.grade, Some(jixiao::Grade::Good));
//! ```
#![deny(missing_docs)]

pub mod batch;
pub mod classify;
pub mod dictionaries;
pub mod error;
pub mod extract;
pub mod normalize;
pub mod output;
pub mod read;
pub mod report;
pub mod sections;
pub mod segment;
pub mod store;

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

pub use dictionaries::Dictionaries;
pub use error::{Error, Result};
pub use report::{
    Achievement, DocType, Figure, Grade, Problem, Report, Scope, Source, Span, Suggestion,
};

/// Default largest input accepted, in bytes (200 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// Settings shared by every file of a run. Cheap to clone; build once per process.
#[derive(Debug, Clone)]
pub struct Config {
    /// Domain dictionaries (labels, headings, categories, jieba user words).
    pub dictionaries: Arc<Dictionaries>,
    /// Files larger than this many bytes are refused with [`Error::TooLarge`].
    pub max_bytes: u64,
    /// How PDFs are parsed: in-process, or in a worker subprocess with time and memory
    /// limits (`pdf.worker` = path of the `jixiao` executable; the CLI sets it).
    pub pdf: read::PdfOptions,
}

impl Default for Config {
    /// The embedded default dictionaries (loaded once per process), a 200 MiB limit and
    /// in-process PDF parsing.
    fn default() -> Config {
        Config {
            dictionaries: Dictionaries::embedded(),
            max_bytes: DEFAULT_MAX_BYTES,
            pdf: read::PdfOptions::default(),
        }
    }
}

impl Config {
    /// A configuration with dictionaries loaded from `dir` (files missing there fall back to
    /// the embedded defaults).
    ///
    /// # Errors
    /// [`Error::Io`] when a file cannot be read, [`Error::Dictionary`] with file and line
    /// when one is malformed.
    pub fn with_dictionaries(dir: &Path) -> Result<Config> {
        Ok(Config {
            dictionaries: Arc::new(Dictionaries::load_dir(dir)?),
            ..Config::default()
        })
    }
}

/// Reads and extracts one file.
///
/// # Errors
/// Any [`Error`] of reading: I/O, empty file, too large, binary data, unknown encoding,
/// unreadable PDF/DOCX/HTML. A readable text that holds no report is not an error: it gives
/// a report of nulls with a warning.
pub fn extract_file(path: &Path, config: &Config) -> Result<Report> {
    let bytes = read_file_limited(path, config.max_bytes)?;
    extract_bytes(path, &bytes, config)
}

/// The bytes of the file at `path`, reading at most `max_bytes` of them: a regular file
/// over the limit is refused before reading, and a stream (a named pipe, a device) is
/// read up to the limit and refused if it holds more, so memory stays bounded.
///
/// # Errors
/// [`Error::Io`] when it cannot be opened or read, [`Error::Unsupported`] for a folder,
/// [`Error::TooLarge`] over `max_bytes`.
pub fn read_file_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "is a directory".into(),
        });
    }
    if meta.len() > max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
            limit: max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    read_limited(file, path, max_bytes, meta.len() as usize)
}

/// Reads `reader` to its end, at most `max_bytes` (plus one, to tell that there is more);
/// `path` names it in errors.
///
/// # Errors
/// [`Error::Io`] when reading fails, [`Error::TooLarge`] when it holds more than `max_bytes`.
pub(crate) fn read_limited(
    reader: impl std::io::Read,
    path: &Path,
    max_bytes: u64,
    capacity: usize,
) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Extracts a report from the content of a file; `path` names it in `source.path` and in
/// errors, and its extension helps detect the format.
///
/// # Errors
/// As [`extract_file`].
pub fn extract_bytes(path: &Path, bytes: &[u8], config: &Config) -> Result<Report> {
    if bytes.len() as u64 > config.max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit: config.max_bytes,
        });
    }
    let document = read::read_bytes_with(path, bytes, &config.pdf)?;
    Ok(extract_document(
        &document,
        source_of(path, bytes, &document),
        config,
    ))
}

/// Builds the [`Source`] record of a read document.
pub fn source_of(path: &Path, bytes: &[u8], document: &read::Document) -> Source {
    Source {
        path: path.to_string_lossy().into_owned(),
        format: document.format.as_str().to_string(),
        encoding: document.encoding.clone(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        pages: document.pages.len(),
        pdf_backend: document.pdf_backend.clone(),
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs normalize → sections → extract → classify on a read document.
pub fn extract_document(document: &read::Document, source: Source, config: &Config) -> Report {
    let text = normalize::normalize_pages(&document.pages);
    let mut report = extract::extract(&text, source, &config.dictionaries);
    classify::classify(&mut report, &text, &config.dictionaries);
    add_read_warnings(&mut report, document);
    report
}

/// Puts the warnings of reading (e.g. invalid bytes replaced) first in the report's.
pub(crate) fn add_read_warnings(report: &mut Report, document: &read::Document) {
    report
        .warnings
        .splice(0..0, document.warnings.iter().cloned());
}

/// Extracts a report from text already in memory (no file): `source.path` is empty and
/// `source.format` is `txt`.
pub fn extract_text(text: &str, config: &Config) -> Report {
    let document = read::Document {
        pages: vec![text.to_string()],
        format: read::Format::Text,
        encoding: Some("UTF-8".into()),
        pdf_backend: None,
        warnings: Vec::new(),
    };
    let source = source_of(Path::new(""), text.as_bytes(), &document);
    extract_document(&document, source, config)
}
