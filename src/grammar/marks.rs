//! Quote-mark pairs, from `grammar/quote_marks.tsv`. (Owned by the scan work package.)
//!
//! The table is parsed once (with nom, one line at a time) into [`QuoteMarks`]: the list
//! of [`MarkPair`]s plus a per-character index ([`MarkInfo`]) and a byte set of the
//! marks' first UTF-8 bytes, which the scanner uses to jump between candidate marks.
//! Invariants after a successful parse: every pair's marks are single non-whitespace
//! characters, no pair occurs twice, and every mark character has exactly one
//! [`MarkInfo`] whose flags are the union over all pairs it appears in.

use nom::bytes::complete::{tag, take_till};
use nom::character::complete::char as one_char;
use nom::combinator::{all_consuming, opt, rest, value};
use nom::error::ParseError;
use nom::multi::separated_list1;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::error::Error;

/// What typographic family a pair belongs to; it decides which scanner rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkKind {
    /// Double quotation marks (`"…"`, `“…”`, `„…“`).
    Double,
    /// Single quotation marks (`'…'`, `‘…’`, `‚…‘`); apostrophe rules apply.
    Single,
    /// Guillemets (`«…»`, `»…«`, `‹…›`); spaces inside the marks are allowed.
    Guillemet,
    /// CJK corner brackets (`「…」`, `『…』`); unambiguous, spaces allowed.
    Corner,
}

impl MarkKind {
    /// The keyword used for this kind in `quote_marks.tsv`.
    pub const fn keyword(self) -> &'static str {
        match self {
            MarkKind::Double => "double",
            MarkKind::Single => "single",
            MarkKind::Guillemet => "guillemet",
            MarkKind::Corner => "corner",
        }
    }
}

/// One line of the table: an opening mark, its closing partner and their kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkPair {
    /// The opening mark.
    pub open: char,
    /// The closing mark (may equal `open`).
    pub close: char,
    /// The typographic family.
    pub kind: MarkKind,
    /// The optional note column.
    pub note: Option<String>,
}

/// Everything the scanner needs to know about one mark character, over all pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkInfo {
    /// The character.
    pub ch: char,
    /// Dense index of this character in the table (`0..QuoteMarks::mark_count()`).
    pub id: usize,
    /// It is the opening mark of at least one pair.
    pub opens: bool,
    /// It is the closing mark of at least one pair.
    pub closes: bool,
    /// It belongs to a [`MarkKind::Single`] pair, so it may be an apostrophe.
    pub single: bool,
    /// It belongs to a guillemet or corner pair, where spaces inside the marks are usual.
    pub spaced: bool,
}

/// The table of quotation-mark pairs.
#[derive(Debug, Clone, Default)]
pub struct QuoteMarks {
    /// The pairs, in file order.
    pairs: Vec<MarkPair>,
    /// One entry per distinct mark character, sorted by character.
    chars: Vec<MarkInfo>,
    /// Bit set of the first UTF-8 byte of every mark character.
    lead_bytes: [u64; 4],
}

impl QuoteMarks {
    /// Parse the table; every malformed line is reported as
    /// [`Error::Grammar`] with `file` and its 1-based line number.
    pub fn parse(src: &str, file: &str) -> Result<QuoteMarks, Vec<Error>> {
        let mut pairs: Vec<(MarkPair, usize)> = Vec::new();
        let mut errors = Vec::new();
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        for (idx, line) in src.lines().enumerate() {
            let line_no = idx + 1;
            let bad =
                |message: String| Error::Grammar { file: file.to_owned(), line: line_no, message };
            match table_line(line) {
                Ok(None) => {}
                Ok(Some(pair)) => {
                    if let Some((_, first)) =
                        pairs.iter().find(|(p, _)| p.open == pair.open && p.close == pair.close)
                    {
                        errors.push(bad(format!(
                            "expected each pair once, found a duplicate of the pair on line {first}"
                        )));
                    } else {
                        pairs.push((pair, line_no));
                    }
                }
                Err(message) => errors.push(bad(message)),
            }
        }
        if errors.is_empty() {
            Ok(QuoteMarks::from_pairs(pairs.into_iter().map(|(p, _)| p).collect()))
        } else {
            Err(errors)
        }
    }

