//! The `jixiao` command line: a thin clap front end over the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // Each cause once: library errors already quote their source in their message.
            let mut message = err.to_string();
            for cause in err.chain().skip(1) {
                let cause = cause.to_string();
                if !message.contains(&cause) {
                    message = format!("{message}: {cause}");
                }
            }
            eprintln!("jixiao: {message}");
            ExitCode::from(2)
        }
    }
}
