//! Serialize-only wire structs of the JSON format, kept apart from the model so the
//! public schema stays stable while internal types change.

use serde::Serialize;

use crate::model::{Level, QuoteKind, SpeakerKind};

/// A sequence written from an iterator as it is serialized, never collected: the
/// quotations of a long article are not held twice.
pub(crate) struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I> Seq<I> {
    pub fn new(items: I) -> Self {
        Seq(std::cell::Cell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => s.collect_seq(items),
            None => Err(serde::ser::Error::custom("a sequence is written once")),
        }
    }
}

#[derive(Serialize)]
#[serde(bound(serialize = ""))]
pub(crate) struct Doc<'a, Q: Iterator<Item = QuoteOut<'a>>> {
    pub schema: &'static str,
    pub id: &'a str,
    pub key: String,
    pub article: Meta<'a>,
    pub speakers: Vec<SpeakerOut<'a>>,
    pub quotes: Seq<Q>,
    pub diagnostics: Vec<DiagOut<'a>>,
    /// The article text the offsets refer to, only with `with_text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct Meta<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub authors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<Original<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct Original<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct SpeakerOut<'a> {
    pub id: String,
    pub name: Option<&'a str>,
    pub role: Option<&'a str>,
    pub kind: SpeakerKind,
}

#[derive(Serialize)]
pub(crate) struct SpanOut<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
pub(crate) struct QuoteSpeaker<'a> {
    pub id: String,
    pub name: Option<&'a str>,
    pub role: Option<&'a str>,
    pub kind: SpeakerKind,
    pub mention: SpanOut<'a>,
}

#[derive(Serialize)]
pub(crate) struct QuoteOut<'a> {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
    pub kind: QuoteKind,
    pub verbatim: bool,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub fragments: Vec<SpanOut<'a>>,
    pub cue: Option<SpanOut<'a>>,
    pub speaker: Option<QuoteSpeaker<'a>>,
    pub confidence: f64,
    /// Present (true) only for an attitude rather than a statement.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stance: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct DiagOut<'a> {
    pub level: Level,
    pub message: &'a str,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

#[derive(Serialize)]
pub(crate) struct ErrorDoc<'a> {
    pub schema: &'static str,
    pub id: &'a str,
    pub error: ErrorOut<'a>,
}

#[derive(Serialize)]
pub(crate) struct ErrorOut<'a> {
    pub kind: &'a str,
    pub message: &'a str,
    pub path: &'a str,
    pub line: Option<usize>,
}
