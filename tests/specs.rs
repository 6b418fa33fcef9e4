//! End-to-end cases as data: every file under `tests/specs/{en,de}/` is one article and
//! the exact statements the engine must find in it (format in `tests/specs/README.md`).
//! A missing or an extra statement fails, naming the file and the line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quotecite::grammar::Grammar;
use quotecite::model::QuoteKind;
use quotecite::{Article, analyze};

/// The line between the article text and its expected statements.
const SEPARATOR: &str = "====";

/// One expected statement line, as written in a spec file.
fn render(kind: QuoteKind, mention: &str, name: &str, span: &str) -> String {
    let kind = match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Mixed => "mixed",
        QuoteKind::Indirect => "indirect",
    };
    let or_dash = |s: &str| if s.is_empty() { "-".to_string() } else { s.to_string() };
    let span = span.replace('\n', "\\n");
    format!("{kind} | {} | {} | «{span}»", or_dash(mention), or_dash(name))
}

/// The statements the engine finds in `text` as spec lines, in text order.
fn actual(text: &str, lang: &str) -> Vec<String> {
    let mut article = Article::from_text("spec", text);
    article.meta.lang = Some(lang.to_string());
    let a = analyze(article, Grammar::builtin());
    let t = &a.article.text;
    let mut quotes: Vec<_> = a.quotes.iter().collect();
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes
        .iter()
        .map(|q| {
            let mention = q.attribution.map_or("", |at| at.mention.slice(t));
            let name = q
                .attribution
                .and_then(|at| a.speaker(at.speaker))
                .and_then(|s| s.name.as_deref())
                .unwrap_or("");
            render(q.kind, mention, name, q.span.slice(t))
        })
        .collect()
}

/// Checks one spec file; returns a readable report of every difference.
fn check(path: &Path, lang: &str) -> Result<(), String> {
    let file = path.display();
    let content = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    let lines: Vec<&str> = content.lines().collect();
    let sep = lines
        .iter()
        .position(|l| *l == SEPARATOR)
        .ok_or_else(|| format!("{file}: no separator line `{SEPARATOR}`"))?;
    let text = lines[..sep].join("\n");
    // (line number, statement); blank lines and `#` comments are skipped.
    let expected: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .skip(sep + 1)
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.trim_end()))
        .collect();
    for &(line, statement) in &expected {
        let span = statement.rsplit_once(" | «").and_then(|(_, s)| s.strip_suffix('»'));
        match span {
            None => {
                return Err(format!("{file}:{line}: expected `kind | mention | name | «span»`"));
            }
            Some(s) if !text.contains(&s.replace("\\n", "\n")) => {
                return Err(format!("{file}:{line}: span «{s}» is not in the article text"));
            }
            Some(_) => {}
        }
    }
    let got = actual(&text, lang);
    let want: Vec<&str> = expected.iter().map(|(_, s)| *s).collect();
    if got == want {
        return Ok(());
    }
    let mut report = String::new();
    for &(line, statement) in &expected {
        if !got.iter().any(|g| g == statement) {
            let _ = writeln!(report, "{file}:{line}: missing: {statement}");
        }
    }
    for g in &got {
        if !want.contains(&g.as_str()) {
            let _ = writeln!(report, "{file}: extra:   {g}");
        }
    }
    if report.is_empty() {
        let _ = writeln!(report, "{file}: statements out of text order");
    }
    let _ = writeln!(report, "{file}: the engine found, in text order:");
    for g in &got {
        let _ = writeln!(report, "    {g}");
    }
    Err(report)
}

#[test]
fn every_spec_holds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/specs");
    let mut failures = Vec::new();
    let mut count = 0;
    for lang in ["en", "de"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(lang))
            .unwrap_or_else(|e| panic!("{}: {e}", root.join(lang).display()))
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for path in files {
            count += 1;
            if let Err(report) = check(&path, lang) {
                failures.push(report);
            }
        }
    }
    assert!(count > 0, "no spec files under {}", root.display());
    assert!(
        failures.is_empty(),
        "{} of {count} specs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
