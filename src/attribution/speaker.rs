//! Speaker noun phrases: names with titles and roles, pronouns, groups,
//! organisations and documents, read from the tokens around a cue.
//!
//! Everything here is lexicon-driven: titles, role nouns, group, organisation and
//! document heads come from the grammar tables, never from code.

use crate::grammar::{
    Classes, FunctionKind, Language, Lexicon, PronounKind, TitleKind, ends_with_any,
};
use crate::model::Span;
use compact_str::CompactString;

use super::token::Token;

/// What a speaker noun phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpKind {
    /// he, she, they, who.
    Pronoun(PronounKind),
    /// A proper name: a person, or an organisation / place when `org` is set.
    Name {
        /// The name is an organisation or a country.
        org: bool,
    },
    /// "analysts", "sources close to the talks".
    Group,
    /// "the ministry".
    Organization,
    /// "the draft treaty".
    Document,
    /// "the minister": a person named by role.
    RoleNoun,
    /// A short noun phrase opened by a determiner whose head no table knows
    /// ("the New York businessman").
    Other,
}

impl NpKind {
    /// How a rule read the phrase, for `--explain`.
    pub fn reading(self) -> crate::model::Reading {
        use crate::model::Reading;
        match self {
            NpKind::Pronoun(_) => Reading::Pronoun,
            NpKind::Name { org: false } => Reading::Name,
            NpKind::Name { org: true } => Reading::OrganisationName,
            NpKind::Group => Reading::Group,
            NpKind::Organization => Reading::Organisation,
            NpKind::Document => Reading::Document,
            NpKind::RoleNoun => Reading::RoleNoun,
            NpKind::Other => Reading::NounPhrase,
        }
    }

    /// A person, group or body that can say something, or a pronoun for one (not a
    /// document or an unknown phrase).
    pub fn is_agent(self) -> bool {
        matches!(
            self,
            NpKind::Name { .. }
                | NpKind::Pronoun(_)
                | NpKind::Group
                | NpKind::Organization
                | NpKind::RoleNoun
        )
    }
}

/// A speaker noun phrase found in the tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Np {
    /// First token of the mention.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// What it is.
    pub kind: NpKind,
    /// Token range of the proper name, for names.
    pub name: Option<(usize, usize)>,
    /// Byte span of the role ("President", "Russia's envoy to NATO").
    pub role: Option<Span>,
    /// Lowercase honorific ("mr."), which tells gender.
    pub honorific: Option<CompactString>,
    /// Lowercase head noun for groups, organisations, documents and role nouns.
    pub head: Option<CompactString>,
}

impl Np {
    /// A phrase over tokens `start..end` of `kind`, with nothing else known yet.
    pub fn bare(start: usize, end: usize, kind: NpKind) -> Np {
        Np { start, end, kind, name: None, role: None, honorific: None, head: None }
    }
}

/// Most tokens a speaker phrase may have before its head.
const MAX_NP: usize = 10;

fn possessive(lang: &Language, t: &Token) -> bool {
    lang.is_possessive(t.lower.as_str())
}

