//! Markdown output: the quotations as blockquotes that cite their article, for pandoc,
//! GitHub (GFM), Obsidian and CommonMark renderers with footnotes.
//!
//! One document for all records (UTF-8, LF):
//!
//! ```text
//! ---
//! title: "Quotations"                        // "Quotations: <title>" for a single article
//! bibliography: "<file>"                     // Cite::Pandoc with a bibliography only
//! ---
//!
//! > <verbatim words … verbatim words>        // per record in order, per quotation in order
//! >
//! > — <speaker name>, <role>[^<quotation id>] // "Unattributed" without a speaker
//!
//! Reported — <speaker name>, <role>: <reported clause>[^<quotation id>]
//!
//! [^<id>]: <Given Family and Given Family>, “<Title>,” *<Outlet>*, <Month D, YYYY>,
//!     accessed <Month D, YYYY>, <url>.       // first note of an article: full
//!
//!     Originally published by <outlet>, <Month D, YYYY>.
//!     Citation key: `<key>`.
//!
//! [^<id>]: <Family and Family>, “<Short Title>,” *<Outlet>*, <Month D, YYYY>.
//! ```
//!
//! - Only the speaker's own words are set as a blockquote: a verbatim quotation (its
//!   pieces joined with " … ", never the narration that interrupts it). Reported speech
//!   is a paragraph that says so ("Reported — Name, role: …"), with the article's own
//!   marks around any words it quotes.
//! - Footnote labels are the quotation ids of [`cite`](super::cite) (`[a-z0-9-]`, unique),
//!   so every reference has exactly one definition; definitions come at the end, separated
//!   by blank lines, with continuation lines and the second paragraph indented 4 spaces.
//!   Later notes for the same article are short: family names, the short title (the part
//!   before a colon when it has at most 4 words, else the first 2-4 words, stopping at a
//!   function word or a symbol), outlet and date. Authors: "A", "A and B", "A, B, and C", "A et al."
//!   from four on. An outlet standing in for a missing author is not repeated as author.
//!   Missing parts are left out.
//! - With [`Cite::Pandoc`] the attribution ends in ` [@<key>]` instead of a footnote
//!   reference and there are no definitions (render with `pandoc --citeproc` and the
//!   CSL-JSON of [`csl`](super::csl)).
//! - Quotation text, names, roles, titles and outlets are one line each
//!   ([`one_line`]) and escaped: a backslash before each of `` \ ` * _ [ ] < > # | ~ ^ $ @ & ``
//!   (`&` so entity references stay text), and a line-initial `+ - =` or list marker
//!   (`1.`, `1)`, `a)`, `(iv)`) gets its marker escaped. Quotation text keeps its
//!   quotation marks as written. A note sets the title in the marks of the article's
//!   language, with the title's own marks at the inner level: “A ‘B’ C,” in English,
//!   „Die ‚Preisbremse‘ läuft aus“, in German (the comma inside the closing mark only
//!   where the language does that, English). Lines are wrapped only before words that
//!   cannot start a block.
//! - The document passes through [`crate::safe::text_lines`]: control, bidirectional,
//!   zero-width and other format characters of an article never reach the reader.
//!   The title in the front matter is escaped for Markdown, then quoted for YAML (pandoc
//!   reads metadata strings as Markdown). The URL is an autolink `<url>` when it is a
//!   valid one (scheme, no spaces or angle brackets), else escaped text.

use std::collections::HashSet;
use std::io::{self, Write};
use std::sync::LazyLock;

use super::cite::{Name, Record, label, one_line, typographic};
use crate::grammar::table::{Builtin, builtin_table};

/// How quotations point at their article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cite {
    /// Markdown footnotes `[^id]` with the notes written at the end (pandoc, GFM,
    /// Obsidian, CommonMark with footnotes).
    #[default]
    Footnotes,
    /// Pandoc citations `[@key]`, for `pandoc --citeproc` with the CSL-JSON bibliography.
    Pandoc,
}

