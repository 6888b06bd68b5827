//! Problems found by trying the CLI as a new user with bad inputs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn jixiao(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("jixiao runs")
}

fn seed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/changjiang-keji-2023.txt")
}

/// A symlink loop named on the command line exists: saying "no such file" misleads.
#[cfg(unix)]
#[test]
fn symlink_loop_named_on_the_command_line_says_why_it_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("loop.txt", dir.path().join("loop.txt")).unwrap();
    let out = jixiao(&["extract", "loop.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["error"]["kind"], "io");
    let message = record["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("loop.txt: "), "{message}");
    assert!(!message.contains("no such file"), "{message}");
    assert!(message.contains("symbolic links"), "{message}");
}

/// A named pipe (what `jixiao extract <(…)` passes as /dev/fd/N) is a file named on the
/// command line: it is read, not refused as missing.
#[cfg(unix)]
#[test]
fn named_pipe_on_the_command_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let text = std::fs::read(seed()).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            // Opening blocks until jixiao opens the pipe for reading.
            let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            pipe.write_all(&text).unwrap();
        })
    };
    let out = jixiao(&["extract", "report.fifo"], dir.path());
    writer.join().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["source"]["path"], "report.fifo");
    assert_eq!(report["score"], 81.41);
}

/// `-` is a word separator in queries (README); a query word starting with it must follow
/// `--`, as the README says, since before it `-超编` is parsed as options.
#[test]
fn search_query_starting_with_a_dash_after_double_dash() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed();
    let indexed = jixiao(
        &["index", seed.to_str().unwrap(), "--db", "a.db", "-q"],
        dir.path(),
    );
    assert_eq!(indexed.status.code(), Some(0));
    let out = jixiao(
        &["search", "--db", "a.db", "--limit", "1", "--", "-超编"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1. 人员超编"), "{stdout}");
}

/// An `idf.txt` with no entries gave every word IDF 0, so `keywords` were the first words
/// in table order (一段, 万元, 三公经费, …) with no warning; it must be refused instead.
#[test]
fn empty_idf_table_is_a_fatal_dictionary_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dicts")).unwrap();
    std::fs::write(dir.path().join("dicts/idf.txt"), "# no entries yet\n\n").unwrap();
    let seed = seed();
    let out = jixiao(
        &["extract", "--dictionaries", "dicts", seed.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("idf.txt"), "{stderr}");
    assert!(stderr.contains("empty"), "{stderr}");
}
