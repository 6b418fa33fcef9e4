//! One article through the whole flow: scan, attribute, assemble the [`Analysis`].

use crate::grammar::Grammar;
use crate::model::{Analysis, Article};

/// Analyse one article with the given grammar.
pub fn analyze(article: Article, grammar: &Grammar) -> Analysis {
    let scan = crate::scan::quotes(article.plain(), &grammar.marks);
    let mut diagnostics = article.diagnostics.clone();
    diagnostics.extend(scan.diagnostics.iter().cloned());
    Analysis { article, quotes: Vec::new(), speakers: Vec::new(), diagnostics }
}
