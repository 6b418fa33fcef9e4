//! Header metadata and the body span of text and Markdown articles.
//!
//! Works line by line on the masked text (`plain`, same byte offsets as `text`), so
//! link markup never reaches a metadata value. From the top, header lines are read
//! while they look like metadata: a title, a byline, a "Publisher, date" or
//! "Agency date" line, a date, or a "Key: value" line; the body starts at the first
//! line that is none of these. From the second half of the body on, the first line
//! that opens a known boilerplate block ends the body. The lexicons (month names,
//! byline words, header keys, boilerplate openers) are data files under
//! `grammar/meta/`, parsed once. Nothing here invents a value: what is not found
//! stays `None`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::error::Error;
use crate::grammar::table::{self, Row};
use crate::model::{ArticleMeta, Diagnostic, Level, OriginalSource, Span};

/// At most this many non-empty lines are read as header.
const MAX_HEADER_LINES: usize = 12;

/// What a `Key: value` header line fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderField {
    /// Kept out of the body, value not kept.
    Skip,
    /// The article's address.
    Url,
    /// An address goes to `url`, a name to the original publisher.
    Source,
    /// Publication date.
    Date,
    /// Publisher of this copy.
    Publisher,
    /// Author names.
    Author,
}

/// What a boilerplate line does besides ending the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Only ends the body.
    Cut,
    /// Also names the original publisher in the rest of the line.
    Original,
}

/// The lexicons of `grammar/meta/`.
#[derive(Debug)]
struct Lexicon {
    /// Lowercase month name or abbreviation -> month number.
    months: HashMap<String, u32>,
    /// Byline openers, longest first.
    byline_prefixes: Vec<String>,
    /// Words joining the last two names.
    joiners: HashSet<String>,
    /// Lowercase words allowed inside a name.
    particles: HashSet<String>,
    /// Header keys with their colon, longest first.
    header_keys: Vec<(String, HeaderField)>,
    /// Boilerplate patterns split at `*`.
    boilerplate: Vec<(Vec<String>, Action)>,
    /// Lowercase day names that may precede a date.
    weekdays: HashSet<String>,
    /// Words that may open a date line, longest first.
    date_leads: Vec<String>,
    /// Lowercase endings of ordinal day numbers ("1st", "2nd").
    ordinal_endings: Vec<String>,
}

static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::builtin().unwrap_or_else(|e| table::fail(&e)));

/// The built-in files: name and content.
const FILES: [(&str, &str); 5] = [
    ("meta/months.tsv", include_str!("../../grammar/meta/months.tsv")),
    ("meta/bylines.tsv", include_str!("../../grammar/meta/bylines.tsv")),
    ("meta/header_keys.tsv", include_str!("../../grammar/meta/header_keys.tsv")),
    ("meta/boilerplate.tsv", include_str!("../../grammar/meta/boilerplate.tsv")),
    ("meta/date_words.tsv", include_str!("../../grammar/meta/date_words.tsv")),
];

/// Record `key` as seen at `line`; report a duplicate.
fn check_duplicate(
    seen: &mut HashMap<String, usize>,
    key: String,
    file: &str,
    line: usize,
    errors: &mut Vec<Error>,
) {
    if let Some(first) = seen.insert(key, line) {
        errors.push(Error::grammar(
            file,
            line,
            format!("expected each entry once, found a duplicate of line {first}"),
        ));
    }
}

impl Lexicon {
    /// Parse the built-in files, collecting every problem.
    fn builtin() -> Result<Lexicon, Vec<Error>> {
        Lexicon::parse(FILES)
    }

