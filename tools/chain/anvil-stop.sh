#!/usr/bin/env bash
# Stops the anvil started by anvil-start.sh, by its pid: SIGTERM (anvil writes its --state file), then
# SIGKILL after 5 s. Usage: tools/chain/anvil-stop.sh [RUN_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run_dir="${1:-$here/.run}"
pid_file="$run_dir/anvil.pid"
[ -f "$pid_file" ] || { echo "no anvil pid file in $run_dir"; exit 0; }
pid="$(cat "$pid_file")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
fi
rm -f "$pid_file" "$run_dir/anvil.url"
echo "anvil stopped (pid $pid)"
