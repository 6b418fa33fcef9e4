//! Statements reported by a noun: a noun of `statement_nouns.tsv` after a possessor ("her
//! claim that …", "Trump's promise to …", "his attacks on …") reports a statement by the
//! possessor. The cue matcher reads such a word after a possessive as a noun and leaves
//! it alone; this reading takes the possessor as speaker (a possessive determiner is
//! resolved like its pronoun) and the noun's content: a clause or infinitive to the end
//! of its clause, or a preposition's object up to the first verb-like word or
//! punctuation. It never replaces a reading made before on the same words. A language
//! without statement nouns has no such reading.

use crate::grammar::{Classes, FunctionKind, Language, NounContent};
use crate::model::{Mechanism, Rule};
use crate::scan::Scan;

use super::coref::Registry;
use super::hedge::{is_clause_break, is_comma, opens_other, trim_end};
use super::speaker::{Np, NpKind};
use super::token::{TokKind, Token, Unit};
use super::{Draft, attach, build, speaker_factor, tok_span};

/// Confidence of a nominal statement before the speaker factor.
const CONFIDENCE: f32 = 0.55;

/// Most modifiers between the possessor and the noun ("her earlier claim").
const MAX_MODIFIERS: usize = 2;

/// Most words of a name before a possessive ("Hillary Rodham Clinton's").
const MAX_NAME: usize = 4;

/// Add a statement for every statement noun of `units` with a possessor and a content
/// that overlaps none of `drafts`.
pub(super) fn nominal_statements(
    text: &str,
    lang: &Language,
    scan: &Scan,
    toks: &[Token],
    units: &[Unit],
    reg: &mut Registry,
    drafts: &mut Vec<Draft>,
) {
    if lang.statement_nouns.is_empty() {
        return;
    }
    for &unit in units {
        for i in unit.start + 1..unit.end {
            let Some(contents) = toks[i]
                .is_word()
                .then(|| lang.statement_nouns.get(toks[i].lower.as_str()))
                .flatten()
            else {
                continue;
            };
            let Some(np) = possessor(text, lang, toks, unit, i) else { continue };
            let Some((s, e)) = content(lang, toks, unit, i + 1, contents) else { continue };
            let span = tok_span(toks, s, e);
            if drafts.iter().any(|d| d.span.start < span.end && span.start < d.span.end) {
                continue;
            }
            let ((id, mention), resolved) = attach(reg, text, lang, toks, &np);
            let cue = tok_span(toks, i, i + 1);
            let rule = Rule::new(Mechanism::StatementNoun);
            let conf = CONFIDENCE * speaker_factor(Some(&np), resolved);
            drafts.push(build(
                scan,
                toks,
                &[(s, e)],
                Some(cue),
                Some((id, mention)),
                conf,
                rule,
                unit.para,
            ));
        }
    }
}

/// A possessive word: "Trump's", "the agency’s" (`possessive_endings`), longer than its
/// ending.
fn is_possessive(lang: &Language, t: &Token) -> bool {
    t.is_word()
        && lang
            .possessive_endings
            .iter()
            .any(|e| t.lower.ends_with(e.as_str()) && t.lower.len() > e.len())
}

/// The possessor of the noun at token `i`, as a speaker phrase: a possessive determiner,
/// or a word with 's and the capitalised words (and a determiner) before it; at most
/// `MAX_MODIFIERS` lowercase words may stand between it and the noun.
fn possessor(text: &str, lang: &Language, toks: &[Token], unit: Unit, i: usize) -> Option<Np> {
    let mut p = i - 1;
    let mut modifiers = 0;
    loop {
        let t = &toks[p];
        if !t.is_word() {
            return None;
        }
        if let Some(pr) = lang.possessive_pronouns.get(t.lower.as_str()) {
            let kind = *lang.pronouns.get(pr)?;
            return Some(Np::bare(p, p + 1, NpKind::Pronoun(kind)));
        }
        if is_possessive(lang, t) {
            break;
        }
        let modifier = !t.cap
            && t.lex.function.is_none()
            && !t.lex.is(Classes::AUXILIARY)
            && !t.lex.is(Classes::STATEMENT_NOUN);
        if !modifier || modifiers == MAX_MODIFIERS || p == unit.start {
            return None;
        }
        modifiers += 1;
        p -= 1;
    }
    let mut s = p;
    while s > unit.start
        && p - s + 1 < MAX_NAME
        && super::speaker::is_name_token(text, lang, &toks[s - 1])
    {
        s -= 1;
    }
    if s > unit.start
        && toks[s - 1].lex.function == Some(FunctionKind::Determiner)
        && !toks[s - 1].lex.is(Classes::POSSESSIVE_PRONOUN)
    {
        s -= 1;
    }
    Some(Np::bare(s, p + 1, NpKind::Other))
}

