//! Exporters: write analyses in one output format. Each exporter reads the analysis and
//! nothing else.
//!
//! [`Exporter`] is the way in: built once from [`ExportOptions`], it renders each article
//! on any thread ([`Exporter::render`]) and writes the rendered articles in order through
//! a [`Sink`] (`write_article`, `write_error`, `finish`); see [`sink`]. The modules below
//! are the formats; `write(…, impl Write)` is each one's primitive.

pub mod bibtex;
pub mod cite;
pub mod csl;
mod html;
pub mod json;
pub mod keys;
pub mod markdown;
pub mod marks;
pub mod sink;
pub mod text;
mod wire;

pub use sink::{ExportOptions, Exporter, Format, Rendered, Sink};
