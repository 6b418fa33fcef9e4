//! Properties of the whole flow (STYLE.md section 4): `analyze` never panics and its
//! spans keep their invariants, JSON output slices back by character offsets, and the
//! Markdown reader keeps `plain` aligned with `text`. Run over arbitrary strings and a
//! "quote soup" of every mark of `grammar/quote_marks.tsv`, cue words, names,
//! apostrophes, punctuation and (blank) lines.

use proptest::prelude::*;
use serde_json::Value;

use quotecite::export::json::{JsonOptions, to_json_string};
use quotecite::grammar::Grammar;
use quotecite::model::{Analysis, QuoteKind, Span};
use quotecite::source::{self, Format};
use quotecite::{Article, ErrorKind, analyze};

/// Cases per property: enough to find the usual suspects, few enough to stay fast.
const CASES: u32 = 256;

/// `span` lies inside `text` and on char boundaries.
fn on_text(text: &str, span: Span) -> bool {
    span.start <= span.end && text.get(span.start..span.end).is_some()
}

/// Every invariant an [`Analysis`] promises.
fn check_analysis(a: &Analysis) -> Result<(), TestCaseError> {
    let text = a.article.text.as_str();
    let body = a.article.body;
    prop_assert!(on_text(text, body), "body {body:?}");
    for q in &a.quotes {
        prop_assert!(on_text(text, q.span), "{q:?}: span off the text");
        prop_assert!(body.contains(q.span), "{q:?}: span outside body {body:?}");
        prop_assert!(!q.span.is_empty(), "{q:?}: empty quote");
        for f in &q.fragments {
            prop_assert!(on_text(text, *f), "{q:?}: fragment {f:?} off the text");
            prop_assert!(q.span.contains(*f), "{q:?}: fragment {f:?} outside its quote");
        }
        for w in q.fragments.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "{q:?}: fragments unsorted or overlapping");
        }
        if let Some(c) = q.cue {
            prop_assert!(on_text(text, c), "{q:?}: cue off the text");
            prop_assert!(!c.is_empty(), "{q:?}: empty cue");
        }
        if let Some(at) = q.attribution {
            prop_assert!(on_text(text, at.mention), "{q:?}: mention off the text");
            prop_assert!(!at.mention.is_empty(), "{q:?}: empty mention");
            prop_assert!(a.speaker(at.speaker).is_some(), "{q:?}: unknown speaker");
        }
        prop_assert!((0.0..=1.0).contains(&q.confidence), "{q:?}: confidence");
    }
    for w in a.quotes.windows(2) {
        // A nested quotation (a verbatim part of the statement before it) lies inside it.
        let nested = w[1].kind == QuoteKind::Direct
            && a.quotes.iter().any(|q| q.id != w[1].id && q.span.contains(w[1].span));
        prop_assert!(
            w[0].span.end <= w[1].span.start || nested,
            "overlap or unsorted: {:?} then {:?}",
            w[0],
            w[1]
        );
        prop_assert!(w[0].span.start <= w[1].span.start, "unsorted");
        prop_assert!(w[0].id != w[1].id, "duplicate quote id");
    }
    for (i, s) in a.speakers.iter().enumerate() {
        prop_assert!(a.speakers[..i].iter().all(|t| t.id != s.id), "duplicate speaker {s:?}");
        prop_assert!(
            a.quotes.iter().any(|q| q.attribution.is_some_and(|at| at.speaker == s.id)),
            "speaker {s:?} has no quotation"
        );
    }
    for d in &a.diagnostics {
        if let Some(s) = d.span {
            prop_assert!(on_text(text, s), "{d:?}");
        }
    }
    for w in a.diagnostics.windows(2) {
        let key = |d: &quotecite::model::Diagnostic| d.span.map(|s| s.start);
        prop_assert!(key(&w[0]) <= key(&w[1]), "diagnostics unsorted");
    }
    Ok(())
}

/// `chars[start..end]` of a JSON span object, checked against its `text` field.
fn check_json_span(chars: &[char], v: &Value, what: &str) -> Result<(), TestCaseError> {
    let s = v["start"].as_u64();
    let e = v["end"].as_u64();
    prop_assert!(s.is_some() && e.is_some(), "{what}: no offsets in {v}");
    let (s, e) = (s.unwrap_or(0) as usize, e.unwrap_or(0) as usize);
    prop_assert!(s <= e && e <= chars.len(), "{what}: {s}..{e} off {} chars", chars.len());
    let got: String = chars[s..e].iter().collect();
    prop_assert_eq!(Some(got.as_str()), v["text"].as_str(), "{}: {}", what, v);
    Ok(())
}

