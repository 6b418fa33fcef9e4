//! Regression tests for the findings of the fuzz targets (`fuzz/`, README "Fuzzing"):
//! each test is named after what was found and holds the (minimised) input that found it.

use quotecite::export::keys::KeyFile;
use quotecite::export::{ExportOptions, Format, sink};
use quotecite::grammar::Grammar;
use quotecite::source::{self, Format as InFormat};
use quotecite::{Analysis, analyze};

fn analyses(md: &str) -> Vec<Analysis> {
    source::read(md.as_bytes(), InFormat::Markdown, "a0.md")
        .into_iter()
        .map(|a| analyze(a.expect("reads"), Grammar::builtin()))
        .collect()
}

fn export(analyses: &[Analysis], format: Format, keys: KeyFile) -> String {
    sink::to_string(analyses, ExportOptions { format, keys, ..ExportOptions::default() })
}

fn keys(out: &str) -> Vec<String> {
    KeyFile::read(out, "out")
        .expect("output reads as a key file")
        .entries
        .into_iter()
        .map(|e| e.key)
        .collect()
}

/// fuzz target `export`: a BibTeX file keeps only year and month, so an article dated
/// to the day was not recognised in its own output used as `--keys`: it got a new key
/// (`berg2020budget-a`) beside its old entry, copied from the file.
#[test]
fn bibtex_key_file_recognises_an_article_dated_to_the_day() {
    let md = "# Budget Talks Stall in the Council\n\nBy Anna Berg\n\nLedger, 1 May 2020\n\n\
              \"We are not there yet,\" said council leader Omar Haddad.\n";
    let a = analyses(md);
    for format in [Format::Bibtex, Format::Biblatex, Format::CslJson, Format::Jsonl] {
        let first = export(&a, format, KeyFile::default());
        assert_eq!(keys(&first), ["berg2020budget"], "{format:?}:\n{first}");
        let file = KeyFile::read(&first, "quotes").expect("key file");
        let again = export(&a, format, file);
        assert_eq!(keys(&again), ["berg2020budget"], "{format:?} with its own keys:\n{again}");
    }
}

/// The less precise pin is only a fallback: a different day's article of the same title
/// in a BibLaTeX file (full dates) is a different article and gets its own key.
#[test]
fn full_dates_still_tell_same_titled_articles_apart() {
    let day = |d: &str| {
        format!(
            "# Budget Talks Stall\n\nBy Anna Berg\n\nLedger, {d} May 2020\n\n\"Not yet,\" said Omar Haddad.\n"
        )
    };
    let first = export(&analyses(&day("1")), Format::Biblatex, KeyFile::default());
    let file = KeyFile::read(&first, "quotes.bib").expect("key file");
    let second = export(&analyses(&day("2")), Format::Biblatex, file);
    assert_eq!(keys(&second), ["berg2020budget", "berg2020budget-a"], "{second}");
}

/// fuzz target `export`: a headline with straight quotation marks is written with
/// typographic ones, so its own output as `--keys` did not recognise the article (keys
/// compared the titles as written): it got `a0riverton-a` beside its old entry.
#[test]
fn key_file_recognises_a_title_with_straight_quotation_marks() {
    let md = "# Riverton bets on \"smart city\" sensors\n\nRIVERTON, March 9 — The city's \
              office said. \"Data is only useful if people trust it,\" Oduya said.\n";
    let a = analyses(md);
    round_trip(&a, &ALL_FORMATS, Some(1));
}

/// fuzz target `read_html`: the UTF-8 warning of a page kept its span into the page's
/// bytes, which lies anywhere (or past the end) of the extracted article text.
#[test]
fn html_decode_warning_has_no_span_into_the_page_bytes() {
    let mut page = b"<html><head><title>Harbour</title></head><body><nav>Home \xff\xfe</nav>\
        <article><p>\"We are not going back,\" said Marta Kovane, chair of the committee. \
        The strike goes on into its second week at the terminal.</p></article></body></html>"
        .to_vec();
    page.extend_from_slice(&[b' '; 8]);
    let out = source::read(&page, InFormat::Html, "page.html");
    let a = out.into_iter().next().expect("one result").expect("the page reads");
    let warning = a.diagnostics.iter().find(|d| d.message.contains("utf-8"));
    let warning = warning.expect("the invalid bytes are reported");
    assert!(warning.message.contains("byte 57"), "{}", warning.message);
    for d in &a.diagnostics {
        if let Some(s) = d.span {
            assert!(a.text.get(s.start..s.end).is_some(), "{d:?} off the text {:?}", a.text);
        }
    }
    assert_eq!(warning.span, None, "a span into the page bytes: {warning:?}");
}

/// fuzz target `export`: a control character in a headline is not written into the
/// output, so the output as `--keys` did not recognise the article (`bergt-a`).
#[test]
fn key_file_recognises_a_title_with_a_control_character() {
    keeps_its_keys(
        "# T\u{1}x headline\n\nBy Anna Berg\n\n\"We will not go,\" said Marta Kovane.\n",
    );
}

