//! PDF reader: text per page, from two pure-Rust backends with a quality check.
//!
//! `pdf_oxide` is tried first; when it fails (error, panic) or its text fails
//! [`quality_problem`] (empty, U+FFFD, Kangxi/CJK radicals, implausibly low CJK ratio),
//! `pdf-extract` is tried; if poppler's `pdftotext` is on `PATH` it is the last resort.
//! The best text wins and its backend is recorded in [`Document::pdf_backend`].
//!
//! Both libraries can overflow the stack on adversarial files, which aborts the process;
//! [`read_pdf`] therefore runs them in a worker subprocess when [`PdfOptions::worker`] is set
//! (see [`super::worker`]), and in-process under `catch_unwind` otherwise.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Document, Format};
use crate::error::{Error, Result};

/// Backend name of `pdf_oxide` in `source.pdf_backend`.
pub const BACKEND_OXIDE: &str = "pdf_oxide";
/// Backend name of `pdf-extract` in `source.pdf_backend`.
pub const BACKEND_EXTRACT: &str = "pdf-extract";
/// Backend name of poppler's `pdftotext` in `source.pdf_backend`.
pub const BACKEND_PDFTOTEXT: &str = "pdftotext";

/// How PDFs are parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOptions {
    /// Path of the `jixiao` executable to run as an isolated worker (`jixiao pdf-worker`);
    /// `None` parses in-process (a stack overflow in a PDF library then aborts the process).
    pub worker: Option<PathBuf>,
    /// Longest time one PDF may take in the worker before it is killed.
    pub timeout: Duration,
    /// Address-space limit of the worker process, in bytes (`RLIMIT_AS`).
    pub memory_limit: u64,
}

impl Default for PdfOptions {
    /// In-process parsing, 20 s per file, 4 GiB address space for a worker.
    fn default() -> PdfOptions {
        PdfOptions {
            worker: None,
            timeout: Duration::from_secs(20),
            memory_limit: 4 << 30,
        }
    }
}

/// Why a PDF could not be read, without the path (it crosses the worker boundary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum PdfFailure {
    /// Corrupt, truncated or unparsable.
    Pdf(String),
    /// Needs a (non-empty) password.
    Encrypted,
    /// Pages but no text.
    NoTextLayer,
}

impl PdfFailure {
    /// The library error for this failure of `path`.
    pub fn into_error(self, path: &Path) -> Error {
        let path = path.to_path_buf();
        match self {
            PdfFailure::Pdf(reason) => Error::Pdf { path, reason },
            PdfFailure::Encrypted => Error::Encrypted { path },
            PdfFailure::NoTextLayer => Error::NoTextLayer { path },
        }
    }
}

/// The text of a PDF: one string per page and the backend that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfText {
    /// Text of each page, in page order.
    pub pages: Vec<String>,
    /// [`BACKEND_OXIDE`], [`BACKEND_EXTRACT`] or [`BACKEND_PDFTOTEXT`].
    pub backend: String,
}

/// Reads a PDF into a [`Document`], in a worker subprocess when `options.worker` is set.
///
/// # Errors
/// [`Error::Pdf`] for a corrupt or truncated file, [`Error::Encrypted`] when a password is
/// needed, [`Error::NoTextLayer`] for a scanned PDF, [`Error::Worker`] when the worker timed
/// out, ran out of memory or crashed (e.g. stack overflow on an adversarial file).
pub fn read_pdf(path: &Path, bytes: &[u8], options: &PdfOptions) -> Result<Document> {
    let text = match &options.worker {
        Some(exe) => super::worker::parse_in_worker(exe, path, bytes, options)?,
        None => parse_pdf(bytes).map_err(|f| f.into_error(path))?,
    };
    Ok(Document {
        pages: text.pages,
        format: Format::Pdf,
        encoding: None,
        pdf_backend: Some(text.backend),
    })
}

