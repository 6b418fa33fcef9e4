//! The bibliographic view of analyses, shared by every citation exporter.
//!
//! One [`Record`] per source article, with its quotations attached (a citation points to
//! the article, not to the speaker). A record is built from one analysis alone
//! ([`record`]), on whatever thread rendered it; every string is final text (no
//! escaping: that is each writer's job).
//!
//! **Verbatim and reported.** Each quotation is [`Cited::verbatim`] when the article set
//! its words inside quotation marks: a direct quotation, or a mixed one whose only words
//! outside its fragments are the frame that interrupts it (`“…,” she said, “…”`). Its
//! text is then its fragments joined with " … ", never the narration between them, and
//! only such text is ever put inside quotation marks ([`Cited::shown`]) or a blockquote.
//! Everything else is reported speech, written as such (`reported: …`), with the
//! article's own marks around any verbatim words inside it.
//!
//! **Keys** are a function of the record ([`Record::base_key`]):
//! `{first author family}{year}{first title word that is not a stopword}`, ASCII-folded to
//! `[a-z0-9]` (`yu2009strategic`). Without a personal author the corporate author or
//! outlet stands in, then the site of the URL (`bbc2019swift`), then the article id;
//! never `anon`. Collisions and keys issued before are the business of
//! [`super::keys::KeyRegistry`]. Each quotation gets the id `{key}-{speaker family}`,
//! then `-2`, `-3` …, or `{key}-unattributed`.
//!
//! **Metadata** is what the source gives, never invented; the site (the URL's
//! registrable domain, `bbc.com`) names the container when no outlet is known, and a
//! record always has a printable title: the headline, else the first words of the body.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

pub use super::marks::Marks;
pub use crate::model::name::{Name, PersonName};
use crate::model::{Analysis, QuoteKind, SpeakerKind};

use crate::grammar::table::{Builtin, builtin_table};

/// The words of the output by key: `key<TAB>word`.
const LABELS_TSV: Builtin = builtin_table!("cite/labels.tsv", 2..=2);

static LABELS: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| LABELS_TSV.rows().into_iter().map(|r| (r.fields[0], r.fields[1])).collect());

/// A word of the output (`grammar/cite/labels.tsv`): `label("reported")`. An unknown key
/// is a programming error caught by the tests; it gives the key itself.
pub fn label(key: &'static str) -> &'static str {
    LABELS.get(key).copied().unwrap_or(key)
}

/// A calendar date, as precise as known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1-12.
    pub month: Option<u8>,
    /// Day 1-31.
    pub day: Option<u8>,
}

impl Date {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else is `None`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month = match parts.next() {
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if parts.next().is_some() || !(1000..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date of a day counted from 1970-01-01 (proleptic Gregorian calendar).
    pub fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month: Some(month), day: Some(day) }
    }

    /// Today's date in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// ISO form: `2009-12-02`, `2009-12`, `2009`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Long form as notes print it: "December 2, 2009", "December 2009", "2009".
    pub fn long(&self) -> String {
        let month = self.month.map(month_name);
        match (month, self.day) {
            (Some(m), Some(d)) => format!("{m} {d}, {}", self.year),
            (Some(m), None) => format!("{m} {}", self.year),
            _ => self.year.to_string(),
        }
    }

    /// Lowercase three-letter BibTeX month macro (`dec`).
    pub fn month_macro(&self) -> Option<&'static str> {
        const M: [&str; 12] =
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
        self.month.map(|m| M[usize::from(m).clamp(1, 12) - 1])
    }
}

/// The month's name in the output's language.
fn month_name(m: u8) -> &'static str {
    const KEYS: [&str; 12] = [
        "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
        "month-9", "month-10", "month-11", "month-12",
    ];
    label(KEYS[usize::from(m).clamp(1, 12) - 1])
}

/// The speaker of a cited quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSpeaker {
    /// Name as written in full ("Dmitry Rogozin", "analysts").
    pub name: String,
    /// Structured name: a person's parts, else a literal.
    pub parts: Name,
    /// Role ("Russia's envoy to NATO"); `None` also when the name already says it ("the
    /// minister", role "minister").
    pub role: Option<String>,
    /// Person, group, organisation, document.
    pub kind: SpeakerKind,
}

impl CitedSpeaker {
    /// "Name (role)" or "Name".
    pub fn with_role(&self) -> String {
        match &self.role {
            Some(r) => format!("{} ({r})", self.name),
            None => self.name.clone(),
        }
    }
}

