//! The scanner on any text: never panics, every span keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotecite::grammar::Grammar;

fuzz_target!(|data: &[u8]| {
    if data.len() > quotecite_fuzz::MAX_INPUT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let scan = quotecite::scan::quotes(&text, &Grammar::builtin().marks);
    quotecite_fuzz::check_scan(&text, &scan);
});
