//! quotecite: find quotations and reported statements in news articles,
//! attribute each to its speaker, and export the results as citations.
//!
//! The flow is one way: [`source`] reads bytes into an [`Article`], [`scan`] finds
//! quoted spans, [`attribution`] links quotes to speakers using the [`grammar`],
//! the result is an [`Analysis`], and [`export`] writes it.

pub mod attribution;
pub mod batch;
pub mod error;
pub mod eval;
pub mod export;
pub mod grammar;
pub mod model;
pub mod pipeline;
pub mod safe;
pub mod scan;
pub mod source;

pub use error::{Error, ErrorKind, Result};
pub use model::{Analysis, Article};
pub use pipeline::analyze;
