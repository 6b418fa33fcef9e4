//! Readers: bytes -> [`Article`]s, the first step of the flow.
//!
//! Input is decoded as UTF-8; bad sequences are replaced by U+FFFD and reported as a
//! warning [`Diagnostic`], never as an error. A leading byte order mark is dropped, so
//! every span refers to `Article::text` as stored. Text and Markdown give one article
//! whose `text` is the input unchanged; Markdown also gets a `plain` copy of the same
//! byte length with markup masked by spaces (module `markdown`). Header metadata and the
//! body span are found by module `meta`. JSON Lines give one article per non-empty line
//! (module `jsonl`); a bad line is an [`Error::Record`] and the other lines still count.

mod jsonl;
mod markdown;
mod meta;
mod text;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::model::{Article, Diagnostic, Span};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// JSON Lines, one article per line.
    Jsonl,
}

impl Format {
    /// The format a file name suggests: `.md`/`.markdown` are Markdown, `.jsonl`/`.ndjson`
    /// are JSON Lines, anything else (including `-`) is text. Case is ignored.
    pub fn from_path(path: &str) -> Format {
        let ext = Path::new(path)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => Format::Text,
        }
    }
}

/// The error of parsing a [`Format`] name that is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected a format (text, markdown or jsonl), found `{}`", self.0)
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Accepts `text`/`txt`, `markdown`/`md` and `jsonl`/`ndjson`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Jsonl => "jsonl",
        })
    }
}

/// Read one input into articles: one for text and Markdown, one per line for JSON Lines.
///
/// `origin` is the path as given (`-` for standard input); it names the article
/// (its file stem, or `stdin`) and JSON Lines errors.
pub fn read(bytes: &[u8], format: Format, origin: &str) -> Vec<Result<Article>> {
    match format {
        Format::Jsonl => jsonl::read(bytes, origin),
        Format::Text | Format::Markdown => {
            let (text, diagnostics) = decode(bytes, 0);
            let id = id_from_origin(origin);
            let article = if format == Format::Markdown {
                markdown::read(id, text, diagnostics)
            } else {
                text::read(id, text, diagnostics)
            };
            vec![Ok(article)]
        }
    }
}

/// The article id for a file: its stem, or `stdin` for `-`.
fn id_from_origin(origin: &str) -> String {
    if origin == "-" {
        return "stdin".to_string();
    }
    Path::new(origin)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| origin.to_string())
}

