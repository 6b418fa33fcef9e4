//! Small nom parsers the scanner runs at candidate positions.
//!
//! Each parser looks at the text from a candidate position onwards (`complete` input:
//! the rest of the current paragraph) and recognises one thing: a paragraph break, a
//! given mark in opening or closing position, an elision apostrophe (`'90s`, `'n'`),
//! or a continuation mark at a paragraph start. Context that lies *before* the
//! position (the previous character) is passed in as an argument, because nom only
//! sees the remainder. Marks may be two characters long (`''`, ``` `` ```); the
//! scanner asks [`QuoteMarks::marks_at`] for the candidates at a position (longest
//! first) and runs the flanking parsers on each. All parsers are generic over the
//! error type; the scanner uses the cheap [`nom::error::Error`].

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::{char as one_char, satisfy};
use nom::combinator::{eof, not, opt, peek, recognize, value, verify};
use nom::error::{ErrorKind, ParseError};
use nom::multi::many1_count;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::grammar::marks::{Elision, Mark, MarkInfo, QuoteMarks};

/// Punctuation after which a mark may open a quote without a space:
/// `( [ { — – - / :` and the Spanish `¿ ¡` (`He said:"We will win."`, `(“quoted”)`).
const OPENING_PUNCTUATION: &[char] = &['(', '[', '{', '—', '–', '-', '/', ':', '¿', '¡'];

/// True for characters of scripts written without spaces between words (CJK
/// ideographs, kana, Hangul, CJK and fullwidth punctuation): quotation marks touch
/// them on both sides (`他说“你好”然后`), so they count as a word boundary.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// True when a mark preceded by `prev` stands in opening position: at the start,
/// after whitespace, after opening punctuation (`( [ { — – - / : ¿ ¡`), after the last
/// character of an opening mark or after a character of an
/// [unspaced script](is_unspaced_script).
pub fn opens_after(prev: Option<char>, marks: &QuoteMarks) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || OPENING_PUNCTUATION.contains(&p)
                || marks.ends_opening_mark(p)
                || is_unspaced_script(p)
        }
    }
}

/// Recognise a paragraph break: a newline, then one or more lines that hold only
/// spaces, tabs or carriage returns, each ended by a newline.
pub fn paragraph_break<'a, E: ParseError<&'a str>>(input: &'a str) -> IResult<&'a str, &'a str, E> {
    recognize((
        one_char('\n'),
        many1_count((take_while(|c| c == ' ' || c == '\t' || c == '\r'), one_char('\n'))),
    ))
    .parse(input)
}

/// Recognise the longest mark of the table at the start of the input (`''` before
/// `'`) and return what the table says about it.
pub fn mark<'a, 'm, E: ParseError<&'a str>>(
    marks: &'m QuoteMarks,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    move |input: &'a str| match marks.marks_at(input).next() {
        Some(m) => exact_mark(m).parse(input),
        None => Err(nom::Err::Error(E::from_error_kind(input, ErrorKind::Char))),
    }
}

/// Recognise exactly the mark `m` (both characters of a two-character mark).
pub fn exact_mark<'a, E: ParseError<&'a str>>(
    m: MarkInfo,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    move |input: &'a str| {
        let (rest, _) = one_char(m.mark.first).parse(input)?;
        match m.mark.second {
            Some(b) => value(m, one_char(b)).parse(rest),
            None => Ok((rest, m)),
        }
    }
}

/// Recognise the mark `m` in opening position after `prev`: it opens some pair and is
/// followed by a non-space character (guillemets and corners may be followed by a
/// space, `« Bonjour »`). A one-character mark that only ever opens (`„`, `「`) needs
/// no particular `prev`; an ambiguous one (`"`, `“`, `»`) and every two-character
/// mark (made of ASCII characters that occur elsewhere: `''`, ``` `` ```) must
/// follow [`opens_after`] context.
pub fn opening_mark<'a, 'm, E: ParseError<&'a str>>(
    marks: &'m QuoteMarks,
    m: MarkInfo,
    prev: Option<char>,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    move |input: &'a str| {
        let needs_context = m.closes || m.mark.second.is_some();
        let (rest, m) = verify(exact_mark(m), |m: &MarkInfo| {
            m.opens && (!needs_context || opens_after(prev, marks))
        })
        .parse(input)?;
        peek(satisfy(|n: char| m.spaced || !n.is_whitespace())).parse(rest)?;
        Ok((rest, m))
    }
}

