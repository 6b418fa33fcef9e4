//! The pattern matcher: tries the grammar's patterns around each cue of a unit.
//!
//! Every pattern has exactly one cue. Elements before it are matched right to left
//! from the cue, elements after it left to right, so CONTENT is always anchored at a
//! sentence edge and matching is linear in the unit length for each cue.

use crate::grammar::{
    Classes, CueClass, CueFrame, ElemKind, Element, FunctionKind, Language, OwnSource, Pattern,
    PronounKind, ends_with_any,
};

use super::speaker::{self, Np};
use super::token::{Token, Unit};

/// A cue occurrence: tokens `start..end`, and the grammar entry it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueHit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Index into `Language::cues`.
    pub cue: usize,
    /// A separable verb whose particle stands at the clause end ("teilte am Montag
    /// mit, …"): the particle's token. The hit itself covers only the verb.
    pub particle: Option<usize>,
}

/// A second statement by the same speaker: its cue and its content token range.
pub type Second = (CueHit, (usize, usize));

/// What one pattern found around one cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index into `Language::patterns`.
    pub pattern: usize,
    /// The cue.
    pub cue: CueHit,
    /// The speaker phrase, when the pattern has one.
    pub speaker: Option<Np>,
    /// Content token ranges: one, or two for a split quotation.
    pub content: Vec<(usize, usize)>,
    /// A second statement by the same speaker (", noting that …"): its cue and content.
    pub second: Option<Second>,
    /// First and one-past-last token this match covers.
    pub claim: (usize, usize),
}

/// Every cue in `toks[unit]`, longest match first at each position, not overlapping.
/// In a headline, capitalised cues ("Rubio Says …") and a colon ("Rubio: …") count.
pub fn cues(lang: &Language, toks: &[Token], unit: Unit, headline: bool) -> Vec<CueHit> {
    let mut out = Vec::new();
    let mut i = unit.start;
    while i < unit.end {
        // A sentence may open with a capitalised verb ("Asked whether …, she said").
        let opening = i == unit.start && toks[i].is_word();
        if let Some(hit) = cue_at(lang, toks, i, unit.end, headline || opening) {
            i = hit.end;
            out.push(hit);
        } else {
            i += 1;
        }
    }
    out
}

/// The longest cue starting at token `i`. Cue words must be lowercase in the text
/// (except "According" opening a sentence, and verbs in a title-case headline), which
/// keeps names like "State" out. The colon cue counts only in headlines.
pub fn cue_at(
    lang: &Language,
    toks: &[Token],
    i: usize,
    end: usize,
    headline: bool,
) -> Option<CueHit> {
    // No cue starts at or after the end of its sentence.
    let t = toks.get(i).filter(|_| i < end)?;
    if !(t.is_word() || headline && t.is_punct(":")) || !t.lex.is(Classes::CUE_FIRST) {
        return None;
    }
    // A word after an article is a noun ("the state", "a report"), not a verb.
    // A capitalised back-reference word is a pronoun ("Das erklärte der Minister"); a
    // determiner that is also a group head stands alone ("some said").
    if i > 0
        && matches!(toks[i - 1].lex.function, Some(FunctionKind::Determiner))
        && !(toks[i - 1].cap && toks[i - 1].lex.is(Classes::BACK_REFERENCE))
        && !toks[i - 1].lex.is(Classes::GROUP)
    {
        return None;
    }
    // So is a word after a possessive ("Trump's claims", "Clinton’s plans"), unless the
    // possessive is a contracted pronoun ("he's said").
    if i > 0 && {
        let p = toks[i - 1].lower.as_str();
        lang.is_possessive(p) && !lang.pronouns.contains_key(p)
    } {
        return None;
    }
    for &ci in lang.cues_by_first.get(t.lower.as_str())? {
        let c = &lang.cues[ci];
        if t.cap && c.frame == CueFrame::Verb && !headline {
            continue;
        }
        if c.class == CueClass::Headline && !headline {
            continue;
        }
        let after_pause = i > 0 && {
            let p = &toks[i - 1];
            p.is_punct(",") || p.is_quote() || matches!(p.lower.as_str(), "-" | "–" | "—")
        };
        if c.aside && !after_pause {
            continue;
        }
        if c.source && !speaker::names_statement(lang, toks, i + c.words.len(), end) {
            continue;
        }
        let n = c.words.len();
        if i + n > end {
            continue;
        }
        // A one-word verb whose clause ends in a separable particle is another verb
        // ("rief die Regierung zum Dialog auf"), read below if it is a cue itself.
        if n == 1
            && c.frame == CueFrame::Verb
            && lang.separable_particles.iter().any(|p| {
                split_particle(toks, i + 1, end, std::slice::from_ref(p)).is_some_and(|j| {
                    !toks.get(j + 1).is_some_and(Token::is_quote)
                        && !toks[i + 1..j].iter().any(|t| t.lex.is(Classes::COORDINATOR))
                })
            })
        {
            continue;
        }
        if toks[i..i + n].iter().zip(&c.words).all(|(t, w)| t.lower.as_str() == w) {
            return Some(CueHit { start: i, end: i + n, cue: ci, particle: None });
        }
    }
    if t.cap {
        return None;
    }
    // A separable verb split around its clause ("teilte die Polizei am Montag mit, …"):
    // the verb here, its particle as the last word before the clause ends.
    for &ci in lang.cues_by_first.get(t.lower.as_str())? {
        let c = &lang.cues[ci];
        if c.words.len() < 2 || c.own_source.is_some() || c.frame != CueFrame::Verb {
            continue;
        }
        if let Some(j) = split_particle(toks, i + 1, end, &c.words[1..]) {
            return Some(CueHit { start: i, end: i + 1, cue: ci, particle: Some(j) });
        }
    }
    None
}

