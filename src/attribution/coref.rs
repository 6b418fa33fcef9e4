//! Speaker resolution across the article: one entity per real source.
//!
//! Surnames link to the earlier full name ("Medvedev" -> "Dmitry Medvedev", who keeps
//! his role); pronouns link to the nearest earlier person (skipping those of the other
//! gender when known); role nouns ("the minister") link to the latest person with that
//! role; groups, organisations and documents are merged by their words.

use std::collections::{BTreeSet, HashMap};

use crate::grammar::{Classes, Language, PronounKind};
use crate::model::{Span, SpeakerKind};

use super::speaker::{Np, NpKind};
use super::token::{TokKind, Token};

/// Gender, as far as honorifics and pronouns tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// he, Mr.
    Male,
    /// she, Mrs., Ms.
    Female,
}

/// One real source.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Full name, or the words of a group, organisation or document.
    pub name: Option<String>,
    /// Fullest role known.
    pub role: Option<String>,
    /// Person, group, organisation, document.
    pub kind: SpeakerKind,
    /// Gender, for pronouns.
    pub gender: Option<Gender>,
    /// Lowercase last word of a person's name.
    pub surname: Option<String>,
}

/// All entities of one article and where each was mentioned.
#[derive(Debug, Default)]
pub struct Registry {
    /// The entities.
    pub entities: Vec<Entity>,
    /// Every mention as (byte position, order seen, entity): by position, and at one
    /// position in the order they were seen; no allocation per mention.
    mentions: BTreeSet<(usize, usize, usize)>,
    /// Persons by full name.
    by_name: HashMap<String, usize>,
    /// Persons by lowercase surname, oldest first.
    by_surname: HashMap<String, Vec<usize>>,
    /// Groups, organisations and documents by kind and lowercase words.
    by_key: HashMap<(u8, String), usize>,
}

/// How many earlier mentions a pronoun or role noun looks back over.
const LOOK_BACK: usize = 200;

/// How many tokens a pronoun may stand after the subject of its sentence that it refers to.
const SUBJECT_REACH: usize = 40;

fn words(text: &str, toks: &[Token], s: usize, e: usize) -> String {
    if s >= e {
        return String::new();
    }
    Span::new(toks[s].span.start, toks[e - 1].span.end).slice(text).to_string()
}

fn strip_determiner(toks: &[Token], s: usize, e: usize) -> usize {
    if s + 1 < e && matches!(toks[s].lex.function, Some(crate::grammar::FunctionKind::Determiner)) {
        s + 1
    } else {
        s
    }
}

impl Registry {
    /// Register a mention without a quotation (a titled name seen in passing), so later
    /// pronouns and surnames can find it.
    pub fn note(&mut self, text: &str, lang: &Language, toks: &[Token], np: &Np) {
        if matches!(np.kind, NpKind::Name { org: false }) {
            self.resolve(text, lang, toks, np);
        }
    }

