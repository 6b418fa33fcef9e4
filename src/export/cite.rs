//! The bibliographic view of analyses, shared by every citation exporter.
//!
//! One [`Record`] per source article, with its quotations attached (a citation points to
//! the article, not to the speaker). Articles are deduplicated by URL, else by title and
//! date. Keys are `{first author family}{year}{first title word that is not a
//! stopword}`, ASCII-folded to `[a-z0-9]` (`yu2009strategic`); without a personal author
//! the corporate author or outlet stands in, without anything `anon`. Colliding keys get
//! `-a`, `-b` … in a deterministic order (date, then URL, then title); keys pinned from
//! an earlier bibliography ([`KeyPins`]) are kept. Each quotation gets the id
//! `{key}-{speaker family}`, then `-2`, `-3` …, or `{key}-unattributed`.
//!
//! Records are sorted by key and every string is final text (no escaping: that is each
//! writer's job), so the writers are simple and their output byte-stable.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use crate::model::{Analysis, QuoteKind, SpeakerKind};

/// A name as citation formats need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// A person: family and given names.
    Person {
        /// Family name ("Yu", "Medvedev").
        family: String,
        /// Given names ("Maofeng"); empty when unknown.
        given: String,
    },
    /// A corporate or wire author, never split ("Xinhua News Agency").
    Literal(String),
}

impl Name {
    /// The name as read in running text: "Maofeng Yu", "Xinhua News Agency".
    pub fn display(&self) -> String {
        match self {
            Name::Person { family, given } if given.is_empty() => family.clone(),
            Name::Person { family, given } => format!("{given} {family}"),
            Name::Literal(s) => s.clone(),
        }
    }

    /// The part of the name a key or a short note uses.
    pub fn family(&self) -> &str {
        match self {
            Name::Person { family, .. } => family,
            Name::Literal(s) => s,
        }
    }
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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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
        let month = self.month.map(|m| MONTHS[usize::from(m) - 1]);
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
        self.month.map(|m| M[usize::from(m) - 1])
    }
}

/// The speaker of a cited quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSpeaker {
    /// Name as written in full ("Dmitry Rogozin", "analysts").
    pub name: String,
    /// Structured name: a person's family and given names, else a literal.
    pub parts: Name,
    /// Role ("Russia's envoy to NATO").
    pub role: Option<String>,
    /// Person, group, organisation, document.
    pub kind: SpeakerKind,
}

/// One quotation as cited.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    /// Quotation id: `{key}-{speaker family}[-N]`; also the footnote label.
    pub id: String,
    /// The quoted or reported text, exactly as in the article (not escaped).
    pub text: String,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// The speaker, when attributed.
    pub speaker: Option<CitedSpeaker>,
    /// The attribution's confidence.
    pub confidence: f32,
}

/// One source article with its quotations.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Citation key.
    pub key: String,
    /// Article id (JSON Lines id or file stem) of the first analysis merged here.
    pub article_id: String,
    /// Headline.
    pub title: Option<String>,
    /// Byte ranges of `title` to protect from case changes: proper nouns and acronyms.
    pub protected: Vec<(usize, usize)>,
    /// Authors; a corporate or wire author, or the outlet, when no person is named.
    pub authors: Vec<Name>,
    /// True when `authors` is the outlet standing in for a missing author.
    pub outlet_as_author: bool,
    /// Outlet ("Global Research").
    pub container: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Address.
    pub url: Option<String>,
    /// Language tag ("en", "de").
    pub lang: Option<String>,
    /// Original outlet and date of a reprint.
    pub original: Option<(Option<String>, Option<Date>)>,
    /// Quotations, in text order.
    pub quotations: Vec<Cited>,
}

impl Record {
    /// "Originally published by Xinhua News Agency, December 1, 2009", when a reprint.
    pub fn provenance(&self) -> Option<String> {
        let (publisher, date) = self.original.as_ref()?;
        let mut s = format!("Originally published by {}", publisher.as_deref()?);
        if let Some(d) = date {
            s.push_str(&format!(", {}", d.long()));
        }
        Some(s)
    }