/// Most tokens between a separable verb and its particle.
const MAX_SPLIT: usize = 12;

/// The last token of `particle` (one or more words, "mit", "davon aus") among the next
/// few tokens from `from`, standing last in its clause (before a comma, colon, quotation
/// or the sentence end); none when a clause boundary comes first.
fn split_particle(toks: &[Token], from: usize, end: usize, particle: &[String]) -> Option<usize> {
    let stop = |t: &Token| {
        t.is_quote() || matches!(t.lower.as_str(), "," | ":" | ";" | "(" | ")" | "!" | "?")
    };
    let last = (from + MAX_SPLIT).min(end);
    for j in from..last {
        let t = &toks[j];
        if stop(t) {
            return None;
        }
        let n = particle.len();
        let here = j + n <= last
            && toks[j..j + n].iter().zip(particle).all(|(t, w)| t.lower.as_str() == w);
        if j > from && here {
            let j = j + n - 1;
            let closes = j + 1 >= end
                || stop(&toks[j + 1])
                || toks[j + 1].is_punct(".") && (j + 2 >= end || toks[j + 2].cap);
            return closes.then_some(j);
        }
    }
    None
}

struct Ctx<'a> {
    text: &'a str,
    lang: &'a Language,
    toks: &'a [Token],
    unit: Unit,
    /// Unit end without its final . ! ?
    end: usize,
    /// Unit start after a leading connective ("However,").
    start: usize,
    /// The speaker phrase read back from each token, computed once: many patterns ask
    /// for the same one.
    left: std::cell::RefCell<Vec<(usize, Option<Np>)>>,
}

impl Ctx<'_> {
    /// `speaker::left_speaker` from the unit start to token `pos`, memoised.
    fn left_speaker(&self, pos: usize) -> Option<Np> {
        if let Some((_, np)) = self.left.borrow().iter().find(|(p, _)| *p == pos) {
            return np.clone();
        }
        let np = speaker::left_speaker(self.text, self.lang, self.toks, self.start, pos);
        self.left.borrow_mut().push((pos, np.clone()));
        np
    }
}

#[derive(Debug, Clone, Default)]
struct State {
    speaker: Option<Np>,
    content: Vec<(usize, usize)>,
    second: Option<Second>,
    lo: usize,
    hi: usize,
    /// The cue is prepositional: its speaker may be any phrase up to a comma.
    prep: bool,
    /// The cue names a stance whose object is the content ("opposed it"): one word
    /// is content enough.
    stance: bool,
    /// The fronted phrase is the source ("In der Erklärung heißt es").
    front_source: bool,
    /// The cue is a postposition: its source stands right before it.
    post: bool,
    /// The particle of a split separable verb, read after the speaker that follows it.
    particle: Option<usize>,
    /// Where the content starts when an object before the complementiser is part of it
    /// ("expressed cautious optimism that …").
    content_from: Option<usize>,
}

/// Try every pattern on every cue of the unit; `headline` marks a title line.
pub fn matches(
    text: &str,
    lang: &Language,
    toks: &[Token],
    unit: Unit,
    headline: bool,
) -> Vec<Found> {
    let mut end = unit.end;
    while end > unit.start && matches!(toks[end - 1].lower.as_str(), "." | "!" | "?") {
        end -= 1;
    }
    let mut start = unit.start;
    if start + 1 < end
        && matches!(toks[start].lex.function, Some(FunctionKind::Connective))
        && toks[start + 1].is_punct(",")
    {
        start += 2;
    }
    // A dateline opens the first sentence: "MOSCOW:", "RIVERTON, March 9 —".
    let caps = |t: &Token| {
        let w = t.span.slice(text);
        t.is_word() && w.chars().count() >= 3 && w.chars().all(|c| !c.is_lowercase())
    };
    if start < end && caps(&toks[start]) {
        let dash = (start + 1..end.min(start + 9))
            .find(|&k| matches!(toks[k].lower.as_str(), "—" | "–" | ":" | "-"));
        if let Some(k) = dash.filter(|&k| k + 1 < end && toks[k + 1].cap) {
            start = k + 1;
        }
    }
    let cx = Ctx { text, lang, toks, unit, end, start, left: Default::default() };
    let mut out = Vec::new();
    for hit in cues(lang, toks, unit, headline) {
        for (pi, p) in lang.patterns.iter().enumerate() {
            if let Some(found) = try_pattern(&cx, pi, p, hit) {
                out.push(found);
            }
        }
    }
    out
}

