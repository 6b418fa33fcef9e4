//! Benchmarks of the pipeline stages (STYLE.md section 5), all reported in MB/s.
//!
//! The corpus is every file of `fixtures/articles`, read when the bench starts; the
//! `*_1mb` cases repeat it to about 1 MB (one long Markdown article for the per-stage
//! groups, many articles for `batch`). Every timed loop checks the quote count against
//! the count measured outside the loop, so a change that is fast because it is broken
//! fails the bench instead of looking good.
//!
//! Run: `cargo bench --bench pipeline` (or `-- scan` for one group, `-- --quick`).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};

use quotecite::batch::{self, Outcome};
use quotecite::export::json::{self, JsonOptions};
use quotecite::grammar::Grammar;
use quotecite::model::Analysis;
use quotecite::source::{self, Format};
use quotecite::{Article, analyze, scan};

/// Target size of the repeated corpus.
const MB: usize = 1 << 20;

/// One input file: its name (origin), format and bytes.
struct Input {
    origin: String,
    format: Format,
    bytes: Vec<u8>,
}

/// Everything the benches need, built once.
struct Corpus {
    /// Every fixture file, in name order.
    files: Vec<Input>,
    /// The Markdown and text fixtures concatenated and repeated to about 1 MB, read as
    /// one Markdown article (headings and paragraphs stay as they were).
    big: Input,
    /// Every fixture article repeated to about 1 MB of text in total (for `batch`).
    many: Vec<Article>,
}

impl Corpus {
    fn load() -> Corpus {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("read fixtures/articles")
            .map(|e| e.expect("fixture entry").path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        let files: Vec<Input> = paths
            .iter()
            .map(|p| {
                let origin = p.to_str().expect("UTF-8 fixture path").to_string();
                Input {
                    format: Format::from_path(&origin),
                    bytes: std::fs::read(p).expect("read fixture"),
                    origin,
                }
            })
            .collect();
        assert!(files.len() >= 10, "expected the bundled fixtures in {}", dir.display());

        let mut big = Vec::with_capacity(MB + 16 * 1024);
        while big.len() < MB {
            for f in files.iter().filter(|f| f.format != Format::Jsonl) {
                big.extend_from_slice(&f.bytes);
                big.extend_from_slice(b"\n\n");
            }
        }
        let big = Input { origin: "corpus-1mb.md".into(), format: Format::Markdown, bytes: big };

        let articles: Vec<Article> = files.iter().flat_map(read_ok).collect();
        let mut many = Vec::new();
        let mut size = 0;
        while size < MB {
            for a in &articles {
                size += a.text.len();
                many.push(a.clone());
            }
        }
        Corpus { files, big, many }
    }

    fn files_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes.len() as u64).sum()
    }

    fn articles(&self) -> Vec<Article> {
        self.files.iter().flat_map(read_ok).collect()
    }
}

/// Read one input; every fixture must read.
fn read_ok(f: &Input) -> Vec<Article> {
    source::read(&f.bytes, f.format, &f.origin)
        .into_iter()
        .map(|r| r.expect("fixture reads"))
        .collect()
}

fn text_bytes(articles: &[Article]) -> u64 {
    articles.iter().map(|a| a.text.len() as u64).sum()
}

/// A group with the bench's modest defaults and its throughput in bytes.
fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(2));
    g
}

