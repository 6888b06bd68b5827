//! Stage 1, read: bytes → [`Document`] (text per page), whatever the format.
//!
//! The format is detected from the content (magic bytes, BOM, markup), not only from the
//! file extension: `%PDF` → PDF, a zip holding `word/document.xml` → DOCX, `<html` → HTML,
//! anything else that decodes as text → text.

pub mod docx;
pub mod html;
pub mod numbering;
pub mod pdf;
mod text;
pub mod worker;

pub use pdf::PdfOptions;
pub use text::{decode, decode_text, Decoded};

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

    /// Whether an extension names a document format that reports come in but that is not
    /// read (legacy Word/WPS `.doc`/`.wps`, `.rtf`): a folder walk takes such files, so each
    /// gives an `unsupported` error record instead of vanishing into the skipped count.
    pub fn is_unread_document(ext: &str) -> bool {
        matches!(
            ext.to_ascii_lowercase().as_str(),
            "doc" | "wps" | "rtf" | "dot" | "wpt"
        )
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
    /// Problems met while reading that did not stop it (e.g. invalid UTF-8 bytes
    /// replaced); they go first in the report's `warnings`.
    pub warnings: Vec<String>,
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
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    // Markup first (`<!doctype`, `<?xml`, a comment, `<html`), then an html/body/head tag.
    if head.starts_with('<')
        && (head.contains("<!doctype html")
            || head.contains("<html")
            || head.contains("<body")
            || head.contains("<head")
            || head.contains("<meta "))
    {
        return Format::Html;
    }
    match ext {
        Some(Format::Markdown) => Format::Markdown,
        Some(Format::Html) if head.starts_with('<') => Format::Html,
        _ => Format::Text,
    }
}

/// Reads `bytes` (the content of `path`) into a [`Document`]; PDFs are parsed in-process
/// (see [`read_bytes_with`] for a worker process).
///
/// # Errors
/// [`Error::Empty`] for no content, [`Error::Unsupported`] for binary data or an unknown
/// container, [`Error::Encoding`] for text in no supported encoding, and the format
/// readers' errors ([`Error::Pdf`], [`Error::Encrypted`], [`Error::NoTextLayer`],
/// [`Error::Document`]).
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Document> {
    read_bytes_with(path, bytes, &PdfOptions::default())
}

/// [`read_bytes`] with PDF options: a worker process, its time and memory limits.
///
/// # Errors
/// As [`read_bytes`], plus [`Error::Worker`] when a PDF worker times out or crashes.
pub fn read_bytes_with(path: &Path, bytes: &[u8], pdf_options: &PdfOptions) -> Result<Document> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let unsupported = |reason: &str| {
        Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: reason.into(),
        })
    };
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return unsupported(
            "a legacy Office/WPS file (OLE2 compound document: .doc, .wps, .xls) is not read; \
             save it as .docx or PDF",
        );
    }
    if bytes.starts_with(b"{\\rtf") {
        return unsupported("an RTF document is not read; save it as .docx or PDF");
    }
    match detect_format(path, bytes) {
        Format::Pdf => pdf::read_pdf(path, bytes, pdf_options),
        Format::Docx => docx::read_docx(path, bytes),
        Format::Html => html::read_html(path, bytes),
        format @ (Format::Text | Format::Markdown) => {
            let named = path
                .extension()
                .and_then(|e| e.to_str())
                .and_then(Format::from_extension);
            let decoded = decode(path, bytes).map_err(|e| match (e, named) {
                // Binary content under a PDF or Word name: say that it is none.
                (Error::Unsupported { path, reason }, Some(Format::Pdf)) => Error::Unsupported {
                    path,
                    reason: format!("not a PDF despite its name (no %PDF- header): {reason}"),
                },
                (Error::Unsupported { path, reason }, Some(Format::Docx)) => Error::Unsupported {
                    path,
                    reason: format!("not a Word file despite its name (no zip header): {reason}"),
                },
                (e, _) => e,
            })?;
            Ok(Document {
                warnings: decoded.warning().into_iter().collect(),
                pages: vec![decoded.text],
                format,
                encoding: Some(decoded.encoding.to_string()),
                pdf_backend: None,
            })
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
