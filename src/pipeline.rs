//! One article through the whole flow: scan, attribute, assemble the [`Analysis`].

use crate::grammar::Grammar;
use crate::model::{Analysis, Article};

/// Analyse one article with the given grammar. The language is the article's own
/// (`meta.lang`, e.g. from JSON Lines), else detected from its text; languages without
/// a grammar fall back to English.
pub fn analyze(article: Article, grammar: &Grammar) -> Analysis {
    let tag =
        article.meta.lang.clone().or_else(|| detect_language(article.body.slice(article.plain())));
    let lang = grammar.language(tag.as_deref());
    let scan = crate::scan::quotes(article.plain(), &grammar.marks);
    let result = crate::attribution::attribute(&article, &scan, lang);
    let mut diagnostics = article.diagnostics.clone();
    diagnostics.extend(scan.diagnostics);
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    Analysis { article, quotes: result.quotes, speakers: result.speakers, diagnostics }
}

/// The language of a text as a two-letter tag, when it can be told with confidence
/// (statistical detection over the first few thousand characters, whatlang).
pub fn detect_language(text: &str) -> Option<String> {
    let end = text.char_indices().nth(4000).map_or(text.len(), |(i, _)| i);
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let tag = match info.lang() {
        whatlang::Lang::Eng => "en",
        whatlang::Lang::Deu => "de",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Ita => "it",
        whatlang::Lang::Nld => "nl",
        whatlang::Lang::Por => "pt",
        whatlang::Lang::Rus => "ru",
        other => other.code(),
    };
    Some(tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_english_and_german() {
        let en = "The minister said on Tuesday that the government would fund a new monitoring station near the glacier.";
        let de = "Der Minister sagte am Dienstag, die Regierung werde eine neue Messstation am Gletscher finanzieren.";
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        assert_eq!(detect_language(de).as_deref(), Some("de"));
    }

    #[test]
    fn german_article_uses_the_german_grammar() {
        let text = "Die Lage sei ernst, sagte der Minister am Montag in Berlin. Die Regierung \
                    werde in den kommenden Wochen über weitere Hilfen für die betroffenen Gemeinden \
                    beraten.";
        let art = Article::from_text("d", text);
        let a = analyze(art, Grammar::builtin());
        assert!(!a.quotes.is_empty(), "{:?}", a.quotes);
        assert_eq!(a.quotes[0].span.slice(&a.article.text), "Die Lage sei ernst");
    }
}
