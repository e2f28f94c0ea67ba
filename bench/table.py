"""Prints the tables of one bench/run.sh sitting: the issue's figures against their targets, then req/s
and p99 per workload and server.

    table.py OUT_DIR STARTUP_MS... -- RSS_MB

Every figure comes from the sitting's rounds. A ratio is the median of the rounds' own ratios, each
between runs of one round, seconds apart; with more than one round, the lowest and highest follow in
brackets. A figure whose workload did not run says so instead of a number.
"""
import json
import statistics
import sys
from pathlib import Path

out = Path(sys.argv[1])
separator = sys.argv.index("--")
startups = [int(v) for v in sys.argv[2:separator]]
rss_mb = int(sys.argv[separator + 1])
rounds = sorted({int(p.stem.split(".round")[1]) for p in out.glob("*.round*.jsonl")})

# The servers of a sitting, each with its rounds' runs in <name>.round<N>.jsonl. "proxy" holds what
# bench/proxy.sh measured, when the repository has it.
SERVERS = ("patchbay", "peer", "ceiling", "raw", "proxy")
LABELS = {"patchbay": "Patchbay", "peer": "FastAPI peer", "ceiling": "Javalin ceiling", "raw": "raw-bytes limit"}


def load(name, round_):
    rows = {}
    path = out / f"{name}.round{round_}.jsonl"
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip().startswith("{"):
                row = json.loads(line)
                if not row.get("skipped"):
                    rows[row["workload"]] = row
    return rows


runs = {name: [load(name, r) for r in rounds] for name in SERVERS}


def find(rows, names):
    """The run of the first of a figure's workload names present in one round of one server."""
    return next((rows[n] for n in names if n in rows), None)


def per_round_ratios(top, bottom):
    """(server, workload names) over (server, workload names), one ratio per round that ran both."""
    found = []
    for mine, theirs in zip(runs[top[0]], runs[bottom[0]]):
        a, b = find(mine, top[1]), find(theirs, bottom[1])
        if a and b and b["requests_per_s"]:
            found.append(a["requests_per_s"] / b["requests_per_s"])
    return found


def spread(values, unit):
    cell = f"{statistics.median(values):.2f}{unit}"
    return cell + (f" ({min(values):.2f}–{max(values):.2f})" if len(values) > 1 else "")


# The figures. Each row is generic: a ratio of two (server, workload) runs from the same rounds,
# the p99 of one run, or a figure measured outside the rounds. A branch that adds a workload adds its
# names here, and the row fills in once run.sh runs it.
LIST, ONE, WRONG = ["a_list"], ["b_get_one"], ["f_wrong_key"]
FIGURES = [
    ("list (default page) / raw-bytes limit", "ratio", ("patchbay", LIST), ("raw", LIST), 0.85),
    ("list (default page) / Javalin ceiling", "ratio", ("patchbay", LIST), ("ceiling", LIST), 1.0),
    ("GET one / raw-bytes limit", "ratio", ("patchbay", ONE), ("raw", ONE), 0.85),
    ("wrong key (401, throttle on) / raw-bytes limit", "ratio", ("patchbay", WRONG), ("raw", WRONG), 0.8),
    ("valid setup / FastAPI peer", "ratio", ("patchbay", ["c_setup_valid"]), ("peer", ["c_setup_valid"]), 5.0),
    ("mixed 90/10, p99", "p99", ("patchbay", ["e_mixed_90get_10post"]), None, 10.0),
    ("credentials read / GET one", "ratio", ("patchbay", ["g_credentials", "credentials"]), ("patchbay", ONE), 0.85),
    ("proxy / direct call", "ratio", ("proxy", ["proxy_via_patchbay", "proxy_proxied", "proxied"]),
     ("proxy", ["proxy_direct", "direct"]), 0.6),
]

print(f"Figures of one sitting, {len(rounds)} round(s); ratios are medians of the rounds' ratios (lowest–highest).")
print()
print("| figure | measured | target | met |")
print("|---|---|---|---|")
for label, kind, top, bottom, target in FIGURES:
    if kind == "ratio":
        found = per_round_ratios(top, bottom)
        cell = spread(found, "×") if found else None
        met = found and statistics.median(found) >= target
        goal = f"≥ {target:g}×"
    else:
        found = [row["p99_ms"] for rows in runs[top[0]] if (row := find(rows, top[1]))]
        cell = f"{statistics.median(found):.1f} ms" + (f" ({min(found):.1f}–{max(found):.1f})" if len(found) > 1 else "") \
            if found else None
        met = found and statistics.median(found) <= target
        goal = f"≤ {target:g} ms"
    if cell is None:
        print(f"| {label} | n/a (workload not present) | {goal} | — |")
    else:
        print(f"| {label} | {cell} | {goal} | {'met' if met else 'not met'} |")
startup = statistics.median(startups) if startups else None
if startup is None:
    print("| start-up to /readyz 200, median of starts | n/a | < 1,000 ms | — |")
else:
    print(f"| start-up to /readyz 200, median of {len(startups)} starts | {startup:,.0f} ms "
          f"({', '.join(map(str, startups))}) | < 1,000 ms | {'met' if startup < 1000 else 'not met'} |")
print(f"| RSS after the sitting | {rss_mb} MB | ≤ 256 MB | {'met' if rss_mb <= 256 else 'not met'} |")

print()
print("Req/s (p99 ms), medians of the rounds:")
print()
names = [s for s in SERVERS if any(runs[s])]
workloads = list(dict.fromkeys(w for s in names for rows in runs[s] for w in rows))
print("| workload | " + " | ".join(LABELS.get(s, s) for s in names) + " |")
print("|---|" + "---|" * len(names))
for workload in workloads:
    cells = []
    for server in names:
        rows = [r[workload] for r in runs[server] if workload in r]
        if not rows:
            cells.append("—")
            continue
        cell = f"{statistics.median(r['requests_per_s'] for r in rows):,.0f} ({statistics.median(r['p99_ms'] for r in rows):.1f})"
        if not all(r.get("ok", True) for r in rows):
            cell += " unexpected statuses"
        cells.append(cell)
    print(f"| {workload} | " + " | ".join(cells) + " |")
