#!/usr/bin/env bash
# Every output planalign gives, written to files, so that two builds can be compared byte for
# byte after a refactor: `check` in all six formats, `trace` of every item, `coverage` in all
# formats, `graph` in both formats (whole and around an item), `report`, `rules` and `explain`
# of every rule, each with its stderr and exit code. It runs on plans/, on every fixture and,
# with CORPORA=DIR, on the benchmark corpora in DIR (made by benches/run.sh or the corpus
# example: DIR/c100000 and DIR/c100000-dangling).
#
#   benches/outputs.sh OUT_DIR [PLANALIGN]      # PLANALIGN defaults to target/release/planalign
#   diff -r OLD_OUT NEW_OUT && echo identical
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: benches/outputs.sh OUT_DIR [PLANALIGN]}
bin=$(realpath "${2:-target/release/planalign}")
mkdir -p "$out"

# run NAME ARGS...: stdout to NAME.out, stderr to NAME.err, exit code to NAME.code.
run() {
  local name=$1
  shift
  local code=0
  "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err" || code=$?
  echo "$code" >"$out/$name.code"
}

# ids DIR AS_OF: every item id the check sees in DIR.
ids() {
  "$bin" graph "$1" --as-of "$2" --format dot 2>/dev/null |
    sed -n 's/^ *"\([^"]*\)" \[label.*/\1/p' || true
}

# one NAME DIR AS_OF [ALL_IDS]: every command on one folder of plans.
one() {
  local name=$1 dir=$2 as_of=$3 all_ids=${4:-yes}
  for format in human json sarif junit github markdown; do
    run "$name.check.$format" check "$dir" --as-of "$as_of" --format "$format" --color never
  done
  for format in human json csv; do
    run "$name.coverage.$format" coverage "$dir" --as-of "$as_of" --format "$format"
  done
  for format in dot mermaid; do
    run "$name.graph.$format" graph "$dir" --as-of "$as_of" --format "$format"
  done
  local list
  list=$(ids "$dir" "$as_of")
  if [[ $all_ids != yes ]]; then
    list=$(echo "$list" | awk 'NR % 5000 == 1')
  fi
  local id
  for id in $list NO-SUCH-ID; do
    local safe=${id//\//_}
    run "$name.trace.$safe.human" trace "$id" "$dir" --as-of "$as_of"
    run "$name.trace.$safe.json" trace "$id" "$dir" --as-of "$as_of" --format json
  done
  local first
  first=$(echo "$list" | head -n 1)
  if [[ -n $first ]]; then
    run "$name.graph.around.dot" graph "$dir" --as-of "$as_of" --around "$first" --depth 2
    run "$name.graph.around.mermaid" graph "$dir" --as-of "$as_of" --around "$first" \
      --depth 1 --format mermaid
  fi
  run "$name.report" report "$dir" --as-of "$as_of" -o "$out/$name.report.html"
  run "$name.rules" rules --path "$dir"
}

one plans plans 2011-01-04
for rule in $("$bin" rules | awk 'NR > 1 && $1 != "" {print $1}') no-such-rule; do
  run "explain.$rule" explain "$rule"
done
while IFS= read -r dir; do
  name=fixture.${dir#tests/fixtures/}
  one "${name//\//.}" "$dir" 2026-01-01
done < <(find tests/fixtures -mindepth 1 -maxdepth 3 -type d \
  \( -name fires -o -name passes -o -name council -o -name council-rule -o -name money \
  -o -name locations -o -name report-xss \) | sort)
if [[ -n ${CORPORA:-} ]]; then
  for c in c100000 c100000-dangling; do
    one "$c" "$CORPORA/$c" 2026-01-01 no
  done
fi
# The report names the file it wrote; keep the name the same whatever OUT_DIR is.
sed -i "s|$out/||g" "$out"/*.report.out
echo "outputs: $(find "$out" -type f | wc -l) files in $out"
