//! One article through the whole flow: scan, attribute, assemble the [`Analysis`].

use crate::grammar::Grammar;
use crate::model::{Analysis, Article};

/// Analyse one article with the given grammar.
pub fn analyze(article: Article, grammar: &Grammar) -> Analysis {
    let lang = grammar.language(article.meta.lang.as_deref());
    let scan = crate::scan::quotes(article.plain(), &grammar.marks);
    let result = crate::attribution::attribute(&article, &scan, lang);
    let mut diagnostics = article.diagnostics.clone();
    diagnostics.extend(scan.diagnostics);
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    Analysis { article, quotes: result.quotes, speakers: result.speakers, diagnostics }
}
