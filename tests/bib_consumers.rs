//! The .bib output read by the real consumers (export-conventions.md section 7): pandoc,
//! `biber --tool --validate-datamodel`, lualatex + biber + biblatex, and pdflatex +
//! bibtex + natbib.
//!
//! Input: the reference article run end to end, and hand-built torture records (every
//! LaTeX special character in title, quotations and role; corporate and non-ASCII
//! authors; a URL with `_ & %`; one without a date), in both flavours. A test whose tool
//! is missing prints why and passes, unless `QUOTECITE_REQUIRE_CONSUMERS=1` is set, in
//! which case it fails. Each test works in its own directory under the system temp dir.

use std::path::{Path, PathBuf};
use std::process::Command;

use quotecite::export::bibtex::{self, BibOptions, Flavour};
use quotecite::export::cite::{self, CiteOptions, Cited, CitedSpeaker, Date, Name, Record};
use quotecite::grammar::Grammar;
use quotecite::model::{QuoteKind, SpeakerKind};
use quotecite::source::{self, Format};

/// The records of the reference article, analysed end to end.
fn reference() -> Vec<Record> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles/xinhua-security-treaty.md");
    let origin = path.to_string_lossy().to_string();
    let bytes = std::fs::read(&path).unwrap();
    let article = source::read(&bytes, Format::from_path(&origin), &origin).remove(0).unwrap();
    let analysis = quotecite::analyze(article, Grammar::builtin());
    let records =
        cite::bibliography(&[analysis], &CiteOptions { protect: true, ..Default::default() });
    assert!(!records.is_empty() && !records[0].quotations.is_empty(), "{records:?}");
    records
}

const TORTURE_TITLE: &str = "Fees of 5% & $3 for R&D: the #1 item_list, a~b, x^2, C:\\tmp, \
     {braces}, \"quoted\" and 'single' — Łódź–Kraków NATO talks";

fn person(family: &str, given: &str) -> Name {
    Name::person(family, given)
}

/// A record with every special character; `dated` chooses whether it has a date.
fn torture(dated: bool) -> Record {
    let protect = |w: &str| {
        let s = TORTURE_TITLE.find(w).unwrap();
        (s, s + w.len())
    };
    let quote = |id: &str, text: &str, kind, name: &str, parts: Name, role: &str| Cited {
        id: id.into(),
        quote: 0,
        verbatim: matches!(kind, QuoteKind::Direct),
        text: text.into(),
        fragments: Vec::new(),
        kind,
        speaker: Some(
            CitedSpeaker {
                name: name.into(),
                parts,
                role: Some(role.into()),
                kind: SpeakerKind::Person,
            }
            .into(),
        ),
        confidence: 0.9,
    };
    let key = if dated { "zolc2009fees" } else { "zolcfees" };
    Record {
        key: key.into(),
        article_id: key.into(),
        title: Some(TORTURE_TITLE.into()),
        protected: vec![protect("R&D"), protect("Łódź–Kraków"), protect("NATO")],
        authors: vec![
            person("Żółć", "Łukasz"),
            person("Kierkegaard", "Søren"),
            person("von der Leyen", "Ursula"),
            Name::Literal("Procter & Gamble News Desk".into()),
        ],
        outlet_as_author: false,
        title_from_text: false,
        site: None,
        accessed: None,
        container: Some("Gazeta_Wyborcza & Co. #1 ~ 100%".into()),
        date: if dated { Date::parse("2009-12-01") } else { None },
        url: Some("https://example.org/a_b?x=1&y=50%25&z=R&D#frag_1".into()),
        lang: Some("en".into()),
        original: Some((Some("Xinhua $ News & Agency".into()), Date::parse("2009-11-30"))),
        quotations: vec![
            quote(
                &format!("{key}-zolc"),
                "we paid $3 & 5% for R&D, \"no\" more;\nthe #1 item_list a~b x^2 C:\\tmp {x}",
                QuoteKind::Direct,
                "Łukasz Żółć",
                person("Żółć", "Łukasz"),
                "head of R&D_{ops} at 100% ~ #1 \\ ^",
            ),
            quote(
                &format!("{key}-kierkegaard"),
                "life can only be understood backwards; but it must be lived forwards",
                QuoteKind::Indirect,
                "Søren Kierkegaard",
                person("Kierkegaard", "Søren"),
                "philosopher, Copenhagen",
            ),
        ],
    }
}

