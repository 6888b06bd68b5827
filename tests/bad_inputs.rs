//! Broken and adversarial inputs: the `jixiao` binary gives each one an error record of a
//! distinct kind (or a report), within the worker's time limit, and never dies.
//!
//! Fixtures: `tests/fixtures/bad/` (made by `scripts/make_fixtures.sh`) and adversarial PDFs
//! generated here (deep nesting, cycles) that overflow PDF libraries' stacks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A minimal PDF with `objs` as objects 1..n and an xref table; `prev_loop` makes the
/// trailer's /Prev point at its own xref.
fn build_pdf(objs: &[Vec<u8>], prev_loop: bool) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let prev = if prev_loop {
        format!(" /Prev {xref}")
    } else {
        String::new()
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{prev} >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(data: &[u8], extra: &str) -> Vec<u8> {
    let mut s = format!("<< /Length {} {extra} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

fn adversarial_pdfs(dir: &Path) -> Vec<PathBuf> {
    let catalog = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    let pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec();
    let page = |extra: &str| {
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> {extra} >> >>")
            .into_bytes()
    };
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec();
    let text = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET".to_vec();
    let deep = 50_000;
    let mut deep_array = b"BT /F1 12 Tf 72 700 Td ".to_vec();
    deep_array.extend(std::iter::repeat_n(b'[', deep));
    deep_array.extend(std::iter::repeat_n(b']', deep));
    deep_array.extend_from_slice(b" TJ ET");
    let mut deep_dict = b"<< /Type /Catalog /Pages 2 0 R /X ".to_vec();
    deep_dict.extend(b"<< /A ".repeat(deep));
    deep_dict.push(b'1');
    deep_dict.extend(b" >>".repeat(deep));
    deep_dict.extend_from_slice(b" >>");
    let mut self_drawing = text.clone();
    self_drawing.extend_from_slice(b" /X1 Do");
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("adv_deep_array.pdf", build_pdf(&[catalog.clone(), pages.clone(), page(""), stream(&deep_array, ""), font.clone()], false)),
        ("adv_deep_dict.pdf", build_pdf(&[deep_dict, pages.clone(), page(""), stream(&text, ""), font.clone()], false)),
        (
            "adv_xobject_cycle.pdf",
            build_pdf(
                &[
                    catalog.clone(),
                    pages.clone(),
                    page("/XObject << /X1 6 0 R >>"),
                    stream(&self_drawing, ""),
                    font.clone(),
                    stream(
                        &self_drawing,
                        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>",
                    ),
                ],
                false,
            ),
        ),
        (
            "adv_kids_cycle.pdf",
            build_pdf(
                &[catalog.clone(), b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec(), page(""), stream(&text, ""), font.clone()],
                false,
            ),
        ),
        ("adv_xref_prev_loop.pdf", build_pdf(&[catalog, pages, page(""), stream(&text, ""), font], true)),
        ("header_only.pdf", b"%PDF-1.7\n%garbage only\n".to_vec()),
        ("empty.pdf", Vec::new()),
        ("not-a-report.docx", b"PK\x03\x04 this is no zip".to_vec()),
    ];
    files
        .into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

fn run_extract(dir: &Path) -> (Option<i32>, BTreeMap<String, serde_json::Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["extract", "--format", "jsonl"])
        .arg(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            let path = v["source"]["path"].as_str().unwrap().to_string();
            let name = Path::new(&path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, v)
        })
        .collect();
    (out.status.code(), records)
}

fn kind(v: &serde_json::Value) -> &str {
    v["error"]["kind"].as_str().unwrap_or("report")
}

#[test]
fn bad_pdfs_give_distinct_error_records_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    for e in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")).unwrap()
    {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    adversarial_pdfs(dir.path());
    // A good file after the bad ones: the worker respawned after crashes still reads it.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/renderings/xinyuan-city-talent-housing-2023.libreoffice.pdf"),
        dir.path().join("zz-good.pdf"),
    )
    .unwrap();
    // A PDF cut short near its start: its page tree survives, no page's text does. It is a
    // truncated file (kind `pdf`), not a scanned one.
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/renderings/xinyuan-city-talent-housing-2023.libreoffice.pdf"),
    )
    .unwrap();
    std::fs::write(dir.path().join("cut.pdf"), &good[..good.len() / 8]).unwrap();
    // Random bytes under a PDF name.
    let garbage: Vec<u8> = (0u32..4000).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.path().join("garbage.pdf"), garbage).unwrap();
    let (code, records) = run_extract(dir.path());
    let kinds: BTreeMap<&str, &str> = records.iter().map(|(n, v)| (n.as_str(), kind(v))).collect();
    eprintln!("{kinds:#?}");
    assert_eq!(code, Some(1), "some files failed: exit status 1");
    assert_eq!(records.len(), 15, "{kinds:#?}");
    let message = |name: &str| {
        records[name]["error"]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(kinds["cut.pdf"], "pdf");
    assert!(
        message("cut.pdf").contains("truncated PDF"),
        "{}",
        message("cut.pdf")
    );
    assert!(
        message("truncated.pdf").contains("truncated PDF"),
        "{}",
        message("truncated.pdf")
    );
    assert_eq!(kinds["garbage.pdf"], "unsupported");
    assert!(
        message("garbage.pdf").contains("not a PDF"),
        "{}",
        message("garbage.pdf")
    );
    assert_eq!(kinds["scanned.pdf"], "no_text_layer");
    assert_eq!(kinds["encrypted-password.pdf"], "encrypted");
    assert_eq!(kinds["truncated.pdf"], "pdf");
    assert_eq!(kinds["header_only.pdf"], "pdf");
    assert_eq!(kinds["empty.pdf"], "empty");
    assert_eq!(kinds["not-a-report.docx"], "document");
    assert_eq!(kinds["encrypted-empty-password.pdf"], "report");
    assert_eq!(kinds["zz-good.pdf"], "report");
    assert_eq!(records["zz-good.pdf"]["source"]["pdf_backend"], "pdf_oxide");
    assert_eq!(
        records["encrypted-empty-password.pdf"]["title"],
        "新源市人才安居补贴政策2023年度绩效评价报告",
        "the AES-128 file with an empty user password is decrypted and read"
    );
    for name in [
        "adv_deep_array.pdf",
        "adv_deep_dict.pdf",
        "adv_xobject_cycle.pdf",
        "adv_kids_cycle.pdf",
        "adv_xref_prev_loop.pdf",
    ] {
        // Stack overflows kill the worker (kind "worker"); files a library rejects cleanly
        // are "pdf"; a recovered page of "Hello" is a report. The process itself survives.
        assert!(
            ["worker", "pdf", "report", "no_text_layer"].contains(&kinds[name]),
            "{name}: {}",
            records[name]
        );
    }
    // The 50,000-deep nesting overflows the PDF libraries' stacks: the worker dies, the
    // record says why, and the next files are still read (by a respawned worker).
    let crashed: Vec<&str> = kinds
        .iter()
        .filter(|(_, k)| **k == "worker")
        .map(|(n, _)| *n)
        .collect();
    assert!(!crashed.is_empty(), "{kinds:#?}");
    for name in crashed {
        let message = records[name]["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(name) && message.contains("PDF worker"),
            "{message}"
        );
    }
    let message = records["scanned.pdf"]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("no text layer: scanned PDF, needs OCR"),
        "{message}"
    );
}
