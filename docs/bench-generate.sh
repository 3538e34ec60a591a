#!/bin/sh
# Generator benchmark: builds ~1 MB and ~10 MB inputs from copies of the seed documents
# and times `quiznight generate` on them (release build). Usage, from the repo root:
#   cargo build --release && sh docs/bench-generate.sh [../shared/seeds]
set -eu
SEEDS=${1:-../shared/seeds}
BIN=${BIN:-target/release/quiznight}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for size in 1 10; do
    dir="$TMP/${size}mb"
    mkdir -p "$dir"
    copies=$((size * 1024 * 1024 / $(cat "$SEEDS"/*.txt | wc -c) + 1))
    i=0
    while [ "$i" -lt "$copies" ]; do
        for f in "$SEEDS"/*.txt; do cp "$f" "$dir/$i-$(basename "$f")"; done
        i=$((i + 1))
    done
    bytes=$(cat "$dir"/*.txt | wc -c)
    echo "== $size MB input: $copies copies of the seeds, $bytes bytes"
    /usr/bin/time -f "wall %e s, max RSS %M KB" "$BIN" generate "$dir" --topic "La La Land" -o "$TMP/out.toml" -q
done
echo "== seeds alone"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$BIN" generate "$SEEDS" --topic "La La Land" -o "$TMP/out.toml" -q
