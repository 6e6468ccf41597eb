#!/usr/bin/env bash
# A series of bench.sh invocations, one after the other, judged together. This machine's speed
# moves from one minute to the next (docs/benchmarks.md, "The eleventh look"), and one invocation
# sees 7-8 minutes of it. The series prints a line per invocation (the three figures the targets are
# judged on, and the half rate), how many invocations met all three targets, and the median of each
# figure over the invocations, judged against the same targets. Loopback only, as bench.sh.
#
#   loadtest/bench-series.sh N [bench.sh arguments]      e.g. loadtest/bench-series.sh 4 --pin --busy-poll 1000
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
# figure LOG PATTERN: the number after PATTERN on the last line of LOG that has it, or n/a.
figure() { sed -n "s/.*$2 \([0-9.]*\).*/\1/p" "$1" | tail -1 | grep . || echo n/a; }
for i in $(seq 1 "$N"); do
  echo "== invocation $i of $N, $(date -u +%H:%M) UTC: loadtest/bench.sh $*"
  loadtest/bench.sh "$@" > "$OUT/bench-$i.log" 2>&1 || { echo "bench.sh failed, see $OUT/bench-$i.log" >&2; exit 1; }
  log=$OUT/bench-$i.log
  printf '%s %s %s %s %s\n' "$(figure "$log" 'echo  node\/floor replies\/s')" "$(figure "$log" 'peers node\/floor replies\/s')" \
    "$(figure "$log" 'spread)')" "$(figure "$log" "node's peak:")" "$(grep -c ': met$' "$log" || true)" >> "$OUT/figures"
  tail -1 "$OUT/figures" | awk '{printf "   echo %s  peers %s  p99 %s us at %s/s  targets met: %s of 3\n", $1, $2, $3, $4, $5}'
done
echo
# median: the median of the numbers on standard input (the mean of the middle two for an even count).
median() { { grep -E '^[0-9.]+$' || true; } | sort -g | awk '{a[NR] = $1}
  END {if (!NR) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# figure_median COLUMN: the median of that column of the figures, one line per invocation.
figure_median() { cut -d' ' -f"$1" "$OUT/figures" | median; }
echo "== $(awk '$5 == 3' "$OUT/figures" | wc -l) of $N invocations met all three targets"
echo "== medians over the $N invocations"
judge_targets "$(figure_median 1)" "$(figure_median 2)" "$(figure_median 3)"
echo "== logs in $OUT"
