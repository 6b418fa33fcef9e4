//! Consumers that run on Node: citeproc-js (through citation-js) renders the CSL-JSON in
//! APA and Chicago, plain and annotated; headless Chromium (through playwright-core)
//! opens the HTML page. The Node packages are in `tests/js/` (`npm ci --prefix
//! tests/js`, which `.ci/run` does), the CSL styles come from Debian's
//! `citation-style-language-styles` (or the folder in `QUOTECITE_CSL_STYLES`), Chromium
//! is Debian's `/usr/bin/chromium` (or `CHROMIUM`). A test whose tool is missing says so
//! and passes, unless `QUOTECITE_REQUIRE_CONSUMERS=1`, when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// True when everything in `needs` is there; else skip loudly, or fail when required.
fn ready(test: &str, needs: &[(&str, bool)]) -> bool {
    let missing: Vec<&str> = needs.iter().filter(|(_, ok)| !ok).map(|(what, _)| *what).collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!("{test}: SKIPPED, missing {}", missing.join(", "));
    if std::env::var("QUOTECITE_REQUIRE_CONSUMERS").as_deref() == Ok("1") {
        panic!("{msg} and QUOTECITE_REQUIRE_CONSUMERS=1");
    }
    eprintln!("{msg} (run `npm ci --prefix tests/js`; .ci/run installs the rest)");
    false
}

fn node() -> bool {
    Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success())
}

fn module(name: &str) -> bool {
    root().join("tests/js/node_modules").join(name).join("package.json").exists()
}

fn styles() -> PathBuf {
    std::env::var_os("QUOTECITE_CSL_STYLES")
        .map_or_else(|| PathBuf::from("/usr/share/citation-style-language/styles"), PathBuf::from)
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// A scratch directory.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("quotecite-js-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run quotecite with these arguments; its standard output.
fn quotecite(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_quotecite"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Run a script of `tests/js`; its JSON output.
fn script(name: &str, args: &[&Path]) -> Value {
    let o = Command::new("node")
        .arg(root().join("tests/js").join(name))
        .args(args)
        .env("CHROMIUM", chromium())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "node {name}: {err}");
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("node {name}: {e}\n{err}"))
}

const CSL_INPUTS: [&str; 6] = [
    "fixtures/articles/xinhua-security-treaty.md",
    "tests/articles/names-front-matter.md",
    "tests/articles/tour-byline.md",
    "tests/articles/windpark-de.md",
    "tests/articles/ferry-notice-url-only.txt",
    "tests/articles/stadtrat-de.md",
];

