//! Measure the HTML reader: extract the main text of every page in a folder (`.html`,
//! `.htm`, optionally gzipped), print one `{"id", "text"}` line per page on standard
//! output (the format of the article-extraction scorer), and the extraction speed in MB
//! of HTML per second on standard error, the median of `--repeat N` timed passes
//! (default 5). Decompression and file reading are outside the timed part; the
//! quotation analysis is not run.
//!
//! ```sh
//! cargo run --release --example html_extract -- PAGES/ > pred.jsonl
//! python3 score_body.py ground-truth.json pred.jsonl
//! ```

use std::io::{Read, Write};
use std::time::Instant;

use quotecite::source::{self, Format};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: html_extract DIR [--repeat N]")?;
    let repeat = match (args.next().as_deref(), args.next()) {
        (Some("--repeat"), Some(n)) => n.parse::<usize>()?.max(1),
        _ => 5,
    };
    let mut names: Vec<_> =
        std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    let mut pages = Vec::new();
    for p in names {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        let raw = std::fs::read(&p)?;
        let html = if lower.ends_with(".gz") {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out)?;
            out
        } else if lower.ends_with(".html") || lower.ends_with(".htm") {
            raw
        } else {
            continue;
        };
        pages.push((name, html));
    }
    let total: usize = pages.iter().map(|(_, h)| h.len()).sum();
    let mut times = Vec::new();
    let mut texts = Vec::new();
    for _ in 0..repeat {
        texts.clear();
        let start = Instant::now();
        for (name, html) in &pages {
            let text = match source::read(html, Format::Html, name).pop() {
                Some(Ok(a)) => a.text,
                _ => String::new(),
            };
            texts.push(text);
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let mut out = std::io::stdout().lock();
    for ((name, _), text) in pages.iter().zip(&texts) {
        writeln!(out, "{}", serde_json::json!({"id": name, "text": text}))?;
    }
    eprintln!(
        "{} pages, {:.1} MB of HTML, median of {repeat} passes {:.3} s: {:.1} MB/s (one thread)",
        pages.len(),
        total as f64 / 1e6,
        median,
        total as f64 / 1e6 / median
    );
    Ok(())
}