/// One quotation as cited.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    /// Quotation id: `{key}-{speaker family}[-N]`; also the footnote label.
    pub id: String,
    /// The number of the analysis' quotation this cites (`q` number on JSON output).
    pub quote: u32,
    /// Direct, mixed or indirect, as the analysis found it.
    pub kind: QuoteKind,
    /// True when the words shown are the speaker's own, inside the article's marks.
    pub verbatim: bool,
    /// What is cited, one line, not escaped: the verbatim fragments joined with " … "
    /// (without their marks, nested marks as written), or the reported clause.
    pub text: String,
    /// The verbatim pieces inside quotation marks, without the marks, in order.
    pub fragments: Vec<String>,
    /// The speaker, when attributed; shared by the quotations of one named speaker.
    pub speaker: Option<Arc<CitedSpeaker>>,
    /// The attribution's confidence.
    pub confidence: f32,
}

impl Cited {
    /// The text as shown in running text: verbatim text inside the language's marks,
    /// with nested marks at the inner level (“… ‘…’ …”, „… ‚…‘ …“); reported speech
    /// as `reported: …` with straight marks made typographic.
    pub fn shown(&self, marks: &Marks) -> String {
        if self.verbatim {
            marks.quote(&self.text)
        } else {
            format!("{}: {}", label("reported"), typographic(&self.text))
        }
    }
}

/// The ids of an article's quotations in text order, `{key}-{family}[-N]`, given one
/// at a time (see [`Record::set_key`]).
pub(crate) struct QuoteIds<'k> {
    key: &'k str,
    count: HashMap<String, usize>,
}

impl<'k> QuoteIds<'k> {
    pub(crate) fn new(key: &'k str) -> Self {
        QuoteIds { key, count: HashMap::new() }
    }

    /// The id of the next quotation, by `speaker`.
    pub(crate) fn next(&mut self, speaker: Option<&CitedSpeaker>) -> String {
        let key = self.key;
        let who = speaker.map(speaker_word).unwrap_or_default();
        let who = if who.is_empty() { label("unattributed").to_lowercase() } else { who };
        let n = self.count.entry(who.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { format!("{key}-{who}") } else { format!("{key}-{who}-{n}") }
    }
}

/// One source article with its quotations.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Citation key.
    pub key: String,
    /// Article id (JSON Lines id or file stem) of the first analysis merged here.
    pub article_id: String,
    /// Headline, else the first words of the body (see `title_from_text`).
    pub title: Option<String>,
    /// True when `title` is the first words of the body, the article having no headline.
    pub title_from_text: bool,
    /// Byte ranges of `title` to protect from case changes: proper nouns and acronyms.
    pub protected: Vec<(usize, usize)>,
    /// Authors; a corporate or wire author, or the outlet, when no person is named.
    pub authors: Vec<Name>,
    /// True when `authors` is the outlet standing in for a missing author.
    pub outlet_as_author: bool,
    /// Outlet ("Global Research").
    pub container: Option<String>,
    /// The site of the URL, its registrable domain ("bbc.com").
    pub site: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Address.
    pub url: Option<String>,
    /// When the address was visited (`--access-date`).
    pub accessed: Option<Date>,
    /// Language tag ("en", "de"): the article's own, else the one detected.
    pub lang: Option<String>,
    /// Original outlet and date of a reprint.
    pub original: Option<(Option<String>, Option<Date>)>,
    /// Quotations, in text order.
    pub quotations: Vec<Cited>,
}

impl Record {
    /// The outlet, else the site: what the container field names.
    pub fn container_or_site(&self) -> Option<&str> {
        self.container.as_deref().or(self.site.as_deref())
    }

    /// The quotation marks of the article's language.
    pub fn marks(&self) -> Marks {
        Marks::for_lang(self.lang.as_deref())
    }

    /// "Originally published by Xinhua News Agency, December 1, 2009", when a reprint.
    pub fn provenance(&self) -> Option<String> {
        let (publisher, date) = self.original.as_ref()?;
        let mut s = format!("{} {}", label("originally-published-by"), publisher.as_deref()?);
        if let Some(d) = date {
            s.push_str(&format!(", {}", d.long()));
        }
        Some(s)
    }

    /// The quotations as one paragraph: `Name (role): “text”; Name (role), reported: …`.
    pub fn annote(&self) -> Option<String> {
        if self.quotations.is_empty() {
            return None;
        }
        let marks = self.marks();
        let parts: Vec<String> = self
            .quotations
            .iter()
            .map(|q| {
                let who = match &q.speaker {
                    Some(s) => typographic(&s.with_role()),
                    None => label("unattributed").to_string(),
                };
                let text = one_line(&q.text);
                if q.verbatim {
                    format!("{who}: {}", marks.quote(&text))
                } else {
                    format!("{who}, {}: {}", label("reported"), typographic(&text))
                }
            })
            .collect();
        Some(parts.join("; "))
    }

