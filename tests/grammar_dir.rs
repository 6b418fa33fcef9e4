//! A language loaded from a folder at run time: no code knows it.

use std::path::PathBuf;

use quotecite::grammar::Grammar;
use quotecite::{Article, analyze};

/// A small Dutch grammar written into a fresh temporary folder `<tmp>/<name>/nl`.
fn dutch(name: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("quotecite-grammar-{}-{name}", std::process::id()));
    let dir = root.join("nl");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        (
            "cue_verbs.tsv",
            "# lemma, class, forms\n\
             benadrukken\tspeech\tbenadrukt,benadrukte\n\
             beloven\tspeech\tbelooft,beloofde\n\
             denken\tbelief\tdenkt,dacht\n\
             melden\tspeech\tmeldt,meldde\n\
             menen\tbelief\tmeent,meende\n\
             schrijven\twriting\tschrijft,schreef\n\
             stellen\tspeech\tstelt,stelde\n\
             verklaren\tspeech\tverklaart,verklaarde\n\
             vertellen\tspeech\tvertelt,vertelde\n\
             vinden\tbelief\tvindt,vond\n\
             waarschuwen\tspeech\twaarschuwt,waarschuwde\n\
             zeggen\tspeech\tzegt,zei\n",
        ),
        ("pronouns.tsv", "hij\tperson\tmale\nzij\tperson\tfemale\nze\tgroup\tplural\n"),
        (
            "function_words.tsv",
            "de\tdeterminer\neen\tdeterminer\nen\tboundary\nhet\tdeterminer\nmaandag\ttime\n\
             op\ttime\nvan\tpreposition\n",
        ),
        ("roles.tsv", "burgemeester\trole\nminister\trole\n"),
        ("titles.tsv", "Minister\ttitle\n"),
        (
            "patterns.txt",
            "content-speaker-cue\t0.9\tCONTENT ,? CUE SPEAKER END\n\
             speaker-cue-content\t0.85\tSPEAKER CUE[speech,writing,belief] , CONTENT\n",
        ),
    ];
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

#[test]
fn a_third_language_from_a_folder_extracts_a_quotation() {
    let dir = dutch("third");
    let g = Grammar::from_dir(&dir).unwrap();
    assert!(g.has("nl") && g.has("en") && g.has("de"), "{:?}", g.tags().collect::<Vec<_>>());
    let text = "Nieuws uit de stad\n\n„De brug is veilig”, zei de burgemeester op maandag.";
    let mut art = Article::from_text("a", text);
    art.meta.lang = Some("nl".into());
    let a = analyze(art, &g);
    assert_eq!(a.lang.as_deref(), Some("nl"));
    let t = &a.article.text;
    let got: Vec<(&str, &str, &str)> = a
        .quotes
        .iter()
        .map(|q| {
            let who = q.attribution.map_or("", |at| at.mention.slice(t));
            (q.span.slice(t), who, q.cue.map_or("", |c| c.slice(t)))
        })
        .collect();
    assert_eq!(got, [("De brug is veilig", "de burgemeester", "zei")], "{:?}", a.quotes);
    // The built-in grammar does not know the verb: the same article gives nothing
    // attributed to the mayor there.
    let mut art = Article::from_text("a", text);
    art.meta.lang = Some("nl".into());
    let b = analyze(art, Grammar::builtin());
    assert!(b.quotes.iter().all(|q| q.cue.is_none()), "{:?}", b.quotes);
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

#[test]
fn a_third_language_from_a_folder_is_detected_by_its_own_words() {
    let dir = dutch("detect");
    let g = Grammar::from_dir(&dir).unwrap();
    let text = "De burgemeester van de stad zei op maandag dat de brug van het dorp veilig is \
                en dat een nieuwe brug voor de bewoners van het eiland niet nodig is.";
    let a = analyze(Article::from_text("a", text), &g);
    assert_eq!(a.lang.as_deref(), Some("nl"), "{:?}", a.diagnostics);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    // Without the folder, the text is in none of the grammar's languages, and says so.
    let b = analyze(Article::from_text("a", text), Grammar::builtin());
    assert_eq!(b.lang, None);
    assert!(
        b.diagnostics.iter().any(|d| d.message.contains("none of the grammar's languages")),
        "{:?}",
        b.diagnostics
    );
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

#[test]
fn a_grammar_folder_with_language_subfolders_loads_each() {
    let dir = dutch("root");
    let root = dir.parent().unwrap();
    let g = Grammar::from_dir(root).unwrap();
    assert_eq!(g.tags().collect::<Vec<_>>(), ["en", "de", "nl"]);
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn bad_grammar_folders_are_reported_with_file_and_line() {
    let dir = dutch("bad");
    std::fs::write(dir.join("cue_verbs.tsv"), "zeggen\tspeech\tzegt,zei\nroepen\troep\n").unwrap();
    std::fs::write(dir.join("cue_verb.tsv"), "zeggen\tspeech\tzegt\n").unwrap();
    let errs: Vec<String> =
        Grammar::from_dir(&dir).unwrap_err().iter().map(ToString::to_string).collect();
    let file = dir.join("cue_verbs.tsv").display().to_string();
    assert!(
        errs.contains(&format!("{file}:2: expected 3 tab-separated fields, found 2")),
        "{errs:?}"
    );
    assert!(errs.iter().any(|e| e.contains("cue_verb.tsv") && e.contains("found `cue_verb.tsv`")));
    std::fs::remove_file(dir.join("patterns.txt")).unwrap();
    std::fs::remove_file(dir.join("cue_verb.tsv")).unwrap();
    let errs = Grammar::from_dir(&dir).unwrap_err();
    assert!(errs[0].to_string().contains("patterns.txt"), "{errs:?}");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

#[test]
fn the_built_in_grammar_is_the_project_grammar_folder() {
    // Loading `grammar/` itself at run time gives the built-in languages.
    let g = Grammar::from_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("grammar")).unwrap();
    let b = Grammar::builtin();
    assert_eq!(g.tags().collect::<Vec<_>>(), b.tags().collect::<Vec<_>>());
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles/gaspreise-de.md"),
    )
    .unwrap();
    let x = analyze(Article::from_text("a", text.clone()), &g);
    let y = analyze(Article::from_text("a", text), b);
    let spans = |a: &quotecite::Analysis| a.quotes.iter().map(|q| q.span).collect::<Vec<_>>();
    assert_eq!(spans(&x), spans(&y));
    assert!(!x.quotes.is_empty());
}

#[test]
fn the_command_line_loads_a_grammar_folder_and_checks_the_language() {
    let dir = dutch("cli");
    let article = dir.parent().unwrap().join("a.txt");
    std::fs::write(&article, "Nieuws\n\n„De brug is veilig”, zei de burgemeester.\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_quotecite");
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let (d, a) = (dir.to_str().unwrap(), article.to_str().unwrap());
    let o = run(&["extract", "-q", "--grammar", d, "--lang", "nl", "--format", "jsonl", a]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["article"]["lang"], "nl");
    assert_eq!(v["quotes"][0]["speaker"]["mention"]["text"], "de burgemeester", "{v}");
    // Without the folder, `nl` is no language of the grammar.
    let o = run(&["extract", "-q", "--lang", "nl", "--format", "jsonl", a]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--lang expects `auto` or a language of the grammar (en, de"), "{err}");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}