/// Recognise the mark `m` in closing position after `prev`: it closes some pair,
/// follows a non-space character (guillemets and corners may follow a space) and,
/// when it can also open, is followed by the end or by a character that is no letter
/// or digit (space, punctuation, another mark as in `'''`) or one of an
/// [unspaced script](is_unspaced_script). A mark that only ever closes (`”`, `’`,
/// `」`) may be followed by anything.
pub fn closing_mark<'a, E: ParseError<&'a str>>(
    m: MarkInfo,
    prev: Option<char>,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    move |input: &'a str| {
        let (rest, m) = verify(exact_mark(m), |m: &MarkInfo| {
            m.closes && prev.is_some_and(|p| m.spaced || !p.is_whitespace())
        })
        .parse(input)?;
        if m.opens {
            peek(alt((
                value((), eof),
                value((), satisfy(|n: char| !n.is_alphanumeric() || is_unspaced_script(n))),
            )))
            .parse(rest)?;
        }
        Ok((rest, m))
    }
}

/// Recognise an elision that starts with an apostrophe-like mark and is no quote:
/// `'90s`, `'09`, or a word of `grammar/elisions.tsv` (`'em`, `'tis`, `'n'` / `‘n’` as
/// in rock 'n' roll). Consumes the whole elided word, which must end at a word boundary.
pub fn elision<'a, E: ParseError<&'a str>>(
    input: &'a str,
    words: &[Elision],
) -> IResult<&'a str, &'a str, E> {
    let apostrophe = || satisfy(|c| matches!(c, '\'' | '‘' | '’'));
    let digits =
        recognize((take_while1(|c: char| c.is_ascii_digit()), opt(alt((tag("s"), tag("S"))))));
    let word = |input: &'a str| -> IResult<&'a str, &'a str, E> {
        for w in words {
            let found: IResult<&'a str, &'a str, E> = if w.closed {
                recognize((tag_no_case(w.word.as_str()), apostrophe())).parse(input)
            } else {
                tag_no_case(w.word.as_str()).parse(input)
            };
            if found.is_ok() {
                return found;
            }
        }
        Err(nom::Err::Error(E::from_error_kind(input, ErrorKind::Tag)))
    };
    recognize((apostrophe(), alt((digits, word)), not(satisfy(|c: char| c.is_alphanumeric()))))
        .parse(input)
}

