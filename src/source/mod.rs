//! Readers: bytes -> [`Article`]s, the first step of the flow.
//!
//! Two steps, so that a collection streams: [`open`] splits an input stream into raw
//! [`Document`]s (a whole file, one JSON Lines line, one web-archive response) without
//! parsing them, and [`Document::read`] turns one of them into an [`Article`] (decoding,
//! HTML extraction, JSON parsing), which the batch runner does on its workers. [`read`]
//! does both for bytes held in memory.
//!
//! The format comes from the extension when it is unambiguous (`.md`, `.html`, `.jsonl`,
//! `.warc`) and from the content otherwise (`.txt`, `.json`, no extension, standard
//! input): see [`Format::sniff`]. Gzip and Zstandard streams are recognised by their
//! magic bytes and decompressed as they are read (module `compress`).
//!
//! Text is decoded as UTF-8; bad sequences are replaced by U+FFFD and reported as a
//! warning [`Diagnostic`], never as an error. Every diagnostic's span refers to the
//! article's text, whichever reader made it: a decoding warning points at the first
//! replacement character in the text (for a JSON record, inside its text field once
//! unescaped; for a page or an archive record, in the extracted text), and has no span
//! when the bad bytes lay outside the text; a front matter warning points at its line. A leading byte order mark is dropped, so
//! every span refers to `Article::text` as stored. Text and Markdown give one article
//! whose `text` is the input unchanged; Markdown also gets a `plain` copy of the same
//! byte length with markup masked by spaces (module `markdown`). Header metadata and the
//! body span are found by module `meta`. HTML pages give their extracted main text
//! (module `html`). JSON Lines give one article per non-empty line (module `jsonl`);
//! web archives one per HTML response (module `warc`). A document that cannot be used
//! is an [`Error::Record`] naming its place, and the other documents still count.

mod compress;
#[cfg(feature = "http")]
pub mod fetch;
mod html;
mod jsonl;
mod markdown;
mod meta;
mod text;
mod warc;

use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Article, Diagnostic, Span};

pub use compress::Compression;
pub use jsonl::FieldNames;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// An HTML page.
    Html,
    /// JSON Lines, one article per line.
    Jsonl,
    /// One JSON document: an article object, or a list of them.
    Json,
    /// A web archive (WARC 1.0 or 1.1).
    Warc,
}

impl Format {
    /// The format a file name suggests: `.md`/`.markdown` are Markdown, `.jsonl`/`.ndjson`
    /// are JSON Lines, `.html`/`.htm`/`.xhtml` HTML, `.warc` a web archive, `.json` JSON,
    /// anything else (including `-`) is text. Case is ignored; a `.gz` or `.zst` ending is
    /// looked through.
    pub fn from_path(path: &str) -> Format {
        Format::from_extension(path).unwrap_or(match extension(path).as_str() {
            "json" => Format::Json,
            _ => Format::Text,
        })
    }

    /// The format of a file name when its extension leaves no doubt; `None` for `.txt`,
    /// `.json` and unknown or missing extensions, whose content decides ([`Format::sniff`]).
    pub fn from_extension(path: &str) -> Option<Format> {
        match extension(path).as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }

    /// The format of content from its first bytes (a few kilobytes are enough): a WARC
    /// version line, an HTML document, a JSON object per line or one JSON document, text
    /// with Markdown markup, else plain text.
    pub fn sniff(prefix: &[u8]) -> Format {
        let start = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
        let trimmed = start.trim_ascii_start();
        if trimmed.starts_with(b"WARC/1.") {
            return Format::Warc;
        }
        if looks_like_html(trimmed) {
            return Format::Html;
        }
        match trimmed.first() {
            Some(b'{') => {
                // One object per line, or one object over many lines.
                let Some(nl) = memchr::memchr(b'\n', trimmed) else { return Format::Jsonl };
                let first = &trimmed[..nl];
                match serde_json::from_slice::<serde_json::Value>(first) {
                    Ok(serde_json::Value::Object(_)) => Format::Jsonl,
                    _ => Format::Json,
                }
            }
            Some(b'[') => Format::Json,
            _ if looks_like_markdown(&String::from_utf8_lossy(start)) => Format::Markdown,
            _ => Format::Text,
        }
    }

