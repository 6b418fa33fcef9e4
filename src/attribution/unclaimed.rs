//! Readings that no pattern makes: quotations that no pattern claimed (by the words
//! around them, or the statement before them) and sentences that report without a
//! cue of their own (a back-reference, the mood of reported speech, a reporting verb
//! with an object).

use crate::grammar::{Classes, CueClass, FunctionKind, Language};
use crate::model::{Mechanism, QuoteKind, Rule, Span};
use crate::scan::Scan;

use super::coref::Registry;
use super::pattern;
use super::speaker::{self, Np, NpKind};
use super::token::{self, Token, Unit};
use super::{Draft, Join, attach, speaker_factor, tok_span};

/// Content token range, cue token range and speaker of a back-reference.
type BackReference = ((usize, usize), (usize, usize), Np);

/// "Das erklärte der Minister am Montag.": a sentence that opens with a word of
/// `back_reference` (settings.tsv) before a reporting verb and its speaker reports the
/// sentence before it. Returns the content (the previous sentence through the opening
/// word, as the German corpus marks it), the cue and the speaker.
pub(super) fn back_reference(
    text: &str,
    lang: &Language,
    toks: &[Token],
    prev: Unit,
    unit: Unit,
) -> Option<BackReference> {
    let first = &toks[unit.start];
    if !first.lex.is(Classes::BACK_REFERENCE) || prev.para != unit.para {
        return None;
    }
    let mut end = unit.end;
    while end > unit.start && !toks[end - 1].is_word() {
        end -= 1;
    }
    let hit = pattern::cue_at(lang, toks, unit.start + 1, end, false)?;
    let cue = &lang.cues[hit.cue];
    if cue.frame != crate::grammar::CueFrame::Verb
        || !matches!(cue.class, CueClass::Speech | CueClass::Writing)
    {
        return None;
    }
    let (np, stop) = speaker::right_speaker(text, lang, toks, hit.end, end, false)?;
    // Only a short adverbial may follow ("am Montag gegenüber der Presse").
    let tail = &toks[stop..end];
    if tail.len() > 8 || tail.iter().any(|t| t.is_quote() || t.is_punct(",")) {
        return None;
    }
    if prev.end - prev.start < 4 {
        return None;
    }
    Some(((prev.start, unit.start + 1), (hit.start, hit.end), np))
}

/// The end of a sentence in the mood of reported speech (German Konjunktiv I: "Die
/// Lage sei ernst."), without its final punctuation; `None` for any other sentence.
pub(super) fn reported_sentence(toks: &[Token], unit: Unit, lang: &Language) -> Option<usize> {
    if lang.reported_mood.is_empty() {
        return None;
    }
    let words = &toks[unit.start..unit.end];
    // The mood must mark the main clause: its verb stands before the first comma or
    // right after a fronted clause ("Wenn …, sei …"), not in a relative or subordinate
    // clause ("…, die es ermöglicht hätten").
    let first_comma = words.iter().position(|t| t.is_punct(",")).unwrap_or(words.len());
    let main_mood = words.iter().enumerate().any(|(k, t)| {
        t.is_word()
            && t.lex.is(Classes::REPORTED_MOOD)
            && (k < first_comma || words[k - 1].is_punct(","))
    });
    // A sentence with its own reporting verb has its own speaker, even when no pattern
    // could read it.
    let own_cue = words.iter().any(|t| t.is_word() && !t.cap && t.lex.is(Classes::CUE_WORD));
    if words.iter().any(Token::is_quote) || !main_mood || own_cue {
        return None;
    }
    let mut end = unit.end;
    while end > unit.start && !toks[end - 1].is_word() {
        end -= 1;
    }
    (end - unit.start >= 3).then_some(end)
}