fn all_records() -> Vec<Record> {
    let mut r = reference();
    r.push(torture(true));
    r.push(torture(false));
    r.sort_by(|a, b| a.key.cmp(&b.key));
    r
}

fn bib(flavour: Flavour) -> String {
    bibtex::to_bib_string(&all_records(), &BibOptions { flavour, ..BibOptions::default() })
}

/// True when `tool` runs; otherwise skip (message) or, when required, fail.
fn have(tool: &str, test: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("QUOTECITE_REQUIRE_CONSUMERS").as_deref() == Ok("1") {
            panic!("{test}: `{tool}` is not installed and QUOTECITE_REQUIRE_CONSUMERS=1");
        }
        eprintln!("{test}: SKIPPED, `{tool}` is not installed");
    }
    ok
}

/// A fresh directory for one test.
fn workdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("quotecite-bib-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run a command in `dir`: exit code and stdout + stderr.
fn run(dir: &Path, tool: &str, args: &[&str]) -> (i32, String) {
    let o = Command::new(tool).args(args).current_dir(dir).output().unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    (o.status.code().unwrap_or(-1), text)
}

fn warn_lines(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with("WARN")).collect()
}

#[test]
fn pandoc_reads_both_flavours() {
    if !have("pandoc", "pandoc_reads_both_flavours") {
        return;
    }
    let dir = workdir("pandoc");
    for (flavour, from, file) in
        [(Flavour::Biblatex, "biblatex", "quotes.bib"), (Flavour::Bibtex, "bibtex", "refs.bib")]
    {
        std::fs::write(dir.join(file), bib(flavour)).unwrap();
        let (rc, out) = run(&dir, "pandoc", &["-f", from, "-t", "csljson", file]);
        assert_eq!(rc, 0, "pandoc -f {from}: {out}");
        let items: serde_json::Value = serde_json::from_str(&out).unwrap();
        let items = items.as_array().unwrap();
        assert_eq!(items.len(), 3, "{out}");
        let item = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
        if flavour == Flavour::Biblatex {
            assert!(out.contains("article-newspaper"), "{out}");
            assert!(items.iter().all(|i| i["type"] == "article-newspaper"), "{out}");
        }
        let t = item("zolc2009fees");
        assert_eq!(
            t["URL"], "https://example.org/a_b?x=1&y=50%25&z=R&D#frag_1",
            "url untouched ({from})"
        );
        let title = t["title"].as_str().unwrap();
        for piece in
            ["5% & $3", "R&D", "#1 item_list", "a~b", "x^2", "C:\\tmp", "{braces}", "“quoted”"]
        {
            assert!(
                title.to_lowercase().contains(&piece.to_lowercase()),
                "{piece:?} not in pandoc's title {title:?} ({from})"
            );
        }
        let names: Vec<String> = t["author"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                n.get("literal").and_then(|l| l.as_str()).map_or_else(
                    || format!("{} {}", n["given"].as_str().unwrap_or(""), n["family"]),
                    str::to_string,
                )
            })
            .collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert!(names[0].contains("Łukasz") && names[0].contains("Żółć"), "{names:?}");
        assert_eq!(names[3], "Procter & Gamble News Desk");
        let reference = items
            .iter()
            .find(|i| i["id"].as_str().unwrap().contains("2009") && i["id"] != "zolc2009fees")
            .unwrap();
        assert!(reference["title"].as_str().unwrap().contains("Russian"), "{reference}");
    }
}

