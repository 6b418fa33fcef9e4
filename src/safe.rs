//! Text that reaches a person: one sanitizer for every human-facing output.
//!
//! Articles, file names, URLs and JSON records are untrusted. Shown raw on a terminal or
//! in an editor, some characters act instead of showing: C0 and C1 controls (ESC starts
//! a terminal escape sequence, `\r` rewrites a line, NUL truncates), bidirectional
//! controls and isolates (U+202E shows `exe.txt` as `txt.exe`), zero-width and other
//! invisible format characters (U+200B, U+2060–2064, U+00AD, U+180E, U+FEFF, the
//! interlinear annotation marks U+FFF9–FFFB), tag characters (U+E0000–E007F) and the
//! line and paragraph separators U+2028/U+2029. They are exactly the Unicode general
//! categories `Cc`, `Cf`, `Zl` and `Zp`; [`is_unsafe`] decides, and every output applies
//! one of the policies below:
//!
//! | function | for | `\t` | `\n` | other unsafe characters |
//! |---|---|---|---|---|
//! | [`line()`] | a message line: errors, diagnostics, progress, file names | kept | escaped | shown escaped (`\u{1b}`) |
//! | [`lines`] | a message of several lines | kept | kept | shown escaped |
//! | [`text`] | article text on one line (listing, Markdown, HTML attributes) | kept | space | format characters removed, other whitespace a space, other controls U+FFFD |
//! | [`text_lines`] | article text over lines (Markdown documents, HTML text) | kept | kept | as [`text`] |
//!
//! Messages show what was there, so that a user can find the file whose name holds
//! an escape sequence; article text shows what a reader sees (a soft hyphen or a
//! zero-width space is invisible, so it goes). Machine formats lose nothing: JSON
//! writes every unsafe character as a `\u` escape ([`to_json_writer`], [`JsonFormatter`]).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use unicode_general_category::{GeneralCategory, get_general_category};

/// True for the characters that must never reach a terminal raw: the general categories
/// `Cc` (controls, `\t` and `\n` included), `Cf` (format), `Zl` and `Zp` (separators).
#[inline]
pub fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    matches!(
        get_general_category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// Does `s` hold a character that a human-facing output writes and that is not white
/// space? A title of only controls and format characters is written as nothing.
pub fn is_visible(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace() && !is_unsafe(c))
}

/// The byte offset of the first byte of `s` that is not printable ASCII (a control, DEL
/// or the start of a multi-byte character); always a character boundary.
#[inline]
fn first_non_printable_ascii(s: &str) -> Option<usize> {
    s.bytes().position(|b| !(0x20..0x7f).contains(&b))
}

/// True when `s` has nothing to replace under a policy that keeps `\t` (and `\n` when
/// `newlines`).
fn clean(s: &str, newlines: bool) -> bool {
    first_non_printable_ascii(s).is_none_or(|start| {
        !s[start..].chars().any(|c| is_unsafe(c) && c != '\t' && !(newlines && c == '\n'))
    })
}

fn escaped(s: &str, newlines: bool) -> Cow<'_, str> {
    if clean(s, newlines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && c != '\t' && !(newlines && c == '\n') {
            // Writing into a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A message on one line (an error, a diagnostic, a progress note, a file name): every
/// unsafe character but `\t`, `\n` included, is shown as an escape such as `\u{1b}`,
/// so no input can start a terminal sequence or forge another line.
pub fn line(s: &str) -> Cow<'_, str> {
    escaped(s, false)
}

/// [`line()`] for a message of several lines: `\n` is kept.
pub fn lines(s: &str) -> Cow<'_, str> {
    escaped(s, true)
}

fn shown(s: &str, newlines: bool) -> Cow<'_, str> {
    if clean(s, newlines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !is_unsafe(c) || c == '\t' || (newlines && c == '\n') {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else if get_general_category(c) == GeneralCategory::Control {
            out.push('\u{FFFD}');
        }
        // Format characters are invisible: they go.
    }
    Cow::Owned(out)
}

/// Article text shown on one line: format characters (bidi, zero-width, soft hyphen,
/// tags) removed, line breaks and other whitespace controls a space, other controls
/// U+FFFD; `\t` is kept.
pub fn text(s: &str) -> Cow<'_, str> {
    shown(s, false)
}

