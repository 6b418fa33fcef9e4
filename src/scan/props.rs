//! Property tests for the scanner: it never panics and its spans keep their
//! invariants, over arbitrary strings and over "quote soup" made of every mark of
//! the built-in table, apostrophes, short words, spaces and (blank) lines.

use proptest::prelude::*;

use super::{Scan, quotes};
use crate::grammar::Grammar;
use crate::grammar::marks::Mark;

/// Check every invariant the scanner promises for `text`.
fn check(text: &str) -> Result<(), TestCaseError> {
    let marks = &Grammar::builtin().marks;
    let Scan { quotes: top, nested, diagnostics } = quotes(text, marks);
    for q in top.iter().chain(&nested) {
        let outer = text.get(q.outer.start..q.outer.end);
        prop_assert!(outer.is_some(), "outer {:?} off the text or char boundaries", q.outer);
        let outer = outer.unwrap_or("");
        prop_assert!(text.get(q.inner.start..q.inner.end).is_some());
        prop_assert!(outer.starts_with(q.open), "{q:?}");
        prop_assert!(q.outer.start < q.inner.start && q.inner.end < q.outer.end, "{q:?}");
        // The marks themselves: one or two characters, the first being `open`/`close`.
        let open = text.get(q.outer.start..q.inner.start).unwrap_or("");
        let close = text.get(q.inner.end..q.outer.end).unwrap_or("");
        prop_assert!(open.starts_with(q.open) && close.starts_with(q.close), "{q:?}");
        prop_assert!(outer.ends_with(close), "{q:?}");
        let (om, cm) = (mark_of(open), mark_of(close));
        prop_assert!(om.is_some() && cm.is_some(), "{q:?}: {open:?} or {close:?} is no mark");
        if let (Some(om), Some(cm)) = (om, cm) {
            prop_assert!(
                marks.closes(om, cm) || super::mismatched_pair(marks, Some(om), cm),
                "{q:?}: {open}…{close} is no pair"
            );
        }
    }
    for w in top.windows(2) {
        prop_assert!(w[0].outer.end <= w[1].outer.start, "{:?} then {:?}", w[0], w[1]);
    }
    for n in &nested {
        prop_assert!(top.iter().any(|t| t.outer.contains(n.outer) && t.outer != n.outer));
    }
    for d in &diagnostics {
        if let Some(s) = d.span {
            prop_assert!(text.get(s.start..s.end).is_some(), "{d:?}");
        }
    }
    Ok(())
}

/// The mark written as exactly `s` (one or two characters), if `s` is one.
fn mark_of(s: &str) -> Option<Mark> {
    let marks = &Grammar::builtin().marks;
    marks.marks_at(s).map(|m| m.mark).find(|m| m.len_utf8() == s.len())
}

/// Tokens of quote soup: every mark of the table, apostrophes, words, spaces, lines.
fn soup() -> impl Strategy<Value = String> {
    let mut tokens: Vec<String> = Grammar::builtin().marks.marks().map(|m| m.to_string()).collect();
    for t in [
        "'", "’", "'", "`", "a", "he", "said", "s", "n", "90s", "don't", "em", " ", " ", " ", "  ",
        "\n", "\n\n", "\n \n", ".", ",", "(", "—", "é", "日",
    ] {
        tokens.push(t.to_owned());
    }
    prop::collection::vec(prop::sample::select(tokens), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_arbitrary_strings_keep_invariants(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn prop_quote_soup_keeps_invariants(text in soup()) {
        check(&text)?;
    }

    #[test]
    fn prop_unicode_text_keeps_invariants(text in "\\PC*") {
        check(&text)?;
    }
}
