//! The readable listing: one block per quotation,
//! `“…” — Name, role (cue)`, under a heading per article.
//!
//! Control, bidirectional and zero-width characters in article text are replaced so
//! that untrusted input cannot change the terminal.

use std::io::{self, Write};

use crate::model::Analysis;

fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => ' ',
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Write the listing of one analysis.
pub fn write(a: &Analysis, mut w: impl Write) -> io::Result<()> {
    let m = &a.article.meta;
    let mut head = format!("== {}", clean(&a.article.id));
    if let Some(t) = &m.title {
        head.push_str(&format!(": {}", clean(t)));
    }
    let extra: Vec<String> =
        [m.publisher.as_deref(), m.date.as_deref()].into_iter().flatten().map(clean).collect();
    if !extra.is_empty() {
        head.push_str(&format!(" ({})", extra.join(", ")));
    }
    writeln!(w, "{head}")?;
    let text = &a.article.text;
    for q in &a.quotes {
        let body = clean(q.span.slice(text));
        let who = match q.attribution.and_then(|at| a.speaker(at.speaker).map(|s| (s, at))) {
            Some((s, at)) => {
                let name = s.name.clone().unwrap_or_else(|| clean(at.mention.slice(text)));
                match &s.role {
                    Some(r) => format!("{}, {}", clean(&name), clean(r)),
                    None => clean(&name),
                }
            }
            None => "(unattributed)".to_string(),
        };
        let cue = q.cue.map(|c| format!(" ({})", clean(c.slice(text)))).unwrap_or_default();
        // An attitude rather than a statement ("endorsed …") is marked as such.
        let stance = if q.stance { " [stance]" } else { "" };
        writeln!(w, "\n“{body}” — {who}{cue}{stance}")?;
    }
    if a.quotes.is_empty() {
        writeln!(w, "\n(no quotations found)")?;
    }
    for d in &a.diagnostics {
        writeln!(w, "\nnote: {}", clean(&d.message))?;
    }
    writeln!(w)
}