/// The speaker of a sentence that holds a reporting verb no pattern could read
/// ("Lammert würdigte die Bundeswehr.", "Davon geht der Minister aus."): the speaker
/// phrase before the verb, else the one after it, else the subject. `None` for a
/// sentence without a reporting verb: its subject is rarely the one who speaks next.
pub(super) fn statement_speaker(
    text: &str,
    lang: &Language,
    toks: &[Token],
    prev: Unit,
) -> Option<Np> {
    let mut end = prev.end;
    while end > prev.start && !toks[end - 1].is_word() {
        end -= 1;
    }
    let hit = (prev.start..end).find_map(|k| {
        pattern::cue_at(lang, toks, k, end, false)
            .filter(|h| lang.cues[h.cue].frame == crate::grammar::CueFrame::Verb)
    })?;
    // Not an adverbial or a prepositional object ("sprach von einem Unfall"), nor a
    // phrase after a conjunction of a background clause ("Als Ehrenamt bezeichnet man …").
    let ok = |np: &Np| {
        !matches!(np.kind, NpKind::Other | NpKind::Document)
            && (np.start == 0 || !toks[np.start - 1].lex.is(Classes::BACKGROUND_SUBORDINATOR))
            && lang
                .function(toks[np.start].lower.as_str())
                .is_none_or(|k| k == crate::grammar::FunctionKind::Determiner)
    };
    (hit.start > prev.start)
        .then(|| speaker::left_speaker(text, lang, toks, prev.start, hit.start))
        .flatten()
        .filter(ok)
        .or_else(|| speaker::np_after(text, lang, toks, hit.end, end).filter(ok))
        .or_else(|| speaker::subject(text, lang, toks, prev.start, end).filter(ok))
}

/// A sentence whose reporting verb takes a noun phrase rather than a clause ("Die
/// Polizei sprach von einem Unfall.", "Am Montag forderte der Verband neue Regeln."):
/// the whole sentence reports, by the speaker of the verb. The verb must stand early
/// (the main clause's verb, not one in a clause further on) and have words after it
/// (not a participle closing the sentence), outside a parenthesis.
pub(super) fn object_statement(
    text: &str,
    lang: &Language,
    toks: &[Token],
    unit: Unit,
    reg: &mut Registry,
) -> Option<Draft> {
    let mut end = unit.end;
    while end > unit.start && !toks[end - 1].is_word() {
        end -= 1;
    }
    if end - unit.start < 4 || toks[unit.start..unit.end].iter().any(Token::is_quote) {
        return None;
    }
    let hit = (unit.start..end).find_map(|k| pattern::cue_at(lang, toks, k, end, false))?;
    let cue = &lang.cues[hit.cue];
    if cue.frame != crate::grammar::CueFrame::Verb
        || !matches!(cue.class, CueClass::Speech | CueClass::Writing)
        || end - hit.end < 2
        || toks[hit.end].lex.is(Classes::CLAUSE_FINAL_AUXILIARY)
        || toks[unit.start..hit.start].iter().filter(|t| t.is_word()).count() > 7
        || toks[unit.start..hit.start].iter().any(|t| t.is_punct("("))
        || toks[unit.start..hit.start].iter().any(|t| t.lex.is(Classes::PASSIVE_AUXILIARY))
    {
        return None;
    }
    let np = statement_speaker(text, lang, toks, unit)?;
    let ((id, mention), resolved) = attach(reg, text, lang, toks, &np);
    Some(Draft {
        kind: QuoteKind::Indirect,
        span: tok_span(toks, unit.start, end),
        fragments: Vec::new(),
        cue: Some(tok_span(toks, hit.start, hit.end)),
        speaker: Some((id, mention)),
        confidence: 0.4 * speaker_factor(Some(&np), resolved),
        rule: Rule::new(Mechanism::ObjectStatement),
        para: unit.para,
        stance: false,
        reported: None,
        continues: None,
    })
}