    /// Resolve a speaker phrase to an entity, creating one when needed.
    /// Returns `None` for a pronoun with nothing to refer to.
    pub fn resolve(
        &mut self,
        text: &str,
        lang: &Language,
        toks: &[Token],
        np: &Np,
    ) -> Option<usize> {
        let pos = toks[np.start].span.start;
        let role = np.role.map(|r| r.slice(text).to_string());
        let id = match np.kind {
            NpKind::Pronoun(PronounKind::Person) => {
                let female = toks[np.start].lex.is(Classes::FEMALE_PRONOUN);
                let g = if female { Gender::Female } else { Gender::Male };
                let subject = self.sentence_subject(text, lang, toks, np.start, |e| {
                    e.kind == SpeakerKind::Person
                        && e.name.is_some()
                        && e.gender != Some(opposite(g))
                });
                let id = subject.or_else(|| {
                    self.latest(pos, |e| {
                        e.kind == SpeakerKind::Person
                            && e.name.is_some()
                            && e.gender != Some(opposite(g))
                    })
                })?;
                self.entities[id].gender.get_or_insert(g);
                id
            }
            NpKind::Pronoun(PronounKind::Group) => {
                let ok =
                    |e: &Entity| matches!(e.kind, SpeakerKind::Group | SpeakerKind::Organization);
                self.sentence_subject(text, lang, toks, np.start, ok)
                    .or_else(|| self.latest(pos, ok))?
            }
            NpKind::Pronoun(PronounKind::Relative) => {
                // "X, who said" / "experts who say": the phrase right before.
                let mut c = np.start;
                if c > 0 && toks[c - 1].is_punct(",") {
                    c -= 1;
                }
                let mut s = c;
                while s > 0 && toks[s - 1].is_word() && c - s < 6 {
                    s -= 1;
                }
                let inner =
                    (s..c).find_map(|k| super::speaker::parse_np(text, lang, toks, k, c))?;
                if matches!(inner.kind, NpKind::Pronoun(_)) {
                    return None;
                }
                return self.resolve(text, lang, toks, &inner).inspect(|&id| self.mention(pos, id));
            }
            NpKind::Pronoun(PronounKind::SelfRef) => return None,
            NpKind::Name { org: false } => {
                let (a, b) = np.name?;
                let name = words(text, toks, a, b);
                let surname = toks[b - 1].lower.to_string();
                let gender = match np.honorific.as_deref() {
                    Some(h) if lang.male_honorifics.contains(h) => Some(Gender::Male),
                    Some(h) if lang.female_honorifics.contains(h) => Some(Gender::Female),
                    _ => None,
                };
                let single = b - a == 1;
                let found = self.by_name.get(&name).copied().or_else(|| {
                    self.by_surname.get(&surname)?.iter().rev().copied().find(|&id| {
                        let e = &self.entities[id];
                        single || e.name.as_deref().is_some_and(|n| !n.contains(' '))
                    })
                });
                match found {
                    Some(id) => {
                        let e = &mut self.entities[id];
                        if b - a > 1 && e.name.as_deref().is_some_and(|n| n.len() < name.len()) {
                            e.name = Some(name.clone());
                            self.by_name.insert(name, id);
                        }
                        if let Some(r) = role {
                            if e.role.as_ref().is_none_or(|old| old.len() < r.len()) {
                                e.role = Some(r);
                            }
                        }
                        if e.gender.is_none() {
                            e.gender = gender;
                        }
                        id
                    }
                    None => self.push(Entity {
                        name: Some(name),
                        role,
                        kind: SpeakerKind::Person,
                        gender,
                        surname: Some(surname),
                    }),
                }
            }
            NpKind::RoleNoun => {
                let head = np.head.clone().unwrap_or_default();
                match self.latest(pos, |e| {
                    e.kind == SpeakerKind::Person
                        && e.role
                            .as_deref()
                            .is_some_and(|r| r.to_lowercase().contains(head.as_str()))
                }) {
                    Some(id) => id,
                    None => {
                        let s = strip_determiner(toks, np.start, np.end);
                        let role = words(text, toks, s, np.end);
                        self.push(Entity {
                            name: None,
                            role: Some(role),
                            kind: SpeakerKind::Person,
                            gender: None,
                            surname: None,
                        })
                    }
                }
            }
            NpKind::Name { org: true }
            | NpKind::Group
            | NpKind::Organization
            | NpKind::Document
            | NpKind::Other => {
                let kind = match np.kind {
                    NpKind::Group => SpeakerKind::Group,
                    NpKind::Document => SpeakerKind::Document,
                    NpKind::Other => SpeakerKind::Unknown,
                    _ => SpeakerKind::Organization,
                };
                let (s, e) = match np.name {
                    Some(r) => r,
                    None if kind == SpeakerKind::Group => (np.start, np.end),
                    None => (strip_determiner(toks, np.start, np.end), np.end),
                };
                let name = words(text, toks, s, e);
                let key = name.to_lowercase();
                // "the ministry" after "the Ministry of Coastal Affairs": the same body.
                if np.name.is_none() && kind == SpeakerKind::Organization {
                    let head = np.head.clone().unwrap_or_default();
                    let earlier = self.latest(pos, |x| {
                        x.kind == SpeakerKind::Organization
                            && x.name.as_ref().is_some_and(|n| {
                                n.to_lowercase().split_whitespace().any(|w| w == head)
                            })
                    });
                    if let Some(id) = earlier {
                        self.mention(pos, id);
                        return Some(id);
                    }
                }
                match self.by_key.get(&(kind as u8, key.clone())) {
                    Some(&id) => id,
                    None => {
                        let id = self.push(Entity {
                            name: Some(name),
                            role: None,
                            kind,
                            gender: None,
                            surname: None,
                        });
                        self.by_key.insert((kind as u8, key), id);
                        id
                    }
                }
            }
        };
        self.mention(pos, id);
        Some(id)
    }

