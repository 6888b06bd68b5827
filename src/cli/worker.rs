//! Hidden subcommands: `jixiao pdf-worker` (the isolated PDF parser) and `jixiao text`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use jixiao::Config;

/// Arguments of `jixiao pdf-worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Address-space limit of this process, in bytes.
    #[arg(long)]
    pub memory_limit: Option<u64>,
}

/// Runs the PDF worker until its stdin closes.
pub fn serve(args: &WorkerArgs) -> anyhow::Result<ExitCode> {
    // PDF libraries' panics are caught and reported in the reply; keep stderr for crashes.
    std::panic::set_hook(Box::new(|_| {}));
    jixiao::read::worker::serve(args.memory_limit)?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `jixiao text`.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// The file to read (any supported format).
    pub path: PathBuf,
    /// Print the normalized text (as the extractor sees it) instead of the raw page texts.
    #[arg(long)]
    pub normalized: bool,
}

/// Prints the text read from one file: raw pages separated by form feeds (U+000C), or the
/// normalized text with `--normalized`. The backend used goes to stderr.
pub fn text(args: TextArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.path)?;
    let document = match jixiao::read::read_bytes_with(&args.path, &bytes, &config.pdf) {
        Ok(d) => d,
        Err(err) => {
            eprintln!("jixiao: {err}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = if args.normalized {
        jixiao::normalize::normalize_pages(&document.pages).text
    } else {
        document.pages.join("\u{c}")
    };
    if let Some(backend) = &document.pdf_backend {
        eprintln!("backend: {backend}");
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
