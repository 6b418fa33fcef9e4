//! Language detection from the grammars' own closed-class words.
//!
//! Every language of a [`Grammar`](super::Grammar) lists its function words, pronouns
//! and auxiliaries for attribution. Those words are also the most frequent words of any
//! text in that language, so counting them over the start of a text tells its language
//! among the ones the grammar has, with no second model, and tells when a text is in
//! none of them (a text in a language without a grammar meets few of their words). A
//! language added at run time (`--grammar DIR`) is detected the same way.

use super::{FunctionKind, Language, Map};

/// Most words read from the start of a text.
const MAX_WORDS: usize = 400;
/// Fewest words that only the winning language lists.
const MIN_HITS: usize = 2;
/// Smallest share, among the lowercase words read, of the winner's words: a text in a
/// language without a grammar meets only the few words its spelling shares with one.
/// (Names and, in some languages, nouns are capitalised; function words mostly are not,
/// so the lowercase words are the fair measure, even in a table of names.)
const MIN_SHARE: f64 = 0.25;
/// Fewer words tell nothing: a headline or a caption.
const MIN_WORDS: usize = 12;
/// How many times the runner-up's count of its own words the winner's must be.
const MARGIN: f64 = 1.25;
/// Longer words are no function words of any language.
const MAX_WORD_BYTES: usize = 24;

/// What the start of a text tells of its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected<'a> {
    /// One of the grammar's languages, by its tag.
    Language(&'a str),
    /// A text long enough to tell, in none of the grammar's languages.
    Other,
    /// Too few words to tell.
    TooShort,
}

/// The closed-class words of every language, each with the set of languages (bit `i`
/// for language `i`) that list it: one lookup per word.
#[derive(Debug, Clone, Default)]
pub struct Detector {
    words: Map<String, u64>,
    tags: Vec<String>,
}

impl Detector {
    /// The detector for `languages` (the first 64; a grammar has far fewer).
    pub fn new(languages: &[Language]) -> Detector {
        let mut words: Map<String, u64> = Map::default();
        for (i, lang) in languages.iter().take(64).enumerate() {
            let bit = 1u64 << i;
            // Particles of names ("van", "de") are words of other languages.
            let all = lang
                .function_words
                .iter()
                .filter(|(_, kind)| **kind != FunctionKind::Particle)
                .map(|(w, _)| w)
                .chain(lang.pronouns.keys())
                .chain(lang.auxiliaries.iter());
            for w in all {
                // Only words: abbreviations and marks ("'s", "mr.") are no evidence.
                if w.chars().all(char::is_alphabetic) {
                    *words.entry(w.clone()).or_default() |= bit;
                }
            }
        }
        Detector { words, tags: languages.iter().take(64).map(|l| l.tag.clone()).collect() }
    }

    /// The language of `text`, among the grammar's, when its closed-class words tell it
    /// clearly.
    pub fn detect(&self, text: &str) -> Detected<'_> {
        // Per language: the words it lists, and those that no other language lists.
        let mut hits = vec![0usize; self.tags.len()];
        let mut own = vec![0usize; self.tags.len()];
        let mut lowercase = 0;
        let mut read = 0;
        let mut lower = String::with_capacity(MAX_WORD_BYTES);
        let words = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty());
        for word in words.take(MAX_WORDS) {
            read += 1;
            lowercase += usize::from(word.chars().next().is_some_and(char::is_lowercase));
            if word.len() > MAX_WORD_BYTES {
                continue;
            }
            lower.clear();
            if word.is_ascii() {
                lower.push_str(word);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(word.chars().flat_map(char::to_lowercase));
            }
            if let Some(&set) = self.words.get(lower.as_str()) {
                for (i, h) in hits.iter_mut().enumerate() {
                    *h += usize::from(set >> i & 1 == 1);
                }
                if set.is_power_of_two() {
                    own[set.trailing_zeros() as usize] += 1;
                }
            }
        }
        let Some((best, &top)) = own.iter().enumerate().max_by_key(|&(i, n)| (*n, usize::MAX - i))
        else {
            return Detected::Other;
        };
        let second = own.iter().enumerate().filter(|&(i, _)| i != best).map(|(_, n)| *n).max();
        let clear = top >= MIN_HITS
            && top as f64 >= MARGIN * second.unwrap_or(0) as f64
            && hits[best] as f64 >= MIN_SHARE * lowercase as f64;
        match () {
            () if clear => Detected::Language(self.tags[best].as_str()),
            () if read < MIN_WORDS => Detected::TooShort,
            () => Detected::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Detected;
    use crate::grammar::Grammar;

    fn detect(text: &str) -> Option<&'static str> {
        match Grammar::builtin().detect(text) {
            Detected::Language(tag) => Some(tag),
            _ => None,
        }
    }

    #[test]
    fn tells_english_from_german() {
        let en = "The minister said on Tuesday that the government would fund a new \
                  monitoring station near the glacier.";
        let de = "Der Minister sagte am Dienstag, die Regierung werde eine neue Messstation \
                  am Gletscher finanzieren.";
        assert_eq!(detect(en), Some("en"));
        assert_eq!(detect(de), Some("de"));
        assert_eq!(detect(&en.to_uppercase()), Some("en"), "case does not matter");
    }

    #[test]
    fn a_language_without_a_grammar_is_not_guessed() {
        let pt = "O ministro afirmou nesta terça-feira que o governo vai financiar uma nova \
                  estação de monitoramento perto da geleira, segundo a agência de notícias.";
        let id = "Menteri itu mengatakan pada hari Selasa bahwa pemerintah akan mendanai \
                  stasiun pemantauan baru di dekat gletser tersebut.";
        assert_eq!(Grammar::builtin().detect(pt), Detected::Other, "Portuguese");
        assert_eq!(Grammar::builtin().detect(id), Detected::Other, "Indonesian");
    }

    #[test]
    fn too_little_text_tells_nothing() {
        assert_eq!(Grammar::builtin().detect(""), Detected::TooShort);
        assert_eq!(Grammar::builtin().detect("Berlin 2026"), Detected::TooShort);
        assert_eq!(detect("the"), None, "one word of the language");
    }
}
