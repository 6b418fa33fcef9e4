//! Running `extract`: gather inputs, read them, hand them to the batch runner, write
//! the output, and turn the tally into an exit code.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use super::args::{Command, Opts, OutputFormat};
use super::config::Config;
use quotecite::batch::{self, Outcome};
use quotecite::export::{ExportOptions, Exporter};
use quotecite::grammar::Grammar;
use quotecite::source::{self, Format};
use quotecite::{Article, Error};

/// Parse arguments and run.
pub fn run() -> Result<ExitCode> {
    let opts = Opts::parse();
    match opts.command {
        Command::Extract(a) => extract(Config::new(a)?),
        Command::Eval(a) => eval(a),
    }
}

/// True when the error (or its cause) is a closed output pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Replace control, bidirectional and zero-width characters before text reaches a terminal.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => '?',
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '?',
            c => c,
        })
        .collect()
}

/// Expand folders into the article files below them, sorted, so runs are deterministic.
fn expand(inputs: &[PathBuf], errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in inputs {
        if p.as_os_str() != "-" && p.is_dir() {
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
                        if matches!(ext, "txt" | "md" | "markdown" | "jsonl" | "ndjson") {
                            out.push(e.into_path());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(format!("cannot read folder entry: {e}")),
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut buf)?;
    } else {
        File::open(path)?.read_to_end(&mut buf)?;
    }
    Ok(buf)
}

/// One input: its name for messages, and its articles, or why it could not be read.
fn read_articles(
    cfg: &Config,
    path: &Path,
) -> (String, Result<Vec<quotecite::Result<Article>>, String>) {
    let origin = if path.as_os_str() == "-" { "-".to_string() } else { path.display().to_string() };
    let bytes = match read_input(path) {
        Ok(b) => b,
        Err(e) => {
            let msg = format!("cannot read {origin}: {e}");
            return (origin, Err(msg));
        }
    };
    let format = match cfg.input_format {
        Some(f) => f,
        None if origin == "-" => Format::Text,
        None => Format::from_path(&origin),
    };
    let mut articles = source::read(&bytes, format, &origin);
    if let Some(tag) = cfg.lang {
        for a in articles.iter_mut().flatten() {
            a.meta.lang = Some(tag.to_string());
        }
    }
    (origin, Ok(articles))
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
    let analyses = batch::analyze_all(articles, Grammar::builtin());
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
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
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

/// The exporter of a run, built once from the configuration: format, filters, access
/// date, and the key file (read before the output is created, so that `--keys q.bib -o
/// q.bib` reads the old file). A missing key file counts as empty.
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
    let cite = match cfg.md_cite {
        super::args::MdCite::Footnotes => markdown::Cite::Footnotes,
        super::args::MdCite::Pandoc => markdown::Cite::Pandoc,
    };
    Ok(Exporter::new(ExportOptions {
        format,
        explain: cfg.explain,
        min_confidence: cfg.min_confidence,
        access_date: cfg.access_date,
        bib: bibtex::BibOptions { entrysubtype: cfg.entrysubtype.clone(), ..Default::default() },
        markdown: markdown::MarkdownOptions { cite, bibliography: cfg.md_bibliography.clone() },
        keys,
    }))
}

fn extract(cfg: Config) -> Result<ExitCode> {
    rayon::ThreadPoolBuilder::new().num_threads(cfg.threads).build_global().ok();
    let grammar = Grammar::builtin();
    let exporter = exporter(&cfg)?;
    let out: Box<dyn Write> = match &cfg.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p)
                .with_context(|| format!("cannot create output file {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut setup_errors = Vec::new();
    let files = expand(&cfg.inputs, &mut setup_errors);
    for e in &setup_errors {
        eprintln!("quotecite: {}", sanitize(e));
    }
    let mut sink = exporter.sink(out);
    let mut errors = setup_errors.len();
    let mut total = batch::Tally::default();
    let progress = cfg.progress && files.len() > 1;
    // Progress goes to a terminal only; long single files report every 500 articles.
    for (n, path) in files.iter().enumerate() {
        let (origin, read) = read_articles(&cfg, path);
        let articles = match read {
            Ok(a) => a,
            Err(msg) => {
                eprintln!("quotecite: {}", sanitize(&msg));
                sink.write_error(&origin, None, &msg)?;
                errors += 1;
                continue;
            }
        };
        let n_articles = articles.len();
        let mut seen = 0usize;
        let tally = batch::process(
            articles,
            grammar,
            |a| exporter.render(a),
            |o| {
                seen += 1;
                if cfg.progress && n_articles >= 1000 && seen % 500 == 0 {
                    eprint!("\rquotecite: {origin}: {seen}/{n_articles} articles");
                    if seen + 500 > n_articles {
                        eprintln!();
                    }
                }
                match o {
                    Outcome::Done { rendered, .. } => sink.write_article(rendered),
                    Outcome::Failed(e) => {
                        let msg = e.to_string();
                        eprintln!("quotecite: {}", sanitize(&msg));
                        let line = match &e {
                            Error::Record { line, .. } => Some(*line),
                            _ => None,
                        };
                        sink.write_error(&origin, line, &msg)
                    }
                }
            },
        )
        .context("cannot write output")?;
        errors += tally.errors;
        total.articles += tally.articles;
        total.quotes += tally.quotes;
        if progress {
            eprint!(
                "\rquotecite: {}/{} files, {} articles, {} quotations",
                n + 1,
                files.len(),
                total.articles,
                total.quotes
            );
        }
    }
    if progress {
        eprintln!();
    }
    sink.finish().context("cannot write output")?;
    if io::stderr().is_terminal() && errors > 0 {
        eprintln!("quotecite: {errors} input(s) failed; {} articles analysed", total.articles);
    }
    Ok(if errors > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
