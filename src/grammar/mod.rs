//! Grammar: lexicons and attribution patterns, loaded from `grammar/` at compile time.
//!
//! The files are embedded with `include_str!` and parsed once (tables by [`table`], the
//! pattern DSL by [`parse`]) into the static [`Grammar::builtin`]; workers share it as
//! `&Grammar`. Every table file is line-oriented UTF-8 with `#` comments, described in
//! its own header. Language data lives in `grammar/<lang>/`; a [`Language`] holds one
//! language's tables.

pub mod detect;
pub mod lexeme;
pub mod marks;
pub mod parse;
pub mod table;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rustc_hash::FxBuildHasher;

pub use lexeme::{Classes, Lexeme};

/// Lexicon map: fast hashing of short words (the lookups are the hot path).
pub type Map<K, V> = HashMap<K, V, FxBuildHasher>;
/// Lexicon set.
pub type Set<K> = HashSet<K, FxBuildHasher>;
use std::sync::LazyLock;

use crate::error::Error;

/// What kind of saying a cue reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// Speech acts: say, tell, announce.
    Speech,
    /// Written statements: write, tweet.
    Writing,
    /// Beliefs: believe, think, hope.
    Belief,
    /// Intentions: want, plan.
    Intent,
    /// Evidence from documents and data: show, find.
    Evidence,
    /// Verbs that report only a direct quote: continue, joke.
    Quoting,
    /// Headline punctuation that names a speaker ("Rubio: …").
    Headline,
    /// Stances towards a person or proposal, whose object is the content: endorse,
    /// criticise, support.
    Stance,
    /// Questions put to someone: ask, inquire. Also a frame of its own ("Asked
    /// whether …, she said").
    Question,
    /// Not a report: a phrase that opens with a cue word used in another sense ("adding
    /// to his lead", "found himself"). As the longest cue at its position it keeps the
    /// shorter cue from matching there, and no pattern takes it.
    NonReporting,
}

impl CueClass {
    /// Every class a pattern may report: all but [`CueClass::NonReporting`].
    pub const REPORTING: [CueClass; 9] = [
        CueClass::Speech,
        CueClass::Writing,
        CueClass::Belief,
        CueClass::Intent,
        CueClass::Evidence,
        CueClass::Quoting,
        CueClass::Headline,
        CueClass::Stance,
        CueClass::Question,
    ];
}

/// Where a cue's speaker stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueFrame {
    /// A verb: the speaker is its subject (before it, or after it when inverted).
    Verb,
    /// A preposition ("according to"): the speaker follows it.
    Prep,
    /// A postposition ("Dem Bericht zufolge"): the speaker stands before it.
    Post,
}

/// One cue entry: a word sequence and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Lowercase words, matched whole.
    pub words: Vec<String>,
    /// Lemma or phrase it came from.
    pub lemma: String,
    /// Kind of saying.
    pub class: CueClass,
    /// Where the speaker stands.
    pub frame: CueFrame,
    /// A prepositional cue that counts only after a comma, dash or quotation
    /// ("…, so der Minister"), since the word is common otherwise ("so stark").
    pub aside: bool,
    /// A prepositional cue that counts only when its phrase names a statement or a
    /// document (a word of `documents.tsv`, or a compound ending in one): "nach eigenen
    /// Angaben", "nach Polizeiangaben", but not "nach dem Spiel". The statement noun is
    /// part of the speaker mention.
    pub source: bool,
    /// Where the cue's source stands when no speaker phrase does: the cue word itself
    /// ("Demnach habe sie …": frame `anaphor`), or the fronted phrase before it ("In der
    /// Erklärung heißt es, …": frame `impersonal`). Such a cue matches only patterns
    /// without SPEAKER, and a pattern without SPEAKER or SUBJECT needs such a cue.
    pub own_source: Option<OwnSource>,
    /// The first word has an ending of `participle_endings` (settings.tsv): an `-ing`
    /// form ("saying", "noting that"), which takes the subject of the preceding clause as
    /// its speaker.
    pub participle: bool,
}

/// Where a cue without a speaker phrase finds its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnSource {
    /// The cue word itself refers back to the source ("demnach").
    Anaphor,
    /// The fronted phrase before the cue ("In der Erklärung heißt es").
    Front,
}

impl Cue {
    /// True for participle forms ("saying", "noting that"; `participle_endings` of
    /// settings.tsv), which take the subject of the preceding clause as their speaker.
    pub fn is_participle(&self) -> bool {
        self.participle
    }
}

/// What a pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounKind {
    /// he, she.
    Person,
    /// they, it.
    Group,
    /// who.
    Relative,
    /// I, we: the speaker of a surrounding quote.
    SelfRef,
}

/// Kind of a title word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// Part of a role ("President").
    Title,
    /// A form of address, not a role ("Mr.").
    Honorific,
}

/// Kind of a closed-class word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    /// Opens a noun phrase.
    Determiner,
    /// Ends a speaker noun phrase read backwards from a cue.
    Boundary,
    /// May trail a speaker or cue ("here", "on Monday").
    Time,
    /// Opens a sentence without belonging to the content ("However").
    Connective,
    /// Lowercase part of a name ("van").
    Particle,
    /// May follow a group noun inside a speaker phrase ("sources close to the talks").
    Preposition,
    /// A form of "be": before an `-ing` cue it makes the progressive ("is suggesting"),
    /// whose subject is the speaker.
    Copula,
}

/// Where a hedge's content stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HedgeKind {
    /// The clause around the hedge ("Sanders appears to lead").
    Clause,
    /// The clause after it ("it seems that …").
    Following,
}

/// What follows a statement noun of `statement_nouns.tsv` as its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NounContent {
    /// A clause opened by this complementiser, which the content includes ("claim that …").
    Clause(String),
    /// An infinitive opened by this particle, which the content includes ("promise to …").
    Infinitive(String),
    /// The object of this preposition, without it ("attacks on …").
    Object(String),
}

/// One entry of `hedges.tsv`: an expression by which the writer presents a clause as
/// seeming, expected or reported, naming no one who says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hedge {
    /// Lowercase words, matched whole.
    pub words: Vec<String>,
    /// Where the content stands.
    pub kind: HedgeKind,
    /// Words that must not follow the form ("appeared on television").
    pub not_before: Set<String>,
}

/// One element of an attribution pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum ElemKind {
    /// A verb cue of one of these classes (a bare `CUE` lists every reporting class).
    Cue(Vec<CueClass>),
    /// A prepositional cue.
    Prep,
    /// A postpositional cue.
    Post,
    /// The speaker.
    Speaker,
    /// The sentence's opening noun phrase.
    Subject,
    /// The sentence's opening noun phrase with an aside between commas after it, up to
    /// the cue ("Hemsley, the co-author of a book on rumours, said …").
    Apposed,
    /// A fronted adverbial before a verb-second cue ("Am Montag sagte der Minister …").
    Front,
    /// Content up to the next comma ("Asked whether he would run, Smith said …").
    Clause,
    /// The reported content.
    Content,
    /// Exactly one quotation.
    Quote,
    /// An addressee before "that".
    Object,
    /// The end of the sentence.
    End,
    /// A literal token.
    Literal(String),
}

/// A pattern element and whether it may be absent.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// What it matches.
    pub kind: ElemKind,
    /// Whether it may be skipped.
    pub optional: bool,
}

/// One attribution pattern from `patterns.txt`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// Rule id, shown by `--explain`.
    pub id: std::sync::Arc<str>,
    /// Base confidence of a match.
    pub confidence: f32,
    /// Elements in text order.
    pub elements: Vec<Element>,
}

/// The head-noun lexicons that [`Language::in_lexicon`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexicon {
    /// `groups.tsv`.
    Groups,
    /// `documents.tsv`.
    Documents,
    /// `organizations.tsv`.
    Organizations,
}

