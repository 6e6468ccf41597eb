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
# The targets as bench.sh states them on its own verdict lines.
target() { sed -n "s/.*$1.*target [<>]= \([0-9.]*\).*/\1/p" "$OUT/bench-1.log" | head -1; }
awk -v n="$N" -v te="$(target 'echo  node')" -v tp="$(target 'peers node')" -v tl="$(target 'p99 at half')" '
  function median(col,   i, j, k, t, v, m) {
    m = 0
    for (i = 1; i <= NR; i++) if (f[i, col] ~ /^[0-9.]+$/) v[++m] = f[i, col] + 0
    for (i = 2; i <= m; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    if (m == 0) return "n/a"
    k = int((m + 1) / 2); return m % 2 ? v[k] : (v[k] + v[k + 1]) / 2
  }
  function verdict(v, rel, lim) { return v == "n/a" ? "n/a" : ((rel == ">=" ? v >= lim : v <= lim) ? "met" : "not met") }
  { for (c = 1; c <= 5; c++) f[NR, c] = $c; if ($5 == 3) all++ }
  END {
    printf "== %d of %d invocations met all three targets\n", all, n
    printf "== medians over the %d invocations\n", n
    e = median(1); p = median(2); l = median(3)
    printf "  echo  node/floor replies/s %s, target >= %s: %s\n", e, te, verdict(e, ">=", te + 0)
    printf "  peers node/floor replies/s %s, target >= %s: %s\n", p, tp, verdict(p, ">=", tp + 0)
    printf "  p99 at half the peak (C probe, spread) %s us, target <= %s us: %s\n", l, tl, verdict(l, "<=", tl + 0)
  }' "$OUT/figures"
echo "== logs in $OUT"
