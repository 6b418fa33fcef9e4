//! Quote-mark pairs, from `grammar/quote_marks.tsv`. (Owned by the scan work package.)

use crate::error::Error;

/// The table of quotation-mark pairs.
#[derive(Debug, Clone, Default)]
pub struct QuoteMarks {}

impl QuoteMarks {
    /// Parse the table; every malformed line is reported.
    pub fn parse(src: &str, file: &str) -> Result<QuoteMarks, Vec<Error>> {
        let _ = (src, file);
        Ok(QuoteMarks {})
    }
}
