//! Batch: finding the report files under the paths given, and extracting them in parallel.
//!
//! - [`collect_inputs`] expands files and folders into a list of files, with include/exclude
//!   globs ([`Filter`]), skipping hidden and non-report files (counted in [`Skipped`]).
//! - [`run`] extracts a list of files on a pool of `jobs` threads (rayon) and hands each
//!   result to a callback as soon as it may be written: in input order (through a reorder
//!   buffer of bounded size) or, unordered, as files finish. Reports are never collected:
//!   memory stays flat however long the list. One bad file gives one [`Outcome::Failed`];
//!   a panic while extracting a file is caught and reported as that file's error.
//! - [`JsonlOutput`] writes JSON Lines atomically (`FILE.partial`, renamed to `FILE` when
//!   the run completes) and can resume an interrupted run (see its docs for the scheme).

mod jsonl;

pub use jsonl::{JsonlOutput, ResumeKey};

use std::collections::{BTreeMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};
use crate::read::Format;
use crate::report::Report;
use crate::Config;

/// Include/exclude globs applied to the files found under folders.
///
/// A pattern matches a file when it matches the file's path relative to the folder given
/// on the command line (`2023/*.pdf`) or its bare name (`*.pdf`); `*` also crosses `/`.
/// An exclude pattern that matches a folder (by relative path or name) skips everything
/// under it. Files named explicitly are taken whatever the filters say.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Filter {
    /// A filter taking files that match any of `include` (all files when empty) and none
    /// of `exclude`.
    ///
    /// # Errors
    /// [`Error::Pattern`] naming the first malformed glob.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter> {
        Ok(Filter {
            include: glob_set(include)?,
            exclude: glob_set(exclude)?,
        })
    }

    fn excludes(&self, relative: &Path, name: &str) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(relative) || set.is_match(name))
    }

    fn includes(&self, relative: &Path, name: &str) -> bool {
        self.include
            .as_ref()
            .is_none_or(|set| set.is_match(relative) || set.is_match(name))
    }
}

fn glob_set(patterns: &[String]) -> Result<Option<GlobSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|e| Error::Pattern {
            pattern: pattern.clone(),
            reason: e.kind().to_string(),
        })?;
        builder.add(glob);
    }
    builder.build().map(Some).map_err(|e| Error::Pattern {
        pattern: patterns.join(" "),
        reason: e.to_string(),
    })
}

/// Files under folders that [`collect_inputs`] left out, by reason.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    /// Hidden entries (name starting with `.`); a hidden folder counts once.
    pub hidden: usize,
    /// Files without a report extension (images, spreadsheets, JSON, …).
    pub not_report: usize,
    /// Files (or folders, counted once) left out by the include/exclude globs.
    pub excluded: usize,
}

impl Skipped {
    /// All skipped entries.
    pub fn total(&self) -> usize {
        self.hidden + self.not_report + self.excluded
    }
}

impl std::fmt::Display for Skipped {
    /// `skipped 3 (hidden 1, not reports 2, excluded 0)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped {} (hidden {}, not reports {}, excluded {})",
            self.total(),
            self.hidden,
            self.not_report,
            self.excluded
        )
    }
}

/// What [`collect_inputs`] found.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to process, in a stable order (arguments in order, folders sorted by name).
    pub files: Vec<PathBuf>,
    /// Entries under folders skipped, by reason.
    pub skipped: Skipped,
    /// Paths that could not be listed (missing path, unreadable folder).
    pub errors: Vec<Error>,
    /// For each of `errors`, how many of `files` come before it in input order (so that
    /// error records can be written in input order among the reports).
    pub error_at: Vec<usize>,
}

