//! Markdown reader: `text` is the input unchanged; `plain` masks the markup.
//!
//! Invariant: `plain.len() == text.len()`, every kept byte stays at its position, and
//! every masked char becomes as many spaces as it has bytes, so offsets found in
//! `plain` are offsets into `text`. Line breaks are always kept. What stays: the
//! text of paragraphs, headings, list items, quotes, emphasis, link labels and code.
//! What goes: heading `#`s, emphasis markers, list bullets, `>`, HTML, link targets,
//! autolinks, images (alt text included) and rules. The parser is pulldown-cmark,
//! whose offset iterator gives each text event its source range.
//!
//! Front matter at the very top (YAML between `---` lines, or TOML between `+++`
//! lines) is masked whole and read for metadata: `title`, `author` / `authors` (a name,
//! a list of names, or a list of `{name: …}`), `date`, `url` / `link`, `lang` /
//! `language`, `publisher` / `source` / `outlet` / `site`. Its values come before
//! anything the header lines say. Front matter that does not parse is reported as a
//! warning naming its line, and left out.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::{Article, ArticleMeta, Diagnostic, Span};

use super::meta;

/// Masked text and the heading positions.
#[derive(Debug)]
pub(crate) struct Masked {
    /// `text` with markup replaced by spaces.
    pub plain: String,
    /// Source span of each heading, in order.
    pub headings: Vec<Span>,
}

/// Mask the markup of `text`.
#[cfg(test)]
pub(crate) fn mask(text: &str) -> Masked {
    mask_from(text, 0)
}

/// Mask the markup of `text`, and everything before byte `from` (the front matter).
fn mask_from(text: &str, from: usize) -> Masked {
    // Spaces everywhere but at line breaks; kept ranges are copied in below. No second
    // buffer of the text's size is needed, which matters for very long articles.
    let mut keep: Vec<u8> =
        text.bytes().map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' }).collect();
    let mut headings = Vec::new();
    let mut images = 0usize;
    // For each open link: true when it is an autolink, whose text is its address.
    let mut links: Vec<bool> = Vec::new();
    let rest = text.get(from..).unwrap_or("");
    for (event, range) in Parser::new_ext(rest, Options::empty()).into_offset_iter() {
        let range = range.start + from..range.end + from;
        match event {
            Event::Start(Tag::Heading { .. }) => headings.push(Span::new(range.start, range.end)),
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images = images.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                links.push(matches!(link_type, LinkType::Autolink | LinkType::Email));
            }
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Text(t) if images == 0 && !links.contains(&true) => {
                unmask(&mut keep, text, range, &t, false);
            }
            Event::Code(t) if images == 0 && !links.contains(&true) => {
                unmask(&mut keep, text, range, &t, true);
            }
            _ => {}
        }
    }
    let plain = String::from_utf8(keep)
        .expect("kept ranges lie on char boundaries and every other byte is ASCII");
    debug_assert_eq!(plain.len(), text.len());
    Masked { plain, headings }
}

/// Keep the bytes of a text event. Usually the event's text is its source range.
/// An escape (`\*`) keeps the char after the backslash; inline code keeps its content
/// inside the backticks; an entity (`&amp;`) is kept as written.
fn unmask(keep: &mut [u8], text: &str, range: Range<usize>, event_text: &str, code: bool) {
    let source = text.get(range.clone()).unwrap_or("");
    let kept = if source == event_text {
        range
    } else if code || source.starts_with('\\') {
        match source.find(event_text) {
            Some(at) if !event_text.is_empty() => {
                range.start + at..range.start + at + event_text.len()
            }
            _ => range,
        }
    } else {
        range
    };
    let aligned = text.is_char_boundary(kept.start) && text.is_char_boundary(kept.end);
    if let (true, Some(slots), Some(src)) =
        (aligned, keep.get_mut(kept.clone()), text.as_bytes().get(kept))
    {
        slots.copy_from_slice(src);
    }
}

