//! Per-stage throughput of the text pipeline on the bundled corpus (`corpus/*.txt`):
//! normalize, structure (sections), extract (includes structure), categorize, keywords, and
//! the whole `extract_text`. Criterion reports each as time per corpus pass and MiB/s of
//! input text, per thread; `long_document` runs `extract_text` on 1 and 4 MiB documents.
//!
//!     cargo bench --bench pipeline
//!
//! Regex and dictionary set-up happen once before measuring, as in a batch run.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use jixiao::{classify, extract, normalize, sections, Config, Dictionaries, Source};

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus/ is in the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    texts.sort();
    texts
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let dicts = Dictionaries::embedded();
    let config = Config::default();
    let normalized: Vec<_> = texts
        .iter()
        .map(|t| normalize::normalize_pages(std::slice::from_ref(t)))
        .collect();
    let reports: Vec<_> = normalized
        .iter()
        .map(|n| extract::extract(n, Source::default(), &dicts))
        .collect();
    // Warm every lazily built pattern once.
    for t in &texts {
        black_box(jixiao::extract_text(t, &config));
    }

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("normalize", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(normalize::normalize_pages(std::slice::from_ref(t)));
            }
        })
    });
    g.bench_function("structure", |b| {
        b.iter(|| {
            for n in &normalized {
                black_box(sections::find_structure(n, &dicts.sections));
            }
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for n in &normalized {
                black_box(extract::extract(n, Source::default(), &dicts));
            }
        })
    });
    g.bench_function("categorize", |b| {
        b.iter(|| {
            for r in &reports {
                for p in &r.problems {
                    black_box(classify::categorize(&p.title, &p.text, &dicts));
                }
            }
        })
    });
    g.bench_function("keywords", |b| {
        b.iter(|| {
            for n in &normalized {
                black_box(
                    dicts
                        .segmenter
                        .keywords(&n.key, classify::KEYWORDS, &dicts.stop_words),
                );
            }
        })
    });
    g.bench_function("extract_text", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(jixiao::extract_text(t, &config));
            }
        })
    });
    g.finish();
}

/// The whole `extract_text` on one long document (the corpus texts repeated to 1 and 4 MiB):
/// the time per MiB should stay flat as the document grows (a stage that scans every line
/// for every section would make it grow with the size).
fn long_documents(c: &mut Criterion) {
    let texts = corpus();
    let config = Config::default();
    let mut g = c.benchmark_group("long_document");
    g.sample_size(10);
    for mib in [1usize, 4] {
        let mut text = String::new();
        while text.len() < mib << 20 {
            for t in &texts {
                text.push_str(t);
                text.push('\n');
            }
        }
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("extract_text_{mib}MiB"), |b| {
            b.iter(|| black_box(jixiao::extract_text(&text, &config)))
        });
    }
    g.finish();
}

criterion_group!(benches, stages, long_documents);
criterion_main!(benches);
