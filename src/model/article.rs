//! An article as the readers produce it: its text, unchanged, plus metadata.
//!
//! Invariant: every [`Span`] anywhere in the library indexes `Article::text`.
//! `plain` (when present) has exactly the same byte length as `text`, with markup
//! bytes replaced by spaces, so offsets found in `plain` are offsets into `text`.

use serde::Serialize;

use super::{Diagnostic, Span};

/// Bibliographic metadata of an article. Absent values stay `None`, never invented.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleMeta {
    /// Headline.
    pub title: Option<String>,
    /// Author names, as written ("Yu Maofeng").
    pub authors: Vec<String>,
    /// Outlet that published this copy ("Global Research").
    pub publisher: Option<String>,
    /// Publication date as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when that is all that is known).
    pub date: Option<String>,
    /// Address of the article.
    pub url: Option<String>,
    /// Where the article first appeared, when it is a reprint.
    pub original: Option<OriginalSource>,
    /// Language tag ("en", "de") when known.
    pub lang: Option<String>,
}

/// The original publication of a reprinted article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OriginalSource {
    /// Original outlet or wire agency ("Xinhua News Agency").
    pub publisher: Option<String>,
    /// Original date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// One article ready for analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// Identifier: the JSON Lines `id`, else the file stem.
    pub id: String,
    /// The article text exactly as read (after UTF-8 decoding).
    pub text: String,
    /// `text` with markup masked by spaces (same byte length), when the format has markup.
    pub plain: Option<String>,
    /// The part of `text` that is the article body: header lines (title, byline,
    /// dateline) and trailing boilerplate (share links, disclaimers) lie outside it.
    pub body: Span,
    /// Bibliographic metadata.
    pub meta: ArticleMeta,
    /// Problems met while reading (lossy UTF-8 decoding, unreadable metadata).
    pub diagnostics: Vec<Diagnostic>,
}

impl Article {
    /// An article whose whole text is body, with no metadata.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let body = Span::new(0, text.len());
        Article { id: id.into(), text, body, ..Article::default() }
    }

    /// The text to analyse: `plain` when the reader masked markup, else `text`.
    pub fn plain(&self) -> &str {
        self.plain.as_deref().unwrap_or(&self.text)
    }
}