/// JSON output parses back and every offset pair slices the article text by characters.
fn check_json(a: &Analysis) -> Result<(), TestCaseError> {
    for explain in [false, true] {
        let out =
            to_json_string(a, &JsonOptions { pretty: false, explain, ..JsonOptions::default() });
        prop_assert!(out.ends_with('\n') && out.matches('\n').count() == 1, "not one line");
        let v: Value =
            serde_json::from_str(&out).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        prop_assert_eq!(&v["schema"], "quotecite/1");
        prop_assert_eq!(v["id"].as_str(), Some(a.article.id.as_str()));
        let chars: Vec<char> = a.article.text.chars().collect();
        let quotes = v["quotes"].as_array().cloned().unwrap_or_default();
        prop_assert_eq!(quotes.len(), a.quotes.len());
        let speakers = v["speakers"].as_array().cloned().unwrap_or_default();
        for q in &quotes {
            check_json_span(&chars, q, "quote")?;
            for f in q["fragments"].as_array().into_iter().flatten() {
                check_json_span(&chars, f, "fragment")?;
            }
            if !q["cue"].is_null() {
                check_json_span(&chars, &q["cue"], "cue")?;
            }
            if !q["speaker"].is_null() {
                check_json_span(&chars, &q["speaker"]["mention"], "mention")?;
                let id = &q["speaker"]["id"];
                prop_assert!(speakers.iter().any(|s| &s["id"] == id), "speaker {id} not listed");
            }
            prop_assert_eq!(q.get("rule").is_some(), explain);
        }
        for d in v["diagnostics"].as_array().into_iter().flatten() {
            if let (Some(s), Some(e)) = (d["start"].as_u64(), d["end"].as_u64()) {
                prop_assert!(s <= e && e as usize <= chars.len(), "{d}");
            }
        }
    }
    let pretty = to_json_string(a, &JsonOptions { pretty: true, ..JsonOptions::default() });
    let compact = to_json_string(a, &JsonOptions::default());
    let (p, c): (Value, Value) = (
        serde_json::from_str(&pretty).map_err(|e| TestCaseError::fail(e.to_string()))?,
        serde_json::from_str(&compact).map_err(|e| TestCaseError::fail(e.to_string()))?,
    );
    prop_assert_eq!(p, c, "pretty and compact differ");
    Ok(())
}

fn analyze_text(text: &str) -> Analysis {
    analyze(Article::from_text("p", text), Grammar::builtin())
}

/// Loose tokens of quote soup: every mark of the table, apostrophes inside words, cue
/// words, names, punctuation, spaces and (blank) lines, with a little non-ASCII.
fn token() -> impl Strategy<Value = String> {
    let mut tokens: Vec<String> = Grammar::builtin().marks.marks().map(|m| m.to_string()).collect();
    tokens.sort();
    for t in [
        "don't",
        "O’Brien",
        "James'",
        "'90s",
        "rock 'n' roll",
        "it’s",
        "parents' ",
        "''",
        "said",
        "says",
        "told reporters",
        "according to",
        "added",
        "warned that",
        "said that",
        "he",
        "she",
        "they",
        "the",
        "plan",
        "is",
        "not",
        "final",
        "we",
        "will",
        "win",
        "é",
        "日本",
        ",",
        ", ",
        ".",
        ". ",
        ":",
        ";",
        "—",
        "(",
        ")",
        " ",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\n \n",
    ] {
        tokens.push(t.to_string());
    }
    prop::sample::select(tokens)
}

/// A speaker phrase.
fn name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "John Smith",
        "Ruth Amberly",
        "he",
        "she",
        "they",
        "the ministry",
        "analysts",
        "President Dmitry Medvedev",
        "a spokesman",
        "the report",
        "union secretary Ruth Amberly",
        "O’Brien",
        "Élodie Roux",
    ])
}

/// A cue.
fn cue() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "said",
        "says",
        "told reporters",
        "added",
        "warned",
        "said on Monday",
        "insisted",
    ])
}

/// Some words, possibly holding loose tokens (stray marks, apostrophes, newlines).
fn words() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => prop::sample::select(vec![
            "we", "will", "win", "the", "plan", "is", "not", "final", "buses", "sort", "it",
            "out", "don't", "can't", "'90s", "Jesus'", "half-empty", "日本", "ça", "va",
        ]).prop_map(str::to_string),
        1 => token(),
    ];
    prop::collection::vec(word, 1..8).prop_map(|v| v.join(" "))
}

/// One opening mark and a closing partner from the table.
fn pair() -> impl Strategy<Value = (String, String)> {
    let pairs: Vec<(String, String)> = Grammar::builtin()
        .marks
        .pairs()
        .iter()
        .map(|p| (p.open.to_string(), p.close.to_string()))
        .collect();
    prop::sample::select(pairs)
}