/// Expands `paths`: a file (or `-`) is taken whatever its extension; a folder is walked
/// recursively (sorted by name) for files with a report extension (.txt .md .pdf .docx
/// .html .htm) that pass `filter`, skipping hidden files and folders.
pub fn collect_inputs(paths: &[PathBuf], filter: &Filter) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        if path == Path::new("-") {
            inputs.files.push(path.clone());
            continue;
        }
        // Anything named that is not a folder is a file to read: a regular file, a named
        // pipe (`<(…)` gives /dev/fd/N), a symlink to either. A path that cannot be looked
        // up keeps the system's reason (not found, permission denied, a symlink loop).
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_dir() => {
                inputs.files.push(path.clone());
                continue;
            }
            Ok(_) => {}
            Err(source) => {
                inputs.error_at.push(inputs.files.len());
                inputs.errors.push(Error::Io {
                    path: path.clone(),
                    source: if source.kind() == std::io::ErrorKind::NotFound {
                        std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder")
                    } else {
                        source
                    },
                });
                continue;
            }
        }
        let mut skipped = Skipped::default();
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                let relative = e.path().strip_prefix(path).unwrap_or(e.path());
                if name.starts_with('.') {
                    skipped.hidden += 1;
                    false
                } else if e.file_type().is_dir() && filter.excludes(relative, &name) {
                    skipped.excluded += 1;
                    false
                } else {
                    true
                }
            });
        let mut found = Vec::new();
        let mut errors = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => found.push(e.into_path()),
                Ok(_) => {}
                Err(err) => {
                    let p = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| path.clone());
                    let source = err
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                    errors.push(Error::Io { path: p, source });
                }
            }
        }
        for file in found {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let relative = file.strip_prefix(path).unwrap_or(&file);
            let ext = file.extension().and_then(|x| x.to_str()).unwrap_or("");
            let report_ext =
                Format::from_extension(ext).is_some() || Format::is_unread_document(ext);
            if !report_ext {
                skipped.not_report += 1;
            } else if filter.excludes(relative, &name) || !filter.includes(relative, &name) {
                skipped.excluded += 1;
            } else {
                inputs.files.push(file);
            }
        }
        inputs
            .error_at
            .extend(std::iter::repeat_n(inputs.files.len(), errors.len()));
        inputs.errors.extend(errors);
        inputs.skipped.hidden += skipped.hidden;
        inputs.skipped.not_report += skipped.not_report;
        inputs.skipped.excluded += skipped.excluded;
    }
    inputs
}

/// Settings of a [`run`].
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; 0 means one per available core.
    pub jobs: usize,
    /// Hand results over in input order (`true`) or as files finish (`false`).
    pub ordered: bool,
    /// In ordered mode, how many files past the oldest unfinished one may be in flight or
    /// waiting in the reorder buffer; bounds memory. At least 1.
    pub window: usize,
    /// Measure the time spent in each stage (see [`StageTimes`]).
    pub timings: bool,
    /// Files already done: a file whose path and SHA-256 are in this set is not
    /// extracted; it yields [`Outcome::Done`].
    pub done: HashSet<ResumeKey>,
    /// Test-only: sleep this long before each file, so tests can interrupt a run midway.
    #[doc(hidden)]
    pub delay: Option<Duration>,
}

impl Default for Options {
    /// All cores, ordered, a window of 256 files, no timings, nothing done.
    fn default() -> Options {
        Options {
            jobs: 0,
            ordered: true,
            window: 256,
            timings: false,
            done: HashSet::new(),
            delay: None,
        }
    }
}

/// What became of one file.
#[derive(Debug)]
pub enum Outcome {
    /// The extracted report.
    Report(Box<Report>),
    /// Why the file could not be extracted.
    Failed(Error),
    /// The file was in [`Options::done`]; it was hashed but not extracted. Holds its
    /// SHA-256 (lower-case hex).
    Done(String),
}

/// One file's result, handed to the callback of [`run`].
#[derive(Debug)]
pub struct Item {
    /// Position of the file in the list given to [`run`].
    pub index: usize,
    /// The file.
    pub path: PathBuf,
    /// Its outcome.
    pub outcome: Outcome,
}

/// Cumulative time per stage, summed over all threads (so with 2 threads it can exceed
/// the elapsed time). Zero unless [`Options::timings`] is set.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StageTimes {
    /// Reading the file from disk (and hashing it when resuming).
    pub io: Duration,
    /// [`crate::read::read_bytes`]: format detection and decoding (PDF text extraction).
    pub read: Duration,
    /// [`crate::normalize::normalize_pages`].
    pub normalize: Duration,
    /// [`crate::extract::extract`].
    pub extract: Duration,
    /// [`crate::classify::classify`].
    pub classify: Duration,
}

/// Counts and times of a finished [`run`].
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Files handed to the callback.
    pub files: usize,
    /// Reports extracted.
    pub reports: usize,
    /// Files skipped as already done.
    pub done: usize,
    /// Failed files by [`Error::kind`].
    pub errors: BTreeMap<&'static str, usize>,
    /// Bytes of the files extracted (reports only).
    pub bytes: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// Per-stage times, when asked for.
    pub stages: StageTimes,
}

impl Stats {
    /// All failed files.
    pub fn failed(&self) -> usize {
        self.errors.values().sum()
    }
}

