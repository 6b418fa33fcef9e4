//! HTML output: one self-contained page to check every attribution by eye.
//!
//! The page has no external assets (styles and the small script are inline) and works
//! without its script. Per article (`<article class="qc-article" data-key="<key>">`):
//! - a header with the title, authors, outlet, date, URL and citation key;
//! - the speakers (`.qc-speakers`), each with its colour and how many quotations it has;
//!   clicking one dims the quotations of the others;
//! - the body text, each quotation highlighted in its speaker's colour (`.qc-q`, with
//!   `data-speaker`, `data-cite`): verbatim words (`.qc-verbatim`: filled) look
//!   different from reported speech (`.qc-reported`: underlined, its quoted words inside
//!   it `.qc-fragment`); an interrupted quotation highlights its pieces, not the frame
//!   between them. Each highlight is focusable and shows the speaker, role, cue and
//!   confidence on hover or focus (`.qc-tip`, `role="tooltip"`), and links to its
//!   entry in the list of quotations; the speaker's mention is underlined
//!   (`.qc-mention`);
//! - the list of quotations (`.qc-list`), each under its quotation id (`id="<cite>"`).
//!
//! Every string from the article is escaped (`& < > " '`) after
//! [`crate::safe::text_lines`]: format characters (bidi controls, zero-width) are left
//! out, other controls become U+FFFD. Only `http`, `https` and `mailto` URLs become
//! links. Colours are fixed per speaker number, so the page is byte-identical for the
//! same input.
//!
//! Writing a page takes time linear in the article and its quotations: speakers,
//! citations and anchors are looked up by id, never searched for.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;

use super::cite::{self, Record, label};
use crate::model::{Analysis, Quote, Span, Speaker, SpeakerId};

/// Everything before the first article.
pub(crate) const HEAD: &str = concat!(
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<meta name=\"generator\" content=\"quotecite\">\n<title>quotecite</title>\n<style>\n",
    include_str!("html/page.css"),
    "</style>\n</head>\n<body>\n<main>\n"
);

/// Everything after the last article.
pub(crate) const TAIL: &str =
    concat!("</main>\n<script>\n", include_str!("html/page.js"), "</script>\n</body>\n</html>\n");

/// Escape text for HTML content and attribute values, after [`crate::safe::text_lines`]:
/// a bidi override or a control in an article never reaches the page (a numeric
/// character reference would act the same).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::safe::text_lines(s).chars() {
        push_esc(&mut out, c);
    }
    out
}

/// One character of safe text, escaped.
fn push_esc(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// A note for a document that could not be read.
pub(crate) fn error(origin: &str, line: Option<usize>, message: &str) -> String {
    let at = line.map(|l| format!(":{l}")).unwrap_or_default();
    format!(
        "<section class=\"qc-error\"><h2>{}</h2><p><code>{}{at}</code>: {}</p></section>\n",
        esc(label("could-not-read")),
        esc(origin),
        esc(message)
    )
}

/// The HSL hue of speaker number `n` (golden-angle steps: neighbours differ).
fn hue(n: usize) -> u32 {
    ((n as f64 * 137.508) % 360.0).round() as u32
}

/// The page's HTML being written, with the offsets where the article key went.
struct Out {
    s: String,
    key: String,
    key_at: Vec<usize>,
}

impl Out {
    fn push(&mut self, s: &str) {
        self.s.push_str(s);
    }

    /// Write an id that starts with the article key (the key, a quotation id), noting
    /// where the key is so that the sink can change it.
    fn keyed(&mut self, id: &str) {
        match id.strip_prefix(self.key.as_str()) {
            Some(rest) if !self.key.is_empty() => {
                self.key_at.push(self.s.len());
                let key = self.key.clone();
                self.s.push_str(&key);
                self.s.push_str(&esc(rest));
            }
            _ => self.s.push_str(&esc(id)),
        }
    }
}

/// A highlighted stretch of the text.
#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    /// Index into the kept quotations.
    quote: usize,
    kind: MarkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Verbatim,
    Reported,
    Fragment,
    Stance,
    Mention,
}

