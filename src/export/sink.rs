//! Exporters as sinks: built once from the options, fed one article at a time.
//!
//! ```text
//! let exporter = Exporter::new(options);          // once: format, filters, key file
//! let rendered = exporter.render(&analysis);      // per article, on any thread (&self, Sync)
//! let mut sink = exporter.sink(writer);           // once: the ordered writing step
//! sink.write_article(&analysis, rendered)?;       // per article, in input order
//! sink.write_error(&error)?;                      // per document that could not be read
//! let writer = sink.finish()?;                    // once: bibliographies are written here
//! ```
//!
//! [`Exporter::render`] does the per-article work: the listing, JSON and HTML formats
//! render the whole article to bytes; the bibliography formats (BibLaTeX, BibTeX,
//! CSL-JSON, Markdown) build the article's compact [`Record`] (its metadata and the
//! quotations it cites, no article text). [`Sink::write_article`] runs in input order:
//! it gives the article its citation key ([`KeyRegistry`]: keys of the key file kept,
//! copies of one article share a key, collisions get `-a`, `-b` in input order), then
//! writes the bytes, or keeps the record. [`Sink::finish`] writes the bibliography: the
//! records merged per key, the key file's entries that the run did not produce again
//! (copied as they were written, when the key file has the output's format), all sorted
//! by key.
//!
//! Options that select what is exported, such as the minimum confidence, are settings of
//! the exporter, applied while rendering; no analysis is copied or changed.
//!
//! A rendered article carries its key as rendered (the record's own,
//! [`Record::base_key`]) and the byte offsets where the key was written. When the
//! registry gives a different key (a collision, or a key from the key file), the sink
//! writes the new key at those offsets; every citation key and quotation id in the
//! output starts with the article key, so one splice per occurrence suffices.

use std::collections::HashMap;
use std::io::{self, Write};

use super::bibtex::{self, BibOptions, Flavour};
use super::cite::{self, CiteOptions, Date, Record};
use super::keys::{KeyFile, KeyFileFormat, KeyRegistry};
use super::markdown::MarkdownOptions;
use super::{csl, html, json, markdown, text};
use crate::error::Error;
use crate::model::Analysis;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The readable listing.
    #[default]
    Text,
    /// One pretty-printed JSON object per article.
    Json,
    /// One JSON object per line per article.
    Jsonl,
    /// BibLaTeX for biber.
    Biblatex,
    /// Classic BibTeX.
    Bibtex,
    /// CSL-JSON.
    CslJson,
    /// Markdown blockquotes with footnotes or pandoc citations.
    Markdown,
    /// One self-contained HTML page to check every attribution.
    Html,
}

impl Format {
    /// True for the formats that write one bibliography at the end of the run.
    pub fn is_bibliography(self) -> bool {
        matches!(self, Format::Biblatex | Format::Bibtex | Format::CslJson | Format::Markdown)
    }

    /// The key file format whose entries this format can copy into its output (so that
    /// `--keys F -o F` keeps every entry of `F`).
    pub fn merges(self) -> KeyFileFormat {
        match self {
            Format::Biblatex | Format::Bibtex => KeyFileFormat::Bib,
            Format::CslJson => KeyFileFormat::Csl,
            _ => KeyFileFormat::None,
        }
    }
}

/// Everything that decides the output, fixed when the exporter is built.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Output format.
    pub format: Format,
    /// JSON: add each quotation's rule and evidence.
    pub explain: bool,
    /// JSON: add the article text the offsets refer to.
    pub with_text: bool,
    /// Leave out quotations attributed with less confidence than this.
    pub min_confidence: f32,
    /// Access date of the URLs (`urldate`, `accessed`).
    pub access_date: Option<Date>,
    /// `.bib` options (the flavour follows `format`).
    pub bib: BibOptions,
    /// Markdown options.
    pub markdown: MarkdownOptions,
    /// Keys issued before, kept; its entries are copied into a bibliography of the same
    /// format.
    pub keys: KeyFile,
}

