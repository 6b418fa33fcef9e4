//! One article through the whole flow: scan, attribute, assemble the [`Analysis`].

use crate::grammar::Grammar;
use crate::grammar::detect::Detected;
use crate::model::{Analysis, Article, Diagnostic};

/// Analyse one article with the given grammar. The language is the article's own
/// (`meta.lang`, e.g. from JSON Lines), else detected from its text; an article in a
/// language without a grammar is read with the first (English) tables and says so in a
/// warning.
pub fn analyze(article: Article, grammar: &Grammar) -> Analysis {
    let mut diagnostics = article.diagnostics.clone();
    let known = || grammar.tags().collect::<Vec<_>>().join(", ");
    let fallback = &grammar.language(None).tag;
    let tag = match article.meta.lang.clone() {
        Some(tag) => {
            if !grammar.has(&tag) {
                diagnostics.push(Diagnostic::warning(
                    format!(
                        "no grammar for the article's language `{tag}` (the grammar has {}): \
                         read with the `{}` tables",
                        known(),
                        fallback
                    ),
                    None,
                ));
            }
            Some(tag)
        }
        None => match grammar.detect(article.body.slice(article.plain())) {
            Detected::Language(tag) => Some(tag.to_owned()),
            Detected::Other => {
                diagnostics.push(Diagnostic::warning(
                    format!(
                        "the text is in none of the grammar's languages ({}): read with the \
                         `{}` tables; give the article's language to choose",
                        known(),
                        fallback
                    ),
                    None,
                ));
                None
            }
            Detected::TooShort => None,
        },
    };
    let lang = grammar.language(tag.as_deref());
    let scan = crate::scan::quotes(article.plain(), &grammar.marks);
    let result = crate::attribution::attribute(&article, &scan, lang);
    diagnostics.extend(scan.diagnostics);
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    Analysis { article, quotes: result.quotes, speakers: result.speakers, diagnostics, lang: tag }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_article_uses_the_german_grammar() {
        let text = "Die Lage sei ernst, sagte der Minister am Montag in Berlin. Die Regierung \
                    werde in den kommenden Wochen über weitere Hilfen für die betroffenen Gemeinden \
                    beraten.";
        let art = Article::from_text("d", text);
        let a = analyze(art, Grammar::builtin());
        assert!(!a.quotes.is_empty(), "{:?}", a.quotes);
        assert_eq!(a.quotes[0].span.slice(&a.article.text), "Die Lage sei ernst");
        assert_eq!(a.lang.as_deref(), Some("de"));
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    }

    #[test]
    fn an_article_in_a_language_without_a_grammar_says_so() {
        let text = "O ministro afirmou nesta terça-feira que o governo vai financiar uma \
                    nova estação de monitoramento perto da geleira, segundo a agência.";
        let a = analyze(Article::from_text("pt", text), Grammar::builtin());
        assert_eq!(a.lang, None);
        let warned = |a: &Analysis| {
            a.diagnostics.iter().any(|d| d.message.contains("none of the grammar's languages"))
        };
        assert!(warned(&a), "{:?}", a.diagnostics);

        let mut art = Article::from_text("pt", text);
        art.meta.lang = Some("pt-BR".into());
        let a = analyze(art, Grammar::builtin());
        assert!(
            a.diagnostics
                .iter()
                .any(|d| d.message.contains("no grammar for the article's language `pt-BR`")),
            "{:?}",
            a.diagnostics
        );

        let short = analyze(Article::from_text("s", "Tor!"), Grammar::builtin());
        assert!(short.diagnostics.is_empty(), "too short to tell: no warning");
    }
}
