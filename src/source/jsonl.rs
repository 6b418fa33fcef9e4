//! JSON Lines reader: one article per non-empty line.
//!
//! Each line is an object with `id` (string or number) and `text` (string), both
//! required, and optional `title`, `authors` (a list of strings or one string),
//! `date`, `publisher`, `url` and `lang`; other fields are ignored and `null` counts
//! as absent. A line that cannot be used yields an [`Error::Record`](crate::error::Error::Record) with its 1-based
//! line number, and the other lines still yield articles. The whole `text` is the body
//! (records carry no header lines) and `plain` is `None`.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::model::{Article, ArticleMeta, Diagnostic, Level, Span};

use super::{decode, meta, record_error};

/// Read every non-empty line of `bytes` as one article.
pub(crate) fn read(bytes: &[u8], origin: &str) -> Vec<Result<Article>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, raw) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let base = start;
        start += raw.len();
        let (line, diagnostics) = decode(raw, base);
        if line.trim().is_empty() {
            continue;
        }
        out.push(record(&line, diagnostics).map_err(|m| record_error(origin, i + 1, m)));
    }
    out
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

/// A field that must be a string when present; `null` and `""` count as absent.
fn optional_string(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(v) => Err(format!("expected `{key}` to be a string, found {}", kind(v))),
    }
}

/// The authors: a list of strings, or one string taken as a one-element list.
fn authors(obj: &Map<String, Value>) -> Result<Vec<String>, String> {
    match obj.get("authors") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => {
            Ok(vec![s.trim().to_string()].into_iter().filter(|s| !s.is_empty()).collect())
        }
        Some(Value::Array(items)) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Value::String(s) => Ok(s.trim().to_string()),
                other => Err(format!("expected `authors` to hold strings, found {}", kind(other))),
            })
            .filter(|r| r.as_ref().is_ok_and(|s| !s.is_empty()) || r.is_err())
            .collect(),
        Some(v) => Err(format!("expected `authors` to be a list of strings, found {}", kind(v))),
    }
}

/// One record into an article; the error is the message for [`Error::Record`](crate::error::Error::Record).
fn record(line: &str, mut diagnostics: Vec<Diagnostic>) -> Result<Article, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        format!("expected a json object, found invalid json at column {}", e.column())
    })?;
    let Value::Object(obj) = value else {
        return Err(format!("expected a json object, found {}", kind(&value)));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => {
            return Err("expected an `id` field (string or number), found none".to_string());
        }
        Some(v) => {
            return Err(format!("expected `id` to be a string or number, found {}", kind(v)));
        }
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => {
            return Err("expected a `text` field (string), found none".to_string());
        }
        Some(v) => return Err(format!("expected `text` to be a string, found {}", kind(v))),
    };
    let date = match optional_string(&obj, "date")? {
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
        title: optional_string(&obj, "title")?,
        authors: authors(&obj)?,
        publisher: optional_string(&obj, "publisher")?,
        date,
        url: optional_string(&obj, "url")?,
        original: None,
        lang: optional_string(&obj, "lang")?,
    };
    let body = Span::new(0, text.len());
    Ok(Article { id, text, plain: None, body, meta, diagnostics })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn read_str(s: &str) -> Vec<Result<Article>> {
        read(s.as_bytes(), "in.jsonl")
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
                     {\"id\": \"x\"}\n[1]\n{\"id\": \"y\", \"text\": 5}\n{\"id\": 2, \"text\": \"ok too\"}\n";
        let out = read_str(input);
        assert_eq!(out.len(), 7);
        assert!(out[0].is_ok());
        assert!(out[6].is_ok());
        let msgs: Vec<String> =
            out.iter().filter_map(|r| r.as_ref().err()).map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            vec![
                "in.jsonl:2: expected a json object, found invalid json at column 2",
                "in.jsonl:3: expected an `id` field (string or number), found none",
                "in.jsonl:4: expected a `text` field (string), found none",
                "in.jsonl:5: expected a json object, found a list",
                "in.jsonl:6: expected `text` to be a string, found a number",
            ]
        );
        match &out[1] {
            Err(Error::Record { origin, line, .. }) => {
                assert_eq!(origin, "in.jsonl");
                assert_eq!(*line, 2);
            }
            other => panic!("expected a record error, found {other:?}"),
        }
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
            b.diagnostics[0].message.contains("first at byte 44"),
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
