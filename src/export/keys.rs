//! Citation keys across runs: the keys issued before (a [`KeyFile`]) and the
//! assignment of keys in one run (a [`KeyRegistry`]).
//!
//! A record's own key is [`Record::base_key`], a function of the record alone. The
//! registry hands out keys in input order and never changes one it has handed out:
//! - a record that matches an entry of the key file (same URL, else same title and
//!   date) gets that entry's key;
//! - another copy of an article already seen in the run gets the same key;
//! - any other record gets its base key, or, when that is taken (by the key file or by
//!   another article of the run), the first free of `base-a`, `base-b` … `base-z`,
//!   `base-aa` …
//!
//! So a key in the key file is never given to another article and never renamed, and
//! `--keys quotes.bib -o quotes.bib` keeps every entry: [`KeyFile::entries`] holds the
//! earlier entries as written, for the exporter to copy into its output those that the
//! run did not produce again.

use std::collections::{HashMap, HashSet};

use super::cite::{Date, Record, title_key};

/// The identity of a record by its article id.
const ID_PREFIX: &str = "id:";

/// Where a record is found again: its URL, its title and date, its article id (last).
pub(crate) fn identities(r: &Record) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(u) = r.url.as_deref() {
        out.push(url_identity(u));
    }
    if let (Some(t), false) = (&r.title, r.title_from_text) {
        out.push(title_identity(t, r.date.map(|d| d.iso()).as_deref()));
    }
    out.push(format!("{ID_PREFIX}{}", r.article_id));
    out
}

/// The identities under which only a key file may have pinned a record, never another
/// record of the run:
/// - its title with the date cut to the month and to the year, as a file that holds only
///   `year` and `month` (BibTeX) knows it, so two articles of one month are never taken
///   for copies of each other;
/// - a title made from the first words of the text (no headline), as the file wrote it,
///   so an untitled article keeps its key while two untitled articles of the run that
///   open alike are never taken for copies.
fn file_identities(r: &Record) -> Vec<String> {
    let Some(t) = &r.title else { return Vec::new() };
    let date = r.date.map(|d| d.iso());
    if r.title_from_text {
        return vec![title_identity(t, date.as_deref())];
    }
    let Some(d) = r.date else { return Vec::new() };
    let month = Date { day: None, ..d };
    let year = Date { month: None, day: None, ..d };
    [month, year]
        .into_iter()
        .filter(|c| *c != d)
        .map(|c| title_identity(t, Some(&c.iso())))
        .collect()
}

fn url_identity(u: &str) -> String {
    format!("url:{}", u.trim())
}

fn title_identity(title: &str, date: Option<&str>) -> String {
    format!("title:{}|{}", title_key(title), date.unwrap_or(""))
}

/// The kind of file keys were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyFileFormat {
    /// No file (or a missing one).
    #[default]
    None,
    /// BibLaTeX or BibTeX.
    Bib,
    /// A CSL-JSON array.
    Csl,
    /// quotecite's JSON or JSON Lines output (objects with `key` and `article`).
    Json,
}

/// One entry of a key file, as written there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    /// Its key.
    pub key: String,
    /// The entry's text exactly as in the file (a `.bib` entry from `@` to its closing
    /// brace, a CSL-JSON item); empty for JSON Lines files.
    pub raw: String,
}

/// Keys issued in an earlier output.
#[derive(Debug, Clone, Default)]
pub struct KeyFile {
    /// What the file was.
    pub format: KeyFileFormat,
    /// Its entries in file order.
    pub entries: Vec<KeyEntry>,
    /// Identity (see [`identities`]) → key.
    pins: HashMap<String, String>,
    /// Identities that entries of the file claim with different keys (two articles of
    /// one month in a file that knows only the month), with those keys in file order:
    /// the articles of a run that find no key of their own take them in turn.
    clashes: HashMap<String, Vec<String>>,
}

