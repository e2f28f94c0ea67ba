#!/usr/bin/env bash
# Benchmarks Patchbay, started with the README's command (bin/patchbay serve), in one sitting against
# the shared harness's servers: the FastAPI peer (1 worker), the bare Javalin ceiling, and the raw-bytes
# limit (bench.RawBytesServer: Jetty's core API replaying Patchbay's saved list and provider bytes, the
# key compared as a string; the most any server on this stack could answer). Prints every figure of the
# performance targets with its target beside it and whether it is met, then req/s and p99 per workload.
#
#   bench/run.sh [DURATION_S=10]
#     env: ROUNDS=3 (timed rounds; in each, every workload runs against the servers back to back),
#          WARMUP=5 (s before each timed run, as in the harness's reference runs),
#          WARM_PASS=20 (s per workload of an untimed pass over all of them first, for every server alike),
#          STARTS=5 (timed starts; the median is reported), HARNESS=../shared/bench, PORT_BASE=18180
#
# Other workloads join through the table's generic rows (bench/table.py): a workload run against
# Patchbay lands in patchbay.round<N>.jsonl like a, b and f do; and when bench/proxy.sh exists it runs
# once per round as `ROUNDS=1 bench/proxy.sh DURATION_S` (env WARMUP, HARNESS, OUT), printing harness-style JSON
# lines for the workloads proxy_direct (the upstream called directly) and proxy_via_patchbay (the same
# call through Patchbay's proxy), which land in proxy.round<N>.jsonl. A row whose workload did not run
# says "n/a (workload not present)".
#
# Needs: JDK 17+, Maven, wrk, curl, and the peer's Debian packages (see ../shared/bench/README.md).
# Everything lands in bench/results/<UTC stamp>/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${HARNESS:-}" ]; then   # beside this checkout, or beside the folder of its worktrees
  for HARNESS in "$ROOT/../shared/bench" "$ROOT/../../shared/bench"; do [ -d "$HARNESS" ] && break; done
fi
HARNESS="$(cd "$HARNESS" && pwd)"
DURATION="${1:-10}"; ROUNDS="${ROUNDS:-3}"; WARMUP="${WARMUP:-5}"; WARM_PASS="${WARM_PASS:-20}"; STARTS="${STARTS:-5}"
PORT_BASE="${PORT_BASE:-18180}"
OUT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT/raw"
KEY="bench-admin-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
# The README's run command. It runs a copy of target/patchbay.jar with its JVM flags and a class-data
# archive of its own, recorded at the copy's first start (the untimed start below).
PATCHBAY_CMD=("$ROOT/bin/patchbay" serve)
SERVER_FLAGS=(-Xms64m -Xmx128m -XX:+UseSerialGC)   # the same heap for the raw-bytes limit

for tool in wrk curl java mvn; do command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 2; }; done

echo "== building Patchbay, the ceiling and the raw-bytes limit" >&2
(cd "$ROOT" && mvn -q -B package -DskipTests)
# The harness folder may be read-only: build the ceiling in a copy.
cp -r "$HARNESS/limit_server" "$OUT/limit_server"
(cd "$OUT/limit_server" && mvn -q -B package)

wait_ready() {  # URL PID -> prints milliseconds until URL answers 200
  local t0 i; t0="$(date +%s%N)"
  for i in $(seq 1 6000); do
    curl -sf -o /dev/null --max-time 1 -H "X-API-Key: $KEY" "$1" && { echo $(( ($(date +%s%N) - t0) / 1000000 )); return 0; }
    kill -0 "$2" 2>/dev/null || { echo "bench: server died at start" >&2; return 1; }
    sleep 0.005
  done
  return 1
}
rss_mb() { echo $(( $(ps -o rss= -p "$1" | tr -d ' ') / 1024 )); }
stop() {  # PID (a child of this shell or not) -> returns once it exited
  kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}

echo "== Patchbay" >&2
for port in $(seq "$PORT_BASE" $((PORT_BASE + 3))); do   # another sitting's server would answer for ours
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    echo "bench: port $port is taken; pick other ports with PORT_BASE=…" >&2; exit 2
  fi
done
# An untimed first start, to its end: it creates the data dir, and bin/patchbay first records the
# class-data archive of this build's copy (two more starts of its own, which no timed start may meet).
PATCHBAY_PORT=0 PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$OUT/patchbay-data" PATCHBAY_ADMIN_API_KEY="$KEY" \
  "${PATCHBAY_CMD[@]}" --exit-when-ready >> "$OUT/patchbay.log" 2>&1