/// "Der Minister hat am Montag gesagt, dass …", "Am Tag zuvor hatte er erklärt, …": the
/// participle of a reporting verb closes the main clause right before its first comma,
/// after an auxiliary of `perfect_auxiliaries` (settings.tsv) early in the sentence. The
/// content is what follows the comma; the speaker the phrase before the auxiliary, else
/// the one right after it. After an auxiliary of `passive_auxiliaries` ("Es wird
/// befürchtet, dass …", "Ihm wurde vorgeworfen, … zu …") the statement names no speaker,
/// and the content must open with a complementiser or close with an infinitive.
pub(super) fn perfect_statement(
    text: &str,
    lang: &Language,
    toks: &[Token],
    unit: Unit,
    reg: &mut Registry,
) -> Option<Draft> {
    if lang.perfect_auxiliaries.is_empty() && lang.passive_auxiliaries.is_empty() {
        return None;
    }
    let comma = (unit.start..unit.end).find(|&k| toks[k].is_punct(","))?;
    let opener = toks[unit.start].lower.as_str();
    if comma < unit.start + 3
        || toks[unit.start..comma].iter().any(Token::is_quote)
        || lang.subordinators.contains(opener)
        || lang.background_subordinators.contains(opener)
    {
        return None;
    }
    let hit = (unit.start + 2..comma).find_map(|k| {
        pattern::cue_at(lang, toks, k, comma, false).filter(|h| {
            let c = &lang.cues[h.cue];
            let tail = &toks[h.end..comma];
            tail.iter().all(|t| t.lex.is(Classes::CLAUSE_FINAL_AUXILIARY))
                && tail.len() <= 1
                && h.particle.is_none()
                && !toks[h.start].cap
                && c.frame == crate::grammar::CueFrame::Verb
                && matches!(c.class, CueClass::Speech | CueClass::Writing | CueClass::Belief)
        })
    })?;
    let aux = (unit.start + 1..hit.start.min(unit.start + 12)).find(|&k| {
        let w = toks[k].lower.as_str();
        lang.perfect_auxiliaries.contains(w) || lang.passive_auxiliaries.contains(w)
    })?;
    let passive = toks[aux].lex.is(Classes::PASSIVE_AUXILIARY);
    let mut end = unit.end;
    while end > comma + 1 && !toks[end - 1].is_word() && !toks[end - 1].is_quote() {
        end -= 1;
    }
    let content = &toks[comma + 1..end];
    if content.iter().filter(|t| t.is_word()).count() < 3 {
        return None;
    }
    let np = if passive {
        let opens =
            content[0].lex.is(Classes::SUBORDINATOR) || content[0].lex.is(Classes::COMPLEMENTIZER);
        let infinitive =
            content.len() >= 2 && content[content.len() - 2].lex.is(Classes::INFINITIVE_MARKER);
        if !opens && !infinitive {
            return None;
        }
        None
    } else {
        let ok = |np: &Np| !matches!(np.kind, NpKind::Other | NpKind::Document);
        let np = speaker::subject(text, lang, toks, unit.start, aux)
            .filter(|np| np.end == aux && ok(np))
            .or_else(|| speaker::np_after(text, lang, toks, aux + 1, hit.start))?;
        Some(np)
    };
    let speaker = np.as_ref().map(|np| attach(reg, text, lang, toks, np));
    let confidence = 0.5 * speaker_factor(np.as_ref(), speaker.is_some_and(|(_, r)| r));
    Some(Draft {
        kind: QuoteKind::Indirect,
        span: tok_span(toks, comma + 1, end),
        fragments: Vec::new(),
        cue: Some(tok_span(toks, hit.start, hit.end)),
        speaker: speaker.map(|(s, _)| s),
        confidence,
        rule: Rule::new(if passive {
            Mechanism::PassiveStatement
        } else {
            Mechanism::PerfectStatement
        }),
        para: unit.para,
        stance: false,
        reported: None,
        continues: None,
    })
}

/// A sentence in the mood of reported speech right after an attributed statement of
/// the same or the previous paragraph continues that statement, by the same speaker.
pub(super) fn reported_continuation(
    toks: &[Token],
    unit: Unit,
    end: usize,
    drafts: &[Draft],
) -> Option<Draft> {
    let prev =
        drafts.last().filter(|d| d.speaker.is_some() && !d.stance && unit.para <= d.para + 3)?;
    if prev.span.end > toks[unit.start].span.start {
        return None;
    }
    Some(Draft {
        kind: QuoteKind::Indirect,
        span: tok_span(toks, unit.start, end),
        fragments: Vec::new(),
        cue: None,
        speaker: prev.speaker,
        confidence: prev.confidence * 0.6,
        rule: Rule::new(Mechanism::ReportedContinuation),
        para: unit.para,
        stance: false,
        reported: None,
        continues: None,
    })
}

