#!/usr/bin/env python3
"""Build a JSON Lines collection of news articles from the bundled fixture articles.

    python3 benches/collection.py OUT.jsonl SIZE_MB [--gzip]

Each record is one fixture article (`id`, `title`, `text`, `lang`), the articles taken in
turn with a running number in the id, until the file holds SIZE_MB megabytes. The text
is the fixture's own text, unchanged, so quotations and speakers are those of the
fixtures. Used by benches/collection.sh for whole-process throughput and memory.
"""
import gzip
import json
import os
import sys


def main():
    out, size_mb = sys.argv[1], float(sys.argv[2])
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, "..", "fixtures", "articles")
    articles = []
    for name in sorted(os.listdir(folder)):
        if name.endswith((".md", ".txt")):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                articles.append((name.rsplit(".", 1)[0], f.read()))
    limit = int(size_mb * 1e6)
    opener = gzip.open if "--gzip" in sys.argv else open
    written, n = 0, 0
    with opener(out, "wt", encoding="utf-8") as f:
        while written < limit:
            stem, text = articles[n % len(articles)]
            line = json.dumps({"id": f"{stem}-{n}", "text": text, "lang": "de" if stem.endswith("-de") else "en"},
                              ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{out}: {n} records, {written / 1e6:.1f} MB of JSON Lines", file=sys.stderr)


if __name__ == "__main__":
    main()
