//! The library's error type. Messages are lowercase, say what was expected and
//! what was found, and never repeat the input's text.

use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `origin:line`, or `origin` alone.
fn place(origin: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{origin}:{l}"),
        None => origin.to_string(),
    }
}

/// Why a document could not be read: the `kind` of an error record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file or stream could not be opened or read.
    Io,
    /// A JSON Lines line is not a JSON object.
    Json,
    /// A record lacks the field that holds its text.
    MissingField,
    /// A field has the wrong type.
    Field,
    /// The document holds no text.
    Empty,
    /// The bytes are not text in a known encoding (binary data, an unknown charset).
    Decode,
    /// A compressed stream or an archive ends early or is corrupt.
    Truncated,
    /// A web archive record is malformed.
    Warc,
    /// Fetching a URL failed.
    Http,
    /// The analysis of the document failed unexpectedly (a bug: please report it).
    Internal,
}

impl ErrorKind {
    /// The word written in error records (`"missing-field"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Json => "json",
            ErrorKind::MissingField => "missing-field",
            ErrorKind::Field => "field",
            ErrorKind::Empty => "empty",
            ErrorKind::Decode => "decode",
            ErrorKind::Truncated => "truncated",
            ErrorKind::Warc => "warc",
            ErrorKind::Http => "http",
            ErrorKind::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// An error record for one document.
    pub fn record(
        kind: ErrorKind,
        origin: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Error {
        Error::Record { kind, origin: origin.into(), line, id: None, message: message.into() }
    }

    /// A malformed line of a grammar file.
    pub fn grammar(file: impl Into<String>, line: usize, message: impl Into<String>) -> Error {
        Error::Grammar { file: file.into(), line, message: message.into() }
    }
}

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
    /// One input document could not be read: a bad JSON Lines record, an undecodable
    /// page, a truncated archive, a failed download. The run goes on without it.
    #[error("{}: {message}", place(origin, *line))]
    Record {
        /// What went wrong, as a machine-readable word.
        kind: ErrorKind,
        /// The file or URL (`-` for standard input).
        origin: String,
        /// 1-based line number in the (decompressed) input, when the input has lines.
        line: Option<usize>,
        /// The document's own id, when it could be read.
        id: Option<String>,
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
    /// A grammar folder (`--grammar DIR`) is not laid out as one: a file it must have is
    /// missing, or it holds a file of no known table.
    #[error("{}: {message}", path.display())]
    GrammarFolder {
        /// The folder or file.
        path: PathBuf,
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