fn try_pattern(cx: &Ctx<'_>, pi: usize, p: &Pattern, hit: CueHit) -> Option<Found> {
    let k = p
        .elements
        .iter()
        .position(|e| matches!(e.kind, ElemKind::Cue(_) | ElemKind::Prep | ElemKind::Post))?;
    let cue = &cx.lang.cues[hit.cue];
    match &p.elements[k].kind {
        ElemKind::Prep if cue.frame != CueFrame::Prep => return None,
        ElemKind::Post if cue.frame != CueFrame::Post => return None,
        ElemKind::Cue(_) if cue.frame != CueFrame::Verb => return None,
        ElemKind::Cue(classes) if !classes.contains(&cue.class) => {
            return None;
        }
        _ => {}
    }
    // A pattern that opens with its cue is anchored at the sentence start: "Laut Polizei
    // …" opens a sentence, while "… kamen laut einem Bericht 900 Menschen ums Leben"
    // is a source inside one, read by a pattern with CONTENT on both sides.
    if k == 0 && hit.start != cx.start {
        return None;
    }
    // So is one that has only literals before its cue ("when? CUE …").
    let literals_first =
        k > 0 && p.elements[..k].iter().all(|e| matches!(e.kind, ElemKind::Literal(_)));
    // A cue that names its own source ("demnach", "heißt es") takes no speaker phrase;
    // every other cue needs one.
    let has_speaker = p
        .elements
        .iter()
        .any(|e| matches!(e.kind, ElemKind::Speaker | ElemKind::Subject | ElemKind::Apposed));
    // A question names no one ("Asked whether …,").
    let unnamed_question = cue.class == CueClass::Question && !has_speaker;
    if has_speaker == cue.own_source.is_some() && !unnamed_question {
        return None;
    }
    // A cue that opens the sentence with its speaker after it is a fronted participle
    // clause ("Citing a report, Trump said …"): only an -ing form reads so.
    if (k == 0 || literals_first)
        && matches!(p.elements[k].kind, ElemKind::Cue(_))
        && p.elements[k + 1..]
            .iter()
            .any(|e| matches!(e.kind, ElemKind::Speaker | ElemKind::Subject))
        && !cue.is_participle()
    {
        return None;
    }
    let has_subject = p.elements.iter().any(|e| e.kind == ElemKind::Subject);
    // After an infinitive marker the cue is a bare infinitive ("Trump went out of his
    // way to praise …").
    let infinitive = k > 0
        && matches!(&p.elements[k - 1].kind, ElemKind::Literal(w) if cx.lang.infinitive_markers.contains(w));
    if has_subject && k > 0 && !cue.is_participle() && !infinitive {
        return None;
    }
    let init = State {
        lo: hit.start,
        hi: hit.end,
        prep: matches!(cue.frame, CueFrame::Prep | CueFrame::Post),
        post: cue.frame == CueFrame::Post,
        front_source: cue.own_source == Some(OwnSource::Front),
        stance: cue.class == CueClass::Stance,
        ..State::default()
    };
    let left = match_left(cx, &p.elements[..k], k, hit.start, false, init)?;
    if literals_first && left.lo != cx.start {
        return None;
    }
    // A split separable verb: a speaker right after the verb stands before the particle
    // ("teilte die Polizei am Montag mit"); otherwise the words up to the particle are
    // an adverbial ("Die Polizei teilte am Montag mit, …").
    let (from, left) = match hit.particle {
        Some(j) if p.elements.get(k + 1).is_some_and(|e| e.kind == ElemKind::Speaker) => {
            (hit.end, State { particle: Some(j), ..left })
        }
        Some(j) => {
            if cx.toks[hit.end..j].iter().any(|t| !t.is_word() && !t.is_punct(".")) {
                return None;
            }
            (j + 1, State { hi: left.hi.max(j + 1), ..left })
        }
        None => (hit.end, left),
    };
    let mut st = match_right(cx, &p.elements[k + 1..], 0, from, left)?;
    if st.content.is_empty() {
        return None;
    }
    // A statement only before its cue holds two words at least ("But according to …"
    // reports what follows); around the cue one word may open it ("Hawaii, as one
    // adviser pointed out, rarely …").
    if let [(a, b)] = st.content.as_slice() {
        if *b <= hit.start && !content_ok(cx, *a, *b) {
            return None;
        }
    }
    match cue.own_source {
        Some(OwnSource::Anaphor) => {
            st.speaker = Some(Np::bare(hit.start, hit.end, speaker::NpKind::Other))
        }
        Some(OwnSource::Front) if st.speaker.is_none() => {
            // After the statement ("…, heißt es in dem Bericht."), the source follows the
            // verb when a noun or name is there; a bare "…, hieß es." names none.
            if p.elements.iter().any(|e| e.kind == ElemKind::Front) {
                return None;
            }
            let to = (hit.end..cx.end).find(|&k| !cx.toks[k].is_word()).unwrap_or(cx.end);
            let words = &cx.toks[hit.end..to];
            if words.len() > 1 && words.iter().skip(1).any(|t| t.cap) {
                st.speaker = Some(Np::bare(hit.end, to, speaker::NpKind::Other));
            }
        }
        _ => {}
    }
    // A dateline is not a speaker: "MOSCOW: Russia on Sunday …".
    if cue.class == CueClass::Headline {
        let np = st.speaker.as_ref()?;
        let words = &cx.toks[np.start..np.end];
        let shouting = words.iter().all(|t| {
            let w = t.span.slice(cx.text);
            w.chars().count() > 2 && !w.chars().any(char::is_lowercase)
        });
        let place = cx.lang.places.contains(&speaker_words(cx, np).to_lowercase());
        if shouting && place || matches!(np.kind, speaker::NpKind::Pronoun(_)) {
            return None;
        }
    }
    // "Asked what …, Adelson said, “…”": when what follows the cue is a quotation alone,
    // the words before the speaker are not part of the statement.
    if let [(a, b), (c, d)] = st.content.as_slice() {
        let quote_only = |s: usize, e: usize| {
            cx.toks[s].is_quote() && cx.toks[s + 1..e].iter().all(|t| !t.is_word() && !t.is_quote())
        };
        // So are words that open with a preposition ("On ABC's “This Week” Tuesday, he
        // said, “…”").
        let adverbial = matches!(
            cx.toks[*a].lex.function,
            Some(FunctionKind::Preposition | FunctionKind::Time)
        );
        if quote_only(*c, *d) && (adverbial || !cx.toks[*a..*b].iter().any(Token::is_quote)) {
            return None;
        }
    }
    // A stance verb takes its object right after it; followed by a preposition or
    // punctuation the word is a noun ("terrorist attacks in Paris", "support for").
    if cue.class == CueClass::Stance && cue.words.len() == 1 {
        let next = cx.toks.get(hit.end).filter(|_| hit.end < cx.end);
        let noun = next.is_none_or(|t| {
            let punct = !t.is_word() && !t.is_quote() && !t.is_punct("(");
            punct || matches!(t.lex.function, Some(FunctionKind::Preposition))
        });
        if noun {
            return None;
        }
    }
    // Beliefs and intentions belong to people and bodies, not to documents or things
    // ("the proposed pact aims to …").
    if matches!(cue.class, CueClass::Belief | CueClass::Intent)
        && st
            .speaker
            .as_ref()
            .is_some_and(|np| matches!(np.kind, speaker::NpKind::Document | speaker::NpKind::Other))
    {
        return None;
    }
    // Quoting cues ("continued", "joked") report only direct quotations.
    if cue.class == CueClass::Quoting
        && !st.content.iter().all(|&(a, b)| b == a + 1 && cx.toks[a].is_quote())
    {
        return None;
    }
    Some(Found {
        pattern: pi,
        cue: hit,
        speaker: st.speaker,
        content: st.content,
        second: st.second,
        claim: (st.lo, st.hi),
    })
}

