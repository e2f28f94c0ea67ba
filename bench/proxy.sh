#!/usr/bin/env bash
# The proxy's overhead, in one sitting: wrk against a fixed-response upstream (bench/proxy_upstream)
# directly, then through a bare proxy on the same stack (bench/proxy_upstream/BareProxy.java: Jetty
# forwarding with the JDK client Patchbay uses, no checks at all), then through Patchbay's
# /v1/proxy/{id}/user as an api_key connection whose descriptor points at that upstream. Prints the
# throughput ratios (proxied / direct, target >= 0.6; proxied / bare, the share of the stack's own
# ceiling that Patchbay reaches) and the p50 latency the proxy adds at one connection (target
# <= 1 ms). Patchbay runs with bin/patchbay's JVM flags; the upstream on loopback needs
# PATCHBAY_VERIFY_ALLOW_PRIVATE=true.
#
#   bench/proxy.sh [DURATION_S=10]
#     env: ROUNDS=3 (timed rounds, direct and proxied back to back in each; medians reported),
#          WARMUP=60 (s of untimed load on each before the rounds: the proxy path's throughput keeps
#          rising for the first half minute as the JIT compiles it), CONNECTIONS=32 THREADS=2
#          (throughput runs; the latency runs use 1 and 1), PORT_BASE=19680 (Patchbay; the upstream
#          takes +1 and the bare proxy +2), JAR=target/patchbay.jar (another build, for A/B runs),
#          BARE_CLIENT=jdk (the bare proxy's client: jdk, jdk-async, or jetty with BARE_CP naming
#          Jetty's client jars)
#
# For reference it also measures GET /v1/connections/{id}: the store read that every proxied call
# makes too (the proxy reads the connection each time, so a disconnect stops the next call).
#
# Needs: JDK 17+, Maven (only when target/patchbay.jar is missing), wrk, curl. Output lands in
# bench/results/proxy-<UTC stamp>/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"; ROUNDS="${ROUNDS:-3}"; WARMUP="${WARMUP:-60}"
CONNECTIONS="${CONNECTIONS:-32}"; THREADS="${THREADS:-2}"; PORT_BASE="${PORT_BASE:-19680}"
OUT="$ROOT/bench/results/proxy-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT/raw" "$OUT/providers"
KEY="bench-admin-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
UPSTREAM_KEY="bench-upstream-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
PB_PORT=$PORT_BASE; UP_PORT=$((PORT_BASE + 1)); BARE_PORT=$((PORT_BASE + 2))
JAR="${JAR:-$ROOT/target/patchbay.jar}"; BARE_CLIENT="${BARE_CLIENT:-jdk}"; BARE_CP="${BARE_CP:-}"
# bin/patchbay's JVM flags.
JAVA_FLAGS=(-Xms64m -Xmx128m -XX:+UseSerialGC)

for tool in wrk curl java; do command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 2; }; done
if [ ! -f "$JAR" ]; then
  echo "== building Patchbay" >&2
  (cd "$ROOT" && mvn -q -B package -DskipTests)
fi

trap 'echo "bench: failed at line $LINENO (logs in $OUT)" >&2' ERR
for port in "$PB_PORT" "$UP_PORT" "$BARE_PORT"; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    echo "bench: port $port is taken (another benchmark?); set PORT_BASE" >&2; exit 2
  fi
done

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() {  # URL -> returns once URL answers (any status)
  for _ in $(seq 1 3000); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.02
  done
  echo "bench: $1 never answered" >&2; return 1
}

cat > "$OUT/providers/bench-upstream.yaml" <<'YAML'
provider_slug: bench-upstream
display_name: Bench upstream
description: A fixed-response API on loopback, for the proxy benchmark.
category: testing
auth_type: api_key
execution_strategy: server-side
docs_url: https://example.com/docs
api:
  base_url: '{base_url}'
  headers:
    X-Api-Key: '{api_key}'
config_schema:
  type: object
  required: [api_key, base_url]
  properties:
    api_key: {type: string, minLength: 1, writeOnly: true}
    base_url: {type: string, minLength: 1}
  additionalProperties: false
YAML

echo "== upstream on :$UP_PORT, bare proxy on :$BARE_PORT ($BARE_CLIENT), Patchbay on :$PB_PORT" >&2
java "${JAVA_FLAGS[@]}" -cp "$JAR" "$ROOT/bench/proxy_upstream/FixedUpstream.java" \
  "$UP_PORT" "$UPSTREAM_KEY" > "$OUT/upstream.log" 2>&1 &