/// An exporter: the frozen options. Shared by reference between worker threads.
#[derive(Debug)]
pub struct Exporter {
    opts: ExportOptions,
    bib: BibOptions,
    /// Texts longer than this are rendered by the sink ([`DEFER_ABOVE`]).
    defer_above: usize,
}

/// One article, rendered by [`Exporter::render`], to be written by [`Sink::write_article`].
#[derive(Debug)]
pub struct Rendered {
    body: Body,
    /// The record's own key, as rendered.
    base: String,
    /// The record, for the key registry (bibliographies keep it in `Body::Record`).
    record: Option<Record>,
    quotes: usize,
}

#[derive(Debug)]
enum Body {
    /// Final bytes, with the offsets where `base` was written.
    Bytes { bytes: Vec<u8>, key_at: Vec<usize> },
    /// A bibliography record, written at the end.
    Record,
    /// Rendered by the sink straight to its writer, with the final key: a very long
    /// article, whose rendered bytes would take several times its text in memory.
    Deferred,
}

/// Articles with a text longer than this are rendered by the sink as they are written
/// ([`Body::Deferred`]), not held as bytes: their output may be twice the text. A news
/// article is far shorter, and rendered on the worker that analysed it.
const DEFER_ABOVE: usize = 1 << 20;

impl Rendered {
    /// Number of quotations the article has (before any filter).
    pub fn quotes(&self) -> usize {
        self.quotes
    }
}

impl Exporter {
    /// Freeze the options.
    pub fn new(opts: ExportOptions) -> Exporter {
        let flavour =
            if opts.format == Format::Bibtex { Flavour::Bibtex } else { Flavour::Biblatex };
        let bib = BibOptions { flavour, ..opts.bib.clone() };
        Exporter { opts, bib, defer_above: DEFER_ABOVE }
    }

    /// The options.
    pub fn options(&self) -> &ExportOptions {
        &self.opts
    }

    fn cite_options(&self) -> CiteOptions {
        CiteOptions {
            min_confidence: self.opts.min_confidence,
            access_date: self.opts.access_date,
            protect: matches!(self.opts.format, Format::Biblatex | Format::Bibtex),
            ids_only: false,
        }
    }

    /// Render one article (any thread).
    pub fn render(&self, a: &Analysis) -> Rendered {
        let quotes = a.quotes.len();
        let copts = self.cite_options();
        let min = self.opts.min_confidence;
        let streams = matches!(self.opts.format, Format::Text | Format::Json | Format::Jsonl);
        if streams && a.article.text.len() > self.defer_above {
            let record = (self.opts.format != Format::Text)
                .then(|| cite::record_meta(a, &CiteOptions { ids_only: true, ..copts }));
            return Rendered {
                body: Body::Deferred,
                base: record.as_ref().map(|r| r.key.clone()).unwrap_or_default(),
                record,
                quotes,
            };
        }
        match self.opts.format {
            Format::Text => {
                let mut bytes = Vec::new();
                // Writing into a Vec cannot fail.
                let _ = text::write_filtered(a, min, &mut bytes);
                Rendered {
                    body: Body::Bytes { bytes, key_at: Vec::new() },
                    base: String::new(),
                    record: None,
                    quotes,
                }
            }
            Format::Json | Format::Jsonl => {
                let record = cite::record(a, &CiteOptions { ids_only: true, ..copts });
                let bytes = json::render(a, &record, &self.json_options());
                let key_at = json::key_offsets(&bytes, &record.key);
                Rendered {
                    body: Body::Bytes { bytes, key_at },
                    base: record.key.clone(),
                    record: Some(record),
                    quotes,
                }
            }
            Format::Html => {
                let record = cite::record(a, &copts);
                let (bytes, key_at) = html::article(a, &record, min);
                Rendered {
                    body: Body::Bytes { bytes, key_at },
                    base: record.key.clone(),
                    record: Some(record),
                    quotes,
                }
            }
            _ => {
                let record = cite::record(a, &copts);
                Rendered {
                    body: Body::Record,
                    base: record.key.clone(),
                    record: Some(record),
                    quotes,
                }
            }
        }
    }