/// Named behaviours of `settings.tsv` that choose how noun phrases, sources and speakers
/// are read (each `yes` or `no`; the default is the one given here). They differ between
/// a language whose lowercase words may be nouns (English) and one where every noun is
/// capitalised (German), but each is chosen on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingSettings {
    /// A capitalised word that opens a sentence and is written lowercase elsewhere in
    /// the article is an ordinary word, not a name (default yes).
    pub lower_sentence_openers: bool,
    /// A word that is also an auxiliary, right after a determiner, is a noun ("the
    /// will") (default yes).
    pub auxiliary_nouns: bool,
    /// A determiner after a head noun opens another noun phrase ("der Bürgermeister
    /// die Helfer") (default no).
    pub determiner_after_head: bool,
    /// Words before a determiner inside a phrase that are not quantifiers make it a
    /// clause, not a noun phrase ("hit the ball") (default yes).
    pub verb_before_determiner: bool,
    /// A capitalised document or group word right before a name is a given name ("Bill
    /// Burton") (default yes).
    pub given_names_from_nouns: bool,
    /// A statement or document as the object of a verb before a participle cue
    /// ("Smith issued a statement saying …") is spoken by that verb's subject (default
    /// yes).
    pub statement_objects: bool,
    /// A source after a prepositional cue ("laut einem Bericht der Polizei"), or before
    /// a cue, is a noun phrase bounded by its capitals (default no).
    pub capitalized_sources: bool,
    /// A speaker after its cue may be followed by a relative clause or a prepositional
    /// phrase that describes it ("said Ann Ruiz of the Ohio delegation") (default yes).
    pub described_speakers: bool,
    /// A name after a lowercase description that no table reads as a role ("said master
    /// of ceremonies Tom Weber") is the speaker, the description its role (default yes).
    pub described_names: bool,
    /// A speaker after its cue ends before a preposition ("sagte Schweinsteiger nach
    /// dem Spiel") (default no).
    pub prepositions_end_speakers: bool,
    /// Lowercase modifiers before a group or role head belong to its phrase ("Cyber
    /// security experts") (default yes).
    pub lowercase_modifiers: bool,
}

impl Default for ReadingSettings {
    fn default() -> Self {
        ReadingSettings {
            lower_sentence_openers: true,
            auxiliary_nouns: true,
            determiner_after_head: false,
            verb_before_determiner: true,
            given_names_from_nouns: true,
            statement_objects: true,
            capitalized_sources: false,
            described_speakers: true,
            described_names: true,
            prepositions_end_speakers: false,
            lowercase_modifiers: true,
        }
    }
}

