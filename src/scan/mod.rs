//! Scanner: quote spans in text. (Owned by the scan work package.)
//!
//! Second step of the flow: [`quotes`] takes an article's plain text and the
//! [`QuoteMarks`] table and returns every quoted stretch as byte [`Span`]s. It never
//! fails and never panics; problems (unbalanced or stray marks) become warnings.
//!
//! How it works, in one linear pass:
//! 1. [`paragraphs`] splits the text at blank lines (`memchr` for `\n`, then
//!    [`parser::paragraph_break`]). A quote never crosses a paragraph boundary, except
//!    the news convention: a paragraph that leaves a quote open continues it when the
//!    next paragraph starts with the same opening mark.
//! 2. Inside a paragraph the scanner jumps between bytes that can start a mark
//!    ([`QuoteMarks::next_candidate`]) and classifies each mark with the small nom
//!    parsers in [`parser`]: opening or closing by flanking, apostrophe (`don't`,
//!    `O’Brien`, `Jesus' words`) or elision (`'90s`, `rock 'n' roll`). Where a
//!    two-character mark and its first character both match (`''` and `'`), each is
//!    classified and the scanner keeps the better reading: closing before opening
//!    before stray, the longer mark on a tie, except that in `'''` after
//!    `''…'…` the single `'` closes first and the following `''` closes the outer quote.
//! 3. A stack of open marks handles nesting. A closing mark pops up to its partner
//!    (intervening unclosed marks are reported); a per-mark count of open entries
//!    makes "is anything open that this mark closes?" O(1), so stray closers never
//!    rescan the stack. Whatever is still open at a paragraph end is reported and
//!    dropped, so an unbalanced mark never swallows the rest of the article.
//! 4. Each opening mark takes a slot when it opens, so quotes come out in order of
//!    their start without a sort: when the stack is empty the slots are final and move
//!    to the result (linear in the number of quotes, however many a paragraph holds).
//!
//! Invariants of the result: every span lies on char boundaries inside the text;
//! `text[outer.start..inner.start]` and `text[inner.end..outer.end]` are the opening
//! and closing marks of a pair of the table, which start with `open` and `close`
//! (so `text[outer]` starts with `open` and ends with a mark starting with `close`);
//! `inner` lies strictly inside `outer` and is not blank; `quotes` is sorted and
//! non-overlapping; every `nested` span lies inside some top-level span.

pub mod parser;

use nom::Parser;

use crate::grammar::marks::{Mark, MarkInfo, QuoteMarks};
use crate::model::{Diagnostic, Span};

/// The cheap nom error type used on the scanner's hot path.
type Fast<'a> = nom::error::Error<&'a str>;

/// At most this many mark warnings per paragraph; the rest are counted in one summary
/// warning, so pathological input (100k unmatched marks) cannot flood the output.
pub const MAX_WARNINGS_PER_PARAGRAPH: usize = 64;

/// Quotations nest at most this deep; a deeper opening mark is reported and ignored,
/// which keeps the stack (and the memory it takes) bounded on pathological input.
pub const MAX_DEPTH: usize = 256;

/// One quoted stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    /// From the opening mark to the closing mark, both included (both characters of
    /// a two-character mark).
    pub outer: Span,
    /// Between the marks.
    pub inner: Span,
    /// The opening mark; for a two-character mark (`''`, ``` `` ```) its first
    /// character. The whole mark is `text[outer.start..inner.start]`.
    pub open: char,
    /// The closing mark (for a quote recovered at a paragraph end, the opening mark's
    /// partner); for a two-character mark (`''`) its first character. The whole mark
    /// is `text[inner.end..outer.end]`.
    pub close: char,
}

/// The scanner's result.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Top-level quote spans, sorted, not overlapping.
    pub quotes: Vec<QuoteSpan>,
    /// Quotes nested inside top-level ones, sorted.
    pub nested: Vec<QuoteSpan>,
    /// Unbalanced marks and other recoveries.
    pub diagnostics: Vec<Diagnostic>,
}

/// Find every quoted span in `text`. Never fails, never panics.
pub fn quotes(text: &str, marks: &QuoteMarks) -> Scan {
    let mut scanner = Scanner::new(text, marks);
    let paras = paragraphs(text);
    let mut resume = paras.first().map_or(0, |p| p.start);
    for (k, para) in paras.iter().enumerate() {
        scanner.scan_paragraph(*para, resume.max(para.start));
        let next = paras.get(k + 1).copied();
        resume = scanner.end_paragraph(next).unwrap_or_else(|| next.map_or(0, |n| n.start));
        scanner.flush_warnings(*para);
    }
    scanner.finish()
}

/// The paragraphs of `text`: maximal stretches between blank lines (a newline, then
/// lines holding only spaces, tabs or carriage returns). Blank paragraphs are left
/// out; the spans exclude the breaks and are sorted.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut search = 0;
    let push = |s: usize, e: usize, out: &mut Vec<Span>| {
        if text.get(s..e).is_some_and(|p| !p.trim().is_empty()) {
            out.push(Span::new(s, e));
        }
    };
    while let Some(k) = bytes.get(search..).and_then(|b| memchr::memchr(b'\n', b)) {
        let nl = search + k;
        let rest = text.get(nl..).unwrap_or("");
        match parser::paragraph_break::<Fast>(rest) {
            Ok((after, _)) => {
                push(start, nl, &mut out);
                start = text.len() - after.len();
                search = start;
            }
            Err(_) => search = nl + 1,
        }
    }
    push(start, text.len(), &mut out);
    out
}