/// [`text`] for text over several lines: `\n` is kept.
pub fn text_lines(s: &str) -> Cow<'_, str> {
    shown(s, true)
}

/// A JSON text with every unsafe character a `\u` escape. In valid JSON such a
/// character can stand raw only inside a string (where the escape means the same) or,
/// for `\t`, `\n` and `\r`, as whitespace between tokens (kept).
pub fn json_text(s: &str) -> Cow<'_, str> {
    let structural = |c: char| matches!(c, '\t' | '\n' | '\r');
    if !s.chars().any(|c| is_unsafe(c) && !structural(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 12);
    for c in s.chars() {
        if is_unsafe(c) && !structural(c) {
            push_json_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `\uXXXX` (two of them, a surrogate pair, above U+FFFF).
fn push_json_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for u in c.encode_utf16(&mut units) {
        // Writing into a String cannot fail.
        let _ = write!(out, "\\u{u:04x}");
    }
}

/// A serde_json [`Formatter`] that writes every unsafe character ([`is_unsafe`]) in a
/// string as a `\u` escape; serde_json itself escapes only U+0000–U+001F. Wraps the
/// compact or the pretty formatter.
#[derive(Debug, Clone)]
pub struct JsonFormatter<F>(pub F);

impl JsonFormatter<CompactFormatter> {
    /// One line.
    pub fn compact() -> Self {
        JsonFormatter(CompactFormatter)
    }
}

impl<'a> JsonFormatter<PrettyFormatter<'a>> {
    /// Indented by two spaces.
    pub fn pretty() -> Self {
        JsonFormatter(PrettyFormatter::new())
    }

    /// Indented by `indent`.
    pub fn pretty_with_indent(indent: &'a [u8]) -> Self {
        JsonFormatter(PrettyFormatter::with_indent(indent))
    }
}

impl<F: Formatter> Formatter for JsonFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Most of a fragment is printable ASCII: write it through without decoding chars.
        let Some(start) = first_non_printable_ascii(fragment) else {
            return w.write_all(fragment.as_bytes());
        };
        let mut from = 0;
        for (i, c) in fragment[start..].char_indices() {
            let i = start + i;
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[from..i])?;
                let mut e = String::with_capacity(12);
                push_json_escape(&mut e, c);
                w.write_all(e.as_bytes())?;
                from = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[from..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Serialize `value` as JSON (one line, or indented by two spaces when `pretty`) with
/// every unsafe character escaped.
pub fn to_json_writer<W: io::Write, T: ?Sized + Serialize>(
    w: W,
    value: &T,
    pretty: bool,
) -> serde_json::Result<()> {
    if pretty {
        value.serialize(&mut serde_json::Serializer::with_formatter(w, JsonFormatter::pretty()))
    } else {
        value.serialize(&mut serde_json::Serializer::with_formatter(w, JsonFormatter::compact()))
    }
}

/// [`to_json_writer`] into a string.
pub fn to_json_string<T: ?Sized + Serialize>(value: &T, pretty: bool) -> String {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail, and the serializer writes UTF-8.
    let _ = to_json_writer(&mut buf, value, pretty);
    String::from_utf8_lossy(&buf).into_owned()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One of each kind of character that must not reach a terminal raw.
    pub(crate) const UNSAFE: &[char] = &[
        '\0',
        '\u{7}',
        '\u{8}',
        '\r',
        '\u{b}',
        '\u{c}',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{9d}',
        '\u{ad}',
        '\u{61c}',
        '\u{180e}',
        '\u{200b}',
        '\u{200c}',
        '\u{200d}',
        '\u{200e}',
        '\u{200f}',
        '\u{2028}',
        '\u{2029}',
        '\u{202a}',
        '\u{202b}',
        '\u{202c}',
        '\u{202d}',
        '\u{202e}',
        '\u{2060}',
        '\u{2061}',
        '\u{2062}',
        '\u{2063}',
        '\u{2064}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{206a}',
        '\u{feff}',
        '\u{fff9}',
        '\u{fffa}',
        '\u{fffb}',
        '\u{e0001}',
        '\u{e0020}',
        '\u{e0041}',
        '\u{e007f}',
    ];

    #[test]
    fn the_categories_are_the_ones_named() {
        for &c in UNSAFE {
            assert!(is_unsafe(c), "{:x}", u32::from(c));
        }
        for c in ['a', ' ', 'é', '“', '\u{a0}', '\u{fffd}', '😀', '\u{fe0f}', 'ß', '中'] {
            assert!(!is_unsafe(c), "{:x}", u32::from(c));
        }
        assert!(is_unsafe('\t') && is_unsafe('\n'));
    }

    #[test]
    fn messages_show_escapes_and_stay_on_one_line() {
        let name = "evil\n\u{1b}]8;;x\u{7}quotecite: all good\u{202e}txt.exe";
        let l = line(name);
        assert_eq!(l, "evil\\u{a}\\u{1b}]8;;x\\u{7}quotecite: all good\\u{202e}txt.exe");
        assert!(!l.contains('\n'));
        assert_eq!(lines("a\nb\u{1b}"), "a\nb\\u{1b}");
        assert_eq!(line("tab\there"), "tab\there");
        assert!(matches!(line("plain, safe"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_drops_the_invisible_and_marks_controls() {
        assert_eq!(text("co\u{ad}operate"), "cooperate");
        assert_eq!(text("a\u{202e}b\u{200b}c\u{e0041}"), "abc");
        assert_eq!(text("one\ntwo\u{2028}three\r"), "one two three ");
        assert_eq!(text("bell\u{7}\u{1b}[31m"), "bell\u{fffd}\u{fffd}[31m");
        assert_eq!(text_lines("one\ntwo\u{85}"), "one\ntwo ");
        assert!(matches!(text("Ça va, “merci”."), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let v = serde_json::json!({"t": "a\u{9b}b\u{202e}c\u{e0001}d\u{1b}e\"f"});
        for pretty in [false, true] {
            let s = to_json_string(&v, pretty);
            assert!(s.contains(r#"a\u009bb\u202ec\udb40\udc01d\u001be\"f"#), "{s}");
            assert!(!s.chars().any(|c| is_unsafe(c) && c != '\n'), "{s}");
            let back: serde_json::Value = serde_json::from_str(&s).unwrap();
            assert_eq!(back, v);
        }
        assert!(to_json_string(&v, true).contains("\n  \"t\""));
        let raw = "{\n\t\"a\": \"x\u{202e}y\"}";
        let escaped = json_text(raw);
        assert_eq!(escaped, "{\n\t\"a\": \"x\\u202ey\"}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&escaped).unwrap(),
            serde_json::from_str::<serde_json::Value>(raw).unwrap()
        );
    }

    /// Every unsafe character there is, in code point order.
    fn every_unsafe() -> Vec<char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| is_unsafe(c)).collect()
    }

    /// An article whose text, quotations, speaker, title, authors, outlet, date, URL and
    /// id all hold `bad`, and an unreadable document whose path and message hold it.
    fn poisoned(bad: &str) -> (crate::Analysis, crate::Error) {
        use crate::model::{Article, ArticleMeta};
        let text = format!(
            "Anna{bad} Berg is the harbour{bad} minister.\n\n\
             “We will{bad} win the vote{bad} tomorrow,” said Anna{bad} Berg, the harbour \
             minister{bad}. “Nobody{bad} doubts it,” she added.\n\n\
             Berg{bad} said that the budget would pass{bad} easily.\n"
        );
        let mut art = Article::from_text(format!("id{bad}"), text);
        art.meta = ArticleMeta {
            title: Some(format!("Budget{bad} vote")),
            authors: vec![format!("Carla{bad} Venn")],
            publisher: Some(format!("The{bad} Ledger")),
            date: Some("2020-05-01".into()),
            url: Some(format!("https://example.org/a{bad}b")),
            lang: Some("en".into()),
            ..ArticleMeta::default()
        };
        let an = crate::analyze(art, crate::grammar::Grammar::builtin());
        let err = crate::Error::record(
            crate::ErrorKind::Json,
            format!("dir{bad}/in.jsonl"),
            Some(3),
            format!("expected a json object, found {bad}"),
        );
        (an, err)
    }

    /// Every output format of `an` and `err`, as text.
    fn outputs(an: &crate::Analysis, err: &crate::Error) -> Vec<(crate::export::Format, String)> {
        use crate::export::{ExportOptions, Exporter, Format};
        let formats = [
            Format::Json,
            Format::Jsonl,
            Format::Text,
            Format::Bibtex,
            Format::Biblatex,
            Format::CslJson,
            Format::Markdown,
            Format::Html,
        ];
        formats
            .into_iter()
            .map(|format| {
                let ex =
                    Exporter::new(ExportOptions { format, with_text: true, ..Default::default() });
                let mut sink = ex.sink(Vec::new());
                sink.write_article(an, ex.render(an)).unwrap();
                sink.write_error(err).unwrap();
                (format, String::from_utf8(sink.finish().unwrap()).unwrap())
            })
            .collect()
    }

    /// The unsafe characters of `out` other than the line structure (`\t`, `\n`).
    fn raw_in(out: &str) -> Vec<String> {
        let mut found: Vec<String> = out
            .chars()
            .filter(|&c| is_unsafe(c) && c != '\t' && c != '\n')
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        found.dedup();
        found
    }

    #[test]
    fn no_unsafe_character_comes_out_raw_in_any_format() {
        let all = every_unsafe();
        assert!(all.len() > 200, "{}", all.len());
        // A few characters at a time, so that each lands in every field.
        for chunk in all.chunks(16) {
            let bad: String = chunk.iter().collect();
            let (an, err) = poisoned(&bad);
            assert!(!an.quotes.is_empty(), "the article still has quotations");
            for (format, out) in outputs(&an, &err) {
                let raw = raw_in(&out);
                assert!(raw.is_empty(), "{format:?} writes {raw:?} raw:\n{out}");
            }
        }
    }

    #[test]
    fn json_keeps_every_character_as_an_escape() {
        let bad: String = UNSAFE.iter().collect();
        let (an, err) = poisoned(&bad);
        for (format, out) in outputs(&an, &err) {
            use crate::export::Format;
            if !matches!(format, Format::Json | Format::Jsonl | Format::CslJson) {
                continue;
            }
            let docs: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out)
                .into_iter()
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{format:?}: {e}\n{out}"));
            let title = format!("Budget{bad} vote");
            if format == Format::CslJson {
                // The citation record has whitespace runs as one space.
                let one_line = title.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(docs[0][0]["title"], one_line, "{format:?}");
            } else {
                assert_eq!(docs[0]["article"]["title"], title, "{format:?}");
                assert_eq!(docs[0]["text"].as_str(), Some(an.article.text.as_str()));
                assert_eq!(docs[1]["error"]["path"], format!("dir{bad}/in.jsonl"));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn random_unsafe_mixes_never_come_out_raw(
            chars in prop::collection::vec(
                prop_oneof![any::<char>(), prop::sample::select(UNSAFE)],
                1..6,
            )
        ) {
            let bad: String = chars.into_iter().collect();
            let (an, err) = poisoned(&bad);
            for (format, out) in outputs(&an, &err) {
                let raw = raw_in(&out);
                prop_assert!(raw.is_empty(), "{:?} writes {:?} raw", format, raw);
            }
        }

        #[test]
        fn no_policy_lets_an_unsafe_character_through(
            chars in prop::collection::vec(
                prop_oneof![any::<char>(), prop::sample::select(UNSAFE)],
                0..40,
            )
        ) {
            let s: String = chars.into_iter().collect();
            let raw = |out: &str, keep: &[char]| out.chars().any(|c| is_unsafe(c) && !keep.contains(&c));
            prop_assert!(!raw(&line(&s), &['\t']));
            prop_assert!(!raw(&lines(&s), &['\t', '\n']));
            prop_assert!(!raw(&text(&s), &['\t']));
            prop_assert!(!raw(&text_lines(&s), &['\t', '\n']));
            let v = serde_json::Value::String(s.clone());
            let j = to_json_string(&v, false);
            prop_assert!(!raw(&j, &[]));
            prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&j).unwrap(), v);
        }
    }
}