    /// Parse the tables, each a file name and its content, in the order of [`FILES`].
    fn parse(files: [(&str, &str); 5]) -> Result<Lexicon, Vec<Error>> {
        let [months, bylines, keys, boiler, date_words] = files;
        let mut errors = Vec::new();
        let mut lex = Lexicon {
            months: HashMap::new(),
            byline_prefixes: Vec::new(),
            joiners: HashSet::new(),
            particles: HashSet::new(),
            header_keys: Vec::new(),
            boilerplate: Vec::new(),
            weekdays: HashSet::new(),
            date_leads: Vec::new(),
            ordinal_endings: Vec::new(),
        };

        let (file, src) = months;
        let mut seen = HashMap::new();
        for Row { line, fields: cols } in table::rows(src, file, 3..=3, &mut errors) {
            let (lang, num, name) = (cols[0], cols[1], cols[2]);
            let name = name.trim_end_matches('.').to_lowercase();
            let Some(month) = num.parse::<u32>().ok().filter(|m| (1..=12).contains(m)) else {
                errors.push(Error::grammar(
                    file,
                    line,
                    "expected a month number from 1 to 12 in column 2, found another value"
                        .to_string(),
                ));
                continue;
            };
            check_duplicate(&mut seen, format!("{lang}\t{name}"), file, line, &mut errors);
            match lex.months.insert(name, month) {
                Some(other) if other != month => errors.push(Error::grammar(
                    file,
                    line,
                    format!("expected one month per name, found month {month} and month {other}"),
                )),
                _ => {}
            }
        }

        let (file, src) = bylines;
        let mut seen = HashMap::new();
        for Row { line, fields: cols } in table::rows(src, file, 2..=2, &mut errors) {
            let (kind, word) = (cols[0], cols[1]);
            check_duplicate(
                &mut seen,
                format!("{kind}\t{}", word.to_lowercase()),
                file,
                line,
                &mut errors,
            );
            match kind {
                "prefix" => lex.byline_prefixes.push(word.to_string()),
                "joiner" => {
                    lex.joiners.insert(word.to_lowercase());
                }
                "particle" => {
                    lex.particles.insert(word.to_lowercase());
                }
                _ => errors.push(Error::grammar(
                    file,
                    line,
                    "expected `prefix`, `joiner` or `particle` in column 1, found another word"
                        .to_string(),
                )),
            }
        }
        lex.byline_prefixes.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));

        let (file, src) = keys;
        let mut seen = HashMap::new();
        for Row { line, fields: cols } in table::rows(src, file, 2..=2, &mut errors) {
            let (key, field) = (cols[0], cols[1]);
            check_duplicate(&mut seen, key.to_lowercase(), file, line, &mut errors);
            let field = match field {
                "skip" => HeaderField::Skip,
                "url" => HeaderField::Url,
                "source" => HeaderField::Source,
                "date" => HeaderField::Date,
                "publisher" => HeaderField::Publisher,
                "author" => HeaderField::Author,
                _ => {
                    errors.push(Error::grammar(
                        file,
                        line,
                        "expected skip, url, source, date, publisher or author in column 2, \
                         found another word"
                            .to_string(),
                    ));
                    continue;
                }
            };
            if !key.ends_with(':') {
                errors.push(Error::grammar(
                    file,
                    line,
                    "expected a key ending in `:`, found none".to_string(),
                ));
                continue;
            }
            lex.header_keys.push((key.to_string(), field));
        }
        lex.header_keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));

        let (file, src) = boiler;
        let mut seen = HashMap::new();
        for Row { line, fields: cols } in table::rows(src, file, 2..=2, &mut errors) {
            let (pattern, action) = (cols[0], cols[1]);
            check_duplicate(&mut seen, pattern.to_lowercase(), file, line, &mut errors);
            let action = match action {
                "cut" => Action::Cut,
                "original" => Action::Original,
                _ => {
                    errors.push(Error::grammar(
                        file,
                        line,
                        "expected `cut` or `original` in column 2, found another word".to_string(),
                    ));
                    continue;
                }
            };
            let pieces: Vec<String> = pattern.split('*').map(|p| p.trim().to_string()).collect();
            if pieces.first().is_none_or(|p| p.is_empty()) {
                errors.push(Error::grammar(
                    file,
                    line,
                    "expected a pattern starting with text, found `*`".to_string(),
                ));
                continue;
            }
            lex.boilerplate.push((pieces, action));
        }

        let (file, src) = date_words;
        let mut seen = HashMap::new();
        for Row { line, fields: cols } in table::rows(src, file, 3..=3, &mut errors) {
            let (kind, lang, word) = (cols[0], cols[1], cols[2]);
            check_duplicate(
                &mut seen,
                format!("{kind}\t{lang}\t{}", word.to_lowercase()),
                file,
                line,
                &mut errors,
            );
            match kind {
                "weekday" => {
                    lex.weekdays.insert(word.to_lowercase());
                }
                "lead" => lex.date_leads.push(word.to_string()),
                "ordinal" => lex.ordinal_endings.push(word.to_lowercase()),
                _ => errors.push(Error::grammar(
                    file,
                    line,
                    "expected `weekday`, `lead` or `ordinal` in column 1, found another word"
                        .to_string(),
                )),
            }
        }
        lex.date_leads.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));

        if errors.is_empty() { Ok(lex) } else { Err(errors) }
    }
}

// ---------------------------------------------------------------------------
// Case-insensitive matching
// ---------------------------------------------------------------------------

/// `s` without `prefix`, compared case-insensitively char by char.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = s.char_indices();
    for pc in prefix.chars() {
        let (_, sc) = chars.next()?;
        if !sc.to_lowercase().eq(pc.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(i, _)| &s[i..]))
}

/// The rest of `s` after the first case-insensitive occurrence of `needle`.
fn find_ci<'a>(s: &'a str, needle: &str) -> Option<&'a str> {
    s.char_indices().find_map(|(i, _)| strip_prefix_ci(&s[i..], needle))
}

/// True when `rest` does not continue the word that a match ending in `last` ended in.
fn at_word_end(last: Option<char>, rest: &str) -> bool {
    !last.is_some_and(char::is_alphanumeric) || !rest.starts_with(char::is_alphanumeric)
}

/// Match a boilerplate pattern (pieces split at `*`) at the start of `line`; the rest
/// of the line after the match.
fn match_pattern<'a>(line: &'a str, pieces: &[String]) -> Option<&'a str> {
    let (first, others) = pieces.split_first()?;
    let mut rest = strip_prefix_ci(line, first)?;
    if !at_word_end(first.chars().last(), rest) {
        return None;
    }
    for piece in others.iter().filter(|p| !p.is_empty()) {
        rest = find_ci(rest, piece)?;
    }
    Some(rest)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Days in a month of a year.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A year of four digits, 1000 to 2999.
