//! Every exporter: up to four Markdown documents (front matter gives titles, authors,
//! dates and URLs) separated by NUL bytes are analysed and exported in every format;
//! each output parses back with its consumers' parser, and each output with keys, read
//! back with the `--keys` reader and used as the key file, keeps every key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotecite::source::{self, Format};

fuzz_target!(|data: &[u8]| {
    if data.len() > quotecite_fuzz::MAX_INPUT {
        return;
    }
    let mut analyses = Vec::new();
    for (i, doc) in quotecite_fuzz::documents(data, 4).into_iter().enumerate() {
        for a in source::read(doc, Format::Markdown, &format!("a{i}.md")).into_iter().flatten() {
            analyses.push(quotecite_fuzz::analyze_checked(a));
        }
    }
    for format in quotecite_fuzz::FORMATS {
        quotecite_fuzz::check_export(&analyses, format);
    }
});
