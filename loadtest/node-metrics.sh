# Sourced by the scripts that read a node's own counters. metric_sums PORT NAME...: for each NAME,
# the sum of its series (every label set) on the /metrics page at 127.0.0.1:PORT, on one line.
metric_sums() {
  local port=$1; shift
  curl -s -m 5 "http://127.0.0.1:$port/metrics" | awk -v names="$*" '
    BEGIN { n = split(names, want, " ") }
    match($0, /^[a-zA-Z_:][a-zA-Z0-9_:]*/) {
      name = substr($0, 1, RLENGTH)
      for (i = 1; i <= n; i++) if (name == want[i]) sum[i] += $NF
    }
    END { for (i = 1; i <= n; i++) printf "%s%.15g", (i > 1 ? " " : ""), sum[i] + 0; print "" }'
}
