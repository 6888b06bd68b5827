//! Command-line arguments and dispatch (binary side only).

mod export;
mod extract;
mod index;
mod search;
mod stats;
mod worker;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Extract structured records from Chinese fiscal performance evaluation reports
/// (绩效评价结果反馈, 绩效评价报告, 绩效自评报告).
///
/// Exit status: 0 all files succeeded, 1 some files failed, 2 usage or fatal error.
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about, long_about = None)]
pub struct Cli {
    /// Load dictionaries (fields.toml, sections.toml, categories.toml, user.dict,
    /// stopwords.txt, idf.txt) from DIR instead of the built-in ones; missing files fall back.
    #[arg(long, global = true, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract reports from files or folders (folders are walked for .txt .md .pdf .docx .html).
    Extract(extract::ExtractArgs),
    /// Internal: serve PDF parse requests on stdin/stdout (the isolated PDF worker).
    #[command(name = "pdf-worker", hide = true)]
    PdfWorker(worker::WorkerArgs),
    /// Internal: print the text read from one file (pages separated by form feeds), for
    /// fidelity checks against other extractors.
    #[command(hide = true)]
    Text(worker::TextArgs),
    /// Add reports to a searchable archive database (SQLite): extracts files, or reads the
    /// JSON Lines of `jixiao extract`; unchanged files are skipped.
    Index(index::IndexArgs),
    /// Search the archive's problems, suggestions and achievements, with filters.
    Search(search::SearchArgs),
    /// Counts over the archive: problems by category and year, grades, scores, departments.
    Stats(stats::StatsArgs),
    /// Export the archive as CSV, XLSX or JSON Lines (one row per problem by default).
    Export(export::ExportArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::PdfWorker(args) = &cli.command {
        return worker::serve(args);
    }
    let mut config = match &cli.dictionaries {
        Some(dir) => jixiao::Config::with_dictionaries(dir)?,
        None => jixiao::Config::default(),
    };
    // PDFs are parsed in a worker subprocess (this executable), so an adversarial file that
    // overflows a PDF library's stack costs one file, not the run.
    config.pdf.worker = std::env::current_exe().ok();
    match cli.command {
        Command::Extract(args) => extract::run(args, &config),
        Command::Text(args) => worker::text(args, &config),
        Command::PdfWorker(_) => unreachable!("handled above"),
        Command::Index(args) => index::run(args, &config),
        Command::Search(args) => search::run(args, &config),
        Command::Stats(args) => stats::run(args, &config),
        Command::Export(args) => export::run(args, &config),
    }
}

/// Whether `err` is a broken pipe (e.g. output piped into `head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `--include` / `--exclude`, shared by the commands that walk folders.
#[derive(clap::Args, Debug, Default)]
pub struct FilterArgs {
    /// Take only files under folders matching GLOB (by relative path or name; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Leave out files and folders matching GLOB (by relative path or name; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

impl FilterArgs {
    /// The filter these globs describe.
    ///
    /// # Errors
    /// A glob that does not parse.
    pub fn filter(&self) -> jixiao::Result<jixiao::batch::Filter> {
        jixiao::batch::Filter::new(&self.include, &self.exclude)
    }

    /// Whether any glob was given.
    pub fn any(&self) -> bool {
        !self.include.is_empty() || !self.exclude.is_empty()
    }
}

/// A bar over `files` on standard error when `show`, else a hidden one.
pub(crate) fn file_progress_bar(files: usize, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{elapsed_precise} {wide_bar} {pos}/{len} files ({rate}, eta {eta}) {msg}",
    ) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&rate(state.per_sec()));
            },
        ));
    }
    bar
}

/// Files per second for the progress bar, e.g. `70.1/s` (`70.1029/s` says nothing more).
fn rate(per_sec: f64) -> String {
    if per_sec >= 100.0 {
        format!("{per_sec:.0}/s")
    } else {
        format!("{per_sec:.1}/s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn progress_rates_are_rounded() {
        assert_eq!(super::rate(70.1029), "70.1/s");
        assert_eq!(super::rate(1234.56), "1235/s");
    }
}
