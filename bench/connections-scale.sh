#!/usr/bin/env bash
# Do 1,000,000 connections slow Patchbay down? Measures, in one sitting, on two SQLite stores that differ
# only by the generated connections:
#   - start-up until /readyz answers 200 (median of STARTS starts of each, alternating), and how long the
#     first GET of one provider takes right after (it shows connection counts, counted after start);
#   - GET one provider and the provider list with wrk, on each store;
#   - list by owner (10 connections each), by a tag on 100 connections, and by a tag on a third of them,
#     each request for another owner or value: req/s, p50 and p99, with 1,000,000 connections and with
#     10,000 generated alike (10 per owner, 100 per tag value: the same pages, from a smaller store), so
#     that the ratio shows what the store's size costs, whatever this shared machine's load does to both.
#
#   bench/connections-scale.sh [DURATION_S=10]
#     env: PORT=18195, CONNECTIONS=1000000, SMALL=10000, STARTS=5, WARMUP=10, LIST_CONNECTIONS=4 (wrk
#          connections of the lists; the reads use the harness's 32), SKIP_BUILD=1 (target/patchbay.jar as it is)
#
# How the store is filled: Patchbay itself makes the data directory, the schema, 8 provider setups and one
# real connection per provider (imported through the API, so the sealed tokens are real ciphertexts).
# Then, with Patchbay stopped, one SQL transaction (sqlite3) generates the rest from those rows: UUIDv7-shaped
# ids in creation order, 100,000 owners, tags, 2 % needs_reauth and 2 % disconnected, the tag index rows and
# one audit event each, as imports would have left them. The generated rows carry copies of a real
# connection's sealed tokens; sealed to another id, they would not open, and nothing here reads them. That
# takes about a minute instead of hours of API calls. No ANALYZE: a running store has no statistics either.
#
# Needs: JDK 17+, Maven, wrk, curl, sqlite3, python3. Results land in bench/results/<UTC stamp>-connections/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"; PORT="${PORT:-18195}"; COUNT="${CONNECTIONS:-1000000}"; STARTS="${STARTS:-5}"
WARMUP="${WARMUP:-10}"; LIST_CONNECTIONS="${LIST_CONNECTIONS:-4}"; SMALL="${SMALL:-10000}"
OUT="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-connections"; mkdir -p "$OUT/raw"
KEY="bench-admin-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
JAVA_FLAGS=(-Xms64m -Xmx128m -XX:+UseSerialGC "-XX:SharedArchiveFile=$ROOT/target/patchbay.jsa")   # bin/patchbay's
B="http://127.0.0.1:$PORT"
P="$B/v1/admin/connector-providers"
SLUGS=(asana box dropbox github gitlab linear notion slack)

for tool in wrk curl java mvn sqlite3 python3; do command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 2; }; done
[ -n "${SKIP_BUILD:-}" ] || (cd "$ROOT" && mvn -q -B package -DskipTests)