#[derive(Default)]
struct Clocks {
    io: AtomicU64,
    read: AtomicU64,
    normalize: AtomicU64,
    extract: AtomicU64,
    classify: AtomicU64,
}

impl Clocks {
    fn times(&self) -> StageTimes {
        let d = |a: &AtomicU64| Duration::from_nanos(a.load(Ordering::Relaxed));
        StageTimes {
            io: d(&self.io),
            read: d(&self.read),
            normalize: d(&self.normalize),
            extract: d(&self.extract),
            classify: d(&self.classify),
        }
    }
}

/// Runs `f`, adding its duration to `clock` when `on`.
fn timed<T>(on: bool, clock: &AtomicU64, f: impl FnOnce() -> T) -> T {
    if !on {
        return f();
    }
    let start = Instant::now();
    let value = f();
    clock.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    value
}

/// Extracts every file of `files` on `options.jobs` threads and calls `sink` once per
/// file, on the calling thread, in input order when `options.ordered`.
///
/// At most `options.window` results wait in the reorder buffer (ordered) and a few more in
/// a bounded channel, so memory does not grow with the number of files. `-` reads standard
/// input. The pipeline per file is that of [`crate::extract_file`]: read, normalize,
/// extract, classify, each timed when `options.timings`.
///
/// # Errors
/// The first error returned by `sink`: the run stops (files in flight are finished and
/// dropped) and the error is returned. Failed files are not errors of the run.
pub fn run<E, F>(
    files: &[PathBuf],
    config: &Config,
    options: &Options,
    mut sink: F,
) -> std::result::Result<Stats, E>
where
    F: FnMut(Item) -> std::result::Result<(), E>,
{
    let start = Instant::now();
    let jobs = if options.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.jobs
    };
    let jobs = jobs.min(files.len()).max(1);
    let window = options.window.max(1);
    let clocks = Clocks::default();
    let mut stats = Stats::default();

    let next = AtomicUsize::new(0);
    let cancel = AtomicBool::new(false);
    // Ordered mode: index of the next file to hand over; workers wait while they are a
    // full window ahead of it.
    let emitted = Mutex::new(0usize);
    let moved = Condvar::new();

    let worker = |tx: mpsc::SyncSender<(usize, Outcome)>| loop {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= files.len() {
            break;
        }
        if options.ordered {
            let mut e = emitted.lock().unwrap_or_else(|p| p.into_inner());
            while i >= *e + window && !cancel.load(Ordering::Relaxed) {
                e = moved.wait(e).unwrap_or_else(|p| p.into_inner());
            }
        }
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        if let Some(delay) = options.delay {
            std::thread::sleep(delay);
        }
        let outcome = process_caught(&files[i], config, options, &clocks);
        if tx.send((i, outcome)).is_err() {
            break;
        }
    };

    let mut buffer: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut next_out = 0usize;
    let mut accept = |index: usize, outcome: Outcome| -> std::result::Result<(), E> {
        let mut hand_over = |index: usize, outcome: Outcome| {
            stats.files += 1;
            match &outcome {
                Outcome::Report(r) => {
                    stats.reports += 1;
                    stats.bytes += r.source.bytes;
                }
                Outcome::Failed(e) => *stats.errors.entry(e.kind()).or_default() += 1,
                Outcome::Done(_) => stats.done += 1,
            }
            sink(Item {
                index,
                path: files[index].clone(),
                outcome,
            })
        };
        if !options.ordered {
            return hand_over(index, outcome);
        }
        buffer.insert(index, outcome);
        while let Some(outcome) = buffer.remove(&next_out) {
            hand_over(next_out, outcome)?;
            next_out += 1;
            *emitted.lock().unwrap_or_else(|p| p.into_inner()) = next_out;
            moved.notify_all();
        }
        Ok(())
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("jixiao-{i}"))
        .build();
    let result = match pool {
        Ok(pool) => pool.in_place_scope(|scope| {
            let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(jobs * 2);
            for _ in 0..jobs {
                let tx = tx.clone();
                scope.spawn(|_| worker(tx));
            }
            drop(tx);
            let result = rx
                .into_iter()
                .try_for_each(|(i, outcome)| accept(i, outcome));
            if result.is_err() {
                // Stop the workers: no new files; wake those waiting for the window. The
                // receiver is gone, so those sending give up.
                cancel.store(true, Ordering::Relaxed);
                let _guard = emitted.lock().unwrap_or_else(|p| p.into_inner());
                moved.notify_all();
            }
            result
        }),
        // No thread to be had: work on the calling thread, one file at a time.
        Err(_) => (0..files.len()).try_for_each(|i| {
            if let Some(delay) = options.delay {
                std::thread::sleep(delay);
            }
            accept(i, process_caught(&files[i], config, options, &clocks))
        }),
    };
    result?;
    stats.elapsed = start.elapsed();
    stats.stages = clocks.times();
    Ok(stats)
}

