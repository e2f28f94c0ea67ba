#!/usr/bin/env bash
# Does a large catalog slow Patchbay down? Starts it with the built-in catalog, then with 1,000 more
# generated providers (PATCHBAY_PROVIDERS_DIR), and measures with wrk, in one sitting:
#   - GET one provider: the large catalog should not change its req/s;
#   - the list with limit=30 and limit=100 on the large catalog: the cost per listed provider
#     (microseconds of a request, divided by its page size) should be about the same.
#
#   bench/catalog-scale.sh [DURATION_S=10]        (env: PORT=18190, PROVIDERS=1000, WARMUP=10)
#
# Needs: JDK 17+, Maven, wrk, curl. Results land in bench/results/<UTC stamp>-catalog/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"; PORT="${PORT:-18190}"; PROVIDERS="${PROVIDERS:-1000}"; WARMUP="${WARMUP:-10}"
OUT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-catalog"; mkdir -p "$OUT/generated"
KEY="bench-admin-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
JAVA_FLAGS=(-Xms64m -Xmx128m -XX:+UseSerialGC "-XX:SharedArchiveFile=$ROOT/target/patchbay.jsa")   # the README's run command

for tool in wrk curl java mvn; do command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 2; }; done
(cd "$ROOT" && mvn -q -B package -DskipTests)

# Generated providers: oauth2 descriptors like the built-in ones, each with its own slug.
for i in $(seq -w 1 "$PROVIDERS"); do
  sed -e "s/^provider_slug: github$/provider_slug: generated-$i/" -e "s/^display_name: GitHub$/display_name: Generated $i/" \
    "$ROOT/src/main/resources/providers/github.yaml" > "$OUT/generated/generated-$i.yaml"
done

start() {  # PROVIDERS_DIR (or empty) -> pid
  env PATCHBAY_PORT="$PORT" PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$OUT/data" PATCHBAY_ADMIN_API_KEY="$KEY" \
    ${1:+PATCHBAY_PROVIDERS_DIR="$1"} java "${JAVA_FLAGS[@]}" -jar "$ROOT/target/patchbay.jar" serve >> "$OUT/patchbay.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && { echo "$pid"; return; }; sleep 0.05; done
  echo "bench: Patchbay did not become ready" >&2; exit 1
}
load() {  # NAME PATH -> req/s
  curl -sf -o /dev/null -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$2" || { echo "bench: $2 failed" >&2; exit 1; }
  # The JIT needs some 10 s of load on two shared cores before a path runs at its speed.
  wrk -t2 -c32 -d"${WARMUP}s" -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$2" > /dev/null
  wrk -t2 -c32 -d"${DURATION}s" --latency -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$2" > "$OUT/$1.txt"
  awk '/^Requests\/sec:/ {print $2}' "$OUT/$1.txt"
}
P=/v1/admin/connector-providers

pid=$(start "")
builtin_total=$(curl -sf -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$P?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')
get_small=$(load get-one-builtin "$P/github")
kill "$pid"; wait "$pid" 2>/dev/null || true

pid=$(start "$OUT/generated")
large_total=$(curl -sf -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT$P?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')
get_large=$(load get-one-large "$P/github")
list30=$(load list-30 "$P?limit=30")
list100=$(load list-100 "$P?limit=100")
kill "$pid"; wait "$pid" 2>/dev/null || true

python3 - "$builtin_total" "$large_total" "$get_small" "$get_large" "$list30" "$list100" <<'PY' | tee "$OUT/table.md"
import sys
small, large, get_small, get_large, l30, l100 = sys.argv[1:3] + [float(v) for v in sys.argv[3:]]
print(f"| measure | {small} providers | {large} providers | ratio |")
print("|---|---|---|---|")
print(f"| GET one, req/s | {get_small:,.0f} | {get_large:,.0f} | {get_large / get_small:.2f}× |")
per30, per100 = 1e6 / (l30 * 30), 1e6 / (l100 * 100)
print(f"| list limit=30, req/s (µs per listed provider) | | {l30:,.0f} ({per30:.1f}) | |")
print(f"| list limit=100, req/s (µs per listed provider) | | {l100:,.0f} ({per100:.1f}) | {per100 / per30:.2f}× the cost per provider of limit=30 |")
PY
