#!/usr/bin/env bash
# A/B of two Patchbay builds in one sitting, against the raw-bytes limit: starts jar A, jar B (each with
# bin/patchbay's JVM flags on a scratch data directory of its own) and the shared harness's
# bench.RawBytesServer replaying A's answers, gives each an untimed pass, then runs every workload
# against the three back to back, ROUNDS times, with the servers' order rotating. Prints req/s per run
# and, per workload, the medians of the rounds' ratios B/A, A/raw and B/raw.
#
#   bench/ab.sh JAR_A JAR_B [WORKLOADS=a,b,f] [DURATION_S=8]
#     env: ROUNDS=3, WARM_PASS=15 (s per workload, untimed), HARNESS=../shared/bench, PORT_BASE=18280
#
# wrk runs the harness's Lua scripts directly, without its curl pre-check: a wrong key (f) is then
# answered 401 for the first 20 requests of a minute and 429 after, as it is in bench/run.sh's f
# runs, so both servers meet the same throttle state.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HARNESS="$(cd "${HARNESS:-$ROOT/../shared/bench}" && pwd)"
JAR_A="$(realpath "$1")"; JAR_B="$(realpath "$2")"
WORKLOADS="${3:-a,b,f}"; DURATION="${4:-8}"; ROUNDS="${ROUNDS:-3}"; WARM_PASS="${WARM_PASS:-15}"
PORT_BASE="${PORT_BASE:-18280}"
OUT="$ROOT/bench/results/ab-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT"
KEY="bench-admin-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
JAVA_FLAGS=(-Xms64m -Xmx128m -XX:+UseSerialGC)
export BENCH_KEY="$KEY" BENCH_PREFIX="" BENCH_SLUG=github BENCH_LUA_DIR="$HARNESS/wrk"

LIMIT_JAR="$OUT/limit_server/target/limit-server.jar"
cp -r "$HARNESS/limit_server" "$OUT/limit_server"
(cd "$OUT/limit_server" && mvn -q -B package)

wait_ready() {  # URL PID
  for _ in $(seq 1 3000); do
    curl -sf -o /dev/null --max-time 1 -H "X-API-Key: $KEY" "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "ab: server died at start" >&2; return 1; }
    sleep 0.02
  done
  return 1
}
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

declare -A PORT=([A]=$PORT_BASE [B]=$((PORT_BASE + 1)) [raw]=$((PORT_BASE + 2)))
declare -A PID=()
trap 'for p in "${PID[@]}"; do stop "$p"; done' EXIT
for side in A B; do
  jar="JAR_$side"
  PATCHBAY_PORT=${PORT[$side]} PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$OUT/data-$side" PATCHBAY_ADMIN_API_KEY="$KEY" \
    java "${JAVA_FLAGS[@]}" -jar "${!jar}" serve >> "$OUT/$side.log" 2>&1 &
  PID[$side]=$!
  wait_ready "http://127.0.0.1:${PORT[$side]}/readyz" "${PID[$side]}"
done
P=/v1/admin/connector-providers
curl -sf -H "X-API-Key: $KEY" "http://127.0.0.1:${PORT[A]}$P" -o "$OUT/list.body"
curl -sf -H "X-API-Key: $KEY" "http://127.0.0.1:${PORT[A]}$P/github" -o "$OUT/one.body"
java "${JAVA_FLAGS[@]}" -cp "$LIMIT_JAR" bench.RawBytesServer "${PORT[raw]}" "$KEY" github "$OUT/list.body" "$OUT/one.body" \
  > "$OUT/raw.log" 2>&1 &
PID[raw]=$!
wait_ready "http://127.0.0.1:${PORT[raw]}/healthz" "${PID[raw]}"

declare -A SCRIPT=([a]=list.lua [b]=get_one.lua [c]=setup_valid.lua [d]=setup_invalid.lua [e]=mixed.lua [f]=wrong_key.lua)
run() {  # SIDE WORKLOAD SECONDS -> prints req/s
  BENCH_WORKLOAD="$2" wrk -t2 -c32 -d"${3}s" --timeout 5s --latency -s "$HARNESS/wrk/${SCRIPT[$2]}" \
    "http://127.0.0.1:${PORT[$1]}/" > "$OUT/last.txt" 2>&1
  grep -m1 '^BENCH_JSON ' "$OUT/last.txt" | sed 's/^BENCH_JSON //' | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests_per_s"])'
}
IFS=, read -r -a LIST <<< "$WORKLOADS"
sides_of() { case "$1" in a|b|f) echo "A B raw" ;; *) echo "A B" ;; esac; }
for side in A B raw; do
  for w in "${LIST[@]}"; do
    [[ " $(sides_of "$w") " == *" $side "* ]] && run "$side" "$w" "$WARM_PASS" > /dev/null
  done
done
echo "load before: $(uptime)" | tee "$OUT/ab.txt"
order=(A B raw)
for round in $(seq 1 "$ROUNDS"); do
  for w in "${LIST[@]}"; do
    for side in "${order[@]}"; do
      [[ " $(sides_of "$w") " == *" $side "* ]] || continue
      echo "$round $w $side $(run "$side" "$w" "$DURATION")" | tee -a "$OUT/ab.txt"
    done
  done
  order=("${order[@]:1}" "${order[0]}")
done
echo "load after: $(uptime)" | tee -a "$OUT/ab.txt"
python3 - "$OUT/ab.txt" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4 and parts[0].isdigit():
        runs[(parts[0], parts[1], parts[2])] = float(parts[3])
for w in dict.fromkeys(k[1] for k in runs):
    rounds = sorted({k[0] for k in runs if k[1] == w})
    def ratio(x, y):
        found = [runs[(r, w, x)] / runs[(r, w, y)] for r in rounds if (r, w, x) in runs and (r, w, y) in runs]
        return f"{statistics.median(found):.2f}x" if found else "-"
    med = {s: statistics.median([runs[(r, w, s)] for r in rounds if (r, w, s) in runs] or [0]) for s in ("A", "B", "raw")}
    print(f"{w}: A {med['A']:,.0f}  B {med['B']:,.0f}  raw {med['raw']:,.0f} req/s | B/A {ratio('B','A')}  A/raw {ratio('A','raw')}  B/raw {ratio('B','raw')}")
EOF
