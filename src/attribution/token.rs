//! Tokens and sentence units: the view of an article body that patterns match on.
//!
//! Words and punctuation become tokens; each top-level quotation from the scanner
//! becomes ONE token, so sentence ends inside a quotation never split a unit, except a
//! quoted name where the language reads those as words (`quoted_names`). A unit is
//! a sentence (or a heading line); units never cross a paragraph break, except after a
//! colon that introduces a quotation in the next paragraph.

use compact_str::CompactString;

use crate::grammar::{Classes, Language, Lexeme};
use crate::model::Span;
use crate::scan::QuoteSpan;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// A word: letters and digits with inner hyphens, apostrophes and periods.
    Word,
    /// One punctuation character.
    Punct,
    /// A whole quotation (index into the scanner's top-level quotes).
    Quote(usize),
}

/// One token of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where it is (byte span into the article text).
    pub span: Span,
    /// Word, punctuation or quotation.
    pub kind: TokKind,
    /// Lowercase text for words and punctuation; empty for quotations.
    pub lower: CompactString,
    /// What the grammar's tables say of `lower`, looked up once.
    pub lex: Lexeme,
    /// First character is uppercase.
    pub cap: bool,
    /// A line break stands between this token and the previous one.
    pub line_before: bool,
    /// A blank line stands between this token and the previous one.
    pub para_before: bool,
}

impl Token {
    /// True for a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// True for a quotation token.
    pub fn is_quote(&self) -> bool {
        matches!(self.kind, TokKind::Quote(_))
    }

    /// True when this is the punctuation `p`.
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == TokKind::Punct && self.lower == p
    }
}

/// A sentence: the tokens `start..end`, in paragraph `para`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Paragraph number, counted from 0.
    pub para: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenize `text[body]`, treating each quote's outer span as one token.