fn bench_read(c: &mut Criterion) {
    let corpus = Corpus::load();
    let mut g = group(c, "read");
    let count = corpus.articles().len();
    g.throughput(Throughput::Bytes(corpus.files_bytes()));
    g.bench_function("fixtures", |b| {
        b.iter(|| {
            let n: usize = corpus
                .files
                .iter()
                .map(|f| source::read(black_box(&f.bytes), f.format, &f.origin).len())
                .sum();
            assert_eq!(n, count);
        })
    });
    let big = &corpus.big;
    let body = read_ok(big)[0].body.len();
    g.throughput(Throughput::Bytes(big.bytes.len() as u64));
    g.bench_function("markdown_1mb", |b| {
        b.iter(|| {
            let a = source::read(black_box(&big.bytes), big.format, &big.origin);
            let a = a[0].as_ref().expect("reads");
            assert_eq!(a.body.len(), body);
            a.plain.as_ref().map(String::len)
        })
    });

    // Web pages: every fixture article as an HTML page with navigation, share links and
    // related stories around it; then the same pages as responses of a gzipped WARC.
    let pages: Vec<Vec<u8>> = corpus.articles().iter().map(|a| page(&a.text)).collect();
    let html_bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    g.throughput(Throughput::Bytes(html_bytes));
    g.bench_function("html_pages", |b| {
        b.iter(|| {
            let n = pages
                .iter()
                .filter(|p| source::read(black_box(p), Format::Html, "p.html")[0].is_ok())
                .count();
            assert_eq!(n, pages.len());
        })
    });
    let warc = warc_gz(&pages);
    g.throughput(Throughput::Bytes(warc.len() as u64));
    g.bench_function("warc_gz_split", |b| {
        b.iter(|| {
            let opts = source::OpenOptions::default();
            let n = source::open(Box::new(std::io::Cursor::new(warc.clone())), "a.warc.gz", &opts)
                .filter(Result::is_ok)
                .count();
            assert_eq!(n, pages.len());
        })
    });
    g.finish();
}

/// An HTML page holding `text`'s paragraphs, with boilerplate around them.
fn page(text: &str) -> Vec<u8> {
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>T</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/a\">World</a> <a href=\"/b\">Business</a></nav><article>",
    );
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        html.push_str("<p>");
        html.push_str(&p.replace('&', "&amp;").replace('<', "&lt;"));
        html.push_str("</p>\n");
    }
    html.push_str(
        "</article><aside><ul><li><a href=\"/r1\">Related one</a></li><li><a href=\"/r2\">Related two</a></li></ul></aside>\
         <footer><a href=\"/about\">About</a></footer></body></html>",
    );
    html.into_bytes()
}

/// The pages as `response` records of a WARC, one gzip member per record.
fn warc_gz(pages: &[Vec<u8>]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        http.extend_from_slice(p);
        let mut rec = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://bench.example/{i}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        rec.extend(http);
        rec.extend_from_slice(b"\r\n\r\n");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&rec).expect("write to Vec");
        out.extend(e.finish().expect("gzip to Vec"));
    }
    out
}

fn bench_scan(c: &mut Criterion) {
    let corpus = Corpus::load();
    let marks = &Grammar::builtin().marks;
    let mut g = group(c, "scan");
    let articles = corpus.articles();
    let count: usize = articles.iter().map(|a| scan::quotes(a.plain(), marks).quotes.len()).sum();
    assert!(count > 50, "only {count} quotes scanned in the fixtures");
    g.throughput(Throughput::Bytes(text_bytes(&articles)));
    g.bench_function("fixtures", |b| {
        b.iter(|| {
            let n: usize = articles
                .iter()
                .map(|a| scan::quotes(black_box(a.plain()), marks).quotes.len())
                .sum();
            assert_eq!(n, count);
        })
    });
    let big = read_ok(&corpus.big).remove(0);
    let count = scan::quotes(big.plain(), marks).quotes.len();
    g.throughput(Throughput::Bytes(big.text.len() as u64));
    g.bench_function("markdown_1mb", |b| {
        b.iter(|| assert_eq!(scan::quotes(black_box(big.plain()), marks).quotes.len(), count))
    });
    g.finish();
}