start() {  # DATA_DIR -> prints "pid startup_ms"
  local ms pid
  ms=$(PATCHBAY_PORT=$PORT PATCHBAY_HOST=127.0.0.1 PATCHBAY_DATA_DIR="$1" PATCHBAY_ADMIN_API_KEY="$KEY" \
    python3 "$ROOT/bench/startup.py" "$PORT" /readyz "$OUT/patchbay.log" -- \
    java "${JAVA_FLAGS[@]}" -jar "$ROOT/target/patchbay.jar" serve 2> "$OUT/startup.err")
  pid=$(sed -n 's/^pid=//p' "$OUT/startup.err")
  echo "$pid" > "$OUT/patchbay.pid"
  echo "$pid $ms"
}
stop() {
  kill -TERM "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}
trap '[ -f "$OUT/patchbay.pid" ] && stop "$(cat "$OUT/patchbay.pid")"' EXIT
api() {  # METHOD PATH [BODY] [extra curl args…]
  local method=$1 path=$2 body=${3:-}; shift 3 || shift $#
  curl -sf -X "$method" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' ${body:+-d "$body"} "$@" "$B$path"
}
wrk_json() {  # NAME CONNECTIONS wrk-args… -> appends the result line to results.jsonl and prints it
  local name=$1 conns=$2; shift 2
  BENCH_KEY="$KEY" BENCH_WORKLOAD="$name-warmup" wrk -t2 -c"$conns" -d"${WARMUP}s" --timeout 5s "$@" > /dev/null 2>&1 || true
  BENCH_KEY="$KEY" BENCH_WORKLOAD="$name" wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 5s --latency "$@" \
    > "$OUT/raw/$name.txt" 2>&1
  grep -q 'Non-2xx' "$OUT/raw/$name.txt" && echo "bench: $name had non-2xx answers (see $OUT/raw/$name.txt)" >&2
  local line
  line=$(grep -m1 '^BENCH_JSON ' "$OUT/raw/$name.txt" | sed 's/^BENCH_JSON //' || true)
  if [ -z "$line" ]; then  # a plain URL run: wrk's own summary
    line=$(awk -v n="$name" '/^Requests\/sec:/ {r=$2} /^ +99%/ {p=$2}
      END {u=p; sub(/[a-z]+$/, "", u); f=(p ~ /us$/) ? 0.001 : (p ~ /ms$/ ? 1 : 1000);
           printf "{\"workload\":\"%s\",\"requests_per_s\":%s,\"p99_ms\":%.3f}", n, r, u * f}' "$OUT/raw/$name.txt")
  fi
  echo "$line" | tee -a "$OUT/results.jsonl"
}

echo "== a store made through the API: ${#SLUGS[@]} setups, one real connection each" >&2
read -r pid _ < <(start "$OUT/data-none")
for slug in "${SLUGS[@]}"; do
  api POST "/v1/admin/connector-providers/$slug/setup" '{"client_id":"bench-client","client_secret":"bench-client-secret"}' \
    > /dev/null
  api POST /v1/connections '{"provider_slug":"'"$slug"'","owner":"bench-owner","tags":{"space_id":"bench"},
    "credential":{"access_token":"bench-access-0123456789abcdefghij","refresh_token":"bench-refresh-0123456789abcdef",
                  "expires_at":"2099-01-01T00:00:00Z","scopes":["read"]}}' -H "Idempotency-Key: bench-$slug" > /dev/null
done
stop "$pid"
rm -f "$OUT/data-none/patchbay.lock"

fill() {  # STORE COUNT: a copy of data-none with COUNT generated connections, 10 per owner and 100 per space_id
  cp -r "$OUT/data-none" "$OUT/data-$1"
  sqlite3 -cmd ".parameter set :count $2" -cmd ".parameter set :owners $(( $2 / 10 ))" \
    -cmd ".parameter set :spaces $(( $2 / 100 ))" "$OUT/data-$1/patchbay.db" > /dev/null <<'SQL'
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -200000;
BEGIN;
CREATE TEMP TABLE sample AS
  SELECT provider_slug, access_token, refresh_token FROM connections WHERE access_token IS NOT NULL;
CREATE TEMP TABLE slugs (i INTEGER PRIMARY KEY, slug TEXT);
INSERT INTO slugs (slug) SELECT provider_slug FROM sample ORDER BY provider_slug;
-- Ids: 48 bits of milliseconds (from November 2023, one per connection, so older than the real ones),
-- the version 7 nibble, then bits that differ per row.
WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < :count - 1),
gen AS (SELECT n, printf('%012x', 1700000000000 + n) AS t,
               strftime('%Y-%m-%dT%H:%M:%fZ', (1700000000000 + n) / 1000.0, 'unixepoch') AS at,
               (SELECT slug FROM slugs WHERE i = 1 + n % (SELECT COUNT(*) FROM slugs)) AS slug
        FROM seq)
INSERT INTO connections (id, provider_slug, owner, status, auth_type, tags, scopes, token_type, expires_at,
    last_refreshed_at, last_error_code, last_error_at, created_at, updated_at, revision, created_by,
    connection_values, access_token, refresh_token, credential)
SELECT printf('%s-%s-7%03x-%x%03x-%012x', substr(t, 1, 8), substr(t, 9, 4), n % 4096, 8 + n % 4, n % 4093, n * 7919),
       slug, 'user-' || (n % :owners),
       CASE n % 50 WHEN 0 THEN 'needs_reauth' WHEN 1 THEN 'disconnected' ELSE 'active' END,
       'oauth2',
       printf('{"space_id":"space-%d","plan":"%s"}', n % :spaces,
              CASE n % 3 WHEN 0 THEN 'free' WHEN 1 THEN 'pro' ELSE 'enterprise' END),
       '["read"]', 'Bearer', '2099-01-01T00:00:00Z', NULL,
       CASE n % 50 WHEN 0 THEN 'invalid_grant' END, CASE n % 50 WHEN 0 THEN at END,
       at, at, 1, 'bench', '{}',
       CASE WHEN n % 50 <> 1 THEN (SELECT access_token FROM sample s WHERE s.provider_slug = slug) END,
       CASE WHEN n % 50 <> 1 THEN (SELECT refresh_token FROM sample s WHERE s.provider_slug = slug) END,
       NULL
FROM gen;
INSERT INTO connection_tags (connection_id, tag_key, tag_value)
  SELECT id, 'space_id', json_extract(tags, '$.space_id') FROM connections WHERE created_by = 'bench';
INSERT INTO connection_tags (connection_id, tag_key, tag_value)
  SELECT id, 'plan', json_extract(tags, '$.plan') FROM connections WHERE created_by = 'bench';
INSERT INTO audit_events (occurred_at, action, provider_slug, actor, request_id, revision, changed_fields, connection_id)
  SELECT created_at, 'connection.created', provider_slug, 'bench', 'bench-' || id, 1,
         '["owner","tags","scopes","credential"]', id FROM connections WHERE created_by = 'bench';
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}
echo "== generating $COUNT connections with SQL, and $SMALL in a small store alike" >&2
fill small "$SMALL"
fill_started=$(date +%s)
fill 1m "$COUNT"
fill_s=$(( $(date +%s) - fill_started ))
total=$(sqlite3 "$OUT/data-1m/patchbay.db" "SELECT COUNT(*) FROM connections")
db_mb=$(( $(stat -c %s "$OUT/data-1m/patchbay.db") / 1048576 ))
echo "   $total connections, ${db_mb} MB, in ${fill_s} s" >&2

