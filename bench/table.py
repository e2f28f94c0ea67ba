"""Prints the benchmark table of one bench/run.sh sitting: req/s, p99 and ratios per workload."""
import json
import sys
from pathlib import Path

out, startup, rss_mb = Path(sys.argv[1]), sys.argv[2], sys.argv[3]


def load(name):
    rows = {}
    path = out / f"{name}.jsonl"
    if path.exists():
        for line in path.read_text().splitlines():
            row = json.loads(line)
            if not row.get("skipped"):
                rows[row["workload"]] = row
    return rows


patchbay, peer, ceiling = load("patchbay"), load("peer"), load("ceiling")
print("| workload | Patchbay req/s (p99 ms) | peer req/s (p99 ms) | ceiling req/s (p99 ms) | Patchbay/peer | Patchbay/ceiling |")
print("|---|---|---|---|---|---|")
for workload, mine in patchbay.items():
    cells = [workload]
    for rows in (patchbay, peer, ceiling):
        row = rows.get(workload)
        cells.append(f"{row['requests_per_s']:,.0f} ({row['p99_ms']:.1f})" if row else "—")
    for rows in (peer, ceiling):
        row = rows.get(workload)
        cells.append(f"{mine['requests_per_s'] / row['requests_per_s']:.2f}×" if row else "—")
    if not mine.get("ok", True):
        cells[0] += " (unexpected statuses)"
    print("| " + " | ".join(cells) + " |")
print()
print(f"Patchbay start-up to ready (existing data dir): {startup}; RSS after the run: {rss_mb} MB")
