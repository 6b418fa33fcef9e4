//! Quotations and their speakers: the result of attribution.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use super::Span;

/// Identifies a speaker within one analysis (`s1`, `s2`, … on output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpeakerId(pub u32);

/// Identifies a quotation within one analysis (`q1`, `q2`, … on output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuoteId(pub u32);

/// How the content is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The content lies entirely inside quotation marks.
    Direct,
    /// Reported content that contains quoted fragments.
    Mixed,
    /// Reported speech without quotation marks.
    Indirect,
}

/// What sort of source a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SpeakerKind {
    /// A named or pronominal person.
    Person,
    /// A group or unnamed sources ("analysts", "sources close to the issue").
    Group,
    /// An organisation, government, company or country ("the ministry", "NATO").
    Organization,
    /// A document ("the draft treaty", "the report").
    Document,
    /// Could not be told.
    Unknown,
}

/// One source that quotations are attributed to; one entry per real speaker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// Identifier, referred to by quotes.
    #[serde(skip)]
    pub id: SpeakerId,
    /// Fullest name known ("Dmitry Medvedev"), or the mention for groups and documents.
    pub name: Option<String>,
    /// Fullest role or title known ("President", "Russia's envoy to NATO").
    pub role: Option<String>,
    /// Person, group, organisation, document.
    pub kind: SpeakerKind,
}

/// The link from a quotation to its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    /// The speaker.
    pub speaker: SpeakerId,
    /// Where this quotation names its speaker (a name, a pronoun, a noun phrase).
    pub mention: Span,
}

/// A quotation or reported statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// Identifier.
    pub id: QuoteId,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// The content: inside the marks for a direct quote, the reported clause otherwise.
    pub span: Span,
    /// Verbatim pieces inside quotation marks, without the marks, in order.
    pub fragments: Vec<Span>,
    /// The reporting expression ("said", "according to"), when there is one.
    pub cue: Option<Span>,
    /// The speaker, when found.
    pub attribution: Option<Attribution>,
    /// How sure the tool is, 0.0 to 1.0.
    pub confidence: f32,
    /// Which mechanism produced this quote and on what evidence (text for `--explain`).
    pub rule: Rule,
    /// The attribution reports an attitude towards its content ("Graham endorsed Cruz")
    /// rather than a statement. Such attributions are extracted but never cited.
    pub stance: bool,
}

/// The mechanism of the engine that produced a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mechanism {
    /// A grammar pattern matched its sentence (`Rule::pattern` names it).
    Pattern,
    /// The second reporting verb of a pattern's sentence ("…, he said, and added …").
    SecondCue,
    /// The second reporting verb of a pattern's sentence, in a clause of its own with
    /// its own subject.
    SecondCueOfClause,
    /// A sentence that reports the sentence before it ("That is what she said.").
    BackReference,
    /// A sentence in the mood of reported speech after a sentence about its speaker.
    ReportedSentence,
    /// A sentence in the mood of reported speech continuing the statement before it.
    ReportedContinuation,
    /// The speaker of a reporting verb with an object, no content clause.
    ObjectStatement,
    /// A participle after a passive auxiliary, no speaker named.
    PassiveStatement,
    /// The participle of a reporting verb closing the main clause.
    PerfectStatement,
    /// A statement noun with a possessor ("Trump's claim that …").
    StatementNoun,
    /// A hedged statement without a speaker ("reportedly").
    Hedge,
    /// A quotation followed by its speaker and a reporting verb no pattern read.
    TrailingSpeaker,
    /// A quotation introduced by a colon, by the subject of the clause before.
    ColonQuote,
    /// A quotation no pattern claimed, introduced by words naming its speaker.
    FloatingIntroduced,
    /// A quotation no pattern claimed, by the subject of its sentence.
    FloatingSubject,
    /// A quotation no pattern claimed, by the speaker of the statement before.
    FloatingPrevious,
    /// A quotation no pattern claimed, by the subject of the sentence before.
    FloatingSentenceBefore,
    /// A quotation no pattern claimed, with no speaker.
    FloatingAlone,
}

/// How the words naming a speaker were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    /// A personal pronoun.
    Pronoun,
    /// A person's name.
    Name,
    /// The name of an organisation or a country.
    OrganisationName,
    /// A group ("analysts").
    Group,
    /// An organisation ("the ministry").
    Organisation,
    /// A document ("the report").
    Document,
    /// A person named by role ("the minister").
    RoleNoun,
    /// A noun phrase no table knows.
    NounPhrase,
}

