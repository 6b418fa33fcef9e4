//! Validated configuration: what `run` needs, built from the raw arguments.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Result, bail};

use super::args::{ExtractArgs, InputFormat, OutputFormat};
use quotecite::source::{FieldNames, Format};

/// A validated `extract` run.
#[derive(Debug)]
pub struct Config {
    /// Inputs as given.
    pub inputs: Vec<PathBuf>,
    /// Output format.
    pub format: OutputFormat,
    /// Output file, or standard output.
    pub output: Option<PathBuf>,
    /// Forced input format.
    pub input_format: Option<Format>,
    /// Add rules to JSON output.
    pub explain: bool,
    /// Worker threads.
    pub threads: usize,
    /// Show a progress bar on standard error.
    pub progress: bool,
    /// Print the summary at the end.
    pub summary: bool,
    /// Add the article text to JSON records.
    pub with_text: bool,
    /// Stop at the first failed document.
    pub fail_fast: bool,
    /// Read hidden files in folders.
    pub hidden: bool,
    /// Follow symbolic links in folders.
    pub follow: bool,
    /// Time allowed per download.
    pub timeout: std::time::Duration,
    /// JSON field names given on the command line.
    pub fields: FieldNames,
    /// Markdown citation style.
    pub md_cite: super::args::MdCite,
    /// Bibliography named in pandoc-style Markdown.
    pub md_bibliography: Option<String>,
    /// File of earlier keys.
    pub keys: Option<PathBuf>,
    /// BibLaTeX entrysubtype.
    pub entrysubtype: String,
    /// Quotations below this confidence are left out.
    pub min_confidence: f32,
    /// Fixed language tag, or `None` to use each article's own or detect it; checked
    /// against the grammar when it is loaded.
    pub lang: Option<String>,
    /// Grammar folder to add to the built-in grammar.
    pub grammar: Option<PathBuf>,
    /// Access date of the URLs.
    pub access_date: Option<quotecite::export::cite::Date>,
}

impl Config {
    /// Validate the arguments.
    pub fn new(a: ExtractArgs) -> Result<Config> {
        let format = match (a.format, &a.output) {
            (Some(f), _) => f,
            (None, Some(path)) => match path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("json") => OutputFormat::Json,
                Some("bib") => OutputFormat::Biblatex,
                Some("md") | Some("markdown") => OutputFormat::Markdown,
                Some("jsonl") | Some("ndjson") => OutputFormat::Jsonl,
                Some("txt") => OutputFormat::Text,
                Some("html") | Some("htm") => OutputFormat::Html,
                other => bail!(
                    "cannot tell the output format from `{}` (extension {}); add --format text|json|jsonl|biblatex|bibtex|csl-json|markdown|html",
                    path.display(),
                    other.map_or("none".to_string(), |e| format!("`.{e}`"))
                ),
            },
            (None, None) if std::io::stdout().is_terminal() => OutputFormat::Text,
            (None, None) => OutputFormat::Jsonl,
        };
        if a.entrysubtype.trim().is_empty() || a.entrysubtype.contains(['{', '}', '\\']) {
            bail!("--entrysubtype expects a word such as newspaper, found `{}`", a.entrysubtype);
        }
        if !(0.0..=1.0).contains(&a.min_confidence) {
            bail!("--min-confidence expects a share between 0 and 1, found {}", a.min_confidence);
        }
        if a.threads == Some(0) {
            bail!("--threads expects a number of threads of at least 1, found 0");
        }
        if a.inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            bail!("standard input (`-`) can be read only once; give `-` a single time");
        }
        let access_date = match a.access_date.as_deref().map(str::trim) {
            None => None,
            Some("today") => Some(quotecite::export::cite::Date::today()),
            Some(d) => match quotecite::export::cite::Date::parse(d) {
                Some(date) if date.day.is_some() => Some(date),
                _ => {
                    bail!("--access-date expects a date such as 2024-05-01 or `today`, found `{d}`")
                }
            },
        };
        let threads = a
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let input_format = a.input_format.map(|f| match f {
            InputFormat::Text => Format::Text,
            InputFormat::Markdown => Format::Markdown,
            InputFormat::Jsonl => Format::Jsonl,
            InputFormat::Json => Format::Json,
            InputFormat::Html => Format::Html,
            InputFormat::Warc => Format::Warc,
        });
        if a.timeout == 0 {
            bail!("--timeout expects a number of seconds of at least 1, found 0");
        }
        let fields = FieldNames {
            id: a.id_field,
            text: a.text_field,
            html: a.html_field,
            title: a.title_field,
            authors: a.author_field,
            date: a.date_field,
            publisher: a.publisher_field,
            url: a.url_field,
            lang: a.lang_field,
        };
        for (flag, v) in [
            ("--id-field", &fields.id),
            ("--text-field", &fields.text),
            ("--html-field", &fields.html),
            ("--title-field", &fields.title),
            ("--author-field", &fields.authors),
            ("--date-field", &fields.date),
            ("--publisher-field", &fields.publisher),
            ("--url-field", &fields.url),
            ("--lang-field", &fields.lang),
        ] {
            if v.as_deref().is_some_and(|n| n.trim().is_empty()) {
                bail!("{flag} expects a field name, found an empty one");
            }
        }
        Ok(Config {
            inputs: a.inputs,
            format,
            output: a.output,
            input_format,
            explain: a.explain,
            threads,
            progress: !a.quiet && std::io::stderr().is_terminal(),
            summary: !a.quiet,
            with_text: a.with_text,
            fail_fast: a.fail_fast,
            hidden: a.hidden,
            follow: a.follow,
            timeout: std::time::Duration::from_secs(a.timeout),
            fields,
            md_cite: a.md_cite,
            md_bibliography: a.md_bibliography,
            keys: a.keys,
            entrysubtype: a.entrysubtype,
            min_confidence: a.min_confidence,
            lang: match a.lang.trim() {
                "auto" => None,
                tag => Some(tag.to_string()),
            },
            grammar: a.grammar,
            access_date,
        })
    }
}
