//! JSON records: JSON Lines (one article per non-empty line, read as a stream) and
//! single JSON documents (one article object, or a list of them).
//!
//! Field names: besides our own (`id`, `text`, `title`, `authors`, `date`, `publisher`,
//! `url`, `lang`), those of common crawler and extractor exports are understood
//! without options, first match wins: news-please (`maintext`, `authors`,
//! `date_publish`, `source_domain`, `language`), trafilatura (`text`, `author` with
//! names separated by `;`, `date`, `sitename`, `hostname`), and records whose body is
//! HTML (`html`, `raw_html`, or a text field holding markup), which are read as pages
//! (module `html`). [`FieldNames`] replaces a list by one name (a dotted path reaches
//! into nested objects). `null` and `""` count as absent.
//!
//! The id is the record's own id, else its URL, else `origin:line`. A record that
//! cannot be used is an [`Error::Record`] with its 1-based line number; the other
//! lines still yield articles. The whole text is the body (records carry no header
//! lines) and `plain` is `None`.

use std::io::BufRead;
use std::sync::Arc;

use std::collections::HashMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Article, ArticleMeta, Diagnostic, Level, Span};

use super::{Document, Format, Hints, decode_owned, html, meta};

/// Field names that replace the built-in lists; `None` keeps the built-in list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldNames {
    /// The record's id.
    pub id: Option<String>,
    /// Its text (HTML markup in it is detected and extracted).
    pub text: Option<String>,
    /// Its HTML, read when there is no text.
    pub html: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The authors: a list of names, or one string.
    pub authors: Option<String>,
    /// The publication date.
    pub date: Option<String>,
    /// The outlet.
    pub publisher: Option<String>,
    /// The address.
    pub url: Option<String>,
    /// The language tag.
    pub lang: Option<String>,
}

/// The built-in field names, in the order they are tried.
#[rustfmt::skip]
mod builtin {
    pub const ID: &[&str] = &["id", "_id", "doc_id", "uuid"];
    pub const TEXT: &[&str] = &["text", "maintext", "body", "content", "article", "raw_text"];
    pub const HTML: &[&str] = &["html", "raw_html", "content_html", "body_html"];
    pub const TITLE: &[&str] = &["title", "headline", "title_page"];
    pub const AUTHORS: &[&str] = &["authors", "author", "byline"];
    pub const DATE: &[&str] = &["date", "date_publish", "published", "published_at", "datePublished", "pubdate"];
    pub const PUBLISHER: &[&str] = &["publisher", "sitename", "site_name", "source_domain", "hostname"];
    pub const URL: &[&str] = &["url", "link", "canonical_url"];
    pub const LANG: &[&str] = &["lang", "language", "inLanguage"];
}

/// The lines of a JSON Lines stream, each a [`Document`]; blank lines are skipped. A
/// read error ends the stream with one error record.
pub(crate) struct Lines {
    reader: Box<dyn BufRead + Send>,
    origin: Arc<str>,
    compressed: bool,
    line: usize,
    done: bool,
}

impl Lines {
    pub(crate) fn new(
        reader: Box<dyn BufRead + Send>,
        origin: Arc<str>,
        compressed: bool,
    ) -> Lines {
        Lines { reader, origin, compressed, line: 0, done: false }
    }
}

impl Iterator for Lines {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        while !self.done {
            let mut buf = Vec::new();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if buf.trim_ascii().is_empty() {
                        continue;
                    }
                    return Some(Ok(Document {
                        origin: self.origin.clone(),
                        line: Some(self.line),
                        format: Format::Jsonl,
                        bytes: buf,
                        hints: Hints::default(),
                    }));
                }
                Err(e) => {
                    self.done = true;
                    let kind = if self.compressed { ErrorKind::Truncated } else { ErrorKind::Io };
                    let message = format!(
                        "{}; {} line(s) read before it",
                        super::read_error_message(&e, self.compressed),
                        self.line
                    );
                    return Some(Err(Error::record(
                        kind,
                        &*self.origin,
                        Some(self.line + 1),
                        message,
                    )));
                }
            }
        }
        None
    }
}