/// [`process`], with a panic turned into the file's [`Error::Worker`].
fn process_caught(path: &Path, config: &Config, options: &Options, clocks: &Clocks) -> Outcome {
    std::panic::catch_unwind(AssertUnwindSafe(|| process(path, config, options, clocks)))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome::Failed(Error::Worker {
                path: path.to_path_buf(),
                reason: format!("internal error (panic): {what}"),
            })
        })
}

/// Reads and extracts one file, timing each stage.
fn process(path: &Path, config: &Config, options: &Options, clocks: &Clocks) -> Outcome {
    let on = options.timings;
    let bytes = match timed(on, &clocks.io, || read_input(path, config.max_bytes)) {
        Ok(bytes) => bytes,
        Err(err) => return Outcome::Failed(err),
    };
    if !options.done.is_empty() {
        let sha256 = timed(on, &clocks.io, || crate::sha256_hex(&bytes));
        let key = ResumeKey {
            path: path.to_string_lossy().into_owned(),
            sha256,
        };
        if options.done.contains(&key) {
            return Outcome::Done(key.sha256);
        }
    }
    // The stages of `crate::extract_bytes`, one by one so that each can be timed.
    let document = match timed(on, &clocks.read, || {
        crate::read::read_bytes_with(path, &bytes, &config.pdf)
    }) {
        Ok(document) => document,
        Err(err) => return Outcome::Failed(err),
    };
    let source = crate::source_of(path, &bytes, &document);
    drop(bytes);
    let text = timed(on, &clocks.normalize, || {
        crate::normalize::normalize_pages(&document.pages)
    });
    let mut report = timed(on, &clocks.extract, || {
        crate::extract::extract(&text, source, &config.dictionaries)
    });
    timed(on, &clocks.classify, || {
        crate::classify::classify(&mut report, &text, &config.dictionaries)
    });
    crate::add_read_warnings(&mut report, &document);
    Outcome::Report(Box::new(report))
}