    /// The year, or "n.d." for a short note.
    pub fn year_label(&self) -> String {
        self.date.map_or_else(|| label("no-date").to_string(), |d| d.year.to_string())
    }

    /// The key this record has by itself, before collisions and pins:
    /// `{who}{year}{title word}`.
    pub fn base_key(&self) -> String {
        let who = self
            .authors
            .first()
            .map(Name::key_word)
            .filter(|w| !w.is_empty())
            .or_else(|| {
                let c = self.container.as_deref()?;
                Some(Name::Literal(c.to_string()).key_word()).filter(|w| !w.is_empty())
            })
            .or_else(|| {
                let site = self.site.as_deref()?;
                Some(fold(site.split('.').next().unwrap_or(site))).filter(|w| !w.is_empty())
            })
            .unwrap_or_else(|| fold(&self.article_id));
        // Keys start with a letter (pandoc's rule).
        let who =
            if who.starts_with(|c: char| c.is_ascii_lowercase()) { who } else { format!("q{who}") };
        let year = self.date.map(|d| d.year.to_string()).unwrap_or_default();
        let word = self
            .title
            .as_deref()
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !STOPWORDS.contains(w.to_lowercase().as_str()))
            .map(fold)
            .find(|w| !w.is_empty())
            .unwrap_or_default();
        format!("{who}{year}{word}")
    }

    /// Give the record `key` and its quotations their ids (`{key}-{family}[-N]`).
    pub fn set_key(&mut self, key: &str) {
        self.key = key.to_string();
        let mut ids = QuoteIds::new(key);
        for q in &mut self.quotations {
            q.id = ids.next(q.speaker.as_deref());
        }
    }

    /// Add the quotations of another copy of the same article that this record does not
    /// hold yet (same text and speaker), keeping the ids of those it holds.
    pub fn merge(&mut self, other: Record) {
        for q in other.quotations {
            let dup = self.quotations.iter().any(|h| h.text == q.text && h.speaker == q.speaker);
            if !dup {
                self.quotations.push(q);
            }
        }
        let key = self.key.clone();
        self.set_key(&key);
    }
}

/// The word a quotation id takes from its speaker: the folded family name of a person,
/// the first three words of others ("the United States" → "united-states").
fn speaker_word(s: &CitedSpeaker) -> String {
    match &s.parts {
        Name::Person(_) => s.parts.key_word(),
        Name::Literal(l) => l
            .split_whitespace()
            .filter(|w| !STOPWORDS.contains(w.to_lowercase().as_str()))
            .take(3)
            .map(fold)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-"),
    }
}

/// Whitespace runs (including line breaks) become single spaces: citation fields are one
/// paragraph (a blank line inside a field makes pandoc duplicate quoted text).
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Straight quotation marks become typographic ones (“ ” ‘ ’), which every consumer
/// renders; straight `"` is a babel shorthand in LaTeX and stays straight in pandoc.
pub fn typographic(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/“‘„‚".contains(p));
        let mapped = match c {
            '"' if opening => '“',
            '"' => '”',
            '\'' if opening => '‘',
            '\'' => '’',
            c => c,
        };
        out.push(mapped);
        prev = Some(c);
    }
    out
}

pub use crate::model::name::fold;

/// Words that a citation key never takes from a title, one a line.
const TITLE_STOPWORDS_TSV: Builtin = builtin_table!("cite/title_stopwords.tsv", 1..=1);

static STOPWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| TITLE_STOPWORDS_TSV.words().collect());

/// A role that the name already says ("the minister" with role "minister") is not
/// repeated: `None` then, else the role.
pub fn role_shown<'r>(name: &str, role: Option<&'r str>) -> Option<&'r str> {
    let role = role.filter(|r| !r.trim().is_empty())?;
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).collect()
    };
    let in_name = words(name);
    let repeated = !in_name.is_empty() && words(role).iter().all(|w| in_name.contains(w));
    (!repeated).then_some(role)
}

/// The registrable domain of a URL's host (`https://www.bbc.co.uk/news` → `bbc.co.uk`),
/// else the host without `www.`; `None` when the URL has no host.
pub fn site(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let host = host.trim_end_matches('.').to_lowercase();
    if host.is_empty() || !host.contains('.') || host.starts_with('[') {
        return None;
    }
    let domain = psl::domain_str(&host).unwrap_or(&host);
    Some(domain.strip_prefix("www.").unwrap_or(domain).to_string())
}

/// Options of the bibliographic view.
#[derive(Debug, Clone, Default)]
pub struct CiteOptions {
    /// Leave out quotations below this confidence.
    pub min_confidence: f32,
    /// The access date written for every record that has a URL.
    pub access_date: Option<Date>,
    /// Find the title words to protect from case changes (only .bib output needs them).
    pub protect: bool,
    /// Build only what keys and quotation ids need (JSON): quotations get their id and
    /// verbatim flag but no text.
    pub ids_only: bool,
}

