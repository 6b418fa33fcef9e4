//! Batch runs: a stream of documents analysed on all cores, results delivered in input
//! order, memory bounded whatever the input size.
//!
//! Three stages joined by channels. The calling thread's iterator of jobs is pulled on a
//! reader thread, which may hold at most [`BatchOptions::max_in_flight`] jobs or
//! [`BatchOptions::max_bytes_in_flight`] bytes that the writer has not yet taken (a single
//! larger job is still let through alone), so a slow writer or a huge input never
//! fills memory. Worker threads read each job into an [`Article`] (decoding, HTML
//! extraction, JSON parsing happen here, in parallel), analyse it and render it (into
//! bytes, or whatever the caller's render step makes, such as an
//! [`crate::export::Rendered`] article). The calling thread puts outcomes back into input order and hands them to
//! the sink whole, so output never interleaves and is the same for any number of
//! threads. Ids are made unique in input order: a repeated id gets `-2`, `-3`, … and its
//! output is rendered again. A document that could not be read reaches the sink as its
//! error (a panic in the analysis becomes an error of kind `internal`); the run goes on
//! unless the sink says stop.

use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, Hash};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Condvar, Mutex};

use crate::error::{Error, ErrorKind, Result};
use crate::grammar::Grammar;
use crate::model::{Analysis, Article};
use crate::source::{Document, ReadOptions};

/// One unit of work: something that becomes an article on a worker.
pub trait Job: Send {
    /// Its size in bytes, to bound how much is in flight.
    fn weight(&self) -> usize;
    /// Read it into an article.
    fn into_article(self, opts: &ReadOptions) -> Result<Article>;
    /// Where it comes from (origin and line), for an error raised while analysing it.
    fn place(&self) -> Option<(String, Option<usize>)> {
        None
    }
}

impl Job for Result<Article> {
    fn weight(&self) -> usize {
        self.as_ref().map_or(0, |a| a.text.len())
    }

    fn into_article(self, _: &ReadOptions) -> Result<Article> {
        self
    }
}

impl Job for Result<Document> {
    fn weight(&self) -> usize {
        self.as_ref().map_or(0, Document::weight)
    }

    fn into_article(self, opts: &ReadOptions) -> Result<Article> {
        self.and_then(|d| d.read(opts))
    }

    fn place(&self) -> Option<(String, Option<usize>)> {
        self.as_ref().ok().map(|d| (d.origin.to_string(), d.line))
    }
}

/// What happened to one input document; `T` is what the render step made of it (bytes,
/// or an [`crate::export::Rendered`] article).
#[derive(Debug)]
pub enum Outcome<T> {
    /// Analysed and rendered.
    Done {
        /// The analysis (its article's id is unique in the run).
        analysis: Box<Analysis>,
        /// What the render step made of it.
        rendered: T,
    },
    /// Could not be read.
    Failed(Error),
}

/// Whether the run goes on after an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Take the next outcome.
    Continue,
    /// Stop reading; nothing more reaches the sink.
    Stop,
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
    /// Bytes of document input read (before decoding).
    pub bytes: u64,
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads.
    pub threads: usize,
    /// Jobs read ahead of the writer at most.
    pub max_in_flight: usize,
    /// Bytes of jobs read ahead of the writer at most.
    pub max_bytes_in_flight: usize,
    /// How documents are read.
    pub read: ReadOptions,
}

impl Default for BatchOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        BatchOptions::with_threads(threads)
    }
}

impl BatchOptions {
    /// Options for `threads` workers, with read-ahead bounds that scale with them.
    pub fn with_threads(threads: usize) -> Self {
        let threads = threads.max(1);
        BatchOptions {
            threads,
            max_in_flight: 16 * threads,
            max_bytes_in_flight: 32 << 20,
            read: ReadOptions::default(),
        }
    }
}

/// Articles per parallel chunk of [`analyze_all`]-style callers; kept for the benches.
pub const CHUNK: usize = 256;

/// The read-ahead bound: jobs and bytes taken by the reader and not yet released by
/// the writer.
struct Window {
    state: Mutex<WindowState>,
    changed: Condvar,
    max_jobs: usize,
    max_bytes: usize,
}

#[derive(Default)]
struct WindowState {
    jobs: usize,
    bytes: usize,
    stopped: bool,
}

impl Window {
    /// Wait until a job of `weight` bytes fits; false when the run stopped.
    fn acquire(&self, weight: usize) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if s.stopped {
                return false;
            }
            let fits = s.jobs == 0
                || (s.jobs < self.max_jobs && s.bytes.saturating_add(weight) <= self.max_bytes);
            if fits {
                s.jobs += 1;
                s.bytes = s.bytes.saturating_add(weight);
                return true;
            }
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn release(&self, weight: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.jobs = s.jobs.saturating_sub(1);
        s.bytes = s.bytes.saturating_sub(weight);
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).stopped = true;
        self.changed.notify_all();
    }

    fn is_stopped(&self) -> bool {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).stopped
    }
}

/// Ids already given out, as 64-bit hashes so that memory stays small on long runs.
struct Ids {
    seen: HashSet<u64>,
    hasher: std::collections::hash_map::RandomState,
}

