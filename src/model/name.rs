//! Names of people and organisations, as bylines and citation formats need them: a person's given names, particle, family name and
//! suffix (as hayagriva's `Person` and CSL's name variables have them), or an
//! organisation's name, kept whole.
//!
//! Whether an author string names a person or an organisation is decided by evidence
//! from the tables of `grammar/cite/`: a corporate word ("News", "Agency", "Staff"), a
//! wire agency ("Reuters", "AFP"), a leading article ("The Guardian", "Der Spiegel"), an
//! acronym ("BBC"), `&` or a digit. Without such evidence a name is a person's, however
//! many words it has ("Juan Carlos Pérez Rodríguez", "Martin Luther King Jr.").
//!
//! A person's name is read in one of two forms:
//! - "Family, Given" (also "Family, Suffix, Given" and "Family, Given, Suffix", as BibTeX
//!   writes them): "van der Berg, Jan", "King, Jr., Martin Luther";
//! - natural order: "Given … (particle) Family (Suffix)". Lowercase particles
//!   (`name_particles.tsv`: "van der", "de", "von") become the particle; capitalised
//!   ones stay in the family name ("Jean-Claude Van Damme" → family "Van Damme").
//!   Suffixes (`name_suffixes.tsv`: "Jr.", "III") are never the family name. The last
//!   two words are the family name after an Iberian family name
//!   (`compound_family.tsv`: "Gabriel García Márquez") or around a connector ("Ortega y
//!   Gasset"). Two-word names that start with a family name of `family_first.tsv` keep
//!   that order ("Yu Maofeng" → family "Yu"). Hyphenated names are one word.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::grammar::table::{Builtin, builtin_table};

/// ASCII, lowercase, `[a-z0-9]` only (citation keys).
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A person's name in parts; empty strings for unknown parts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PersonName {
    /// Given names ("Jan", "Martin Luther").
    pub given: String,
    /// Lowercase particle written before the family name ("van der", "de").
    pub particle: String,
    /// Family name ("Berg", "Van Damme", "García Márquez").
    pub family: String,
    /// Generational suffix ("Jr.", "III").
    pub suffix: String,
}

impl PersonName {
    /// A name of family and given names only.
    pub fn new(family: impl Into<String>, given: impl Into<String>) -> PersonName {
        PersonName { family: family.into(), given: given.into(), ..PersonName::default() }
    }

    /// The family name with its particle: "van der Berg".
    pub fn full_family(&self) -> String {
        join(&[&self.particle, &self.family])
    }

    /// The name as read in running text: "Jan van der Berg", "Martin Luther King Jr.".
    pub fn display(&self) -> String {
        join(&[&self.given, &self.particle, &self.family, &self.suffix])
    }
}

fn join(parts: &[&str]) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// A name as citation formats need it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Name {
    /// A person.
    Person(PersonName),
    /// A corporate or wire author, never split ("Xinhua News Agency").
    Literal(String),
}

impl Name {
    /// A person of family and given names only.
    pub fn person(family: impl Into<String>, given: impl Into<String>) -> Name {
        Name::Person(PersonName::new(family, given))
    }

    /// The name as read in running text: "Maofeng Yu", "Xinhua News Agency".
    pub fn display(&self) -> String {
        match self {
            Name::Person(p) => p.display(),
            Name::Literal(s) => s.clone(),
        }
    }

    /// The part of the name a short note uses: the family name with its particle, or
    /// the whole literal.
    pub fn family(&self) -> String {
        match self {
            Name::Person(p) if p.family.is_empty() => p.given.clone(),
            Name::Person(p) => p.full_family(),
            Name::Literal(s) => s.clone(),
        }
    }

    /// The word a citation key starts with: the folded family name (without particle),
    /// or the first word of a literal that folds to something.
    pub fn key_word(&self) -> String {
        match self {
            Name::Person(p) => {
                let f = fold(&p.family);
                if f.is_empty() { fold(&p.given) } else { f }
            }
            Name::Literal(s) => s
                .split_whitespace()
                .filter(|w| !CORPORATE_LEADS.contains(w.to_lowercase().as_str()))
                .map(fold)
                .find(|w| !w.is_empty())
                .unwrap_or_default(),
        }
    }
}

/// The tables of `grammar/cite/` that names are read by, one word or phrase a line.
#[cfg(test)]
pub(crate) const TABLES: [&Builtin; 8] = [
    &CORPORATE_WORDS_TSV,
    &CORPORATE_LEADS_TSV,
    &WIRE_AGENCIES_TSV,
    &NAME_PARTICLES_TSV,
    &NAME_SUFFIXES_TSV,
    &COMPOUND_FAMILY_TSV,
    &NAME_CONNECTORS_TSV,
    &FAMILY_FIRST_TSV,
];

