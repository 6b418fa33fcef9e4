//! HTML reader: a web page -> its main text and metadata.
//!
//! The main content is found by `dom_smoothie` (a port of Mozilla's Readability) on a
//! `dom_query` document; its result is turned into text by a walk of our own: one
//! paragraph per block element, separated by blank lines, whitespace collapsed, with
//! figures, captions, scripts and form controls left out, and paragraphs that are mostly
//! link text (related stories, share and tag lists) dropped. The header lines and
//! trailing boilerplate that the extracted text still has (a byline, a date line, a
//! copyright notice) are found by module `meta` and left out of `text`, so `text` is the
//! article body the quotations' offsets refer to.
//!
//! Metadata comes from the page, first found wins: title from `og:title`, JSON-LD
//! `headline`, `<title>`; authors from `<meta name="author">`, JSON-LD `author`,
//! `rel="author"` or `itemprop="author"` elements, else the byline; publisher from
//! `og:site_name`, JSON-LD `publisher`, else the outlet an author field or byline ends
//! with ("By Anna Berg, Reuters"); date from `article:published_time`, JSON-LD
//! `datePublished`, date meta tags, the first `<time datetime>`; URL from the
//! container (web archive, download), else `<link rel="canonical">`, `og:url`; language
//! from `<html lang>`. Nothing is invented: what is not found stays `None`.

use std::borrow::Cow;

use dom_query::{Document as Dom, NodeRef};
use serde_json::Value;

use crate::error::ErrorKind;
use crate::model::{Article, ArticleMeta, Diagnostic, Span};

use super::{Hints, meta};

/// A paragraph whose link text is more than this share of its text is navigation.
const MAX_LINK_SHARE: f32 = 0.5;

/// Decode a page: byte order mark, else the transport's charset, else a `<meta>`
/// charset in the first kilobytes, else UTF-8 (lossy, with a warning when invalid).
pub(crate) fn decode(bytes: Vec<u8>, charset: Option<&str>) -> (String, Vec<Diagnostic>) {
    let declared = encoding_rs::Encoding::for_bom(&bytes)
        .map(|(e, _)| e)
        .or_else(|| charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes())))
        .or_else(|| meta_charset(&bytes).and_then(encoding_rs::Encoding::for_label));
    match declared {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            let (text, _, had_errors) = enc.decode(&bytes);
            let mut diagnostics = Vec::new();
            if had_errors {
                diagnostics.push(Diagnostic::warning(
                    format!(
                        "expected {} text, found invalid bytes; replaced by U+FFFD",
                        enc.name()
                    ),
                    None,
                ));
            }
            (text.into_owned(), diagnostics)
        }
        _ => super::decode_owned(bytes, 0),
    }
}

/// The charset a `<meta charset>` or `<meta http-equiv content-type>` declares in the
/// first 2 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&[u8]> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower = head.to_ascii_lowercase();
    let at = memchr::memmem::find(&lower, b"charset=")? + b"charset=".len();
    let rest = &head[at..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| {
            matches!(b, b'"' | b'\'' | b';' | b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        })
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Read a decoded page into an article; the error is the kind and message of an
/// error record (a page without text).
pub(crate) fn read(
    id: String,
    html: &str,
    hints: &Hints,
    diagnostics: Vec<Diagnostic>,
) -> Result<Article, (ErrorKind, String)> {
    // The decoder's warnings point into the page's bytes, which are not the article text
    // (that is extracted from the page): they keep their message, which names the byte
    // offset in the input, and lose the span.
    let mut diagnostics: Vec<Diagnostic> =
        diagnostics.into_iter().map(|d| Diagnostic { span: None, ..d }).collect();
    let dom = Dom::from(html);
    let page = page_meta(&dom);
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Raw, ..Default::default() };
    let extracted = dom_smoothie::Readability::with_document(dom, None, Some(cfg))
        .and_then(|mut r| r.parse())
        .ok();
    let (full, byline) = match extracted {
        Some(a) if !a.text_content.trim().is_empty() => {
            (text_of(&Dom::from(a.content.as_ref())), a.byline.clone())
        }
        // Nothing looked like an article: the whole body's text, filtered the same way.
        _ => (text_of(&Dom::from(html)), None),
    };
    if full.trim().is_empty() {
        return Err((ErrorKind::Empty, "expected a page with text, found none".to_string()));
    }
    let layout = meta::analyze(&full, &full, None);
    let body = layout.body;
    let text = full[body.start..body.end].to_string();
    for d in layout.diagnostics {
        let span = d
            .span
            .filter(|s| body.contains(*s))
            .map(|s| Span::new(s.start - body.start, s.end - body.start));
        diagnostics.push(Diagnostic { span, ..d });
    }
    let header = layout.meta;
    let mut m = page;
    // The extractor's byline ("By Anna Berg, Reuters") may end in the outlet.
    let mut byline_outlet = None;
    if m.authors.is_empty() {
        match byline.as_deref().and_then(meta::byline_names) {
            Some(b) => {
                m.authors = b.authors;
                byline_outlet = b.outlet;
            }
            None => m.authors = header.authors,
        }
    }
    m.title = m.title.or(header.title);
    m.publisher = m.publisher.or(header.publisher).or(byline_outlet);
    m.date =
        m.date.or(header.date).or_else(|| hints.date.as_deref().and_then(meta::normalize_date));
    if hints.url.is_some() {
        m.url.clone_from(&hints.url);
    }
    m.original = header.original;
    let body = Span::new(0, text.len());
    Ok(Article { id, text, plain: None, body, meta: m, diagnostics })
}

