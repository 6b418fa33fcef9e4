//! Small nom parsers the scanner runs at candidate positions.
//!
//! Each parser looks at the text from a candidate position onwards (`complete` input:
//! the rest of the current paragraph) and recognises one thing: a paragraph break, an
//! opening or closing mark in flanking context, an elision apostrophe (`'90s`, `'n'`),
//! or a continuation mark at a paragraph start. Context that lies *before* the
//! position (the previous character) is passed in as an argument, because nom only
//! sees the remainder. All parsers are generic over the error type; the scanner uses
//! the cheap [`nom::error::Error`].

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::{anychar, char as one_char, satisfy};
use nom::combinator::{eof, map_opt, not, opt, peek, recognize, value, verify};
use nom::error::ParseError;
use nom::multi::many1_count;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::grammar::marks::{MarkInfo, QuoteMarks};

/// Punctuation after which a mark may open a quote: `( [ { — – - /`.
const OPENING_PUNCTUATION: &[char] = &['(', '[', '{', '—', '–', '-', '/'];

/// True for characters of scripts written without spaces between words (CJK
/// ideographs, kana, Hangul, CJK and fullwidth punctuation): quotation marks touch
/// them on both sides (`他说“你好”然后`), so they count as a word boundary.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// True when a mark preceded by `prev` stands in opening position: at the start,
/// after whitespace, after opening punctuation, after another opening mark or after
/// a character of an [unspaced script](is_unspaced_script).
pub fn opens_after(prev: Option<char>, marks: &QuoteMarks) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || OPENING_PUNCTUATION.contains(&p)
                || marks.can_open(p)
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

/// Recognise any mark character of the table and return what the table says about it.
pub fn mark<'a, 'm, E: ParseError<&'a str>>(
    marks: &'m QuoteMarks,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    map_opt(anychar, move |c| marks.info(c))
}

/// Recognise a mark in opening position after `prev`: it opens some pair and is
/// followed by a non-space character (guillemets and corners may be followed by a
/// space, `« Bonjour »`). A mark that only ever opens (`„`, `「`) needs no particular
/// `prev`; an ambiguous one (`"`, `“`, `»`) must follow [`opens_after`] context.
pub fn opening_mark<'a, 'm, E: ParseError<&'a str>>(
    marks: &'m QuoteMarks,
    prev: Option<char>,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    move |input: &'a str| {
        let (rest, m) =
            verify(mark(marks), |m: &MarkInfo| m.opens && (!m.closes || opens_after(prev, marks)))
                .parse(input)?;
        peek(satisfy(|n: char| m.spaced || !n.is_whitespace())).parse(rest)?;
        Ok((rest, m))
    }
}

/// Recognise a mark in closing position after `prev`: it closes some pair, follows a
/// non-space character (guillemets and corners may follow a space) and is followed by
/// the end, whitespace, punctuation or a character of an
/// [unspaced script](is_unspaced_script). A mark that only ever closes (`”`, `’`,
/// `」`) may be followed by anything.
pub fn closing_mark<'a, 'm, E: ParseError<&'a str>>(
    marks: &'m QuoteMarks,
    prev: Option<char>,
) -> impl Parser<&'a str, Output = MarkInfo, Error = E> {
    move |input: &'a str| {
        let (rest, m) = verify(mark(marks), |m: &MarkInfo| {
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
/// `'90s`, `'09`, `'n'` / `‘n’` (rock 'n' roll), `'em`, `'tis`, `'twas`, `'til`,
/// `'cause`, `'bout`. Consumes the whole elided word, which must end at a word
/// boundary.
pub fn elision<'a, E: ParseError<&'a str>>(input: &'a str) -> IResult<&'a str, &'a str, E> {
    let apostrophe = || satisfy(|c| matches!(c, '\'' | '‘' | '’'));
    let digits =
        recognize((take_while1(|c: char| c.is_ascii_digit()), opt(alt((tag("s"), tag("S"))))));
    let word = alt((
        tag_no_case("twas"),
        tag_no_case("tis"),
        tag_no_case("til"),
        tag_no_case("em"),
        tag_no_case("cause"),
        tag_no_case("bout"),
    ));
    let and = recognize((alt((tag("n"), tag("N"))), apostrophe()));
    recognize((apostrophe(), alt((digits, word, and)), not(satisfy(|c: char| c.is_alphanumeric()))))
        .parse(input)
}

/// Recognise `open` at a paragraph start, after optional whitespace: the mark that
/// continues a quotation from the previous paragraph (news style).
pub fn continuation_mark<'a, E: ParseError<&'a str>>(
    open: char,
) -> impl Parser<&'a str, Output = char, Error = E> {
    preceded(take_while(char::is_whitespace), one_char(open))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::Grammar;

    type E<'a> = nom::error::Error<&'a str>;

    fn marks() -> &'static QuoteMarks {
        &Grammar::builtin().marks
    }

    fn opens(prev: Option<char>, s: &str) -> bool {
        opening_mark::<E>(marks(), prev).parse(s).is_ok()
    }

    fn closes(prev: Option<char>, s: &str) -> bool {
        closing_mark::<E>(marks(), prev).parse(s).is_ok()
    }

    #[test]
    fn opens_after_accepts_start_space_punctuation_and_marks() {
        let m = marks();
        assert!(opens_after(None, m));
        assert!(opens_after(Some(' '), m));
        assert!(opens_after(Some('\n'), m));
        assert!(opens_after(Some('('), m));
        assert!(opens_after(Some('—'), m));
        assert!(opens_after(Some('"'), m));
        assert!(!opens_after(Some('a'), m));
        assert!(!opens_after(Some('.'), m));
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
        assert_eq!(mark::<E>(marks()).parse("«a").map(|r| r.1.ch), Ok('«'));
        assert!(mark::<E>(marks()).parse("a«").is_err());
        assert!(mark::<E>(marks()).parse("").is_err());
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

    #[test]
    fn elision_recognises_elided_words() {
        assert_eq!(elision::<E>("'90s music"), Ok((" music", "'90s")));
        assert_eq!(elision::<E>("'09."), Ok((".", "'09")));
        assert_eq!(elision::<E>("'n' roll"), Ok((" roll", "'n'")));
        assert_eq!(elision::<E>("‘n’ roll"), Ok((" roll", "‘n’")));
        assert_eq!(elision::<E>("’em"), Ok(("", "’em")));
        assert_eq!(elision::<E>("'Tis true"), Ok((" true", "'Tis")));
        assert!(elision::<E>("'no' twice").is_err());
        assert!(elision::<E>("'Emma'").is_err());
        assert!(elision::<E>("'90x").is_err());
        assert!(elision::<E>("\"90s").is_err());
    }

    #[test]
    fn continuation_mark_skips_leading_whitespace() {
        assert_eq!(continuation_mark::<E>('“').parse("  “More"), Ok(("More", '“')));
        assert!(continuation_mark::<E>('“').parse("More “").is_err());
        assert!(continuation_mark::<E>('“').parse("«More").is_err());
    }
}