/// Parses a PDF in this process: the backends in turn, each under `catch_unwind`.
///
/// # Errors
/// A [`PdfFailure`]: the first backend's parse error when none produced text, `Encrypted`
/// when the file needs a password, `NoTextLayer` when the pages hold no text.
pub fn parse_pdf(bytes: &[u8]) -> std::result::Result<PdfText, PdfFailure> {
    let mut first_error: Option<PdfFailure> = None;
    let mut best: Option<(PdfText, f64)> = None;
    let mut saw_pages = false;
    let mut consider =
        |result: std::result::Result<Vec<String>, PdfFailure>, backend: &str| -> bool {
            match result {
                Ok(pages) => {
                    saw_pages |= !pages.is_empty();
                    let pages: Vec<String> = pages.iter().map(|p| map_radicals(p)).collect();
                    let problem = quality_problem(&pages);
                    let score = quality_score(&pages);
                    if best.as_ref().map_or(true, |(_, s)| score > *s) {
                        best = Some((
                            PdfText {
                                pages,
                                backend: backend.to_string(),
                            },
                            score,
                        ));
                    }
                    problem.is_none()
                }
                Err(f) => {
                    if first_error.is_none() || f == PdfFailure::Encrypted {
                        first_error = Some(f);
                    }
                    false
                }
            }
        };
    let done = consider(guarded(|| oxide_pages(bytes)), BACKEND_OXIDE)
        || consider(guarded(|| extract_pages(bytes)), BACKEND_EXTRACT)
        || pdftotext_pages(bytes).is_some_and(|r| consider(r, BACKEND_PDFTOTEXT));
    let _ = done;
    match best {
        Some((text, _))
            if text
                .pages
                .iter()
                .any(|p| p.chars().any(|c| !c.is_whitespace())) =>
        {
            Ok(text)
        }
        _ => match first_error {
            Some(PdfFailure::Encrypted) => Err(PdfFailure::Encrypted),
            _ if saw_pages => Err(PdfFailure::NoTextLayer),
            Some(f) => Err(f),
            None => Err(PdfFailure::Pdf("no pages".into())),
        },
    }
}

/// One PDF text extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The `pdf_oxide` crate.
    Oxide,
    /// The `pdf-extract` crate.
    Extract,
    /// Poppler's `pdftotext` command, if on `PATH`.
    Pdftotext,
}

impl Backend {
    /// The name written in `source.pdf_backend`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Oxide => BACKEND_OXIDE,
            Backend::Extract => BACKEND_EXTRACT,
            Backend::Pdftotext => BACKEND_PDFTOTEXT,
        }
    }
}

/// Text per page from one backend alone, in-process (panics caught), without quality
/// checks or radical mapping: for comparisons and benchmarks.
///
/// # Errors
/// The backend's [`PdfFailure`]; `pdftotext` missing from `PATH` is a `PdfFailure::Pdf`.
pub fn pages_with(backend: Backend, bytes: &[u8]) -> std::result::Result<Vec<String>, PdfFailure> {
    match backend {
        Backend::Oxide => guarded(|| oxide_pages(bytes)),
        Backend::Extract => guarded(|| extract_pages(bytes)),
        Backend::Pdftotext => pdftotext_pages(bytes)
            .unwrap_or_else(|| Err(PdfFailure::Pdf("pdftotext not found".into()))),
    }
}

/// Runs `f`, turning a panic into a [`PdfFailure::Pdf`].
fn guarded<T>(
    f: impl FnOnce() -> std::result::Result<T, PdfFailure>,
) -> std::result::Result<T, PdfFailure> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(PdfFailure::Pdf(format!("PDF library panicked: {msg}")))
    })
}

/// Text per page with `pdf_oxide`.
fn oxide_pages(bytes: &[u8]) -> std::result::Result<Vec<String>, PdfFailure> {
    use pdf_oxide::PdfDocument;
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| oxide_failure(&e))?;
    if doc.is_encrypted() {
        // An empty user password (restrictions only) opens the file; anything else needs one.
        match doc.authenticate(b"") {
            Ok(true) => {}
            Ok(false) => return Err(PdfFailure::Encrypted),
            Err(e) => return Err(oxide_failure(&e)),
        }
    }
    let count = doc.page_count().map_err(|e| oxide_failure(&e))?;
    let options = pdf_oxide::converters::ConversionOptions::default();
    (0..count)
        .map(|i| {
            doc.to_plain_text(i, &options)
                .map_err(|e| oxide_failure(&e))
        })
        .collect()
}

