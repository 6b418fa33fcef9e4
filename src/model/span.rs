//! Byte spans into an article's text: the one coordinate system inside the library.
//!
//! Character offsets (what the JSON output carries) are computed only at export time
//! through [`OffsetIndex`].

use serde::Serialize;

/// A half-open byte range `start..end` into `Article::text`, always on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte (inclusive).
    pub start: usize,
    /// Last byte (exclusive).
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `start <= end` is checked in debug builds.
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers. Returns `""` when the span does not fit `text`
    /// or does not lie on char boundaries, so a bad span can never panic.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// True when `other` lies entirely inside `self`.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// This span with leading and trailing whitespace (of `text`) removed.
    pub fn trim(self, text: &str) -> Span {
        let s = self.slice(text);
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        Span::new(self.start + lead, self.start + lead + t.len())
    }
}

/// Converts byte offsets of one text into character (Unicode scalar value) offsets.
///
/// Built once per article in O(n); each lookup is a binary search over the
/// positions of multi-byte characters, so ASCII-only texts cost nothing.
#[derive(Debug, Clone)]
pub struct OffsetIndex {
    /// Byte offsets of every char whose UTF-8 encoding is longer than one byte,
    /// with the number of extra bytes seen up to and including it.
    multibyte: Vec<(usize, usize)>,
}

impl OffsetIndex {
    /// Index the given text.
    pub fn new(text: &str) -> Self {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let bytes = text.as_bytes();
        let mut multibyte = Vec::new();
        let mut extra = 0;
        let mut i = 0;
        while i < bytes.len() {
            // ASCII runs are skipped eight bytes at a time.
            while let Some(word) = bytes.get(i..i + 8) {
                let word = u64::from_le_bytes(word.try_into().unwrap_or([0x80; 8]));
                if word & HIGH != 0 {
                    break;
                }
                i += 8;
            }
            let Some(&b) = bytes.get(i) else { break };
            // The length of a UTF-8 sequence from its lead byte (`text` is valid UTF-8).
            let l = match b {
                0..0x80 => 1,
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            if l > 1 {
                extra += l - 1;
                multibyte.push((i, extra));
            }
            i += l;
        }
        OffsetIndex { multibyte }
    }

    /// The character offset of byte offset `byte` (which must be a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        // Number of multibyte chars that start strictly before `byte`.
        let n = self.multibyte.partition_point(|&(pos, _)| pos < byte);
        if n == 0 { byte } else { byte - self.multibyte[n - 1].1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "a“b”c€d";
        let idx = OffsetIndex::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_offset(bi), ci, "byte {bi}");
        }
        assert_eq!(idx.char_offset(text.len()), text.chars().count());
    }

    proptest::proptest! {
        #[test]
        fn char_offsets_agree_with_char_indices(text in "\\PC{0,40}") {
            let idx = OffsetIndex::new(&text);
            for (ci, (bi, _)) in text.char_indices().enumerate() {
                proptest::prop_assert_eq!(idx.char_offset(bi), ci);
            }
            proptest::prop_assert_eq!(idx.char_offset(text.len()), text.chars().count());
        }
    }

    #[test]
    fn slice_out_of_bounds_is_empty() {
        assert_eq!(Span::new(3, 10).slice("abc"), "");
        assert_eq!(Span::new(1, 2).slice("é"), "");
        assert_eq!(Span::new(0, 2).slice("é"), "é");
    }

    #[test]
    fn trim_removes_outer_whitespace() {
        let t = "  ab c \n";
        let s = Span::new(0, t.len()).trim(t);
        assert_eq!(s.slice(t), "ab c");
    }
}