fn year(tok: &str) -> Option<u32> {
    let tok = tok.trim_end_matches(['.', ',', ')']);
    (tok.len() == 4 && tok.bytes().all(|b| b.is_ascii_digit()))
        .then(|| tok.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

/// A day number ("2", "02,", "1.", "1st").
fn day(tok: &str) -> Option<u32> {
    let tok = tok.trim_end_matches([',', '.']);
    let lower = tok.to_ascii_lowercase();
    let ending = LEXICON.ordinal_endings.iter().find(|s| lower.ends_with(s.as_str()));
    let tok = ending.map_or(tok, |s| &tok[..tok.len() - s.len()]);
    (1..=2)
        .contains(&tok.len())
        .then(|| tok.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// A month name or abbreviation ("December", "Dec.", "Dezember,").
fn month(tok: &str) -> Option<u32> {
    let tok = tok.trim_end_matches([',', '.']).to_lowercase();
    LEXICON.months.get(&tok).copied()
}

/// `YYYY-MM-DD` when the parts make a real date.
fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A numeric date in one token: `2009-12-01` (optionally followed by a time,
/// `2009-12-01T10:00Z`) or German `02.12.2009`.
fn numeric_date(tok: &str) -> Option<String> {
    let tok = tok.trim_end_matches([',', ')']);
    let b = tok.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone()).filter(|s| s.iter().all(u8::is_ascii_digit))?;
        tok.get(r)?.parse::<u32>().ok()
    };
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && (b.len() == 10 || b[10] == b'T') {
        return ymd(digits(0..4)?, digits(5..7)?, digits(8..10)?);
    }
    let parts: Vec<&str> = tok.trim_end_matches('.').split('.').collect();
    if let [d, m, y] = parts[..] {
        if (1..=2).contains(&d.len()) && (1..=2).contains(&m.len()) {
            return ymd(year(y)?, m.parse().ok()?, d.parse().ok()?);
        }
    }
    None
}

/// A date made of the given tokens, in one of the forms read in headers.
fn date_of_tokens(toks: &[&str]) -> Option<String> {
    match *toks {
        [t] => numeric_date(t),
        // "December 2009"
        [m, y] => Some(format!("{:04}-{:02}", year(y)?, month(m)?)),
        // "December 02, 2009", "Dec. 2, 2009" or "1 December 2009", "1. Dezember 2009"
        [a, b, y] => {
            let y = year(y)?;
            match (month(a), day(b)) {
                (Some(m), Some(d)) => ymd(y, m, d),
                _ => ymd(y, month(b)?, day(a)?),
            }
        }
        _ => None,
    }
}

/// A date at the end of `line`: the byte offset where it starts and its normalized
/// form. The longest form that parses wins.
pub(crate) fn date_suffix(line: &str) -> Option<(usize, String)> {
    // Only the last three words can hold the date: read them from the end, so a long
    // line costs no memory.
    let mut toks: Vec<(usize, &str)> = line
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
        .collect();
    toks.reverse();
    (1..=3.min(toks.len())).rev().find_map(|k| {
        let tail = &toks[toks.len() - k..];
        let words: Vec<&str> = tail.iter().map(|&(_, w)| w).collect();
        date_of_tokens(&words).map(|d| (tail[0].0, d))
    })
}

/// Normalize a date written in one of the known forms to `YYYY-MM-DD` (or `YYYY-MM`).
/// Already normalized partial dates (`2009`, `2009-12`) are kept.
pub(crate) fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some((0, d)) = date_suffix(s) {
        return Some(d);
    }
    if let Some(d) = s.get(..10).and_then(numeric_date) {
        return Some(d);
    }
    let b = s.as_bytes();
    let iso_partial = match b.len() {
        4 => year(s).is_some(),
        7 => {
            s.get(..4).and_then(year).is_some()
                && b[4] == b'-'
                && s.get(5..)
                    .and_then(|m| m.parse::<u32>().ok())
                    .is_some_and(|m| (1..=12).contains(&m))
        }
        _ => false,
    };
    iso_partial.then(|| s.to_string())
}

// ---------------------------------------------------------------------------
// Names and lines
// ---------------------------------------------------------------------------

/// True for a word that may start a name or a publisher: capitalized or a number.
fn capitalized(word: &str) -> bool {
    word.trim_start_matches(['(', '"', '“', '\''])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A person's name: one to five words, each capitalized or a particle.
fn is_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && name.chars().count() <= 60
        && capitalized(words[0])
        && words.iter().all(|w| capitalized(w) || LEXICON.particles.contains(&w.to_lowercase()))
        && !name.contains([':', ';', '|', '@', '/'])
}

/// What a byline names: its authors, and the outlet it ends with ("By Mark Savage, BBC
/// News", "By Jane Doe | The Guardian").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Byline {
    /// The persons named.
    pub(crate) authors: Vec<String>,
    /// The outlet named after them.
    pub(crate) outlet: Option<String>,
}

/// The names of a byline's rest: "A and B", "A, B and C", "A", perhaps followed by an
/// outlet after a comma or a separator, and by roles between commas ("Mark Savage,
/// Music correspondent, BBC News"). Whether a part is an outlet is decided by the name
/// model's evidence ([`crate::model::name::is_organisation`]).
fn names(rest: &str) -> Option<Byline> {
    let mut parts = rest.split(['|', '–', '—']);
    let rest = parts.next().unwrap_or(rest).trim().trim_end_matches('.');
    let mut outlet = parts
        .next()
        .map(|p| p.trim().trim_end_matches('.').to_string())
        .filter(|p| is_outlet(p) && crate::model::name::is_organisation(p));
    let mut segments: Vec<&str> = rest.split(',').map(str::trim).collect();
    // The last comma segment is the outlet when it names an organisation and no joiner
    // makes it one of the names ("A, B and C").
    if segments.len() > 1 {
        let last = segments[segments.len() - 1];
        let joined = last.split_whitespace().any(|w| LEXICON.joiners.contains(&w.to_lowercase()));
        if !joined && crate::model::name::is_organisation(last) && is_outlet(last) {
            outlet.get_or_insert_with(|| last.to_string());
            segments.pop();
        }
    }
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let mut cur: Vec<&str> = Vec::new();
        let mut found = Vec::new();
        for word in seg.split_whitespace() {
            if LEXICON.joiners.contains(&word.to_lowercase()) {
                found.push(cur.join(" "));
                cur.clear();
            } else {
                cur.push(word);
            }
        }
        found.push(cur.join(" "));
        let found: Vec<String> = found.into_iter().filter(|n| !n.is_empty()).collect();
        if found.iter().all(|n| is_name(n)) {
            out.extend(found);
        } else if i == 0 || outlet.is_none() {
            // Not a name: a role between commas is allowed only after a name and
            // before an outlet.
            return None;
        }
    }
    (!out.is_empty() && out.len() <= 10).then_some(Byline { authors: out, outlet })
}

