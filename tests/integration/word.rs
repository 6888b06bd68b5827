//! A report printed from Word to PDF reads like the DOCX it was printed from: for every
//! `tests/fixtures/word/<stem>.docx` the extracted JSON equals that of `<stem>.pdf`, apart
//! from `source` (format, bytes, pages) and `provenance` (offsets into differently
//! normalized texts: the PDF's text has page breaks and wrapped lines the DOCX has not).

use std::path::Path;

use jixiao::Config;
use serde_json::Value;

fn without_source(report: &jixiao::report::Report) -> Value {
    let mut v = serde_json::to_value(report).expect("a Report serializes to JSON");
    let obj = v.as_object_mut().expect("a Report is a JSON object");
    obj.remove("source");
    obj.remove("provenance");
    v
}

#[test]
fn pdf_printed_from_word_reads_like_the_docx() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/word");
    let config = Config::default();
    let mut docx: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    docx.sort();
    assert!(docx.len() >= 4, "{docx:?}");
    let mut failures = Vec::new();
    for d in &docx {
        let pdf = d.with_extension("pdf");
        let from_docx = without_source(&jixiao::extract_file(d, &config).unwrap());
        let from_pdf = without_source(&jixiao::extract_file(&pdf, &config).unwrap());
        let (e, g) = (
            from_docx.as_object().unwrap(),
            from_pdf.as_object().unwrap(),
        );
        for (k, v) in e {
            if g.get(k) != Some(v) {
                failures.push(format!(
                    "{}: {k}:\n    docx: {v}\n    pdf:  {}",
                    pdf.display(),
                    g[k]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
