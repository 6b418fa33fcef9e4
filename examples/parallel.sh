#!/usr/bin/env bash
# quotecite under GNU parallel: a JSON Lines collection cut into blocks at line ends,
# one quotecite per block, the results kept in input order (-k). Checks that the
# results are those of a single quotecite run over the whole file.
#
#   examples/parallel.sh [INPUT.jsonl]   (default: a small generated collection)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${QUOTECITE_BIN:-$PWD/target/release/quotecite}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=${1:-}
if [ -z "$input" ]; then
  input="$work/in.jsonl"
  python3 benches/collection.py "$input" 2
  printf '{"id": "bad-json", "text": \n' >> "$input"
fi
parallel --pipepart -a "$input" --block 256k -k \
  "$bin" extract --input-format jsonl --format jsonl -q -j 1 > "$work/parallel.jsonl" 2> /dev/null || true
"$bin" extract --input-format jsonl --format jsonl -q "$input" > "$work/single.jsonl" 2> /dev/null || true
inputs=$(grep -c . "$input")
results=$(wc -l < "$work/parallel.jsonl")
echo "parallel: $inputs inputs, $results results"
[ "$inputs" -eq "$results" ] || { echo "parallel: expected $inputs results, found $results"; exit 1; }
# Error records name standard input under parallel, the file in a single run.
sed 's/"path":"[^"]*"/"path":"-"/; s/"id":"[^"]*:\([0-9]*\)"/"id":"line"/' "$work/parallel.jsonl" > "$work/p.norm"
sed 's/"path":"[^"]*"/"path":"-"/; s/"id":"[^"]*:\([0-9]*\)"/"id":"line"/' "$work/single.jsonl" > "$work/s.norm"
grep -v '"error"' "$work/p.norm" | cmp - <(grep -v '"error"' "$work/s.norm") || { echo "parallel: results differ from a single run"; exit 1; }