/// Most words a fronted adverbial may have.
const MAX_FRONT: usize = 8;

/// The longest aside between a subject and its cue, in tokens.
const MAX_APPOSITION: usize = 30;

/// A dash token: "-", "--", "–" or "—".
fn is_dash(t: &Token) -> bool {
    matches!(t.lower.as_str(), "-" | "--" | "–" | "—")
}

/// Match `els[..n]` right to left, ending at token `pos`.
fn match_left(
    cx: &Ctx<'_>,
    els: &[Element],
    n: usize,
    pos: usize,
    comma_after: bool,
    st: State,
) -> Option<State> {
    if n == 0 {
        return Some(st);
    }
    let e = &els[n - 1];
    let first = n == 1;
    let attempt = |st: State| -> Option<State> {
        match &e.kind {
            ElemKind::Literal(lit) => {
                if pos > cx.unit.start && cx.toks[pos - 1].lower == *lit {
                    let mut st = st;
                    st.lo = st.lo.min(pos - 1);
                    match_left(cx, els, n - 1, pos - 1, lit == ",", st)
                } else {
                    None
                }
            }
            ElemKind::Speaker => {
                let np = cx.left_speaker(pos).or_else(|| {
                    // Inside a sentence, a source before a postposition is read by its
                    // capitals ("… dürfte ersten Annahmen zufolge …").
                    (st.post && !first)
                        .then(|| {
                            speaker::capitalized_source_before(cx.lang, cx.toks, cx.start, pos)
                        })
                        .flatten()
                })?;
                // A clause opened by a temporal conjunction tells an event in the background
                // ("… before Obama announced a reset in relations"), not a statement.
                if np.start > cx.start
                    && cx
                        .lang
                        .background_subordinators
                        .contains(cx.toks[np.start - 1].lower.as_str())
                {
                    return None;
                }
                let mut st = st;
                st.lo = st.lo.min(np.start);
                let s = np.start;
                st.speaker = Some(np);
                match_left(cx, els, n - 1, s, false, st)
            }
            ElemKind::Content if first => {
                if pos <= cx.start {
                    return None;
                }
                // Without a comma, the content must end in a quotation ("“…,” he said").
                let last = &cx.toks[pos - 1];
                // A prepositional source may stand inside the sentence without commas
                // ("Die Preise stiegen nach Angaben der Behörde um drei Prozent").
                let comma_ok = comma_after || last.is_quote() || st.prep;
                if !comma_ok || !cx.toks[cx.start..pos].iter().any(|t| t.is_word() || t.is_quote())
                {
                    return None;
                }
                // A subordinate clause alone is not a statement ("While the judge found …,
                // the court disagreed"); with its main clause it is ("When he wins, we
                // leave, she said").
                if cx.toks[cx.start].lex.is(Classes::SUBORDINATOR)
                    && !cx.toks[cx.start..pos].iter().any(|t| t.is_punct(","))
                {
                    return None;
                }
                // A speaker phrase before a comma is not a statement ("Rahm Emanuel, his
                // chief of staff, urged …").
                let words = &cx.toks[cx.start..pos];
                let quoted = words.iter().any(Token::is_quote);
                if !quoted
                    && !st.prep
                    && comma_after
                    && cx.left_speaker(pos + 1).is_some_and(|np| np.start == cx.start)
                {
                    return None;
                }
                // A quotation introduced by a colon is the content on its own; the words
                // before the colon are the reporter's ("Er war froh: „…“, sagte er").
                let from =
                    if last.is_quote() && pos >= cx.start + 2 && cx.toks[pos - 2].is_punct(":") {
                        pos - 1
                    } else {
                        cx.start
                    };
                let mut st = st;
                st.content.insert(0, (from, pos));
                st.lo = cx.start;
                Some(st)
            }
            ElemKind::Quote if first => {
                if pos == cx.start + 1 && cx.toks[cx.start].is_quote() {
                    let mut st = st;
                    st.content.insert(0, (cx.start, pos));
                    st.lo = cx.start;
                    Some(st)
                } else {
                    None
                }
            }
            // A fronted adverbial: a few words from the sentence start, with no quotation,
            // punctuation or other cue ("Im gleichen Interview sagte der Minister, …").
            ElemKind::Front if first => {
                // Nothing is fronted when the match has reached back past the sentence's
                // start (a dateline cut from it).
                let words = cx.toks.get(cx.start..pos)?;
                let plain =
                    words.iter().all(|t| t.is_word() && (t.cap || !t.lex.is(Classes::CUE_VERB)));
                // A fronted source ("In einer Erklärung des Präsidenten vom Freitag heißt
                // es") may be longer than an adverbial, and must hold a noun or name.
                let max = if st.front_source { 2 * MAX_FRONT } else { MAX_FRONT };
                if words.is_empty() || words.len() > max || !plain {
                    return None;
                }
                let mut st = st;
                st.lo = cx.start;
                if st.front_source {
                    if !words.iter().skip(1).any(|t| t.cap) {
                        return None;
                    }
                    st.speaker = Some(Np::bare(cx.start, pos, speaker::NpKind::Other));
                }
                Some(st)
            }
            ElemKind::Apposed if first => {
                // The aside opens right after the subject and closes right before the
                // cue; it holds no quotation and no sentence of its own.
                let closes = |t: &Token| t.is_punct(",") || t.is_punct(")") || is_dash(t);
                if pos < cx.unit.start + 4 || !closes(&cx.toks[pos - 1]) {
                    return None;
                }
                let np = speaker::subject(cx.text, cx.lang, cx.toks, cx.unit.start, pos)?;
                let opens = |t: &Token| t.is_punct(",") || t.is_punct("(") || is_dash(t);
                if !np.kind.is_agent()
                    || np.end + 2 >= pos
                    || !opens(&cx.toks[np.end])
                    || pos - np.end > MAX_APPOSITION
                    || cx.toks[np.end..pos].iter().any(|t| {
                        // A short quotation is a title or a term ("the co-author of
                        // “Going Viral”").
                        let long = || t.span.slice(cx.text).split_whitespace().count() > 6;
                        t.is_quote() && long() || t.is_punct(";")
                    })
                {
                    return None;
                }
                let mut st = st;
                st.lo = st.lo.min(np.start);
                st.speaker = Some(np);
                Some(st)
            }
            ElemKind::Subject if first => {
                let np = speaker::subject(cx.text, cx.lang, cx.toks, cx.unit.start, pos)?;
                let mut st = st;
                st.lo = st.lo.min(np.start);
                st.speaker = Some(np);
                Some(st)
            }
            _ => None,
        }
    };
    // Only an optional element needs the state again after a failed attempt.
    if !e.optional {
        return attempt(st);
    }
    attempt(st.clone()).or_else(|| match_left(cx, els, n - 1, pos, comma_after, st))
}