const CORPORATE_WORDS_TSV: Builtin = builtin_table!("cite/corporate_words.tsv", 1..=1);
const CORPORATE_LEADS_TSV: Builtin = builtin_table!("cite/corporate_leads.tsv", 1..=1);
const WIRE_AGENCIES_TSV: Builtin = builtin_table!("cite/wire_agencies.tsv", 1..=1);
const NAME_PARTICLES_TSV: Builtin = builtin_table!("cite/name_particles.tsv", 1..=1);
const NAME_SUFFIXES_TSV: Builtin = builtin_table!("cite/name_suffixes.tsv", 1..=1);
const COMPOUND_FAMILY_TSV: Builtin = builtin_table!("cite/compound_family.tsv", 1..=1);
const NAME_CONNECTORS_TSV: Builtin = builtin_table!("cite/name_connectors.tsv", 1..=1);
const FAMILY_FIRST_TSV: Builtin = builtin_table!("cite/family_first.tsv", 1..=1);

static CORPORATE: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| CORPORATE_WORDS_TSV.words().collect());
static CORPORATE_LEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| CORPORATE_LEADS_TSV.words().collect());
static AGENCIES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| WIRE_AGENCIES_TSV.words().collect());
static PARTICLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| NAME_PARTICLES_TSV.words().collect());
static SUFFIXES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| NAME_SUFFIXES_TSV.words().collect());
static COMPOUND: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| COMPOUND_FAMILY_TSV.words().collect());
static CONNECTORS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| NAME_CONNECTORS_TSV.words().collect());
static FAMILY_FIRST: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| FAMILY_FIRST_TSV.words().collect());

/// A word without the punctuation around it, lowercased: "News,", "(AFP)" → "news", "afp".
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// True when a name is an organisation's, by the evidence of the tables (see the module
/// documentation).
pub fn is_organisation(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() {
        return false;
    }
    let lower = words.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" ");
    if AGENCIES.contains(lower.as_str()) || name.contains(['&', '@']) {
        return true;
    }
    if words.len() >= 2 && CORPORATE_LEADS.contains(words[0].to_lowercase().as_str()) {
        return true;
    }
    let caps = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    };
    // A name set in capitals ("JOHN SMITH") is not a row of acronyms; a short word in
    // capitals alone ("NPR") or among other words ("BBC News") is one.
    let shouting = words.len() > 1 && words.iter().all(|w| caps(w) || SUFFIXES.contains(*w));
    words.iter().any(|w| {
        let b = bare(w);
        // An acronym of two or more capitals, not an initialism ("J.R.") or a suffix.
        let acronym = caps(w)
            && !w.contains('.')
            && !SUFFIXES.contains(*w)
            && !shouting
            && (words.len() > 1 || w.chars().count() <= 5);
        CORPORATE.contains(b.as_str())
            || AGENCIES.contains(b.as_str())
            || acronym
            || w.chars().any(|c| c.is_ascii_digit())
    })
}

/// An author as written in a byline or metadata: an organisation kept whole, else a
/// person's name in parts.
pub fn author(s: &str) -> Name {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() || is_organisation(&s) {
        return Name::Literal(s);
    }
    let p = person(&s);
    if p.family.is_empty() && p.given.is_empty() { Name::Literal(s) } else { Name::Person(p) }
}

/// A person's name in parts (the name is known to be a person's).
pub fn person(s: &str) -> PersonName {
    let parts: Vec<&str> = s.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    match parts[..] {
        [] => PersonName::default(),
        [whole] => natural(whole),
        // "Martin Luther King, Jr.": natural order with a suffix.
        [name, suffix] if is_suffix(suffix) => {
            PersonName { suffix: suffix.into(), ..natural(name) }
        }
        [family, given] => inverted(family, given, ""),
        [family, suffix, given] if is_suffix(suffix) => inverted(family, given, suffix),
        [family, given, suffix] if is_suffix(suffix) => inverted(family, given, suffix),
        // Anything else with commas: the first part is the family name.
        [family, ..] => inverted(family, &parts[1..].join(" "), ""),
    }
}

fn is_suffix(w: &str) -> bool {
    SUFFIXES.contains(w)
}

fn is_particle(w: &str) -> bool {
    PARTICLES.contains(w.to_lowercase().as_str())
}