/// An opening mark waiting for its partner.
#[derive(Debug, Clone, Copy)]
struct OpenMark {
    /// The mark.
    mark: Mark,
    /// Its [`MarkInfo::id`], the index into `Scanner::open_counts`.
    id: usize,
    /// Byte offset of the mark in the text.
    pos: usize,
    /// Its index in `Scanner::slots`.
    slot: usize,
}

/// True when `close` may end a quotation opened by `open` although the table does not
/// pair them: both are plain one-character double marks ("…” or “…"), a common slip.
pub(crate) fn mismatched_pair(marks: &QuoteMarks, open: Option<Mark>, close: Mark) -> bool {
    let plain =
        |m: Mark| m.second.is_none() && marks.info(m).is_some_and(|i| !i.single && !i.spaced);
    plain(close) && open.is_some_and(plain)
}

/// What to do with one candidate mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Push an opening mark.
    Open(MarkInfo),
    /// Close the innermost open mark this one partners.
    Close(MarkInfo),
    /// A closing mark with nothing to close.
    Stray(MarkInfo),
    /// An apostrophe, an elision or a mark out of position: skip to this offset.
    Skip(usize),
}

/// The scanner's state over the whole text.
#[derive(Debug)]
struct Scanner<'t, 'm> {
    /// The text scanned.
    text: &'t str,
    /// The mark table.
    marks: &'m QuoteMarks,
    /// Open marks, innermost last.
    stack: Vec<OpenMark>,
    /// How many entries of `stack` hold each mark (indexed by [`MarkInfo::id`]).
    open_counts: Vec<usize>,
    /// One slot per mark pushed since the stack was last empty, in the order the marks
    /// opened (so by start): the quote it opened once closed, `None` while open or when
    /// it was dropped unbalanced.
    slots: Vec<Option<QuoteSpan>>,
    /// The quotes of the slots flushed so far: sorted, as the stack discipline leaves
    /// them (see [`Scanner::flush`]).
    out: Scan,
    /// End of the last top-level quote in `out`.
    top_end: usize,
    /// Warnings so far.
    diagnostics: Vec<Diagnostic>,
    /// Mark warnings issued in the current paragraph.
    warned: usize,
    /// Mark warnings left out in the current paragraph (over the limit).
    suppressed: usize,
    /// Index of the current paragraph's first diagnostic.
    para_diagnostics: usize,
    /// Where the last closing mark ended and its last character, kept only for the
    /// next candidate: a closer after nothing but spaces from there counts as flanked
    /// by that mark (`'Manhattan poor,' ''`, `“He said ‘no’ ”`).
    last_close: Option<(usize, char)>,
}

impl<'t, 'm> Scanner<'t, 'm> {
    /// A scanner with nothing open.
    fn new(text: &'t str, marks: &'m QuoteMarks) -> Self {
        Scanner {
            text,
            marks,
            stack: Vec::new(),
            open_counts: vec![0; marks.mark_count()],
            slots: Vec::new(),
            out: Scan::default(),
            top_end: 0,
            diagnostics: Vec::new(),
            warned: 0,
            suppressed: 0,
            para_diagnostics: 0,
            last_close: None,
        }
    }

    /// Scan the marks of `para` from byte `from` (after a continuation mark) on.
    fn scan_paragraph(&mut self, para: Span, from: usize) {
        let mut i = from;
        self.last_close = None;
        while let Some(j) = self.marks.next_candidate(self.text, i, para.end) {
            let classified = self.classify(para, j);
            self.last_close = None;
            i = match classified {
                (Action::Open(m), next) if self.stack.len() >= MAX_DEPTH => {
                    self.warn(Span::new(j, next), || {
                        format!(
                            "quotation nested too deeply at {}: expected at most {MAX_DEPTH} levels, found more",
                            m.mark
                        )
                    });
                    next
                }
                (Action::Open(m), next) => {
                    self.push(m, j);
                    next
                }
                (Action::Close(c), next) => {
                    self.close(c, j);
                    self.last_close = Some((next, c.mark.last()));
                    next
                }
                // A double closing mark of another pair than the open one ("…” after
                // an ASCII opening mark): an editing slip that still ends the quotation.
                (Action::Stray(c), next) if self.closes_mismatched(c) => {
                    let open = self.stack.last().map(|o| o.mark.to_string()).unwrap_or_default();
                    self.warn(Span::new(j, next), || {
                        format!(
                            "mismatched closing mark {}: expected a partner of {open}, read as its close",
                            c.mark
                        )
                    });
                    self.close_top(c, j);
                    self.last_close = Some((next, c.mark.last()));
                    next
                }
                (Action::Stray(c), next) => {
                    self.warn(Span::new(j, next), || {
                        format!(
                            "stray closing mark {}: expected an opening mark before it, found none",
                            c.mark
                        )
                    });
                    next
                }
                (Action::Skip(next), _) => next,
            };
        }
    }

