//! The one reader of the tab-separated tables under `grammar/`: the attribution
//! grammar (`grammar/<lang>/`), the quotation marks and elisions, the metadata lexicons
//! (`grammar/meta/`) and the citation tables (`grammar/cite/`).
//!
//! A table is UTF-8 text (a leading byte-order mark is ignored) of one entry per line.
//! Blank lines and lines whose first visible character is `#` are skipped. Every other
//! line holds the given number of fields, separated by single tabs; a field is never
//! empty and has no spaces around it. Each line that breaks these rules is reported as
//! an [`Error::Grammar`] naming the file and the 1-based line number, and every such
//! line is reported, not only the first.
//!
//! Tables embedded in the binary are [`Builtin`]s (made with `builtin_table!`); where
//! one is read lazily at run time, [`Builtin::rows`] panics with the same `file:line`
//! messages, and the tests load every built-in table, so a broken table fails the tests
//! rather than a run.

use std::ops::RangeInclusive;

use nom::Parser;
use nom::bytes::complete::take_till1;
use nom::character::complete::char;
use nom::combinator::all_consuming;
use nom::multi::separated_list1;

use crate::error::Error;

/// One data line of a table: its 1-based number and its tab-separated fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// 1-based line number in the file.
    pub line: usize,
    /// The fields, in order.
    pub fields: Vec<&'a str>,
}

/// Tab-separated non-empty fields of one line: `a<TAB>b<TAB>c`.
fn fields(input: &str) -> nom::IResult<&str, Vec<&str>> {
    all_consuming(separated_list1(char('\t'), take_till1(|c| c == '\t'))).parse(input)
}

/// The fields of a line that is a row of `columns` fields, else what is wrong with it.
fn check<'a>(line: &'a str, columns: &RangeInclusive<usize>) -> Result<Vec<&'a str>, String> {
    let Ok((_, fields)) = fields(line) else {
        return Err("expected tab-separated fields, found an empty field".to_string());
    };
    if !columns.contains(&fields.len()) {
        let (min, max) = (*columns.start(), *columns.end());
        let want = match max - min {
            0 => format!("{min}"),
            1 => format!("{min} or {max}"),
            _ => format!("{min} to {max}"),
        };
        return Err(format!("expected {want} tab-separated fields, found {}", fields.len()));
    }
    if fields.iter().any(|f| f.trim() != *f) {
        return Err("expected fields without surrounding spaces".to_string());
    }
    Ok(fields)
}

/// The well-formed rows of a table whose lines have `columns` fields; the error of each
/// malformed line is added to `errors`.
pub fn rows<'a>(
    src: &'a str,
    file: &str,
    columns: RangeInclusive<usize>,
    errors: &mut Vec<Error>,
) -> Vec<Row<'a>> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut out = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let visible = line.trim_start();
        if visible.is_empty() || visible.starts_with('#') {
            continue;
        }
        match check(line, &columns) {
            Ok(fields) => out.push(Row { line: i + 1, fields }),
            Err(message) => errors.push(Error::grammar(file, i + 1, message)),
        }
    }
    out
}

/// Reads a table whose lines have `columns` fields: every row, or the error of every
/// malformed line.
pub fn read<'a>(
    src: &'a str,
    file: &str,
    columns: RangeInclusive<usize>,
) -> Result<Vec<Row<'a>>, Vec<Error>> {
    let mut errors = Vec::new();
    let rows = rows(src, file, columns, &mut errors);
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Sorts the errors of one file by line: [`rows`] adds the errors of malformed lines
/// before the caller adds those of its rows' values.
pub fn in_line_order(errors: &mut [Error]) {
    errors.sort_by_key(|e| match e {
        Error::Grammar { line, .. } => *line,
        _ => 0,
    });
}

/// Panics with the `file:line` message of every error of a built-in table.
pub(crate) fn fail(errors: &[Error]) -> ! {
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    panic!("built-in grammar has errors (see the grammar tests):\n{}", list.join("\n"))
}

