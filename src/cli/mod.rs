//! Command-line layer: argument parsing, validation into a [`config::Config`], and
//! output. Nothing outside `src/cli` sees clap types.

mod args;
mod config;
mod input;
mod output;
mod run;

pub use run::{is_broken_pipe, run};
