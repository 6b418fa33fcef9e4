//! CSL-JSON output: the bibliography as CSL 1.0.2 input data, for pandoc/citeproc,
//! Zotero and other CSL processors.
//!
//! One JSON array (pretty-printed, 2-space indent, LF, a final newline) with one item per
//! [`Record`], in the records' order (sorted by key). Keys appear in this fixed order and
//! absent values are omitted, never `null`:
//!
//! ```text
//! [{"id": "<key>", "citation-key": "<key>", "type": "article-newspaper",
//!   "title": "<headline as published, else the first words of the body>",
//!   "author": [{"family", "given", "non-dropping-particle", "suffix"} | {"literal": "<corporate author or outlet>"}],
//!   "container-title": "<outlet, else the site of the URL>",
//!   "issued": {"date-parts": [[YYYY, M, D]]},           // numbers, only the known parts
//!   "original-date": {"date-parts": [[YYYY, M, D]]},    // only when the year differs
//!   "original-publisher": "<original outlet>",
//!   "URL": "<address, verbatim>",
//!   "accessed": {"date-parts": [[YYYY, M, D]]},         // --access-date, with a URL only
//!   "language": "<tag, e.g. en>",
//!   "note": "<provenance>\nQuotations: <the quotations, as annote>", // Zotero's "Extra"
//!   "annote": "<Name (role): “quote”; Name (role), reported: …>", // one paragraph
//!   "custom": {"quotations": [{"id": "<key>-<speaker family>[-N]", "text": "<cited text>",
//!              "kind": "direct|mixed|indirect", "verbatim": true|false,
//!              "fragments": ["<verbatim piece>", …],   // reported speech with quoted words
//!              "speaker": {"family", "given", …} | {"literal"}, "speaker-role": "<role>"}]}}]
//! ```
//!
//! CSL items admit no fields beyond the schema's (`additionalProperties: false`), and CSL
//! has no quotation variable, so structured quotations go in `custom` (the schema's place
//! for extra data) and a human-readable copy in `annote` and in `note`. `note` is where
//! the quotations survive an import: Zotero's CSL-JSON import ("CSL JSON.js") drops
//! `annote` and `custom` but keeps `note` as the item's "Extra" field, and the
//! annotated CSL styles (APA and Chicago annotated bibliography) print `note`, not
//! `annote`. Zotero reads a line of Extra that starts with `Name: ` as the variable
//! `name` when it cites the item, so neither line of `note` starts with a speaker: the
//! first is the provenance ("Originally published by …"), the second starts with the
//! label `Quotations: `, which is no CSL variable or Zotero field. `text` is what is cited: for a verbatim quotation (`verbatim: true`) its
//! pieces inside the article's marks joined with " … ", without the marks and without
//! the narration that interrupts it; for reported speech the reported clause. `given`,
//! particle and suffix are omitted when empty. `original-date` is left out when the
//! years are equal: styles print it as "(Yu and Lu \[2009\] 2009)". Strings are the
//! record's text unescaped (JSON escaping only).

use std::io::{self, Write};

use serde::Serialize;

use super::cite::{Date, Name, Record, label};
use crate::model::QuoteKind;

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Item<'a> {
    id: &'a str,
    citation_key: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<NameOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<DateOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_date: Option<DateOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_publisher: Option<&'a str>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessed: Option<DateOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom: Option<Custom<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum NameOut<'a> {
    #[serde(rename_all = "kebab-case")]
    Person {
        family: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        given: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        non_dropping_particle: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: &'a str,
    },
    Literal {
        literal: &'a str,
    },
}

#[derive(Serialize)]
struct DateOut {
    #[serde(rename = "date-parts")]
    date_parts: [Vec<i32>; 1],
}

#[derive(Serialize)]
struct Custom<'a> {
    quotations: Vec<QuotationOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct QuotationOut<'a> {
    id: &'a str,
    text: &'a str,
    kind: QuoteKind,
    verbatim: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fragments: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<NameOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_role: Option<&'a str>,
}