fn lowercase_initial(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

/// "van der Berg" + "Jan": the lowercase words before the family name are its particle.
fn inverted(family: &str, given: &str, suffix: &str) -> PersonName {
    let words: Vec<&str> = family.split_whitespace().collect();
    let k = words.iter().take_while(|w| lowercase_initial(w)).count().min(words.len() - 1);
    PersonName {
        given: given.to_string(),
        particle: words[..k].join(" "),
        family: words[k..].join(" "),
        suffix: suffix.to_string(),
    }
}

/// A name in natural order: "Given … (particle) Family (Suffix)".
fn natural(s: &str) -> PersonName {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    let mut suffix = Vec::new();
    while words.len() > 1 && words.last().is_some_and(|w| is_suffix(w)) {
        suffix.insert(0, words.pop().unwrap_or_default());
    }
    let suffix = suffix.join(" ");
    let n = words.len();
    if n == 1 {
        return PersonName { family: words[0].into(), suffix, ..PersonName::default() };
    }
    if n == 2 && FAMILY_FIRST.contains(words[0]) && !FAMILY_FIRST.contains(words[1]) {
        return PersonName {
            family: words[0].into(),
            given: words[1].into(),
            suffix,
            ..PersonName::default()
        };
    }
    // The family name starts at the last word, or earlier for an Iberian double name or
    // a connector ("García Márquez", "Ortega y Gasset").
    let mut k = n - 1;
    if n >= 3 && CONNECTORS.contains(words[n - 2]) {
        k = n - 3;
    } else if n >= 3 && COMPOUND.contains(words[n - 2]) {
        k = n - 2;
    }
    // Particles before it belong to the family name, never the first word.
    let mut p = k;
    while p > 1 && is_particle(words[p - 1]) {
        p -= 1;
    }
    let lower: Vec<&str> =
        words[p..k].iter().copied().take_while(|w| lowercase_initial(w)).collect();
    let particle_end = p + lower.len();
    if particle_end == k {
        // All particles lowercase ("van der"): the name's particle.
        PersonName {
            given: words[..p].join(" "),
            particle: lower.join(" "),
            family: words[k..].join(" "),
            suffix,
        }
    } else {
        // Capitalised particles stay inside the family name ("Van Damme", "Di Maria").
        PersonName {
            given: words[..p].join(" "),
            particle: String::new(),
            family: words[p..].join(" "),
            suffix,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(given: &str, particle: &str, family: &str, suffix: &str) -> Name {
        Name::Person(PersonName {
            given: given.into(),
            particle: particle.into(),
            family: family.into(),
            suffix: suffix.into(),
        })
    }

    #[test]
    fn persons_in_every_form() {
        let cases = [
            ("van der Berg, Jan", p("Jan", "van der", "Berg", "")),
            ("Jan van der Berg", p("Jan", "van der", "Berg", "")),
            ("Ursula von der Leyen", p("Ursula", "von der", "Leyen", "")),
            ("Charles de Gaulle", p("Charles", "de", "Gaulle", "")),
            ("Jean-Claude Van Damme", p("Jean-Claude", "", "Van Damme", "")),
            ("Martin Luther King Jr.", p("Martin Luther", "", "King", "Jr.")),
            ("Martin Luther King, Jr.", p("Martin Luther", "", "King", "Jr.")),
            ("King, Jr., Martin Luther", p("Martin Luther", "", "King", "Jr.")),
            ("King, Martin Luther, Jr.", p("Martin Luther", "", "King", "Jr.")),
            ("John Smith III", p("John", "", "Smith", "III")),
            ("Juan Carlos Pérez Rodríguez", p("Juan Carlos", "", "Pérez Rodríguez", "")),
            ("Gabriel García Márquez", p("Gabriel", "", "García Márquez", "")),
            ("José Ortega y Gasset", p("José", "", "Ortega y Gasset", "")),
            ("Anne-Marie Slaughter", p("Anne-Marie", "", "Slaughter", "")),
            ("Yu Maofeng", p("Maofeng", "", "Yu", "")),
            ("Maofeng Yu", p("Maofeng", "", "Yu", "")),
            ("Mark Savage", p("Mark", "", "Savage", "")),
            ("Madonna", p("", "", "Madonna", "")),
            ("Smith, John", p("John", "", "Smith", "")),
        ];
        for (s, want) in cases {
            assert_eq!(author(s), want, "{s}");
        }
    }

    #[test]
    fn organisations_by_evidence_not_by_capitals() {
        for s in [
            "Xinhua News Agency",
            "BBC News",
            "Reuters",
            "AFP",
            "Associated Press",
            "The Guardian",
            "Der Spiegel",
            "Procter & Gamble",
            "Reuters Staff",
            "Agence France-Presse",
        ] {
            assert_eq!(author(s), Name::Literal(s.into()), "{s}");
        }
        // Four or more capitalised words are still a person without evidence.
        assert!(matches!(author("Juan Carlos Pérez Rodríguez"), Name::Person(_)));
        assert!(!is_organisation("Martin Luther King Jr."));
        assert!(!is_organisation("J.R. Smith"));
        assert!(!is_organisation("JOHN SMITH"));
        assert!(is_organisation("NPR"));
    }

    #[test]
    fn key_words_and_display() {
        assert_eq!(author("Jan van der Berg").key_word(), "berg");
        assert_eq!(author("The Guardian").key_word(), "guardian");
        assert_eq!(author("Martin Luther King Jr.").display(), "Martin Luther King Jr.");
        assert_eq!(author("van der Berg, Jan").family(), "van der Berg");
    }
}
