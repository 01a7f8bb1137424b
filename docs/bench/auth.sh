#!/usr/bin/env bash
# What authentication costs (docs/BENCHMARKS.md, "Authentication"): CPU per request at C=50/W=8 without
# authentication against HS256 authentication with a role check on every request, and handshakes per second
# (connect, one request, close) without a token, with HS256 and with RS256. The servers being compared run side
# by side and the runs alternate between them, ROUNDS times; every figure is printed, then the medians.
# Starts its servers with java -jar target/ws-commands.jar and stops exactly those, by PID.
#
#   docs/bench/auth.sh                    # about five minutes
#
# From the environment: PORT (18400; the servers take PORT to PORT+3), ROUNDS (3), DURATION (10s), WARMUP (3s),
# THREADS for the handshake runs (8), SERVER_OPTS (the README's Quick start options).
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${JAR:-target/ws-commands.jar}
PORT=${PORT:-18400}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
THREADS=${THREADS:-8}
SERVER_OPTS=${SERVER_OPTS:--XX:+UseSerialGC -Xms16m -Xmx256m}
WORK=target/bench/auth
STARTED=()
mkdir -p "$WORK"

stop_started() {
  for pid in "${STARTED[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_started EXIT

start_server() { # NAME PORT FLAGS...: sets PID_<NAME>
  local name=$1 port=$2
  shift 2
  # shellcheck disable=SC2086
  java $SERVER_OPTS -jar "$JAR" --port "$port" "$@" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  STARTED+=("$pid")
  printf -v "PID_$name" '%s' "$pid"
  for _ in $(seq 1 300); do
    grep -q "ws-commands serving" "$WORK/$name.log" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "server $name did not start" >&2
  exit 1
}

field() { sed -E "s/.*\"$2\":(\"[^\"]*\"|[^,}]*).*/\1/" <<<"$1"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Keys and tokens: an HS256 secret and token from the token subcommand, an RSA key pair, its JWKS and an RS256
# token from a few lines of jshell with the jar's nimbus-jose-jwt.
head -c 48 /dev/urandom | base64 >"$WORK/s.key"
java -jar "$JAR" token --secret-file "$WORK/s.key" --subject bench --roles ops --ttl 1h >"$WORK/hs256.token"
cat >"$WORK/rsa.jsh" <<JSH
import com.nimbusds.jose.*; import com.nimbusds.jose.crypto.*; import com.nimbusds.jose.jwk.*;
import com.nimbusds.jose.jwk.gen.*; import com.nimbusds.jwt.*; import java.nio.file.*; import java.util.*;
RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
Files.writeString(Path.of("$WORK/keys.json"), new JWKSet(key.toPublicJWK()).toString());
SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(),
    new JWTClaimsSet.Builder().subject("bench").claim("groups", List.of("ops"))
        .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
jwt.sign(new RSASSASigner(key));
Files.writeString(Path.of("$WORK/rs256.token"), jwt.serialize());
/exit
JSH
jshell --class-path "$JAR" -q "$WORK/rsa.jsh" >/dev/null

ROLE_CHECK=(--command-roles "Eject the hot dog.=ops")
start_server none $PORT
start_server hs256 $((PORT + 1)) --jwt-secret-file "$WORK/s.key" "${ROLE_CHECK[@]}"
start_server rs256 $((PORT + 2)) --jwt-jwks-file "$WORK/keys.json" "${ROLE_CHECK[@]}"
url() { echo "ws://127.0.0.1:$1/server"; }

echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# CPU per request at C=50/W=8 (server CPU us per request; msgs/s)"
cpu_none=(); cpu_hs=()
for round in $(seq 1 "$ROUNDS"); do
  a=$(java -jar "$JAR" bench --url "$(url $PORT)" -c 50 -w 8 -d "$DURATION" --warmup "$WARMUP" \
        --server-pid "$PID_none" --json 2>/dev/null)
  b=$(java -jar "$JAR" bench --url "$(url $((PORT + 1)))" -c 50 -w 8 -d "$DURATION" --warmup "$WARMUP" \
        --server-pid "$PID_hs256" --token-file "$WORK/hs256.token" --json 2>/dev/null)
  cpu_none+=("$(field "$a" serverCpuMicrosPerRequest)"); cpu_hs+=("$(field "$b" serverCpuMicrosPerRequest)")
  echo "round $round: off $(field "$a" serverCpuMicrosPerRequest) us ($(field "$a" msgsPerSecond)/s)," \
       "HS256 + role check $(field "$b" serverCpuMicrosPerRequest) us ($(field "$b" msgsPerSecond)/s)"
done
echo "median: off $(median "${cpu_none[@]}") us, on $(median "${cpu_hs[@]}") us per request"

echo "# handshakes per second, $THREADS threads (server CPU us per handshake)"
hs_none=(); hs_hs=(); hs_rs=()
for round in $(seq 1 "$ROUNDS"); do
  a=$(java -jar "$JAR" bench --handshakes --url "$(url $PORT)" -c "$THREADS" -d "$DURATION" --warmup "$WARMUP" \
        --server-pid "$PID_none" --json 2>/dev/null)
  b=$(java -jar "$JAR" bench --handshakes --url "$(url $((PORT + 1)))" -c "$THREADS" -d "$DURATION" \
        --warmup "$WARMUP" --server-pid "$PID_hs256" --token-file "$WORK/hs256.token" --json 2>/dev/null)
  c=$(java -jar "$JAR" bench --handshakes --url "$(url $((PORT + 2)))" -c "$THREADS" -d "$DURATION" \
        --warmup "$WARMUP" --server-pid "$PID_rs256" --token-file "$WORK/rs256.token" --json 2>/dev/null)
  hs_none+=("$(field "$a" handshakesPerSecond)"); hs_hs+=("$(field "$b" handshakesPerSecond)")
  hs_rs+=("$(field "$c" handshakesPerSecond)")
  echo "round $round: none $(field "$a" handshakesPerSecond)/s ($(field "$a" serverCpuMicrosPerHandshake) us)," \
       "HS256 $(field "$b" handshakesPerSecond)/s ($(field "$b" serverCpuMicrosPerHandshake) us)," \
       "RS256 $(field "$c" handshakesPerSecond)/s ($(field "$c" serverCpuMicrosPerHandshake) us)," \
       "failed $(field "$a" failed)/$(field "$b" failed)/$(field "$c" failed)"
done
echo "median: none $(median "${hs_none[@]}")/s, HS256 $(median "${hs_hs[@]}")/s, RS256 $(median "${hs_rs[@]}")/s"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
