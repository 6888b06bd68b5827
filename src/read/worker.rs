//! PDF parsing in a worker subprocess, so that a stack overflow, an endless loop or a
//! runaway allocation in a PDF library costs one file, not the process.
//!
//! The worker is the `jixiao` executable itself, run as `jixiao pdf-worker` (a hidden
//! subcommand that calls [`serve`]). Protocol over its stdin/stdout, one request at a time:
//!
//! - request: the PDF's length as 8 bytes little-endian, then the PDF bytes;
//! - reply: the 4 bytes `JXW1`, the payload length as 4 bytes little-endian, then the payload:
//!   JSON of `Result<PdfText, PdfFailure>` (`{"Ok":{"pages":[…],"backend":"pdf_oxide"}}` or
//!   `{"Err":{"kind":"encrypted"}}`).
//!
//! Each thread that reads PDFs keeps one worker alive across files (so a batch pays the
//! start-up once per thread) and respawns it after a crash or timeout. The worker's stderr
//! is captured; its last lines explain a crash in [`Error::Worker`].

use std::cell::RefCell;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;

use super::pdf::{parse_pdf, PdfFailure, PdfOptions, PdfText};
use crate::error::{Error, Result};

/// Name of the hidden subcommand that runs [`serve`].
pub const WORKER_SUBCOMMAND: &str = "pdf-worker";

const REPLY_MAGIC: &[u8; 4] = b"JXW1";
/// Largest reply accepted from a worker (text of a PDF), in bytes.
const MAX_REPLY: u32 = 1 << 30;

type Reply = std::result::Result<PdfText, PdfFailure>;

/// Serves PDF parse requests on stdin/stdout until stdin closes (the worker side).
///
/// `memory_limit`, in bytes, becomes this process's `RLIMIT_AS` first (where supported).
///
/// # Errors
/// An I/O error on stdin/stdout, or a malformed request.
pub fn serve(memory_limit: Option<u64>) -> io::Result<()> {
    if let Some(limit) = memory_limit {
        set_memory_limit(limit)?;
    }
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut output = stdout.lock();
    loop {
        let mut len = [0u8; 8];
        match input.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let len = u64::from_le_bytes(len);
        let mut bytes = Vec::new();
        (&mut input).take(len).read_to_end(&mut bytes)?;
        if bytes.len() as u64 != len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "truncated request",
            ));
        }
        let reply: Reply = parse_pdf(&bytes);
        let payload = serde_json::to_vec(&reply).map_err(io::Error::other)?;
        output.write_all(REPLY_MAGIC)?;
        output.write_all(&(payload.len() as u32).to_le_bytes())?;
        output.write_all(&payload)?;
        output.flush()?;
    }
}

#[cfg(unix)]
fn set_memory_limit(limit: u64) -> io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::AS, limit, limit)
}

#[cfg(not(unix))]
fn set_memory_limit(_limit: u64) -> io::Result<()> {
    Ok(())
}

/// A running worker process.
struct Worker {
    exe: PathBuf,
    memory_limit: u64,
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<io::Result<Vec<u8>>>,
    stderr: Option<JoinHandle<Option<String>>>,
}