# STARTS timed starts, spawn to the first 200 from /readyz, polled by one light process (bench/startup.py);
# the median is reported, since one start on two shared cores drifts by a tenth either way. The last
# one stays up for the harness.
startups=()
for attempt in $(seq 1 "$STARTS"); do
  startups+=("$(PATCHBAY_PORT=$PORT_BASE PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$OUT/patchbay-data" PATCHBAY_ADMIN_API_KEY="$KEY" \
    python3 "$ROOT/bench/startup.py" "$PORT_BASE" /readyz "$OUT/patchbay.log" -- \
    "${PATCHBAY_CMD[@]}" 2> "$OUT/startup.err")")
  pid=$(sed -n 's/^pid=//p' "$OUT/startup.err")
  if [ "$attempt" -lt "$STARTS" ]; then stop "$pid"; fi
done
PROVIDERS="http://127.0.0.1:$PORT_BASE/v1/admin/connector-providers"
curl -sf -H "X-API-Key: $KEY" "$PROVIDERS?limit=500" > "$OUT/catalog.json"
# The bodies the raw-bytes limit replays: Patchbay's own list (default page) and provider.
curl -sf -H "X-API-Key: $KEY" "$PROVIDERS" > "$OUT/list.body"
curl -sf -H "X-API-Key: $KEY" "$PROVIDERS/github" > "$OUT/one.body"

# Workload g, Patchbay's own: credential reads of one connection whose token is fresh (imported with a
# far expiry, so no read refreshes it). Each round runs it right after b, and the table gives its rate
# as a ratio of b's (GET one provider) from the same round.
curl -sf -o /dev/null -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' "$PROVIDERS/github/setup" \
  -d '{"client_id":"bench-client","client_secret":"bench-client-secret"}'
