//! Reading what users have, through the binary: a mixed collection with every kind of
//! bad document, folders, standard input, URLs served on 127.0.0.1, crawler exports,
//! and the output file rules. Every input document must give exactly one record.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::cli::{TempDir, XINHUA, cmd, lines, run, run_stdin, stderr, stdout};

/// A small news page with boilerplate around the article, and quotations in the
/// boilerplate that must never be reported.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry service resumes | Harbour Post</title>
<meta property="og:title" content="Ferry service resumes after storm">
<meta property="og:site_name" content="Harbour Post">
<meta name="author" content="Lena Berg">
<meta property="article:published_time" content="2022-10-11T08:00:00+02:00">
<link rel="canonical" href="https://post.example/ferry"></head>
<body>
<header><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">"Sport" says it all</a></nav></header>
<div id="cookies"><a href="/p">"Accept," we ask: we use cookies</a></div>
<main><article>
<h1>Ferry service resumes after storm</h1>
<p>The island ferry sailed again on Tuesday morning after three days in port while the storm passed over the coast and the harbour was closed.</p>
<p>"The crossing was calm and every seat was taken," said Piet Vos, the ferry's captain, after the first trip of the day.</p>
<p>The operator said extra sailings would run on Wednesday to carry the passengers and freight that had been waiting since the weekend.</p>
<p>Residents of the island said the closure had emptied shop shelves, and the council promised to review its plans for future storms.</p>
</article></main>
<aside><h2>Related</h2><ul><li><a href="/a">"Worst storm in years," experts say</a></li><li><a href="/b">Council to meet on Friday</a></li></ul></aside>
<div class="share"><a href="/fb">Share</a> <a href="/tw">Tweet</a> <a href="/mail">"Email this," readers say</a></div>
<footer><p><a href="/about">About</a> <a href="/jobs">Jobs</a> <a href="/c">Contact</a></p></footer>
</body></html>"#;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// One WARC record.
fn warc_record(kind: &str, uri: &str, content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\n\
         WARC-Date: 2021-06-07T08:09:10Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        content.len()
    )
    .into_bytes();
    r.extend_from_slice(content);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// An HTTP response record holding an HTML page.
fn warc_response(uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    warc_record("response", uri, "application/http; msgtype=response", http.as_bytes())
}

/// A web archive with three HTML responses and one request, each record its own gzip
/// member, as Common Crawl writes them.
fn warc_gz() -> Vec<u8> {
    let pages = [
        (
            "http://a.example/one",
            "<html><body><article><p>“We will rebuild the pier this year,” said Mayor Ines Roth on Monday, standing by the water in the rain.</p><p>The works start in May and should end before the autumn storms.</p></article></body></html>",
        ),
        (
            "http://a.example/two",
            "<html><body><article><p>Fishermen said the new quota rules would cut their catch by a third, and they asked the ministry for more time.</p></article></body></html>",
        ),
        (
            "http://a.example/three",
            "<html><body><article><p>The museum reopened its east wing after a long restoration of the roof and the old glass windows above the hall.</p></article></body></html>",
        ),
    ];
    let mut out = gzip(&warc_record(
        "request",
        "http://a.example/one",
        "application/http; msgtype=request",
        b"GET /one HTTP/1.1\r\nHost: a.example\r\n\r\n",
    ));
    for (uri, html) in pages {
        out.extend(gzip(&warc_response(uri, html)));
    }
    out
}

/// A gzip file of `n` JSON Lines records cut in half, and how many whole lines the
/// part that is left still holds.
fn truncated_gz(n: usize) -> (Vec<u8>, usize) {
    let text: String = (0..n)
        .map(|i| format!("{{\"id\": \"t{i}\", \"text\": \"Line {i} of the archive, with some words to make it longer than a few bytes.\"}}\n"))
        .collect();
    let mut packed = gzip(text.as_bytes());
    packed.truncate(packed.len() / 2);
    let mut readable = Vec::new();
    let _ = flate2::read::MultiGzDecoder::new(&packed[..]).read_to_end(&mut readable);
    let whole = readable.iter().filter(|&&b| b == b'\n').count();
    (packed, whole)
}

