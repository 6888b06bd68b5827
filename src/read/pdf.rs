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
///
/// A file cut short (no `%%EOF` end marker near its end, [`is_truncated`]) whose pages hold
/// no text is an [`Error::Pdf`] saying so, not a scanned PDF; one whose text was read gets a
/// warning that pages or text may be missing.
pub fn read_pdf(path: &Path, bytes: &[u8], options: &PdfOptions) -> Result<Document> {
    let truncated = is_truncated(bytes);
    let parsed = match &options.worker {
        Some(exe) => super::worker::parse_in_worker(exe, path, bytes, options),
        None => parse_pdf(bytes).map_err(|f| f.into_error(path)),
    };
    let text = match parsed {
        Err(Error::NoTextLayer { .. }) if truncated => {
            return Err(Error::Pdf {
                path: path.to_path_buf(),
                reason: format!("{TRUNCATED}; no text could be read"),
            })
        }
        Err(Error::Pdf { path, reason }) if truncated => {
            return Err(Error::Pdf {
                path,
                reason: format!("{TRUNCATED}: {reason}"),
            })
        }
        other => other?,
    };
    Ok(Document {
        pages: text.pages,
        format: Format::Pdf,
        encoding: None,
        pdf_backend: Some(text.backend),
        warnings: if truncated {
            vec![format!("{TRUNCATED}: pages or text may be missing")]
        } else {
            Vec::new()
        },
    })
}

const TRUNCATED: &str = "truncated PDF (the file ends without its %%EOF end marker)";

/// Whether a PDF file was cut short: no `%%EOF` marker in its last 2 KiB (writers end every
/// file, and each incremental update, with one; a little trailing junk is tolerated).
pub fn is_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
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

/// Text per page with `pdf_oxide`: laid out from positioned glyphs ([`layout_page`]), or
/// its own plain-text conversion when a page has no usable positioned glyphs.
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
            let positioned = catch_unwind(AssertUnwindSafe(|| oxide_layout(&doc, i)))
                .ok()
                .flatten();
            match positioned {
                Some(text) => Ok(text),
                None => doc
                    .to_plain_text(i, &options)
                    .map_err(|e| oxide_failure(&e)),
            }
        })
        .collect()
}

/// Page `index` laid out from `pdf_oxide`'s positioned text spans and ruling lines; `None`
/// when the spans cannot be had or are mostly rotated (the plain-text conversion is used
/// then). A span's characters share its width evenly. Glyphs whose origin lies off the
/// visible box of an unrotated page ([`on_page`]) are dropped.
fn oxide_layout(doc: &pdf_oxide::PdfDocument, index: usize) -> Option<String> {
    let spans = doc.extract_spans(index).ok()?;
    // On a `/Rotate`d page some spans are mapped into the displayed frame: no filter there.
    let visible = doc
        .get_page_visible_box(index)
        .ok()
        .filter(|_| doc.get_page_rotation(index).is_ok_and(|r| r == 0));
    let mut glyphs: Vec<Glyph> = Vec::new();
    let mut rotated = 0usize;
    for span in &spans {
        let count = span.text.chars().count();
        if count == 0 {
            continue;
        }
        let size = if span.font_size > 0.5 {
            span.font_size
        } else {
            span.bbox.height.max(1.0)
        };
        // A vertical run (rotated text) is taller than one line and than it is wide.
        if count > 1 && span.bbox.height > size * 1.5 && span.bbox.height > span.bbox.width {
            rotated += count;
            continue;
        }
        let step = span.bbox.width.max(0.0) / count as f32;
        for (i, ch) in span.text.chars().enumerate() {
            if ch.is_whitespace() || ch.is_control() {
                continue;
            }
            let glyph = Glyph {
                ch,
                x: span.bbox.x + step * i as f32,
                width: step,
                baseline: span.bbox.y,
                size,
                upright: true,
            };
            if visible.map_or(true, |page| on_page(&glyph, page)) {
                glyphs.push(glyph);
            }
        }
    }
    if glyphs.is_empty() || rotated * 10 > glyphs.len() {
        return None;
    }
    let rules: Vec<Rule> = doc
        .extract_paths(index)
        .map(|paths| {
            paths
                .iter()
                .filter(|p| p.stroke_color.is_some() || p.fill_color.is_some())
                .filter_map(|p| Rule::from_box(p.bbox.x, p.bbox.y, p.bbox.width, p.bbox.height))
                .collect()
        })
        .unwrap_or_default();
    Some(layout_page(&glyphs, &rules))
}

