//! Quote-mark pairs, from `grammar/quote_marks.tsv`. (Owned by the scan work package.)
//!
//! The table is read by [`super::table`] and parsed once into [`QuoteMarks`]: the list
//! of [`MarkPair`]s plus a per-mark index ([`MarkInfo`]) and a byte set of the marks'
//! first UTF-8 bytes, which the scanner uses to jump between candidate marks.
//!
//! A [`Mark`] is one character (`“`, `'`) or two (`''`, ``` `` ```: the typewriter
//! conventions of old newspaper archives and LaTeX/Usenet, which double an ASCII
//! character). Two-character marks may start with a character that is a mark on its
//! own (`''` and `'`); the scanner tries the longer one first ([`QuoteMarks::marks_at`]).
//!
//! Invariants after a successful parse: every pair's marks are one or two visible
//! characters that are neither letters nor digits, no pair occurs twice, and every
//! distinct mark has exactly one [`MarkInfo`] whose flags are the union over all pairs
//! it appears in.

use std::fmt;

use nom::bytes::complete::tag;
use nom::combinator::{all_consuming, value};
use nom::error::ParseError;
use nom::{IResult, Parser};

use super::table;
use crate::error::Error;

/// What typographic family a pair belongs to; it decides which scanner rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkKind {
    /// Double quotation marks (`"…"`, `“…”`, `„…“`, `''…''`).
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

/// A quotation mark as written: one character, or two (`''`, ``` `` ```).
///
/// Ordered by first character, then one-character marks before two-character ones.
/// `Mark::from('“')` makes a one-character mark, so char literals work wherever an
/// `impl Into<Mark>` is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mark {
    /// The first (for most marks, the only) character.
    pub first: char,
    /// The second character of a two-character mark.
    pub second: Option<char>,
}

impl Mark {
    /// A one-character mark.
    pub const fn one(c: char) -> Mark {
        Mark { first: c, second: None }
    }

    /// A two-character mark.
    pub const fn two(a: char, b: char) -> Mark {
        Mark { first: a, second: Some(b) }
    }

    /// Length of the mark in bytes (UTF-8).
    pub fn len_utf8(self) -> usize {
        self.first.len_utf8() + self.second.map_or(0, char::len_utf8)
    }

    /// The last character of the mark.
    pub fn last(self) -> char {
        self.second.unwrap_or(self.first)
    }

    /// True when `s` starts with this mark.
    pub fn is_prefix_of(self, s: &str) -> bool {
        let mut it = s.chars();
        it.next() == Some(self.first) && self.second.is_none_or(|b| it.next() == Some(b))
    }
}

impl From<char> for Mark {
    fn from(c: char) -> Mark {
        Mark::one(c)
    }
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first)?;
        match self.second {
            Some(b) => write!(f, "{b}"),
            None => Ok(()),
        }
    }
}

/// One line of the table: an opening mark, its closing partner and their kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkPair {
    /// The opening mark.
    pub open: Mark,
    /// The closing mark (may equal `open`).
    pub close: Mark,
    /// The typographic family.
    pub kind: MarkKind,
    /// The optional note column.
    pub note: Option<String>,
}

/// Everything the scanner needs to know about one mark, over all pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkInfo {
    /// The mark.
    pub mark: Mark,
    /// Dense index of this mark in the table (`0..QuoteMarks::mark_count()`).
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
    /// One entry per distinct mark, sorted by [`Mark`].
    marks: Vec<MarkInfo>,
    /// The last character of every opening mark, sorted, deduplicated.
    opening_ends: Vec<char>,
    /// Bit set of the first UTF-8 byte of every mark.
    lead_bytes: [u64; 4],
    /// Words elided after an apostrophe (`grammar/elisions.tsv`).
    elisions: Vec<Elision>,
}

/// A word elided at its start after an apostrophe that is no quotation mark ('tis, 'n').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elision {
    /// The lowercase word after the apostrophe.
    pub word: String,
    /// Whether a second apostrophe closes it ('n').
    pub closed: bool,
}

impl QuoteMarks {
    /// Parse the table; every malformed line is reported as
    /// [`Error::Grammar`] with `file` and its 1-based line number.
    pub fn parse(src: &str, file: &str) -> Result<QuoteMarks, Vec<Error>> {
        let mut pairs: Vec<(MarkPair, usize)> = Vec::new();
        let mut errors = Vec::new();
        for row in table::rows(src, file, 3..=4, &mut errors) {
            match mark_pair(&row.fields) {
                Ok(pair) => {
                    if let Some((_, first)) =
                        pairs.iter().find(|(p, _)| p.open == pair.open && p.close == pair.close)
                    {
                        errors.push(Error::grammar(
                            file,
                            row.line,
                            format!(
                                "expected each pair once, found a duplicate of the pair on line {first}"
                            ),
                        ));
                    } else {
                        pairs.push((pair, row.line));
                    }
                }
                Err(message) => errors.push(Error::grammar(file, row.line, message)),
            }
        }
        table::in_line_order(&mut errors);
        if errors.is_empty() {
            Ok(QuoteMarks::from_pairs(pairs.into_iter().map(|(p, _)| p).collect()))
        } else {
            Err(errors)
        }
    }

