#!/usr/bin/env bash
# Makes the seed corpus of every fuzz target from the plans, rules and configuration files
# in the repository (plans/, rules/, templates/ and tests/fixtures/), in fuzz/corpus/TARGET.
# Nothing it makes is committed: run it again after a checkout. Each seed is named by its
# SHA-1, so running it twice adds nothing, and seeds the fuzzer found are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
mkdir -p "$corpus"/{markdown,yaml,tables,values,rules,config,check}

# seed TARGET: stdin becomes one seed of TARGET.
seed() {
  local tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -s "$tmp" ]; then
    mv "$tmp" "$corpus/$1/$(sha1sum "$tmp" | cut -c1-40)"
  else
    rm -f "$tmp"
  fi
}

sources() { find plans rules templates tests/fixtures -type f "$@" | LC_ALL=C sort; }

# Markdown plans, whole; and each one's pipe tables (the lines starting with `|`).
while IFS= read -r f; do
  seed markdown <"$f"
  grep '^[[:space:]]*|' "$f" | seed tables || true
done < <(sources -name '*.md')

# YAML files: plans for the yaml target, rule files, planalign.yaml.
while IFS= read -r f; do
  case "$f" in
    */planalign.yaml) seed config <"$f" ;;
    rules/* | */rules/*) seed rules <"$f" ;;
    *) seed yaml <"$f" ;;
  esac
done < <(sources \( -name '*.yaml' -o -name '*.yml' \))

# Values: every date and amount written in a plan, and the forms the messages list.
sources -path '*plans/*' |
  xargs -d '\n' grep -ohE '(due|period|reviewed|start|end|amount|budget|cost|date|by|from|until)[a-z_]*[:=] *[^|}#]+' |
  sed -E 's/^[a-z_]+[:=] *//; s/[[:space:]]+$//' | LC_ALL=C sort -u |
  while IFS= read -r value; do printf '%s' "$value" | seed values; done
grep -ohE '\| *[-−]?£?[0-9][0-9.,]*(k|m|bn)? *\|' -r plans tests/fixtures |
  tr -d '| ' | LC_ALL=C sort -u |
  while IFS= read -r value; do printf '%s' "$value" | seed values; done
for value in 2011-03-31 2010/11 1999/00 'Q3 2010/11' 2010/11-2012/13 \
  2010-04-01..2013-03-31 1234567 '£1,234,567' '£67.4m' '£250k' '£1.2bn' '-£1,250.50' '−£3k'; do
  printf '%s' "$value" | seed values
done

# Whole repositories for the check target: each folder holding plans/, its files joined
# with a `===== NAME` line before each (fuzz/src/lib.rs, split_files).
repository() {
  local root=$1
  (cd "$root" && find . -type f \( -name '*.md' -o -name '*.yaml' -o -name '*.yml' \) |
    sed 's|^\./||' | LC_ALL=C sort |
    while IFS= read -r f; do printf '===== %s\n' "$f"; cat "$f"; done)
}
{
  for f in planalign.yaml rules/*.yaml plans/*; do
    [ -f "$f" ] && { printf '===== %s\n' "$f"; cat "$f"; }
  done
} | seed check
while IFS= read -r dir; do
  repository "$(dirname "$dir")" | seed check
done < <(find tests/fixtures -type d -name plans | LC_ALL=C sort)

for target in markdown yaml tables values rules config check; do
  printf '%-9s %4d seeds\n' "$target" "$(find "$corpus/$target" -type f | wc -l)"
done