/// Whether a glyph is on the page whose visible box is `(left, bottom, right, top)`: its
/// baseline lies within the box's height and its advance overlaps the box's width.
///
/// Word processors that let a paragraph run past the bottom margin draw its last line
/// partly or wholly below the page edge and draw it again at the top of the next page;
/// poppler discards such glyphs by the same test, and so do we, so the line is read once.
pub fn on_page(glyph: &Glyph, (left, bottom, right, top): (f32, f32, f32, f32)) -> bool {
    (bottom..=top).contains(&glyph.baseline) && glyph.right() >= left && glyph.x <= right
}

/// One positioned character in PDF user space (y grows upwards), in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The character.
    pub ch: char,
    /// Left edge (baseline origin x).
    pub x: f32,
    /// Advance width.
    pub width: f32,
    /// Baseline y.
    pub baseline: f32,
    /// Font size.
    pub size: f32,
    /// Whether the glyph is horizontal (not rotated).
    pub upright: bool,
}

impl Glyph {
    fn right(&self) -> f32 {
        self.x + self.width
    }
    /// Vertical middle of the glyph (baseline plus about a third of the size).
    fn middle(&self) -> f32 {
        self.baseline + self.size * 0.35
    }
}

/// A horizontal or vertical ruling line (a thin stroked or filled box), in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Whether the rule runs left to right.
    pub horizontal: bool,
    /// Position across the rule: y of a horizontal rule, x of a vertical one.
    pub at: f32,
    /// Start along the rule (x of a horizontal rule, y of a vertical one).
    pub from: f32,
    /// End along the rule.
    pub to: f32,
}

impl Rule {
    /// A rule from a path's bounding box, if the box is a thin line (at most 3 pt across,
    /// at least 6 pt long); a filled cell background or a glyph outline is not a rule.
    pub fn from_box(x: f32, y: f32, width: f32, height: f32) -> Option<Rule> {
        let (width, height) = (width.abs(), height.abs());
        if height <= 3.0 && width >= 6.0 {
            Some(Rule {
                horizontal: true,
                at: y + height / 2.0,
                from: x,
                to: x + width,
            })
        } else if width <= 3.0 && height >= 6.0 {
            Some(Rule {
                horizontal: false,
                at: x + width / 2.0,
                from: y,
                to: y + height,
            })
        } else {
            None
        }
    }
}

/// Where a glyph sits: in a ruled table cell (left, top, right, bottom edges) or free.
type CellKey = (i64, i64, i64, i64);

/// The ruled cell around `g`: the nearest vertical rules left and right of it, and the
/// nearest horizontal rules above and below, or where the left rule ends when a row is cut
/// by a page break (its top or bottom rule is on the other page).
fn cell_of(g: &Glyph, rules: &[Rule]) -> Option<CellKey> {
    let (cx, cy) = (g.x + g.width / 2.0, g.middle());
    let slack = 1.0;
    let nearest = |horizontal: bool, along: f32, across: f32, below: bool| -> Option<Rule> {
        rules
            .iter()
            .filter(|r| {
                r.horizontal == horizontal && r.from - slack <= along && along <= r.to + slack
            })
            .filter(|r| if below { r.at < across } else { r.at > across })
            .fold(None, |best: Option<Rule>, r| {
                Some(match best {
                    Some(b) if (b.at - across).abs() <= (r.at - across).abs() => b,
                    _ => *r,
                })
            })
    };
    let left = nearest(false, cy, cx, true)?;
    let right = nearest(false, cy, cx, false)?;
    let bottom = nearest(true, cx, cy, true).map_or(left.from.max(right.from), |r| r.at);
    let top = nearest(true, cx, cy, false).map_or(left.to.min(right.to), |r| r.at);
    Some((
        left.at.round() as i64,
        top.round() as i64,
        right.at.round() as i64,
        bottom.round() as i64,
    ))
}

/// A printed line: glyphs on one baseline, left to right.
struct Line {
    glyphs: Vec<Glyph>,
}

