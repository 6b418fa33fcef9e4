//! Integration tests: one binary, one module per area (STYLE.md section 4).

mod cli;
mod properties;