impl Reading {
    fn describe(self) -> &'static str {
        match self {
            Reading::Pronoun => "pronoun",
            Reading::Name => "name",
            Reading::OrganisationName => "organisation name",
            Reading::Group => "group",
            Reading::Organisation => "organisation",
            Reading::Document => "document",
            Reading::RoleNoun => "role noun",
            Reading::NounPhrase => "noun phrase",
        }
    }
}

/// Which rule produced a quotation, and how it read its evidence: the quotation's cue and
/// the words that name its speaker (its attribution's mention). A value, made text only
/// by [`Quote::explain`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The grammar pattern's id, for the mechanisms of patterns.
    pub pattern: Option<Arc<str>>,
    /// How a pattern read the words naming the speaker.
    pub reading: Option<Reading>,
    /// How many quotations after it were joined to this one as its continuation.
    pub extended: u16,
    /// How many quotations this one continues, each the continuation of the one before.
    pub continues: u16,
    /// A verbatim part of a mixed quotation made by the rule.
    pub nested: bool,
}

impl Rule {
    /// A rule of `mechanism`.
    pub fn new(mechanism: Mechanism) -> Self {
        Rule { mechanism, pattern: None, reading: None, extended: 0, continues: 0, nested: false }
    }

    /// A rule of a grammar pattern.
    pub fn pattern(mechanism: Mechanism, id: Arc<str>) -> Self {
        Rule { pattern: Some(id), ..Rule::new(mechanism) }
    }

    /// With the reading of the words naming the speaker.
    #[must_use]
    pub fn read_as(mut self, reading: Reading) -> Self {
        self.reading = Some(reading);
        self
    }

    /// The rule as text, its evidence quoted from `text` (the article's plain text): the
    /// reporting word `cue`, the words `mention` naming the speaker, and `name`, the
    /// speaker's name.
    pub fn explain<'a>(
        &'a self,
        text: &'a str,
        cue: Option<Span>,
        mention: Option<Span>,
        name: Option<&'a str>,
    ) -> impl fmt::Display + 'a {
        Explained { rule: self, text, cue, mention, name }
    }
}

impl Quote {
    /// How the quotation was found, as text (`--explain`), its evidence quoted from
    /// `text`; `name` is its speaker's name.
    pub fn explain<'a>(&'a self, text: &'a str, name: Option<&'a str>) -> impl fmt::Display + 'a {
        self.rule.explain(text, self.cue, self.attribution.map(|a| a.mention), name)
    }
}

struct Explained<'a> {
    rule: &'a Rule,
    text: &'a str,
    cue: Option<Span>,
    mention: Option<Span>,
    name: Option<&'a str>,
}

