//! The `jixiao` binary as a user runs it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn jixiao(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jixiao runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn one_file_prints_one_pretty_report() {
    let out = jixiao(&["extract", "corpus/changjiang-keji-2023.txt"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "昌江区财政支出绩效评价结果反馈");
    assert_eq!(v["score"], 81.41);
    assert_eq!(v["grade"], "良");
    assert_eq!(v["problems"][2]["title"], "人员超编");
    assert_eq!(v["problems"][2]["categories"][0], "staffing");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("{\n"),
        "pretty-printed"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let text = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/changjiang-keji-2023.txt"),
    )
    .unwrap();
    let out = jixiao(&["extract", "-"], Some(&text));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["path"], "-");
    assert_eq!(v["evaluator"], "景德镇保记会计师事务所");
}

#[test]
fn folder_skips_non_reports_and_reports_bad_files_without_stopping() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/changjiang-keji-2023.txt"),
        dir.path().join("a.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        (0..3000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(dir.path().join("c.txt"), b"").unwrap();
    std::fs::write(dir.path().join("photo.png"), b"\x89PNG\r\n").unwrap();
    std::fs::write(dir.path().join("out.json"), b"{}").unwrap();
    let out = jixiao(
        &["extract", dir.path().to_str().unwrap(), "--format", "jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "some files failed");
    let records = json_lines(&out.stdout);
    assert_eq!(records.len(), 3, "{records:?}");
    let kinds: Vec<String> = records
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("report").to_string())
        .collect();
    assert!(
        kinds.contains(&"report".to_string()) && kinds.contains(&"empty".to_string()),
        "{kinds:?}"
    );
    assert!(
        kinds.iter().any(|k| k == "unsupported" || k == "encoding"),
        "{kinds:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped 2"), "{stderr}");
    assert!(stderr.contains("c.txt: empty file"), "{stderr}");
}

#[test]
fn missing_path_is_an_error_record() {
    let out = jixiao(
        &["extract", "no/such/report.txt", "--format", "jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let records = json_lines(&out.stdout);
    assert_eq!(records[0]["error"]["kind"], "io");
    assert!(records[0]["source"]["path"]
        .as_str()
        .unwrap()
        .contains("no/such/report.txt"));
}

#[test]
fn output_file_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = jixiao(
        &[
            "extract",
            "corpus",
            "--format",
            "jsonl",
            "-o",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = json_lines(&std::fs::read(&out_path).unwrap());
    let corpus_files = walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(records.len(), corpus_files);
    assert!(records.iter().all(|r| r["schema_version"] == "1"));
}

#[test]
fn malformed_dictionary_is_a_fatal_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("categories.toml"),
        "threshold = 2\n[[category]\nid = 1\n",
    )
    .unwrap();
    let out = extract_seed_with_dictionaries(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("categories.toml:2:"), "{stderr}");
}

#[test]
fn edited_dictionary_changes_categories() {
    let dir = tempfile::tempdir().unwrap();
    let mut cats = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries/categories.toml"),
    )
    .unwrap();
    // Empty the staffing category's trigger terms.
    let at = cats.find("id = \"staffing\"").unwrap();
    let terms = at + cats[at..].find("terms = ").unwrap();
    let end = terms + cats[terms..].find('\n').unwrap();
    cats.replace_range(terms..end, "terms = {}");
    std::fs::write(dir.path().join("categories.toml"), cats).unwrap();
    let out = extract_seed_with_dictionaries(dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["problems"][2]["title"], "人员超编");
    assert!(
        !v["problems"][2]["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "staffing"),
        "{}",
        v["problems"][2]
    );
}

/// Runs `jixiao --dictionaries DIR extract` on the seed report.
fn extract_seed_with_dictionaries(dir: &Path) -> Output {
    jixiao(
        &[
            "--dictionaries",
            dir.to_str().unwrap(),
            "extract",
            "corpus/changjiang-keji-2023.txt",
        ],
        None,
    )
}

/// A folder holding a copy of a corpus report as `a.txt`.
fn folder_with_a_report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/changjiang-keji-2023.txt"),
        dir.path().join("a.txt"),
    )
    .unwrap();
    dir
}