    /// Decide what the candidate at byte `j` of `para` is; also returns the offset
    /// just after the mark. Every mark of the table found at `j` (at most a
    /// two-character mark and its first character) is classified by
    /// [`Scanner::classify_mark`]; the best reading wins (see [`Scanner::better`]).
    fn classify(&self, para: Span, j: usize) -> (Action, usize) {
        let Some(rest) = self.text.get(j..para.end) else {
            return (Action::Skip(j + 1), j + 1);
        };
        let Some(c) = rest.chars().next() else {
            return (Action::Skip(j + 1), j + 1);
        };
        let prev = self.text.get(para.start..j).and_then(|s| s.chars().next_back());
        let mut best: Option<(Action, usize)> = None;
        for m in self.marks.marks_at(rest) {
            let reading = self.classify_mark(para, j, rest, prev, m);
            best = Some(match best {
                Some(b) if !self.better(reading, b, rest) => b,
                _ => reading,
            });
        }
        best.unwrap_or((Action::Skip(j + c.len_utf8()), j + c.len_utf8()))
    }

    /// Classify `rest` (the text from byte `j` of `para` on, preceded by `prev`) as
    /// the mark `m`; also returns the offset just after the mark.
    fn classify_mark(
        &self,
        para: Span,
        j: usize,
        rest: &str,
        prev: Option<char>,
        m: MarkInfo,
    ) -> (Action, usize) {
        let len = m.mark.len_utf8();
        let after = j + len;
        let next = rest.get(len..).and_then(|s| s.chars().next());
        // Letters and digits of spaced scripts: an apostrophe sits between two of them.
        let alnum = |x: Option<char>| {
            x.is_some_and(|c| c.is_alphanumeric() && !parser::is_unspaced_script(c))
        };
        if m.single && alnum(prev) && alnum(next) {
            // don't, it's, O’Brien
            return (Action::Skip(after), after);
        }
        let open = parser::opening_mark::<Fast>(self.marks, m, prev).parse(rest).is_ok();
        let close = parser::closing_mark::<Fast>(m, self.closing_prev(j, prev)).parse(rest).is_ok();
        if open && m.single {
            if let Ok((r, _)) = parser::elision::<Fast>(rest, self.marks.elisions()) {
                // '90s, rock 'n' roll, ’em
                return (Action::Skip(para.end - r.len()), para.end - r.len());
            }
        }
        let action = if close && self.matchable(m) {
            Action::Close(m)
        } else if open {
            Action::Open(m)
        } else if close && !(m.single && alnum(prev)) {
            Action::Stray(m)
        } else {
            // Jesus' words, goin’ home, a mark between spaces or inside a word.
            Action::Skip(after)
        };
        (action, after)
    }

    /// The character that flanks a closer at byte `j` on the left: `prev`, or the last
    /// character of the previous closing mark when only spaces lie between them. Only
    /// the candidate right after a closing mark looks back, so each gap is read once.
    fn closing_prev(&self, j: usize, prev: Option<char>) -> Option<char> {
        match self.last_close {
            Some((k, c))
                if prev.is_some_and(char::is_whitespace)
                    && self
                        .text
                        .get(k..j)
                        .is_some_and(|gap| gap.chars().all(char::is_whitespace)) =>
            {
                Some(c)
            }
            _ => prev,
        }
    }

    /// True when `new` (a reading of a shorter mark at the start of `rest`) beats
    /// `old` (a longer one): closing beats opening beats stray beats skipping; on a
    /// tie the longer mark stays, except that a shorter closer wins when it closes the
    /// innermost open mark and the next open mark's closer follows it (`'''` closing
    /// `''…'…`). Two skips keep the one that skips further.
    fn better(&self, new: (Action, usize), old: (Action, usize), rest: &str) -> bool {
        let rank = |a: Action| match a {
            Action::Close(_) => 3,
            Action::Open(_) => 2,
            Action::Stray(_) => 1,
            Action::Skip(_) => 0,
        };
        match (new.0, old.0) {
            (Action::Close(short), Action::Close(_)) => self.closes_inner_first(short, rest),
            (Action::Skip(a), Action::Skip(b)) => a > b,
            (n, o) => rank(n) > rank(o),
        }
    }

    /// True when the closer `short` at the start of `rest` closes the innermost open
    /// mark and is directly followed by a closer of the open mark below it.
    fn closes_inner_first(&self, short: MarkInfo, rest: &str) -> bool {
        let [.., below, top] = self.stack[..] else {
            return false;
        };
        let after = rest.get(short.mark.len_utf8()..).unwrap_or("");
        self.marks.closes(top.mark, short.mark)
            && self.marks.marks_at(after).any(|m| self.marks.closes(below.mark, m.mark))
    }

    /// True when some open mark is partnered by the closing mark `c`.
    fn matchable(&self, c: MarkInfo) -> bool {
        self.marks.openers_of(c.mark).any(|o| {
            self.marks.info(o).is_some_and(|m| self.open_counts.get(m.id).is_some_and(|&n| n > 0))
        })
    }

    /// Can the double closing mark `c`, which partners no open mark, close the innermost
    /// open mark because both are plain one-character double marks (not single,
    /// guillemet, corner or doubled apostrophes)?
    fn closes_mismatched(&self, c: MarkInfo) -> bool {
        mismatched_pair(self.marks, self.stack.last().map(|o| o.mark), c.mark)
    }

