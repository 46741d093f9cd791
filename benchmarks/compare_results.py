#!/usr/bin/env python3
"""Puts Sluice's bench results beside the Spark peer's: the median over the runs of each figure, per workload,
and the ratio Sluice/Spark. Standard library only.

    compare_results.py [--note TEXT] [--profile "tuned"] sluice.jsonl spark-results.jsonl [more spark files...]
"""
import argparse
import json
import statistics
from collections import OrderedDict

# (label, path into the result line, scale, unit); below 1 is better for time and memory, above 1 for rates
FIGURES = [
    ("triggerExecution median", ("triggerExecutionMs", "median"), 1, "ms"),
    ("triggerExecution p95", ("triggerExecutionMs", "p95"), 1, "ms"),
    ("steady events/s (excl. first batch)", ("throughput", "eventsPerSecSteadyExclFirstBatch"), 1, "ev/s"),
    ("wall events/s (query start to last commit)", ("throughput", "eventsPerSecWall"), 1, "ev/s"),
    ("JVM start to first batch committed", ("startup", "jvmStartToFirstBatchCommittedMs"), 1, "ms"),
    ("JVM start to query start", ("startup", "jvmStartToQueryStartMs"), 1, "ms"),
    ("Sluice: parse + plan the SQL (in the above)", ("planningMs",), 1, "ms"),
    ("query start to first batch committed", ("startup", "queryStartToFirstBatchCommittedMs"), 1, "ms"),
    ("peak RSS (VmHWM)", ("procPeakRssKb",), 1 / 1024, "MiB"),
    ("GC time", ("gcTimeMs",), 1, "ms"),
    ("phase addBatch (median)", ("phaseMedianMs", "addBatch"), 1, "ms"),
    ("phase walCommit (median)", ("phaseMedianMs", "walCommit"), 1, "ms"),
    ("phase commitOffsets (median)", ("phaseMedianMs", "commitOffsets"), 1, "ms"),
    ("phase queryPlanning (median)", ("phaseMedianMs", "queryPlanning"), 1, "ms"),
    ("phase latestOffset (median)", ("phaseMedianMs", "latestOffset"), 1, "ms"),
]


def get(row, path):
    for key in path:
        if not isinstance(row, dict) or key not in row:
            return None
        row = row[key]
    return row if isinstance(row, (int, float)) and row >= 0 else None


def fmt(value):
    if value is None:
        return "–"
    if abs(value) >= 10000:
        return f"{value:,.0f}"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}"


def summary(rows, path, scale):
    values = [get(r, path) for r in rows]
    values = [v * scale for v in values if v is not None]
    if not values:
        return None, "–"
    median = statistics.median(values)
    spread = f" [{fmt(min(values))}–{fmt(max(values))}]" if len(values) > 1 else ""
    return median, fmt(median) + spread


def load(path):
    with open(path) as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--note", default="")
    parser.add_argument("--profile", default="tuned", help="the Spark profiles to compare with, space-separated")
    parser.add_argument("sluice")
    parser.add_argument("spark", nargs="+")
    arguments = parser.parse_args()
    sluice = OrderedDict()
    for row in load(arguments.sluice):
        sluice.setdefault(row["name"], []).append(row)
    profiles = arguments.profile.split()
    spark = {}
    for path in arguments.spark:
        for row in load(path):
            if row.get("sourceKind", "rate") == "rate" and row.get("profile") in profiles:
                spark.setdefault((row["name"], row["profile"]), []).append(row)

    out = []
    out.append("| workload | figure | Sluice median [min–max] | Spark median [min–max] | Sluice/Spark |")
    out.append("|---|---|---:|---:|---:|")
    for name, rows in sluice.items():
        statuses = sorted({r.get("status", "?") for r in rows})
        for profile in profiles:
            others = [r for r in spark.get((name, profile), []) if r.get("status") == "ok"]
            label = f"{name} (Spark {profile})" if len(profiles) > 1 else name
            if statuses != ["ok"]:
                reason = rows[0].get("reason", "")
                out.append(f"| {label} | status | {', '.join(statuses)}{': ' + reason if reason else ''} | "
                           f"{'ok' if others else '–'} | – |")
                continue
            for title, path, scale, unit in FIGURES:
                mine, mine_text = summary(rows, path, scale)
                theirs, theirs_text = summary(others, path, scale)
                if mine is None and theirs is None:
                    continue
                ratio = f"{mine / theirs:.3g}" if mine is not None and theirs else "–"
                out.append(f"| {label} | {title} ({unit}) | {mine_text} | {theirs_text} | {ratio} |")
    runs = max((r.get("run", 1) for rs in sluice.values() for r in rs), default=0)
    print(f"Runs per engine: {runs}. {arguments.note}.")
    print()
    print("\n".join(out))


if __name__ == "__main__":
    main()