/// Words of the body that make a title for an article without a headline.
const TITLE_WORDS: usize = 10;

/// The record of one analysis: metadata, the quotations at or above the minimum
/// confidence that are statements (stances are never cited), and its own key
/// ([`Record::base_key`]) with quotation ids to match.
pub fn record(a: &Analysis, opts: &CiteOptions) -> Record {
    let mut r = record_meta(a, opts);
    r.quotations = cited(a, opts).collect();
    let key = r.key.clone();
    r.set_key(&key);
    r
}

/// The record of one analysis without its quotations, with its own key.
pub(crate) fn record_meta(a: &Analysis, opts: &CiteOptions) -> Record {
    let m = &a.article.meta;
    let persons: Vec<Name> = m.authors.iter().map(|s| crate::model::name::author(s)).collect();
    let (authors, outlet_as_author) = match (persons.is_empty(), &m.publisher) {
        (false, _) => (persons, false),
        (true, Some(p)) => (vec![Name::Literal(one_line(p))], true),
        (true, None) => (Vec::new(), false),
    };
    // A headline of only invisible characters is no headline: no export writes them.
    let headline = m.title.as_deref().map(one_line).filter(|t| crate::safe::is_visible(t));
    let title_from_text = headline.is_none();
    let title = headline.or_else(|| first_words(a.article.body.slice(a.article.plain())));
    let protected = match (&title, opts.protect && !title_from_text) {
        (Some(t), true) => protected_words(t, a),
        _ => Vec::new(),
    };
    let original =
        m.original.as_ref().map(|o| (o.publisher.clone(), o.date.as_deref().and_then(Date::parse)));
    let url = m.url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_string);
    let mut r = Record {
        key: String::new(),
        article_id: a.article.id.clone(),
        title,
        title_from_text,
        protected,
        authors,
        outlet_as_author,
        container: m.publisher.as_deref().map(one_line).filter(|p| !p.is_empty()),
        site: url.as_deref().and_then(site),
        date: m.date.as_deref().and_then(Date::parse),
        accessed: opts.access_date.filter(|_| url.is_some()),
        url,
        lang: m.lang.clone().or_else(|| a.lang.clone()),
        original,
        quotations: Vec::new(),
    };
    r.key = r.base_key();
    r
}

/// The quotations of `a` that its record cites, in text order, without ids: one at a
/// time, so that a long article's are never all held (see [`QuoteIds`]).
pub(crate) fn cited<'a>(
    a: &'a Analysis,
    opts: &'a CiteOptions,
) -> impl Iterator<Item = Cited> + 'a {
    let text = &a.article.text;
    // A named speaker is read once per article.
    let mut named: HashMap<crate::model::SpeakerId, Arc<CitedSpeaker>> = HashMap::new();
    a.quotes.iter().filter_map(move |q| {
        if q.confidence < opts.min_confidence || q.stance {
            return None;
        }
        let speaker = q.attribution.and_then(|at| {
            let s = a.speaker(at.speaker)?;
            // A named speaker is read once per article, a mention once per quotation.
            if s.name.is_some() {
                if let Some(c) = named.get(&s.id) {
                    return Some(c.clone());
                }
            }
            let name = one_line(&s.name.clone().unwrap_or_else(|| at.mention.slice(text).into()));
            let parts = match s.kind {
                SpeakerKind::Person => Name::Person(crate::model::name::person(&name)),
                _ => Name::Literal(name.clone()),
            };
            let role = if opts.ids_only {
                None
            } else {
                role_shown(&name, s.role.as_deref()).map(one_line)
            };
            let c = Arc::new(CitedSpeaker { parts, role, kind: s.kind, name });
            if s.name.is_some() {
                named.insert(s.id, c.clone());
            }
            Some(c)
        });
        let (verbatim, shown, fragments) = if opts.ids_only {
            // Only the ids and the verbatim flag are needed: the same quotations, found
            // without building their texts.
            let verbatim = wording_kind(q, text)?;
            (verbatim, String::new(), Vec::new())
        } else {
            let (verbatim, shown) = wording(q, text);
            if shown.is_empty() {
                return None;
            }
            (verbatim, shown, q.fragments.iter().map(|f| piece(f.slice(text))).collect())
        };
        Some(Cited {
            id: String::new(),
            quote: q.id.0,
            kind: q.kind,
            verbatim,
            text: shown,
            fragments: fragments.into_iter().filter(|f: &String| !f.is_empty()).collect(),
            speaker,
            confidence: q.confidence,
        })
    })
}

