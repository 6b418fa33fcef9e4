//! Markdown reader: `text` is the input unchanged; `plain` masks the markup.
//!
//! Invariant: `plain.len() == text.len()`, every kept byte stays at its position, and
//! every masked char becomes as many spaces as it has bytes, so offsets found in
//! `plain` are offsets into `text`. Line breaks are always kept. What stays: the
//! text of paragraphs, headings, list items, quotes, emphasis, link labels and code.
//! What goes: heading `#`s, emphasis markers, list bullets, `>`, HTML, link targets,
//! autolinks, images (alt text included) and rules. The parser is pulldown-cmark,
//! whose offset iterator gives each text event its source range.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::{Article, Diagnostic, Span};

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
pub(crate) fn mask(text: &str) -> Masked {
    // Spaces everywhere but at line breaks; kept ranges are copied in below. No second
    // buffer of the text's size is needed, which matters for very long articles.
    let mut keep: Vec<u8> =
        text.bytes().map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' }).collect();
    let mut headings = Vec::new();
    let mut images = 0usize;
    // For each open link: true when it is an autolink, whose text is its address.
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
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
    let masked = mask(&text);
    let layout = meta::analyze(&text, &masked.plain, Some(&masked.headings));
    diagnostics.extend(layout.diagnostics);
    Article {
        id,
        text,
        plain: Some(masked.plain),
        body: layout.body,
        meta: layout.meta,
        diagnostics,
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
