//! Attribution: link quoted spans and reported clauses to their speakers.
//!
//! Flow inside this module: [`token`] turns the article body into tokens and sentence
//! units (each quotation one token); [`pattern`] tries the grammar's patterns around
//! every cue; overlapping matches are settled by confidence; [`speaker`] reads the
//! speaker phrases and [`coref`] resolves them to entities across the article.
//! `unclaimed` makes the readings that no pattern makes: a quotation that no pattern
//! claims is kept when it reads like a quotation (not a scare quote) and takes the
//! speaker named around it (a clause after it, a colon or reporting verb before it) or,
//! as a guess, the speaker of the statement before it; a sentence in the mood of
//! reported speech continues the statement before it.
//! `nominal` reads a statement noun after a possessor ("her claim that …", "his attacks
//! on …") as a statement by the possessor, where no other reading covers its words.
//! `hedge` reads a clause that the writer hedges ("appears to", "is expected to") as
//! a statement without a speaker, where no other reading covers its words.
//!
//! Output invariants: quotes sorted by position and not overlapping, except that where
//! the language asks for nested quotations (`nested_quotations`) a direct quotation may
//! lie inside the statement it is a verbatim part of, right after it; every span inside
//! the article body; fragments inside their quote.

pub mod coref;
mod hedge;
mod nominal;
pub mod pattern;
pub mod speaker;
pub mod token;
mod unclaimed;

use std::sync::Arc;

use crate::grammar::{Classes, CueClass, Language};
use crate::model::{
    Article, Attribution, Mechanism, Quote, QuoteId, QuoteKind, Rule, Span, Speaker, SpeakerId,
};
use crate::scan::Scan;

use coref::Registry;
use pattern::Found;
use speaker::{Np, NpKind};
use token::{Token, Unit};

/// Quotes and speakers of one article.
#[derive(Debug, Clone, Default)]
pub struct Attributed {
    /// Quotations, sorted, not overlapping but for nested quotations (see the module).
    pub quotes: Vec<Quote>,
    /// One entry per speaker that some quotation refers to.
    pub speakers: Vec<Speaker>,
}

/// A quotation before speaker ids are assigned.
struct Draft {
    kind: QuoteKind,
    span: Span,
    fragments: Vec<Span>,
    cue: Option<Span>,
    speaker: Option<(usize, Span)>,
    confidence: f32,
    rule: Rule,
    para: usize,
    /// From a stance cue ("endorsed", "criticised"): an attitude, not a statement.
    stance: bool,
    /// Made by `reported_continuation`, ending at the end of unit `.0`.
    reported: Option<usize>,
    /// A quotation or sentence that continues draft `.0` of its window, joined to it by
    /// [`unclaimed::join_continuations`].
    continues: Option<(usize, Join)>,
}

/// What continues a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// A quotation right after it, by the same speaker.
    Quotation,
    /// The next sentence of reported speech.
    Sentence,
}

/// Attribute the quotations of `article`, given the scanner's result on `article.plain()`.
pub fn attribute(article: &Article, scan: &Scan, lang: &Language) -> Attributed {
    attribute_in_windows(article, scan, lang, WINDOW_BYTES)
}

fn attribute_in_windows(article: &Article, scan: &Scan, lang: &Language, max: usize) -> Attributed {
    let text = article.plain();
    let mut reg = Registry::default();
    let mut out = Assembly::default();
    let mut before = Before::default();
    // No draft reaches past its window, so each window's drafts are settled and made
    // quotations on their own, and only one window's drafts are held at a time.
    for window in token::windows(text, article.body, &scan.quotes, max) {
        let drafts = attribute_window(text, window, scan, lang, &mut reg, &mut before);
        out.add(text, lang, drafts, &reg);
    }
    out.finish(&reg)
}

/// Longest stretch of text read at once. A longer body is read window by window, cut at
/// paragraph breaks outside quotations ([`token::windows`]): the tokens of one window
/// at a time are in memory, and the entities of all windows stay in one registry. A
/// news article fits in one window whole.
const WINDOW_BYTES: usize = 1 << 20;