/// A verbatim piece as cited: one line, without the comma or colon that hands over to
/// the frame ("…safe,” she said).
fn piece(s: &str) -> String {
    one_line(s).trim_end_matches([',', ':', ';']).trim_end().to_string()
}

/// True when [`piece`] leaves something of `s`.
fn has_text(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace() && !",:;".contains(c))
}

/// What [`wording`] says of a quotation without building its text: whether it is cited
/// verbatim, or `None` when its text would be empty.
fn wording_kind(q: &crate::model::Quote, text: &str) -> Option<bool> {
    let pieces = || q.fragments.iter().any(|f| has_text(f.slice(text)));
    let (verbatim, nonempty) = match q.kind {
        QuoteKind::Direct if !q.fragments.is_empty() => (true, pieces()),
        QuoteKind::Direct => (true, has_text(q.span.slice(text))),
        QuoteKind::Mixed if interrupted(q, text) => (true, pieces()),
        _ => (false, q.span.slice(text).chars().any(|c| !c.is_whitespace())),
    };
    nonempty.then_some(verbatim)
}

/// Whether a quotation is cited verbatim, and its text (see the module documentation).
pub(crate) fn wording(q: &crate::model::Quote, text: &str) -> (bool, String) {
    let pieces = || -> String {
        let parts: Vec<String> =
            q.fragments.iter().map(|f| piece(f.slice(text))).filter(|p| !p.is_empty()).collect();
        parts.join(" … ")
    };
    match q.kind {
        QuoteKind::Direct if !q.fragments.is_empty() => (true, pieces()),
        QuoteKind::Direct => (true, piece(q.span.slice(text))),
        QuoteKind::Mixed if interrupted(q, text) => (true, pieces()),
        _ => (false, one_line(q.span.slice(text))),
    }
}

/// True when the only words of a quotation outside its verbatim fragments are the frame
/// that interrupts it: the gaps holding words contain the cue or the speaker's mention,
/// and nothing with words comes before the first or after the last fragment.
fn interrupted(q: &crate::model::Quote, text: &str) -> bool {
    let Some(first) = q.fragments.first() else { return false };
    let last = q.fragments.last().unwrap_or(first);
    let words =
        |s: usize, e: usize| text.get(s..e).is_some_and(|t| t.chars().any(char::is_alphanumeric));
    if words(q.span.start, first.start.max(q.span.start))
        || words(last.end.min(q.span.end), q.span.end)
    {
        return false;
    }
    let frame: Vec<crate::model::Span> =
        q.cue.into_iter().chain(q.attribution.map(|a| a.mention)).collect();
    q.fragments.windows(2).all(|w| {
        let gap = crate::model::Span::new(w[0].end, w[1].start.max(w[0].end));
        !words(gap.start, gap.end) || frame.iter().any(|f| gap.contains(*f))
    })
}

/// The first words of a body that has no headline, ending in " …".
fn first_words(body: &str) -> Option<String> {
    let words: Vec<&str> = body.split_whitespace().take(TITLE_WORDS + 1).collect();
    if words.is_empty() {
        return None;
    }
    let more = words.len() > TITLE_WORDS;
    let mut t = words[..words.len().min(TITLE_WORDS)].join(" ");
    if more {
        t = t.trim_end_matches([',', ';', ':', '.']).to_string();
        t.push_str(" …");
    }
    Some(t)
}

/// Build the bibliography of several analyses: one record per distinct article (copies
/// merged), keys assigned in input order, sorted by key.
pub fn bibliography(analyses: &[Analysis], opts: &CiteOptions) -> Vec<Record> {
    bibliography_with(analyses, opts, &mut super::keys::KeyRegistry::default())
}

/// [`bibliography`] with the keys of `registry` (keys issued before, kept).
pub fn bibliography_with(
    analyses: &[Analysis],
    opts: &CiteOptions,
    registry: &mut super::keys::KeyRegistry,
) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for a in analyses {
        let mut r = record(a, opts);
        let key = registry.key(&r);
        r.set_key(&key);
        match at.get(&key) {
            Some(&i) => records[i].merge(r),
            None => {
                at.insert(key, records.len());
                records.push(r);
            }
        }
    }
    records.sort_by(|a, b| a.key.cmp(&b.key));
    records
}