fn bench_attribute(c: &mut Criterion) {
    let corpus = Corpus::load();
    let grammar = Grammar::builtin();
    let mut g = group(c, "attribute");
    let articles = corpus.articles();
    let count: usize = articles.iter().map(|a| analyze(a.clone(), grammar).quotes.len()).sum();
    g.throughput(Throughput::Bytes(text_bytes(&articles)));
    g.bench_function("fixtures", |b| {
        b.iter_batched(
            || articles.clone(),
            |arts| {
                let n: usize = arts.into_iter().map(|a| analyze(a, grammar).quotes.len()).sum();
                assert_eq!(n, count);
            },
            BatchSize::SmallInput,
        )
    });
    let big = read_ok(&corpus.big).remove(0);
    let count = analyze(big.clone(), grammar).quotes.len();
    g.throughput(Throughput::Bytes(big.text.len() as u64));
    g.bench_function("markdown_1mb", |b| {
        b.iter_batched(
            || big.clone(),
            |a| assert_eq!(analyze(a, grammar).quotes.len(), count),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn bench_export_json(c: &mut Criterion) {
    let corpus = Corpus::load();
    let grammar = Grammar::builtin();
    let mut g = group(c, "export_json");
    let analyses: Vec<Analysis> = corpus.many.iter().map(|a| analyze(a.clone(), grammar)).collect();
    let opts = JsonOptions::default();
    let mut out = Vec::new();
    for a in &analyses {
        json::write(a, &opts, &mut out).expect("write to Vec");
    }
    let (len, lines) = (out.len(), out.iter().filter(|&&b| b == b'\n').count());
    assert_eq!(lines, analyses.len());
    // Output bytes: what an exporter is judged by.
    g.throughput(Throughput::Bytes(len as u64));
    g.bench_function("jsonl_1mb", |b| {
        b.iter(|| {
            out.clear();
            for a in &analyses {
                json::write(black_box(a), &opts, &mut out).expect("write to Vec");
            }
            assert_eq!(out.len(), len);
        })
    });
    g.finish();
}

/// Read, analyse and render every input into `out`; the number of quotes found.
fn end_to_end(files: &[Input], grammar: &Grammar, out: &mut Vec<u8>) -> usize {
    let opts = JsonOptions::default();
    let mut n = 0;
    for f in files {
        for r in source::read(&f.bytes, f.format, &f.origin) {
            let a = analyze(r.expect("reads"), grammar);
            n += a.quotes.len();
            json::write(&a, &opts, &mut *out).expect("write to Vec");
        }
    }
    n
}

fn bench_end_to_end(c: &mut Criterion) {
    let corpus = Corpus::load();
    let grammar = Grammar::builtin();
    let mut g = group(c, "end_to_end");
    let mut out = Vec::new();
    let count = end_to_end(&corpus.files, grammar, &mut out);
    g.throughput(Throughput::Bytes(corpus.files_bytes()));
    g.bench_function("fixtures", |b| {
        b.iter(|| {
            out.clear();
            assert_eq!(end_to_end(black_box(&corpus.files), grammar, &mut out), count);
        })
    });
    let big = std::slice::from_ref(&corpus.big);
    let count = end_to_end(big, grammar, &mut out);
    g.throughput(Throughput::Bytes(corpus.big.bytes.len() as u64));
    g.bench_function("markdown_1mb", |b| {
        b.iter(|| {
            out.clear();
            assert_eq!(end_to_end(black_box(big), grammar, &mut out), count);
        })
    });
    // The floor: one memchr pass over the same bytes, for the ratio end to end / memchr
    // measured in the same run.
    let bytes = &corpus.big.bytes;
    let lines = memchr::memchr_iter(b'\n', bytes).count();
    g.bench_function("memchr_baseline_1mb", |b| {
        b.iter(|| assert_eq!(memchr::memchr_iter(b'\n', black_box(bytes)).count(), lines))
    });
    g.finish();
}

fn bench_batch(c: &mut Criterion) {
    let corpus = Corpus::load();
    let grammar = Grammar::builtin();
    let mut g = group(c, "batch");
    let opts = JsonOptions::default();
    let render = |a: &Analysis| {
        let mut buf = Vec::new();
        json::write(a, &opts, &mut buf).expect("write to Vec");
        buf
    };
    let count: usize = corpus.many.iter().map(|a| analyze(a.clone(), grammar).quotes.len()).sum();
    let articles = corpus.many.len();
    g.throughput(Throughput::Bytes(text_bytes(&corpus.many)));
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    for n in threads {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("thread pool");
        g.bench_with_input(BenchmarkId::new("threads", n), &n, |b, _| {
            b.iter_batched(
                || corpus.many.iter().cloned().map(Ok).collect::<Vec<_>>(),
                |input| {
                    let mut bytes = 0;
                    let tally = pool
                        .install(|| {
                            batch::process(input, grammar, render, |o| {
                                if let Outcome::Done { rendered: b, .. } = o {
                                    bytes += b.len();
                                }
                                Ok(())
                            })
                        })
                        .expect("sink never fails");
                    assert_eq!((tally.articles, tally.errors, tally.quotes), (articles, 0, count));
                    bytes
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// Inputs that could make a careless scanner or attributor quadratic, at `k` times a
/// base of about 16 kB (so 64x is about 1 MB).
fn pathological(kind: &str, k: usize) -> String {
    let base = 16 * 1024;
    let mut unit = String::new();
    match kind {
        // Openers that never close, between words, in one paragraph.
        "unmatched_openers" => {
            while unit.len() < base {
                unit.push_str("“the minister ");
            }
        }
        // Runs of apostrophes (single, double '' marks and typographic) in words.
        "apostrophe_runs" => {
            while unit.len() < base {
                unit.push_str("don''t '''' ''' rock 'n' roll ’’’ the '90s O’Brien’s ");
            }
        }
        // Quotations nested ten deep, each closed, in sentences with a speaker.
        "nested_ten_deep" => {
            let (open, close) = (["“", "‘"], ["”", "’"]);
            while unit.len() < base {
                for i in 0..10 {
                    unit.push_str(open[i % 2]);
                    unit.push_str(&format!("level {i} "));
                }
                unit.push_str("core");
                for i in (0..10).rev() {
                    unit.push_str(close[i % 2]);
                }
                unit.push_str(", John Smith said. ");
            }
        }
        // One paragraph, no sentence end, many cues: one sentence unit of up to 1 MB.
        "said_no_sentence_end" => {
            while unit.len() < base {
                unit.push_str(
                    "the minister said the union said that the plan said John Smith said ",
                );
            }
        }
        // Many short attributed sentences: coreference over thousands of mentions.
        "said_sentences" => {
            while unit.len() < base {
                unit.push_str("The minister said the plan works. John Smith said it does not. ");
            }
        }
        other => panic!("unknown pathological input {other}"),
    }
    unit.repeat(k)
}

/// Above this time for one run outside the timed loop, a pathological case is skipped
/// (it would take minutes at ten samples); set `QUOTECITE_BENCH_FULL=1` to run it anyway.
const SLOW: Duration = Duration::from_secs(1);

fn bench_pathological(c: &mut Criterion) {
    let grammar = Grammar::builtin();
    let full = std::env::var_os("QUOTECITE_BENCH_FULL").is_some();
    let mut g = group(c, "pathological");
    for kind in [
        "unmatched_openers",
        "apostrophe_runs",
        "nested_ten_deep",
        "said_no_sentence_end",
        "said_sentences",
    ] {
        for k in [1, 4, 16, 64] {
            let text = pathological(kind, k);
            let article = Article::from_text(kind, text.as_str());
            let t = Instant::now();
            let count = analyze(article.clone(), grammar).quotes.len();
            let once = t.elapsed();
            if kind.starts_with("nested") || kind.starts_with("said") {
                assert!(count > 0, "{kind}: no quotations found");
            }
            if once > SLOW && !full {
                eprintln!(
                    "pathological/{kind}/{k}x: skipped, one run of {} kB took {once:.2?} \
                     (not linear; QUOTECITE_BENCH_FULL=1 runs it)",
                    text.len() / 1024
                );
                continue;
            }
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(kind, format!("{k}x")), &article, |b, a| {
                b.iter_batched(
                    || a.clone(),
                    |a| assert_eq!(analyze(a, grammar).quotes.len(), count),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_read,
    bench_scan,
    bench_attribute,
    bench_export_json,
    bench_end_to_end,
    bench_batch,
    bench_pathological
);
criterion_main!(benches);
