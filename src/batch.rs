//! Batch runs: many articles analysed in parallel, results delivered in input order.
//!
//! Articles are taken in chunks; each chunk is analysed and rendered on rayon workers,
//! each article into its own buffer, and the buffers are handed to the sink whole and
//! in order, so output never interleaves and is the same for any number of threads.
//! An article that could not be read reaches the sink as its error; the run goes on.

use std::io;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::grammar::Grammar;
use crate::model::{Analysis, Article};

/// What happened to one input document; `T` is what the render step made of it (an
/// [`crate::export::Rendered`] article).
#[derive(Debug)]
pub enum Outcome<T> {
    /// Analysed and rendered.
    Done {
        /// The rendered output.
        rendered: T,
        /// How many quotations it holds.
        quotes: usize,
    },
    /// Could not be read.
    Failed(Error),
}

/// Counts of a finished run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Articles analysed.
    pub articles: usize,
    /// Documents that failed.
    pub errors: usize,
    /// Quotations found.
    pub quotes: usize,
}

/// Articles per parallel chunk: large enough to keep every core busy, small enough to
/// bound memory on long runs.
pub const CHUNK: usize = 256;

/// Analyse every article, render each with `render` on a worker, and pass the outcomes
/// to `sink` in input order. Stops early only when the sink fails (a closed pipe).
pub fn process<I, R, T, S>(
    articles: I,
    grammar: &Grammar,
    render: R,
    mut sink: S,
) -> io::Result<Tally>
where
    I: IntoIterator<Item = Result<Article>>,
    R: Fn(&Analysis) -> T + Sync,
    T: Send,
    S: FnMut(Outcome<T>) -> io::Result<()>,
{
    let mut tally = Tally::default();
    let mut chunk: Vec<Result<Article>> = Vec::with_capacity(CHUNK);
    let mut flush = |chunk: &mut Vec<Result<Article>>, tally: &mut Tally| -> io::Result<()> {
        let outcomes: Vec<Outcome<T>> = chunk
            .par_drain(..)
            .map(|r| match r {
                Ok(article) => {
                    let a = crate::analyze(article, grammar);
                    Outcome::Done { rendered: render(&a), quotes: a.quotes.len() }
                }
                Err(e) => Outcome::Failed(e),
            })
            .collect();
        for o in outcomes {
            match &o {
                Outcome::Done { quotes, .. } => {
                    tally.articles += 1;
                    tally.quotes += quotes;
                }
                Outcome::Failed(_) => tally.errors += 1,
            }
            sink(o)?;
        }
        Ok(())
    };
    for a in articles {
        chunk.push(a);
        if chunk.len() == CHUNK {
            flush(&mut chunk, &mut tally)?;
        }
    }
    flush(&mut chunk, &mut tally)?;
    Ok(tally)
}

/// Analyse every article in parallel and return the analyses in input order, for
/// outputs that need all articles at once (a bibliography).
pub fn analyze_all<I>(articles: I, grammar: &Grammar) -> Vec<Result<Analysis>>
where
    I: IntoIterator<Item = Result<Article>>,
{
    let input: Vec<Result<Article>> = articles.into_iter().collect();
    input.into_par_iter().map(|r| r.map(|a| crate::analyze(a, grammar))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_errors_are_kept() {
        let mut input: Vec<Result<Article>> = (0..600)
            .map(|i| Ok(Article::from_text(format!("a{i}"), format!("Text {i}, he said."))))
            .collect();
        input[7] = Err(Error::Record { origin: "x".into(), line: 8, message: "bad".into() });
        let mut seen = Vec::new();
        let tally = process(
            input,
            Grammar::builtin(),
            |a| a.article.id.clone().into_bytes(),
            |o| {
                seen.push(match o {
                    Outcome::Done { rendered, .. } => String::from_utf8(rendered).unwrap(),
                    Outcome::Failed(e) => e.to_string(),
                });
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(tally.articles, 599);
        assert_eq!(tally.errors, 1);
        assert_eq!(seen[6], "a6");
        assert_eq!(seen[7], "x:8: bad");
        assert_eq!(seen[599], "a599");
    }
}
