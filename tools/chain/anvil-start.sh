#!/usr/bin/env bash
# Starts the anvil dev chain for the demo on a free 127.0.0.1 port and keeps its state in a file, so the
# demo chain survives restarts like a real chain. Prints the RPC URL. Stop it with anvil-stop.sh.
# Usage: tools/chain/anvil-start.sh [RUN_DIR]   (default: tools/chain/.run; holds anvil.pid, anvil.url, state.json)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run_dir="${1:-$here/.run}"
mkdir -p "$run_dir"
if [ -f "$run_dir/anvil.pid" ] && kill -0 "$(cat "$run_dir/anvil.pid")" 2>/dev/null; then
  echo "anvil already running (pid $(cat "$run_dir/anvil.pid")): $(cat "$run_dir/anvil.url")"; exit 0
fi
anvil="$(cd "$here" && node -p "require('path').join(require('path').dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json')), 'bin', 'anvil')")"
# Ask the kernel for a free port (bind to port 0), then hand it to anvil.
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
"$anvil" --host 127.0.0.1 --port "$port" --chain-id 31337 --hardfork prague --silent \
  --state "$run_dir/state.json" >"$run_dir/anvil.log" 2>&1 &
pid=$!
echo "$pid" >"$run_dir/anvil.pid"
url="http://127.0.0.1:$port"
echo "$url" >"$run_dir/anvil.url"
for _ in $(seq 1 100); do
  if curl -s -X POST -H 'content-type: application/json' \
      --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" | grep -q result; then
    echo "$url"; exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "anvil exited; see $run_dir/anvil.log" >&2; exit 1; }
  sleep 0.2
done
echo "anvil did not answer within 20 s; see $run_dir/anvil.log" >&2
kill "$pid" 2>/dev/null || true
exit 1
