//! Raw command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Find quotations in news articles, attribute them to their speakers, export citations.
#[derive(Debug, Parser)]
#[command(name = "quotecite", version, about, long_about = None, after_help = TOP_EXAMPLES)]
pub struct Opts {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find and attribute the quotations of one or more articles.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(Box<ExtractArgs>),
    /// Extract from annotated articles and score the result against their annotation.
    #[command(after_help = EVAL_EXAMPLES)]
    Eval(EvalArgs),
}

const EVAL_EXAMPLES: &str = "\
The gold file has one article per line: {\"id\", \"text\", \"quotes\": [{\"start\", \"end\",
\"speaker\", \"speaker_start\", \"speaker_end\", \"kind\"}]} with character offsets.
Rows: span-exact, span-overlap (half the words of both spans shared), and each again
requiring the speaker.

Examples:
  quotecite eval gold.jsonl
  quotecite eval gold.jsonl --json
  quotecite eval gold.jsonl --bands 5     precision by confidence, most confident first";

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold file (JSON Lines).
    #[arg(value_name = "GOLD.jsonl")]
    pub gold: PathBuf,

    /// Share of the words of both spans that must be shared for an overlap match.
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub min_overlap: f64,

    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,

    /// Also print precision (span-overlap+speaker) in N confidence bands, most confident
    /// first: how well `confidence` orders the quotations.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub bands: usize,

    /// Add the languages of a grammar folder, read at run time (as for `extract`).
    #[arg(long, value_name = "DIR")]
    pub grammar: Option<PathBuf>,
}

const TOP_EXAMPLES: &str = "\
Examples:
  quotecite extract article.md                 readable listing on the terminal
  quotecite extract corpus.jsonl -o out.jsonl  JSON Lines, one line per article
  quotecite eval gold.jsonl                    score against annotated articles
  quotecite extract --help                     all options of extract";

const EXTRACT_EXAMPLES: &str = "\
Examples:
  quotecite extract article.md                 readable listing on the terminal
  quotecite extract --format json article.md   one pretty JSON object per article
  quotecite extract corpus.jsonl -o out.jsonl  JSON Lines, one line per article
  quotecite extract page.html --with-text      a saved web page, with its extracted text
  quotecite extract https://example.org/news/story.html
  quotecite extract crawl.warc.gz -o out.jsonl every HTML response of a web archive
  quotecite extract export.jsonl.zst --text-field body --id-field uid
  quotecite extract articles/                  every readable file below a folder
  zcat crawl.jsonl.gz | quotecite extract -q > out.jsonl
  quotecite extract a.md b.md -o quotes.bib    one BibLaTeX bibliography for both articles
  quotecite extract a.md --format csl-json -o quotes.json
  quotecite extract a.md -o notes.md           blockquotes with full and short footnotes
  quotecite extract a.md -o check.html         a page to check every attribution by eye
  quotecite extract new.md --keys quotes.bib -o quotes.bib   add to quotes.bib, keys kept
  quotecite extract a.md --access-date today -o quotes.bib   urldate of every URL
  cat story.txt | quotecite extract            standard input; its format from its content
  quotecite extract --input-format md - < story.md

Inputs: text, Markdown, HTML, JSON Lines, JSON and WARC files, each optionally .gz or
.zst; URLs; folders (walked for those formats); standard input. The format comes from
the extension when it is unambiguous, else from the content.

Output: in JSON Lines every input document gives one line, its result or
{\"id\", \"error\": {\"kind\", \"message\", \"path\", \"line\"}}. A summary goes to
standard error. Exit status: 0 when every document was read, 1 when some could not
be, 2 for a usage or output error.";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Readable listing, one quotation per block.
    Text,
    /// One pretty-printed JSON object per article.
    Json,
    /// One compact JSON object per article per line.
    Jsonl,
    /// BibLaTeX: one @article per source article, quotations in `annote` (default for .bib).
    Biblatex,
    /// Classic BibTeX (journal, year, month) for natbib and .bst styles.
    Bibtex,
    /// CSL-JSON for pandoc, citeproc and Zotero; quotations in `custom.quotations`.
    CslJson,
    /// Markdown: quotations as blockquotes with footnotes (or pandoc citations).
    Markdown,
    /// One self-contained HTML page: every quotation highlighted in its speaker's colour.
    Html,
}

/// The `--lang` help: the built-in languages come from the grammar.
fn lang_help() -> String {
    let tags: Vec<&str> = quotecite::grammar::Grammar::builtin().tags().collect();
    format!(
        "Language of the articles: `auto` (each article's own tag, else detected from its \
         text), or a language of the grammar: built in {}, or one added with --grammar",
        tags.join(", ")
    )
}

