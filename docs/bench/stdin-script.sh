#!/bin/bash
# client --stdin: a 10,000-line file of echo requests, against one standalone server with the example plug-in.
# Three alternating rounds of: a 1-line file (the JVM start and connection), the 10,000 lines pipelined, and
# the same 10,000 lines with --max-pending 1 (one round trip per line). Needs target/ws-commands.jar and
# target/example-commands.jar (mvn -B package -DskipTests). Prints wall-clock seconds and the summary line.
set -e
cd "$(dirname "$0")/../.."
W=target/bench/stdin; mkdir -p $W
for i in $(seq 1 10000); do printf 'echo\tline %d\n' $i; done > $W/10000.txt
printf 'echo\tline 1\n' > $W/1.txt
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
java -jar target/ws-commands.jar --port $PORT --commands target/example-commands.jar > $W/server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
until grep -q "listening on" $W/server.log; do sleep 0.2; done
URL=ws://127.0.0.1:$PORT/server
t() { local s=$(date +%s.%N); java -jar target/ws-commands.jar client --url $URL --stdin "${@:2}" < $W/$1 > $W/out.txt 2>/dev/null; local rc=$?; local e=$(date +%s.%N); echo "$(echo "$e - $s" | bc) rc=$rc $(tail -1 $W/out.txt)"; }
# warm the server's JIT once, unmeasured
t 10000.txt >/dev/null
for round in 1 2 3; do
  echo "round $round 1-line:        $(t 1.txt)"
  echo "round $round 10000 pipelined: $(t 10000.txt)"
  echo "round $round 10000 --max-pending 1: $(t 10000.txt --max-pending 1)"
done
