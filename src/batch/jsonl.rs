//! Atomic, resumable JSON Lines output.
//!
//! # The scheme
//!
//! Writing `out.jsonl`:
//!
//! 1. Records stream into `out.jsonl.partial`, one line each, flushed to the operating
//!    system after every record, so a killed run loses at most the line being written.
//! 2. When the run completes, the file is synced and renamed to `out.jsonl`. Renaming is
//!    atomic: `out.jsonl` is either the previous complete output or the new complete one,
//!    never a truncated file that looks complete. A run that stops early leaves
//!    `out.jsonl.partial` behind and `out.jsonl` untouched.
//!
//! Resuming (`--resume`):
//!
//! 1. The complete lines of `out.jsonl.partial` are kept; a torn last line (no newline)
//!    is cut off. Report records of `out.jsonl` (a previous complete run) not already there
//!    are appended. Each report record is indexed by its [`ResumeKey`]: `source.path` and
//!    `source.sha256`.
//! 2. The run hashes each input file and skips extraction when its key is indexed (the
//!    file is unchanged since). Changed, new and previously failed files (error records
//!    carry no hash) are extracted and appended.
//! 3. On completion the records of the current inputs are copied, in input order, into
//!    `out.jsonl.tmp`, which is synced and renamed to `out.jsonl`; `out.jsonl.partial` is
//!    removed. Records of files no longer among the inputs are dropped, and every input
//!    file appears exactly once. A run killed during this step resumes the same way.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Identifies a finished file in a resumed run: its path as written in `source.path` and
/// the lower-case hex SHA-256 of its bytes (`source.sha256`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResumeKey {
    /// The path, as given to the run (`source.path`).
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

/// A JSON Lines file written atomically through `FILE.partial`, optionally resuming an
/// interrupted run (see the module docs for the scheme).
///
/// Records are placed in *slots* (0, 1, 2, … in input order); a resumed output orders
/// its final file by slot.
#[derive(Debug)]
pub struct JsonlOutput {
    target: PathBuf,
    partial: PathBuf,
    file: BufWriter<File>,
    /// Bytes in the partial file.
    offset: u64,
    /// Whether the partial file held records before this run (then `finish` rewrites it).
    resumed: bool,
    /// Report records found when resuming: key → (offset, length) of the line.
    previous: HashMap<ResumeKey, (u64, u64)>,
    /// Line of each slot, when resumed.
    slots: Vec<Option<(u64, u64)>>,
    line: Vec<u8>,
}

#[derive(Deserialize)]
struct KeyLine {
    source: KeySource,
}

#[derive(Deserialize)]
struct KeySource {
    path: String,
    #[serde(default)]
    sha256: Option<String>,
}

impl JsonlOutput {
    /// `target` with `.partial` added to its name: where records go until the run completes.
    pub fn partial_path(target: &Path) -> PathBuf {
        with_suffix(target, ".partial")
    }

    /// Starts a fresh output to `target`, truncating any `target.partial`.
    ///
    /// # Errors
    /// The I/O error creating the partial file.
    pub fn create(target: &Path) -> io::Result<JsonlOutput> {
        let partial = JsonlOutput::partial_path(target);
        let file = File::create(&partial).map_err(|e| with_path(e, &partial))?;
        Ok(JsonlOutput {
            target: target.to_path_buf(),
            partial,
            file: BufWriter::new(file),
            offset: 0,
            resumed: false,
            previous: HashMap::new(),
            slots: Vec::new(),
            line: Vec::new(),
        })
    }

