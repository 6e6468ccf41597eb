# Sourced by bench.sh and bench-series.sh: the performance issue's three targets, and the lines that
# judge figures against them. bench-series.sh reads bench.sh's figures back from these lines.
#
#   . loadtest/targets.sh; judge_targets ECHO_RATIO PEERS_RATIO P99_US
TARGET_RATIO_echo=0.7 TARGET_RATIO_peers=0.6 TARGET_P99_US=1000

# verdict VALUE RELATION LIMIT: "met" or "not met" ("n/a" when VALUE was not measured).
verdict() { awk -v v="$1" -v r="$2" -v l="$3" 'BEGIN {
  if (v !~ /^[0-9.]+$/) print "n/a"; else if ((r == ">=" && v + 0 >= l + 0) || (r == "<=" && v + 0 <= l + 0)) print "met"; else print "not met" }'; }

# judge_targets ECHO PEERS P99: a line per figure that was given (an empty one is left out).
judge_targets() {
  [ -n "$1" ] && printf '  echo  node/floor replies/s %s, target >= %s: %s\n' "$1" "$TARGET_RATIO_echo" \
    "$(verdict "$1" '>=' "$TARGET_RATIO_echo")"
  [ -n "$2" ] && printf '  peers node/floor replies/s %s, target >= %s: %s\n' "$2" "$TARGET_RATIO_peers" \
    "$(verdict "$2" '>=' "$TARGET_RATIO_peers")"
  [ -n "$3" ] && printf '  p99 at half the peak (C probe, spread) %s us, target <= %s us: %s\n' "$3" "$TARGET_P99_US" \
    "$(verdict "$3" '<=' "$TARGET_P99_US")"
  return 0
}