    /// Close the innermost open mark with `c`, found at byte `pos`.
    fn close_top(&mut self, c: MarkInfo, pos: usize) {
        if let Some(top) = self.pop() {
            let outer = Span::new(top.pos, pos + c.mark.len_utf8());
            let inner = Span::new(top.pos + top.mark.len_utf8(), pos);
            if !inner.slice(self.text).trim().is_empty() {
                let q = QuoteSpan { outer, inner, open: top.mark.first, close: c.mark.first };
                self.complete(top, q);
            }
        }
        self.flush_if_closed();
    }

    /// Push an opening mark found at byte `pos`.
    fn push(&mut self, m: MarkInfo, pos: usize) {
        if let Some(n) = self.open_counts.get_mut(m.id) {
            *n += 1;
        }
        let slot = self.slots.len();
        self.slots.push(None);
        self.stack.push(OpenMark { mark: m.mark, id: m.id, pos, slot });
    }

    /// Pop the innermost open mark, keeping the counts right.
    fn pop(&mut self) -> Option<OpenMark> {
        let top = self.stack.pop()?;
        if let Some(n) = self.open_counts.get_mut(top.id) {
            *n = n.saturating_sub(1);
        }
        Some(top)
    }

    /// The closing partners of `open`, for messages: `”` or `“ or ”`.
    fn partners(&self, open: Mark) -> String {
        let v: Vec<String> = self.marks.closers_of(open).map(|m| m.to_string()).collect();
        v.join(" or ")
    }

    /// Report an opening mark that was never closed.
    fn unbalanced(&mut self, o: OpenMark, before: &str) {
        if self.warned >= MAX_WARNINGS_PER_PARAGRAPH {
            self.suppressed += 1;
            return;
        }
        let message = format!(
            "unbalanced opening mark {}: expected a closing {} before {before}",
            o.mark,
            self.partners(o.mark)
        );
        let span = Span::new(o.pos, o.pos + o.mark.len_utf8());
        self.warn(span, || message);
    }

    /// Issue a mark warning at `span`, unless this paragraph already had
    /// [`MAX_WARNINGS_PER_PARAGRAPH`]; the message is only built when it is kept.
    fn warn(&mut self, span: Span, message: impl FnOnce() -> String) {
        if self.warned < MAX_WARNINGS_PER_PARAGRAPH {
            self.warned += 1;
            self.diagnostics.push(Diagnostic::warning(message(), Some(span)));
        } else {
            self.suppressed += 1;
        }
    }

    /// Close the warning budget of the paragraph `para`: summarise what was left out.
    fn flush_warnings(&mut self, para: Span) {
        if self.suppressed > 0 {
            let message = format!(
                "too many unbalanced quotation marks: expected at most {MAX_WARNINGS_PER_PARAGRAPH} \
                 warnings in a paragraph, found {} more",
                self.suppressed
            );
            self.diagnostics.push(Diagnostic::warning(message, Some(para)));
        }
        // Unbalanced marks are reported when they are dropped, after later marks: sort
        // the paragraph's (at most MAX_WARNINGS_PER_PARAGRAPH + 1) diagnostics.
        if let Some(tail) = self.diagnostics.get_mut(self.para_diagnostics..) {
            tail.sort_by_key(|d| d.span.map(|s| s.start));
        }
        self.para_diagnostics = self.diagnostics.len();
        self.warned = 0;
        self.suppressed = 0;
    }

    /// Close the innermost open partner of `c` (found at byte `pos`); marks opened
    /// after it are reported as unbalanced. The caller checked [`Scanner::matchable`].
    fn close(&mut self, c: MarkInfo, pos: usize) {
        while let Some(top) = self.pop() {
            if self.marks.closes(top.mark, c.mark) {
                let outer = Span::new(top.pos, pos + c.mark.len_utf8());
                let inner = Span::new(top.pos + top.mark.len_utf8(), pos);
                if !inner.slice(self.text).trim().is_empty() {
                    let (open, close) = (top.mark.first, c.mark.first);
                    self.complete(top, QuoteSpan { outer, inner, open, close });
                }
                break;
            }
            self.unbalanced(top, &format!("the closing mark {}", c.mark));
        }
        self.flush_if_closed();
    }

    /// Record the quote `q` that the open mark `o` began.
    fn complete(&mut self, o: OpenMark, q: QuoteSpan) {
        if let Some(slot) = self.slots.get_mut(o.slot) {
            *slot = Some(q);
        }
    }

    /// When nothing is open, every slot is final: move them out ([`Scanner::flush`]).
    fn flush_if_closed(&mut self) {
        if self.stack.is_empty() {
            self.flush();
        }
    }

    /// Move the quotes of the slots to `out`, in order. The slots are in order of the
    /// opening marks, so by start, and completed quotes are properly nested or disjoint
    /// (stack discipline), so a quote is nested iff it starts before the end of the last
    /// top-level quote. Everything flushed before ended before anything in the slots
    /// began (the stack was empty in between), so no sort is needed: the scan stays
    /// linear however many quotes a paragraph holds.
    fn flush(&mut self) {
        for q in self.slots.drain(..).flatten() {
            if self.out.quotes.is_empty() || q.outer.start >= self.top_end {
                self.top_end = q.outer.end;
                self.out.quotes.push(q);
            } else {
                debug_assert!(q.outer.end <= self.top_end, "quotes never partly overlap");
                self.out.nested.push(q);
            }
        }
    }

