#!/usr/bin/env bash
# planalign's benchmarks: generates corpora of 1,000, 10,000 and 100,000 items (and 100,000
# with 5% dangling references), then measures `planalign check --format json` against the
# parse floor with hyperfine, the peak memory of each check, and, when TRLC is installed,
# TRLC on the same graph. Prints a Markdown report; BENCHMARKS.md holds the last one.
#
#   apt-get install hyperfine; pip install trlc    # once
#   benches/run.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release --quiet
cargo build --release --quiet --example corpus --example floor
bin=target/release/planalign

echo "## Corpora"
echo
for n in 1000 10000 100000; do
  echo "- $(target/release/examples/corpus "$n" "$work/c$n")"
done
echo "- $(target/release/examples/corpus 100000 "$work/c100000-dangling" --dangling 5) (5% dangling)"
echo

echo "## Findings (each must be exactly the injected defects)"
echo
for c in c1000 c10000 c100000 c100000-dangling; do
  # check exits 1 on the injected errors: that is expected here.
  counts=$({ "$bin" check "$work/$c" --as-of 2026-01-01 --format json 2>/dev/null || true; } \
    | python3 -c 'import json,sys,collections; d=json.load(sys.stdin); print(dict(collections.Counter(f["rule"] for f in d["findings"])))')
  echo "- $c: $counts"
done
echo

echo "## Wall time"
echo
args=()
for c in c1000 c10000 c100000 c100000-dangling; do
  args+=(-n "check $c" "$bin check $work/$c --as-of 2026-01-01 --format json")
done
args+=(-n "floor c100000" "target/release/examples/floor $work/c100000")
hyperfine --warmup 2 --runs 10 --ignore-failure --style none 2>/dev/null --export-markdown "$work/times.md" "${args[@]}" >/dev/null
cat "$work/times.md"
echo

echo "## Where the time goes (one run of check c100000, PLANALIGN_TIMINGS=1)"
echo
# check exits 1 on the injected errors; the phases it writes are what matter here.
{ PLANALIGN_TIMINGS=1 "$bin" check "$work/c100000" --as-of 2026-01-01 --format json 2>&1 >/dev/null \
  || true; } | sed -n 's/^planalign: timing: /- /p'
echo

echo "## Peak memory (maximum resident set size)"
echo
for c in c1000 c10000 c100000 c100000-dangling; do
  /usr/bin/time -o "$work/time" -f "%M" "$bin" check "$work/$c" --as-of 2026-01-01 --format json >/dev/null 2>&1 || true
  kb=$(tail -1 "$work/time")
  echo "- check $c: $((kb / 1024)) MB"
done
/usr/bin/time -o "$work/time" -f "%M" target/release/examples/floor "$work/c100000" >/dev/null
kb=$(tail -1 "$work/time")
echo "- floor c100000: $((kb / 1024)) MB"
echo

if command -v trlc >/dev/null 2>&1; then
  echo "## TRLC on the same graph"
  echo
  for n in 1000 10000; do
    "$bin" graph "$work/c$n" | python3 benches/trlc_corpus.py "$work/trlc$n" >/dev/null
    /usr/bin/time -o "$work/time" -f "%e s, %M KB" trlc "$work/trlc$n" >/dev/null 2>&1
    echo "- trlc, $n items: $(tail -1 "$work/time")"
  done
fi