/// What the windows before the current one held.
#[derive(Debug, Default)]
struct Before {
    /// Their sentence units.
    units: usize,
    /// The paragraph number of their last unit; none before the first window.
    last_para: Option<usize>,
}

/// The drafts of one window of the body, with entities noted in `reg`.
fn attribute_window(
    text: &str,
    window: Span,
    scan: &Scan,
    lang: &Language,
    reg: &mut Registry,
    before: &mut Before,
) -> Vec<Draft> {
    let mut toks = token::tokenize(text, window, &scan.quotes, lang);
    if before.last_para.is_some() {
        token::mark_window_start(text, window, &mut toks);
    }
    let mut units = token::units(text, &toks, lang);
    // A window that starts a paragraph numbers it after the last one before.
    let starts_para = toks.first().is_some_and(|t| t.para_before);
    let paras = before.last_para.map_or(0, |p| p + usize::from(starts_para));
    units.iter_mut().for_each(|u| u.para += paras);
    let starts: Vec<usize> = units.iter().map(|u| u.start).collect();
    speaker::lower_sentence_openers(text, lang, &mut toks, &starts);
    let toks = toks;
    note_titled_names(text, lang, &toks, reg);

    let mut drafts: Vec<Draft> = Vec::new();
    let mut claimed = vec![false; toks.len()];
    for (ui, &unit) in units.iter().enumerate() {
        let headline = is_headline(text, &toks, unit, before.units + ui);
        let mut found = pattern::matches(text, lang, &toks, unit, headline);
        let score = |f: &Found| score(lang, f);
        found.sort_by(|a, b| {
            score(b)
                .total_cmp(&score(a))
                .then(a.pattern.cmp(&b.pattern))
                .then(a.claim.0.cmp(&b.claim.0))
        });
        // A second main clause with its own speaker and cue (", and Trump vowed …",
        // "… and others have said …", "…; Smith said …") ends the statement before it.
        // Each boundary is (where the second clause's claim starts, where the first
        // statement ends).
        let starts: Vec<(usize, usize)> = found
            .iter()
            .filter_map(|f| {
                let c = f.claim.0;
                if c < unit.start + 2 {
                    return None;
                }
                // Without a comma, a name before the coordinator may begin a coordinated
                // subject instead ("before Russia and its allies agree …").
                let subject =
                    f.speaker.as_ref().is_some_and(|np| np.start == c) && !toks[c - 2].cap;
                let comma = toks[c - 2].is_punct(",");
                if toks[c - 1].lex.is(Classes::COORDINATOR) && (comma || subject) {
                    Some((c, if comma { c - 2 } else { c - 1 }))
                } else if toks[c - 1].is_punct(";") {
                    Some((c, c - 1))
                } else {
                    None
                }
            })
            .collect();
        for f in found.iter_mut() {
            let Some(last) = f.content.last_mut() else { continue };
            let cut = starts.iter().filter(|&&(c, end)| last.0 < end && c <= last.1).min();
            if let Some(&(_, end)) = cut {
                last.1 = end;
                f.claim.1 = f.claim.1.min(end).max(f.claim.0);
            }
        }
        // A cue inside another match's content is reported speech within what was said
        // ("the merger would end what she called “waste”"): the outer statement wins.
        let contents: Vec<(usize, usize)> = found
            .iter()
            .flat_map(|f| f.content.iter().copied().chain(f.second.iter().map(|s| s.1)))
            .collect();
        found.retain(|f| !contents.iter().any(|&(a, b)| a <= f.claim.0 && f.claim.1 <= b));
        // A cue that another match already reports as its second statement
        // ("said …, but warned that …") is not matched again on its own.
        let seconds: Vec<usize> =
            found.iter().filter_map(|f| f.second.map(|s| s.0.start)).collect();
        found.retain(|f| !seconds.contains(&f.cue.start));
        let mut chosen: Vec<Found> = Vec::new();
        for f in found {
            if chosen.iter().all(|c| !conflict(&f, c)) {
                chosen.push(f);
            }
        }
        chosen.sort_by_key(|f| f.claim.0);
        if chosen.is_empty() && ui > 0 {
            if let Some((content, cue, np)) =
                unclaimed::back_reference(text, lang, &toks, units[ui - 1], unit)
            {
                claimed[content.0..unit.end].iter_mut().for_each(|c| *c = true);
                let ((id, mention), resolved) = attach(reg, text, lang, &toks, &np);
                let cue_span = tok_span(&toks, cue.0, cue.1);
                let rule = Rule::new(Mechanism::BackReference);
                let conf = 0.8 * speaker_factor(Some(&np), resolved);
                drafts.push(build(
                    scan,
                    &toks,
                    &[content],
                    Some(cue_span),
                    Some((id, mention)),
                    conf,
                    rule,
                    unit.para,
                ));
                continue;
            }
        }
        let mood_end =
            if chosen.is_empty() { unclaimed::reported_sentence(&toks, unit, lang) } else { None };
        if let Some(end) = mood_end {
            let prev_unit = units[..ui].last().filter(|p| p.para == unit.para);
            let just_before =
                |d: &Draft| prev_unit.is_some_and(|p| d.span.end > toks[p.start].span.start);
            // A statement with more than one sentence after it is too far to continue.
            let close = drafts.last().is_none_or(|p| {
                let gap = units[..ui].iter().filter(|u| toks[u.start].span.start >= p.span.end);
                gap.count() <= 1
            });
            let continued =
                unclaimed::reported_continuation(&toks, unit, end, &drafts).filter(|_| close);
            let (near, far) = match continued {
                Some(d) if drafts.last().is_some_and(just_before) => (Some(d), None),
                other => (None, other),
            };
            let d = near.or_else(|| {
                // Without a statement just before it, the sentence reports the speaker of
                // a reporting verb in the sentence before ("Lammert würdigte die
                // Bundeswehr. Sie sei …").
                let np = unclaimed::statement_speaker(text, lang, &toks, *prev_unit?)?;
                let ((id, mention), resolved) = attach(reg, text, lang, &toks, &np);
                let conf = 0.5 * speaker_factor(Some(&np), resolved);
                Some(Draft {
                    kind: QuoteKind::Indirect,
                    span: tok_span(&toks, unit.start, end),
                    fragments: Vec::new(),
                    cue: None,
                    speaker: Some((id, mention)),
                    confidence: conf,
                    rule: Rule::new(Mechanism::ReportedSentence),
                    para: unit.para,
                    stance: false,
                    reported: None,
                    continues: None,
                })
            });
            if let Some(d) = d.or(far) {
                claimed[unit.start..unit.end].iter_mut().for_each(|c| *c = true);
                // Consecutive sentences of reported speech in one paragraph are one
                // passage: the sentence is joined to the previous continuation (by
                // `join_continuations`), and stands for its end meanwhile.
                let last = drafts
                    .last()
                    .filter(|p| p.reported.is_some_and(|u| u + 1 == ui) && p.para == unit.para);
                let next = match last {
                    Some(p) => Draft {
                        kind: p.kind,
                        span: d.span,
                        fragments: Vec::new(),
                        cue: p.cue,
                        speaker: p.speaker,
                        confidence: p.confidence,
                        rule: p.rule.clone(),
                        para: p.para,
                        stance: p.stance,
                        reported: Some(ui),
                        continues: Some((drafts.len() - 1, Join::Sentence)),
                    },
                    None => Draft { reported: Some(ui), ..d },
                };
                drafts.push(next);
            }
        } else if chosen.is_empty() && lang.object_statements {
            let d = unclaimed::perfect_statement(text, lang, &toks, unit, reg)
                .or_else(|| unclaimed::object_statement(text, lang, &toks, unit, reg));
            if let Some(d) = d {
                claimed[unit.start..unit.end].iter_mut().for_each(|c| *c = true);
                drafts.push(d);
            }
        }
        for f in chosen {
            claimed[f.claim.0..f.claim.1].iter_mut().for_each(|c| *c = true);
            let conf = score(&f);
            let attached = f.speaker.as_ref().map(|np| attach(reg, text, lang, &toks, np));
            let conf = conf * speaker_factor(f.speaker.as_ref(), attached.is_some_and(|(_, r)| r));
            let speaker = attached.map(|(speaker, _)| speaker);
            let pat = &lang.patterns[f.pattern];
            let cue_span = tok_span(&toks, f.cue.start, f.cue.end);
            let rule = pattern_rule(&pat.id, f.speaker.as_ref());
            let mut d =
                build(scan, &toks, &f.content, Some(cue_span), speaker, conf, rule, unit.para);
            d.stance = lang.cues[f.cue.cue].class == CueClass::Stance;
            drafts.push(d);
            if let Some((cue, content)) = f.second {
                let cue_span = tok_span(&toks, cue.start, cue.end);
                // A clause of its own between the first statement and the second cue
                // brings the subject the second cue reports for.
                let gap = f.content.last().map_or(cue.start, |c| c.1);
                let second = Rule::pattern(Mechanism::SecondCue, pat.id.clone());
                let (speaker, rule) =
                    match speaker::clause_subject(text, lang, &toks, gap, cue.start) {
                        Some(np) => {
                            let (s, _) = attach(reg, text, lang, &toks, &np);
                            (Some(s), Rule { mechanism: Mechanism::SecondCueOfClause, ..second })
                        }
                        None => (speaker, second),
                    };
                drafts.push(build(
                    scan,
                    &toks,
                    &[content],
                    Some(cue_span),
                    speaker,
                    conf * 0.95,
                    rule,
                    unit.para,
                ));
            }
        }
    }
    unclaimed::floating_quotes(text, lang, scan, &toks, &units, &claimed, reg, &mut drafts);
    let mut drafts = unclaimed::join_continuations(drafts);
    nominal::nominal_statements(text, lang, scan, &toks, &units, reg, &mut drafts);
    hedge::hedged_statements(lang, scan, &toks, &units, &mut drafts);
    before.units += units.len();
    before.last_para = units.last().map(|u| u.para).or(before.last_para).or(Some(0));
    drafts
}