impl Ids {
    fn new() -> Ids {
        Ids { seen: HashSet::new(), hasher: std::collections::hash_map::RandomState::new() }
    }

    fn hash(&self, id: &str) -> u64 {
        let mut h = self.hasher.build_hasher();
        id.hash(&mut h);
        std::hash::Hasher::finish(&h)
    }

    /// `id` itself when new, else the first free `id-N` (N from 2).
    fn claim(&mut self, id: &str) -> Option<String> {
        if self.seen.insert(self.hash(id)) {
            return None;
        }
        (2..).map(|n| format!("{id}-{n}")).find(|c| self.seen.insert(self.hash(c)))
    }
}

/// Analyse every job on `opts.threads` workers, render each with `render` on the worker,
/// and pass the outcomes to `sink` in input order. Stops early when the sink returns
/// [`Flow::Stop`] or fails (a closed pipe).
pub fn run<J, I, R, T, S>(
    jobs: I,
    grammar: &Grammar,
    opts: &BatchOptions,
    render: R,
    mut sink: S,
) -> io::Result<Tally>
where
    J: Job,
    I: IntoIterator<Item = J>,
    I::IntoIter: Send,
    R: Fn(&Analysis) -> T + Sync,
    T: Send,
    S: FnMut(Outcome<T>) -> io::Result<Flow>,
{
    let window = Window {
        state: Mutex::new(WindowState::default()),
        changed: Condvar::new(),
        max_jobs: opts.max_in_flight.max(1),
        max_bytes: opts.max_bytes_in_flight.max(1),
    };
    let (work_tx, work_rx) = crossbeam_channel::bounded::<(usize, usize, J)>(opts.threads * 2);
    let (done_tx, done_rx) = crossbeam_channel::unbounded::<(usize, usize, Outcome<T>)>();
    let jobs = jobs.into_iter();
    let mut tally = Tally::default();
    let result = std::thread::scope(|scope| {
        let window = &window;
        scope.spawn(move || {
            for (seq, job) in jobs.enumerate() {
                let weight = job.weight();
                if !window.acquire(weight) || work_tx.send((seq, weight, job)).is_err() {
                    break;
                }
            }
        });
        for _ in 0..opts.threads.max(1) {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            let render = &render;
            scope.spawn(move || {
                for (seq, weight, job) in work_rx.iter() {
                    if window.is_stopped() {
                        continue;
                    }
                    let outcome = work(job, grammar, &opts.read, render);
                    if done_tx.send((seq, weight, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);
        let mut ids = Ids::new();
        let mut pending: BTreeMap<usize, (usize, Outcome<T>)> = BTreeMap::new();
        let mut next = 0usize;
        let mut outcome_io: io::Result<()> = Ok(());
        'outer: for (seq, weight, outcome) in done_rx.iter() {
            pending.insert(seq, (weight, outcome));
            while let Some((weight, outcome)) = pending.remove(&next) {
                next += 1;
                window.release(weight);
                tally.bytes += weight as u64;
                let outcome = unique(outcome, &mut ids, &render);
                match &outcome {
                    Outcome::Done { analysis, .. } => {
                        tally.articles += 1;
                        tally.quotes += analysis.quotes.len();
                    }
                    Outcome::Failed(_) => tally.errors += 1,
                }
                match sink(outcome) {
                    Ok(Flow::Continue) => {}
                    Ok(Flow::Stop) => {
                        window.stop();
                        break 'outer;
                    }
                    Err(e) => {
                        window.stop();
                        outcome_io = Err(e);
                        break 'outer;
                    }
                }
            }
        }
        window.stop();
        outcome_io
    });
    result.map(|()| tally)
}

/// Read, analyse and render one job; a panic becomes an error record.
fn work<J: Job, T, R: Fn(&Analysis) -> T>(
    job: J,
    grammar: &Grammar,
    read: &ReadOptions,
    render: &R,
) -> Outcome<T> {
    let place = job.place();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let article = job.into_article(read)?;
        let id = article.id.clone();
        let analysis = crate::analyze(article, grammar);
        let rendered = render(&analysis);
        Ok::<_, Error>((id, analysis, rendered))
    }));
    match result {
        Ok(Ok((_, analysis, rendered))) => Outcome::Done { analysis: Box::new(analysis), rendered },
        Ok(Err(e)) => Outcome::Failed(e),
        Err(_) => Outcome::Failed(Error::record(
            ErrorKind::Internal,
            place.as_ref().map_or("-", |p| p.0.as_str()),
            place.as_ref().and_then(|p| p.1),
            "expected the analysis to finish, found a panic (please report this document)",
        )),
    }
}

/// Give an outcome an id not used before in the run, rendering it again when it changes.
fn unique<T, R: Fn(&Analysis) -> T>(outcome: Outcome<T>, ids: &mut Ids, render: &R) -> Outcome<T> {
    match outcome {
        Outcome::Done { mut analysis, rendered } => match ids.claim(&analysis.article.id) {
            None => Outcome::Done { analysis, rendered },
            Some(new) => {
                analysis.article.id = new;
                let rendered = render(&analysis);
                Outcome::Done { analysis, rendered }
            }
        },
        Outcome::Failed(mut e) => {
            let id = match &e {
                Error::Record { id: Some(id), .. } => id.clone(),
                Error::Record { origin, line: Some(l), .. } => format!("{origin}:{l}"),
                Error::Record { origin, .. } => origin.clone(),
                _ => return Outcome::Failed(e),
            };
            let new = ids.claim(&id).unwrap_or(id);
            if let Error::Record { id, .. } = &mut e {
                *id = Some(new);
            }
            Outcome::Failed(e)
        }
    }
}

/// Analyse every article on the threads of the current rayon pool, render each with
/// `render`, and pass the outcomes to `sink` in input order; the articles are already in
/// memory. Stops early only when the sink fails.
pub fn process<I, R, T, S>(
    articles: I,
    grammar: &Grammar,
    render: R,
    mut sink: S,
) -> io::Result<Tally>
where
    I: IntoIterator<Item = Result<Article>>,
    I::IntoIter: Send,
    R: Fn(&Analysis) -> T + Sync,
    T: Send,
    S: FnMut(Outcome<T>) -> io::Result<()>,
{
    let opts = BatchOptions::with_threads(rayon::current_num_threads());
    run(articles, grammar, &opts, render, |o| sink(o).map(|()| Flow::Continue))
}

/// Analyse every article in parallel and return the analyses in input order, for
/// outputs that need all articles at once (a bibliography).
pub fn analyze_all<I>(articles: I, grammar: &Grammar) -> Vec<Result<Analysis>>
where
    I: IntoIterator<Item = Result<Article>>,
{
    use rayon::prelude::*;
    let input: Vec<Result<Article>> = articles.into_iter().collect();
    input.into_par_iter().map(|r| r.map(|a| crate::analyze(a, grammar))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(line: usize) -> Error {
        Error::record(ErrorKind::Json, "x", Some(line), "bad")
    }

    fn collect(input: Vec<Result<Article>>, threads: usize) -> (Tally, Vec<String>) {
        let mut seen = Vec::new();
        let opts = BatchOptions { max_in_flight: 3, ..BatchOptions::with_threads(threads) };
        let tally = run(
            input,
            Grammar::builtin(),
            &opts,
            |a| a.article.id.clone().into_bytes(),
            |o| {
                seen.push(match o {
                    Outcome::Done { rendered, .. } => String::from_utf8(rendered).unwrap(),
                    Outcome::Failed(e) => e.to_string(),
                });
                Ok(Flow::Continue)
            },
        )
        .unwrap();
        (tally, seen)
    }

    #[test]
    fn order_and_errors_are_kept_for_any_thread_count() {
        let mut input: Vec<Result<Article>> = (0..600)
            .map(|i| Ok(Article::from_text(format!("a{i}"), format!("Text {i}, he said."))))
            .collect();
        input[7] = Err(bad(8));
        for threads in [1, 2, 4] {
            let (tally, seen) = collect(input.iter().map(clone_job).collect(), threads);
            assert_eq!(tally.articles, 599);
            assert_eq!(tally.errors, 1);
            assert_eq!(seen[6], "a6");
            assert_eq!(seen[7], "x:8: bad");
            assert_eq!(seen[599], "a599");
            assert_eq!(seen.len(), 600);
        }
    }

    fn clone_job(j: &Result<Article>) -> Result<Article> {
        match j {
            Ok(a) => Ok(a.clone()),
            Err(_) => Err(bad(8)),
        }
    }

    #[test]
    fn repeated_ids_become_unique_in_input_order() {
        let input = vec![
            Ok(Article::from_text("a", "One.")),
            Ok(Article::from_text("a", "Two.")),
            Ok(Article::from_text("a-2", "Three.")),
            Ok(Article::from_text("a", "Four.")),
        ];
        let (_, seen) = collect(input, 2);
        assert_eq!(seen, ["a", "a-2", "a-2-2", "a-3"]);
    }

    #[test]
    fn stop_ends_the_run_early() {
        let input: Vec<Result<Article>> =
            (0..1000).map(|i| Ok(Article::from_text(format!("a{i}"), "Text."))).collect();
        let mut n = 0;
        let opts = BatchOptions::with_threads(2);
        let tally = run(
            input,
            Grammar::builtin(),
            &opts,
            |_| (),
            |_| {
                n += 1;
                Ok(if n == 5 { Flow::Stop } else { Flow::Continue })
            },
        )
        .unwrap();
        assert_eq!(n, 5);
        assert_eq!(tally.articles, 5);
    }

    #[test]
    fn window_lets_one_large_job_through() {
        let w = Window {
            state: Mutex::new(WindowState::default()),
            changed: Condvar::new(),
            max_jobs: 2,
            max_bytes: 10,
        };
        assert!(w.acquire(100), "alone, a job larger than the bound still goes");
        w.release(100);
        assert!(w.acquire(4));
        assert!(w.acquire(4));
        w.stop();
        assert!(!w.acquire(1));
    }
}