/// One article as an `<article>` element, and the offsets of its key.
pub(crate) fn article(a: &Analysis, r: &Record, min_confidence: f32) -> (Vec<u8>, Vec<usize>) {
    let text = &a.article.text;
    let quotes: Vec<&Quote> = a.quotes.iter().filter(|q| q.confidence >= min_confidence).collect();
    let by_id: HashMap<SpeakerId, &Speaker> = a.speakers.iter().map(|s| (s.id, s)).collect();
    // Speakers in order of first quotation, with their counts and first mention; `slot`
    // is a speaker's place in that order, which picks its colour.
    let mut speakers: Vec<(SpeakerId, usize, Span)> = Vec::new();
    let mut slot: HashMap<SpeakerId, usize> = HashMap::new();
    for q in &quotes {
        if let Some(at) = q.attribution {
            match slot.entry(at.speaker) {
                Entry::Occupied(e) => speakers[*e.get()].1 += 1,
                Entry::Vacant(e) => {
                    e.insert(speakers.len());
                    speakers.push((at.speaker, 1, at.mention));
                }
            }
        }
    }
    let colour = |q: &Quote| -> Option<usize> { slot.get(&q.attribution?.speaker).copied() };
    let mut cites: HashMap<u32, &cite::Cited> = HashMap::new();
    for c in &r.quotations {
        cites.entry(c.quote).or_insert(c);
    }
    let cite_of = |q: &Quote| cites.get(&q.id.0).copied();

    let mut o = Out { s: String::new(), key: r.key.clone(), key_at: Vec::new() };
    let lang = r.lang.as_deref().unwrap_or("en");
    o.push(&format!("<article class=\"qc-article\" lang=\"{}\" id=\"", esc(lang)));
    o.keyed(&r.key);
    o.push("\" data-key=\"");
    o.keyed(&r.key);
    o.push("\">\n<header>\n<h1>");
    o.push(&esc(r.title.as_deref().unwrap_or(&a.article.id)));
    o.push("</h1>\n<p class=\"qc-meta\">");
    let mut meta: Vec<String> = Vec::new();
    let authors: Vec<String> = r.authors.iter().map(|n| esc(&n.display())).collect();
    if !authors.is_empty() && !r.outlet_as_author {
        meta.push(authors.join(", "));
    }
    if let Some(c) = r.container_or_site() {
        meta.push(format!("<i>{}</i>", esc(c)));
    }
    if let Some(d) = r.date {
        meta.push(esc(&d.long()));
    }
    if let Some(u) = r.url.as_deref() {
        let safe = ["http://", "https://", "mailto:"].iter().any(|p| u.starts_with(p));
        meta.push(if safe { format!("<a href=\"{0}\">{0}</a>", esc(u)) } else { esc(u) });
    }
    meta.push(format!("{} <code class=\"qc-key\">", esc(label("citation-key"))));
    o.push(&meta.join(" · "));
    o.keyed(&r.key);
    o.push("</code></p>\n</header>\n");

    // Speakers.
    o.push(&format!(
        "<section class=\"qc-speakers\">\n<h2>{}</h2>\n<ul>\n",
        esc(label("speakers"))
    ));
    for (i, (id, n, mention)) in speakers.iter().enumerate() {
        let Some(s) = by_id.get(id) else { continue };
        let name = s.name.clone().unwrap_or_else(|| cite::one_line(mention.slice(text)));
        let role = cite::role_shown(&name, s.role.as_deref());
        let _ = writeln!(
            o.s,
            "<li data-speaker=\"s{}\" style=\"--h:{}\" tabindex=\"0\"><span class=\"qc-swatch\"></span><b>{}</b>{} <span class=\"qc-count\">{n}</span></li>",
            id.0,
            hue(i),
            esc(&name),
            role.map(|r| format!(", {}", esc(r))).unwrap_or_default()
        );
    }
    o.push("</ul>\n</section>\n");

    // Highlights.
    let mut marks: Vec<Mark> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let verbatim = match cite_of(q) {
            Some(c) => c.verbatim,
            None => cite::wording(q, text).0,
        };
        if q.stance {
            marks.push(Mark { span: q.span, quote: i, kind: MarkKind::Stance });
        } else if verbatim && !q.fragments.is_empty() {
            for &f in &q.fragments {
                marks.push(Mark { span: f, quote: i, kind: MarkKind::Verbatim });
            }
        } else if verbatim {
            marks.push(Mark { span: q.span, quote: i, kind: MarkKind::Verbatim });
        } else {
            marks.push(Mark { span: q.span, quote: i, kind: MarkKind::Reported });
            for &f in &q.fragments {
                marks.push(Mark { span: f, quote: i, kind: MarkKind::Fragment });
            }
        }
        if let Some(at) = q.attribution {
            marks.push(Mark { span: at.mention, quote: i, kind: MarkKind::Mention });
        }
    }
    // Outer first; a mark that would cross another is left out.
    marks.sort_by_key(|m| {
        (m.span.start, std::cmp::Reverse(m.span.end), m.kind == MarkKind::Fragment)
    });
    let mut kept: Vec<Mark> = Vec::new();
    let mut stack: Vec<Span> = Vec::new();
    for m in marks {
        if m.span.is_empty() || text.get(m.span.start..m.span.end).is_none() {
            continue;
        }
        while stack.last().is_some_and(|s| s.end <= m.span.start) {
            stack.pop();
        }
        // Marks of equal spans sort next to each other: only the top can be the same.
        if stack.last().is_none_or(|s| s.contains(m.span) && *s != m.span) {
            stack.push(m.span);
            kept.push(m);
        }
    }
    // The last highlight of each quotation that has a tooltip carries its anchor.
    let tipped = |m: &Mark| !matches!(m.kind, MarkKind::Mention | MarkKind::Fragment);
    let mut last_of: Vec<Option<usize>> = vec![None; quotes.len()];
    for (k, m) in kept.iter().enumerate() {
        if tipped(m) {
            last_of[m.quote] = Some(k);
        }
    }

    let body = a.article.body;
    let start = kept.iter().map(|m| m.span.start).chain([body.start]).min().unwrap_or(0);
    let end = kept.iter().map(|m| m.span.end).chain([body.end]).max().unwrap_or(text.len());
    let shown = a.article.plain();
    o.push("<div class=\"qc-text\">\n<p>");
    let mut open: Vec<usize> = Vec::new(); // ends of open highlights
    let mut pos = start;
    let mut next = 0;
    while pos < end {
        while let Some(&e) = open.last() {
            if e > pos {
                break;
            }
            o.push("</span>");
            open.pop();
        }
        while next < kept.len() && kept[next].span.start == pos {
            let m = kept[next];
            let q = quotes[m.quote];
            let anchor = last_of[m.quote] == Some(next);
            open_mark(&mut o, m, q, anchor, colour(q), cite_of(q), text);
            open.push(m.span.end);
            next += 1;
        }
        let stop = [open.last().copied(), kept.get(next).map(|m| m.span.start), Some(end)]
            .into_iter()
            .flatten()
            .filter(|&p| p > pos)
            .min()
            .unwrap_or(end);
        let piece = shown.get(pos..stop).or_else(|| text.get(pos..stop)).unwrap_or("");
        o.push(&paragraphs(piece));
        pos = stop;
    }
    while open.pop().is_some() {
        o.push("</span>");
    }
    o.push("</p>\n</div>\n");

    // The quotations and their ids.
    let marks_of_lang = r.marks();
    o.push(&format!(
        "<section class=\"qc-cited\">\n<h2>{}</h2>\n<ol class=\"qc-list\">\n",
        esc(label("quotations"))
    ));
    for q in &quotes {
        let Some(c) = cite_of(q) else { continue };
        o.push("<li id=\"");
        o.keyed(&c.id);
        o.push(&format!("\" class=\"{}\"><a href=\"#", if c.verbatim { "qc-v" } else { "qc-r" }));
        o.keyed(&format!("{}-q{}", r.key, q.id.0));
        o.push("\"><code>");
        o.keyed(&c.id);
        let who =
            c.speaker.as_ref().map_or_else(|| label("unattributed").to_string(), |s| s.with_role());
        let _ = writeln!(o.s, "</code></a> {} — {}</li>", esc(&c.shown(&marks_of_lang)), esc(&who));
    }
    o.push("</ol>\n</section>\n</article>\n");
    (o.s.into_bytes(), o.key_at)
}

