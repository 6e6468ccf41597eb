# Sourced by bench.sh, tail-attribution.sh and transport-share.sh for their pinned mode: splits the
# CPUs this shell may run on (taskset's list, so a restricted shell or cgroup is respected) into the
# last N for the servers and the rest for the load generators. Sets SERVER_CPUS and LOAD_CPUS
# (taskset -c lists), or says why not and exits 2.
#
#   . loadtest/pin-split.sh; pin_split N
pin_split() {
  local n=$1 cpus
  mapfile -t cpus < <(taskset -c -p $$ | sed 's/.*: //' | tr ',' '\n' |
    awk -F- '{for (c = $1; c <= ($2 == "" ? $1 : $2); c++) print c}')
  if [ "${#cpus[@]}" -le "$n" ]; then
    echo "pinning needs more than $n CPUs for the servers and the load, this process may use ${#cpus[@]}" >&2
    exit 2
  fi
  SERVER_CPUS=$(IFS=,; echo "${cpus[*]: -$n}")
  LOAD_CPUS=$(IFS=,; echo "${cpus[*]:0:${#cpus[@]}-$n}")
}