/// Match `els[i..]` left to right, starting at token `pos`.
fn match_right(cx: &Ctx<'_>, els: &[Element], i: usize, pos: usize, st: State) -> Option<State> {
    if i == els.len() {
        return Some(st);
    }
    let e = &els[i];
    let last = i + 1 == els.len();
    let attempt = |st: State| -> Option<State> {
        match &e.kind {
            ElemKind::Literal(lit) => {
                if pos < cx.end && cx.toks[pos].lower == *lit {
                    let mut st = st;
                    st.hi = st.hi.max(pos + 1);
                    match_right(cx, els, i + 1, pos + 1, st)
                } else {
                    None
                }
            }
            ElemKind::Speaker => {
                // A split verb's particle ends the speaker's words ("teilte ein Sprecher
                // mit"): it is not read as a trailing preposition of the phrase.
                let limit = st.particle.map_or(cx.end, |j| j.min(cx.end));
                let (np, end) =
                    speaker::right_speaker(cx.text, cx.lang, cx.toks, pos, limit, st.prep)?;
                // After a split verb's speaker, an adverbial up to its particle.
                let end = match st.particle {
                    Some(j) if end > j => return None,
                    Some(j) if cx.toks[end..j].iter().any(|t| !t.is_word()) => return None,
                    Some(j) => j + 1,
                    None => end,
                };
                let mut st = st;
                st.particle = None;
                st.hi = st.hi.max(end);
                st.speaker = Some(np);
                match_right(cx, els, i + 1, end, st)
            }
            // After a fronted participle clause, the subject of the main clause
            // ("Citing a report, [Trump] repeatedly accused …").
            ElemKind::Subject => {
                let np = speaker::subject(cx.text, cx.lang, cx.toks, pos, cx.end)
                    .filter(|np| np.start == pos && !matches!(np.kind, speaker::NpKind::Other))?;
                // The claim ends at the comma: the main clause may report on its own.
                let end = np.end;
                let mut st = st;
                st.speaker = Some(np);
                match_right(cx, els, i + 1, end, st)
            }
            // An addressee right before the reported clause, without "that" ("told The
            // Washington Post he was …", "warned voters they would …"): a person, group or
            // organisation, or an object pronoun, then a clause that opens with its subject.
            ElemKind::Object
                if matches!(els.get(i + 1).map(|e| &e.kind), Some(ElemKind::Content)) =>
            {
                let subject_next = |k: usize| {
                    k < cx.end && {
                        let t = &cx.toks[k];
                        matches!(
                            t.lex.pronoun.as_ref(),
                            Some(PronounKind::Person | PronounKind::Group | PronounKind::SelfRef)
                        )
                    }
                };
                if pos < cx.end
                    && cx.toks[pos].lex.is(Classes::OBJECT_PRONOUN)
                    && subject_next(pos + 1)
                {
                    return match_right(cx, els, i + 1, pos + 1, st);
                }
                let end = (pos + 1..(pos + 7).min(cx.end)).find(|&e| {
                    subject_next(e)
                        && !cx.toks[pos..e]
                            .iter()
                            .any(|t| matches!(t.lex.function, Some(FunctionKind::Preposition)))
                        && speaker::parse_np(cx.text, cx.lang, cx.toks, pos, e)
                            .is_some_and(|np| np.end == e && addressee_np(cx, &np))
                })?;
                match_right(cx, els, i + 1, end, st)
            }
            ElemKind::Object => {
                // A short addressee ("told reporters that", "sagte gegenüber der Agentur,
                // dass"): skipped up to the literal the pattern expects next.
                let want = match els.get(i + 1).map(|e| &e.kind) {
                    Some(ElemKind::Literal(w)) => w.as_str(),
                    _ => cx.lang.object_until.as_deref()?,
                };
                // Before a colon the words may say what about ("erklärte er zu einem
                // Projekt im Bereich der Biomasse-Energie: „…“").
                let colon = want == ":";
                let limit = (pos + if colon { 12 } else { 6 }).min(cx.end);
                let that = (pos..limit).find(|&j| cx.toks[j].lower == want)?;
                let skipped = &cx.toks[pos..that];
                if that == pos
                    || skipped.iter().any(|t| {
                        let joiner = colon && t.is_punct("-");
                        t.is_quote() || !(t.is_word() || joiner) || t.lex.is(Classes::AUXILIARY)
                    })
                {
                    return None;
                }
                // An addressee ("told reporters that") is skipped; any other object is
                // what the clause is about, and part of the content ("cited reports that",
                // "dismissed concerns that").
                let addressee = (that == pos + 1 && cx.toks[pos].lex.is(Classes::OBJECT_PRONOUN))
                    || speaker::parse_np(cx.text, cx.lang, cx.toks, pos, that)
                        .is_some_and(|np| np.end == that && addressee_np(cx, &np));
                // An adverbial is neither ("said in a statement that", "said Monday that").
                let adverbial = skipped.iter().any(|t| {
                    matches!(t.lex.function, Some(FunctionKind::Preposition | FunctionKind::Time))
                });
                let mut st = st;
                if !colon && !addressee && !adverbial && is_complementiser(cx, that) {
                    st.content_from = Some(pos);
                }
                match_right(cx, els, i + 1, that, st)
            }
            ElemKind::Quote => {
                if pos < cx.end && cx.toks[pos].is_quote() {
                    let mut st = st;
                    st.content.push((pos, pos + 1));
                    st.hi = st.hi.max(pos + 1);
                    match_right(cx, els, i + 1, pos + 1, st)
                } else {
                    None
                }
            }
            ElemKind::Clause => {
                let comma = (pos..cx.end).find(|&j| cx.toks[j].is_punct(","))?;
                if comma == pos || cx.toks[pos..comma].iter().any(Token::is_quote) {
                    return None;
                }
                let mut st = st;
                st.content.push((pos, comma));
                st.hi = st.hi.max(comma);
                match_right(cx, els, i + 1, comma, st)
            }
            // A cue closing a parenthesis ("(Wikinews berichtete)") reports nothing after it.
            ElemKind::Content if last && pos < cx.end && cx.toks[pos].is_punct(")") => None,
            // A reporting verb right before an auxiliary closes a subordinate or passive
            // clause ("…, dessen Rücktritt gefordert wird, …"): it reports nothing.
            ElemKind::Content
                if last
                    && pos > 0
                    && pos < cx.end
                    && !cx.toks[pos - 1].cap
                    && cx.toks[pos - 1].lex.is(Classes::CUE_VERB)
                    && cx.toks[pos].lex.is(Classes::CLAUSE_FINAL_AUXILIARY) =>
            {
                None
            }
            ElemKind::Content if last => {
                // After a statement and its speaker, a participle cue opens a second
                // statement ("…, Spicer said, adding, “…”"), not the rest of the first.
                if !st.content.is_empty()
                    && cue_at(cx.lang, cx.toks, pos, cx.end, false)
                        .is_some_and(|h| cx.lang.cues[h.cue].is_participle())
                {
                    return None;
                }
                let (cut, second) = split_continuation(cx, pos);
                let end = trim_relative(cx, pos, cut);
                // Inside a subordinate clause before the main clause, the statement ends at
                // the clause's comma ("While Smith claimed that the videos exist, …").
                let opens = |k: usize| cx.toks[k].lex.is(Classes::SUBORDINATOR);
                let subordinate = st.lo > cx.start
                    && st.content.is_empty()
                    && (opens(st.lo - 1)
                        || opens(cx.start)
                            && !cx.toks[cx.start..st.lo].iter().any(|t| t.is_punct(",")));
                let end = match (pos + 1..end).find(|&k| cx.toks[k].is_punct(",")) {
                    Some(k) if subordinate && cx.toks[k + 1..end].iter().any(Token::is_word) => k,
                    _ => end,
                };
                let end = if second.is_none() { coordinated_end(cx, pos, end) } else { end };
                // A relative clause between commas ends at its closing comma: "Petrilli,
                // who thinks [the agency overreached], called the law …".
                let relative_aside = st.content.is_empty()
                    && st.speaker.as_ref().is_some_and(|np| {
                        matches!(np.kind, speaker::NpKind::Pronoun(PronounKind::Relative))
                            && np.start > 0
                            && cx.toks[np.start - 1].is_punct(",")
                    });
                let end = match (pos + 1..end).find(|&k| comma_like(cx, &cx.toks[k])) {
                    Some(k) if relative_aside && cx.toks[k + 1..end].iter().any(Token::is_word) => {
                        if cx.toks[k].is_quote() {
                            k + 1
                        } else {
                            k
                        }
                    }
                    _ => end,
                };
                let short_object = st.stance && end == pos + 1 && cx.toks[pos].is_word();
                // The rest of a statement around its source may be one word ("Die Ursache
                // ist nach Angaben der Polizei unklar").
                let rest = !st.content.is_empty() && cx.toks[pos..end].iter().any(Token::is_word);
                if end <= pos || !(short_object || content_ok(cx, pos, end) || rest) {
                    return None;
                }
                let mut st = st;
                // The complementiser opens the reported clause ("said that …", "sagte,
                // dass …"), as the annotated corpora mark it.
                let from = if pos > 0 && is_complementiser(cx, pos - 1) { pos - 1 } else { pos };
                // A short adverbial and a colon before the statement ("said on Twitter:
                // “…”") belong to the saying.
                let colon = (pos + 1..end.min(pos + 8))
                    .take_while(|&k| cx.toks[k].is_word() || cx.toks[k].is_punct(":"))
                    .find(|&k| cx.toks[k].is_punct(":"))
                    .filter(|&k| k + 1 < end);
                let from = colon.map_or(from, |k| k + 1);
                let from = st.content_from.take().unwrap_or(from);
                st.content.push((from, end));
                st.hi = st.hi.max(end);
                if let Some(sec) = second {
                    st.hi = st.hi.max(sec.1.1);
                    st.second = Some(sec);
                }
                Some(st)
            }
            ElemKind::End => {
                if pos >= cx.end {
                    return match_right(cx, els, i + 1, pos, st);
                }
                if let Some(sec) = continuation(cx, pos) {
                    let mut st = st;
                    st.hi = st.hi.max(sec.1.1);
                    st.second = Some(sec);
                    return match_right(cx, els, i + 1, cx.end, st);
                }
                // A short adverbial tail: "on Tuesday", "in a statement", "told reporters".
                let mut tail = &cx.toks[pos..cx.end];
                if tail.first().is_some_and(|t| t.is_punct(",") || st.prep && is_dash(t)) {
                    tail = &tail[1..];
                }
                // After a quotation that stands before the cue, the rest of the sentence
                // describes the saying ("she said on stage at the convention").
                let quoted = matches!(st.content.as_slice(), [(a, b)] if *b == a + 1 && cx.toks[*a].is_quote());
                let described = quoted && !tail.iter().any(Token::is_quote);
                // After a comma: a gloss on the saying (", taking a step toward …", ",
                // even as …"), or on a prepositional source (", two of the five …").
                let dash = is_dash(&cx.toks[pos]);
                let glossed = (cx.toks[pos].is_punct(",") || dash && st.prep)
                    && tail.first().is_some_and(|t| {
                        t.is_word()
                            && !t.cap
                            && (st.prep
                                || ends_with_any(t.lower.as_str(), &cx.lang.participle_endings)
                                    && !t.lex.is(Classes::CUE_WORD)
                                || t.lex.is(Classes::GLOSS_WORD)
                                || matches!(
                                    t.lex.pronoun.as_ref(),
                                    Some(PronounKind::Relative)
                                )
                                // an apposition on the speaker ("…, said Sherman, a
                                // reporter whose …").
                                || st.speaker.as_ref().is_some_and(|np| np.end == pos)
                                    && matches!(
                                        t.lex.function,
                                        Some(FunctionKind::Determiner)
                                    ))
                    });
                if described
                    || glossed
                    || (tail.len() <= 6
                        // A tail that opens a noun phrase or a clause is what was said
                        // ("…, Intel said the event was off"), not an adverbial.
                        && !tail.first().is_some_and(|t| {
                            // a name that opens a clause of three words or more
                            (t.cap
                                && t.is_word()
                                && t.lex.function.is_none()
                                && tail.len() >= 3)
                                || matches!(t.lex.function, Some(FunctionKind::Determiner))
                                || t.lex.is(Classes::COMPLEMENTIZER)
                                || matches!(
                                    t.lex.pronoun.as_ref(),
                                    Some(PronounKind::Person | PronounKind::Group | PronounKind::SelfRef)
                                )
                        })
                        && tail.iter().all(|t| {
                            (t.is_word() && !t.lex.is(Classes::AUXILIARY))
                                || t.is_punct("-")
                        }))
                {
                    let mut st = st;
                    st.hi = st.hi.max(cx.end);
                    return match_right(cx, els, i + 1, cx.end, st);
                }
                None
            }
            _ => None,
        }
    };
    // Only an optional element needs the state again after a failed attempt.
    if !e.optional {
        return attempt(st);
    }
    attempt(st.clone()).or_else(|| match_right(cx, els, i + 1, pos, st))
}

