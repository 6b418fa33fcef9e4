//! No input file is ever overwritten, and an output is replaced only by a complete one
//! (issue 15, point 2): every way a run could clobber a file, and the `--keys F -o F`
//! workflow over several runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_quotecite");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Two articles by one author with the same base key, and a third one.
const VOTE: &str = "tests/articles/budget-vote.md";
const TALKS: &str = "tests/articles/budget-talks.md";
const XINHUA: &str = "fixtures/articles/xinhua-security-treaty.md";

fn fixture(rel: &str) -> String {
    format!("{ROOT}/{rel}")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .output()
        .expect("run quotecite")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("quotecite-clobber-").tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// The names in a folder, sorted: a refused or failed run leaves no temporary file.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

/// Exit 2, a message that names both paths, nothing written.
fn assert_refused(o: &Output, out: &str, other: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("refusing to write the output to"), "{err}");
    assert!(err.contains(out), "names the output {out}: {err}");
    assert!(err.contains(other), "names {other}: {err}");
    assert!(o.stdout.is_empty());
}

const RECORD: &[u8] = b"{\"id\": 1, \"text\": \"\\\"We will win,\\\" said Anna Berg.\"}\n";

#[test]
fn an_input_given_as_output_is_refused_and_kept() {
    let dir = tmp();
    let md = write(dir.path(), "a.md", b"\"We will win,\" said Anna Berg.\n");
    let before = std::fs::read(&md).unwrap();
    for format in [None, Some("jsonl")] {
        let mut args = vec!["extract", &md, "-o", &md];
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        assert_refused(&run(&args), &md, "one of the inputs");
        assert_eq!(std::fs::read(&md).unwrap(), before, "the input is untouched");
    }
    // Also when it is the second input, named through another path.
    let other = write(dir.path(), "b.md", b"Text.\n");
    let dotted = format!("{}/./a.md", dir.path().display());
    assert_refused(&run(&["extract", &other, &md, "-o", &dotted]), &dotted, "one of the inputs");
    assert_eq!(std::fs::read(&md).unwrap(), before);
    assert_eq!(names(dir.path()), ["a.md", "b.md"]);
}

#[cfg(unix)]
#[test]
fn an_input_reached_through_a_link_is_refused() {
    let dir = tmp();
    let input = write(dir.path(), "in.jsonl", RECORD);
    let soft = dir.path().join("soft.jsonl");
    std::os::unix::fs::symlink(&input, &soft).unwrap();
    let hard = dir.path().join("hard.jsonl");
    std::fs::hard_link(&input, &hard).unwrap();
    for out in [&soft, &hard] {
        let out = out.to_str().unwrap();
        assert_refused(&run(&["extract", &input, "-o", out]), out, "one of the inputs");
    }
    assert_eq!(std::fs::read(&input).unwrap(), RECORD);
}

