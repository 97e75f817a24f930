#!/usr/bin/env python3
"""Synthetic registrations for the blocking/timing bench (not labelled; not committed output).

Uses the name lexicon of make_pairs.py with the same nationality mix. Writes a TSV:
original, latin, sex, birth_year, estimated, nationality.

Usage: python3 bench/matching/make_population.py 1000000 /tmp/population.tsv
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_pairs as mp  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/population.tsv"
    rng = random.Random(7)
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(n):
            p = mp.new_person(rng)
            r, _ = mp.render(rng, p)
            f.write("\t".join([r.original or "", r.latin or "", {"M": "male", "F": "female"}[p.sex], str(p.year),
                               "1" if p.estimated else "0", p.nat]) + "\n")
    print(f"{n} registrations -> {out}")


if __name__ == "__main__":
    main()