#[test]
fn citeproc_js_renders_the_csl_json_in_apa_and_chicago() {
    let test = "citeproc_js_renders_the_csl_json_in_apa_and_chicago";
    let dir = styles();
    if !ready(
        test,
        &[
            ("node", node()),
            ("tests/js/node_modules/@citation-js/plugin-csl", module("@citation-js/plugin-csl")),
            ("the CSL styles (citation-style-language-styles)", dir.join("apa.csl").exists()),
        ],
    ) {
        return;
    }
    let tmp = TempDir::new("csl");
    let file = tmp.0.join("quotes.json");
    let mut args = vec!["extract", "--format", "csl-json"];
    args.extend(CSL_INPUTS);
    std::fs::write(&file, quotecite(&args)).unwrap();
    let names = [
        "apa",
        "chicago-author-date",
        "apa-annotated-bibliography",
        "chicago-annotated-bibliography",
    ];
    let paths: Vec<PathBuf> = names.iter().map(|n| dir.join(format!("{n}.csl"))).collect();
    let mut all: Vec<&Path> = vec![&file];
    all.extend(paths.iter().map(PathBuf::as_path));
    let out = script("render-csl.mjs", &all);
    let text = |style: &str| -> String {
        out["styles"][style]
            .as_array()
            .unwrap_or_else(|| panic!("no {style} in {out}"))
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let apa = text("apa");
    for want in [
        "Yu, M., & Lu, J. (2009, December 2). Strategic Considerations Behind Russian Proposal for New European Security Treaty. Global Research.",
        "Pérez Rodríguez, J. C., King, M. L., Jr., Van Damme, J.-C., & Xinhua News Agency. (2022, November 2). Port Authority Approves New Terminal. Harbour Gazette. https://example.com/port/terminal",
        "Savage, M. (2019, August 23). Harbour Singer Announces Farewell Tour. BBC News.",
        "van der Berg, J. (2024, May 14). Windpark vor der Küste: Bürger fordern „Mitsprache“. Nordkurier am Sonntag.",
    ] {
        assert!(apa.contains(want), "APA lacks {want:?}:\n{apa}");
    }
    let chicago = text("chicago-author-date");
    for want in [
        "Yu, Maofeng, and Jingli Lu. 2009. “Strategic Considerations Behind Russian Proposal for New European Security Treaty.” Global Research, December 2, 2009.",
        "Pérez Rodríguez, Juan Carlos, Martin Luther King Jr., Jean-Claude Van Damme, and Xinhua News Agency. 2022.",
        "Berg, Jan van der. 2024.",
    ] {
        assert!(chicago.contains(want), "Chicago lacks {want:?}:\n{chicago}");
    }
    for (style, t) in [("apa", &apa), ("chicago", &chicago)] {
        assert!(
            !t.contains("Agency, X") && !t.contains("Agency, Xinhua"),
            "{style} split a corporate author:\n{t}"
        );
        assert!(!t.contains("Rogozin"), "{style} prints no quotations (measured)");
    }
    // Annotated bibliographies print the note: the quotations, verbatim in marks,
    // reported speech marked as such.
    for style in ["apa-annotated-bibliography", "chicago-annotated-bibliography"] {
        let t = text(style);
        assert!(
            t.contains("Dmitry Rogozin (Russia’s envoy to NATO): “international organizations"),
            "{style}:\n{t}"
        );
        assert!(
            t.contains("Dmitry Medvedev (President), reported: convening a common European summit"),
            "{style}:\n{t}"
        );
        assert!(!t.contains("“convening"), "{style}:\n{t}");
        assert!(
            t.contains("Anke Thiel (Bürgermeisterin): „Wir wollen keine ‚Lösung von oben‘"),
            "{style}:\n{t}"
        );
        // They print `note` (Zotero's Extra), not `annote`: the provenance, then the
        // quotations after their label.
        assert!(t.contains("Originally published by Xinhua News Agency, December 1, 2009\nQuotations: Dmitry Medvedev (President), reported:"), "{style}:\n{t}");
        assert!(
            t.contains("Quotations: Verkehrssenatorin Miriam Kaya: „Ein Ticket"),
            "{style}:\n{t}"
        );
        assert!(
            t.contains("Priya Nair (operator’s head of operations): “We simply"),
            "{style}:\n{t}"
        );
    }
    // An entry without headline, author or date keeps a printable title.
    assert!(apa.contains("The island ferry on route 4 will stop running at …"), "{apa}");
    // citation-js keeps what Zotero would get: the note, and the structured quotations.
    let items = out["items"].as_array().unwrap();
    let yu = items.iter().find(|i| i["id"] == "yu2009strategic").unwrap();
    assert!(yu["note"].as_str().unwrap().contains("Dmitry Rogozin (Russia’s envoy to NATO)"));
    assert!(yu["custom"]["quotations"].as_array().is_some_and(|q| q.len() > 10), "{yu}");
}

#[test]
fn chromium_shows_every_attribution_of_the_reference_article() {
    let test = "chromium_shows_every_attribution_of_the_reference_article";
    if !ready(
        test,
        &[
            ("node", node()),
            ("tests/js/node_modules/playwright-core", module("playwright-core")),
            ("chromium", chromium().exists()),
        ],
    ) {
        return;
    }
    let tmp = TempDir::new("page");
    let page = tmp.0.join("page.html");
    let reference = "fixtures/articles/xinhua-security-treaty.md";
    std::fs::write(&page, quotecite(&["extract", "--format", "html", reference])).unwrap();
    let shot = tmp.0.join("page.png");
    let facts = script("check-page.mjs", &[&page, &shot]);
    assert_eq!(facts["errors"], serde_json::json!([]), "{facts}");
    assert_eq!(facts["ready"], true, "the page script ran: {facts}");
    assert_eq!(facts["articles"], 1);
    assert_eq!(facts["externalAssets"], 0);
    assert_eq!(facts["unstyled"], serde_json::json!([]), "{facts}");
    assert_eq!(facts["brokenLinks"], serde_json::json!([]), "{facts}");

    // What the JSON export says the page must show.
    let doc: Value =
        serde_json::from_str(&quotecite(&["extract", "--format", "json", reference])).unwrap();
    let quotes = doc["quotes"].as_array().unwrap();
    let statements = quotes.iter().filter(|q| q["stance"] != true);
    let (verbatim, reported): (Vec<&Value>, Vec<&Value>) =
        statements.partition(|q| q["verbatim"] == true);
    let pieces: usize =
        verbatim.iter().map(|q| q["fragments"].as_array().unwrap().len().max(1)).sum();
    assert_eq!(facts["verbatim"], pieces, "{facts}");
    assert_eq!(facts["reported"], reported.len(), "{facts}");
    let mut counts: Vec<(String, u64)> = Vec::new();
    for q in quotes {
        let Some(name) = q["speaker"]["name"].as_str().or(q["speaker"]["mention"]["text"].as_str())
        else {
            continue;
        };
        match counts.iter_mut().find(|(n, _)| n == name) {
            Some((_, c)) => *c += 1,
            None => counts.push((name.to_string(), 1)),
        }
    }
    let shown: Vec<(String, u64)> = facts["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_string(), s["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(shown, counts, "the speaker list and its counts");
    assert_eq!(
        facts["distinctColours"], facts["speakersWithColour"],
        "one colour per speaker: {facts}"
    );

    let tip = &facts["tooltip"];
    assert_eq!(
        (tip["hidden"].as_bool(), tip["onFocus"].as_bool(), tip["onHover"].as_bool()),
        (Some(true), Some(true), Some(true)),
        "{tip}"
    );
    let tip_text = tip["text"].as_str().unwrap();
    for want in [
        "Dmitry Medvedev",
        "role: President",
        "cue: said",
        "confidence: 0.70",
        "yu2009strategic-medvedev",
    ] {
        assert!(tip_text.contains(want), "tooltip lacks {want:?}: {tip_text}");
    }
    assert_eq!(facts["filter"]["dimmed"], true);
    assert!(
        facts["filter"]["on"].as_u64().unwrap() > 0 && facts["filter"]["others"] == 0,
        "{facts}"
    );
    assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000), "screenshot written");
}
