//! Hedged statements: the writer's hedges and evidentials ("Sanders appears to lead",
//! "the Senate is expected to vote next week", "it seems that …", from `hedges.tsv`)
//! present a clause as seeming, expected or reported without naming anyone who says so.
//! Such a clause is read as a statement without a speaker, at a modest confidence. It
//! never replaces a statement made on the same words: a clause that overlaps any reading
//! made before is left alone. A language without hedges has no such reading.

use crate::grammar::{Classes, FunctionKind, Hedge, HedgeKind, Language};
use crate::model::{Mechanism, Rule};
use crate::scan::Scan;

use super::token::{TokKind, Token, Unit};
use super::{Draft, build, tok_span};

/// Confidence of a hedged statement: below any pattern's.
const CONFIDENCE: f32 = 0.45;

/// Fewest words the content needs besides the hedge itself.
const MIN_WORDS: usize = 2;

/// Add a statement without a speaker for every hedged clause of `units` that overlaps
/// none of `drafts`.
pub(super) fn hedged_statements(
    lang: &Language,
    scan: &Scan,
    toks: &[Token],
    units: &[Unit],
    drafts: &mut Vec<Draft>,
) {
    if lang.hedges.is_empty() {
        return;
    }
    for &unit in units {
        let mut i = unit.start;
        while i < unit.end {
            let Some((hedge, end)) = hedge_at(lang, toks, i, unit.end) else {
                i += 1;
                continue;
            };
            let content = match hedge.kind {
                HedgeKind::Clause => clause_around(toks, unit, i, end),
                HedgeKind::Following => following(toks, unit, end),
            };
            let (h, cue) = (i, tok_span(toks, i, end));
            i = end;
            let Some((s, e)) = content else { continue };
            let outside = (s..e).filter(|&k| toks[k].is_word() && !(h..end).contains(&k)).count();
            if outside < MIN_WORDS {
                continue;
            }
            let span = tok_span(toks, s, e);
            if drafts.iter().any(|d| d.span.start < span.end && span.start < d.span.end) {
                continue;
            }
            let rule = Rule::new(Mechanism::Hedge);
            drafts.push(build(scan, toks, &[(s, e)], Some(cue), None, CONFIDENCE, rule, unit.para));
        }
    }
}

/// The longest hedge whose words (and punctuation: "wird vorgeworfen ,") start at token
/// `i`, end before `limit` and are followed by no word of its `not_before`; with the
/// token after it.
fn hedge_at<'a>(
    lang: &'a Language,
    toks: &[Token],
    i: usize,
    limit: usize,
) -> Option<(&'a Hedge, usize)> {
    let first = toks.get(i).filter(|t| t.is_word() && t.lex.is(Classes::HEDGE_FIRST))?;
    lang.hedges_by_first.get(first.lower.as_str())?.iter().find_map(|&h| {
        let hedge = &lang.hedges[h];
        let end = i + hedge.words.len();
        let words_match = end <= limit
            && hedge.words.iter().zip(&toks[i..end]).all(|(w, t)| !t.is_quote() && t.lower == *w);
        let excluded = toks
            .get(end)
            .filter(|_| end < limit)
            .is_some_and(|t| t.is_word() && hedge.not_before.contains(t.lower.as_str()));
        (words_match && !excluded).then_some((hedge, end))
    })
}

/// A comma between clauses: not one inside a number ("6,000").
pub(super) fn is_comma(toks: &[Token], j: usize) -> bool {
    let t = &toks[j];
    if !t.is_punct(",") {
        return false;
    }
    let glued_before = j > 0 && toks[j - 1].span.end == t.span.start;
    let glued_after = toks.get(j + 1).is_some_and(|n| n.span.start == t.span.end);
    !(glued_before && glued_after)
}

