#!/usr/bin/env bash
# Run fuzz targets one after another, each for SECONDS of wall-clock time, with the
# dictionary and the seed corpus; a crash is saved under fuzz/artifacts/<target>/ and
# the target is started again for the time left, so one finding does not end the run.
# Prints one line per target: executions, crashes, final coverage.
#
#   fuzz/run.sh [SECONDS (default 600)] [TARGET...]   (default: every target)
#
# Needs `cargo install cargo-fuzz` (it builds on stable with `-s none`, see README).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
[ -d fuzz/corpus ] || python3 fuzz/seed.py > /dev/null
cargo fuzz build -s none
bin=fuzz/target/x86_64-unknown-linux-gnu/release
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  mkdir -p "fuzz/artifacts/$t" "fuzz/corpus/$t"
  end=$(( $(date +%s) + secs ))
  execs=0 crashes=0 runs=0 cov=?
  log=fuzz/logs/$t.log
  : > "$log"
  while [ "$(date +%s)" -lt "$end" ]; do
    left=$(( end - $(date +%s) ))
    runs=$((runs + 1))
    "$bin/$t" "fuzz/corpus/$t" -dict=fuzz/quotecite.dict -max_total_time="$left" \
      -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 -timeout=30 -rss_limit_mb=4096 \
      > "$log.run" 2>&1
    rc=$?
    n=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log.run" | tail -1 | awk '{print $2}')
    # A crashed run prints no final stats: count its executions from its last status line.
    if [ "$rc" != 0 ]; then
      crashes=$((crashes + 1))
      n=$(grep -oE '^#[0-9]+' "$log.run" | tail -1 | tr -d '#')
    fi
    execs=$((execs + ${n:-0}))
    c=$(grep -oE 'cov: [0-9]+' "$log.run" | tail -1 | awk '{print $2}')
    cov=${c:-$cov}
    cat "$log.run" >> "$log"
    echo "--- run $runs ended with status $rc" >> "$log"
    # A crash on the seeds themselves would repeat at every start: stop this target.
    if [ "$rc" != 0 ] && ! grep -q INITED "$log.run"; then
      echo "$t: crashes on its seed corpus (see $log); fix that first" >&2
      break
    fi
  done
  rm -f "$log.run"
  echo "$t: ${secs} s, $execs executions, $crashes crashes ($runs runs), coverage $cov; log $log"
done