/// Markdown output options.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// Footnotes or pandoc citations.
    pub cite: Cite,
    /// Bibliography file named in the front matter with [`Cite::Pandoc`] (e.g.
    /// `quotes.json`, the CSL-JSON output); ignored for footnotes.
    pub bibliography: Option<String>,
}

/// Write the records' quotations as one Markdown document.
pub fn write(records: &[Record], opts: &MarkdownOptions, mut w: impl Write) -> io::Result<()> {
    w.write_all(render(records, opts).as_bytes())
}

/// The records' quotations as a Markdown string.
pub fn to_markdown_string(records: &[Record], opts: &MarkdownOptions) -> String {
    render(records, opts)
}

/// Wrap note lines at this width (a soft limit: long words are not broken).
const WIDTH: usize = 72;

fn render(records: &[Record], opts: &MarkdownOptions) -> String {
    // The document as a whole passes through the one sanitizer: no control, bidi or
    // other format character of an article reaches the reader raw.
    crate::safe::text_lines(&document(records, opts)).into_owned()
}

fn document(records: &[Record], opts: &MarkdownOptions) -> String {
    let mut out = String::from("---\n");
    let title = match records {
        [r] => r.title.as_deref().map(one_line).filter(|t| !t.is_empty()),
        _ => None,
    };
    let title = match title {
        Some(t) => format!("{}: {}", label("quotations"), escape(&t)),
        None => label("quotations").to_string(),
    };
    out.push_str(&format!("title: {}\n", yaml_quoted(&title)));
    if let (Cite::Pandoc, Some(b)) = (opts.cite, &opts.bibliography) {
        out.push_str(&format!("bibliography: {}\n", yaml_quoted(b)));
    }
    out.push_str("---\n");

    for r in records {
        for q in &r.quotations {
            out.push('\n');
            let text = one_line(&q.text);
            let mark = match opts.cite {
                Cite::Footnotes => format!("[^{}]", q.id),
                Cite::Pandoc => format!(" [@{}]", r.key),
            };
            let who = attribution(q.speaker.as_deref());
            if q.verbatim {
                if !text.is_empty() {
                    out.push_str(&format!("> {}\n>\n", escape_line(&text)));
                }
                out.push_str(&format!("> — {who}{mark}\n"));
            } else {
                let text = escape(&typographic(&text));
                out.push_str(&format!("{} — {who}: {text}{mark}\n", label("reported-heading")));
            }
        }
    }

    if opts.cite == Cite::Footnotes {
        let mut seen: HashSet<&str> = HashSet::new();
        for r in records {
            for q in &r.quotations {
                out.push('\n');
                let head = format!("[^{}]: ", q.id);
                if seen.insert(&r.key) {
                    out.push_str(&wrap(&head, &full_note(r)));
                    out.push('\n');
                    if let Some(p) = r.provenance() {
                        out.push_str(&wrap("    ", &sentence(escape(&one_line(&p)))));
                    }
                    let line = format!("{}: {}.", label("citation-key"), code(&r.key));
                    out.push_str(&wrap("    ", &line));
                } else {
                    out.push_str(&wrap(&head, &short_note(r)));
                }
            }
        }
    }
    out
}

/// "Name, role", escaped; "Unattributed" without a speaker.
fn attribution(speaker: Option<&super::cite::CitedSpeaker>) -> String {
    let unattributed = || label("unattributed").to_string();
    let Some(s) = speaker else { return unattributed() };
    let name = one_line(&s.name);
    let name = if name.is_empty() { unattributed() } else { escape(&name) };
    match s.role.as_deref().map(one_line).filter(|r| !r.is_empty()) {
        Some(role) => format!("{name}, {}", escape(&role)),
        None => name,
    }
}

/// A piece of a note: plain, or a title set in quotation marks.
enum Piece {
    Plain(String),
    Quoted(String),
}

