//! Running `extract`: gather inputs, stream their documents through the batch runner,
//! write the output, print the summary, and turn the tally into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, ValueEnum};

use super::args::{Command, Opts, OutputFormat};
use super::config::Config;
use super::input::{self, StreamOptions};
use super::output::{Output, Progress};
use quotecite::Article;
use quotecite::batch::{self, BatchOptions, Flow, Outcome};
use quotecite::export::{ExportOptions, Exporter};
use quotecite::grammar::Grammar;
use quotecite::safe;
use quotecite::source::fetch::FetchOptions;
use quotecite::source::{ReadOptions, ReadStats};

/// Parse arguments and run.
pub fn run() -> Result<ExitCode> {
    let opts = Opts::parse();
    match opts.command {
        Command::Extract(a) => extract(Config::new(*a)?),
        Command::Eval(a) => eval(a),
    }
}

/// True when the error (or its cause) is a closed output pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `quotecite eval`: extract from every gold article and print the scorer's rows.
fn eval(a: super::args::EvalArgs) -> Result<ExitCode> {
    use quotecite::eval::{self as ev, GoldArticle, Report};
    if !(0.0..=1.0).contains(&a.min_overlap) {
        anyhow::bail!("--min-overlap expects a share between 0 and 1, found {}", a.min_overlap);
    }
    let src = std::fs::read_to_string(&a.gold)
        .with_context(|| format!("cannot read gold file {}", a.gold.display()))?;
    let origin = a.gold.display().to_string();
    let mut golds = Vec::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{origin}:{}: expected a JSON object per line", n + 1))?;
        let g = GoldArticle::from_json(&v)
            .with_context(|| format!("{origin}:{}: expected a `text` field", n + 1))?;
        golds.push(g);
    }
    let articles = golds.iter().map(|g| {
        let mut art = Article::from_text(g.id.clone(), g.text.clone());
        art.meta.lang = g.lang.clone();
        Ok(art)
    });
    let loaded = load_grammar(a.grammar.as_deref())?;
    let grammar = loaded.as_ref().unwrap_or(Grammar::builtin());
    let analyses = batch::analyze_all(articles, grammar);
    let mut report = Report::default();
    let mut ignored = 0;
    for (g, an) in golds.iter().zip(analyses) {
        let an = an?;
        let mut pred = ev::predictions(&an);
        ignored += g.drop_ignored(&mut pred);
        let s = ev::score_article(&g.text, &g.quotes, &pred, a.min_overlap);
        report.add(&g.quotes, &pred, &s);
    }
    let mut out = io::stdout().lock();
    if a.json {
        let rows: serde_json::Map<String, serde_json::Value> = ev::ROWS
            .iter()
            .zip(&report.rows)
            .map(|(name, c)| {
                let (p, r, f) = c.prf();
                let v = serde_json::json!({"tp": c.tp, "fp": c.fp, "fn": c.fn_, "precision": p, "recall": r, "f1": f});
                (name.to_string(), v)
            })
            .collect();
        let kinds: serde_json::Map<String, serde_json::Value> = report
            .by_kind
            .iter()
            .map(|(k, (f, t))| (k.clone(), serde_json::json!({"found": f, "total": t})))
            .collect();
        let bands: Vec<serde_json::Value> = report
            .bands(a.bands)
            .iter()
            .map(|b| serde_json::json!({"lo": b.lo, "hi": b.hi, "count": b.count, "precision": b.precision}))
            .collect();
        let doc = serde_json::json!({
            "articles": report.articles, "gold_quotes": report.gold, "pred_quotes": report.predicted,
            "rows": rows, "recall_by_kind_overlap": kinds, "predictions_in_ignore_spans": ignored,
            "precision_by_confidence": bands,
        });
        writeln!(out, "{}", safe::to_json_string(&doc, true))?;
    } else {
        write!(out, "{}", report.table())?;
        if ignored > 0 {
            writeln!(out, "predictions not scored (inside ignore_spans): {ignored}")?;
        }
        let bands = report.bands(a.bands);
        if !bands.is_empty() {
            writeln!(out, "precision by confidence (span-overlap+speaker), most confident first:")?;
            for b in bands {
                writeln!(out, "  {:.2}-{:.2}  {:>6}  {:.3}", b.lo, b.hi, b.count, b.precision)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The grammar of `--grammar DIR`: the built-in one with the folder's languages added;
/// `None` without the option. Every bad line is listed, each as `file:line: message`.
fn load_grammar(dir: Option<&std::path::Path>) -> Result<Option<Grammar>> {
    let Some(dir) = dir else { return Ok(None) };
    Grammar::from_dir(dir).map(Some).map_err(|errors| {
        let list: Vec<String> = errors
            .iter()
            .map(|e| match std::error::Error::source(e) {
                Some(cause) => safe::line(&format!("{e}: {cause}")).into_owned(),
                None => safe::line(&e.to_string()).into_owned(),
            })
            .collect();
        anyhow::anyhow!(
            "cannot load the grammar folder {}:\n{}",
            safe::line(&dir.display().to_string()),
            list.join("\n")
        )
    })
}

/// The exporter of a run, built once from the configuration: format, filters, access
/// date, and the key file. A missing key file counts as empty.
fn exporter(cfg: &Config) -> Result<Exporter> {
    use quotecite::export::{Format, bibtex, keys::KeyFile, markdown};
    let format = match cfg.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Biblatex => Format::Biblatex,
        OutputFormat::Bibtex => Format::Bibtex,
        OutputFormat::CslJson => Format::CslJson,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Html => Format::Html,
    };
    let keys = match &cfg.keys {
        Some(k) if !k.exists() => KeyFile::default(),
        Some(k) => {
            let src = std::fs::read_to_string(k)
                .with_context(|| format!("cannot read key file {}", k.display()))?;
            KeyFile::read(&src, &k.display().to_string())?
        }
        None => KeyFile::default(),
    };
    // `--keys F -o F` replaces F: only a bibliography of F's own format copies F's other
    // entries, so any other output would lose them.
    if let (Some(k), Some(out)) = (&cfg.keys, &cfg.output) {
        let same = k.exists() && same_file::is_same_file(k, out).unwrap_or(false);
        if same && !keys.is_empty() && format.merges() != keys.format {
            bail!(
                "refusing to write the output to {}: it is the --keys file, and a {} output \
                 would drop its {} entries; give -o another file, or use the key file's own \
                 format (biblatex or bibtex for a .bib, csl-json for CSL-JSON)",
                out.display(),
                cfg.format
                    .to_possible_value()
                    .map_or_else(|| format!("{:?}", cfg.format), |v| v.get_name().to_string()),
                keys.len()
            );
        }
    }
    let cite = match cfg.md_cite {
        super::args::MdCite::Footnotes => markdown::Cite::Footnotes,
        super::args::MdCite::Pandoc => markdown::Cite::Pandoc,
    };
    Ok(Exporter::new(ExportOptions {
        format,
        explain: cfg.explain,
        with_text: cfg.with_text,
        min_confidence: cfg.min_confidence,
        access_date: cfg.access_date,
        bib: bibtex::BibOptions { entrysubtype: cfg.entrysubtype.clone(), ..Default::default() },
        markdown: markdown::MarkdownOptions { cite, bibliography: cfg.md_bibliography.clone() },
        keys,
    }))
}

/// A document's error as one line for standard error, `origin:line: message`, with
/// anything unsafe in the file name or message shown escaped ([`safe::line`]).
fn error_line(e: &quotecite::Error) -> String {
    safe::line(&e.to_string()).into_owned()
}

fn extract(cfg: Config) -> Result<ExitCode> {
    rayon::ThreadPoolBuilder::new().num_threads(cfg.threads).build_global().ok();
    let loaded = load_grammar(cfg.grammar.as_deref())?;
    let grammar = loaded.as_ref().unwrap_or(Grammar::builtin());
    if let Some(tag) = cfg.lang.as_deref().filter(|t| !grammar.has(t)) {
        let tags: Vec<&str> = grammar.tags().collect();
        bail!(
            "--lang expects `auto` or a language of the grammar ({}; more with --grammar DIR), \
             found `{}`",
            tags.join(", "),
            safe::line(tag)
        );
    }
    let mut cfg = cfg;
    if cfg.inputs.is_empty() {
        if !input::stdin_is_readable() {
            bail!(
                "no input: give files, folders or URLs (quotecite extract article.html), or pipe \
                 articles to standard input (cat corpus.jsonl | quotecite extract)"
            );
        }
        cfg.inputs.push("-".into());
    }
    let inputs = input::gather(&cfg);
    // Nothing is written before the inputs are known and the key file is read: an output
    // that the run would read is refused, and a bad key file stops the run with the old
    // output untouched. The output is written beside its target under a temporary name
    // and replaces it only at the end, so `--keys q.bib -o q.bib` reads the old file
    // whole and keeps it if the run fails.
    if let Some(out) = &cfg.output {
        inputs.refuse_output(out, &cfg)?;
    }
    let exporter = exporter(&cfg)?;
    let mut out = Output::create(cfg.output.as_deref())?;
    let total = inputs.total_bytes();
    let skipped_files = inputs.skipped_files;
    let stats = Arc::new(ReadStats::default());
    let bytes_read = Arc::new(AtomicU64::new(0));
    let stream = input::stream(
        inputs.list,
        StreamOptions {
            format: cfg.input_format,
            fetch: FetchOptions { timeout: cfg.timeout, ..FetchOptions::default() },
            stats: stats.clone(),
            bytes_read: bytes_read.clone(),
        },
    );
    let opts = BatchOptions {
        read: ReadOptions { fields: cfg.fields.clone(), lang: cfg.lang.clone() },
        ..BatchOptions::with_threads(cfg.threads)
    };
    let started = Instant::now();
    let progress = Progress::new(cfg.progress, total);
    let mut documents = 0usize;
    // Workers render each article (bytes, or a bibliography's compact record); the sink
    // writes them in input order and the bibliography at the end.
    let mut sink = exporter.sink(out.writer());
    let tally = batch::run(
        stream,
        grammar,
        &opts,
        |a| exporter.render(a),
        |o| {
            documents += 1;
            let flow = match o {
                Outcome::Done { analysis, rendered } => {
                    let read = bytes_read.load(Ordering::Relaxed);
                    progress.update(read, analysis.quotes.len(), false);
                    sink.write_article(&analysis, rendered)?;
                    Flow::Continue
                }
                Outcome::Failed(e) => {
                    progress.println(&format!("quotecite: {}", error_line(&e)));
                    progress.update(bytes_read.load(Ordering::Relaxed), 0, true);
                    sink.write_error(&e)?;
                    if cfg.fail_fast { Flow::Stop } else { Flow::Continue }
                }
            };
            Ok(flow)
        },
    )
    .context("cannot write output")?;
    progress.finish();
    sink.finish().context("cannot write output")?;
    out.finish()?;
    if cfg.summary {
        let secs = started.elapsed().as_secs_f64().max(1e-6);
        let mb = bytes_read.load(Ordering::Relaxed) as f64 / 1e6;
        let mut line = format!(
            "quotecite: {documents} documents, {} errors, {} quotations, {mb:.1} MB in {secs:.1} s ({:.1} MB/s)",
            tally.errors,
            tally.quotes,
            mb / secs
        );
        let skipped_records = stats.skipped_records();
        if skipped_files > 0 || skipped_records > 0 {
            line.push_str(&format!(
                "; skipped {skipped_files} files in folders (not a readable format, hidden or links), \
                 {skipped_records} archive records (not HTML responses)"
            ));
        }
        eprintln!("{line}");
    }
    Ok(if tally.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