/// The person names of an author string ("Anna Berg and Jan Ott", "A, B and C").
pub(crate) fn author_names(s: &str) -> Option<Vec<String>> {
    names(s).map(|b| b.authors)
}

/// Authors, and the outlet a byline ends with, from a byline ("By A and B, Reuters") or
/// a plain list of names ("A, B and C"), for the author fields of web pages.
pub(crate) fn byline_names(s: &str) -> Option<Byline> {
    let s = s.trim();
    byline(s).or_else(|| names(s))
}

/// The authors (and outlet) of a byline ("By Yu Maofeng and Lu Jingli").
fn byline(line: &str) -> Option<Byline> {
    LEXICON.byline_prefixes.iter().find_map(|p| {
        let rest = strip_prefix_ci(line, p)?;
        let rest = if p.ends_with(':') { rest } else { rest.strip_prefix(' ')? };
        names(rest)
    })
}

/// A publisher or agency name before a date: capitalized first and last word,
/// lowercase inner words only when short ("Agence France-Presse", "Bank of England"),
/// and letters in it (a year after a byline's comma is no outlet).
fn is_outlet(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return false };
    words.len() <= 8
        && name.chars().any(char::is_alphabetic)
        && capitalized(first)
        && capitalized(last)
        && words.iter().all(|w| capitalized(w) || w.chars().count() <= 4)
        && !name.contains([':', ';', '.', '?', '!'])
}

/// A line that names an outlet and a date: "Global Research, December 02, 2009" or
/// "Xinhua News Agency 1 December 2009". The name, whether a comma separated it, and
/// the date.
fn outlet_date(line: &str) -> Option<(String, bool, String)> {
    let (at, date) = date_suffix(line)?;
    let name = line[..at].trim_end();
    let comma = name.ends_with(',');
    let name = name.trim_end_matches([',', '-', '–', '—', '|']).trim();
    is_outlet(name).then(|| (name.to_string(), comma, date))
}

/// A line that is only a date, perhaps after lead words and a day name
/// ("Published on Tuesday, December 1, 2009", "Veröffentlicht am 5. März 2010").
fn date_line(line: &str) -> Option<String> {
    let (at, date) = date_suffix(line)?;
    let mut rest = line[..at].trim();
    if let Some(r) = LEXICON.date_leads.iter().find_map(|lead| {
        strip_prefix_ci(rest, lead).filter(|r| at_word_end(lead.chars().last(), r))
    }) {
        rest = r.trim();
    }
    let rest = rest.trim_end_matches([',', '.']).trim();
    (rest.is_empty() || LEXICON.weekdays.contains(&rest.to_lowercase())).then_some(date)
}

/// True for a title-like first line: short, capitalized, no final period.
fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let end = line.trim_end_matches(['"', '\'', '”', '’', '»', '«', ')']);
    (1..=20).contains(&words)
        && line.chars().count() <= 150
        && capitalized(line)
        && !end.ends_with(['.', ',', ';', ':'])
        && date_suffix(line).is_none()
}

/// True when a value looks like an address.
fn is_url(s: &str) -> bool {
    ["http://", "https://", "www."].iter().any(|p| s.starts_with(p))
}

/// One line of the article.
#[derive(Debug)]
struct Line<'a> {
    /// The line in `text`, without its line break.
    span: Span,
    /// The line in `plain`, whitespace collapsed (borrowed when there is nothing to
    /// collapse, so that a long article is not copied line by line).
    plain: Cow<'a, str>,
    /// The line in `text`, trimmed.
    raw: &'a str,
}

impl Line<'_> {
    /// True when nothing but markup or space is on the line.
    fn is_blank(&self) -> bool {
        self.plain.is_empty()
    }

    /// True for a horizontal rule (`---`, `***`, `___`, `===`).
    fn is_rule(&self) -> bool {
        let marks = self.raw.chars().filter(|c| !c.is_whitespace());
        marks.clone().count() >= 3
            && marks.clone().all(|c| matches!(c, '-' | '*' | '_' | '=' | '~'))
    }
}