/// Quotations that no pattern claimed: kept when they read like a quotation (five words
/// or more, with sentence punctuation or standing alone), attributed to the statement
/// just before them in the same or the previous paragraph. Shorter ones are scare
/// quotes, titles or terms and are not quotations.
#[allow(clippy::too_many_arguments)]
pub(super) fn floating_quotes(
    text: &str,
    lang: &Language,
    scan: &Scan,
    toks: &[Token],
    units: &[Unit],
    claimed: &[bool],
    reg: &mut Registry,
    drafts: &mut Vec<Draft>,
) {
    // Quotations already taken as the second part of a statement.
    let mut taken: Vec<usize> = Vec::new();
    for (ui, u) in units.iter().enumerate() {
        for i in u.start..u.end {
            let t = &toks[i];
            let token::TokKind::Quote(q) = t.kind else { continue };
            if claimed[i] || taken.contains(&i) {
                continue;
            }
            let Some(qs) = scan.quotes.get(q) else { continue };
            let inner = qs.inner.slice(text);
            let nwords = inner.split_whitespace().count();
            // A quotation opening the sentence right after a direct quotation of the
            // same paragraph continues it ("“A,” she said. “B.”").
            // A sentence with a cue of its own is a new statement, not a continuation.
            let own_cue =
                (u.start..u.end).any(|k| pattern::cue_at(lang, toks, k, u.end, false).is_some());
            // So is one followed by a speaker and a verb of its own (“…,” Oliver barked.).
            let trailing = trailing_speaker(text, lang, toks, *u, i).or_else(|| {
                let next = units.get(ui + 1)?;
                signature(text, lang, toks, *u, i, *next)
                    .or_else(|| next_sentence_speaker(text, lang, toks, *u, i, *next))
                    .map(|np| (np, None))
            });
            let prev_unit = ui.checked_sub(1).map(|k| units[k]).filter(|p| {
                // A quotation that opens a paragraph may continue the statement that
                // ends the paragraph before ("“A,” she said.¶“B.”").
                (p.para == u.para || p.para + 1 == u.para) && !own_cue && trailing.is_none()
            });
            if let (true, Some(pu)) = (i == u.start, prev_unit) {
                let from = toks[pu.start].span.start;
                // The statement continued is the last one in the sentence before that ends
                // in a quotation: a direct one, or a mixed one ending in its quotation.
                let ends_quoted = |d: &Draft| match d.kind {
                    QuoteKind::Direct => true,
                    QuoteKind::Mixed => d.fragments.last().is_some_and(|f| f.end + 2 >= d.span.end),
                    QuoteKind::Indirect => false,
                };
                let last = drafts
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| {
                        d.span.end <= qs.outer.start && d.span.end >= from && !d.stance
                    })
                    .filter(|(_, d)| ends_quoted(d))
                    .max_by_key(|(_, d)| d.span.end);
                if let Some((k, d)) = last {
                    // A quotation of its own by the same speaker (`separate_continuations`),
                    // else part of that statement, joined to it when every quotation is
                    // read; meanwhile it stands for the statement's end (same speaker and
                    // paragraph).
                    let separate = lang.separate_continuations;
                    let c = Draft {
                        kind: QuoteKind::Direct,
                        span: qs.inner,
                        fragments: vec![qs.inner],
                        cue: d.cue,
                        speaker: d.speaker,
                        confidence: if separate { d.confidence * 0.9 } else { d.confidence },
                        rule: if separate {
                            Rule { continues: d.rule.continues + 1, ..d.rule.clone() }
                        } else {
                            d.rule.clone()
                        },
                        para: if separate { u.para } else { d.para },
                        stance: false,
                        reported: None,
                        continues: (!separate).then_some((k, Join::Quotation)),
                    };
                    drafts.push(c);
                    continue;
                }
            }
            // A quotation followed by its speaker and a reporting verb that no pattern could
            // read ("“…,” Harry Bond, 30, of Raleigh, who was polled, said").
            if let Some((np, second)) = trailing {
                let ((id, mention), _) = attach(reg, text, lang, toks, &np);
                let mut fragments = vec![qs.inner];
                if let Some(j) = second {
                    if let token::TokKind::Quote(q2) = toks[j].kind {
                        fragments.extend(scan.quotes.get(q2).map(|s| s.inner));
                        taken.push(j);
                    }
                }
                // Words before the quotation in its sentence are part of the statement
                // ("Oz is “smart as hell,” Mosko wrote").
                let (kind, start) = if i > u.start && toks[u.start..i].iter().any(Token::is_word) {
                    (QuoteKind::Mixed, toks[u.start].span.start)
                } else {
                    (QuoteKind::Direct, qs.inner.start)
                };
                let span = Span::new(start, fragments[fragments.len() - 1].end);
                drafts.push(Draft {
                    kind,
                    span,
                    fragments,
                    cue: None,
                    speaker: Some((id, mention)),
                    confidence: 0.6,
                    rule: Rule::new(Mechanism::TrailingSpeaker),
                    para: u.para,
                    stance: false,
                    reported: None,
                    continues: None,
                });
                continue;
            }
            // A quotation introduced by a colon belongs to the clause before it ("Die Firma
            // sieht das anders: „…“"), whose subject is the speaker.
            if let Some(np) = colon_speaker(text, lang, toks, *u, i) {
                let ((id, mention), _) = attach(reg, text, lang, toks, &np);
                drafts.push(Draft {
                    kind: QuoteKind::Direct,
                    span: qs.inner,
                    fragments: vec![qs.inner],
                    cue: None,
                    speaker: Some((id, mention)),
                    confidence: 0.6,
                    rule: Rule::new(Mechanism::ColonQuote),
                    para: u.para,
                    stance: false,
                    reported: None,
                    continues: None,
                });
                continue;
            }
            let alone = u.end - u.start <= 2;
            let sentence = inner.trim_end().ends_with(['.', '!', '?', ',']) || alone;
            if nwords < 5 || !sentence {
                continue;
            }
            // The words that introduce the quotation name its speaker: in its own
            // sentence, or in the sentence before it in the same paragraph.
            let before = ui.checked_sub(1).map(|k| units[k]).filter(|p| p.para == u.para);
            let intro = intro_speaker(text, lang, toks, u.start, i).or_else(|| {
                let p = before.filter(|_| i == u.start)?;
                let mut end = p.end;
                while end > p.start && matches!(toks[end - 1].lower.as_str(), "." | "!" | "?") {
                    end -= 1;
                }
                intro_speaker(text, lang, toks, p.start, end)
            });
            let prev = drafts
                .iter()
                .filter(|d| {
                    d.span.end <= qs.outer.start && d.speaker.is_some() && u.para <= d.para + 1
                })
                .max_by_key(|d| d.span.end);
            // Inside its sentence, a quotation is most likely by the sentence's subject
            // ("Ms. Ruiz smiled and said, “…”", "Trump then went after Bush, calling him
            // “…”").
            let intro = intro.map(|np| (np, true)).or_else(|| {
                let np = (i > u.start)
                    .then(|| speaker::subject(text, lang, toks, u.start, i))
                    .flatten()?;
                // A document or a noun phrase no table knows is a source too ("The ad
                // targets a “…”", "Ruiz's catch phrase was that …").
                Some((np, false))
            });
            let (speaker, confidence, rule) = match (intro, prev.and_then(|d| d.speaker)) {
                (Some((np, introduced)), _) => {
                    let ((id, mention), _) = attach(reg, text, lang, toks, &np);
                    let (confidence, rule) = if introduced {
                        (0.6, Rule::new(Mechanism::FloatingIntroduced))
                    } else {
                        (0.5, Rule::new(Mechanism::FloatingSubject))
                    };
                    (Some((id, mention)), confidence, rule)
                }
                // A guess: right about one time in five on the English dev corpus, so it
                // ranks below every reading with evidence of its own.
                (None, Some(sp)) => (Some(sp), 0.35, Rule::new(Mechanism::FloatingPrevious)),
                // Without any statement before it, a quotation that opens its sentence is
                // most likely by the subject of the sentence before ("Die Partei will
                // sparen. „Wir …“").
                (None, None) => match before
                    .filter(|_| i == u.start)
                    .and_then(|p| speaker::subject(text, lang, toks, p.start, p.end))
                    .filter(|np| {
                        !matches!(np.kind, NpKind::Other | NpKind::Document)
                            && lang
                                .function(toks[np.start].lower.as_str())
                                .is_none_or(|k| k == crate::grammar::FunctionKind::Determiner)
                    }) {
                    Some(np) => {
                        let ((id, mention), _) = attach(reg, text, lang, toks, &np);
                        let rule = Rule::new(Mechanism::FloatingSentenceBefore);
                        (Some((id, mention)), 0.4, rule)
                    }
                    None => (None, 0.3, Rule::new(Mechanism::FloatingAlone)),
                },
            };
            drafts.push(Draft {
                kind: QuoteKind::Direct,
                span: qs.inner,
                fragments: vec![qs.inner],
                cue: None,
                speaker,
                confidence,
                rule,
                para: u.para,
                stance: false,
                reported: None,
                continues: None,
            });
        }
    }
}

