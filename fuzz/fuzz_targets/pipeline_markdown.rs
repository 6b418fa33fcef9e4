//! The whole analysis on Markdown: the Markdown reader, then `analyze`; every span of the
//! result lies on the text and the JSON offsets slice it back (tests/properties.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotecite::source::{self, Format};

fuzz_target!(|data: &[u8]| {
    if data.len() > quotecite_fuzz::MAX_INPUT {
        return;
    }
    for r in source::read(data, Format::Markdown, "p.md") {
        if let Ok(a) = r {
            quotecite_fuzz::analyze_checked(a);
        }
    }
});
