#!/usr/bin/env bash
# A series of bench.sh invocations, one after the other, judged together. This machine's speed
# moves from one minute to the next (docs/benchmarks.md, "Known limits"), and one invocation
# sees several minutes of it. The series prints a line per invocation (the figures the targets are
# judged on, and the half rate), how many invocations met every target they judged, and the median
# of each figure over the invocations, judged against the same targets. Loopback only, as bench.sh.
#
#   loadtest/bench-series.sh N [bench.sh arguments]      e.g. loadtest/bench-series.sh 4 --runs 3
#
# Each invocation's whole output is kept in the series' directory (printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
. loadtest/targets.sh
N=${1:-}
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: loadtest/bench-series.sh N [bench.sh arguments] (N: how many invocations, at least 1)" >&2
  exit 2
fi
shift
OUT=$(mktemp -d /tmp/cjp2p-series.XXXXXX)
# figure LOG LABEL: the word after LABEL on the last line of LOG that has it, or n/a.
figure() {
  awk -v l="$2" 'index($0, l) {rest = substr($0, index($0, l) + length(l)); sub(/^ +/, "", rest)
    split(rest, w, /[ ,]/); v = w[1]} END {print (v == "" ? "n/a" : v)}' "$1"
}
for i in $(seq 1 "$N"); do
  echo "== invocation $i of $N, $(date -u +%H:%M) UTC: loadtest/bench.sh $*"
  loadtest/bench.sh "$@" > "$OUT/bench-$i.log" 2>&1 || { echo "bench.sh failed, see $OUT/bench-$i.log" >&2; exit 1; }
  log=$OUT/bench-$i.log
  # Columns: echo readme, echo tuned, peers readme, peers tuned, p99, half rate, targets met, targets judged.
  printf '%s %s %s %s %s %s %s %s\n' "$(figure "$log" "$LABEL_echo_readme")" "$(figure "$log" "$LABEL_echo_tuned")" \
    "$(figure "$log" "$LABEL_peers_readme")" "$(figure "$log" "$LABEL_peers_tuned")" "$(figure "$log" "$LABEL_p99")" \
    "$(figure "$log" "node's peak:")" "$(grep -c ': met$' "$log" || true)" "$(grep -c ', target [<>]= .*: ' "$log" || true)" >> "$OUT/figures"
  tail -1 "$OUT/figures" | awk '{printf "   echo %s / %s tuned  peers %s / %s tuned  p99 %s us at %s/s  targets met: %s of %s\n",
    $1, $2, $3, $4, $5, $6, $7, $8}'
done
echo
# median: the median of the numbers on standard input (the mean of the middle two for an even count).
median() { { grep -E '^[0-9.]+$' || true; } | sort -g | awk '{a[NR] = $1}
  END {if (NR % 2) print a[(NR + 1) / 2]; else if (NR) print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# figure_median COLUMN: the median over the invocations that gave a number; empty when no invocation
# measured it at all, "generator-bound" when some did and none gave a number.
figure_median() {
  local col m
  col=$(cut -d' ' -f"$1" "$OUT/figures")
  m=$(median <<< "$col")
  if [ -n "$m" ]; then echo "$m"; elif grep -qv '^n/a$' <<< "$col"; then echo generator-bound; fi
}
echo "== $(awk '$8 > 0 && $7 == $8' "$OUT/figures" | wc -l) of $N invocations met every target they judged"
echo "== medians over the $N invocations"
judge_targets "$(figure_median 1)" "$(figure_median 2)" "$(figure_median 3)" "$(figure_median 4)" "$(figure_median 5)"
echo "== logs in $OUT"