/// One article from decoded Markdown.
pub(crate) fn read(id: String, text: String, mut diagnostics: Vec<Diagnostic>) -> Article {
    let front = front_matter(&text);
    let from = front.as_ref().map_or(0, |f| f.span.end);
    let masked = mask_from(&text, from);
    let layout = meta::analyze(&text, &masked.plain, Some(&masked.headings));
    diagnostics.extend(layout.diagnostics);
    let mut meta = layout.meta;
    if let Some(f) = front {
        diagnostics.extend(f.diagnostics);
        meta = merge_meta(f.meta, meta);
    }
    // A text with no markup to mask is its own plain text: one copy, not two.
    let plain = (masked.plain != text).then_some(masked.plain);
    Article { id, text, plain, body: layout.body, meta, diagnostics }
}

/// Front matter values first, header values where the front matter says nothing.
fn merge_meta(front: ArticleMeta, header: ArticleMeta) -> ArticleMeta {
    ArticleMeta {
        title: front.title.or(header.title),
        authors: if front.authors.is_empty() { header.authors } else { front.authors },
        publisher: front.publisher.or(header.publisher),
        date: front.date.or(header.date),
        url: front.url.or(header.url),
        original: front.original.or(header.original),
        lang: front.lang.or(header.lang),
    }
}

/// The front matter of a Markdown file.
#[derive(Debug)]
struct FrontMatter {
    /// From the opening line to the end of the closing line.
    span: Span,
    /// What it says.
    meta: ArticleMeta,
    /// Why it could not be read, when it could not.
    diagnostics: Vec<Diagnostic>,
}