/// The records of one JSON document: an object is one record, a list one per element.
pub(crate) fn json_document(bytes: &[u8], origin: &Arc<str>) -> Vec<Result<Document>> {
    let doc = |bytes: Vec<u8>, line| Document {
        origin: origin.clone(),
        line,
        format: Format::Json,
        bytes,
        hints: Hints::default(),
    };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => items
            .into_iter()
            .map(|v| Ok(doc(serde_json::to_vec(&v).unwrap_or_default(), None)))
            .collect(),
        Ok(_) => vec![Ok(doc(bytes.to_vec(), None))],
        Err(e) if bytes.trim_ascii().is_empty() => {
            let _ = e;
            vec![Err(Error::record(
                ErrorKind::Empty,
                &**origin,
                None,
                "expected a json document, found none",
            ))]
        }
        Err(e) => vec![Err(Error::record(
            ErrorKind::Json,
            &**origin,
            Some(e.line()),
            format!(
                "expected a json object or a list of objects, found invalid json at column {}",
                e.column()
            ),
        ))],
    }
}

/// A short name for the JSON type of a value, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The value at a field name, or a dotted path into nested objects.
fn lookup<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(v) = obj.get(name) {
        return Some(v);
    }
    let mut parts = name.split('.');
    let mut cur = obj.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

/// The first present (non-null, non-empty) field among the override or the built-ins:
/// its name and value.
fn field<'a>(
    obj: &'a Map<String, Value>,
    over: &'a Option<String>,
    builtin: &'static [&'static str],
) -> Option<(&'a str, &'a Value)> {
    let present = |v: &Value| match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    };
    match over {
        Some(name) => lookup(obj, name).filter(|v| present(v)).map(|v| (name.as_str(), v)),
        None => builtin.iter().find_map(|&n| obj.get(n).filter(|v| present(v)).map(|v| (n, v))),
    }
}

/// A field that must be a string when present.
fn string(
    obj: &Map<String, Value>,
    over: &Option<String>,
    builtin: &'static [&'static str],
) -> Result<Option<String>, (ErrorKind, String)> {
    match field(obj, over, builtin) {
        None => Ok(None),
        Some((_, Value::String(s))) => Ok(Some(s.trim().to_string())),
        Some((key, v)) => {
            Err((ErrorKind::Field, format!("expected `{key}` to be a string, found {}", kind(v))))
        }
    }
}

/// The authors: a list of strings (or of objects with a `name`), or one string, which
/// `;` separates into several names.
fn authors(
    obj: &Map<String, Value>,
    over: &Option<String>,
) -> Result<Vec<String>, (ErrorKind, String)> {
    let Some((key, v)) = field(obj, over, builtin::AUTHORS) else { return Ok(Vec::new()) };
    let one = |v: &Value| -> Result<Option<String>, (ErrorKind, String)> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Value::Object(o) => {
                Ok(o.get("name").and_then(Value::as_str).map(|s| s.trim().to_string()))
            }
            other => Err((
                ErrorKind::Field,
                format!("expected `{key}` to hold strings, found {}", kind(other)),
            )),
        }
    };
    match v {
        Value::String(s) => {
            Ok(s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
        }
        Value::Array(items) => items.iter().filter_map(|v| one(v).transpose()).collect(),
        Value::Object(_) => Ok(one(v)?.into_iter().collect()),
        v => Err((
            ErrorKind::Field,
            format!("expected `{key}` to be a list of strings, found {}", kind(v)),
        )),
    }
}

