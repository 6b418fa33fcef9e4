//! JSON and JSON Lines output: one object per article.
//!
//! ```text
//! {"schema": "quotecite/1", "id": "<JSON Lines id, else file stem>", "key": "<citation key>",
//!  "article": {"title", "authors": [..], "publisher", "date": "YYYY-MM-DD", "url",
//!              "original": {"publisher", "date"}, "lang"},
//!  "speakers": [{"id": "s1", "name", "role", "kind": "person|group|organization|document|unknown"}],
//!  "quotes": [{"id": "q1", "cite": "<quotation id>", "kind": "direct|mixed|indirect",
//!              "verbatim": true|false, "text", "start", "end",
//!              "fragments": [{"text", "start", "end"}],
//!              "cue": {"text", "start", "end"} | null,
//!              "speaker": {"id", "name", "role", "kind", "mention": {"text", "start", "end"}} | null,
//!              "confidence": 0.0-1.0, "rule": "<only with explain>"}],
//!  "diagnostics": [{"level", "message", "start", "end"}]}
//! ```
//! Strings escape every character of [`crate::safe::is_unsafe`] (C0 and C1 controls,
//! bidirectional and other format characters, line separators) as `\u` sequences, so a
//! record shown in a terminal or an editor shows them as text; parsed, they are the
//! article's own characters. Offsets are **character offsets** (Unicode scalar values) into the article text,
//! end exclusive: `text[start:end]` in Python is the `text` field. For a direct quote
//! the span is the content inside the marks; for mixed and indirect quotes it is the
//! reported clause; fragments are the verbatim pieces inside marks. Absent metadata is
//! omitted. `key` is the article's citation key and `cite` the quotation id that the
//! citation exporters use (`yu2009strategic`, `yu2009strategic-rogozin`; see
//! [`super::cite`] and [`super::keys`]): the same in every format of the same run.
//! `verbatim` says whether the citation formats show the quotation as the speaker's own
//! words (inside quotation marks: its `fragments` joined with " … ") or as reported
//! speech. With a minimum confidence, quotations below it and the speakers only they
//! refer to are left out. With `with_text` the record also holds the article `text` the
//! offsets refer to (for a web page, its extracted main text). A document that could not
//! be read is written as `{"schema": "quotecite/1", "id", "error": {"kind", "message",
//! "path", "line"}}`: `id` is the document's own id when it could be read, else
//! `path:line`; `line` is 1-based in the (decompressed) input, or `null` for whole files;
//! `kind` is one of `io`, `json`, `missing-field`, `field`, `empty`, `decode`,
//! `truncated`, `warc`, `http`, `internal`.

use std::io::{self, Write};

use super::wire::{
    DiagOut, Doc, ErrorDoc, ErrorOut, Meta, Original, QuoteOut, QuoteSpeaker, Seq, SpanOut,
    SpeakerOut,
};

use super::cite::{self, Record};
use crate::model::{Analysis, OffsetIndex, Span, SpeakerId};

/// The schema identifier written in every record.
pub const SCHEMA: &str = "quotecite/1";

/// JSON output options.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonOptions {
    /// Pretty-print (one object over several lines) instead of one line per article.
    pub pretty: bool,
    /// Add each quote's grammar rule and evidence as `rule`.
    pub explain: bool,
    /// Add the article text as `text`.
    pub with_text: bool,
    /// Leave out quotations attributed with less confidence than this.
    pub min_confidence: f32,
}

fn sid(id: SpeakerId) -> String {
    format!("s{}", id.0)
}