/// A yes-or-no setting of `settings.tsv`: its key and the flag it sets.
type Flag = (&'static str, fn(&mut Language) -> &mut bool);

/// Every yes-or-no setting of `settings.tsv`.
const FLAGS: &[Flag] = &[
    ("ordinal_period", |l| &mut l.ordinal_period),
    ("object_statements", |l| &mut l.object_statements),
    ("nested_quotations", |l| &mut l.nested_quotations),
    ("quoted_names", |l| &mut l.quoted_names),
    ("separate_continuations", |l| &mut l.separate_continuations),
    ("verb_second", |l| &mut l.verb_second),
    ("compounds", |l| &mut l.compounds),
    ("lower_sentence_openers", |l| &mut l.reading.lower_sentence_openers),
    ("auxiliary_nouns", |l| &mut l.reading.auxiliary_nouns),
    ("determiner_after_head", |l| &mut l.reading.determiner_after_head),
    ("verb_before_determiner", |l| &mut l.reading.verb_before_determiner),
    ("given_names_from_nouns", |l| &mut l.reading.given_names_from_nouns),
    ("statement_objects", |l| &mut l.reading.statement_objects),
    ("capitalized_sources", |l| &mut l.reading.capitalized_sources),
    ("described_speakers", |l| &mut l.reading.described_speakers),
    ("described_names", |l| &mut l.reading.described_names),
    ("prepositions_end_speakers", |l| &mut l.reading.prepositions_end_speakers),
    ("lowercase_modifiers", |l| &mut l.reading.lowercase_modifiers),
];

/// The tables of one language.
#[derive(Debug, Default)]
pub struct Language {
    /// Language tag ("en").
    pub tag: String,
    /// All cues.
    pub cues: Vec<Cue>,
    /// Cue indexes by first word, longest cue first.
    pub cues_by_first: Map<String, Vec<usize>>,
    /// Words allowed between a speaker and its cue.
    pub auxiliaries: Set<String>,
    /// Pronouns and what they refer to.
    pub pronouns: Map<String, PronounKind>,
    /// Pronouns whose `refers` column is `female` ("she", "sie"): they resolve to women.
    pub female_pronouns: Set<String>,
    /// Titles and honorifics, as written.
    pub titles: Map<String, TitleKind>,
    /// Role nouns (true) and role modifiers (false), lowercase.
    pub roles: Map<String, bool>,
    /// Group head nouns.
    pub groups: Set<String>,
    /// Organisation head nouns and names, lowercase.
    pub organizations: Set<String>,
    /// Document head nouns.
    pub documents: Set<String>,
    /// Country and capital names, lowercase.
    pub places: Set<String>,
    /// Closed-class words.
    pub function_words: Map<String, FunctionKind>,
    /// Abbreviations whose period does not end a sentence, lowercase with the period.
    pub abbreviations: Set<String>,
    /// Attribution patterns, in priority order.
    pub patterns: Vec<Pattern>,
    /// How noun phrases and speakers are read: named behaviours of `settings.tsv`.
    pub reading: ReadingSettings,
    /// Words that attach a further noun to a source after a preposition (German
    /// genitive articles and "von": "laut einem Sprecher der Polizei"), from
    /// `settings.tsv`.
    pub source_links: Set<String>,
    /// Words that, after a comma, open the reporter's gloss rather than more of the
    /// statement ("…, although he refused to say more"), from `settings.tsv`.
    pub gloss_words: Set<String>,
    /// Conjunctions that open a subordinate clause before the main clause ("While Smith
    /// claimed that …, experts …"): a statement reported inside such a clause ends at
    /// its comma. From `settings.tsv`.
    pub subordinators: Set<String>,
    /// Temporal conjunctions whose clause tells an event in the background ("before
    /// Obama announced a reset"): a cue in such a clause reports no statement. From
    /// `settings.tsv`.
    pub background_subordinators: Set<String>,
    /// Particles of separable verbs ("auf", "zurück"): a one-word reporting verb whose
    /// clause ends in one is another verb ("rief … auf"), from `settings.tsv`.
    pub separable_particles: Set<String>,
    /// Auxiliaries that, right after a reporting verb, show it closes a subordinate or
    /// passive clause ("… gefordert wird", "… erklärt worden war"), from `settings.tsv`.
    pub clause_final_auxiliaries: Set<String>,
    /// Object pronouns that may stand as the addressee of a cue before the reported
    /// clause ("told him she …"), from `settings.tsv`.
    pub object_pronouns: Set<String>,
    /// Quantifiers that may stand before a determiner inside a noun phrase ("all the
    /// voters"), from `settings.tsv`.
    pub predeterminers: Set<String>,
    /// Plural endings and what replaces them in the singular ("ies" -> "y"), from
    /// `settings.tsv`: the plural of a role or organisation noun names a group
    /// ("confidants", "advocacy groups").
    pub plural_endings: Vec<(String, String)>,
    /// Plurals of document nouns, made from `plural_endings` when the grammar loads.
    pub plural_documents: Set<String>,
    /// Plurals of role and organisation nouns, made the same way.
    pub plural_groups: Set<String>,
    /// Conjunctions that join a second statement of the same speaker ("und fügte
    /// hinzu"), besides "and" and "but", from `settings.tsv`.
    pub coordinators: Set<String>,
    /// Words that, opening a sentence before a reporting verb, point back to the sentence
    /// before ("Das erklärte der Minister."), from `settings.tsv`.
    pub back_reference: Set<String>,
    /// A period right after a one- or two-digit number marks an ordinal ("am 2.
    /// Dezember") rather than a sentence end, from `settings.tsv`.
    pub ordinal_period: bool,
    /// A sentence whose early reporting verb takes a noun phrase ("Die Polizei sprach
    /// von einem Unfall.") reports as a whole, from `settings.tsv`.
    pub object_statements: bool,
    /// A verbatim part of a reported statement ("sprach von einer „schweren Krise“") is
    /// also a direct quotation of its own, by the same speaker, from `settings.tsv`.
    pub nested_quotations: bool,
    /// A short quotation whose every word is capitalised („BBC News“) is a name or
    /// title, read as plain words, from `settings.tsv`.
    pub quoted_names: bool,
    /// A quotation that continues the one before it in the next sentence ("„A“, sagte
    /// sie. „B“") is a quotation of its own rather than part of the first, from
    /// `settings.tsv`.
    pub separate_continuations: bool,
    /// Auxiliaries before a reporting verb's participle that closes the main clause
    /// ("Der Minister hat am Montag gesagt, …"), from `settings.tsv`.
    pub perfect_auxiliaries: Set<String>,
    /// Auxiliaries of a passive before such a participle ("Es wird befürchtet, dass …"):
    /// the statement names no speaker, from `settings.tsv`.
    pub passive_auxiliaries: Set<String>,
    /// Words that mark an infinitive at the end of a clause (German "zu"), from
    /// `settings.tsv`.
    pub infinitive_markers: Set<String>,
    /// Verb forms of reported speech (German Konjunktiv I), lowercase.
    pub reported_mood: Set<String>,
    /// Hedges and evidentials of the writer, from `hedges.tsv`; indexes by first word in
    /// `hedges_by_first`, longest first. Empty: no hedge reading.
    pub hedges: Vec<Hedge>,
    /// Hedge indexes by first word, longest form first.
    pub hedges_by_first: Map<String, Vec<usize>>,
    /// Nouns that report a statement of their possessor ("her claim that …"), lowercase,
    /// with the contents they take, from `statement_nouns.tsv`. Empty: no such reading.
    pub statement_nouns: Map<String, Vec<NounContent>>,
    /// Possessive determiners with the pronoun they stand for ("her" > "she"), from
    /// `settings.tsv`.
    pub possessive_pronouns: Map<String, String>,
    /// Relative pronouns that open a clause and belong to it ("which", "who"), from
    /// `settings.tsv`.
    pub relative_pronouns: Set<String>,
    /// Words that open a reported clause ("that", "whether"), from `settings.tsv`.
    pub complementizers: Set<String>,
    /// The word an addressee (`OBJECT`) runs up to when the pattern names none after it
    /// ("told reporters that"), from `settings.tsv`.
    pub object_until: Option<String>,
    /// Lowercase honorifics of men ("mr.") and of women ("mrs."), from `settings.tsv`:
    /// they tell a speaker's gender, for pronouns.
    pub male_honorifics: Set<String>,
    /// See `male_honorifics`.
    pub female_honorifics: Set<String>,
    /// Conjunctions that join a second verb phrase of the same subject ("… and said",
    /// "… but did not …"), from `settings.tsv`.
    pub verb_coordinators: Set<String>,
    /// Conjunctions that, before an auxiliary, open a second verb phrase that ends the
    /// content ("… for the nominee but did not suggest …"), from `settings.tsv`.
    pub contrast_conjunctions: Set<String>,
    /// Words that end a role in apposition, opening a clause that describes the person
    /// ("the deputy mayor known as …", "…, who …"), from `settings.tsv`.
    pub role_enders: Set<String>,
    /// Relative pronouns that, after the content's last comma, open the reporter's
    /// gloss ("…, which …"), from `settings.tsv`.
    pub gloss_relatives: Set<String>,
    /// Endings of a possessive word ("'s": "Trump's"), from `settings.tsv`.
    pub possessive_endings: Vec<String>,
    /// Quantifiers before a partitive link ("one of his advisers", "most of the
    /// voters"), from `settings.tsv`.
    pub quantifiers: Set<String>,
    /// The partitive links after such a quantifier ("of", "in": "one in four voters"),
    /// from `settings.tsv`.
    pub partitive_links: Set<String>,
    /// Prepositions that open a tail after a head noun ("the draft law on port
    /// financing") or an adverbial after a subject ("Trump on Monday said"), besides
    /// the prepositions of `function_words.tsv`, from `settings.tsv`.
    pub tail_prepositions: Set<String>,
    /// Lowercase words that join the capitalised words of an organisation's name ("the
    /// Division of Gaming Enforcement"), from `settings.tsv`.
    pub name_connectors: Set<String>,
    /// Of those, the ones after which a further connector may follow ("of": "Bureau of
    /// the Census"), from `settings.tsv`.
    pub name_chain_connectors: Set<String>,
    /// Endings of present participles and gerunds ("-ing"), from `settings.tsv`.
    pub participle_endings: Vec<String>,
    /// Endings of past participles ("-ed"), from `settings.tsv`.
    pub past_participle_endings: Vec<String>,
    /// Endings of adverbs ("-ly"), from `settings.tsv`.
    pub adverb_endings: Vec<String>,
    /// Endings of nouns of occupation ("-er", "-ist"), from `settings.tsv`.
    pub agent_endings: Vec<String>,
    /// Endings of the plural of a role noun in an apposition ("-s": "the party's
    /// leaders"), from `settings.tsv`.
    pub role_plural_endings: Vec<String>,
    /// Endings that make the feminine of a role noun ("Sprecher" > "Sprecherin"), from
    /// `settings.tsv`.
    pub feminine_endings: Vec<String>,
    /// Endings of inflected adjectives and determiners inside a source phrase after a
    /// preposition ("einem", "ersten"), from `settings.tsv`.
    pub inflection_endings: Vec<String>,
    /// Endings of such words before a postposition ("den Berichten zufolge"), from
    /// `settings.tsv`.
    pub oblique_endings: Vec<String>,
    /// The finite verb of a main clause comes second, after one phrase that may be an
    /// adverbial as well as the subject ("Am Montag sagte der Minister"), from
    /// `settings.tsv`.
    pub verb_second: bool,
    /// A word that ends in a noun of the lexicons is that noun (compounds:
    /// "Jahresbericht", "Polizeichef"), from `settings.tsv`.
    pub compounds: bool,
    /// Where `compounds`: the group, document and organisation nouns of five bytes or
    /// more, and the role nouns of four or more, that a compound may end in.
    pub compound_groups: Suffixes,
    /// See `compound_groups`.
    pub compound_documents: Suffixes,
    /// See `compound_groups`.
    pub compound_organizations: Suffixes,
    /// See `compound_groups`.
    pub compound_roles: Suffixes,
    /// Every word of the tables above with its classes, merged once at load time.
    pub words: Map<String, Lexeme>,
}

impl Language {
    /// Is this lowercase word possessive ("Trump's"; `possessive_endings`)?
    pub fn is_possessive(&self, lower: &str) -> bool {
        ends_with_any(lower, &self.possessive_endings)
    }

    /// Is this lowercase word a role noun? Where the language makes compounds
    /// (`compounds`), a compound ending in a role noun is one too ("Polizeichef", "Regierungssprecherin").
    pub fn is_role_noun(&self, lower: &str) -> bool {
        self.roles.get(lower).copied().unwrap_or(false) || self.is_compound_role(lower)
    }

    /// Where the language makes compounds, is this lowercase word a compound or a
    /// feminine form of a role noun (see [`Language::is_role_noun`])?
    pub fn is_compound_role(&self, lower: &str) -> bool {
        if !self.compounds {
            return false;
        }
        // Feminine forms: "Geschäftsführerin", "Sprecherin".
        for ending in &self.feminine_endings {
            if let Some(stem) = lower.strip_suffix(ending.as_str()).filter(|s| s.len() >= 4) {
                if self.roles.get(stem).copied().unwrap_or(false) {
                    return true;
                }
            }
        }
        lower.len() > 6 && self.compound_roles.ends(lower)
    }

    /// Is this lowercase word in `set`, or, where the language makes compounds, a compound
    /// ending in a word of `set` ("Jahresbericht", "Landesregierung")?
    pub fn in_lexicon(&self, lexicon: Lexicon, lower: &str) -> bool {
        let set = match lexicon {
            Lexicon::Groups => &self.groups,
            Lexicon::Documents => &self.documents,
            Lexicon::Organizations => &self.organizations,
        };
        set.contains(lower) || self.is_compound_of(lexicon, lower)
    }

    /// Where the language makes compounds, is this lowercase word a compound ending in a
    /// word of the lexicon (see [`Language::in_lexicon`])?
    pub fn is_compound_of(&self, lexicon: Lexicon, lower: &str) -> bool {
        let compounds = match lexicon {
            Lexicon::Groups => &self.compound_groups,
            Lexicon::Documents => &self.compound_documents,
            Lexicon::Organizations => &self.compound_organizations,
        };
        self.compounds && lower.len() > 6 && compounds.ends(lower)
    }

    /// What the tables say of this lowercase word: one lookup.
    pub fn lexeme(&self, lower: &str) -> Lexeme {
        self.words.get(lower).copied().unwrap_or_default()
    }

    /// The kind of a closed-class word.
    pub fn function(&self, lower: &str) -> Option<FunctionKind> {
        self.function_words.get(lower).copied()
    }

    /// Is this lowercase word a one-word reporting verb ("said", "sagte"), not a
    /// prepositional cue ("laut", "nach")?
    pub fn is_cue_verb(&self, lower: &str) -> bool {
        self.cues_by_first.get(lower).is_some_and(|ids| {
            ids.iter()
                .any(|&i| self.cues[i].words.len() == 1 && self.cues[i].frame == CueFrame::Verb)
        })
    }

    /// Is this lowercase word a one-word cue ("said", "believes")?
    pub fn is_cue_word(&self, lower: &str) -> bool {
        self.cues_by_first
            .get(lower)
            .is_some_and(|ids| ids.iter().any(|&i| self.cues[i].words.len() == 1))
    }
}

/// A comma-separated word list of `settings.tsv`.
fn word_list(words: &str) -> Set<String> {
    words.split(',').map(|w| w.trim().to_string()).collect()
}

/// The words of a lexicon that a compound may end in, as an automaton over the reversed
/// words, built once when the grammar loads: "does this word end in one of them?" is
/// one anchored pass over the word's bytes from its end, instead of a scan of the
/// lexicon per word.
#[derive(Debug, Clone, Default)]
pub struct Suffixes {
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl Suffixes {
    /// The index of `words`.
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Suffixes {
        let reversed: Vec<Vec<u8>> = words
            .into_iter()
            .map(|w| w.bytes().rev().collect())
            .filter(|w: &Vec<u8>| !w.is_empty())
            .collect();
        if reversed.is_empty() {
            return Suffixes::default();
        }
        let automaton = aho_corasick::AhoCorasick::builder()
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&reversed)
            .ok();
        Suffixes { automaton }
    }

    /// Does `word` end in one of the words?
    pub fn ends(&self, word: &str) -> bool {
        let Some(ac) = &self.automaton else { return false };
        let mut buf = [0u8; 64];
        let heap: Vec<u8>;
        let reversed: &[u8] = if word.len() <= buf.len() {
            for (slot, b) in buf.iter_mut().zip(word.bytes().rev()) {
                *slot = b;
            }
            &buf[..word.len()]
        } else {
            heap = word.bytes().rev().collect();
            &heap
        };
        let input = aho_corasick::Input::new(reversed).anchored(aho_corasick::Anchored::Yes);
        ac.find(input).is_some()
    }
}

/// A comma-separated list of word endings of `settings.tsv`, in the order written.
fn ending_list(words: &str) -> Vec<String> {
    words.split(',').map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect()
}

/// Does `word` end in one of `endings`? The endings are a few bytes long: they are
/// compared byte by byte from the end, without a call to `memcmp` per ending.
pub fn ends_with_any(word: &str, endings: &[String]) -> bool {
    let w = word.as_bytes();
    endings.iter().any(|e| {
        let e = e.as_bytes();
        e.len() <= w.len() && w.iter().rev().zip(e.iter().rev()).all(|(a, b)| a == b)
    })
}

/// The trimmed pairs of a comma-separated list such as `ies>y, s>`; an item without
/// `>` is skipped.
fn pair_list(pairs: &str) -> impl Iterator<Item = (&str, &str)> {
    pairs.split(',').filter_map(|p| {
        let (a, b) = p.trim().split_once('>')?;
        Some((a.trim(), b.trim()))
    })
}

/// Every table the scanner and attribution use.
#[derive(Debug)]
pub struct Grammar {
    /// Quotation-mark pairs.
    pub marks: marks::QuoteMarks,
    /// The languages, English first (the fallback).
    pub languages: Vec<Language>,
    /// Tells a text's language from the languages' closed-class words.
    detector: detect::Detector,
}

/// The text of one grammar file: embedded in the binary, or read from a folder.
pub type Text = Cow<'static, str>;

/// The files of one language: built in (`grammar/<tag>/`, embedded at compile time) or
/// read from a folder at run time ([`LanguageFiles::from_dir`]). A file the folder does
/// not have is an empty table.
#[derive(Debug, Clone)]
pub struct LanguageFiles {
    /// Language tag ("en").
    pub tag: Text,
    /// How error messages name the folder: the tag for built-in files, else its path.
    pub origin: Text,
    /// `cue_verbs.tsv`.
    pub cue_verbs: Text,
    /// `cue_phrases.tsv`.
    pub cue_phrases: Text,
    /// `auxiliaries.tsv`.
    pub auxiliaries: Text,
    /// `pronouns.tsv`.
    pub pronouns: Text,
    /// `titles.tsv`.
    pub titles: Text,
    /// `roles.tsv`.
    pub roles: Text,
    /// `groups.tsv`.
    pub groups: Text,
    /// `organizations.tsv`.
    pub organizations: Text,
    /// `documents.tsv`.
    pub documents: Text,
    /// `places.tsv`.
    pub places: Text,
    /// `function_words.tsv`.
    pub function_words: Text,
    /// `abbreviations.tsv`.
    pub abbreviations: Text,
    /// `patterns.txt`.
    pub patterns: Text,
    /// `settings.tsv`.
    pub settings: Text,
    /// `reported_mood.tsv`.
    pub reported_mood: Text,
    /// `hedges.tsv`.
    pub hedges: Text,
    /// `statement_nouns.tsv`.
    pub statement_nouns: Text,
}

macro_rules! language_files {
    ($tag:literal) => {
        LanguageFiles {
            tag: Cow::Borrowed($tag),
            origin: Cow::Borrowed($tag),
            cue_verbs: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/cue_verbs.tsv"
            ))),
            cue_phrases: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/cue_phrases.tsv"
            ))),
            auxiliaries: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/auxiliaries.tsv"
            ))),
            pronouns: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/pronouns.tsv"))),
            titles: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/titles.tsv"))),
            roles: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/roles.tsv"))),
            groups: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/groups.tsv"))),
            organizations: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/organizations.tsv"
            ))),
            documents: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/documents.tsv"
            ))),
            places: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/places.tsv"))),
            function_words: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/function_words.tsv"
            ))),
            abbreviations: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/abbreviations.tsv"
            ))),
            patterns: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/patterns.txt"))),
            settings: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/settings.tsv"))),
            reported_mood: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/reported_mood.tsv"
            ))),
            hedges: Cow::Borrowed(include_str!(concat!("../../grammar/", $tag, "/hedges.tsv"))),
            statement_nouns: Cow::Borrowed(include_str!(concat!(
                "../../grammar/",
                $tag,
                "/statement_nouns.tsv"
            ))),
        }
    };
}