fn oxide_failure(e: &pdf_oxide::error::Error) -> PdfFailure {
    match e {
        pdf_oxide::error::Error::EncryptedPdf => PdfFailure::Encrypted,
        other => PdfFailure::Pdf(other.to_string()),
    }
}

/// Text per page with `pdf-extract` (which tries the empty password itself).
fn extract_pages(bytes: &[u8]) -> std::result::Result<Vec<String>, PdfFailure> {
    pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| {
        let reason = e.to_string();
        if reason.to_ascii_lowercase().contains("password")
            || reason.to_ascii_lowercase().contains("decrypt")
        {
            PdfFailure::Encrypted
        } else {
            PdfFailure::Pdf(reason)
        }
    })
}

/// Text per page with poppler's `pdftotext`, when it is on `PATH` (`None` otherwise).
fn pdftotext_pages(bytes: &[u8]) -> Option<std::result::Result<Vec<String>, PdfFailure>> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    let _ = writer.join();
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Some(Err(if reason.contains("password") {
            PdfFailure::Encrypted
        } else {
            PdfFailure::Pdf(reason)
        }));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(Ok(pages))
}

/// Why extracted page texts look wrong, or `None` when they look like real text:
/// `"empty"`, `"replacement characters"` (U+FFFD), `"CJK radicals"` (U+2E80–U+2FDF, a sign
/// of fonts mapped to radicals instead of ideographs) or `"low CJK ratio"` (under 20% CJK
/// among letters for a text with any CJK at all, a sign of mis-decoded glyphs).
pub fn quality_problem(pages: &[String]) -> Option<&'static str> {
    let stats = Stats::of(pages);
    if stats.visible == 0 {
        return Some("empty");
    }
    if stats.replacement * 200 > stats.visible {
        return Some("replacement characters");
    }
    if stats.radicals > 0 {
        return Some("CJK radicals");
    }
    if stats.cjk > 0 && stats.cjk * 5 < stats.letters {
        return Some("low CJK ratio");
    }
    None
}

/// A number ranking backends' outputs of the same file: visible characters, with
/// replacement characters and radicals counted against.
fn quality_score(pages: &[String]) -> f64 {
    let s = Stats::of(pages);
    s.visible as f64 - 10.0 * (s.replacement + s.radicals) as f64
        + if quality_problem(pages).is_none() {
            1e12
        } else {
            0.0
        }
}

#[derive(Default)]
struct Stats {
    visible: usize,
    letters: usize,
    cjk: usize,
    replacement: usize,
    radicals: usize,
}

impl Stats {
    fn of(pages: &[String]) -> Stats {
        let mut s = Stats::default();
        for c in pages
            .iter()
            .flat_map(|p| p.chars())
            .filter(|c| !c.is_whitespace())
        {
            s.visible += 1;
            if c == '\u{fffd}' {
                s.replacement += 1;
            } else if ('\u{2e80}'..='\u{2fdf}').contains(&c) {
                s.radicals += 1;
            }
            if c.is_alphabetic() {
                s.letters += 1;
                if is_cjk(c) {
                    s.cjk += 1;
                }
            }
        }
        s
    }
}

/// Whether `c` is a CJK unified ideograph (basic block, extension A, compatibility).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2fa1f}')
}

