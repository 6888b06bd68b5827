//! Renderings of corpus reports (PDF by three producers, DOCX, HTML) read like their text
//! version: the extracted JSON is the same apart from `source` and `provenance`, and the
//! normalized text matches the `.txt` source character for character (whitespace removed).
//!
//! Fixtures: `corpus/<stem>.txt` and `corpus/renderings/<stem>.<producer>.<ext>`, made by
//! `scripts/make_fixtures.sh`; and `tests/fixtures/numbering/<stem>.<variant>.<ext>`, made by
//! `scripts/make_numbered_fixtures.py`: renderings whose heading and item numbers are not
//! text but automatic numbering (Word lists on paragraphs or through styles, HTML `<ol>`).

use std::path::{Path, PathBuf};

use jixiao::Config;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// (text version, its renderings) for every corpus report that has renderings.
fn rendered_reports() -> Vec<(PathBuf, Vec<PathBuf>)> {
    let mut renderings: Vec<PathBuf> = std::fs::read_dir(corpus().join("renderings"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    renderings.sort();
    let mut out = Vec::new();
    for r in &renderings {
        let name = r.file_name().unwrap().to_str().unwrap();
        let stem = name.split('.').next().unwrap();
        let txt = corpus().join(format!("{stem}.txt"));
        assert!(
            txt.is_file(),
            "{} has no text version {}",
            r.display(),
            txt.display()
        );
        match out
            .iter_mut()
            .find(|(t, _): &&mut (PathBuf, Vec<PathBuf>)| *t == txt)
        {
            Some((_, v)) => v.push(r.clone()),
            None => out.push((txt, vec![r.clone()])),
        }
    }
    out
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// difflib-style ratio 2·matches / (|a| + |b|) over chars.
fn similarity(a: &str, b: &str) -> f64 {
    similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_chars(a, b)
        .ratio() as f64
}

#[test]
fn every_report_has_pdf_docx_and_html_renderings() {
    let reports = rendered_reports();
    assert!(reports.len() >= 3, "{reports:?}");
    for (txt, renderings) in &reports {
        let names: Vec<String> = renderings
            .iter()
            .map(|r| r.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        for producer in [
            "libreoffice.pdf",
            "chromium.pdf",
            "stsong-cid.pdf",
            "docx",
            "html",
        ] {
            assert!(
                names.iter().any(|n| n.ends_with(producer)),
                "{}: no {producer} in {names:?}",
                txt.display()
            );
        }
    }
}

#[test]
fn rendered_text_matches_text_version() {
    let mut report = Vec::new();
    for (txt, renderings) in rendered_reports() {
        let expected = squeeze(&std::fs::read_to_string(&txt).unwrap());
        for r in renderings {
            let bytes = std::fs::read(&r).unwrap();
            let doc = jixiao::read::read_bytes(&r, &bytes).unwrap_or_else(|e| panic!("{e}"));
            let text = jixiao::normalize::normalize_pages(&doc.pages).text;
            let sim = similarity(&expected, &squeeze(&text));
            report.push(format!(
                "{:.4} {} ({:?})",
                sim,
                r.display(),
                doc.pdf_backend
            ));
            // The DOCX's header table drops the "：" between label and value cells.
            let min = if r.extension().is_some_and(|e| e == "docx") {
                0.985
            } else {
                0.99
            };
            assert!(
                sim >= min,
                "{}: similarity {sim:.4} < {min}\n{}",
                r.display(),
                report.join("\n")
            );
        }
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn pdf_renderings_report_pages_and_backend() {
    let mut most_pages = 0;
    for (_, renderings) in rendered_reports() {
        for r in renderings
            .iter()
            .filter(|r| r.extension().is_some_and(|e| e == "pdf"))
        {
            let report = jixiao::extract_file(r, &Config::default()).unwrap();
            assert_eq!(report.source.format, "pdf");
            most_pages = most_pages.max(report.source.pages);
            assert!(
                report.source.pages >= 1,
                "{}: {} pages",
                r.display(),
                report.source.pages
            );
            assert_eq!(
                report.source.pdf_backend.as_deref(),
                Some("pdf_oxide"),
                "{}",
                r.display()
            );
        }
    }
    assert!(
        most_pages >= 2,
        "no multi-page rendering: pages are not split"
    );
}

#[test]
fn extracted_json_matches_text_version() {
    let mut failures = Vec::new();
    let config = Config::default();
    let strip = |mut v: serde_json::Value| {
        let obj = v.as_object_mut().unwrap();
        obj.remove("source");
        obj.remove("provenance");
        v
    };
    for (txt, renderings) in rendered_reports() {
        let expected =
            strip(serde_json::to_value(jixiao::extract_file(&txt, &config).unwrap()).unwrap());
        for r in renderings {
            let got =
                strip(serde_json::to_value(jixiao::extract_file(&r, &config).unwrap()).unwrap());
            if got != expected {
                let (e, g) = (expected.as_object().unwrap(), got.as_object().unwrap());
                let diff: Vec<String> = e
                    .iter()
                    .filter(|(k, v)| g.get(*k) != Some(v))
                    .map(|(k, v)| format!("  {k}:\n    txt:  {v}\n    {}: {}", r.display(), g[k]))
                    .collect();
                failures.push(format!(
                    "{} differs from {}:\n{}",
                    r.display(),
                    txt.display(),
                    diff.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Renderings whose heading and item numbers are Word/HTML automatic numbering read like
/// the text version, numbers included: same text (whitespace removed; the HTML's "1." for
/// "1、" aside) and the same extracted JSON, up to whitespace inside strings (Word puts a
/// tab between a label and its text).
#[test]
fn auto_numbered_renderings_match_text_version() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/numbering");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let kinds: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for variant in ["numpr.docx", "styles.docx", "ol.html"] {
        let n = kinds.iter().filter(|k| k.ends_with(variant)).count();
        assert!(n >= 2, "{n} {variant} in {kinds:?}");
    }
    let config = Config::default();
    fn squeeze_strings(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => *s = squeeze(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(squeeze_strings),
            serde_json::Value::Object(o) => o.values_mut().for_each(squeeze_strings),
            _ => {}
        }
    }
    let strip = |mut v: serde_json::Value| {
        let obj = v.as_object_mut().unwrap();
        obj.remove("source");
        obj.remove("provenance");
        squeeze_strings(&mut v);
        v
    };
    let mut failures = Vec::new();
    for r in &files {
        let name = r.file_name().unwrap().to_str().unwrap();
        let stem = name.split('.').next().unwrap();
        let txt = corpus().join(format!("{stem}.txt"));
        let expected_text = squeeze(&std::fs::read_to_string(&txt).unwrap());
        let doc = jixiao::read::read_bytes(r, &std::fs::read(r).unwrap()).unwrap();
        let text = squeeze(&jixiao::normalize::normalize_pages(&doc.pages).text);
        let sim = similarity(&expected_text, &text);
        if sim < 0.995 {
            failures.push(format!("{name}: text similarity {sim:.4} < 0.995"));
        }
        let expected =
            strip(serde_json::to_value(jixiao::extract_file(&txt, &config).unwrap()).unwrap());
        let got = strip(serde_json::to_value(jixiao::extract_file(r, &config).unwrap()).unwrap());
        let (e, g) = (expected.as_object().unwrap(), got.as_object().unwrap());
        for (k, v) in e.iter().filter(|(k, v)| g.get(*k) != Some(v)) {
            failures.push(format!("{name}: {k}:\n    txt: {v}\n    got: {}", g[k]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