/// An output named through a link replaces the file the link names; the link stays.
#[cfg(unix)]
#[test]
fn an_output_through_a_link_replaces_its_target_and_keeps_the_link() {
    let dir = tmp();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let target = write(&dir.path().join("real"), "quotes.jsonl", b"old\n");
    let link = dir.path().join("quotes.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = run(&["extract", "-q", &fixture(VOTE), "-o", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let s = std::fs::read_to_string(&target).unwrap();
    assert!(s.contains("\"schema\":\"quotecite/1\""), "{s}");
    assert_eq!(names(&dir.path().join("real")), ["quotes.jsonl"]);
}

#[test]
fn an_output_inside_an_input_folder_the_run_reads_is_refused() {
    let dir = tmp();
    let arts = dir.path().join("arts");
    std::fs::create_dir_all(arts.join("sub")).unwrap();
    write(&arts, "a.jsonl", RECORD);
    write(&arts.join("sub"), "b.md", b"\"Fine,\" she said.\n");
    let folder = arts.to_str().unwrap();
    // A file the walk found, and files it would find on this run or the next.
    for name in ["a.jsonl", "out.jsonl", "sub/out.md", "OUT.HTML"] {
        let out = arts.join(name);
        let out = out.to_str().unwrap();
        assert_refused(&run(&["extract", folder, "-o", out]), out, folder);
    }
    let out = arts.join("x.json.gz");
    let out = out.to_str().unwrap();
    assert_refused(&run(&["extract", "--format", "jsonl", folder, "-o", out]), out, folder);
    assert_eq!(names(&arts), ["a.jsonl", "sub"]);
    assert_eq!(names(&arts.join("sub")), ["b.md"]);
    // Through a relative path as well.
    let o = Command::new(BIN)
        .args(["extract", "arts", "-o", "./arts/sub/../out.jsonl"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_refused(&o, "./arts/sub/../out.jsonl", "arts");
    // What the walk does not read is allowed: another format, a hidden file.
    for name in ["quotes.bib", ".quotes.jsonl"] {
        let out = arts.join(name);
        let o = run(&["extract", "-q", folder, "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(out.exists());
        std::fs::remove_file(&out).unwrap();
    }
    // ... unless the run reads hidden files too.
    let out = arts.join(".quotes.jsonl");
    let out = out.to_str().unwrap();
    assert_refused(&run(&["extract", "--hidden", folder, "-o", out]), out, folder);
}

#[cfg(unix)]
#[test]
fn standard_input_read_from_the_output_is_refused() {
    let dir = tmp();
    let input = write(dir.path(), "in.jsonl", RECORD);
    let o = Command::new(BIN)
        .args(["extract", "-o", &input])
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_refused(&o, &input, "standard input");
    assert_eq!(std::fs::read(&input).unwrap(), RECORD);
}

#[test]
fn a_failed_key_file_leaves_the_output_untouched() {
    let dir = tmp();
    let out = write(dir.path(), "quotes.bib", b"@article{kept, title = {Kept}}\n");
    let bad = write(dir.path(), "bad.bib", b"@article{x, title = {never closed\n");
    let folder = dir.path().to_str().unwrap();
    let before = std::fs::read(&out).unwrap();
    // A key file that does not parse, or that cannot be read (a folder).
    for keys in [&bad, folder] {
        let o = run(&["extract", &fixture(VOTE), "--keys", keys, "-o", &out]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert_eq!(std::fs::read(&out).unwrap(), before, "the output is untouched");
    }
    let err = stderr(&run(&["extract", &fixture(VOTE), "--keys", &bad, "-o", &out]));
    assert!(err.contains("bad.bib") && err.contains("expected BibLaTeX or BibTeX"), "{err}");
    assert_eq!(names(dir.path()), ["bad.bib", "quotes.bib"], "no temporary file is left");
}

#[test]
fn a_key_file_reserves_every_key_it_holds() {
    let dir = tmp();
    // An entry whose article is not in the run, holding the key that VOTE would get,
    // and one that the typed reader cannot take whole (an unknown field type is fine,
    // a crossref to nothing too): its key is reserved all the same.
    let keys = write(
        dir.path(),
        "keys.bib",
        b"@article{berg2020budget, title = {Something Else}, date = {1999}}\n\n\
          @misc{berg2020budget-a, crossref = {nowhere}}\n",
    );
    let o = run(&["extract", "--format", "jsonl", &fixture(VOTE), "--keys", &keys]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["key"], "berg2020budget-b", "neither key of the file is given away");
    // JSON Lines and CSL-JSON key files reserve theirs too.
    let jsonl = write(
        dir.path(),
        "keys.jsonl",
        b"{\"schema\":\"quotecite/1\",\"key\":\"berg2020budget\",\"article\":{\"url\":\"https://e.org/x\"}}\n",
    );
    let csl = write(dir.path(), "keys.json", b"[{\"id\": \"berg2020budget\", \"title\": \"X\"}]");
    for k in [&jsonl, &csl] {
        let o = run(&["extract", "--format", "jsonl", &fixture(VOTE), "--keys", k]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["key"], "berg2020budget-a", "{k}");
    }
}

#[test]
fn the_key_file_as_output_of_another_format_is_refused() {
    let dir = tmp();
    let bib = dir.path().join("quotes.bib");
    let bib = bib.to_str().unwrap();
    let o = run(&["extract", "-q", &fixture(VOTE), "-o", bib]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(bib).unwrap();
    // Any output but a .bib would drop the file's entries.
    for format in ["csl-json", "jsonl", "markdown", "html", "text"] {
        let o = run(&["extract", "--format", format, &fixture(TALKS), "--keys", bib, "-o", bib]);
        assert_refused(&o, bib, "--keys file");
        assert!(stderr(&o).contains(format), "{}", stderr(&o));
        assert_eq!(std::fs::read(bib).unwrap(), before, "{format}");
    }
    // A JSON Lines key file keeps no entries of its own: it cannot be its own output.
    let jsonl = dir.path().join("quotes.jsonl");
    let jsonl = jsonl.to_str().unwrap();
    assert!(run(&["extract", "-q", &fixture(VOTE), "-o", jsonl]).status.success());
    let before = std::fs::read(jsonl).unwrap();
    let o = run(&["extract", &fixture(TALKS), "--keys", jsonl, "-o", jsonl]);
    assert_refused(&o, jsonl, "--keys file");
    assert_eq!(std::fs::read(jsonl).unwrap(), before);
    // The bibliography formats that keep the entries are fine.
    for format in ["biblatex", "bibtex"] {
        let o =
            run(&["extract", "-q", "--format", format, &fixture(TALKS), "--keys", bib, "-o", bib]);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        assert_eq!(bib_keys(Path::new(bib)).len(), 2, "{format}");
    }
}

/// The keys of a .bib file, as a set.
fn bib_keys(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix('@'))
        .filter_map(|l| l.split_once('{'))
        .map(|(_, k)| k.trim_end_matches(',').to_string())
        .collect()
}

/// One entry of a .bib file, by key.
fn bib_entry(path: &Path, key: &str) -> String {
    let s = std::fs::read_to_string(path).unwrap();
    s.split("\n\n")
        .find(|e| e.contains(&format!("{{{key},")))
        .unwrap_or_else(|| panic!("no entry {key} in {s}"))
        .to_string()
}

#[test]
fn keys_file_as_output_round_trips_over_three_runs_and_is_a_fixed_point() {
    for format in ["bibtex", "biblatex"] {
        let dir = tmp();
        let q: PathBuf = dir.path().join("quotes.bib");
        let qs = q.to_str().unwrap().to_string();
        let extract = |files: &[&str]| {
            let mut args = vec!["extract", "-q", "--format", format, "--keys", &qs, "-o", &qs];
            let files: Vec<String> = files.iter().map(|f| fixture(f)).collect();
            args.extend(files.iter().map(String::as_str));
            let o = run(&args);
            assert!(o.status.success(), "{format}: {}", stderr(&o));
            std::fs::read_to_string(&q).unwrap()
        };
        // 1: A alone; the key file does not exist yet and is created.
        let one = extract(&[VOTE, XINHUA]);
        let first = bib_keys(&q);
        assert_eq!(first.len(), 2, "{first:?}");
        assert!(first.contains("berg2020budget"), "{first:?}");
        let entry_a = bib_entry(&q, "berg2020budget");
        assert_eq!(extract(&[VOTE, XINHUA]), one, "{format}: the same run is a fixed point");
        // 2: B with --keys: A kept as it was, B added under a key of its own.
        let two = extract(&[TALKS]);
        let second = bib_keys(&q);
        assert!(second.is_superset(&first), "{first:?} → {second:?}");
        assert_eq!(second.len(), 3, "{second:?}");
        assert!(second.contains("berg2020budget-a"), "B never takes A's key: {second:?}");
        assert_eq!(bib_entry(&q, "berg2020budget"), entry_a, "{format}: A's entry is untouched");
        assert!(bib_entry(&q, "berg2020budget-a").contains("Talks"), "{format}");
        assert_eq!(extract(&[TALKS]), two, "{format}: running B again is a fixed point");
        // 3: A and B together, in the other order: every key as before.
        let three = extract(&[TALKS, VOTE, XINHUA]);
        assert_eq!(bib_keys(&q), second, "{format}");
        assert!(bib_entry(&q, "berg2020budget").contains("Vote"), "{format}");
        assert!(bib_entry(&q, "berg2020budget-a").contains("Talks"), "{format}");
        assert_eq!(extract(&[TALKS, VOTE, XINHUA]), three, "{format}: a fixed point");
        assert_eq!(extract(&[VOTE]), three, "{format}: one article again changes nothing");
        assert_eq!(names(dir.path()), ["quotes.bib"], "no temporary file is left");
    }
}

#[test]
fn the_output_is_replaced_whole_and_keeps_nothing_of_the_old_file() {
    let dir = tmp();
    let out = write(dir.path(), "out.jsonl", &b"old line\n".repeat(1000));
    let o = run(&["extract", "-q", &fixture(VOTE), "-o", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = std::fs::read_to_string(&out).unwrap();
    assert_eq!(s.lines().count(), 1, "{s}");
    assert!(!s.contains("old line"));
    assert_eq!(names(dir.path()), ["out.jsonl"]);
}

#[test]
fn an_untitled_article_keeps_its_key_over_runs() {
    // No headline, no URL: the title is made from the first words of the text, and the
    // key file knows the article only by that title.
    let text = "Ruiz said the deal was fair, according to the report.\n\n\"We will sign it,\" Ruiz said.\n";
    for format in ["bibtex", "biblatex", "csl-json"] {
        let dir = tmp();
        let article = write(dir.path(), "notice.txt", text.as_bytes());
        let out = dir.path().join("quotes.out");
        let outs = out.to_str().unwrap().to_string();
        let extract = || {
            let o =
                run(&["extract", "-q", "--format", format, "--keys", &outs, "-o", &outs, &article]);
            assert!(o.status.success(), "{format}: {}", stderr(&o));
            std::fs::read_to_string(&out).unwrap()
        };
        let first = extract();
        let second = extract();
        assert_eq!(
            second, first,
            "{format}: a second run with its own output as key file changes nothing"
        );
        assert!(!first.contains("-a"), "{format}: no suffixed key: {first}");
    }
}