/// A title as the key file compares it: on one line, quotation marks typographic,
/// control and invisible characters dropped (as every export writes them), every run of
/// dashes one hyphen, in lowercase.
pub(crate) fn title_key(t: &str) -> String {
    // The characters no human-facing export writes (controls, invisible format
    // characters such as a soft hyphen) are not part of it.
    let t: String =
        t.chars().filter(|&c| !crate::safe::is_unsafe(c) || c.is_whitespace()).collect();
    let t = typographic(&one_line(&t)).to_lowercase();
    // A BibTeX reader turns `--` and `---` into dashes (TeX's ligatures), where its
    // context allows: every run of hyphens and dashes is one dash here, so a title read
    // back from a key file is the title it was written from.
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        let dash = matches!(c, '-' | '–' | '—');
        if !(dash && out.ends_with('-')) {
            out.push(if dash { '-' } else { c });
        }
    }
    out
}

/// Title words that must keep their case: acronyms, words with inner capitals, and
/// words the article itself capitalises inside sentences and never writes in lowercase
/// (proper nouns and adjectives: "Russian", "European"). The first word is left alone.
fn protected_words(title: &str, a: &Analysis) -> Vec<(usize, usize)> {
    let body = a.article.body.slice(&a.article.text);
    let mut capital_mid = HashSet::new();
    let mut lower = HashSet::new();
    let mut prev_end = true;
    for w in body.split(|c: char| c.is_whitespace()) {
        let word: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        if let Some(c) = word.chars().next() {
            if c.is_lowercase() {
                lower.insert(word.to_lowercase());
            } else if c.is_uppercase() && !prev_end {
                capital_mid.insert(word.clone());
            }
        }
        prev_end = w.ends_with(['.', '!', '?', ':', '"', '”']) || w.is_empty() && prev_end;
    }
    let mut out = Vec::new();
    let mut first = true;
    for (start, word) in word_spans(title) {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        let acronym = letters.len() >= 2 && upper == letters.len();
        let inner_cap = letters.iter().skip(1).any(|c| c.is_uppercase());
        let proper = letters.first().is_some_and(|c| c.is_uppercase())
            && capital_mid.contains(word)
            && !lower.contains(&word.to_lowercase());
        if (acronym || inner_cap || (proper && !first)) && !letters.is_empty() {
            out.push((start, start + word.len()));
        }
        first = false;
    }
    out
}

