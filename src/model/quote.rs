//! Quotations and their speakers: the result of attribution.

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
    /// Which grammar rule produced this quote and on what evidence (for `--explain`).
    pub rule: String,
    /// The attribution reports an attitude towards its content ("Graham endorsed Cruz")
    /// rather than a statement. Such attributions are extracted but never cited.
    pub stance: bool,
}
