//! The citation exports end to end, through the binary, over the fixtures and the test
//! articles of `tests/articles/` (see its README):
//! - verbatim and reported never confused: every string that any format shows inside
//!   quotation marks or as a blockquote (the listing, Markdown, `annote`, CSL `note` and
//!   `custom.quotations`, the HTML page) is made of the article's own verbatim fragments
//!   only, so no reported statement and no narration is ever shown as a quotation;
//! - keys equal across JSON, .bib, CSL-JSON, Markdown and HTML, and stable across runs
//!   whatever else is in the run, with `--keys` merging (three runs: A; B with
//!   `--keys`; A and B together);
//! - metadata: front matter, bylines with an outlet, the URL's site, `--access-date`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output};

use biblatex::ChunksExt;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use quotecite::export::cite::typographic;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_quotecite");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every article the tests run over: the fixtures and the test articles.
fn articles() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["fixtures/articles", "tests/articles"] {
        let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
            .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
            .map(|p| p.strip_prefix(root()).unwrap().to_string_lossy().into_owned())
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn run(args: &[&str]) -> Output {
    let o = Command::new(BIN).current_dir(root()).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "quotecite {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn out(args: &[&str]) -> String {
    String::from_utf8(run(args).stdout).unwrap()
}

/// Export `files` in `format`.
fn export(format: &str, files: &[String]) -> String {
    let mut args = vec!["extract", "--format", format];
    args.extend(files.iter().map(String::as_str));
    out(&args)
}

/// A scratch directory.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("quotecite-cite-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Text with quotation marks and the " … " joints removed, whitespace collapsed: what
/// is compared (nested marks are legitimately changed to the inner level).
fn norm(s: &str) -> String {
    let s: String = s.chars().map(|c| if "“”„‚‘’\"'«»‹›".contains(c) { ' ' } else { c }).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the JSON says each article may show as quoted: the verbatim fragments of its
/// quotations, normalised, per article id; and the reported texts.
struct Truth {
    fragments: BTreeSet<String>,
    reported: Vec<String>,
}

fn truth(files: &[String]) -> Truth {
    let mut t = Truth { fragments: BTreeSet::new(), reported: Vec::new() };
    for line in export("jsonl", files).lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        for q in doc["quotes"].as_array().unwrap() {
            for f in q["fragments"].as_array().unwrap() {
                t.fragments.insert(norm(f["text"].as_str().unwrap()));
            }
            if q["kind"] == "direct" && q["fragments"].as_array().unwrap().is_empty() {
                t.fragments.insert(norm(q["text"].as_str().unwrap()));
            }
            if q["verbatim"] == false && q["fragments"].as_array().unwrap().is_empty() {
                t.reported.push(norm(q["text"].as_str().unwrap()));
            }
        }
    }
    t
}

/// Assert that a string shown as a quotation is made of verbatim fragments only: each
/// piece between " … " joints is a fragment (or the start of one, for text a format
/// shortens), so neither narration nor a reported clause is inside it.
fn assert_verbatim(t: &Truth, shown: &str, format: &str) {
    for piece in shown.split(" … ") {
        let p = norm(piece.trim_end_matches([',', '.', ';', ':']));
        let p = p.trim_end_matches([',', '.', ';', ':']).trim();
        if p.is_empty() {
            continue;
        }
        assert!(
            t.fragments.iter().any(|f| f.trim_end_matches([',', '.', ';', ':']) == p),
            "{format}: {piece:?} is shown as a quotation but is not a verbatim fragment of the article"
        );
    }
}

/// The text inside the outer marks of `s`, starting at an opening mark.
fn inside_marks(s: &str) -> Option<&str> {
    let open = s.chars().next()?;
    let close = match open {
        '“' => '”',
        '„' => '“',
        '«' => '»',
        '»' => '«',
        _ => return None,
    };
    let body = &s[open.len_utf8()..];
    body.rfind(close).map(|e| &body[..e])
}

#[test]
fn nothing_reported_and_no_narration_is_ever_shown_as_a_quotation() {
    let files = articles();
    let t = truth(&files);
    assert!(t.fragments.len() > 20 && t.reported.len() > 20, "the articles cover both");
    let mut checked = 0;

    // The listing: lines opening with a mark are verbatim quotations.
    for line in export("text", &files).lines() {
        if let Some(q) = line.split(" — ").next().and_then(inside_marks) {
            assert_verbatim(&t, q, "text");
            checked += 1;
        } else if line.starts_with("reported: ") {
            assert!(!line.starts_with("reported: “"), "{line}");
        }
    }

    // Markdown: the first paragraph of every blockquote.
    let md = export("markdown", &files);
    let mut depth = 0;
    let (mut para, mut first) = (None::<String>, false);
    for ev in Parser::new_ext(&md, Options::ENABLE_FOOTNOTES) {
        match ev {
            Event::Start(Tag::BlockQuote(_)) => {
                depth += 1;
                first = true;
            }
            Event::End(TagEnd::BlockQuote(_)) => depth -= 1,
            Event::Start(Tag::Paragraph) if depth > 0 && first => para = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = para.take() {
                    assert_verbatim(&t, &p, "markdown blockquote");
                    checked += 1;
                    first = false;
                }
            }
            Event::Text(s) | Event::Code(s) => {
                if let Some(p) = para.as_mut() {
                    p.push_str(&s);
                }
            }
            Event::SoftBreak => {
                if let Some(p) = para.as_mut() {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    for reported in &t.reported {
        assert!(
            !md.contains(&format!("> {reported}")),
            "reported text as a blockquote: {reported}"
        );
    }

    // CSL-JSON: custom.quotations, and the annote / note paragraphs.
    let csl: Value = serde_json::from_str(&export("csl-json", &files)).unwrap();
    for item in csl.as_array().unwrap() {
        for q in item["custom"]["quotations"].as_array().into_iter().flatten() {
            if q["verbatim"] == true {
                assert_verbatim(&t, q["text"].as_str().unwrap(), "csl custom");
                checked += 1;
            }
        }
        for field in ["annote", "note"] {
            let Some(text) = item[field].as_str() else { continue };
            let text = text.replace("\nQuotations: ", "\n");
            let text = text.strip_prefix("Quotations: ").unwrap_or(&text);
            for part in text.split("; ").flat_map(|p| p.split('\n')) {
                if part.contains(", reported: ") {
                    continue;
                }
                if let Some(q) = part.find(": ").and_then(|i| inside_marks(&part[i + 2..])) {
                    assert_verbatim(&t, q, field);
                    checked += 1;
                }
            }
        }
    }

    // The HTML page: every verbatim highlight, without its tooltip.
    let html = export("html", &files);
    for piece in html.split("<span class=\"qc-q qc-verbatim\"").skip(1) {
        let after_tip = piece.split_once("</span>").map_or(piece, |(_, rest)| rest);
        let text = after_tip.split("</span>").next().unwrap();
        let text = text.replace("<br><br>\n", " ");
        let text = text.replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        assert!(!text.contains('<'), "{text}");
        assert_verbatim(&t, &text, "html");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} quotations checked");
}

#[test]
fn interrupted_quotations_are_their_pieces_and_nested_marks_take_the_inner_level() {
    let f = ["tests/articles/tour-byline.md".to_string()];
    let text = export("text", &f);
    assert!(
        text.contains("“I just want to be able to perform my own music … That’s it.” — Mara Quill"),
        "{text}"
    );
    assert!(
        text.contains(
            "“The songs were written in a week … and the band recorded them in two days.”"
        ),
        "{text}"
    );
    assert!(
        text.contains("“I called the last one ‘Harbour Lights’ because of my father”"),
        "{text}"
    );
    assert!(!text.contains("she said"), "{text}");
    let bib = export("biblatex", &f);
    assert!(
        bib.contains(
            "Mara Quill (singer): “I just want to be able to perform my own music … That’s it.”"
        ),
        "{bib}"
    );
    let de = export("text", &["tests/articles/windpark-de.md".to_string()]);
    assert!(
        de.contains("„Wir wollen keine ‚Lösung von oben‘, sondern echte Beteiligung“ — Anke Thiel"),
        "{de}"
    );
}

/// The keys each format names, sorted and deduplicated, and the quotation ids.
fn keys_of(files: &[String]) -> Vec<(String, BTreeSet<String>, BTreeSet<String>)> {
    let mut all = Vec::new();
    let jsonl = export("jsonl", files);
    let docs: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let keys = docs.iter().map(|d| d["key"].as_str().unwrap().to_string()).collect();
    let ids = docs
        .iter()
        .flat_map(|d| d["quotes"].as_array().unwrap().iter())
        .filter_map(|q| q["cite"].as_str().map(str::to_string))
        .collect();
    all.push(("jsonl".to_string(), keys, ids));

    let csl: Value = serde_json::from_str(&export("csl-json", files)).unwrap();
    let items = csl.as_array().unwrap();
    let keys = items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
    let ids = items
        .iter()
        .flat_map(|i| i["custom"]["quotations"].as_array().into_iter().flatten())
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect();
    all.push(("csl-json".to_string(), keys, ids));

    for f in ["biblatex", "bibtex"] {
        let bib = export(f, files);
        let keys = bib
            .lines()
            .filter_map(|l| l.strip_prefix("@article{"))
            .map(|k| k.trim_end_matches(',').to_string())
            .collect();
        all.push((f.to_string(), keys, BTreeSet::new()));
    }

    let md = export("markdown", files);
    let keys = md
        .lines()
        .filter_map(|l| l.split("Citation key: `").nth(1))
        .map(|k| k.split('`').next().unwrap().to_string())
        .collect();
    let ids = md
        .lines()
        .filter_map(|l| l.strip_prefix("[^"))
        .map(|l| l.split(']').next().unwrap().to_string())
        .collect();
    all.push(("markdown".to_string(), keys, ids));

    let html = export("html", files);
    let keys = html
        .split("data-key=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    let ids =
        html.split("<li id=\"").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect();
    all.push(("html".to_string(), keys, ids));
    all
}

#[test]
fn keys_are_equal_across_formats_and_never_anon() {
    let files = articles();
    let all = keys_of(&files);
    let (_, keys, ids) = &all[0];
    assert!(keys.len() >= 18, "{keys:?}");
    for (format, k, i) in &all[1..] {
        assert_eq!(k, keys, "{format} keys differ from JSON");
        if !i.is_empty() {
            assert_eq!(i, ids, "{format} quotation ids differ from JSON");
        }
    }
    assert!(keys.iter().all(|k| !k.starts_with("anon")), "{keys:?}");
    assert!(keys.contains("bbc2021council"), "the URL's site stands in: {keys:?}");
    assert!(keys.contains("berg2020budget") && keys.contains("berg2020budget-a"), "{keys:?}");
}

#[test]
fn keys_do_not_depend_on_what_else_is_in_the_run() {
    let files = articles();
    let alone: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("budget-vote.md"))
        .map(|f| {
            let doc: Value =
                serde_json::from_str(&export("jsonl", std::slice::from_ref(f))).unwrap();
            doc["key"].as_str().unwrap().to_string()
        })
        .collect();
    let together: Vec<String> = export("jsonl", &files)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["key"].as_str().unwrap().to_string())
        .filter(|k| k != "berg2020budget-a")
        .collect();
    assert_eq!(alone, together);
}

/// The keys of a .bib or CSL-JSON file.
fn file_keys(path: &str) -> BTreeSet<String> {
    let s = std::fs::read_to_string(path).unwrap();
    if s.trim_start().starts_with('[') {
        let v: Value = serde_json::from_str(&s).unwrap();
        v.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
    } else {
        s.lines()
            .filter_map(|l| l.strip_prefix("@article{"))
            .map(|k| k.trim_end_matches(',').to_string())
            .collect()
    }
}

#[test]
fn keys_round_trip_over_three_runs() {
    let dir = TempDir::new("keys");
    let a = "tests/articles/budget-vote.md";
    let b = "tests/articles/budget-talks.md";
    let x = "fixtures/articles/xinhua-security-treaty.md";
    for (ext, format) in [("bib", "biblatex"), ("json", "csl-json")] {
        let q = dir.path(&format!("quotes.{ext}"));
        let run = |files: &[&str]| {
            let mut args = vec!["extract", "--format", format, "--keys", &q, "-o", &q];
            args.extend(files);
            run(&args);
        };
        // 1: A alone, into a key file that does not exist yet (it is created).
        run(&[a, x]);
        let first = file_keys(&q);
        assert_eq!(first.len(), 2, "{first:?}");
        assert!(first.contains("berg2020budget"), "{first:?}");
        let entry_a = std::fs::read_to_string(&q).unwrap();
        // 2: B with --keys: A's entries kept, B added with a new key.
        run(&[b]);
        let second = file_keys(&q);
        assert!(second.is_superset(&first), "{first:?} → {second:?}");
        assert_eq!(second.len(), 3, "{second:?}");
        assert!(second.contains("berg2020budget-a"), "B never takes A's key: {second:?}");
        let merged = std::fs::read_to_string(&q).unwrap();
        let a_text = |s: &str| {
            if ext == "bib" {
                s.split("\n\n")
                    .find(|e| e.starts_with("@article{berg2020budget,"))
                    .unwrap()
                    .to_string()
            } else {
                let v: Value = serde_json::from_str(s).unwrap();
                v.as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["id"] == "berg2020budget")
                    .unwrap()
                    .to_string()
            }
        };
        assert_eq!(a_text(&entry_a), a_text(&merged), "A's entry is kept as it was ({ext})");
        // 3: A and B together, in the other order: every key as before.
        run(&[b, a, x]);
        assert_eq!(file_keys(&q), second, "{ext}");
        let jsonl = out(&["extract", "--format", "jsonl", b, a, "--keys", &q]);
        let keys: Vec<String> = jsonl
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["key"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(keys, ["berg2020budget-a", "berg2020budget"], "JSON Lines keep them too");
        // Running the same input again changes nothing.
        let before = std::fs::read(&q).unwrap();
        run(&[b, a, x]);
        assert_eq!(std::fs::read(&q).unwrap(), before, "{ext}: a second run is byte-identical");
    }
}

#[test]
fn front_matter_bylines_sites_and_access_dates_are_read() {
    let jsonl = export(
        "jsonl",
        &[
            "tests/articles/tour-byline.md".into(),
            "tests/articles/windpark-de.md".into(),
            "fixtures/articles/gaspreise-de.md".into(),
        ],
    );
    let docs: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs[0]["article"]["authors"], serde_json::json!(["Mark Savage"]));
    assert_eq!(docs[0]["article"]["publisher"], "BBC News");
    assert_eq!(docs[1]["article"]["authors"], serde_json::json!(["van der Berg, Jan"]));
    assert_eq!(docs[1]["article"]["lang"], "de");
    assert_eq!(docs[1]["key"], "berg2024windpark");
    assert_eq!(docs[2]["article"]["title"], "Stadtwerke Brennfeld erhöhen die Gaspreise");
    assert_eq!(docs[2]["article"]["lang"], "de");

    let bib = out(&[
        "extract",
        "--format",
        "biblatex",
        "--access-date",
        "2024-05-01",
        "tests/articles/url-only.txt",
    ]);
    assert!(bib.contains("  journaltitle = {bbc.co.uk},\n"), "{bib}");
    assert!(bib.contains("  urldate      = {2024-05-01},\n"), "{bib}");
    assert!(
        bib.contains(
            "  title        = {The council will close the old bridge for repairs, the …},\n"
        ),
        "the first words stand in for a missing headline: {bib}"
    );
    let csl = out(&[
        "extract",
        "--format",
        "csl-json",
        "--access-date",
        "today",
        "tests/articles/url-only.txt",
    ]);
    let v: Value = serde_json::from_str(&csl).unwrap();
    assert_eq!(v[0]["container-title"], "bbc.co.uk");
    assert!(v[0]["accessed"]["date-parts"][0][0].as_i64().unwrap() >= 2024, "{csl}");
    let o = Command::new(BIN)
        .current_dir(root())
        .args(["extract", "--access-date", "May 1", "tests/articles/url-only.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--access-date expects a date such as 2024-05-01")
    );

    // Names of every form reach the formats whole.
    let csl = export("csl-json", &["tests/articles/names-front-matter.md".into()]);
    let v: Value = serde_json::from_str(&csl).unwrap();
    assert_eq!(
        v[0]["author"],
        serde_json::json!([
            {"family": "Pérez Rodríguez", "given": "Juan Carlos"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"family": "Van Damme", "given": "Jean-Claude"},
            {"literal": "Xinhua News Agency"}
        ])
    );
    let bib = export("bibtex", &["tests/articles/windpark-de.md".into()]);
    assert!(bib.contains("  author       = {van der Berg, Jan},\n"), "{bib}");
    assert!(
        bib.contains("  title        = {{Windpark vor der Küste: Bürger fordern „Mitsprache“}},\n"),
        "{bib}"
    );
    assert!(bib.contains("  langid       = {ngerman},\n"), "{bib}");
}

#[test]
fn roles_are_not_repeated() {
    let text = export("text", &["tests/articles/url-only.txt".into()]);
    assert!(text.contains("— the transport officer (said)"), "{text}");
    assert!(!text.contains("transport officer, transport officer"), "{text}");
}

#[test]
fn footnotes_keep_each_languages_marks() {
    let de = export("markdown", &["tests/articles/windpark-de.md".into()]);
    assert!(de.contains("Jan van der Berg, „Windpark vor der Küste:\n    Bürger fordern ‚Mitsprache‘“, *Nordkurier am Sonntag*"), "{de}");
    assert!(
        de.contains("[^berg2024windpark-thiel-2]: van der Berg, „Windpark vor der Küste“,"),
        "{de}"
    );
    assert!(!de.contains("‚Mitsprache’") && !de.contains("„Mitsprache‘“"), "{de}");
    let gas = export("markdown", &["fixtures/articles/gaspreise-de.md".into()]);
    assert!(gas.contains("]: „Stadtwerke Brennfeld erhöhen die\n    Gaspreise“.\n"), "{gas}");
    let en = export("markdown", &["tests/articles/tour-byline.md".into()]);
    assert!(
        en.contains("Mark Savage, “Harbour Singer Announces\n    Farewell Tour,” *BBC News*"),
        "{en}"
    );
}

/// Where the quotations land in each consumer, as measured with Zotero's own import
/// translators ("BibTeX.js", "CSL JSON.js"), citeproc-js and hayagriva (README, "Where
/// the quotations land"): every record, in every format, carries its quotations and its
/// provenance in a field that the consumer keeps, and a printable title.
/// - CSL-JSON: `note` (Zotero's "Extra"; what annotated CSL styles print) is the
///   provenance line, then `Quotations: ` and the `annote` paragraph; `annote` and
///   `custom.quotations` hold the same quotations.
/// - BibLaTeX: `annote` (a note of the Zotero item; hayagriva's note) is the provenance,
///   then the same paragraph; `addendum` (printed by biblatex) the provenance; no
///   `note`, which hayagriva would read instead of `annote`.
/// - BibTeX: `note` is the provenance (and access date), `annote` the same paragraph.
#[test]
fn quotations_and_provenance_reach_the_fields_that_consumers_keep() {
    let files = articles();
    let csl: Value = serde_json::from_str(&export("csl-json", &files)).unwrap();
    let parse = |format: &str| {
        let src = export(format, &files);
        biblatex::Bibliography::parse(&src).unwrap_or_else(|e| panic!("{format}: {e:?}"))
    };
    let (bl, bt) = (parse("biblatex"), parse("bibtex"));
    let field = |bib: &biblatex::Bibliography, key: &str, name: &str| {
        bib.get(key).and_then(|e| e.get(name)).map(|c| c.format_verbatim())
    };
    let items = csl.as_array().unwrap();
    assert_eq!(items.len(), bl.len());
    let mut with_provenance = 0;
    for item in items {
        let key = item["id"].as_str().unwrap();
        let title = item["title"].as_str().unwrap_or_default();
        assert!(title.chars().any(char::is_alphanumeric), "{key}: no printable title");
        assert!(field(&bl, key, "title").is_some_and(|t| !t.trim().is_empty()), "{key}");
        assert!(field(&bt, key, "title").is_some_and(|t| !t.trim().is_empty()), "{key}");

        let quotations = item["custom"]["quotations"].as_array().cloned().unwrap_or_default();
        let annote = item["annote"].as_str();
        assert_eq!(annote.is_some(), !quotations.is_empty(), "{key}");
        let note = item["note"].as_str().unwrap_or_default();
        let mut lines = note.lines();
        let provenance =
            note.starts_with("Originally published by ").then(|| lines.next().unwrap());
        let rest: Vec<&str> = lines.collect();
        let want: Vec<String> = annote.map(|a| format!("Quotations: {a}")).into_iter().collect();
        assert_eq!(rest, want, "{key}: the note is the provenance, then the quotations");
        for q in &quotations {
            let speaker = &q["speaker"];
            let who = speaker["family"].as_str().or(speaker["literal"].as_str());
            if let Some(who) = who {
                let who = typographic(who);
                assert!(annote.unwrap().contains(&who), "{key}: {who} not in {annote:?}");
            }
        }

        // The .bib writes straight marks as typographic ones.
        let (provenance, annote) = (provenance.map(typographic), annote.map(typographic));
        let want = match (&provenance, &annote) {
            (Some(p), Some(a)) => Some(format!("{p}. {a}")),
            (p, a) => a.clone().or(p.clone()),
        };
        assert_eq!(field(&bl, key, "annote"), want, "{key}: biblatex annote");
        assert_eq!(field(&bl, key, "addendum"), provenance, "{key}");
        assert_eq!(field(&bl, key, "note"), None, "{key}: a biblatex note shadows annote");
        assert_eq!(field(&bt, key, "annote"), annote, "{key}: bibtex annote");
        if let Some(p) = &provenance {
            with_provenance += 1;
            assert!(field(&bt, key, "note").is_some_and(|n| n.starts_with(p)), "{key}");
        }
    }
    assert!(with_provenance >= 2, "the fixtures hold reprints");
}
