#!/usr/bin/env bash
# planalign's benchmarks: generates corpora of 1,000, 10,000 and 100,000 items (and 100,000
# with 5% dangling references), then measures `planalign check --format json` against the
# parse floor with hyperfine (mean, median, range and CPU time of RUNS runs, 30 unless set,
# spread over ROUNDS rounds), the peak memory of each check, and, when TRLC is installed, TRLC
# on the same graph. Prints a Markdown report; BENCHMARKS.md holds the last one.
#
# With valgrind installed it also counts the instructions the check and the floor execute on
# the 10,000-item corpus, a measure that does not move with the machine's load.
# TRLC_100K=1 adds TRLC on the 100,000-item corpus, which takes it about a minute.
# BASELINE=path/to/an/older/planalign adds that binary's checks of the two 100,000-item
# corpora to the same hyperfine run, so that old and new are measured side by side.
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
# Each command is named, then given: hyperfine -n NAME COMMAND.
commands=()
for c in c1000 c10000 c100000 c100000-dangling; do
  commands+=("check $c" "$bin check $work/$c --as-of 2026-01-01 --format json")
done
for c in c10000 c100000; do
  commands+=("floor $c" "target/release/examples/floor $work/$c")
done
if [[ -n ${BASELINE:-} ]]; then
  for c in c100000 c100000-dangling; do
    commands+=("baseline $c" "$BASELINE check $work/$c --as-of 2026-01-01 --format json")
  done
fi
# The machine's speed drifts, over seconds as well as minutes, so the runs are spread over
# ROUNDS rounds (10 unless set), each running every command a few times in turn, in the
# opposite order from the round before. In blocks of 30 runs one after another, one build of
# the check once timed 0.38 s and, minutes later, 0.52 s; in rounds of 8 runs it came out 17%
# faster than an older build, and run by run in turn, 8% faster.
rounds=${ROUNDS:-10}
per_round=$(( (${RUNS:-30} + rounds - 1) / rounds ))
rm -f "$work"/times-*.json
for round in $(seq "$rounds"); do
  args=()
  for ((i = 0; i < ${#commands[@]}; i += 2)); do
    if (( round % 2 )); then
      args+=(-n "${commands[i]}" "${commands[i + 1]}")
    else
      args=(-n "${commands[i]}" "${commands[i + 1]}" "${args[@]}")
    fi
  done
  hyperfine --warmup 1 --runs "$per_round" --ignore-failure --style none 2>/dev/null \
    --export-json "$work/times-$round.json" "${args[@]}" >/dev/null
done
python3 - "$work"/times-*.json <<'PY'
import json, statistics, sys
runs, cpu = {}, {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        runs.setdefault(r["command"], []).extend(r["times"])
        cpu.setdefault(r["command"], []).append(r["user"] + r["system"])
print("| command | mean | median | min … max | CPU (user + system) |")
print("|---|---:|---:|---:|---:|")
for name, times in runs.items():
    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"| {name} | {ms(statistics.mean(times))} ± {statistics.stdev(times) * 1000:.1f} "
          f"| {ms(statistics.median(times))} | {ms(min(times))} … {ms(max(times))} "
          f"| {ms(statistics.mean(cpu[name]))} |")
median = {name: statistics.median(times) for name, times in runs.items()}
print()
print(f"- check / floor at 100,000 items, by median: "
      f"{median['check c100000'] / median['floor c100000']:.2f}")
if "baseline c100000" in median:
    print(f"- baseline / floor at 100,000 items, by median: "
          f"{median['baseline c100000'] / median['floor c100000']:.2f}")
PY
echo

echo "## Where the time goes (check c100000, PLANALIGN_TIMINGS=1, mean of 10 runs)"
echo
# check exits 1 on the injected errors; the phases it writes are what matter here.
for _ in $(seq 10); do
  { PLANALIGN_TIMINGS=1 "$bin" check "$work/c100000" --as-of 2026-01-01 --format json 2>&1 \
    >/dev/null || true; } | sed -n 's/^planalign: timing: //p'
done | awk -F': ' '{ sub(/ ms$/, "", $2); if (!($1 in sum)) order[n++] = $1; sum[$1] += $2; runs[$1]++ }
  END { for (i = 0; i < n; i++) printf "- %s: %.1f ms\n", order[i], sum[order[i]] / runs[order[i]] }'
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

if command -v valgrind >/dev/null 2>&1; then
  echo "## Instructions executed (callgrind, c10000)"
  echo
  # Wall time on a shared machine moves by 10-15% between runs; the number of instructions
  # executed moves by less than 0.1%, so it compares planalign's own work with the floor's
  # closely. It leaves out what memory costs (page faults, cache misses), which wall time
  # includes.
  # check exits 1 on the injected errors.
  count() {
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
      2>&1 >/dev/null || true; } | sed -n 's/.*Collected : //p'
  }
  check=$(count "$bin" check "$work/c10000" --as-of 2026-01-01 --format json)
  floor=$(count target/release/examples/floor "$work/c10000")
  echo "- check c10000: $check instructions"
  echo "- floor c10000: $floor instructions"
  python3 -c "print(f'- check / floor: {$check / $floor:.2f}')"
  echo
fi

if command -v trlc >/dev/null 2>&1; then
  echo "## TRLC on the same graph"
  echo
  sizes=(1000 10000)
  # TRLC takes about a minute on the 100,000-item corpus: only when asked for.
  [[ -n ${TRLC_100K:-} ]] && sizes+=(100000)
  for n in "${sizes[@]}"; do
    "$bin" graph "$work/c$n" | python3 benches/trlc_corpus.py "$work/trlc$n" >/dev/null
    /usr/bin/time -o "$work/time" -f "%e s, %M KB" trlc "$work/trlc$n" >/dev/null 2>&1
    echo "- trlc, $n items: $(tail -1 "$work/time")"
  done
fi
