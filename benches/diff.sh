#!/usr/bin/env bash
# The annual refresh benchmark: a 100,000-item corpus and its refresh a year on (`corpus
# --refresh`: a priority renamed, one removed, an objective removed while links to it stay, 5%
# of links to objectives re-pointed, one budget line in ten with a new amount), then
# `planalign diff` of the two against one `check` of one side, side by side with hyperfine,
# and the peak memory of each (/usr/bin/time -v). The bound (issue 15): the diff takes at most
# 2.5 times the check's time and memory. Prints a Markdown report.
#
#   benches/diff.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release --quiet --bin planalign
cargo build --quiet --example corpus
bin=target/release/planalign
target/debug/examples/corpus 100000 "$work/old" >/dev/null
target/debug/examples/corpus 100000 "$work/new" --refresh >/dev/null
check="$bin check $work/new --as-of 2026-01-01 --format json"
diff="$bin diff $work/old $work/new --as-of 2026-01-01 --format json"
echo "## planalign diff of a 100,000-item refresh"
echo
echo "- $({ $diff 2>/dev/null || true; } | python3 -c 'import json,sys,collections; d=json.load(sys.stdin); print(d["summary"], dict(collections.Counter(c["change"] for c in d["changes"])))')"
echo
# Both exit 1 (errors; breaking changes): that is expected here.
hyperfine --style basic --warmup 1 --runs "${RUNS:-10}" -i --export-markdown "$work/times.md" \
  -n "check one side" "$check" -n "diff of both" "$diff" >/dev/null
cat "$work/times.md"
echo
for name in check diff; do
  cmd=${!name}
  kb=$({ /usr/bin/time -v $cmd >/dev/null 2>"$work/time.txt" || true; }; grep 'Maximum resident' "$work/time.txt" | awk '{print $NF}')
  echo "- peak memory, $name: $((kb / 1024)) MiB"
done