/// The JSON document of `a` under `key`; `cited` gives the citation id and verbatim flag
/// of each quotation its record cites, by quotation number, in text order.
fn doc<'a>(
    a: &'a Analysis,
    key: &str,
    cited: impl Iterator<Item = (u32, String, bool)> + 'a,
    idx: &'a OffsetIndex,
    opts: &'a JsonOptions,
) -> Doc<'a, impl Iterator<Item = QuoteOut<'a>>> {
    let mut cited = cited.peekable();
    let kept = |q: &&crate::model::Quote| q.confidence >= opts.min_confidence;
    let used: std::collections::HashSet<SpeakerId> =
        a.quotes.iter().filter(kept).filter_map(|q| q.attribution.map(|at| at.speaker)).collect();
    let text = a.article.text.as_str();
    let span = move |s: Span| SpanOut {
        text: s.slice(text),
        start: idx.char_offset(s.start),
        end: idx.char_offset(s.end),
    };
    let m = &a.article.meta;
    let speakers = a
        .speakers
        .iter()
        .filter(|s| opts.min_confidence <= 0.0 || used.contains(&s.id))
        .map(|s| SpeakerOut {
            id: sid(s.id),
            name: s.name.as_deref(),
            role: s.role.as_deref(),
            kind: s.kind,
        })
        .collect();
    let quotes = a.quotes.iter().filter(kept).map(move |q| {
        let sp = q.attribution.and_then(|at| {
            let s = a.speaker(at.speaker)?;
            Some(QuoteSpeaker {
                id: sid(s.id),
                name: s.name.as_deref(),
                role: s.role.as_deref(),
                kind: s.kind,
                mention: span(at.mention),
            })
        });
        let rule = opts.explain.then(|| {
            let name = sp.as_ref().and_then(|s| s.name);
            q.explain(a.article.plain(), name).to_string()
        });
        let c = span(q.span);
        // The cited quotations are some of the quotations, in the same order.
        let (cite, verbatim) = match cited.next_if(|c| c.0 == q.id.0) {
            Some((_, id, v)) => (Some(id), v),
            None => (None, q.kind == crate::model::QuoteKind::Direct),
        };
        QuoteOut {
            id: format!("q{}", q.id.0),
            cite,
            verbatim,
            kind: q.kind,
            text: c.text,
            start: c.start,
            end: c.end,
            fragments: q.fragments.iter().map(|&f| span(f)).collect(),
            cue: q.cue.map(span),
            speaker: sp,
            confidence: (f64::from(q.confidence) * 1000.0).round() / 1000.0,
            stance: q.stance,
            rule,
        }
    });
    let diagnostics = a
        .diagnostics
        .iter()
        .map(|d| DiagOut {
            level: d.level,
            message: &d.message,
            start: d.span.map(|s| idx.char_offset(s.start)),
            end: d.span.map(|s| idx.char_offset(s.end)),
        })
        .collect();
    Doc {
        schema: SCHEMA,
        id: &a.article.id,
        key: key.to_string(),
        article: Meta {
            title: m.title.as_deref(),
            authors: &m.authors,
            publisher: m.publisher.as_deref(),
            date: m.date.as_deref(),
            url: m.url.as_deref(),
            original: m
                .original
                .as_ref()
                .map(|o| Original { publisher: o.publisher.as_deref(), date: o.date.as_deref() }),
            lang: m.lang.as_deref(),
        },
        speakers,
        quotes: Seq::new(quotes),
        diagnostics,
        text: opts.with_text.then_some(text),
    }
}

/// One analysis as a JSON object followed by a newline, with the keys of `record` (the
/// analysis' own [`cite::record`]).
pub(crate) fn render(a: &Analysis, record: &Record, opts: &JsonOptions) -> Vec<u8> {
    let mut w = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_rendered(a, record, opts, &mut w);
    w
}

/// Write the JSON object of `a` with the keys and quotation ids of `record`, and a
/// newline, straight to `w`.
fn write_rendered(
    a: &Analysis,
    record: &Record,
    opts: &JsonOptions,
    w: impl Write,
) -> io::Result<()> {
    let cited = record.quotations.iter().map(|c| (c.quote, c.id.clone(), c.verbatim));
    write_doc(a, &record.key, cited, opts, w)
}

/// Write the JSON object of `a` under `key` ([`doc`]) and a newline to `w`.
fn write_doc<'a>(
    a: &'a Analysis,
    key: &str,
    cited: impl Iterator<Item = (u32, String, bool)> + 'a,
    opts: &'a JsonOptions,
    mut w: impl Write,
) -> io::Result<()> {
    let idx = OffsetIndex::new(&a.article.text);
    let d = doc(a, key, cited, &idx, opts);
    crate::safe::to_json_writer(&mut w, &d, opts.pretty)?;
    w.write_all(b"\n")
}

/// The options of the record whose quotation ids a JSON object carries.
fn ids_options(opts: &JsonOptions) -> cite::CiteOptions {
    cite::CiteOptions { min_confidence: opts.min_confidence, ids_only: true, ..Default::default() }
}

