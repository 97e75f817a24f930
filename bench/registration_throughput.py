#!/usr/bin/env python3
"""Batch registration throughput through the real API (duplicate checks included).

Starts nothing: point it at a running Badil (e.g. `.build/release/badil demo --password P`, or `serve`
on a database already loaded with `badil bench-load`). It signs in as a registrar, records an arrival
at the first disembarkation point, posts `--batches` batches of `--size` people taken from a
population CSV (bench/generate_population.py), and reports people per second end to end.

    python3 bench/registration_throughput.py --base http://127.0.0.1:8080 --user coast_guard \
        --password P --population /tmp/pop/population.csv --batches 10 --size 1000 --out result.json
"""
import argparse
import csv
import json
import sys
import time
import urllib.request


def call(base, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=300) as res:
        return res.status, json.loads(res.read() or b"null")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8080")
    ap.add_argument("--user", default="coast_guard")
    ap.add_argument("--password", required=True)
    ap.add_argument("--population", required=True)
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--skip", type=int, default=0, help="start at this row of the CSV")
    ap.add_argument("--out")
    a = ap.parse_args()

    _, tok = call(a.base, "POST", "/api/v1/auth/token", body={"username": a.user, "password": a.password})
    token = tok["token"]
    _, locs = call(a.base, "GET", "/api/v1/locations?type=disembarkation_point&pageSize=1", token)
    _, arrival = call(a.base, "POST", "/api/v1/arrivals", token, {"kind": "disembarkation", "locationId": locs["items"][0]["id"]})

    rows = []
    with open(a.population, newline="", encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if i < a.skip:
                continue
            if len(rows) >= a.batches * a.size:
                break
            row = {"sex": r["sex"] or "unknown", "nationality": r["nationality"] or None}
            if r["name_original"]:
                row["nameOriginal"] = r["name_original"]
            if r["name_latin"]:
                row["nameLatin"] = r["name_latin"]
            if r["birth_year"]:
                row["claimedAge"] = max(0, min(120, 2026 - int(r["birth_year"])))
            rows.append(row)

    times, candidates = [], 0
    start = time.perf_counter()
    for b in range(a.batches):
        batch = rows[b * a.size:(b + 1) * a.size]
        t = time.perf_counter()
        status, result = call(a.base, "POST", f"/api/v1/arrivals/{arrival['id']}/registrations", token, {"rows": batch})
        times.append(time.perf_counter() - t)
        if status != 201:
            print("batch", b, "answered", status, file=sys.stderr)
            return 1
        candidates += sum(len(p["candidates"]) for p in result["people"])
    total = time.perf_counter() - start
    people = a.batches * a.size
    out = {"approach": "badil batch registration API", "people": people, "batches": a.batches, "batch_size": a.size,
           "seconds": round(total, 3), "people_per_second": round(people / total, 1),
           "slowest_batch_s": round(max(times), 3), "candidates_proposed": candidates}
    print(json.dumps(out, indent=2))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(out, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
