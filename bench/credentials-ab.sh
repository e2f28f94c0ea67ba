#!/usr/bin/env bash
# A/B of the credentials read (workload g, bench/wrk/credentials.lua) against GET of one provider (b)
# for two Patchbay builds in one sitting: starts jar A and jar B (bin/patchbay's heap flags, a scratch
# SQLite data directory each), imports one connection with a far expiry into each, gives each an
# untimed pass, then runs b and g on A and on B back to back, ROUNDS times, the order of A and B
# alternating. Prints req/s per run and, per build, the median of the rounds' ratios g/b.
#
#   bench/credentials-ab.sh JAR_A JAR_B [DURATION_S=10]
#     env: ROUNDS=3, WARM_PASS=15 (s per workload and build, untimed), HARNESS=../shared/bench,
#          PORT_BASE=18380, JAVA_EXTRA_B (more JVM flags for B, e.g. -XX:StartFlightRecording=…)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${HARNESS:-}" ]; then   # beside this checkout, or beside the folder of its worktrees
  for HARNESS in "$ROOT/../shared/bench" "$ROOT/../../shared/bench"; do [ -d "$HARNESS" ] && break; done
fi
HARNESS="$(cd "$HARNESS" && pwd)"
JAR_A="$(realpath "$1")"; JAR_B="$(realpath "$2")"
DURATION="${3:-10}"; ROUNDS="${ROUNDS:-3}"; WARM_PASS="${WARM_PASS:-15}"; PORT_BASE="${PORT_BASE:-18380}"
OUT="$ROOT/bench/results/credentials-ab-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT"
KEY="bench-admin-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
JAVA_FLAGS=(-Xms64m -Xmx128m -XX:+UseSerialGC)
export BENCH_KEY="$KEY" BENCH_PREFIX="" BENCH_SLUG=github BENCH_LUA_DIR="$HARNESS/wrk"

declare -A PORT=([A]=$PORT_BASE [B]=$((PORT_BASE + 1)))
declare -A PID=() CONNECTION=()
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
trap 'for p in "${PID[@]}"; do stop "$p"; done' EXIT
echo "load at start: $(cut -d ' ' -f 1-3 /proc/loadavg)" | tee "$OUT/summary.txt"
for side in A B; do
  jar="JAR_$side"; extra="JAVA_EXTRA_$side"
  # shellcheck disable=SC2086
  PATCHBAY_PORT=${PORT[$side]} PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$OUT/data-$side" PATCHBAY_ADMIN_API_KEY="$KEY" \
    java "${JAVA_FLAGS[@]}" ${!extra:-} -jar "${!jar}" serve >> "$OUT/$side.log" 2>&1 &
  PID[$side]=$!
  base="http://127.0.0.1:${PORT[$side]}"
  for _ in $(seq 1 3000); do curl -sf -o /dev/null --max-time 1 "$base/readyz" && break; sleep 0.02; done
  curl -sf -o /dev/null -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    "$base/v1/admin/connector-providers/github/setup" -d '{"client_id":"bench-client","client_secret":"bench-client-secret"}'
  CONNECTION[$side]=$(curl -sf -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: bench-credentials-$side" "$base/v1/connections" \
    -d '{"provider_slug":"github","owner":"bench-user","tags":{"bench":"credentials"},
         "credential":{"access_token":"gho_bench0123456789abcdefghij","refresh_token":"ghr_bench0123456789abcdefghij",
                       "expires_at":"2099-01-01T00:00:00Z","scopes":["repo"]}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')
done

run() {  # SIDE WORKLOAD SECONDS -> prints req/s (0 when a status was not 2xx)
  local script
  if [ "$2" = b ]; then script="$HARNESS/wrk/get_one.lua"; else script="$ROOT/bench/wrk/credentials.lua"; fi
  BENCH_CONNECTION="${CONNECTION[$1]}" BENCH_WORKLOAD="$2" wrk -t2 -c32 -d"${3}s" --timeout 5s -s "$script" \
    "http://127.0.0.1:${PORT[$1]}/" > "$OUT/last.txt" 2>&1 || true
  python3 -c 'import json,sys
line = next(l for l in open(sys.argv[1]) if l.startswith("BENCH_JSON "))
r = json.loads(line[len("BENCH_JSON "):])
print(0 if r["errors_non2xx"] or r["socket_errors"] else r["requests_per_s"])' "$OUT/last.txt"
}

for side in A B; do for w in b g; do run "$side" "$w" "$WARM_PASS" > /dev/null; done; done
order=(A B)
for round in $(seq 1 "$ROUNDS"); do
  for side in "${order[@]}"; do
    b=$(run "$side" b "$DURATION"); g=$(run "$side" g "$DURATION")
    echo "round $round $side b=$b g=$g g/b=$(python3 -c "print(round($g/$b, 3) if $b else 0)")" | tee -a "$OUT/summary.txt"
  done
  order=("${order[1]}" "${order[0]}")
done
python3 - "$OUT/summary.txt" <<'EOF' | tee -a "$OUT/summary.txt"
import re, statistics, sys
ratios = {}
for line in open(sys.argv[1]):
    m = re.match(r"round \d+ (\w) b=\S+ g=\S+ g/b=(\S+)", line)
    if m:
        ratios.setdefault(m.group(1), []).append(float(m.group(2)))
for side, values in sorted(ratios.items()):
    print(f"{side}: median g/b = {statistics.median(values):.3f} over {len(values)} rounds")
EOF
echo "load at end: $(cut -d ' ' -f 1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
