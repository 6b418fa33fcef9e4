//! Grammar: lexicons and patterns loaded from `grammar/` at compile time.

pub mod marks;

use std::sync::LazyLock;

/// Every table the scanner and attribution use.
#[derive(Debug)]
pub struct Grammar {
    /// Quotation-mark pairs.
    pub marks: marks::QuoteMarks,
}

static BUILTIN: LazyLock<Grammar> = LazyLock::new(|| Grammar {
    marks: marks::QuoteMarks::parse(
        include_str!("../../grammar/quote_marks.tsv"),
        "quote_marks.tsv",
    )
    .expect("built-in quote_marks.tsv parses (tested in grammar::marks)"),
});

impl Grammar {
    /// The grammar built into the binary.
    pub fn builtin() -> &'static Grammar {
        &BUILTIN
    }
}
