//! The Jsonl reader on any bytes: every article keeps the reader's invariants (text,
//! plain, body and diagnostics aligned), every failure is an error record naming the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotecite::source::{self, Format};

fuzz_target!(|data: &[u8]| {
    if data.len() > quotecite_fuzz::MAX_INPUT {
        return;
    }
    let out = source::read(data, Format::Jsonl, "in.jsonl");
    quotecite_fuzz::check_read(&out, "in.jsonl");
});
