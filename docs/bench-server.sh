#!/bin/bash
# One server benchmark run: a fresh `quiznight serve` and one `quiznight loadtest` against
# it, in a session of their own whose CPU priority is raised over other work on the box.
# Usage (after `cargo build --release`): sh docs/bench-server.sh PLAYERS ROOMS [loadtest options]
# Prints the loadtest's one-line JSON summary.
P=${1:?players}; R=${2:?rooms}; shift 2
B=${QUIZNIGHT_BIN:-target/release/quiznight}
exec setsid bash -c '
echo -15 > /proc/self/autogroup 2>/dev/null   # optional: needs root; a quiet box does without
ulimit -n 20000                                # 10,000 players = 10,000 sockets on each side
B=$0; P=$1; R=$2; shift 3
DATA=$(mktemp -d)
$B serve --addr 127.0.0.1:18090 --data "$DATA" --packs questions --max-players 20000 >/dev/null 2>&1 &
SRV=$!; sleep 1
$B loadtest --url http://127.0.0.1:18090 --players "$P" --rooms "$R" --questions 5 \
  --server-pid $SRV --json "$@" | tail -1
kill $SRV; wait; rm -rf "$DATA"' "$B" "$P" "$R" x "$@"
