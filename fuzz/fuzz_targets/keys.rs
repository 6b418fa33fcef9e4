//! The `--keys` reader on any text (a .bib file, CSL-JSON, quotecite JSON Lines): it
//! never panics, and a file it accepts, used as the key file of a run over a bundled
//! article, gives an output that parses back and keeps every key of the file.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quotecite::Analysis;
use quotecite::export::Format as OutFormat;
use quotecite::export::keys::{KeyFile, KeyFileFormat};
use quotecite::source::{self, Format};

/// One small bundled article, analysed once.
fn analyses() -> &'static [Analysis] {
    static A: OnceLock<Vec<Analysis>> = OnceLock::new();
    A.get_or_init(|| {
        let md = include_bytes!("../../fixtures/articles/harbor-strike-direct.md");
        source::read(md, Format::Markdown, "harbor.md")
            .into_iter()
            .flatten()
            .map(quotecite_fuzz::analyze_checked)
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() > quotecite_fuzz::MAX_INPUT {
        return;
    }
    let src = String::from_utf8_lossy(data);
    let Ok(file) = KeyFile::read(&src, "keys.bib") else { return };
    let format = match file.format {
        KeyFileFormat::Bib => OutFormat::Biblatex,
        KeyFileFormat::Csl => OutFormat::CslJson,
        KeyFileFormat::Json | KeyFileFormat::None => OutFormat::Jsonl,
    };
    let copies = file.format != KeyFileFormat::Json && file.format != KeyFileFormat::None;
    let file_keys: Vec<String> = file.entries.iter().map(|e| e.key.clone()).collect();
    let out = quotecite_fuzz::export(analyses(), format, file);
    let keys = quotecite_fuzz::keys_of(&out, format).unwrap_or_default();
    if copies {
        for k in &file_keys {
            assert!(keys.contains(k), "key {k:?} of the key file missing from the output");
        }
    }
});