/// Can the phrase be an addressee: a person, group or organisation, or a publication
/// named in capitals ("The Washington Post")?
fn addressee_np(cx: &Ctx<'_>, np: &Np) -> bool {
    match np.kind {
        speaker::NpKind::Other | speaker::NpKind::Pronoun(_) => false,
        speaker::NpKind::Document => cx.toks[np.start..np.end]
            .iter()
            .all(|t| t.cap || matches!(t.lex.function, Some(FunctionKind::Determiner))),
        _ => true,
    }
}

/// Content must hold at least two words, or a quotation.
fn content_ok(cx: &Ctx<'_>, s: usize, e: usize) -> bool {
    let toks = &cx.toks[s..e];
    toks.iter().any(Token::is_quote) || toks.iter().filter(|t| t.is_word()).count() >= 2
}

/// A second cue by the same speaker at `pos`: ", noting that …", ", adding: …",
/// ", and added that …". Returns its cue and content.
fn continuation(cx: &Ctx<'_>, pos: usize) -> Option<Second> {
    if pos + 1 >= cx.end {
        return None;
    }
    // "… and warned that …", "… but said …", "… und fügte hinzu: …" need no comma.
    let coordinator = |t: &Token| t.lex.is(Classes::COORDINATOR);
    let bare = coordinator(&cx.toks[pos]);
    if !comma_like(cx, &cx.toks[pos]) && !bare {
        return None;
    }
    let mut c = if bare { pos } else { pos + 1 };
    if coordinator(&cx.toks[c]) {
        c += 1;
        if c < cx.end && cx.toks[c].lex.is(Classes::AUXILIARY) {
            c += 1;
        }
    }
    if c >= cx.end {
        return None;
    }
    let hit = cue_at(cx.lang, cx.toks, c, cx.end, false)?;
    let cue = &cx.lang.cues[hit.cue];
    if cue.frame != CueFrame::Verb
        || !matches!(
            cue.class,
            CueClass::Speech | CueClass::Writing | CueClass::Question | CueClass::Intent
        )
    {
        return None;
    }
    if c == pos + 1 && !bare && !cue.is_participle() {
        return None;
    }
    if bare && cue.is_participle() {
        return None;
    }
    let mut s = hit.end;
    if s < cx.end && cx.toks[s].is_punct(",") {
        s += 1;
    }
    if s < cx.end && (is_complementiser(cx, s) || cx.toks[s].is_punct(":")) {
        s += 1;
    }
    let e = trim_relative(cx, s, cx.end);
    if e <= s || !content_ok(cx, s, e) {
        return None;
    }
    let from = if is_complementiser(cx, s - 1) { s - 1 } else { s };
    Some((hit, (from, e)))
}

