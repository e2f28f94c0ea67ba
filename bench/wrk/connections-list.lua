-- Lists of connections in a store filled by bench/connections-scale.sh, each request for another owner
-- or tag value, so that the reads spread over the index as an application's would. Environment:
--   BENCH_KEY       an API key that may list connections
--   BENCH_LIST      owner (user-0 … user-<BENCH_OWNERS - 1>, 10 connections each), tag (space_id:space-0 …
--                   space-<BENCH_SPACES - 1>, 100 each), or broad-tag (plan:free|pro|enterprise, a third each)
--   BENCH_WORKLOAD  name printed in the result line
local key, kind = os.getenv("BENCH_KEY"), os.getenv("BENCH_LIST")
local owners, spaces = tonumber(os.getenv("BENCH_OWNERS")), tonumber(os.getenv("BENCH_SPACES"))
local plans = { "free", "pro", "enterprise" }

function setup(thread)
  thread:set("seed", math.random(1, 2147483647))
end

function init(args)
  math.randomseed((seed or 1) + os.time())
end

function request()
  local query
  if kind == "owner" then
    query = "owner=user-" .. math.random(0, owners - 1)
  elseif kind == "tag" then
    query = "tag=space_id:space-" .. math.random(0, spaces - 1)
  else
    query = "tag=plan:" .. plans[math.random(1, 3)]
  end
  return wrk.format("GET", "/v1/connections?" .. query, { ["X-API-Key"] = key })
end

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