/// The English grammar files.
pub const EN_FILES: LanguageFiles = language_files!("en");

/// The built-in languages, English first (the fallback): adding one is adding its
/// folder under `grammar/` and a line here. Any other language can be loaded at run
/// time with [`Grammar::from_dir`].
pub const LANGUAGES: [LanguageFiles; 2] = [EN_FILES, language_files!("de")];

impl LanguageFiles {
    /// The file names a language folder may hold; `patterns.txt` is required.
    pub const FILE_NAMES: [&'static str; 17] = [
        "cue_verbs.tsv",
        "cue_phrases.tsv",
        "auxiliaries.tsv",
        "pronouns.tsv",
        "titles.tsv",
        "roles.tsv",
        "groups.tsv",
        "organizations.tsv",
        "documents.tsv",
        "places.tsv",
        "function_words.tsv",
        "abbreviations.tsv",
        "patterns.txt",
        "settings.tsv",
        "reported_mood.tsv",
        "hedges.tsv",
        "statement_nouns.tsv",
    ];

    fn slot(&mut self, name: &str) -> Option<&mut Text> {
        Some(match name {
            "cue_verbs.tsv" => &mut self.cue_verbs,
            "cue_phrases.tsv" => &mut self.cue_phrases,
            "auxiliaries.tsv" => &mut self.auxiliaries,
            "pronouns.tsv" => &mut self.pronouns,
            "titles.tsv" => &mut self.titles,
            "roles.tsv" => &mut self.roles,
            "groups.tsv" => &mut self.groups,
            "organizations.tsv" => &mut self.organizations,
            "documents.tsv" => &mut self.documents,
            "places.tsv" => &mut self.places,
            "function_words.tsv" => &mut self.function_words,
            "abbreviations.tsv" => &mut self.abbreviations,
            "patterns.txt" => &mut self.patterns,
            "settings.tsv" => &mut self.settings,
            "reported_mood.tsv" => &mut self.reported_mood,
            "hedges.tsv" => &mut self.hedges,
            "statement_nouns.tsv" => &mut self.statement_nouns,
            _ => return None,
        })
    }

