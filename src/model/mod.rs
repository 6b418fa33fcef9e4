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
pub use quote::{
    Attribution, Mechanism, Quote, QuoteId, QuoteKind, Reading, Rule, Speaker, SpeakerId,
    SpeakerKind,
};
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
    /// The speaker with this id. Attribution numbers speakers from 1 in list order, so
    /// the look-up is by index; a list built otherwise is searched.
    pub fn speaker(&self, id: SpeakerId) -> Option<&Speaker> {
        let at = (id.0 as usize).checked_sub(1).and_then(|i| self.speakers.get(i));
        match at {
            Some(s) if s.id == id => Some(s),
            _ => self.speakers.iter().find(|s| s.id == id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(id: u32) -> Speaker {
        Speaker {
            id: SpeakerId(id),
            name: Some(format!("S{id}")),
            role: None,
            kind: SpeakerKind::Person,
        }
    }

    fn analysis(ids: &[u32]) -> Analysis {
        Analysis {
            article: Article::from_text("a", "text"),
            quotes: Vec::new(),
            speakers: ids.iter().map(|&i| speaker(i)).collect(),
            diagnostics: Vec::new(),
            lang: None,
        }
    }

    #[test]
    fn speaker_is_found_by_its_id_in_order_and_out_of_order() {
        let a = analysis(&[1, 2, 3]);
        assert_eq!(a.speaker(SpeakerId(2)).and_then(|s| s.name.as_deref()), Some("S2"));
        assert!(a.speaker(SpeakerId(0)).is_none());
        assert!(a.speaker(SpeakerId(4)).is_none());
        // A list not numbered from 1 in order is still searched.
        let b = analysis(&[7, 3]);
        assert_eq!(b.speaker(SpeakerId(3)).and_then(|s| s.name.as_deref()), Some("S3"));
        assert_eq!(b.speaker(SpeakerId(7)).and_then(|s| s.name.as_deref()), Some("S7"));
        assert!(b.speaker(SpeakerId(1)).is_none());
    }
}
