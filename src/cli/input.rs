//! The inputs of a run: files, folders walked for readable files, URLs and standard
//! input, turned into one lazy stream of documents for the batch runner.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Result, bail};
use quotecite::source::fetch::{self, FetchOptions};
use quotecite::source::{self, Compression, Document, Format, OpenOptions, ReadStats};
use quotecite::{Error, ErrorKind};

use super::config::Config;

/// One input as given or found in a folder.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file (`size` is its length when known).
    File { path: PathBuf, size: Option<u64> },
    /// A folder entry that could not be read.
    Unreadable { path: String, message: String },
    /// A URL.
    Url(String),
    /// Standard input.
    Stdin,
}

/// The inputs of a run and what the folder walks left out.
#[derive(Debug, Default)]
pub struct Inputs {
    /// In order: as given, folders expanded in file-name order.
    pub list: Vec<Input>,
    /// Files in folders skipped: not a readable format, hidden, or a link not followed.
    pub skipped_files: usize,
    /// The folders walked.
    folders: Vec<PathBuf>,
}

impl Inputs {
    /// The total size of the file inputs, when every input is a file.
    pub fn total_bytes(&self) -> Option<u64> {
        self.list
            .iter()
            .map(|i| match i {
                Input::File { size, .. } => *size,
                Input::Unreadable { .. } => Some(0),
                _ => None,
            })
            .sum()
    }

    /// The file inputs.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.list.iter().filter_map(|i| match i {
            Input::File { path, .. } => Some(path.as_path()),
            _ => None,
        })
    }

    /// Refuse an output that this run reads, or that a folder walk of this run would
    /// take on the next run: one of the input files (under any name, through a link),
    /// the file standard input is redirected from, or a readable file inside an input
    /// folder. Checked before anything is read or written.
    pub fn refuse_output(&self, out: &Path, cfg: &Config) -> Result<()> {
        let refuse = |why: String| {
            bail!("refusing to write the output to {}: {why}; give -o another file", out.display())
        };
        if out.exists() {
            for input in self.files() {
                if same_file::is_same_file(out, input).unwrap_or(false) {
                    return refuse(format!("it is one of the inputs ({})", input.display()));
                }
            }
            let stdin = self.list.iter().any(|i| matches!(i, Input::Stdin));
            let same_as_stdin = || {
                let h = same_file::Handle::stdin().ok()?;
                Some(same_file::Handle::from_path(out).ok()? == h)
            };
            if stdin && same_as_stdin() == Some(true) {
                return refuse("it is the file standard input is read from".to_string());
            }
        }
        for folder in &self.folders {
            if walk_would_take(folder, out, cfg) {
                return refuse(format!(
                    "it lies in the input folder {}, whose walk reads such files, so it would \
                     be read as an input",
                    folder.display()
                ));
            }
        }
        Ok(())
    }
}

/// True when a walk of `root` (as [`gather`] does it) would take a file at `out`: it
/// lies below `root` (after resolving `.`, `..` and links), its name is of a readable
/// format, and nothing on the way is hidden unless hidden files are read.
fn walk_would_take(root: &Path, out: &Path, cfg: &Config) -> bool {
    let Some(name) = out.file_name() else { return false };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let (Ok(root), Ok(parent)) = (root.canonicalize(), parent.canonicalize()) else {
        return false;
    };
    let target = parent.join(name);
    let Ok(rel) = target.strip_prefix(&root) else { return false };
    let hidden =
        rel.components().any(|c| c.as_os_str().to_str().is_some_and(|n| n.starts_with('.')));
    (cfg.hidden || !hidden) && readable(&name.to_string_lossy())
}

/// Extensions of the files a folder walk takes (after a `.gz`/`.zst` ending).
const READABLE: [&str; 11] =
    ["txt", "md", "markdown", "html", "htm", "xhtml", "shtml", "jsonl", "ndjson", "json", "warc"];

/// True for a file name a folder walk reads; case is ignored.
fn readable(name: &str) -> bool {
    let inner = if Compression::has_extension(name) {
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    } else {
        name
    };
    Path::new(inner)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| READABLE.iter().any(|r| r.eq_ignore_ascii_case(e)))
}