/// Punctuation that ends a clause on either side: semicolon, colon, dash, bracket, or a
/// doubled hyphen ("--").
pub(super) fn is_clause_break(toks: &[Token], j: usize) -> bool {
    let t = &toks[j];
    t.kind == TokKind::Punct
        && (matches!(t.lower.as_str(), ";" | ":" | "—" | "–" | "(" | ")")
            || (t.lower == "-"
                && (toks.get(j + 1).is_some_and(|n| n.is_punct("-"))
                    || (j > 0 && toks[j - 1].is_punct("-")))))
}

/// A word that, after a comma, opens something other than more of the clause: a
/// subordinator, gloss word, coordinator, relative pronoun or preposition ("…, with some
/// polls showing …").
pub(super) fn opens_other(t: &Token) -> bool {
    t.is_word()
        && (t.lex.is(Classes::SUBORDINATOR)
            || t.lex.is(Classes::GLOSS_WORD)
            || t.lex.is(Classes::RELATIVE_PRONOUN)
            || t.lex.is(Classes::COORDINATOR)
            || t.lex.function == Some(FunctionKind::Preposition))
}

/// The clause around the hedge at tokens `h..he`: from its start to its end, as token
/// range.
fn clause_around(toks: &[Token], unit: Unit, h: usize, he: usize) -> Option<(usize, usize)> {
    let mut start = unit.start;
    // A relative clause after a comma, or a clause opened by a subordinator, ends at the
    // next comma.
    let mut relative_after_comma = false;
    let mut subordinate = false;
    let mut j = h;
    while j > unit.start {
        j -= 1;
        let t = &toks[j];
        if t.is_word() && t.lex.is(Classes::RELATIVE_PRONOUN) {
            start = j;
            relative_after_comma = j > unit.start && is_comma(toks, j - 1);
            break;
        }
        if t.is_word() && t.lex.is(Classes::SUBORDINATOR) {
            start = j + 1;
            subordinate = true;
            break;
        }
        if is_clause_break(toks, j) {
            start = j + 1;
            break;
        }
        if is_comma(toks, j) {
            if j + 1 == h {
                // A comma right before the hedge closes an insertion ("Hizbollah, which
                // has lost …, seems"): the clause goes on before it.
                let open = (unit.start..j).rev().find(|&k| is_comma(toks, k));
                match open {
                    Some(k) => {
                        j = k;
                        continue;
                    }
                    None => break,
                }
            }
            let coordinator =
                toks.get(j + 1).is_some_and(|n| n.is_word() && n.lex.is(Classes::COORDINATOR));
            // "…, but has reportedly been …": a second verb phrase shares the subject of
            // the first clause, which the content includes.
            let shared_subject = coordinator
                && toks[j + 2..h].iter().all(|t| {
                    t.lex.is(Classes::AUXILIARY) || t.lex.function == Some(FunctionKind::Copula)
                });
            if shared_subject {
                continue;
            }
            start = if coordinator { j + 2 } else { j + 1 };
            break;
        }
    }
    // An opening connective or punctuation is not part of the content.
    while start < h && !relative_after_comma {
        let t = &toks[start];
        let skip = match t.kind {
            TokKind::Punct => true,
            TokKind::Word => {
                t.lex.is(Classes::COORDINATOR) || t.lex.function == Some(FunctionKind::Connective)
            }
            TokKind::Quote(_) => false,
        };
        if !skip {
            break;
        }
        start += 1;
    }
    let mut end = unit.end;
    let mut j = he;
    while j < unit.end {
        if is_clause_break(toks, j)
            || (j > he && toks[j].is_word() && toks[j].lex.is(Classes::SUBORDINATOR))
        {
            end = j;
            break;
        }
        if is_comma(toks, j) {
            // A connective set off by commas ("…, moreover, …") is inside the clause.
            let aside = toks
                .get(j + 1)
                .is_some_and(|n| n.is_word() && n.lex.function == Some(FunctionKind::Connective))
                && j + 2 < unit.end
                && is_comma(toks, j + 2);
            if aside {
                j += 3;
                continue;
            }
            if relative_after_comma || subordinate || toks.get(j + 1).is_some_and(opens_other) {
                end = j;
                break;
            }
        }
        j += 1;
    }
    trim_end(toks, start, end)
}