/// `quotes` must be sorted and non-overlapping (the scanner guarantees it).
pub fn tokenize(text: &str, body: Span, quotes: &[QuoteSpan], lang: &Language) -> Vec<Token> {
    let Some(region) = text.get(body.start..body.end) else { return Vec::new() };
    // News text has a token about every five bytes: one allocation for most bodies.
    let mut toks = Vec::with_capacity(region.len() / 5 + 16);
    let bytes = region.as_bytes();
    let mut q = quotes.partition_point(|s| s.outer.start < body.start);
    let mut newlines = 0usize;
    let mut blank = false;
    // The first character boundary of the region at or after text offset `to`.
    let boundary_from = |to: usize| {
        let mut j = to.saturating_sub(body.start).min(region.len());
        while !region.is_char_boundary(j) {
            j += 1;
        }
        j
    };
    // The marks of a quoted name: its words' tokens take them in.
    let mut opening: Option<usize> = None;
    let mut closing: Option<Span> = None;
    let mut i = 0;
    while let Some(c) = char_at(region, i) {
        let pos = body.start + i;
        if closing.is_some_and(|m| m.start <= pos && pos < m.end) {
            i += c.len_utf8();
            continue;
        }
        if let Some(qs) = quotes.get(q).filter(|qs| qs.outer.start == pos) {
            if qs.outer.end <= body.end && lang.quoted_names && is_quoted_name(text, qs) {
                // A name or title in quotation marks („BBC News“) reads as its words.
                i = boundary_from(qs.inner.start);
                opening = Some(pos);
                closing = Some(Span::new(qs.inner.end, qs.outer.end));
                q += 1;
                continue;
            }
            if qs.outer.end <= body.end {
                push(
                    &mut toks,
                    lang,
                    Span::new(pos, qs.outer.end),
                    TokKind::Quote(q),
                    "",
                    &mut newlines,
                    &mut blank,
                );
                i = boundary_from(qs.outer.end);
                q += 1;
                continue;
            }
            q += 1;
        }
        while quotes.get(q).is_some_and(|qs| qs.outer.start < pos) {
            q += 1;
        }
        if c == '\n' {
            newlines += 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if newlines >= 2 {
            blank = true;
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            loop {
                // ASCII letters and digits one byte at a time.
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                let Some(d) = char_at(region, end) else { break };
                if is_word_char(d) {
                    end += d.len_utf8();
                } else if matches!(d, '-' | '\'' | '’' | '.' | '&')
                    && char_at(region, end + d.len_utf8()).is_some_and(is_word_char)
                {
                    // Inner joiner: kept when a word character follows.
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            // A final period belongs to abbreviations and initials ("Mr.", "U.S.", "J.").
            if region[end..].starts_with('.') {
                let w = &region[i..end];
                let with_dot = format!("{}.", w.to_lowercase());
                let initial = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
                if initial || lang.abbreviations.contains(&with_dot) {
                    end += 1;
                }
            }
            let mut span = Span::new(body.start + i, body.start + end);
            if let Some(o) = opening.take() {
                span.start = o;
            }
            if let Some(m) = closing.filter(|m| m.start == span.end) {
                span.end = m.end;
            }
            let w = &region[i..end];
            push(&mut toks, lang, span, TokKind::Word, w, &mut newlines, &mut blank);
            i = end;
        } else {
            let span = Span::new(pos, pos + c.len_utf8());
            let s = &region[i..i + c.len_utf8()];
            push(&mut toks, lang, span, TokKind::Punct, s, &mut newlines, &mut blank);
            i += c.len_utf8();
        }
    }
    toks
}

/// The character at byte `i` of `s` (a character boundary), if any.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => s.get(i..)?.chars().next(),
        None => None,
    }
}

/// The body cut into windows of at most about `max` bytes, at breaks outside every
/// quotation: the first paragraph break after `max` bytes (within another `max`), else
/// the first line break, else the first space. A body of `max` bytes or fewer is one
/// window; so is what no break outside a quotation divides. Each window after the first
/// starts at a token (after the break's white space).
pub fn windows(text: &str, body: Span, quotes: &[QuoteSpan], max: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = body.start;
    let max = max.max(1);
    while body.end - start > max {
        match cut(text, start + max, body.end, quotes, max) {
            Some(c) => {
                out.push(Span::new(start, c));
                start = c;
            }
            None => break,
        }
    }
    out.push(Span::new(start, body.end));
    out
}

/// The first break at or after `from` (see [`windows`]), as the offset after its white
/// space; none when only white space follows it.
fn cut(text: &str, from: usize, end: usize, quotes: &[QuoteSpan], max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // The quotation that holds byte `p`, if any.
    let holder = |p: usize| {
        let i = quotes.partition_point(|q| q.outer.end <= p);
        quotes.get(i).filter(|q| q.outer.start < p)
    };
    let after_space = |p: usize| {
        let n = bytes[p..end].iter().take_while(|b| b.is_ascii_whitespace()).count();
        (p + n < end).then_some(p + n)
    };
    let limit = end.min(from + max);
    let mut line = None;
    for n in memchr::memchr_iter(b'\n', &bytes[from..limit]).map(|n| from + n) {
        if holder(n).is_some() {
            continue;
        }
        let gap = bytes[n + 1..end].iter().take_while(|&&b| matches!(b, b' ' | b'\t' | b'\r'));
        let next = n + 1 + gap.count();
        if bytes.get(next) == Some(&b'\n') {
            return after_space(next);
        }
        line.get_or_insert(n);
    }
    if let Some(n) = line {
        return after_space(n);
    }
    let mut p = from;
    while p < end {
        if let Some(q) = holder(p) {
            p = q.outer.end;
        } else if bytes[p].is_ascii_whitespace() {
            return after_space(p);
        } else {
            p += 1;
        }
    }
    None
}

/// Give the first token of a window after the first the line and paragraph breaks that
/// stand before it in the text.
pub fn mark_window_start(text: &str, window: Span, toks: &mut [Token]) {
    let Some(first) = toks.first_mut() else { return };
    let before = text[..window.start].bytes().rev().take_while(u8::is_ascii_whitespace);
    let newlines = before.filter(|&b| b == b'\n').count();
    first.line_before |= newlines > 0;
    first.para_before |= newlines >= 2;
}

/// `quoted_names`: a quotation of at most five words, without punctuation, whose every
/// word is capitalised is a name or title („Die Zeit“, „BBC News“), not a quotation.
fn is_quoted_name(text: &str, qs: &QuoteSpan) -> bool {
    let inner = qs.inner.slice(text);
    let words: Vec<&str> = inner.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && !inner.contains(|c: char| ".,;:!?\"„“”»«".contains(c))
        && words.iter().all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
}

/// The lowercase form of a token: a copy lowered in place for ASCII (inline when short,
/// so most tokens allocate nothing), full Unicode lowercasing otherwise.
fn fold(s: &str) -> CompactString {
    if s.is_ascii() {
        let mut lower = CompactString::from(s);
        lower.make_ascii_lowercase();
        lower
    } else {
        CompactString::from(s.to_lowercase())
    }
}

#[allow(clippy::too_many_arguments)]
fn push(
    toks: &mut Vec<Token>,
    lang: &Language,
    span: Span,
    kind: TokKind,
    s: &str,
    newlines: &mut usize,
    blank: &mut bool,
) {
    let cap = s.chars().next().is_some_and(char::is_uppercase);
    let lower = fold(s);
    toks.push(Token {
        span,
        kind,
        lex: lang.lexeme(&lower),
        lower,
        cap,
        line_before: *newlines > 0,
        para_before: *newlines >= 2 || *blank,
    });
    *newlines = 0;
    *blank = false;
}

/// Longest sentence, in tokens, before a unit is cut at a comma.
pub const MAX_UNIT: usize = 200;

/// Split tokens into sentence units.
pub fn units(text: &str, toks: &[Token], lang: &Language) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut para = 0;
    for i in 0..toks.len() {
        let t = &toks[i];
        if i > start && t.line_before {
            let prev = &toks[i - 1];
            // A colon before a quotation in the next paragraph introduces it.
            let colon_intro = prev.is_punct(":") && t.is_quote();
            // A soft line break inside a running sentence does not end it.
            let soft =
                !t.para_before && (prev.is_punct(",") || (prev.is_word() && !prev.cap && !t.cap));
            if !colon_intro && !soft {
                out.push(Unit { start, end: i, para });
                start = i;
            }
        }
        if t.para_before && i > 0 && start == i {
            para += 1;
        }
        // Run-on text without sentence ends is cut into pieces so that the work per
        // sentence stays bounded: at a comma or semicolon after MAX_UNIT tokens, and
        // anywhere after twice that.
        let len = i + 1 - start;
        if (len >= MAX_UNIT && (t.is_punct(",") || t.is_punct(";"))) || len >= 2 * MAX_UNIT {
            out.push(Unit { start, end: i + 1, para });
            start = i + 1;
            continue;
        }
        // A quotation that ends a sentence inside its marks („Wir gewinnen.“) ends the
        // unit when a capitalised word follows: the next sentence begins.
        // Not when a short clause of speaker and reporting verb follows and ends the
        // sentence (“… on me, she's wrong!” Mr. Trump wrote on Twitter.).
        let attributed = || {
            let rest = &toks[i + 1..toks.len().min(i + 13)];
            let Some(end) = rest.iter().position(|n| !n.is_word()) else { return false };
            matches!(rest[end].lower.as_str(), "." | "!" | "?")
                && rest[..end].iter().any(|n| !n.cap && n.lex.is(Classes::CUE_VERB))
        };
        if t.is_quote()
            && closes_sentence(text, t)
            && toks.get(i + 1).is_some_and(|n| n.is_word() && n.cap)
            && !attributed()
        {
            out.push(Unit { start, end: i + 1, para });
            start = i + 1;
            continue;
        }
        if matches!(t.lower.as_str(), "." | "!" | "?") && t.kind == TokKind::Punct {
            let next = toks.get(i + 1);
            // A period right after a one- or two-digit number is an ordinal ("am 2.
            // Dezember", "die 3. Liga"), not a sentence end.
            let ordinal = lang.ordinal_period && i > start && {
                let p = &toks[i - 1];
                p.span.end == t.span.start
                    && (1..=2).contains(&p.lower.len())
                    && p.lower.chars().all(|c| c.is_ascii_digit())
            };
            let ends = match next {
                _ if ordinal && next.is_some_and(|n| n.is_word() && !n.line_before) => false,
                None => true,
                Some(n) => {
                    n.line_before
                        || n.cap
                        || n.is_quote()
                        || n.is_punct("(")
                        || n.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
                }
            };
            if ends {
                out.push(Unit { start, end: i + 1, para });
                start = i + 1;
            }
        }
    }
    if start < toks.len() {
        out.push(Unit { start, end: toks.len(), para });
    }
    out
}