/// True when standard input is a pipe or a file rather than a terminal or /dev/null, so
/// that a run without paths reads it (as ripgrep does).
pub fn stdin_is_readable() -> bool {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        match std::fs::metadata("/dev/stdin") {
            Ok(m) => {
                let t = m.file_type();
                t.is_file() || t.is_fifo() || t.is_socket()
            }
            Err(_) => false,
        }
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Gather the inputs: expand folders (sorted by file name, hidden entries skipped unless
/// asked, links followed only with `follow`).
pub fn gather(cfg: &Config) -> Inputs {
    let mut inputs = Inputs::default();
    for p in &cfg.inputs {
        let s = p.to_string_lossy();
        if p.as_os_str() == "-" {
            inputs.list.push(Input::Stdin);
        } else if fetch::is_url(&s) {
            inputs.list.push(Input::Url(s.into_owned()));
        } else if p.is_dir() {
            inputs.folders.push(p.clone());
            walk(p, cfg, &mut inputs);
        } else {
            let size = std::fs::metadata(p).ok().map(|m| m.len());
            inputs.list.push(Input::File { path: p.clone(), size });
        }
    }
    inputs
}

fn walk(root: &Path, cfg: &Config, inputs: &mut Inputs) {
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    };
    // A hidden folder is not entered and counts as one skipped entry.
    let mut hidden_entries = 0usize;
    let walker = walkdir::WalkDir::new(root)
        .follow_links(cfg.follow)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let skip = !cfg.hidden && hidden(e);
            hidden_entries += usize::from(skip);
            !skip
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name().to_string_lossy();
                if readable(&name) {
                    let size = e.metadata().ok().map(|m| m.len());
                    inputs.list.push(Input::File { path: e.into_path(), size });
                } else {
                    inputs.skipped_files += 1;
                }
            }
            Ok(e) if e.file_type().is_symlink() => inputs.skipped_files += 1,
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let message = match e.io_error() {
                    Some(io) => format!("cannot read folder entry: {io}"),
                    None => format!("cannot read folder entry: {e}"),
                };
                inputs.list.push(Input::Unreadable { path, message });
            }
        }
    }
    inputs.skipped_files += hidden_entries;
}

/// A reader that counts the bytes read through it, for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// What the document stream needs from the configuration.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// Forced format.
    pub format: Option<Format>,
    /// Download settings.
    pub fetch: FetchOptions,
    /// Shared counts.
    pub stats: Arc<ReadStats>,
    /// Bytes read from all inputs so far.
    pub bytes_read: Arc<AtomicU64>,
}

/// The documents of one input.
fn documents(
    input: Input,
    opts: &StreamOptions,
) -> Box<dyn Iterator<Item = quotecite::Result<Document>> + Send> {
    let open_opts =
        |size_hint| OpenOptions { format: opts.format, size_hint, stats: opts.stats.clone() };
    match input {
        Input::File { path, size } => {
            let origin = path.display().to_string();
            match File::open(&path) {
                Ok(f) => {
                    let r = Counting { inner: f, count: opts.bytes_read.clone() };
                    Box::new(source::open(Box::new(r), &origin, &open_opts(size)))
                }
                Err(e) => Box::new(std::iter::once(Err(Error::record(
                    ErrorKind::Io,
                    origin,
                    None,
                    format!("cannot read: {e}"),
                )))),
            }
        }
        Input::Unreadable { path, message } => {
            Box::new(std::iter::once(Err(Error::record(ErrorKind::Io, path, None, message))))
        }
        Input::Url(url) => {
            let doc = fetch::fetch(&url, &opts.fetch);
            if let Ok(d) = &doc {
                opts.bytes_read.fetch_add(d.bytes.len() as u64, Ordering::Relaxed);
            }
            Box::new(std::iter::once(doc))
        }
        Input::Stdin => {
            let r = Counting { inner: io::stdin(), count: opts.bytes_read.clone() };
            Box::new(source::open(Box::new(r), "-", &open_opts(None)))
        }
    }
}

/// Every document of every input, lazily, in input order.
pub fn stream(
    inputs: Vec<Input>,
    opts: StreamOptions,
) -> impl Iterator<Item = quotecite::Result<Document>> + Send {
    inputs.into_iter().flat_map(move |i| documents(i, &opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_names() {
        for n in
            ["a.txt", "a.MD", "a.Html", "a.htm", "a.jsonl.gz", "a.warc.GZ", "b.warc", "c.json.zst"]
        {
            assert!(readable(n), "{n}");
        }
        for n in ["a.png", "a.gz", "noext", "a.pdf.gz", "a.jsonl.bak"] {
            assert!(!readable(n), "{n}");
        }
    }
}