impl KeyFile {
    /// Pin `key` for the article with this URL, or this title and date.
    pub fn pin(&mut self, key: &str, url: Option<&str>, title: Option<&str>, date: Option<&str>) {
        if let Some(u) = url.filter(|u| !u.trim().is_empty()) {
            self.pin_identity(url_identity(u), key);
        }
        if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
            self.pin_identity(title_identity(t, date), key);
        }
    }

    fn pin_identity(&mut self, id: String, key: &str) {
        match self.pins.get(&id) {
            Some(k) if k != key => {
                let keys = self.clashes.entry(id).or_insert_with(|| vec![k.clone()]);
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_string());
                }
            }
            Some(_) => {}
            None => {
                self.pins.insert(id, key.to_string());
            }
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the file had no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pinned key of an identity.
    /// The keys that entries of the file claim for an identity they share.
    fn clashing(&self, id: &str) -> &[String] {
        self.clashes.get(id).map_or(&[], Vec::as_slice)
    }

    fn get(&self, id: &str) -> Option<&String> {
        if self.clashes.contains_key(id) {
            return None;
        }
        self.pins.get(id)
    }

    /// Read the keys of a `.bib` file (BibLaTeX or BibTeX), a CSL-JSON array, or
    /// quotecite's JSON / JSON Lines, told apart by the first non-blank character.
    /// `origin` names the file in errors.
    pub fn read(src: &str, origin: &str) -> crate::Result<KeyFile> {
        let err = |message: String| crate::Error::KeyFile { origin: origin.to_string(), message };
        let mut file = KeyFile::default();
        match src.trim_start().chars().next() {
            None => Ok(file),
            Some('[') => {
                file.format = KeyFileFormat::Csl;
                let items: Vec<Box<serde_json::value::RawValue>> = serde_json::from_str(src)
                    .map_err(|e| {
                        err(format!("expected a CSL-JSON array, found invalid JSON ({e})"))
                    })?;
                for raw in items {
                    let item: serde_json::Value =
                        serde_json::from_str(raw.get()).unwrap_or_default();
                    let Some(key) = item["citation-key"].as_str().or(item["id"].as_str()) else {
                        continue;
                    };
                    let date = csl_date(&item["issued"]);
                    file.pin(key, item["URL"].as_str(), item["title"].as_str(), date.as_deref());
                    file.entries.push(KeyEntry { key: key.to_string(), raw: raw.get().into() });
                }
                Ok(file)
            }
            Some('{') => {
                file.format = KeyFileFormat::Json;
                let docs = serde_json::Deserializer::from_str(src).into_iter::<serde_json::Value>();
                for (n, doc) in docs.enumerate() {
                    let doc = doc.map_err(|e| {
                        err(format!(
                            "expected quotecite JSON objects, found invalid JSON in object {} ({e})",
                            n + 1
                        ))
                    })?;
                    let Some(key) = doc["key"].as_str() else { continue };
                    let a = &doc["article"];
                    let date = a["date"].as_str().and_then(Date::parse).map(|d| d.iso());
                    file.pin(key, a["url"].as_str(), a["title"].as_str(), date.as_deref());
                    if !file.entries.iter().any(|e| e.key == key) {
                        file.entries.push(KeyEntry { key: key.to_string(), raw: String::new() });
                    }
                }
                Ok(file)
            }
            Some(_) => {
                file.format = KeyFileFormat::Bib;
                read_bib(src, &mut file).map_err(err)?;
                Ok(file)
            }
        }
    }
}

/// A CSL date's `date-parts` as ISO text.
fn csl_date(issued: &serde_json::Value) -> Option<String> {
    let parts = issued["date-parts"][0].as_array()?;
    let p: Vec<String> =
        parts.iter().filter_map(serde_json::Value::as_i64).map(|n| n.to_string()).collect();
    Some(Date::parse(&p.join("-")).map(|d| d.iso()).unwrap_or_default())
}