fn full_note(r: &Record) -> String {
    let names: Vec<String> = r.authors.iter().map(|n| escape(&one_line(&n.display()))).collect();
    let mut pieces = note_head(r, &names, r.title.as_deref().map(one_line));
    if let Some(u) = r.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        if let Some(d) = r.accessed {
            pieces.push(Piece::Plain(format!("{} {}", label("accessed").to_lowercase(), d.long())));
        }
        pieces.push(Piece::Plain(url(u)));
    }
    note(pieces, r)
}

fn short_note(r: &Record) -> String {
    let names: Vec<String> =
        r.authors.iter().map(|n: &Name| escape(&one_line(&n.family()))).collect();
    let pieces = note_head(r, &names, r.title.as_deref().map(|t| short_title(&one_line(t))));
    note(pieces, r)
}

/// Authors, title, outlet, date.
fn note_head(r: &Record, names: &[String], title: Option<String>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let names: Vec<&String> = names.iter().filter(|n| !n.is_empty()).collect();
    if !r.outlet_as_author && !names.is_empty() {
        pieces.push(Piece::Plain(authors(&names)));
    }
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        pieces.push(Piece::Quoted(escape(&r.marks().nest(&t))));
    }
    if let Some(c) = r.container_or_site().map(one_line).filter(|c| !c.is_empty()) {
        pieces.push(Piece::Plain(format!("*{}*", escape(&c))));
    }
    if let Some(d) = r.date {
        pieces.push(Piece::Plain(d.long()));
    }
    pieces
}

/// "A", "A and B", "A, B, and C", "A et al.".
fn authors(names: &[&String]) -> String {
    let and = label("and");
    match names {
        [a] => a.to_string(),
        [a, b] => format!("{a} {and} {b}"),
        [a, b, c] => format!("{a}, {b}, {and} {c}"),
        [a, ..] => format!("{a} {}", label("et-al")),
        [] => String::new(),
    }
}

/// Join pieces Chicago-style: commas between, a final period, and the punctuation of a
/// quoted title inside its closing mark (none after `?` or `!`).
fn note(mut pieces: Vec<Piece>, r: &Record) -> String {
    if pieces.is_empty() {
        pieces.push(Piece::Plain(code(&r.key)));
    }
    let n = pieces.len();
    let marks = r.marks();
    // English puts the comma or period inside the closing mark, other languages after it.
    let inside = marks.close == "”";
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        let last = i + 1 == n;
        if i > 0 {
            out.push(' ');
        }
        match p {
            Piece::Quoted(t) => {
                out.push_str(marks.open);
                out.push_str(t);
                let stop = if t.ends_with(['?', '!', '…']) {
                    ""
                } else if last {
                    "."
                } else {
                    ","
                };
                if inside {
                    out.push_str(stop);
                    out.push_str(marks.close);
                } else {
                    out.push_str(marks.close);
                    out.push_str(stop);
                }
            }
            Piece::Plain(t) if last => out.push_str(&sentence(t.clone())),
            Piece::Plain(t) => {
                out.push_str(t);
                out.push(',');
            }
        }
    }
    out
}

/// End with a period unless already ended by `.`, `?` or `!`.
fn sentence(mut s: String) -> String {
    if !s.ends_with(['.', '?', '!']) {
        s.push('.');
    }
    s
}

/// Function words where a short title stops (once it has two words), one a line.
pub(crate) const SHORT_TITLE_STOPS_TSV: Builtin =
    builtin_table!("cite/short_title_stops.tsv", 1..=1);

static SHORT_STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| SHORT_TITLE_STOPS_TSV.words().collect());

