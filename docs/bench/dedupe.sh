#!/usr/bin/env bash
# Effectively once, its cost: server CPU per request at C=50/W=8 with and without client IDs (memory store), then
# the memory store against Redis, both with client IDs: latency and requests per second. The two sides of each
# comparison run alternately, PAIRS times; the first comparison on one server, the second on two (one per store),
# each of which got WARM seconds of load first.
# Needs target/ws-commands.jar and Debian's redis-server. Usage: docs/bench/dedupe.sh [PAIRS] [SECONDS] [WARM]
set -euo pipefail
cd "$(dirname "$0")/../.."
pairs=${1:-3}
seconds=${2:-10}
warm=${3:-20}
jar=target/ws-commands.jar
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$work" \
  >"$work/redis.log" 2>&1 &
pids+=($!)

# start NAME FLAGS...: a server on a free port; sets URL_NAME and PID_NAME
start() {
  local name=$1; shift
  java -jar "$jar" --port 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
  local pid=$!
  pids+=("$pid")
  local url=""
  for _ in $(seq 1 300); do
    url=$(grep -o 'ws://[^)]*' "$work/$name.out" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  printf -v "URL_$name" %s "$url"
  printf -v "PID_$name" %s "$pid"
  # both paths, with and without client IDs, get the JIT's attention before anything is measured
  java -jar "$jar" bench --url "$url" --connections 50 --in-flight 8 --duration "${warm}s" --warmup 0s >/dev/null 2>&1
  java -jar "$jar" bench --url "$url" --connections 50 --in-flight 8 --duration "${warm}s" --warmup 0s --client-ids \
    >/dev/null 2>&1
}

# run NAME LABEL C W FLAGS...: one measured run against server NAME, one JSON line with the label
run() {
  local name=$1 label=$2 c=$3 w=$4; shift 4
  local url="URL_$name" pid="PID_$name"
  echo "{\"run\":\"$label\",\"result\":$(java -jar "$jar" bench --url "${!url}" --connections "$c" --in-flight "$w" \
    --duration "${seconds}s" --warmup 2s --server-pid "${!pid}" --json "$@" 2>/dev/null)}"
}

start memory
start redis --dedupe-store "redis://127.0.0.1:$redis_port"
for i in $(seq 1 "$pairs"); do
  run memory "no client IDs" 50 8
  run memory "client IDs, memory store" 50 8 --client-ids
done
for i in $(seq 1 "$pairs"); do
  run memory "client IDs, memory store" 50 8 --client-ids
  run redis "client IDs, Redis store" 50 8 --client-ids
done
# one request at a time: the round trip that Redis adds
for i in $(seq 1 "$pairs"); do
  run memory "C=1/W=1, client IDs, memory store" 1 1 --client-ids
  run redis "C=1/W=1, client IDs, Redis store" 1 1 --client-ids
done