/// Does the quotation `t` end in sentence punctuation inside its closing mark?
fn closes_sentence(text: &str, t: &Token) -> bool {
    let inner = t
        .span
        .slice(text)
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '.' | '!' | '?'));
    inner.ends_with(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::Grammar;

    fn toks(text: &str) -> Vec<Token> {
        let g = Grammar::builtin();
        let scan = crate::scan::quotes(text, &g.marks);
        tokenize(text, Span::new(0, text.len()), &scan.quotes, g.en())
    }

    fn words(text: &str) -> Vec<String> {
        toks(text).iter().map(|t| t.span.slice(text).to_string()).collect()
    }

    /// The windows of `text` (its whole length the body) with at most about `max` bytes.
    fn cut_into(text: &str, max: usize) -> Vec<Span> {
        let scan = crate::scan::quotes(text, &Grammar::builtin().marks);
        windows(text, Span::new(0, text.len()), &scan.quotes, max)
    }

    #[test]
    fn windows_cover_the_body_and_cut_at_breaks_outside_quotations() {
        let text = "One short paragraph here.\n\n“A quotation that runs on\n\nover a \
                    paragraph break,” she said.\n\nAnother paragraph.\nIts second line \
                    and more words.";
        let scan = crate::scan::quotes(text, &Grammar::builtin().marks);
        for max in [1, 10, 30, 60, 200] {
            let w = cut_into(text, max);
            assert_eq!(w.first().map(|s| s.start), Some(0), "{max}");
            assert_eq!(w.last().map(|s| s.end), Some(text.len()), "{max}");
            for pair in w.windows(2) {
                let cut = pair[0].end;
                assert_eq!(cut, pair[1].start, "contiguous");
                assert!(!text[cut..].starts_with(char::is_whitespace), "starts at a token");
                assert!(
                    scan.quotes.iter().all(|q| !(q.outer.start < cut && cut < q.outer.end)),
                    "{max}: the cut at {cut} is inside a quotation"
                );
            }
        }
        assert_eq!(cut_into(text, text.len()).len(), 1, "a short body is one window");
        // Paragraph breaks come first (within another `max`), then line breaks, then
        // spaces.
        let w = cut_into(text, 20);
        assert_eq!(w[0].slice(text), "One short paragraph here.\n\n");
        let lines = cut_into("aaaa bbbb\ncccc dddd", 5);
        assert_eq!(lines[0].slice("aaaa bbbb\ncccc dddd"), "aaaa bbbb\n");
        let spaces = cut_into("aaaa bbbb cccc", 3);
        assert_eq!(spaces.len(), 3);
        // No break outside the quotation: one window.
        assert_eq!(cut_into("“aaaa bbbb cccc”", 2).len(), 1);
    }

    #[test]
    fn words_keep_inner_joiners_and_abbreviations() {
        assert_eq!(
            words("Mr. O’Brien's U.S.-Russia talks, J. Smith."),
            ["Mr.", "O’Brien's", "U.S.", "-", "Russia", "talks", ",", "J.", "Smith", "."]
        );
    }

    #[test]
    fn units_split_sentences_not_abbreviations() {
        let text = "Mr. Smith said so. Then he left.\n\nA new one";
        let t = toks(text);
        let u = units(text, &t, Grammar::builtin().en());
        assert_eq!(u.len(), 3);
        assert_eq!(t[u[1].start].span.slice(text), "Then");
        assert_eq!(u[2].para, 1);
    }

    #[test]
    fn soft_line_break_does_not_split() {
        let text = "the minister said\nthat it was over.";
        assert_eq!(units(text, &toks(text), Grammar::builtin().en()).len(), 1);
    }
    #[test]
    fn quotation_ending_a_sentence_ends_the_unit() {
        let text = "Er sagte: „Wir bleiben.“ Danach ging er. „Gut“, sagte sie.";
        let t = toks(text);
        let u = units(text, &t, Grammar::builtin().en());
        assert_eq!(u.len(), 3, "{u:?}");
        assert_eq!(t[u[1].start].span.slice(text), "Danach");
    }
    #[test]
    fn ordinal_period_where_the_language_says_so() {
        let g = Grammar::builtin();
        let de = g.language(Some("de"));
        let text = "Der Wetterdienst warnte am 2. Dezember vor Sturm. Dann kam er.";
        let t = tokenize(text, Span::new(0, text.len()), &[], de);
        assert_eq!(units(text, &t, de).len(), 2);
        assert_eq!(units(text, &t, g.en()).len(), 3);
    }
}
