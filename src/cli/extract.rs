//! `jixiao extract`: extracts files in parallel and streams the records out.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};

use jixiao::batch::{self, JsonlOutput, Outcome, ResumeKey, Stats};
use jixiao::output::ErrorRecord;
use jixiao::Config;

/// Test-only knob: milliseconds to sleep before each file, so that tests can kill a run
/// midway. Not for users.
const TEST_DELAY_ENV: &str = "JIXIAO_TEST_DELAY_MS";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One pretty JSON object per report (an array when there are several).
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `jixiao extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders; `-` reads standard input. A named file is read whatever its
    /// extension; folders are walked for report files (hidden files and folders skipped).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format; default: json for a single file, jsonl otherwise.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Write to FILE instead of standard output. The records go to FILE.partial while the
    /// run goes on; FILE appears (atomically) only when the run completes.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads, at least 1 (default: one per core).
    #[arg(
        short,
        long,
        value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
    )]
    pub jobs: Option<usize>,

    /// Write records as files finish instead of in input order.
    #[arg(long)]
    pub unordered: bool,

    /// Finish an interrupted run: keep the records already in FILE.partial / FILE and
    /// extract only the files whose path and SHA-256 have no report there (needs -o, jsonl).
    #[arg(long)]
    pub resume: bool,

    #[command(flatten)]
    pub filter: super::FilterArgs,

    /// No progress bar and no summary (per-file errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,

    /// Add the cumulative time of each stage (io, read, normalize, extract, classify,
    /// write) to the summary.
    #[arg(long)]
    pub timings: bool,
}

/// Where records go.
enum Sink {
    /// JSON Lines to standard output.
    StdoutJsonl(std::io::BufWriter<std::io::StdoutLock<'static>>),
    /// JSON Lines to a file, atomically and resumably.
    FileJsonl(JsonlOutput),
    /// Pretty JSON: one object for a single file, else a streamed array; to standard
    /// output or to `FILE.partial`, renamed to `FILE` at the end.
    Json {
        out: Box<dyn Write>,
        target: Option<PathBuf>,
        single: bool,
        count: usize,
    },
}

impl Sink {
    fn write(&mut self, slot: usize, record: &impl serde::Serialize) -> std::io::Result<()> {
        match self {
            Sink::StdoutJsonl(out) => jixiao::output::write_jsonl(out, record),
            Sink::FileJsonl(out) => out.write(slot, record),
            Sink::Json {
                out, single, count, ..
            } => {
                if !*single {
                    out.write_all(if *count == 0 { b"[\n" } else { b",\n" })?;
                }
                *count += 1;
                serde_json::to_writer_pretty(&mut *out, record)?;
                if *single {
                    out.write_all(b"\n")?;
                }
                Ok(())
            }
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::StdoutJsonl(mut out) => out.flush()?,
            Sink::FileJsonl(out) => out.finish()?,
            Sink::Json {
                mut out,
                target,
                single,
                count,
            } => {
                if !single {
                    out.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" })?;
                }
                out.flush()?;
                drop(out);
                if let Some(target) = target {
                    std::fs::rename(JsonlOutput::partial_path(&target), &target)
                        .with_context(|| format!("cannot write {}", target.display()))?;
                }
            }
        }
        Ok(())
    }
}

/// Runs `jixiao extract`.
pub fn run(args: ExtractArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let filter = args.filter.filter()?;
    let inputs = batch::collect_inputs(&args.paths, &filter);
    let single = inputs.files.len() == 1
        && inputs.errors.is_empty()
        && args.paths.len() == 1
        && !args.paths[0].is_dir();
    let format = args.format.unwrap_or(if single {
        OutputFormat::Json
    } else {
        OutputFormat::Jsonl
    });
    if args.resume && (args.output.is_none() || format != OutputFormat::Jsonl) {
        bail!("--resume needs --output FILE and the jsonl format");
    }
    if let Some(output) = &args.output {
        check_output(output, &inputs.files)?;
    }
    let mut sink = match (&args.output, format) {
        (None, OutputFormat::Jsonl) => {
            Sink::StdoutJsonl(std::io::BufWriter::new(std::io::stdout().lock()))
        }
        (Some(path), OutputFormat::Jsonl) if args.resume => Sink::FileJsonl(
            JsonlOutput::resume(path)
                .with_context(|| format!("cannot resume {}", path.display()))?,
        ),
        (Some(path), OutputFormat::Jsonl) => Sink::FileJsonl(
            JsonlOutput::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        (target, OutputFormat::Json) => {
            let out: Box<dyn Write> = match target {
                Some(path) => {
                    let partial = JsonlOutput::partial_path(path);
                    let file = std::fs::File::create(&partial)
                        .with_context(|| format!("cannot create {}", partial.display()))?;
                    Box::new(std::io::BufWriter::new(file))
                }
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            Sink::Json {
                out,
                target: target.clone(),
                single,
                count: 0,
            }
        }
    };

    // The bar goes to stderr; not over records written to the same terminal.
    let records_on_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let show = !args.quiet && std::io::stderr().is_terminal() && !records_on_terminal;
    let bar = super::file_progress_bar(inputs.files.len(), show);

    // Paths that could not be listed are error records in input order: error k comes
    // after `error_at[k]` files, so it takes slot `error_at[k] + k`, and file i comes after
    // the errors with `error_at <= i`. Unordered, they are written first.
    let error_at = &inputs.error_at;
    let file_slot = |i: usize| i + error_at.partition_point(|&at| at <= i);
    let mut next_error = 0usize;
    let mut write_errors_before = |sink: &mut Sink, files_done: usize| -> anyhow::Result<()> {
        while next_error < inputs.errors.len() && error_at[next_error] <= files_done {
            let err = &inputs.errors[next_error];
            bar.suspend(|| eprintln!("jixiao: {err}"));
            sink.write(
                error_at[next_error] + next_error,
                &ErrorRecord::new(&error_path(err), err),
            )?;
            next_error += 1;
        }
        Ok(())
    };
    if args.unordered {
        write_errors_before(&mut sink, usize::MAX)?;
    }

    let mut options = batch::Options {
        jobs: args.jobs.unwrap_or(0),
        ordered: !args.unordered,
        timings: args.timings,
        ..batch::Options::default()
    };
    if let Sink::FileJsonl(out) = &sink {
        options.done = out.done();
    }
    if let Some(ms) = std::env::var(TEST_DELAY_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        options.delay = Some(Duration::from_millis(ms));
    }

    let mut write_time = Duration::ZERO;
    let mut stats = batch::run(
        &inputs.files,
        config,
        &options,
        |item| -> anyhow::Result<()> {
            let start = Instant::now();
            write_errors_before(&mut sink, item.index)?;
            let slot = file_slot(item.index);
            match item.outcome {
                Outcome::Report(report) => sink.write(slot, &report)?,
                Outcome::Failed(err) => {
                    bar.suspend(|| eprintln!("jixiao: {err}"));
                    sink.write(slot, &ErrorRecord::new(&item.path.to_string_lossy(), &err))?;
                }
                Outcome::Done(sha256) => {
                    if let Sink::FileJsonl(out) = &mut sink {
                        out.keep(
                            slot,
                            &ResumeKey {
                                path: item.path.to_string_lossy().into_owned(),
                                sha256,
                            },
                        )?;
                    }
                }
            }
            write_time += start.elapsed();
            bar.inc(1);
            Ok(())
        },
    )?;
    let finish = Instant::now();
    write_errors_before(&mut sink, usize::MAX)?;
    sink.finish()?;
    write_time += finish.elapsed();
    bar.finish_and_clear();
    // From listing the files to the output in place.
    stats.elapsed = start.elapsed();

    // A single file is not a batch: its record says it all.
    if !args.quiet && !single {
        eprint!(
            "{}",
            summary(&stats, &inputs, args.timings.then_some(write_time))
        );
    }
    Ok(if stats.failed() > 0 || !inputs.errors.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The end-of-run summary, e.g.
/// `jixiao: 10012 files: 10000 reports, 12 errors (empty 2, pdf 10), 0 resumed; …`.
fn summary(stats: &Stats, inputs: &batch::Inputs, write_time: Option<Duration>) -> String {
    let mut errors: BTreeMap<&str, usize> = stats.errors.clone();
    for err in &inputs.errors {
        *errors.entry(err.kind()).or_default() += 1;
    }
    let failed: usize = errors.values().sum();
    let by_kind = errors
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let secs = stats.elapsed.as_secs_f64().max(1e-9);
    let mut s = format!(
        "jixiao: {}: {}, {}{}, {} already done; {:.2} s, {:.1} reports/s, {:.2} MB/s\n",
        count(stats.files + inputs.errors.len(), "file"),
        count(stats.reports, "report"),
        count(failed, "error"),
        if by_kind.is_empty() {
            String::new()
        } else {
            format!(" ({by_kind})")
        },
        stats.done,
        secs,
        stats.reports as f64 / secs,
        stats.bytes as f64 / 1e6 / secs,
    );
    let k = inputs.skipped;
    if k.total() > 0 {
        s += &format!("jixiao: {k}\n");
    }
    if let Some(write) = write_time {
        let t = stats.stages;
        s += &format!(
            "jixiao: stage time (summed over threads): io {:.3} s, read {:.3} s, normalize {:.3} s, extract {:.3} s, classify {:.3} s, write {:.3} s\n",
            t.io.as_secs_f64(),
            t.read.as_secs_f64(),
            t.normalize.as_secs_f64(),
            t.extract.as_secs_f64(),
            t.classify.as_secs_f64(),
            write.as_secs_f64(),
        );
    }
    s
}

/// Refuses, before any work, an output that cannot be written or that would overwrite an
/// input: `output` must not be a folder, its folder must exist, and neither `output` nor
/// `output.partial` may be one of `inputs` (compared as canonical paths, so `./a.txt`,
/// `dir/../a.txt` and symlinks are caught; an output that does not exist yet is compared
/// by its folder's canonical path and its name).
fn check_output(output: &std::path::Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    if output.is_dir() {
        bail!(
            "--output {}: is a folder; give the name of a file to write",
            output.display()
        );
    }
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    if !parent.is_dir() {
        bail!(
            "--output {}: folder {} does not exist",
            output.display(),
            parent.display()
        );
    }
    let canonical = |path: &std::path::Path| -> Option<PathBuf> {
        if let Ok(c) = path.canonicalize() {
            return Some(c);
        }
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(path.file_name()?))
    };
    let targets: Vec<PathBuf> = [output.to_path_buf(), JsonlOutput::partial_path(output)]
        .iter()
        .filter_map(|p| canonical(p))
        .collect();
    for input in inputs {
        if input == std::path::Path::new("-") {
            continue;
        }
        if let Some(c) = input.canonicalize().ok().filter(|c| targets.contains(c)) {
            bail!(
                "--output {} would overwrite the input file {} ({}); choose another output file",
                output.display(),
                input.display(),
                c.display()
            );
        }
    }
    Ok(())
}

/// `n` and the noun, plural unless `n` is 1: `1 file`, `2 files`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn error_path(err: &jixiao::Error) -> String {
    match err {
        jixiao::Error::Io { path, .. } => path.to_string_lossy().into_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(12, "report"), "12 reports");
    }
}
