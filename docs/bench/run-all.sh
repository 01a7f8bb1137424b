#!/usr/bin/env bash
# Regenerates the results table of docs/BENCHMARKS.md on this machine and prints it as Markdown.
# Builds the jar if it is missing, starts every server it measures and stops exactly those (by PID),
# runs the bench tool against them, then the codec micro-benchmarks (JMH).
#
#   docs/bench/run-all.sh                 # both tables, about 10 minutes
#   SKIP_JMH=1 docs/bench/run-all.sh      # without the codec micro-benchmarks
#   ONLY=footprint docs/bench/run-all.sh  # only the footprint and cold-start table
#   ONLY=commands docs/bench/run-all.sh   # only the plug-in command rows (blocking no-op against built-in)
#   PREV_JAR=/tmp/prev/target/ws-commands.jar docs/bench/run-all.sh   # footprint rows also for an earlier build
#
# Settings, from the environment: PORT (18300), DURATION of each measured run (10s), WARMUP load before the
# measured runs (30s), IDLE_CONNECTIONS (10000), HOLD time of the idle connections (10s), SERVER_OPTS (JVM
# flags for the server, none by default), JAR and WAR (target/ws-commands.jar, target/ws-commands.war).
# Footprint and cold start: DOC_OPTS (the JVM options the README's Quick start gives), CLIENT_OPTS (those it
# gives for a one-shot client), LAUNCHES (5), LOAD_ROUNDS (2), SKIP_IDLE (leave out the idle row), PREV_JAR (an earlier build's jar, measured without flags beside
# this one; none by default). Every footprint figure is taken in rounds that alternate the launches compared.
# Progress and the servers' logs go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${JAR:-target/ws-commands.jar}
WAR=${WAR:-target/ws-commands.war}
PORT=${PORT:-18300}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
IDLE=${IDLE_CONNECTIONS:-10000}
HOLD=${HOLD:-10s}
SERVER_OPTS=${SERVER_OPTS:-}
DOC_OPTS=${DOC_OPTS:--XX:SharedArchiveFile=target/ws-commands.jsa -XX:+UseSerialGC -Xms16m -Xmx256m}
CLIENT_OPTS=${CLIENT_OPTS:--XX:SharedArchiveFile=target/ws-commands.jsa -XX:TieredStopAtLevel=1}
LAUNCHES=${LAUNCHES:-5}
LOAD_ROUNDS=${LOAD_ROUNDS:-2}
PREV_JAR=${PREV_JAR:-}
ONLY=${ONLY:-}
LOGS=target/bench
STARTED=()