impl Line {
    fn baseline(&self) -> f32 {
        self.glyphs[0].baseline
    }
    fn left(&self) -> f32 {
        self.glyphs[0].x
    }
    fn right(&self) -> f32 {
        self.glyphs
            .iter()
            .map(Glyph::right)
            .fold(f32::MIN, f32::max)
    }
    fn size(&self) -> f32 {
        self.glyphs.iter().map(|g| g.size).fold(0.0, f32::max)
    }
}

/// Groups glyphs into lines (baselines within a third of the font size), top to bottom,
/// each left to right.
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.baseline.total_cmp(&a.baseline));
    let mut lines: Vec<Line> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line)
                if (line.baseline() - g.baseline).abs() <= g.size.max(line.size()) * 0.35 =>
            {
                line.glyphs.push(g)
            }
            _ => lines.push(Line { glyphs: vec![g] }),
        }
    }
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

fn is_wide(c: char) -> bool {
    is_cjk(c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// The text of one line: a space where glyphs are apart by more than a quarter of the font
/// size (two spaces, the cell separator, beyond two font sizes, and between two ideographs
/// beyond 0.4 of it: CJK text sets its glyphs edge to edge, so such a gap is the two or more
/// spaces of a column gap, as in `实施单位  某中心  项目属性`; next to punctuation, a Latin
/// glyph, a bullet or a digit, spacing that wide is common within a line).
fn line_text(line: &Line) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in &line.glyphs {
        if let Some(p) = prev {
            let gap = g.x - p.right();
            let size = g.size.max(p.size);
            // Between ideographs (not punctuation, whose glyphs sit in one side of their
            // box and are often set closer or wider), 0.4 em is a column gap already.
            let column = if is_cjk(p.ch) && is_cjk(g.ch) {
                gap > size * 0.4
            } else {
                gap > size * 2.0
            };
            if column {
                out.push_str("  ");
            } else if gap > size * 0.25 && !(is_wide(p.ch) && is_wide(g.ch) && gap < size * 0.6) {
                out.push(' ');
            }
        }
        out.push(g.ch);
        prev = Some(g);
    }
    out
}

/// The text of one ruled table cell: its lines joined where they wrap (a line reaching the
/// cell's right edge continues on the next), a line break after a line that ends short.
fn cell_text(lines: &[Line]) -> String {
    let right = lines.iter().map(Line::right).fold(f32::MIN, f32::max);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line_text(line);
        if i > 0 {
            let prev = &lines[i - 1];
            let full = prev.right() >= right - prev.size() * 1.5;
            let last = prev.glyphs.last().map_or(' ', |g| g.ch);
            let first = line.glyphs[0].ch;
            if !full {
                out.push('\n');
            } else if !(is_wide(last) || is_wide(first)) {
                out.push(' ');
            }
        }
        out.push_str(&text);
    }
    out
}

