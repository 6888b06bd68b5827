//! Builds a synthetic archive for benchmarks: `N` report files in nested folders, copied
//! from sample reports with a unique line appended to UTF-8 texts (so each file has its own
//! SHA-256), a share of PDFs, a few broken files, and some files the walk skips.
//!
//! Usage: `cargo run --release --example synth_archive -- OUT_DIR N [--text-only] SOURCE...`
//! where each SOURCE is a sample file or a folder of them (.txt .md .pdf; broken samples
//! are any files under a folder named `bad`).

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let text_only = args.iter().any(|a| a == "--text-only");
    args.retain(|a| a != "--text-only");
    if args.len() < 3 {
        return Err("usage: synth_archive OUT_DIR N [--text-only] SOURCE...".into());
    }
    let out = PathBuf::from(&args[0]);
    let n: usize = args[1].parse()?;
    let (mut texts, mut pdfs, mut bad) = (Vec::new(), Vec::new(), Vec::new());
    for source in &args[2..] {
        for entry in walkdir::WalkDir::new(source).sort_by_file_name() {
            let entry = entry?;
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.into_path();
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if path.components().any(|c| c.as_os_str() == "bad") {
                bad.push(path);
            } else if ext == "pdf" {
                pdfs.push(path);
            } else if ext == "txt" || ext == "md" {
                texts.push(path);
            }
        }
    }
    if texts.is_empty() {
        return Err("no sample texts found".into());
    }
    let texts: Vec<(PathBuf, Vec<u8>)> = texts
        .into_iter()
        .map(|p| std::fs::read(&p).map(|b| (p, b)))
        .collect::<Result<_, _>>()?;
    let (mut text_bytes, mut counts) = (0u64, [0usize; 3]);
    for i in 0..n {
        let folder = out.join(format!("{}/{:02}", 2019 + i % 5, (i / 5) % 40));
        std::fs::create_dir_all(&folder)?;
        // One file in 500 is broken (alternately a bad PDF sample and an empty file), one in
        // 20 a PDF (when there are samples), the rest text.
        if i % 500 == 250 {
            let bytes = match bad.get(i / 1000 % bad.len().max(1)) {
                Some(p) if !text_only && i % 1000 == 250 => std::fs::read(p)?,
                _ => Vec::new(),
            };
            std::fs::write(
                folder.join(format!(
                    "broken{i:05}.{}",
                    if bytes.is_empty() { "txt" } else { "pdf" }
                )),
                bytes,
            )?;
            counts[2] += 1;
        } else if i % 20 == 10 && !pdfs.is_empty() && !text_only {
            std::fs::copy(
                &pdfs[i / 20 % pdfs.len()],
                folder.join(format!("report{i:05}.pdf")),
            )?;
            counts[1] += 1;
        } else {
            let (path, bytes) = &texts[i % texts.len()];
            let mut bytes = bytes.clone();
            if std::str::from_utf8(&bytes).is_ok() {
                bytes.extend_from_slice(format!("\n（档案编号：{i:05}）\n").as_bytes());
            }
            text_bytes += bytes.len() as u64;
            std::fs::write(folder.join(format!("report{i:05}.{}", ext_of(path))), bytes)?;
            counts[0] += 1;
        }
        if i % 100 == 0 {
            // Files the walk skips: hidden and non-report.
            std::fs::write(folder.join(".DS_Store"), b"x")?;
            std::fs::write(folder.join(format!("scan{i:05}.png")), b"\x89PNG\r\n")?;
        }
    }
    println!(
        "{}: {} text ({:.1} MB), {} pdf, {} broken",
        out.display(),
        counts[0],
        text_bytes as f64 / 1e6,
        counts[1],
        counts[2]
    );
    Ok(())
}

fn ext_of(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("txt")
}
