-- (g) GET the credentials of one connection whose token is fresh (no refresh): the application's
-- backend asking for a token before each call to the provider. Environment (set by bench/run.sh):
--   BENCH_KEY          an API key that may read credentials (admin or connect)
--   BENCH_CONNECTION   the connection's id
--   BENCH_WORKLOAD     name printed in the result line
-- Prints the shared harness's BENCH_JSON line (see its wrk/common.lua), so its rows join the others.
wrk.method = "GET"
wrk.path = "/v1/connections/" .. os.getenv("BENCH_CONNECTION") .. "/credentials"
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")

function done(summary, latency, requests)
  local dur = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"workload":"%s","requests_per_s":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"errors_non2xx":%d,' ..
    '"requests":%d,"duration_s":%.2f,"p90_ms":%.3f,"max_ms":%.3f,"socket_errors":%d}\n',
    os.getenv("BENCH_WORKLOAD") or "?", summary.requests / dur, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status, summary.requests, dur, latency:percentile(90) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout))
end