    /// True for the formats whose input is one document.
    fn is_whole(self) -> bool {
        matches!(self, Format::Text | Format::Markdown | Format::Html)
    }
}

/// The lowercase extension of a file name, looking through a compression ending.
fn extension(path: &str) -> String {
    let inner = compress::strip_extension(path);
    Path::new(inner)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// An HTML document: a doctype or an `<html>`, `<head>` or `<body>` tag near the top.
fn looks_like_html(start: &[u8]) -> bool {
    let head = &start[..start.len().min(2048)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<")
            && [&b"<html"[..], b"<head", b"<body"]
                .iter()
                .any(|t| memchr::memmem::find(&lower, t).is_some()))
}

/// Text with Markdown markup: at least two signs among ATX headings, inline links,
/// strong emphasis and code fences.
fn looks_like_markdown(text: &str) -> bool {
    let mut signs = 0;
    for line in text.lines() {
        let l = line.trim_start();
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') {
            signs += 1;
        }
        if l.starts_with("```") {
            signs += 1;
        }
        signs += l.matches("](").filter(|_| l.contains('[')).count();
        signs += l.matches("**").count() / 2;
        if signs >= 2 {
            return true;
        }
    }
    false
}

/// The error of parsing a [`Format`] name that is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a format (text, markdown, html, jsonl, json or warc), found `{}`",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Accepts `text`/`txt`, `markdown`/`md`, `html`, `jsonl`/`ndjson`, `json` and
    /// `warc`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "json" => Ok(Format::Json),
            "warc" => Ok(Format::Warc),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Warc => "warc",
        })
    }
}

/// How documents are read: field names of JSON records, a fixed language.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Field names that replace the built-in ones for JSON records.
    pub fields: FieldNames,
    /// A language tag given to every article, instead of its own or a detected one.
    pub lang: Option<String>,
}

/// Counts kept while inputs are split into documents.
#[derive(Debug, Default)]
pub struct ReadStats {
    /// Web-archive records that are not HTML responses (requests, metadata, images …).
    pub skipped_records: AtomicUsize,
}

impl ReadStats {
    /// Web-archive records skipped so far.
    pub fn skipped_records(&self) -> usize {
        self.skipped_records.load(Ordering::Relaxed)
    }
}

/// What a reader knows about a document besides its bytes (from a web archive's or an
/// HTTP response's headers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// The document's own id (a WARC record id).
    pub id: Option<String>,
    /// Its address; wins over the address the page gives.
    pub url: Option<String>,
    /// A date to use when the document gives none (`WARC-Date`).
    pub date: Option<String>,
    /// The charset its transport declared.
    pub charset: Option<String>,
}

/// One raw input document: its bytes and where they came from, not yet parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file or URL it came from (`-` for standard input).
    pub origin: Arc<str>,
    /// 1-based line in the (decompressed) input, for documents that are lines or
    /// records of a larger input.
    pub line: Option<usize>,
    /// How to read the bytes: text, Markdown, HTML, or one JSON record (`Jsonl`).
    pub format: Format,
    /// The raw bytes.
    pub bytes: Vec<u8>,
    /// What the container said about it.
    pub hints: Hints,
}

impl Document {
    /// A whole document.
    pub fn new(origin: &str, format: Format, bytes: Vec<u8>) -> Document {
        Document { origin: origin.into(), line: None, format, bytes, hints: Hints::default() }
    }

