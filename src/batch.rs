//! Batch: finding the report files under the paths given.
//!
//! (Parallel, streaming, resumable processing comes with the batch work.)

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::read::Format;

/// What [`collect_inputs`] found.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to process, in a stable order (arguments in order, folders sorted by name).
    pub files: Vec<PathBuf>,
    /// Files under folders skipped as not reports (images, spreadsheets, JSON, hidden files).
    pub skipped: usize,
    /// Paths that could not be listed (missing path, unreadable folder).
    pub errors: Vec<Error>,
}

/// Expands `paths`: a file (or `-`) is taken whatever its extension; a folder is walked
/// recursively for files with a report extension (.txt .md .pdf .docx .html .htm).
pub fn collect_inputs(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        if path == Path::new("-") || path.is_file() {
            inputs.files.push(path.clone());
            continue;
        }
        if !path.is_dir() {
            inputs.errors.push(Error::Io {
                path: path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
            continue;
        }
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let name = e.file_name().to_string_lossy();
                    let report_ext = e
                        .path()
                        .extension()
                        .and_then(|x| x.to_str())
                        .and_then(Format::from_extension);
                    if name.starts_with('.') || report_ext.is_none() {
                        inputs.skipped += 1;
                    } else {
                        inputs.files.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let p = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| path.clone());
                    let source = err
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                    inputs.errors.push(Error::Io { path: p, source });
                }
            }
        }
    }
    inputs
}
