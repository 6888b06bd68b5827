//! `jixiao index`: extract files (or read jixiao's JSON Lines) into the archive database.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use clap::Args;
use indicatif::ProgressBar;
use rayon::prelude::*;

use jixiao::output::ErrorRecord;
use jixiao::store::{Indexed, Store};
use jixiao::{Config, Error, Report};

/// Arguments of `jixiao index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Report files, folders (walked for .txt .md .pdf .docx .html), or JSON Lines files
    /// (.jsonl, .ndjson) written by `jixiao extract`; `-` reads standard input (a report read
    /// from there is stored under the path `-#` + the first 12 hex digits of its sha256).
    /// Paths are stored as written (relative stays relative), as `extract` writes them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The archive database (created when missing).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,

    /// Remove reports that came from the given paths but are no longer there (files deleted
    /// from a folder, records gone from a JSON Lines file). A path that cannot be read
    /// (missing, unmounted, unreadable folder) prunes nothing stored under it, and files
    /// left out by --include/--exclude but still present keep their reports.
    #[arg(long)]
    pub prune: bool,

    /// Re-extract and rewrite every report, even files whose content (sha256) is unchanged.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub filter: super::FilterArgs,

    /// No progress bar and no summary (per-file errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

/// What happened to one input file, computed off the database thread.
enum Prepared {
    Unchanged(String),
    Report(Box<Report>),
    Failed(String, Error),
}

#[derive(Default)]
struct Tally {
    new: usize,
    replaced: usize,
    skipped: usize,
    failed: usize,
    /// Failed files whose earlier report stays in the archive.
    kept: usize,
    seen: HashSet<String>,
    /// Paths with a recorded failure before this run (cleared when found unchanged).
    failures: HashSet<String>,
}