    /// The quotations as one paragraph: `Name (role): “text”; …`. Direct quotations are
    /// set in typographic quotation marks; reported speech is marked as such.
    pub fn annote(&self) -> Option<String> {
        if self.quotations.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .quotations
            .iter()
            .map(|q| {
                let who = match &q.speaker {
                    Some(s) => match &s.role {
                        Some(r) => format!("{} ({r})", s.name),
                        None => s.name.clone(),
                    },
                    None => "Unattributed".to_string(),
                };
                let text = one_line(&typographic(&q.text));
                match q.kind {
                    QuoteKind::Direct => format!("{who}: “{text}”"),
                    _ => format!("{who}, reported: {text}"),
                }
            })
            .collect();
        Some(parts.join("; "))
    }

    /// The year, or "n.d." for a short note.
    pub fn year_label(&self) -> String {
        self.date.map_or_else(|| "n.d.".to_string(), |d| d.year.to_string())
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
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/“‘".contains(p));
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

/// ASCII, lowercase, `[a-z0-9]` only.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

static STOPWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| data_lines(include_str!("../../grammar/cite/title_stopwords.tsv")).collect());

static FAMILY_FIRST: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| data_lines(include_str!("../../grammar/cite/family_first.tsv")).collect());

fn data_lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Words that mark a corporate author ("Xinhua News Agency", "Reuters Staff"), from
/// `grammar/cite/corporate_words.tsv`.
static CORPORATE: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| data_lines(include_str!("../../grammar/cite/corporate_words.tsv")).collect());

/// Split an author string into a structured name. Two-part names that start with a
/// family name listed in `grammar/cite/family_first.tsv` keep that order ("Yu Maofeng");
/// otherwise the last word is the family name. Names with corporate words stay whole.
pub fn author_name(s: &str) -> Name {
    let words: Vec<&str> = s.split_whitespace().collect();
    let capitalised =
        words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    let corporate = capitalised > 3
        || words.iter().any(|w| CORPORATE.contains(&w.to_lowercase().as_str()))
        || words.len() == 1;
    if corporate || words.is_empty() {
        return Name::Literal(one_line(s));
    }
    if words.len() == 2 && FAMILY_FIRST.contains(words[0]) && !FAMILY_FIRST.contains(words[1]) {
        return Name::Person { family: words[0].to_string(), given: words[1].to_string() };
    }
    // Particles belong to the family name: "Ursula von der Leyen".
    let mut k = words.len() - 1;
    while k > 1 && words[k - 1].chars().next().is_some_and(char::is_lowercase) {
        k -= 1;
    }
    Name::Person { family: words[k..].join(" "), given: words[..k].join(" ") }
}

fn speaker_name(name: &str, kind: SpeakerKind) -> Name {
    let words: Vec<&str> = name.split_whitespace().collect();
    if kind != SpeakerKind::Person || words.len() < 2 {
        return match (kind, words.len()) {
            (SpeakerKind::Person, 1) => {
                Name::Person { family: name.to_string(), given: String::new() }
            }
            _ => Name::Literal(name.to_string()),
        };
    }
    let mut k = words.len() - 1;
    while k > 1 && words[k - 1].chars().next().is_some_and(char::is_lowercase) {
        k -= 1;
    }
    Name::Person { family: words[k..].join(" "), given: words[..k].join(" ") }
}

/// Keys issued earlier, to keep: by URL, and by title and date.
#[derive(Debug, Clone, Default)]
pub struct KeyPins {
    by_url: HashMap<String, String>,
    by_title: HashMap<(String, String), String>,
}

impl KeyPins {
    /// Pin `key` for the article with this URL, or this title and date.
    pub fn pin(&mut self, key: &str, url: Option<&str>, title: Option<&str>, date: Option<&str>) {
        if let Some(u) = url.filter(|u| !u.is_empty()) {
            self.by_url.insert(u.to_string(), key.to_string());
        }
        if let Some(t) = title {
            self.by_title.insert((title_key(t), date.unwrap_or("").to_string()), key.to_string());
        }
    }

