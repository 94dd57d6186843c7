#!/usr/bin/env bash
# Benchmark harness behind docs/benchmarks.md: how fast the sandbox starts and how long one
# reboot-server runbook takes end to end, and the engine's memory after it, over N runs.
# Usage: bench/startup-and-reboot.sh [runs]   (from the project root; needs curl, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
port=18080
password="bench-$(date +%s)"
out="target/bench"
mkdir -p "$out"

mvn -B -q -DskipTests package
jar=$(ls target/infra-runbooks-*.jar | grep -v original | head -1)

results=()
for run in $(seq 1 "$runs"); do
  rm -rf "$out/data"
  log="$out/run-$run.log"
  started_ns=$(date +%s%N)
  SANDBOX_ACCOUNTS_OPERATOR1_PASSWORD="$password" \
    java -jar "$jar" --server.port="$port" \
      --spring.datasource.url="jdbc:h2:file:./$out/data/runbooks" > "$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  until grep -q "Started RunbooksApplication" "$log"; do
    kill -0 "$pid" 2>/dev/null || { echo "engine died, see $log" >&2; exit 1; }
    sleep 0.2
  done
  ready_ns=$(date +%s%N)
  jvm_startup=$(sed -n 's/.*Started RunbooksApplication in \([0-9.]*\) seconds.*/\1/p' "$log")

  body='{"variables":{"hostname":{"value":"alibuild07"},"reason":{"value":"benchmark"}}}'
  submitted_ns=$(date +%s%N)
  id=$(curl -sf -u "operator1:$password" -H 'Content-Type: application/json' -d "$body" \
    "http://localhost:$port/engine-rest/process-definition/key/reboot-server/start" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  until curl -sf -u "operator1:$password" "http://localhost:$port/engine-rest/history/process-instance/$id" |
      grep -q '"state":"COMPLETED"'; do
    sleep 0.2
  done
  completed_ns=$(date +%s%N)
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

  kill "$pid"; wait "$pid" 2>/dev/null || true
  trap - EXIT
  results+=("$(python3 -c "print(f'| {$run} | {($ready_ns-$started_ns)/1e9:.1f} | {$jvm_startup} | {($completed_ns-$submitted_ns)/1e9:.1f} | {$rss_kb/1024:.0f} |')")")
done

{
  echo "| run | process start → ready (s) | Spring's own startup (s) | reboot-server runbook (s) | RSS after (MiB) |"
  echo "| --- | --- | --- | --- | --- |"
  printf '%s\n' "${results[@]}"
} | tee "$out/results.md"