/// How Markdown output cites its sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MdCite {
    /// Footnotes: a full note for the first quotation of an article, short notes after.
    Footnotes,
    /// Pandoc citations `[@key]`; pair with a CSL-JSON bibliography.
    Pandoc,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Plain text.
    Text,
    /// Markdown.
    #[value(alias = "md")]
    Markdown,
    /// JSON Lines, one article per line (`id`, `text`, optional metadata).
    Jsonl,
    /// One JSON document: an article object or a list of them.
    Json,
    /// An HTML page.
    Html,
    /// A web archive (WARC).
    Warc,
}

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Articles to read: files, folders (walked for readable files), URLs, or `-` for
    /// standard input (read when no input is given and standard input is piped).
    #[arg(value_name = "FILE|DIR|URL|-")]
    pub inputs: Vec<PathBuf>,

    /// Output format. Default: text on a terminal, else from the -o extension, else jsonl.
    #[arg(short, long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Write to this file instead of standard output. It is replaced only at the end, by
    /// the complete output; an input, or a file an input folder's walk would read, is
    /// refused.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Format of every input (default: by extension when it is unambiguous, else by
    /// content).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Add the article text that the offsets refer to (for web pages, the extracted main
    /// text) to each JSON record as `text`.
    #[arg(long)]
    pub with_text: bool,

    /// Stop at the first document that cannot be read (its error record is written).
    #[arg(long)]
    pub fail_fast: bool,

    /// Also read hidden files and folders (names starting with `.`) in folders.
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links in folders.
    #[arg(short = 'L', long)]
    pub follow: bool,

    /// Seconds allowed for downloading one URL.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,

    /// JSON records: the field holding the text (markup in it is read as HTML).
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub text_field: Option<String>,

    /// JSON records: the field holding the id.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub id_field: Option<String>,

    /// JSON records: the field holding HTML, read when there is no text field.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub html_field: Option<String>,

    /// JSON records: the field holding the title.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub title_field: Option<String>,

    /// JSON records: the field holding the authors.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub author_field: Option<String>,

    /// JSON records: the field holding the date.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub date_field: Option<String>,

    /// JSON records: the field holding the publisher.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub publisher_field: Option<String>,

    /// JSON records: the field holding the URL.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub url_field: Option<String>,

    /// JSON records: the field holding the language tag.
    #[arg(long, value_name = "NAME", help_heading = "JSON field names")]
    pub lang_field: Option<String>,

    /// Add to each quotation the grammar rule and evidence that attributed it.
    #[arg(long)]
    pub explain: bool,

    /// Number of worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Markdown only: footnotes, or pandoc citations `[@key]`.
    #[arg(long, value_enum, value_name = "STYLE", default_value = "footnotes")]
    pub md_cite: MdCite,

    /// Markdown with `--md-cite pandoc`: the bibliography file named in the front matter.
    #[arg(long, value_name = "FILE")]
    pub md_bibliography: Option<String>,

    /// Keep the citation keys issued in an earlier .bib, CSL-JSON or JSON Lines file: its
    /// entries keep their keys, new articles get new ones; a .bib or CSL-JSON output keeps
    /// the file's other entries too. A missing file counts as empty.
    #[arg(long, value_name = "FILE")]
    pub keys: Option<PathBuf>,

    /// Date the URLs were accessed, YYYY-MM-DD or `today` (UTC): BibLaTeX `urldate`,
    /// CSL `accessed`.
    #[arg(long, value_name = "DATE|today")]
    pub access_date: Option<String>,

    /// BibLaTeX `entrysubtype` (newspaper; biblatex-apa wants nonacademic, biblatex-chicago
    /// magazine).
    #[arg(long, value_name = "VALUE", default_value = "newspaper")]
    pub entrysubtype: String,

    /// Leave out quotations attributed with less confidence than this (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "SHARE")]
    pub min_confidence: f32,

    #[arg(long, default_value = "auto", value_name = "TAG", help = lang_help())]
    pub lang: String,

    /// Add the languages of a grammar folder, read at run time: a language folder laid
    /// out like `grammar/en/` and named by its tag, or a folder of such folders.
    #[arg(long, value_name = "DIR")]
    pub grammar: Option<PathBuf>,

    /// Print neither the progress bar nor the summary.
    #[arg(short, long)]
    pub quiet: bool,
}
