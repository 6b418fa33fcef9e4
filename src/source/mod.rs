//! Readers: bytes -> [`Article`]s. (Owned by the source work package.)

use crate::error::Result;
use crate::model::Article;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// JSON Lines, one article per line.
    Jsonl,
}

/// Read one input into articles: one for text and Markdown, one per line for JSON Lines.
pub fn read(bytes: &[u8], format: Format, origin: &str) -> Vec<Result<Article>> {
    let _ = format;
    let text = String::from_utf8_lossy(bytes).into_owned();
    vec![Ok(Article::from_text(origin, text))]
}