/// [`write_rendered`] for a record without quotations ([`cite::record_meta`]): the
/// cited quotations and their ids are made one at a time as they are written, so a long
/// article's are never all held.
pub(crate) fn write_streamed(
    a: &Analysis,
    record: &Record,
    opts: &JsonOptions,
    w: impl Write,
) -> io::Result<()> {
    let copts = ids_options(opts);
    let mut ids = cite::QuoteIds::new(&record.key);
    let cited = cite::cited(a, &copts).map(move |c| {
        let id = ids.next(c.speaker.as_deref());
        (c.quote, id, c.verbatim)
    });
    write_doc(a, &record.key, cited, opts, w)
}

/// The byte offsets where `key` starts in the `key` field and in every `cite` field of
/// rendered JSON. Inside a JSON string every `"` is escaped, so `"key":"` and `"cite":"`
/// (or `": "` pretty-printed) only ever match the fields themselves.
pub(crate) fn key_offsets(bytes: &[u8], key: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for field in ["\"key\":\"", "\"key\": \"", "\"cite\":\"", "\"cite\": \""] {
        let pat = [field.as_bytes(), key.as_bytes()].concat();
        out.extend(memchr::memmem::find_iter(bytes, &pat).map(|i| i + field.len()));
    }
    out.sort_unstable();
    out
}

/// Write one analysis as a JSON object followed by a newline. Its keys are the
/// article's own; the exporter's [`super::sink`] makes them unique in a run.
pub fn write(a: &Analysis, opts: &JsonOptions, w: impl Write) -> io::Result<()> {
    let record = cite::record(a, &ids_options(opts));
    write_rendered(a, &record, opts, w)
}

/// One analysis as a JSON string (with its final newline).
pub fn to_json_string(a: &Analysis, opts: &JsonOptions) -> String {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(a, opts, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// Write an error record for a document that could not be read.
pub fn write_error(err: &crate::Error, pretty: bool, mut w: impl Write) -> io::Result<()> {
    let message;
    let fallback;
    let (kind, path, line, id, message) = match err {
        crate::Error::Record { kind, origin, line, id, message } => {
            fallback = match line {
                Some(l) => format!("{origin}:{l}"),
                None => origin.clone(),
            };
            (
                kind.as_str(),
                origin.as_str(),
                *line,
                id.as_deref().unwrap_or(&fallback),
                message.as_str(),
            )
        }
        other => {
            message = other.to_string();
            ("io", "-", None, "-", message.as_str())
        }
    };
    let d = ErrorDoc { schema: SCHEMA, id, error: ErrorOut { kind, message, path, line } };
    crate::safe::to_json_writer(&mut w, &d, pretty)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;

    #[test]
    fn offsets_are_characters_and_slice_back() {
        let art = Article::from_text("a", "Élodie Roux said: “Ça va très bien, merci beaucoup.”");
        let an = crate::analyze(art, crate::grammar::Grammar::builtin());
        let out = to_json_string(&an, &JsonOptions::default());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["schema"], SCHEMA);
        let chars: Vec<char> = an.article.text.chars().collect();
        for q in v["quotes"].as_array().unwrap() {
            let (s, e) =
                (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
            let slice: String = chars[s..e].iter().collect();
            assert_eq!(slice, q["text"].as_str().unwrap());
        }
    }

    #[test]
    fn error_record_names_kind_path_and_line() {
        let mut buf = Vec::new();
        let e = crate::Error::record(
            crate::ErrorKind::Json,
            "in.jsonl",
            Some(3),
            "expected a JSON object",
        );
        write_error(&e, false, &mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["id"], "in.jsonl:3");
        assert_eq!(v["error"]["kind"], "json");
        assert_eq!(v["error"]["path"], "in.jsonl");
        assert_eq!(v["error"]["line"], 3);
        assert_eq!(v["error"]["message"], "expected a JSON object");
    }

    #[test]
    fn with_text_adds_the_article_text() {
        let art = Article::from_text("a", "“Yes,” she said.");
        let an = crate::analyze(art, crate::grammar::Grammar::builtin());
        let v: serde_json::Value = serde_json::from_str(&to_json_string(
            &an,
            &JsonOptions { with_text: true, ..JsonOptions::default() },
        ))
        .unwrap();
        assert_eq!(v["text"], "“Yes,” she said.");
        let v: serde_json::Value =
            serde_json::from_str(&to_json_string(&an, &JsonOptions::default())).unwrap();
        assert!(v.get("text").is_none());
    }
}