fn read_bib(src: &str, file: &mut KeyFile) -> Result<(), String> {
    use biblatex::ChunksExt;
    let bad = |e: biblatex::ParseError| {
        format!(
            "expected BibLaTeX or BibTeX entries, found an error at byte {} ({})",
            e.span.start, e.kind
        )
    };
    let raw = biblatex::RawBibliography::parse(src).map_err(bad)?;
    // The parser's entry span ends before the closing delimiter: take it in.
    let spans: HashMap<&str, std::ops::Range<usize>> = raw
        .entries
        .iter()
        .map(|e| {
            let rest = src.get(e.span.end..).unwrap_or("");
            let gap = rest.len() - rest.trim_start().len();
            let close = rest.trim_start().starts_with(['}', ')']);
            (e.v.key.v, e.span.start..e.span.end + gap + usize::from(close))
        })
        .collect();
    let order: Vec<&str> = raw.entries.iter().map(|e| e.v.key.v).collect();
    let bib = biblatex::Bibliography::parse(src).map_err(bad)?;
    let mut seen: HashSet<&str> = HashSet::new();
    for key in order {
        let raw = spans.get(key).and_then(|s| src.get(s.clone())).unwrap_or("");
        if !seen.insert(key) {
            continue;
        }
        file.entries.push(KeyEntry { key: key.to_string(), raw: raw.trim().to_string() });
        // An entry the typed reader cannot take still reserves its key; it pins nothing.
        let Some(entry) = bib.get(key) else { continue };
        let field = |name: &str| entry.get(name).map(|c| c.format_verbatim());
        let date = field("date").or_else(|| {
            let year = field("year")?;
            Some(match field("month").and_then(|m| month_number(&m)) {
                Some(m) => format!("{year}-{m:02}"),
                None => year,
            })
        });
        let date = date.as_deref().and_then(Date::parse).map(|d| d.iso());
        file.pin(key, field("url").as_deref(), field("title").as_deref(), date.as_deref());
    }
    Ok(())
}

fn month_number(m: &str) -> Option<u8> {
    const M: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let m = m.trim().to_lowercase();
    if let Ok(n) = m.parse::<u8>() {
        return Some(n).filter(|n| (1..=12).contains(n));
    }
    M.iter().position(|p| m.starts_with(p)).map(|i| i as u8 + 1)
}

/// The keys of one run, handed out in input order (see the module documentation).
///
/// A run over millions of articles keeps an entry per identity of each: identities and
/// keys in use are held as 128-bit hashes, and each key issued once as text, so the
/// registry costs a few dozen bytes per article.
#[derive(Debug, Default)]
pub struct KeyRegistry {
    file: KeyFile,
    /// Identity (hashed) → the key issued under it in this run (an index into `keys`).
    issued: HashMap<Hashed, u32>,
    /// The keys issued in this run, each once, and where each is in `keys` (by hash).
    keys: Vec<String>,
    key_at: HashMap<Hashed, u32>,
    /// Every key in use (hashed): the file's and those issued.
    taken: HashSet<Hashed>,
    /// The key file's keys (hashed), and those of them this run issued.
    file_keys: HashSet<Hashed>,
    issued_file: HashSet<Hashed>,
    /// For a base key taken before: the next suffix to try (`base-a` is 0), so that many
    /// articles with one base key do not each try every suffix again.
    next_suffix: HashMap<Hashed, usize>,
    hash: Hash128,
}

/// A 128-bit hash as two words (8-byte aligned, so a table entry takes 24 bytes).
type Hashed = (u64, u64);

/// Two independently keyed hashers, together a 128-bit hash: two different strings of
/// one run share one with a probability far below any hardware error.
#[derive(Debug, Default)]
struct Hash128(std::hash::RandomState, std::hash::RandomState);

impl Hash128 {
    fn of(&self, s: &str) -> Hashed {
        use std::hash::BuildHasher;
        (self.0.hash_one(s), self.1.hash_one(s))
    }
}

impl KeyRegistry {
    /// A registry that keeps the keys of `file`.
    pub fn new(file: KeyFile) -> KeyRegistry {
        let hash = Hash128::default();
        let file_keys: HashSet<Hashed> = file.entries.iter().map(|e| hash.of(&e.key)).collect();
        KeyRegistry { file, taken: file_keys.clone(), file_keys, hash, ..KeyRegistry::default() }
    }

    fn issued_key(&self, id: &str) -> Option<&String> {
        self.issued.get(&self.hash.of(id)).map(|&i| &self.keys[i as usize])
    }