    /// End a paragraph. When a quote is still open and `next` starts with its
    /// opening mark, the quote continues: returns where to resume scanning `next`.
    /// Otherwise every open mark is reported and dropped.
    fn end_paragraph(&mut self, next: Option<Span>) -> Option<usize> {
        let bottom = *self.stack.first()?;
        let continued = next.and_then(|n| {
            let rest = n.slice(self.text);
            parser::continuation_mark::<Fast>(self.marks, bottom.mark)
                .parse(rest)
                .ok()
                .map(|(after, _)| n.end - after.len())
        });
        let keep = usize::from(continued.is_some());
        while self.stack.len() > keep {
            if let Some(top) = self.pop() {
                self.unbalanced(top, "the paragraph end");
            }
        }
        self.flush_if_closed();
        continued
    }

    /// End the last paragraph and hand over the quotes (already in order) and the
    /// diagnostics, sorted by position.
    fn finish(mut self) -> Scan {
        let _ = self.end_paragraph(None);
        self.flush();
        let mut scan = std::mem::take(&mut self.out);
        // Sorted per paragraph; only a quotation continued over paragraphs and dropped
        // later reports a mark of an earlier paragraph.
        if !self.diagnostics.is_sorted_by_key(|d| d.span.map(|s| s.start)) {
            self.diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
        }
        scan.diagnostics = self.diagnostics;
        scan
    }
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::Grammar;

    fn scan(text: &str) -> Scan {
        quotes(text, &Grammar::builtin().marks)
    }

    /// Top-level quotes as `text[outer]`.
    fn top(text: &str) -> Vec<&str> {
        scan(text).quotes.iter().map(|q| q.outer.slice(text)).collect()
    }

    /// Nested quotes as `text[outer]`.
    fn nested(text: &str) -> Vec<&str> {
        scan(text).nested.iter().map(|q| q.outer.slice(text)).collect()
    }

    fn warnings(text: &str) -> Vec<String> {
        scan(text).diagnostics.into_iter().map(|d| d.message).collect()
    }

