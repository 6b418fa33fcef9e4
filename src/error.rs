//! The library's error type. Messages are lowercase, say what was expected and
//! what was found, and never repeat the input's text.

use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a file or stream failed.
    #[error("cannot read {path}")]
    Io {
        /// The file (`-` for standard input).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// One JSON Lines record could not be used.
    #[error("{origin}:{line}: {message}")]
    Record {
        /// The file (`-` for standard input).
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What was expected and what was found.
        message: String,
    },
    /// A grammar file has a malformed line.
    #[error("{file}:{line}: {message}")]
    Grammar {
        /// Grammar file name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was expected and what was found.
        message: String,
    },
    /// A file of earlier citation keys (`--keys`) could not be read.
    #[error("{origin}: {message}")]
    KeyFile {
        /// The file.
        origin: String,
        /// What was expected and what was found.
        message: String,
    },
    /// Writing output failed.
    #[error("cannot write output")]
    Write(#[from] std::io::Error),
}