/// Two matches conflict when one's words reach into what the other reads: its speaker,
/// cue or content. A match that lies in a gap of another, such as a relative clause
/// between a subject and its verb ("Petrilli, who thinks [the agency overreached],
/// called …"), stands beside it.
fn conflict(a: &Found, b: &Found) -> bool {
    let overlaps = |x: (usize, usize), y: (usize, usize)| x.0 < y.1 && y.0 < x.1;
    let in_gap = |x: &Found, y: &Found| {
        let mut core = y
            .content
            .iter()
            .copied()
            .chain([(y.cue.start, y.cue.end)])
            .chain(y.speaker.as_ref().map(|np| (np.start, np.end)))
            .chain(y.second.map(|s| s.1));
        y.claim.0 <= x.claim.0 && x.claim.1 <= y.claim.1 && !core.any(|p| overlaps(x.claim, p))
    };
    overlaps(a.claim, b.claim) && !in_gap(a, b) && !in_gap(b, a)
}

/// A title line: the body's first sentence when it stands alone on its line, or any
/// line in title case ("Glenn Beck Says Trump Poses A Threat").
fn is_headline(text: &str, toks: &[Token], unit: Unit, index: usize) -> bool {
    let own_line = toks[unit.start].line_before || unit.start == 0;
    let ends_line = toks.get(unit.end).is_none_or(|t| t.line_before);
    if !own_line || !ends_line {
        return false;
    }
    let words: Vec<&Token> = toks[unit.start..unit.end].iter().filter(|t| t.is_word()).collect();
    let caps = words
        .iter()
        .filter(|t| t.cap || !t.span.slice(text).chars().any(char::is_alphabetic))
        .count();
    index == 0 || (words.len() >= 4 && caps * 10 >= words.len() * 8)
}