/// A table embedded in the binary: its name under `grammar/`, its text and how many
/// fields its lines have. Made with `builtin_table!`.
#[derive(Debug, Clone)]
pub struct Builtin {
    /// The path under `grammar/`: `cite/labels.tsv`.
    pub file: &'static str,
    /// The text.
    pub src: &'static str,
    /// How many fields a line has.
    pub columns: RangeInclusive<usize>,
}

impl Builtin {
    /// Every row, or the error of every malformed line.
    pub fn read(&self) -> Result<Vec<Row<'static>>, Vec<Error>> {
        read(self.src, self.file, self.columns.clone())
    }

    /// Every row. The tests read every built-in table without error; a broken one
    /// panics with the `file:line` message of each malformed line.
    pub fn rows(&self) -> Vec<Row<'static>> {
        self.read().unwrap_or_else(|e| fail(&e))
    }

    /// The only field of every row of a one-column table.
    pub fn words(&self) -> impl Iterator<Item = &'static str> {
        self.rows().into_iter().map(|r| r.fields[0])
    }
}

/// A [`Builtin`] table: `builtin_table!("cite/labels.tsv", 2..=2)` embeds
/// `grammar/cite/labels.tsv`, whose lines have two fields.
macro_rules! builtin_table {
    ($path:literal, $columns:expr) => {
        $crate::grammar::table::Builtin {
            file: $path,
            src: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/", $path)),
            columns: $columns,
        }
    };
}
pub(crate) use builtin_table;

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(r: Result<Vec<Row<'_>>, Vec<Error>>) -> Vec<String> {
        r.unwrap_err().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn fields_split_on_tabs() {
        assert_eq!(fields("a\tb c\td").unwrap().1, vec!["a", "b c", "d"]);
        assert!(fields("a\t\tb").is_err());
        assert!(fields("a\t").is_err());
    }

    #[test]
    fn rows_keep_their_line_numbers_and_skip_comments_and_blank_lines() {
        let src = "\u{feff}# header\r\nok\tx\r\n\n   \n  # indented note\nb c\td\n";
        let rows = read(src, "t.tsv", 2..=2).unwrap();
        assert_eq!(
            rows,
            [Row { line: 2, fields: vec!["ok", "x"] }, Row { line: 6, fields: vec!["b c", "d"] }]
        );
    }

    #[test]
    fn every_malformed_line_is_reported_with_file_and_line() {
        let src = "# header\nok\tx\nbad\n\nalso\tbad\tfields\nempty\t\n sp\tx\nx\ty \n";
        assert_eq!(
            messages(read(src, "t.tsv", 2..=2)),
            [
                "t.tsv:3: expected 2 tab-separated fields, found 1",
                "t.tsv:5: expected 2 tab-separated fields, found 3",
                "t.tsv:6: expected tab-separated fields, found an empty field",
                "t.tsv:7: expected fields without surrounding spaces",
                "t.tsv:8: expected fields without surrounding spaces",
            ]
        );
        assert_eq!(
            messages(read("a\n", "q.tsv", 3..=4)),
            ["q.tsv:1: expected 3 or 4 tab-separated fields, found 1"]
        );
        assert_eq!(
            messages(read("a\n", "r.tsv", 2..=5)),
            ["r.tsv:1: expected 2 to 5 tab-separated fields, found 1"]
        );
    }

    #[test]
    fn rows_keeps_the_good_rows_of_a_broken_table() {
        let mut errors = Vec::new();
        let got = rows("a\tb\nc\nd\te\n", "t.tsv", 2..=2, &mut errors);
        assert_eq!(got.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().starts_with("t.tsv:2: expected 2"), "{}", errors[0]);
    }

    #[test]
    #[should_panic(expected = "cite/broken.tsv:2: expected 1 tab-separated fields, found 2")]
    fn a_broken_builtin_table_panics_with_file_and_line() {
        let t = Builtin { file: "cite/broken.tsv", src: "# h\na\tb\n", columns: 1..=1 };
        let _ = t.rows();
    }
}
