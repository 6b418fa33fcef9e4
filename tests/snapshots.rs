//! Snapshots of every output format for the reference article, reviewed by hand and
//! kept in `fixtures/expected/`. A change in output shows as a diff here; review it with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`, then read the diff).

use quotecite::export::{ExportOptions, Format, markdown, sink};
use quotecite::grammar::Grammar;
use quotecite::source;

fn reference() -> quotecite::Analysis {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles/xinhua-security-treaty.md");
    let bytes = std::fs::read(path).unwrap();
    let article = source::read(&bytes, source::Format::Markdown, path).remove(0).unwrap();
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

fn export(format: Format, tweak: impl FnOnce(&mut ExportOptions)) -> String {
    let mut opts = ExportOptions { format, ..ExportOptions::default() };
    tweak(&mut opts);
    sink::to_string(&[reference()], opts)
}

#[test]
fn reference_text() {
    snap("xinhua-text", &export(Format::Text, |_| {}));
}

#[test]
fn reference_json() {
    snap("xinhua-json", &export(Format::Json, |o| o.explain = true));
}

#[test]
fn reference_biblatex() {
    snap("xinhua-biblatex", &export(Format::Biblatex, |_| {}));
}

#[test]
fn reference_bibtex() {
    snap("xinhua-bibtex", &export(Format::Bibtex, |_| {}));
}

#[test]
fn reference_csl_json() {
    snap("xinhua-csl-json", &export(Format::CslJson, |_| {}));
}

#[test]
fn reference_markdown_footnotes() {
    snap("xinhua-markdown", &export(Format::Markdown, |_| {}));
}

#[test]
fn reference_markdown_pandoc() {
    snap(
        "xinhua-markdown-pandoc",
        &export(Format::Markdown, |o| {
            o.markdown = markdown::MarkdownOptions {
                cite: markdown::Cite::Pandoc,
                bibliography: Some("quotes.json".into()),
            }
        }),
    );
}

#[test]
fn reference_html() {
    snap("xinhua-html", &export(Format::Html, |_| {}));
}
