//! nom parsers for the pattern DSL of `patterns.txt` and its cue classes. (Its lines,
//! like every table's, are read by [`super::table`].)
//!
//! Every parser here reads one line; [`patterns`] collects every malformed line as an
//! [`Error::Grammar`] (file and line number) instead of stopping at the first.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, space1};
use nom::combinator::{all_consuming, map, opt};
use nom::multi::separated_list1;
use nom::number::complete::float;
use nom::sequence::delimited;
use nom::{IResult, Parser};

use super::{CueClass, ElemKind, Element, Pattern, table};
use crate::error::Error;

/// A cue class name: `speech`, `writing`, `belief`, `intent`, `evidence`, `quoting`,
/// `headline`, `stance`, `question`.
pub fn cue_class(input: &str) -> IResult<&str, CueClass> {
    alt((
        map(tag("speech"), |_| CueClass::Speech),
        map(tag("writing"), |_| CueClass::Writing),
        map(tag("belief"), |_| CueClass::Belief),
        map(tag("intent"), |_| CueClass::Intent),
        map(tag("evidence"), |_| CueClass::Evidence),
        map(tag("quoting"), |_| CueClass::Quoting),
        map(tag("headline"), |_| CueClass::Headline),
        map(tag("stance"), |_| CueClass::Stance),
        map(tag("question"), |_| CueClass::Question),
        map(tag("none"), |_| CueClass::NonReporting),
    ))
    .parse(input)
}

/// `CUE` or `CUE[speech,writing]`; a bare `CUE` takes every reporting class.
fn cue_element(input: &str) -> IResult<&str, ElemKind> {
    let (rest, _) = tag("CUE").parse(input)?;
    let (rest, classes) =
        opt(delimited(char('['), separated_list1(char(','), cue_class), char(']'))).parse(rest)?;
    Ok((rest, ElemKind::Cue(classes.unwrap_or_else(|| CueClass::REPORTING.to_vec()))))
}

/// A named element (`SPEAKER`, `CONTENT` …) or a literal token (`,`, `:`, `that`).
fn word_element(input: &str) -> IResult<&str, ElemKind> {
    alt((
        map(tag("PREP"), |_| ElemKind::Prep),
        map(tag("POST"), |_| ElemKind::Post),
        map(tag("SPEAKER"), |_| ElemKind::Speaker),
        map(tag("SUBJECT"), |_| ElemKind::Subject),
        map(tag("APPOSED"), |_| ElemKind::Apposed),
        map(tag("FRONT"), |_| ElemKind::Front),
        map(tag("CLAUSE"), |_| ElemKind::Clause),
        map(tag("CONTENT"), |_| ElemKind::Content),
        map(tag("QUOTE"), |_| ElemKind::Quote),
        map(tag("OBJECT"), |_| ElemKind::Object),
        map(tag("END"), |_| ElemKind::End),
        map(tag(","), |_| ElemKind::Literal(",".into())),
        map(tag(":"), |_| ElemKind::Literal(":".into())),
        map(take_while1(|c: char| c.is_lowercase()), |w: &str| ElemKind::Literal(w.into())),
    ))
    .parse(input)
}

/// One pattern element with its optional `?`.
fn element(input: &str) -> IResult<&str, Element> {
    map((alt((cue_element, word_element)), opt(char('?'))), |(kind, q)| Element {
        kind,
        optional: q.is_some(),
    })
    .parse(input)
}

/// A pattern of a row's fields: `id`, `confidence` and `ELEMENT ELEMENT …`, or `None`
/// when one of them does not parse.
pub fn pattern(fields: &[&str]) -> Option<Pattern> {
    let &[id, confidence, elements] = fields else { return None };
    type E<'a> = nom::error::Error<&'a str>;
    let id_chars = take_while1::<_, _, E>(|c: char| c.is_ascii_alphanumeric() || c == '-');
    let (_, id) = all_consuming(id_chars).parse(id).ok()?;
    let (_, confidence) = all_consuming(float::<_, E>).parse(confidence).ok()?;
    let (_, elements) = all_consuming(separated_list1(space1, element)).parse(elements).ok()?;
    Some(Pattern { id: id.into(), confidence, elements })
}