    /// Build the table from pairs (assumed valid: marks of one or two visible
    /// characters that are no letters or digits).
    pub fn from_pairs(pairs: Vec<MarkPair>) -> QuoteMarks {
        let mut marks: Vec<MarkInfo> = Vec::new();
        for p in &pairs {
            for (mark, opening) in [(p.open, true), (p.close, false)] {
                let pos = match marks.binary_search_by_key(&mark, |m| m.mark) {
                    Ok(pos) => pos,
                    Err(pos) => {
                        let info = MarkInfo {
                            mark,
                            id: 0,
                            opens: false,
                            closes: false,
                            single: false,
                            spaced: false,
                        };
                        marks.insert(pos, info);
                        pos
                    }
                };
                let m = &mut marks[pos];
                m.opens |= opening;
                m.closes |= !opening;
                m.single |= p.kind == MarkKind::Single;
                m.spaced |= matches!(p.kind, MarkKind::Guillemet | MarkKind::Corner);
            }
        }
        let mut lead_bytes = [0u64; 4];
        for (id, m) in marks.iter_mut().enumerate() {
            m.id = id;
            let mut buf = [0u8; 4];
            let b = m.mark.first.encode_utf8(&mut buf).as_bytes()[0];
            lead_bytes[usize::from(b >> 6)] |= 1u64 << (b & 63);
        }
        let mut opening_ends: Vec<char> =
            marks.iter().filter(|m| m.opens).map(|m| m.mark.last()).collect();
        opening_ends.sort_unstable();
        opening_ends.dedup();
        QuoteMarks { pairs, marks, opening_ends, lead_bytes, elisions: Vec::new() }
    }

    /// The table with the elided words of `elisions.tsv` (one lowercase word per line, a
    /// trailing `'` for a word closed by a second apostrophe); every bad line is reported.
    pub fn with_elisions(mut self, src: &str, file: &str) -> Result<QuoteMarks, Vec<Error>> {
        let rows = table::read(src, file, 1..=1)?;
        let mut errors = Vec::new();
        for row in rows {
            let entry = row.fields[0];
            let (word, closed) = match entry.strip_suffix('\'') {
                Some(w) => (w, true),
                None => (entry, false),
            };
            if word.is_empty() || !word.chars().all(|c| c.is_alphabetic() && !c.is_uppercase()) {
                errors.push(Error::grammar(
                    file,
                    row.line,
                    format!(
                        "expected a lowercase word, optionally with a trailing ', found `{entry}`"
                    ),
                ));
                continue;
            }
            self.elisions.push(Elision { word: word.to_string(), closed });
        }
        if errors.is_empty() { Ok(self) } else { Err(errors) }
    }

    /// The words elided after an apostrophe.
    pub fn elisions(&self) -> &[Elision] {
        &self.elisions
    }

    /// The pairs, in file order.
    pub fn pairs(&self) -> &[MarkPair] {
        &self.pairs
    }

