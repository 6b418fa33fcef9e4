#!/usr/bin/env bash
# Whole-process throughput and peak memory on a large JSON Lines collection built from
# the fixture articles: MB/s with 1 and 2 threads (median of RUNS runs) and the peak
# resident set size from /usr/bin/time -v.
#
#   benches/collection.sh [SIZE_MB (default 1000)] [RUNS (default 3)]
#
# Needs a release build (cargo build --release) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1000}
runs=${2:-3}
work=${TMPDIR:-/tmp}/quotecite-collection
mkdir -p "$work"
input="$work/collection-${size}mb.jsonl"
[ -f "$input" ] || python3 benches/collection.py "$input" "$size"
bin=${QUOTECITE_BIN:-target/release/quotecite}
bytes=$(stat -c %s "$input")
for j in 1 2; do
  rates=()
  for r in $(seq "$runs"); do
    /usr/bin/time -v "$bin" extract -q -j "$j" --format jsonl "$input" -o /dev/null 2> "$work/time-$j-$r.txt"
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time-$j-$r.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$j-$r.txt")
    rate=$(python3 -c "print(f'{$bytes/1e6/$secs:.2f}')")
    echo "-j $j run $r: ${secs}s, $rate MB/s, peak RSS $((rss / 1024)) MB"
    rates+=("$rate")
  done
  median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "-j $j: median $median MB/s over $runs runs on $((bytes / 1000000)) MB"
done