fn tok_span(toks: &[Token], s: usize, e: usize) -> Span {
    Span::new(toks[s].span.start, toks[e - 1].span.end)
}

fn mention_span(toks: &[Token], np: &Np) -> Span {
    tok_span(toks, np.start, np.end)
}

fn score(lang: &Language, f: &Found) -> f32 {
    let base = lang.patterns[f.pattern].confidence;
    let class = match lang.cues[f.cue.cue].class {
        CueClass::Speech | CueClass::Writing | CueClass::Quoting | CueClass::Question => 1.0,
        CueClass::Belief => 0.8,
        CueClass::Intent | CueClass::Evidence | CueClass::Headline => 0.7,
        CueClass::Stance => 0.6,
        // No pattern takes such a cue.
        CueClass::NonReporting => 0.0,
    };
    base * class
}

fn speaker_factor(np: Option<&Np>, resolved: bool) -> f32 {
    match np {
        None => 0.6,
        Some(np) if matches!(np.kind, NpKind::Pronoun(_)) && !resolved => 0.75,
        Some(_) if !resolved => 0.8,
        Some(_) => 1.0,
    }
}

fn pattern_rule(id: &Arc<str>, np: Option<&Np>) -> Rule {
    let rule = Rule::pattern(Mechanism::Pattern, id.clone());
    match np {
        Some(np) => rule.read_as(np.kind.reading()),
        None => rule,
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    scan: &Scan,
    toks: &[Token],
    content: &[(usize, usize)],
    cue: Option<Span>,
    speaker: Option<(usize, Span)>,
    confidence: f32,
    rule: Rule,
    para: usize,
) -> Draft {
    let inner = |t: &Token| match t.kind {
        token::TokKind::Quote(q) => scan.quotes.get(q).map(|s| s.inner),
        _ => None,
    };
    let (kind, span, fragments) = match content {
        [(a, b)] if b - a == 1 && toks[*a].is_quote() => {
            let i = inner(&toks[*a]).unwrap_or(toks[*a].span);
            (QuoteKind::Direct, i, vec![i])
        }
        [(a, b)] => {
            let frags: Vec<Span> = toks[*a..*b].iter().filter_map(inner).collect();
            let kind = if frags.is_empty() { QuoteKind::Indirect } else { QuoteKind::Mixed };
            (kind, tok_span(toks, *a, *b), frags)
        }
        _ => {
            // Content interrupted by its speaker and cue ("“A,” he said, “B.”" or
            // "A, he says, B"): one quotation over the whole extent.
            let frags: Vec<Span> =
                content.iter().flat_map(|&(a, b)| toks[a..b].iter().filter_map(inner)).collect();
            let all_quotes = content.iter().all(|&(a, b)| b == a + 1 && toks[a].is_quote());
            match (all_quotes, frags.first(), frags.last()) {
                (true, Some(first), Some(last)) => {
                    (QuoteKind::Direct, Span::new(first.start, last.end.max(first.start)), frags)
                }
                _ => {
                    let (a, b) = (content[0].0, content[content.len() - 1].1);
                    let kind =
                        if frags.is_empty() { QuoteKind::Indirect } else { QuoteKind::Mixed };
                    (kind, tok_span(toks, a, b), frags)
                }
            }
        }
    };
    Draft {
        kind,
        span,
        fragments,
        cue,
        speaker,
        confidence,
        rule,
        para,
        stance: false,
        reported: None,
        continues: None,
    }
}

/// Titled names seen anywhere ("Prime Minister Vladimir Putin") and later bare
/// surnames of those people, so pronouns and surnames find them.
fn note_titled_names(text: &str, lang: &Language, toks: &[Token], reg: &mut Registry) {
    let mut i = 0;
    while i < toks.len() {
        if !speaker::is_name_token(text, lang, &toks[i]) || i == 0 {
            i += 1;
            continue;
        }
        let prev = &toks[i - 1];
        let titled = prev.is_word()
            && (lang.titles.contains_key(prev.span.slice(text))
                || lang.is_role_noun(prev.lower.as_str()));
        let mut j = i;
        while j < toks.len() && speaker::is_name_token(text, lang, &toks[j]) && j - i < 4 {
            j += 1;
        }
        if titled {
            let mut s = i - 1;
            while s > 0
                && toks[s - 1].is_word()
                && (lang.titles.contains_key(toks[s - 1].span.slice(text))
                    || toks[s - 1].lex.is(Classes::ROLE))
            {
                s -= 1;
            }
            if let Some(np) = speaker::parse_np(text, lang, toks, s, j) {
                reg.note(text, lang, toks, &np);
            }
        } else if j >= i + 2 && j < toks.len() && toks[j].is_punct(",") {
            // "Henrik Doll, chief executive of Alvane Box Services, …"
            let open = j + 1;
            let mut close = open;
            while close < toks.len()
                && close - open < 25
                && !toks[close].is_punct(",")
                && !toks[close].is_punct(".")
            {
                close += 1;
            }
            if speaker::is_role_phrase(lang, toks, open, close) {
                if let Some(mut np) = speaker::parse_np(text, lang, toks, i, j) {
                    np.role = Some(speaker::apposition_role(lang, toks, open, close));
                    reg.note(text, lang, toks, &np);
                }
            }
        } else if j == i + 1 {
            // A bare surname of someone already known.
            if let Some(np) = speaker::parse_np(text, lang, toks, i, j) {
                if reg.knows_surname(toks[i].lower.as_str()) {
                    reg.note(text, lang, toks, &np);
                }
            }
        }
        i = j;
    }
}

/// `nested_quotations`: after each statement with verbatim parts, those parts as direct
/// quotations of their own, by the same speaker and cue. A part of one word is a term,
/// one with every word capitalised a name or title ("„Berliner Zeitung“"); neither is a
/// quotation.
fn with_nested(text: &str, kept: Vec<Draft>) -> Vec<Draft> {
    let quoted = |f: &Span| {
        let words: Vec<&str> = f
            .slice(text)
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        words.len() >= 2
            && !words
                .iter()
                .all(|w| w.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| !c.is_lowercase()))
    };
    let mut out = Vec::with_capacity(kept.len());
    for d in kept {
        let parts: Vec<Draft> = if d.kind == QuoteKind::Mixed {
            d.fragments
                .iter()
                .filter(|f| quoted(f))
                .map(|&f| Draft {
                    kind: QuoteKind::Direct,
                    span: f,
                    fragments: vec![f],
                    cue: d.cue,
                    speaker: d.speaker,
                    confidence: d.confidence,
                    rule: Rule { nested: true, ..d.rule.clone() },
                    para: d.para,
                    stance: d.stance,
                    reported: None,
                    continues: None,
                })
                .collect()
        } else {
            Vec::new()
        };
        out.push(d);
        out.extend(parts);
    }
    out
}