    /// Parse the document into an article.
    pub fn read(self, opts: &ReadOptions) -> Result<Article> {
        let Document { origin, line, format, bytes, hints } = self;
        let fail = |kind, message: String| Error::record(kind, &*origin, line, message);
        let mut article = match format {
            Format::Jsonl | Format::Json => jsonl::record(bytes, &opts.fields, &origin, line)?,
            Format::Html => {
                if bytes.trim_ascii().is_empty() {
                    return Err(fail(ErrorKind::Empty, "expected a page, found no content".into()));
                }
                let (html, diagnostics) = html::decode(bytes, hints.charset.as_deref());
                let id = hints.id.clone().or_else(|| hints.url.clone());
                let id = id.unwrap_or_else(|| id_from_origin(&origin));
                html::read(id, &html, &hints, diagnostics).map_err(|m| fail(m.0, m.1))?
            }
            Format::Text | Format::Markdown | Format::Warc => {
                if let Some(at) = binary_at(&bytes) {
                    return Err(fail(
                        ErrorKind::Decode,
                        format!("expected text, found binary data (a NUL byte at byte {at})"),
                    ));
                }
                let (text, diagnostics) = decode_owned(bytes, 0);
                if text.trim().is_empty() {
                    return Err(fail(ErrorKind::Empty, "expected text, found none".into()));
                }
                let id = hints.id.clone().unwrap_or_else(|| id_from_origin(&origin));
                let mut article = if format == Format::Markdown {
                    markdown::read(id, text, diagnostics)
                } else {
                    text::read(id, text, diagnostics)
                };
                if hints.url.is_some() {
                    article.meta.url = hints.url;
                }
                article
            }
        };
        if let Some(tag) = &opts.lang {
            article.meta.lang = Some(tag.clone());
        }
        Ok(article)
    }

    /// The size used to bound how much is in flight at once.
    pub fn weight(&self) -> usize {
        self.bytes.len()
    }
}

/// Where the first NUL byte of the first 8 KiB lies: binary data, not text.
fn binary_at(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return None;
    }
    memchr::memchr(0, head)
}

/// The documents of one input stream, read lazily; see [`open`].
pub struct Documents {
    inner: Inner,
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Documents").finish_non_exhaustive()
    }
}

enum Inner {
    /// Ready items (a whole document, a JSON document's records, an error).
    Ready(std::vec::IntoIter<Result<Document>>),
    Lines(jsonl::Lines),
    Warc(warc::Records),
}

impl Iterator for Documents {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Ready(items) => items.next(),
            Inner::Lines(lines) => lines.next(),
            Inner::Warc(records) => records.next(),
        }
    }
}

/// How [`open`] reads one input.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The format, instead of the one the name and content suggest.
    pub format: Option<Format>,
    /// The input's size in bytes when known (a file's length), to read whole
    /// documents without over-allocating.
    pub size_hint: Option<u64>,
    /// Counts shared by every input of a run.
    pub stats: Arc<ReadStats>,
}