/// True when a text field holds HTML markup rather than text.
fn is_markup(s: &str) -> bool {
    let t = s.trim_start();
    if !t.starts_with('<') {
        return false;
    }
    // The first 4 KiB, cut at a character boundary.
    let mut n = t.len().min(4096);
    while !t.is_char_boundary(n) {
        n -= 1;
    }
    let lower = t[..n].to_ascii_lowercase();
    ["<p", "<div", "<html", "<body", "<article", "<br", "<span", "<h1", "<h2", "<!doctype"]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// Take the value at a field name or dotted path out of the record.
fn take(obj: &mut Map<String, Value>, name: &str) -> Value {
    if let Some(v) = obj.remove(name) {
        return v;
    }
    let mut parts: Vec<&str> = name.split('.').collect();
    let Some(last) = parts.pop() else { return Value::Null };
    let mut cur = obj;
    for p in parts {
        match cur.get_mut(p).and_then(Value::as_object_mut) {
            Some(next) => cur = next,
            None => return Value::Null,
        }
    }
    cur.remove(last).unwrap_or(Value::Null)
}

/// One JSON record into an article. The record's bytes are taken, and its text is
/// moved out of the parsed record, so a long article is not held three times.
pub(crate) fn record(
    bytes: Vec<u8>,
    fields: &FieldNames,
    origin: &str,
    line: Option<usize>,
) -> Result<Article> {
    let fail = |id: Option<String>, (kind, message): (ErrorKind, String)| Error::Record {
        kind,
        origin: origin.to_string(),
        line,
        id,
        message,
    };
    let (text, mut diagnostics) = decode_owned(bytes, 0);
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        let message =
            format!("expected a json object, found invalid json at column {}", e.column());
        fail(None, (ErrorKind::Json, message))
    })?;
    // The decoded line is kept only when it had invalid UTF-8, to place the warning.
    let line_text = if diagnostics.is_empty() {
        drop(text);
        None
    } else {
        Some(text)
    };
    let Value::Object(mut obj) = value else {
        return Err(fail(
            None,
            (ErrorKind::Json, format!("expected a json object, found {}", kind(&value))),
        ));
    };
    let url = string(&obj, &fields.url, builtin::URL).map_err(|e| fail(None, e))?;
    let own_id = match field(&obj, &fields.id, builtin::ID) {
        None => None,
        Some((_, Value::String(s))) => Some(s.trim().to_string()),
        Some((_, Value::Number(n))) => Some(n.to_string()),
        Some((key, v)) => {
            return Err(fail(
                None,
                (
                    ErrorKind::Field,
                    format!("expected `{key}` to be a string or number, found {}", kind(v)),
                ),
            ));
        }
    };
    let id = own_id.clone().or_else(|| url.clone()).unwrap_or_else(|| match line {
        Some(l) => format!("{origin}:{l}"),
        None => origin.to_string(),
    });
    let fail = |e| fail(Some(id.clone()), e);
    let not_string = |key: &str, v: &Value| {
        (ErrorKind::Field, format!("expected `{key}` to be a string, found {}", kind(v)))
    };
    let text_key = field(&obj, &fields.text, builtin::TEXT).map(|(k, _)| k.to_string());
    let html_key = field(&obj, &fields.html, builtin::HTML).map(|(k, _)| k.to_string());
    // A decoding warning's span is in the line: move it into the text field's value, or
    // drop it when the bad bytes lie elsewhere in the record.
    if let Some(line_text) = &line_text {
        let key = text_key.as_deref().or(html_key.as_deref());
        for d in &mut diagnostics {
            d.span = d.span.and_then(|s| key.and_then(|k| span_in_field(line_text, k, s.start)));
        }
    }
    drop(line_text);
    let body = match text_key {
        Some(key) => match take(&mut obj, &key) {
            Value::String(s) => Some(s),
            v => return Err(fail(not_string(&key, &v))),
        },
        None => None,
    };
    let (body, is_html) = match body {
        Some(b) => {
            let markup = is_markup(&b);
            (b, markup)
        }
        None => match html_key {
            Some(key) => match take(&mut obj, &key) {
                Value::String(s) => (s, true),
                v => return Err(fail(not_string(&key, &v))),
            },
            None => {
                let names = match &fields.text {
                    Some(n) => format!("`{n}`"),
                    None => builtin::TEXT
                        .iter()
                        .chain(builtin::HTML)
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let present = obj.keys().any(|k| {
                    builtin::TEXT.contains(&k.as_str()) || Some(k) == fields.text.as_ref()
                });
                let kind = if present { ErrorKind::Empty } else { ErrorKind::MissingField };
                let found = if present { "an empty one" } else { "none" };
                return Err(fail((
                    kind,
                    format!("expected a text field ({names}), found {found}"),
                )));
            }
        },
    };
    let date = match string(&obj, &fields.date, builtin::DATE).map_err(fail)? {
        None => None,
        Some(d) => {
            let normalized = meta::normalize_date(&d);
            if normalized.is_none() {
                diagnostics.push(Diagnostic {
                    level: Level::Info,
                    message: "expected `date` such as `2009-12-01` or `1 December 2009`, \
                              found an unknown form; date left out"
                        .to_string(),
                    span: None,
                });
            }
            normalized
        }
    };
    let meta = ArticleMeta {
        title: string(&obj, &fields.title, builtin::TITLE).map_err(fail)?,
        authors: authors(&obj, &fields.authors).map_err(fail)?,
        publisher: string(&obj, &fields.publisher, builtin::PUBLISHER).map_err(fail)?,
        date,
        url,
        original: None,
        lang: string(&obj, &fields.lang, builtin::LANG).map_err(fail)?,
    };
    if is_html {
        let hints = Hints { id: Some(id.clone()), url: meta.url.clone(), ..Hints::default() };
        let mut article =
            html::read(id.clone(), &body, &hints, diagnostics).map_err(|(k, m)| fail((k, m)))?;
        let page = std::mem::take(&mut article.meta);
        article.meta = merge(meta, page);
        return Ok(article);
    }
    let body_span = Span::new(0, body.len());
    Ok(Article { id, text: body, plain: None, body: body_span, meta, diagnostics })
}

