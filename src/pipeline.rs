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

    /// (content, speaker mention) of every quotation found in `text`.
    fn found(text: &str) -> Vec<(String, String)> {
        let a = analyze(Article::from_text("t", text), Grammar::builtin());
        let t = &a.article.text;
        a.quotes
            .iter()
            .map(|q| {
                let who = q.attribution.map(|at| at.mention.slice(t).to_string());
                (q.span.slice(t).to_string(), who.unwrap_or_default())
            })
            .collect()
    }

    fn pair(content: &str, who: &str) -> (String, String) {
        (content.to_string(), who.to_string())
    }

    #[test]
    fn english_progressive_subject_and_frequency_adverb() {
        let got = found(
            "Campaign news\n\nSanders is suggesting he beat expectations in the state. \
             Mr. Ryan has long said that he will support the party's nominee.",
        );
        assert!(got.contains(&pair("he beat expectations in the state", "Sanders")), "{got:?}");
        assert!(
            got.contains(&pair("that he will support the party's nominee", "Mr. Ryan")),
            "{got:?}"
        );
    }

    #[test]
    fn english_content_stops_before_a_second_verb_phrase() {
        let got = found(
            "Campaign news\n\nHe said that he would offer a prayer for the nominee but did \
             not suggest it would be Trump.",
        );
        assert_eq!(got.first(), Some(&pair("that he would offer a prayer for the nominee", "He")));
    }

    #[test]
    fn english_content_leaves_out_a_trailing_gloss() {
        let got = found(
            "Defence news\n\nGermany has pledged to bolster its military, reversing its \
             long pacifism. He claimed that paying no taxes was smart, although he refused \
             to say more. She’s said the plan is open to all states, as well as to NATO.",
        );
        assert!(got.contains(&pair("to bolster its military", "Germany")), "{got:?}");
        assert!(got.contains(&pair("that paying no taxes was smart", "He")), "{got:?}");
        assert!(
            got.contains(&pair("the plan is open to all states, as well as to NATO", "She’s")),
            "{got:?}"
        );
    }

    #[test]
    fn documents_neither_believe_nor_intend() {
        let got = found(
            "Treaty news\n\nThe proposed pact aims to involve Russia in European defense. \
             The report says the plan would cost billions.",
        );
        assert!(got.iter().all(|(c, _)| !c.contains("involve Russia")), "{got:?}");
        assert!(got.iter().any(|(c, w)| c.contains("cost billions") && w == "The report"));
    }

    #[test]
    fn german_fronted_adverbial_before_the_verb() {
        let got = found(
            "Nachrichten aus Berlin\n\nIm gleichen Interview sagte der Verteidigungsminister, \
             dass Europa ein Interesse an einer demokratischen Entwicklung habe.",
        );
        assert_eq!(
            got,
            vec![pair(
                "dass Europa ein Interesse an einer demokratischen Entwicklung habe",
                "der Verteidigungsminister"
            )]
        );
    }

    #[test]
    fn german_so_is_a_source_only_after_a_pause() {
        let got = found(
            "Nachrichten aus Berlin\n\nDie Lage habe sich beruhigt, so der Sprecher der \
             Polizei. Innerhalb von zwei Jahren sollen so viele Sterne überprüft werden. \
             Die Hänge sind so stark erodiert, dass die Gefahr groß ist.",
        );
        assert_eq!(got.first().map(|g| g.1.as_str()), Some("der Sprecher der Polizei"));
        assert!(got.iter().all(|(c, _)| !c.contains("Sterne") && !c.contains("Gefahr")));
    }

    #[test]
    fn german_source_inside_a_sentence_is_a_noun_phrase() {
        let got = found(
            "Nachrichten aus Addis Abeba\n\nDurch die Überschwemmungen kamen laut einem \
             Artikel der Nachrichtenagentur Reuters 900 Menschen ums Leben, zehntausende \
             Menschen sind auf der Flucht.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "einem Artikel der Nachrichtenagentur Reuters");
    }

    #[test]
    fn german_reported_mood_must_mark_the_main_clause() {
        let got = found(
            "Nachrichten aus Berlin\n\nDie Lage sei ernst, sagte der Minister. Die Regierung \
             werde neue Hilfen beschließen. Die Sender zeigten Bilder, die es den Wählern \
             ermöglicht hätten, sich zu informieren.",
        );
        assert!(got.iter().any(|(c, _)| c == "Die Regierung werde neue Hilfen beschließen"));
        assert!(got.iter().all(|(c, _)| !c.contains("Sender")), "{got:?}");
    }

    #[test]
    fn german_nach_reports_only_with_a_statement_noun() {
        let got = found(
            "Nachrichten aus Hamburg\n\nDer Lastwagen ist nach Polizeiangaben von der \
             Fahrbahn abgekommen. Nach dem Spiel feierten die Fans bis in die Nacht. Der \
             Schaden ist nach Einschätzung der Versicherer gering.",
        );
        assert!(
            got.contains(&pair(
                "Der Lastwagen ist nach Polizeiangaben von der Fahrbahn abgekommen",
                "Polizeiangaben"
            )),
            "{got:?}"
        );
        assert!(got.iter().all(|(c, _)| !c.contains("Fans")), "{got:?}");
        assert!(
            got.contains(&pair(
                "Der Schaden ist nach Einschätzung der Versicherer gering",
                "Einschätzung der Versicherer"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn german_addressee_between_cue_and_colon() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Vorsitzende des Vereins sagte gegenüber der \
             Lokalzeitung: „Wir machen weiter wie bisher.“ Danach begann die Sitzung.",
        );
        assert_eq!(got, vec![pair("Wir machen weiter wie bisher.", "Der Vorsitzende des Vereins")]);
    }

    #[test]
    fn german_fronted_adverbial_may_hold_a_prepositional_cue_word() {
        let got = found(
            "Nachrichten aus Bremen\n\nNach der Sitzung sagte der Bürgermeister, die \
             Stadt werde die Brücke sanieren.",
        );
        assert_eq!(got, vec![pair("die Stadt werde die Brücke sanieren", "der Bürgermeister")]);
    }

    /// (content, resolved speaker name) of every quotation found in `text`.
    fn named(text: &str) -> Vec<(String, String)> {
        let a = analyze(Article::from_text("t", text), Grammar::builtin());
        let t = &a.article.text;
        a.quotes
            .iter()
            .map(|q| {
                let who =
                    q.attribution.and_then(|at| a.speaker(at.speaker)).and_then(|s| s.name.clone());
                (q.span.slice(t).to_string(), who.unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn a_quotation_after_an_introducing_sentence_takes_its_speaker() {
        let got = named(
            "Senate race\n\nGovernor Ann Ruiz said the vote would be close. Senator Tom Ward \
             tweeted a warning. \"Remember in November who voted against the bridge and the \
             jobs.\"",
        );
        let last = got.last().expect("quotations");
        assert!(last.0.starts_with("Remember in November"), "{got:?}");
        assert_eq!(last.1, "Tom Ward");
    }

    #[test]
    fn german_feminine_pronoun_resolves_to_a_woman() {
        let got = named(
            "Nachrichten aus Berlin\n\nFrau Anna Berg sagte, der Haushalt sei gesichert. \
             Herr Paul Roth sagte, die Lage sei ernst. Sie betonte, dass die Gemeinden mehr \
             Geld bekommen würden.",
        );
        assert_eq!(got.last().map(|g| g.1.as_str()), Some("Anna Berg"), "{got:?}");
    }

    #[test]
    fn english_speakers_with_an_age_or_an_adverbial() {
        let got = found(
            "Court news\n\n\"It was truly shameful,\" said Leslie Feldman, 34, a plaintiff in \
             the lawsuit. Jeb Bush in a blog entry said he would appoint conservative judges. \
             Sanders' team said the committee skirts the legal limits.",
        );
        let who: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
        assert!(who.contains(&"Leslie Feldman"), "{got:?}");
        assert!(who.contains(&"Jeb Bush"), "{got:?}");
        assert!(who.contains(&"Sanders' team"), "{got:?}");
    }

    #[test]
    fn english_question_frame_before_the_main_clause() {
        let got = found(
            "Campaign news\n\nAsked whether he would run again, Smith smiled. When asked whom \
             she supported, Ms. Sherry said she was waiting for Bloomberg.",
        );
        assert!(got.contains(&pair("whether he would run again", "")), "{got:?}");
        assert!(got.contains(&pair("whom she supported", "")), "{got:?}");
        assert!(got.contains(&pair("she was waiting for Bloomberg", "Ms. Sherry")), "{got:?}");
    }

    #[test]
    fn german_colon_quotation_belongs_to_the_subject() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Bürgermeister sagte, die Brücke werde saniert. \
             Die Reederei sieht das anders: „Wir brauchen die Brücke jetzt.“",
        );
        assert!(got.contains(&pair("Wir brauchen die Brücke jetzt.", "Die Reederei")), "{got:?}");
    }

    #[test]
    fn german_inverted_speaker_before_a_long_adverbial() {
        let got = found(
            "Nachrichten aus Bremen\n\n„Das war ein schwieriges Spiel“, sagte Meier nach \
             dem Spiel im Gespräch mit dem Radiosender.",
        );
        assert_eq!(got, vec![pair("Das war ein schwieriges Spiel", "Meier")]);
    }

    #[test]
    fn german_cues_that_name_their_own_source() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Lebenslauf wurde im Internet veröffentlicht. \
             Demnach habe sie in Hamburg Jura studiert. In einem Schreiben des Vereins \
             heißt es, die Halle werde im Mai eröffnet.",
        );
        assert!(got.contains(&pair("habe sie in Hamburg Jura studiert", "Demnach")), "{got:?}");
        assert!(
            got.contains(&pair(
                "die Halle werde im Mai eröffnet",
                "In einem Schreiben des Vereins"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn german_consecutive_reported_sentences_are_one_passage() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Lage sei ernst, sagte der Bürgermeister. Die \
             Stadt werde neue Pumpen kaufen. Die Kosten seien noch nicht bekannt.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[1],
            pair(
                "Die Stadt werde neue Pumpen kaufen. Die Kosten seien noch nicht bekannt",
                "der Bürgermeister"
            )
        );
    }

    #[test]
    fn german_sentence_reported_by_the_next_one() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Fähre fährt ab Juni wieder nach Helgoland. \
             Das erklärte der Sprecher der Reederei am Montag.",
        );
        assert_eq!(
            got,
            vec![pair(
                "Die Fähre fährt ab Juni wieder nach Helgoland. Das",
                "der Sprecher der Reederei"
            )]
        );
    }

    #[test]
    fn german_pronominal_adverb_is_no_speaker_and_topic_before_colon() {
        let got = found(
            "Nachrichten aus Bremen\n\nDazu erklärte Meier: „Das prüfen wir.“ Im Mai \
             äußerte sich Schulz zu einem Projekt im Bereich der Wind-Energie: „Das ist \
             ein guter Anfang.“",
        );
        assert_eq!(
            got,
            vec![pair("Das prüfen wir.", "Meier"), pair("Das ist ein guter Anfang.", "Schulz")]
        );
    }

    #[test]
    fn german_second_statement_after_und() {
        let got = found(
            "Nachrichten aus Bremen\n\nMeier sagte, die Stadt brauche die Brücke und \
             fügte hinzu, die Kosten seien tragbar.",
        );
        assert_eq!(
            got,
            vec![
                pair("die Stadt brauche die Brücke", "Meier"),
                pair("die Kosten seien tragbar", "Meier")
            ]
        );
    }

    #[test]
    fn german_postposition_inside_a_sentence() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Ursache des Brandes dürfte ersten Annahmen \
             zufolge ein Kurzschluss gewesen sein.",
        );
        assert_eq!(
            got,
            vec![pair(
                "Die Ursache des Brandes dürfte ersten Annahmen zufolge ein Kurzschluss gewesen sein",
                "ersten Annahmen"
            )]
        );
    }

    #[test]
    fn german_separable_verb_split_around_its_clause() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Feuerwehr teilte am Sonntagabend mit, dass \
             niemand verletzt worden sei. „Wir haben Glück gehabt“, teilte der Leiter des \
             Einsatzes später mit.",
        );
        assert_eq!(
            got,
            vec![
                pair("dass niemand verletzt worden sei", "Die Feuerwehr"),
                pair("Wir haben Glück gehabt", "der Leiter des Einsatzes")
            ]
        );
    }

    #[test]
    fn german_split_particle_of_two_words_and_impersonal_hervor() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Stadt geht inzwischen davon aus, dass die \
             Brücke im Mai fertig wird. Aus dem Gutachten geht hervor, dass die Kosten \
             steigen.",
        );
        assert_eq!(
            got,
            vec![
                pair("dass die Brücke im Mai fertig wird", "Die Stadt"),
                pair("dass die Kosten steigen", "Aus dem Gutachten")
            ]
        );
    }

    #[test]
    fn german_cue_closing_a_parenthesis_reports_nothing_after_it() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Brücke (die Zeitung berichtete) wurde am Montag \
             gesperrt.",
        );
        assert_eq!(got, vec![]);
    }

    #[test]
    fn german_colon_quotation_is_its_own_content() {
        let got = found(
            "Sport\n\nDer Verein gewann am Samstag. Der Trainer war zufrieden: „Ein guter \
             Start“, sagte er nach dem Spiel.",
        );
        assert!(got.iter().any(|g| g.0 == "Ein guter Start"), "{got:?}");
    }

    #[test]
    fn german_reported_mood_after_a_sentence_about_a_speaker() {
        let got = found(
            "Nachrichten\n\nDie Feier fand am Abend statt. Der Präsident lobte die Helfer \
             für ihren Einsatz. Die Stadt sei ihnen zu großem Dank verpflichtet.",
        );
        assert!(
            got.contains(&pair("Die Stadt sei ihnen zu großem Dank verpflichtet", "Der Präsident")),
            "{got:?}"
        );
    }

    #[test]
    fn english_speaker_after_a_quotation_that_no_pattern_reads() {
        let got = found(
            "Poll news\n\nThe poll closed on Monday. \"Both of them scare me,\" Harry Bond, \
             30, of Raleigh, N.C., who was among those polled, said in an interview. \"We need \
             people who will unite us.\"",
        );
        let q = got.iter().find(|g| g.0.starts_with("Both of them")).expect("quotation");
        assert_eq!(q.1, "Harry Bond", "{got:?}");
    }

    #[test]
    fn english_plural_heads_and_words_before_the_subject() {
        let got = found(
            "City news\n\nThe council met on Monday. Advocacy groups say the restrictions are \
             too strict. Although in March she said the plan was a mistake, the mayor kept it. \
             A copy of the memo seen by the agency said investigators were unable to find the \
             files.",
        );
        assert!(
            got.contains(&pair("the restrictions are too strict", "Advocacy groups")),
            "{got:?}"
        );
        assert!(got.contains(&pair("the plan was a mistake", "she")), "{got:?}");
        assert!(
            got.iter().any(|g| g.0.starts_with("investigators were unable") && g.1 == "the agency"),
            "{got:?}"
        );
    }

    #[test]
    fn english_clause_boundaries_of_a_reported_statement() {
        let got = found(
            "Court news\n\nThe ruling came on Friday. While the judge found that the law was \
             unconstitutional, the appeals court disagreed. Cruz said he would win the state, \
             and Trump vowed to carry the rest. Hawaii, as one adviser pointed out, rarely \
             sees two storms.",
        );
        assert!(got.contains(&pair("that the law was unconstitutional", "the judge")), "{got:?}");
        assert!(got.contains(&pair("he would win the state", "Cruz")), "{got:?}");
        assert!(got.contains(&pair("to carry the rest", "Trump")), "{got:?}");
        assert!(
            got.contains(&pair(
                "Hawaii, as one adviser pointed out, rarely sees two storms",
                "one adviser"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn english_addressee_before_a_clause_and_inverted_speaker_tails() {
        let got = found(
            "Campaign news\n\nThe race tightened. Trump told The Washington Post he was not \
             ready to endorse. That will be true for a while, said Sherman, a reporter whose \
             work is widely read. The plan failed, said Ann Ruiz, who leads the group.",
        );
        assert!(got.contains(&pair("he was not ready to endorse", "Trump")), "{got:?}");
        assert!(got.contains(&pair("That will be true for a while", "Sherman")), "{got:?}");
        assert!(got.contains(&pair("The plan failed", "Ann Ruiz")), "{got:?}");
    }

    #[test]
    fn english_quotation_continues_a_statement_with_a_tail() {
        let got = found(
            "Diplomacy\n\nThe talks failed. \"We remain open to talks,\" he said, referring \
             to the country. \"Sadly, the country has chosen a different path.\"",
        );
        let q = got.iter().find(|g| g.0.starts_with("We remain open")).expect("quotation");
        assert!(q.0.ends_with("a different path."), "{got:?}");
    }

    #[test]
    fn german_split_particle_after_an_inverted_speaker() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Fahrer habe die Kurve übersehen, teilte ein \
             Polizeisprecher gestern mit. Die Straße bleibe gesperrt, teilte die Polizei mit.",
        );
        assert_eq!(
            got,
            vec![
                pair("Der Fahrer habe die Kurve übersehen", "ein Polizeisprecher"),
                pair("Die Straße bleibe gesperrt", "die Polizei")
            ]
        );
    }

    #[test]
    fn german_reported_sentence_needs_a_reporting_verb_before_it() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Feuerwehr war mit vielen Wagen im Einsatz. Die \
             Brücke sei sicher.\n\nAm Abend lobte der Bürgermeister die Helfer. Sie hätten \
             schnell gehandelt.",
        );
        assert_eq!(
            got,
            vec![
                pair("Am Abend lobte der Bürgermeister die Helfer", "der Bürgermeister"),
                pair("Sie hätten schnell gehandelt", "der Bürgermeister")
            ]
        );
    }

    #[test]
    fn german_colon_quotation_after_an_inverted_or_coordinated_speaker() {
        let got = found(
            "Nachrichten aus Bremen\n\nIn der Halle zeigte sich der Trainer zufrieden: „Wir \
             haben heute sehr gut gespielt.“ Gegenüber der Zeitung „Der Kurier“ sagte die \
             Bürgermeisterin: „Die Brücke wird im Mai fertig sein.“ Die Stürmerin bedankte \
             sich bei ihrem Team und sagte: „Ohne euch hätte ich das nicht geschafft.“",
        );
        assert_eq!(
            got,
            vec![
                pair("Wir haben heute sehr gut gespielt.", "der Trainer"),
                pair("Die Brücke wird im Mai fertig sein.", "die Bürgermeisterin"),
                pair("Ohne euch hätte ich das nicht geschafft.", "Die Stürmerin")
            ]
        );
    }

    #[test]
    fn german_role_then_name_apposition_after_an_inverted_verb() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Mannschaft habe gut gespielt, meinte der Trainer \
             der Bremer, Peter Müller, in einem Interview. Die Lage sei ernst, sagte die \
             Sprecherin der Stadt, Anna Berg.",
        );
        assert_eq!(
            got,
            vec![
                pair("Die Mannschaft habe gut gespielt", "der Trainer der Bremer, Peter Müller"),
                pair("Die Lage sei ernst", "die Sprecherin der Stadt, Anna Berg")
            ]
        );
    }

    #[test]
    fn german_impersonal_cue_after_the_statement() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Halle werde im Mai eröffnet, heißt es in einem \
             Schreiben des Vereins. Die Brücke bleibe gesperrt, hieß es.",
        );
        assert_eq!(
            got,
            vec![
                pair("Die Halle werde im Mai eröffnet", "in einem Schreiben des Vereins"),
                pair("Die Brücke bleibe gesperrt", "")
            ]
        );
    }

    #[test]
    fn german_reported_sentence_does_not_continue_a_statement_two_sentences_back() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Lage sei ernst, sagte der Bürgermeister. Das \
             Wasser stieg weiter. Am Abend regnete es. Die Pumpen seien zu schwach.",
        );
        assert_eq!(got, vec![pair("Die Lage sei ernst", "der Bürgermeister")]);
    }

    #[test]
    fn german_quotation_after_a_sentence_without_a_statement_is_by_its_subject() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Gewerkschaft bleibt hart. „Wir werden nicht \
             nachgeben, bis die Löhne steigen.“",
        );
        assert_eq!(
            got,
            vec![pair("Wir werden nicht nachgeben, bis die Löhne steigen.", "Die Gewerkschaft")]
        );
    }

    #[test]
    fn german_reporting_verb_with_an_object_reports_the_whole_sentence() {
        let got = found(
            "Nachrichten aus Bremen\n\nAm Montag forderte der Verband strengere Regeln für \
             den Hafen. Der Bürgermeister hat neue Regeln angekündigt.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Am Montag forderte der Verband strengere Regeln für den Hafen");
        assert!(got[0].1.starts_with("der Verband"), "{got:?}");
    }

    #[test]
    fn english_speaker_phrase_or_subordinate_clause_is_no_statement() {
        let got = found(
            "City news\n\nThe vote was close. Ann Ruiz, the mayor's chief of staff, urged a \
             recount. While the judge found that the count was flawed, the board disagreed. \
             The plan stalled before Governor Tom Ward announced a review of the rules.",
        );
        assert!(!got.iter().any(|g| g.1 == "a recount"), "{got:?}");
        assert!(got.contains(&pair("that the count was flawed", "the judge")), "{got:?}");
        assert!(!got.iter().any(|g| g.0.contains("a review of the rules")), "{got:?}");
    }

    #[test]
    fn english_quotation_ending_a_sentence_before_its_speaker() {
        let got = found(
            "Campaign news\n\nThe feud went on. “She is wrong about me!” Mr. Ward wrote on \
             Twitter on Monday. “We knew the vote would be close,” Oliver barked.",
        );
        assert!(got.contains(&pair("She is wrong about me!", "Mr. Ward")), "{got:?}");
        assert!(got.contains(&pair("We knew the vote would be close,", "Oliver")), "{got:?}");
    }

    #[test]
    fn english_participle_after_a_statement_opens_a_second_one() {
        let got = found(
            "Campaign news\n\nThe talks went on. The two leaders will meet next week, Spicer \
             said, adding that they need to have a good talk. But according to reports in the \
             press, the meeting could slip.",
        );
        assert!(got.contains(&pair("The two leaders will meet next week", "Spicer")), "{got:?}");
        assert!(got.iter().any(|g| g.0 == "that they need to have a good talk"), "{got:?}");
        assert!(got.contains(&pair("the meeting could slip", "reports in the press")), "{got:?}");
    }

    #[test]
    fn english_name_age_and_description_before_the_verb() {
        let got = found(
            "Campus news\n\nThe poll closed. Ann Ruiz, 21, a junior from Reno, said she would \
             vote in the fall.",
        );
        assert!(got.contains(&pair("she would vote in the fall", "Ann Ruiz")), "{got:?}");
        let got = found(
            "Campus news\n\nThe poll closed. Democrats — and some Republicans — say that the \
             vote was fair.",
        );
        assert!(got.contains(&pair("that the vote was fair", "Democrats")), "{got:?}");
    }

    #[test]
    fn german_verb_with_a_foreign_particle_or_before_an_auxiliary_reports_nothing() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Verband forderte am Montag neue Busse für die \
             Stadt an. Der Senator, dessen Rücktritt von der Opposition gefordert wird, blieb \
             im Amt. Die Bürger forderten den Senat auf, die Straße zu öffnen.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0], pair("die Straße zu öffnen", "Die Bürger"));
    }

    #[test]
    fn german_phrase_after_a_background_conjunction_is_no_speaker() {
        let got = found(
            "Nachrichten aus Bremen\n\nAls Ehrenamt bezeichnet man eine freiwillige Arbeit \
             ohne Lohn. Der Hafen öffnete wieder, nachdem die Behörde Entwarnung gegeben hatte.",
        );
        assert!(got.iter().all(|(_, who)| who != "Ehrenamt"), "{got:?}");
    }

    #[test]
    fn english_quotation_signed_with_a_dash_and_a_name() {
        let got = found(
            "Voices\n\nWe asked our readers.\n\n“I will not vote for him this time, whatever \
             he says.” ― Julie Diaz Martinez\n\n“I hope this campaign gives us a voice.” — \
             Oscar Quintero",
        );
        assert!(
            got.iter().any(|g| g.0.starts_with("I will not vote") && g.1 == "Julie Diaz Martinez"),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g.0.starts_with("I hope this campaign") && g.1 == "Oscar Quintero"),
            "{got:?}"
        );
    }

    #[test]
    fn english_relative_clause_statement_ends_at_its_closing_comma() {
        let got = found(
            "School news\n\nThe bill passed. Petrilli, who thinks the agency went too far, \
             called the new law much better than the old one.",
        );
        assert!(got.contains(&pair("the agency went too far", "who")), "{got:?}");
        // The main clause reports on its own beside the relative clause in its gap.
        assert!(
            got.contains(&pair("the new law much better than the old one", "Petrilli")),
            "{got:?}"
        );
    }

    #[test]
    fn english_participle_after_a_quotation_with_its_comma_opens_a_second_statement() {
        let got = found(
            "Campaign news\n\nThe race tightened. Cruz said that his rival holds \
             \"city values,\" stating that they are too liberal for the state.",
        );
        assert!(got.iter().any(|g| g.0 == "that his rival holds \"city values,\""), "{got:?}");
        assert!(got.iter().any(|g| g.0 == "that they are too liberal for the state"), "{got:?}");
    }

    #[test]
    fn english_fronted_participle_clause_reports_for_the_main_subject() {
        let got = found(
            "Campaign news\n\nThe senator spoke. Citing an old newspaper story, Trump again \
             accused the senator of lying. After saying he was nervous, the voter asked a \
             question.",
        );
        assert!(got.contains(&pair("an old newspaper story", "Trump")), "{got:?}");
        assert!(got.contains(&pair("the senator of lying", "Trump")), "{got:?}");
        assert!(got.contains(&pair("he was nervous", "the voter")), "{got:?}");
        // Only an -ing form opens such a clause.
        let got = found("Campaign news\n\nDenied the permit, the company appealed at once.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn english_source_after_the_statement_may_be_followed_by_a_gloss() {
        let got = found(
            "Poll news\n\nThe race is close. Union members favored the senator by 20 points, \
             according to a union poll, even as other voters favored his rival. Most voters \
             back the plan, according to a new survey - the same share as last year.",
        );
        assert!(
            got.contains(&pair("Union members favored the senator by 20 points", "a union poll")),
            "{got:?}"
        );
        assert!(got.contains(&pair("Most voters back the plan", "a new survey")), "{got:?}");
    }

    #[test]
    fn german_verbatim_part_of_a_statement_is_also_a_quotation() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Bürgermeister sagte, die Stadt stehe vor einer \
             „sehr schweren Krise“ und habe mit der „Weser-Kurier“ gesprochen.",
        );
        assert_eq!(
            got,
            vec![
                pair(
                    "die Stadt stehe vor einer „sehr schweren Krise“ und habe mit der \
                     „Weser-Kurier“ gesprochen",
                    "Der Bürgermeister"
                ),
                pair("sehr schweren Krise", "Der Bürgermeister"),
            ]
        );
    }

    #[test]
    fn german_quoted_name_may_name_the_speaker() {
        let got = found(
            "Nachrichten aus Bremen\n\nDie Zeitung „Weser Kurier“ berichtete, die Brücke \
             bleibe gesperrt.",
        );
        assert_eq!(got, vec![pair("die Brücke bleibe gesperrt", "Die Zeitung „Weser Kurier“")]);
    }

    #[test]
    fn german_participle_closing_the_main_clause_reports_what_follows() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Hafen bleibt offen. Am Tag zuvor hatte der Senator \
             bereits gesagt, dass die Brücke im Mai öffnen werde. Der Verband hat am Donnerstag \
             angekündigt, die Preise im Sommer zu erhöhen.",
        );
        assert!(
            got.contains(&pair("dass die Brücke im Mai öffnen werde", "der Senator")),
            "{got:?}"
        );
        assert!(got.contains(&pair("die Preise im Sommer zu erhöhen", "Der Verband")), "{got:?}");
    }

    #[test]
    fn german_passive_reporting_verb_names_no_speaker() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Hafen bleibt offen. Es wird befürchtet, dass die \
             Brücke noch lange gesperrt bleibt. Dem Senator wird vorgeworfen, die Akten \
             vernichtet zu haben. Der Senator wurde kritisiert, weil er zu spät kam.",
        );
        assert_eq!(
            got,
            vec![
                pair("dass die Brücke noch lange gesperrt bleibt", ""),
                pair("die Akten vernichtet zu haben", "")
            ]
        );
    }

    #[test]
    fn english_speaker_described_after_the_verb() {
        let got = found(
            "Harbor news\n\nThe port reopened.\n\n“The cranes are back at work,” said Ana \
             Ruiz of the Dockers Union.\n\n“It took far too long to fix the pier,” said a \
             longtime crane operator who has worked there since 1990.",
        );
        assert!(got.contains(&pair("The cranes are back at work,", "Ana Ruiz")), "{got:?}");
        assert!(
            got.contains(&pair(
                "It took far too long to fix the pier,",
                "a longtime crane operator"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn english_given_name_that_is_also_a_noun() {
        let got = found(
            "Harbor news\n\nThe port reopened.\n\n“The cranes are back at work,” said Bill \
             Ostrow, the harbor master.",
        );
        assert!(got.contains(&pair("The cranes are back at work,", "Bill Ostrow")), "{got:?}");
    }

    #[test]
    fn english_sentence_opener_is_no_name() {
        let got = found(
            "Harbor news\n\nThe port reopened along the river. Speaking at the pier on \
             Monday, Ana Ruiz thanked the crews, calling them the best in the state. Along \
             with the mayor, she visited the docks and promised that the cranes would stay.",
        );
        assert!(got.iter().all(|(_, who)| who != "Speaking" && who != "Along"), "{got:?}");
        assert!(got.iter().any(|(_, who)| who == "Ana Ruiz"), "{got:?}");
    }

    #[test]
    fn english_quotation_inside_a_sentence_is_by_its_subject() {
        let got = found(
            "Harbor news\n\nThe port reopened.\n\nOn Thursday, after a long wait, Ana Ruiz \
             raised a glass to the crews with a toast, “We have got the cranes back at last, \
             and nobody will take them away again.”",
        );
        assert!(
            got.iter().any(|g| g.0.starts_with("We have got the cranes") && g.1 == "Ana Ruiz"),
            "{got:?}"
        );
    }

    #[test]
    fn english_statement_issued_by_the_subject() {
        let got = found(
            "Harbor news\n\nThe port reopened. Ana Ruiz, the harbor master, issued a \
             statement saying that the cranes would stay. The union released a statement \
             confirming the strike was over.",
        );
        assert!(got.contains(&pair("that the cranes would stay", "Ana Ruiz")), "{got:?}");
        assert!(got.contains(&pair("the strike was over", "The union")), "{got:?}");
    }

    #[test]
    fn english_quotation_signed_in_the_next_paragraph() {
        let got = found(
            "Fact check\n\nThe debate went on for hours.\n\n\"Almost all new income is going \
             to the top one percent of the country.\"\n\n- Ann Ruiz.\n\nThe claim is old.\n\n\
             \"I helped write that bill and I am proud of it, whatever they say.\"\n\n— Tom \
             Pyle, speaking in Reno.",
        );
        assert!(
            got.iter().any(|g| g.0.starts_with("Almost all new income") && g.1 == "Ann Ruiz"),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g.0.starts_with("I helped write") && g.1 == "Tom Pyle"),
            "{got:?}"
        );
    }

    #[test]
    fn german_quotation_continued_in_the_next_sentence_stands_apart() {
        let got = found(
            "Nachrichten aus Bremen\n\nDer Hafen bleibt offen. „Das wird das größte Fest aller \
             Zeiten“, sagte Weber. „Wir freuen uns sehr auf die vielen Gäste.“",
        );
        assert_eq!(
            got,
            vec![
                pair("Das wird das größte Fest aller Zeiten", "Weber"),
                pair("Wir freuen uns sehr auf die vielen Gäste.", "Weber")
            ]
        );
    }

    #[test]
    fn english_reporting_verb_in_a_relative_clause_describes_the_subject() {
        let got = found(
            "Harbor news\n\nThe port reopened. Ana Ruiz, who has endorsed the plan, said \
             the cranes would stay. Minutes later, the union issued a statement saying that \
             the strike was over.",
        );
        assert!(got.contains(&pair("the cranes would stay", "Ana Ruiz")), "{got:?}");
        assert!(got.iter().all(|(_, who)| who != "Minutes"), "{got:?}");
    }

    #[test]
    fn english_subject_with_a_party_tag_before_the_comma() {
        let got = found(
            "Harbor news\n\nThe port reopened. Rep. Ana Ruiz (D-Nev.), who chairs the \
             committee, said the cranes would stay.",
        );
        assert!(got.contains(&pair("the cranes would stay", "Rep. Ana Ruiz")), "{got:?}");
    }

    #[test]
    fn english_second_statement_may_be_an_intention() {
        let got = found(
            "Harbor news\n\nThe port reopened. Aides to the mayor have been pressing the \
             board for a vote, aiming to settle the strike this week. The mayor said the \
             cranes would stay, vowing to keep the port open.",
        );
        assert!(
            got.iter().any(|g| g.0 == "to settle the strike this week" && g.1.starts_with("Aides")),
            "{got:?}"
        );
        assert!(got.iter().any(|g| g.0 == "to keep the port open"), "{got:?}");
    }

    #[test]
    fn english_group_determiner_as_speaker() {
        let got = found(
            "Harbor news\n\nThe port reopened on Monday after a long strike. But some said \
             that the cranes would stay idle until spring.",
        );
        assert!(
            got.contains(&pair("that the cranes would stay idle until spring", "some")),
            "{got:?}"
        );
    }

    #[test]
    fn english_according_to_a_source_with_a_slash() {
        let got = found(
            "Harbor news\n\nSupport for the harbor plan has fallen to 40 percent, according \
             to a KTV/Herald poll.",
        );
        assert!(
            got.contains(&pair(
                "Support for the harbor plan has fallen to 40 percent",
                "a KTV/Herald poll"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn english_group_with_a_long_prepositional_tail() {
        let got = found(
            "Harbor news\n\nThe port reopened. People with direct knowledge of the harbor deal \
             said that the talks had stalled.",
        );
        assert!(
            got.contains(&pair(
                "that the talks had stalled",
                "People with direct knowledge of the harbor deal"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn english_adverb_after_an_article_modifies_the_speaker() {
        let got = found(
            "Harbor news\n\nThe port reopened. An earlier report in a Vermont paper said that \
             the mayor had used the photos.",
        );
        assert!(
            got.contains(&pair(
                "that the mayor had used the photos",
                "An earlier report in a Vermont paper"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn english_words_after_the_verb_that_open_a_clause_are_the_statement() {
        let got = found(
            "Harbor news\n\nThe show went on. Hours later, the company said the event was \
             off. Last month, 26 percent said the same.",
        );
        assert!(got.contains(&pair("the event was off", "the company")), "{got:?}");
        assert!(got.contains(&pair("the same", "26 percent")), "{got:?}");
        assert!(got.iter().all(|g| g.0 != "Hours later" && g.0 != "Last month"), "{got:?}");
        let got = found("Harbor news\n\nThe show went on. By noon, Ruiz said Weber had left town.");
        assert!(got.contains(&pair("Weber had left town", "Ruiz")), "{got:?}");
    }

    #[test]
    fn english_second_clause_with_its_own_speaker_ends_the_first_statement() {
        let got = found(
            "Harbor news\n\nThe port reopened. The dockers said they would skip the vote and \
             the union leaders have said they are not interested in a strike.",
        );
        assert!(got.contains(&pair("they would skip the vote", "The dockers")), "{got:?}");
        assert!(
            got.contains(&pair("they are not interested in a strike", "the union leaders")),
            "{got:?}"
        );
        let got = found(
            "Harbor news\n\nThe port reopened. Ruiz said the deal was fair; Weber said it \
             was a trap.",
        );
        assert!(got.contains(&pair("the deal was fair", "Ruiz")), "{got:?}");
        assert!(got.contains(&pair("it was a trap", "Weber")), "{got:?}");
        // A name before the coordinator may open a coordinated subject instead.
        let got = found(
            "Harbor news\n\nThe port reopened. The talks will take months before Weber and \
             his allies agree to the plan, Ruiz said.",
        );
        assert!(
            got.contains(&pair(
                "The talks will take months before Weber and his allies agree to the plan",
                "Ruiz"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn english_quotation_opening_the_next_paragraph_continues_the_statement() {
        let got = found(
            "Harbor news\n\n“The harbor will reopen next week,” Ruiz said.\n\n“We have the \
             cranes back and the crews are ready to work.”\n\nWeber was less sure.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.ends_with("the crews are ready to work."), "{got:?}");
        assert_eq!(got[0].1, "Ruiz", "{got:?}");
    }

    #[test]
    fn english_subject_with_a_long_aside_before_the_cue() {
        let got = found(
            "Harbor news\n\nThe port reopened. Ana Ruiz, the co-author of “Dock Life,” a \
             history of the harbor strikes, said the cranes would be back by May.",
        );
        assert!(got.contains(&pair("the cranes would be back by May", "Ana Ruiz")), "{got:?}");
    }

    #[test]
    fn english_participle_after_by_before_after_or_while_reports_for_the_subject() {
        let got = found(
            "Harbor news\n\nThe port reopened. Ruiz opened the meeting by praising the crane \
             crews. Weber lost support after mocking the union in two debates.",
        );
        assert!(got.contains(&pair("the crane crews", "Ruiz")), "{got:?}");
        assert!(got.contains(&pair("the union in two debates", "Weber")), "{got:?}");
    }

    #[test]
    fn english_speech_cue_after_an_infinitive_marker_reports_for_the_subject() {
        let got = found(
            "Harbor news\n\nThe port reopened. Weber went out of his way to praise the crane \
             crews.",
        );
        assert!(got.contains(&pair("the crane crews", "Weber")), "{got:?}");
    }

    #[test]
    fn english_cue_word_in_a_non_reporting_sense_reports_nothing() {
        // "adding to", "found himself", "showed up" are phrases of class none: the shorter
        // cues "adding", "found", "showed" do not match there.
        let got = found(
            "Harbor news\n\nThe mayor won again, adding to her lead in the north. The \
             captain found himself in a long queue at the gate. The ferry crew showed up \
             early on Monday.",
        );
        assert!(got.is_empty(), "{got:?}");
        // The same verbs still report where they do.
        let got = found(
            "Harbor news\n\nThe ferry was late, the captain said, adding that the gate was \
             closed. The inspectors found that the crane was unsafe.",
        );
        assert!(got.contains(&pair("that the gate was closed", "the captain")), "{got:?}");
        assert!(got.contains(&pair("that the crane was unsafe", "The inspectors")), "{got:?}");
    }

    #[test]
    fn english_pronoun_refers_to_the_subject_of_its_sentence() {
        let got = named(
            "Harbor news\n\nMayor Ann Ruiz said the port would reopen. Several dock \
             workers were angered by what they called a broken promise.",
        );
        assert!(got.contains(&pair("a broken promise", "Several dock workers")), "{got:?}");
    }

    #[test]
    fn english_quotation_inside_a_sentence_by_a_document_subject() {
        let got = found(
            "Harbor news\n\nMayor Ann Ruiz said the port would reopen on Monday.\n\nThe \
             editorial has room for a “harbor that works for every family on the coast, rain \
             or shine.”",
        );
        let last = got.last().expect("quotations");
        assert!(last.0.starts_with("harbor that works"), "{got:?}");
        assert_eq!(last.1, "The editorial");
    }

    #[test]
    fn english_inverted_speaker_after_a_lowercase_description() {
        let got = found(
            "Harbor news\n\nThe port reopened on Monday.\n\n\"Thanks, Ruiz, for welcoming \
             the new workers to the harbor,\" said master of ceremonies Tom Weber.\n\n\"It \
             was a fine day for all of us,\" Weber said of Ruiz.",
        );
        assert!(
            got.contains(&pair(
                "Thanks, Ruiz, for welcoming the new workers to the harbor,",
                "master of ceremonies Tom Weber"
            )),
            "{got:?}"
        );
        assert!(got.contains(&pair("It was a fine day for all of us,", "Weber")), "{got:?}");
    }

    #[test]
    fn english_quotation_ending_its_sentence_signed_by_the_next_one() {
        let got = named(
            "Harbor news\n\nMayor Ann Ruiz spoke first. Tom Weber, the harbor master, \
             followed her on stage.\n\n\"Who would have believed that we could open the \
             harbor again this year?\" Weber said, looking out at the crowd.",
        );
        assert!(
            got.contains(&pair(
                "Who would have believed that we could open the harbor again this year?",
                "Tom Weber"
            )),
            "{got:?}"
        );
    }

    #[test]
    fn english_second_cue_after_a_clause_of_its_own() {
        let got = found(
            "Harbor news\n\nThe dock workers criticized the new rules on Monday, and the \
             union has sued the city over them, saying they violate the contract.",
        );
        assert!(got.contains(&pair("they violate the contract", "the union")), "{got:?}");
    }

    #[test]
    fn a_prepositional_source_at_the_very_end_of_a_text_does_not_panic() {
        // Once made the cue search read past the last token.
        let got = found("According to John Smith, according to will. , ");
        assert!(got.iter().all(|(q, _)| !q.is_empty()), "{got:?}");
    }
}