/// Trimmed, whitespace-collapsed text; `None` when empty.
fn clean(s: &str) -> Option<String> {
    let out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

/// The metadata a page declares in its head and markup.
fn page_meta(dom: &Dom) -> ArticleMeta {
    let content = |sel: &str| -> Option<String> {
        dom.select(sel).nodes().iter().find_map(|n| n.attr("content").and_then(|c| clean(&c)))
    };
    let ld = json_ld(dom);
    let ld_str =
        |key: &str| ld.as_ref().and_then(|o| o.get(key)).and_then(Value::as_str).and_then(clean);
    let title = content(r#"meta[property="og:title"]"#)
        .or_else(|| ld_str("headline"))
        .or_else(|| content(r#"meta[name="twitter:title"]"#))
        .or_else(|| clean(&dom.select("title").text()));

    let mut authors: Vec<String> = Vec::new();
    // An author field may end in the outlet too ("Jane Doe, BBC News").
    let mut author_outlet = None;
    if let Some(a) = content(r#"meta[name="author"]"#).or_else(|| content(r#"meta[name="Author"]"#))
    {
        match meta::byline_names(&a) {
            Some(b) => {
                authors = b.authors;
                author_outlet = b.outlet;
            }
            None => authors = vec![a],
        }
    }
    if authors.is_empty() {
        if let Some(a) = ld.as_ref().and_then(|o| o.get("author")) {
            authors = person_names(a);
        }
    }
    if authors.is_empty() {
        for sel in [r#"[rel="author"]"#, r#"[itemprop="author"]"#] {
            for n in dom.select(sel).nodes() {
                let name = n
                    .attr("content")
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| n.text().to_string());
                if let Some(name) = clean(&name).filter(|s| !s.starts_with("http")) {
                    if !authors.contains(&name) {
                        authors.push(name);
                    }
                }
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    authors.retain(|a| !a.starts_with("http") && a.chars().count() <= 80);

    let publisher = content(r#"meta[property="og:site_name"]"#).or_else(|| {
        ld.as_ref().and_then(|o| o.get("publisher")).and_then(|p| match p {
            Value::String(s) => clean(s),
            Value::Object(o) => o.get("name").and_then(Value::as_str).and_then(clean),
            _ => None,
        })
    });
    let publisher = publisher.or(author_outlet);
    let time = || {
        dom.select("time[datetime]")
            .nodes()
            .iter()
            .find_map(|n| n.attr("datetime").map(|d| d.to_string()))
    };
    let date = content(r#"meta[property="article:published_time"]"#)
        .or_else(|| ld_str("datePublished"))
        .or_else(|| content(r#"meta[itemprop="datePublished"]"#))
        .or_else(|| {
            ["date", "pubdate", "publishdate", "dc.date", "DC.date.issued", "article.published"]
                .iter()
                .find_map(|n| content(&format!(r#"meta[name="{n}"]"#)))
        })
        .or_else(time)
        .and_then(|d| meta::normalize_date(&d));
    let url = dom
        .select(r#"link[rel="canonical"]"#)
        .nodes()
        .iter()
        .find_map(|n| n.attr("href").and_then(|h| clean(&h)))
        .filter(|u| u.starts_with("http"))
        .or_else(|| content(r#"meta[property="og:url"]"#));
    let lang = dom
        .select("html[lang]")
        .attr("lang")
        .and_then(|l| clean(&l))
        .or_else(|| ld_str("inLanguage"))
        .map(|l| l.split(['-', '_']).next().unwrap_or(&l).to_ascii_lowercase())
        .filter(|l| !l.is_empty());
    ArticleMeta { title, authors, publisher, date, url, original: None, lang }
}

/// Names from a JSON-LD `author`: a string, a person object, or a list of them.
fn person_names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => clean(s).into_iter().collect(),
        Value::Object(o) => o.get("name").map(person_names).unwrap_or_default(),
        Value::Array(items) => {
            let mut out: Vec<String> = Vec::new();
            for n in items.iter().flat_map(person_names) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The JSON-LD object that describes the article: one whose `@type` names an article
/// or a posting, else the first with a `headline`.
fn json_ld(dom: &Dom) -> Option<serde_json::Map<String, Value>> {
    let mut objects = Vec::new();
    for n in dom.select(r#"script[type="application/ld+json"]"#).nodes() {
        if let Ok(v) = serde_json::from_str::<Value>(n.text().trim()) {
            flatten(v, &mut objects, 0);
        }
    }
    let is_article = |o: &serde_json::Map<String, Value>| {
        let t = |s: &str| s.ends_with("Article") || s.ends_with("Posting") || s == "Report";
        match o.get("@type") {
            Some(Value::String(s)) => t(s),
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(t),
            _ => false,
        }
    };
    let pos = objects
        .iter()
        .position(is_article)
        .or_else(|| objects.iter().position(|o| o.contains_key("headline")))?;
    Some(objects.swap_remove(pos))
}

/// Every object of a JSON-LD value, looking into lists and `@graph`.
fn flatten(v: Value, out: &mut Vec<serde_json::Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out, depth + 1)),
        Value::Object(mut o) => {
            if let Some(g) = o.remove("@graph") {
                flatten(g, out, depth + 1);
            }
            out.push(o);
        }
        _ => {}
    }
}

/// A paragraph under construction: its text and how much of it is link text.
#[derive(Default)]
struct Para {
    text: String,
    link_chars: usize,
}

/// Elements that start and end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "dl"
            | "dt"
            | "dd"
            | "main"
            | "aside"
            | "nav"
            | "form"
            | "address"
            | "hr"
            | "td"
            | "th"
    )
}

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "figure"
            | "figcaption"
            | "picture"
            | "video"
            | "audio"
            | "canvas"
            | "object"
            | "head"
    )
}

/// The text of a document: paragraphs separated by blank lines.
fn text_of(dom: &Dom) -> String {
    let mut paras = Vec::new();
    let mut cur = Para::default();
    walk(&dom.root(), &mut paras, &mut cur, false, 0);
    end_paragraph(&mut paras, &mut cur);
    let mut out = String::new();
    for p in paras {
        let chars = p.text.chars().count();
        if p.link_chars as f32 > MAX_LINK_SHARE * chars as f32 {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p.text);
    }
    out
}

/// Walk the children of `node`, appending text to `cur` and paragraphs to `paras`.
fn walk(node: &NodeRef<'_>, paras: &mut Vec<Para>, cur: &mut Para, in_link: bool, depth: usize) {
    // Deeply nested markup is flattened rather than recursed into without bound.
    if depth > 200 {
        append(cur, &node.text(), in_link);
        return;
    }
    for child in node.children_it(false) {
        if child.is_text() {
            append(cur, &child.text(), in_link);
        } else if child.is_element() {
            let name = child.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
            if is_skipped(&name) || child.has_attr("hidden") {
                continue;
            }
            if name == "br" {
                end_paragraph(paras, cur);
                continue;
            }
            let block = is_block(&name);
            if block {
                end_paragraph(paras, cur);
            }
            walk(&child, paras, cur, in_link || name == "a", depth + 1);
            if block {
                end_paragraph(paras, cur);
            }
        }
    }
}

/// Append text with its whitespace collapsed.
fn append(cur: &mut Para, text: &str, in_link: bool) {
    let mut space = cur.text.is_empty() || cur.text.ends_with(' ');
    let mut added = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                cur.text.push(' ');
                space = true;
            }
        } else {
            cur.text.push(c);
            space = false;
            added += 1;
        }
    }
    if in_link {
        cur.link_chars += added;
    }
}

/// Close the current paragraph, keeping it when it has text.
fn end_paragraph(paras: &mut Vec<Para>, cur: &mut Para) {
    let text = cur.text.trim();
    if !text.is_empty() {
        let text: Cow<'_, str> = Cow::Borrowed(text);
        paras.push(Para { text: text.into_owned(), link_chars: cur.link_chars });
    }
    cur.text.clear();
    cur.link_chars = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Harbour deal agreed | The Coast Courier</title>
<meta property="og:title" content="Harbour deal agreed after long night">
<meta property="og:site_name" content="The Coast Courier">
<meta property="article:published_time" content="2021-03-04T09:30:00Z">
<link rel="canonical" href="https://courier.example/harbour-deal">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Harbour deal agreed","author":[{"@type":"Person","name":"Mara Lind"},{"@type":"Person","name":"Tom Ek"}],
 "publisher":{"@type":"Organization","name":"Coast Courier Ltd"},"datePublished":"2021-03-04"}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner"><a href="/privacy">We use cookies. Accept all cookies</a></div>
<article>
<h1>Harbour deal agreed after long night</h1>
<p>The port authority and the dockers' union agreed a new contract early on Thursday after talks that ran through the night in the harbour office.</p>
<p>"We have a deal that keeps every crane working," said Ana Ruiz, the union's chair, as she left the building shortly after dawn.</p>
<figure><img src="a.jpg"><figcaption>"Cranes at dawn," the caption says.</figcaption></figure>
<p>The agreement raises pay by four percent over two years and ends a dispute that had halted shipments for three weeks, officials said.</p>
<p>Shipping firms welcomed the news, and the first vessels were expected to berth again on Friday morning, according to the authority.</p>
</article>
<div class="share"><a href="/s/fb">Share on Facebook</a> <a href="/s/x">Share on X</a></div>
<aside class="related"><h3><a href="/r1">Related: "Strike looms," union warns</a></h3><ul><li><a href="/r2">Dockers vote on action</a></li><li><a href="/r3">Port traffic falls</a></li></ul></aside>
<section class="comments"><p><a href="/u/1">reader77</a>: "Finally!" said nobody.</p></section>
<footer><a href="/about">About us</a> <a href="/contact">Contact</a></footer>
</body></html>"#;

    fn article(html: &str) -> Article {
        read("p".into(), html, &Hints::default(), Vec::new()).unwrap()
    }

    #[test]
    fn main_text_without_boilerplate() {
        let a = article(PAGE);
        assert!(a.text.starts_with("The port authority"), "{}", a.text);
        assert!(a.text.contains("keeps every crane working"));
        assert!(a.text.contains("according to the authority."));
        for junk in
            ["Home", "cookies", "Share on", "Related", "reader77", "About us", "Cranes at dawn"]
        {
            assert!(!a.text.contains(junk), "{junk} in {}", a.text);
        }
        // Paragraphs are separated by blank lines.
        assert_eq!(a.text.matches("\n\n").count(), 3, "{}", a.text);
        assert_eq!(a.body, Span::new(0, a.text.len()));
    }

    #[test]
    fn metadata_from_the_page() {
        let m = article(PAGE).meta;
        assert_eq!(m.title.as_deref(), Some("Harbour deal agreed after long night"));
        assert_eq!(m.authors, vec!["Mara Lind".to_string(), "Tom Ek".to_string()]);
        assert_eq!(m.publisher.as_deref(), Some("The Coast Courier"));
        assert_eq!(m.date.as_deref(), Some("2021-03-04"));
        assert_eq!(m.url.as_deref(), Some("https://courier.example/harbour-deal"));
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn fallbacks_meta_author_time_and_hints() {
        let html = r#"<html><head><title>Budget vote</title><meta name="author" content="Jo Park and Li Wei"></head>
<body><article><p>By Jo Park and Li Wei</p><p><time datetime="2020-05-06">6 May 2020</time></p>
<p>The council passed the budget on Tuesday evening by a narrow margin, with two members abstaining from the vote.</p>
<p>Opponents said the plan cut too deeply into library hours and would hurt families across the district this year.</p></article></body></html>"#;
        let hints = Hints {
            url: Some("http://archive.example/x".into()),
            date: Some("2020-07-01T00:00:00Z".into()),
            ..Hints::default()
        };
        let a = read("x".into(), html, &hints, Vec::new()).unwrap();
        assert_eq!(a.meta.title.as_deref(), Some("Budget vote"));
        assert_eq!(a.meta.authors, vec!["Jo Park".to_string(), "Li Wei".to_string()]);
        assert_eq!(a.meta.date.as_deref(), Some("2020-05-06"));
        assert_eq!(a.meta.url.as_deref(), Some("http://archive.example/x"));
        assert!(a.text.starts_with("The council passed"), "{}", a.text);
        let bare = "<html><body><p>Plain words here, and more of them in a sentence that runs on.</p></body></html>";
        let a = read("x".into(), bare, &hints, Vec::new()).unwrap();
        assert_eq!(
            a.meta.date.as_deref(),
            Some("2020-07-01"),
            "the container's date is the fallback"
        );
    }

    #[test]
    fn bylines_that_end_in_an_outlet_give_the_publisher() {
        let body = "<p>The council passed the budget on Tuesday evening by a narrow margin, with two members abstaining from the vote.</p>\
<p>Opponents said the plan cut too deeply into library hours and would hurt families across the district this year.</p>";
        // In an author field, when the page names no site.
        let html = format!(
            r#"<html><head><title>Budget vote</title><meta name="author" content="Jo Park, Reuters"></head><body><article>{body}</article></body></html>"#
        );
        let m = article(&html).meta;
        assert_eq!(m.authors, vec!["Jo Park".to_string()]);
        assert_eq!(m.publisher.as_deref(), Some("Reuters"));
        // In the article's byline line.
        let html = format!(
            r#"<html><head><title>Budget vote</title></head><body><article><p>By Jo Park, Reuters</p>{body}</article></body></html>"#
        );
        let a = article(&html);
        assert_eq!(a.meta.authors, vec!["Jo Park".to_string()]);
        assert_eq!(a.meta.publisher.as_deref(), Some("Reuters"));
        assert!(a.text.starts_with("The council passed"), "{}", a.text);
        // The page's own site name comes first.
        let html = format!(
            r#"<html><head><title>Budget vote</title><meta property="og:site_name" content="Valley Ledger"><meta name="author" content="Jo Park, Reuters"></head><body><article>{body}</article></body></html>"#
        );
        assert_eq!(article(&html).meta.publisher.as_deref(), Some("Valley Ledger"));
    }

    #[test]
    fn page_without_text_is_an_error() {
        let e = read(
            "x".into(),
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            &Hints::default(),
            Vec::new(),
        )
        .unwrap_err();
        assert_eq!(e.0, ErrorKind::Empty);
    }

    #[test]
    fn charsets_are_honoured() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Gr\xfc\xdfe</p></body></html>".to_vec();
        let (s, d) = decode(latin1.clone(), None);
        assert!(s.contains("Grüße"), "{s}");
        assert!(d.is_empty());
        let (s, _) = decode(b"<p>caf\xe9</p>".to_vec(), Some("windows-1252"));
        assert!(s.contains("café"));
        let (s, _) = decode("<p>café</p>".as_bytes().to_vec(), None);
        assert!(s.contains("café"));
        let (s, d) = decode(b"<p>a\xffb</p>".to_vec(), None);
        assert!(s.contains('\u{FFFD}') && d.len() == 1);
        assert_eq!(
            meta_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>"
            ),
            Some(&b"Shift_JIS"[..])
        );
    }
}