/// A quotation in marks, sometimes with a quotation nested inside.
fn quoted() -> impl Strategy<Value = String> {
    (pair(), pair(), words(), words(), any::<bool>()).prop_map(|((o, c), (io, ic), a, b, nest)| {
        if nest { format!("{o}{a}, {io}{b}{ic}{c}") } else { format!("{o}{a}{c}") }
    })
}

/// A sentence shaped like news prose: direct, mixed and indirect statements in the usual
/// orders, the `according to` frame, or loose words.
fn sentence() -> impl Strategy<Value = String> {
    (quoted(), quoted(), name(), cue(), words(), 0..7u8).prop_map(|(q, q2, n, c, w, shape)| {
        match shape {
            0 => format!("{q}, {n} {c}."),
            1 => format!("{q} {c} {n}."),
            2 => format!("{n} {c}: {q}"),
            3 => format!("{n} {c} the {w} would {q2}."),
            4 => format!("{n} {c} that {w}."),
            5 => format!("According to {n}, {w}."),
            _ => format!("{q} {w}, {n} {c}. {q2}"),
        }
    })
}

/// Quote soup: news-like sentences mixed with loose tokens, separated by spaces,
/// line breaks and paragraph breaks.
fn soup() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![" ", " ", "\n", "\n\n", "\n\n", ""]);
    let piece = prop_oneof![3 => sentence(), 1 => token(), 1 => words()];
    prop::collection::vec((piece, sep), 0..12)
        .prop_map(|v| v.into_iter().flat_map(|(p, s)| [p, s.to_string()]).collect())
}

/// Markdown-flavoured soup: quote soup plus block and inline markup.
fn markdown_soup() -> impl Strategy<Value = String> {
    let markup = prop::sample::select(vec![
        "# ",
        "## ",
        "\n# ",
        "\n\n## ",
        "*",
        "**",
        "_",
        "`",
        "```\n",
        "> ",
        "\n> ",
        "- ",
        "\n- ",
        "1. ",
        "[",
        "]",
        "](#)",
        "](http://x.y/é)",
        "<http://a.b>",
        "![alt “q”](i.png)",
        "<b>",
        "</b>",
        "<!-- c -->",
        "\n---\n",
        "\\",
        "&amp;",
        "&#8220;",
        "|",
        "\n    code\n",
        "By ",
        "Global Research, December 02, 2009\n",
    ]);
    prop::collection::vec(prop_oneof![soup(), markup.prop_map(str::to_string)], 0..12)
        .prop_map(|v| v.concat())
}