    fn json_options(&self) -> json::JsonOptions {
        json::JsonOptions {
            pretty: self.opts.format == Format::Json,
            explain: self.opts.explain,
            with_text: self.opts.with_text,
            min_confidence: self.opts.min_confidence,
        }
    }

    /// The ordered writing step over `w`.
    pub fn sink<W: Write>(&self, w: W) -> Sink<'_, W> {
        Sink {
            ex: self,
            w,
            keys: KeyRegistry::new(self.opts.keys.clone()),
            records: Vec::new(),
            at: HashMap::new(),
            started: false,
        }
    }
}

/// The ordered step of an export: articles in input order, then [`Sink::finish`].
#[derive(Debug)]
pub struct Sink<'e, W: Write> {
    ex: &'e Exporter,
    w: W,
    keys: KeyRegistry,
    /// Bibliography records, one per key, in first-seen order.
    records: Vec<Record>,
    at: HashMap<String, usize>,
    started: bool,
}

impl<W: Write> Sink<'_, W> {
    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            if self.ex.opts.format == Format::Html {
                self.w.write_all(html::HEAD.as_bytes())?;
            }
        }
        Ok(())
    }

    /// Write (or keep, for a bibliography) one article, rendered from `a` by
    /// [`Exporter::render`].
    pub fn write_article(&mut self, a: &Analysis, r: Rendered) -> io::Result<()> {
        self.start()?;
        let key = match &r.record {
            Some(rec) => self.keys.key(rec),
            None => String::new(),
        };
        match r.body {
            Body::Bytes { bytes, key_at } => {
                if key == r.base || key_at.is_empty() {
                    self.w.write_all(&bytes)
                } else {
                    self.w.write_all(&splice(&bytes, &key_at, r.base.len(), &key))
                }
            }
            Body::Deferred => match r.record {
                Some(mut rec) => {
                    rec.set_key(&key);
                    json::write_streamed(a, &rec, &self.ex.json_options(), &mut self.w)
                }
                None => text::write_filtered(a, self.ex.opts.min_confidence, &mut self.w),
            },
            Body::Record => {
                let Some(mut rec) = r.record else { return Ok(()) };
                rec.set_key(&key);
                match self.at.get(&key) {
                    Some(&i) => self.records[i].merge(rec),
                    None => {
                        self.at.insert(key, self.records.len());
                        self.records.push(rec);
                    }
                }
                Ok(())
            }
        }
    }

    /// Report a document that could not be read: an error record in JSON (`id`, and
    /// `error` with `kind`, `message`, `path`, `line`; see [`json`]), a note on the HTML
    /// page; the other formats leave it to the caller's report on standard error.
    pub fn write_error(&mut self, err: &Error) -> io::Result<()> {
        self.start()?;
        match self.ex.opts.format {
            Format::Json | Format::Jsonl => {
                json::write_error(err, self.ex.opts.format == Format::Json, &mut self.w)
            }
            Format::Html => {
                let note = match err {
                    Error::Record { origin, line, message, .. } => {
                        html::error(origin, *line, message)
                    }
                    other => html::error("-", None, &other.to_string()),
                };
                self.w.write_all(note.as_bytes())
            }
            _ => Ok(()),
        }
    }

    /// Write what comes at the end (the bibliography, the end of the page) and hand back
    /// the writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.start()?;
        let format = self.ex.opts.format;
        let mut records = std::mem::take(&mut self.records);
        records.sort_by(|a, b| a.key.cmp(&b.key));
        let kept: Vec<(String, String)> = if self.keys.file_format() == format.merges() {
            self.keys.untouched().into_iter().map(|e| (e.key.clone(), e.raw.clone())).collect()
        } else {
            Vec::new()
        };
        match format {
            Format::Biblatex | Format::Bibtex => {
                bibtex::write_merged(&records, &kept, &self.ex.bib, &mut self.w)?
            }
            Format::CslJson => csl::write_merged(&records, &kept, &mut self.w)?,
            Format::Markdown => markdown::write(&records, &self.ex.opts.markdown, &mut self.w)?,
            Format::Html => self.w.write_all(html::TAIL.as_bytes())?,
            Format::Text | Format::Json | Format::Jsonl => {}
        }
        self.w.flush()?;
        Ok(self.w)
    }
}

