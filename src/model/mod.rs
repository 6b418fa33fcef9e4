//! Plain data shared by every stage: spans, articles, quotes, speakers, diagnostics.
//!
//! Depends on nothing else in the crate. All offsets are byte offsets into
//! `Article::text`; see [`span`].

mod article;
mod diagnostic;
pub mod name;
mod quote;
pub mod span;

pub use article::{Article, ArticleMeta, OriginalSource};
pub use diagnostic::{Diagnostic, Level};
pub use quote::{Attribution, Quote, QuoteId, QuoteKind, Speaker, SpeakerId, SpeakerKind};
pub use span::{OffsetIndex, Span};

/// The finished analysis of one article; exporters read this and nothing else.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The article analysed.
    pub article: Article,
    /// Quotations, sorted by position, not overlapping, except a nested quotation inside
    /// its own statement where the language asks for them (`nested_quotations`).
    pub quotes: Vec<Quote>,
    /// Speakers, one per real source, in order of first quotation.
    pub speakers: Vec<Speaker>,
    /// Reader, scanner and attribution diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The language tag the article was analysed as: its own (`meta.lang`), else the one
    /// detected from its text; `None` when neither is known.
    pub lang: Option<String>,
}

impl Analysis {
    /// The speaker with this id.
    pub fn speaker(&self, id: SpeakerId) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }
}