    /// Record `key` as issued under every identity of `ids` not issued before. Ids are
    /// unique in a run, so no other record of it finds an article again by its id (only
    /// a key file does): a record's article id is kept only when `by_id` asks, and a
    /// record known only by its id keeps nothing but its key's hash. A run over millions
    /// of untitled articles holds a hash per article, not its key and identities.
    fn issue(&mut self, ids: &[String], key: &str, by_id: bool) {
        let h = self.hash.of(key);
        self.taken.insert(h);
        if self.file_keys.contains(&h) {
            self.issued_file.insert(h);
        }
        let ids = match ids.split_last() {
            Some((last, rest)) if !by_id && last.starts_with(ID_PREFIX) => rest,
            _ => ids,
        };
        if ids.is_empty() {
            return;
        }
        let at = match self.key_at.get(&h) {
            Some(&i) => i,
            None => {
                self.keys.push(key.to_string());
                let i = (self.keys.len() - 1) as u32;
                self.key_at.insert(h, i);
                i
            }
        };
        for id in ids {
            self.issued.entry(self.hash.of(id)).or_insert(at);
        }
    }

    /// The key of a record: its earlier key, the key of an earlier copy in this run,
    /// else its base key made unique.
    pub fn key(&mut self, r: &Record) -> String {
        let ids = identities(r);
        if !ids.iter().any(|id| self.issued_key(id).is_some() || self.file.get(id).is_some()) {
            // Pinned by a file that knows the date only to the month or the year, or
            // under a title made from the text.
            let file_ids = file_identities(r);
            if let Some(key) = file_ids.iter().find_map(|id| self.file.get(id)) {
                let key = key.clone();
                self.issue(&ids, &key, false);
                return key;
            }
            // An identity that entries of the file share: the first of their keys that
            // this run has not issued yet.
            let shared = ids.iter().chain(&file_ids).find_map(|id| {
                let issued = |k: &&String| self.issued_file.contains(&self.hash.of(k));
                self.file.clashing(id).iter().find(|k| !issued(k))
            });
            if let Some(key) = shared {
                let key = key.clone();
                self.issue(&ids, &key, false);
                return key;
            }
        }
        self.assign_ids(&ids, &r.key, false)
    }

    /// [`KeyRegistry::key`] for a record known by one identity.
    pub fn assign(&mut self, id: &str, base: &str) -> String {
        self.assign_ids(&[id.to_string()], base, true)
    }

    fn assign_ids(&mut self, ids: &[String], base: &str, by_id: bool) -> String {
        let known =
            ids.iter().find_map(|id| self.issued_key(id).or_else(|| self.file.get(id))).cloned();
        let key = match known {
            Some(key) => key,
            None => self.free_key(base),
        };
        self.issue(ids, &key, by_id);
        key
    }

    /// `base`, else the first free of `base-a`, `base-b` … (keys are never freed, so the
    /// search goes on where it stopped for the same base).
    fn free_key(&mut self, base: &str) -> String {
        let hb = self.hash.of(base);
        let (mut key, mut n) = match self.next_suffix.get(&hb) {
            Some(&n) => (format!("{base}-{}", letters(n)), n + 1),
            None => (base.to_string(), 0),
        };
        while self.taken.contains(&self.hash.of(&key)) {
            key = format!("{base}-{}", letters(n));
            n += 1;
        }
        if n > 0 {
            self.next_suffix.insert(hb, n);
        }
        key
    }

    /// The key file's entries whose keys this run did not issue, in file order.
    pub fn untouched(&self) -> Vec<&KeyEntry> {
        let issued = |k: &str| self.issued_file.contains(&self.hash.of(k));
        self.file.entries.iter().filter(|e| !issued(&e.key)).collect()
    }

    /// The format of the key file.
    pub fn file_format(&self) -> KeyFileFormat {
        self.file.format
    }
}