fn name(n: &Name) -> NameOut<'_> {
    match n {
        Name::Person(p) => NameOut::Person {
            family: &p.family,
            given: &p.given,
            non_dropping_particle: &p.particle,
            suffix: &p.suffix,
        },
        Name::Literal(literal) => NameOut::Literal { literal },
    }
}

fn date(d: &Date) -> DateOut {
    let mut parts = vec![d.year];
    // A day without a month cannot be written as date parts; drop it.
    if let Some(m) = d.month {
        parts.push(i32::from(m));
        if let Some(day) = d.day {
            parts.push(i32::from(day));
        }
    }
    DateOut { date_parts: [parts] }
}

fn item(r: &Record) -> Item<'_> {
    let original_date = match &r.original {
        Some((_, Some(od))) if r.date.is_none_or(|d| d.year != od.year) => Some(date(od)),
        _ => None,
    };
    let original_publisher = r.original.as_ref().and_then(|(p, _)| p.as_deref());
    let quotations: Vec<QuotationOut<'_>> = r
        .quotations
        .iter()
        .map(|q| QuotationOut {
            id: &q.id,
            text: &q.text,
            kind: q.kind,
            verbatim: q.verbatim,
            fragments: if q.verbatim {
                Vec::new()
            } else {
                q.fragments.iter().map(String::as_str).collect()
            },
            speaker: q.speaker.as_ref().map(|s| name(&s.parts)),
            speaker_role: q.speaker.as_ref().and_then(|s| s.role.as_deref()),
        })
        .collect();
    Item {
        id: &r.key,
        citation_key: &r.key,
        kind: "article-newspaper",
        title: r.title.as_deref(),
        author: r.authors.iter().map(name).collect(),
        container_title: r.container_or_site(),
        issued: r.date.as_ref().map(date),
        original_date,
        original_publisher,
        url: r.url.as_deref(),
        accessed: r.accessed.as_ref().map(date),
        language: r.lang.as_deref(),
        note: note(r),
        annote: r.annote(),
        custom: (!quotations.is_empty()).then_some(Custom { quotations }),
    }
}