    /// An entity for a mention that refers to no one found (a first-person pronoun, a
    /// pronoun before any name): it has no name, only its mentions.
    /// Mentions with the same words share one such entity.
    pub fn unresolved(&mut self, kind: NpKind, words: &str) -> usize {
        let key = (u8::MAX, words.to_lowercase());
        if let Some(&id) = self.by_key.get(&key) {
            return id;
        }
        let kind = match kind {
            NpKind::Pronoun(PronounKind::Person) | NpKind::Pronoun(PronounKind::SelfRef) => {
                SpeakerKind::Person
            }
            NpKind::Pronoun(PronounKind::Group) => SpeakerKind::Group,
            _ => SpeakerKind::Unknown,
        };
        let id = self.push(Entity { name: None, role: None, kind, gender: None, surname: None });
        self.by_key.insert(key, id);
        id
    }

    /// The subject of the pronoun's own sentence, when it stands before the pronoun and
    /// fits it: "Cyber experts, however, said they believed …", "Ruiz pointed at what
    /// she called …". The subject is resolved (and so registered) like any speaker.
    fn sentence_subject(
        &mut self,
        text: &str,
        lang: &Language,
        toks: &[Token],
        at: usize,
        ok: impl Fn(&Entity) -> bool,
    ) -> Option<usize> {
        let ends_sentence = |t: &Token| {
            t.is_quote()
                || (t.kind == TokKind::Punct && matches!(t.lower.as_str(), "." | "!" | "?"))
        };
        // The reach is checked while walking back, so a sentence without an end costs
        // at most `SUBJECT_REACH` steps per pronoun.
        let mut start = at;
        while start > 0 && !toks[start].line_before && !ends_sentence(&toks[start - 1]) {
            start -= 1;
            if at - start > SUBJECT_REACH {
                return None;
            }
        }
        if start == at {
            return None;
        }
        let np = super::speaker::subject(text, lang, toks, start, at)?;
        if np.end > at
            || !matches!(
                np.kind,
                NpKind::Name { .. } | NpKind::RoleNoun | NpKind::Group | NpKind::Organization
            )
        {
            return None;
        }
        // A lone capitalised word nobody was called before may be no name at all
        // ("Radio talk show host …").
        if let (NpKind::Name { org: false }, Some((a, b))) = (np.kind, np.name) {
            if b - a == 1 && !self.knows_surname(toks[a].lower.as_str()) {
                return None;
            }
        }
        let id = self.resolve(text, lang, toks, &np)?;
        ok(&self.entities[id]).then_some(id)
    }

    /// Whether some person with this lowercase surname is known (an index look-up).
    pub fn knows_surname(&self, lower: &str) -> bool {
        self.by_surname.contains_key(lower)
    }

    fn push(&mut self, e: Entity) -> usize {
        let id = self.entities.len();
        if e.kind == SpeakerKind::Person {
            if let Some(n) = &e.name {
                self.by_name.insert(n.clone(), id);
            }
            if let Some(sn) = &e.surname {
                self.by_surname.entry(sn.clone()).or_default().push(id);
            }
        }
        self.entities.push(e);
        id
    }

    fn mention(&mut self, pos: usize, id: usize) {
        self.mentions.insert((pos, self.mentions.len(), id));
    }

    /// The entity mentioned last before `pos` that satisfies `ok`, looking back over
    /// at most [`LOOK_BACK`] mentions.
    fn latest(&self, pos: usize, ok: impl Fn(&Entity) -> bool) -> Option<usize> {
        self.mentions
            .range(..(pos, 0, 0))
            .rev()
            .map(|&(_, _, id)| id)
            .take(LOOK_BACK)
            .find(|&id| ok(&self.entities[id]))
    }
}

fn opposite(g: Gender) -> Gender {
    match g {
        Gender::Male => Gender::Female,
        Gender::Female => Gender::Male,
    }
}
