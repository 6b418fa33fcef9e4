//! Where results go: standard output, or a file written beside its target under a
//! temporary name and renamed into place at the end, so that a failed run never leaves
//! half a file and an input is never overwritten; and the progress bar on standard error.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The output of a run.
pub struct Output {
    target: Option<(PathBuf, tempfile::NamedTempFile)>,
    writer: Box<dyn Write>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output").field("target", &self.target.as_ref().map(|t| &t.0)).finish()
    }
}

impl Output {
    /// Standard output, or a temporary file beside `path` (see
    /// [`super::input::Inputs::refuse_output`] for the outputs a run refuses).
    pub fn create(path: Option<&Path>) -> Result<Output> {
        let Some(path) = path else {
            return Ok(Output {
                target: None,
                writer: Box::new(BufWriter::new(io::stdout().lock())),
            });
        };
        if path.is_dir() {
            bail!(
                "cannot write the output to {}: it is a folder; give a file name",
                path.display()
            );
        }
        let meta = std::fs::metadata(path).ok();
        if meta.as_ref().is_some_and(|m| !m.is_file()) {
            // A device or a pipe (/dev/null, a FIFO): written directly, never replaced.
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open output {}", path.display()))?;
            return Ok(Output { target: None, writer: Box::new(BufWriter::new(file)) });
        }
        // A link to a file: the file it names is replaced and the link stays.
        let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let real = match linked.then(|| std::fs::canonicalize(path)) {
            Some(Ok(p)) => p,
            _ => path.to_path_buf(),
        };
        let path = real.as_path();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".quotecite-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The file is renamed into place: it gets the mode a new file gets (0666 less
            // the umask), not the owner-only mode of a temporary file.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(&dir)
            .with_context(|| format!("cannot create output file {}", path.display()))?;
        if let Some(m) = &meta {
            // A file replaced keeps its mode.
            std::fs::set_permissions(tmp.path(), m.permissions())
                .with_context(|| format!("cannot create output file {}", path.display()))?;
        }
        let file: File = tmp
            .reopen()
            .with_context(|| format!("cannot create output file {}", path.display()))?;
        Ok(Output {
            target: Some((path.to_path_buf(), tmp)),
            writer: Box::new(BufWriter::new(file)),
        })
    }

    /// Where to write.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut *self.writer
    }

    /// Flush, and move a file output into place.
    pub fn finish(mut self) -> Result<()> {
        self.writer.flush().context("cannot write output")?;
        drop(self.writer);
        if let Some((path, tmp)) = self.target {
            tmp.persist(&path)
                .with_context(|| format!("cannot write output file {}", path.display()))?;
        }
        Ok(())
    }
}

/// The progress bar: documents, MB/s, quotations, errors, and an ETA when the total
/// size is known. Hidden when not asked for (not a terminal, `-q`).
pub struct Progress {
    bar: ProgressBar,
    documents: Cell<usize>,
    quotes: Cell<usize>,
    errors: Cell<usize>,
    last: Cell<Instant>,
}

impl Progress {
    /// A bar on standard error when `shown`, over `total` bytes when known.
    pub fn new(shown: bool, total: Option<u64>) -> Progress {
        let bar = if !shown {
            ProgressBar::hidden()
        } else if let Some(total) = total {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        } else {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {decimal_bytes} {decimal_bytes_per_sec} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        };
        Progress {
            bar,
            documents: Cell::new(0),
            quotes: Cell::new(0),
            errors: Cell::new(0),
            last: Cell::new(Instant::now()),
        }
    }

    /// One more document done.
    pub fn update(&self, bytes: u64, quotes: usize, failed: bool) {
        self.documents.set(self.documents.get() + 1);
        self.quotes.set(self.quotes.get() + quotes);
        self.errors.set(self.errors.get() + usize::from(failed));
        if self.bar.is_hidden() || self.last.get().elapsed() < Duration::from_millis(100) {
            return;
        }
        self.last.set(Instant::now());
        self.bar.set_position(bytes);
        self.bar.set_message(format!(
            "{} documents, {} quotations, {} errors",
            self.documents.get(),
            self.quotes.get(),
            self.errors.get()
        ));
    }

    /// Print a line above the bar, with anything unsafe in it shown escaped
    /// ([`quotecite::safe::line`]): it cannot move the cursor or forge another line.
    pub fn println(&self, line: &str) {
        let line = quotecite::safe::line(line);
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Remove the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