/// Decode UTF-8 lossily and drop a leading byte order mark.
///
/// Bad sequences become U+FFFD and one warning names the byte offset of the first
/// (counted from `base`, the position of `bytes` in the whole input) and how many
/// were replaced. The warning's span covers the first U+FFFD in the returned text.
fn decode(bytes: &[u8], base: usize) -> (String, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let first = e.valid_up_to();
            let count = bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count();
            let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
            let at = first.saturating_sub(bom);
            let plural = if count == 1 { "sequence" } else { "sequences" };
            diagnostics.push(Diagnostic::warning(
                format!(
                    "expected utf-8, found {count} invalid byte {plural} (first at byte {}); \
                     replaced by U+FFFD",
                    base + first
                ),
                Some(Span::new(at, at + '\u{FFFD}'.len_utf8())),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    (text, diagnostics)
}

/// Build the error for one bad JSON Lines record.
fn record_error(origin: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Record { origin: origin.to_string(), line, message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    #[test]
    fn format_from_path_uses_extension() {
        assert_eq!(Format::from_path("a/b.md"), Format::Markdown);
        assert_eq!(Format::from_path("b.MARKDOWN"), Format::Markdown);
        assert_eq!(Format::from_path("x.jsonl"), Format::Jsonl);
        assert_eq!(Format::from_path("x.ndjson"), Format::Jsonl);
        assert_eq!(Format::from_path("x.txt"), Format::Text);
        assert_eq!(Format::from_path("-"), Format::Text);
        assert_eq!(Format::from_path("noext"), Format::Text);
    }

    #[test]
    fn format_from_str_accepts_names() {
        assert_eq!("text".parse::<Format>(), Ok(Format::Text));
        assert_eq!("txt".parse::<Format>(), Ok(Format::Text));
        assert_eq!("Markdown".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!("jsonl".parse::<Format>(), Ok(Format::Jsonl));
        let err = "html".parse::<Format>().unwrap_err();
        assert_eq!(err.to_string(), "expected a format (text, markdown or jsonl), found `html`");
        for f in [Format::Text, Format::Markdown, Format::Jsonl] {
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        }
    }

    #[test]
    fn id_is_file_stem_or_stdin() {
        assert_eq!(id_from_origin("-"), "stdin");
        assert_eq!(id_from_origin("dir/xinhua-security-treaty.md"), "xinhua-security-treaty");
        assert_eq!(id_from_origin("plain"), "plain");
    }

    #[test]
    fn lossy_utf8_is_a_warning_with_offset_and_count() {
        let bytes = b"ab\xFFcd\xC3\x28e\xFF";
        let out = read(bytes, Format::Text, "x.txt");
        assert_eq!(out.len(), 1);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.text, "ab\u{FFFD}cd\u{FFFD}(e\u{FFFD}");
        assert_eq!(a.diagnostics.len(), 1);
        let d = &a.diagnostics[0];
        assert_eq!(d.level, Level::Warning);
        assert!(d.message.contains("3 invalid byte sequences"), "{}", d.message);
        assert!(d.message.contains("first at byte 2"), "{}", d.message);
        assert_eq!(d.span.unwrap().slice(&a.text), "\u{FFFD}");
    }

    #[test]
    fn bom_is_dropped_and_spans_follow_stored_text() {
        let bytes = b"\xEF\xBB\xBFab\xFFc";
        let a = read(bytes, Format::Text, "-").remove(0).unwrap();
        assert_eq!(a.id, "stdin");
        assert_eq!(a.text, "ab\u{FFFD}c");
        let d = &a.diagnostics[0];
        assert!(d.message.contains("first at byte 5"), "{}", d.message);
        assert_eq!(d.span.unwrap().slice(&a.text), "\u{FFFD}");
    }

    #[test]
    fn valid_utf8_has_no_diagnostic() {
        let a = read("Grüße".as_bytes(), Format::Text, "g.txt").remove(0).unwrap();
        assert!(a.diagnostics.is_empty());
        assert_eq!(a.text, "Grüße");
    }

    /// The reference article, when the shared fixtures are there.
    fn reference() -> Option<Vec<u8>> {
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/xinhua-security-treaty.md");
        match std::fs::read(path) {
            Ok(b) => Some(b),
            Err(_) => {
                eprintln!("skipping: {path} not found");
                None
            }
        }
    }

    #[test]
    fn reference_article_end_to_end() {
        let Some(bytes) = reference() else { return };
        let origin = "fixtures/xinhua-security-treaty.md";
        let a = read(&bytes, Format::from_path(origin), origin).remove(0).unwrap();
        assert_eq!(a.id, "xinhua-security-treaty");
        assert_eq!(a.text.as_bytes(), &bytes[..]);
        assert!(a.diagnostics.is_empty());
        let plain = a.plain.as_deref().unwrap();
        assert_eq!(plain.len(), a.text.len());
        let m = &a.meta;
        assert_eq!(
            m.title.as_deref(),
            Some(
                "Strategic Considerations Behind Russian Proposal for New European Security Treaty"
            )
        );
        assert_eq!(m.authors, vec!["Yu Maofeng".to_string(), "Lu Jingli".to_string()]);
        assert_eq!(m.publisher.as_deref(), Some("Global Research"));
        assert_eq!(m.date.as_deref(), Some("2009-12-02"));
        let o = m.original.as_ref().unwrap();
        assert_eq!(o.publisher.as_deref(), Some("Xinhua News Agency"));
        assert_eq!(o.date.as_deref(), Some("2009-12-01"));
        assert_eq!(m.url, None);
        assert_eq!(m.lang, None);

        let body = a.body.slice(&a.text);
        assert!(body.starts_with("MOSCOW: Russia on Sunday"), "{}", &body[..40]);
        assert!(body.ends_with("before the treaty could finally be accepted."));
        let fair_use = a.text.find("\"fair use\"").unwrap();
        assert!(fair_use >= a.body.end);
        // Gold offsets of the first quotation lie inside the body.
        assert_eq!(Span::new(444, 448).slice(&a.text), "said");
        assert!(a.body.contains(Span::new(418, 570)));
    }
}