#[test]
fn biber_validates_the_datamodel() {
    if !have("biber", "biber_validates_the_datamodel") {
        return;
    }
    let dir = workdir("biber");
    std::fs::write(dir.join("quotes.bib"), bib(Flavour::Biblatex)).unwrap();
    let out_dir = format!("--output-directory={}", dir.join("out").display());
    std::fs::create_dir_all(dir.join("out")).unwrap();
    let (rc, out) = run(&dir, "biber", &["--tool", "--validate-datamodel", &out_dir, "quotes.bib"]);
    assert_eq!(rc, 0, "{out}");
    // The undated record really has no date: biber's data model lists `date` or `year`
    // as mandatory for every entry type, and says so. Nothing else may warn.
    let expected = "WARN - Datamodel: Entry 'zolcfees' (quotes.bib): Missing mandatory field - \
                    one of 'date, year' must be defined";
    let warns = warn_lines(&out);
    assert_eq!(warns, [expected], "{out}");
}

/// The convention's check document, plus one line that prints `annote` (standard styles
/// do not), so that TeX also reads the escaped quotations.
const CHECK_BIBLATEX: &str = "\\documentclass{article}\n\\usepackage[english]{babel}\n\
\\usepackage[backend=biber,style=authoryear]{biblatex}\n\\addbibresource{quotes.bib}\n\
\\renewbibmacro*{finentry}{\\setunit{\\addperiod\\space}\\printfield{annotation}\\finentry}\n\
\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n";

/// `url` is needed: plainnat's fallback `\url` is `\texttt`, which breaks on the `%`
/// of a verbatim URL ("File ended while scanning use of \url").
const CHECK_BIBTEX: &str = "\\documentclass{article}\n\\usepackage[english]{babel}\n\
\\usepackage{url}\n\\usepackage{natbib}\n\\begin{document}\n\\nocite{*}\n\
\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n";

fn latex(dir: &Path, engine: &str) {
    let (rc, out) = run(dir, engine, &["-interaction=nonstopmode", "-halt-on-error", "check.tex"]);
    let log = std::fs::read_to_string(dir.join("check.log")).unwrap_or_default();
    assert_eq!(rc, 0, "{engine} failed:\n{out}");
    assert!(!log.contains("\n! "), "{engine} reported an error:\n{log}");
}

#[test]
fn lualatex_biber_biblatex_compile() {
    let test = "lualatex_biber_biblatex_compile";
    // lualatex, else pdflatex.
    let engine = if Command::new("lualatex").arg("--version").output().is_ok() {
        "lualatex"
    } else {
        "pdflatex"
    };
    if !have(engine, test) || !have("biber", test) {
        return;
    }
    let dir = workdir("biblatex");
    std::fs::write(dir.join("quotes.bib"), bib(Flavour::Biblatex)).unwrap();
    std::fs::write(dir.join("check.tex"), CHECK_BIBLATEX).unwrap();
    latex(&dir, engine);
    let (rc, out) = run(&dir, "biber", &["check"]);
    assert_eq!(rc, 0, "biber: {out}");
    assert!(warn_lines(&out).is_empty(), "biber warned:\n{out}");
    latex(&dir, engine);
    let bbl = std::fs::read_to_string(dir.join("check.bbl")).unwrap();
    assert_eq!(bbl.matches("\\entry{").count(), 3, "{bbl}");
    assert_eq!(bbl.matches("\\field{annotation}").count(), 3, "{bbl}");
}

#[test]
fn pdflatex_bibtex_natbib_compile() {
    let test = "pdflatex_bibtex_natbib_compile";
    if !have("pdflatex", test) || !have("bibtex", test) {
        return;
    }
    let dir = workdir("bibtex");
    std::fs::write(dir.join("refs.bib"), bib(Flavour::Bibtex)).unwrap();
    std::fs::write(dir.join("check.tex"), CHECK_BIBTEX).unwrap();
    latex(&dir, "pdflatex");
    let (rc, out) = run(&dir, "bibtex", &["check"]);
    // bibtex exits 1 when it only warned (here: the undated record's empty year).
    assert!(rc <= 1, "bibtex rc {rc}: {out}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("Warning--")).collect();
    assert!(warnings.iter().all(|w| w.contains("empty year") && w.contains("zolcfees")), "{out}");
    latex(&dir, "pdflatex");
    let bbl = std::fs::read_to_string(dir.join("check.bbl")).unwrap();
    assert_eq!(bbl.matches("\\bibitem").count(), 3, "{bbl}");
}