    /// Every distinct mark, sorted.
    pub fn marks(&self) -> impl Iterator<Item = Mark> + '_ {
        self.marks.iter().map(|m| m.mark)
    }

    /// Number of distinct marks; [`MarkInfo::id`] is below this.
    pub fn mark_count(&self) -> usize {
        self.marks.len()
    }

    /// What the table says about `mark`, or `None` when it is no mark.
    pub fn info(&self, mark: impl Into<Mark>) -> Option<MarkInfo> {
        let mark = mark.into();
        self.marks
            .binary_search_by_key(&mark, |m| m.mark)
            .ok()
            .and_then(|i| self.marks.get(i).copied())
    }

    /// The marks of the table that `s` starts with, longest first (at most two: a
    /// two-character mark and its first character).
    pub fn marks_at(&self, s: &str) -> impl Iterator<Item = MarkInfo> {
        let mut it = s.chars();
        let first = it.next();
        let two = first.zip(it.next()).and_then(|(a, b)| self.info(Mark::two(a, b)));
        let one = first.and_then(|a| self.info(a));
        two.into_iter().chain(one)
    }

    /// True when `mark` opens or closes some pair.
    pub fn is_mark(&self, mark: impl Into<Mark>) -> bool {
        self.info(mark).is_some()
    }

    /// True when `mark` is the opening mark of some pair.
    pub fn can_open(&self, mark: impl Into<Mark>) -> bool {
        self.info(mark).is_some_and(|m| m.opens)
    }

    /// True when `mark` is the closing mark of some pair.
    pub fn can_close(&self, mark: impl Into<Mark>) -> bool {
        self.info(mark).is_some_and(|m| m.closes)
    }

    /// True when `c` is the last character of some opening mark (`“`, `'`, `` ` ``),
    /// so a mark right after it may open a nested quote.
    pub fn ends_opening_mark(&self, c: char) -> bool {
        self.opening_ends.binary_search(&c).is_ok()
    }

    /// True when the table has the pair `open…close`.
    pub fn closes(&self, open: impl Into<Mark>, close: impl Into<Mark>) -> bool {
        let (open, close) = (open.into(), close.into());
        self.pairs.iter().any(|p| p.open == open && p.close == close)
    }

    /// The closing partners of `open`, in file order.
    pub fn closers_of(&self, open: impl Into<Mark>) -> impl Iterator<Item = Mark> + '_ {
        let open = open.into();
        self.pairs.iter().filter(move |p| p.open == open).map(|p| p.close)
    }

    /// The opening partners of `close`, in file order.
    pub fn openers_of(&self, close: impl Into<Mark>) -> impl Iterator<Item = Mark> + '_ {
        let close = close.into();
        self.pairs.iter().filter(move |p| p.close == close).map(|p| p.open)
    }

    /// True when `b` is the first UTF-8 byte of some mark.
    pub fn is_lead_byte(&self, b: u8) -> bool {
        self.lead_bytes[usize::from(b >> 6)] & (1u64 << (b & 63)) != 0
    }

    /// The byte offset of the next possible mark in `text[from..end]`: a position whose
    /// byte starts some mark's UTF-8 encoding (confirm with [`QuoteMarks::marks_at`]).
    /// Always a char boundary, since lead bytes never continue a character.
    pub fn next_candidate(&self, text: &str, from: usize, end: usize) -> Option<usize> {
        let hay = text.as_bytes().get(from..end)?;
        hay.iter().position(|&b| self.is_lead_byte(b)).map(|k| from + k)
    }
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

/// Check that a mark column holds one or two visible characters that are no letters
/// or digits (the scanner's flanking rules tell marks from words by that).
fn mark_column(f: &str, column: &str) -> Result<Mark, String> {
    let chars: Vec<char> = f.chars().collect();
    if let Some(c) = chars.iter().find(|c| c.is_whitespace() || c.is_control()) {
        let found = if c.is_whitespace() { "whitespace" } else { "a control character" };
        return Err(format!(
            "expected visible mark characters in the {column} column, found {found}"
        ));
    }
    if chars.iter().any(|c| c.is_alphanumeric()) {
        return Err(format!(
            "expected punctuation in the {column} column, found a letter or digit"
        ));
    }
    match chars[..] {
        [] => Err(format!("expected one mark character in the {column} column, found none")),
        [c] => Ok(Mark::one(c)),
        [a, b] => Ok(Mark::two(a, b)),
        _ => Err(format!(
            "expected one or two mark characters in the {column} column, found {} characters",
            chars.len()
        )),
    }
}

