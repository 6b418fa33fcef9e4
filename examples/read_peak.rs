//! The reader side alone: split an input into documents and read each into an article
//! exactly as `quotecite extract` does, without analysing it, so that
//! `/usr/bin/time -v` shows the peak memory the readers add to a run.
//!
//! ```sh
//! cargo build --release --example read_peak
//! /usr/bin/time -v target/release/examples/read_peak big-article.txt
//! ```

use std::sync::Arc;

use quotecite::source::{self, OpenOptions, ReadOptions, ReadStats};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: read_peak FILE")?;
    let size = std::fs::metadata(&path)?.len();
    let file = std::fs::File::open(&path)?;
    let opts =
        OpenOptions { format: None, size_hint: Some(size), stats: Arc::new(ReadStats::default()) };
    let (mut articles, mut errors, mut text) = (0usize, 0usize, 0usize);
    for doc in source::open(Box::new(file), &path, &opts) {
        match doc.and_then(|d| d.read(&ReadOptions::default())) {
            Ok(a) => {
                articles += 1;
                text += a.text.len();
            }
            Err(e) => {
                errors += 1;
                eprintln!("{e}");
            }
        }
    }
    eprintln!(
        "{articles} articles, {errors} errors, {:.1} MB of text from {:.1} MB",
        text as f64 / 1e6,
        size as f64 / 1e6
    );
    Ok(())
}