    /// Number of pinned keys.
    pub fn len(&self) -> usize {
        self.by_url.len().max(self.by_title.len())
    }

    /// True when nothing is pinned.
    pub fn is_empty(&self) -> bool {
        self.by_url.is_empty() && self.by_title.is_empty()
    }

    fn get(&self, url: Option<&str>, title: Option<&str>, date: Option<&str>) -> Option<&String> {
        url.and_then(|u| self.by_url.get(u)).or_else(|| {
            title.and_then(|t| self.by_title.get(&(title_key(t), date.unwrap_or("").to_string())))
        })
    }
}

fn title_key(t: &str) -> String {
    one_line(t).to_lowercase()
}

/// Options of the bibliographic view.
#[derive(Debug, Clone, Default)]
pub struct CiteOptions {
    /// Keys to keep from an earlier bibliography.
    pub pins: KeyPins,
    /// Leave out quotations below this confidence.
    pub min_confidence: f32,
}

/// Build the bibliography of several analyses: one record per distinct article, sorted
/// by key.
pub fn bibliography(analyses: &[Analysis], opts: &CiteOptions) -> Vec<Record> {
    // Deduplicate: URL, else title + date, else the article id.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<&Analysis>> = HashMap::new();
    for a in analyses {
        let m = &a.article.meta;
        let id = match (&m.url, &m.title) {
            (Some(u), _) if !u.is_empty() => format!("url:{u}"),
            (_, Some(t)) => format!("title:{}|{}", title_key(t), m.date.as_deref().unwrap_or("")),
            _ => format!("id:{}", a.article.id),
        };
        if !groups.contains_key(&id) {
            order.push(id.clone());
        }
        groups.entry(id).or_default().push(a);
    }
    let mut records: Vec<Record> =
        order.iter().map(|id| record(&groups[id], opts.min_confidence, true)).collect();
    assign_keys(&mut records, &opts.pins);
    for r in &mut records {
        assign_quote_ids(r);
    }
    records.sort_by(|a, b| a.key.cmp(&b.key));
    records
}

/// The citation key of one article and the quotation id of each of its quotations, in
/// quotation order: what JSON output carries. Computed for the article alone (no
/// collision suffix) and without the title analysis only .bib output needs. Stances are
/// not cited and have no id.
pub fn keys(a: &Analysis) -> (String, Vec<Option<String>>) {
    let mut r = record(&[a], 0.0, false);
    r.key = base_key(&r);
    assign_quote_ids(&mut r);
    let mut ids = r.quotations.into_iter().map(|q| q.id);
    (r.key, a.quotes.iter().map(|q| if q.stance { None } else { ids.next() }).collect())
}