    /// No quote, no diagnostic.
    fn nothing(text: &str) {
        let s = scan(text);
        assert!(s.quotes.is_empty() && s.diagnostics.is_empty(), "{text:?}: {s:?}");
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let t = "a\nb\n\nc\n  \t\n\n d\n\n\n";
        let p: Vec<&str> = paragraphs(t).iter().map(|s| s.slice(t)).collect();
        assert_eq!(p, ["a\nb", "c", " d"]);
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("\n\n  \n").is_empty());
    }

    #[test]
    fn every_mark_style_is_found() {
        for t in [
            "He said \"yes\" today.",
            "He said “yes” today.",
            "He said ‘yes’ today.",
            "He said 'yes' today.",
            "Il a dit «oui» hier.",
            "Il a dit « oui » hier.",
            "Er sagte „ja“ heute.",
            "Er sagte ‚ja‘ heute.",
            "Er sagte »ja« heute.",
            "Il a dit ‹oui› hier.",
            "Er sagte ›ja‹ heute.",
            "彼は「はい」と言った。",
            "彼は『はい』と言った。",
            "Powiedział „tak” wczoraj.",
            "他说“はい”然后走了。",
            "他说‘はい’然后走了。",
            "그는 \"tak\"이라고 말했다.",
        ] {
            let s = scan(t);
            assert_eq!(s.quotes.len(), 1, "{t:?}: {s:?}");
            assert!(s.diagnostics.is_empty(), "{t:?}: {s:?}");
            let q = s.quotes[0];
            let inner = q.inner.slice(t).trim();
            assert!(["yes", "oui", "ja", "はい", "tak"].contains(&inner), "{t:?}: {inner:?}");
            assert!(q.outer.slice(t).starts_with(q.open) && q.outer.slice(t).ends_with(q.close));
        }
    }

    #[test]
    fn spans_cover_marks_and_content() {
        let t = "A “b c” d";
        let q = scan(t).quotes[0];
        assert_eq!(q.outer.slice(t), "“b c”");
        assert_eq!(q.inner.slice(t), "b c");
        assert_eq!((q.open, q.close), ('“', '”'));
    }

    #[test]
    fn mismatched_double_marks_still_pair_with_a_warning() {
        for (t, inner) in [
            ("\"But he won,” Ann said.", "But he won,"),
            ("“But he won,\" Ann said.", "But he won,"),
            ("„Er hat gewonnen,\" sagte sie.", "Er hat gewonnen,"),
        ] {
            let s = scan(t);
            assert_eq!(s.quotes.len(), 1, "{t}");
            assert_eq!(s.quotes[0].inner.slice(t), inner);
            assert!(s.diagnostics.iter().any(|d| d.message.starts_with("mismatched")), "{t}");
        }
        // Single marks and guillemets are never paired across kinds.
        assert!(scan("‘But he won,” Ann said.").quotes.is_empty());
        assert!(scan("«But he won,” Ann said.").quotes.is_empty());
    }

    #[test]
    fn single_inside_double_is_nested() {
        let t = "\"He said 'no' twice,\" she said.";
        assert_eq!(top(t), ["\"He said 'no' twice,\""]);
        assert_eq!(nested(t), ["'no'"]);
        assert!(warnings(t).is_empty());
    }

    #[test]
    fn double_inside_british_single_is_nested() {
        let t = "‘He called it “a disgrace”,’ she said.";
        assert_eq!(top(t), ["‘He called it “a disgrace”,’"]);
        assert_eq!(nested(t), ["“a disgrace”"]);
    }

    #[test]
    fn nesting_three_deep_and_siblings() {
        let t = "“a ‘b «c» d’ e” and “f”";
        assert_eq!(top(t), ["“a ‘b «c» d’ e”", "“f”"]);
        assert_eq!(nested(t), ["‘b «c» d’", "«c»"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        for t in [
            "I don't know, it's late.",
            "I don’t know, it’s late.",
            "Back in the '90s it was fine.",
            "Back in the ’90s it was fine.",
            "Back in the ‘90s it was fine.",
            "He loves rock 'n' roll music.",
            "He loves rock ‘n’ roll music.",
            "He loves rock ’n’ roll music.",
            "It serves the parties’ interests.",
            "It serves the parties' interests.",
            "Read Jesus' words again.",
            "Ask O’Brien and O'Neill.",
            "Tell ’em now.",
            "Tell 'em now.",
            "'Tis the season.",
            "We're goin' home.",
        ] {
            nothing(t);
        }
    }

    #[test]
    fn apostrophes_inside_quotes_do_not_break_them() {
        let t = "“I don’t think the ’90s were rock ’n’ roll,” he said.";
        assert_eq!(top(t), [t.split(" he").next().unwrap_or("")]);
        let t = "'I can't, it's the parties' fault,' he said.";
        // The possessive closes the open single quote (documented limitation).
        assert_eq!(top(t), ["'I can't, it's the parties'"]);
        let t = "\"Jesus' words matter,\" she said.";
        assert_eq!(top(t), ["\"Jesus' words matter,\""]);
        assert!(warnings(t).is_empty());
    }

    #[test]
    fn multi_paragraph_quote_continues() {
        let t = "He said: “First part.\n\n“Second part.\n\n  “Third part,” he ended.\n\nAfter.";
        let s = scan(t);
        assert!(s.diagnostics.is_empty(), "{s:?}");
        assert_eq!(s.quotes.len(), 1);
        let q = s.quotes[0];
        assert_eq!(q.outer.slice(t), "“First part.\n\n“Second part.\n\n  “Third part,”");
        assert_eq!(q.inner.slice(t), "First part.\n\n“Second part.\n\n  “Third part,");
    }

    #[test]
    fn multi_paragraph_ascii_quote_continues_and_drops_inner_unclosed() {
        let t = "\"One 'two.\n\n\"Three,\" he said.";
        let s = scan(t);
        assert_eq!(top(t), ["\"One 'two.\n\n\"Three,\""]);
        assert_eq!(
            warnings(t),
            ["unbalanced opening mark ': expected a closing ' before the paragraph end"]
        );
        assert_eq!(s.diagnostics[0].span.map(|sp| sp.start), Some(5));
    }

    #[test]
    fn unclosed_quote_is_recovered_at_paragraph_end() {
        let t = "He said “this never ends.\n\nNext paragraph with “a quote” here.";
        let s = scan(t);
        assert_eq!(top(t), ["“a quote”"]);
        assert_eq!(s.diagnostics.len(), 1);
        let d = &s.diagnostics[0];
        assert_eq!(d.level, crate::model::Level::Warning);
        assert_eq!(
            d.message,
            "unbalanced opening mark “: expected a closing ” before the paragraph end"
        );
        assert_eq!(d.span.map(|sp| sp.slice(t)), Some("“"));
    }

    #[test]
    fn unclosed_continued_quote_is_dropped() {
        let t = "“One.\n\n“Two.\n\nThree “x” four.";
        assert_eq!(top(t), ["“x”"]);
        assert_eq!(warnings(t).len(), 1);
    }

    #[test]
    fn quote_inside_unclosed_quote_survives_as_top_level() {
        let t = "He said \"we asked 'why' and left.\n\nEnd.";
        assert_eq!(top(t), ["'why'"]);
        assert!(nested(t).is_empty());
        assert_eq!(warnings(t).len(), 1);
    }

    #[test]
    fn intervening_unclosed_mark_is_reported() {
        let t = "“He said ‘no, and left,” she said.";
        assert_eq!(top(t), ["“He said ‘no, and left,”"]);
        assert_eq!(
            warnings(t),
            ["unbalanced opening mark ‘: expected a closing ’ before the closing mark ”"]
        );
    }

    #[test]
    fn stray_closer_is_reported_and_skipped() {
        let t = "He left.” Then “she came” back.";
        let s = scan(t);
        assert_eq!(top(t), ["“she came”"]);
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(
            s.diagnostics[0].message,
            "stray closing mark ”: expected an opening mark before it, found none"
        );
        assert_eq!(s.diagnostics[0].span.map(|sp| sp.slice(t)), Some("”"));
    }

    #[test]
    fn empty_quotes_give_no_span() {
        nothing("He said \"\" and “” then.");
    }

    #[test]
    fn german_marks_that_are_also_english_openers() {
        let t = "„Ja“, sagte er. “Yes,” he said. »Gut«, sagte sie. «Bien», dit-il.";
        assert_eq!(top(t), ["„Ja“", "“Yes,”", "»Gut«", "«Bien»"]);
        assert!(warnings(t).is_empty());
    }

    #[test]
    fn ascii_double_pairs_by_flanking() {
        let t = "\"One,\" he said, \"two.\" (\"Three\")";
        assert_eq!(top(t), ["\"One,\"", "\"two.\"", "\"Three\""]);
    }

    #[test]
    fn doubled_apostrophes_quote() {
        let t = "''Skateboarding is a political act,'' said Ms. Gil.";
        let s = scan(t);
        assert!(s.diagnostics.is_empty(), "{s:?}");
        assert_eq!(s.quotes.len(), 1);
        let q = s.quotes[0];
        assert_eq!(q.outer.slice(t), "''Skateboarding is a political act,''");
        assert_eq!(q.inner.slice(t), "Skateboarding is a political act,");
        // Two-character marks report their first character.
        assert_eq!((q.open, q.close), ('\'', '\''));
    }

    #[test]
    fn single_nested_in_doubled_apostrophes_with_triple_close() {
        let t = "''Sometimes they say, 'Yeah, Trump is right,''' said Mr. Regalado.";
        let s = scan(t);
        assert!(s.diagnostics.is_empty(), "{s:?}");
        assert_eq!(top(t), ["''Sometimes they say, 'Yeah, Trump is right,'''"]);
        assert_eq!(nested(t), ["'Yeah, Trump is right,'"]);
        let q = s.quotes[0];
        assert_eq!(q.inner.slice(t), "Sometimes they say, 'Yeah, Trump is right,'");
        // Opening the other way round: ''' = '' then '.
        let t = "He said, '''Yes' is the answer,'' and left.";
        assert_eq!(top(t), ["'''Yes' is the answer,''"]);
        assert_eq!(nested(t), ["'Yes'"]);
    }

    #[test]
    fn two_doubled_apostrophe_quotes_in_one_paragraph() {
        let t = "''First,'' he said. ''Second.'' And ''third'' here.";
        assert_eq!(top(t), ["''First,''", "''Second.''", "''third''"]);
        assert!(warnings(t).is_empty());
        assert!(nested(t).is_empty());
    }

    #[test]
    fn apostrophes_inside_doubled_apostrophes_stay_apostrophes() {
        let t = "''I don't like rock 'n' roll from the '90s,'' she said.";
        let s = scan(t);
        assert!(s.diagnostics.is_empty(), "{s:?}");
        assert_eq!(top(t), ["''I don't like rock 'n' roll from the '90s,''"]);
        assert!(s.nested.is_empty());
        // Outside, unchanged.
        nothing("He loves rock 'n' roll from the '90s, doesn't he?");
    }

    #[test]
    fn doubled_apostrophe_quote_continues_over_paragraphs() {
        let t = "''First part.\n\n''Second part,'' he said.";
        let s = scan(t);
        assert!(s.diagnostics.is_empty(), "{s:?}");
        assert_eq!(top(t), [t.strip_suffix(" he said.").unwrap_or("")]);
    }

    #[test]
    fn unclosed_doubled_apostrophe_is_reported_whole() {
        let t = "He said ''never closed.\n\nNext.";
        let s = scan(t);
        assert!(s.quotes.is_empty());
        assert_eq!(
            warnings(t),
            ["unbalanced opening mark '': expected a closing '' before the paragraph end"]
        );
        assert_eq!(s.diagnostics[0].span.map(|sp| sp.slice(t)), Some("''"));
    }

    #[test]
    fn latex_backticks_quote() {
        let t = "He wrote ``like this,'' and ``that 'one'.''";
        let s = scan(t);
        assert!(s.diagnostics.is_empty(), "{s:?}");
        assert_eq!(top(t), ["``like this,''", "``that 'one'.''"]);
        assert_eq!(nested(t), ["'one'"]);
        let q = s.quotes[0];
        assert_eq!(q.inner.slice(t), "like this,");
        assert_eq!((q.open, q.close), ('`', '\''));
        // Inside a word, or a lone backtick, is no mark.
        nothing("Run a``b or `x` now.");
    }

    #[test]
    fn single_ascii_quotes_keep_working_next_to_doubled_ones() {
        let t = "'He said 'no'' then left.";
        assert_eq!(top(t), ["'He said 'no''"]);
        assert_eq!(nested(t), ["'no'"]);
        nothing("He said '' and left.");
    }

    #[test]
    fn closer_spaced_from_a_nested_closer_still_closes() {
        let t = "''There was a backlash against 'Primates of Park Avenue,'  '' Ms. Ferriss noted.";
        assert_eq!(top(t), [t.strip_suffix(" Ms. Ferriss noted.").unwrap_or("")]);
        assert_eq!(nested(t), ["'Primates of Park Avenue,'"]);
        assert!(warnings(t).is_empty());
        let t = "“He said ‘no’ ” and left.";
        assert_eq!(top(t), ["“He said ‘no’ ”"]);
        // A closer after a space with no closing mark before it still needs a non-space.
        let t = "''The reason is coalitions, '' said Mr. Gunnels.";
        assert!(top(t).is_empty());
        // Quotes side by side are unaffected: '' before a letter opens.
        let t = "''This Week.'' ''Putin can't,'' he said.";
        assert_eq!(top(t), ["''This Week.''", "''Putin can't,''"]);
    }

    #[test]
    fn opener_right_after_colon_or_punctuation() {
        for (t, q) in [
            ("He said:\"We will win.\"", "\"We will win.\""),
            ("He said:“We will win.”", "“We will win.”"),
            ("He said:''We will win.''", "''We will win.''"),
            ("A note (“quoted”) here.", "“quoted”"),
            ("A dash —“quoted” here.", "“quoted”"),
            ("Y dijo ¡“basta”!", "“basta”"),
        ] {
            assert_eq!(top(t), [q], "{t:?}");
            assert!(warnings(t).is_empty(), "{t:?}");
        }
        // A colon inside a quote still lets the quote close.
        let t = "\"Listen:\" he said.";
        assert_eq!(top(t), ["\"Listen:\""]);
    }

    #[test]
    fn pathological_inputs_stay_fast_and_bounded() {
        let openers = "“a ".repeat(100_000);
        let s = scan(&openers);
        assert!(s.quotes.is_empty());
        assert_eq!(s.diagnostics.len(), MAX_WARNINGS_PER_PARAGRAPH + 1);
        let summary = s.diagnostics.iter().find(|d| d.message.starts_with("too many"));
        let expected = format!("found {} more", 100_000 - MAX_WARNINGS_PER_PARAGRAPH);
        assert!(summary.is_some_and(|d| d.message.ends_with(&expected)), "{summary:?}");
        let closers = "a” ".repeat(100_000);
        assert_eq!(scan(&closers).diagnostics.len(), MAX_WARNINGS_PER_PARAGRAPH + 1);
        // The budget is per paragraph.
        let paras = "a” \n\n".repeat(1000);
        assert_eq!(scan(&paras).diagnostics.len(), 1000);
        let mixed = format!("{}{}", "“a ".repeat(50_000), "b» ".repeat(50_000));
        assert!(scan(&mixed).quotes.is_empty());
        let apostrophes = "'".repeat(100_000);
        let _ = scan(&apostrophes);
        let doubled = "''a ".repeat(100_000);
        assert_eq!(scan(&doubled).diagnostics.len(), MAX_WARNINGS_PER_PARAGRAPH + 1);
        let latex = format!("{}{}", "``a ".repeat(50_000), "a'' '''".repeat(50_000));
        let _ = scan(&latex);
        let deep = format!("{}x{}", "“‘".repeat(5), "’”".repeat(5));
        let s = scan(&deep);
        assert_eq!(s.quotes.len(), 1);
        assert_eq!(s.nested.len(), 9);
        let too_deep = format!("{}x{}", "“".repeat(MAX_DEPTH + 10), "”".repeat(MAX_DEPTH + 10));
        let s = scan(&too_deep);
        assert_eq!(s.quotes.len(), 1);
        assert_eq!(s.nested.len(), MAX_DEPTH - 1);
        assert_eq!(s.diagnostics.len(), 20, "10 too deep, 10 stray");
    }

    /// The quotes come out by start without a sort at the end (each mark takes its slot
    /// when it opens): nested siblings, an unclosed outer mark that leaves its inner
    /// quote top-level, a quotation continued into the next paragraph, and a mismatched
    /// close, all in one text, give the order a sort by (start, longest first) gives.
    #[test]
    fn quotes_come_out_in_start_order() {
        let unit = "“a ‘b’ c ‘d «e» f’ g,” he said. “h ‘i’ j. ‘k’ \"l” ";
        let t = format!(
            "{}\n\n“m ‘no’ o\n\n“p ‘q’ r.”\n\n{}",
            unit.repeat(50),
            "\"s ‘t’ u” ".repeat(50)
        );
        let s = scan(&t);
        let mut all: Vec<QuoteSpan> = s.quotes.iter().chain(&s.nested).copied().collect();
        all.sort_by_key(|q| (q.outer.start, std::cmp::Reverse(q.outer.end)));
        let (mut want_top, mut want_nested, mut end) = (Vec::new(), Vec::new(), 0);
        for q in all {
            if want_top.is_empty() || q.outer.start >= end {
                end = q.outer.end;
                want_top.push(q);
            } else {
                want_nested.push(q);
            }
        }
        assert_eq!(s.quotes, want_top);
        assert_eq!(s.nested, want_nested);
        // Per unit: the top-level “a…” with ‘b’, ‘d…’ and «e» inside, then ‘i’ and ‘k’ on
        // their own (their “h opener is closed by the mismatched ", taking them inside).
        assert_eq!(top(unit), ["“a ‘b’ c ‘d «e» f’ g,”", "“h ‘i’ j. ‘k’ \"l”"]);
        assert_eq!(nested(unit), ["‘b’", "‘d «e» f’", "«e»", "‘i’", "‘k’"]);
        // The continued quotation spans both paragraphs and holds ‘no’ and ‘q’.
        let cont = "“m ‘no’ o\n\n“p ‘q’ r.”";
        assert_eq!(top(cont), [cont]);
        assert_eq!(nested(cont), ["‘no’", "‘q’"]);
        // Unclosed outer mark: its inner quote is top-level.
        assert_eq!(top("“a ‘b’ c"), ["‘b’"]);
        assert!(nested("“a ‘b’ c").is_empty());
        let d = scan(&t).diagnostics;
        assert!(d.is_sorted_by_key(|d| d.span.map(|s| s.start)), "diagnostics unsorted");
    }
}
