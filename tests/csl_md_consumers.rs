//! Real consumers of the CSL-JSON and Markdown exporters (export conventions §7): pandoc's
//! citeproc reads the CSL-JSON and resolves every key; pandoc's Markdown and GFM readers
//! render every footnote. Inputs: the reference article run end to end, and torture
//! records full of Markdown, LaTeX and YAML metacharacters.
//!
//! A missing tool skips its test with a message naming it; with
//! `QUOTECITE_REQUIRE_CONSUMERS=1` (as in CI) it fails instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use quotecite::export::cite::{self, Cited, CitedSpeaker, Date, Name, Record};
use quotecite::export::csl;
use quotecite::export::markdown::{self, Cite, MarkdownOptions};
use quotecite::grammar::Grammar;
use quotecite::model::{QuoteKind, SpeakerKind};
use quotecite::source::{self, Format};

/// True when `tool` runs; otherwise skip loudly, or fail when consumers are required.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let msg = format!("{tool} not found on PATH");
        if std::env::var("QUOTECITE_REQUIRE_CONSUMERS").is_ok_and(|v| v == "1") {
            panic!("{msg} and QUOTECITE_REQUIRE_CONSUMERS=1");
        }
        eprintln!("skipped: {msg} (set QUOTECITE_REQUIRE_CONSUMERS=1 to fail instead)");
    }
    ok
}

/// A scratch directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir()
            .join(format!("quotecite-consumers-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, contents).expect("write temp file");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn pandoc(dir: &Path, args: &[&str]) -> Output {
    Command::new("pandoc").current_dir(dir).args(args).output().expect("run pandoc")
}

fn check(o: &Output, what: &str) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{what}: pandoc exited with {}\n{err}\n{out}", o.status);
    assert!(err.trim().is_empty(), "{what}: pandoc said\n{err}");
    out
}

/// The reference article, run end to end.
fn reference() -> Vec<Record> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles/xinhua-security-treaty.md");
    let bytes = std::fs::read(path).expect("read fixture");
    let analyses: Vec<_> = source::read(&bytes, Format::from_path(path), path)
        .into_iter()
        .map(|a| quotecite::analyze(a.expect("fixture reads"), Grammar::builtin()))
        .collect();
    let recs =
        cite::bibliography(&analyses, &cite::CiteOptions { protect: true, ..Default::default() });
    assert!(recs.iter().any(|r| !r.quotations.is_empty()), "no quotations in the fixture");
    recs
}

fn person(family: &str, given: &str) -> Name {
    Name::person(family, given)
}

fn quote(id: &str, text: &str, kind: QuoteKind, speaker: Option<(&str, Name, &str)>) -> Cited {
    Cited {
        id: id.into(),
        quote: 0,
        verbatim: matches!(kind, QuoteKind::Direct),
        text: text.into(),
        fragments: Vec::new(),
        kind,
        speaker: speaker.map(|(name, parts, role)| {
            CitedSpeaker {
                name: name.into(),
                parts,
                role: Some(role.into()),
                kind: SpeakerKind::Person,
            }
            .into()
        }),
        confidence: 0.8,
    }
}

/// Records with every character the formats treat specially.
fn torture() -> Vec<Record> {
    let nasty = "Fees of 5% & $3 for R&D: the #1 item_list, a~b, x^2, C:\\tmp, {braces} \
                 *bold* <b>tag</b> [sic] @elon | \"straight\" ‘curly’ Ørsted 中文";
    let a = Record {
        key: "orsted2009fees".into(),
        article_id: "torture".into(),
        title: Some(format!("{nasty}: a \"Title\"")),
        protected: Vec::new(),
        authors: vec![person("Ørsted", "Åsa"), Name::Literal("Reuters & Co. {Ltd}".into())],
        outlet_as_author: false,
        title_from_text: false,
        site: None,
        accessed: None,
        container: Some("Тест Новости_ *Daily*".into()),
        date: Date::parse("2009-12-01"),
        url: Some("https://example.org/a_b?x=1&y=50%25#frag".into()),
        lang: Some("en".into()),
        original: Some((Some("Wire & Co.".into()), Date::parse("2008-06"))),
        quotations: vec![
            quote(
                "orsted2009fees-rogozin",
                &format!("- 1. {nasty}\n\nsecond   paragraph"),
                QuoteKind::Direct,
                Some(("Dmitry Rogozin", person("Rogozin", "Dmitry"), "envoy to *NATO* & [EU]")),
            ),
            quote("orsted2009fees-unattributed", "1) = + # x", QuoteKind::Indirect, None),
            quote(
                "orsted2009fees-rogozin-2",
                "H~2~O is $x$ and ^[inline]",
                QuoteKind::Mixed,
                Some(("Dmitry Rogozin", person("Rogozin", "Dmitry"), "@role")),
            ),
        ],
    };
    let b = Record {
        key: "anon".into(),
        article_id: "bare".into(),
        title: None,
        protected: Vec::new(),
        authors: vec![Name::Literal("Northern Ledger".into())],
        outlet_as_author: true,
        title_from_text: false,
        site: None,
        accessed: None,
        container: Some("Northern Ledger".into()),
        date: None,
        url: None,
        lang: None,
        original: None,
        quotations: vec![quote("anon-unattributed", "(iv) plain", QuoteKind::Direct, None)],
    };
    vec![b, a]
}