impl Worker {
    fn spawn(exe: &Path, memory_limit: u64) -> io::Result<Worker> {
        let mut child = Command::new(exe)
            .arg(WORKER_SUBCOMMAND)
            .arg("--memory-limit")
            .arg(memory_limit.to_string())
            // A backtrace would bury the reason of a crash under its frames.
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (stdin, stdout, stderr) =
            match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
                (Some(i), Some(o), Some(e)) => (i, o, e),
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(io::Error::other("worker pipes missing"));
                }
            };
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let reply = read_reply(&mut stdout);
                let stop = reply.is_err();
                if tx.send(reply).is_err() || stop {
                    return;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            crash_reason(BufReader::new(stderr).lines().map_while(|l| l.ok()))
        });
        Ok(Worker {
            exe: exe.to_path_buf(),
            memory_limit,
            child,
            stdin,
            replies,
            stderr: Some(stderr),
        })
    }

    /// Sends one PDF and waits for the reply; `Err` describes why the worker is unusable.
    fn request(
        &mut self,
        bytes: &[u8],
        options: &PdfOptions,
    ) -> std::result::Result<Reply, String> {
        let sent = self
            .stdin
            .write_all(&(bytes.len() as u64).to_le_bytes())
            .and_then(|()| self.stdin.write_all(bytes))
            .and_then(|()| self.stdin.flush());
        if sent.is_err() {
            return Err(self.death("PDF worker died"));
        }
        match self.replies.recv_timeout(options.timeout) {
            Ok(Ok(payload)) => serde_json::from_slice::<Reply>(&payload)
                .map_err(|e| self.death(&format!("PDF worker sent a malformed reply ({e})"))),
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                Err(self.death("PDF worker crashed"))
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Err(format!(
                    "PDF parsing timed out after {} s (worker killed)",
                    options.timeout.as_secs_f64()
                ))
            }
        }
    }

    /// Reaps the child and describes its death with its exit status and last stderr lines.
    fn death(&mut self, what: &str) -> String {
        let _ = self.child.kill();
        let status = self
            .child
            .wait()
            .map(|s| s.to_string())
            .unwrap_or_else(|e| e.to_string());
        let detail = self.stderr.take().and_then(|h| h.join().ok()).flatten();
        match detail {
            Some(line) => format!("{what} ({status}): {line}"),
            None => format!("{what} ({status})"),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The line of a worker's stderr that explains its crash: the last one naming a stack
/// overflow, a failed allocation or a panic, else the last line that is not part of a
/// backtrace (frames, `at file:line`, notes); `None` when stderr is empty.
fn crash_reason(lines: impl Iterator<Item = String>) -> Option<String> {
    let mut reason: Option<String> = None;
    let mut last: Option<String> = None;
    for line in lines {
        let line = line.trim();
        if line.is_empty() || is_backtrace_line(line) {
            continue;
        }
        if line.contains("overflow") || line.contains("memory") || line.contains("panicked") {
            reason = Some(line.to_string());
        }
        last = Some(line.to_string());
    }
    reason.or(last)
}

/// Lines that Rust prints in a backtrace, which never say why a process died.
fn is_backtrace_line(line: &str) -> bool {
    let frame = line
        .split_once(':')
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    frame || line.starts_with("at ") || line.starts_with("note:") || line == "stack backtrace:"
}

fn read_reply(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = [0u8; 8];
    r.read_exact(&mut head)?;
    if &head[..4] != REPLY_MAGIC {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "bad reply header",
        ));
    }
    let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
    if len > MAX_REPLY {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "reply too large",
        ));
    }
    let mut payload = vec![0u8; len as usize];
    r.read_exact(&mut payload)?;
    Ok(payload)
}

thread_local! {
    /// This thread's worker, kept across files.
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// Parses a PDF in this thread's worker process (started on first use, restarted after a
/// crash or timeout).
///
/// # Errors
/// The worker's [`PdfFailure`] as [`Error::Pdf`], [`Error::Encrypted`] or
/// [`Error::NoTextLayer`]; [`Error::Worker`] when the worker cannot start, times out,
/// crashes or runs out of memory.
pub fn parse_in_worker(
    exe: &Path,
    path: &Path,
    bytes: &[u8],
    options: &PdfOptions,
) -> Result<PdfText> {
    WORKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot
            .as_ref()
            .is_some_and(|w| w.exe != exe || w.memory_limit != options.memory_limit)
        {
            *slot = None;
        }
        if slot.is_none() {
            let worker = Worker::spawn(exe, options.memory_limit).map_err(|e| Error::Worker {
                path: path.to_path_buf(),
                reason: format!("cannot start PDF worker {}: {e}", exe.display()),
            })?;
            *slot = Some(worker);
        }
        let Some(worker) = slot.as_mut() else {
            return Err(Error::Worker {
                path: path.to_path_buf(),
                reason: "no PDF worker".into(),
            });
        };
        match worker.request(bytes, options) {
            Ok(Ok(text)) => Ok(text),
            Ok(Err(failure)) => Err(failure.into_error(path)),
            Err(reason) => {
                *slot = None;
                Err(Error::Worker {
                    path: path.to_path_buf(),
                    reason,
                })
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> impl Iterator<Item = String> + '_ {
        text.lines().map(str::to_string)
    }

    #[test]
    fn crash_reason_is_the_meaningful_line_not_the_backtrace() {
        // A worker out of memory with RUST_BACKTRACE=1: the reason comes before a long
        // backtrace that ends with a note.
        let mut stderr =
            String::from("memory allocation of 1073741824 bytes failed\nstack backtrace:\n");
        for i in 0..30 {
            stderr += &format!("  {i:>2}: std::alloc::rust_oom\n             at /rustc/library/std/src/alloc.rs:{i}:5\n");
        }
        stderr += "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\n";
        assert_eq!(
            crash_reason(lines(&stderr)).as_deref(),
            Some("memory allocation of 1073741824 bytes failed")
        );
        let overflow = "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n";
        assert_eq!(
            crash_reason(lines(overflow)).as_deref(),
            Some("fatal runtime error: stack overflow, aborting")
        );
        assert_eq!(
            crash_reason(lines("warning: odd font\nbye\n")).as_deref(),
            Some("bye")
        );
        assert_eq!(crash_reason(lines("")), None);
    }
}