fn is_acronym(text: &str, t: &Token) -> bool {
    let s = t.span.slice(text);
    s.chars().count() >= 2 && s.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// A capitalised word that can be part of a proper name.
pub fn is_name_token(text: &str, lang: &Language, t: &Token) -> bool {
    if !t.is_word() || !t.cap || possessive(lang, t) {
        return false;
    }
    let not_names = Classes::GROUP
        | Classes::DOCUMENT
        | Classes::PRONOUN
        | Classes::CUE_WORD
        | Classes::ROLE_NOUN;
    if t.lex.classes.intersects(not_names) || t.lex.function.is_some() {
        return false;
    }
    if lang.titles.contains_key(t.span.slice(text)) {
        return false;
    }
    let l = t.lower.as_str();
    !(lang.is_compound_of(Lexicon::Groups, l)
        || lang.is_compound_of(Lexicon::Documents, l)
        || lang.is_compound_role(l))
}

/// A capitalised word that opens a sentence only because it opens it ("Speaking at a
/// rally, …", "Along with her husband, …", "Hours later, …") is read as lowercase, so
/// it is never taken for a name. The evidence comes from the article itself: the word is
/// never capitalised inside a sentence, and either it is written in lowercase somewhere
/// and a comma, a function word or a pronoun follows it, or it has the ending of a
/// participle or an adverb and no verb follows it. A word
/// before another name word ("Will Estrada") keeps its capital. Only with the setting
/// `lower_sentence_openers`.
pub fn lower_sentence_openers(
    text: &str,
    lang: &Language,
    toks: &mut [Token],
    unit_starts: &[usize],
) {
    if !lang.reading.lower_sentence_openers {
        return;
    }
    // Candidates first: capitalised name-like words that open a sentence. Only their
    // forms are looked up in the rest of the article, which keeps this pass cheap.
    let candidate = |i: usize| {
        let Some(t) = toks.get(i) else { return false };
        let w = t.span.slice(text);
        let shouting = w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        t.is_word()
            && t.cap
            && !shouting
            && is_name_token(text, lang, t)
            && !toks.get(i + 1).is_some_and(|n| is_name_token(text, lang, n))
    };
    let cands: Vec<usize> = unit_starts.iter().copied().filter(|&i| candidate(i)).collect();
    if cands.is_empty() {
        return;
    }
    let mut forms: Vec<&str> = cands.iter().map(|&i| toks[i].lower.as_str()).collect();
    forms.sort_unstable();
    forms.dedup();
    // Per form: seen capitalised inside a sentence, seen in lowercase.
    let mut inside_cap = vec![false; forms.len()];
    let mut lower_seen = vec![false; forms.len()];
    // The first bytes of the forms, to skip most words without a search.
    let mut first = [false; 256];
    for f in &forms {
        if let Some(&b) = f.as_bytes().first() {
            first[usize::from(b)] = true;
        }
    }
    let mut starts = unit_starts.iter().copied().peekable();
    for (i, t) in toks.iter().enumerate() {
        while starts.next_if(|&s| s < i).is_some() {}
        if !t.is_word() || !t.lower.as_bytes().first().is_some_and(|&b| first[usize::from(b)]) {
            continue;
        }
        let Ok(f) = forms.binary_search(&t.lower.as_str()) else { continue };
        if !t.cap {
            lower_seen[f] = true;
            continue;
        }
        let opener = starts.peek() == Some(&i)
            || t.line_before
            || i == 0
            || toks[i - 1].is_quote()
            || !toks[i - 1].is_word() && !toks[i - 1].is_punct(",");
        // A title-case line tells nothing: its words are capitalised anyway.
        let titled = i > 0 && toks[i - 1].is_word() && toks[i - 1].cap
            || toks.get(i + 1).is_some_and(|n| n.is_word() && n.cap);
        if !opener && !titled {
            inside_cap[f] = true;
        }
    }
    let mut change = Vec::new();
    for i in cands {
        let t = &toks[i];
        let Ok(f) = forms.binary_search(&t.lower.as_str()) else { continue };
        if inside_cap[f] {
            continue;
        }
        let next = toks.get(i + 1);
        let l = t.lower.as_str();
        let ending = l.chars().count() >= 5
            && [&lang.participle_endings, &lang.adverb_endings, &lang.past_participle_endings]
                .iter()
                .any(|endings| ends_with_any(l, endings));
        // A word written in lowercase elsewhere may still open a noun phrase ("Research
        // suggests", "Nuclear experts"): only a comma, a function word or a pronoun after
        // it shows an adverbial.
        let adverbial_next = next.is_some_and(|n| {
            n.is_punct(",") || n.lex.function.is_some() || n.lex.is(Classes::PRONOUN)
        });
        let verb_next = next.is_some_and(|n| {
            n.is_word() && (n.lex.is(Classes::CUE_WORD) || n.lex.is(Classes::AUXILIARY))
        });
        if (lower_seen[f] && adverbial_next) || (ending && !verb_next) {
            change.push(i);
        }
    }
    for i in change {
        toks[i].cap = false;
    }
}

/// A word that may sit inside a role before a name: title words, role nouns and
/// modifiers, capitalised words ("Russian", "White House") and possessives.
fn is_role_word(text: &str, lang: &Language, t: &Token) -> bool {
    if !t.is_word() {
        return false;
    }
    let w = t.span.slice(text);
    if lang.titles.get(w) == Some(&TitleKind::Title) || t.lex.is(Classes::ROLE) {
        return true;
    }
    if t.cap {
        return !t.lex.is(Classes::PRONOUN) && t.lex.function.is_none();
    }
    // Lowercase modifiers of a role ("political commentator", "climate scientist"); the
    // role itself must still end in a role noun or title, which the caller checks.
    // Function words ("after", "before") are never part of a role.
    let l = t.lower.as_str();
    t.lex.function.is_none()
        && !ends_with_any(l, &lang.adverb_endings)
        && !lang.auxiliaries.contains(l)
        && !lang.pronouns.contains_key(l)
        && !lang.is_cue_word(l)
}

/// Head nouns: the role, group, organisation or document a lowercase word names.
fn head_kind(lang: &Language, t: &Token) -> Option<NpKind> {
    let (lower, is) = (t.lower.as_str(), |c: Classes| t.lex.is(c));
    if is(Classes::GROUP) || lang.is_compound_of(Lexicon::Groups, lower) {
        Some(NpKind::Group)
    } else if is(Classes::DOCUMENT) || lang.is_compound_of(Lexicon::Documents, lower) {
        Some(NpKind::Document)
    } else if is(Classes::ORGANIZATION) || lang.is_compound_of(Lexicon::Organizations, lower) {
        Some(NpKind::Organization)
    } else if is(Classes::ROLE_NOUN) || lang.is_compound_role(lower) {
        Some(NpKind::RoleNoun)
    } else if is(Classes::PLURAL_DOCUMENT) {
        // A plural: of a document noun ("polls"), or of a role or organisation noun,
        // which names a group ("confidants", "advocacy groups").
        Some(NpKind::Document)
    } else if is(Classes::PLURAL_GROUP) {
        Some(NpKind::Group)
    } else {
        None
    }
}

/// Parse `toks[s..e]` as a speaker noun phrase. Trailing time words ("here",
/// "on Monday") are dropped from the mention. Returns `None` when the words are
/// not a speaker phrase.
pub fn parse_np(text: &str, lang: &Language, toks: &[Token], s: usize, e: usize) -> Option<Np> {
    let mut e = e;
    while e > s && matches!(toks[e - 1].lex.function, Some(FunctionKind::Time)) {
        e -= 1;
    }
    let joiner = |t: &Token| t.is_punct("-") || t.is_punct("'") || t.is_punct("’");
    if e <= s || e - s > MAX_NP || toks[s..e].iter().any(|t| !t.is_word() && !joiner(t)) {
        return None;
    }
    // A phrase that opens with a preposition is an adverbial ("Aus diesem Grund").
    if matches!(toks[s].lex.function, Some(FunctionKind::Preposition)) {
        return None;
    }
    // "One of his advisers", "Some of the voters", "one in four voters": the phrase after
    // the quantifier names the speaker; the mention keeps the whole.
    if let Some(k) = (s + 1..e.min(s + 4)).find(|&k| toks[k].lex.is(Classes::PARTITIVE_LINK)) {
        let quantifier = toks[s..k].iter().all(|t| {
            matches!(t.lex.function, Some(FunctionKind::Determiner))
                || t.lower.chars().all(|c| c.is_ascii_digit() || c == ',')
                || t.lex.is(Classes::QUANTIFIER)
        });
        if quantifier && k + 1 < e {
            if let Some(mut inner) = parse_np(text, lang, toks, k + 1, e) {
                if !matches!(inner.kind, NpKind::Pronoun(_)) {
                    inner.start = s;
                    if matches!(inner.kind, NpKind::Name { .. }) {
                        inner.kind = NpKind::Group;
                        inner.name = None;
                    }
                    return Some(inner);
                }
            }
        }
    }
    let mut np = Np::bare(s, e, NpKind::Group);
    if e - s == 1 {
        if let Some(&k) = toks[s].lex.pronoun.as_ref() {
            np.kind = NpKind::Pronoun(k);
            return Some(np);
        }
    }
    if let Some(np) = name_np(text, lang, toks, s, e, np.clone()) {
        return Some(np);
    }
    // A common-noun phrase: determiners and modifiers, a head noun, then an optional
    // prepositional tail ("sources close to the issue").
    let mut head = None;
    let mut i = s;
    while i < e {
        let t = &toks[i];
        // A prepositional or participle tail: "sources close to the talks", "the draft law
        // on port financing", "a report commissioned by the port".
        // A participle tail goes on with a preposition ("commissioned by the port"); a
        // participle with an object is a verb ("staffers received partial immunity").
        let participle = head.is_some()
            && !t.cap
            && ends_with_any(t.lower.as_str(), &lang.past_participle_endings)
            && (i + 1 == e
                || matches!(
                    toks[i + 1].lex.function,
                    Some(FunctionKind::Preposition | FunctionKind::Time)
                )
                || toks[i + 1].lex.is(Classes::TAIL_PREPOSITION));
        // A source link (`source_links`: a genitive or "von") attaches one too ("der
        // Vorsitzende des Vereins", "ein Sprecher von Greenpeace").
        let tail_start = matches!(t.lex.function, Some(FunctionKind::Preposition))
            || t.lex.is(Classes::TAIL_PREPOSITION)
            || participle
            || (head.is_some() && t.lex.is(Classes::SOURCE_LINK));
        if i > s && tail_start {
            break;
        }
        if let Some(kind) = head_kind(lang, t) {
            head = Some((i, kind));
        }
        i += 1;
    }
    // A determiner that is also a group head stands alone as the speaker ("Some said").
    let last = &toks[e - 1];
    if last.lex.function.is_some_and(|k| k != FunctionKind::Time)
        && !(e - s == 1 && head_kind(lang, last) == Some(NpKind::Group))
    {
        return None;
    }
    let Some((hi, kind)) = head else {
        return other_np(lang, toks, s, e, np);
    };
    // Before the head: determiners and modifiers only; no more than four words.
    if hi - s > 4 {
        return None;
    }
    // An adverb of the auxiliary table right after a determiner is an adjective ("an
    // earlier report").
    let modifier = |k: usize| {
        let t = &toks[k];
        let after_det = k > s && matches!(toks[k - 1].lex.function, Some(FunctionKind::Determiner));
        !t.lex.is(Classes::PRONOUN)
            && (!t.lex.is(Classes::AUXILIARY) || after_det && lang.reading.auxiliary_nouns)
    };
    if !(s..hi).all(modifier) {
        return None;
    }
    // With `determiner_after_head`, a determiner after a head noun opens another phrase
    // ("der Bürgermeister die Helfer").
    let det_after_head = lang.reading.determiner_after_head
        && (s + 1..hi).any(|k| {
            matches!(toks[k].lex.function, Some(FunctionKind::Determiner))
                && toks[s..k].iter().any(|t| head_kind(lang, t).is_some())
        });
    // Elsewhere a determiner inside the phrase follows only another determiner or a
    // quantifier ("all the voters"); after any other word that word is a verb
    // ("released a statement"), and the phrase its object.
    let quantifier = |t: &Token| {
        matches!(t.lex.function, Some(FunctionKind::Determiner)) || t.lex.is(Classes::PREDETERMINER)
    };
    let inner_det =
        (s + 1..hi).find(|&k| matches!(toks[k].lex.function, Some(FunctionKind::Determiner)));
    let verb_before_det = lang.reading.verb_before_determiner
        && inner_det.is_some_and(|k| !toks[s..k].iter().all(quantifier));
    if det_after_head || verb_before_det {
        return None;
    }
    if i < e && e - i > 8 {
        return None;
    }
    // Only words between the head and the tail that are heads too ("draft treaty").
    if toks[hi + 1..i].iter().any(|t| head_kind(lang, t).is_none()) {
        return None;
    }
    np.kind = kind;
    np.head = Some(toks[hi].lower.clone());
    Some(np)
}

/// A determiner, then at most five words ending in a lowercase noun-like word.
fn other_np(lang: &Language, toks: &[Token], s: usize, e: usize, mut np: Np) -> Option<Np> {
    let det = matches!(toks[s].lex.function, Some(FunctionKind::Determiner))
        || possessive(lang, &toks[s]);
    let last = &toks[e - 1];
    let nounish = last.is_word()
        && !last.cap
        && !ends_with_any(last.lower.as_str(), &lang.adverb_endings)
        && last.lex.function.is_none()
        && !last.lex.is(Classes::AUXILIARY)
        && !last.lex.is(Classes::CUE_WORD);
    // No pronoun inside: "a crane operator who worked" is a phrase and a clause.
    let inner_ok = toks[s + 1..e].iter().all(|t| {
        t.is_word()
            && t.lex.function.is_none_or(|k| k == FunctionKind::Determiner)
            && !t.lex.is(Classes::AUXILIARY)
            && !t.lex.is(Classes::PRONOUN)
    });
    if det && nounish && inner_ok && e - s >= 2 && e - s <= 6 {
        np.kind = NpKind::Other;
        Some(np)
    } else {
        None
    }
}

/// A proper name at the end of `toks[s..e]`, with an optional title or role before it
/// ("President Dmitry Medvedev", "Mr. Putin", "the Division of Gaming Enforcement").
fn name_np(
    text: &str,
    lang: &Language,
    toks: &[Token],
    s: usize,
    e: usize,
    mut np: Np,
) -> Option<Np> {
    // Capitalised words, particles ("De Blasio", "van Gogh") and, between capitalised
    // words, the connectors of organisation names ("of", "for", "and", "the").
    let mut k = e;
    let mut connector = false;
    while k > s {
        let t = &toks[k - 1];
        let particle = matches!(t.lex.function, Some(FunctionKind::Particle)) && k < e;
        let joiner = k < e
            && k - 1 > s
            && t.lex.is(Classes::NAME_CONNECTOR)
            && is_name_token(text, lang, &toks[k])
            && (is_name_token(text, lang, &toks[k - 2])
                || toks[k - 2].lex.is(Classes::NAME_CHAIN_CONNECTOR)
                || (toks[k - 2].is_word() && toks[k - 2].cap));
        // A title word that ends a capitalised phrase names no one after it: it is part
        // of the name ("Bloomberg New Energy Finance").
        let last_title = k == e
            && k - 1 > s
            && t.cap
            && lang.titles.get(t.span.slice(text)) == Some(&TitleKind::Title)
            && is_name_token(text, lang, &toks[k - 2]);
        // A given name that is also a common noun of the tables ("Bill Burton"): a
        // capitalised document or group word right before a name, with no determiner
        // before it (`given_names_from_nouns`).
        let given = lang.reading.given_names_from_nouns
            && k < e
            && t.is_word()
            && t.cap
            && !possessive(lang, t)
            && is_name_token(text, lang, &toks[k])
            && (t.lex.is(Classes::DOCUMENT) || t.lex.is(Classes::GROUP))
            && (k - 1 == s || !matches!(toks[k - 2].lex.function, Some(FunctionKind::Determiner)));
        if is_name_token(text, lang, t) || particle || last_title || given {
            k -= 1;
        } else if joiner {
            connector = true;
            k -= 1;
        } else {
            break;
        }
    }
    while k < e && !toks[k].cap {
        k += 1;
    }
    if k >= e {
        return None;
    }
    let name = (k, e);
    let last = &toks[e - 1];
    let joined: Vec<&str> = toks[k..e].iter().map(|t| t.span.slice(text)).collect();
    let joined = joined.join(" ").to_lowercase();
    let org = connector
        || lang.places.contains(&joined)
        || toks[k..e].iter().any(|t| t.lex.is(Classes::ORGANIZATION))
        || (e - k == 1 && is_acronym(text, last) && !lang.places.contains(&joined));
    // What stands before the name must be a role or title (or a determiner).
    let mut r = k;
    while r > s && is_role_word(text, lang, &toks[r - 1]) {
        r -= 1;
    }
    let mut h = k;
    // An honorific directly before the name ("Mr. Putin").
    if h > s && lang.titles.get(toks[h - 1].span.slice(text)) == Some(&TitleKind::Honorific) {
        np.honorific = Some(toks[h - 1].lower.clone());
        h -= 1;
        r = h;
        while r > s && is_role_word(text, lang, &toks[r - 1]) {
            r -= 1;
        }
    }
    let mut lead = r;
    while lead > s && matches!(toks[lead - 1].lex.function, Some(FunctionKind::Determiner)) {
        lead -= 1;
    }
    if lead != s {
        return None;
    }
    if r < h {
        // A role must end in a title word or a role noun ("commentator", "President").
        let tail = &toks[h - 1];
        // A lowercase noun right before the name is a role too ("grower Ilse Marrow",
        // "bakery owner Ana Ruiz").
        let titled = lang.titles.get(tail.span.slice(text)) == Some(&TitleKind::Title)
            || lang.is_role_noun(tail.lower.as_str())
            || (!tail.cap && tail.lower.len() > 2 && tail.lex.function.is_none());
        if !titled {
            // Capitalised words before an organisation name belong to it
            // ("Carnegie Moscow Center").
            if org || toks[r..h].iter().any(|t| t.lex.is(Classes::ORGANIZATION)) {
                np.kind = NpKind::Name { org: true };
                np.name = Some((r, e));
                return Some(np);
            }
            return None;
        }
        np.role = Some(Span::new(toks[r].span.start, toks[h - 1].span.end));
    }
    np.kind = NpKind::Name { org };
    np.name = Some(name);
    Some(np)
}

/// Is `toks[s..e]` a role phrase in apposition ("Russia's envoy to NATO",
/// "chairman of the committee")? A role noun must stand among its first five words.
pub fn is_role_phrase(lang: &Language, toks: &[Token], s: usize, e: usize) -> bool {
    if e <= s || e - s > 25 || toks[s..e].iter().any(Token::is_quote) {
        return false;
    }
    if toks[s].lex.is(Classes::PRONOUN) || !toks[s].is_word() {
        return false;
    }
    let e = role_end(lang, toks, s, e);
    if e <= s {
        return false;
    }
    // A role noun from the table, or a noun of occupation ("glaciologist", "importer"),
    // among the first five words.
    let occupation = |t: &Token| {
        let l = t.lower.as_str();
        l.len() > 5 && !t.cap && ends_with_any(l, &lang.agent_endings) && lang.function(l).is_none()
    };
    let plural_role = |t: &Token| {
        lang.role_plural_endings
            .iter()
            .any(|e| t.lower.strip_suffix(e.as_str()).is_some_and(|st| lang.is_role_noun(st)))
    };
    toks[s..e.min(s + 5)].iter().any(|t| {
        t.is_word() && (lang.is_role_noun(t.lower.as_str()) || occupation(t) || plural_role(t))
    })
}

/// Where a role in apposition ends: before a relative clause or participle phrase that
/// describes the person rather than naming the role ("the deputy mayor known as …").
pub fn role_end(lang: &Language, toks: &[Token], s: usize, e: usize) -> usize {
    (s + 1..e)
        .find(|&k| {
            let t = &toks[k];
            t.lex.is(Classes::ROLE_ENDER)
                || (!t.cap && t.lex.is(Classes::CUE_WORD))
                || (!t.cap
                    && t.lower.len() > 4
                    && ends_with_any(t.lower.as_str(), &lang.past_participle_endings)
                    && k > s + 1)
        })
        .unwrap_or(e)
}

/// Role span of an apposition, without a leading article.
pub fn apposition_role(lang: &Language, toks: &[Token], s: usize, e: usize) -> Span {
    let e = role_end(lang, toks, s, e).max(s + 1);
    let mut s = s;
    if s + 1 < e && matches!(toks[s].lex.function, Some(FunctionKind::Determiner)) {
        s += 1;
    }
    Span::new(toks[s].span.start, toks[e - 1].span.end)
}

fn is_boundary(t: &Token) -> bool {
    t.is_quote()
        || (!t.is_word() && !t.is_punct("'") && !t.is_punct("’"))
        || matches!(t.lex.function, Some(FunctionKind::Boundary))
}

/// The speaker before a cue at token `cue`, within a unit starting at `unit_start`.
/// Skips auxiliaries and adverbs between speaker and cue ("has also said") and a
/// parenthetical ("Rep. Trey Gowdy (R-S.C.) said"), and reads appositions: NAME , ROLE ,
/// ("Dmitry Rogozin, Russia's envoy to NATO, said"), NAME , AGE , and ROLE , NAME ,
/// ("The group's executive director, Betty Bradley, said").
pub fn left_speaker(
    text: &str,
    lang: &Language,
    toks: &[Token],
    unit_start: usize,
    cue: usize,
) -> Option<Np> {
    let mut j = cue;
    while j > unit_start {
        let t = &toks[j - 1];
        let adverb = t.is_word()
            && !t.cap
            && t.lower.len() > 4
            && ends_with_any(t.lower.as_str(), &lang.adverb_endings);
        // "is urging": the progressive keeps its subject; "was asked" is a passive.
        let progressive = matches!(t.lex.function, Some(FunctionKind::Copula))
            && ends_with_any(toks[cue].lower.as_str(), &lang.participle_endings);
        if t.is_word() && (t.lex.is(Classes::AUXILIARY) || adverb || progressive) {
            j -= 1;
        } else {
            break;
        }
    }
    // "experts who say": the relative pronoun is the mention.
    if j > unit_start && matches!(toks[j - 1].lex.pronoun.as_ref(), Some(PronounKind::Relative)) {
        let mut np = parse_np(text, lang, toks, j - 1, j)?;
        np.kind = NpKind::Pronoun(PronounKind::Relative);
        return Some(np);
    }
    // "Sanders endorsed Canova and said …": the subject of the sentence.
    if j > unit_start && toks[j - 1].lex.is(Classes::VERB_COORDINATOR) {
        return subject(text, lang, toks, unit_start, j - 1)
            .filter(|np| !matches!(np.kind, NpKind::Other));
    }
    if j > unit_start && toks[j - 1].is_punct(")") {
        let open = (unit_start..j - 1).rev().take(10).find(|&k| toks[k].is_punct("("))?;
        return left_speaker(text, lang, toks, unit_start, open);
    }
    // An aside between dashes ("Kall -- co-editor of a book on the race -- said").
    let dash = |t: &Token| matches!(t.lower.as_str(), "--" | "—" | "–");
    if j > unit_start + 1 && dash(&toks[j - 1]) {
        let open = (unit_start..j - 1).rev().take(30).find(|&k| dash(&toks[k]))?;
        return left_speaker(text, lang, toks, unit_start, open).filter(|np| {
            matches!(np.kind, NpKind::Name { .. } | NpKind::Group | NpKind::RoleNoun)
        });
    }
    if j > unit_start && toks[j - 1].is_punct(",") {
        let close = j - 1;
        let mut open = close;
        while open > unit_start && !toks[open - 1].is_punct(",") && !toks[open - 1].is_quote() {
            open -= 1;
        }
        let comma_before = open > unit_start && toks[open - 1].is_punct(",");
        if !comma_before || open == close {
            return None;
        }
        let comma = before_parenthesis(toks, unit_start, open - 1);
        let mut i = comma;
        while i > unit_start && !is_boundary(&toks[i - 1]) {
            i -= 1;
        }
        // NAME , AGE , said
        let is_age = |t: &Token| t.lower.chars().all(|c| c.is_ascii_digit());
        let age = close == open + 1 && is_age(&toks[open]);
        if age {
            return parse_np(text, lang, toks, i, comma)
                .filter(|np| matches!(np.kind, NpKind::Name { org: false }));
        }
        // NAME , AGE , DESCRIPTION , said: an age marks the name before it as a person
        // and what follows as a description ("Ann Ruiz, 21, a junior from Reno, said").
        if comma >= unit_start + 3 && is_age(&toks[comma - 1]) && toks[comma - 2].is_punct(",") {
            let name_end = comma - 2;
            let mut n = name_end;
            while n > unit_start && !is_boundary(&toks[n - 1]) {
                n -= 1;
            }
            if let Some(np) = parse_np(text, lang, toks, n, name_end)
                .filter(|np| matches!(np.kind, NpKind::Name { org: false }))
            {
                return Some(np);
            }
        }
        // ROLE , NAME , said
        if let Some(mut np) = parse_np(text, lang, toks, open, close) {
            if matches!(np.kind, NpKind::Name { org: false })
                && is_role_phrase(lang, toks, i, comma)
            {
                if np.role.is_none() {
                    np.role = Some(apposition_role(lang, toks, i, comma));
                }
                return Some(np);
            }
        }
        // NAME , ROLE , said
        if is_role_phrase(lang, toks, open, close) {
            let mut np = parse_np(text, lang, toks, i, comma)?;
            if matches!(np.kind, NpKind::Name { org: false }) {
                np.role = Some(apposition_role(lang, toks, open, close));
            }
            return Some(np);
        }
        return interrupted_subject(text, lang, toks, unit_start, close);
    }
    let mut i = j;
    while i > unit_start && !is_boundary(&toks[i - 1]) && j - i <= MAX_NP + 6 {
        i -= 1;
    }
    if i > unit_start && !is_boundary(&toks[i - 1]) {
        return None;
    }
    parse_np(text, lang, toks, i, j)
        .or_else(|| {
            // A short adverbial between subject and verb: "Jeb Bush in a Medium post said",
            // "Trump on Monday said".
            let p = (i + 1..j).find(|&k| {
                matches!(toks[k].lex.function, Some(FunctionKind::Preposition))
                    || toks[k].lex.is(Classes::TAIL_PREPOSITION)
            })?;
            if j - p > 6 {
                return None;
            }
            parse_np(text, lang, toks, i, p).filter(|np| {
                np.end == p && matches!(np.kind, NpKind::Name { .. } | NpKind::Pronoun(_))
            })
        })
        .or_else(|| {
            // A statement or document as the object of a verb before a participle cue
            // ("Smith issued a statement saying …"): the subject of that verb speaks.
            if !lang.reading.statement_objects
                || j <= i + 1
                || !ends_with_any(toks[cue].lower.as_str(), &lang.participle_endings)
            {
                return None;
            }
            let head = &toks[j - 1];
            if !matches!(head_kind(lang, head), Some(NpKind::Document)) {
                return None;
            }
            let mut d = j - 1;
            while d > i
                && j - d <= 4
                && toks[d - 1].is_word()
                && !toks[d - 1].cap
                && matches!(toks[d - 1].lex.function, Some(FunctionKind::Determiner) | None)
                && !matches!(toks[d].lex.function, Some(FunctionKind::Determiner))
            {
                d -= 1;
            }
            if d <= i || !matches!(toks[d].lex.function, Some(FunctionKind::Determiner)) {
                return None;
            }
            subject(text, lang, toks, unit_start, d - 1).filter(|np| np.kind.is_agent())
        })
        .or_else(|| {
            // Words before the subject that are not part of it ("Although in September she
            // said", "A copy of the memo seen by Reuters said"): the longest phrase ending at
            // the verb that is a speaker on its own. Where every noun is capitalised and the
            // verb comes second (German, `verb_second`), the word before the verb is as
            // often an adverbial as the subject, so this reading is not tried.
            if lang.verb_second {
                return None;
            }
            (i + 1..j).find_map(|k| {
                let before = &toks[k - 1];
                if matches!(before.lex.function, Some(FunctionKind::Determiner))
                    || possessive(lang, before)
                {
                    return None;
                }
                // A common noun must follow a function word ("… seen by the agency"); after
                // any other word it may be that word's object ("has drawn huge crowds").
                let after_function = before.lex.function.is_some() || !before.is_word();
                parse_np(text, lang, toks, k, j).filter(|np| {
                    np.start == k
                        && match np.kind {
                            NpKind::Name { .. } | NpKind::Pronoun(_) => true,
                            NpKind::Other | NpKind::Document => false,
                            _ => after_function,
                        }
                })
            })
        })
}

/// Where a phrase before a comma ends: before a parenthesis that closes right at the
/// comma ("Rep. Ann Ruiz (D-Nev.), who …, said").
fn before_parenthesis(toks: &[Token], unit_start: usize, comma: usize) -> usize {
    if comma > unit_start + 1 && toks[comma - 1].is_punct(")") {
        if let Some(open) =
            (unit_start + 1..comma - 1).rev().take(10).find(|&k| toks[k].is_punct("("))
        {
            return open;
        }
    }
    comma
}

/// NP , … , said: a subject separated from its cue by commas around a relative clause,
/// a participle phrase or an aside ("Sanders, whose coalition includes young people,
/// said"; "Murphy, though, said"). The subject is the noun phrase before the first of
/// up to four commas, within 40 tokens, with no quotation or cue in between.
fn interrupted_subject(
    text: &str,
    lang: &Language,
    toks: &[Token],
    unit_start: usize,
    comma_before_cue: usize,
) -> Option<Np> {
    let mut k = comma_before_cue;
    for _ in 0..4 {
        let mut open = k;
        let mut cue_inside = false;
        while open > unit_start && !toks[open - 1].is_punct(",") {
            let t = &toks[open - 1];
            let cue = !t.cap
                && t.lex.is(Classes::CUE_WORD)
                && !toks
                    .get(open.wrapping_sub(2))
                    .is_some_and(|p| matches!(p.lex.function, Some(FunctionKind::Determiner)));
            if t.is_quote() {
                return None;
            }
            cue_inside |= cue;
            open -= 1;
        }
        // A reporting verb inside a relative clause describes the subject ("McCaskill, who
        // has endorsed Clinton, said …"); anywhere else it reports a statement of its own.
        let relative =
            open < k && matches!(toks[open].lex.pronoun.as_ref(), Some(PronounKind::Relative));
        if cue_inside && !relative {
            return None;
        }
        if comma_before_cue - open > 40 || open == unit_start {
            return None;
        }
        let comma = before_parenthesis(toks, unit_start, open - 1);
        let mut i = comma;
        while i > unit_start && !is_boundary(&toks[i - 1]) {
            i -= 1;
        }
        let at_clause_start =
            i == unit_start || toks[i - 1].is_punct(";") || toks[i - 1].is_punct(":");
        if at_clause_start {
            if let Some(np) = parse_np(text, lang, toks, i, comma) {
                // ROLE , NAME , …: "Her main critic, Daniel Frost, who runs a bakery, said".
                if matches!(np.kind, NpKind::RoleNoun | NpKind::Other) {
                    let mut e = open;
                    while e < comma_before_cue && !toks[e].is_punct(",") {
                        e += 1;
                    }
                    if let Some(mut name) = parse_np(text, lang, toks, open, e) {
                        if matches!(name.kind, NpKind::Name { org: false }) {
                            if name.role.is_none() {
                                name.role = Some(apposition_role(lang, toks, i, comma));
                            }
                            return Some(name);
                        }
                    }
                }
                if matches!(
                    np.kind,
                    NpKind::Name { .. }
                        | NpKind::Group
                        | NpKind::RoleNoun
                        | NpKind::Organization
                        | NpKind::Document
                ) {
                    return Some(np);
                }
            }
        }
        k = comma;
    }
    None
}

/// The speaker after a cue (inverted "said Dmitry Trenin, director of …" or
/// "according to sources close to the issue"), starting at token `pos`. Returns the
/// phrase and the token index where it (with its apposition) ends.
pub fn right_speaker(
    text: &str,
    lang: &Language,
    toks: &[Token],
    pos: usize,
    unit_end: usize,
    loose: bool,
) -> Option<(Np, usize)> {
    if loose {
        // With `capitalized_sources`, the capitals bound the source first.
        let limit = if lang.reading.capitalized_sources {
            capitalized_source_end(lang, toks, pos, unit_end)?
        } else {
            unit_end
        };
        // A strict reading that stops inside the source at a slash ("a KTV/Herald poll")
        // leaves the rest unread: the loose reading takes the whole.
        if let Some(found) = right_speaker(text, lang, toks, pos, limit, false)
            .filter(|&(_, e)| !toks.get(e).is_some_and(|t| t.is_punct("/")))
        {
            return Some(found);
        }
        // After "according to" anything up to the next comma names the source
        // ("a CNN/WMUR poll", "Federal Election Commission filings"). Where every noun is
        // capitalised, the source is a noun phrase read by its capitals ("Laut einem
        // Bericht der Polizei wurde …", "… kamen laut Augenzeugen mit Sicherheit …").
        let e = if lang.reading.capitalized_sources {
            capitalized_source_end(lang, toks, pos, unit_end)?
        } else {
            let mut e = pos;
            while e < unit_end && e - pos < 15 && !toks[e].is_punct(",") && !toks[e].is_quote() {
                e += 1;
            }
            e
        };
        if e == pos || e - pos >= 15 || !toks[pos..e].iter().any(Token::is_word) {
            return None;
        }
        let np = Np::bare(pos, e, NpKind::Other);
        return Some((np, e));
    }
    let mut e = pos;
    while e < unit_end && e - pos <= MAX_NP + 6 && !is_boundary(&toks[e]) {
        e += 1;
    }
    // Shrink from the right until the words form a speaker phrase ("said Smith on Monday").
    let mut end = e;
    let np = loop {
        if end <= pos {
            return described_name(text, lang, toks, pos, e);
        }
        if let Some(np) = parse_np(text, lang, toks, pos, end) {
            break np;
        }
        end -= 1;
    };
    let mut stop = end;
    // Skip trailing time words that parse_np dropped.
    while stop < e
        && matches!(
            toks[stop].lex.function,
            Some(FunctionKind::Time) | Some(FunctionKind::Preposition)
        )
        && e - stop <= 3
    {
        stop = e;
    }
    if stop != e {
        // A description of the speaker up to the next comma or the sentence end: a
        // relative clause ("said a data expert who has worked for one of the rivals") or
        // a prepositional phrase ("said Ann Ruiz of the Ohio delegation", "said Ruiz in an
        // interview"). The phrase is the speaker; the description is part of the saying.
        let next = &toks[end];
        let relative = matches!(next.lex.pronoun.as_ref(), Some(PronounKind::Relative));
        let described = lang.reading.described_speakers
            && !matches!(np.kind, NpKind::Pronoun(_))
            && (relative
                || np.kind != NpKind::Other
                    && matches!(next.lex.function, Some(FunctionKind::Preposition)));
        if described {
            return Some((np, e));
        }
        // A longer adverbial after the speaker ("sagte Schweinsteiger nach dem Spiel zur
        // ARD", `prepositions_end_speakers`): the name ends clearly, so the phrase ends
        // before the preposition and the pattern decides about the rest.
        if lang.reading.prepositions_end_speakers
            && matches!(
                toks[end].lex.function,
                Some(FunctionKind::Preposition | FunctionKind::Particle)
            )
        {
            return Some((np, end));
        }
        return None;
    }
    let mut np = np;
    // "said Leslie Feldman, 34, a plaintiff …": an age before the role.
    let age = |k: usize| k < unit_end && toks[k].lower.chars().all(|c| c.is_ascii_digit());
    if e + 2 < unit_end
        && toks[e].is_punct(",")
        && age(e + 1)
        && toks[e + 2].is_punct(",")
        && matches!(np.kind, NpKind::Name { org: false })
    {
        e += 2;
    }
    if e < unit_end && toks[e].is_punct(",") && matches!(np.kind, NpKind::Name { org: false }) {
        let open = e + 1;
        let mut close = open;
        while close < unit_end && !toks[close].is_punct(",") && !toks[close].is_quote() {
            close += 1;
        }
        // The role runs to the next comma or the sentence end (less its final period).
        let mut role_end = close;
        while role_end > open && matches!(toks[role_end - 1].lower.as_str(), "." | "!" | "?") {
            role_end -= 1;
        }
        if is_role_phrase(lang, toks, open, role_end) {
            np.role = Some(apposition_role(lang, toks, open, role_end));
            return Some((np, role_end));
        }
    }
    // "sagte der Trainer der Bremer, Peter Müller, …": a role phrase, then the name of
    // the one who holds it, up to a comma or the sentence end.
    if e < unit_end && toks[e].is_punct(",") && np.kind == NpKind::RoleNoun {
        let open = e + 1;
        let mut close = open;
        while close < unit_end && close - open < 4 && is_name_token(text, lang, &toks[close]) {
            close += 1;
        }
        let closes = close == unit_end
            || toks[close].is_punct(",")
            || matches!(toks[close].lower.as_str(), "." | "!" | "?");
        let name = (close > open && closes)
            .then(|| parse_np(text, lang, toks, open, close))
            .flatten()
            .filter(|n| matches!(n.kind, NpKind::Name { org: false }));
        if let Some(mut name) = name {
            name.role = Some(Span::new(toks[np.start].span.start, toks[np.end - 1].span.end));
            name.start = np.start;
            return Some((name, close));
        }
    }
    Some((np, e))
}

/// A name after a lowercase description that no table reads as a role ("said master of
/// ceremonies Tom Weber"): the name up to `e` is the speaker, the description its role.
fn described_name(
    text: &str,
    lang: &Language,
    toks: &[Token],
    pos: usize,
    e: usize,
) -> Option<(Np, usize)> {
    if !lang.reading.described_names {
        return None;
    }
    let k = (pos + 1..e.min(pos + 6)).find(|&k| toks[k].cap)?;
    // The description opens with a word of its own or an article, not a preposition
    // ("said of Mr. Weber", "wrote in a memo to Tom Weber").
    let opens = toks[pos].lex.function.is_none_or(|f| f == FunctionKind::Determiner);
    if !opens || toks[pos..k].iter().any(|t| t.cap || !t.is_word()) || e - k < 2 {
        return None;
    }
    let mut np = parse_np(text, lang, toks, k, e)
        .filter(|np| np.end == e && matches!(np.kind, NpKind::Name { org: false }))?;
    if np.role.is_none() {
        np.role = Some(Span::new(toks[pos].span.start, toks[k - 1].span.end));
    }
    np.start = pos;
    Some((np, e))
}

/// Does the source phrase starting at `pos` name a statement or a document before any
/// link word ("eigenen Angaben", "Polizeiangaben", "Grupps Meinung", "Angaben der
/// Polizei")? Used by cues that report only with such a phrase ("nach").
pub fn names_statement(lang: &Language, toks: &[Token], pos: usize, unit_end: usize) -> bool {
    let Some(end) = capitalized_source_end(lang, toks, pos, unit_end) else { return false };
    // The head noun phrase: up to the first link word after a capitalised word.
    let mut seen_noun = false;
    for t in &toks[pos..end] {
        if t.cap {
            if lang.in_lexicon(Lexicon::Documents, t.lower.as_str()) {
                return true;
            }
            seen_noun = true;
        } else if seen_noun && t.lex.is(Classes::SOURCE_LINK) {
            return false;
        }
    }
    false
}

/// Where a source phrase after a preposition ends in a language that capitalises its
/// nouns: determiners and inflected adjectives, then capitalised words; a determiner or
/// a link word from `source_links` after them attaches another noun ("einem Sprecher der
/// Polizei", "Angaben von Amnesty International"), except after a compound that names
/// its source itself ("nach Polizeiangaben von der Fahrbahn abgekommen"). Anything else
/// ends it.
fn capitalized_source_end(
    lang: &Language,
    toks: &[Token],
    pos: usize,
    unit_end: usize,
) -> Option<usize> {
    let inflected = |w: &str| ends_with_any(w, &lang.inflection_endings);
    let mut e = pos;
    // One past the last capitalised word, and whether a link waits for its noun.
    let mut last = pos;
    let mut pending = true;
    let mut closed = false;
    while e < unit_end && e - pos < 15 {
        let t = &toks[e];
        if t.is_word() && t.cap {
            pending = false;
            last = e + 1;
            closed = !t.lex.is(Classes::DOCUMENT)
                && lang.in_lexicon(Lexicon::Documents, t.lower.as_str());
        } else if closed && !pending {
            break;
        } else if t.is_punct("-") && !pending {
        } else if !t.is_word() {
            break;
        } else if matches!(t.lex.function, Some(FunctionKind::Determiner)) {
            if !pending && !t.lex.is(Classes::SOURCE_LINK) {
                break;
            }
            pending = true;
        } else if t.lex.is(Classes::SOURCE_LINK) && !pending {
            pending = true;
        } else if !(pending && inflected(t.lower.as_str())) {
            break;
        }
        e += 1;
    }
    (last > pos).then_some(last)
}

/// With `capitalized_sources`, the source right before a postposition at `cue`:
/// capitalised words, then inflected adjectives and one determiner before them ("den
/// Berichten", "ersten Annahmen", "Medienberichten"). None in other languages.
pub fn capitalized_source_before(
    lang: &Language,
    toks: &[Token],
    unit_start: usize,
    cue: usize,
) -> Option<Np> {
    if !lang.reading.capitalized_sources {
        return None;
    }
    let inflected = |w: &str| ends_with_any(w, &lang.oblique_endings);
    let mut s = cue;
    while s > unit_start && s + 4 > cue && toks[s - 1].is_word() && toks[s - 1].cap {
        s -= 1;
    }
    if s == cue {
        return None;
    }
    while s > unit_start && cue - s < 6 {
        let t = &toks[s - 1];
        let plain = t.is_word() && !t.cap;
        if plain && matches!(t.lex.function, Some(FunctionKind::Determiner)) {
            s -= 1;
            break;
        }
        if plain
            && inflected(t.lower.as_str())
            && t.lex.function.is_none()
            && !t.lex.is(Classes::AUXILIARY)
            && !t.lex.is(Classes::CUE_WORD)
        {
            s -= 1;
        } else {
            break;
        }
    }
    // The phrase must stand inside the sentence, after some content.
    if s <= unit_start {
        return None;
    }
    Some(Np::bare(s, cue, NpKind::Other))
}

/// The noun phrase that opens the unit (after a connective such as "However,"),
/// used as the speaker of a participle cue ("Rogozin has …, saying …").
pub fn subject(
    text: &str,
    lang: &Language,
    toks: &[Token],
    unit_start: usize,
    limit: usize,
) -> Option<Np> {
    let mut s = unit_start;
    if s + 1 < limit
        && matches!(toks[s].lex.function, Some(FunctionKind::Connective))
        && toks[s + 1].is_punct(",")
    {
        s += 2;
    }
    // A conjunction opening the sentence ("And Mr. Christie gloated: …").
    if s + 1 < limit && matches!(toks[s].lex.function, Some(FunctionKind::Boundary)) {
        s += 1;
    }
    let from = |s: usize| {
        let mut e = s;
        while e < limit && e - s < MAX_NP {
            let t = &toks[e];
            let fits = t.is_word()
                && (t.cap
                    || matches!(t.lex.function, Some(FunctionKind::Determiner))
                    || head_kind(lang, t).is_some()
                    || t.lex.is(Classes::ROLE)
                    || e == s && t.lex.is(Classes::PRONOUN));
            if !fits {
                break;
            }
            e += 1;
        }
        // Lowercase modifiers before a group or role head ("Several dock workers",
        // "Cyber security experts"): the phrase runs on to that head.
        if e > s && lang.reading.lowercase_modifiers {
            let plain = |t: &Token| {
                t.is_word()
                    && !t.cap
                    && t.lex.function.is_none()
                    && !t.lex.is(Classes::PRONOUN)
                    && !t.lex.is(Classes::AUXILIARY)
                    && !t.lex.is(Classes::CUE_WORD)
            };
            let mut k = e;
            while k < limit && k - s < MAX_NP && plain(&toks[k]) {
                k += 1;
                if matches!(head_kind(lang, &toks[k - 1]), Some(NpKind::Group | NpKind::RoleNoun)) {
                    e = k;
                }
            }
        }
        parse_np(text, lang, toks, s, e)
    };
    if let Some(np) = from(s) {
        return Some(np);
    }
    // A fronted adverbial or participle clause before the subject ("Speaking at a rally
    // in Ohio, Trump …", "Just before the vote, the senator …"): the phrase after its
    // comma, when the sentence opens with a lowercase or function word. Where every noun is
    // capitalised the verb follows such a clause, not the subject (`verb_second`).
    let adverbial = toks[s].is_word()
        && (!toks[s].cap || toks[s].lex.function.is_some_and(|k| k != FunctionKind::Determiner));
    if lang.verb_second || !adverbial {
        return None;
    }
    // Up to two commas: "On Thursday, after a long wait, Warren endorsed …".
    let mut k = s;
    for _ in 0..2 {
        let comma = (k + 1..limit.min(k + 20)).find(|&j| toks[j].is_punct(","))?;
        if toks[k..comma].iter().any(Token::is_quote) {
            return None;
        }
        let np = from(comma + 1).filter(|np| !matches!(np.kind, NpKind::Other | NpKind::Document));
        if np.is_some() {
            return np;
        }
        k = comma + 1;
    }
    None
}

/// The subject of the last clause that opens between `from` and `to` after a comma, a
/// conjunction or a subordinator ("…, and the union has sued the city, saying …",
/// "… even as he defended the plan, saying …"): a speaker phrase followed by a lowercase
/// word, its verb.
pub fn clause_subject(
    text: &str,
    lang: &Language,
    toks: &[Token],
    from: usize,
    to: usize,
) -> Option<Np> {
    (from..to).rev().find_map(|j| {
        let t = &toks[j];
        let opener =
            t.is_punct(",") || t.lex.is(Classes::COORDINATOR) || t.lex.is(Classes::SUBORDINATOR);
        if !opener || j + 1 >= to {
            return None;
        }
        let np = np_after(text, lang, toks, j + 1, to)?;
        let verb = toks.get(np.end).filter(|_| np.end < to)?;
        let fits = np.start == j + 1
            && np.kind.is_agent()
            && verb.is_word()
            && !verb.cap
            && verb.lex.function.is_none_or(|k| k == FunctionKind::Copula);
        fits.then_some(np)
    })
}

/// The longest speaker phrase that starts at `from` (or one word later, after a
/// reflexive pronoun: "äußerte sich der Minister") and ends before `limit` or the
/// next punctuation, whatever follows it.
pub fn np_after(
    text: &str,
    lang: &Language,
    toks: &[Token],
    from: usize,
    limit: usize,
) -> Option<Np> {
    let stop = (from..limit).find(|&k| !toks[k].is_word() && !toks[k].is_punct("-"));
    let stop = stop.unwrap_or(limit);
    let first = toks.get(from).filter(|_| from < stop)?;
    let reflexive = !first.cap && first.lex.function.is_none() && !first.lex.is(Classes::PRONOUN);
    let starts = if reflexive { [from + 1, from] } else { [from, from] };
    starts.into_iter().find_map(|s| {
        (s + 1..=stop.min(s + 10)).rev().find_map(|e| {
            parse_np(text, lang, toks, s, e)
                .filter(|np| !matches!(np.kind, NpKind::Other | NpKind::Document))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::token::tokenize;
    use crate::grammar::Grammar;

    fn np(text: &str) -> Option<(NpKind, Option<String>, Option<String>)> {
        let g = Grammar::builtin();
        let toks = tokenize(text, Span::new(0, text.len()), &[], g.en());
        let n = parse_np(text, g.en(), &toks, 0, toks.len())?;
        let name = n.name.map(|(a, b)| {
            Span::new(toks[a].span.start, toks[b - 1].span.end).slice(text).to_string()
        });
        let role = n.role.map(|r| r.slice(text).to_string());
        Some((n.kind, name, role))
    }

    #[test]
    fn name_with_title() {
        let (k, name, role) = np("President Dmitry Medvedev").unwrap();
        assert_eq!(k, NpKind::Name { org: false });
        assert_eq!(name.as_deref(), Some("Dmitry Medvedev"));
        assert_eq!(role.as_deref(), Some("President"));
    }

    #[test]
    fn name_with_role_and_modifiers() {
        let (_, name, role) = np("Russian political commentator Tatyana Stanovaya").unwrap();
        assert_eq!(name.as_deref(), Some("Tatyana Stanovaya"));
        assert_eq!(role.as_deref(), Some("Russian political commentator"));
    }

    #[test]
    fn honorific_is_not_a_role() {
        let (_, name, role) = np("Mr. Putin").unwrap();
        assert_eq!(name.as_deref(), Some("Putin"));
        assert_eq!(role, None);
    }

    #[test]
    fn groups_documents_and_pronouns() {
        assert_eq!(np("analysts here").unwrap().0, NpKind::Group);
        assert_eq!(np("sources close to the issue").unwrap().0, NpKind::Group);
        assert_eq!(np("The draft treaty").unwrap().0, NpKind::Document);
        assert_eq!(np("the ministry").unwrap().0, NpKind::Organization);
        assert_eq!(np("he").unwrap().0, NpKind::Pronoun(PronounKind::Person));
        assert_eq!(np("Russia").unwrap().0, NpKind::Name { org: true });
        assert_eq!(np("Advocacy groups").unwrap().0, NpKind::Group);
        assert_eq!(np("Protest groups").unwrap().0, NpKind::Group);
        assert_eq!(np("Local officials").unwrap().0, NpKind::Group);
        assert!(np("Bloomberg New").is_some());
        assert!(np("Sherman").is_some());
        assert_eq!(np("Advocacy groups").unwrap().0, NpKind::Group);
        assert_eq!(np("Protest groups").unwrap().0, NpKind::Group);
        assert_eq!(np("Local officials").unwrap().0, NpKind::Group);
        assert!(np("Bloomberg New").is_some());
        assert!(np("Sherman").is_some());
        assert_eq!(np("NATO").unwrap().0, NpKind::Name { org: true });
    }

    #[test]
    fn clauses_are_not_speakers() {
        assert!(np("the treaty would win broad support").is_none());
        assert!(np("Russia published the proposal two days before the meeting").is_none());
    }

    #[test]
    fn apposition_before_cue() {
        let text = "Dmitry Rogozin, Russia's envoy to NATO, said";
        let g = Grammar::builtin();
        let toks = tokenize(text, Span::new(0, text.len()), &[], g.en());
        let n = left_speaker(text, g.en(), &toks, 0, toks.len() - 1).unwrap();
        assert_eq!(n.role.unwrap().slice(text), "Russia's envoy to NATO");
        assert_eq!(
            Span::new(toks[n.start].span.start, toks[n.end - 1].span.end).slice(text),
            "Dmitry Rogozin"
        );
    }

    #[test]
    fn inverted_speaker_with_apposition() {
        let text = "said Dmitry Trenin, director of the Carnegie Moscow Center.";
        let g = Grammar::builtin();
        let toks = tokenize(text, Span::new(0, text.len()), &[], g.en());
        let (n, end) = right_speaker(text, g.en(), &toks, 1, toks.len(), false).unwrap();
        assert_eq!(n.role.unwrap().slice(text), "director of the Carnegie Moscow Center");
        assert_eq!(end, toks.len() - 1);
    }
}
