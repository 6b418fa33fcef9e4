//! Growth: throughput (MB/s) of the whole flow, read + analyse + JSON, on the inputs of
//! issue 15 that make careless code superlinear, at 1x, 4x and 16x a base of 64 KiB.
//! Linear code shows the same MB/s at every size; a falling MB/s is superlinear growth.
//! The cases are those of `benches/growth.py` (whole-process runs, 1x to 64x, CPU per MB
//! and peak memory, and the CI check); keep the two in step.
//!
//! A size whose one untimed run takes over a second is skipped with a loud line, and the
//! larger sizes of its case with it (they would take minutes at ten samples);
//! `QUOTECITE_BENCH_FULL=1` runs them anyway.
//!
//! Run: `cargo bench --bench growth` (or `-- growth/nested_marks`, `-- --quick`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use quotecite::export::json::{self, JsonOptions};
use quotecite::grammar::Grammar;
use quotecite::source::{self, Format};
use quotecite::{Article, analyze};

/// 1x.
const BASE: usize = 64 * 1024;

/// Above this time for one untimed run, a size is skipped.
const SLOW: Duration = Duration::from_secs(1);

/// The cases, in the order of `benches/growth.py`.
const CASES: [&str; 10] = [
    "no_full_stop_pronouns",
    "said_that_chain",
    "many_speakers",
    "one_speaker_many_quotes",
    "unmatched_openers",
    "apostrophe_runs",
    "nested_marks",
    "huge_json_line",
    "tiny_articles",
    "deep_markdown",
];

/// `unit` repeated to at least `size` bytes.
fn repeat_to(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len() + 1)
}

const NAMES: [&str; 16] = [
    "Bo", "Ka", "Li", "Mu", "Ne", "Ro", "Sa", "Tu", "Vi", "Ze", "Da", "Fe", "Go", "Ha", "Jo", "Pe",
];

/// A JSON string literal.
fn js(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// Case `name` at about `size` bytes, and its input format.
fn case_input(name: &str, size: usize) -> (String, Format) {
    let text = |s: String| (s, Format::Text);
    match name {
        "no_full_stop_pronouns" => text(format!(
            "The report came out on Monday. {}so it ended.",
            repeat_to("he said that it rained and ", size)
        )),
        "said_that_chain" => {
            text(format!("Officials said that {}it rained.", repeat_to("he said that ", size)))
        }
        "many_speakers" => {
            let mut s = String::from("Many speakers\n\n");
            let mut i = 0;
            while s.len() < size {
                let sur = format!(
                    "{}{}{}vak{}",
                    NAMES[i % 16],
                    NAMES[(i / 16) % 16],
                    NAMES[(i / 256) % 16],
                    i / 4096
                );
                s.push_str(&format!(
                    "“The plan is sound,” said Anna {sur}, the {sur} minister. \
                     {sur} added that the costs would fall.\n\n"
                ));
                i += 1;
            }
            text(s)
        }
        "one_speaker_many_quotes" => text(format!(
            "One speaker\n\n{}",
            repeat_to(
                "“The plan is sound,” said Anna Bovaka, the finance minister. \
                 “It will work,” she added. Bovaka said the costs would fall.\n\n",
                size
            )
        )),
        "unmatched_openers" => text(repeat_to("“the minister ‘said «that „the ", size)),
        "apostrophe_runs" => {
            text(repeat_to("don''t '''' ''' rock 'n' roll ’’’ the '90s O’Brien’s ", size))
        }
        "nested_marks" => {
            let (open, close) = (["“", "‘"], ["”", "’"]);
            let mut unit = String::new();
            for i in 0..10 {
                unit.push_str(&format!("{}level {i} ", open[i % 2]));
            }
            unit.push_str("core");
            for i in (0..10).rev() {
                unit.push_str(close[i % 2]);
            }
            unit.push_str(", John Smith said. ");
            text(repeat_to(&unit, size))
        }
        "huge_json_line" => {
            let t = repeat_to(
                "“The plan is sound,” said Anna Bovaka. The ministry said it would act. ",
                size,
            );
            (format!("{{\"id\": \"huge\", \"title\": \"One line\", \"text\": {}}}\n", js(&t)), {
                Format::Jsonl
            })
        }
        "tiny_articles" => {
            let mut s = String::new();
            let mut i = 0;
            while s.len() < size {
                let t = format!(
                    "“Yes,” said Anna Berg{}. The council agreed on the plan for the harbour.",
                    i % 97
                );
                s.push_str(&format!("{{\"id\": \"t{i}\", \"text\": {}}}\n", js(&t)));
                i += 1;
            }
            (s, Format::Jsonl)
        }
        "deep_markdown" => {
            let depth = (size / 2048).max(1);
            let mut s = String::from("# Deep nesting\n\n");
            let mut k = 0;
            while s.len() < size {
                let d = 1 + k % depth;
                s.push_str(&"> ".repeat(d));
                s.push_str(&"“Deep,” she said, *a **b ***c [link ".repeat(2));
                s.push('\n');
                k += 1;
            }
            (s, Format::Markdown)
        }
        other => panic!("unknown growth case {other}"),
    }
}

/// Read, analyse and write JSON Lines, as `quotecite extract --format jsonl` does;
/// returns the number of quotations.
fn run(bytes: &[u8], format: Format, grammar: &Grammar, out: &mut Vec<u8>) -> usize {
    let mut quotes = 0;
    for a in source::read(bytes, format, "growth") {
        let a: Article = a.expect("growth input reads");
        let analysis = analyze(a, grammar);
        quotes += analysis.quotes.len();
        json::write(&analysis, &JsonOptions::default(), &mut *out).expect("write to memory");
    }
    quotes
}

fn bench_growth(c: &mut Criterion) {
    let grammar = Grammar::builtin();
    let full = std::env::var_os("QUOTECITE_BENCH_FULL").is_some();
    let mut g = c.benchmark_group("growth");
    g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for case in CASES {
        for k in [1, 4, 16] {
            let (input, format) = case_input(case, BASE * k);
            let mut out = Vec::new();
            let t = Instant::now();
            let count = run(input.as_bytes(), format, grammar, &mut out);
            let once = t.elapsed();
            if once > SLOW && !full {
                eprintln!(
                    "!! growth/{case}/{k}x and larger: SKIPPED, one run of {} KiB took \
                     {once:.2?} (superlinear; QUOTECITE_BENCH_FULL=1 runs it)",
                    input.len() / 1024
                );
                break;
            }
            g.throughput(Throughput::Bytes(input.len() as u64));
            g.bench_with_input(BenchmarkId::new(case, format!("{k}x")), &input, |b, input| {
                b.iter(|| {
                    out.clear();
                    let n = run(black_box(input.as_bytes()), format, grammar, &mut out);
                    assert_eq!(n, count, "{case}/{k}x: quotation count changed");
                });
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_growth);
criterion_main!(benches);
