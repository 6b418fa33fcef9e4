//! Snapshots of every output format for the reference article, reviewed by hand and
//! kept in `fixtures/expected/`. A change in output shows as a diff here; review it with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`, then read the diff).

use quotecite::export::{bibtex, cite, csl, json, markdown, text};
use quotecite::grammar::Grammar;
use quotecite::source::{self, Format};

fn reference() -> quotecite::Analysis {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles/xinhua-security-treaty.md");
    let bytes = std::fs::read(path).unwrap();
    let article = source::read(&bytes, Format::Markdown, path).remove(0).unwrap();
    let mut a = quotecite::analyze(article, Grammar::builtin());
    // The id comes from the file stem; keep the snapshot independent of the checkout path.
    a.article.id = "xinhua-security-treaty".into();
    a
}

fn snap(name: &str, value: &str) {
    insta::with_settings!({
        snapshot_path => "../fixtures/expected",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, value);
    });
}

fn records() -> Vec<cite::Record> {
    cite::bibliography(&[reference()], &cite::CiteOptions::default())
}

#[test]
fn reference_text() {
    let mut buf = Vec::new();
    text::write(&reference(), &mut buf).unwrap();
    snap("xinhua-text", &String::from_utf8(buf).unwrap());
}

#[test]
fn reference_json() {
    let opts = json::JsonOptions { pretty: true, explain: true, with_text: false };
    snap("xinhua-json", &json::to_json_string(&reference(), &opts));
}

#[test]
fn reference_biblatex() {
    snap("xinhua-biblatex", &bibtex::to_bib_string(&records(), &bibtex::BibOptions::default()));
}

#[test]
fn reference_bibtex() {
    let opts =
        bibtex::BibOptions { flavour: bibtex::Flavour::Bibtex, ..bibtex::BibOptions::default() };
    snap("xinhua-bibtex", &bibtex::to_bib_string(&records(), &opts));
}

#[test]
fn reference_csl_json() {
    snap("xinhua-csl-json", &csl::to_csl_string(&records()));
}

#[test]
fn reference_markdown_footnotes() {
    snap(
        "xinhua-markdown",
        &markdown::to_markdown_string(&records(), &markdown::MarkdownOptions::default()),
    );
}

#[test]
fn reference_markdown_pandoc() {
    let opts = markdown::MarkdownOptions {
        cite: markdown::Cite::Pandoc,
        bibliography: Some("quotes.json".into()),
    };
    snap("xinhua-markdown-pandoc", &markdown::to_markdown_string(&records(), &opts));
}
