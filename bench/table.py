"""Prints the benchmark table of one bench/run.sh sitting: req/s, p99 and ratios per workload.

Every figure is the median over the sitting's rounds. A ratio is the median of the round's own ratios,
each between runs of the same round, a minute apart; with more than one round, the lowest and highest
of them follow in brackets.
"""
import json
import statistics
import sys
from pathlib import Path

out, startup, rss_mb = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
rounds = sorted({int(p.stem.split(".round")[1]) for p in out.glob("*.round*.jsonl")})


def load(name, round_):
    rows = {}
    path = out / f"{name}.round{round_}.jsonl"
    if path.exists():
        for line in path.read_text().splitlines():
            row = json.loads(line)
            if not row.get("skipped"):
                rows[row["workload"]] = row
    return rows


runs = {name: [load(name, r) for r in rounds] for name in ("patchbay", "peer", "ceiling")}
workloads = list(dict.fromkeys(w for rows in runs["patchbay"] for w in rows))


def median_cell(name, workload):
    rows = [rows[workload] for rows in runs[name] if workload in rows]
    if not rows:
        return "—"
    rps = statistics.median(row["requests_per_s"] for row in rows)
    p99 = statistics.median(row["p99_ms"] for row in rows)
    return f"{rps:,.0f} ({p99:.1f})"


def ratio_cell(other, workload):
    ratios = [mine[workload]["requests_per_s"] / theirs[workload]["requests_per_s"]
              for mine, theirs in zip(runs["patchbay"], runs[other])
              if workload in mine and workload in theirs]
    if not ratios:
        return "—"
    cell = f"{statistics.median(ratios):.2f}×"
    return cell + (f" ({min(ratios):.2f}–{max(ratios):.2f})" if len(ratios) > 1 else "")


print(f"Medians of {len(rounds)} round(s).")
print()
print("| workload | Patchbay req/s (p99 ms) | peer req/s (p99 ms) | ceiling req/s (p99 ms) | Patchbay/peer | Patchbay/ceiling |")
print("|---|---|---|---|---|---|")
for workload in workloads:
    name = workload
    if not all(rows[workload].get("ok", True) for rows in runs["patchbay"] if workload in rows):
        name += " (unexpected statuses)"
    cells = [name] + [median_cell(server, workload) for server in ("patchbay", "peer", "ceiling")]
    cells += [ratio_cell(other, workload) for other in ("peer", "ceiling")]
    print("| " + " | ".join(cells) + " |")
print()
print(f"Patchbay start-up to ready (existing data dir): {startup}; RSS after the run: {rss_mb} MB")