/// The bytes of `path` (standard input for `-`), refusing folders and files over `max_bytes`.
fn read_input(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        crate::read_limited(std::io::stdin().lock(), path, max_bytes, 0)
    } else {
        crate::read_file_limited(path, max_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn report_text(i: usize) -> String {
        format!(
            "评价项目：项目{i}\n评价分值：{}.5\n评价结论：良\n",
            80 + i % 10
        )
    }

    #[test]
    fn collect_inputs_skips_hidden_non_reports_and_excluded() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [
            "a.txt",
            "b.pdf",
            "c.png",
            ".hidden.txt",
            ".git/x.txt",
            "old/d.txt",
            "sub/e.md",
            "sub/f.xlsx",
            "sub/g.DOC",
        ] {
            write(d, name, "x");
        }
        let inputs = collect_inputs(
            &[d.to_path_buf()],
            &Filter::new(&[], &["old".into()]).unwrap(),
        );
        // A legacy Word file is a report the walk takes (it gives an error record).
        assert_eq!(
            inputs.files,
            vec![
                d.join("a.txt"),
                d.join("b.pdf"),
                d.join("sub/e.md"),
                d.join("sub/g.DOC")
            ]
        );
        assert_eq!(
            inputs.skipped,
            Skipped {
                hidden: 2,
                not_report: 2,
                excluded: 1
            }
        );

        let inputs = collect_inputs(
            &[d.to_path_buf()],
            &Filter::new(&["*.pdf".into()], &[]).unwrap(),
        );
        assert_eq!(inputs.files, vec![d.join("b.pdf")]);
        // Not *.pdf: a.txt, old/d.txt, sub/e.md, sub/g.DOC.
        assert_eq!(
            inputs.skipped,
            Skipped {
                hidden: 2,
                not_report: 2,
                excluded: 4
            }
        );

        let inputs = collect_inputs(
            &[d.to_path_buf()],
            &Filter::new(&["sub/*".into()], &[]).unwrap(),
        );
        assert_eq!(inputs.files, vec![d.join("sub/e.md"), d.join("sub/g.DOC")]);

        // A file named explicitly is taken whatever its extension; a missing path is an error.
        let inputs = collect_inputs(
            &[d.join("missing"), d.join("c.png"), d.join("missing2")],
            &Filter::default(),
        );
        assert_eq!(inputs.files, vec![d.join("c.png")]);
        assert_eq!(inputs.errors.len(), 2);
        assert_eq!(inputs.error_at, vec![0, 1]);
        assert_eq!(inputs.errors[0].kind(), "io");
    }

    #[test]
    fn dictionaries_and_jieba_are_loaded_once_per_process() {
        // Every run shares the embedded dictionaries (and their jieba instance).
        assert!(std::sync::Arc::ptr_eq(
            &Config::default().dictionaries,
            &Config::default().dictionaries
        ));
    }

    #[test]
    fn bad_glob_is_a_pattern_error() {
        let err = Filter::new(&["a[".into()], &[]).unwrap_err();
        assert_eq!(err.kind(), "pattern");
        assert!(err.to_string().contains("a["), "{err}");
    }

    #[test]
    fn ordered_run_hands_over_in_input_order_same_reports_as_extract_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut files: Vec<PathBuf> = (0..60)
            .map(|i| write(dir.path(), &format!("r{i:03}.txt"), &report_text(i)))
            .collect();
        files.insert(7, write(dir.path(), "empty.txt", ""));
        files.insert(20, dir.path().join("missing.txt"));
        let config = Config::default();
        let options = Options {
            jobs: 2,
            window: 3,
            timings: true,
            ..Options::default()
        };
        let mut seen = Vec::new();
        let stats = run(
            &files,
            &config,
            &options,
            |item| -> std::result::Result<(), ()> {
                let expected = crate::extract_file(&item.path, &config);
                match (&item.outcome, expected) {
                    (Outcome::Report(r), Ok(e)) => assert_eq!(**r, e),
                    (Outcome::Failed(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                    (got, want) => panic!(
                        "{}: got {got:?}, extract_file gives {want:?}",
                        item.path.display()
                    ),
                }
                seen.push(item.index);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..62).collect::<Vec<_>>());
        assert_eq!((stats.files, stats.reports, stats.failed()), (62, 60, 2));
        assert_eq!(stats.errors, BTreeMap::from([("empty", 1), ("io", 1)]));
        assert!(stats.stages.read > Duration::ZERO);
    }

    #[test]
    fn unordered_run_hands_over_every_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..40)
            .map(|i| write(dir.path(), &format!("r{i}.txt"), &report_text(i)))
            .collect();
        let options = Options {
            jobs: 2,
            ordered: false,
            ..Options::default()
        };
        let mut seen = Vec::new();
        run(
            &files,
            &Config::default(),
            &options,
            |item| -> std::result::Result<(), ()> {
                assert_eq!(item.path, files[item.index]);
                seen.push(item.index);
                Ok(())
            },
        )
        .unwrap();
        seen.sort();
        assert_eq!(seen, (0..40).collect::<Vec<_>>());
    }

    #[test]
    fn sink_error_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..200)
            .map(|i| write(dir.path(), &format!("r{i}.txt"), &report_text(i)))
            .collect();
        let options = Options {
            jobs: 2,
            window: 4,
            ..Options::default()
        };
        let mut handed = 0;
        let result = run(&files, &Config::default(), &options, |item| {
            handed += 1;
            if item.index == 5 {
                Err("disk full")
            } else {
                Ok(())
            }
        });
        assert_eq!(result.unwrap_err(), "disk full");
        assert_eq!(handed, 6);
    }

    #[test]
    fn done_files_are_hashed_not_extracted() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.txt", &report_text(1));
        let b = write(dir.path(), "b.txt", &report_text(2));
        let sha = crate::sha256_hex(report_text(1).as_bytes());
        let done = HashSet::from([
            ResumeKey {
                path: a.to_string_lossy().into_owned(),
                sha256: sha.clone(),
            },
            // Same path, other content: b changed since, so it is extracted again.
            ResumeKey {
                path: b.to_string_lossy().into_owned(),
                sha256: sha.clone(),
            },
        ]);
        let options = Options {
            jobs: 1,
            done,
            ..Options::default()
        };
        let mut outcomes = Vec::new();
        let stats = run(
            &[a, b],
            &Config::default(),
            &options,
            |item| -> std::result::Result<(), ()> {
                outcomes.push(item.outcome);
                Ok(())
            },
        )
        .unwrap();
        assert!(matches!(&outcomes[0], Outcome::Done(s) if *s == sha));
        assert!(matches!(&outcomes[1], Outcome::Report(_)));
        assert_eq!((stats.done, stats.reports), (1, 1));
    }
}