/// Every format with citation keys.
const ALL_FORMATS: [Format; 4] = [Format::Biblatex, Format::Bibtex, Format::CslJson, Format::Jsonl];

/// The output of `a` in each of `formats`, used as its own key file, keeps every key
/// (and has `count` keys, when given).
fn round_trip(a: &[Analysis], formats: &[Format], count: Option<usize>) {
    for &format in formats {
        let first = export(a, format, KeyFile::default());
        let before = keys(&first);
        if let Some(n) = count {
            assert_eq!(before.len(), n, "{format:?}:\n{first}");
        }
        let again = export(a, format, KeyFile::read(&first, "quotes").expect("key file"));
        assert_eq!(keys(&again), before, "{format:?} with its own keys:\n{again}");
    }
}

/// The output of `md` used as its own key file keeps every key, in every format.
fn keeps_its_keys(md: &str) {
    round_trip(&analyses(md), &ALL_FORMATS, None);
}

/// fuzz target `export`: a BibTeX reader reads `--` in a title as an en dash, so the
/// output as `--keys` did not recognise the article (`a0budg-a`).
#[test]
fn key_file_recognises_a_title_with_a_double_hyphen() {
    keeps_its_keys(
        "# Budg-->Talks Stall\n\nBy Anna Berg\n\n\"We will not go,\" said Marta Kovane.\n",
    );
}

/// fuzz target `export`: a soft hyphen in a headline is not written into the output, so
/// the output as `--keys` did not recognise the article (`a0scientists-a`).
#[test]
fn key_file_recognises_a_title_with_a_soft_hyphen() {
    keeps_its_keys(
        "# Scientists warn of f\u{ad}ter melt\n\n\"We will not go,\" said Marta Kovane.\n",
    );
}

/// fuzz target `export`: two articles of one title and one month share their identity
/// in a BibTeX file (year and month only), so neither was recognised and both got new
/// keys (`yu2009strategic-b`, `-c`) beside the old entries.
#[test]
fn key_file_gives_articles_of_one_title_and_month_their_keys_in_turn() {
    let article = |day: u32| {
        format!(
            "# Strategic Treaty\n\nBy Yu Maofeng\n\nGlobal Research, December {day:02}, 2009\n\n\
             \"We will not go,\" said Marta Kovane.\n"
        )
    };
    let a: Vec<Analysis> = [1, 2]
        .iter()
        .flat_map(|&d| {
            let md = article(d);
            source::read(md.as_bytes(), InFormat::Markdown, &format!("a{d}.md"))
                .into_iter()
                .map(|a| analyze(a.expect("reads"), Grammar::builtin()))
                .collect::<Vec<_>>()
        })
        .collect();
    round_trip(&a, &ALL_FORMATS, Some(2));
}

/// fuzz target `pipeline_markdown`: a dateline ("777,") moved the sentence's start past
/// the words a German pattern reads as fronted before its cue, and the matcher sliced
/// the tokens backwards (a panic, caught as an error record).
#[test]
fn a_dateline_past_a_fronted_phrase_does_not_panic() {
    for md in ["für alle\u{fffd}\n777,sagt:K", "Für alle\n\n777, sagt: Kein Ticket"] {
        let a = analyses(md);
        assert_eq!(a.len(), 1, "{md:?}");
        assert!(a[0].quotes.iter().all(|q| q.span.end <= a[0].article.text.len()), "{md:?}");
    }
}

/// fuzz target `export`: a headline of only a control character was the record's title,
/// written nowhere (exports drop such characters), so the output as `--keys` did not
/// recognise the article: the title now comes from the body, as for an article without
/// a headline.
#[test]
fn a_headline_of_invisible_characters_is_no_headline() {
    let md = "# \u{1}\u{200b}\n\n\"We will not go,\" said Marta Kovane.\n";
    let a = analyses(md);
    let bib = export(&a, Format::Biblatex, KeyFile::default());
    assert!(bib.contains("title        = {“We will not go,” said Marta Kovane.}"), "{bib}");
    // The formats that write the title made from the body find the article again by it
    // (JSON writes the article's own metadata: an untitled article there has no identity
    // a key file can carry, as the fuzz targets know).
    round_trip(&a, &[Format::Biblatex, Format::Bibtex, Format::CslJson], None);
}

/// fuzz target `read_jsonl`: a text field that starts like markup was sniffed over its
/// first 4096 bytes, cut inside a multi-byte character (a panic).
#[test]
fn markup_sniffing_cuts_a_field_at_a_character_boundary() {
    let field = format!("<body>{}€ and more</body>", "a".repeat(4088));
    assert!(!field.is_char_boundary(4096));
    let line = serde_json::json!({ "id": "x", "text": field }).to_string();
    let out = source::read(line.as_bytes(), InFormat::Jsonl, "in.jsonl");
    assert_eq!(out.len(), 1);
}