fn record(group: &[&Analysis], min_confidence: f32, protect: bool) -> Record {
    let first = group[0];
    let m = &first.article.meta;
    let persons: Vec<Name> = m.authors.iter().map(|a| author_name(a)).collect();
    let (authors, outlet_as_author) = match (persons.is_empty(), &m.publisher) {
        (false, _) => (persons, false),
        (true, Some(p)) => (vec![Name::Literal(p.clone())], true),
        (true, None) => (Vec::new(), false),
    };
    let title = m.title.as_ref().map(|t| one_line(t));
    let protected = match (&title, protect) {
        (Some(t), true) => protected_words(t, first),
        _ => Vec::new(),
    };
    let original =
        m.original.as_ref().map(|o| (o.publisher.clone(), o.date.as_deref().and_then(Date::parse)));
    let mut quotations = Vec::new();
    for a in group {
        let text = &a.article.text;
        for q in &a.quotes {
            if q.confidence < min_confidence || q.stance {
                continue;
            }
            let speaker = q.attribution.and_then(|at| {
                let s = a.speaker(at.speaker)?;
                let name = s.name.clone().unwrap_or_else(|| one_line(at.mention.slice(text)));
                Some(CitedSpeaker {
                    parts: speaker_name(&name, s.kind),
                    name,
                    role: s.role.clone(),
                    kind: s.kind,
                })
            });
            // A direct quotation's comma before its cue ("…safe,” she said) is not part
            // of what is cited.
            let quoted = q.span.slice(text);
            let quoted =
                if q.kind == QuoteKind::Direct { quoted.trim_end_matches(',') } else { quoted };
            quotations.push(Cited {
                id: String::new(),
                text: quoted.to_string(),
                kind: q.kind,
                speaker,
                confidence: q.confidence,
            });
        }
    }
    Record {
        key: String::new(),
        article_id: first.article.id.clone(),
        title,
        protected,
        authors,
        outlet_as_author,
        container: m.publisher.clone(),
        date: m.date.as_deref().and_then(Date::parse),
        url: m.url.clone().filter(|u| !u.is_empty()),
        lang: m.lang.clone(),
        original,
        quotations,
    }
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

fn base_key(r: &Record) -> String {
    let who = match r.authors.first() {
        Some(Name::Person { family, .. }) => fold(family),
        Some(Name::Literal(s)) => {
            s.split_whitespace().map(fold).find(|w| !w.is_empty()).unwrap_or_default()
        }
        None => String::new(),
    };
    let who = if who.is_empty() { "anon".to_string() } else { who };
    let year = r.date.map(|d| d.year.to_string()).unwrap_or_default();
    let word = r
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

fn assign_keys(records: &mut [Record], pins: &KeyPins) {
    let mut taken: HashSet<String> = HashSet::new();
    // Pinned keys first, so new articles never take them.
    for r in records.iter_mut() {
        let date = r.date.map(|d| d.iso());
        if let Some(k) = pins.get(r.url.as_deref(), r.title.as_deref(), date.as_deref()) {
            if taken.insert(k.clone()) {
                r.key = k.clone();
            }
        }
    }
    let mut by_base: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.key.is_empty() {
            by_base.entry(base_key(r)).or_default().push(i);
        }
    }
    for (base, mut idx) in by_base {
        idx.sort_by(|&a, &b| {
            let (ra, rb) = (&records[a], &records[b]);
            (ra.date, &ra.url, &ra.title, &ra.article_id).cmp(&(
                rb.date,
                &rb.url,
                &rb.title,
                &rb.article_id,
            ))
        });
        let mut suffix = 0usize;
        for i in idx {
            let mut key = base.clone();
            while taken.contains(&key) {
                key = format!("{base}-{}", letters(suffix));
                suffix += 1;
            }
            taken.insert(key.clone());
            records[i].key = key;
        }
    }
}

/// 0 -> a, 25 -> z, 26 -> aa …
fn letters(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

fn assign_quote_ids(r: &mut Record) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for q in &mut r.quotations {
        let who = match &q.speaker {
            Some(s) => {
                let f = match &s.parts {
                    Name::Person { family, .. } => fold(family),
                    // "the United States" -> "united-states".
                    Name::Literal(l) => l
                        .split_whitespace()
                        .filter(|w| !STOPWORDS.contains(w.to_lowercase().as_str()))
                        .take(3)
                        .map(fold)
                        .filter(|w| !w.is_empty())
                        .collect::<Vec<_>>()
                        .join("-"),
                };
                if f.is_empty() { "unattributed".to_string() } else { f }
            }
            None => "unattributed".to_string(),
        };
        let n = count.entry(who.clone()).or_insert(0);
        *n += 1;
        q.id = if *n == 1 { format!("{}-{who}", r.key) } else { format!("{}-{who}-{n}", r.key) };
    }
}

impl KeyPins {
    /// Keys issued in an earlier bibliography: a `.bib` file (BibLaTeX or BibTeX) or a
    /// CSL-JSON array, told apart by the first non-blank character.
    pub fn read(src: &str, origin: &str) -> crate::Result<KeyPins> {
        let err = |message: String| crate::Error::KeyFile { origin: origin.to_string(), message };
        let mut pins = KeyPins::default();
        if src.trim_start().starts_with('[') {
            let items: Vec<serde_json::Value> = serde_json::from_str(src)
                .map_err(|e| err(format!("expected a CSL-JSON array, found invalid JSON ({e})")))?;
            for item in &items {
                let Some(key) = item["citation-key"].as_str().or(item["id"].as_str()) else {
                    continue;
                };
                let date = item["issued"]["date-parts"][0].as_array().map(|parts| {
                    let p: Vec<String> = parts
                        .iter()
                        .filter_map(serde_json::Value::as_i64)
                        .map(|n| n.to_string())
                        .collect();
                    Date::parse(&p.join("-")).map(|d| d.iso()).unwrap_or_default()
                });
                pins.pin(key, item["URL"].as_str(), item["title"].as_str(), date.as_deref());
            }
            return Ok(pins);
        }
        let bib = biblatex::Bibliography::parse(src).map_err(|e| {
            err(format!(
                "expected BibLaTeX or BibTeX entries, found an error at byte {} ({})",
                e.span.start, e.kind
            ))
        })?;
        for entry in bib.iter() {
            use biblatex::ChunksExt;
            let field = |name: &str| entry.get(name).map(|c| c.format_verbatim());
            let date = field("date").or_else(|| {
                let year = field("year")?;
                Some(match field("month").and_then(|m| month_number(&m)) {
                    Some(m) => format!("{year}-{m:02}"),
                    None => year,
                })
            });
            let date = date.as_deref().and_then(Date::parse).map(|d| d.iso());
            pins.pin(
                &entry.key,
                field("url").as_deref(),
                field("title").as_deref(),
                date.as_deref(),
            );
        }
        Ok(pins)
    }
}

fn month_number(m: &str) -> Option<u8> {
    let m = m.trim().to_lowercase();
    if let Ok(n) = m.parse::<u8>() {
        return Some(n).filter(|n| (1..=12).contains(n));
    }
    MONTHS
        .iter()
        .position(|name| name.to_lowercase().starts_with(&m) && m.len() >= 3)
        .map(|i| i as u8 + 1)
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
        bibliography(&analyses, &CiteOptions::default())
    }

    fn analysis(id: &str, meta: ArticleMeta, text: &str) -> Analysis {
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

    #[test]
    fn key_from_family_year_and_title_word() {
        let a = analysis(
            "x",
            meta(&["Yu Maofeng", "Lu Jingli"], "The Strategic Treaty", "2009-12-02"),
            "Text.",
        );
        let b = bibliography(&[a], &CiteOptions::default());
        assert_eq!(b[0].key, "yu2009strategic");
        assert_eq!(b[0].authors[0], Name::Person { family: "Yu".into(), given: "Maofeng".into() });
    }

    #[test]
    fn western_names_and_particles() {
        assert_eq!(
            author_name("Ursula von der Leyen"),
            Name::Person { family: "von der Leyen".into(), given: "Ursula".into() }
        );
        assert_eq!(
            author_name("Anna Berg"),
            Name::Person { family: "Berg".into(), given: "Anna".into() }
        );
        assert_eq!(author_name("Xinhua News Agency"), Name::Literal("Xinhua News Agency".into()));
    }

    #[test]
    fn collisions_get_letters_in_date_order_and_pins_are_kept() {
        let a = analysis("a", meta(&["Anna Berg"], "Budget talks", "2020-05-01"), "T.");
        let b = analysis("b", meta(&["Anna Berg"], "Budget vote", "2020-01-01"), "T.");
        let keys: Vec<String> = bibliography(&[a.clone(), b.clone()], &CiteOptions::default())
            .into_iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(keys, ["berg2020budget", "berg2020budget-a"]);
        let recs = bibliography(&[a.clone(), b.clone()], &CiteOptions::default());
        assert_eq!(
            recs[0].title.as_deref(),
            Some("Budget vote"),
            "the earlier article keeps the bare key"
        );
        let mut pins = KeyPins::default();
        pins.pin("berg2020budget", None, Some("Budget talks"), Some("2020-05-01"));
        let recs = bibliography(&[a, b], &CiteOptions { pins, ..CiteOptions::default() });
        let talks = recs.iter().find(|r| r.title.as_deref() == Some("Budget talks")).unwrap();
        assert_eq!(talks.key, "berg2020budget");
    }

    #[test]
    fn duplicates_merge_by_url() {
        let mut m = meta(&["Anna Berg"], "Budget", "2020-05-01");
        m.url = Some("https://example.org/a".into());
        let a = analysis("a", m.clone(), "“We will win the vote tomorrow,” Smith said.");
        let b = analysis("b", m, "“We will win the vote tomorrow,” Smith said.");
        let recs = bibliography(&[a, b], &CiteOptions::default());
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].quotations.len(), 2);
        assert_eq!(recs[0].quotations[1].id, "berg2020budget-smith-2");
    }

    #[test]
    fn missing_author_and_date() {
        let m = ArticleMeta {
            title: Some("A Storm".into()),
            publisher: Some("Northern Ledger".into()),
            ..ArticleMeta::default()
        };
        let r = &bibliography(&[analysis("s", m, "T.")], &CiteOptions::default())[0];
        assert_eq!(r.key, "northernstorm");
        assert!(r.outlet_as_author);
        let r =
            &bibliography(&[analysis("s", ArticleMeta::default(), "T.")], &CiteOptions::default())
                [0];
        assert_eq!(r.key, "anon");
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
        let r = &bibliography(&[a], &CiteOptions::default())[0];
        let t = r.title.as_deref().unwrap();
        let words: Vec<&str> = r.protected.iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(words, ["Russian", "European", "NATO"]);
    }

    #[test]
    fn typographic_quotes() {
        assert_eq!(typographic(r#"he said "no" and 'yes' isn't"#), "he said “no” and ‘yes’ isn’t");
    }

    #[test]
    fn pins_are_read_from_bib_and_csl() {
        let bib = "@article{old2009key,\n  title = {The {Russian} Plan \\& More},\n  date = {2009-12-02},\n  url = {https://example.org/a_b?x=1&y=2},\n}\n";
        let pins = KeyPins::read(bib, "old.bib").unwrap();
        assert_eq!(
            pins.get(Some("https://example.org/a_b?x=1&y=2"), None, None).map(String::as_str),
            Some("old2009key")
        );
        assert_eq!(
            pins.get(None, Some("The Russian Plan & More"), Some("2009-12-02")).map(String::as_str),
            Some("old2009key")
        );
        let csl = r#"[{"id": "k1", "type": "article-newspaper", "title": "A Storm", "issued": {"date-parts": [[2020, 5]]}}]"#;
        let pins = KeyPins::read(csl, "old.json").unwrap();
        assert_eq!(
            pins.get(None, Some("a storm"), Some("2020-05")).map(String::as_str),
            Some("k1")
        );
        let e = KeyPins::read("@article{x, title = {open", "bad.bib").unwrap_err().to_string();
        assert!(e.starts_with("bad.bib: expected BibLaTeX or BibTeX entries"), "{e}");
    }

    #[test]
    fn cite_word_lists_are_sorted_without_duplicates() {
        for (name, src) in [
            ("title_stopwords.tsv", include_str!("../../grammar/cite/title_stopwords.tsv")),
            ("family_first.tsv", include_str!("../../grammar/cite/family_first.tsv")),
            ("corporate_words.tsv", include_str!("../../grammar/cite/corporate_words.tsv")),
        ] {
            let words: Vec<&str> = data_lines(src).collect();
            for w in words.windows(2) {
                assert!(w[0] < w[1], "grammar/cite/{name}: `{}` must come after `{}`", w[0], w[1]);
            }
        }
    }

    #[test]
    fn dates() {
        let d = Date::parse("2009-12-02").unwrap();
        assert_eq!(d.long(), "December 2, 2009");
        assert_eq!(d.month_macro(), Some("dec"));
        assert!(Date::parse("2009-13-01").is_none());
        assert_eq!(Date::parse("2009").unwrap().iso(), "2009");
    }
}
