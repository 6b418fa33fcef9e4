#!/usr/bin/env python3
"""Seed corpora for the fuzz targets from the bundled articles and expected outputs.

    python3 fuzz/seed.py        # writes fuzz/corpus/<target>/ (gitignored), idempotent

Every target gets inputs in its own format, made from fixtures/articles and
tests/articles: the files as they are (text, Markdown, the scanner and the pipelines),
one JSON Lines line per article, each article as an HTML page, the pages as WARC
response records, the inputs compressed (with the two leading mode bytes the
read_compressed target expects), several documents joined by NUL (export), and the
expected BibLaTeX, BibTeX, CSL-JSON and JSON outputs of fixtures/expected (keys).
"""

import glob
import hashlib
import html
import json
import os
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def page(title, text):
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title>"
            f"<meta property=\"og:url\" content=\"https://news.example/{zlib.crc32(title.encode())}\">"
            f"<meta name=\"author\" content=\"Ruth Amberly\">"
            f"<meta property=\"article:published_time\" content=\"2024-05-14\"></head>\n"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{html.escape(title)}</h1>\n"
            f"{paras}</article><footer>Share this</footer></body></html>\n").encode()


def warc(pages):
    out = [b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"]
    for i, p in enumerate(pages):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + p
        out.append(b"WARC/1.0\r\nWARC-Type: response\r\n"
                   + f"WARC-Record-ID: <urn:uuid:r-{i}>\r\n".encode()
                   + b"Content-Type: application/http; msgtype=response\r\n"
                   + f"WARC-Target-URI: https://news.example/a{i}\r\n".encode()
                   + b"WARC-Date: 2024-05-14T10:00:00Z\r\n"
                   + f"Content-Length: {len(http)}\r\n\r\n".encode() + http + b"\r\n\r\n")
    return b"".join(out)


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "fixtures/articles/*"))
                   + glob.glob(os.path.join(ROOT, "tests/articles/*.md"))
                   + glob.glob(os.path.join(ROOT, "tests/articles/*.txt")))
    docs = [(os.path.basename(f), open(f, "rb").read()) for f in files]
    pages = []
    for name, data in docs:
        text = data.decode("utf-8", "replace")
        title = text.lstrip("# ").split("\n", 1)[0][:80]
        for t in ["scan", "read_text", "pipeline_text"]:
            put(t, data)
        if name.endswith(".md"):
            for t in ["read_markdown", "pipeline_markdown", "export"]:
                put(t, data)
        line = json.dumps({"id": name.split(".")[0], "title": title, "text": text,
                           "url": f"https://news.example/{name}", "date": "2024-05-14"},
                          ensure_ascii=False).encode() + b"\n"
        put("read_jsonl", line)
        p = page(title, text)
        pages.append(p)
        put("read_html", p)
        put("read_warc", warc([p]))
        for mode, body in [(0, data), (1, data), (4, line), (5, line), (6, p), (8, warc([p]))]:
            put("read_compressed", bytes([mode, 0]) + body)
    put("read_jsonl", b"".join(json.dumps({"id": n, "text": d.decode("utf-8", "replace")},
                                          ensure_ascii=False).encode() + b"\n" for n, d in docs))
    put("read_warc", warc(pages[:4]))
    md = [d for n, d in docs if n.endswith(".md")]
    for i in range(0, len(md) - 1, 2):
        put("export", md[i] + b"\0" + md[i + 1])
    put("export", b"\0".join(md[:4]))
    for snap in glob.glob(os.path.join(ROOT, "fixtures/expected/*.snap")):
        body = open(snap, "rb").read()
        # insta's header: "---\n...\n---\n" before the snapshot itself.
        if body.startswith(b"---\n"):
            body = body.split(b"\n---\n", 1)[-1]
        if any(k in snap for k in ["biblatex", "bibtex", "csl-json", "json"]):
            put("keys", body)
    for t in sorted(os.listdir(CORPUS)):
        print(f"{t}: {len(os.listdir(os.path.join(CORPUS, t)))} seeds")


if __name__ == "__main__":
    main()