/// Lays out one page: text outside ruled tables one printed line per line; each ruled table
/// cell as one block of text on its own line(s), cells in reading order (rows top to bottom,
/// cells left to right), so a label cell and its value cell come out as consecutive lines.
pub fn layout_page(glyphs: &[Glyph], rules: &[Rule]) -> String {
    let mut cells: Vec<(CellKey, Vec<Glyph>)> = Vec::new();
    let mut free: Vec<Glyph> = Vec::new();
    for g in glyphs {
        match cell_of(g, rules) {
            Some(key) => match cells.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(*g),
                None => cells.push((key, vec![*g])),
            },
            None => free.push(*g),
        }
    }
    // Units to order: (top y, left x, text, set apart from the line above by a paragraph gap).
    let mut units: Vec<(f32, f32, String, bool)> = Vec::new();
    let lines = lines_of(free);
    let gaps = paragraph_gaps(&lines);
    for (line, gap) in lines.iter().zip(gaps) {
        let top = line.baseline() + line.size();
        units.push((top, line.left(), line_text(line), gap));
    }
    for (key, gs) in cells {
        let text = cell_text(&lines_of(gs));
        units.push((key.1 as f32, key.0 as f32, text, false));
    }
    units.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)));
    let mut out = String::new();
    for (_, _, text, gap) in units {
        if gap && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// For each line (top to bottom), whether a paragraph gap sets it apart from the line
/// above: a step between baselines at least a third larger than the page's line step (its
/// smallest steps but the odd outlier: the tenth percentile, at least the second smallest;
/// short paragraphs make most steps paragraph gaps) and larger by a third of the font size. A page whose paragraphs are spaced apart (a blank line, or Word's
/// spacing after a paragraph) comes out with an empty line between them, which tells a
/// paragraph that ended exactly at the margin from one that wrapped there. No gaps on a
/// page of fewer than four steps.
fn paragraph_gaps(lines: &[Line]) -> Vec<bool> {
    let step = |i: usize| lines[i - 1].baseline() - lines[i].baseline();
    let mut steps: Vec<f32> = (1..lines.len()).map(step).filter(|&s| s > 0.0).collect();
    let mut gaps = vec![false; lines.len()];
    if steps.len() < 4 {
        return gaps;
    }
    steps.sort_by(f32::total_cmp);
    // The line step: the tenth percentile, or the smallest step that comes twice (within
    // 3%) and is at least about the median font size, when fewer lines wrap than one step in ten (a
    // page of one-line paragraphs set apart by blank lines).
    let mut sizes: Vec<f32> = lines.iter().map(Line::size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];
    let repeated = steps
        .windows(2)
        .find(|w| w[0] >= size * 0.9 && w[1] <= w[0] * 1.03)
        .map(|w| w[0]);
    let percentile = steps[(steps.len() / 10).max(1)];
    let typical = repeated.map_or(percentile, |r| r.min(percentile));
    let indented = first_line_indents(lines, size);
    for (i, gap) in gaps.iter_mut().enumerate().skip(1) {
        let s = step(i);
        let size = lines[i].size().max(lines[i - 1].size());
        *gap = (s >= typical * 1.35 && s >= typical + size / 3.0) || indented[i];
    }
    gaps
}

/// For each line, whether it opens a paragraph by a first-line indent: it starts 1.5 to 2.6
/// font sizes (`size`, the page's median) right of the left margin (the leftmost edge two
/// lines share), on a page with at least two such lines and two lines at the margin. Where
/// paragraphs are set apart by indents rather than spacing, this tells a paragraph that ended
/// exactly at the margin from one that wrapped there, as a blank line does.
fn first_line_indents(lines: &[Line], size: f32) -> Vec<bool> {
    let mut indented = vec![false; lines.len()];
    if size <= 0.0 {
        return indented;
    }
    let mut lefts: Vec<i32> = lines.iter().map(|l| l.left().round() as i32).collect();
    lefts.sort_unstable();
    // The leftmost edge that two lines share (on a page of one-line paragraphs most lines
    // start at the indent).
    let Some(margin) = lefts
        .windows(2)
        .find(|w| w[1] - w[0] <= 1)
        .map(|w| w[0] as f32)
    else {
        return indented;
    };
    for (flag, line) in indented.iter_mut().zip(lines) {
        let shift = line.left() - margin;
        *flag = shift >= size * 1.5 && shift <= size * 2.6;
    }
    let count = indented.iter().filter(|&&f| f).count();
    if count < 2 || lines.len() - count < 2 {
        return vec![false; lines.len()];
    }
    indented
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

    /// A row of glyphs of size 10 starting at `x` on `baseline`, 10 pt apart.
    fn run(text: &str, x: f32, baseline: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                ch,
                x: x + 10.0 * i as f32,
                width: 10.0,
                baseline,
                size: 10.0,
                upright: true,
            })
            .collect()
    }

    fn hrule(at: f32, from: f32, to: f32) -> Rule {
        Rule {
            horizontal: true,
            at,
            from,
            to,
        }
    }

    fn vrule(at: f32, from: f32, to: f32) -> Rule {
        Rule {
            horizontal: false,
            at,
            from,
            to,
        }
    }

    #[test]
    fn ruled_cells_come_out_one_per_line_with_wrapped_text_joined() {
        // Title, then a 4-column table of two rows; row 1's second cell wraps onto a
        // second line, row 2's label cell is one character per line (a narrow column)
        // and its value sits in the middle of the cell.
        let mut glyphs = run("附件标题", 0.0, 300.0);
        glyphs.extend(run("评价机构", 2.0, 270.0));
        glyphs.extend(run("景德镇保记会计师", 52.0, 270.0));
        glyphs.extend(run("事务所", 52.0, 258.0));
        glyphs.extend(run("评价时间", 142.0, 270.0));
        glyphs.extend(run("2024年8月", 192.0, 270.0));
        glyphs.extend(run("评", 2.0, 240.0));
        glyphs.extend(run("价", 2.0, 228.0));
        glyphs.extend(run("良", 52.0, 228.0));
        glyphs.extend(run("正文段落", 0.0, 180.0));
        let rows = [285.0, 250.0, 210.0];
        let cols = [0.0, 50.0, 140.0, 190.0, 300.0];
        let mut rules: Vec<Rule> = rows.iter().map(|&y| hrule(y, 0.0, 300.0)).collect();
        rules.extend(cols.iter().map(|&x| vrule(x, 210.0, 285.0)));
        assert_eq!(
            layout_page(&glyphs, &rules),
            "附件标题\n评价机构\n景德镇保记会计师事务所\n评价时间\n2024年8月\n评价\n良\n正文段落\n"
        );
    }

    #[test]
    fn unruled_lines_keep_spaces_and_wide_gaps() {
        let mut glyphs = run("Annual", 0.0, 100.0);
        glyphs.extend(run("report", 64.0, 100.0));
        glyphs.extend(run("评价分值", 200.0, 100.0));
        glyphs.extend(run("下一行", 0.0, 85.0));
        assert_eq!(
            layout_page(&glyphs, &[]),
            "Annual report  评价分值\n下一行\n"
        );
    }

    #[test]
    fn a_column_gap_between_cjk_glyphs_is_two_spaces() {
        // Size 10: a gap of 5 pt (two half-width spaces) between CJK glyphs sets cells
        // apart; glyphs 2 pt apart (spread by justification) stay together.
        let mut glyphs = run("实施单位", 0.0, 100.0);
        glyphs.extend(run("某中心", 45.0, 100.0));
        glyphs.extend(run("下", 0.0, 85.0));
        glyphs.extend(run("一", 12.0, 85.0));
        assert_eq!(layout_page(&glyphs, &[]), "实施单位  某中心\n下一\n");
    }

    #[test]
    fn a_first_line_indent_opens_a_paragraph() {
        // Evenly spaced lines (14 pt, size 10); paragraphs open 20 pt (2 em) in, and the
        // first paragraph ends with a full stop at the margin.
        let rows = [
            (20.0, "第一段第一行"),
            (0.0, "第一段末行。"),
            (0.0, "第一段在页边换行"),
            (20.0, "第二段"),
            (20.0, "第三段第一行"),
            (0.0, "第三段第二行"),
        ];
        let glyphs: Vec<Glyph> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, (x, text))| run(text, *x, 700.0 - 14.0 * i as f32))
            .collect();
        assert_eq!(
            layout_page(&glyphs, &[]),
            "第一段第一行\n第一段末行。\n第一段在页边换行\n\n第二段\n\n第三段第一行\n第三段第二行\n"
        );
        // Mostly one-line paragraphs: the margin is the leftmost edge, not the commonest.
        let rows = [
            (20.0, "甲段。"),
            (20.0, "乙段。"),
            (20.0, "丙段在页边"),
            (0.0, "换行。"),
            (20.0, "丁段。"),
            (0.0, "换行。"),
        ];
        let glyphs: Vec<Glyph> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, (x, text))| run(text, *x, 700.0 - 14.0 * i as f32))
            .collect();
        assert_eq!(
            layout_page(&glyphs, &[]),
            "甲段。\n\n乙段。\n\n丙段在页边\n换行。\n\n丁段。\n换行。\n"
        );
        // A centred title far right of the margin is no indent; one indented line alone
        // does not make the page's paragraphs indented.
        let glyphs: Vec<Glyph> = [
            (60.0, "标题"),
            (20.0, "第一行"),
            (0.0, "第二行"),
            (0.0, "第三行"),
            (0.0, "第四行"),
        ]
        .iter()
        .enumerate()
        .flat_map(|(i, (x, text))| run(text, *x, 700.0 - 14.0 * i as f32))
        .collect();
        assert!(!layout_page(&glyphs, &[]).contains("\n\n"));
    }

    #[test]
    fn a_page_of_one_line_paragraphs_still_has_paragraph_gaps() {
        // Two steps of 14 pt (a wrapped line, a two-line title) among 25 gaps of 28 pt:
        // the tenth percentile is a gap, the repeated smallest step is the line step.
        let mut baselines = vec![800.0, 786.0, 772.0];
        for i in 1..=25 {
            baselines.push(772.0 - 28.0 * i as f32);
        }
        let glyphs: Vec<Glyph> = baselines
            .iter()
            .enumerate()
            .flat_map(|(i, &y)| run(if i % 2 == 0 { "第一行" } else { "第二行" }, 0.0, y))
            .collect();
        let text = layout_page(&glyphs, &[]);
        assert!(
            text.starts_with("第一行\n第二行\n第一行\n\n第二行\n\n"),
            "{text}"
        );
        assert_eq!(text.matches("\n\n").count(), 25);
    }

    #[test]
    fn paragraphs_spaced_apart_come_out_with_an_empty_line_between_them() {
        // Lines 14 pt apart (size 10); the paragraphs are 28 pt apart, and the page
        // mostly holds one-line paragraphs (the line step is the second smallest step).
        let rows = [
            "一、概况",
            "第一段第一行",
            "第一段第二行",
            "二、结论",
            "第二段",
            "三、成效",
            "第三段第一行",
            "第三段第二行",
        ];
        let baselines = [700.0, 672.0, 658.0, 630.0, 602.0, 574.0, 546.0, 532.0];
        let glyphs: Vec<Glyph> = rows
            .iter()
            .zip(baselines)
            .flat_map(|(text, y)| run(text, 0.0, y))
            .collect();
        assert_eq!(
            layout_page(&glyphs, &[]),
            "一、概况\n\n第一段第一行\n第一段第二行\n\n二、结论\n\n第二段\n\n三、成效\n\n第三段第一行\n第三段第二行\n"
        );
        // Evenly spaced lines: no gaps.
        let even: Vec<Glyph> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, text)| run(text, 0.0, 700.0 - 14.0 * i as f32))
            .collect();
        assert!(!layout_page(&even, &[]).contains("\n\n"));
    }

    #[test]
    fn a_file_without_its_end_marker_is_truncated() {
        assert!(!is_truncated(
            b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
        ));
        // An incremental update, then a little trailing junk: still whole.
        assert!(!is_truncated(b"%PDF-1.4\n%%EOF\nxref\n%%EOF\r\n\0\0\0"));
        assert!(is_truncated(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"));
        let mut cut = b"%PDF-1.4\n%%EOF\n".to_vec();
        cut.extend(std::iter::repeat_n(b'x', 4096));
        assert!(
            is_truncated(&cut),
            "an update cut short after an earlier end marker"
        );
    }

    #[test]
    fn glyphs_with_their_baseline_off_the_page_are_not_on_it() {
        let page = (0.0, 0.0, 595.0, 842.0);
        let at = |x: f32, baseline: f32| run("帮", x, baseline)[0];
        assert!(on_page(&at(58.0, 13.7), page));
        // The last line of a paragraph run past the bottom edge (drawn again overleaf).
        assert!(!on_page(&at(58.0, -0.95), page));
        assert!(!on_page(&at(58.0, 843.0), page));
        assert!(!on_page(&at(596.0, 400.0), page));
        // Partly past the left edge: still on the page.
        assert!(on_page(&at(-5.0, 400.0), page));
    }

    #[test]
    fn thin_boxes_are_rules_and_others_are_not() {
        assert_eq!(
            Rule::from_box(10.0, 20.0, 100.0, 0.5),
            Some(hrule(20.25, 10.0, 110.0))
        );
        assert_eq!(
            Rule::from_box(10.0, 20.0, 1.0, 50.0),
            Some(vrule(10.5, 20.0, 70.0))
        );
        assert_eq!(Rule::from_box(10.0, 20.0, 40.0, 12.0), None);
    }

    #[test]
    fn garbage_is_a_pdf_error() {
        match parse_pdf(b"%PDF-1.7\n%garbage only\n") {
            Err(PdfFailure::Pdf(_)) => {}
            other => panic!("expected a PDF error, got {other:?}"),
        }
    }
}
