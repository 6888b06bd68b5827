//! `jixiao extract`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use jixiao::output::{self, ErrorRecord};
use jixiao::Config;

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
    /// extension; folders are walked for report files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format; default: json for a single file, jsonl otherwise.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `jixiao extract`.
pub fn run(args: ExtractArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let inputs = jixiao::batch::collect_inputs(&args.paths);
    let single = inputs.files.len() == 1 && args.paths.len() == 1 && !args.paths[0].is_dir();
    let format = args.format.unwrap_or(if single {
        OutputFormat::Json
    } else {
        OutputFormat::Jsonl
    });
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut failed = 0usize;
    let mut records = Vec::new();
    for err in &inputs.errors {
        failed += 1;
        eprintln!("jixiao: {err}");
        let path = err_path(err);
        records.push(serde_json::to_value(ErrorRecord::new(&path, err))?);
    }
    for path in &inputs.files {
        let result = if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            jixiao::extract_bytes(path, &bytes, config)
        } else {
            jixiao::extract_file(path, config)
        };
        let value = match result {
            Ok(report) => serde_json::to_value(&report)?,
            Err(err) => {
                failed += 1;
                eprintln!("jixiao: {err}");
                serde_json::to_value(ErrorRecord::new(&path.to_string_lossy(), &err))?
            }
        };
        if format == OutputFormat::Jsonl {
            output::write_jsonl(&mut out, &value)?;
        } else {
            records.push(value);
        }
    }
    if format == OutputFormat::Json {
        if records.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &records[0])?;
        } else {
            serde_json::to_writer_pretty(&mut out, &records)?;
        }
        out.write_all(b"\n")?;
    } else {
        for r in records.iter().filter(|r| r.get("error").is_some()) {
            output::write_jsonl(&mut out, r)?;
        }
    }
    out.flush()?;
    if inputs.skipped > 0 {
        eprintln!("jixiao: skipped {} non-report files", inputs.skipped);
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn err_path(err: &jixiao::Error) -> String {
    match err {
        jixiao::Error::Io { path, .. } => path.to_string_lossy().into_owned(),
        other => other.to_string(),
    }
}