echo "== start-up: $STARTS starts of each store, alternating" >&2
declare -A STARTUP=([none]="" [1m]="") FIRST_GET=([none]="" [1m]="")
for _ in $(seq 1 "$STARTS"); do
  for store in none 1m; do
    read -r pid ms < <(start "$OUT/data-$store")
    first=$(curl -s -o /dev/null -w '%{time_total}' -H "X-API-Key: $KEY" "$P/github")
    STARTUP[$store]+="$ms "; FIRST_GET[$store]+="$(python3 -c "print(round($first * 1000))") "
    echo "$store start-up ${ms} ms, first GET one ${first} s" >> "$OUT/startups.txt"
    stop "$pid"
  done
done

rss_mb() { echo $(( $(ps -o rss= -p "$1" | tr -d ' ') / 1024 )); }
echo "== reads with wrk, each store" >&2
declare -A RSS
for store in none small 1m; do
  read -r pid _ < <(start "$OUT/data-$store")
  if [ "$store" != small ]; then
    wrk_json "get-one-$store" 32 -H "X-API-Key: $KEY" "$P/github" > /dev/null
    wrk_json "list-providers-$store" 32 -H "X-API-Key: $KEY" "$P" > /dev/null
  fi
  if [ "$store" != none ]; then
    size=$([ "$store" = small ] && echo "$SMALL" || echo "$COUNT")
    for kind in owner tag broad-tag; do
      BENCH_LIST=$kind BENCH_OWNERS=$(( size / 10 )) BENCH_SPACES=$(( size / 100 )) \
        wrk_json "list-by-$kind-$store" "$LIST_CONNECTIONS" -s "$ROOT/bench/wrk/connections-list.lua" "$B/" > /dev/null
    done
  fi
  RSS[$store]=$(rss_mb "$pid")
  stop "$pid"