/// Simplified-form CJK radicals (U+2E80 block) some fonts map glyphs to, with the ideograph
/// they stand for. Kangxi radicals (U+2F00 block) map by NFKC.
const RADICAL_SUPPLEMENT: &[(char, char)] = &[
    ('\u{2e84}', '乙'),
    ('\u{2e86}', '冂'),
    ('\u{2e8c}', '小'),
    ('\u{2e8d}', '小'),
    ('\u{2e95}', '彐'),
    ('\u{2e97}', '心'),
    ('\u{2e98}', '扌'),
    ('\u{2e9b}', '旡'),
    ('\u{2e9f}', '母'),
    ('\u{2ea0}', '民'),
    ('\u{2ea4}', '爫'),
    ('\u{2ea7}', '牛'),
    ('\u{2eaa}', '疋'),
    ('\u{2eab}', '罒'),
    ('\u{2eae}', '竹'),
    ('\u{2eb3}', '网'),
    ('\u{2eb7}', '羊'),
    ('\u{2ebc}', '月'),
    ('\u{2ec0}', '西'),
    ('\u{2ec1}', '门'),
    ('\u{2ec2}', '衤'),
    ('\u{2ec5}', '见'),
    ('\u{2ec6}', '角'),
    ('\u{2ec8}', '讠'),
    ('\u{2ec9}', '贝'),
    ('\u{2ecb}', '车'),
    ('\u{2ecc}', '辶'),
    ('\u{2ecf}', '阝'),
    ('\u{2ed0}', '钅'),
    ('\u{2ed3}', '长'),
    ('\u{2ed4}', '门'),
    ('\u{2ed6}', '阝'),
    ('\u{2ed7}', '雨'),
    ('\u{2ed8}', '青'),
    ('\u{2ed9}', '韦'),
    ('\u{2eda}', '页'),
    ('\u{2edb}', '风'),
    ('\u{2edc}', '飞'),
    ('\u{2edd}', '食'),
    ('\u{2edf}', '食'),
    ('\u{2ee0}', '饣'),
    ('\u{2ee2}', '马'),
    ('\u{2ee3}', '骨'),
    ('\u{2ee4}', '鬼'),
    ('\u{2ee5}', '鱼'),
    ('\u{2ee6}', '鸟'),
    ('\u{2ee7}', '卤'),
    ('\u{2ee8}', '麦'),
    ('\u{2ee9}', '黄'),
    ('\u{2eea}', '黾'),
    ('\u{2eeb}', '斉'),
    ('\u{2eec}', '齐'),
    ('\u{2eed}', '歯'),
    ('\u{2eee}', '齿'),
    ('\u{2eef}', '竜'),
    ('\u{2ef0}', '龙'),
    ('\u{2ef1}', '龜'),
    ('\u{2ef2}', '亀'),
    ('\u{2ef3}', '龟'),
];

/// Maps CJK radicals (U+2E80–U+2FDF) that fonts use for ordinary ideographs to those
/// ideographs: Kangxi radicals by NFKC, the supplement by a table; others are kept.
///
/// # Examples
/// ```
/// assert_eq!(jixiao::read::pdf::map_radicals("⽀出部⻔⽬标"), "支出部门目标");
/// ```
pub fn map_radicals(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if !text.chars().any(|c| ('\u{2e80}'..='\u{2fdf}').contains(&c)) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\u{2f00}'..='\u{2fdf}' => std::iter::once(c).nfkc().next().unwrap_or(c),
            '\u{2e80}'..='\u{2eff}' => RADICAL_SUPPLEMENT
                .iter()
                .find(|(r, _)| *r == c)
                .map(|(_, i)| *i)
                .unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_map_to_ideographs() {
        assert_eq!(map_radicals("⽀出⻔"), "支出门");
        assert_eq!(map_radicals("plain 文本"), "plain 文本");
    }

    #[test]
    fn quality_flags_bad_text() {
        let p = |s: &str| vec![s.to_string()];
        assert_eq!(quality_problem(&p("  \n ")), Some("empty"));
        assert_eq!(quality_problem(&p("项目⽀出")), Some("CJK radicals"));
        assert_eq!(
            quality_problem(&p("项目\u{fffd}\u{fffd}")),
            Some("replacement characters")
        );
        assert_eq!(
            quality_problem(&p("项abcdefghijklmnopqrstuvwxyz")),
            Some("low CJK ratio")
        );
        assert_eq!(quality_problem(&p("评价分值：81.41分")), None);
        assert_eq!(quality_problem(&p("Annual report 2023")), None);
    }

    #[test]
    fn garbage_is_a_pdf_error() {
        match parse_pdf(b"%PDF-1.7\n%garbage only\n") {
            Err(PdfFailure::Pdf(_)) => {}
            other => panic!("expected a PDF error, got {other:?}"),
        }
    }
}