/// The short title of a note: the part before a colon when it has at most 4 words,
/// else the first 2-4 words, stopping before a function word or a symbol.
fn short_title(title: &str) -> String {
    let head = title.split(':').next().unwrap_or(title).trim();
    let words: Vec<&str> = head.split(' ').filter(|w| !w.is_empty()).collect();
    let words: Vec<&str> = if words.len() <= 4 {
        words
    } else {
        let mut out: Vec<&str> = Vec::new();
        for w in words.iter().take(4) {
            let bare: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            let stop = bare.is_empty() || SHORT_STOP.contains(bare.to_lowercase().as_str());
            if stop && out.len() >= 2 {
                break;
            }
            out.push(w);
        }
        out
    };
    let s = words.join(" ");
    s.trim_end_matches([',', ';', '.', '—', '–', '-']).trim_end().to_string()
}

/// Inline code for a key, or escaped text when the key holds a backtick.
fn code(s: &str) -> String {
    if s.is_empty() || s.contains('`') { escape(s) } else { format!("`{s}`") }
}

/// An autolink when `u` is a valid one (scheme of 2-32 characters, no spaces, controls
/// or angle brackets), else escaped text.
fn url(u: &str) -> String {
    let scheme_ok = u.split_once(':').is_some_and(|(s, _)| {
        (2..=32).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let chars_ok = !u.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    if scheme_ok && chars_ok { format!("<{u}>") } else { escape(u) }
}

/// Backslash-escape the characters that Markdown dialects read as markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if "\\`*_[]<>#|~^$@&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// [`escape`] for text that starts a line: also escape a leading `+ - =` or list marker.
fn escape_line(s: &str) -> String {
    let e = escape(s);
    if e.starts_with(['+', '-', '=']) {
        return format!("\\{e}");
    }
    let first = e.split(' ').next().unwrap_or("");
    if is_marker(first) {
        let k = first.len() - 1;
        return format!("{}\\{}", &e[..k], &e[k..]);
    }
    e
}

/// A word that can open an ordered list in CommonMark or pandoc (`1.`, `1)`, `a.`,
/// `iv)`, `(b)`).
fn is_marker(word: &str) -> bool {
    let body = word.strip_prefix('(').unwrap_or(word);
    body.strip_suffix(['.', ')'])
        .is_some_and(|inner| !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// True when a continuation line may start with this word without opening a block.
fn safe_line_start(word: &str) -> bool {
    let mut chars = word.chars();
    let ok = match chars.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some('“' | '‘' | '\\' | '<' | '(' | '"' | '\'') => true,
        Some('*') => chars.next().is_some_and(|c| c.is_alphanumeric() || c == '\\'),
        _ => false,
    };
    ok && !is_marker(word)
}

/// `prefix` + `text` wrapped at [`WIDTH`], continuation lines indented 4 spaces; breaks
/// only at spaces before words that are safe at the start of a line. Ends with `\n`.
fn wrap(prefix: &str, text: &str) -> String {
    let mut out = String::from(prefix);
    let mut col = prefix.chars().count();
    let mut at_start = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if at_start {
            at_start = false;
        } else if col + 1 + len > WIDTH && safe_line_start(word) {
            out.push_str("\n    ");
            col = 4;
        } else {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
    }
    out.push('\n');
    out
}

/// A YAML double-quoted scalar.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    use super::*;
    use crate::export::cite::{Cited, CitedSpeaker, Date};
    use crate::export::csl::tests::sample;
    use crate::model::{QuoteKind, SpeakerKind};

    /// What a CommonMark reader with footnotes makes of a document.
    #[derive(Debug, Default)]
    struct Parsed {
        references: Vec<String>,
        definitions: BTreeMap<String, String>,
        /// Text of each paragraph inside a blockquote.
        quote_paragraphs: Vec<String>,
        /// All text outside the front matter.
        text: String,
    }

    fn parse(md: &str) -> Parsed {
        let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        let mut p = Parsed::default();
        let (mut in_meta, mut quote_depth) = (false, 0);
        let mut def: Option<(String, String)> = None;
        let mut para: Option<String> = None;
        for ev in Parser::new_ext(md, opts) {
            let piece = match &ev {
                Event::Start(Tag::MetadataBlock(_)) => {
                    in_meta = true;
                    None
                }
                Event::End(TagEnd::MetadataBlock(_)) => {
                    in_meta = false;
                    None
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    quote_depth += 1;
                    None
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    quote_depth -= 1;
                    None
                }
                Event::Start(Tag::Paragraph) if quote_depth > 0 => {
                    para = Some(String::new());
                    None
                }
                Event::End(TagEnd::Paragraph) => {
                    if let Some(t) = para.take() {
                        p.quote_paragraphs.push(t);
                    }
                    Some(" ".to_string())
                }
                Event::Start(Tag::FootnoteDefinition(l)) => {
                    def = Some((l.to_string(), String::new()));
                    None
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    let (l, t) = def.take().unwrap();
                    assert!(p.definitions.insert(l.clone(), t).is_none(), "duplicate {l}");
                    None
                }
                Event::FootnoteReference(l) => {
                    p.references.push(l.to_string());
                    None
                }
                Event::Text(t) | Event::Code(t) if !in_meta => Some(t.to_string()),
                Event::SoftBreak | Event::HardBreak => Some(" ".to_string()),
                Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in\n{md}"),
                _ => None,
            };
            if let Some(t) = piece {
                for s in [para.as_mut(), def.as_mut().map(|d| &mut d.1)].into_iter().flatten() {
                    s.push_str(&t);
                }
                p.text.push_str(&t);
            }
        }
        p
    }

    /// Every reference defined, every definition referenced, one per quotation, and no
    /// reference left behind as literal text.
    fn assert_balanced(md: &str, records: &[Record]) -> Parsed {
        let p = parse(md);
        let ids: Vec<&str> =
            records.iter().flat_map(|r| r.quotations.iter().map(|q| q.id.as_str())).collect();
        assert_eq!(p.references, ids, "{md}");
        let defined: Vec<&str> = p.definitions.keys().map(String::as_str).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(defined, sorted, "{md}");
        for id in &ids {
            assert!(!p.text.contains(&format!("[^{id}")), "literal reference {id} in\n{md}");
        }
        p
    }

    const FOOTNOTES: MarkdownOptions =
        MarkdownOptions { cite: Cite::Footnotes, bibliography: None };

    #[test]
    fn sample_document_as_in_the_conventions() {
        let md = to_markdown_string(&[sample()], &FOOTNOTES);
        let expected = "---
title: \"Quotations: Strategic Considerations Behind Russian Proposal for New European Security Treaty\"
---

> international organizations can not help but include Russia in their plans and admit that nothing could be achieved without joint efforts
>
> — Dmitry Rogozin, Russia’s envoy to NATO[^yu2009strategic-rogozin]

> finally do away with the legacy of the Cold War.
>
> — Dmitry Medvedev, President of Russia[^yu2009strategic-medvedev]

[^yu2009strategic-rogozin]: Maofeng Yu and Jingli Lu, “Strategic
    Considerations Behind Russian Proposal for New European Security
    Treaty,” *Global Research*, December 2, 2009,
    <https://example.org/global-research/russia_treaty?id=16410&lang=en%20US>.

    Originally published by Xinhua News Agency, December 1, 2009.
    Citation key: `yu2009strategic`.

[^yu2009strategic-medvedev]: Yu and Lu, “Strategic Considerations,”
    *Global Research*, December 2, 2009.
";
        assert_eq!(md, expected);
        let p = assert_balanced(&md, &[sample()]);
        assert_eq!(p.quote_paragraphs[1], "— Dmitry Rogozin, Russia’s envoy to NATO");
    }

    #[test]
    fn pandoc_citations_and_bibliography() {
        let opts = MarkdownOptions { cite: Cite::Pandoc, bibliography: Some("q.json".into()) };
        let md = to_markdown_string(&[sample()], &opts);
        assert!(md.contains("bibliography: \"q.json\"\n"));
        assert!(md.contains("> — Dmitry Medvedev, President of Russia [@yu2009strategic]\n"));
        assert!(!md.contains("[^"));
    }

    #[test]
    fn escaping_and_line_starts() {
        assert_eq!(
            escape(r"C:\tmp *x* @elon H~2~O x^2^ $5 #1 a|b <b> [n] _u_ `c` &amp;"),
            r"C:\\tmp \*x\* \@elon H\~2\~O x\^2\^ \$5 \#1 a\|b \<b\> \[n\] \_u\_ \`c\` \&amp;"
        );
        assert_eq!(escape_line("- no"), r"\- no");
        assert_eq!(escape_line("+1"), r"\+1");
        assert_eq!(escape_line("1. first"), r"1\. first");
        assert_eq!(escape_line("2009) x"), r"2009\) x");
        assert_eq!(escape_line("(iv) x"), r"(iv\) x");
        assert_eq!(escape_line("Yes. 1. x"), r"Yes\. 1. x");
        assert_eq!(yaml_quoted("a \"b\" \\ \u{1}"), r#""a \"b\" \\ \u0001""#);
    }

    #[test]
    fn short_titles() {
        assert_eq!(
            short_title("Strategic Considerations Behind Russian Proposal"),
            "Strategic Considerations"
        );
        assert_eq!(short_title("Gas: Prices Rise Again in the North"), "Gas");
        assert_eq!(
            short_title("Budget Talks Collapse Overnight Again"),
            "Budget Talks Collapse Overnight"
        );
        assert_eq!(short_title("The Storm"), "The Storm");
        assert_eq!(short_title("Fees of 5% & $3 for R&D: more"), "Fees of 5%");
    }

    #[test]
    fn unattributed_outlet_as_author_and_missing_parts() {
        let r = Record {
            key: "northernstorm".into(),
            article_id: "s".into(),
            title: Some("Is It Over? A Storm".into()),
            protected: Vec::new(),
            authors: vec![Name::Literal("Northern Ledger".into())],
            outlet_as_author: true,
            title_from_text: false,
            site: None,
            accessed: None,
            container: Some("Northern Ledger".into()),
            date: None,
            url: Some("not a url".into()),
            lang: None,
            original: None,
            quotations: (0..2)
                .map(|i| Cited {
                    id: format!("northernstorm-unattributed{}", if i == 0 { "" } else { "-2" }),
                    text: "1. The storm\nis   over".into(),
                    kind: if i == 0 { QuoteKind::Direct } else { QuoteKind::Indirect },
                    quote: 0,
                    verbatim: i == 0,
                    fragments: Vec::new(),
                    speaker: None,
                    confidence: 0.4,
                })
                .collect(),
        };
        let md = to_markdown_string(std::slice::from_ref(&r), &FOOTNOTES);
        assert!(
            md.contains(
                "> 1\\. The storm is over\n>\n> — Unattributed[^northernstorm-unattributed]\n"
            ),
            "{md}"
        );
        assert!(
            md.contains(
                "\nReported — Unattributed: 1. The storm is over[^northernstorm-unattributed-2]\n"
            ),
            "{md}"
        );
        assert!(md.contains("[^northernstorm-unattributed]: “Is It Over? A Storm,” *Northern Ledger*,\n    not a url.\n"), "{md}");
        assert!(
            md.contains("[^northernstorm-unattributed-2]: “Is It Over?” *Northern Ledger*.\n"),
            "{md}"
        );
        let p = assert_balanced(&md, &[r]);
        assert_eq!(p.quote_paragraphs[0], "1. The storm is over");
    }

    #[test]
    fn several_articles_full_note_once_each() {
        let mut b = sample();
        b.key = "berg2020budget".into();
        b.title = Some("Budget".into());
        for q in &mut b.quotations {
            q.id = q.id.replace("yu2009strategic", "berg2020budget");
        }
        let recs = [b, sample()];
        let md = to_markdown_string(&recs, &FOOTNOTES);
        assert!(md.starts_with("---\ntitle: \"Quotations\"\n---\n"));
        assert_eq!(md.matches("Citation key:").count(), 2);
        assert_balanced(&md, &recs);
    }

    #[test]
    fn reference_article_end_to_end() {
        let recs = crate::export::cite::tests::reference_records();
        let md = to_markdown_string(&recs, &FOOTNOTES);
        assert!(!recs[0].quotations.is_empty());
        assert_balanced(&md, &recs);
    }

    fn tricky() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 \\\\{}&%$#_~^*\\[\\]<>@|\"'’“”\n\t:.()=+!ÄéЖ中—-]{0,40}"
    }

    fn record(
        key: &str,
        title: String,
        family: String,
        given: String,
        role: String,
        texts: Vec<String>,
    ) -> Record {
        let mut r = sample();
        r.key = key.into();
        r.title = Some(title);
        r.authors = vec![Name::person(family.clone(), given.clone()), Name::Literal(role.clone())];
        r.date = Date::parse("2011-03");
        r.quotations = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| Cited {
                id: format!("{key}-q{i}"),
                text,
                kind: QuoteKind::Direct,
                quote: 0,
                verbatim: matches!(QuoteKind::Direct, QuoteKind::Direct),
                fragments: Vec::new(),
                speaker: Some(
                    CitedSpeaker {
                        name: format!("{given} {family}"),
                        parts: Name::person(family.clone(), given.clone()),
                        role: Some(role.clone()),
                        kind: SpeakerKind::Person,
                    }
                    .into(),
                ),
                confidence: 1.0,
            })
            .collect();
        r
    }

    proptest! {
        #[test]
        fn prop_footnotes_balanced_and_text_kept(
            title in tricky(), family in tricky(), given in tricky(), role in tricky(),
            texts in proptest::collection::vec(tricky(), 1..4),
            title2 in tricky(), texts2 in proptest::collection::vec(tricky(), 0..3),
        ) {
            let recs = [
                record("a2011x", title.clone(), family.clone(), given.clone(), role.clone(), texts.clone()),
                record("b2011y", title2, given.clone(), family.clone(), role.clone(), texts2.clone()),
            ];
            let md = to_markdown_string(&recs, &FOOTNOTES);
            let p = assert_balanced(&md, &recs);
            // Each quotation: its text paragraph (when not empty), then the attribution.
            let name = one_line(&format!("{given} {family}"));
            let who = |name: &str| {
                let name = if name.is_empty() { "Unattributed" } else { name };
                let role = one_line(&role);
                if role.is_empty() { format!("— {name}") } else { format!("— {name}, {role}") }
            };
            let name2 = one_line(&format!("{family} {given}"));
            let mut expected = Vec::new();
            for (t, n) in texts.iter().map(|t| (t, &name)).chain(texts2.iter().map(|t| (t, &name2))) {
                let t = one_line(t);
                if !t.is_empty() {
                    expected.push(t);
                }
                expected.push(who(n));
            }
            prop_assert_eq!(&p.quote_paragraphs, &expected, "{}", md);
            let first = &p.definitions["a2011x-q0"];
            let t = crate::export::marks::Marks::for_lang(Some("en")).nest(&one_line(&title));
            prop_assert!(first.contains(&t), "{:?} not in {:?}\n{}", t, first, md);
            let pandoc = MarkdownOptions { cite: Cite::Pandoc, bibliography: Some("b \"q\".json".into()) };
            let md = to_markdown_string(&recs, &pandoc);
            let p = parse(&md);
            prop_assert!(p.references.is_empty() && p.definitions.is_empty());
            prop_assert_eq!(md.matches("[@a2011x]").count(), texts.len());
        }
    }
}