/// The speaker named by the words `toks[start..end]` that introduce a quotation: the
/// subject of their last reporting verb ("Axelrod … tweeted this:", "Cruz tweeted a
/// warning."), or the subject of a clause ending in a colon ("She then addressed the
/// supporters again:").
fn intro_speaker(
    text: &str,
    lang: &Language,
    toks: &[Token],
    start: usize,
    end: usize,
) -> Option<Np> {
    if end <= start || toks[start..end].iter().any(Token::is_quote) {
        return None;
    }
    let cue = (start..end).rev().find_map(|k| {
        let hit = pattern::cue_at(lang, toks, k, end, false)?;
        let c = &lang.cues[hit.cue];
        let spoken = matches!(c.class, CueClass::Speech | CueClass::Writing | CueClass::Question);
        (c.frame == crate::grammar::CueFrame::Verb && spoken).then_some((k, c.is_participle()))
    });
    let np = match cue {
        // "She followed that by saying, “…”": a participle reports for the subject.
        Some((k, true)) => speaker::subject(text, lang, toks, start, k)?,
        Some((k, false)) => speaker::left_speaker(text, lang, toks, start, k)?,
        None if toks[end - 1].is_punct(":") => speaker::subject(text, lang, toks, start, end - 1)?,
        None => return None,
    };
    (!matches!(np.kind, NpKind::Other)).then_some(np)
}

