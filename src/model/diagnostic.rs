//! Diagnostics: problems in the input that do not stop the analysis.

use serde::Serialize;

use super::Span;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing; the result is complete.
    Info,
    /// Part of the input was handled by a fallback (an unbalanced quote mark, bad UTF-8).
    Warning,
    /// Part of the input could not be used.
    Error,
}

/// A problem found in one article, with the stretch of text it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Severity.
    pub level: Level,
    /// Lowercase message saying what was expected and what was found.
    pub message: String,
    /// Where in the text, when the problem has a place.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A warning at `span`.
    pub fn warning(message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic { level: Level::Warning, message: message.into(), span }
    }
}
