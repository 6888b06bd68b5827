//! `jixiao extract` over folders: exit codes, order, filters, and resuming a killed run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");

/// A folder of `n` small reports in nested folders, plus an empty file, a binary file
/// named .txt, a hidden file and an image. Returns the report paths.
fn archive(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for i in 0..n {
        let path = dir.join(format!("y{}/d{}/r{i:04}.txt", 2020 + i % 3, i % 7));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = format!(
            "评价项目：第{i}号项目\n评价分值：{}.{}\n评价结论：良\n",
            80 + i % 10,
            i % 100
        );
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 0, 0, 7].repeat(20),
    )
    .unwrap();
    std::fs::write(dir.join(".hidden.txt"), "评价分值：90").unwrap();
    std::fs::write(dir.join("scan.png"), [137u8, 80, 78, 71]).unwrap();
    files
}

fn jixiao(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn records(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn paths_of(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap().to_string())
        .collect()
}

fn line_count(path: &Path) -> usize {
    std::fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

#[test]
fn folder_gives_one_record_per_file_in_order_and_exit_1_on_failures() {
    let dir = tempfile::tempdir().unwrap();
    let files = archive(dir.path(), 40);
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("out.jsonl");
    let run = jixiao(
        &[
            "extract",
            root,
            "-o",
            out.to_str().unwrap(),
            "--jobs",
            "2",
            "--timings",
        ],
        &[],
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!JsonlPartial::of(&out).exists());
    let recs = records(&out);
    // walkdir sorted by name: binary.txt, empty.txt, then the y20xx folders.
    let mut expected = vec![format!("{root}/binary.txt"), format!("{root}/empty.txt")];
    let mut reports: Vec<String> = files
        .iter()
        .map(|f| f.to_str().unwrap().to_string())
        .collect();
    reports.sort();
    expected.extend(reports);
    assert_eq!(paths_of(&recs), expected);
    assert_eq!(recs[0]["error"]["kind"], "unsupported");
    assert_eq!(recs[1]["error"]["kind"], "empty");
    assert!(recs[2]["error"].is_null());
    assert_eq!(recs[2]["schema_version"], "1");

    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("42 files: 40 reports, 2 errors (empty 1, unsupported 1), 0 already done"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped 2 (hidden 1, not reports 1, excluded 0)"),
        "{stderr}"
    );
    assert!(stderr.contains("stage time"), "{stderr}");

    // Unordered: the same records, in some order.
    let run = jixiao(&["extract", root, "--unordered", "-j", "2", "-q"], &[]);
    assert_eq!(run.status.code(), Some(1));
    let mut got: Vec<String> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|l| l.to_string())
        .collect();
    let mut want: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| l.to_string())
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    // Quiet: only the per-file errors, no summary.
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(!stderr.contains("files:"), "{stderr}");
}

#[test]
fn filters_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    archive(dir.path(), 10);
    let root = dir.path().to_str().unwrap();
    let run = jixiao(
        &[
            "extract",
            root,
            "--include",
            "*.txt",
            "--exclude",
            "y2021",
            "--exclude",
            "empty.*",
        ],
        &[],
    );
    // empty.txt is excluded; binary.txt still fails.
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8(run.stdout).unwrap();
    let recs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 1 + 7, "{stdout}"); // binary.txt + the 7 reports outside y2021
    assert!(paths_of(&recs)
        .iter()
        .all(|p| !p.contains("y2021") && !p.ends_with("empty.txt")));

    let ok = jixiao(&["extract", &format!("{root}/y2020")], &[]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let usage = jixiao(&["extract", root, "--resume"], &[]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("--resume needs --output"));
    let bad_glob = jixiao(&["extract", root, "--include", "a["], &[]);
    assert_eq!(bad_glob.status.code(), Some(2));
}

#[test]
fn single_file_prints_one_pretty_object() {
    let dir = tempfile::tempdir().unwrap();
    let files = archive(dir.path(), 1);
    let run = jixiao(&["extract", files[0].to_str().unwrap()], &[]);
    assert_eq!(run.status.code(), Some(0));
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.starts_with("{\n"), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["source"]["path"], files[0].to_str().unwrap());
    assert!(run.stderr.is_empty(), "no summary for a single file");
}

struct JsonlPartial;

impl JsonlPartial {
    fn of(target: &Path) -> PathBuf {
        let mut name = target.file_name().unwrap().to_os_string();
        name.push(".partial");
        target.with_file_name(name)
    }
}

#[test]
fn killed_run_is_completed_by_resume_with_every_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let archive_dir = dir.path().join("archive");
    let files = archive(&archive_dir, 300);
    let root = archive_dir.to_str().unwrap();
    let out = dir.path().join("out.jsonl");
    let partial = JsonlPartial::of(&out);

    // A slowed-down run (test-only knob), killed once a quarter of the files are written.
    let mut child = Command::new(BIN)
        .args([
            "extract",
            root,
            "-o",
            out.to_str().unwrap(),
            "-j",
            "2",
            "-q",
        ])
        .env("JIXIAO_TEST_DELAY_MS", "20")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while line_count(&partial) < 75 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        assert!(Instant::now() < deadline, "the run wrote nothing");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!out.exists(), "an interrupted run leaves no out.jsonl");
    let written = line_count(&partial);
    assert!(written < 302, "killed midway: {written} records");
    // As if the kill had landed in the middle of a line.
    let mut torn = std::fs::read(&partial).unwrap();
    torn.extend_from_slice(br#"{"schema_version":"1","source":{"path":"#);
    std::fs::write(&partial, torn).unwrap();
    let kept_reports = records_prefix(&partial)
        .iter()
        .filter(|r| r["error"].is_null())
        .count();

    let run = jixiao(
        &[
            "extract",
            root,
            "-o",
            out.to_str().unwrap(),
            "-j",
            "2",
            "--resume",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!partial.exists());
    assert!(
        stderr.contains(&format!("{} already done", kept_reports)),
        "kept {kept_reports}: {stderr}"
    );

    // Every file exactly once, in the order of an uninterrupted run, with the same records.
    let resumed = std::fs::read_to_string(&out).unwrap();
    let fresh = jixiao(&["extract", root, "-q"], &[]);
    assert_eq!(resumed, String::from_utf8(fresh.stdout).unwrap());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in paths_of(&records(&out)) {
        *counts.entry(p).or_default() += 1;
    }
    assert_eq!(counts.len(), files.len() + 2);
    assert!(counts.values().all(|&n| n == 1));
    for f in &files {
        assert_eq!(counts.get(f.to_str().unwrap()), Some(&1), "{}", f.display());
    }

    // Resuming a completed output extracts nothing again.
    let again = jixiao(
        &["extract", root, "-o", out.to_str().unwrap(), "--resume"],
        &[],
    );
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr
            .contains("302 files: 0 reports, 2 errors (empty 1, unsupported 1), 300 already done"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), resumed);
}

/// The complete lines of a partial output (a torn last line is left out).
fn records_prefix(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let complete = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
    complete
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