/// Split one input stream into documents, lazily. `origin` is its name as given (`-` for
/// standard input); its extension and the content's first bytes tell compression and
/// format. A stream that fails or ends early yields an error after the documents read
/// before it.
pub fn open(reader: Box<dyn Read + Send>, origin: &str, opts: &OpenOptions) -> Documents {
    let ready = |items: Vec<Result<Document>>| Documents { inner: Inner::Ready(items.into_iter()) };
    let mut reader = reader;
    let io_error = |e: io::Error, compressed: bool| {
        let kind = if compressed { ErrorKind::Truncated } else { ErrorKind::Io };
        Error::record(kind, origin, None, read_error_message(&e, compressed))
    };
    let magic = match read_prefix(&mut reader, 4) {
        Ok(m) => m,
        Err(e) => return ready(vec![Err(io_error(e, false))]),
    };
    let compression = Compression::sniff(&magic);
    let compressed = compression != Compression::None;
    let mut reader = compression.decoder(Box::new(Cursor::new(magic).chain(reader)));
    let prefix = match read_prefix(&mut reader, 8192) {
        Ok(p) => p,
        Err(e) => return ready(vec![Err(io_error(e, compressed))]),
    };
    let format = opts
        .format
        .or_else(|| Format::from_extension(origin))
        .unwrap_or_else(|| Format::sniff(&prefix));
    let origin_arc: Arc<str> = origin.into();
    if format.is_whole() || format == Format::Json {
        let mut bytes = prefix;
        let hint = if compressed { None } else { opts.size_hint };
        if let Some(n) = hint {
            bytes.reserve(usize::try_from(n).unwrap_or(0).saturating_sub(bytes.len()));
        }
        if let Err(e) = reader.read_to_end(&mut bytes) {
            return ready(vec![Err(io_error(e, compressed))]);
        }
        if format == Format::Json {
            return ready(jsonl::json_document(&bytes, &origin_arc));
        }
        return ready(vec![Ok(Document {
            origin: origin_arc,
            line: None,
            format,
            bytes,
            hints: Hints::default(),
        })]);
    }
    let reader: Box<dyn BufRead + Send> =
        Box::new(BufReader::with_capacity(1 << 16, Cursor::new(prefix).chain(reader)));
    match format {
        Format::Warc => Documents {
            inner: Inner::Warc(warc::Records::new(
                reader,
                origin_arc,
                compressed,
                opts.stats.clone(),
            )),
        },
        _ => Documents { inner: Inner::Lines(jsonl::Lines::new(reader, origin_arc, compressed)) },
    }
}

/// The message for a stream that failed after `compressed` data or plain data.
fn read_error_message(e: &io::Error, compressed: bool) -> String {
    if compressed {
        format!(
            "expected a complete compressed stream, found one that ends early or is corrupt ({e})"
        )
    } else {
        format!("cannot read: {e}")
    }
}

/// Read up to `n` bytes (fewer only at the end of the stream).
fn read_prefix(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Read one input held in memory into articles: one for text, Markdown and HTML, one
/// per line for JSON Lines, one per HTML response for a web archive.
///
/// `origin` is the path as given (`-` for standard input); it names the article
/// (its file stem, or `stdin`) and errors.
pub fn read(bytes: &[u8], format: Format, origin: &str) -> Vec<Result<Article>> {
    let opts = OpenOptions { format: Some(format), ..OpenOptions::default() };
    let read = ReadOptions::default();
    open(Box::new(Cursor::new(bytes.to_vec())), origin, &opts)
        .map(|d| d.and_then(|d| d.read(&read)))
        .collect()
}

/// The article id for a file: its stem without format and compression endings, or
/// `stdin` for `-`.
fn id_from_origin(origin: &str) -> String {
    if origin == "-" {
        return "stdin".to_string();
    }
    let inner = compress::strip_extension(origin);
    Path::new(inner)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| origin.to_string())
}

