//! Property tests for the scanner: it never panics and its spans keep their
//! invariants, over arbitrary strings and over "quote soup" made of every mark of
//! the built-in table, apostrophes, short words, spaces and (blank) lines.

use proptest::prelude::*;

use super::{Scan, quotes};
use crate::grammar::Grammar;

/// Check every invariant the scanner promises for `text`.
fn check(text: &str) -> Result<(), TestCaseError> {
    let marks = &Grammar::builtin().marks;
    let Scan { quotes: top, nested, diagnostics } = quotes(text, marks);
    for q in top.iter().chain(&nested) {
        let outer = text.get(q.outer.start..q.outer.end);
        prop_assert!(outer.is_some(), "outer {:?} off the text or char boundaries", q.outer);
        let outer = outer.unwrap_or("");
        prop_assert!(text.get(q.inner.start..q.inner.end).is_some());
        prop_assert!(outer.starts_with(q.open) && outer.ends_with(q.close), "{q:?}");
        prop_assert!(marks.closes(q.open, q.close), "{q:?} is no pair");
        prop_assert!(q.outer.start < q.inner.start && q.inner.end < q.outer.end, "{q:?}");
        prop_assert_eq!(q.inner.start, q.outer.start + q.open.len_utf8());
        prop_assert_eq!(q.inner.end + q.close.len_utf8(), q.outer.end);
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

/// Tokens of quote soup: every mark of the table, apostrophes, words, spaces, lines.
fn soup() -> impl Strategy<Value = String> {
    let mut tokens: Vec<String> = Grammar::builtin().marks.mark_chars().map(String::from).collect();
    for t in [
        "'", "’", "a", "he", "said", "s", "n", "90s", "don't", "em", " ", " ", " ", "  ", "\n",
        "\n\n", "\n \n", ".", ",", "(", "—", "é", "日",
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