/// Read `text` as Markdown; check the reader's invariants and return the article (`None`
/// for a text without content or with a NUL byte, which must be an error record).
fn read_markdown(text: &str) -> Result<Option<Article>, TestCaseError> {
    let mut out = source::read(text.as_bytes(), Format::Markdown, "x.md");
    prop_assert_eq!(out.len(), 1);
    let blank = text.strip_prefix('\u{FEFF}').unwrap_or(text).trim().is_empty();
    if blank || text.as_bytes()[..text.len().min(8192)].contains(&0) {
        let kind = match out.remove(0) {
            Err(quotecite::Error::Record { kind, .. }) => kind,
            other => {
                return Err(TestCaseError::fail(format!(
                    "expected an error record, found {other:?}"
                )));
            }
        };
        prop_assert!(matches!(kind, ErrorKind::Empty | ErrorKind::Decode), "{:?}", kind);
        return Ok(None);
    }
    let a = out.remove(0).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(a.id.as_str(), "x");
    prop_assert_eq!(a.text.as_str(), text.strip_prefix('\u{FEFF}').unwrap_or(text));
    // A text with nothing to mask is its own plain text (no second copy).
    let plain = a.plain();
    if let Some(p) = a.plain.as_deref() {
        prop_assert_ne!(p, a.text.as_str(), "a masked copy that masks nothing");
    }
    prop_assert_eq!(plain.len(), a.text.len());
    for (i, (&p, &t)) in plain.as_bytes().iter().zip(a.text.as_bytes()).enumerate() {
        prop_assert!(p == t || p == b' ', "byte {i}: {t:#x} became {p:#x}");
        if t == b'\n' {
            prop_assert_eq!(p, b'\n', "line break at {} masked", i);
        }
    }
    prop_assert!(on_text(&a.text, a.body), "body {:?}", a.body);
    Ok(Some(a))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn analyze_arbitrary_strings(text in any::<String>()) {
        let a = analyze_text(&text);
        check_analysis(&a)?;
        check_json(&a)?;
    }

    #[test]
    fn analyze_quote_soup(text in soup()) {
        let a = analyze_text(&text);
        check_analysis(&a)?;
        check_json(&a)?;
    }

    #[test]
    fn analyze_is_deterministic(text in soup()) {
        let a = to_json_string(&analyze_text(&text), &JsonOptions { explain: true, ..JsonOptions::default() });
        let b = to_json_string(&analyze_text(&text), &JsonOptions { explain: true, ..JsonOptions::default() });
        prop_assert_eq!(a, b);
    }

    #[test]
    fn markdown_arbitrary_strings(text in any::<String>()) {
        let Some(a) = read_markdown(&text)? else { return Ok(()) };
        let a = analyze(a, Grammar::builtin());
        check_analysis(&a)?;
        check_json(&a)?;
    }

    #[test]
    fn markdown_soup_reads_and_analyzes(text in markdown_soup()) {
        let Some(a) = read_markdown(&text)? else { return Ok(()) };
        let a = analyze(a, Grammar::builtin());
        check_analysis(&a)?;
        check_json(&a)?;
    }

    #[test]
    fn text_reader_keeps_text(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut out = source::read(&bytes, Format::Text, "t.txt");
        prop_assert_eq!(out.len(), 1);
        let lossy = String::from_utf8_lossy(&bytes);
        if bytes.contains(&0) || lossy.strip_prefix('\u{FEFF}').unwrap_or(&lossy).trim().is_empty() {
            // Binary data and documents without text are error records.
            let is_record = matches!(out.remove(0), Err(quotecite::Error::Record { .. }));
            prop_assert!(is_record, "expected an error record");
            return Ok(());
        }
        let a = out.remove(0).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(a.text.as_str(), lossy.strip_prefix('\u{FEFF}').unwrap_or(&lossy));
        let bad = std::str::from_utf8(&bytes).is_err();
        prop_assert_eq!(bad, a.diagnostics.iter().any(|d| d.message.contains("utf-8")));
        let a = analyze(a, Grammar::builtin());
        check_analysis(&a)?;
        check_json(&a)?;
    }

    #[test]
    fn jsonl_lines_never_panic(lines in prop::collection::vec(prop_oneof![
        any::<String>().prop_map(|t| serde_json::json!({"id": "a", "text": t}).to_string()),
        soup().prop_map(|t| serde_json::json!({"id": 1, "text": t, "lang": "en"}).to_string()),
        any::<String>(),
    ], 0..6)) {
        let input = lines.join("\n");
        for r in source::read(input.as_bytes(), Format::Jsonl, "in.jsonl") {
            match r {
                Ok(a) => {
                    let a = analyze(a, Grammar::builtin());
                    check_analysis(&a)?;
                    check_json(&a)?;
                }
                Err(e) => prop_assert!(e.to_string().starts_with("in.jsonl:"), "{}", e),
            }
        }
    }
}

/// The properties hold on every bundled article too (read in its own format).
#[test]
fn fixtures_keep_invariants() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/articles");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures/articles") {
        let path = entry.expect("entry").path();
        let origin = path.to_str().expect("UTF-8 path");
        let bytes = std::fs::read(&path).expect("read fixture");
        for r in source::read(&bytes, Format::from_path(origin), origin) {
            let a = analyze(r.expect("fixture reads"), Grammar::builtin());
            if let Err(e) = check_analysis(&a).and_then(|()| check_json(&a)) {
                panic!("{origin}: {e}");
            }
            n += 1;
        }
    }
    assert!(n >= 15, "only {n} fixtures");
}

/// The checks above can fail: broken analyses are rejected.
#[test]
fn checks_reject_broken_analyses() {
    let good = analyze_text("“Ça va très bien,” Élodie Roux said. “Merci,” she added.");
    assert_eq!(good.quotes.len(), 2);
    assert!(check_analysis(&good).is_ok() && check_json(&good).is_ok());

    let mut a = good.clone();
    a.quotes[0].span.start += 1; // inside the two-byte `Ç`
    assert!(check_analysis(&a).is_err(), "span off char boundary accepted");
    assert!(check_json(&a).is_err(), "JSON text of a bad span accepted");

    let mut a = good.clone();
    a.quotes.swap(0, 1);
    assert!(check_analysis(&a).is_err(), "unsorted quotes accepted");

    let mut a = good.clone();
    let q = &mut a.quotes[0];
    q.fragments.push(Span::new(q.span.end + 1, q.span.end + 2));
    assert!(check_analysis(&a).is_err(), "fragment outside its quote accepted");

    let mut a = good.clone();
    a.quotes[1].span = a.quotes[0].span;
    assert!(check_analysis(&a).is_err(), "overlapping quotes accepted");

    let mut a = good;
    a.speakers.clear();
    assert!(check_analysis(&a).is_err(), "dangling speaker accepted");
}