/// The pair of one row's fields (open, close, kind and an optional note), or what is
/// wrong with them.
fn mark_pair(fields: &[&str]) -> Result<MarkPair, String> {
    let open = mark_column(fields[0], "open")?;
    let close = mark_column(fields[1], "close")?;
    let kind = mark_kind::<nom::error::Error<&str>>(fields[2]).map(|(_, k)| k).map_err(|_| {
        "expected a kind (double, single, guillemet or corner) in the kind column, found an unknown word"
            .to_owned()
    })?;
    let note = fields.get(3).map(|s| (*s).to_owned());
    Ok(MarkPair { open, close, kind, note })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_load_and_bad_lines_are_reported() {
        let m = QuoteMarks::default().with_elisions("# h\nem\nn'\n", "e.tsv").unwrap();
        assert_eq!(
            m.elisions(),
            [
                Elision { word: "em".into(), closed: false },
                Elision { word: "n".into(), closed: true }
            ]
        );
        let errs = QuoteMarks::default().with_elisions("em\nTis\n'\n", "e.tsv").unwrap_err();
        let errs: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("e.tsv:2: expected a lowercase word"), "{errs:?}");
        assert!(errs[1].starts_with("e.tsv:3:"), "{errs:?}");
    }

    #[test]
    fn builtin_elisions_load_without_errors_and_are_sorted() {
        let src = include_str!("../../grammar/elisions.tsv");
        let rows = table::read(src, "elisions.tsv", 1..=1).unwrap_or_else(|e| table::fail(&e));
        let words: Vec<&str> = rows.iter().map(|r| r.fields[0]).collect();
        assert!(words.windows(2).all(|w| w[0] < w[1]), "{words:?}");
        let m = QuoteMarks::default().with_elisions(src, "elisions.tsv");
        assert!(m.is_ok_and(|m| m.elisions().len() == words.len()));
    }

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
        let (dq, bt) = (Mark::two('\'', '\''), Mark::two('`', '`'));
        assert!(m.closes(dq, dq), "missing pair ''…'' in grammar/quote_marks.tsv");
        assert!(m.closes(bt, dq), "missing pair ``…'' in grammar/quote_marks.tsv");
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
                "m.tsv:3: expected punctuation in the open column, found a letter or digit",
                "m.tsv:4: expected 3 or 4 tab-separated fields, found 2",
                "m.tsv:5: expected a kind (double, single, guillemet or corner) in the kind column, found an unknown word",
                "m.tsv:7: expected tab-separated fields, found an empty field",
            ]
        );
    }

    #[test]
    fn mark_column_takes_one_or_two_visible_non_word_characters() {
        assert_eq!(mark_column("“", "open"), Ok(Mark::one('“')));
        assert_eq!(mark_column("''", "open"), Ok(Mark::two('\'', '\'')));
        assert_eq!(mark_column("``", "open"), Ok(Mark::two('`', '`')));
        assert_eq!(
            mark_column("'''", "close"),
            Err("expected one or two mark characters in the close column, found 3 characters"
                .to_owned())
        );
        assert!(mark_column("' ", "open").is_err_and(|e| e.contains("found whitespace")));
        assert!(mark_column("'a", "open").is_err_and(|e| e.contains("letter or digit")));
        assert!(mark_column("", "open").is_err_and(|e| e.contains("found none")));
    }

    #[test]
    fn two_character_marks_are_read_from_the_table() {
        let m = QuoteMarks::parse("''\t''\tdouble\n``\t''\tdouble\n'\t'\tsingle\n", "x")
            .expect("valid table");
        let dq = Mark::two('\'', '\'');
        assert!(m.closes(dq, dq) && m.closes(Mark::two('`', '`'), dq));
        assert!(!m.closes('`', '\''));
        assert_eq!(dq.to_string(), "''");
        assert_eq!(dq.len_utf8(), 2);
        let info = m.info(dq).expect("'' is a mark");
        assert!(info.opens && info.closes && !info.single);
        assert!(m.info('\'').is_some_and(|i| i.single));
        assert_eq!(m.info('`'), None, "` alone is no mark");
        assert!(m.ends_opening_mark('`') && m.ends_opening_mark('\''));
        assert!(m.is_lead_byte(b'`'));
        assert_eq!(m.marks().collect::<Vec<_>>(), [Mark::one('\''), dq, Mark::two('`', '`')]);
    }

    #[test]
    fn marks_at_lists_the_longest_mark_first() {
        let m = builtin();
        let at = |s: &str| m.marks_at(s).map(|i| i.mark.to_string()).collect::<Vec<_>>();
        assert_eq!(at("'''x"), ["''", "'"]);
        assert_eq!(at("'x"), ["'"]);
        assert_eq!(at("``x"), ["``"]);
        assert!(at("`x").is_empty());
        assert!(at("x'").is_empty());
        assert!(at("").is_empty());
        assert_eq!(at("“"), ["“"]);
    }

    #[test]
    fn mark_is_a_prefix_of_text_starting_with_it() {
        let dq = Mark::two('\'', '\'');
        assert!(dq.is_prefix_of("''a"));
        assert!(!dq.is_prefix_of("'a"));
        assert!(Mark::one('“').is_prefix_of("“a"));
        assert!(!Mark::one('“').is_prefix_of(""));
        assert_eq!(dq.last(), '\'');
    }

    #[test]
    fn too_many_columns_is_an_error() {
        let errs = QuoteMarks::parse("“\t”\tdouble\tnote\textra\n", "x").expect_err("5 columns");
        assert!(errs[0].to_string().contains("found 5"), "{}", errs[0]);
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
        assert_eq!(m.closers_of('„').collect::<Vec<_>>(), [Mark::one('“'), Mark::one('”')]);
        assert_eq!(m.openers_of('“').collect::<Vec<_>>(), [Mark::one('„')]);
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