/// Recognise `open` at a paragraph start, after optional whitespace: the mark that
/// continues a quotation from the previous paragraph (news style). It must be the
/// longest mark there, so `''` does not continue a quote opened with `'`.
pub fn continuation_mark<'a, 'm, E: ParseError<&'a str>>(
    marks: &'m QuoteMarks,
    open: Mark,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    preceded(take_while(char::is_whitespace), verify(mark(marks), move |m| m.mark == open))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::Grammar;

    type E<'a> = nom::error::Error<&'a str>;

    fn marks() -> &'static QuoteMarks {
        &Grammar::builtin().marks
    }

    /// The first mark at the start of `s` (longest first) that opens there.
    fn opener(prev: Option<char>, s: &str) -> Option<String> {
        let mut ms = marks().marks_at(s);
        ms.find(|&m| opening_mark::<E>(marks(), m, prev).parse(s).is_ok())
            .map(|m| m.mark.to_string())
    }

    /// The first mark at the start of `s` (longest first) that closes there.
    fn closer(prev: Option<char>, s: &str) -> Option<String> {
        let mut ms = marks().marks_at(s);
        ms.find(|&m| closing_mark::<E>(m, prev).parse(s).is_ok()).map(|m| m.mark.to_string())
    }

    fn opens(prev: Option<char>, s: &str) -> bool {
        opener(prev, s).is_some()
    }

    fn closes(prev: Option<char>, s: &str) -> bool {
        closer(prev, s).is_some()
    }

    #[test]
    fn opens_after_accepts_start_space_punctuation_and_marks() {
        let m = marks();
        assert!(opens_after(None, m));
        assert!(opens_after(Some(' '), m));
        assert!(opens_after(Some('\n'), m));
        assert!(opens_after(Some('('), m));
        assert!(opens_after(Some('—'), m));
        assert!(opens_after(Some(':'), m));
        assert!(opens_after(Some('¿'), m));
        assert!(opens_after(Some('"'), m));
        assert!(opens_after(Some('`'), m), "` ends the opening mark ``");
        assert!(!opens_after(Some('a'), m));
        assert!(!opens_after(Some('.'), m));
        assert!(!opens_after(Some(','), m));
    }

    #[test]
    fn is_unspaced_script_covers_cjk_only() {
        assert!(is_unspaced_script('说'));
        assert!(is_unspaced_script('は'));
        assert!(is_unspaced_script('한'));
        assert!(is_unspaced_script('，'));
        assert!(!is_unspaced_script('a'));
        assert!(!is_unspaced_script('é'));
    }

    #[test]
    fn paragraph_break_needs_a_blank_line() {
        assert_eq!(paragraph_break::<E>("\n\nb"), Ok(("b", "\n\n")));
        assert_eq!(paragraph_break::<E>("\n \t\n\n  b"), Ok(("  b", "\n \t\n\n")));
        // The scanner calls it at a newline, so a break may start with "\n\r\n".
        assert!(paragraph_break::<E>("\r\n\r\nb").is_err());
        assert_eq!(paragraph_break::<E>("\n\r\nb"), Ok(("b", "\n\r\n")));
        assert!(paragraph_break::<E>("\nb").is_err());
        assert!(paragraph_break::<E>("\n  b\n").is_err());
    }

    #[test]
    fn mark_recognises_table_characters_only() {
        let text =
            |s: &'static str| mark::<E>(marks()).parse(s).map(|(r, m)| (r, m.mark.to_string()));
        assert_eq!(text("«a"), Ok(("a", "«".to_owned())));
        assert_eq!(text("'''a"), Ok(("'a", "''".to_owned())));
        assert_eq!(text("``a"), Ok(("a", "``".to_owned())));
        assert!(mark::<E>(marks()).parse("`a").is_err());
        assert!(mark::<E>(marks()).parse("a«").is_err());
        assert!(mark::<E>(marks()).parse("").is_err());
    }

    #[test]
    fn exact_mark_needs_every_character() {
        let dq = marks().info(Mark::two('\'', '\'')).expect("'' is a mark");
        assert_eq!(exact_mark::<E>(dq).parse("''a").map(|r| r.0), Ok("a"));
        assert!(exact_mark::<E>(dq).parse("'a").is_err());
        assert!(exact_mark::<E>(dq).parse("").is_err());
    }

    #[test]
    fn two_character_marks_use_flanking_on_both_sides() {
        assert_eq!(opener(None, "''Skate").as_deref(), Some("''"));
        assert_eq!(opener(Some(' '), "``like").as_deref(), Some("``"));
        assert_eq!(opener(Some(':'), "''We").as_deref(), Some("''"));
        // `` needs opening context although it only opens.
        assert!(!opens(Some('a'), "``b"));
        assert!(!opens(Some('a'), "''b"));
        // '' followed by a space opens nothing as a pair; ' could open before the second '.
        assert_eq!(opener(Some(' '), "'' x").as_deref(), Some("'"));
        assert_eq!(closer(Some(','), "'' said").as_deref(), Some("''"));
        assert_eq!(closer(Some(','), "''' said").as_deref(), Some("''"));
        assert_eq!(closer(Some('\''), "'' said").as_deref(), Some("''"));
        // Inside a word only the lone ' closes (the scanner then takes it for an apostrophe).
        assert_eq!(closer(Some('n'), "''t").as_deref(), Some("'"));
        assert!(!closes(Some(' '), "'' x"));
    }

    #[test]
    fn opening_mark_after_a_colon_or_dash_without_space() {
        assert!(opens(Some(':'), "\"We"));
        assert!(opens(Some(':'), "“We"));
        assert!(opens(Some('('), "“quoted"));
        assert!(opens(Some('—'), "“quoted"));
        assert!(opens(Some('¡'), "“Hola"));
        // A comma or full stop before a mark still means closing, not opening.
        assert!(!opens(Some(','), "\"she"));
        assert!(!opens(Some('.'), "\"The"));
    }

    #[test]
    fn opening_mark_uses_flanking() {
        assert!(opens(Some(' '), "\"Hi"));
        assert!(opens(None, "“Hi"));
        assert!(opens(Some('('), "'Hi"));
        assert!(!opens(Some(' '), "\" Hi"));
        assert!(!opens(Some('a'), "\"Hi"));
        assert!(!opens(Some(' '), "\""));
        // Opener-only marks ignore the previous character.
        assert!(opens(Some('e'), "„Hallo"));
        assert!(opens(Some('は'), "「こんにちは"));
        // Closer-only marks never open.
        assert!(!opens(Some(' '), "”Hi"));
        assert!(!opens(Some(' '), "’em"));
        // Guillemets may be followed by a space.
        assert!(opens(Some(' '), "« Bonjour"));
    }

    #[test]
    fn closing_mark_uses_flanking() {
        assert!(closes(Some('.'), "\" she"));
        assert!(closes(Some('o'), "\","));
        assert!(closes(Some('o'), "\""));
        assert!(!closes(Some(' '), "\" she"));
        assert!(!closes(None, "\""));
        assert!(!closes(Some('a'), "\"b"));
        // Closer-only marks may be followed by a letter.
        assert!(closes(Some('o'), "”said"));
        assert!(closes(Some('t'), "’s"));
        // Guillemets may follow a space.
        assert!(closes(Some(' '), "» dit"));
    }

    fn words() -> &'static [Elision] {
        crate::grammar::Grammar::builtin().marks.elisions()
    }

    #[test]
    fn elision_recognises_elided_words() {
        assert_eq!(elision::<E>("'90s music", words()), Ok((" music", "'90s")));
        assert_eq!(elision::<E>("'09.", words()), Ok((".", "'09")));
        assert_eq!(elision::<E>("'n' roll", words()), Ok((" roll", "'n'")));
        assert_eq!(elision::<E>("‘n’ roll", words()), Ok((" roll", "‘n’")));
        assert_eq!(elision::<E>("’em", words()), Ok(("", "’em")));
        assert_eq!(elision::<E>("'Tis true", words()), Ok((" true", "'Tis")));
        assert!(elision::<E>("'no' twice", words()).is_err());
        assert!(elision::<E>("'Emma'", words()).is_err());
        assert!(elision::<E>("'90x", words()).is_err());
        assert!(elision::<E>("\"90s", words()).is_err());
    }

    #[test]
    fn continuation_mark_skips_leading_whitespace() {
        let cont = |open: Mark, s| continuation_mark::<E>(marks(), open).parse(s).map(|r| r.0);
        assert_eq!(cont(Mark::one('“'), "  “More"), Ok("More"));
        assert!(cont(Mark::one('“'), "More “").is_err());
        assert!(cont(Mark::one('“'), "«More").is_err());
        assert_eq!(cont(Mark::two('\'', '\''), "''More"), Ok("More"));
        // '' is the longer mark, so it does not continue a quote opened with '.
        assert!(cont(Mark::one('\''), "''More").is_err());
        assert_eq!(cont(Mark::one('\''), "'More"), Ok("More"));
    }
}