/// A quotation that ends its paragraph, signed in the next one with a dash and a name
/// or a role ("- Ann Ruiz." or "— Ann Ruiz, speaking in Reno."), as fact checks and
/// collections of voices print them.
fn signature(
    text: &str,
    lang: &Language,
    toks: &[Token],
    u: Unit,
    q: usize,
    next: Unit,
) -> Option<Np> {
    let dash = |t: &Token| matches!(t.lower.as_str(), "-" | "―" | "—" | "–");
    if next.para == u.para
        || !ends_sentence(toks, q, u.end)
        || next.end < next.start + 2
        || !dash(&toks[next.start])
    {
        return None;
    }
    let from = next.start + 1;
    let mut e = from;
    while e < next.end && toks[e].is_word() && e < from + 8 {
        e += 1;
    }
    let closes = e == next.end || toks[e].is_punct(",") || toks[e].is_punct(".");
    if !closes {
        return None;
    }
    speaker::parse_np(text, lang, toks, from, e).filter(|np| {
        np.end == e && matches!(np.kind, NpKind::Name { org: false } | NpKind::RoleNoun)
    })
}

/// A quotation that ends its sentence inside its marks, followed in the same paragraph by
/// a sentence that opens with a speaker and a reporting verb with nothing reported after
/// it (“… who would have believed it?” Ruiz said, looking out at the crowd. / “… !” Ruiz
/// wrote on Friday.): that speaker.
fn next_sentence_speaker(
    text: &str,
    lang: &Language,
    toks: &[Token],
    u: Unit,
    q: usize,
    next: Unit,
) -> Option<Np> {
    if next.para != u.para || next.start != u.end || !ends_sentence(toks, q, u.end) {
        return None;
    }
    let inner = toks[q].span.slice(text);
    let last = inner.trim_end_matches(|c: char| !c.is_alphanumeric() && !".?!".contains(c));
    if !last.ends_with(['.', '?', '!']) {
        return None;
    }
    let (k, end) = (next.start + 1..next.end.min(next.start + 6)).find_map(|k| {
        let h = pattern::cue_at(lang, toks, k, next.end, false)?;
        let c = &lang.cues[h.cue];
        (c.frame == crate::grammar::CueFrame::Verb
            && matches!(c.class, CueClass::Speech | CueClass::Writing | CueClass::Question))
        .then_some((k, h.end))
    })?;
    let after = toks.get(end).filter(|_| end < next.end)?;
    let nothing_reported = after.is_punct(",")
        || matches!(after.lower.as_str(), "." | "!" | "?")
        || matches!(after.lex.function, Some(FunctionKind::Preposition | FunctionKind::Time));
    if !nothing_reported {
        return None;
    }
    speaker::left_speaker(text, lang, toks, next.start, k).filter(|np| {
        np.start == next.start
            && matches!(np.kind, NpKind::Name { .. } | NpKind::Pronoun(_) | NpKind::RoleNoun)
    })
}