/// `bytes` with the `len` bytes at each offset replaced by `key`.
fn splice(bytes: &[u8], at: &[usize], len: usize, key: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + at.len() * (key.len() + 2));
    let mut from = 0;
    for &i in at {
        out.extend_from_slice(&bytes[from..i]);
        out.extend_from_slice(key.as_bytes());
        from = i + len;
    }
    out.extend_from_slice(&bytes[from..]);
    out
}

/// Export analyses to a string in one go (tests and small jobs): render, write in
/// order, finish.
pub fn to_string(analyses: &[Analysis], opts: ExportOptions) -> String {
    let ex = Exporter::new(opts);
    let mut sink = ex.sink(Vec::new());
    for a in analyses {
        // Writing into a Vec cannot fail.
        let _ = sink.write_article(a, ex.render(a));
    }
    let bytes = sink.finish().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::cite::tests::analysis;
    use crate::model::ArticleMeta;

    #[test]
    fn a_long_article_rendered_by_the_sink_gives_the_same_bytes() {
        let text = "“We will build the bridge,” said Mayor Anna Berg. Analysts said the plan \
                    was sound. “It is late,” Berg added.";
        let a = art("bridge", "Bridge", "2024-05-01", text);
        // Another article with the same title and date: its key is changed in the sink,
        // spliced into the bytes or rendered with it.
        let b =
            art("bridge-2", "Bridge Plans", "2024-05-01", &text.replace("Analysts", "Engineers"));
        for format in [Format::Jsonl, Format::Json, Format::Text] {
            let write = |defer_above: usize| {
                let ex = Exporter {
                    defer_above,
                    ..Exporter::new(ExportOptions { format, ..Default::default() })
                };
                let mut sink = ex.sink(Vec::new());
                for a in [&a, &b] {
                    let r = ex.render(a);
                    assert_eq!(matches!(r.body, Body::Deferred), defer_above == 0, "{format:?}");
                    sink.write_article(a, r).unwrap();
                }
                String::from_utf8(sink.finish().unwrap()).unwrap()
            };
            let (held, deferred) = (write(DEFER_ABOVE), write(0));
            assert!(held.contains("Anna Berg"), "{held}");
            if format != Format::Text {
                assert!(held.contains("berg2024bridge-a-berg"), "second key: {held}");
            }
            assert_eq!(held, deferred, "{format:?}");
        }
    }

    fn art(id: &str, title: &str, date: &str, text: &str) -> Analysis {
        let m = ArticleMeta {
            title: Some(title.into()),
            authors: vec!["Anna Berg".into()],
            date: Some(date.into()),
            publisher: Some("Ledger".into()),
            url: Some(format!("https://example.org/{id}")),
            ..ArticleMeta::default()
        };
        analysis(id, m, text)
    }

    fn export(format: Format, analyses: &[Analysis]) -> String {
        to_string(analyses, ExportOptions { format, ..ExportOptions::default() })
    }

    /// Every citation key that a format's output names, in order of appearance.
    fn keys_in(format: Format, out: &str) -> Vec<String> {
        let mut keys: Vec<String> = match format {
            Format::Jsonl => out
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["key"].to_string())
                .map(|k| k.trim_matches('"').to_string())
                .collect(),
            Format::CslJson => serde_json::from_str::<serde_json::Value>(out)
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_string())
                .collect(),
            Format::Biblatex => out
                .lines()
                .filter_map(|l| l.strip_prefix("@article{"))
                .map(|k| k.trim_end_matches(',').to_string())
                .collect(),
            Format::Markdown => out
                .lines()
                .filter_map(|l| l.split("Citation key: `").nth(1))
                .map(|k| k.split('`').next().unwrap().to_string())
                .collect(),
            _ => unreachable!(),
        };
        keys.sort();
        keys
    }

    #[test]
    fn keys_are_equal_across_formats_and_collisions_follow_input_order() {
        let q = "“We will win the vote tomorrow,” Smith said.";
        let a = art("a", "Budget talks", "2020-05-01", q);
        let b = art("b", "Budget vote", "2020-01-01", q);
        let all = [a.clone(), b.clone(), a.clone()];
        let want = ["berg2020budget", "berg2020budget-a"];
        for f in [Format::Jsonl, Format::CslJson, Format::Biblatex, Format::Markdown] {
            let mut got = keys_in(f, &export(f, &all));
            got.dedup();
            assert_eq!(got, want, "{f:?}");
        }
        let jsonl = export(Format::Jsonl, &all);
        let second: serde_json::Value =
            serde_json::from_str(jsonl.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second["key"], "berg2020budget-a");
        assert_eq!(second["quotes"][0]["cite"], "berg2020budget-a-smith", "quotation ids follow");
    }

    #[test]
    fn min_confidence_is_an_exporter_setting() {
        let a = art("a", "T", "2020", "“We will win,” Smith said. Officials are expected to vote.");
        let all = export(Format::Jsonl, std::slice::from_ref(&a));
        let opts = ExportOptions {
            format: Format::Jsonl,
            min_confidence: 0.99,
            ..ExportOptions::default()
        };
        let some = to_string(std::slice::from_ref(&a), opts);
        let n = |s: &str| {
            serde_json::from_str::<serde_json::Value>(s.trim()).unwrap()["quotes"]
                .as_array()
                .unwrap()
                .len()
        };
        assert!(n(&all) > n(&some), "{all}\n{some}");
        assert_eq!(a.quotes.len(), n(&all), "the analysis itself is untouched");
    }

    #[test]
    fn error_records_keep_kind_path_line_and_id() {
        use crate::error::ErrorKind;
        let e = Error::record(ErrorKind::Json, "in.jsonl", Some(2), "expected a JSON object");
        let out = |format: Format| {
            let ex = Exporter::new(ExportOptions { format, ..ExportOptions::default() });
            let mut sink = ex.sink(Vec::new());
            sink.write_error(&e).unwrap();
            String::from_utf8(sink.finish().unwrap()).unwrap()
        };
        for format in [Format::Jsonl, Format::Json] {
            let s = out(format);
            assert_eq!(s.lines().count() == 1, format == Format::Jsonl, "{s}");
            let v: serde_json::Value = serde_json::from_str(&s).unwrap();
            assert_eq!(v["schema"], json::SCHEMA);
            assert_eq!(v["id"], "in.jsonl:2");
            assert_eq!(v["error"]["kind"], "json");
            assert_eq!(v["error"]["path"], "in.jsonl");
            assert_eq!(v["error"]["line"], 2);
            assert_eq!(v["error"]["message"], "expected a JSON object");
        }
        let page = out(Format::Html);
        assert!(page.contains("in.jsonl:2") && page.contains("expected a JSON object"), "{page}");
        for format in [Format::Biblatex, Format::CslJson, Format::Markdown, Format::Text] {
            assert!(!out(format).contains("in.jsonl"), "{format:?}");
        }
    }

    #[test]
    fn with_text_is_an_exporter_setting() {
        let a = art("a", "T", "2020", "“We will win,” Smith said.");
        let text = |with_text: bool| {
            let opts =
                ExportOptions { format: Format::Jsonl, with_text, ..ExportOptions::default() };
            let v: serde_json::Value =
                serde_json::from_str(&to_string(std::slice::from_ref(&a), opts)).unwrap();
            v.get("text").cloned()
        };
        assert_eq!(text(true), Some(serde_json::Value::from(a.article.text.as_str())));
        assert_eq!(text(false), None);
    }

    #[test]
    fn splice_replaces_every_occurrence() {
        let s = b"{\"key\":\"ab\",\"cite\":\"ab-x\"}";
        let at = json::key_offsets(s, "ab");
        assert_eq!(at.len(), 2);
        assert_eq!(splice(s, &at, 2, "ab-c"), b"{\"key\":\"ab-c\",\"cite\":\"ab-c-x\"}".to_vec());
    }
}