    /// The files of a language folder laid out like `grammar/en/`, tagged `tag`. Every
    /// file but `patterns.txt` may be missing (an empty table); a file of another name
    /// is reported, so a misspelt table is never silently ignored.
    pub fn from_dir(dir: &Path, tag: &str) -> Result<LanguageFiles, Vec<Error>> {
        let (files, errors) = Self::read_dir(dir, tag);
        if errors.is_empty() { Ok(files) } else { Err(errors) }
    }

    /// The files of a language folder and what is wrong with the folder, so that the
    /// files it has can still be checked line by line.
    fn read_dir(dir: &Path, tag: &str) -> (LanguageFiles, Vec<Error>) {
        let origin = dir.display().to_string();
        let mut files = LanguageFiles {
            tag: Cow::Owned(tag.to_string()),
            origin: Cow::Owned(origin.clone()),
            ..LanguageFiles::empty()
        };
        let mut errors = Vec::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(source) => return (files, vec![Error::Io { path: dir.to_path_buf(), source }]),
        };
        let mut seen_patterns = false;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
            if name.starts_with('.') {
                continue;
            }
            let Some(slot) = files.slot(&name) else {
                errors.push(Error::GrammarFolder {
                    path: path.clone(),
                    message: format!(
                        "expected only grammar files in a language folder ({}), found `{name}`",
                        Self::FILE_NAMES.join(", ")
                    ),
                });
                continue;
            };
            match std::fs::read_to_string(&path) {
                Ok(text) => *slot = Cow::Owned(text),
                Err(source) => errors.push(Error::Io { path: path.clone(), source }),
            }
            seen_patterns |= name == "patterns.txt";
        }
        if !seen_patterns {
            errors.push(Error::GrammarFolder {
                path: dir.to_path_buf(),
                message: "expected a language folder with patterns.txt (laid out like grammar/en/)"
                    .to_string(),
            });
        }
        (files, errors)
    }

    /// No tables at all.
    fn empty() -> LanguageFiles {
        let e = || Cow::Borrowed("");
        LanguageFiles {
            tag: e(),
            origin: e(),
            cue_verbs: e(),
            cue_phrases: e(),
            auxiliaries: e(),
            pronouns: e(),
            titles: e(),
            roles: e(),
            groups: e(),
            organizations: e(),
            documents: e(),
            places: e(),
            function_words: e(),
            abbreviations: e(),
            patterns: e(),
            settings: e(),
            reported_mood: e(),
            hedges: e(),
            statement_nouns: e(),
        }
    }
}

