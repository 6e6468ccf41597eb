# Sourced by the scripts that start a node. A fresh state directory (key, saved peers) for every
# node they start, so that no run re-probes an earlier run's peers; a build from before
# --state-dir gets none.
state_dir_args() {
  if java -jar "$1" --help 2>/dev/null | grep -q -- --state-dir; then
    echo "--state-dir $(mktemp -d /tmp/cjp2p-state.XXXXXX)"
  fi
}
