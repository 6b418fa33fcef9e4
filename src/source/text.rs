//! Plain-text reader: the decoded input is the article text, unchanged.
//!
//! There is no markup, so `plain` stays `None` and header metadata and the body
//! span are read from the text itself ([`super::meta`]); a short, capitalized first
//! line without a final period is taken as the title.

use crate::model::{Article, Diagnostic};

use super::meta;

/// One article from decoded text.
pub(crate) fn read(id: String, text: String, mut diagnostics: Vec<Diagnostic>) -> Article {
    let layout = meta::analyze(&text, &text, None);
    diagnostics.extend(layout.diagnostics);
    Article { id, text, plain: None, body: layout.body, meta: layout.meta, diagnostics }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn text_is_kept_unchanged() {
        let t = "Headline Of The Day\n\nBy Jane Roe\n\n  Body with  spacing.\r\n";
        let a = read("x".into(), t.to_string(), Vec::new());
        assert_eq!(a.text, t);
        assert_eq!(a.plain, None);
        assert_eq!(a.meta.title.as_deref(), Some("Headline Of The Day"));
        assert_eq!(a.meta.authors, vec!["Jane Roe".to_string()]);
        assert_eq!(a.body.slice(t), "Body with  spacing.");
    }

    #[test]
    fn empty_text_gives_empty_body() {
        let a = read("x".into(), String::new(), Vec::new());
        assert_eq!(a.body, Span::new(0, 0));
        assert_eq!(a.meta.title, None);
    }
}
