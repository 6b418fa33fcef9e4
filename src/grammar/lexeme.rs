//! One table of every word the grammar files of a language list, merged when the
//! grammar loads: a word's classes (one bit per table), its function-word kind and its
//! pronoun kind, so that a token is classified by a single lookup when it is made.

use bitflags::bitflags;

use super::{FunctionKind, Language, Map, PronounKind, Set};

bitflags! {
    /// The tables of a language that list a word (each a file of `grammar/<lang>/` or
    /// a word list of its `settings.tsv`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Classes: u64 {
        /// `auxiliaries.tsv`.
        const AUXILIARY = 1;
        /// `pronouns.tsv`.
        const PRONOUN = 1 << 1;
        /// The first word of a cue (`cue_verbs.tsv`, `cue_phrases.tsv`).
        const CUE_FIRST = 1 << 2;
        /// A cue of one word.
        const CUE_WORD = 1 << 3;
        /// A reporting verb of one word.
        const CUE_VERB = 1 << 4;
        /// `subordinators`.
        const SUBORDINATOR = 1 << 5;
        /// `coordinators`.
        const COORDINATOR = 1 << 6;
        /// `source_links`.
        const SOURCE_LINK = 1 << 7;
        /// `tail_prepositions`.
        const TAIL_PREPOSITION = 1 << 8;
        /// `relative_pronouns`.
        const RELATIVE_PRONOUN = 1 << 9;
        /// `complementizers`.
        const COMPLEMENTIZER = 1 << 10;
        /// `gloss_words`.
        const GLOSS_WORD = 1 << 11;
        /// `clause_final_auxiliaries`.
        const CLAUSE_FINAL_AUXILIARY = 1 << 12;
        /// `passive_auxiliaries`.
        const PASSIVE_AUXILIARY = 1 << 13;
        /// `perfect_auxiliaries`.
        const PERFECT_AUXILIARY = 1 << 14;
        /// `object_pronouns`.
        const OBJECT_PRONOUN = 1 << 15;
        /// `back_reference`.
        const BACK_REFERENCE = 1 << 16;
        /// `verb_coordinators`.
        const VERB_COORDINATOR = 1 << 17;
        /// `statement_nouns.tsv`.
        const STATEMENT_NOUN = 1 << 18;
        /// `role_enders`.
        const ROLE_ENDER = 1 << 19;
        /// `reported_mood.tsv`.
        const REPORTED_MOOD = 1 << 20;
        /// `quantifiers`.
        const QUANTIFIER = 1 << 21;
        /// `predeterminers`.
        const PREDETERMINER = 1 << 22;
        /// `possessive_pronouns`.
        const POSSESSIVE_PRONOUN = 1 << 23;
        /// `partitive_links`.
        const PARTITIVE_LINK = 1 << 24;
        /// `name_connectors`.
        const NAME_CONNECTOR = 1 << 25;
        /// `name_chain_connectors`.
        const NAME_CHAIN_CONNECTOR = 1 << 26;
        /// The first word of a hedge (`hedges.tsv`).
        const HEDGE_FIRST = 1 << 27;
        /// `groups.tsv`.
        const GROUP = 1 << 28;
        /// `organizations.tsv`.
        const ORGANIZATION = 1 << 29;
        /// `documents.tsv`.
        const DOCUMENT = 1 << 30;
        /// `roles.tsv`, any entry.
        const ROLE = 1 << 31;
        /// `infinitive_markers`.
        const INFINITIVE_MARKER = 1 << 32;
        /// `contrast_conjunctions`.
        const CONTRAST = 1 << 33;
        /// `background_subordinators`.
        const BACKGROUND_SUBORDINATOR = 1 << 34;
        /// `separable_particles`.
        const SEPARABLE_PARTICLE = 1 << 35;
        /// `gloss_relatives`.
        const GLOSS_RELATIVE = 1 << 36;
        /// A female pronoun (or the possessive of one).
        const FEMALE_PRONOUN = 1 << 37;
        /// A role noun of `roles.tsv` (not a modifier).
        const ROLE_NOUN = 1 << 38;
        /// The plural of a document noun ("polls"), from `plural_endings`.
        const PLURAL_DOCUMENT = 1 << 39;
        /// The plural of a role or organisation noun, which names a group.
        const PLURAL_GROUP = 1 << 40;
    }
}

