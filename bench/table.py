"""Prints the benchmark table of one bench/run.sh sitting: req/s, p99 and ratios per workload.

Every figure is the median over the sitting's rounds. A ratio is the median of the rounds' own ratios,
each between runs of one round, seconds apart; with more than one round, the lowest and highest of
them follow in brackets.
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


# The targets of the performance issue: the least Patchbay/peer, the least Patchbay/ceiling and the
# most p99 in ms (None: no such target).
TARGETS = {
    "a_list": (8.0, 1.0, None),
    "b_get_one": (8.0, 0.8, None),
    "c_setup_valid": (4.0, None, None),
    "d_setup_invalid": (8.0, None, None),
    "e_mixed_90get_10post": (8.0, None, 10.0),
    "f_wrong_key": (8.0, None, None),
}

SERVERS = ("patchbay", "peer", "ceiling", "jetty")
runs = {name: [load(name, r) for r in rounds] for name in SERVERS}
workloads = list(dict.fromkeys(w for rows in runs["patchbay"] for w in rows))


def values(name, workload, field):
    return [rows[workload][field] for rows in runs[name] if workload in rows]


def median_cell(name, workload):
    rps, p99 = values(name, workload, "requests_per_s"), values(name, workload, "p99_ms")
    return f"{statistics.median(rps):,.0f} ({statistics.median(p99):.1f})" if rps else "—"


def ratios(other, workload, server="patchbay"):
    return [mine[workload]["requests_per_s"] / theirs[workload]["requests_per_s"]
            for mine, theirs in zip(runs[server], runs[other])
            if workload in mine and workload in theirs]


def ratio_cell(other, workload):
    found = ratios(other, workload)
    if not found:
        return "—"
    cell = f"{statistics.median(found):.2f}×"
    return cell + (f" ({min(found):.2f}–{max(found):.2f})" if len(found) > 1 else "")


def target_cell(workload):
    """The workload's target and whether the medians meet it."""
    if workload not in TARGETS:
        return "—"
    peer_min, ceiling_min, p99_max = TARGETS[workload]
    parts, met = [], True
    for other, least in (("peer", peer_min), ("ceiling", ceiling_min)):
        if least is not None:
            parts.append(f"≥ {least:g}× {other}")
            found = ratios(other, workload)
            met = met and bool(found) and statistics.median(found) >= least
    if p99_max is not None:
        parts.append(f"p99 ≤ {p99_max:g} ms")
        p99s = values("patchbay", workload, "p99_ms")
        met = met and bool(p99s) and statistics.median(p99s) <= p99_max
    return ", ".join(parts) + (": met" if met else ": not met")


print(f"Medians of {len(rounds)} round(s).")
print()
print("| workload | Patchbay req/s (p99 ms) | peer req/s (p99 ms) | ceiling req/s (p99 ms) | raw Jetty req/s (p99 ms) "
      "| Patchbay/peer | Patchbay/ceiling | target |")
print("|---|---|---|---|---|---|---|---|")
for workload in workloads:
    name = workload
    if not all(rows[workload].get("ok", True) for rows in runs["patchbay"] if workload in rows):
        name += " (unexpected statuses)"
    cells = [name] + [median_cell(server, workload) for server in SERVERS]
    cells += [ratio_cell(other, workload) for other in ("peer", "ceiling")] + [target_cell(workload)]
    print("| " + " | ".join(cells) + " |")
print()
# What the stack itself allows: a Patchbay/peer target above raw Jetty's cannot be met by any server
# built on Jetty, let alone on Javalin.
for server, other, label in (("ceiling", "peer", "The ceiling over the peer"),
                             ("jetty", "peer", "Raw Jetty over the peer"),
                             ("patchbay", "jetty", "Patchbay over raw Jetty")):
    found = [f"{w} {statistics.median(r):.2f}×" for w in workloads if (r := ratios(other, w, server))]
    if found:
        print(f"{label} (medians of the rounds' ratios): " + ", ".join(found) + ".")
# Workload g (Patchbay's own): credential reads of a fresh token, against b (GET one provider) in each round.
credentials = [rows["g_credentials"]["requests_per_s"] / rows["b_get_one"]["requests_per_s"]
               for rows in runs["patchbay"] if "g_credentials" in rows and "b_get_one" in rows]
if credentials:
    print(f"Credential reads (g) over GET one provider (b), median of the rounds' ratios: "
          f"{statistics.median(credentials):.2f}× ({min(credentials):.2f}–{max(credentials):.2f}); target ≥ 0.5×.")
print(f"Patchbay start-up to ready (existing data dir): {startup} (target < 1,000 ms); "
      f"RSS after the run: {rss_mb} MB (target ≤ 256 MB)")