/// The `note` (Zotero's "Extra"): the provenance on one line, the quotations on the next
/// after the label `Quotations: `, so that the line never starts with a speaker's name
/// that Zotero would read as a `Key: value` field ("Interviewer: “…”" becomes the
/// interviewer when Zotero cites the item, "Publisher: “…”" its publisher).
fn note(r: &Record) -> Option<String> {
    let quotations = r.annote().map(|a| format!("{}: {a}", label("quotations")));
    let lines: Vec<String> = r.provenance().into_iter().chain(quotations).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// Write the records as one CSL-JSON array followed by a newline.
pub fn write(records: &[Record], w: impl Write) -> io::Result<()> {
    write_merged(records, &[], w)
}

/// Write the records and the items `kept` from an earlier file (key and the item's JSON
/// as written there) as one array sorted by key. An item of our own is written exactly
/// as [`write()`] writes it alone, so a file merged with itself is unchanged.
pub fn write_merged(
    records: &[Record],
    kept: &[(String, String)],
    mut w: impl Write,
) -> io::Result<()> {
    let mut items: Vec<(&str, String)> = Vec::new();
    for r in records {
        let mut buf = Vec::new();
        let fmt = crate::safe::JsonFormatter::pretty_with_indent(b"  ");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
        serde::Serialize::serialize(&item(r), &mut ser)?;
        // Indent the item one level, as inside the array.
        let text = String::from_utf8_lossy(&buf).replace('\n', "\n  ");
        items.push((&r.key, text));
    }
    for (k, raw) in kept {
        items.push((k, crate::safe::json_text(raw.trim()).into_owned()));
    }
    items.sort_by(|a, b| a.0.cmp(b.0));
    if items.is_empty() {
        return w.write_all(b"[]\n");
    }
    w.write_all(b"[\n")?;
    for (i, (_, text)) in items.iter().enumerate() {
        w.write_all(b"  ")?;
        w.write_all(text.as_bytes())?;
        w.write_all(if i + 1 < items.len() { b",\n" } else { b"\n" })?;
    }
    w.write_all(b"]\n")
}

/// The records as a CSL-JSON string (with its final newline).
pub fn to_csl_string(records: &[Record]) -> String {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(records, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

#[cfg(test)]
pub(super) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;
    use crate::export::cite::{Cited, CitedSpeaker};
    use crate::model::SpeakerKind;

    /// The sample article of the export conventions.
    pub(in crate::export) fn sample() -> Record {
        let person = |f: &str, g: &str| Name::person(f, g);
        let speaker = |n: &str, f: &str, g: &str, role: &str| CitedSpeaker {
            name: n.into(),
            parts: person(f, g),
            role: Some(role.into()),
            kind: SpeakerKind::Person,
        };
        Record {
            key: "yu2009strategic".into(),
            article_id: "xinhua".into(),
            title: Some(
                "Strategic Considerations Behind Russian Proposal for New European Security Treaty"
                    .into(),
            ),
            protected: Vec::new(),
            authors: vec![person("Yu", "Maofeng"), person("Lu", "Jingli")],
            outlet_as_author: false,
            title_from_text: false,
            site: None,
            accessed: None,
            container: Some("Global Research".into()),
            date: Date::parse("2009-12-02"),
            url: Some(
                "https://example.org/global-research/russia_treaty?id=16410&lang=en%20US".into(),
            ),
            lang: Some("en".into()),
            original: Some((Some("Xinhua News Agency".into()), Date::parse("2009-12-01"))),
            quotations: vec![
                Cited {
                    id: "yu2009strategic-rogozin".into(),
                    text: "international organizations can not help but include Russia in their plans and admit that nothing could be achieved without joint efforts".into(),
                    kind: QuoteKind::Direct,
                    quote: 0,
                    verbatim: matches!(QuoteKind::Direct, QuoteKind::Direct),
                    fragments: Vec::new(),
                    speaker: Some(speaker("Dmitry Rogozin", "Rogozin", "Dmitry", "Russia’s envoy to NATO").into()),
                    confidence: 0.9,
                },
                Cited {
                    id: "yu2009strategic-medvedev".into(),
                    text: "finally do away with the legacy of the Cold War.".into(),
                    kind: QuoteKind::Direct,
                    quote: 0,
                    verbatim: matches!(QuoteKind::Direct, QuoteKind::Direct),
                    fragments: Vec::new(),
                    speaker: Some(speaker("Dmitry Medvedev", "Medvedev", "Dmitry", "President of Russia").into()),
                    confidence: 0.9,
                },
            ],
        }
    }

    /// The CSL 1.0.2 schema validator, from the file named by `QUOTECITE_CSL_SCHEMA`;
    /// `None` (reported once) when the variable is unset.
    fn validator() -> Option<&'static jsonschema::Validator> {
        static V: std::sync::LazyLock<Option<jsonschema::Validator>> =
            std::sync::LazyLock::new(|| {
                let Ok(path) = std::env::var("QUOTECITE_CSL_SCHEMA") else {
                    eprintln!(
                        "skipped: QUOTECITE_CSL_SCHEMA is not set (path of csl-data.json, \
                         CSL schema v1.0.2): CSL-JSON output not validated"
                    );
                    return None;
                };
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("QUOTECITE_CSL_SCHEMA={path}: {e}"));
                let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
                Some(jsonschema::validator_for(&schema).expect("schema compiles"))
            });
        V.as_ref()
    }

    /// Assert that `out` is valid CSL 1.0.2 input data (a no-op when the schema is unset).
    pub(in crate::export) fn assert_schema_valid(out: &str) {
        let Some(validator) = validator() else { return };
        let instance: Value = serde_json::from_str(out).expect("output is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "schema errors: {errors:#?}\n{out}");
    }

    #[test]
    fn sample_item_as_in_the_conventions() {
        let out = to_csl_string(&[sample()]);
        assert!(out.starts_with("[\n  {\n    \"id\": \"yu2009strategic\",\n"));
        assert!(out.ends_with("]\n"));
        let v: Value = serde_json::from_str(&out).unwrap();
        let item = &v[0];
        // serde_json's Value sorts keys: read the order from the text.
        let keys: Vec<&str> =
            out.lines().filter_map(|l| l.strip_prefix("    \"")?.split('"').next()).collect();
        assert_eq!(
            keys,
            [
                "id",
                "citation-key",
                "type",
                "title",
                "author",
                "container-title",
                "issued",
                "original-publisher",
                "URL",
                "language",
                "note",
                "annote",
                "custom"
            ]
        );
        assert_eq!(item["type"], "article-newspaper");
        assert_eq!(
            item["author"],
            json!([{"family": "Yu", "given": "Maofeng"}, {"family": "Lu", "given": "Jingli"}])
        );
        assert_eq!(item["issued"], json!({"date-parts": [[2009, 12, 2]]}));
        let note = item["note"].as_str().unwrap();
        assert!(
            note.starts_with("Originally published by Xinhua News Agency, December 1, 2009\n"),
            "{note}"
        );
        assert!(note.contains("Dmitry Medvedev (President of Russia): “finally do away"), "{note}");
        assert_eq!(
            note.lines().nth(1).and_then(|l| l.strip_prefix("Quotations: ")),
            item["annote"].as_str(),
            "the quotations reach Zotero's Extra"
        );
        assert_eq!(
            item["custom"]["quotations"][1],
            json!({"id": "yu2009strategic-medvedev",
                   "text": "finally do away with the legacy of the Cold War.",
                   "kind": "direct",
                   "verbatim": true,
                   "speaker": {"family": "Medvedev", "given": "Dmitry"},
                   "speaker-role": "President of Russia"})
        );
        assert_schema_valid(&out);
    }

    /// The key Zotero reads from a line of Extra when it cites an item (utilities'
    /// `extraToCSL`: `^([A-Za-z \-]+)(:\s*.+)`, lower-cased, spaces to `-`).
    fn zotero_extra_key(line: &str) -> Option<String> {
        let (key, value) = line.split_once(':')?;
        let keyish =
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphabetic() || " -".contains(c));
        (keyish && !value.trim().is_empty()).then(|| key.to_lowercase().replace(' ', "-"))
    }

    #[test]
    fn no_line_of_the_note_reads_as_a_zotero_field() {
        // Speakers whose names are CSL variables or Zotero fields, quoted first and alone.
        let r = sample();
        let mut recs = Vec::new();
        for who in ["Interviewer", "Publisher", "Title", "Source", "Note", "Director"] {
            let mut r = r.clone();
            r.key = format!("k{}", who.to_lowercase());
            let q = &mut r.quotations[0];
            q.speaker = Some(
                CitedSpeaker {
                    name: who.into(),
                    parts: Name::Literal(who.into()),
                    role: None,
                    kind: SpeakerKind::Person,
                }
                .into(),
            );
            recs.push(r);
        }
        let out = to_csl_string(&recs);
        let v: Value = serde_json::from_str(&out).unwrap();
        for item in v.as_array().unwrap() {
            let note = item["note"].as_str().unwrap();
            let keys: Vec<String> = note.lines().filter_map(zotero_extra_key).collect();
            assert_eq!(keys, ["quotations"], "{note}");
            let who = item["custom"]["quotations"][0]["speaker"]["literal"].as_str().unwrap();
            assert!(note.contains(&format!("Quotations: {who}: “international")), "{note}");
        }
        // `quotations` is no CSL variable (when the schema is at hand).
        if let Ok(path) = std::env::var("QUOTECITE_CSL_SCHEMA") {
            let schema: Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let props = &schema["items"]["properties"];
            assert!(props.get("language").is_some(), "the schema lists the CSL variables");
            assert!(props.get("quotations").is_none());
        }
        assert_schema_valid(&out);
    }

    #[test]
    fn the_schema_check_rejects_what_the_conventions_warn_about() {
        let Some(v) = validator() else { return };
        for bad in [
            json!([{"id": "x", "type": "newspaper"}]),
            json!([{"id": "x", "type": "article-newspaper", "quote": "q"}]),
            json!([{"id": "x", "type": "article-newspaper", "author": [{"name": "A"}]}]),
        ] {
            assert!(!v.is_valid(&bad), "{bad}");
        }
    }

    #[test]
    fn original_date_only_when_the_year_differs() {
        let mut r = sample();
        let out = to_csl_string(&[r.clone()]);
        assert!(!out.contains("original-date"));
        r.original = Some((Some("Xinhua".into()), Date::parse("2008-12")));
        let v: Value = serde_json::from_str(&to_csl_string(&[r])).unwrap();
        assert_eq!(v[0]["original-date"], json!({"date-parts": [[2008, 12]]}));
        assert_eq!(v[0]["original-publisher"], "Xinhua");
        assert_schema_valid(&v.to_string());
    }

    #[test]
    fn absent_fields_are_omitted_and_literals_kept_whole() {
        let r = Record {
            key: "anon".into(),
            article_id: "x".into(),
            title: None,
            protected: Vec::new(),
            authors: vec![Name::Literal("Xinhua News Agency".into())],
            outlet_as_author: true,
            title_from_text: false,
            site: None,
            accessed: None,
            container: None,
            date: Date::parse("2009"),
            url: None,
            lang: None,
            original: None,
            quotations: vec![Cited {
                id: "anon-unattributed".into(),
                text: "x".into(),
                kind: QuoteKind::Indirect,
                quote: 0,
                verbatim: matches!(QuoteKind::Indirect, QuoteKind::Direct),
                fragments: Vec::new(),
                speaker: None,
                confidence: 0.5,
            }],
        };
        let out = to_csl_string(&[r]);
        assert!(!out.contains("null"), "{out}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["author"], json!([{"literal": "Xinhua News Agency"}]));
        assert_eq!(v[0]["issued"], json!({"date-parts": [[2009]]}));
        assert_eq!(
            v[0]["custom"]["quotations"][0],
            json!({"id": "anon-unattributed", "text": "x", "kind": "indirect", "verbatim": false})
        );
        assert_schema_valid(&out);
        assert_eq!(to_csl_string(&[]), "[]\n");
        assert_schema_valid("[]");
    }

    #[test]
    fn end_to_end_reference_article_is_assert_schema_valid() {
        let recs = crate::export::cite::tests::reference_records();
        let out = to_csl_string(&recs);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["type"], "article-newspaper");
        assert!(!v[0]["custom"]["quotations"].as_array().unwrap().is_empty(), "{out}");
        assert_schema_valid(&out);
    }

    fn tricky() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 \\\\{}&%$#_~^*\\[\\]<>@|\"'’“”\n\tÄéЖ中—-]{0,40}"
    }

    proptest! {
        #[test]
        fn prop_csl_is_schema_valid_and_round_trips_strings(
            title in tricky(), family in tricky(), given in tricky(), literal in tricky(),
            role in tricky(), text in tricky(), container in tricky(),
        ) {
            let mut r = sample();
            r.title = Some(title.clone());
            r.container = Some(container.clone());
            r.authors = vec![
                Name::person(family.clone(), given.clone()),
                Name::Literal(literal.clone()),
            ];
            r.quotations[0].text = text.clone();
            if let Some(s) = r.quotations[0].speaker.as_mut().map(std::sync::Arc::make_mut) {
                s.role = Some(role.clone());
                s.parts = Name::person(family.clone(), given.clone());
            }
            let out = to_csl_string(&[r]);
            let v: Value = serde_json::from_str(&out).unwrap();
            let item = &v[0];
            prop_assert_eq!(item["title"].as_str(), Some(title.as_str()));
            prop_assert_eq!(item["container-title"].as_str(), Some(container.as_str()));
            prop_assert_eq!(item["author"][0]["family"].as_str(), Some(family.as_str()));
            prop_assert_eq!(item["author"][0].get("given").and_then(Value::as_str).unwrap_or(""), given.as_str());
            prop_assert_eq!(item["author"][1]["literal"].as_str(), Some(literal.as_str()));
            let q = &item["custom"]["quotations"][0];
            prop_assert_eq!(q["text"].as_str(), Some(text.as_str()));
            prop_assert_eq!(q["speaker-role"].as_str(), Some(role.as_str()));
            assert_schema_valid(&out);
        }
    }
}
