//! The `quotecite` binary: arguments, output formats, exit codes, stderr, pipes.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_quotecite");
pub(crate) const XINHUA: &str = "fixtures/articles/xinhua-security-treaty.md";
const HARBOR: &str = "fixtures/articles/harbor-strike-direct.md";

/// The binary, run from the crate root so fixture paths are relative and stable.
pub(crate) fn cmd() -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

pub(crate) fn run(args: &[&str]) -> Output {
    cmd().args(args).stdin(Stdio::null()).output().expect("run quotecite")
}

/// Run with `stdin` piped in.
pub(crate) fn run_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn quotecite");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    child.wait_with_output().expect("wait quotecite")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parse JSON Lines output, one value per line.
pub(crate) fn lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// A fresh directory under the system temp dir, removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p =
            std::env::temp_dir().join(format!("quotecite-cli-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }

    pub(crate) fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).expect("write temp file");
        p.to_str().expect("UTF-8 temp path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn help_shows_examples_and_version() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("extract"), "{out}");
    assert!(out.contains("--version"), "{out}");

    let o = run(&["extract", "--help"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("Examples:"), "{out}");
    assert!(out.contains("quotecite extract --format json article.md"), "{out}");
    for flag in ["--format", "--output", "--input-format", "--explain", "--threads"] {
        assert!(out.contains(flag), "{flag} missing from help:\n{out}");
    }

    let o = run(&["--version"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).trim(), format!("quotecite {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    let o = run(&["extract"]);
    assert_eq!(o.status.code(), Some(2), "no input");
    let o = run(&["extract", "-j", "0", XINHUA]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--threads"), "{}", stderr(&o));
    let o = run(&["extract", "-", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input"), "{}", stderr(&o));
}

#[test]
fn jsonl_of_reference_article() {
    let o = run(&["extract", "--format", "jsonl", XINHUA]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = lines(&o);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["schema"], "quotecite/1");
    assert_eq!(d["id"], "xinhua-security-treaty");
    assert_eq!(d["article"]["publisher"], "Global Research");
    assert_eq!(d["article"]["date"], "2009-12-02");
    let quotes = d["quotes"].as_array().expect("quotes");
    assert!(quotes.len() >= 10, "only {} quotes", quotes.len());
    // Offsets are character offsets into the file's text.
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(XINHUA))
        .expect("read fixture");
    let chars: Vec<char> = text.chars().collect();
    for q in quotes {
        let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), q["text"].as_str().unwrap());
        assert!(q.get("rule").is_none(), "rule only with --explain");
    }
    let q1 = &quotes[0];
    assert_eq!(q1["speaker"]["name"], "Dmitry Medvedev");
    assert_eq!(q1["cue"]["text"], "said");
}

#[test]
fn explain_adds_rules() {
    let o = run(&["extract", "--format", "jsonl", "--explain", XINHUA]);
    assert!(o.status.success());
    let d = &lines(&o)[0];
    for q in d["quotes"].as_array().unwrap() {
        assert!(q["rule"].as_str().is_some_and(|r| !r.is_empty()), "{q}");
    }
}

#[test]
fn json_is_pretty_and_parses() {
    let o = run(&["extract", "--format", "json", XINHUA]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.lines().count() > 50, "not pretty-printed");
    assert!(out.starts_with("{\n  \"schema\""), "{}", &out[..40.min(out.len())]);
    let v: Value = serde_json::from_str(&out).expect("pretty JSON parses");
    assert_eq!(v["id"], "xinhua-security-treaty");
    // Two articles give two concatenated pretty objects.
    let o = run(&["extract", "--format", "json", XINHUA, HARBOR]);
    let ids: Vec<Value> = serde_json::Deserializer::from_slice(&o.stdout)
        .into_iter::<Value>()
        .map(|v| v.expect("object parses")["id"].clone())
        .collect();
    assert_eq!(ids, ["xinhua-security-treaty", "harbor-strike-direct"]);
}

#[test]
fn text_listing() {
    let o = run(&["extract", "--format", "text", HARBOR]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.starts_with("== harbor-strike-direct"), "{out}");
    assert!(out.contains("—"), "{out}");
    assert!(out.contains("” — Marta Kovane"), "{out}");
}

#[test]
fn missing_file_exit_1_others_still_processed() {
    let missing = "fixtures/articles/does-not-exist.md";
    let o = run(&["extract", "--format", "jsonl", missing, XINHUA]);
    assert_eq!(o.status.code(), Some(1), "a document that cannot be read gives 1");
    let err = stderr(&o);
    assert!(err.contains(missing), "stderr does not name the file: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let docs = lines(&o);
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!(docs[0]["schema"], "quotecite/1");
    assert_eq!(docs[0]["id"], missing);
    assert_eq!(docs[0]["error"]["path"], missing);
    assert_eq!(docs[0]["error"]["kind"], "io");
    assert_eq!(docs[1]["id"], "xinhua-security-treaty");

    // Text output: still processes the good file.
    let o = run(&["extract", "--format", "text", XINHUA, missing]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("== xinhua-security-treaty"));
    assert!(stderr(&o).contains(missing));
}

#[test]
fn jsonl_bad_line_is_an_error_record() {
    let dir = TempDir::new("badline");
    let input = "{\"id\": \"a\", \"text\": \"“We will win,” she said.\"}\n\
                 {not json\n\
                 \n\
                 {\"id\": 7, \"text\": \"Talks failed, officials said.\"}\n";
    let path = dir.file("in.jsonl", input.as_bytes());
    let o = run(&["extract", "--format", "jsonl", &path]);
    assert_eq!(o.status.code(), Some(1));
    let docs = lines(&o);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert_eq!(docs[0]["id"], "a");
    assert_eq!(docs[0]["quotes"][0]["text"], "We will win,");
    let e = &docs[1];
    assert_eq!(e["schema"], "quotecite/1");
    assert_eq!(e["id"], format!("{path}:2"));
    assert_eq!(e["error"]["path"], path.as_str());
    assert_eq!(e["error"]["line"], 2);
    assert_eq!(e["error"]["kind"], "json");
    assert!(e["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    assert!(e.get("quotes").is_none());
    assert_eq!(docs[2]["id"], "7");
    assert!(stderr(&o).contains(":2:"), "{}", stderr(&o));
}

#[test]
fn invalid_utf8_is_lossy_with_diagnostic() {
    let dir = TempDir::new("utf8");
    let path = dir.file("bad.txt", b"\xEF\xBB\xBF\"We are ready \xFF now,\" Ana Ortiz said.\n");
    let o = run(&["extract", "--format", "jsonl", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d = &lines(&o)[0];
    assert_eq!(d["id"], "bad");
    let diags = d["diagnostics"].as_array().unwrap();
    let w = diags
        .iter()
        .find(|x| x["message"].as_str().unwrap_or("").contains("utf-8"))
        .unwrap_or_else(|| panic!("no utf-8 diagnostic: {d}"));
    assert_eq!(w["level"], "warning");
    // BOM dropped: the replacement char is character 14 of the stored text.
    assert_eq!(w["start"], 14);
    assert_eq!(w["end"], 15);
    let q = &d["quotes"][0];
    assert_eq!(q["text"], "We are ready \u{FFFD} now,");
    assert_eq!(q["speaker"]["name"], "Ana Ortiz");
}

#[test]
fn stdin_with_input_format() {
    let md = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(XINHUA)).unwrap();
    let from_stdin = run_stdin(&["extract", "--format", "jsonl", "--input-format", "md", "-"], &md);
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    let a = &lines(&from_stdin)[0];
    assert_eq!(a["id"], "stdin");
    // Same analysis as the file, which is Markdown by extension.
    let from_file = run(&["extract", "--format", "jsonl", XINHUA]);
    let mut b = lines(&from_file).remove(0);
    b["id"] = "stdin".into();
    assert_eq!(a, &b);
    assert_eq!(a["article"]["title"].as_str().map(|t| t.starts_with("Strategic")), Some(true));

    // Without --input-format, standard input's format comes from its content: the
    // Markdown file gives the same analysis without being told.
    let sniffed = run_stdin(&["extract", "--format", "jsonl", "-"], &md);
    assert_eq!(lines(&sniffed)[0], b);
    let plain = run_stdin(&["extract", "--format", "jsonl", "-"], b"\"Go,\" Bo Li said.");
    assert!(plain.status.success());
    assert_eq!(lines(&plain)[0]["quotes"][0]["speaker"]["name"], "Bo Li");
}

#[test]
fn directory_in_sorted_order() {
    let dir = TempDir::new("dir");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    dir.file("b.txt", b"\"Second,\" Ann Lee said.");
    dir.file("a.md", b"\"First,\" Ann Lee said.");
    dir.file("sub/c.txt", b"\"Third,\" Ann Lee said.");
    dir.file("ignored.png", b"\"Never,\" Ann Lee said.");
    dir.file(".hidden.txt", b"\"Hidden,\" Ann Lee said.");
    dir.file("d.jsonl", b"{\"id\":\"d1\",\"text\":\"x\"}\n{\"id\":\"d2\",\"text\":\"y\"}\n");
    let o = run(&["extract", "--format", "jsonl", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids: Vec<String> =
        lines(&o).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["a", "b", "d1", "d2", "c"]);

    // The fixtures folder: every article, in file-name order.
    let o = run(&["extract", "--format", "jsonl", "fixtures/articles"]);
    assert!(o.status.success());
    let got: Vec<String> =
        lines(&o).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    let mut want: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".md") || n.ends_with(".txt") || n.ends_with(".html"))
            .collect();
    want.sort();
    let want: Vec<String> =
        want.iter().map(|n| n.rsplit_once('.').unwrap().0.to_string()).collect();
    assert_eq!(got, want);
}

#[test]
fn output_file() {
    let dir = TempDir::new("out");
    let out = dir.path().join("out.jsonl");
    let o = run(&["extract", XINHUA, HARBOR, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "nothing on stdout with -o");
    let written = std::fs::read_to_string(&out).unwrap();
    // Format from the extension: JSON Lines.
    let docs: Vec<Value> = written.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["id"], "harbor-strike-direct");
    // Same bytes as stdout.
    let o = run(&["extract", "--format", "jsonl", XINHUA, HARBOR]);
    assert_eq!(o.stdout, written.as_bytes());

    // An extension that says nothing is refused before anything is written.
    let bad = dir.path().join("out.dat");
    let o = run(&["extract", XINHUA, "-o", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--format"), "{}", stderr(&o));
}

#[test]
fn output_is_deterministic_across_runs_and_threads() {
    for format in ["jsonl", "text", "json"] {
        let args = |j: &'static str| {
            ["extract", "--format", format, "--explain", "-j", j, "fixtures/articles"]
        };
        let a = run(&args("1"));
        let b = run(&args("1"));
        let c = run(&args("2"));
        assert!(a.status.success());
        assert!(!a.stdout.is_empty());
        assert!(a.stdout == b.stdout, "{format}: two runs differ");
        assert!(a.stdout == c.stdout, "{format}: -j 1 and -j 2 differ");
    }
}

#[test]
fn many_articles_keep_order_across_threads() {
    // More than one batch chunk (256) so parallel chunks are exercised.
    let dir = TempDir::new("many");
    let mut input = String::new();
    for i in 0..700 {
        input.push_str(&format!(
            "{{\"id\":\"n{i}\",\"text\":\"“Number {i} is fine,” Mia Park said.\"}}\n"
        ));
    }
    let path = dir.file("many.jsonl", input.as_bytes());
    let a = run(&["extract", "--format", "jsonl", "-j", "1", &path]);
    let b = run(&["extract", "--format", "jsonl", "-j", "2", &path]);
    assert!(a.status.success());
    assert!(a.stdout == b.stdout);
    let docs = lines(&a);
    assert_eq!(docs.len(), 700);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d["id"], format!("n{i}"));
        assert_eq!(d["quotes"][0]["text"], format!("Number {i} is fine,"));
    }
}

#[test]
fn broken_pipe_exits_quietly() {
    // Enough output that the writer is still busy when the reader goes away.
    let mut child = cmd()
        .args(["extract", "--format", "jsonl", "-j", "1"])
        .args(std::iter::repeat_n(XINHUA, 400))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("read one line");
    assert!(first.contains("\"schema\":\"quotecite/1\""), "{first}");
    drop(reader);
    let o = child.wait_with_output().expect("wait");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

#[test]
fn bib_output_from_extension_holds_one_entry_per_article() {
    let dir = TempDir::new("bib");
    let out = dir.path().join("quotes.bib");
    let out_s = out.to_str().unwrap();
    let o = run(&["extract", XINHUA, HARBOR, XINHUA, "-o", out_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bib = std::fs::read_to_string(&out).unwrap();
    assert!(bib.starts_with("@article{"), "BibLaTeX from the .bib extension");
    assert!(bib.contains("journaltitle"), "BibLaTeX, not BibTeX");
    assert_eq!(
        bib.matches("@article{yu2009strategic,").count(),
        1,
        "the repeated article is merged"
    );
    assert_eq!(bib.matches("@article{").count(), 2);
}

#[test]
fn bibtex_csl_and_markdown_formats() {
    let o = run(&["extract", "--format", "bibtex", XINHUA]);
    assert!(stdout(&o).contains("month        = dec"), "{}", stdout(&o));
    let o = run(&["extract", "--format", "csl-json", XINHUA]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["type"], "article-newspaper");
    assert!(v[0]["custom"]["quotations"].as_array().unwrap().len() >= 10);
    let o = run(&["extract", "--format", "markdown", XINHUA]);
    let md = stdout(&o);
    assert_eq!(md.matches("]: ").count(), md.matches("[^yu2009strategic-").count() / 2);
    let o = run(&["extract", "--format", "markdown", "--md-cite", "pandoc", XINHUA]);
    assert!(stdout(&o).contains("[@yu2009strategic]"));
    assert!(!stdout(&o).contains("[^"));
}

#[test]
fn keys_from_an_earlier_bibliography_are_kept() {
    let dir = TempDir::new("keys");
    let old = dir.file(
        "old.bib",
        b"@article{mykey,\n  title = {Strategic Considerations Behind Russian Proposal for New European Security Treaty},\n  date = {2009-12-02},\n}\n",
    );
    let o = run(&["extract", "--format", "biblatex", "--keys", &old, XINHUA]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("@article{mykey,"), "{}", &stdout(&o)[..80]);
    let o = run(&["extract", "--format", "csl-json", "--keys", &old, XINHUA]);
    assert!(stdout(&o).contains("\"id\": \"mykey\""));
    let bad = dir.file("bad.bib", b"@article{x, title = {open");
    let o = run(&["extract", "--format", "biblatex", "--keys", &bad, XINHUA]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.bib"), "{}", stderr(&o));
}

#[test]
fn citation_output_is_byte_identical_across_runs() {
    for format in ["biblatex", "bibtex", "csl-json", "markdown"] {
        let a = run(&["extract", "--format", format, XINHUA, HARBOR, "-j", "1"]);
        let b = run(&["extract", "--format", format, HARBOR, XINHUA, "-j", "2"]);
        assert_eq!(stdout(&a), stdout(&b), "{format}: input order and threads do not matter");
    }
}

const EVAL_SAMPLE: &str = "fixtures/gold/eval-sample.jsonl";

#[test]
fn eval_prints_the_scorer_rows() {
    let o = run(&["eval", EVAL_SAMPLE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("articles 3  gold quotes 10 (required)"), "{out}");
    for row in ["span-exact ", "span-overlap ", "span-exact+speaker", "span-overlap+speaker"] {
        assert!(out.contains(row), "missing row {row}: {out}");
    }
    let o = run(&["eval", "no-such-gold.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-gold.jsonl"));
}

#[test]
fn eval_reports_precision_by_confidence_band() {
    let o = run(&["eval", EVAL_SAMPLE, "--json", "--bands", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let bands = v["precision_by_confidence"].as_array().unwrap();
    assert!(!bands.is_empty() && bands.len() <= 3, "{bands:?}");
    // Every prediction lands in one band, and the bands run from sure to unsure.
    let counted: u64 = bands.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert!(counted > 0 && counted <= v["pred_quotes"].as_u64().unwrap());
    for w in bands.windows(2) {
        assert!(w[0]["lo"].as_f64().unwrap() >= w[1]["hi"].as_f64().unwrap(), "{bands:?}");
    }
    for b in bands {
        let p = b["precision"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
    }
    let text = stdout(&run(&["eval", EVAL_SAMPLE, "--bands", "2"]));
    assert!(text.contains("precision by confidence"), "{text}");
    let plain = stdout(&run(&["eval", EVAL_SAMPLE]));
    assert!(!plain.contains("precision by confidence"), "bands only when asked");
}

/// `quotecite eval` and the corpora's reference scorer agree on a small gold file.
#[test]
fn eval_agrees_with_the_reference_scorer() {
    let score_py = std::env::var("QUOTECITE_SCORE_PY").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/score.py").to_string()
    });
    let python = Command::new("python3").arg("--version").output();
    if !Path::new(&score_py).exists() || python.is_err() {
        eprintln!("skipped: the reference scorer {score_py} or python3 is not available");
        return;
    }
    let dir = TempDir::new("eval");
    let pred = dir.path().join("pred.jsonl");
    let o = run(&["extract", "--format", "jsonl", EVAL_SAMPLE, "-o", pred.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let py = Command::new("python3")
        .args([score_py.as_str(), EVAL_SAMPLE, pred.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(py.status.success(), "{}", String::from_utf8_lossy(&py.stderr));
    let reference: Value = serde_json::from_slice(&py.stdout).unwrap();
    let ours: Value =
        serde_json::from_str(&stdout(&run(&["eval", EVAL_SAMPLE, "--json"]))).unwrap();
    for row in ["span-exact", "span-overlap", "span-exact+speaker", "span-overlap+speaker"] {
        for field in ["tp", "fp", "fn"] {
            assert_eq!(ours["rows"][row][field], reference["rows"][row][field], "{row} {field}");
        }
    }
    assert_eq!(ours["recall_by_kind_overlap"], reference["recall_by_kind_overlap"]);
}

#[test]
fn min_confidence_filters_and_lang_selects_the_grammar() {
    let all = lines(&run(&["extract", "--format", "jsonl", XINHUA]));
    let sure = lines(&run(&["extract", "--format", "jsonl", "--min-confidence", "0.8", XINHUA]));
    let n_all = all[0]["quotes"].as_array().unwrap().len();
    let kept = sure[0]["quotes"].as_array().unwrap();
    assert!(!kept.is_empty() && kept.len() < n_all, "{} of {n_all}", kept.len());
    assert!(kept.iter().all(|q| q["confidence"].as_f64().unwrap() >= 0.8));
    let de = "Die Lage sei ernst, sagte der Minister.\n";
    let o = run_stdin(&["extract", "--format", "jsonl", "--lang", "de", "-"], de.as_bytes());
    let v = lines(&o);
    assert_eq!(v[0]["quotes"][0]["text"], "Die Lage sei ernst");
    let o = run_stdin(&["extract", "--format", "jsonl", "--lang", "en", "-"], de.as_bytes());
    assert_eq!(lines(&o)[0]["quotes"].as_array().unwrap().len(), 0, "no German cues in English");
    assert_eq!(run(&["extract", "--min-confidence", "2", XINHUA]).status.code(), Some(2));
}

#[test]
fn stances_are_listed_but_never_cited() {
    let story = "Senate race\n\nGovernor Ann Ruiz endorsed Mark Bell on Monday. \
                 \"He will fight for this state,\" Ruiz said.\n";
    let json = run_stdin(&["extract", "--format", "jsonl", "-"], story.as_bytes());
    assert!(json.status.success(), "{}", stderr(&json));
    let quotes = lines(&json)[0]["quotes"].as_array().unwrap().clone();
    let stance: Vec<&Value> = quotes.iter().filter(|q| q["stance"] == true).collect();
    assert_eq!(stance.len(), 1, "{quotes:?}");
    assert!(stance[0]["text"].as_str().is_some_and(|t| t.starts_with("Mark Bell")));
    assert!(stance[0].get("cite").is_none(), "a stance has no quotation id");
    let said: Vec<&Value> = quotes.iter().filter(|q| q.get("stance").is_none()).collect();
    assert_eq!(said.len(), 1);
    assert!(said[0]["cite"].as_str().is_some_and(|c| !c.is_empty()));

    let bib = run_stdin(&["extract", "--format", "biblatex", "-"], story.as_bytes());
    let bib = stdout(&bib);
    assert!(bib.contains("He will fight for this state"), "{bib}");
    assert!(!bib.contains("Mark Bell on Monday"), "{bib}");
}

/// A file name cannot drive the terminal or forge a line on standard error: its escape
/// sequence, bidi override and line break are shown escaped, on the error's own line.
#[cfg(unix)]
#[test]
fn file_names_in_messages_are_shown_escaped_on_one_line() {
    let dir = TempDir::new("evilname");
    let name = "a\u{1b}[2J\u{202e}lmth\nquotecite: all good.jsonl";
    let path = dir.file(name, b"{\"id\": 1, \"text\": \"Fine, she said.\"}\nnot json\n");
    let o = run(&["extract", "--format", "jsonl", &path]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(!err.contains(['\u{1b}', '\u{202e}']), "{err:?}");
    assert!(err.contains("a\\u{1b}[2J\\u{202e}lmth\\u{a}quotecite: all good.jsonl:2: "), "{err}");
    let shown: Vec<&str> = err.lines().collect();
    assert_eq!(shown.len(), 2, "one error line and the summary: {err}");
    assert!(shown.iter().all(|l| l.starts_with("quotecite: ")), "{err}");
    // The JSON error record keeps the name, escaped, and parses back to it.
    let records = lines(&o);
    assert_eq!(records[1]["error"]["path"], path);
    assert!(!stdout(&o).contains(['\u{1b}', '\u{202e}']));
}