/// The rows of a `key<TAB>kind` table with their kind looked up in `names`; a row with
/// an unknown kind is reported (listing the kinds allowed) and left out.
fn kinds<V: Copy>(
    rows: &[table::Row<'_>],
    file: &str,
    names: &[(&str, V)],
    errors: &mut Vec<Error>,
) -> Vec<(String, V)> {
    let allowed: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    rows.iter()
        .filter_map(|row| match names.iter().find(|(n, _)| *n == row.fields[1]) {
            Some(&(_, v)) => Some((row.fields[0].to_string(), v)),
            None => {
                errors.push(unknown(file, row.line, &allowed.join("|"), row.fields[1]));
                None
            }
        })
        .collect()
}

fn unknown(file: &str, line: usize, what: &str, found: &str) -> Error {
    Error::Grammar {
        file: file.to_string(),
        line,
        message: format!("expected {what}, found `{found}`"),
    }
}

impl Language {
    /// Parse one language's files, reporting every bad line of every file.
    pub fn parse<'f>(files: &'f LanguageFiles) -> Result<Language, Vec<Error>> {
        let mut lang = Language { tag: files.tag.to_string(), ..Language::default() };
        let mut errors = Vec::new();
        let name = |f: &str| format!("{}/{f}", files.origin);
        let mut take = |r: Result<Vec<table::Row<'f>>, Vec<Error>>| match r {
            Ok(rows) => rows,
            Err(e) => {
                errors.extend(e);
                Vec::new()
            }
        };
        let f = name("cue_verbs.tsv");
        let verbs = take(table::read(&files.cue_verbs, &f, 3..=3));
        let f_ph = name("cue_phrases.tsv");
        let phrases = take(table::read(&files.cue_phrases, &f_ph, 3..=3));
        let f_aux = name("auxiliaries.tsv");
        let aux = take(table::read(&files.auxiliaries, &f_aux, 1..=1));
        let f_pr = name("pronouns.tsv");
        let pronouns = take(table::read(&files.pronouns, &f_pr, 3..=3));
        let f_ti = name("titles.tsv");
        let titles = take(table::read(&files.titles, &f_ti, 2..=2));
        let f_ro = name("roles.tsv");
        let roles = take(table::read(&files.roles, &f_ro, 2..=2));
        let groups = take(table::read(&files.groups, &name("groups.tsv"), 1..=1));
        let orgs = take(table::read(&files.organizations, &name("organizations.tsv"), 1..=1));
        let docs = take(table::read(&files.documents, &name("documents.tsv"), 1..=1));
        let places = take(table::read(&files.places, &name("places.tsv"), 1..=1));
        let f_fw = name("function_words.tsv");
        let fws = take(table::read(&files.function_words, &f_fw, 2..=2));
        let abbrevs = take(table::read(&files.abbreviations, &name("abbreviations.tsv"), 1..=1));
        let mood = take(table::read(&files.reported_mood, &name("reported_mood.tsv"), 1..=1));
        let f_he = name("hedges.tsv");
        let hedges = take(table::read(&files.hedges, &f_he, 3..=3));
        let f_sn = name("statement_nouns.tsv");
        let nouns = take(table::read(&files.statement_nouns, &f_sn, 2..=2));
        let f_set = name("settings.tsv");
        let settings = take(table::read(&files.settings, &f_set, 2..=2));
        match parse::patterns(&files.patterns, &name("patterns.txt")) {
            Ok(p) => lang.patterns = p,
            Err(e) => errors.extend(e),
        }

        for row in &verbs {
            let class = match parse::cue_class(row.fields[1]) {
                Ok(("", c)) => c,
                _ => {
                    errors.push(unknown(&f, row.line, "a cue class", row.fields[1]));
                    continue;
                }
            };
            for form in row.fields[2].split(',') {
                lang.cues.push(Cue {
                    words: form.split_whitespace().map(str::to_lowercase).collect(),
                    lemma: row.fields[0].to_string(),
                    class,
                    frame: CueFrame::Verb,
                    aside: false,
                    source: false,
                    own_source: None,
                    participle: false,
                });
            }
        }
        for row in &phrases {
            let class = match parse::cue_class(row.fields[1]) {
                Ok(("", c)) => c,
                _ => {
                    errors.push(unknown(&f_ph, row.line, "a cue class", row.fields[1]));
                    continue;
                }
            };
            let frame = match row.fields[2] {
                "verb" => CueFrame::Verb,
                "prep" | "aside" | "source" | "anaphor" => CueFrame::Prep,
                "impersonal" => CueFrame::Verb,
                "post" => CueFrame::Post,
                other => {
                    errors.push(unknown(
                        &f_ph,
                        row.line,
                        "`verb`, `prep`, `aside`, `source`, `anaphor`, `impersonal` or `post`",
                        other,
                    ));
                    continue;
                }
            };
            lang.cues.push(Cue {
                words: row.fields[0].split_whitespace().map(str::to_lowercase).collect(),
                lemma: row.fields[0].to_string(),
                class,
                frame,
                aside: row.fields[2] == "aside",
                source: row.fields[2] == "source",
                own_source: match row.fields[2] {
                    "anaphor" => Some(OwnSource::Anaphor),
                    "impersonal" => Some(OwnSource::Front),
                    _ => None,
                },
                participle: false,
            });
        }
        lang.auxiliaries = aux.iter().map(|r| r.fields[0].to_string()).collect();
        lang.female_pronouns = pronouns
            .iter()
            .filter(|r| r.fields[2] == "female")
            .map(|r| r.fields[0].to_string())
            .collect();
        for (key, kind) in kinds(
            &pronouns,
            &f_pr,
            &[
                ("person", PronounKind::Person),
                ("group", PronounKind::Group),
                ("relative", PronounKind::Relative),
                ("self", PronounKind::SelfRef),
            ],
            &mut errors,
        ) {
            lang.pronouns.insert(key, kind);
        }
        for (key, kind) in kinds(
            &titles,
            &f_ti,
            &[("title", TitleKind::Title), ("honorific", TitleKind::Honorific)],
            &mut errors,
        ) {
            lang.titles.insert(key, kind);
        }
        for (key, kind) in kinds(&roles, &f_ro, &[("role", true), ("modifier", false)], &mut errors)
        {
            lang.roles.insert(key, kind);
        }
        lang.groups = groups.iter().map(|r| r.fields[0].to_string()).collect();
        lang.organizations = orgs.iter().map(|r| r.fields[0].to_string()).collect();
        lang.documents = docs.iter().map(|r| r.fields[0].to_string()).collect();
        lang.places = places.iter().map(|r| r.fields[0].to_lowercase()).collect();
        lang.abbreviations = abbrevs.iter().map(|r| r.fields[0].to_string()).collect();
        lang.reported_mood = mood.iter().map(|r| r.fields[0].to_string()).collect();
        for row in &hedges {
            let kind = match row.fields[1] {
                "clause" => HedgeKind::Clause,
                "following" => HedgeKind::Following,
                other => {
                    errors.push(unknown(&f_he, row.line, "`clause` or `following`", other));
                    continue;
                }
            };
            let not_before = match row.fields[2] {
                "-" => Set::default(),
                words => word_list(words),
            };
            let words = row.fields[0].split_whitespace().map(str::to_lowercase).collect();
            lang.hedges.push(Hedge { words, kind, not_before });
        }
        let mut order: Vec<usize> = (0..lang.hedges.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(lang.hedges[i].words.len()));
        for i in order {
            if let Some(first) = lang.hedges[i].words.first() {
                lang.hedges_by_first.entry(first.clone()).or_default().push(i);
            }
        }
        for row in &nouns {
            let mut contents = Vec::new();
            for c in row.fields[1].split(',').map(str::trim) {
                let content = match c.split_once(':') {
                    Some(("clause", w)) => NounContent::Clause(w.to_lowercase()),
                    Some(("infinitive", w)) => NounContent::Infinitive(w.to_lowercase()),
                    Some(("object", w)) => NounContent::Object(w.to_lowercase()),
                    _ => {
                        errors.push(unknown(
                            &f_sn,
                            row.line,
                            "`clause:`, `infinitive:` or `object:` with a word",
                            c,
                        ));
                        continue;
                    }
                };
                contents.push(content);
            }
            lang.statement_nouns.insert(row.fields[0].to_lowercase(), contents);
        }
        for row in &settings {
            if let Some((_, flag)) = FLAGS.iter().find(|(key, _)| *key == row.fields[0]) {
                match row.fields[1] {
                    "yes" => *flag(&mut lang) = true,
                    "no" => *flag(&mut lang) = false,
                    value => errors.push(unknown(&f_set, row.line, "yes or no", value)),
                }
                continue;
            }
            match (row.fields[0], row.fields[1]) {
                ("coordinators", words) => lang.coordinators = word_list(words),
                ("back_reference", words) => lang.back_reference = word_list(words),
                ("perfect_auxiliaries", words) => lang.perfect_auxiliaries = word_list(words),
                ("passive_auxiliaries", words) => lang.passive_auxiliaries = word_list(words),
                ("infinitive_markers", words) => lang.infinitive_markers = word_list(words),
                ("source_links", words) => lang.source_links = word_list(words),
                ("gloss_words", words) => lang.gloss_words = word_list(words),
                ("subordinators", words) => lang.subordinators = word_list(words),
                ("background_subordinators", words) => {
                    lang.background_subordinators = word_list(words)
                }
                ("object_pronouns", words) => lang.object_pronouns = word_list(words),
                ("predeterminers", words) => lang.predeterminers = word_list(words),
                ("relative_pronouns", words) => lang.relative_pronouns = word_list(words),
                ("complementizers", words) => lang.complementizers = word_list(words),
                ("object_until", word) => lang.object_until = Some(word.to_string()),
                ("male_honorifics", words) => lang.male_honorifics = word_list(words),
                ("female_honorifics", words) => lang.female_honorifics = word_list(words),
                ("verb_coordinators", words) => lang.verb_coordinators = word_list(words),
                ("contrast_conjunctions", words) => lang.contrast_conjunctions = word_list(words),
                ("role_enders", words) => lang.role_enders = word_list(words),
                ("gloss_relatives", words) => lang.gloss_relatives = word_list(words),
                ("possessive_endings", words) => lang.possessive_endings = ending_list(words),
                ("quantifiers", words) => lang.quantifiers = word_list(words),
                ("partitive_links", words) => lang.partitive_links = word_list(words),
                ("tail_prepositions", words) => lang.tail_prepositions = word_list(words),
                ("name_connectors", words) => lang.name_connectors = word_list(words),
                ("name_chain_connectors", words) => lang.name_chain_connectors = word_list(words),
                ("participle_endings", words) => lang.participle_endings = ending_list(words),
                ("past_participle_endings", words) => {
                    lang.past_participle_endings = ending_list(words)
                }
                ("adverb_endings", words) => lang.adverb_endings = ending_list(words),
                ("agent_endings", words) => lang.agent_endings = ending_list(words),
                ("role_plural_endings", words) => lang.role_plural_endings = ending_list(words),
                ("feminine_endings", words) => lang.feminine_endings = ending_list(words),
                ("inflection_endings", words) => lang.inflection_endings = ending_list(words),
                ("oblique_endings", words) => lang.oblique_endings = ending_list(words),
                ("separable_particles", words) => lang.separable_particles = word_list(words),
                ("clause_final_auxiliaries", words) => {
                    lang.clause_final_auxiliaries = word_list(words)
                }
                ("possessive_pronouns", pairs) => {
                    lang.possessive_pronouns = pair_list(pairs)
                        .map(|(pos, pr)| (pos.to_lowercase(), pr.to_lowercase()))
                        .collect();
                }
                ("plural_endings", pairs) => {
                    lang.plural_endings =
                        pair_list(pairs).map(|(pl, sg)| (pl.to_string(), sg.to_string())).collect();
                }
                (key, value) => {
                    let flags: Vec<String> = FLAGS.iter().map(|(k, _)| format!("`{k}`")).collect();
                    let expected = format!(
                        "a setting of grammar/en/settings.tsv ({} with yes or no; a word list \
                         such as `coordinators`, `complementizers` or `quantifiers`; an ending \
                         list such as `participle_endings`; `object_until` with a word; \
                         `plural_endings` or `possessive_pronouns` with pairs such as ies>y)",
                        flags.join(", ")
                    );
                    errors.push(unknown(&f_set, row.line, &expected, &format!("{key} {value}")))
                }
            }
        }
        // A possessive of a female pronoun ("her" > "she") resolves to women too.
        let female: Vec<String> = lang
            .possessive_pronouns
            .iter()
            .filter(|(_, pr)| lang.female_pronouns.contains(*pr))
            .map(|(pos, _)| pos.clone())
            .collect();
        lang.female_pronouns.extend(female);
        if lang.compounds {
            let long = |set: &Set<String>, min: usize| -> Suffixes {
                Suffixes::new(set.iter().map(String::as_str).filter(|w| w.len() >= min))
            };
            lang.compound_groups = long(&lang.groups, 5);
            lang.compound_documents = long(&lang.documents, 5);
            lang.compound_organizations = long(&lang.organizations, 5);
            lang.compound_roles = Suffixes::new(
                lang.roles
                    .iter()
                    .filter(|(r, noun)| **noun && r.len() >= 4)
                    .map(|(r, _)| r.as_str()),
            );
        }
        for c in &mut lang.cues {
            c.participle =
                c.words.first().is_some_and(|w| ends_with_any(w, &lang.participle_endings));
        }
        for (key, kind) in kinds(
            &fws,
            &f_fw,
            &[
                ("determiner", FunctionKind::Determiner),
                ("boundary", FunctionKind::Boundary),
                ("time", FunctionKind::Time),
                ("connective", FunctionKind::Connective),
                ("particle", FunctionKind::Particle),
                ("preposition", FunctionKind::Preposition),
                ("copula", FunctionKind::Copula),
            ],
            &mut errors,
        ) {
            lang.function_words.insert(key, kind);
        }
        // Plurals of the head nouns, so a speaker phrase needs one lookup per word.
        let plural = |noun: &str| -> Vec<String> {
            lang.plural_endings
                .iter()
                .filter_map(|(pl, sg)| {
                    let stem = noun.strip_suffix(sg.as_str())?;
                    (stem.len() >= 3).then(|| format!("{stem}{pl}"))
                })
                .collect()
        };
        let documents: Vec<String> = lang.documents.iter().flat_map(|d| plural(d)).collect();
        let groups: Vec<String> = lang
            .roles
            .iter()
            .filter(|(_, is_role)| **is_role)
            .map(|(r, _)| r)
            .chain(lang.organizations.iter())
            .flat_map(|g| plural(g))
            .collect();
        lang.plural_documents = documents.into_iter().collect();
        lang.plural_groups = groups.into_iter().collect();
        // Index cues by first word, longest first, so the first hit is the longest match.
        let mut order: Vec<usize> = (0..lang.cues.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(lang.cues[i].words.len()));
        for i in order {
            if let Some(first) = lang.cues[i].words.first() {
                lang.cues_by_first.entry(first.clone()).or_default().push(i);
            }
        }
        lang.words = lexeme::build(&lang);
        if errors.is_empty() { Ok(lang) } else { Err(errors) }
    }
}