/// [`decode`] taking ownership: valid UTF-8 is kept without a copy.
fn decode_owned(bytes: Vec<u8>, base: usize) -> (String, Vec<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            (text, Vec::new())
        }
        Err(e) => decode(e.as_bytes(), base),
    }
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
        assert_eq!("HTML".parse::<Format>(), Ok(Format::Html));
        assert_eq!("warc".parse::<Format>(), Ok(Format::Warc));
        let err = "pdf".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected a format (text, markdown, html, jsonl, json or warc), found `pdf`"
        );
        for f in [
            Format::Text,
            Format::Markdown,
            Format::Html,
            Format::Jsonl,
            Format::Json,
            Format::Warc,
        ] {
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        }
    }

    #[test]
    fn content_decides_when_the_extension_does_not() {
        assert_eq!(Format::from_extension("a.txt"), None);
        assert_eq!(Format::from_extension("a.json"), None);
        assert_eq!(Format::from_extension("a.HTM"), Some(Format::Html));
        assert_eq!(Format::from_extension("a.warc.gz"), Some(Format::Warc));
        assert_eq!(Format::from_extension("a.jsonl.zst"), Some(Format::Jsonl));
        assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(Format::sniff(b"\n  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff(b"<div class=x><head></head>"), Format::Html);
        assert_eq!(Format::sniff(b"{\"id\": 1, \"text\": \"x\"}\n{\"id\": 2}\n"), Format::Jsonl);
        assert_eq!(Format::sniff(b"{\n  \"id\": 1\n}\n"), Format::Json);
        assert_eq!(Format::sniff(b"[{\"id\": 1}]"), Format::Json);
        assert_eq!(Format::sniff(b"# Title\n\nBy [Ann](#)\n"), Format::Markdown);
        assert_eq!(Format::sniff(b"Title\n\nHe said \"no\" (twice).\n"), Format::Text);
        assert_eq!(Format::sniff(b"a < b and c > d\n"), Format::Text);
    }

    #[test]
    fn a_txt_copy_of_markdown_reads_as_markdown() {
        let md = "# The Headline Here\n\nBy [Ann Lee](#) and [Bo Li](#)\n\nBody text, he said.\n";
        let via_txt = open(
            Box::new(Cursor::new(md.as_bytes().to_vec())),
            "copy.txt",
            &OpenOptions::default(),
        )
        .next()
        .unwrap()
        .unwrap();
        assert_eq!(via_txt.format, Format::Markdown);
        let a = via_txt.read(&ReadOptions::default()).unwrap();
        assert_eq!(a.meta.title.as_deref(), Some("The Headline Here"));
        assert_eq!(a.meta.authors, vec!["Ann Lee".to_string(), "Bo Li".to_string()]);
    }

    #[test]
    fn empty_and_binary_documents_are_errors() {
        let kinds: Vec<ErrorKind> =
            [(&b""[..], "e.txt"), (b"  \n", "s.md"), (b"PK\x03\x04\x00\x00", "b.txt")]
                .iter()
                .map(|(bytes, name)| match read(bytes, Format::from_path(name), name).remove(0) {
                    Err(Error::Record { kind, .. }) => kind,
                    other => panic!("{name}: {other:?}"),
                })
                .collect();
        assert_eq!(kinds, [ErrorKind::Empty, ErrorKind::Empty, ErrorKind::Decode]);
    }

    #[test]
    fn compressed_streams_are_read_through() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"id\": 1, \"text\": \"A.\"}\n{\"id\": 2, \"text\": \"B.\"}\n").unwrap();
        let packed = gz.finish().unwrap();
        let docs: Vec<_> =
            open(Box::new(Cursor::new(packed.clone())), "c.jsonl.gz", &OpenOptions::default())
                .collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].as_ref().unwrap().line, Some(2));
        // Sniffed when the name says nothing.
        let docs: Vec<_> =
            open(Box::new(Cursor::new(packed.clone())), "-", &OpenOptions::default()).collect();
        assert_eq!(docs.len(), 2);
        // Truncated: the lines read before, then one error.
        let big: String = (0..2000)
            .map(|i| format!("{{\"id\": {i}, \"text\": \"Text number {i}.\"}}\n"))
            .collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(big.as_bytes()).unwrap();
        let mut packed = gz.finish().unwrap();
        packed.truncate(packed.len() / 2);
        let docs: Vec<_> =
            open(Box::new(Cursor::new(packed)), "t.jsonl.gz", &OpenOptions::default()).collect();
        let (ok, err): (Vec<_>, Vec<_>) = docs.iter().partition(|d| d.is_ok());
        assert!(ok.len() > 100 && ok.len() < 2000, "{}", ok.len());
        assert_eq!(err.len(), 1);
        assert!(docs.last().unwrap().is_err(), "the error comes last");
        match docs.last().unwrap() {
            Err(Error::Record { kind: ErrorKind::Truncated, line: Some(l), .. }) => {
                assert_eq!(*l, ok.len() + 1)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn id_is_file_stem_or_stdin() {
        assert_eq!(id_from_origin("-"), "stdin");
        assert_eq!(id_from_origin("dir/xinhua-security-treaty.md"), "xinhua-security-treaty");
        assert_eq!(id_from_origin("plain"), "plain");
        assert_eq!(id_from_origin("d/abc.html.gz"), "abc");
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

    /// Every reader's diagnostics point into the article's text (issue 15, point 5): a
    /// decoding warning at the replacement character in the text, wherever the reader
    /// found the bad bytes (a raw JSON line, a page, an archive record), or no span when
    /// the text kept none.
    #[test]
    fn diagnostics_point_into_the_article_text_in_every_reader() {
        let page = |body: &[u8]| {
            [
                &b"<html><head><title>Budget</title></head><body><article><p>The council \
                   met on Sunday and talked for hours about the budget. "[..],
                body,
                b" Nobody wanted a bad budget, the leader said.</p></article></body></html>",
            ]
            .concat()
        };
        let http =
            [&b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"[..], &page(b"a\xFFb")].concat();
        let mut warc = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
             WARC-Target-URI: https://example.org/a\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        warc.extend_from_slice(&http);
        warc.extend_from_slice(b"\r\n\r\n");
        let cases: Vec<(&str, Format, Vec<u8>)> = vec![
            ("text", Format::Text, b"ab\xFFcd".to_vec()),
            ("markdown", Format::Markdown, b"# Title\n\nab\xFFc and more.\n".to_vec()),
            (
                "markdown with front matter",
                Format::Markdown,
                b"---\ntitle: Budget\n---\n\nab\xFFc and more.\n".to_vec(),
            ),
            ("html", Format::Html, page(b"a\xFFb")),
            ("warc", Format::Warc, warc),
            (
                "jsonl, escapes before the bad byte",
                Format::Jsonl,
                b"{\"id\": 1, \"title\": \"x\", \"text\": \"\\u00e9 \\\"q\\\"\\n\\ud83d\\ude00 a\xFFb\"}\n"
                    .to_vec(),
            ),
            (
                "jsonl, the text after other fields with bad bytes",
                Format::Jsonl,
                b"{\"text\": \"one \xFF two\", \"id\": \"k\xFE\"}\n".to_vec(),
            ),
            (
                "jsonl, an html body",
                Format::Jsonl,
                [&b"{\"id\": 2, \"html\": \""[..], &page(b"a\xFFb"), b"\"}\n"].concat(),
            ),
        ];
        for (name, format, bytes) in cases {
            let a = read(&bytes, format, "in").remove(0).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(a.diagnostics.len(), 1, "{name}: {:?}", a.diagnostics);
            let d = &a.diagnostics[0];
            let span = d.span.unwrap_or_else(|| panic!("{name}: no span"));
            assert_eq!(a.text.get(span.start..span.end), Some("\u{FFFD}"), "{name}: {:?}", a.text);
            assert_eq!(span.start, a.text.find('\u{FFFD}').unwrap(), "{name}: the first");
        }
        // Bad bytes outside the text (a JSON field, a page's head): the warning stays,
        // with no span, since the text has no such character.
        let cases: Vec<(&str, Format, Vec<u8>)> = vec![
            (
                "jsonl title",
                Format::Jsonl,
                b"{\"title\": \"a\xFFb\", \"text\": \"Fine.\"}\n".to_vec(),
            ),
            (
                "html head",
                Format::Html,
                [&b"<html><head><meta name=\"x\" content=\"\xFF\"></head>"[..], &page(b"ok")[6..]]
                    .concat(),
            ),
        ];
        for (name, format, bytes) in cases {
            let a = read(&bytes, format, "in").remove(0).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!a.text.contains('\u{FFFD}'), "{name}");
            assert_eq!(a.diagnostics.len(), 1, "{name}: {:?}", a.diagnostics);
            assert_eq!(a.diagnostics[0].span, None, "{name}");
        }
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
