#!/usr/bin/env python3
"""Markdown table of duplicate-candidate benchmark results.

    python3 bench/compare.py badil-sqlite.json badil-postgres.json rapidfuzz.json pg_trgm.json

Each argument is a result JSON in the common shape (see bench/peers/common.py):
    {"approach", "n_population", "n_queries", "timed_queries",
     "latency_ms": {"p50", "p95", "p99", "mean"}, "recall", "precision", "top1_precision", "notes"}
Speed ratios are relative to the FIRST file: "x p95" = this p95 / first p95 (so 120x means 120 times
slower than the first approach; 0.5x twice as fast). Files that name different data (the optional
"data" block with the SHA-256 of population.csv and queries.csv) or population sizes are flagged
under the table. Python 3 standard library only.
"""
import argparse
import json
import sys


def fmt_ms(v):
    if v is None:
        return "–"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def fmt_ratio(v, base):
    if v is None or not base:
        return "–"
    r = v / base
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def fmt_share(v):
    return "–" if v is None else f"{100 * v:.1f}%"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="+", help="result JSON files; the first is the reference for speed ratios")
    ap.add_argument("--notes", action="store_true", help="print each result's notes under the table")
    args = ap.parse_args(argv)

    results = []
    for path in args.results:
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        missing = [k for k in ("approach", "n_population", "timed_queries", "latency_ms", "recall", "precision",
                               "top1_precision") if k not in r]
        if missing:
            sys.exit(f"{path}: missing {', '.join(missing)}")
        results.append((path, r))

    base = results[0][1]["latency_ms"]
    print("| approach | people | queries timed | p50 ms | p95 ms | p99 ms | mean ms | × p50 | × p95 | recall | precision | top-1 precision |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for _, r in results:
        lat = r["latency_ms"]
        timed = f"{r['timed_queries']:,}"
        if r.get("n_queries") and r["n_queries"] != r["timed_queries"]:
            timed += f" of {r['n_queries']:,}"
        print(f"| {r['approach']} | {r['n_population']:,} | {timed} | {fmt_ms(lat.get('p50'))} | {fmt_ms(lat.get('p95'))} | "
              f"{fmt_ms(lat.get('p99'))} | {fmt_ms(lat.get('mean'))} | {fmt_ratio(lat.get('p50'), base.get('p50'))} | "
              f"{fmt_ratio(lat.get('p95'), base.get('p95'))} | {fmt_share(r['recall'])} | {fmt_share(r['precision'])} | "
              f"{fmt_share(r['top1_precision'])} |")

    print()
    print(f"Speed ratios: latency of each approach divided by that of the first ({results[0][1]['approach']}). "
          "Recall: share of re-registrations whose true record is among the candidates; precision: share of all "
          "returned candidates that are the true record; top-1 precision: the same for the first candidate only.")

    warnings = []
    sizes = {r["n_population"] for _, r in results}
    if len(sizes) > 1:
        warnings.append(f"population sizes differ: {sorted(sizes)}")
    hashes = {}
    for path, r in results:
        d = r.get("data") or {}
        key = (d.get("population_sha256"), d.get("queries_sha256"))
        if key != (None, None):
            hashes.setdefault(key, []).append(path)
    if len(hashes) > 1:
        warnings.append("results were computed on different data: " +
                        "; ".join(f"{', '.join(v)} (population {k[0][:12] if k[0] else '?'}…)" for k, v in hashes.items()))
    samples = {r["timed_queries"] for _, r in results}
    if len(samples) > 1:
        warnings.append("approaches were timed on different numbers of queries (--sample): recall and precision "
                        "come from different query sets")
    for w in warnings:
        print(f"\n**Warning:** {w}")
    if args.notes:
        print()
        for path, r in results:
            print(f"- **{r['approach']}** ({path}): {r.get('notes', '')}")


if __name__ == "__main__":
    main()
