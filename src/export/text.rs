//! The readable listing: one block per quotation, under a heading per article.
//!
//! ```text
//! == <id>: <title> (<publisher>, <date>)
//!
//! “<verbatim words> … <verbatim words>” — <Name>, <role> (<cue>)
//!
//! reported: <reported clause> — <Name>, <role> (<cue>)
//! ```
//! Only words the article set inside quotation marks appear inside quotation marks (the
//! article language's, nested ones at the inner level); an interrupted quotation shows
//! its pieces joined with " … ", never the narration between them. Reported speech is
//! marked `reported:`. A role the name already says is not repeated; an attitude
//! rather than a statement is marked `[stance]`.
//!
//! Article text, names and diagnostics pass through [`crate::safe::text`]: control,
//! bidirectional, zero-width and other format characters never reach the terminal.

use std::io::{self, Write};

use super::cite::{self, Marks, label};
use crate::model::Analysis;

/// One line of text, safe for a terminal, whitespace runs one space.
fn clean(s: &str) -> String {
    crate::safe::text(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Write the listing of one analysis.
pub fn write(a: &Analysis, w: impl Write) -> io::Result<()> {
    write_filtered(a, 0.0, w)
}

/// Write the listing of the quotations of one analysis at or above a confidence.
pub fn write_filtered(a: &Analysis, min_confidence: f32, mut w: impl Write) -> io::Result<()> {
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
    let marks = Marks::for_lang(m.lang.as_deref().or(a.lang.as_deref()));
    let mut shown = 0;
    for q in a.quotes.iter().filter(|q| q.confidence >= min_confidence) {
        shown += 1;
        let (verbatim, words) = cite::wording(q, text);
        let body = if verbatim {
            marks.quote(&clean(&words))
        } else {
            format!("{}: {}", label("reported"), clean(&words))
        };
        let who = match q.attribution.and_then(|at| a.speaker(at.speaker).map(|s| (s, at))) {
            Some((s, at)) => {
                let name = s.name.clone().unwrap_or_else(|| clean(at.mention.slice(text)));
                match cite::role_shown(&name, s.role.as_deref()) {
                    Some(r) => format!("{}, {}", clean(&name), clean(r)),
                    None => clean(&name),
                }
            }
            None => format!("({})", label("unattributed").to_lowercase()),
        };
        let cue = q.cue.map(|c| format!(" ({})", clean(c.slice(text)))).unwrap_or_default();
        // An attitude rather than a statement ("endorsed …") is marked as such.
        let stance = if q.stance { " [stance]" } else { "" };
        writeln!(w, "\n{body} — {who}{cue}{stance}")?;
    }
    if shown == 0 {
        writeln!(w, "\n(no quotations found)")?;
    }
    for d in &a.diagnostics {
        writeln!(w, "\nnote: {}", clean(&d.message))?;
    }
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::cite::tests::analysis;
    use crate::model::ArticleMeta;

    fn listing(text: &str, lang: Option<&str>) -> String {
        let m = ArticleMeta { lang: lang.map(str::to_string), ..ArticleMeta::default() };
        let mut out = Vec::new();
        write(&analysis("x", m, text), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn verbatim_in_marks_reported_marked_frames_left_out() {
        let out = listing(
            "\"We had two choices,\" said Mayor Carla Venn, \"tear it down or keep it.\"\n\n\
             The minister proposed convening a summit to build a treaty.",
            None,
        );
        assert!(
            out.contains(
                "\n“We had two choices … tear it down or keep it.” — Carla Venn, Mayor (said)\n"
            ),
            "{out}"
        );
        assert!(out.contains("\nreported: convening a summit to build a treaty — "), "{out}");
        assert!(!out.contains("“convening"), "{out}");
        assert!(!out.contains("said Mayor Carla Venn, \""), "{out}");
    }

    #[test]
    fn german_marks_and_nesting() {
        let out =
            listing("„Die sogenannte »Preisbremse« läuft aus“, sagte Petra Holzner.", Some("de"));
        assert!(out.contains("„Die sogenannte ‚Preisbremse‘ läuft aus“ — Petra Holzner"), "{out}");
    }
}
