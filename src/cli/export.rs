//! `jixiao export`: the archive as CSV, XLSX or JSON Lines.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use jixiao::batch::JsonlOutput;
use jixiao::store::{self, Store, TableKind};
use jixiao::Config;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// CSV with a UTF-8 byte-order mark (Excel opens the Chinese text correctly).
    Csv,
    /// Excel workbook, one sheet per table (problems, reports, suggestions, achievements,
    /// figures); needs -o.
    Xlsx,
    /// JSON Lines, one object per row; with --table reports, the full report records (which
    /// `jixiao index` reads back).
    Jsonl,
}

/// Tables to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableArg {
    /// One row per problem, with its report's fields and categories.
    Problems,
    /// One row per report.
    Reports,
    /// One row per suggestion.
    Suggestions,
    /// One row per achievement.
    Achievements,
    /// One row per figure of an achievement.
    Figures,
}

/// Arguments of `jixiao export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The archive database (made by `jixiao index`).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,

    /// The table to export as CSV or JSON Lines (XLSX holds every table).
    #[arg(long, value_enum, default_value = "problems")]
    pub table: TableArg,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `jixiao export`.
pub fn run(args: ExportArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&args.db, config)?;
    let kind = match args.table {
        TableArg::Problems => TableKind::Problems,
        TableArg::Reports => TableKind::Reports,
        TableArg::Suggestions => TableKind::Suggestions,
        TableArg::Achievements => TableKind::Achievements,
        TableArg::Figures => TableKind::Figures,
    };
    if args.format == ExportFormat::Xlsx {
        let path = args
            .output
            .as_deref()
            .context("xlsx output needs a file: add -o FILE.xlsx")?;
        let tables = TableKind::ALL
            .iter()
            .map(|k| store.table(*k))
            .collect::<jixiao::Result<Vec<_>>>()?;
        store::write_xlsx(path, &tables)?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    // A file is written as FILE.partial and renamed when complete, so a failure (a corrupt
    // archive found midway) leaves an earlier FILE as it was.
    let partial = args.output.as_deref().map(JsonlOutput::partial_path);
    let mut out: Box<dyn Write> = match &partial {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let written = write_table(&store, args.format, kind, &mut out, &name);
    drop(out);
    if let (Some(partial), Some(target)) = (&partial, &args.output) {
        if written.is_err() {
            let _ = std::fs::remove_file(partial);
        } else {
            std::fs::rename(partial, target)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
    }
    written?;
    Ok(ExitCode::SUCCESS)
}

/// Writes table `kind` of `store` to `out` (named `name` in errors) as CSV or JSON Lines.
fn write_table(
    store: &Store,
    format: ExportFormat,
    kind: TableKind,
    out: &mut dyn Write,
    name: &Path,
) -> anyhow::Result<()> {
    match (format, kind) {
        (ExportFormat::Jsonl, TableKind::Reports) => {
            let io = |source| jixiao::Error::Io {
                path: name.to_path_buf(),
                source,
            };
            store.for_each_report_json(|json| {
                out.write_all(json.as_bytes())
                    .and_then(|_| out.write_all(b"\n"))
                    .map_err(io)
            })?;
        }
        (ExportFormat::Jsonl, _) => store::write_jsonl(&mut *out, &store.table(kind)?, name)?,
        _ => store::write_csv(&mut *out, &store.table(kind)?, name)?,
    }
    out.flush()?;
    Ok(())
}