/// The clause after a hedge that introduces it ("it seems [that …]").
fn following(toks: &[Token], unit: Unit, he: usize) -> Option<(usize, usize)> {
    let mut start = he;
    while start < unit.end && toks[start].kind == TokKind::Punct {
        start += 1;
    }
    let end = (start..unit.end).find(|&j| toks[j].is_punct(";")).unwrap_or(unit.end);
    trim_end(toks, start, end)
}

/// `start..end` without trailing punctuation; `None` when nothing is left.
pub(super) fn trim_end(toks: &[Token], start: usize, mut end: usize) -> Option<(usize, usize)> {
    while end > start && toks[end - 1].kind == TokKind::Punct {
        end -= 1;
    }
    (end > start).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use crate::grammar::Grammar;
    use crate::model::Article;
    use crate::pipeline::analyze;

    /// (content, rule, has a speaker) of every quotation found in `text`.
    fn found(text: &str) -> Vec<(String, String, bool)> {
        let a = analyze(Article::from_text("t", text), Grammar::builtin());
        let t = &a.article.text;
        a.quotes
            .iter()
            .map(|q| {
                (
                    q.span.slice(t).to_string(),
                    q.explain(t, None).to_string(),
                    q.attribution.is_some(),
                )
            })
            .collect()
    }

    #[test]
    fn hedged_clause_is_a_statement_without_speaker() {
        let q = found(
            "The harbour board met on Monday. But the new ferry appears to be running late \
             again this winter. The mayor is expected to open the bridge next week.",
        );
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].0, "the new ferry appears to be running late again this winter");
        assert!(q[0].1.starts_with("hedge: “appears”"), "{q:?}");
        assert!(!q[0].2);
        assert_eq!(q[1].0, "The mayor is expected to open the bridge next week");
    }

    #[test]
    fn passive_question_reports_what_follows() {
        let q = found(
            "The harbour board met on Monday. At the hearing, the mayor was asked about the \
             delays on the northern ferry line.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "the delays on the northern ferry line");
        assert!(!q[0].2);
    }

    #[test]
    fn relative_clause_and_fronted_adverbial() {
        let q = found(
            "The new levy, which the council is expected to approve in March, worries \
             shopkeepers. In the northern valleys, the snow seemed deeper than last year.",
        );
        let contents: Vec<&str> = q.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            contents,
            [
                "which the council is expected to approve in March",
                "the snow seemed deeper than last year"
            ]
        );
    }

    #[test]
    fn another_sense_or_a_reading_with_speaker_wins() {
        // "appeared on" is not a hedge; a pattern's statement keeps its speaker.
        let q = found(
            "The coach appeared on local radio after the match. Ann Ruiz said the team \
             seemed tired in the second half.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "the team seemed tired in the second half");
        assert!(q[0].2, "{q:?}");
    }

    #[test]
    fn off_without_hedge_lexicon() {
        let g = Grammar::builtin();
        assert!(!g.en().hedges.is_empty());
        let de = g.language(Some("de"));
        assert!(de.hedges.iter().all(|h| h.kind == crate::grammar::HedgeKind::Following));
        let mut files = crate::grammar::EN_FILES;
        files.hedges = "# none\n".into();
        let lang = crate::grammar::Language::parse(&files).unwrap();
        assert!(lang.hedges.is_empty() && lang.hedges_by_first.is_empty());
    }

    #[test]
    fn german_impersonal_passive_reports_the_clause_after_its_comma() {
        // A clause in reported speech after the comma, which the passive-statement reading
        // (a complementiser or an infinitive with "zu") does not take.
        let text = "Nach dem Unwetter blieb die Lage im Tal am Montag weiter angespannt. Es \
                    wird vermutet, die Stadt habe zu spät gewarnt. Die Schule bleibt \
                    geschlossen.";
        let q = found(text);
        assert!(
            q.iter().any(|x| x.0 == "die Stadt habe zu spät gewarnt"
                && !x.2
                && x.1.starts_with("hedge")),
            "{q:?}"
        );
    }
}