CONNECTION=$(curl -sf -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: bench-credentials-$(date +%s%N)" "http://127.0.0.1:$PORT_BASE/v1/connections" \
  -d '{"provider_slug":"github","owner":"bench-user","tags":{"bench":"credentials"},
       "credential":{"access_token":"gho_bench0123456789abcdefghij","refresh_token":"ghr_bench0123456789abcdefghij",
                     "expires_at":"2099-01-01T00:00:00Z","scopes":["repo"]}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
credentials_run() {  # SECONDS [JSONL]: warm-up, then a timed run whose result line (with "ok") goes to JSONL
  local raw="$OUT/raw/g_credentials-$(date -u +%H%M%S).txt"
  BENCH_KEY="$KEY" BENCH_CONNECTION="$CONNECTION" BENCH_WORKLOAD=g_credentials-warmup wrk -t2 -c32 -d"${WARMUP}s" \
    --timeout 5s -s "$ROOT/bench/wrk/credentials.lua" "http://127.0.0.1:$PORT_BASE/" > /dev/null 2>&1 || true
  BENCH_KEY="$KEY" BENCH_CONNECTION="$CONNECTION" BENCH_WORKLOAD=g_credentials wrk -t2 -c32 -d"$1s" --timeout 5s \
    --latency -s "$ROOT/bench/wrk/credentials.lua" "http://127.0.0.1:$PORT_BASE/" > "$raw" 2>&1 || true
  [ -n "${2:-}" ] || return 0
  python3 -c 'import json, sys
row = json.loads(sys.argv[1].split(" ", 1)[1])
row.update(expected_status=200, ok=row["errors_non2xx"] == 0 and row["socket_errors"] == 0, threads=2, connections=32)
print(json.dumps(row))' "$(grep -m1 '^BENCH_JSON ' "$raw")" >> "$2"
}
declare -A URL=([patchbay]="http://127.0.0.1:$PORT_BASE" [peer]="http://127.0.0.1:$((PORT_BASE + 1))"
                [ceiling]="http://127.0.0.1:$((PORT_BASE + 2))" [raw]="http://127.0.0.1:$((PORT_BASE + 3))")
declare -A PID=([patchbay]="$pid")
trap 'for p in "${PID[@]}"; do stop "$p"; done; pkill -f "peer_fastapi/app.py" 2>/dev/null || true' EXIT

echo "== FastAPI peer (1 worker) and ceiling (bare Javalin), on Patchbay's provider list" >&2
PEER_ADMIN_KEY="$KEY" PEER_DB="$OUT/peer.db" PEER_CATALOG="$OUT/catalog.json" \
  "$HARNESS/peer_fastapi/serve.sh" $((PORT_BASE + 1)) > "$OUT/peer.log" 2>&1 &
PID[peer]=$!; wait_ready "${URL[peer]}/healthz" "${PID[peer]}" >/dev/null
java -jar "$OUT/limit_server/target/limit-server.jar" $((PORT_BASE + 2)) "$OUT/catalog.json" > "$OUT/ceiling.log" 2>&1 &
PID[ceiling]=$!; wait_ready "${URL[ceiling]}/healthz" "${PID[ceiling]}" >/dev/null
echo "== the raw-bytes limit, on Patchbay's saved responses" >&2
java "${SERVER_FLAGS[@]}" -cp "$OUT/limit_server/target/limit-server.jar" bench.RawBytesServer $((PORT_BASE + 3)) \
  "$KEY" github "$OUT/list.body" "$OUT/one.body" > "$OUT/raw.log" 2>&1 &
PID[raw]=$!; wait_ready "${URL[raw]}/healthz" "${PID[raw]}" >/dev/null
declare -A KEY_OF=([patchbay]="$KEY" [peer]="$KEY" [ceiling]=x [raw]="$KEY")
# The ceiling serves only the reads; the raw-bytes limit the reads and the wrong key.
declare -A WORKLOADS_OF=([patchbay]=a,b,c,d,e,f [peer]=a,b,c,d,e,f [ceiling]=a,b [raw]=a,b,f)

# The untimed pass, one server after the other. Two JVMs on two cores shared with wrk take tens of
# seconds of load to compile their hot paths; five seconds per workload would measure their JIT
# compilers more than their request paths. Every server gets the same pass, the interpreted peer too.
# Not f: Patchbay throttles an address after 20 wrong keys a minute, and the timed f's pre-check
# expects the 401 of a fresh window.
if [ "$WARM_PASS" -gt 0 ]; then
  for server in patchbay peer ceiling raw; do
    echo "== untimed pass: $server" >&2
    "$HARNESS/run_bench.sh" "${URL[$server]}" "${KEY_OF[$server]}" "$WARM_PASS" --warmup 1 \
      --workloads "$(echo "${WORKLOADS_OF[$server]}" | sed 's/,f$//')" --raw-dir "$OUT/raw-warm-pass" \
      > /dev/null 2>> "$OUT/$server.warm-pass.log" || true
  done
  credentials_run "$WARM_PASS"
fi

# The timed rounds. Within a round each workload runs against the servers back to back, so a
# ratio compares runs seconds apart, not minutes: on this shared machine the same server's figure
# drifts by up to a third from one minute to the next. The servers' order rotates from round to round.
order=(patchbay peer ceiling raw)
last_f=0
for round in $(seq 1 "$ROUNDS"); do
  for workload in a b c d e f; do
    for server in "${order[@]}"; do
      [[ ",${WORKLOADS_OF[$server]}," == *",$workload,"* ]] || continue
      if [ "$server" = patchbay ] && [ "$workload" = f ]; then   # a fresh throttle window, as above
        wait_s=$(( last_f + 61 - $(date +%s) )); [ "$wait_s" -gt 0 ] && sleep "$wait_s"
        last_f=$(date +%s)
      fi
      echo "== round $round: $workload on $server" >&2
      "$HARNESS/run_bench.sh" "${URL[$server]}" "${KEY_OF[$server]}" "$DURATION" --warmup "$WARMUP" \
        --workloads "$workload" --raw-dir "$OUT/raw" >> "$OUT/$server.round$round.jsonl" 2>> "$OUT/$server.bench.log" \
        || echo "bench: $server had unexpected statuses in $workload (see $OUT)" >&2
    done
    if [ "$workload" = b ]; then
      echo "== round $round: g_credentials on patchbay" >&2
      credentials_run "$DURATION" "$OUT/patchbay.round$round.jsonl"
    fi
  done
  if [ -x "$ROOT/bench/proxy.sh" ]; then
    echo "== round $round: bench/proxy.sh" >&2
    ROUNDS=1 WARMUP="$WARMUP" HARNESS="$HARNESS" OUT="$OUT" "$ROOT/bench/proxy.sh" "$DURATION" \
      >> "$OUT/proxy.round$round.jsonl" 2>> "$OUT/proxy.log" || echo "bench: bench/proxy.sh failed (see $OUT)" >&2
  fi
  order=("${order[@]:1}" "${order[0]}")
done
rss_after=$(rss_mb "${PID[patchbay]}")

python3 "$ROOT/bench/table.py" "$OUT" "${startups[@]}" -- "$rss_after" | tee "$OUT/table.md"
echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)" | tee -a "$OUT/table.md"