#[test]
fn output_that_is_an_input_file_is_refused_before_any_work() {
    let dir = folder_with_a_report();
    let a = dir.path().join("a.txt");
    let original = std::fs::read(&a).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let folder = dir.path().to_str().unwrap().to_string();
    let a_str = a.to_str().unwrap().to_string();
    // The file itself; the folder holding it, with the output spelled another way.
    let spelled_otherwise = format!("{folder}/sub/../a.txt");
    for args in [
        vec!["extract", a_str.as_str(), "-o", a_str.as_str()],
        vec!["extract", folder.as_str(), "-o", spelled_otherwise.as_str()],
    ] {
        let out = jixiao(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("would overwrite the input file"),
            "{stderr}"
        );
        assert_eq!(std::fs::read(&a).unwrap(), original, "{args:?}");
        assert!(!dir.path().join("a.txt.partial").exists());
    }
}

#[test]
fn output_that_is_a_folder_or_in_a_missing_folder_is_refused_before_any_work() {
    let dir = folder_with_a_report();
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("records");
    std::fs::create_dir(&target).unwrap();
    let out = jixiao(
        &[
            "extract",
            dir.path().to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a folder"), "{stderr}");
    assert!(!stderr.contains("files:"), "no run: {stderr}");
    assert!(!out_dir.path().join("records.partial").exists());

    let missing = out_dir.path().join("no/such/folder/out.jsonl");
    let out = jixiao(
        &[
            "extract",
            dir.path().to_str().unwrap(),
            "-o",
            missing.to_str().unwrap(),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn utf8_report_with_a_few_invalid_bytes_is_read_with_a_warning() {
    let dir = folder_with_a_report();
    let mut bytes = std::fs::read(dir.path().join("a.txt")).unwrap();
    // A stray byte in the middle and a torn last character (统 is E7 BB 9F).
    let middle = bytes.len() / 2
        + bytes[bytes.len() / 2..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap();
    bytes.insert(middle, 0xFF);
    bytes.extend_from_slice(&[0xE7, 0xBB]);
    let damaged = dir.path().join("damaged.txt");
    std::fs::write(&damaged, &bytes).unwrap();
    let out = jixiao(&["extract", damaged.to_str().unwrap()], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["encoding"], "UTF-8");
    assert_eq!(v["score"], 81.41);
    assert_eq!(v["warnings"][0], "3 invalid UTF-8 bytes replaced");
}

#[test]
fn records_of_missing_paths_come_in_input_order() {
    let dir = folder_with_a_report();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::copy(&a, &b).unwrap();
    let missing = dir.path().join("nonexistent.txt");
    let (a, b, missing) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        missing.to_str().unwrap(),
    );
    let out = jixiao(&["extract", a, missing, b, "--format", "jsonl"], None);
    assert_eq!(out.status.code(), Some(1));
    let records = json_lines(&out.stdout);
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [a, missing, b]);
    assert_eq!(records[1]["error"]["kind"], "io");
}

#[test]
fn dictionaries_folder_errors_say_it_once_naming_the_path() {
    let dir = folder_with_a_report();
    let missing = dir.path().join("nonexistent");
    let a = dir.path().join("a.txt");
    for (path, reason) in [
        (&missing, "dictionaries folder not found"),
        (&a, "not a folder"),
    ] {
        let out = jixiao(
            &[
                "--dictionaries",
                path.to_str().unwrap(),
                "extract",
                a.to_str().unwrap(),
            ],
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(path.to_str().unwrap()), "{stderr}");
        assert_eq!(stderr.matches(reason).count(), 1, "{stderr}");
    }
}

#[test]
fn zero_jobs_is_refused_and_one_file_is_singular_in_the_summary() {
    let dir = folder_with_a_report();
    let a = dir.path().join("a.txt");
    let out = jixiao(&["extract", "--jobs", "0", a.to_str().unwrap()], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--jobs"), "{stderr}");

    let out = jixiao(&["extract", dir.path().to_str().unwrap()], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains(": 1 file: 1 report, 0 errors,"), "{stderr}");
}