    /// Resumes an output to `target`: keeps the complete records of `target.partial` and
    /// the report records of `target`, as described in the module docs. With neither file
    /// present this is [`JsonlOutput::create`].
    ///
    /// # Errors
    /// The I/O error reading, truncating or appending to the files.
    pub fn resume(target: &Path) -> io::Result<JsonlOutput> {
        let partial = JsonlOutput::partial_path(target);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&partial)
            .map_err(|e| with_path(e, &partial))?;
        let mut previous = HashMap::new();
        let end = scan(&mut file, |key, offset, len| {
            previous.insert(key, (offset, len));
        })
        .map_err(|e| with_path(e, &partial))?;
        // Cut a torn last line.
        file.set_len(end).map_err(|e| with_path(e, &partial))?;
        file.seek(SeekFrom::Start(end))
            .map_err(|e| with_path(e, &partial))?;
        let mut output = JsonlOutput {
            target: target.to_path_buf(),
            partial,
            file: BufWriter::new(file),
            offset: end,
            resumed: true,
            previous,
            slots: Vec::new(),
            line: Vec::new(),
        };
        match File::open(target) {
            Ok(mut complete) => {
                let mut add = Vec::new();
                scan(&mut complete, |key, offset, len| {
                    if !output.previous.contains_key(&key) {
                        add.push((key, offset, len));
                    }
                })
                .map_err(|e| with_path(e, target))?;
                for (key, offset, len) in add {
                    complete
                        .seek(SeekFrom::Start(offset))
                        .map_err(|e| with_path(e, target))?;
                    output.line.clear();
                    (&mut complete)
                        .take(len)
                        .read_to_end(&mut output.line)
                        .map_err(|e| with_path(e, target))?;
                    output.previous.insert(key, (output.offset, len));
                    output.file.write_all(&output.line)?;
                    output.offset += len;
                }
                output.file.flush()?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(with_path(e, target)),
        }
        Ok(output)
    }

    /// The files whose reports are already in the output.
    pub fn done(&self) -> HashSet<ResumeKey> {
        self.previous.keys().cloned().collect()
    }

    /// Appends `record` as one line for `slot` and flushes it.
    ///
    /// # Errors
    /// The I/O error writing the partial file.
    pub fn write<T: Serialize>(&mut self, slot: usize, record: &T) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, record)?;
        self.line.push(b'\n');
        self.file.write_all(&self.line)?;
        self.file.flush()?;
        let len = self.line.len() as u64;
        self.set_slot(slot, (self.offset, len));
        self.offset += len;
        Ok(())
    }

    /// Fills `slot` with the record already in the output for `key` (a file found in
    /// [`JsonlOutput::done`]).
    ///
    /// # Errors
    /// [`io::ErrorKind::InvalidInput`] when no record has that key.
    pub fn keep(&mut self, slot: usize, key: &ResumeKey) -> io::Result<()> {
        let line = self.previous.get(key).copied().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: no record to keep in the output", key.path),
            )
        })?;
        self.set_slot(slot, line);
        Ok(())
    }

    fn set_slot(&mut self, slot: usize, line: (u64, u64)) {
        if !self.resumed {
            return;
        }
        if self.slots.len() <= slot {
            self.slots.resize(slot + 1, None);
        }
        self.slots[slot] = Some(line);
    }

    /// Completes the output: syncs it and renames it to the target (a resumed output is
    /// first rewritten in slot order through `target.tmp`).
    ///
    /// # Errors
    /// The I/O error syncing, copying or renaming.
    pub fn finish(self) -> io::Result<()> {
        let JsonlOutput {
            target,
            partial,
            file,
            resumed,
            slots,
            ..
        } = self;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        if !resumed {
            file.sync_all()?;
            drop(file);
            return std::fs::rename(&partial, &target).map_err(|e| with_path(e, &target));
        }
        drop(file);
        let tmp = with_suffix(&target, ".tmp");
        let mut from = File::open(&partial).map_err(|e| with_path(e, &partial))?;
        let mut to = BufWriter::new(File::create(&tmp).map_err(|e| with_path(e, &tmp))?);
        let mut line = Vec::new();
        for (offset, len) in slots.into_iter().flatten() {
            from.seek(SeekFrom::Start(offset))?;
            line.clear();
            (&mut from).take(len).read_to_end(&mut line)?;
            to.write_all(&line)?;
        }
        let to = to.into_inner().map_err(|e| e.into_error())?;
        to.sync_all()?;
        drop(to);
        std::fs::rename(&tmp, &target).map_err(|e| with_path(e, &target))?;
        std::fs::remove_file(&partial).map_err(|e| with_path(e, &partial))
    }
}