static BUILTIN: LazyLock<Grammar> = LazyLock::new(|| {
    // The built-in files are tested to parse without errors (tests below and in
    // grammar::marks), so these cannot fail at run time.
    let marks =
        marks::QuoteMarks::parse(include_str!("../../grammar/quote_marks.tsv"), "quote_marks.tsv")
            .and_then(|m| {
                m.with_elisions(include_str!("../../grammar/elisions.tsv"), "elisions.tsv")
            })
            .unwrap_or_else(|e| table::fail(&e));
    let languages =
        LANGUAGES.iter().map(|f| Language::parse(f).unwrap_or_else(|e| table::fail(&e))).collect();
    Grammar::new(marks, languages)
});

impl Grammar {
    /// A grammar of `marks` and `languages`, with the languages' detector.
    fn new(marks: marks::QuoteMarks, languages: Vec<Language>) -> Grammar {
        let detector = detect::Detector::new(&languages);
        Grammar { marks, languages, detector }
    }

    /// The language of `text` among this grammar's languages, told from their
    /// closed-class words ([`detect::Detector::detect`]).
    pub fn detect(&self, text: &str) -> detect::Detected<'_> {
        self.detector.detect(text)
    }

    /// The grammar built into the binary.
    pub fn builtin() -> &'static Grammar {
        &BUILTIN
    }

    /// The built-in grammar with the languages of a folder added, read at run time: `dir`
    /// is either one language folder laid out like `grammar/en/` (its name is the tag:
    /// `grammar/fr/` adds French) or a grammar folder laid out like `grammar/`, whose
    /// language subfolders are all read and whose `quote_marks.tsv` and `elisions.tsv`,
    /// when present, replace the built-in marks and elisions. A language with the tag of a built-in one replaces
    /// it. The `cite/` and `meta/` tables (citation names, article metadata) are always
    /// the built-in ones; such subfolders are not read. Every bad line of every file is
    /// reported as `file:line: message`.
    pub fn from_dir(dir: &Path) -> Result<Grammar, Vec<Error>> {
        let mut errors = Vec::new();
        let mut loaded = Vec::new();
        if dir.join("patterns.txt").is_file() {
            loaded.push(dir.to_path_buf());
        } else {
            let entries = std::fs::read_dir(dir)
                .map_err(|source| vec![Error::Io { path: dir.to_path_buf(), source }])?;
            let mut subs: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !name.starts_with('.') && name != "cite" && name != "meta"
                })
                .collect();
            subs.sort();
            loaded.extend(subs);
        }
        if loaded.is_empty() {
            errors.push(Error::GrammarFolder {
                path: dir.to_path_buf(),
                message: "expected a language folder with patterns.txt, or a grammar folder \
                          with such language folders (laid out like grammar/)"
                    .to_string(),
            });
        }
        let mut languages: Vec<Language> = Vec::new();
        for folder in &loaded {
            let tag = folder.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let good = !tag.is_empty()
                && tag.len() <= 8
                && tag.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            if !good {
                errors.push(Error::GrammarFolder {
                    path: folder.clone(),
                    message: format!(
                        "expected a language folder named by its tag (such as `fr` or `nl`), \
                         found `{tag}`"
                    ),
                });
                continue;
            }
            let (files, folder_errors) = LanguageFiles::read_dir(folder, tag);
            errors.extend(folder_errors);
            match Language::parse(&files) {
                Ok(lang) => languages.push(lang),
                Err(e) => errors.extend(e),
            }
        }
        let marks_file = dir.join("quote_marks.tsv");
        let elisions_file = dir.join("elisions.tsv");
        let marks = if marks_file.is_file() || elisions_file.is_file() {
            let read = |path: &Path, builtin: &'static str| -> Result<Text, Vec<Error>> {
                if !path.is_file() {
                    return Ok(Cow::Borrowed(builtin));
                }
                std::fs::read_to_string(path)
                    .map(Cow::Owned)
                    .map_err(|source| vec![Error::Io { path: path.to_path_buf(), source }])
            };
            let loaded = read(&marks_file, include_str!("../../grammar/quote_marks.tsv"))
                .and_then(|src| marks::QuoteMarks::parse(&src, &marks_file.display().to_string()))
                .and_then(|m| {
                    let src = read(&elisions_file, include_str!("../../grammar/elisions.tsv"))?;
                    m.with_elisions(&src, &elisions_file.display().to_string())
                });
            match loaded {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            }
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut all: Vec<Language> = LANGUAGES
            .iter()
            .map(|f| Language::parse(f).unwrap_or_else(|e| table::fail(&e)))
            .collect();
        for lang in languages {
            match all.iter_mut().find(|l| l.tag == lang.tag) {
                Some(old) => *old = lang,
                None => all.push(lang),
            }
        }
        let marks = marks.unwrap_or_else(|| BUILTIN.marks.clone());
        Ok(Grammar::new(marks, all))
    }

    /// The tags of the languages this grammar has, the fallback first.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.tag.as_str())
    }

    /// Does this grammar have the language of `tag` ("de", "de-AT")?
    pub fn has(&self, tag: &str) -> bool {
        let base = tag.split(['-', '_']).next().unwrap_or(tag).to_lowercase();
        self.languages.iter().any(|l| l.tag == base)
    }

    /// The tables for a language tag ("de", "de-AT"), falling back to English.
    pub fn language(&self, tag: Option<&str>) -> &Language {
        let base = tag.map(|t| t.split(['-', '_']).next().unwrap_or(t).to_lowercase());
        base.and_then(|b| self.languages.iter().find(|l| l.tag == b)).unwrap_or(&self.languages[0])
    }

    /// The English tables.
    pub fn en(&self) -> &Language {
        &self.languages[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_suffixes_agree_with_a_scan_of_the_lexicon() {
        let de = Grammar::builtin().language(Some("de"));
        let scan = |set: &Set<String>, min: usize, w: &str| {
            set.iter().any(|x| x.len() >= min && w.ends_with(x.as_str()))
        };
        for w in [
            "jahresbericht",
            "landesregierung",
            "polizeichef",
            "regierungssprecherin",
            "bericht",
            "xyzbericht",
            "fahrbahn",
            "bürgermeisterwahl",
            "",
            "ä",
            &"lang".repeat(30),
        ] {
            assert_eq!(de.compound_documents.ends(w), scan(&de.documents, 5, w), "{w}");
            assert_eq!(de.compound_groups.ends(w), scan(&de.groups, 5, w), "{w}");
            assert_eq!(de.compound_organizations.ends(w), scan(&de.organizations, 5, w), "{w}");
            let roles: Set<String> =
                de.roles.iter().filter(|(_, n)| **n).map(|(r, _)| r.clone()).collect();
            assert_eq!(de.compound_roles.ends(w), scan(&roles, 4, w), "{w}");
        }
        assert!(de.in_lexicon(Lexicon::Documents, "jahresbericht"));
        assert!(de.is_role_noun("polizeichef"));
        // English makes no compounds.
        assert!(!Grammar::builtin().en().in_lexicon(Lexicon::Documents, "xyzreport"));
        assert!(!Suffixes::default().ends("anything"));
    }

    #[test]
    fn every_builtin_language_parses_without_errors() {
        for files in &LANGUAGES {
            if let Err(errors) = Language::parse(files) {
                panic!("{}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"));
            }
        }
    }

    #[test]
    fn tables_are_sorted_and_without_duplicates() {
        for f in &LANGUAGES {
            for (name, src) in [
                ("cue_verbs.tsv", &*f.cue_verbs),
                ("cue_phrases.tsv", &*f.cue_phrases),
                ("auxiliaries.tsv", &*f.auxiliaries),
                ("pronouns.tsv", &*f.pronouns),
                ("titles.tsv", &*f.titles),
                ("roles.tsv", &*f.roles),
                ("groups.tsv", &*f.groups),
                ("organizations.tsv", &*f.organizations),
                ("documents.tsv", &*f.documents),
                ("places.tsv", &*f.places),
                ("function_words.tsv", &*f.function_words),
                ("abbreviations.tsv", &*f.abbreviations),
                ("reported_mood.tsv", &*f.reported_mood),
                ("hedges.tsv", &*f.hedges),
                ("statement_nouns.tsv", &*f.statement_nouns),
            ] {
                let rows =
                    table::read(src, name, 1..=usize::MAX).unwrap_or_else(|e| table::fail(&e));
                let keys: Vec<&str> = rows.iter().map(|r| r.fields[0]).collect();
                for w in keys.windows(2) {
                    assert!(
                        w[0] < w[1],
                        "grammar/{}/{name}: `{}` must come after `{}` (sort the file; duplicates are not allowed)",
                        f.tag,
                        w[0],
                        w[1]
                    );
                }
            }
        }
    }

    #[test]
    fn every_cue_form_is_unique() {
        let lang = Language::parse(&EN_FILES).unwrap();
        let mut seen = HashSet::new();
        for c in &lang.cues {
            assert!(seen.insert(c.words.join(" ")), "cue `{}` is listed twice", c.words.join(" "));
        }
    }

    #[test]
    fn non_reporting_phrases_load_with_class_none() {
        let lang = Language::parse(&EN_FILES).unwrap();
        let adding = &lang.cues_by_first["adding"];
        let first = &lang.cues[adding[0]];
        assert_eq!(first.words, ["adding", "to"]);
        assert_eq!(first.class, CueClass::NonReporting);
        assert!(adding.iter().any(|&i| lang.cues[i].class == CueClass::Speech));
        // No pattern takes the class, not even a bare CUE.
        for p in &lang.patterns {
            for e in &p.elements {
                if let ElemKind::Cue(classes) = &e.kind {
                    assert!(!classes.contains(&CueClass::NonReporting), "pattern {}", p.id);
                }
            }
        }
        let mut files = EN_FILES;
        files.cue_phrases = "# h\nturned out\tnone\tverb\n".into();
        let lang = Language::parse(&files).unwrap();
        assert_eq!(lang.cues.iter().filter(|c| c.class == CueClass::NonReporting).count(), 1);
    }

    #[test]
    fn longest_cue_is_indexed_first() {
        let lang = Language::parse(&EN_FILES).unwrap();
        let made = &lang.cues_by_first["made"];
        let lens: Vec<usize> = made.iter().map(|&i| lang.cues[i].words.len()).collect();
        assert!(lens.windows(2).all(|w| w[0] >= w[1]), "{lens:?}");
        assert!(made.iter().any(|&i| lang.cues[i].words == ["made", "it", "clear"]));
    }

    #[test]
    fn patterns_use_known_classes_and_elements() {
        let lang = Language::parse(&EN_FILES).unwrap();
        assert!(lang.patterns.len() >= 8);
        for p in &lang.patterns {
            for e in &p.elements {
                if let ElemKind::Literal(w) = &e.kind {
                    assert!(
                        w == "," || w == ":" || lang.function(w).is_some(),
                        "pattern {} uses literal `{w}` that no table knows",
                        p.id
                    );
                }
            }
        }
    }

    #[test]
    fn bad_class_is_reported_with_line() {
        let mut files = EN_FILES;
        files.cue_verbs = "# h\nsay\tspeech\tsay,said\nshout\tyelling\tshout\n".into();
        let errs = Language::parse(&files).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].to_string(),
            "en/cue_verbs.tsv:3: expected a cue class, found `yelling`"
        );
    }

    #[test]
    fn reading_settings_are_named_and_checked() {
        let en = Language::parse(&EN_FILES).unwrap();
        let de = Language::parse(&LANGUAGES[1]).unwrap();
        // English reads with the defaults; German sets every one the other way.
        assert_eq!(en.reading, ReadingSettings::default());
        let flags = |r: ReadingSettings| {
            [
                r.lower_sentence_openers,
                r.auxiliary_nouns,
                r.determiner_after_head,
                r.verb_before_determiner,
                r.given_names_from_nouns,
                r.statement_objects,
                r.capitalized_sources,
                r.described_speakers,
                r.described_names,
                r.prepositions_end_speakers,
                r.lowercase_modifiers,
            ]
        };
        let differ = flags(en.reading).iter().zip(flags(de.reading)).all(|(a, b)| *a != b);
        assert!(differ, "{:?}", de.reading);
        // One setting changed alone, and a bad value named with its line.
        let mut files = EN_FILES;
        files.settings = "described_names\tno\nlowercase_modifiers\tmaybe\n".into();
        let errs = Language::parse(&files).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].to_string(), "en/settings.tsv:2: expected yes or no, found `maybe`");
        files.settings = "described_names\tno\n".into();
        let one = Language::parse(&files).unwrap();
        assert_eq!(
            one.reading,
            ReadingSettings { described_names: false, ..ReadingSettings::default() }
        );
        files.settings = "capitalised_nouns\tyes\n".into();
        let errs = Language::parse(&files).unwrap_err();
        let msg = errs[0].to_string();
        assert!(msg.starts_with("en/settings.tsv:1: expected a setting"), "{msg}");
        assert!(msg.contains("`capitalized_sources`") && msg.contains("`compounds`"), "{msg}");
    }
}
