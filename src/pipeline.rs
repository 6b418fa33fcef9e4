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
    Analysis { article, quotes: result.quotes, speakers: result.speakers, diagnostics, lang: tag }
}

/// Tags and whatlang languages that a grammar can exist for.
const DETECTABLE: [(&str, whatlang::Lang); 8] = [
    ("en", whatlang::Lang::Eng),
    ("de", whatlang::Lang::Deu),
    ("fr", whatlang::Lang::Fra),
    ("es", whatlang::Lang::Spa),
    ("it", whatlang::Lang::Ita),
    ("nl", whatlang::Lang::Nld),
    ("pt", whatlang::Lang::Por),
    ("ru", whatlang::Lang::Rus),
];

/// A detector that chooses only among the languages the built-in grammar has, which is
/// both faster and steadier than weighing every language.
static DETECTOR: std::sync::LazyLock<whatlang::Detector> = std::sync::LazyLock::new(|| {
    let have = &Grammar::builtin().languages;
    let allow: Vec<whatlang::Lang> = DETECTABLE
        .iter()
        .filter(|(tag, _)| have.iter().any(|l| l.tag == *tag))
        .map(|&(_, lang)| lang)
        .collect();
    whatlang::Detector::with_allowlist(allow)
});

/// The language of a text as a two-letter tag, among the languages the built-in grammar
/// has, when it can be told with confidence (whatlang, over the first thousand
/// characters).
pub fn detect_language(text: &str) -> Option<String> {
    let end = text.char_indices().nth(1000).map_or(text.len(), |(i, _)| i);
    let info = DETECTOR.detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    DETECTABLE.iter().find(|(_, l)| *l == info.lang()).map(|(tag, _)| tag.to_string())
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
