#!/usr/bin/env python3
"""Peer (a): brute force with rapidfuzz, every query against every name of the population.

    python3 bench/peers/rapidfuzz_peer.py --population DIR/population.csv --queries DIR/queries.csv \\
        --limit 10 --threshold 80 --sample 200 --out DIR/results/rapidfuzz.json

For each query: rapidfuzz.process.extract(query, choices, scorer=fuzz.token_sort_ratio,
limit=--limit, score_cutoff=--threshold). The query uses name_latin when it has one, else
name_original; it is compared with the population's name in the same script (name_latin,
resp. name_original), falling back to the other field where a row lacks that one.

Both the query and the population names are normalised the same way: common.fold (accents and
Arabic harakat off, tatweel off) then rapidfuzz.utils.default_process (lower case, anything not
a letter or digit becomes a space). The population side is normalised once, before timing (an
index a real deployment would keep); the query side is normalised inside the timed call.
With --presort the tokens of every name are sorted once up front and the scorer is fuzz.ratio,
which gives exactly token_sort_ratio's scores at a fraction of the cost (a stronger peer).

rapidfuzz.process.extract has no `workers` argument (rapidfuzz 3.x): it runs on one thread, the
single-core comparison the issue asks for. Metrics: see common.py.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

try:
    import rapidfuzz
    from rapidfuzz import fuzz, process, utils
except ImportError:  # pragma: no cover
    sys.exit("rapidfuzz is not installed: pip install -r bench/requirements.txt")


def norm(s):
    return utils.default_process(common.fold(s)) if s else ""


def sort_tokens(s):
    return " ".join(sorted(s.split()))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--population", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--limit", type=int, default=10, help="candidates per query (10)")
    ap.add_argument("--threshold", type=float, default=80.0,
                    help="score_cutoff for token_sort_ratio, 0-100 (default 80)")
    ap.add_argument("--sample", type=int, default=0,
                    help="run only the first K queries (the file is in random order); default all")
    ap.add_argument("--presort", action="store_true",
                    help="sort tokens once up front and score with fuzz.ratio (same scores, faster)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    ids, latin_first, original_first = [], [], []
    for row in common.read_csv(args.population, common.POPULATION_FIELDS):
        orig, lat = norm(row[1]), norm(row[2])
        ids.append(int(row[0]))
        latin_first.append(lat or orig)
        original_first.append(orig or lat)
    if args.presort:
        latin_first = [sort_tokens(s) for s in latin_first]
        original_first = [sort_tokens(s) for s in original_first]
    t_load = time.perf_counter() - t0
    print(f"rapidfuzz peer: {len(ids)} people loaded and normalised in {t_load:.1f} s", file=sys.stderr)

    queries = common.load_queries(args.queries, args.sample or None)
    kinds = common.load_kinds(args.queries)
    scorer = fuzz.ratio if args.presort else fuzz.token_sort_ratio
    extract = process.extract
    perf = time.perf_counter
    cands_all, lat_all = [], []
    t_run = perf()
    for i, q in enumerate(queries, start=1):
        latin_q = q["name_latin"]
        t = perf()
        if latin_q:
            text, choices = norm(latin_q), latin_first
        else:
            text, choices = norm(q["name_original"]), original_first
        if args.presort:
            text = sort_tokens(text)
        hits = extract(text, choices, scorer=scorer, limit=args.limit, score_cutoff=args.threshold)
        cands = [ids[h[2]] for h in hits]
        lat_all.append(perf() - t)
        cands_all.append(cands)
        if i % 50 == 0 or i == len(queries):
            el = perf() - t_run
            print(f"  {i}/{len(queries)} queries, {el:.0f} s, {1000 * el / i:.0f} ms/query", file=sys.stderr)

    n_total = sum(1 for _ in common.read_csv(args.queries, common.QUERY_FIELDS))
    result = {
        "approach": "rapidfuzz brute force" + (" (presorted)" if args.presort else ""),
        "n_population": len(ids),
        "n_queries": n_total,
        "timed_queries": len(queries),
    }
    result.update(common.score(queries, cands_all, lat_all, kinds))
    sampled = (f"only the first {len(queries)} of {n_total} queries were run (--sample); "
               if len(queries) < n_total else "")
    result["notes"] = (
        f"{sampled}rapidfuzz {rapidfuzz.__version__} process.extract, scorer "
        f"{'fuzz.ratio on presorted tokens (= token_sort_ratio)' if args.presort else 'fuzz.token_sort_ratio'}, "
        f"score_cutoff {args.threshold:g}, limit {args.limit}; one thread (extract has no workers argument); "
        "query name_latin if present else name_original, against the population's same-script field falling back to "
        "the other; names folded (accents, harakat, tatweel) and default_process'd, population side once before timing; "
        "names only (no sex, birth year or nationality)")
    result["params"] = {"limit": args.limit, "threshold": args.threshold, "presort": args.presort,
                        "sample": args.sample or None}
    result["setup_seconds"] = {"load_and_normalise": round(t_load, 2)}
    result["data"] = common.data_block(args.population, args.queries)
    result["machine"] = common.machine_block()
    common.write_result(args.out, result)
    print(common.summary_line(result), file=sys.stderr)


if __name__ == "__main__":
    main()