# Only the processes this script started are ever stopped.
stop_started() {
  for pid in "${STARTED[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED=()
}
trap stop_started EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Waits until the server accepts a TCP connection on PORT; fails if it exits first or takes over a minute.
wait_for_port() {
  local pid=$1 deadline=$(( $(now_ms) + 60000 ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "server $pid exited; see $LOGS/" >&2; exit 1; }
    [ "$(now_ms)" -lt "$deadline" ] || { echo "server $pid did not listen on $PORT within 60 s" >&2; exit 1; }
    sleep 0.005
  done
}

# Starts the server with the given flags; sets SERVER_PID and STARTUP_MS (java -jar to first accepted connection).
# RUN_JAR and RUN_OPTS, when set, replace JAR and SERVER_OPTS; RUN_ENV adds environment variables (NAME=VALUE).
start_server() {
  local t0
  t0=$(now_ms)
  # shellcheck disable=SC2086
  env ${RUN_ENV:-} java ${RUN_OPTS-$SERVER_OPTS} -jar "${RUN_JAR:-$JAR}" --port "$PORT" "$@" >>"$LOGS/server.log" 2>&1 &
  SERVER_PID=$!
  STARTED+=("$SERVER_PID")
  wait_for_port "$SERVER_PID"
  STARTUP_MS=$(( $(now_ms) - t0 ))
}

bench() {
  java -jar "$JAR" bench --url "ws://127.0.0.1:$PORT/server" --server-pid "$SERVER_PID" --json "$@" 2>>"$LOGS/progress.log"
}

# field JSON NAME: one value of the bench tool's JSON line.
field() { sed -E "s/.*\"$2\":(\"[^\"]*\"|[^,}]*).*/\1/" <<<"$1"; }
fmt() { LC_ALL=C printf "%.${2:-1}f" "$1"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rss_mib() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

mkdir -p "$LOGS"
[ -f "$JAR" ] || mvn -B -q package -DskipTests
LOAD_START=$(loadavg)

if [ -z "$ONLY" ]; then
echo "startup: 5 launches" >&2
STARTUPS=()
for _ in 1 2 3 4 5; do
  start_server
  STARTUPS+=("$STARTUP_MS")
  stop_started
done
STARTUP_MEDIAN=$(printf '%s\n' "${STARTUPS[@]}" | sort -n | sed -n 3p)

echo "load: warm-up $WARMUP, then C=50/W=8 and C=1/W=1 for $DURATION each" >&2
start_server
bench --connections 50 --in-flight 8 --duration "$WARMUP" --warmup 0s >/dev/null
LOADED=$(bench --connections 50 --in-flight 8 --duration "$DURATION" --warmup 2s)
# The bench tool is a fresh JVM each run: at C=1/W=1 its own JIT warm-up shows in the tail, hence 10 s.
SINGLE=$(bench --connections 1 --in-flight 1 --duration "$DURATION" --warmup 10s)
stop_started

echo "idle: $IDLE connections held $HOLD" >&2
ulimit -n $(( IDLE + 1000 )) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
start_server --max-connections $(( IDLE + 10 )) --max-connections-per-address $(( IDLE + 10 ))
sleep 2
IDLED=$(bench --idle --connections "$IDLE" --duration "$HOLD")
stop_started

READ_NS=pending; WRITE_NS=pending; READ_B=pending; WRITE_B=pending; CODEC_NS=pending
if [ -z "${SKIP_JMH:-}" ]; then
  echo "codec: JMH" >&2
  mvn -B -q -P jmh -DskipTests test-compile exec:exec \
    -Djmh.args="MessageJsonBenchmark -prof gc -rf csv -rff $PWD/$LOGS/jmh.csv" >"$LOGS/jmh.log" 2>&1
  jmh() { awk -F, -v name="\"dev.wscommands.protocol.MessageJsonBenchmark.$1\"" '$1 == name { print $5 }' "$LOGS/jmh.csv"; }
  READ_NS=$(fmt "$(jmh read)" 0); WRITE_NS=$(fmt "$(jmh write)" 0)
  READ_B=$(fmt "$(jmh 'read:gc.alloc.rate.norm')" 0); WRITE_B=$(fmt "$(jmh 'write:gc.alloc.rate.norm')" 0)
  CODEC_NS=$(( READ_NS + WRITE_NS ))
fi
fi

footprint() {
  # The launches compared: label|jar|JVM options.
  local configs=("documented options|$JAR|$DOC_OPTS" "no flags|$JAR|")
  [ -n "$PREV_JAR" ] && configs+=("earlier build, no flags|$PREV_JAR|")
  declare -gA PORT_OPEN FIRST_REPLY CPU_FIRST FIRST_RTT LATER_RTT RSS_START RSS_LOAD CPU_REQ RATE CLIENT_WALL CLIENT_RSS
  local round config label jar opts json

  echo "footprint: $LAUNCHES launches of each, alternating" >&2
  for round in $(seq 1 "$LAUNCHES"); do
    for config in "${configs[@]}"; do
      IFS='|' read -r label jar opts <<<"$config"
      # shellcheck disable=SC2086
      json=$(java -jar "$JAR" bench --launch 1 --json --url "ws://127.0.0.1:$PORT/server" \
        --launch-log "$LOGS/server.log" -- java $opts -jar "$jar" --port "$PORT" 2>>"$LOGS/progress.log")
      PORT_OPEN[$label]+=" $(fmt "$(field "$json" portOpenMillis)" 0)"
      FIRST_REPLY[$label]+=" $(fmt "$(field "$json" firstReplyMillis)" 0)"
      CPU_FIRST[$label]+=" $(fmt "$(field "$json" serverCpuToFirstReplyMillis)" 0)"
      FIRST_RTT[$label]+=" $(fmt "$(field "$json" firstRoundTripMicros)" 0)"
      LATER_RTT[$label]+=" $(fmt "$(field "$json" laterRoundTripMicros)" 0)"
      RSS_START[$label]+=" $(( $(field "$json" rssAfterStartBytes) / 1048576 ))"
    done
  done

  # The systemd unit and the Kubernetes notes also set MALLOC_ARENA_MAX=2: its effect shows in the load rows.
  local loaded=("${configs[@]}") env
  loaded=("${loaded[0]}" "documented options, MALLOC_ARENA_MAX=2|$JAR|$DOC_OPTS|MALLOC_ARENA_MAX=2" "${loaded[@]:1}")
  echo "footprint: RSS and CPU per request after C=50/W=8, $LOAD_ROUNDS rounds" >&2
  for round in $(seq 1 "$LOAD_ROUNDS"); do
    for config in "${loaded[@]}"; do
      IFS='|' read -r label jar opts env <<<"$config"
      RUN_JAR=$jar RUN_OPTS=$opts RUN_ENV=$env start_server
      json=$(bench --connections 50 --in-flight 8 --duration "$DURATION" --warmup 10s)
      RSS_LOAD[$label]+=" $(rss_mib "$SERVER_PID")"
      CPU_REQ[$label]+=" $(fmt "$(field "$json" serverCpuMicrosPerRequest)")"
      RATE[$label]+=" $(fmt "$(field "$json" msgsPerSecond)" 0)"
      stop_started
    done
  done

  echo "footprint: one-shot client, $LAUNCHES runs of each, alternating" >&2
  local clients=("client options|$JAR|$CLIENT_OPTS" "no flags|$JAR|")
  [ -n "$PREV_JAR" ] && clients+=("earlier build, no flags|$PREV_JAR|")
  RUN_OPTS=$DOC_OPTS start_server
  for round in $(seq 1 "$LAUNCHES"); do
    for config in "${clients[@]}"; do
      IFS='|' read -r label jar opts <<<"$config"
      local timing
      # shellcheck disable=SC2086
      /usr/bin/time -o "$LOGS/client-time.txt" -f '%e %M' java $opts -jar "$jar" client \
        --url "ws://127.0.0.1:$PORT/server" --count 1 >/dev/null 2>>"$LOGS/progress.log"
      timing=$(tail -1 "$LOGS/client-time.txt")
      CLIENT_WALL[$label]+=" $(awk '{ printf "%.0f", $1 * 1000 }' <<<"$timing")"
      CLIENT_RSS[$label]+=" $(awk '{ printf "%.0f", $2 / 1024 }' <<<"$timing")"
    done
  done
  stop_started

  IDLE_ROW=
  if [ -z "${SKIP_IDLE:-}" ]; then
    echo "footprint: $IDLE idle connections with the documented options" >&2
    ulimit -n $(( IDLE + 1000 )) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    RUN_OPTS=$DOC_OPTS start_server --max-connections $(( IDLE + 10 )) --max-connections-per-address $(( IDLE + 10 ))
    sleep 2
    IDLE_DOC=$(bench --idle --connections "$IDLE" --duration "$HOLD")
    stop_started
    IDLE_ROW="| $IDLE idle connections, documented options | $(field "$IDLE_DOC" alive) of $IDLE alive, opened in $(field "$IDLE_DOC" openMillis) ms; RSS $(( $(field "$IDLE_DOC" serverRssBeforeBytes) / 1048576 )) MiB idle, $(( $(field "$IDLE_DOC" serverRssHeldBytes) / 1048576 )) MiB holding: $(awk -v b="$(field "$IDLE_DOC" serverRssPerConnectionBytes)" 'BEGIN { printf "%.1f", b / 1024 }') KiB per connection |"
  fi

  FOOTPRINT_LABELS=()
  for config in "${configs[@]}"; do FOOTPRINT_LABELS+=("${config%%|*}"); done
  LOADED_LABELS=()
  for config in "${loaded[@]}"; do LOADED_LABELS+=("${config%%|*}"); done
  CLIENT_LABELS=()
  for config in "${clients[@]}"; do CLIENT_LABELS+=("${config%%|*}"); done
}

# row NAME ARRAY UNIT: one table row, the median and every value of each launch compared.
row() {
  local name=$1 array=$2 unit=$3 label cells=""
  shift 3
  local -n values=$array
  for label in "$@"; do
    # shellcheck disable=SC2086
    cells+="$label: **$(median ${values[$label]})** $unit ($(echo ${values[$label]})); "
  done
  echo "| $name | ${cells%; } |"
}

# The cost of the worker hand-off: a blocking no-op plug-in command (the example plug-in's sleep with argument
# 0) against the built-in command, on one server, alternating.
plugin_commands() {
  local examples=${EXAMPLES:-target/example-commands.jar} round json
  echo "commands: built-in against sleep 0 (blocking), C=50/W=8, 3 rounds" >&2
  RUN_OPTS=$SERVER_OPTS start_server --commands "$examples"
  bench --connections 50 --in-flight 8 --duration 10s --warmup 0s >/dev/null
  bench --connections 50 --in-flight 8 --duration 10s --warmup 0s --command sleep --argument 0 >/dev/null
  declare -gA CMD_CPU CMD_RATE CMD_P99
  for round in 1 2 3; do
    for command in "Eject the hot dog." sleep; do
      json=$(bench --connections 50 --in-flight 8 --duration "$DURATION" --warmup 2s --command "$command" \
        --argument "$([ "$command" = sleep ] && echo 0)")
      [ "$(field "$json" allMatched)" = true ] || { echo "command $command: not every request answered" >&2; exit 1; }
      CMD_CPU[$command]+=" $(fmt "$(field "$json" serverCpuMicrosPerRequest)")"
      CMD_RATE[$command]+=" $(fmt "$(field "$json" msgsPerSecond)" 0)"
      CMD_P99[$command]+=" $(fmt "$(field "$json" p99Micros)" 0)"
    done
  done
  stop_started
}

if [ -z "$ONLY" ] || [ "$ONLY" = footprint ]; then footprint; FOOTPRINT_DONE=1; fi
if [ -z "$ONLY" ] || [ "$ONLY" = commands ]; then plugin_commands; COMMANDS_DONE=1; fi
LOAD_END=$(loadavg)

kib() { echo $(( ($(stat -c %s "$1") + 512) / 1024 )); }

cat <<HEADER
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), \
$(( $(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024 / 1024 )) GiB; $(java -version 2>&1 | head -1).
Load average (1/5/15 min) at start: $LOAD_START; at end: $LOAD_END. Client and server share the machine.
Documented options: \`$DOC_OPTS\`; one-shot client options: \`$CLIENT_OPTS\`.

$([ -n "${FOOTPRINT_DONE:-}" ] && cat <<FOOTPRINT
| figure | median (each run, in the order run) |
| --- | --- |
$(row "exec → port open" PORT_OPEN ms "${FOOTPRINT_LABELS[@]}")
$(row "exec → first reply" FIRST_REPLY ms "${FOOTPRINT_LABELS[@]}")
$(row "server CPU time by the first reply" CPU_FIRST ms "${FOOTPRINT_LABELS[@]}")
$(row "first request's round trip on a fresh server" FIRST_RTT µs "${FOOTPRINT_LABELS[@]}")
$(row "requests 2–50 on that connection" LATER_RTT µs "${FOOTPRINT_LABELS[@]}")
$(row "RSS after start (and 50 requests)" RSS_START MiB "${FOOTPRINT_LABELS[@]}")
$(row "RSS after C=50/W=8 ($DURATION after 10 s)" RSS_LOAD MiB "${LOADED_LABELS[@]}")
$(row "server CPU per request, C=50/W=8" CPU_REQ µs "${LOADED_LABELS[@]}")
$(row "throughput, C=50/W=8" RATE msg/s "${LOADED_LABELS[@]}")
$(row "\`client --count 1\` wall time" CLIENT_WALL ms "${CLIENT_LABELS[@]}")
$(row "\`client --count 1\` max RSS" CLIENT_RSS MiB "${CLIENT_LABELS[@]}")
${IDLE_ROW}
FOOTPRINT
)
$([ -n "${COMMANDS_DONE:-}" ] && cat <<COMMANDS

Commands at C=50/W=8 on one server started with \`--commands target/example-commands.jar\` (JVM flags: ${SERVER_OPTS:-none}):

| figure | median (each run, in the order run) |
| --- | --- |
$(row "server CPU per request" CMD_CPU µs "Eject the hot dog." sleep)
$(row "throughput" CMD_RATE msg/s "Eject the hot dog." sleep)
$(row "p99 latency" CMD_P99 µs "Eject the hot dog." sleep)
COMMANDS
)
HEADER
[ -n "$ONLY" ] && exit 0

cat <<TABLE
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), \
$(( $(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024 / 1024 )) GiB; \
$(java -version 2>&1 | head -1); server JVM flags: ${SERVER_OPTS:-none}.
Load average (1/5/15 min) at start: $LOAD_START; at end: $LOAD_END. Client and server share the machine.

| figure | target (Go original) | ws-commands |
| --- | --- | --- |
| server CPU per request, C=50/W=8 | ≤ 20 µs (17–23 µs) | $(fmt "$(field "$LOADED" serverCpuMicrosPerRequest)") µs |
| throughput, C=50/W=8 | as high as the tool allows (42–55k/s) | $(fmt "$(field "$LOADED" msgsPerSecond)" 0) msg/s (bench tool: $(fmt "$(field "$LOADED" toolCpuMicrosPerRequest)") µs CPU per request) |
| latency, C=50/W=8 | — | p50 $(fmt "$(field "$LOADED" p50Micros)" 0) µs, p99 $(fmt "$(field "$LOADED" p99Micros)" 0) µs |
| p99 latency, C=1/W=1 | ≤ 150 µs (110–135 µs) | $(fmt "$(field "$SINGLE" p99Micros)" 0) µs (p50 $(fmt "$(field "$SINGLE" p50Micros)" 0) µs, p99.9 $(fmt "$(field "$SINGLE" p999Micros)" 0) µs, $(fmt "$(field "$SINGLE" msgsPerSecond)" 0) msg/s, server CPU $(fmt "$(field "$SINGLE" serverCpuMicrosPerRequest)") µs per request) |
| all requests matched | every run | C=50/W=8: $(field "$LOADED" allMatched), C=1/W=1: $(field "$SINGLE" allMatched) |
| idle connections held | $IDLE, all alive | $(field "$IDLED" alive) of $IDLE alive (opened in $(field "$IDLED" openMillis) ms) |
| RSS per idle connection | ≤ 20 KB (19 KB at 2,000) | $(awk -v b="$(field "$IDLED" serverRssPerConnectionBytes)" 'BEGIN { printf "%.1f", b / 1024 }') KiB (idle server $(( $(field "$IDLED" serverRssBeforeBytes) / 1048576 )) MiB, holding $(( $(field "$IDLED" serverRssHeldBytes) / 1048576 )) MiB) |
| \`java -jar\` to first accepted connection | ≤ 0.7 s | $STARTUP_MEDIAN ms (median of 5: ${STARTUPS[*]}) |
| codec encode + decode, seed message | ≤ 2 µs | $CODEC_NS ns (decode $READ_NS ns, $READ_B B/op; encode $WRITE_NS ns, $WRITE_B B/op) |
| WAR in Tomcat, C=50/W=8 and C=1/W=1 | as standalone | pending container harness |
| WAR in Jetty, C=50/W=8 and C=1/W=1 | as standalone | pending container harness |
| jar size | — | $(kib "$JAR") KiB |
| WAR size | — | $(kib "$WAR") KiB |
TABLE