/// Reads `patterns.txt` (lines of `id<TAB>confidence<TAB>ELEMENTS`, through
/// [`table`]), checking that each pattern has exactly one cue and that its confidence
/// lies in 0..=1.
pub fn patterns(src: &str, file: &str) -> Result<Vec<Pattern>, Vec<Error>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in table::rows(src, file, 3..=3, &mut errors) {
        let err = |message: String| Error::grammar(file, row.line, message);
        let Some(p) = pattern(&row.fields) else {
            errors.push(err(
                "expected `id<TAB>confidence<TAB>ELEMENTS` with elements such as SPEAKER, CUE[speech], CONTENT, `,`".into(),
            ));
            continue;
        };
        let cues = p
            .elements
            .iter()
            .filter(|e| matches!(e.kind, ElemKind::Cue(_) | ElemKind::Prep | ElemKind::Post))
            .count();
        if cues != 1 {
            errors.push(err(format!("expected exactly one CUE or PREP, found {cues}")));
        } else if !(0.0..=1.0).contains(&p.confidence) {
            errors.push(err(format!(
                "expected a confidence between 0 and 1, found {}",
                p.confidence
            )));
        } else {
            out.push(p);
        }
    }
    table::in_line_order(&mut errors);
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_class_names() {
        assert_eq!(cue_class("belief").unwrap().1, CueClass::Belief);
        assert!(cue_class("shout").is_err());
    }

    #[test]
    fn cue_element_with_classes() {
        let (_, k) = cue_element("CUE[speech,writing]").unwrap();
        assert_eq!(k, ElemKind::Cue(vec![CueClass::Speech, CueClass::Writing]));
        let (_, bare) = cue_element("CUE").unwrap();
        assert_eq!(bare, ElemKind::Cue(CueClass::REPORTING.to_vec()));
    }

    #[test]
    fn element_optional_marker() {
        let (_, e) = element("that?").unwrap();
        assert_eq!(e.kind, ElemKind::Literal("that".into()));
        assert!(e.optional);
    }

    #[test]
    fn pattern_line_reads_all_parts() {
        let p = pattern(&["x-y", "0.5", "CONTENT , SPEAKER CUE END"]).unwrap();
        assert_eq!(&*p.id, "x-y");
        assert_eq!(p.elements.len(), 5);
        assert_eq!(p.confidence, 0.5);
    }

    #[test]
    fn pattern_fields_must_parse_whole() {
        assert!(pattern(&["x y", "0.5", "SPEAKER CUE"]).is_none());
        assert!(pattern(&["x", "0.5x", "SPEAKER CUE"]).is_none());
        assert!(pattern(&["x", "0.5", "SPEAKER CUE!"]).is_none());
        assert!(pattern(&["x", "0.5"]).is_none());
    }

    #[test]
    fn malformed_pattern_lines_are_reported_in_line_order() {
        let errs = patterns("a\t0.5\tSPEAKER\n# c\nb\t0.5\n", "p.txt").unwrap_err();
        let got: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "p.txt:1: expected exactly one CUE or PREP, found 0",
                "p.txt:3: expected 3 tab-separated fields, found 2",
            ]
        );
    }

    #[test]
    fn patterns_need_one_cue() {
        let errs =
            patterns("a\t0.5\tCONTENT SPEAKER\nb\t0.5\tCONTENT CUE CUE\n", "p.txt").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].to_string().contains("exactly one CUE"));
        let errs = patterns("a\t1.5\tSPEAKER CUE\nb\tx\tCUE\n", "p.txt").unwrap_err();
        assert!(errs[0].to_string().contains("confidence"));
        assert!(errs[1].to_string().starts_with("p.txt:2: expected `id"));
    }
}
