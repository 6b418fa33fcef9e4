//! Exporters: write an [`crate::Analysis`] in one output format. Each exporter reads
//! the analysis and nothing else; `write(…, impl Write)` is the primitive.

pub mod bibtex;
pub mod cite;
pub mod csl;
pub mod json;
pub mod markdown;
pub mod text;
mod wire;