/// 0 → a, 25 → z, 26 → aa …
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::cite::{CiteOptions, record, tests::analysis};
    use crate::model::ArticleMeta;

    fn rec(id: &str, title: &str, date: &str, url: Option<&str>) -> Record {
        let m = ArticleMeta {
            title: Some(title.into()),
            authors: vec!["Anna Berg".into()],
            date: Some(date.into()),
            url: url.map(str::to_string),
            ..ArticleMeta::default()
        };
        record(&analysis(id, m, "T."), &CiteOptions::default())
    }

    #[test]
    fn keys_in_the_file_are_never_given_away_or_renamed() {
        let mut file = KeyFile::default();
        file.pin("berg2020budget", None, Some("Budget vote"), Some("2020-01-01"));
        file.entries.push(KeyEntry { key: "berg2020budget".into(), raw: String::new() });
        let mut reg = KeyRegistry::new(file);
        let talks = rec("a", "Budget talks", "2020-05-01", None);
        let vote = rec("b", "Budget vote", "2020-01-01", None);
        assert_eq!(reg.key(&talks), "berg2020budget-a", "a new article takes a free key");
        assert_eq!(reg.key(&vote), "berg2020budget", "the pinned article keeps its key");
        assert_eq!(reg.key(&talks), "berg2020budget-a", "the same article keeps its key");
        assert!(reg.untouched().is_empty());
    }

    #[test]
    fn a_bibtex_entry_with_year_and_month_pins_its_article() {
        let bib = "@article{berg2020budget,\n  title        = {Budget Vote Delayed Again},\n  year         = {2020},\n  month        = may,\n}\n\n@article{other, title = {Budget Vote Delayed Again}, year = {2019}}\n";
        let file = KeyFile::read(bib, "q.bib").unwrap();
        let mut reg = KeyRegistry::new(file);
        let vote = rec("a", "Budget Vote Delayed Again", "2020-05-03", None);
        assert_eq!(reg.key(&vote), "berg2020budget");
        let later = rec("b", "Budget Vote Delayed Again", "2020-05-09", None);
        assert_eq!(reg.key(&later), "berg2020budget", "the file cannot tell the two apart");
        let other = rec("c", "Budget Vote Delayed Again", "2019-02-01", None);
        assert_eq!(reg.key(&other), "other", "by year, when that is all the file knows");
        let new = rec("d", "Budget Vote Delayed Again", "2021-01-01", None);
        assert_eq!(reg.key(&new), "berg2021budget");
    }

    #[test]
    fn a_title_with_hyphen_runs_is_found_again_in_a_bib_file() {
        // The BibTeX reader reads `--` as an en dash: the title it gives back still names
        // the article (found by the fuzzer on the export target).
        for title in ["Budg-->Talks Stall", "Vote --- delayed", "Vote – delayed -- again"] {
            let bib = format!(
                "@article{{berg2020x,\n  title = {{{title}}},\n  date = {{2020-05-03}},\n}}\n"
            );
            let file = KeyFile::read(&bib, "q.bib").unwrap();
            let mut reg = KeyRegistry::new(file);
            assert_eq!(reg.key(&rec("a", title, "2020-05-03", None)), "berg2020x", "{title}");
            assert!(reg.untouched().is_empty(), "{title}");
        }
    }

    #[test]
    fn articles_a_file_cannot_tell_apart_take_its_keys_in_turn() {
        // BibTeX keeps year and month only: two articles of one title and month share
        // their identity there (found by the fuzzer on the export target).
        let bib = "@article{yu2009strategic, title = {Strategic Treaty}, year = {2009}, month = dec}\n\
                   @article{yu2009strategic-a, title = {Strategic Treaty}, year = {2009}, month = dec}\n";
        let file = KeyFile::read(bib, "q.bib").unwrap();
        let mut reg = KeyRegistry::new(file);
        let first = rec("a", "Strategic Treaty", "2009-12-01", None);
        let second = rec("b", "Strategic Treaty", "2009-12-02", None);
        assert_eq!(reg.key(&first), "yu2009strategic");
        assert_eq!(reg.key(&second), "yu2009strategic-a");
        assert_eq!(reg.key(&first), "yu2009strategic", "an article keeps the key it took");
        assert!(reg.untouched().is_empty());
        let third = rec("c", "Strategic Treaty", "2009-12-03", None);
        assert_eq!(reg.key(&third), "berg2009strategic", "a third takes a key of its own");
    }

    #[test]
    fn first_come_first_served_and_letters() {
        let mut reg = KeyRegistry::default();
        for (i, want) in ["x", "x-a", "x-b"].iter().enumerate() {
            assert_eq!(reg.assign(&format!("id:{i}"), "x"), *want);
        }
        assert_eq!(reg.assign("id:1", "x"), "x-a");
        assert_eq!(letters(25), "z");
        assert_eq!(letters(26), "aa");
    }

    #[test]
    fn free_suffixes_skip_the_files_keys_and_untitled_copies_get_their_own() {
        // The file holds x and x-b: new articles with base x take x-a, x-c, x-d … in turn.
        let bib = "@article{x, title = {One}, date = {2020}}\n@article{x-b, title = {Two}, date = {2021}}\n";
        let mut reg = KeyRegistry::new(KeyFile::read(bib, "k.bib").unwrap());
        let got: Vec<String> = (0..4).map(|i| reg.assign(&format!("id:{i}"), "x")).collect();
        assert_eq!(got, ["x-a", "x-c", "x-d", "x-e"]);
        // Records known only by their ids (untitled, no address) never share a key, and a
        // record found again by its title keeps the key its copy got.
        let mut reg = KeyRegistry::default();
        let untitled = |id: &str| Record { title: None, ..rec(id, "", "2020", None) };
        let keys: Vec<String> = ["u1", "u2", "u3"]
            .iter()
            .map(|id| reg.key(&Record { key: "u".into(), ..untitled(id) }))
            .collect();
        assert_eq!(keys, ["u", "u-a", "u-b"]);
        let a = Record { key: "t".into(), ..rec("t1", "Storm", "2020-05-01", None) };
        let copy = Record { article_id: "t2".into(), ..a.clone() };
        assert_eq!(reg.key(&a), "t");
        assert_eq!(reg.key(&copy), "t", "a copy by title and date shares the key");
        assert!(reg.untouched().is_empty());
    }

    #[test]
    fn pins_match_by_url_or_by_title_and_date() {
        let bib = "@article{old2009key,\n  title = {The {Russian} Plan \\& More},\n  date = {2009-12-02},\n  url = {https://example.org/a_b?x=1&y=2},\n}\n\n@article{other, title = {Gas}, year = {2010}, month = mar}\n";
        let file = KeyFile::read(bib, "old.bib").unwrap();
        assert_eq!(file.format, KeyFileFormat::Bib);
        assert_eq!(file.len(), 2);
        assert!(file.entries[0].raw.starts_with("@article{old2009key,"));
        assert!(file.entries[0].raw.ends_with('}'));
        let mut reg = KeyRegistry::new(file);
        let by_url = rec("a", "Changed title", "2001", Some("https://example.org/a_b?x=1&y=2"));
        assert_eq!(reg.key(&by_url), "old2009key");
        let by_title = rec("b", "Gas", "2010-03", None);
        assert_eq!(reg.key(&by_title), "other");

        let csl = r#"[{"id": "k1", "type": "article-newspaper", "title": "A Storm", "issued": {"date-parts": [[2020, 5]]}}]"#;
        let file = KeyFile::read(csl, "old.json").unwrap();
        assert_eq!(file.format, KeyFileFormat::Csl);
        assert_eq!(file.entries[0].raw, &csl[1..csl.len() - 1]);
        let mut reg = KeyRegistry::new(file);
        assert_eq!(reg.key(&rec("c", "A storm", "2020-05", None)), "k1");

        let jsonl = "{\"schema\":\"quotecite/1\",\"key\":\"j1\",\"article\":{\"url\":\"https://e.org/x\"}}\n{\"schema\":\"quotecite/1\",\"error\":{}}\n";
        let file = KeyFile::read(jsonl, "old.jsonl").unwrap();
        let mut reg = KeyRegistry::new(file);
        assert_eq!(reg.key(&rec("d", "T", "2020", Some("https://e.org/x"))), "j1");

        let e = KeyFile::read("@article{x, title = {open", "bad.bib").unwrap_err().to_string();
        assert!(e.starts_with("bad.bib: expected BibLaTeX or BibTeX entries"), "{e}");
        let e = KeyFile::read("[{", "bad.json").unwrap_err().to_string();
        assert!(e.starts_with("bad.json: expected a CSL-JSON array"), "{e}");
        assert!(KeyFile::read("  \n", "empty.bib").unwrap().is_empty());
    }
}