/// The entity a speaker phrase refers to and where it is mentioned: resolved across the
/// article, else a new entity. A pronoun with nothing to refer to ("I think", "we
/// believe") still names where the speaker is mentioned: an entity without a name keeps
/// the mention. The flag tells whether the phrase was resolved.
fn attach(
    reg: &mut Registry,
    text: &str,
    lang: &Language,
    toks: &[Token],
    np: &Np,
) -> ((usize, Span), bool) {
    let resolved = reg.resolve(text, lang, toks, np);
    let mention = mention_span(toks, np);
    let id = resolved.unwrap_or_else(|| reg.unresolved(np.kind, mention.slice(text)));
    ((id, mention), resolved.is_some())
}

/// The quotations and speakers made so far from the drafts of the windows before: each
/// window's drafts sorted, overlaps and empty spans dropped, the nested quotations the
/// language asks for added, ids assigned and the speakers used listed.
#[derive(Default)]
struct Assembly {
    /// The speaker id of each registry entity, once one of its quotations is kept.
    ids: Vec<Option<SpeakerId>>,
    speakers: Vec<Speaker>,
    quotes: Vec<Quote>,
}

impl Assembly {
    /// Settle one window's drafts (the more confident of two overlapping ones is kept)
    /// and make them quotations, after those of the windows before.
    fn add(&mut self, text: &str, lang: &Language, mut drafts: Vec<Draft>, reg: &Registry) {
        drafts.retain(|d| !d.span.is_empty());
        drafts.sort_by(|a, b| {
            a.span.start.cmp(&b.span.start).then(b.confidence.total_cmp(&a.confidence))
        });
        let mut kept: Vec<Draft> = Vec::with_capacity(drafts.len());
        for d in drafts {
            match kept.last() {
                Some(last) if last.span.end > d.span.start => {
                    if d.confidence > last.confidence {
                        kept.pop();
                        kept.push(d);
                    }
                }
                _ => kept.push(d),
            }
        }
        if lang.nested_quotations {
            kept = with_nested(text, kept);
        }
        self.ids.resize(reg.entities.len(), None);
        for d in kept {
            let attribution = d.speaker.map(|(eid, mention)| {
                let speakers = &mut self.speakers;
                let id = *self.ids[eid].get_or_insert_with(|| {
                    let e = &reg.entities[eid];
                    let id = SpeakerId(speakers.len() as u32 + 1);
                    speakers.push(Speaker {
                        id,
                        name: e.name.clone(),
                        role: e.role.clone(),
                        kind: e.kind,
                    });
                    id
                });
                Attribution { speaker: id, mention }
            });
            self.quotes.push(Quote {
                id: QuoteId(self.quotes.len() as u32 + 1),
                kind: d.kind,
                span: d.span,
                fragments: d.fragments,
                cue: d.cue,
                attribution,
                confidence: d.confidence,
                rule: d.rule,
                stance: d.stance,
            });
        }
    }

