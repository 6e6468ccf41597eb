# Sourced by bench.sh and bench-series.sh: the performance targets, and the lines that judge
# figures against them. bench-series.sh reads bench.sh's figures back from these lines, by their
# text up to the figure, so change a label here and nowhere else.
#
#   . loadtest/targets.sh; judge_targets ECHO_README ECHO_TUNED PEERS_README PEERS_TUNED P99_US
#
# A figure is a number, empty (not measured: no line), or a word saying why it was not judged
# (bench.sh passes "generator-bound" when the load generator, not the server, set the pace).
TARGET_RATIO_echo_readme=0.8 TARGET_RATIO_echo_tuned=0.9 TARGET_RATIO_peers=0.7 TARGET_P99_US=1000
LABEL_echo_readme='echo, node as the README runs it: node/floor replies/s'
LABEL_echo_tuned='echo, node tuned (--cpus, --busy-poll): node/floor replies/s'
LABEL_peers_readme='verified peers, node as the README runs it: node/floor replies/s'
LABEL_peers_tuned='verified peers, node tuned (--cpus, --busy-poll): node/floor replies/s'
LABEL_p99='p99 at half the node'"'"'s echo peak (C probe, spread):'

# verdict VALUE RELATION LIMIT: "met", "not met", or "not judged (VALUE)" when VALUE is no number.
verdict() { awk -v v="$1" -v r="$2" -v l="$3" 'BEGIN {
  if (v !~ /^[0-9.]+$/) print "not judged (" v ")"
  else if ((r == ">=" && v + 0 >= l + 0) || (r == "<=" && v + 0 <= l + 0)) print "met"
  else print "not met" }'; }

# judge LABEL VALUE RELATION LIMIT [UNIT]: one line, or none when VALUE is empty.
judge() {
  [ -n "$2" ] || return 0
  printf '  %s %s%s, target %s %s%s: %s\n' "$1" "$2" "${5:-}" "$3" "$4" "${5:-}" "$(verdict "$2" "$3" "$4")"
}

judge_targets() {
  judge "$LABEL_echo_readme" "${1:-}" '>=' "$TARGET_RATIO_echo_readme"
  judge "$LABEL_echo_tuned" "${2:-}" '>=' "$TARGET_RATIO_echo_tuned"
  judge "$LABEL_peers_readme" "${3:-}" '>=' "$TARGET_RATIO_peers"
  judge "$LABEL_peers_tuned" "${4:-}" '>=' "$TARGET_RATIO_peers"
  judge "$LABEL_p99" "${5:-}" '<=' "$TARGET_P99_US" ' us'
  return 0
}
