//! The bundled fixtures against their hand-made gold annotations.
//!
//! Every fixture in `fixtures/articles/` has a gold file in `fixtures/gold/`. Fixtures
//! listed in `fixtures/gold/PASSING` must be attributed perfectly: every required
//! quotation found with the right speaker (span overlap, as the reference scorer
//! counts it), no other prediction, persons' roles exactly as annotated, and nothing
//! reported on a scare quote. The list is a ratchet: a listed fixture that fails, or an
//! unlisted one that passes, fails the test, so the list only grows.

use std::path::{Path, PathBuf};

use quotecite::eval::{self, GoldQuote};
use quotecite::grammar::Grammar;
use quotecite::source::{self, Format};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

struct Case {
    stem: String,
    gold: Value,
    analysis: quotecite::Analysis,
}

fn article_path(stem: &str) -> PathBuf {
    ["md", "txt"]
        .iter()
        .map(|e| root().join("articles").join(format!("{stem}.{e}")))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!("fixtures/gold/{stem}.gold.json has no article in fixtures/articles")
        })
}

fn cases() -> Vec<Case> {
    let mut gold_files: Vec<PathBuf> = std::fs::read_dir(root().join("gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    gold_files.sort();
    gold_files
        .into_iter()
        .map(|g| {
            let stem =
                g.file_name().unwrap().to_string_lossy().trim_end_matches(".gold.json").to_string();
            let path = article_path(&stem);
            let bytes = std::fs::read(&path).unwrap();
            let origin = path.to_string_lossy().to_string();
            let article =
                source::read(&bytes, Format::from_path(&origin), &origin).remove(0).unwrap();
            let analysis = quotecite::analyze(article, Grammar::builtin());
            let gold: Value = serde_json::from_str(&std::fs::read_to_string(&g).unwrap()).unwrap();
            Case { stem, gold, analysis }
        })
        .collect()
}

fn gold_quotes(gold: &Value) -> Vec<GoldQuote> {
    gold["attributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let src = &a["source"];
            let mention = src["mention"]["text"].as_str().unwrap_or("").to_string();
            let name = src["name"].as_str().map(str::to_string);
            let mut names = vec![name.clone().unwrap_or_else(|| mention.clone())];
            if name.is_none() && !mention.is_empty() {
                names.push(mention);
            }
            GoldQuote {
                span: (
                    a["content"]["start"].as_u64().unwrap() as usize,
                    a["content"]["end"].as_u64().unwrap() as usize,
                ),
                names,
                speaker_span: None,
                required: a["required"].as_bool().unwrap_or(true),
                kind: a["kind"].as_str().unwrap_or("unknown").to_string(),
            }
        })
        .collect()
}

/// Everything wrong with one fixture, empty when it passes.
fn problems(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let a = &case.analysis;
    let gold = gold_quotes(&case.gold);
    // The fixture gold annotates quotations and statements. Attitudes that a stance
    // pattern reports ("the mayor defended the bike lanes") are outside its scope.
    let mut a = a.clone();
    a.quotes.retain(|q| !q.stance);
    let a = &a;
    let pred = eval::predictions(a);
    let s = eval::score_article(&a.article.text, &gold, &pred, 0.5);
    let row = s.rows[3];
    if row.fp > 0 || row.fn_ > 0 {
        out.push(format!(
            "span-overlap+speaker: {} found, {} wrong, {} missed",
            row.tp, row.fp, row.fn_
        ));
    }
    // Roles of persons, exactly as annotated.
    let attributions = case.gold["attributions"].as_array().unwrap();
    for &(gi, pi, _) in &s.pairs {
        let src = &attributions[gi]["source"];
        let (Some(role), Some(_)) = (src["role"].as_str(), src["name"].as_str()) else { continue };
        if !gold[gi].required || src["type"] != "person" {
            continue;
        }
        let got = a.quotes[pi]
            .attribution
            .and_then(|at| a.speaker(at.speaker))
            .and_then(|sp| sp.role.clone());
        if got.as_deref() != Some(role) {
            out.push(format!("role of {}: expected {role:?}, found {got:?}", src["name"]));
        }
    }
    // Scare quotes and titles are not quotations.
    let chars: Vec<char> = a.article.text.chars().collect();
    for nq in case.gold["not_quotations"].as_array().into_iter().flatten() {
        let (ns, ne) =
            (nq["start"].as_u64().unwrap() as usize, nq["end"].as_u64().unwrap() as usize);
        // A reported clause may contain a scare quote; a prediction that is nothing but
        // the scare quote is the mistake.
        if pred.iter().any(|p| ns <= p.span.0 && p.span.1 <= ne) {
            out.push(format!(
                "prediction on not-quotation {:?}",
                chars[ns..ne].iter().collect::<String>()
            ));
        }
    }
    out
}

fn passing_list() -> Vec<String> {
    std::fs::read_to_string(root().join("gold/PASSING"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn passing_fixtures_are_attributed_perfectly_and_the_list_only_grows() {
    let listed = passing_list();
    let mut report = Vec::new();
    for case in cases() {
        let p = problems(&case);
        let is_listed = listed.contains(&case.stem);
        if is_listed && !p.is_empty() {
            report.push(format!("{} (listed in PASSING) fails:\n  {}", case.stem, p.join("\n  ")));
        }
        if !is_listed && p.is_empty() {
            report.push(format!("{} passes now: add it to fixtures/gold/PASSING", case.stem));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn every_gold_file_names_an_existing_article_and_valid_spans() {
    for case in cases() {
        let chars: Vec<char> = case.analysis.article.text.chars().collect();
        for a in case.gold["attributions"].as_array().unwrap() {
            let (s, e) = (
                a["content"]["start"].as_u64().unwrap() as usize,
                a["content"]["end"].as_u64().unwrap() as usize,
            );
            let text: String = chars[s..e].iter().collect();
            assert_eq!(
                text,
                a["content"]["text"].as_str().unwrap(),
                "{}: gold span out of step",
                case.stem
            );
        }
    }
}

#[test]
fn no_fixture_reports_a_scare_quote() {
    for case in cases() {
        let bad: Vec<String> = problems(&case)
            .into_iter()
            .filter(|p| p.starts_with("prediction on not-quotation"))
            .collect();
        assert!(bad.is_empty(), "{}: {}", case.stem, bad.join("; "));
    }
}

#[test]
fn reference_article_metadata_matches_gold() {
    let case = cases().into_iter().find(|c| c.stem == "xinhua-security-treaty").unwrap();
    let m = &case.analysis.article.meta;
    let g = &case.gold["article"];
    assert_eq!(m.title.as_deref(), g["title"].as_str());
    let authors: Vec<&str> =
        g["authors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(m.authors, authors);
    assert_eq!(m.publisher.as_deref(), g["publisher"].as_str());
    assert_eq!(m.date.as_deref(), g["date"].as_str());
    let o = m.original.as_ref().unwrap();
    assert_eq!(o.publisher.as_deref(), g["original_source"]["name"].as_str());
    assert_eq!(o.date.as_deref(), g["original_source"]["date"].as_str());
}

#[test]
fn reference_article_speakers_are_one_per_person_with_roles() {
    let case = cases().into_iter().find(|c| c.stem == "xinhua-security-treaty").unwrap();
    let names: Vec<&str> =
        case.analysis.speakers.iter().filter_map(|s| s.name.as_deref()).collect();
    let medvedev = names.iter().filter(|n| n.contains("Medvedev")).count();
    assert_eq!(medvedev, 1, "one entry for Medvedev, found {names:?}");
    let rogozin = case
        .analysis
        .speakers
        .iter()
        .find(|s| s.name.as_deref() == Some("Dmitry Rogozin"))
        .unwrap();
    assert_eq!(rogozin.role.as_deref(), Some("Russia's envoy to NATO"));
    let _ = Path::new(".");
}