    /// Build the table from pairs (assumed valid: single non-whitespace characters).
    pub fn from_pairs(pairs: Vec<MarkPair>) -> QuoteMarks {
        let mut chars: Vec<MarkInfo> = Vec::new();
        for p in &pairs {
            for (c, opening) in [(p.open, true), (p.close, false)] {
                let pos = match chars.binary_search_by_key(&c, |m| m.ch) {
                    Ok(pos) => pos,
                    Err(pos) => {
                        let info = MarkInfo {
                            ch: c,
                            id: 0,
                            opens: false,
                            closes: false,
                            single: false,
                            spaced: false,
                        };
                        chars.insert(pos, info);
                        pos
                    }
                };
                let m = &mut chars[pos];
                m.opens |= opening;
                m.closes |= !opening;
                m.single |= p.kind == MarkKind::Single;
                m.spaced |= matches!(p.kind, MarkKind::Guillemet | MarkKind::Corner);
            }
        }
        let mut lead_bytes = [0u64; 4];
        for (id, m) in chars.iter_mut().enumerate() {
            m.id = id;
            let mut buf = [0u8; 4];
            let b = m.ch.encode_utf8(&mut buf).as_bytes()[0];
            lead_bytes[usize::from(b >> 6)] |= 1u64 << (b & 63);
        }
        QuoteMarks { pairs, chars, lead_bytes }
    }

    /// The pairs, in file order.
    pub fn pairs(&self) -> &[MarkPair] {
        &self.pairs
    }

    /// Every distinct mark character, sorted.
    pub fn mark_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.chars.iter().map(|m| m.ch)
    }

    /// Number of distinct mark characters; [`MarkInfo::id`] is below this.
    pub fn mark_count(&self) -> usize {
        self.chars.len()
    }

    /// What the table says about `c`, or `None` when `c` is no mark.
    pub fn info(&self, c: char) -> Option<MarkInfo> {
        self.chars.binary_search_by_key(&c, |m| m.ch).ok().and_then(|i| self.chars.get(i).copied())
    }

    /// True when `c` opens or closes some pair.
    pub fn is_mark(&self, c: char) -> bool {
        self.info(c).is_some()
    }

    /// True when `c` is the opening mark of some pair.
    pub fn can_open(&self, c: char) -> bool {
        self.info(c).is_some_and(|m| m.opens)
    }

    /// True when `c` is the closing mark of some pair.
    pub fn can_close(&self, c: char) -> bool {
        self.info(c).is_some_and(|m| m.closes)
    }

    /// True when the table has the pair `open…close`.
    pub fn closes(&self, open: char, close: char) -> bool {
        self.pairs.iter().any(|p| p.open == open && p.close == close)
    }

    /// The closing partners of `open`, in file order.
    pub fn closers_of(&self, open: char) -> impl Iterator<Item = char> + '_ {
        self.pairs.iter().filter(move |p| p.open == open).map(|p| p.close)
    }

    /// The opening partners of `close`, in file order.
    pub fn openers_of(&self, close: char) -> impl Iterator<Item = char> + '_ {
        self.pairs.iter().filter(move |p| p.close == close).map(|p| p.open)
    }

    /// True when `b` is the first UTF-8 byte of some mark character.
    pub fn is_lead_byte(&self, b: u8) -> bool {
        self.lead_bytes[usize::from(b >> 6)] & (1u64 << (b & 63)) != 0
    }

    /// The byte offset of the next possible mark in `text[from..end]`: a position whose
    /// byte starts some mark's UTF-8 encoding (confirm with [`QuoteMarks::info`]).
    /// Always a char boundary, since lead bytes never continue a character.
    pub fn next_candidate(&self, text: &str, from: usize, end: usize) -> Option<usize> {
        let hay = text.as_bytes().get(from..end)?;
        hay.iter().position(|&b| self.is_lead_byte(b)).map(|k| from + k)
    }
}

