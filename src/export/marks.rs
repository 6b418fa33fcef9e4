//! Quotation marks of citation output, per language: the outer pair that verbatim text
//! is wrapped in, and the alternate pair that a quotation inside it takes (“… ‘…’ …” in
//! English, „… ‚…‘ …“ in German), from `grammar/cite/quote_levels.tsv`.
//!
//! Only text that the article itself set inside quotation marks is ever wrapped in
//! these marks; reported speech is written without them (see [`super::cite`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::grammar::table::{Builtin, builtin_table};

/// The marks of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// Outer opening mark.
    pub open: &'static str,
    /// Outer closing mark.
    pub close: &'static str,
    /// Opening mark of a quotation inside a quotation.
    pub inner_open: &'static str,
    /// Closing mark of a quotation inside a quotation.
    pub inner_close: &'static str,
}

/// The marks by language: `lang<TAB>open<TAB>close<TAB>inner open<TAB>inner close`.
pub(crate) const QUOTE_LEVELS_TSV: Builtin = builtin_table!("cite/quote_levels.tsv", 5..=5);

static LEVELS: LazyLock<HashMap<&'static str, Marks>> = LazyLock::new(|| {
    QUOTE_LEVELS_TSV
        .rows()
        .into_iter()
        .filter_map(|r| {
            let [lang, open, close, inner_open, inner_close] = r.fields[..] else { return None };
            Some((lang, Marks { open, close, inner_open, inner_close }))
        })
        .collect()
});

/// The marks of English, the fallback.
const ENGLISH: Marks = Marks { open: "“", close: "”", inner_open: "‘", inner_close: "’" };

impl Marks {
    /// The marks for a language tag (`de`, `de-AT`, `EN`); English for unknown or no tag.
    pub fn for_lang(tag: Option<&str>) -> Marks {
        let primary = tag.and_then(|t| t.split(['-', '_']).next()).unwrap_or("en");
        let primary = primary.to_ascii_lowercase();
        LEVELS.get(primary.as_str()).copied().unwrap_or(ENGLISH)
    }

    /// Verbatim `text` in these marks, with every double quotation mark inside it (the
    /// article's own nested quotation) turned into the inner pair and straight marks made
    /// typographic: `he called it "a disgrace"` → “he called it ‘a disgrace’”.
    pub fn quote(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        out.push_str(self.open);
        out.push_str(&self.nest(text));
        out.push_str(self.close);
        out
    }

    /// `text` with its double quotation marks at the inner level (see [`Marks::quote`]).
    pub fn nest(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        for (i, &c) in chars.iter().enumerate() {
            if !is_double_mark(c) {
                out.push(c);
                continue;
            }
            let before = i.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(i + 1).copied();
            if opens(c, before, after) {
                out.push_str(self.inner_open);
            } else {
                out.push_str(self.inner_close);
            }
        }
        super::cite::typographic(&out)
    }
}

/// Double quotation marks of any language (the single ones double as apostrophes and
/// are already at the inner level of the languages that nest them).
fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '″')
}

/// True when the mark at this position opens a quotation: after a space, the start or an
/// opening bracket or dash, and before a non-space. Guillemets with spaces on both sides
/// (« mot ») go by their shape.
fn opens(c: char, before: Option<char>, after: Option<char>) -> bool {
    let open_ctx = before.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b));
    let close_ctx = after.is_none_or(|a| a.is_whitespace() || a.is_ascii_punctuation());
    match (open_ctx, close_ctx) {
        (true, false) => true,
        (false, true) => false,
        _ => match c {
            '„' | '«' => true,
            '»' | '”' => false,
            _ => open_ctx,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_marks_take_the_alternate_level() {
        let en = Marks::for_lang(Some("en"));
        assert_eq!(
            en.quote("the draft should stretch “from Vancouver to Vladivostock,” he said"),
            "“the draft should stretch ‘from Vancouver to Vladivostock,’ he said”"
        );
        assert_eq!(en.quote(r#"it was "a disgrace" and isn't"#), "“it was ‘a disgrace’ and isn’t”");
        let de = Marks::for_lang(Some("de-AT"));
        assert_eq!(de.quote("Die „Preisbremse“ läuft aus"), "„Die ‚Preisbremse‘ läuft aus“");
        assert_eq!(de.quote("Die »Preisbremse« läuft aus"), "„Die ‚Preisbremse‘ läuft aus“");
        let fr = Marks::for_lang(Some("fr"));
        assert_eq!(fr.quote("la « crise » continue"), "«la “ crise ” continue»");
    }

    #[test]
    fn unknown_languages_use_english() {
        assert_eq!(Marks::for_lang(None), ENGLISH);
        assert_eq!(Marks::for_lang(Some("tlh")), ENGLISH);
        assert_eq!(Marks::for_lang(Some("DE")).open, "„");
    }
}