/// The speaker of a quotation at token `q` that a comma and a clause with a reporting
/// verb follow, when no pattern could read that clause: the speaker phrase before the
/// verb, else the name or noun phrase right after the quotation. Also returns the
/// quotation that continues the statement after the clause ("“A,” she said late last
/// month, “B.”").
fn trailing_speaker(
    text: &str,
    lang: &Language,
    toks: &[Token],
    u: Unit,
    q: usize,
) -> Option<(Np, Option<usize>)> {
    let inner = toks[q].span.slice(text);
    let last_mark = inner.trim_end_matches(|c: char| !c.is_alphanumeric() && !",?!".contains(c));
    let inner_comma = last_mark.ends_with(',');
    let outer_comma = q + 1 < u.end && toks[q + 1].is_punct(",");
    let asked = last_mark.ends_with(['?', '!']);
    // A quotation signed with a dash and a name ("“…” ― Ann Ruiz"), as collections of
    // readers' voices print them.
    let dash = |t: &Token| matches!(t.lower.as_str(), "―" | "—" | "–");
    if q + 2 < u.end && dash(&toks[q + 1]) {
        let mut e = q + 2;
        while e < u.end && (toks[e].is_word() || toks[e].is_punct(".")) && e < q + 8 {
            e += 1;
        }
        while e > q + 2 && toks[e - 1].is_punct(".") {
            e -= 1;
        }
        return speaker::parse_np(text, lang, toks, q + 2, e)
            .filter(|np| np.end == e && matches!(np.kind, NpKind::Name { org: false }))
            .map(|np| (np, None));
    }
    if !(inner_comma || outer_comma || asked) {
        return None;
    }
    // A title or term after a preposition or article ("on “Meet the Press,”").
    if q > u.start
        && toks[q - 1].is_word()
        && matches!(
            toks[q - 1].lex.function,
            Some(FunctionKind::Preposition | FunctionKind::Determiner)
        )
    {
        return None;
    }
    let from = if outer_comma { q + 2 } else { q + 1 };
    // The speaker follows the quotation directly, not after "and on Monday".
    if from >= u.end
        || !toks[from].is_word()
        || toks[from].lex.function.is_some_and(|k| k != FunctionKind::Determiner)
    {
        return None;
    }
    let limit = u.end.min(from + 30);
    let k = (from..limit).take_while(|&k| !toks[k].is_quote()).find(|&k| {
        pattern::cue_at(lang, toks, k, u.end, false).is_some_and(|h| {
            let c = &lang.cues[h.cue];
            c.frame == crate::grammar::CueFrame::Verb
                && matches!(c.class, CueClass::Speech | CueClass::Writing)
        })
    });
    // A name or pronoun and one verb that no lexicon lists end the sentence (“…,” Oliver
    // barked.): the verb can only be the saying.
    let Some(k) = k else {
        let e = (from..u.end).find(|&j| !toks[j].is_word())?;
        let verb = &toks[e.checked_sub(1)?];
        if !matches!(toks[e].lower.as_str(), "." | "!" | "?")
            || e < from + 2
            || verb.cap
            || verb.lex.function.is_some()
            || verb.lex.is(Classes::AUXILIARY)
        {
            return None;
        }
        let np = speaker::parse_np(text, lang, toks, from, e - 1).filter(|np| {
            np.end == e - 1 && matches!(np.kind, NpKind::Name { .. } | NpKind::Pronoun(_))
        })?;
        return Some((np, None));
    };
    if k == from {
        // An inverted speaker ("“…,” says Jorge Llamas, 31, of Tujunga, but …").
        let end = pattern::cue_at(lang, toks, k, u.end, false)?.end;
        let (np, _) = speaker::right_speaker(text, lang, toks, end, u.end, false)?;
        return (!matches!(np.kind, NpKind::Other | NpKind::Document | NpKind::Pronoun(_)))
            .then_some((np, None));
    }
    let np = speaker::left_speaker(text, lang, toks, from, k)
        .or_else(|| {
            (from + 1..=k.min(from + 6))
                .rev()
                .find_map(|e| speaker::parse_np(text, lang, toks, from, e))
        })
        .filter(|np| !matches!(np.kind, NpKind::Other | NpKind::Document))?;
    // The statement goes on in a quotation after a comma that ends the sentence.
    let second = (k + 1..u.end)
        .find(|&j| toks[j].is_quote())
        .filter(|&j| toks[j - 1].is_punct(",") && ends_sentence(toks, j, u.end));
    Some((np, second))
}