/// Recognise a blank or comment-only line (optional spaces, then optionally `#…`).
fn blank_or_comment<'a, E: ParseError<&'a str>>(input: &'a str) -> IResult<&'a str, (), E> {
    let ws = take_till(|c: char| !c.is_whitespace());
    value((), all_consuming((ws, opt(preceded(one_char('#'), rest))))).parse(input)
}

/// Recognise a kind keyword (`double`, `single`, `guillemet`, `corner`), the whole field.
fn mark_kind<'a, E: ParseError<&'a str>>(input: &'a str) -> IResult<&'a str, MarkKind, E> {
    all_consuming(nom::branch::alt((
        value(MarkKind::Guillemet, tag("guillemet")),
        value(MarkKind::Double, tag("double")),
        value(MarkKind::Single, tag("single")),
        value(MarkKind::Corner, tag("corner")),
    )))
    .parse(input)
}

/// Recognise the tab-separated columns of one line (columns may be empty).
fn columns<'a, E: ParseError<&'a str>>(input: &'a str) -> IResult<&'a str, Vec<&'a str>, E> {
    all_consuming(separated_list1(one_char('\t'), take_till(|c| c == '\t'))).parse(input)
}

/// Check that a mark column holds exactly one non-whitespace character.
fn mark_column(f: &str, column: &str) -> Result<char, String> {
    let mut it = f.chars();
    match (it.next(), it.next()) {
        (None, _) => Err(format!("expected one mark character in the {column} column, found none")),
        (Some(c), None) if c.is_whitespace() || c.is_control() => Err(format!(
            "expected a visible mark character in the {column} column, found whitespace"
        )),
        (Some(c), None) => Ok(c),
        (Some(_), Some(_)) => Err(format!(
            "expected one mark character in the {column} column, found {} characters",
            f.chars().count()
        )),
    }
}

/// Parse one line: `Ok(None)` for a blank or comment line, `Ok(Some(pair))` for a
/// pair, `Err(message)` saying what was expected and found.
fn table_line(line: &str) -> Result<Option<MarkPair>, String> {
    if blank_or_comment::<nom::error::Error<&str>>(line).is_ok() {
        return Ok(None);
    }
    let line = line.strip_suffix('\r').unwrap_or(line);
    let fields = match columns::<nom::error::Error<&str>>(line) {
        Ok((_, fields)) => fields,
        Err(_) => return Err("expected tab-separated columns, found an unreadable line".to_owned()),
    };
    if fields.len() < 3 || fields.len() > 4 {
        return Err(format!(
            "expected 3 or 4 tab-separated columns (open, close, kind, note), found {}",
            fields.len()
        ));
    }
    let open = mark_column(fields[0], "open")?;
    let close = mark_column(fields[1], "close")?;
    let kind = mark_kind::<nom::error::Error<&str>>(fields[2]).map(|(_, k)| k).map_err(|_| {
        "expected a kind (double, single, guillemet or corner) in the kind column, found an unknown word"
            .to_owned()
    })?;
    let note = fields.get(3).map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
    Ok(Some(MarkPair { open, close, kind, note }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILTIN: &str = include_str!("../../grammar/quote_marks.tsv");

    fn builtin() -> QuoteMarks {
        match QuoteMarks::parse(BUILTIN, "quote_marks.tsv") {
            Ok(m) => m,
            Err(errs) => {
                let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
                panic!("built-in quote_marks.tsv must parse:\n{}", msgs.join("\n"))
            }
        }
    }

    #[test]
    fn builtin_table_parses_with_zero_errors() {
        let m = builtin();
        assert!(m.pairs().len() >= 12, "the table has every required pair");
    }

    #[test]
    fn builtin_table_has_every_required_pair() {
        let m = builtin();
        for (o, c) in [
            ('"', '"'),
            ('“', '”'),
            ('‘', '’'),
            ('\'', '\''),
            ('«', '»'),
            ('„', '“'),
            ('‚', '‘'),
            ('»', '«'),
            ('‹', '›'),
            ('「', '」'),
            ('『', '』'),
            ('„', '”'),
        ] {
            assert!(m.closes(o, c), "missing pair {o}…{c} in grammar/quote_marks.tsv");
        }
    }

    #[test]
    fn builtin_table_has_no_duplicate_pairs() {
        let m = builtin();
        for (i, a) in m.pairs().iter().enumerate() {
            for b in &m.pairs()[i + 1..] {
                assert!(
                    (a.open, a.close) != (b.open, b.close),
                    "pair {}…{} is listed twice in grammar/quote_marks.tsv; delete one line",
                    a.open,
                    a.close
                );
            }
        }
    }

    #[test]
    fn duplicate_pair_is_reported_with_its_line() {
        let errs = QuoteMarks::parse("\"\t\"\tdouble\n# c\n\"\t\"\tdouble\n", "t.tsv")
            .expect_err("duplicate must fail");
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].to_string(),
            "t.tsv:3: expected each pair once, found a duplicate of the pair on line 1"
        );
    }

    #[test]
    fn every_malformed_line_is_reported_with_file_and_line() {
        let src = "# header\n\
                   “\t”\tdouble\n\
                   ab\t”\tdouble\n\
                   “\t”\n\
                   “\t”\tcurly\n\
                   \n\
                   ‹\t\tguillemet\n";
        let errs = QuoteMarks::parse(src, "m.tsv").expect_err("bad lines must fail");
        let got: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "m.tsv:3: expected one mark character in the open column, found 2 characters",
                "m.tsv:4: expected 3 or 4 tab-separated columns (open, close, kind, note), found 2",
                "m.tsv:5: expected a kind (double, single, guillemet or corner) in the kind column, found an unknown word",
                "m.tsv:7: expected one mark character in the close column, found none",
            ]
        );
    }

    #[test]
    fn too_many_columns_is_an_error() {
        let errs = QuoteMarks::parse("“\t”\tdouble\tnote\textra\n", "x").expect_err("5 columns");
        assert!(errs[0].to_string().contains("found 5"), "{}", errs[0]);
    }

    #[test]
    fn blank_or_comment_recognises_blank_and_comment_lines() {
        type E<'a> = nom::error::Error<&'a str>;
        assert!(blank_or_comment::<E>("").is_ok());
        assert!(blank_or_comment::<E>("   \t").is_ok());
        assert!(blank_or_comment::<E>("  # note").is_ok());
        assert!(blank_or_comment::<E>("“\t”\tdouble").is_err());
    }

    #[test]
    fn mark_kind_recognises_keywords_only_whole() {
        type E<'a> = nom::error::Error<&'a str>;
        assert_eq!(mark_kind::<E>("single").map(|r| r.1), Ok(MarkKind::Single));
        assert_eq!(mark_kind::<E>("corner").map(|r| r.1), Ok(MarkKind::Corner));
        assert!(mark_kind::<E>("doubles").is_err());
        assert!(mark_kind::<E>("").is_err());
        for k in [MarkKind::Double, MarkKind::Single, MarkKind::Guillemet, MarkKind::Corner] {
            assert_eq!(mark_kind::<E>(k.keyword()).map(|r| r.1), Ok(k));
        }
    }

    #[test]
    fn columns_split_on_tabs_keeping_empty_columns() {
        type E<'a> = nom::error::Error<&'a str>;
        assert_eq!(columns::<E>("a\tb").map(|r| r.1), Ok(vec!["a", "b"]));
        assert_eq!(columns::<E>("ab").map(|r| r.1), Ok(vec!["ab"]));
        assert_eq!(columns::<E>("\tb\t").map(|r| r.1), Ok(vec!["", "b", ""]));
    }

    #[test]
    fn note_column_is_optional_and_kept() {
        let m = QuoteMarks::parse("«\t»\tguillemet\tFrench\n‹\t›\tguillemet\n", "x")
            .expect("valid table");
        assert_eq!(m.pairs()[0].note.as_deref(), Some("French"));
        assert_eq!(m.pairs()[1].note, None);
    }

    #[test]
    fn info_merges_roles_over_pairs() {
        let m = builtin();
        let ldq = m.info('“').expect("“ is a mark");
        assert!(ldq.opens && ldq.closes && !ldq.single);
        let rsq = m.info('’').expect("’ is a mark");
        assert!(!rsq.opens && rsq.closes && rsq.single);
        let low = m.info('„').expect("„ is a mark");
        assert!(low.opens && !low.closes);
        assert!(m.info('»').is_some_and(|i| i.opens && i.closes && i.spaced));
        assert_eq!(m.info('x'), None);
        assert_eq!(m.closers_of('„').collect::<Vec<_>>(), ['“', '”']);
        assert_eq!(m.openers_of('“').collect::<Vec<_>>(), ['„']);
    }

    #[test]
    fn next_candidate_jumps_to_mark_lead_bytes() {
        let m = builtin();
        let t = "ab — “c” 'd'";
        let first = m.next_candidate(t, 0, t.len()).expect("a candidate");
        // The em dash shares the lead byte 0xE2 but is no mark.
        assert_eq!(&t[first..first + 3], "—");
        let c = m.next_candidate(t, first + 3, t.len()).expect("a candidate");
        assert_eq!(t[c..].chars().next(), Some('“'));
        assert_eq!(m.next_candidate(t, 0, 2), None);
        assert_eq!(m.next_candidate(t, 5, 100), None);
    }
}