pids+=($!)
if [ "$BARE_CLIENT" = jetty ]; then
  java "${JAVA_FLAGS[@]}" -cp "$JAR:$BARE_CP" "$ROOT/bench/proxy_upstream/BareProxyJetty.java" \
    "$BARE_PORT" "http://127.0.0.1:$UP_PORT" > "$OUT/bare.log" 2>&1 &
else
  java "${JAVA_FLAGS[@]}" -cp "$JAR" "$ROOT/bench/proxy_upstream/BareProxy.java" \
    "$BARE_PORT" "http://127.0.0.1:$UP_PORT" "$BARE_CLIENT" > "$OUT/bare.log" 2>&1 &
fi
pids+=($!)
PATCHBAY_PORT=$PB_PORT PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$OUT/patchbay-data" PATCHBAY_ADMIN_API_KEY="$KEY" \
  PATCHBAY_PROVIDERS_DIR="$OUT/providers" PATCHBAY_VERIFY_ALLOW_PRIVATE=true \
  java "${JAVA_FLAGS[@]}" -jar "$JAR" serve > "$OUT/patchbay.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$UP_PORT/"
wait_for "http://127.0.0.1:$PB_PORT/healthz"
wait_for "http://127.0.0.1:$BARE_PORT/"

curl -sf -o /dev/null -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
  -d "{\"api_key\":\"$UPSTREAM_KEY\",\"base_url\":\"http://127.0.0.1:$UP_PORT\"}" \
  "http://127.0.0.1:$PB_PORT/v1/admin/connector-providers/bench-upstream/setup"