/// The raw JSON value at a field name or dotted path of a record, as [`take`] finds it
/// (a later duplicate key wins, as in the parsed record).
fn raw_field<'a>(line: &'a str, name: &str) -> Option<&'a RawValue> {
    let object = |s: &'a str| serde_json::from_str::<HashMap<String, &'a RawValue>>(s).ok();
    let top = object(line)?;
    if let Some(v) = top.get(name) {
        return Some(v);
    }
    let mut parts = name.split('.');
    let mut cur = *top.get(parts.next()?)?;
    for p in parts {
        cur = *object(cur.get())?.get(p)?;
    }
    Some(cur)
}

/// Where the character at byte `at` of a record's line lands in the string value of
/// field `name` once unescaped: a span of the one character there, or `None` when `at`
/// lies outside that value.
fn span_in_field(line: &str, name: &str, at: usize) -> Option<Span> {
    let raw = raw_field(line, name)?.get();
    // `raw` is a slice of `line`: its place is the distance between their starts.
    let start = (raw.as_ptr() as usize).checked_sub(line.as_ptr() as usize)?;
    if !raw.starts_with('"') || at <= start || at >= start + raw.len() {
        return None;
    }
    let target = at - start;
    let mut out = 0usize;
    let mut i = 1;
    let bytes = raw.as_bytes();
    while i < target {
        if bytes[i] == b'\\' {
            let (consumed, produced) = match bytes.get(i + 1) {
                Some(b'u') => {
                    let unit =
                        |j: usize| raw.get(j..j + 4).and_then(|h| u16::from_str_radix(h, 16).ok());
                    let hi = unit(i + 2)?;
                    if (0xD800..0xDC00).contains(&hi) && raw.get(i + 6..i + 8) == Some("\\u") {
                        (12, 4)
                    } else {
                        (6, char::from_u32(u32::from(hi)).map_or(3, char::len_utf8))
                    }
                }
                Some(_) => (2, 1),
                None => return None,
            };
            i += consumed;
            out += produced;
        } else {
            let c = raw[i..].chars().next()?;
            i += c.len_utf8();
            out += c.len_utf8();
        }
    }
    (i == target).then(|| Span::new(out, out + '\u{FFFD}'.len_utf8()))
}