/// Text between highlights: blank lines become paragraph breaks, other whitespace runs
/// one space.
fn paragraphs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut newlines = 0;
    let mut space = false;
    for c in crate::safe::text_lines(s).chars() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            space = true;
            continue;
        }
        if space {
            out.push_str(if newlines >= 2 { "<br><br>\n" } else { " " });
        }
        space = false;
        newlines = 0;
        push_esc(&mut out, c);
    }
    if space {
        out.push_str(if newlines >= 2 { "<br><br>\n" } else { " " });
    }
    out
}

/// The opening tag of one highlight, its tooltip, and (for the last highlight of a
/// quotation, the `anchor`) the link to its entry.
fn open_mark(
    o: &mut Out,
    m: Mark,
    q: &Quote,
    anchor: bool,
    colour: Option<usize>,
    cited: Option<&cite::Cited>,
    text: &str,
) {
    let class = match m.kind {
        MarkKind::Verbatim => "qc-q qc-verbatim",
        MarkKind::Reported => "qc-q qc-reported",
        MarkKind::Fragment => "qc-fragment",
        MarkKind::Stance => "qc-q qc-stance",
        MarkKind::Mention => "qc-mention",
    };
    let style = match colour {
        Some(c) => format!(" style=\"--h:{}\"", hue(c)),
        None => " style=\"--h:0;--s:0%\"".to_string(),
    };
    let speaker =
        q.attribution.map(|at| format!(" data-speaker=\"s{}\"", at.speaker.0)).unwrap_or_default();
    if matches!(m.kind, MarkKind::Fragment | MarkKind::Mention) {
        let _ = write!(o.s, "<span class=\"{class}\"{style}{speaker}>");
        return;
    }
    o.push(&format!("<span class=\"{class}\"{style}{speaker} tabindex=\"0\""));
    if anchor {
        o.push(" id=\"");
        o.keyed(&format!("{}-q{}", o.key, q.id.0));
        o.push("\"");
    }
    if let Some(c) = cited {
        o.push(" data-cite=\"");
        o.keyed(&c.id);
        o.push("\"");
    }
    o.push(">");
    // The tooltip: speaker, role, cue, confidence, and the link to the quotation's entry.
    let who = cited
        .and_then(|c| c.speaker.as_ref())
        .map(|s| (s.name.clone(), s.role.clone()))
        .unwrap_or_else(|| (label("unattributed").to_string(), None));
    let kind = match m.kind {
        MarkKind::Verbatim => label("verbatim"),
        MarkKind::Stance => label("stance"),
        _ => label("reported"),
    };
    let _ = write!(
        o.s,
        "<span class=\"qc-tip\" role=\"tooltip\"><b>{}</b> ({})",
        esc(&who.0),
        esc(kind)
    );
    if let Some(r) = who.1 {
        let _ = write!(o.s, "<br>{}: {}", esc(label("role")), esc(&r));
    }
    if let Some(c) = q.cue {
        let _ = write!(o.s, "<br>{}: {}", esc(label("cue")), esc(&cite::one_line(c.slice(text))));
    }
    let _ = write!(o.s, "<br>{}: {:.2}", esc(label("confidence")), q.confidence);
    if let Some(c) = cited {
        o.push("<br><a href=\"#");
        o.keyed(&c.id);
        o.push("\">");
        o.keyed(&c.id);
        o.push("</a>");
    }
    o.push("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::cite::{CiteOptions, record, tests::analysis};
    use crate::model::ArticleMeta;

    fn page(text: &str) -> String {
        let a = analysis("x", ArticleMeta::default(), text);
        let r = record(&a, &CiteOptions::default());
        let (bytes, at) = article(&a, &r, 0.0);
        let s = String::from_utf8(bytes).unwrap();
        for i in at {
            assert!(s[i..].starts_with(&r.key), "key offset {i}");
        }
        s
    }

    #[test]
    fn verbatim_pieces_and_reported_speech_are_marked_apart() {
        let s = page(
            "\"We had two choices,\" said Mayor Carla Venn, \"tear it down.\"\n\n\
             The minister proposed convening a summit to build a treaty.",
        );
        assert_eq!(s.matches("class=\"qc-q qc-verbatim\"").count(), 2, "{s}");
        assert_eq!(s.matches("class=\"qc-q qc-reported\"").count(), 1, "{s}");
        assert!(s.contains("role=\"tooltip\""));
        // The frame between the pieces is not highlighted as verbatim.
        let body = s.find("qc-text").unwrap();
        let frame = body + s[body..].find("&quot; said").unwrap();
        let before = &s[..frame];
        assert!(before.rfind("</span>") > before.rfind("qc-verbatim"), "{s}");
        assert!(s.contains("<br><br>"));
    }

    #[test]
    fn everything_from_the_article_is_escaped() {
        let s = page("<script>alert(1)</script> \"A & B,\" said Ann Lee.");
        assert!(!s.contains("<script>alert"), "{s}");
        assert!(s.contains("&lt;script&gt;"));
        assert!(s.contains("A &amp; B"));
        assert!(HEAD.contains("<style>") && !HEAD.contains("http"));
        assert!(!TAIL.contains("src="));
    }
}