/// The content after the noun, starting at token `k`: the first of `contents` whose word
/// stands there.
fn content(
    lang: &Language,
    toks: &[Token],
    unit: Unit,
    k: usize,
    contents: &[NounContent],
) -> Option<(usize, usize)> {
    let t = toks.get(k).filter(|t| k < unit.end && t.is_word())?;
    let next_is_word =
        toks.get(k + 1).is_some_and(|n| k + 1 < unit.end && n.kind != TokKind::Punct);
    contents.iter().find_map(|c| match c {
        NounContent::Clause(w) if t.lower == *w && next_is_word => clause(toks, unit, k),
        NounContent::Infinitive(w) if t.lower == *w && next_is_word => clause(toks, unit, k),
        NounContent::Object(w) if t.lower == *w && next_is_word => object(lang, toks, unit, k + 1),
        _ => None,
    })
}

/// A clause from token `s` to its end.
fn clause(toks: &[Token], unit: Unit, s: usize) -> Option<(usize, usize)> {
    let mut end = unit.end;
    for j in s + 1..unit.end {
        let t = &toks[j];
        if is_clause_break(toks, j)
            || (t.is_word() && t.lex.is(Classes::SUBORDINATOR))
            || (is_comma(toks, j) && toks.get(j + 1).is_some_and(opens_other))
        {
            end = j;
            break;
        }
    }
    trim_end(toks, s, end)
}

/// A preposition's object from token `s`: up to punctuation or a verb-like word.
fn object(lang: &Language, toks: &[Token], unit: Unit, s: usize) -> Option<(usize, usize)> {
    let end = (s..unit.end)
        .find(|&j| {
            let t = &toks[j];
            match t.kind {
                TokKind::Punct => true,
                TokKind::Quote(_) => false,
                TokKind::Word => {
                    t.lex.is(Classes::AUXILIARY)
                        || t.lex.function == Some(FunctionKind::Copula)
                        || t.lex.is(Classes::SUBORDINATOR)
                        || t.lex.is(Classes::RELATIVE_PRONOUN)
                        || lang
                            .statement_nouns
                            .values()
                            .flatten()
                            .any(|c| matches!(c, NounContent::Clause(w) if *w == t.lower))
                }
            }
        })
        .unwrap_or(unit.end);
    trim_end(toks, s, end)
}

#[cfg(test)]
mod tests {
    use crate::grammar::Grammar;
    use crate::model::Article;
    use crate::pipeline::analyze;

    /// (content, speaker mention, rule) of every quotation found in `text`.
    fn found(text: &str) -> Vec<(String, String, String)> {
        let a = analyze(Article::from_text("t", text), Grammar::builtin());
        let t = &a.article.text;
        a.quotes
            .iter()
            .map(|q| {
                let m = q.attribution.map(|at| at.mention.slice(t).to_string()).unwrap_or_default();
                (q.span.slice(t).to_string(), m, q.explain(t, None).to_string())
            })
            .collect()
    }

    #[test]
    fn possessor_of_a_statement_noun_is_the_speaker() {
        let q = found(
            "The harbour board met on Monday. The crew laughed at the mayor's claim that \
             the ferry would run all winter. Her attacks on the harbour master have grown \
             sharper.",
        );
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].0, "that the ferry would run all winter");
        assert_eq!(q[0].1, "the mayor's");
        assert!(q[0].2.starts_with("statement noun: “claim”"), "{q:?}");
        assert_eq!(q[1].0, "the harbour master");
        assert_eq!(q[1].1, "Her");
    }

    #[test]
    fn without_possessor_or_content_no_statement() {
        // No possessor, no content after the noun, a noun outside the lexicon.
        let q = found(
            "The claim that the ferry was late went unanswered. His decision surprised the \
             crew. Her plans for the harbour were modest.",
        );
        assert!(q.iter().all(|x| !x.2.starts_with("statement noun")), "{q:?}");
    }
}