done

python3 - "$OUT" "$total" "$db_mb" "$fill_s" "${STARTUP[none]}" "${STARTUP[1m]}" "${FIRST_GET[none]}" \
  "${FIRST_GET[1m]}" "${RSS[none]}" "${RSS[1m]}" "$LIST_CONNECTIONS" "$SMALL" <<'PY' | tee "$OUT/table.md"
import json, statistics, sys
from pathlib import Path
out, total, db_mb, fill_s = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
starts = {k: [int(v) for v in s.split()] for k, s in (("none", sys.argv[5]), ("1m", sys.argv[6]))}
first = {k: [int(v) for v in s.split()] for k, s in (("none", sys.argv[7]), ("1m", sys.argv[8]))}
rss, list_conns = {"none": sys.argv[9], "1m": sys.argv[10]}, sys.argv[11]
rows = {r["workload"]: r for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())}
med = {k: statistics.median(v) for k, v in starts.items()}
print(f"Store: {total:,} connections ({db_mb} MB of SQLite, generated in {fill_s} s) against 8 (none generated).")
print()
print(f"| measure | no connections | {total:,} connections | ratio | target |")
print("|---|---|---|---|---|")
print(f"| start-up to /readyz 200, median (all starts), ms | {med['none']:,.0f} ({', '.join(map(str, starts['none']))}) "
      f"| {med['1m']:,.0f} ({', '.join(map(str, starts['1m']))}) | {med['1m'] / med['none']:.2f}× | ≤ 1.2×: "
      f"{'met' if med['1m'] <= 1.2 * med['none'] else 'not met'} |")
print(f"| first GET one provider after ready, median, ms | {statistics.median(first['none']):,.0f} "
      f"| {statistics.median(first['1m']):,.0f} | | |")
for name, label in (("get-one", "GET one provider"), ("list-providers", "provider list, default page")):
    a, b = rows[f"{name}-none"], rows[f"{name}-1m"]
    print(f"| {label}, req/s (p99 ms), 32 connections | {a['requests_per_s']:,.0f} ({a['p99_ms']:.1f}) "
          f"| {b['requests_per_s']:,.0f} ({b['p99_ms']:.1f}) | {b['requests_per_s'] / a['requests_per_s']:.2f}× | unaffected |")
small = int(sys.argv[12])
print()
print(f"Lists with {list_conns} wrk connections, each request for another owner or value; the small store has "
      f"{small:,} connections, as many per owner and per tag value as the large one, so a page is the same work.")
print()
print(f"| list, req/s (p50 ms, p99 ms) | {small:,} connections | {total:,} connections | ratio of p99 | target |")
print("|---|---|---|---|---|")
for kind, label in (("owner", "by owner (10 each)"), ("tag", "by tag (100 each)"),
                    ("broad-tag", "by tag on a third of all (pages of 100)")):
    a, b = rows[f"list-by-{kind}-small"], rows[f"list-by-{kind}-1m"]
    target = ("p99 < 10 ms: " + ("met" if b["p99_ms"] < 10 else "not met")) if kind != "broad-tag" else ""
    ratio = f"{b['p99_ms'] / a['p99_ms']:.2f}×" if a["p99_ms"] else "—"
    print(f"| {label} | {a['requests_per_s']:,.0f} ({a['p50_ms']:.1f}, {a['p99_ms']:.1f}) "
          f"| {b['requests_per_s']:,.0f} ({b['p50_ms']:.1f}, {b['p99_ms']:.1f}) | {ratio} | {target} |")
print()
print(f"RSS after the reads: {rss['none']} MB with no connections, {rss['1m']} MB with {total:,}.")
PY
echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)" | tee -a "$OUT/table.md"