fn cases() -> [(&'static str, Vec<Record>); 2] {
    [("reference", reference()), ("torture", torture())]
}

/// The names a rendered bibliography must show: persons' family names, literals whole.
fn author_names(recs: &[Record]) -> Vec<String> {
    recs.iter()
        .flat_map(|r| r.authors.iter())
        .map(|n| match n {
            Name::Person(p) => p.family.clone(),
            Name::Literal(l) => l.clone(),
        })
        .collect()
}

#[test]
fn pandoc_citeproc_reads_the_csl_json() {
    if !have("pandoc") {
        return;
    }
    for (what, recs) in cases() {
        let dir = TempDir::new("csl");
        dir.write("q.json", &csl::to_csl_string(&recs));
        let cites: Vec<String> = recs.iter().map(|r| format!("[@{}]", r.key)).collect();
        dir.write("cite.md", &format!("{}\n", cites.join("\n\n")));
        let o = pandoc(
            &dir.0,
            &[
                "--fail-if-warnings",
                "--citeproc",
                "--bibliography=q.json",
                "-t",
                "plain",
                "cite.md",
            ],
        );
        let out = check(&o, what);
        for name in author_names(&recs) {
            assert!(out.contains(&name), "{what}: {name} not in\n{out}");
        }
    }
}

#[test]
fn pandoc_renders_every_footnote() {
    if !have("pandoc") {
        return;
    }
    let gfm_notes = Command::new("pandoc")
        .arg("--list-extensions=gfm")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("+footnotes"));
    if !gfm_notes {
        eprintln!("skipped: this pandoc's gfm reader has no footnotes; checked -f markdown only");
    }
    let readers: &[&str] = if gfm_notes { &["markdown", "gfm"] } else { &["markdown"] };
    for (what, recs) in cases() {
        let dir = TempDir::new("md");
        dir.write("q.md", &markdown::to_markdown_string(&recs, &MarkdownOptions::default()));
        let n: usize = recs.iter().map(|r| r.quotations.len()).sum();
        for reader in readers {
            let o = pandoc(
                &dir.0,
                &["--fail-if-warnings", "--wrap=none", "-f", reader, "-t", "html", "q.md"],
            );
            let html = check(&o, &format!("{what} -f {reader}"));
            assert_eq!(html.matches("<li id=\"fn").count(), n, "{what} -f {reader}:\n{html}");
            assert!(!html.contains("[^"), "{what} -f {reader}: literal footnote in\n{html}");
            // Escaped text stays text: no citations, math, sub/superscript or raw HTML.
            for markup in
                ["class=\"citation\"", "class=\"math", "<sub>", "<sup>", "<del>", "<b>", "<ol"]
            {
                let count = html.matches(markup).count();
                // The footnote section is one <ol>; each reference is a <sup>.
                let allowed = match markup {
                    "<ol" => 1,
                    "<sup>" => n,
                    _ => 0,
                };
                assert!(count <= allowed, "{what} -f {reader}: {markup} in\n{html}");
            }
            if what == "torture" {
                for text in [
                    "‘straight’ ‘curly’",
                    "C:\\tmp",
                    "@elon",
                    "x^2",
                    "a~b",
                    "&lt;b&gt;tag&lt;/b&gt;",
                    "Ørsted",
                ] {
                    assert!(html.contains(text), "{what} -f {reader}: {text} not in\n{html}");
                }
            }
        }
    }
}

#[test]
fn pandoc_citeproc_resolves_the_markdown_citations() {
    if !have("pandoc") {
        return;
    }
    for (what, recs) in cases() {
        let dir = TempDir::new("cite");
        dir.write("q.json", &csl::to_csl_string(&recs));
        let opts = MarkdownOptions { cite: Cite::Pandoc, bibliography: Some("q.json".into()) };
        dir.write("q.md", &markdown::to_markdown_string(&recs, &opts));
        let o = pandoc(&dir.0, &["--fail-if-warnings", "--citeproc", "-t", "plain", "q.md"]);
        let out = check(&o, what);
        for name in author_names(&recs) {
            assert!(out.contains(&name), "{what}: {name} not in\n{out}");
        }
    }
}
