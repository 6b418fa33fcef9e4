#!/usr/bin/env bash
# Run examples/spark/quotes.py on a small generated collection (with two bad lines) in
# Spark local mode and check that every input line gives exactly one result line and
# that the bad lines come back as error records. Needs pyspark, Java 17 and a release
# build of quotecite.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/collection.py "$work/in.jsonl" 0.5
printf '{"id": "bad-json", "text": \n{"id": "no-text"}\n' >> "$work/in.jsonl"
python3 examples/spark/quotes.py "$work/in.jsonl" "$work/out" --partitions 4
inputs=$(wc -l < "$work/in.jsonl")
results=$(cat "$work"/out/part-* | wc -l)
errors=$(cat "$work"/out/part-* | grep -c '"error":' || true)
echo "spark: $inputs inputs, $results results, $errors error records"
[ "$inputs" -eq "$results" ] || { echo "spark: expected $inputs results, found $results"; exit 1; }
[ "$errors" -eq 2 ] || { echo "spark: expected 2 error records, found $errors"; exit 1; }