    /// The quotations and speakers, with the names and roles the speakers have at the
    /// end: they may have grown after a speaker's first quotation.
    fn finish(mut self, reg: &Registry) -> Attributed {
        for (eid, id) in self.ids.iter().enumerate() {
            if let Some(id) = id {
                let e = &reg.entities[eid];
                // Ids are given in order from 1: the speaker with id `n` is at `n - 1`.
                if let Some(s) = self.speakers.get_mut(id.0 as usize - 1) {
                    s.name = e.name.clone();
                    s.role = e.role.clone();
                }
            }
        }
        Attributed { quotes: self.quotes, speakers: self.speakers }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::Grammar;

    #[test]
    fn a_body_read_in_windows_gives_what_it_gives_whole() {
        let text = "Council approves the bridge\n\n\
                    “We will build it this year,” said Mayor Anna Berg on Monday.\n\n\
                    Engineers said the design was sound. “It will last a century,” said \
                    Tom Reed, the chief engineer.\n\n\
                    Berg said the work would start in May. “We are ready,” she added.\n\n\
                    Reed told reporters that the budget was tight.";
        let g = Grammar::builtin();
        let article = Article::from_text("bridge", text);
        let scan = crate::scan::quotes(article.plain(), &g.marks);
        let whole = attribute_in_windows(&article, &scan, g.en(), usize::MAX);
        assert!(whole.quotes.len() >= 5, "{:?}", whole.quotes);
        let windows = token::windows(text, article.body, &scan.quotes, 60);
        assert!(windows.len() >= 4, "{windows:?}");
        let cut = attribute_in_windows(&article, &scan, g.en(), 60);
        let show = |a: &Attributed| {
            a.quotes
                .iter()
                .map(|q| {
                    let who = q.attribution.and_then(|at| {
                        a.speakers.iter().find(|s| s.id == at.speaker)?.name.clone()
                    });
                    (q.span.slice(text).to_string(), who)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(show(&cut), show(&whole));
        // The entities of all windows are one registry: Berg and Reed once each.
        let names: Vec<_> = cut.speakers.iter().filter_map(|s| s.name.clone()).collect();
        assert_eq!(names.iter().filter(|n| n.contains("Berg")).count(), 1, "{names:?}");
        assert_eq!(names.iter().filter(|n| n.contains("Reed")).count(), 1, "{names:?}");
    }
}