impl fmt::Display for Explained<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.rule;
        if r.nested {
            f.write_str("nested-quotation: verbatim part of “")?;
        }
        for _ in 0..r.continues {
            f.write_str("continued quotation of “")?;
        }
        let words = |s: Option<Span>| s.map_or("", |s| s.slice(self.text));
        let cue = words(self.cue);
        let who = words(self.mention);
        let pattern = r.pattern.as_deref().unwrap_or("");
        match r.mechanism {
            Mechanism::Pattern => {
                write!(f, "{pattern}: cue “{cue}”")?;
                if let Some(reading) = r.reading {
                    write!(f, ", speaker “{who}” ({})", reading.describe())?;
                    if let Some(name) = self.name {
                        write!(f, " -> {name}")?;
                    }
                }
            }
            Mechanism::SecondCue => write!(f, "{pattern} + second cue")?,
            Mechanism::SecondCueOfClause => {
                write!(f, "{pattern} + second cue of the clause of “{who}”")?
            }
            Mechanism::BackReference => {
                write!(f, "back-reference: “{cue}” reports the previous sentence, speaker “{who}”")?
            }
            Mechanism::ReportedSentence => write!(
                f,
                "reported-speech sentence: mood of reported speech after a sentence about “{who}”"
            )?,
            Mechanism::ReportedContinuation => f.write_str(
                "reported-speech continuation: mood of reported speech after a statement",
            )?,
            Mechanism::ObjectStatement => {
                write!(f, "object-statement: speaker “{who}” of a verb with an object")?
            }
            Mechanism::PassiveStatement => f.write_str(
                "passive-statement: a participle after a passive auxiliary, no speaker named",
            )?,
            Mechanism::PerfectStatement => {
                write!(f, "perfect-statement: speaker “{who}” of a participle closing the clause")?
            }
            Mechanism::StatementNoun => {
                write!(f, "statement noun: “{cue}”, speaker “{who}” (possessor)")?
            }
            Mechanism::Hedge => write!(f, "hedge: “{cue}”, no speaker")?,
            Mechanism::TrailingSpeaker => write!(
                f,
                "trailing-speaker: “{who}” before the reporting verb after the quotation"
            )?,
            Mechanism::ColonQuote => {
                write!(f, "colon-quote: speaker “{who}” of the introducing clause")?
            }
            Mechanism::FloatingIntroduced => {
                f.write_str("floating-quote: introduced by “")?;
                one_line(f, who)?;
                f.write_str("”")?;
            }
            Mechanism::FloatingSubject => {
                f.write_str("floating-quote: subject “")?;
                one_line(f, who)?;
                f.write_str("” of its sentence")?;
            }
            Mechanism::FloatingPrevious => {
                f.write_str("floating-quote: speaker of the previous statement")?
            }
            Mechanism::FloatingSentenceBefore => {
                f.write_str("floating-quote: subject of the sentence before")?
            }
            Mechanism::FloatingAlone => f.write_str("floating-quote: no speaker found")?,
        }
        for _ in 0..r.extended {
            f.write_str(" + continued quotation")?;
        }
        for _ in 0..r.continues {
            f.write_str("”")?;
        }
        if r.nested {
            f.write_str("”")?;
        }
        Ok(())
    }
}

/// `words` with every whitespace character written as a space.
fn one_line(f: &mut fmt::Formatter<'_>, words: &str) -> fmt::Result {
    for (i, part) in words.split(char::is_whitespace).enumerate() {
        if i > 0 {
            f.write_str(" ")?;
        }
        f.write_str(part)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_explained_from_its_evidence() {
        let text = "“Soon,” said Ms Berg. “Later.”";
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            Some(Span::new(s, s + w.len()))
        };
        let (cue, who) = (at("said"), at("Ms Berg"));
        let rule =
            Rule::pattern(Mechanism::Pattern, "quote-cue-speaker".into()).read_as(Reading::Name);
        assert_eq!(
            rule.explain(text, cue, who, Some("Anna Berg")).to_string(),
            "quote-cue-speaker: cue “said”, speaker “Ms Berg” (name) -> Anna Berg"
        );
        assert_eq!(
            rule.explain(text, cue, who, None).to_string(),
            "quote-cue-speaker: cue “said”, speaker “Ms Berg” (name)"
        );
        // A pattern that read no speaker shows none, whoever the quotation is by.
        let bare = Rule::pattern(Mechanism::Pattern, "cue-content".into());
        assert_eq!(
            bare.explain(text, cue, who, Some("Anna Berg")).to_string(),
            "cue-content: cue “said”"
        );
        let continued = Rule { continues: 2, extended: 1, ..rule.clone() };
        assert_eq!(
            continued.explain(text, cue, who, None).to_string(),
            "continued quotation of “continued quotation of “quote-cue-speaker: cue “said”, \
             speaker “Ms Berg” (name) + continued quotation””"
        );
        let nested = Rule { nested: true, ..Rule::new(Mechanism::Hedge) };
        assert_eq!(
            nested.explain(text, cue, None, None).to_string(),
            "nested-quotation: verbatim part of “hedge: “said”, no speaker”"
        );
        let second = Rule::pattern(Mechanism::SecondCueOfClause, "p".into());
        assert_eq!(
            second.explain(text, cue, who, None).to_string(),
            "p + second cue of the clause of “Ms Berg”"
        );
    }

    #[test]
    fn words_taken_for_a_speaker_are_shown_on_one_line() {
        let text = "Anna\nBerg";
        let rule = Rule::new(Mechanism::FloatingIntroduced);
        assert_eq!(
            rule.explain(text, None, Some(Span::new(0, 9)), None).to_string(),
            "floating-quote: introduced by “Anna Berg”"
        );
    }
}
