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
    /// Named, without a reading of its own.
    Mention,
}

impl Reading {
    fn describe(self) -> Option<&'static str> {
        Some(match self {
            Reading::Pronoun => "pronoun",
            Reading::Name => "name",
            Reading::OrganisationName => "organisation name",
            Reading::Group => "group",
            Reading::Organisation => "organisation",
            Reading::Document => "document",
            Reading::RoleNoun => "role noun",
            Reading::NounPhrase => "noun phrase",
            Reading::Mention => return None,
        })
    }
}

/// Which rule produced a quotation, and the evidence it read: a value, made text only by
/// [`Rule::explain`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The grammar pattern's id, for [`Mechanism::Pattern`] and [`Mechanism::SecondCue`].
    pub pattern: Option<Arc<str>>,
    /// The reporting word the rule read (a cue, a statement noun, a hedge).
    pub cue: Option<Span>,
    /// The words the rule took for the speaker, and how it read them.
    pub speaker: Option<(Span, Reading)>,
    /// How many quotations after it were joined to this one as its continuation.
    pub extended: u16,
    /// How many quotations this one continues, each the continuation of the one before.
    pub continues: u16,
    /// A verbatim part of a mixed quotation made by the rule.
    pub nested: bool,
}

impl Rule {
    /// A rule of `mechanism` with no evidence yet.
    pub fn new(mechanism: Mechanism) -> Self {
        Rule {
            mechanism,
            pattern: None,
            cue: None,
            speaker: None,
            extended: 0,
            continues: 0,
            nested: false,
        }
    }

    /// With the reporting word read.
    #[must_use]
    pub fn cue(mut self, cue: Span) -> Self {
        self.cue = Some(cue);
        self
    }

    /// With the words taken for the speaker.
    #[must_use]
    pub fn speaker(mut self, mention: Span, reading: Reading) -> Self {
        self.speaker = Some((mention, reading));
        self
    }

    /// The rule as text, its evidence quoted from `text`, the article's plain text;
    /// `name` is the name of the quotation's speaker, when it has one.
    pub fn explain<'a>(&'a self, text: &'a str, name: Option<&'a str>) -> impl fmt::Display + 'a {
        Explained { rule: self, text, name }
    }
}

struct Explained<'a> {
    rule: &'a Rule,
    text: &'a str,
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
        let cue = words(r.cue);
        let who = words(r.speaker.map(|s| s.0));
        let pattern = r.pattern.as_deref().unwrap_or("");
        match r.mechanism {
            Mechanism::Pattern => {
                write!(f, "{pattern}: cue “{cue}”")?;
                if let Some((_, reading)) = r.speaker {
                    let how = reading.describe().unwrap_or("noun phrase");
                    write!(f, ", speaker “{who}” ({how})")?;
                    if let Some(name) = self.name {
                        write!(f, " -> {name}")?;
                    }
                }
            }
            Mechanism::SecondCue => match r.speaker {
                Some(_) => write!(f, "{pattern} + second cue of the clause of “{who}”")?,
                None => write!(f, "{pattern} + second cue")?,
            },
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
            Span::new(s, s + w.len())
        };
        let (cue, who) = (at("said"), at("Ms Berg"));
        let rule =
            Rule { pattern: Some("quote-cue-speaker".into()), ..Rule::new(Mechanism::Pattern) }
                .cue(cue)
                .speaker(who, Reading::Name);
        assert_eq!(
            rule.explain(text, Some("Anna Berg")).to_string(),
            "quote-cue-speaker: cue “said”, speaker “Ms Berg” (name) -> Anna Berg"
        );
        assert_eq!(
            rule.explain(text, None).to_string(),
            "quote-cue-speaker: cue “said”, speaker “Ms Berg” (name)"
        );
        let continued = Rule { continues: 2, extended: 1, ..rule.clone() };
        assert_eq!(
            continued.explain(text, None).to_string(),
            "continued quotation of “continued quotation of “quote-cue-speaker: cue “said”, \
             speaker “Ms Berg” (name) + continued quotation””"
        );
        let nested = Rule { nested: true, ..Rule::new(Mechanism::Hedge).cue(cue) };
        assert_eq!(
            nested.explain(text, None).to_string(),
            "nested-quotation: verbatim part of “hedge: “said”, no speaker”"
        );
    }

    #[test]
    fn words_taken_for_a_speaker_are_shown_on_one_line() {
        let text = "Anna\nBerg";
        let rule =
            Rule::new(Mechanism::FloatingIntroduced).speaker(Span::new(0, 9), Reading::Mention);
        assert_eq!(
            rule.explain(text, None).to_string(),
            "floating-quote: introduced by “Anna Berg”"
        );
    }
}
