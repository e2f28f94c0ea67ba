#!/usr/bin/env bash
# Does a large catalog slow Patchbay down? Starts it with the built-in catalog, then with 1,000 more
# generated providers (PATCHBAY_PROVIDERS_DIR), and measures in one sitting:
#   - start-up, spawn to the first 200 from /readyz (bench/startup.py), median of three starts each;
#   - GET one provider with wrk: the large catalog should not change its req/s;
#   - the list with limit=30 and limit=100 on the large catalog: the cost per listed provider
#     (microseconds of a request, divided by its page size) should be about the same.
# With BASELINE_JAR=path/to/an/older/patchbay.jar, start-up and GET one are measured first with that
# jar's own built-in catalog too (e.g. a build of the commit before the catalog grew).
#
#   bench/catalog-scale.sh [DURATION_S=10]        (env: PORT=18190, PROVIDERS=1000, WARMUP=10, BASELINE_JAR)
#
# Needs: JDK 17+, Maven, wrk, curl, python3. Results land in bench/results/<UTC stamp>-catalog/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"; PORT="${PORT:-18190}"; PROVIDERS="${PROVIDERS:-1000}"; WARMUP="${WARMUP:-10}"
OUT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-catalog"; mkdir -p "$OUT/generated"
KEY="bench-admin-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
JAVA_FLAGS=(-Xms64m -Xmx128m -XX:+UseSerialGC)   # the README's run command, with the jar's class-data archive beside it

for tool in wrk curl java mvn python3; do command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 2; }; done
(cd "$ROOT" && mvn -q -B package -DskipTests)

# Generated providers: oauth2 descriptors like the built-in ones, each with its own slug.
for i in $(seq -w 1 "$PROVIDERS"); do
  sed -e "s/^provider_slug: github$/provider_slug: generated-$i/" -e "s/^display_name: GitHub$/display_name: Generated $i/" \
    "$ROOT/src/main/resources/providers/github.yaml" > "$OUT/generated/generated-$i.yaml"
done

stop() {  # PID (not a child of this shell) -> returns once it exited
  kill -TERM "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}
start() {  # JAR PROVIDERS_DIR (or empty) -> "ms pid"; the server is left running
  local ms
  ms=$(env PATCHBAY_PORT="$PORT" PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$DATA" PATCHBAY_ADMIN_API_KEY="$KEY" \
    ${2:+PATCHBAY_PROVIDERS_DIR="$2"} python3 "$ROOT/bench/startup.py" "$PORT" /readyz "$OUT/patchbay.log" -- \
    java "${JAVA_FLAGS[@]}" "-XX:SharedArchiveFile=${1%.jar}.jsa" -jar "$1" serve 2> "$OUT/startup.err") \
    || { echo "bench: Patchbay did not become ready" >&2; exit 1; }
  echo "$ms $(sed -n 's/^pid=//p' "$OUT/startup.err")"
}
start_three() {  # JAR PROVIDERS_DIR -> "median_ms pid all_ms…"; times three starts, the last one stays up
  local times=() run
  for attempt in 1 2 3; do
    run=$(start "$1" "$2"); times+=("${run% *}")
    if [ "$attempt" -lt 3 ]; then stop "${run#* }"; fi
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p) ${run#* } ${times[*]}"
}
total() { curl -sf -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$P?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/'; }
load() {  # NAME PATH -> req/s
  curl -sf -o /dev/null -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$2" || { echo "bench: $2 failed" >&2; exit 1; }
  # The JIT needs some 10 s of load on two shared cores before a path runs at its speed.
  wrk -t2 -c32 -d"${WARMUP}s" -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$2" > /dev/null
  wrk -t2 -c32 -d"${DURATION}s" --latency -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$2" > "$OUT/$1.txt"
  awk '/^Requests\/sec:/ {print $2}' "$OUT/$1.txt"
}
P=/v1/admin/connector-providers
JAR="$ROOT/target/patchbay.jar"
# A first start creates the data directory (one per jar, as their schemas may differ), so that every
# timed start opens an existing database.
DATA="$OUT/data"; run=$(start "$JAR" ""); stop "${run#* }"

base_total=-; base_start=-; get_base=0
if [ -n "${BASELINE_JAR:-}" ]; then
  DATA="$OUT/data-baseline"; run=$(start "$BASELINE_JAR" ""); stop "${run#* }"
  read -r base_start pid base_all <<< "$(start_three "$BASELINE_JAR" "")"
  base_total=$(total); get_base=$(load get-one-baseline "$P/github"); stop "$pid"
  DATA="$OUT/data"
fi

read -r small_start pid small_all <<< "$(start_three "$JAR" "")"
builtin_total=$(total)
get_small=$(load get-one-builtin "$P/github")
stop "$pid"

read -r large_start pid large_all <<< "$(start_three "$JAR" "$OUT/generated")"
large_total=$(total)
get_large=$(load get-one-large "$P/github")
list30=$(load list-30 "$P?limit=30")
list100=$(load list-100 "$P?limit=100")
stop "$pid"
echo "start-up, ms: baseline ${base_all:--}; built-in $small_all; with $PROVIDERS generated $large_all" | tee "$OUT/startups.txt"

python3 - "$base_total" "$builtin_total" "$large_total" "$base_start" "$small_start" "$large_start" \
  "$get_base" "$get_small" "$get_large" "$list30" "$list100" <<'PY' | tee "$OUT/table.md"
import sys
base, small, large, base_start, small_start, large_start = sys.argv[1:7]
get_base, get_small, get_large, l30, l100 = [float(v) for v in sys.argv[7:]]
with_base = base != "-"
print(f"| measure |{f' {base} providers (baseline jar) |' if with_base else ''} {small} providers | {large} providers | ratio, {large} to {small} |")
print(f"|---|{'---|' if with_base else ''}---|---|---|")
cell = lambda v: f" {v} |" if with_base else ""
print(f"| start-up until /readyz, ms (median of three) |{cell(base_start)} {small_start} | {large_start} | {float(large_start) / float(small_start):.2f}× |")
print(f"| GET one, req/s |{cell(f'{get_base:,.0f}')} {get_small:,.0f} | {get_large:,.0f} | {get_large / get_small:.2f}× |")
per30, per100 = 1e6 / (l30 * 30), 1e6 / (l100 * 100)
print(f"| list limit=30, req/s (µs per listed provider) |{cell('')} | {l30:,.0f} ({per30:.1f}) | |")
print(f"| list limit=100, req/s (µs per listed provider) |{cell('')} | {l100:,.0f} ({per100:.1f}) | {per100 / per30:.2f}× the cost per provider of limit=30 |")
PY