/// The speaker of a quotation at token `q` introduced by a colon: the speaker of a
/// reporting verb in the clause before the colon, else the noun phrase that opens the
/// sentence, else the one right after its verb ("In der Halle zeigte sich der Trainer
/// zufrieden: „…“").
fn colon_speaker(text: &str, lang: &Language, toks: &[Token], u: Unit, q: usize) -> Option<Np> {
    let colon = q.checked_sub(1).filter(|&c| c > u.start && toks[c].is_punct(":"))?;
    // The quotation must end the sentence.
    if !ends_sentence(toks, q, u.end) {
        return None;
    }
    // A short quotation before the colon is a name or a title ("Gegenüber der Zeitung
    // „Die Welt“ sagte …").
    let long = |t: &Token| t.is_quote() && t.span.slice(text).split_whitespace().count() > 4;
    if toks[u.start..colon].iter().any(long) {
        return None;
    }
    let ok = |np: &Np| {
        !matches!(np.kind, NpKind::Other | NpKind::Document)
            && lang
                .function(toks[np.start].lower.as_str())
                .is_none_or(|k| k == crate::grammar::FunctionKind::Determiner)
    };
    let cue = (u.start..colon).find_map(|k| {
        pattern::cue_at(lang, toks, k, colon, false)
            .filter(|h| lang.cues[h.cue].frame == crate::grammar::CueFrame::Verb)
    });
    if let Some(h) = cue {
        let found = (h.start > u.start)
            .then(|| speaker::left_speaker(text, lang, toks, u.start, h.start))
            .flatten()
            .filter(ok)
            .or_else(|| {
                speaker::right_speaker(text, lang, toks, h.end, colon, false)
                    .map(|(np, _)| np)
                    .filter(ok)
            })
            .or_else(|| speaker::np_after(text, lang, toks, h.end, colon).filter(ok));
        if found.is_some() {
            return found;
        }
    }
    speaker::subject(text, lang, toks, u.start, colon).filter(ok).or_else(|| {
        // After a fronted adverbial the subject follows the verb, the first lowercase
        // word that is not a function word.
        let verb = (u.start + 1..colon).find(|&k| {
            let t = &toks[k];
            t.is_word()
                && !t.cap
                && t.lower.chars().any(char::is_alphabetic)
                && t.lex.function.is_none()
        })?;
        speaker::np_after(text, lang, toks, verb + 1, colon).filter(ok)
    })
}

/// Whether the quotation at token `q` ends its sentence: no word or other quotation
/// follows it before `end`.
fn ends_sentence(toks: &[Token], q: usize, end: usize) -> bool {
    !toks[q + 1..end].iter().any(|t| t.is_word() || t.is_quote())
}

/// The drafts with every continuation joined to the statement it continues (a quotation
/// right after it, see [`floating_quotes`], or the next sentence of reported speech):
/// the statement runs on to the continuation's end and takes in its quotation, and its
/// rule counts a quotation. Continuations of continuations join the first statement. The
/// order of the statements is kept.
pub(super) fn join_continuations(drafts: Vec<Draft>) -> Vec<Draft> {
    // Where each draft went in the output: its own place, or its statement's.
    let mut place: Vec<usize> = Vec::with_capacity(drafts.len());
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        match d.continues.and_then(|(k, join)| Some((*place.get(k)?, join))) {
            Some((p, join)) => {
                let head = &mut out[p];
                head.span = Span::new(head.span.start, d.span.end);
                head.fragments.extend(d.fragments);
                if join == Join::Quotation {
                    head.rule.extended += 1;
                }
                place.push(p);
            }
            None => {
                place.push(out.len());
                out.push(d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mechanism;

    fn draft(start: usize, end: usize, continues: Option<(usize, Join)>) -> Draft {
        Draft {
            kind: if continues.is_some_and(|c| c.1 == Join::Sentence) {
                QuoteKind::Indirect
            } else {
                QuoteKind::Direct
            },
            span: Span::new(start, end),
            fragments: if continues.is_some_and(|c| c.1 == Join::Sentence) {
                Vec::new()
            } else {
                vec![Span::new(start, end)]
            },
            cue: None,
            speaker: Some((0, Span::new(0, 1))),
            confidence: 0.9,
            rule: Rule::new(Mechanism::FloatingAlone),
            para: 0,
            stance: false,
            reported: None,
            continues,
        }
    }

    #[test]
    fn continuations_join_the_statement_they_continue() {
        let drafts = vec![
            draft(0, 10, None),
            draft(20, 30, None),
            draft(40, 50, Some((0, Join::Quotation))),
            // A continuation of a continuation joins the first statement.
            draft(60, 70, Some((2, Join::Quotation))),
            draft(80, 90, Some((1, Join::Sentence))),
        ];
        let out = join_continuations(drafts);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].span, Span::new(0, 70));
        assert_eq!(out[0].fragments, vec![Span::new(0, 10), Span::new(40, 50), Span::new(60, 70)]);
        assert_eq!(out[0].rule.extended, 2);
        // A sentence of reported speech extends its statement without a quotation.
        assert_eq!(out[1].span, Span::new(20, 90));
        assert_eq!(out[1].fragments, vec![Span::new(20, 30)]);
        assert_eq!(out[1].rule.extended, 0);
    }

    #[test]
    fn drafts_without_continuations_pass_unchanged() {
        let out = join_continuations(vec![draft(5, 9, None), draft(1, 3, None)]);
        let spans: Vec<Span> = out.iter().map(|d| d.span).collect();
        assert_eq!(spans, vec![Span::new(5, 9), Span::new(1, 3)]);
    }
}
