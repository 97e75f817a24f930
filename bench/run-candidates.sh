#!/usr/bin/env bash
# Duplicate candidates at scale: Badil (on SQLite and on PostgreSQL) and the two peers
# (rapidfuzz brute force, PostgreSQL pg_trgm + dmetaphone) on the same files, one after the other, in one run.
#
#   bash bench/run-candidates.sh [DIR]
#
# DIR (default bench/out/1m) holds population.csv and queries.csv from generate_population.py; they are made
# there (1,000,000 people, 1,000 queries, seed 1) when missing. Results go to DIR/results/*.json and the
# Markdown table to DIR/results/table.md. The SQLite file is DIR/sqlite/badil.sqlite, loaded once and kept
# (delete it to reload); PostgreSQL is a throwaway cluster (scripts/pg-throwaway.sh), loaded each run.
# Needs a release build: swift build -c release --scratch-path .build-release --product badil
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-bench/out/1m}
BIN=${BADIL_BIN:-.build-release/release/badil}
COUNT=${BENCH_COUNT:-1000000}
RES="$DIR/results"
mkdir -p "$RES" "$DIR/sqlite"
[ -x "$BIN" ] || { echo "no release build at $BIN" >&2; exit 2; }
python3 -c 'import rapidfuzz, psycopg' 2>/dev/null || pip install -q -r bench/requirements.txt
if [ ! -f "$DIR/population.csv" ]; then
    python3 bench/generate_population.py --count "$COUNT" --queries 1000 --seed 1 --out "$DIR"
fi
POP="$DIR/population.csv"; Q="$DIR/queries.csv"
step() { printf '\n== %s (%s)\n' "$*" "$(date +%H:%M:%S)" >&2; }

if [ ! -f "$DIR/sqlite/loaded" ]; then
    step "loading SQLite"
    rm -f "$DIR/sqlite/badil.sqlite"*
    BADIL_DATA_DIR="$DIR/sqlite" "$BIN" bench-load --population "$POP"
    touch "$DIR/sqlite/loaded"
fi
step "badil, SQLite, in-memory index"
BADIL_DATA_DIR="$DIR/sqlite" "$BIN" bench-candidates --queries "$Q" --out "$RES/badil-sqlite.json"

step "PostgreSQL"
eval "$(bash scripts/pg-throwaway.sh start)"
trap 'bash scripts/pg-throwaway.sh stop "$BADIL_PG_DIR"' EXIT
psql "$BADIL_TEST_DATABASE_URL" -qc 'create database badil_bench'
PGURL="${BADIL_TEST_DATABASE_URL%/postgres}/badil_bench"
step "loading PostgreSQL"
DATABASE_URL="$PGURL" "$BIN" bench-load --population "$POP"
step "badil, PostgreSQL, in-memory index"
DATABASE_URL="$PGURL" "$BIN" bench-candidates --queries "$Q" --out "$RES/badil-postgres.json"

step "peer: rapidfuzz brute force"
python3 bench/peers/rapidfuzz_peer.py --population "$POP" --queries "$Q" --limit 10 --threshold 80 --presort --out "$RES/rapidfuzz.json"
step "peer: pg_trgm + dmetaphone"
python3 bench/peers/pg_trgm_peer.py --dsn "$BADIL_TEST_DATABASE_URL" --population "$POP" --queries "$Q" --out "$RES/pg_trgm.json"

step "table"
python3 bench/compare.py "$RES/badil-sqlite.json" "$RES/badil-postgres.json" "$RES/rapidfuzz.json" "$RES/pg_trgm.json" \
    | tee "$RES/table.md"
