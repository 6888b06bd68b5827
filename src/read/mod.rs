//! Stage 1, read: bytes → [`Document`] (text per page), whatever the format.
//!
//! The format is detected from the content (magic bytes, BOM, markup), not only from the
//! file extension: `%PDF` → PDF, a zip holding `word/document.xml` → DOCX, `<html` → HTML,
//! anything else that decodes as text → text.

mod text;

pub use text::decode_text;

use std::path::Path;

use crate::error::{Error, Result};

/// A document's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown (a text format whose `#` headings are kept).
    Markdown,
    /// PDF.
    Pdf,
    /// Word 2007+ (.docx).
    Docx,
    /// An HTML page.
    Html,
}

impl Format {
    /// The name written in `source.format`: `txt`, `md`, `pdf`, `docx`, `html`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }

    /// The format an extension suggests (lower case, no dot), if it is a report format.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => return None,
        })
    }
}

/// A read document: its text, page by page, before normalization.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Text of each page (one entry for formats without pages).
    pub pages: Vec<String>,
    /// The detected format.
    pub format: Format,
    /// The text encoding used (`UTF-8`, `GB18030`, `UTF-16LE`, …), for text formats.
    pub encoding: Option<String>,
    /// The PDF backend that produced the text, for PDFs.
    pub pdf_backend: Option<String>,
}

/// Detects the format of `bytes` from their content; `path`'s extension only breaks ties
/// between text formats (Markdown vs plain text).
pub fn detect_format(path: &Path, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF") || find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<') && head.contains("<body"))
    {
        return Format::Html;
    }
    match ext {
        Some(Format::Markdown) => Format::Markdown,
        Some(Format::Html) if head.starts_with('<') => Format::Html,
        _ => Format::Text,
    }
}

/// Reads `bytes` (the content of `path`) into a [`Document`].
///
/// # Errors
/// [`Error::Empty`] for no content, [`Error::Unsupported`] for binary data or an unknown
/// container, [`Error::Encoding`] for text in no supported encoding, and the format
/// readers' errors ([`Error::Pdf`], [`Error::Encrypted`], [`Error::NoTextLayer`],
/// [`Error::Document`]).
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Document> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    match detect_format(path, bytes) {
        Format::Pdf => Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "PDF support is not built yet".into(),
        }),
        Format::Docx => Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "DOCX support is not built yet".into(),
        }),
        Format::Html => Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "HTML support is not built yet".into(),
        }),
        format @ (Format::Text | Format::Markdown) => {
            let (text, encoding) = decode_text(path, bytes)?;
            Ok(Document {
                pages: vec![text],
                format,
                encoding: Some(encoding.to_string()),
                pdf_backend: None,
            })
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