/// What the grammar knows of one lowercase word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lexeme {
    /// The tables that list it.
    pub classes: Classes,
    /// Its kind as a function word (`function_words.tsv`).
    pub function: Option<FunctionKind>,
    /// What it refers to as a pronoun (`pronouns.tsv`).
    pub pronoun: Option<PronounKind>,
}

impl Lexeme {
    /// Is the word listed in every table of `classes`?
    pub fn is(self, classes: Classes) -> bool {
        self.classes.contains(classes)
    }
}

/// Every word of `lang`'s tables with what they say about it.
pub(super) fn build(lang: &Language) -> Map<String, Lexeme> {
    let mut words: Map<String, Lexeme> = Map::default();
    let mut add = |set: &Set<String>, class: Classes| {
        for w in set {
            words.entry(w.clone()).or_default().classes |= class;
        }
    };
    add(&lang.auxiliaries, Classes::AUXILIARY);
    add(&lang.subordinators, Classes::SUBORDINATOR);
    add(&lang.coordinators, Classes::COORDINATOR);
    add(&lang.source_links, Classes::SOURCE_LINK);
    add(&lang.tail_prepositions, Classes::TAIL_PREPOSITION);
    add(&lang.relative_pronouns, Classes::RELATIVE_PRONOUN);
    add(&lang.complementizers, Classes::COMPLEMENTIZER);
    add(&lang.gloss_words, Classes::GLOSS_WORD);
    add(&lang.clause_final_auxiliaries, Classes::CLAUSE_FINAL_AUXILIARY);
    add(&lang.passive_auxiliaries, Classes::PASSIVE_AUXILIARY);
    add(&lang.perfect_auxiliaries, Classes::PERFECT_AUXILIARY);
    add(&lang.object_pronouns, Classes::OBJECT_PRONOUN);
    add(&lang.back_reference, Classes::BACK_REFERENCE);
    add(&lang.verb_coordinators, Classes::VERB_COORDINATOR);
    add(&lang.role_enders, Classes::ROLE_ENDER);
    add(&lang.reported_mood, Classes::REPORTED_MOOD);
    add(&lang.quantifiers, Classes::QUANTIFIER);
    add(&lang.predeterminers, Classes::PREDETERMINER);
    add(&lang.partitive_links, Classes::PARTITIVE_LINK);
    add(&lang.name_connectors, Classes::NAME_CONNECTOR);
    add(&lang.name_chain_connectors, Classes::NAME_CHAIN_CONNECTOR);
    add(&lang.groups, Classes::GROUP);
    add(&lang.organizations, Classes::ORGANIZATION);
    add(&lang.documents, Classes::DOCUMENT);
    add(&lang.infinitive_markers, Classes::INFINITIVE_MARKER);
    add(&lang.contrast_conjunctions, Classes::CONTRAST);
    add(&lang.background_subordinators, Classes::BACKGROUND_SUBORDINATOR);
    add(&lang.separable_particles, Classes::SEPARABLE_PARTICLE);
    add(&lang.gloss_relatives, Classes::GLOSS_RELATIVE);
    add(&lang.female_pronouns, Classes::FEMALE_PRONOUN);
    add(&lang.plural_documents, Classes::PLURAL_DOCUMENT);
    add(&lang.plural_groups, Classes::PLURAL_GROUP);
    let mut mark = |w: &String, class: Classes| {
        words.entry(w.clone()).or_default().classes |= class;
    };
    lang.statement_nouns.keys().for_each(|w| mark(w, Classes::STATEMENT_NOUN));
    lang.possessive_pronouns.keys().for_each(|w| mark(w, Classes::POSSESSIVE_PRONOUN));
    for (w, &noun) in &lang.roles {
        mark(w, if noun { Classes::ROLE | Classes::ROLE_NOUN } else { Classes::ROLE });
    }
    lang.hedges_by_first.keys().for_each(|w| mark(w, Classes::HEDGE_FIRST));
    for w in lang.cues_by_first.keys() {
        let mut class = Classes::CUE_FIRST;
        if lang.is_cue_word(w) {
            class |= Classes::CUE_WORD;
        }
        if lang.is_cue_verb(w) {
            class |= Classes::CUE_VERB;
        }
        mark(w, class);
    }
    for (w, &kind) in &lang.pronouns {
        let e = words.entry(w.clone()).or_default();
        e.classes |= Classes::PRONOUN;
        e.pronoun = Some(kind);
    }
    for (w, &kind) in &lang.function_words {
        words.entry(w.clone()).or_default().function = Some(kind);
    }
    words
}
