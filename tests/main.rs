//! Integration tests: one binary, one module per area (STYLE.md section 4).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bib_consumers;
mod citations;
mod cli;
mod csl_md_consumers;
mod fixtures;
mod fuzz_findings;
mod grammar_dir;
mod hayagriva_consumer;
mod inputs;
mod js_consumers;
mod properties;
mod snapshots;
mod specs;