/// Every error record names its place: a path (and a line for line-based inputs).
fn check_error_records(docs: &[Value]) {
    for d in docs.iter().filter(|d| d.get("error").is_some()) {
        let e = &d["error"];
        assert!(d["id"].as_str().is_some_and(|s| !s.is_empty()), "{d}");
        for field in ["kind", "message", "path"] {
            assert!(e[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {d}");
        }
        assert!(e.get("line").is_some(), "line is always present: {d}");
    }
}

#[test]
fn mixed_bad_collection_gives_one_record_per_document() {
    let dir = TempDir::new("mixed");
    dir.file(
        "a.jsonl",
        b"{\"id\": \"good\", \"text\": \"\\u201cIt works,\\u201d Ana Ortiz said.\"}\n\
          {\"id\": \"broken\", \"text\": \n\
          {\"id\": \"notext\", \"title\": \"Only a title\"}\n",
    );
    dir.file("empty.txt", b"");
    dir.file("latin1.txt", b"\"Caf\xe9 prices rose again,\" Bo Li said.\n");
    let (gz, whole) = truncated_gz(400);
    assert!(whole > 10 && whole < 400, "the cut leaves {whole} whole lines");
    dir.file("cut.jsonl.gz", &gz);
    dir.file("page.html", PAGE.as_bytes());
    dir.file("crawl.warc.gz", &warc_gz());
    let documents_in = 3 + 1 + 1 + (whole + 1) + 1 + 3;

    let root = dir.path().to_str().unwrap();
    let o = run(&["extract", "--format", "jsonl", "-j", "2", root]);
    assert_eq!(o.status.code(), Some(1), "some documents failed: {}", stderr(&o));
    let docs = lines(&o);
    assert_eq!(docs.len(), documents_in, "records out = documents in");
    check_error_records(&docs);
    let errors: Vec<&Value> = docs.iter().filter(|d| d.get("error").is_some()).collect();
    let kinds: Vec<&str> = errors.iter().map(|d| d["error"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["json", "missing-field", "truncated", "empty"], "{errors:?}");
    // The errors name their file and line.
    assert!(errors[0]["error"]["path"].as_str().unwrap().ends_with("a.jsonl"));
    assert_eq!(errors[0]["error"]["line"], 2);
    assert_eq!(
        errors[0]["id"].as_str().unwrap(),
        format!("{}:2", errors[0]["error"]["path"].as_str().unwrap())
    );
    assert_eq!(errors[1]["id"], "notext", "the record's own id");
    assert_eq!(errors[1]["error"]["line"], 3);
    assert!(errors[2]["error"]["path"].as_str().unwrap().ends_with("cut.jsonl.gz"));
    assert_eq!(errors[2]["error"]["line"], whole + 1);
    assert!(errors[3]["error"]["path"].as_str().unwrap().ends_with("empty.txt"));
    // The truncated archive's error comes after the records that could be read.
    let cut_at = docs.iter().position(|d| d["error"]["kind"] == "truncated").unwrap();
    assert_eq!(docs[cut_at - 1]["id"], format!("t{}", whole - 1));
    // The archive's three responses, with their URL and date; the request is skipped.
    let warc: Vec<&Value> = docs
        .iter()
        .filter(|d| {
            d["article"]["url"].as_str().is_some_and(|u| u.starts_with("http://a.example/"))
        })
        .collect();
    assert_eq!(warc.len(), 3);
    assert_eq!(warc[0]["article"]["date"], "2021-06-07");
    assert_eq!(warc[0]["quotes"][0]["speaker"]["name"], "Ines Roth");
    // Invalid UTF-8 is read with a warning.
    let latin = docs.iter().find(|d| d["id"] == "latin1").unwrap();
    assert!(latin["diagnostics"].to_string().contains("utf-8"), "{latin}");
    // The summary counts everything.
    let err = stderr(&o);
    assert!(err.contains(&format!("{documents_in} documents, 4 errors")), "{err}");
    assert!(err.contains("1 archive records"), "{err}");

    // The same records for one thread.
    let one = run(&["extract", "--format", "jsonl", "-j", "1", root]);
    assert_eq!(one.stdout, o.stdout, "-j 1 and -j 2 agree");
    // --fail-fast stops at the first error, which is still written.
    let ff = run(&["extract", "--format", "jsonl", "--fail-fast", root]);
    assert_eq!(ff.status.code(), Some(1));
    let docs = lines(&ff);
    assert_eq!(docs.last().unwrap()["error"]["kind"], "json");
    assert_eq!(docs.len(), 2);
}

#[test]
fn html_page_text_metadata_and_no_boilerplate_quotes() {
    let dir = TempDir::new("html");
    let page = dir.file("ferry.html", PAGE.as_bytes());
    let o = run(&["extract", "--format", "jsonl", "--with-text", &page]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = &lines(&o)[0];
    let a = &d["article"];
    assert_eq!(a["title"], "Ferry service resumes after storm");
    assert_eq!(a["authors"][0], "Lena Berg");
    assert_eq!(a["publisher"], "Harbour Post");
    assert_eq!(a["date"], "2022-10-11");
    assert_eq!(a["url"], "https://post.example/ferry");
    assert_eq!(a["lang"], "en");
    let text = d["text"].as_str().expect("--with-text gives the text");
    assert!(text.starts_with("The island ferry sailed again"), "{text}");
    for junk in ["Home", "cookies", "Related", "Worst storm", "Email this", "About"] {
        assert!(!text.contains(junk), "{junk} in {text}");
    }
    let chars: Vec<char> = text.chars().collect();
    let quotes = d["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        let (s, e) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            q["text"].as_str().unwrap(),
            "offsets refer to the text"
        );
        let t = q["text"].as_str().unwrap();
        assert!(
            !t.contains("Worst storm") && !t.contains("Email this") && !t.contains("Accept"),
            "{q}"
        );
    }
    assert_eq!(quotes[0]["speaker"]["name"], "Piet Vos");
    // Saved as .txt or without an extension, the page is still read as HTML.
    let as_txt = dir.file("ferry.txt", PAGE.as_bytes());
    let bare = dir.file("ferry", PAGE.as_bytes());
    for p in [as_txt, bare] {
        let o = run(&["extract", "--format", "jsonl", "--with-text", &p]);
        assert_eq!(lines(&o)[0]["text"], d["text"], "{p}");
    }
}

#[test]
fn txt_copy_of_the_reference_article_keeps_its_metadata() {
    let dir = TempDir::new("txtcopy");
    let src = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(XINHUA)).unwrap();
    let copy = dir.file("xinhua-security-treaty.txt", &src);
    let md = lines(&run(&["extract", "--format", "jsonl", XINHUA])).remove(0);
    let txt = lines(&run(&["extract", "--format", "jsonl", &copy])).remove(0);
    assert_eq!(txt["article"], md["article"]);
    assert_eq!(txt["key"], md["key"]);
    assert_eq!(txt["article"]["original"]["publisher"], "Xinhua News Agency");
    assert!(!txt["article"].to_string().contains("](#)"), "no link markup in metadata");
}

#[test]
fn folder_walks_extensions_hidden_files_and_links() {
    let dir = TempDir::new("walk");
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::create_dir_all(dir.path().join(".cache")).unwrap();
    dir.file("A.HTML", PAGE.as_bytes());
    dir.file("b.JSONL.GZ", &gzip(b"{\"id\": \"b1\", \"text\": \"One, he said.\"}\n"));
    dir.file("c.Md", b"# C\n\nText, she said.\n");
    dir.file("d.zst.txt", b"plain text after all, they said.\n");
    dir.file("image.png", b"\x89PNG");
    dir.file(".hidden.md", b"Hidden, she said.\n");
    dir.file(".cache/e.txt", b"Cached, she said.\n");
    dir.file("sub/f.txt", b"Nested, she said.\n");
    let outside = TempDir::new("walk-outside");
    outside.file("linked.txt", b"Linked, she said.\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("linked.txt"), dir.path().join("link.txt"))
        .unwrap();
    let root = dir.path().to_str().unwrap();
    let ids = |o: &std::process::Output| -> Vec<String> {
        lines(o).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect()
    };
    let o = run(&["extract", "--format", "jsonl", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(ids(&o), ["A", "b1", "c", "d.zst", "f"]);
    let err = stderr(&o);
    // image.png, .hidden.md, .cache and the link.
    assert!(err.contains("skipped 4 files"), "{err}");
    let o = run(&["extract", "--format", "jsonl", "--hidden", "-L", root]);
    assert_eq!(ids(&o), ["e", ".hidden", "A", "b1", "c", "d.zst", "link", "f"]);
}

#[test]
fn standard_input_is_read_when_piped_without_paths() {
    let o = run_stdin(&["extract", "--format", "jsonl"], b"{\"id\": \"s1\", \"text\": \"\\u201cYes,\\u201d Bo Li said.\"}\n{\"id\": \"s2\", \"text\": \"No.\"}\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = lines(&o);
    assert_eq!(docs.len(), 2, "JSON Lines sniffed on standard input");
    assert_eq!(docs[0]["quotes"][0]["speaker"]["name"], "Bo Li");
    let page = run_stdin(&["extract", "--format", "jsonl", "-q"], PAGE.as_bytes());
    assert_eq!(lines(&page)[0]["article"]["publisher"], "Harbour Post");
    assert!(stderr(&page).is_empty(), "-q prints no summary: {}", stderr(&page));
    let gz = run_stdin(
        &["extract", "--format", "jsonl"],
        &gzip(b"{\"id\": \"z\", \"text\": \"Zipped.\"}\n"),
    );
    assert_eq!(lines(&gz)[0]["id"], "z");
    // Without a path and without piped input there is nothing to read: a usage error.
    let none = run(&["extract"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("no input"), "{}", stderr(&none));
}

#[test]
fn output_naming_an_input_is_refused_before_writing() {
    let dir = TempDir::new("outin");
    let input = dir.file("corpus.jsonl", b"{\"id\": 1, \"text\": \"Kept, she said.\"}\n");
    let before = std::fs::read(&input).unwrap();
    let o = run(&["extract", &input, "-o", &input]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("one of the inputs"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input is untouched");
    // Also when the input is found in a folder.
    let o = run(&["extract", dir.path().to_str().unwrap(), "-o", &input]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    // No temporary file is left behind, and a good run writes the file whole.
    let out = dir.path().join("out.jsonl");
    let o = run(&["extract", &input, "-o", out.to_str().unwrap()]);
    assert!(o.status.success());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1);
}

/// The output renamed into place has the mode of a file the user creates, and a file
/// replaced keeps its own.
#[cfg(unix)]
#[test]
fn output_file_mode_is_a_new_files_or_the_replaced_files() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = TempDir::new("outmode");
    let input = dir.file("a.jsonl", b"{\"id\": 1, \"text\": \"Kept, she said.\"}\n");
    let reference = dir.file("reference.txt", b"");
    let out = dir.path().join("new.bib");
    assert!(run(&["extract", &input, "-o", out.to_str().unwrap()]).status.success());
    assert_eq!(mode(&out), mode(Path::new(&reference)), "as File::create makes it");
    let old = dir.path().join("old.bib");
    std::fs::write(&old, "").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(run(&["extract", &input, "-o", old.to_str().unwrap()]).status.success());
    assert_eq!(mode(&old), 0o640);
    assert!(std::fs::read_to_string(&old).unwrap().contains("@article"));
}

#[test]
fn crawler_exports_with_field_overrides() {
    let dir = TempDir::new("crawler");
    let np = dir.file(
        "np.jsonl",
        br#"{"maintext": "\u201cThe bridge opens in June,\u201d said Ana Ortiz.", "title": "Bridge", "authors": ["Jo Park"], "date_publish": "2019-11-20 05:27:00", "url": "https://n.example/bridge", "source_domain": "n.example", "language": "en"}
{"maintext": "Same url again, he said.", "url": "https://n.example/bridge"}
"#,
    );
    let docs = lines(&run(&["extract", "--format", "jsonl", &np]));
    assert_eq!(docs[0]["id"], "https://n.example/bridge");
    assert_eq!(docs[1]["id"], "https://n.example/bridge-2", "ids are unique in a run");
    assert_eq!(docs[0]["article"]["date"], "2019-11-20");
    assert_eq!(docs[0]["article"]["publisher"], "n.example");
    assert_eq!(docs[0]["quotes"][0]["speaker"]["name"], "Ana Ortiz");
    let custom =
        dir.file("c.jsonl", br#"{"uid": "x1", "story": {"body": "It rained, she said."}}"#);
    let o = run(&[
        "extract",
        "--format",
        "jsonl",
        "--text-field",
        "story.body",
        "--id-field",
        "uid",
        &custom,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(lines(&o)[0]["id"], "x1");
    let o = run(&["extract", "--format", "jsonl", "--text-field", "nope", &custom]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(lines(&o)[0]["error"]["kind"], "missing-field");
}

/// A tiny HTTP server on 127.0.0.1 for `n` requests: `/page` (Latin-1), `/moved` (a
/// redirect to `/page`), `/slow` (answers after three seconds), anything else 404.
fn serve(n: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let body: Vec<u8> = b"<html><head><title>Rates</title></head><body><article><p>\"The caf\xe9 will stay open all winter,\" said Marta Kovane, who runs it, on a cold morning by the sea.</p><p>Her regulars said they were glad to hear it.</p></article></body></html>".to_vec();
            let response = match path.as_str() {
                "/page" => {
                    let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                    r.extend(&body);
                    r
                }
                "/moved" => b"HTTP/1.1 302 Found\r\nLocation: /page\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                "/slow" => {
                    std::thread::sleep(Duration::from_secs(3));
                    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}")
}

#[test]
fn urls_are_fetched_with_redirects_charsets_and_clear_errors() {
    let base = serve(4);
    let moved = format!("{base}/moved");
    let missing = format!("{base}/missing");
    let o = run(&["extract", "--format", "jsonl", "--with-text", &moved, &missing]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let docs = lines(&o);
    assert_eq!(docs.len(), 2);
    let d = &docs[0];
    assert_eq!(d["id"], moved.as_str());
    assert_eq!(d["article"]["url"], moved.as_str(), "the URL asked for is the article's URL");
    assert_eq!(d["article"]["title"], "Rates");
    assert!(d["text"].as_str().unwrap().contains("café"), "the charset is honoured: {d}");
    assert_eq!(d["quotes"][0]["speaker"]["name"], "Marta Kovane");
    let e = &docs[1];
    assert_eq!(e["error"]["kind"], "http");
    assert_eq!(e["error"]["path"], missing.as_str());
    assert!(e["error"]["message"].as_str().unwrap().contains("404"), "{e}");
    assert!(stderr(&o).contains(&missing), "{}", stderr(&o));
    // A time limit.
    let slow = format!("{base}/slow");
    let o = run(&["extract", "--format", "jsonl", "--timeout", "1", &slow]);
    assert_eq!(o.status.code(), Some(1));
    let e = &lines(&o)[0];
    assert_eq!(e["error"]["kind"], "http");
    assert!(e["error"]["message"].as_str().unwrap().to_lowercase().contains("time"), "{e}");
    // Nothing listens on a closed port.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let o = run(&["extract", "--format", "jsonl", &format!("http://{closed}/x")]);
    assert_eq!(lines(&o)[0]["error"]["kind"], "http");
}

#[test]
fn progress_stays_off_when_not_a_terminal() {
    let o = cmd()
        .args(["extract", "--format", "jsonl", XINHUA])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = stderr(&o);
    // Only the summary line: no bar, no carriage returns.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains('\r'), "{err}");
    assert!(err.starts_with("quotecite: 1 documents, 0 errors"), "{err}");
    assert!(!stdout(&o).is_empty());
}