impl Tally {
    fn add(&mut self, outcome: Indexed) {
        match outcome {
            Indexed::New => self.new += 1,
            Indexed::Replaced => self.replaced += 1,
            Indexed::Skipped => self.skipped += 1,
        }
    }
}

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// A path as stored in the archive: as written, the way `extract` writes `source.path`.
fn key_of(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The path under which a report read from standard input is stored: `-#` and the first 12
/// hex digits of its sha256, so that different reports do not replace each other.
fn stdin_key(bytes: &[u8]) -> String {
    format!("-#{}", &jixiao::sha256_hex(bytes)[..12])
}

/// Runs `jixiao index`.
pub fn run(args: IndexArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let filter = args.filter.filter()?;
    let mut store = Store::open(&args.db, config)?;
    store.set_force(args.force);
    let known = store.known_files()?;
    let inputs = jixiao::batch::collect_inputs(&args.paths, &filter);
    let bar = super::file_progress_bar(
        inputs.files.len(),
        !args.quiet && std::io::stderr().is_terminal(),
    );
    let mut tally = Tally {
        failures: store.failed_paths()?,
        ..Tally::default()
    };
    for err in &inputs.errors {
        tally.failed += 1;
        bar.suspend(|| eprintln!("jixiao: {err}"));
    }
    let (jsonl, documents): (Vec<PathBuf>, Vec<PathBuf>) = inputs
        .files
        .iter()
        .cloned()
        .partition(|p| is_jsonl(p) || p == Path::new("-"));

    for path in &jsonl {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
                index_jsonl(&mut store, bytes.as_slice(), path, "-", &mut tally, &bar)?;
            } else {
                let key = stdin_key(&bytes);
                let prepared = match jixiao::extract_bytes(path, &bytes, config) {
                    Ok(mut report) => {
                        report.source.path = key;
                        Prepared::Report(Box::new(report))
                    }
                    Err(err) => Prepared::Failed(key, err),
                };
                write_prepared(&mut store, prepared, "-", &mut tally, &bar)?;
            }
        } else {
            let origin = key_of(path);
            let file = std::fs::File::open(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            index_jsonl(
                &mut store,
                std::io::BufReader::new(file),
                path,
                &origin,
                &mut tally,
                &bar,
            )?;
        }
        bar.inc(1);
    }

    // Extraction in parallel; every database write on this thread, one transaction per file.
    let stop = AtomicBool::new(false);
    let (sender, receiver) = std::sync::mpsc::sync_channel::<(String, Prepared)>(64);
    let written: anyhow::Result<()> = std::thread::scope(|scope| {
        let (stop, known) = (&stop, &known);
        scope.spawn(move || {
            documents.par_iter().for_each_with(sender, |sender, path| {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let key = key_of(path);
                let prepared = prepare(path, &key, known, args.force, config);
                let _ = sender.send((key, prepared));
            });
        });
        for (origin, prepared) in receiver {
            if let Err(err) = write_prepared(&mut store, prepared, &origin, &mut tally, &bar) {
                stop.store(true, Ordering::Relaxed);
                return Err(err);
            }
            bar.inc(1);
        }
        Ok(())
    });
    written?;
    bar.finish_and_clear();

    let mut pruned = 0;
    if args.prune {
        if args.filter.any() {
            // Files the globs left out are still there: keep their reports.
            tally.seen.extend(
                known
                    .keys()
                    .filter(|path| Path::new(path).is_file())
                    .cloned(),
            );
        }
        // What could not be read (a folder inside a root that cannot be listed) is not
        // known to be gone: keep what is stored under it.
        let unread: Vec<&Path> = inputs
            .errors
            .iter()
            .filter_map(|err| match err {
                Error::Io { path, .. } => Some(path.as_path()),
                _ => None,
            })
            .collect();
        tally.seen.extend(
            known
                .keys()
                .chain(tally.failures.iter())
                .filter(|path| unread.iter().any(|u| jixiao::store::is_under(path, u)))
                .cloned()
                .collect::<Vec<_>>(),
        );
        // Only paths that were read are pruned: a missing or unmounted one prunes nothing.
        let roots: Vec<PathBuf> = args
            .paths
            .iter()
            .filter(|p| *p != Path::new("-") && (p.is_file() || p.is_dir()))
            .filter(|p| !unread.contains(&p.as_path()))
            .cloned()
            .collect();
        pruned = store.prune(&roots, &tally.seen)?;
    }
    let counts: HashMap<&str, i64> = store.row_counts()?.into_iter().collect();
    let skipped = inputs.skipped;
    if !args.quiet && skipped.total() > 0 {
        eprintln!("jixiao: {skipped}");
    }
    if !args.quiet {
        let kept = match tally.kept {
            0 => String::new(),
            1 => " (1 earlier report kept)".to_string(),
            n => format!(" ({n} earlier reports kept)"),
        };
        eprintln!(
        "jixiao: {} new, {} replaced, {} unchanged, {} failed{kept}, {} pruned; {}: {} reports, {} problems, {} suggestions, {} achievements",
        tally.new,
        tally.replaced,
        tally.skipped,
        tally.failed,
        pruned,
        args.db.display(),
        counts["reports"],
        counts["problems"],
        counts["suggestions"],
        counts["achievements"],
    );
    }
    Ok(if tally.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads and extracts one file, unless its sha256 matches the archive's.
fn prepare(
    path: &Path,
    key: &str,
    known: &HashMap<String, String>,
    force: bool,
    config: &Config,
) -> Prepared {
    let bytes = match jixiao::read_file_limited(path, config.max_bytes) {
        Ok(b) => b,
        Err(err) => return Prepared::Failed(key.to_string(), err),
    };
    if !force
        && known
            .get(key)
            .is_some_and(|sha| *sha == jixiao::sha256_hex(&bytes))
    {
        return Prepared::Unchanged(key.to_string());
    }
    match jixiao::extract_bytes(path, &bytes, config) {
        Ok(report) => Prepared::Report(Box::new(report)),
        Err(err) => Prepared::Failed(key.to_string(), err),
    }
}

fn write_prepared(
    store: &mut Store,
    prepared: Prepared,
    origin: &str,
    tally: &mut Tally,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    match prepared {
        Prepared::Unchanged(key) => {
            tally.skipped += 1;
            if tally.failures.remove(&key) {
                store.clear_failure(&key)?;
            }
            tally.seen.insert(key);
        }
        Prepared::Report(report) => {
            tally.add(store.index_report(&report, origin)?);
            tally.seen.insert(report.source.path.clone());
        }
        Prepared::Failed(key, err) => {
            bar.suspend(|| eprintln!("jixiao: {err}"));
            tally.failed += 1;
            if store.record_failure(&key, origin, err.kind(), &err.to_string())? {
                tally.kept += 1;
            }
            tally.seen.insert(key);
        }
    }
    Ok(())
}

/// Indexes the records of a JSON Lines file: reports are stored, error records are stored as
/// failures, any other line is reported (with its line number) and counted as failed.
fn index_jsonl(
    store: &mut Store,
    reader: impl BufRead,
    path: &Path,
    origin: &str,
    tally: &mut Tally,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let record = |reason: String| Error::Record {
            path: path.to_path_buf(),
            line: i + 1,
            reason,
        };
        let value: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(err) => {
                bar.suspend(|| eprintln!("jixiao: {}", record(err.to_string())));
                tally.failed += 1;
                continue;
            }
        };
        if value.get("error").is_some() {
            match serde_json::from_value::<ErrorRecord>(value) {
                Ok(rec) => {
                    tally.failed += 1;
                    if store.record_failure(
                        &rec.source.path,
                        origin,
                        &rec.error.kind,
                        &rec.error.message,
                    )? {
                        tally.kept += 1;
                    }
                    tally.seen.insert(rec.source.path);
                }
                Err(err) => {
                    bar.suspend(|| {
                        eprintln!("jixiao: {}", record(format!("bad error record: {err}")))
                    });
                    tally.failed += 1;
                }
            }
            continue;
        }
        match serde_json::from_value::<Report>(value) {
            Ok(report) => {
                tally.add(store.index_report(&report, origin)?);
                tally.seen.insert(report.source.path);
            }
            Err(err) => {
                bar.suspend(|| eprintln!("jixiao: {}", record(err.to_string())));
                tally.failed += 1;
            }
        }
    }
    Ok(())
}
