#!/usr/bin/env bash
# Webhooks under a setup burst, in one sitting: the setup rate with no webhook endpoint and with one
# endpoint attached (a local receiver that answers 200), alternated over ROUNDS rounds, and the
# delivery lag (receipt minus the event's occurred_at) p50/p99 of the events of the bursts with the
# endpoint. Prints a Markdown table; raw figures land in bench/results/webhooks-<UTC stamp>/.
#
#   bench/webhooks.sh [SETUPS=3000]
#     env: ROUNDS=2, CLIENTS=8 (concurrent clients of the burst), PORT=18280, RECEIVER_PORT=18281
#
# Needs: JDK 17+, Maven, python3, curl. SQLite store (the default), default webhook settings.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SETUPS="${1:-3000}"; ROUNDS="${ROUNDS:-2}"; CLIENTS="${CLIENTS:-8}"
PORT="${PORT:-18280}"; RECEIVER_PORT="${RECEIVER_PORT:-18281}"
OUT="$ROOT/bench/results/webhooks-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT"
for tool in java mvn python3 curl; do command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 2; }; done
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building Patchbay" >&2
  (cd "$ROOT" && mvn -q -B package -DskipTests)
fi
exec python3 "$ROOT/bench/webhooks.py" --jar "$ROOT/target/patchbay.jar" --out "$OUT" --setups "$SETUPS" \
  --rounds "$ROUNDS" --clients "$CLIENTS" --port "$PORT" --receiver-port "$RECEIVER_PORT"
