//! The .bib read by hayagriva, Typst's bibliography library (`io::from_biblatex_str`, the
//! path `#bibliography("quotes.bib")` takes), and rendered with its bundled Chicago
//! author-date style: authors in their parts, title, date, URL, and the quotations,
//! which hayagriva reads into the entry's `note` from `annote` (a BibLaTeX `note` would
//! take their place, so the exporter writes provenance to `addendum`, which hayagriva
//! reads only without `annote`, and at the head of `annote`). Chicago, like
//! the other standard styles, does not print the note. Pure Rust, always on.

use hayagriva::citationberg::Style;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Library, archive,
};

fn bib(files: &[&str]) -> String {
    bib_as("biblatex", files)
}

fn bib_as(format: &str, files: &[&str]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_quotecite"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["extract", "--format", format, "--access-date", "2024-05-01"])
        .args(files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn library(src: &str) -> Library {
    hayagriva::io::from_biblatex_str(src).unwrap_or_else(|e| panic!("hayagriva: {e:?}\n{src}"))
}

/// (family, given, prefix, suffix) of each author.
fn authors(lib: &Library, key: &str) -> Vec<(String, String, String, String)> {
    let e = lib.get(key).unwrap_or_else(|| panic!("no entry {key}"));
    e.authors()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.given_name.clone().unwrap_or_default(),
                p.prefix.clone().unwrap_or_default(),
                p.suffix.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn s(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
    (a.into(), b.into(), c.into(), d.into())
}

#[test]
fn hayagriva_reads_authors_title_date_url_and_quotations() {
    let src = bib(&[
        "fixtures/articles/xinhua-security-treaty.md",
        "tests/articles/names-front-matter.md",
        "tests/articles/windpark-de.md",
        "tests/articles/tour-byline.md",
    ]);
    let lib = library(&src);
    assert_eq!(lib.len(), 4);

    assert_eq!(
        authors(&lib, "yu2009strategic"),
        [s("Yu", "Maofeng", "", ""), s("Lu", "Jingli", "", "")]
    );
    assert_eq!(
        authors(&lib, "perezrodriguez2022port"),
        [
            s("Pérez Rodríguez", "Juan Carlos", "", ""),
            s("King", "Martin Luther", "", "Jr."),
            s("Van Damme", "Jean-Claude", "", ""),
            s("Xinhua News Agency", "", "", ""),
        ]
    );
    assert_eq!(authors(&lib, "berg2024windpark"), [s("Berg", "Jan", "van der", "")]);

    let e = lib.get("yu2009strategic").unwrap();
    assert_eq!(
        e.title().unwrap().to_string(),
        "Strategic Considerations Behind Russian Proposal for New European Security Treaty"
    );
    let d = e.date().unwrap();
    assert_eq!((d.year, d.month, d.day), (2009, Some(11), Some(1)), "months and days from 0");
    let note = e.note().map(|n| n.to_string()).unwrap_or_default();
    assert!(
        note.contains("Dmitry Rogozin (Russia’s envoy to NATO): “international organizations"),
        "the quotations reach hayagriva's note: {note}"
    );
    assert!(note.contains("Dmitry Medvedev (President), reported: convening"), "{note}");

    let e = lib.get("savage2019harbour").unwrap();
    let url = e.url().unwrap();
    assert_eq!(url.value.as_str(), "https://www.bbc.com/news/entertainment-arts-4711");
    assert!(url.visit_date.is_some(), "urldate is read");
    let note = e.note().unwrap().to_string();
    assert!(
        note.contains("“I just want to be able to perform my own music … That’s it.”"),
        "{note}"
    );

    let e = lib.get("berg2024windpark").unwrap();
    assert_eq!(
        e.title().unwrap().to_string(),
        "Windpark vor der Küste: Bürger fordern „Mitsprache“"
    );
    assert!(e.note().unwrap().to_string().contains("„Wir wollen keine ‚Lösung von oben‘"));
}

#[test]
fn hayagriva_renders_the_entries_in_chicago() {
    let src = bib(&[
        "fixtures/articles/xinhua-security-treaty.md",
        "tests/articles/names-front-matter.md",
    ]);
    let lib = library(&src);
    let Style::Independent(style) = archive::ArchivedStyle::ChicagoAuthorDate.get() else {
        panic!("Chicago author-date is an independent style")
    };
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in lib.iter() {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &style,
            &locales,
        ));
    }
    let out =
        driver.finish(BibliographyRequest { style: &style, locale: None, locale_files: &locales });
    let bib = out.bibliography.expect("a bibliography");
    let items: Vec<String> = bib.items.iter().map(|i| format!("{:#}", i.content)).collect();
    let all = items.join("\n");
    assert!(all.contains("Yu, Maofeng, and Jingli Lu. 2009."), "{all}");
    assert!(
        all.contains("“Strategic Considerations behind Russian Proposal for New European"),
        "{all}"
    );
    assert!(all.contains("Pérez Rodríguez, Juan Carlos"), "{all}");
    assert!(all.contains("Martin Luther King Jr."), "{all}");
    assert!(all.contains("Xinhua News Agency"), "corporate authors whole: {all}");
    assert!(all.contains("Global Research, December 2."), "{all}");
    // Measured: the bundled Chicago style does not print `note`, so in a Typst document
    // the quotations are in the entry's data (above), not in the rendered reference.
    assert!(!all.contains("Rogozin"), "{all}");
}

#[test]
fn hayagriva_keeps_the_provenance_the_quotations_and_a_title() {
    let files = [
        "fixtures/articles/xinhua-security-treaty.md",
        "tests/articles/ferry-notice-url-only.txt",
        "tests/articles/stadtrat-de.md",
    ];
    let lib = library(&bib(&files));
    let note = |key: &str| lib.get(key).and_then(|e| e.note()).map(|n| n.to_string());
    let yu = note("yu2009strategic").unwrap();
    assert!(
        yu.starts_with("Originally published by Xinhua News Agency, December 1, 2009. "),
        "{yu}"
    );
    assert!(yu.contains("Dmitry Rogozin (Russia’s envoy to NATO): “international"), "{yu}");
    let de = note("hoffmann2025stadtrat").unwrap();
    assert!(de.starts_with("Originally published by Bremer Tageszeitung. "), "{de}");
    assert!(de.contains("Miriam Kaya: „Ein Ticket für 29 Euro ist keine ‚Utopie‘"), "{de}");
    // No headline, no author, no date: the first words make the title.
    let ferry = lib.get("exampleisland").expect("the URL-only page");
    assert_eq!(
        ferry.title().unwrap().to_string(),
        "The island ferry on route 4 will stop running at …"
    );
    assert!(note("exampleisland").unwrap().contains("Priya Nair"));

    // Measured: in the BibTeX flavour the provenance is in `note`, which hayagriva reads
    // instead of `annote`, so a Typst document gets the provenance but not the
    // quotations (the README sends Typst users to the default BibLaTeX flavour).
    let lib = library(&bib_as("bibtex", &files));
    let yu = lib.get("yu2009strategic").and_then(|e| e.note()).unwrap().to_string();
    assert!(yu.starts_with("Originally published by Xinhua"), "{yu}");
    assert!(!yu.contains("Rogozin"), "{yu}");
}