/// Where a content ends before a second verb phrase of the same subject: "… for the
/// nominee but did not suggest …", "… the bill and has said …". The second phrase
/// opens with a conjunction and an auxiliary or negation.
fn coordinated_end(cx: &Ctx<'_>, s: usize, e: usize) -> usize {
    (s + 1..e.saturating_sub(1))
        .find(|&j| {
            cx.toks[j].lex.is(Classes::CONTRAST) && cx.toks[j + 1].lex.is(Classes::AUXILIARY)
        })
        .map_or(e, |j| if j > s && cx.toks[j - 1].is_punct(",") { j - 1 } else { j })
}

/// A complementiser that opens a reported clause (`complementizers`).
fn is_complementiser(cx: &Ctx<'_>, k: usize) -> bool {
    cx.toks[k].lex.is(Classes::COMPLEMENTIZER)
}

/// Where a right-hand content stops: at a continuation cue, if any.
fn split_continuation(cx: &Ctx<'_>, pos: usize) -> (usize, Option<Second>) {
    for j in pos..cx.end {
        if comma_like(cx, &cx.toks[j]) || cx.toks[j].lex.is(Classes::COORDINATOR) {
            if let Some(sec) = continuation(cx, j) {
                // A quotation that holds the comma stays in the first statement.
                return (if cx.toks[j].is_quote() { j + 1 } else { j }, Some(sec));
            }
        }
    }
    (cx.end, None)
}

