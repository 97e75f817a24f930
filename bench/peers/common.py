"""Shared by the peers: reading the generated CSV files, scoring candidate lists, writing the result JSON.

Result JSON (one file per approach and run; bench/compare.py reads any number of them):

    {"approach": "...", "n_population": N, "n_queries": Q, "timed_queries": K,
     "latency_ms": {"p50": .., "p95": .., "p99": .., "mean": ..},
     "recall": .., "precision": .., "top1_precision": .., "notes": "...", ...extra keys...}

Definitions (over the K queries that were run; all K are timed):
  recall          share of duplicate queries (true_id set) whose true_id is in the candidate list
  precision       share of all returned candidates that are the query's true_id (every candidate
                  returned for a new person, true_id empty, is a false positive)
  top1_precision  share of queries with at least one candidate whose first candidate is the true_id
  latency         per query, wall clock around the search call only, in milliseconds;
                  percentiles by linear interpolation between closest ranks (numpy's default,
                  Excel PERCENTILE.INC); mean = arithmetic mean
"""
import csv
import hashlib
import json
import os
import platform
import re
import sys
import unicodedata

csv.field_size_limit(1 << 20)

QUERY_FIELDS = ["query_id", "name_original", "name_latin", "sex", "birth_year", "birth_estimated", "nationality", "true_id"]
POPULATION_FIELDS = ["id", "name_original", "name_latin", "sex", "birth_year", "birth_estimated", "nationality", "family_id"]


def read_csv(path, fields):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        if header != fields:
            sys.exit(f"{path}: unexpected header {header}, expected {fields}")
        yield from r


def load_queries(path, sample=None):
    """Queries in file order; with sample=K the first K (the file is already in random order)."""
    rows = []
    for row in read_csv(path, QUERY_FIELDS):
        q = dict(zip(QUERY_FIELDS, row))
        q["true_id"] = int(q["true_id"]) if q["true_id"] else None
        rows.append(q)
        if sample and len(rows) >= sample:
            break
    return rows


def load_kinds(queries_path):
    """query_id -> kind from query-kinds.csv beside queries.csv, if present."""
    path = os.path.join(os.path.dirname(os.path.abspath(queries_path)), "query-kinds.csv")
    if not os.path.exists(path):
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {r["query_id"]: r["kind"] for r in csv.DictReader(f)}


_TATWEEL = "\u0640"


def fold(s):
    """Light normalisation both peers get (what Primero's LanguageService.strip_diacritics does):
    NFKD, drop combining marks (Latin accents; Arabic harakat and the hamza carried by alef), drop
    tatweel. Case and punctuation are left to each approach."""
    if not s:
        return s
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c) and c != _TATWEEL)
    return unicodedata.normalize("NFC", s)


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def score(queries, candidate_lists, latencies_s, kinds=None):
    """Metrics dict (see the module docstring) for parallel lists of queries, candidate id lists, latencies."""
    lat = sorted(x * 1000.0 for x in latencies_s)
    n_dup = found = found_top1 = returned = correct = with_cands = top1_ok = new_with_cands = 0
    by_kind = {}
    for q, cands in zip(queries, candidate_lists):
        t = q["true_id"]
        returned += len(cands)
        if cands:
            with_cands += 1
            if t is not None and cands[0] == t:
                top1_ok += 1
        if t is None:
            if cands:
                new_with_cands += 1
        else:
            n_dup += 1
            hit = t in cands
            found += hit
            correct += hit  # ids are unique in a list, so a hit is one correct candidate
            found_top1 += bool(cands) and cands[0] == t
            if kinds:
                kind = kinds.get(q["query_id"], "")
                for tag in kind.split(":", 1)[-1].split("+"):
                    s = by_kind.setdefault(tag, [0, 0])
                    s[0] += 1
                    s[1] += hit
    n_new = len(queries) - n_dup
    out = {
        "latency_ms": {
            "p50": round(percentile(lat, 50), 3) if lat else None,
            "p95": round(percentile(lat, 95), 3) if lat else None,
            "p99": round(percentile(lat, 99), 3) if lat else None,
            "mean": round(sum(lat) / len(lat), 3) if lat else None,
            "max": round(lat[-1], 3) if lat else None,
        },
        "recall": round(found / n_dup, 4) if n_dup else None,
        "precision": round(correct / returned, 4) if returned else None,
        "top1_precision": round(top1_ok / with_cands, 4) if with_cands else None,
        "recall_at_1": round(found_top1 / n_dup, 4) if n_dup else None,
        "duplicate_queries": n_dup,
        "new_person_queries": n_new,
        "new_person_queries_with_candidates": round(new_with_cands / n_new, 4) if n_new else None,
        "mean_candidates": round(returned / len(queries), 3) if queries else None,
    }
    if by_kind:
        out["recall_by_variation"] = {k: {"n": v[0], "recall": round(v[1] / v[0], 4)}
                                      for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1][0])}
    return out


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def data_block(population_path, queries_path):
    return {"population_csv": os.path.abspath(population_path), "queries_csv": os.path.abspath(queries_path),
            "population_sha256": file_sha256(population_path), "queries_sha256": file_sha256(queries_path)}


def machine_block():
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        info["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]  # other work on the machine skews latency
    except OSError:
        pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            if m:
                info["cpu"] = m.group(1).strip()
    except OSError:
        pass
    return info


def write_result(path, result):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")


def summary_line(result):
    lat = result["latency_ms"]
    return (f"{result['approach']}: {result['timed_queries']} queries against {result['n_population']} people: "
            f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, recall {result['recall']}, precision {result['precision']}, "
            f"top-1 precision {result['top1_precision']}")