/// The record's metadata, completed by what the page says.
fn merge(mut record: ArticleMeta, page: ArticleMeta) -> ArticleMeta {
    record.title = record.title.or(page.title);
    if record.authors.is_empty() {
        record.authors = page.authors;
    }
    record.publisher = record.publisher.or(page.publisher);
    record.date = record.date.or(page.date);
    record.url = record.url.or(page.url);
    record.original = record.original.or(page.original);
    record.lang = record.lang.or(page.lang);
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn read(bytes: &[u8], origin: &str) -> Vec<Result<Article>> {
        super::super::read(bytes, Format::Jsonl, origin)
    }

    fn read_str(s: &str) -> Vec<Result<Article>> {
        read(s.as_bytes(), "in.jsonl")
    }

    fn with_fields(line: &str, fields: &FieldNames) -> Result<Article> {
        record(line.as_bytes().to_vec(), fields, "in.jsonl", Some(1))
    }

    #[test]
    fn good_lines_become_articles() {
        let input = concat!(
            r#"{"id": "a1", "text": "He said \"yes\".", "title": "T", "authors": ["Ann Lee", "Bo Li"], "date": "December 02, 2009", "publisher": "P", "url": "http://x", "lang": "en", "extra": 1}"#,
            "\n\n",
            r#"{"id": 7, "text": "Zweiter Text.", "authors": "Jan Ott", "date": "2005-08-05"}"#,
            "\r\n",
        );
        let out = read_str(input);
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.text, "He said \"yes\".");
        assert_eq!(a.body, Span::new(0, a.text.len()));
        assert_eq!(a.plain, None);
        assert_eq!(a.meta.title.as_deref(), Some("T"));
        assert_eq!(a.meta.authors, vec!["Ann Lee".to_string(), "Bo Li".to_string()]);
        assert_eq!(a.meta.date.as_deref(), Some("2009-12-02"));
        assert_eq!(a.meta.publisher.as_deref(), Some("P"));
        assert_eq!(a.meta.url.as_deref(), Some("http://x"));
        assert_eq!(a.meta.lang.as_deref(), Some("en"));
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.id, "7");
        assert_eq!(b.meta.authors, vec!["Jan Ott".to_string()]);
        assert_eq!(b.meta.date.as_deref(), Some("2005-08-05"));
    }

    #[test]
    fn bad_lines_are_record_errors_and_others_still_read() {
        let input = "{\"id\": 1, \"text\": \"ok\"}\n{not json\n{\"text\": \"no id\"}\n\
                     {\"id\": \"x\"}\n[1]\n{\"id\": \"y\", \"text\": 5}\n{\"id\": 2, \"text\": \"ok too\"}\n\
                     {\"id\": \"e\", \"text\": \"  \"}\n";
        let out = read_str(input);
        assert_eq!(out.len(), 8);
        assert!(out[0].is_ok());
        assert!(out[6].is_ok());
        // Without an id, the place names the record.
        assert_eq!(out[2].as_ref().unwrap().id, "in.jsonl:3");
        let errs: Vec<(ErrorKind, String)> = out
            .iter()
            .filter_map(|r| match r {
                Err(Error::Record { kind, .. }) => {
                    Some((*kind, r.as_ref().unwrap_err().to_string()))
                }
                _ => None,
            })
            .collect();
        let text_names = "`text`, `maintext`, `body`, `content`, `article`, `raw_text`, `html`, `raw_html`, `content_html`, `body_html`";
        assert_eq!(
            errs,
            vec![
                (
                    ErrorKind::Json,
                    "in.jsonl:2: expected a json object, found invalid json at column 2"
                        .to_string()
                ),
                (
                    ErrorKind::MissingField,
                    format!("in.jsonl:4: expected a text field ({text_names}), found none")
                ),
                (ErrorKind::Json, "in.jsonl:5: expected a json object, found a list".to_string()),
                (
                    ErrorKind::Field,
                    "in.jsonl:6: expected `text` to be a string, found a number".to_string()
                ),
                (
                    ErrorKind::Empty,
                    format!("in.jsonl:8: expected a text field ({text_names}), found an empty one")
                ),
            ]
        );
        match &out[3] {
            Err(Error::Record { origin, line, id, .. }) => {
                assert_eq!(origin, "in.jsonl");
                assert_eq!(*line, Some(4));
                assert_eq!(id.as_deref(), Some("x"), "the record's own id is kept");
            }
            other => panic!("expected a record error, found {other:?}"),
        }
    }

    #[test]
    fn crawler_field_names_are_understood() {
        let np = r#"{"maintext": "Body of it.", "title": "T", "authors": ["A B"], "date_publish": "2019-11-20 05:27:00", "url": "https://n.example/a", "source_domain": "n.example", "language": "en"}"#;
        let a = with_fields(np, &FieldNames::default()).unwrap();
        assert_eq!(a.id, "https://n.example/a", "no id: the url");
        assert_eq!(a.text, "Body of it.");
        assert_eq!(a.meta.date.as_deref(), Some("2019-11-20"));
        assert_eq!(a.meta.publisher.as_deref(), Some("n.example"));
        assert_eq!(a.meta.lang.as_deref(), Some("en"));
        let tr = r#"{"text": "Words.", "title": "T", "author": "Ann Lee; Bo Li", "date": "2020-01-02", "sitename": "Site", "hostname": "h.example", "url": "u", "id": "t1"}"#;
        let a = with_fields(tr, &FieldNames::default()).unwrap();
        assert_eq!(a.id, "t1");
        assert_eq!(a.meta.authors, vec!["Ann Lee".to_string(), "Bo Li".to_string()]);
        assert_eq!(a.meta.publisher.as_deref(), Some("Site"));
    }

    #[test]
    fn html_bodies_are_extracted() {
        let page = "<html><head><title>Page T</title></head><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav><article><p>The mayor opened the new bridge on Monday, and traffic began to flow across it within the hour.</p><p>\\\"It is a good day,\\\" the mayor said at the ceremony by the river.</p></article></body></html>";
        for key in ["html", "raw_html", "content"] {
            let line = format!(r#"{{"id": "h", "{key}": "{page}"}}"#);
            let a =
                with_fields(&line, &FieldNames::default()).unwrap_or_else(|e| panic!("{key}: {e}"));
            assert!(a.text.starts_with("The mayor opened"), "{key}: {}", a.text);
            assert!(!a.text.contains("Home"), "{key}: {}", a.text);
            assert_eq!(a.meta.title.as_deref(), Some("Page T"));
        }
    }

    #[test]
    fn field_overrides_replace_the_builtin_names() {
        let fields = FieldNames {
            text: Some("story.body".into()),
            id: Some("uid".into()),
            ..FieldNames::default()
        };
        let line =
            r#"{"uid": "u9", "id": "ignored", "text": "not this", "story": {"body": "This one."}}"#;
        let a = with_fields(line, &fields).unwrap();
        assert_eq!((a.id.as_str(), a.text.as_str()), ("u9", "This one."));
        let e = with_fields(r#"{"uid": 1, "text": "x"}"#, &fields).unwrap_err();
        assert!(e.to_string().contains("`story.body`"), "{e}");
    }

    #[test]
    fn json_documents_hold_one_or_many_records() {
        let one = "{\n  \"id\": \"p\",\n  \"maintext\": \"Pretty.\"\n}\n";
        let out = super::super::read(one.as_bytes(), Format::Json, "a.json");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap().text, "Pretty.");
        let many = r#"[{"id": 1, "text": "A."}, {"id": 2, "text": "B."}]"#;
        let out = super::super::read(many.as_bytes(), Format::Json, "b.json");
        assert_eq!(out.len(), 2);
        let bad = super::super::read(b"{\"id\": ", Format::Json, "c.json");
        assert!(matches!(&bad[0], Err(Error::Record { kind: ErrorKind::Json, .. })));
    }

    #[test]
    fn unknown_date_is_left_out_with_info() {
        let out = read_str(r#"{"id": "a", "text": "t", "date": "last Tuesday"}"#);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.meta.date, None);
        assert_eq!(a.diagnostics.len(), 1);
        assert_eq!(a.diagnostics[0].level, Level::Info);
    }

    #[test]
    fn bad_utf8_in_a_line_is_a_warning() {
        let mut bytes = b"{\"id\": 1, \"text\": \"ok\"}\n".to_vec();
        bytes.extend_from_slice(b"{\"id\": 2, \"text\": \"a\xFFb\"}\n");
        let out = read(&bytes, "-");
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.text, "a\u{FFFD}b");
        assert_eq!(b.diagnostics.len(), 1);
        assert!(
            b.diagnostics[0].message.contains("first at byte 20"),
            "{}",
            b.diagnostics[0].message
        );
    }

    /// The first line of a shared evaluation file, when it is there.
    fn first_line(name: &str) -> Option<String> {
        let path = format!("{}/../shared/eval/{name}", env!("CARGO_MANIFEST_DIR"));
        match std::fs::read_to_string(&path) {
            Ok(s) => s.lines().next().map(str::to_string),
            Err(_) => {
                eprintln!("skipping: {path} not found");
                None
            }
        }
    }

    #[test]
    fn eval_files_first_lines_parse() {
        for name in ["polnear-dev.jsonl", "german-news-quotes-dev.jsonl"] {
            let Some(line) = first_line(name) else { continue };
            let out = read(line.as_bytes(), name);
            assert_eq!(out.len(), 1);
            let a = out[0].as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!a.id.is_empty());
            assert!(!a.text.is_empty());
            assert!(a.meta.lang.is_some(), "{name}");
            assert_eq!(a.body, Span::new(0, a.text.len()));
        }
    }
}