/// Find and read the front matter: `---` … `---` (or `...`) YAML, `+++` … `+++` TOML,
/// starting on the first line.
fn front_matter(text: &str) -> Option<FrontMatter> {
    let first = text.lines().next()?.trim_end();
    let (fence, yaml) = match first {
        "---" => ("---", true),
        "+++" => ("+++", false),
        _ => return None,
    };
    let body_start = text.find('\n')? + 1;
    let mut pos = body_start;
    let mut end = None;
    for line in text[body_start..].split_inclusive('\n') {
        let l = line.trim_end();
        if l == fence || (yaml && l == "...") {
            end = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let (content_end, span_end) = end?;
    let content = &text[body_start..content_end];
    let span = Span::new(0, span_end);
    let line_of = |n: usize| n + 1; // the content starts on line 2 of the file
    let (meta, problems) = if yaml { read_yaml(content, line_of) } else { read_toml(content) };
    // A problem's span is its line of the front matter in the text (the last line with
    // text up to it, when the parser stopped at a blank line or the end), else the
    // opening fence.
    let line_span = |n: usize| {
        let mut pos = body_start;
        let mut found = None;
        for l in content.split_inclusive('\n').take(n) {
            let shown = l.trim_end_matches(['\n', '\r']);
            if !shown.trim().is_empty() {
                found = Some(Span::new(pos, pos + shown.len()));
            }
            pos += l.len();
        }
        found
    };
    let diagnostics = problems
        .into_iter()
        .map(|(message, line)| {
            let span = line.and_then(line_span).unwrap_or(Span::new(0, first.len()));
            Diagnostic::warning(message, Some(span))
        })
        .collect();
    Some(FrontMatter { span, meta, diagnostics })
}

/// A front matter value as one line of text: a string, a number, a date.
fn scalar_yaml(v: &yaml_rust2::Yaml) -> Option<String> {
    use yaml_rust2::Yaml;
    let s = match v {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        _ => return None,
    };
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// The keys that fill each field, in order of preference.
const TITLE_KEYS: [&str; 2] = ["title", "headline"];
const AUTHOR_KEYS: [&str; 3] = ["authors", "author", "byline"];
const DATE_KEYS: [&str; 3] = ["date", "published", "pubdate"];
const URL_KEYS: [&str; 4] = ["url", "link", "canonical", "permalink"];
const LANG_KEYS: [&str; 2] = ["lang", "language"];
const PUBLISHER_KEYS: [&str; 5] = ["publisher", "source", "outlet", "site", "publication"];

/// Why front matter could not be read, and on which of its lines (1-based) when known.
type Problem = (String, Option<usize>);

fn read_yaml(content: &str, line_of: impl Fn(usize) -> usize) -> (ArticleMeta, Vec<Problem>) {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = match YamlLoader::load_from_str(content) {
        Ok(d) => d,
        Err(e) => {
            let line = line_of(e.marker().line());
            return (
                ArticleMeta::default(),
                vec![(
                    format!(
                        "expected YAML front matter, found an error on line {line} ({e}); front matter left out"
                    ),
                    Some(e.marker().line()),
                )],
            );
        }
    };
    let Some(doc) = docs.into_iter().next().filter(|d| matches!(d, Yaml::Hash(_))) else {
        return (
            ArticleMeta::default(),
            vec![("expected YAML front matter of `key: value` lines, found another form; front matter left out".to_string(), None)],
        );
    };
    let get = |keys: &[&str]| keys.iter().find_map(|k| scalar_yaml(&doc[*k]));
    let authors = AUTHOR_KEYS
        .iter()
        .map(|k| &doc[*k])
        .find(|v| !matches!(v, Yaml::BadValue | Yaml::Null))
        .map(|v| match v {
            Yaml::Array(items) => items
                .iter()
                .filter_map(|i| scalar_yaml(i).or_else(|| scalar_yaml(&i["name"])))
                .collect(),
            Yaml::Hash(_) => scalar_yaml(&v["name"]).into_iter().collect(),
            v => scalar_yaml(v).map(|s| split_authors(&s)).unwrap_or_default(),
        })
        .unwrap_or_default();
    (
        fields(
            get(&TITLE_KEYS),
            authors,
            get(&DATE_KEYS),
            get(&URL_KEYS),
            get(&LANG_KEYS),
            get(&PUBLISHER_KEYS),
        ),
        Vec::new(),
    )
}

fn read_toml(content: &str) -> (ArticleMeta, Vec<Problem>) {
    let table: toml::Table = match toml::from_str(content) {
        Ok(t) => t,
        Err(e) => {
            let at = e.span().map(|s| s.start.min(content.len()));
            // The line of the error in the front matter, 1-based.
            let n =
                at.map(|at| content.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1);
            let line = n.unwrap_or(1) + 1;
            let msg = e.message().to_string();
            return (
                ArticleMeta::default(),
                vec![(
                    format!(
                        "expected TOML front matter, found an error on line {line} ({msg}); front matter left out"
                    ),
                    n,
                )],
            );
        }
    };
    let scalar = |v: &toml::Value| -> Option<String> {
        let s = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Datetime(d) => d.to_string(),
            _ => return None,
        };
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (!s.is_empty()).then_some(s)
    };
    let get = |keys: &[&str]| keys.iter().find_map(|k| table.get(*k).and_then(scalar));
    let authors = AUTHOR_KEYS
        .iter()
        .find_map(|k| table.get(*k))
        .map(|v| match v {
            toml::Value::Array(items) => items
                .iter()
                .filter_map(|i| scalar(i).or_else(|| i.get("name").and_then(scalar)))
                .collect(),
            toml::Value::Table(t) => t.get("name").and_then(scalar).into_iter().collect(),
            v => scalar(v).map(|s| split_authors(&s)).unwrap_or_default(),
        })
        .unwrap_or_default();
    (
        fields(
            get(&TITLE_KEYS),
            authors,
            get(&DATE_KEYS),
            get(&URL_KEYS),
            get(&LANG_KEYS),
            get(&PUBLISHER_KEYS),
        ),
        Vec::new(),
    )
}

/// "Anna Berg and Jan Ott", "Anna Berg, Jan Ott": the names of one author string.
fn split_authors(s: &str) -> Vec<String> {
    meta::author_names(s).unwrap_or_else(|| vec![s.to_string()])
}

/// The metadata of front matter values; a date is normalised (`2009-12-02`), a URL
/// kept only when it looks like one.
fn fields(
    title: Option<String>,
    authors: Vec<String>,
    date: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    publisher: Option<String>,
) -> ArticleMeta {
    ArticleMeta {
        title,
        authors,
        publisher,
        date: date.and_then(|d| meta::normalize_date(&d)),
        url,
        original: None,
        lang: lang.map(|l| l.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mask and check the invariant: same length, kept bytes in place.
    fn plain(text: &str) -> String {
        let p = mask(text).plain;
        assert_eq!(p.len(), text.len());
        for (i, c) in p.char_indices() {
            if c != ' ' {
                assert!(text.is_char_boundary(i), "plain char at {i} is not a text char boundary");
                assert!(text[i..].starts_with(c), "byte {i} moved");
            }
        }
        p
    }

    #[test]
    fn links_keep_label_only() {
        let t = "By [Yu Maofeng](#) and [Lu Jingli](http://x.org/a)\n";
        assert_eq!(plain(t), "By  Yu Maofeng     and  Lu Jingli                 \n");
    }

    #[test]
    fn headings_emphasis_bullets_quotes_are_masked() {
        assert_eq!(plain("# Title\n"), "  Title\n");
        assert_eq!(plain("**Disclaimer:** a *b* _c_\n"), "  Disclaimer:   a  b   c \n");
        assert_eq!(plain("- one\n- two\n"), "  one\n  two\n");
        assert_eq!(plain("> quoted\n"), "  quoted\n");
        assert_eq!(plain("a\n\n---\n\nb\n"), "a\n\n   \n\nb\n");
    }

    #[test]
    fn html_images_and_autolinks_are_masked() {
        assert_eq!(plain("a <b>x</b> c\n"), "a    x     c\n");
        assert_eq!(plain("<div>\nblock\n</div>\n"), "     \n     \n      \n");
        assert_eq!(plain("see ![alt text](p.png) here\n"), "see                    here\n");
        assert_eq!(plain("at <http://x.org> now\n"), "at                now\n");
    }

    #[test]
    fn code_keeps_content_and_entities_stay_as_written() {
        assert_eq!(plain("use `x` now\n"), "use  x  now\n");
        assert_eq!(plain("a &amp; b\n"), "a &amp; b\n");
        assert_eq!(plain("not \\*em\\*\n"), "not  *em *\n");
    }

    #[test]
    fn multibyte_chars_are_masked_whole() {
        let t = "# «Grüße» — “ja”\n\n[Zürich’s](#) „Wort“ €\n";
        let p = plain(t);
        assert!(p.contains("«Grüße» — “ja”"));
        assert!(p.contains(" Zürich’s "));
        assert!(p.contains("„Wort“ €"));
        let t = "<span title=\"é\">€</span>\n";
        let p = plain(t);
        assert_eq!(p.trim(), "€");
    }

    #[test]
    fn headings_are_reported() {
        let t = "# One\n\ntext\n\n## Two\n";
        let m = mask(t);
        assert_eq!(m.headings.len(), 2);
        assert!(m.headings[0].slice(t).starts_with("# One"));
        assert!(m.headings[1].slice(t).starts_with("## Two"));
    }

    #[test]
    fn markdown_title_is_first_heading() {
        let t =
            "# The Title\n\nBy [Ann Lee](#)\n\nBody paragraph one.\n\n## Section\n\nMore body.\n";
        let a = read("x".into(), t.to_string(), Vec::new());
        assert_eq!(a.meta.title.as_deref(), Some("The Title"));
        assert_eq!(a.meta.authors, vec!["Ann Lee".to_string()]);
        assert!(a.body.slice(t).starts_with("Body paragraph one."));
        assert!(a.body.slice(t).ends_with("More body."));
        // Without a heading there is no title, even for a headline-like line.
        let a = read("x".into(), "Short Line\n\nBody.\n".to_string(), Vec::new());
        assert_eq!(a.meta.title, None);
    }

    #[test]
    fn yaml_front_matter_is_metadata_not_text() {
        let t = "---\nlang: de\ntitle: Stadtwerke erhöhen die Gaspreise\nauthor:\n  - Anna Berg\n  - name: Jan van der Ott\ndate: 2024-03-04\nurl: https://example.org/gas\nsource: Brennfelder Bote\n---\n\n# Other Heading\n\nDer Text beginnt hier.\n";
        let a = read("x".into(), t.to_string(), Vec::new());
        let m = &a.meta;
        assert_eq!(m.title.as_deref(), Some("Stadtwerke erhöhen die Gaspreise"));
        assert_eq!(m.authors, ["Anna Berg", "Jan van der Ott"]);
        assert_eq!(m.date.as_deref(), Some("2024-03-04"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/gas"));
        assert_eq!(m.lang.as_deref(), Some("de"));
        assert_eq!(m.publisher.as_deref(), Some("Brennfelder Bote"));
        let plain = a.plain.as_deref().unwrap();
        assert!(!plain.contains("lang"), "front matter is masked: {plain:?}");
        assert!(a.body.slice(t).starts_with("Der Text beginnt hier."), "{:?}", a.body.slice(t));
        assert!(a.diagnostics.is_empty());
    }

    #[test]
    fn a_text_without_markup_is_its_own_plain_text() {
        let plain = "A headline\n\n“We are ready,” said the mayor.\n";
        assert_eq!(read("x".into(), plain.to_string(), Vec::new()).plain, None);
        let marked = "A headline\n\n“We are *ready*,” said [the mayor](#).\n";
        let a = read("x".into(), marked.to_string(), Vec::new());
        assert_eq!(a.plain().len(), marked.len());
        assert!(a.plain.is_some() && !a.plain().contains("](#)"), "{:?}", a.plain);
    }

    #[test]
    fn toml_front_matter_and_single_author_strings() {
        let t = "+++\ntitle = \"Gas prices rise\"\nauthors = \"Anna Berg and Jan Ott\"\ndate = 2024-03-04\n+++\n\nThe text.\n";
        let a = read("x".into(), t.to_string(), Vec::new());
        assert_eq!(a.meta.title.as_deref(), Some("Gas prices rise"));
        assert_eq!(a.meta.authors, ["Anna Berg", "Jan Ott"]);
        assert_eq!(a.meta.date.as_deref(), Some("2024-03-04"));
        assert_eq!(a.body.slice(t), "The text.");
    }

    #[test]
    fn bad_front_matter_is_a_warning_naming_its_line() {
        let t = "---\ntitle: A\nauthor: [unclosed\n---\n\n# Real Title\n\nBody.\n";
        let a = read("x".into(), t.to_string(), Vec::new());
        assert_eq!(a.diagnostics.len(), 1, "{:?}", a.diagnostics);
        let d = &a.diagnostics[0];
        assert!(
            d.message.starts_with("expected YAML front matter, found an error on line"),
            "{}",
            d.message
        );
        assert_eq!(a.meta.title.as_deref(), Some("Real Title"));
        // The span is the line of the error in the article's text.
        assert_eq!(d.span.unwrap().slice(&a.text), "author: [unclosed");
        let toml = "+++\ntitle = \"A\"\ndate = nope\n+++\n\nBody.\n";
        let a = read("x".into(), toml.to_string(), Vec::new());
        let d = &a.diagnostics[0];
        assert!(d.message.contains("on line 3 "), "{}", d.message);
        assert_eq!(d.span.unwrap().slice(&a.text), "date = nope");
        // Not front matter: a rule later in the file, or no closing fence.
        let a = read("x".into(), "Text.\n\n---\n\nMore.\n".to_string(), Vec::new());
        assert!(a.diagnostics.is_empty());
        let a = read("x".into(), "---\nno end\n".to_string(), Vec::new());
        assert!(a.diagnostics.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn prop_mask_keeps_length_and_positions(
            t in "(\\PC|\n|\\[|\\]|\\(|\\)|\\*|_|#|>|- |<b>|`|!|&amp;|\\\\){0,120}"
        ) {
            let p = mask(&t).plain;
            proptest::prop_assert_eq!(p.len(), t.len());
            for (i, c) in p.char_indices() {
                if c != ' ' {
                    proptest::prop_assert!(t.is_char_boundary(i) && t[i..].starts_with(c));
                }
            }
            let a = read("x".into(), t.clone(), Vec::new());
            proptest::prop_assert!(t.is_char_boundary(a.body.start) && t.is_char_boundary(a.body.end));
        }
    }
}