/// Reads the complete lines of `file` from the start, calling `found` with the key, offset
/// and length of each report record; returns the offset just past the last complete line.
fn scan(file: &mut File, mut found: impl FnMut(ResumeKey, u64, u64)) -> io::Result<u64> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(&mut *file);
    let mut line = Vec::new();
    let mut offset = 0u64;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            return Ok(offset);
        }
        if let Ok(KeyLine {
            source:
                KeySource {
                    path,
                    sha256: Some(sha256),
                },
        }) = serde_json::from_slice(&line)
        {
            if !sha256.is_empty() {
                found(ResumeKey { path, sha256 }, offset, n as u64);
            }
        }
        offset += n as u64;
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, sha256: &str) -> serde_json::Value {
        serde_json::json!({"source": {"path": path, "sha256": sha256}, "score": 80})
    }

    fn lines(path: &Path) -> Vec<serde_json::Value> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn fresh_output_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let mut out = JsonlOutput::create(&target).unwrap();
        out.write(0, &record("a.txt", "aa")).unwrap();
        assert!(!target.exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("out.jsonl.partial"))
                .unwrap()
                .lines()
                .count(),
            1
        );
        out.write(1, &record("b.txt", "bb")).unwrap();
        out.finish().unwrap();
        assert_eq!(
            lines(&target),
            vec![record("a.txt", "aa"), record("b.txt", "bb")]
        );
        assert!(!dir.path().join("out.jsonl.partial").exists());
    }

    #[test]
    fn resume_drops_torn_line_and_orders_by_slot() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let partial = JsonlOutput::partial_path(&target);
        let b = serde_json::to_string(&record("b.txt", "bb")).unwrap();
        let error =
            r#"{"source":{"path":"c.txt"},"error":{"kind":"empty","message":"c.txt: empty file"}}"#;
        std::fs::write(
            &partial,
            format!("{b}\n{error}\n{{\"source\":{{\"path\":\"d.t"),
        )
        .unwrap();
        let mut out = JsonlOutput::resume(&target).unwrap();
        let key_b = ResumeKey {
            path: "b.txt".into(),
            sha256: "bb".into(),
        };
        // Only the report record counts as done: the error record is retried, the torn line dropped.
        assert_eq!(out.done(), HashSet::from([key_b.clone()]));
        out.write(0, &record("a.txt", "aa")).unwrap();
        out.keep(1, &key_b).unwrap();
        out.write(2, &record("c.txt", "cc")).unwrap();
        out.write(3, &record("d.txt", "dd")).unwrap();
        assert!(out
            .keep(
                4,
                &ResumeKey {
                    path: "x.txt".into(),
                    sha256: "xx".into()
                }
            )
            .is_err());
        out.finish().unwrap();
        assert_eq!(
            lines(&target),
            vec![
                record("a.txt", "aa"),
                record("b.txt", "bb"),
                record("c.txt", "cc"),
                record("d.txt", "dd")
            ]
        );
        assert!(!partial.exists());
    }

    #[test]
    fn resume_takes_records_of_a_complete_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let mut out = JsonlOutput::create(&target).unwrap();
        out.write(0, &record("a.txt", "aa")).unwrap();
        out.write(1, &record("old.txt", "00")).unwrap();
        out.finish().unwrap();
        let mut out = JsonlOutput::resume(&target).unwrap();
        assert_eq!(out.done().len(), 2);
        out.keep(
            0,
            &ResumeKey {
                path: "a.txt".into(),
                sha256: "aa".into(),
            },
        )
        .unwrap();
        out.write(1, &record("new.txt", "nn")).unwrap();
        // Killed before finishing: the complete output is untouched.
        assert_eq!(
            lines(&target),
            vec![record("a.txt", "aa"), record("old.txt", "00")]
        );
        out.finish().unwrap();
        assert_eq!(
            lines(&target),
            vec![record("a.txt", "aa"), record("new.txt", "nn")]
        );
    }
}
