//! The `quotecite` command-line tool: a thin layer over the library.
//!
//! `main` -> `run() -> Result<ExitCode>`; errors are printed in one place with the
//! program name; a broken pipe ends the run quietly with success.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("quotecite: {}", quotecite::safe::line(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}