ID=$(curl -sf -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -H "Idempotency-Key: bench-$$" \
  -d '{"provider_slug":"bench-upstream","owner":"bench"}' "http://127.0.0.1:$PB_PORT/v1/connections" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
DIRECT_URL="http://127.0.0.1:$UP_PORT/user"
BARE_URL="http://127.0.0.1:$BARE_PORT/user"
PROXY_URL="http://127.0.0.1:$PB_PORT/v1/proxy/$ID/user"
READ_URL="http://127.0.0.1:$PB_PORT/v1/connections/$ID"
# Both answer the same document: the proxy adds the key where the direct call sends it itself.
cmp <(curl -sf -H "X-Api-Key: $UPSTREAM_KEY" "$DIRECT_URL") <(curl -sf -H "X-API-Key: $KEY" "$PROXY_URL") \
  || { echo "bench: the proxy does not answer what the upstream does" >&2; exit 1; }
cmp <(curl -sf -H "X-Api-Key: $UPSTREAM_KEY" "$DIRECT_URL") <(curl -sf -H "X-Api-Key: $UPSTREAM_KEY" "$BARE_URL") \
  || { echo "bench: the bare proxy does not answer what the upstream does" >&2; exit 1; }

run() {  # NAME URL HEADER THREADS CONNECTIONS SECONDS -> raw wrk output in $OUT/raw/NAME
  wrk --latency -t"$4" -c"$5" -d"$6s" -H "$3" "$2" > "$OUT/raw/$1" 2>&1
}
rps() { awk '/^Requests\/sec/ {print $2}' "$OUT/raw/$1"; }
p50_ms() { pct_ms 50% "$1"; }
pct_ms() {  # PERCENTILE NAME: wrk prints 50% as 123.45us, 1.23ms or 1.23s
  awk -v pct="$1" '$1 == pct { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.3f\n", v }' "$OUT/raw/$2"
}
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "== warm-up: ${WARMUP}s each" >&2
run warm-direct "$DIRECT_URL" "X-Api-Key: $UPSTREAM_KEY" "$THREADS" "$CONNECTIONS" "$WARMUP"
run warm-bare "$BARE_URL" "X-Api-Key: $UPSTREAM_KEY" "$THREADS" "$CONNECTIONS" "$WARMUP"
run warm-proxy "$PROXY_URL" "X-API-Key: $KEY" "$THREADS" "$CONNECTIONS" "$WARMUP"
run warm-read "$READ_URL" "X-API-Key: $KEY" "$THREADS" "$CONNECTIONS" 10

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS" >&2
  run "direct-rps-$round" "$DIRECT_URL" "X-Api-Key: $UPSTREAM_KEY" "$THREADS" "$CONNECTIONS" "$DURATION"
  run "bare-rps-$round" "$BARE_URL" "X-Api-Key: $UPSTREAM_KEY" "$THREADS" "$CONNECTIONS" "$DURATION"
  run "proxy-rps-$round" "$PROXY_URL" "X-API-Key: $KEY" "$THREADS" "$CONNECTIONS" "$DURATION"
  run "direct-lat-$round" "$DIRECT_URL" "X-Api-Key: $UPSTREAM_KEY" 1 1 "$DURATION"
  run "bare-lat-$round" "$BARE_URL" "X-Api-Key: $UPSTREAM_KEY" 1 1 "$DURATION"
  run "proxy-lat-$round" "$PROXY_URL" "X-API-Key: $KEY" 1 1 "$DURATION"
  run "read-rps-$round" "$READ_URL" "X-API-Key: $KEY" "$THREADS" "$CONNECTIONS" "$DURATION"
  run "read-lat-$round" "$READ_URL" "X-API-Key: $KEY" 1 1 "$DURATION"
done

direct_rps=$(for r in $(seq 1 "$ROUNDS"); do rps "direct-rps-$r"; done | median)
bare_rps=$(for r in $(seq 1 "$ROUNDS"); do rps "bare-rps-$r"; done | median)
proxy_rps=$(for r in $(seq 1 "$ROUNDS"); do rps "proxy-rps-$r"; done | median)
direct_p50=$(for r in $(seq 1 "$ROUNDS"); do p50_ms "direct-lat-$r"; done | median)
bare_p50=$(for r in $(seq 1 "$ROUNDS"); do p50_ms "bare-lat-$r"; done | median)
proxy_p50=$(for r in $(seq 1 "$ROUNDS"); do p50_ms "proxy-lat-$r"; done | median)
read_rps=$(for r in $(seq 1 "$ROUNDS"); do rps "read-rps-$r"; done | median)
read_p50=$(for r in $(seq 1 "$ROUNDS"); do p50_ms "read-lat-$r"; done | median)
errors=$(grep -h 'Non-2xx\|Socket errors' "$OUT"/raw/*-rps-* "$OUT"/raw/*-lat-* || true)

{
  echo "proxy benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION}s x $ROUNDS rounds (medians)," \
    "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
  printf '%-34s %12s %12s %12s %16s\n' "" "direct" "bare proxy" "proxied" "connection read"
  printf '%-34s %12.0f %12.0f %12.0f %16.0f\n' "req/s (${THREADS} threads, ${CONNECTIONS} conns)" "$direct_rps" "$bare_rps" \
    "$proxy_rps" "$read_rps"
  printf '%-34s %12.3f %12.3f %12.3f %16.3f\n' "p50 ms (1 thread, 1 conn)" "$direct_p50" "$bare_p50" "$proxy_p50" \
    "$read_p50"
  awk -v d="$direct_rps" -v p="$proxy_rps" 'BEGIN {printf "throughput ratio (target >= 0.6): %.3fx\n", p / d}'
  awk -v d="$direct_rps" -v b="$bare_rps" 'BEGIN {printf "bare proxy / direct (the stack'"'"'s ceiling): %.3fx\n", b / d}'
  awk -v b="$bare_rps" -v p="$proxy_rps" 'BEGIN {printf "proxied / bare proxy (Patchbay'"'"'s share of it): %.2fx\n", p / b}'
  awk -v d="$direct_p50" -v p="$proxy_p50" 'BEGIN {printf "p50 added by the proxy (target <= 1 ms): %.3f ms\n", p - d}'
  [ -z "$errors" ] || { echo "errors reported by wrk:"; echo "$errors"; }
} | tee "$OUT/summary.txt" >&2
# For bench/run.sh's table: one harness-style JSON line per side (throughput runs, medians of the rounds).
direct_p99=$(for r in $(seq 1 "$ROUNDS"); do pct_ms 99% "direct-rps-$r"; done | median)
bare_p99=$(for r in $(seq 1 "$ROUNDS"); do pct_ms 99% "bare-rps-$r"; done | median)
proxy_p99=$(for r in $(seq 1 "$ROUNDS"); do pct_ms 99% "proxy-rps-$r"; done | median)
printf '{"workload": "proxy_direct", "requests_per_s": %s, "p99_ms": %s}\n' "$direct_rps" "$direct_p99"
printf '{"workload": "proxy_bare", "requests_per_s": %s, "p99_ms": %s}\n' "$bare_rps" "$bare_p99"
printf '{"workload": "proxy_via_patchbay", "requests_per_s": %s, "p99_ms": %s}\n' "$proxy_rps" "$proxy_p99"
