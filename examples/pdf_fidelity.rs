//! PDF text fidelity and backend speed, per file.
//!
//! For each PDF, the similarity (`similar` Myers diff ratio over characters, whitespace
//! removed) of the text jixiao reads (after [`normalize_pages`]) to poppler's `pdftotext`:
//!
//! - `raw`: to `pdftotext` output as it is (the acceptance figure);
//! - `norm`: to `pdftotext` pages passed through the same [`normalize_pages`] as ours, so
//!   that dropping page numbers and running headers/footers, and mapping full-width digits
//!   and punctuation (`．` → `.`), is not counted as a loss on our side only;
//! - `layout`: to `pdftotext -layout` pages, normalized likewise. Default `pdftotext` reads
//!   a table column block by column block (all codes, then all names, then all amounts);
//!   `-layout` and jixiao read it row by row, so this figure isolates table reading order.
//!   `-layout` has its own faults (it interleaves the lines of multi-line cells and of some
//!   indented paragraphs), so it is a second opinion, not the target.
//!
//! Then `lost`: characters of the normalized reference missing from ours, counted as a
//! multiset (order ignored), over the reference length — text dropped rather than moved;
//! and milliseconds per page for `pdf_oxide`, `pdf-extract` and `pdftotext`, best of `RUNS`
//! (default 3) runs.
//!
//!     cargo run --release --example pdf_fidelity -- ../shared/eval/pdf/*.pdf
//!
//! `DUMP=dir` writes each file's texts (`.ours.txt`, `.raw.txt` pages before normalizing,
//! `.ref.txt`, `.layout.txt`) to `dir`; `HUNKS=n` prints the differing stretches of at least
//! `n` characters between the normalized reference and ours.
//!
//! Needs `pdftotext` (poppler-utils) on `PATH`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use jixiao::normalize::normalize_pages;
use jixiao::read::pdf::{pages_with, Backend};

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn ratio(reference: &str, ours: &str) -> f32 {
    similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_chars(reference, ours)
        .ratio()
}

/// Share of `reference`'s characters (as a multiset) that `ours` lacks.
fn lost(reference: &str, ours: &str) -> f64 {
    let mut have: HashMap<char, isize> = HashMap::new();
    for c in ours.chars() {
        *have.entry(c).or_default() += 1;
    }
    let mut missing = 0usize;
    let mut total = 0usize;
    for c in reference.chars() {
        total += 1;
        let n = have.entry(c).or_default();
        if *n > 0 {
            *n -= 1;
        } else {
            missing += 1;
        }
    }
    missing as f64 / total.max(1) as f64
}

/// `pdftotext -layout` pages of `path`, empty when it fails.
fn layout_pages(path: &Path) -> Vec<String> {
    Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            let text = String::from_utf8_lossy(&o.stdout);
            text.split('\u{c}').map(str::to_string).collect()
        })
        .unwrap_or_default()
}

fn ms_per_page(backend: Backend, bytes: &[u8], runs: usize) -> (Option<f64>, usize) {
    let mut best: Option<f64> = None;
    let mut pages = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let r = pages_with(backend, bytes);
        let secs = t.elapsed().as_secs_f64();
        match r {
            Ok(p) => {
                pages = p.len().max(1);
                let per = secs * 1000.0 / pages as f64;
                best = Some(best.map_or(per, |b: f64| b.min(per)));
            }
            Err(_) => return (None, 0),
        }
    }
    (best, pages)
}

/// Prints the stretches where `reference` and `ours` differ, at least `min` chars long.
fn print_hunks(reference: &str, ours: &str, min: usize) {
    let a: Vec<char> = reference.chars().collect();
    let b: Vec<char> = ours.chars().collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let text = |s: &[char]| s.iter().take(160).collect::<String>();
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal || old.len().max(new.len()) < min {
            continue;
        }
        println!(
            "    {tag:?} ref@{} ({}): {}\n    {:>w$} ours@{} ({}): {}",
            old.start,
            old.len(),
            text(&a[old.clone()]),
            "",
            new.start,
            new.len(),
            text(&b[new.clone()]),
            w = format!("{tag:?}").len()
        );
    }
}

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let hunks: Option<usize> = std::env::var("HUNKS").ok().and_then(|h| h.parse().ok());
    let dump = std::env::var_os("DUMP").map(PathBuf::from);
    let files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    println!("similarity to pdftotext, whitespace removed: raw = as is (acceptance figure),");
    println!("norm = its pages through our normalize_pages (page numbers, running headers),");
    println!("layout = pdftotext -layout normalized (tables row by row); lost = reference");
    println!("characters missing from ours in any order");
    println!(
        "{:<24} {:>5} {:>8} {:>8} {:>8} {:>6} {:>10} {:>9} {:>9} {:>9}",
        "file",
        "pages",
        "raw",
        "norm",
        "layout",
        "lost",
        "backend",
        "oxide",
        "extract",
        "pdftotext"
    );
    println!(
        "{:<24} {:>5} {:>8} {:>8} {:>8} {:>6} {:>10} {:>9} {:>9} {:>9}",
        "", "", "", "", "", "", "", "ms/page", "ms/page", "ms/page"
    );
    let mut sims: Vec<(f32, f32)> = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = match jixiao::read::read_bytes(&f, &bytes) {
            Ok(d) => d,
            Err(e) => {
                println!("{name:<24} error: {e}");
                continue;
            }
        };
        let ours_text = normalize_pages(&doc.pages).text;
        let ref_pages = pages_with(Backend::Pdftotext, &bytes).unwrap_or_default();
        let ref_text = normalize_pages(&ref_pages).text;
        let layout_text = normalize_pages(&layout_pages(&f)).text;
        if let Some(dir) = &dump {
            let write = |ext: &str, text: &str| {
                let path = dir.join(format!("{name}.{ext}.txt"));
                std::fs::create_dir_all(dir)
                    .and_then(|_| std::fs::write(&path, text))
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            };
            write("ours", &ours_text);
            write("raw", &doc.pages.join("\n\u{c}"));
            write("ref", &ref_pages.join("\u{c}"));
            write("layout", &layout_text);
        }
        let ours = squeeze(&ours_text);
        let raw = ratio(&squeeze(&ref_pages.concat()), &ours);
        let reference = squeeze(&ref_text);
        let norm = ratio(&reference, &ours);
        let layout = ratio(&squeeze(&layout_text), &ours);
        sims.push((raw, norm));
        let fmt = |t: Option<f64>| t.map_or("error".to_string(), |t| format!("{t:.2}"));
        let (oxide, pages) = ms_per_page(Backend::Oxide, &bytes, runs);
        let (extract, _) = ms_per_page(Backend::Extract, &bytes, runs);
        let (poppler, _) = ms_per_page(Backend::Pdftotext, &bytes, runs);
        println!(
            "{name:<24} {pages:>5} {:>7.2}% {:>7.2}% {:>7.2}% {:>5.2}% {:>10} {:>9} {:>9} {:>9}",
            raw * 100.0,
            norm * 100.0,
            layout * 100.0,
            lost(&reference, &ours) * 100.0,
            doc.pdf_backend.unwrap_or_default(),
            fmt(oxide),
            fmt(extract),
            fmt(poppler)
        );
        if let Some(min) = hunks {
            print_hunks(&reference, &ours, min);
        }
    }
    if let Some(raw) = sims.iter().map(|s| s.0).reduce(f32::min) {
        let norm = sims.iter().map(|s| s.1).fold(f32::MAX, f32::min);
        println!(
            "min similarity: raw {:.2}%, norm {:.2}%",
            raw * 100.0,
            norm * 100.0
        );
    }
}