/// Split `text` (and `plain`, same offsets) into lines.
fn lines<'a>(text: &'a str, plain: &'a str) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        let content_end = start + piece.trim_end_matches(['\n', '\r']).len();
        let span = Span::new(start, content_end);
        let plain_line = plain.get(start..content_end).unwrap_or("");
        out.push(Line { span, plain: collapse(plain_line), raw: span.slice(text).trim() });
        start = end;
    }
    out
}

/// `s` trimmed with every run of whitespace made one space.
fn collapse(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let single = t.split(' ').all(|w| !w.is_empty() && !w.contains(char::is_whitespace));
    if t.is_empty() || single {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(t.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

// ---------------------------------------------------------------------------
// The analysis
// ---------------------------------------------------------------------------

/// Metadata, body and diagnostics found in one article.
#[derive(Debug)]
pub(crate) struct Layout {
    /// Header metadata.
    pub meta: ArticleMeta,
    /// The body span in `text`.
    pub body: Span,
    /// Metadata that could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

/// The state of a header scan.
struct Header<'a> {
    /// What was found so far.
    meta: ArticleMeta,
    /// Problems found so far.
    diagnostics: Vec<Diagnostic>,
    /// Markdown heading spans, or `None` for plain text.
    headings: Option<&'a [Span]>,
}

impl Header<'_> {
    /// The original source, created on first use.
    fn original(&mut self) -> &mut OriginalSource {
        self.meta.original.get_or_insert_with(OriginalSource::default)
    }

    /// Read one non-empty line as header; false when it is not a header line.
    fn line(&mut self, line: &Line<'_>, first: bool) -> bool {
        let p: &str = &line.plain;
        if let Some(headings) = self.headings {
            if headings.iter().any(|h| line.span.start <= h.start && h.start <= line.span.end) {
                if self.meta.title.is_some() {
                    return false;
                }
                self.meta.title = Some(p.to_string());
                return true;
            }
        }
        if let Some(b) = byline(p) {
            if self.meta.authors.is_empty() {
                self.meta.authors = b.authors;
            }
            if let Some(outlet) = b.outlet {
                self.meta.publisher.get_or_insert(outlet);
            }
            return true;
        }
        if let Some((field, value)) = LEXICON
            .header_keys
            .iter()
            .find_map(|(k, f)| strip_prefix_ci(p, k).map(|rest| (*f, rest.trim())))
        {
            self.key(field, value, line.span);
            return true;
        }
        if let Some(date) = date_line(p) {
            self.meta.date.get_or_insert(date);
            return true;
        }
        if let Some((name, comma, date)) = outlet_date(p) {
            if self.meta.publisher.is_none() && (comma || self.meta.original.is_none()) {
                self.meta.publisher = Some(name);
                self.meta.date.get_or_insert(date);
            } else if self.meta.original.as_ref().is_none_or(|o| o.publisher.is_none()) {
                let original = self.original();
                original.publisher = Some(name);
                original.date = Some(date);
            }
            return true;
        }
        if first && self.headings.is_none() && is_headline(p) {
            self.meta.title = Some(p.to_string());
            return true;
        }
        false
    }

    /// Use the value of a `Key: value` line.
    fn key(&mut self, field: HeaderField, value: &str, span: Span) {
        if value.is_empty() {
            return;
        }
        match field {
            HeaderField::Skip => {}
            HeaderField::Url => {
                self.meta.url.get_or_insert_with(|| value.to_string());
            }
            HeaderField::Source if is_url(value) => {
                self.meta.url.get_or_insert_with(|| value.to_string());
            }
            HeaderField::Source => {
                let original = self.original();
                original.publisher.get_or_insert_with(|| value.to_string());
            }
            HeaderField::Publisher => {
                self.meta.publisher.get_or_insert_with(|| value.to_string());
            }
            HeaderField::Author => {
                if let Some(b) = names(value) {
                    if self.meta.authors.is_empty() {
                        self.meta.authors = b.authors;
                    }
                    if let Some(outlet) = b.outlet {
                        self.meta.publisher.get_or_insert(outlet);
                    }
                }
            }
            HeaderField::Date => match normalize_date(value) {
                Some(d) => {
                    self.meta.date.get_or_insert(d);
                }
                None => self.diagnostics.push(Diagnostic {
                    level: Level::Info,
                    message: "expected a date such as `2009-12-01` or `1 December 2009`, \
                              found an unknown form; date left out"
                        .to_string(),
                    span: Some(span),
                }),
            },
        }
    }
}

/// Find the metadata and body of an article. `plain` has the same byte offsets as
/// `text`; `headings` are the Markdown heading spans (`None` for plain text, where a
/// title-like first line is taken as the title).
pub(crate) fn analyze(text: &str, plain: &str, headings: Option<&[Span]>) -> Layout {
    let lines = lines(text, plain);
    let mut header = Header { meta: ArticleMeta::default(), diagnostics: Vec::new(), headings };

    // Header lines from the top; the body starts at the first other line.
    let mut body_line = None;
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() || line.is_rule() {
            continue;
        }
        if seen >= MAX_HEADER_LINES || !header.line(line, seen == 0) {
            body_line = Some(i);
            break;
        }
        seen += 1;
    }
    let Header { mut meta, diagnostics, .. } = header;

    // "The original source of this article is X", anywhere.
    for line in &lines {
        let original = LEXICON.boilerplate.iter().find_map(|(pieces, action)| {
            (*action == Action::Original).then(|| match_pattern(&line.plain, pieces)).flatten()
        });
        if let Some(name) = original.map(|r| r.trim().trim_end_matches('.').trim()) {
            if !name.is_empty() {
                let o = meta.original.get_or_insert_with(OriginalSource::default);
                o.publisher.get_or_insert_with(|| name.to_string());
            }
        }
    }

    let whole = Span::new(0, text.len()).trim(text);
    let Some(first) = body_line else {
        // Everything looked like header: keep the whole text as body.
        return Layout { meta, body: whole, diagnostics };
    };
    let start = lines[first].span.start;
    let end = body_end(text, &lines, first).unwrap_or(text.len());
    let body = Span::new(start, end).trim(text);
    let body = if body.is_empty() { whole } else { body };
    Layout { meta, body, diagnostics }
}

/// Where trailing boilerplate begins: at the first boilerplate line (after the first
/// body line) that lies in the last part of the body, by bytes or by non-blank lines.
/// Blank and rule lines just before it go too. `None` when nothing is cut.
fn body_end(text: &str, lines: &[Line<'_>], first: usize) -> Option<usize> {
    let start = lines[first].span.start;
    let middle = start + (text.len() - start) / 2;
    let filled: Vec<usize> = (first..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    let cut = filled.iter().enumerate().skip(1).find_map(|(n, &i)| {
        let late = lines[i].span.start >= middle || n >= filled.len() / 2;
        let opens =
            LEXICON.boilerplate.iter().any(|(p, _)| match_pattern(&lines[i].plain, p).is_some());
        (late && opens).then_some(i)
    })?;
    let mut k = cut;
    while k > first + 1 && (lines[k - 1].is_blank() || lines[k - 1].is_rule()) {
        k -= 1;
    }
    let end = lines[k].span.start;
    (!text[start..end].trim().is_empty()).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_layout(t: &str) -> Layout {
        analyze(t, t, None)
    }

    #[test]
    fn builtin_lexicons_parse_without_duplicates() {
        let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(lex.months.get("december"), Some(&12));
        assert_eq!(lex.months.get("dezember"), Some(&12));
        assert_eq!(lex.months.get("märz"), Some(&3));
        assert!(lex.byline_prefixes.iter().any(|p| p == "Von den"));
        assert!(lex.header_keys.iter().any(|(k, f)| k == "Region:" && *f == HeaderField::Skip));
        assert!(!lex.boilerplate.is_empty());
    }

    #[test]
    fn lexicon_reports_duplicates_and_bad_lines() {
        let months = ("m.tsv", "en\t1\tJanuary\nen\t1\tjanuary\nen\t13\tFoo\nen\t2\n");
        let bylines = ("b.tsv", "prefix\tBy\nwhat\tX\n");
        let keys = ("k.tsv", "Region\tskip\nRegion:\tskip\nregion:\tskip\n");
        let boiler = ("p.tsv", "©\tcut\n*x\tcut\n");
        let dates = ("d.tsv", "weekday\ten\tMonday\nweekday\ten\tmonday\n");
        let errors = Lexicon::parse([months, bylines, keys, boiler, dates]).unwrap_err();
        let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            msgs.contains(
                &"m.tsv:2: expected each entry once, found a duplicate of line 1".to_string()
            ),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.starts_with("m.tsv:3: expected a month number")), "{msgs:?}");
        assert!(
            msgs.iter().any(|m| m == "m.tsv:4: expected 3 tab-separated fields, found 2"),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.starts_with("b.tsv:2:")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("k.tsv:1: expected a key ending")), "{msgs:?}");
        assert!(
            msgs.iter().any(|m| m.starts_with("k.tsv:3: expected each entry once")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.starts_with("p.tsv:2: expected a pattern")), "{msgs:?}");
        assert!(
            msgs.iter().any(|m| m.starts_with("d.tsv:2: expected each entry once")),
            "{msgs:?}"
        );
        assert_eq!(msgs.len(), 8, "{msgs:?}");
    }

    #[test]
    fn dates_normalize() {
        for (s, want) in [
            ("December 02, 2009", "2009-12-02"),
            ("Dec. 2, 2009", "2009-12-02"),
            ("1 December 2009", "2009-12-01"),
            ("1. Dezember 2009", "2009-12-01"),
            ("5. März 2010", "2010-03-05"),
            ("2009-12-01", "2009-12-01"),
            ("2009-12-01T10:00:00Z", "2009-12-01"),
            ("02.12.2009", "2009-12-02"),
            ("2.12.2009", "2009-12-02"),
            ("29 February 2008", "2008-02-29"),
            ("December 2009", "2009-12"),
            ("2009-12", "2009-12"),
            ("2009", "2009"),
        ] {
            assert_eq!(normalize_date(s).as_deref(), Some(want), "{s}");
        }
        for s in ["29 February 2009", "31.04.2009", "2009-13-01", "yesterday", "13 Smarch 2009", ""]
        {
            assert_eq!(normalize_date(s), None, "{s}");
        }
    }

    #[test]
    fn date_suffix_finds_offset() {
        let l = "Global Research, December 02, 2009";
        assert_eq!(date_suffix(l), Some((17, "2009-12-02".to_string())));
        assert_eq!(date_suffix("no date here"), None);
        assert_eq!(date_suffix("December 02, 2009"), Some((0, "2009-12-02".to_string())));
        let long = format!("{} Dec. 2, 2009", "word ".repeat(10_000));
        assert_eq!(date_suffix(&long), Some((50_001, "2009-12-02".to_string())));
    }

    #[test]
    fn bylines_give_authors() {
        let v = |s: &[&str]| byline_of(s, None);
        assert_eq!(byline("By Yu Maofeng and Lu Jingli"), v(&["Yu Maofeng", "Lu Jingli"]));
        assert_eq!(byline("By A. Smith, Bo Li and Cy Doe"), v(&["A. Smith", "Bo Li", "Cy Doe"]));
        assert_eq!(byline("by Jane Roe"), v(&["Jane Roe"]));
        assert_eq!(
            byline("Von Anna Schmidt und Ursula von der Leyen"),
            v(&["Anna Schmidt", "Ursula von der Leyen"])
        );
        assert_eq!(byline("By contrast, the treaty failed"), None);
        assert_eq!(byline("By 2010 the pact"), None);
        assert_eq!(byline("Bypass Road"), None);
    }

    fn byline_of(authors: &[&str], outlet: Option<&str>) -> Option<Byline> {
        Some(Byline {
            authors: authors.iter().map(ToString::to_string).collect(),
            outlet: outlet.map(str::to_string),
        })
    }

    #[test]
    fn bylines_that_end_in_an_outlet_give_the_publisher() {
        assert_eq!(
            byline("By Mark Savage, BBC News"),
            byline_of(&["Mark Savage"], Some("BBC News"))
        );
        assert_eq!(
            byline("By Mark Savage, Music correspondent, BBC News"),
            byline_of(&["Mark Savage"], Some("BBC News"))
        );
        assert_eq!(
            byline("By Anna Berg and Jan Ott, Reuters"),
            byline_of(&["Anna Berg", "Jan Ott"], Some("Reuters"))
        );
        assert_eq!(
            byline("By Jane Doe | The Guardian"),
            byline_of(&["Jane Doe"], Some("The Guardian"))
        );
        // Two persons stay two persons.
        assert_eq!(byline("By Anna Berg, Jan Ott"), byline_of(&["Anna Berg", "Jan Ott"], None));
        assert_eq!(byline("By Mark Savage, music correspondent"), None);
        // A date after the names is no outlet.
        assert_eq!(byline("By Anna Berg, 2019").and_then(|b| b.outlet), None);
        let t = "Swift Announces Tour\nBy Mark Savage, BBC News\n\nThe singer said so.\n";
        let l = text_layout(t);
        assert_eq!(l.meta.authors, vec!["Mark Savage".to_string()]);
        assert_eq!(l.meta.publisher.as_deref(), Some("BBC News"));
    }

    #[test]
    fn outlet_lines_give_publisher_and_original() {
        let l = text_layout(
            "Title Here\n\nGlobal Research, December 02, 2009\n\nXinhua News Agency 1 December 2009\n\nBody text.\n",
        );
        assert_eq!(l.meta.publisher.as_deref(), Some("Global Research"));
        assert_eq!(l.meta.date.as_deref(), Some("2009-12-02"));
        let o = l.meta.original.unwrap();
        assert_eq!(o.publisher.as_deref(), Some("Xinhua News Agency"));
        assert_eq!(o.date.as_deref(), Some("2009-12-01"));
        assert!(!is_outlet("Published on"));
    }

    #[test]
    fn text_title_only_when_headline_like() {
        let l = text_layout("A Short Headline\n\nThe body starts here.\n");
        assert_eq!(l.meta.title.as_deref(), Some("A Short Headline"));
        let l = text_layout("The body starts here without a title.\nMore.\n");
        assert_eq!(l.meta.title, None);
        assert_eq!(l.body, Span::new(0, 43));
    }

    #[test]
    fn key_lines_fill_fields_and_stay_out_of_body() {
        let t = "Headline\nURL: https://example.org/a\nSource: Reuters\nDatum: 5. März 2010\nRegion: Europe\n\nBody.\n";
        let l = text_layout(t);
        assert_eq!(l.meta.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(l.meta.original.unwrap().publisher.as_deref(), Some("Reuters"));
        assert_eq!(l.meta.date.as_deref(), Some("2010-03-05"));
        assert_eq!(l.body.slice(t), "Body.");
        assert!(l.diagnostics.is_empty());
    }

    #[test]
    fn unreadable_header_date_is_info() {
        let t = "Date: sometime soon\n\nBody.\n";
        let l = text_layout(t);
        assert_eq!(l.meta.date, None);
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].level, Level::Info);
        assert_eq!(l.diagnostics[0].span.unwrap().slice(t), "Date: sometime soon");
    }

    #[test]
    fn absent_metadata_stays_none() {
        let t = "it was a quiet day. nothing happened.\n";
        let l = text_layout(t);
        assert_eq!(l.meta, ArticleMeta::default());
        assert_eq!(l.body.slice(t), t.trim());
    }

    #[test]
    fn trailing_boilerplate_cut_only_in_last_part() {
        let body = "First paragraph of the story.\n\nSecond paragraph of the story.\n\n";
        let t = format!("{body}---\n\nShare this article\nFollow us on X\n");
        let l = text_layout(&t);
        assert_eq!(l.body.slice(&t), body.trim());

        // A marker early in the text is not boilerplate.
        let t = "Share this: the story starts here.\n\nIt goes on and on for a long while, \
                 much longer than the marker line.\n";
        let l = text_layout(t);
        assert_eq!(l.body.slice(t), t.trim());
    }

    #[test]
    fn body_is_never_empty() {
        let t = "Just A Headline\n";
        let l = text_layout(t);
        assert_eq!(l.body.slice(t), "Just A Headline");
        let t = "© 2009 Someone\n";
        assert_eq!(text_layout(t).body.slice(t), "© 2009 Someone");
    }

    #[test]
    fn original_source_line_names_publisher() {
        let t = "Body of the story goes here.\n\nThe original source of this article is Xinhua News Agency\n";
        let l = text_layout(t);
        assert_eq!(l.meta.original.unwrap().publisher.as_deref(), Some("Xinhua News Agency"));
        assert_eq!(l.body.slice(t), "Body of the story goes here.");
    }

    #[test]
    fn patterns_match_case_insensitively_with_wildcards() {
        let p = |s: &str| s.split('*').map(|x| x.trim().to_string()).collect::<Vec<_>>();
        assert!(
            match_pattern(
                "Comment on Global Research Articles on our Facebook page",
                &p("Comment on * Facebook")
            )
            .is_some()
        );
        assert!(match_pattern("comment on it", &p("Comment on * Facebook")).is_none());
        assert!(match_pattern("Share this", &p("Share this")).is_some());
        assert!(match_pattern("Share thistle", &p("Share this")).is_none());
        assert_eq!(strip_prefix_ci("ÄRGER mit", "ärger"), Some(" mit"));
    }

    #[test]
    fn date_lines_with_leads_and_weekdays() {
        assert_eq!(date_line("Tuesday, December 1, 2009").as_deref(), Some("2009-12-01"));
        assert_eq!(date_line("Published on Dec. 2, 2009").as_deref(), Some("2009-12-02"));
        assert_eq!(date_line("Veröffentlicht am 5. März 2010").as_deref(), Some("2010-03-05"));
        assert_eq!(date_line("2009-12-01").as_deref(), Some("2009-12-01"));
        // Ordinal day numbers, their endings from `date_words.tsv`.
        assert_eq!(date_line("Tuesday, December 1st, 2009").as_deref(), Some("2009-12-01"));
        assert_eq!(date_line("Published on 22nd December 2009").as_deref(), Some("2009-12-22"));
        assert_eq!(date_line("December 3RD, 2009").as_deref(), Some("2009-12-03"));
        assert_eq!(date_line("Global Research, December 02, 2009"), None);
        let t = "Published on December 2, 2009\n\nBody.\n";
        let l = text_layout(t);
        assert_eq!(l.meta.title, None);
        assert_eq!(l.meta.publisher, None);
        assert_eq!(l.meta.date.as_deref(), Some("2009-12-02"));
        assert_eq!(l.body.slice(t), "Body.");
    }

    #[test]
    fn byline_names_end_at_separator() {
        let t = "Some Title\nBy Jane Doe | Staff writer\n\nBody.\n";
        let l = text_layout(t);
        assert_eq!(l.meta.authors, vec!["Jane Doe".to_string()]);
        assert_eq!(l.meta.publisher, None);
        assert_eq!(l.body.slice(t), "Body.");
    }

    #[test]
    fn german_header() {
        let t = "Merkel warnt vor Krise\n\nVon Anna Schmidt und Jan Ott\n\n\
                 Süddeutsche Zeitung, 5. März 2010\n\nBERLIN (dpa) – Die Kanzlerin sprach.\n";
        let l = text_layout(t);
        assert_eq!(l.meta.title.as_deref(), Some("Merkel warnt vor Krise"));
        assert_eq!(l.meta.authors, vec!["Anna Schmidt".to_string(), "Jan Ott".to_string()]);
        assert_eq!(l.meta.publisher.as_deref(), Some("Süddeutsche Zeitung"));
        assert_eq!(l.meta.date.as_deref(), Some("2010-03-05"));
        assert!(l.body.slice(t).starts_with("BERLIN (dpa)"));
    }

    #[test]
    fn odd_dates_do_not_panic() {
        for s in
            ["20€-1", "2009-1€", "€€€€", "1.€.2009", "2009-12-0€", "31. Feb. 2009", "0 May 2009"]
        {
            assert_eq!(normalize_date(s), None, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn prop_analyze_gives_body_inside_text(t in "(\\PC|\n|#|-|By |©|\\.|, ){0,200}") {
            let l = analyze(&t, &t, None);
            proptest::prop_assert!(l.body.end <= t.len());
            proptest::prop_assert!(t.is_char_boundary(l.body.start) && t.is_char_boundary(l.body.end));
            if !t.trim().is_empty() {
                proptest::prop_assert!(!l.body.is_empty());
            }
        }
    }
}
