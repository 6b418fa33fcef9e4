//! Web archives (WARC 1.0 and 1.1, ISO 28500), read as a stream of records.
//!
//! A record is a version line, header lines up to a blank line, `Content-Length` bytes
//! of content and a blank line. Every `response` record whose HTTP payload is HTML
//! (`text/html`, `application/xhtml+xml`) with a success status is one [`Document`],
//! with `WARC-Target-URI` as its URL, `WARC-Date` as its fallback date, `WARC-Record-ID`
//! as its id and the HTTP charset as its charset; chunked transfer coding and gzip or
//! deflate content coding are undone. Every other record (warcinfo, request, metadata,
//! revisit, images, redirects) is skipped and counted in [`ReadStats`]. Compressed
//! archives (`.warc.gz` with one gzip member per record, as Common Crawl writes them)
//! arrive here already decompressed by module `compress`. Line numbers are those of
//! the decompressed stream, so an error names the record's version line.

use std::io::{BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::error::{Error, ErrorKind, Result};

use super::{Document, Format, Hints, ReadStats};

/// Header lines longer than this are not WARC.
const MAX_LINE: u64 = 64 * 1024;

/// The records of one archive; see the module documentation.
pub(crate) struct Records {
    reader: Box<dyn BufRead + Send>,
    origin: Arc<str>,
    compressed: bool,
    stats: Arc<ReadStats>,
    /// Lines consumed so far.
    line: usize,
    done: bool,
}

/// One record's headers and content.
struct Record {
    /// Line of its version line.
    line: usize,
    headers: Vec<(String, String)>,
    content: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl Records {
    pub(crate) fn new(
        reader: Box<dyn BufRead + Send>,
        origin: Arc<str>,
        compressed: bool,
        stats: Arc<ReadStats>,
    ) -> Records {
        Records { reader, origin, compressed, stats, line: 0, done: false }
    }

    fn error(&mut self, kind: ErrorKind, line: usize, message: String) -> Error {
        Error::record(kind, &*self.origin, Some(line), message)
    }

    /// A read error: the archive ends early or is corrupt; reading stops.
    fn stream_error(&mut self, e: &std::io::Error) -> Error {
        self.done = true;
        let kind = if self.compressed { ErrorKind::Truncated } else { ErrorKind::Io };
        let msg = super::read_error_message(e, self.compressed);
        self.error(kind, self.line + 1, msg)
    }

    /// One line, at most [`MAX_LINE`] bytes; empty at the end of the stream.
    fn read_line(&mut self) -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        (&mut self.reader).take(MAX_LINE).read_until(b'\n', &mut buf)?;
        if !buf.is_empty() {
            self.line += 1;
        }
        Ok(buf)
    }

    /// The next record, `None` at the end of the archive.
    fn record(&mut self) -> Option<Result<Record>> {
        // Blank lines between records (the record's closing CRLF CRLF).
        let first = loop {
            match self.read_line() {
                Ok(l) if l.is_empty() => return None,
                Ok(l) if l.trim_ascii().is_empty() => continue,
                Ok(l) => break l,
                Err(e) => return Some(Err(self.stream_error(&e))),
            }
        };
        let line = self.line;
        if !first.starts_with(b"WARC/1.") {
            self.done = true;
            let shown: String = String::from_utf8_lossy(&first).chars().take(20).collect();
            return Some(Err(self.error(
                ErrorKind::Warc,
                line,
                format!(
                    "expected a WARC version line (WARC/1.0 or WARC/1.1), found `{}`",
                    shown.trim()
                ),
            )));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let l = match self.read_line() {
                Ok(l) => l,
                Err(e) => return Some(Err(self.stream_error(&e))),
            };
            if l.is_empty() {
                self.done = true;
                let msg = format!(
                    "expected the headers of the record at line {line} to end with a blank line, found the end of the archive"
                );
                let kind = if self.compressed { ErrorKind::Truncated } else { ErrorKind::Warc };
                return Some(Err(self.error(kind, line, msg)));
            }
            let text = String::from_utf8_lossy(&l);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if text.starts_with([' ', '\t']) {
                if let Some((_, v)) = headers.last_mut() {
                    v.push(' ');
                    v.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((k, v)) => headers.push((k.trim().to_string(), v.trim().to_string())),
                None => {
                    self.done = true;
                    return Some(Err(self.error(
                        ErrorKind::Warc,
                        self.line,
                        format!("expected a `Name: value` header in the record at line {line}, found a line without a colon"),
                    )));
                }
            }
        }
        let length = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let Some(length) = length else {
            self.done = true;
            return Some(Err(self.error(
                ErrorKind::Warc,
                line,
                format!("expected a numeric Content-Length header in the record at line {line}, found none"),
            )));
        };
        let mut content = Vec::with_capacity(usize::try_from(length.min(1 << 26)).unwrap_or(0));
        if let Err(e) = (&mut self.reader).take(length).read_to_end(&mut content) {
            return Some(Err(self.stream_error(&e)));
        }
        self.line += memchr::memchr_iter(b'\n', &content).count();
        if (content.len() as u64) < length {
            self.done = true;
            let kind = if self.compressed { ErrorKind::Truncated } else { ErrorKind::Warc };
            return Some(Err(self.error(
                kind,
                line,
                format!(
                    "expected {length} bytes of content in the record at line {line}, found {} before the end of the archive",
                    content.len()
                ),
            )));
        }
        Some(Ok(Record { line, headers, content }))
    }

    fn count_skipped(&self) {
        self.stats.skipped_records.fetch_add(1, Ordering::Relaxed);
    }
}

impl Iterator for Records {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        while !self.done {
            let record = match self.record()? {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            let is_response =
                record.header("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
            let is_http = record
                .header("Content-Type")
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/http"));
            if !is_response || !is_http {
                self.count_skipped();
                continue;
            }
            match http_payload(&record) {
                Ok(Some(doc)) => {
                    let hints = Hints {
                        id: record
                            .header("WARC-Record-ID")
                            .map(|s| s.trim_matches(['<', '>']).to_string()),
                        url: record
                            .header("WARC-Target-URI")
                            .map(|s| s.trim_matches(['<', '>']).to_string()),
                        date: record.header("WARC-Date").map(str::to_string),
                        charset: doc.1,
                    };
                    return Some(Ok(Document {
                        origin: self.origin.clone(),
                        line: Some(record.line),
                        format: Format::Html,
                        bytes: doc.0,
                        hints,
                    }));
                }
                Ok(None) => self.count_skipped(),
                Err((kind, message)) => {
                    let mut e = self.error(kind, record.line, message);
                    if let Error::Record { id, .. } = &mut e {
                        *id = record
                            .header("WARC-Record-ID")
                            .map(|s| s.trim_matches(['<', '>']).to_string());
                    }
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// An HTML body and the charset its response declared.
type Payload = (Vec<u8>, Option<String>);

/// The HTML body and charset of an HTTP response record; `None` for responses that are
/// not successful HTML pages.
fn http_payload(record: &Record) -> Result<Option<Payload>, (ErrorKind, String)> {
    let line = record.line;
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_at = match response.parse(&record.content) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err((
                ErrorKind::Warc,
                format!(
                    "expected a complete HTTP header in the response record at line {line}, found it cut short"
                ),
            ));
        }
        Err(e) => {
            return Err((
                ErrorKind::Warc,
                format!(
                    "expected an HTTP response in the record at line {line}, found a malformed one ({e})"
                ),
            ));
        }
    };
    if !response.code.is_some_and(|c| (200..300).contains(&c)) {
        return Ok(None);
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = header("Content-Type").unwrap_or_default();
    let body = &record.content[body_at..];
    let html = if content_type.is_empty() {
        super::looks_like_html(body.trim_ascii_start())
    } else {
        content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
    };
    if !html {
        return Ok(None);
    }
    let charset = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string())
        .next();
    let mut body = body.to_vec();
    if header("Transfer-Encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).ok_or_else(|| {
            (ErrorKind::Warc, format!("expected chunked HTTP content in the record at line {line}, found malformed chunks"))
        })?;
    }
    match header("Content-Encoding").as_deref() {
        None | Some("identity") | Some("") => {}
        Some(coding @ ("gzip" | "x-gzip" | "deflate")) => {
            let mut out = Vec::new();
            let r = if coding == "deflate" {
                flate2::read::ZlibDecoder::new(&body[..]).read_to_end(&mut out)
            } else {
                flate2::read::MultiGzDecoder::new(&body[..]).read_to_end(&mut out)
            };
            r.map_err(|e| (ErrorKind::Decode, format!("expected {coding} content in the record at line {line}, found corrupt data ({e})")))?;
            body = out;
        }
        Some(other) => {
            return Err((
                ErrorKind::Decode,
                format!(
                    "expected gzip, deflate or no content coding in the record at line {line}, found `{other}`"
                ),
            ));
        }
    }
    Ok(Some((body, charset)))
}

/// Undo HTTP chunked transfer coding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let (at, size) = match httparse::parse_chunk_size(data) {
            Ok(httparse::Status::Complete(c)) => c,
            _ => return None,
        };
        let size = usize::try_from(size).ok()?;
        if size == 0 {
            return Some(out);
        }
        let chunk = data.get(at..at + size)?;
        out.extend_from_slice(chunk);
        data = data.get(at + size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A WARC record with the given type, headers and content.
    pub(crate) fn record(kind: &str, extra: &str, content: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-1>\r\n{extra}Content-Length: {}\r\n\r\n",
            content.len()
        )
        .into_bytes();
        r.extend_from_slice(content);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn response(uri: &str, ctype: &str, body: &str) -> Vec<u8> {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n{body}");
        record(
            "response",
            &format!(
                "WARC-Target-URI: {uri}\r\nWARC-Date: 2020-01-02T03:04:05Z\r\nContent-Type: application/http; msgtype=response\r\n"
            ),
            http.as_bytes(),
        )
    }

    fn records(bytes: Vec<u8>) -> (Vec<Result<Document>>, usize) {
        let stats = Arc::new(ReadStats::default());
        let r = Records::new(Box::new(Cursor::new(bytes)), "a.warc".into(), false, stats.clone());
        let out = r.collect();
        (out, stats.skipped_records())
    }

    #[test]
    fn html_responses_are_documents_others_are_counted() {
        let mut w = record("warcinfo", "", b"software: test\r\n");
        w.extend(record(
            "request",
            "WARC-Target-URI: http://a.example/1\r\n",
            b"GET /1 HTTP/1.1\r\n\r\n",
        ));
        w.extend(response(
            "http://a.example/1",
            "text/html; charset=ISO-8859-1",
            "<p>one</p>\n<p>two</p>",
        ));
        w.extend(response("http://a.example/logo", "image/png", "PNG"));
        w.extend(response("http://a.example/2", "application/xhtml+xml", "<p>three</p>"));
        let (docs, skipped) = records(w);
        assert_eq!(skipped, 3);
        assert_eq!(docs.len(), 2);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.format, Format::Html);
        assert_eq!(d.bytes, b"<p>one</p>\n<p>two</p>");
        assert_eq!(d.hints.url.as_deref(), Some("http://a.example/1"));
        assert_eq!(d.hints.id.as_deref(), Some("urn:uuid:response-1"));
        assert_eq!(d.hints.date.as_deref(), Some("2020-01-02T03:04:05Z"));
        assert_eq!(d.hints.charset.as_deref(), Some("iso-8859-1"));
        // The third record starts after warcinfo (8 lines) and request (10 lines).
        assert_eq!(d.line, Some(19));
        let d2 = docs[1].as_ref().unwrap();
        assert_eq!(d2.bytes, b"<p>three</p>");
    }

    #[test]
    fn chunked_and_gzip_payloads_are_decoded() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(), b"abcde");
        assert!(dechunk(b"zz\r\n").is_none());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"<p>packed</p>").unwrap();
        let packed = gz.finish().unwrap();
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend(&packed);
        let w = record("response", "Content-Type: application/http\r\n", &http);
        let (docs, _) = records(w);
        assert_eq!(docs[0].as_ref().unwrap().bytes, b"<p>packed</p>");
    }

    #[test]
    fn truncated_and_malformed_archives_end_with_an_error() {
        let mut w = response("http://a.example/1", "text/html", "<p>one</p>");
        let second = response("http://a.example/2", "text/html", "<p>two and more</p>");
        w.extend_from_slice(&second[..second.len() - 12]);
        let (docs, _) = records(w);
        assert_eq!(docs.len(), 2);
        assert!(docs[0].is_ok());
        match &docs[1] {
            Err(Error::Record { kind, line, message, .. }) => {
                assert_eq!(*kind, ErrorKind::Warc);
                assert!(line.is_some());
                assert!(message.contains("bytes of content"), "{message}");
            }
            other => panic!("expected an error, found {other:?}"),
        }
        let (docs, _) = records(b"not a warc\r\n".to_vec());
        assert!(matches!(
            &docs[0],
            Err(Error::Record { kind: ErrorKind::Warc, line: Some(1), .. })
        ));
        let (docs, _) = records(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n".to_vec());
        assert!(docs[0].as_ref().unwrap_err().to_string().contains("Content-Length"));
    }

    #[test]
    fn non_success_responses_are_skipped() {
        let http =
            "HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\nLocation: /x\r\n\r\n<p>moved</p>";
        let w = record("response", "Content-Type: application/http\r\n", http.as_bytes());
        let (docs, skipped) = records(w);
        assert!(docs.is_empty());
        assert_eq!(skipped, 1);
    }
}