/// Drop a trailing non-restrictive relative clause (", which …" to the end), which
/// is the reporter's gloss rather than what was said.
fn trim_relative(cx: &Ctx<'_>, s: usize, e: usize) -> usize {
    let toks = &cx.toks[s..e];
    let comma_like = |t: &Token| comma_like(cx, t);
    let cut = |k: usize| if toks[k].is_quote() { s + k + 1 } else { s + k };
    // A gloss after a comma: a participle phrase or a subordinate clause ("…, reversing
    // its long pacifism", "…, although he again refused …").
    let gloss = (1..toks.len().saturating_sub(1)).find(|&k| {
        let next = &toks[k + 1];
        let dash = matches!(toks[k].lower.as_str(), "-" | "–" | "—");
        // A relative clause on the last noun ("…, who has never faced …").
        let relative = matches!(next.lex.pronoun.as_ref(), Some(PronounKind::Relative));
        // A second main clause with a subject of its own ("…, and he and Trump still
        // speak", "…, but the party has …").
        let clause = comma_like(&toks[k])
            && next.lex.is(Classes::COORDINATOR)
            && toks.get(k + 2).is_some_and(|t| {
                matches!(
                    t.lex.pronoun.as_ref(),
                    Some(PronounKind::Person | PronounKind::Group | PronounKind::SelfRef)
                ) || matches!(t.lex.function, Some(FunctionKind::Determiner))
                    || t.lex.is(Classes::SUBORDINATOR)
            });
        if clause && !toks[k + 1..].iter().any(Token::is_quote) {
            return true;
        }
        (comma_like(&toks[k]) || dash)
            && !toks[k + 1..].iter().any(Token::is_quote)
            && next.is_word()
            && !next.cap
            && (ends_with_any(next.lower.as_str(), &cx.lang.participle_endings)
                && !next.lex.is(Classes::CUE_WORD)
                && next.lex.function.is_none()
                || relative
                || next.lex.is(Classes::GLOSS_WORD))
    });
    if let Some(k) = gloss {
        return cut(k);
    }
    let Some(k) = toks.iter().rposition(comma_like) else { return e };
    let next = toks.get(k + 1).map(|t| t.lower.as_str());
    if k == 0
        || !next.is_some_and(|w| cx.lang.gloss_relatives.contains(w))
        || toks[k + 1..].iter().any(Token::is_quote)
    {
        return e;
    }
    // A comma inside a closing quotation keeps the quotation in the content.
    cut(k)
}

/// A comma, or a quotation that ends with one inside its marks ("“…,” stating …").
fn comma_like(cx: &Ctx<'_>, t: &Token) -> bool {
    t.is_punct(",")
        || (t.is_quote() && {
            let mut it = t.span.slice(cx.text).chars().rev();
            it.next();
            it.next() == Some(',')
        })
}

fn speaker_words(cx: &Ctx<'_>, np: &Np) -> String {
    cx.toks[np.start..np.end].iter().map(|t| t.span.slice(cx.text)).collect::<Vec<_>>().join(" ")
}