/// Words of a title with their byte offsets (letters, digits and inner `'’&-`).
fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = "'’&-".contains(c)
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push((st, &s[st..i]));
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Article, ArticleMeta};

    /// The records of the bundled reference article, read and analysed end to end.
    pub(crate) fn reference_records() -> Vec<Record> {
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles/xinhua-security-treaty.md");
        let bytes = std::fs::read(path).unwrap();
        let analyses: Vec<_> =
            crate::source::read(&bytes, crate::source::Format::from_path(path), path)
                .into_iter()
                .map(|a| crate::analyze(a.unwrap(), crate::grammar::Grammar::builtin()))
                .collect();
        let opts = CiteOptions { protect: true, ..CiteOptions::default() };
        bibliography(&analyses, &opts)
    }

    pub(crate) fn analysis(id: &str, meta: ArticleMeta, text: &str) -> Analysis {
        let mut art = Article::from_text(id, text);
        art.meta = meta;
        crate::analyze(art, crate::grammar::Grammar::builtin())
    }

    fn meta(authors: &[&str], title: &str, date: &str) -> ArticleMeta {
        ArticleMeta {
            title: Some(title.into()),
            authors: authors.iter().map(|s| s.to_string()).collect(),
            publisher: Some("Global Research".into()),
            date: Some(date.into()),
            ..ArticleMeta::default()
        }
    }

    fn bib(analyses: &[Analysis]) -> Vec<Record> {
        bibliography(analyses, &CiteOptions::default())
    }

    #[test]
    fn key_from_family_year_and_title_word() {
        let a = analysis(
            "x",
            meta(&["Yu Maofeng", "Lu Jingli"], "The Strategic Treaty", "2009-12-02"),
            "Text.",
        );
        let b = bib(&[a]);
        assert_eq!(b[0].key, "yu2009strategic");
        assert_eq!(b[0].authors[0], Name::person("Yu", "Maofeng"));
    }

    #[test]
    fn collisions_get_letters_in_input_order_and_copies_merge() {
        let a = analysis("a", meta(&["Anna Berg"], "Budget talks", "2020-05-01"), "T.");
        let b = analysis("b", meta(&["Anna Berg"], "Budget vote", "2020-01-01"), "T.");
        let keys: Vec<String> = bib(&[a.clone(), b.clone()]).into_iter().map(|r| r.key).collect();
        assert_eq!(keys, ["berg2020budget", "berg2020budget-a"]);
        let recs = bib(&[a.clone(), b.clone(), a.clone()]);
        assert_eq!(recs.len(), 2, "a copy of the same article is one record");
        assert_eq!(recs[0].title.as_deref(), Some("Budget talks"), "the first keeps the bare key");
    }

    #[test]
    fn copies_merge_by_url_without_duplicating_quotations() {
        let mut m = meta(&["Anna Berg"], "Budget", "2020-05-01");
        m.url = Some("https://example.org/a".into());
        let a = analysis("a", m.clone(), "“We will win the vote tomorrow,” Smith said.");
        let b = analysis(
            "b",
            m,
            "“We will win the vote tomorrow,” Smith said. “And the next one,” Smith added.",
        );
        let recs = bib(&[a, b]);
        assert_eq!(recs.len(), 1);
        let ids: Vec<&str> = recs[0].quotations.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["berg2020budget-smith", "berg2020budget-smith-2"]);
    }

    #[test]
    fn no_anon_keys_outlet_site_or_id_stand_in() {
        let m = ArticleMeta {
            title: Some("A Storm".into()),
            publisher: Some("Northern Ledger".into()),
            ..ArticleMeta::default()
        };
        let r = &bib(&[analysis("s", m, "T.")])[0];
        assert_eq!(r.key, "northernstorm");
        assert!(r.outlet_as_author);
        let m = ArticleMeta {
            url: Some("https://www.bbc.com/news/entertainment-arts-12345".into()),
            date: Some("2019-08-23".into()),
            title: Some("Taylor Swift releases Lover".into()),
            ..ArticleMeta::default()
        };
        let r = &bib(&[analysis("s", m, "T.")])[0];
        assert_eq!(r.key, "bbc2019taylor");
        assert_eq!(r.site.as_deref(), Some("bbc.com"));
        assert_eq!(r.container_or_site(), Some("bbc.com"));
        let r = &bib(&[analysis("notes-7", ArticleMeta::default(), "The storm came at night.")])[0];
        assert_eq!(r.key, "notes7storm");
        assert_eq!(r.title.as_deref(), Some("The storm came at night."));
        assert!(r.title_from_text);
        let r = &bib(&[analysis("17", ArticleMeta::default(), "Words.")])[0];
        assert_eq!(r.key, "q17words");
    }

    #[test]
    fn sites_are_registrable_domains() {
        assert_eq!(site("https://www.bbc.co.uk/news/x?y=1").as_deref(), Some("bbc.co.uk"));
        assert_eq!(site("https://news.bbc.co.uk/").as_deref(), Some("bbc.co.uk"));
        assert_eq!(site("http://user@example.org:8080/a").as_deref(), Some("example.org"));
        assert_eq!(site("www.spiegel.de/politik").as_deref(), Some("spiegel.de"));
        assert_eq!(site("not a url"), None);
        assert_eq!(site("https://localhost/x"), None);
    }

    #[test]
    fn untitled_articles_get_their_first_words() {
        let body = "One two three four five six seven eight nine ten, eleven twelve.";
        let r = &bib(&[analysis("x", ArticleMeta::default(), body)])[0];
        assert_eq!(r.title.as_deref(), Some("One two three four five six seven eight nine ten …"));
    }

    #[test]
    fn verbatim_fragments_never_carry_the_frame() {
        let text = "“The roof is sound,” the architect, Tobias Ruhl, said, “and the columns are old.”\n\n\
                    \"We had two choices,\" said Mayor Carla Venn, \"tear it down or keep it.\"\n\n\
                    The minister proposed convening a summit to build a treaty.";
        let r = &bib(&[analysis("x", ArticleMeta::default(), text)])[0];
        let shown: Vec<(bool, &str)> =
            r.quotations.iter().map(|q| (q.verbatim, q.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                (true, "The roof is sound … and the columns are old."),
                (true, "We had two choices … tear it down or keep it."),
                (false, "convening a summit to build a treaty"),
            ],
            "{:#?}",
            r.quotations
        );
        let marks = r.marks();
        assert_eq!(r.quotations[2].shown(&marks), "reported: convening a summit to build a treaty");
        assert!(r.quotations[0].shown(&marks).starts_with('“'));
        let annote = r.annote().unwrap();
        assert!(annote.contains("reported: convening a summit"), "{annote}");
        assert!(!annote.contains("“convening"), "{annote}");
    }

    #[test]
    fn ids_only_records_have_the_same_ids() {
        for f in
            ["tram-museum-split.md", "xinhua-security-treaty.md", "teachers-apostrophes-nested.md"]
        {
            let path = format!("{}/fixtures/articles/{f}", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(&path).unwrap();
            let art = crate::source::read(&bytes, crate::source::Format::Markdown, &path).remove(0);
            let a = crate::analyze(art.unwrap(), crate::grammar::Grammar::builtin());
            let full = record(&a, &CiteOptions::default());
            let ids = record(&a, &CiteOptions { ids_only: true, ..CiteOptions::default() });
            let key = |r: &Record| -> Vec<(String, u32, bool)> {
                r.quotations.iter().map(|q| (q.id.clone(), q.quote, q.verbatim)).collect()
            };
            assert_eq!(key(&full), key(&ids), "{f}");
            assert_eq!(full.key, ids.key);
        }
    }

    #[test]
    fn roles_the_name_says_are_not_repeated() {
        assert_eq!(role_shown("The minister", Some("minister")), None);
        assert_eq!(role_shown("the Foreign Ministry", Some("ministry")), None);
        assert_eq!(role_shown("Dmitry Medvedev", Some("President")), Some("President"));
        assert_eq!(role_shown("x", Some(" ")), None);
    }

    #[test]
    fn proper_nouns_of_the_article_are_protected_in_the_title() {
        let text = "The Russian plan is new. Officials said the European and Russian sides differ on security.";
        let a = analysis(
            "x",
            meta(
                &["Anna Berg"],
                "Strategic Russian Proposal for New European Security NATO",
                "2009",
            ),
            text,
        );
        let opts = CiteOptions { protect: true, ..CiteOptions::default() };
        let r = record(&a, &opts);
        let t = r.title.as_deref().unwrap();
        let words: Vec<&str> = r.protected.iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(words, ["Russian", "European", "NATO"]);
    }

    #[test]
    fn access_date_only_with_an_address() {
        let today = Date::parse("2024-05-01");
        let opts = CiteOptions { access_date: today, ..CiteOptions::default() };
        let mut m = meta(&["Anna Berg"], "Budget", "2020");
        assert_eq!(record(&analysis("a", m.clone(), "T."), &opts).accessed, None);
        m.url = Some("https://example.org/".into());
        assert_eq!(record(&analysis("a", m, "T."), &opts).accessed, today);
    }

    #[test]
    fn typographic_quotes() {
        assert_eq!(typographic(r#"he said "no" and 'yes' isn't"#), "he said “no” and ‘yes’ isn’t");
    }

    /// Every table of `grammar/cite/`.
    fn cite_tables() -> Vec<&'static Builtin> {
        let mut tables = crate::model::name::TABLES.to_vec();
        tables.extend([
            &LABELS_TSV,
            &TITLE_STOPWORDS_TSV,
            &super::super::markdown::SHORT_TITLE_STOPS_TSV,
            &super::super::marks::QUOTE_LEVELS_TSV,
        ]);
        tables
    }

    #[test]
    fn every_builtin_cite_table_loads_without_errors() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/cite");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("cite/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        files.sort();
        let mut loaded: Vec<String> = cite_tables().iter().map(|t| t.file.to_string()).collect();
        loaded.sort();
        assert_eq!(loaded, files, "every file of grammar/cite/ is read through the loader");
        for t in cite_tables() {
            if let Err(errors) = t.read() {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                panic!("{}", list.join("\n"));
            }
        }
    }

    #[test]
    fn a_malformed_cite_line_names_its_file_and_line() {
        let broken = Builtin { src: "# key\tword\nreported\n", ..LABELS_TSV };
        let errors = broken.read().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "cite/labels.tsv:2: expected 2 tab-separated fields, found 1"
        );
    }

    #[test]
    fn cite_tables_are_sorted_without_duplicates_and_labels_known() {
        let mut tables = crate::model::name::TABLES.to_vec();
        tables.push(&TITLE_STOPWORDS_TSV);
        for t in tables {
            let words: Vec<&str> = t.words().collect();
            for w in words.windows(2) {
                assert!(w[0] < w[1], "grammar/{}: `{}` must come after `{}`", t.file, w[0], w[1]);
            }
        }
        let keys: Vec<&str> = LABELS_TSV.rows().iter().map(|r| r.fields[0]).collect();
        for k in keys.windows(2) {
            assert!(k[0] < k[1], "grammar/cite/labels.tsv: `{}` must come after `{}`", k[0], k[1]);
        }
        for k in ["reported", "unattributed", "originally-published-by", "month-12", "no-date"] {
            assert!(LABELS.contains_key(k), "labels.tsv has no `{k}`");
        }
    }

    #[test]
    fn dates() {
        let d = Date::parse("2009-12-02").unwrap();
        assert_eq!(d.long(), "December 2, 2009");
        assert_eq!(d.month_macro(), Some("dec"));
        assert!(Date::parse("2009-13-01").is_none());
        assert_eq!(Date::parse("2009").unwrap().iso(), "2009");
        assert_eq!(Date::from_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_days(19_844).iso(), "2024-05-01");
        assert_eq!(Date::from_days(11_016).iso(), "2000-02-29");
        assert!(Date::today().year >= 2024);
    }
}
