"""Setup burst with and without a webhook endpoint; see bench/webhooks.sh."""
import argparse
import http.client
import http.server
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import threading
import time
import urllib.request
from datetime import datetime

KEY = "bench-webhooks-" + os.urandom(9).hex()


def receiver(port, path):
    """A receiver in its own process: it records (event id, occurred_at, arrival) and answers 200."""
    log = open(path, "a", buffering=1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            arrived = time.time()
            event = json.loads(body)
            log.write(f'{event["id"]} {event["occurred_at"]} {arrived:.6f}\n')
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def call(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-API-Key": KEY}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    answer = conn.getresponse()
    data = answer.read()
    conn.close()
    return answer.status, json.loads(data) if data else None


def start(args, data_dir, log):
    env = dict(os.environ, PATCHBAY_PORT=str(args.port), PATCHBAY_HOST="127.0.0.1", PATCHBAY_DATA_DIR=data_dir,
               PATCHBAY_ADMIN_API_KEY=KEY, PATCHBAY_VERIFY_ALLOW_PRIVATE="true")
    process = subprocess.Popen(["java", "-Xms64m", "-Xmx128m", "-XX:+UseSerialGC", "-jar", args.jar, "serve"],
                               env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT)
    for _ in range(6000):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/readyz", timeout=1) as ready:
                if ready.status == 200:
                    return process
        except OSError:
            time.sleep(0.01)
    raise SystemExit("bench: Patchbay did not become ready")


def client_secret_providers(port):
    """Providers whose setup is exactly client_id + client_secret, to spread the burst over."""
    _, page = call(port, "GET", "/v1/admin/connector-providers?auth_type=oauth2&limit=500")
    slugs = []
    for provider in page["data"]:
        schema = provider["config_schema"]
        if sorted(schema.get("required", [])) == ["client_id", "client_secret"]:
            slugs.append(provider["provider_slug"])
    return slugs


def burst(port, slugs, setups, clients):
    """setups POST …/setup calls from `clients` threads on keep-alive connections; returns seconds."""
    counter = iter(range(setups))
    lock = threading.Lock()
    failures = []

    def work():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            slug = slugs[i % len(slugs)]
            conn.request("POST", f"/v1/admin/connector-providers/{slug}/setup",
                         body=json.dumps({"client_id": f"bench-{i}", "client_secret": f"s-{i}"}),
                         headers={"X-API-Key": KEY, "Content-Type": "application/json"})
            answer = conn.getresponse()
            answer.read()
            if answer.status != 200:
                failures.append(answer.status)
        conn.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"bench: {len(failures)} setups failed, e.g. {failures[0]}")
    return elapsed


def lags(path, expected, deadline_s=120):
    end = time.time() + deadline_s
    while time.time() < end:
        lines = open(path).read().split("\n")
        rows = [line.split() for line in lines if line.strip()]
        if len(rows) >= expected:
            break
        time.sleep(0.2)
    values = []
    for _, occurred, arrived in rows:
        at = datetime.fromisoformat(occurred.replace("Z", "+00:00")).timestamp()
        values.append((float(arrived) - at) * 1000)
    return len(rows), values


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    for name in ("jar", "out"):
        parser.add_argument("--" + name, required=True)
    for name in ("setups", "rounds", "clients", "port", "receiver-port"):
        parser.add_argument("--" + name, type=int, required=True)
    args = parser.parse_args()
    results = {"without": [], "with": []}
    all_lags = []
    for round_no in range(1, args.rounds + 1):
        for mode in ("without", "with"):
            data_dir = os.path.join(args.out, f"data-{mode}-{round_no}")
            shutil.rmtree(data_dir, ignore_errors=True)
            process = start(args, data_dir, os.path.join(args.out, "patchbay.log"))
            receiver_process = None
            received = os.path.join(args.out, f"received-{round_no}.txt")
            try:
                slugs = client_secret_providers(args.port)
                if mode == "with":
                    open(received, "w").close()
                    receiver_process = multiprocessing.Process(target=receiver, args=(args.receiver_port, received),
                                                               daemon=True)
                    receiver_process.start()
                    time.sleep(0.5)
                    status, _ = call(args.port, "POST", "/v1/admin/webhook-endpoints", {
                        "url": f"http://127.0.0.1:{args.receiver_port}/hooks",
                        "events": ["provider.setup", "provider.updated", "provider.reset"]})
                    assert status == 201, status
                burst(args.port, slugs, min(200, args.setups), args.clients)  # warm-up, not counted
                if mode == "with":
                    lags(received, min(200, args.setups))
                    open(received, "w").close()
                seconds = burst(args.port, slugs, args.setups, args.clients)
                rate = args.setups / seconds
                results[mode].append(rate)
                line = f"round {round_no} {mode:7s}: {args.setups} setups in {seconds:.2f} s = {rate:.0f}/s"
                if mode == "with":
                    count, values = lags(received, args.setups)
                    all_lags.extend(values)
                    line += (f"; {count} events received, lag p50 {percentile(values, 50):.0f} ms,"
                             f" p99 {percentile(values, 99):.0f} ms")
                print(line, flush=True)
            finally:
                process.terminate()
                process.wait()
                if receiver_process:
                    receiver_process.terminate()
    without = statistics.median(results["without"])
    with_endpoint = statistics.median(results["with"])
    summary = {"setups_per_s_without": without, "setups_per_s_with": with_endpoint,
               "ratio": with_endpoint / without, "lag_p50_ms": percentile(all_lags, 50),
               "lag_p99_ms": percentile(all_lags, 99), "events": len(all_lags), "runs": results}
    json.dump(summary, open(os.path.join(args.out, "summary.json"), "w"), indent=2)
    print()
    print("| | setups/s (median) |")
    print("|---|---|")
    print(f"| no webhook endpoint | {without:.0f} |")
    print(f"| one endpoint attached | {with_endpoint:.0f} |")
    print(f"| ratio | {with_endpoint / without:.2f}x |")
    print()
    print(f"delivery lag under the burst ({len(all_lags)} events): p50 {summary['lag_p50_ms']:.0f} ms,"
          f" p99 {summary['lag_p99_ms']:.0f} ms")


if __name__ == "__main__":
    main()
