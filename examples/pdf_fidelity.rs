//! PDF text fidelity and backend speed, per file.
//!
//! For each PDF: pages; similarity (difflib ratio over chars, whitespace removed) of the
//! text jixiao reads (normalized) to `pdftotext` output; and milliseconds per page for
//! `pdf_oxide`, `pdf-extract` and `pdftotext`, best of `RUNS` (default 3) runs.
//!
//!     cargo run --release --example pdf_fidelity -- ../shared/eval/pdf/*.pdf
//!
//! Needs `pdftotext` (poppler-utils) on `PATH`.

use std::path::PathBuf;
use std::time::Instant;

use jixiao::read::pdf::{pages_with, Backend};

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
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

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    println!(
        "{:<40} {:>5} {:>9} {:>12} {:>10} {:>10} {:>10}",
        "file", "pages", "sim", "backend", "oxide", "extract", "pdftotext"
    );
    println!(
        "{:<40} {:>5} {:>9} {:>12} {:>10} {:>10} {:>10}",
        "", "", "", "", "ms/page", "ms/page", "ms/page"
    );
    let mut sims = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = match jixiao::read::read_bytes(&f, &bytes) {
            Ok(d) => d,
            Err(e) => {
                println!("{name:<40} error: {e}");
                continue;
            }
        };
        let ours = squeeze(&jixiao::normalize::normalize_pages(&doc.pages).text);
        let reference = pages_with(Backend::Pdftotext, &bytes)
            .map(|p| squeeze(&p.concat()))
            .unwrap_or_default();
        let sim = similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Myers)
            .diff_chars(&*reference, &*ours)
            .ratio();
        sims.push(sim);
        let fmt = |t: Option<f64>| t.map_or("error".to_string(), |t| format!("{t:.2}"));
        let (oxide, pages) = ms_per_page(Backend::Oxide, &bytes, runs);
        let (extract, _) = ms_per_page(Backend::Extract, &bytes, runs);
        let (poppler, _) = ms_per_page(Backend::Pdftotext, &bytes, runs);
        println!(
            "{name:<40} {pages:>5} {:>8.2}% {:>12} {:>10} {:>10} {:>10}",
            sim * 100.0,
            doc.pdf_backend.unwrap_or_default(),
            fmt(oxide),
            fmt(extract),
            fmt(poppler)
        );
    }
    if let Some(min) = sims.iter().copied().reduce(f32::min) {
        println!("min similarity {:.2}%", min * 100.0);
    }
}
