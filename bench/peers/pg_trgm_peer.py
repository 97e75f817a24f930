#!/usr/bin/env python3
"""Peer (b): the Primero approach, PostgreSQL pg_trgm similarity plus double metaphone (fuzzystrmatch).

    eval "$(bash scripts/pg-throwaway.sh start)"
    python3 bench/peers/pg_trgm_peer.py --dsn "$BADIL_TEST_DATABASE_URL" \\
        --population DIR/population.csv --queries DIR/queries.csv --out DIR/results/pg_trgm.json
    bash scripts/pg-throwaway.sh stop "$BADIL_PG_DIR"

Loads the population with COPY into <schema>.people(id int primary key, name text, name_original,
name_latin, sex, birth_year, birth_estimated, nationality, family_id) in its own schema (default
bench_pg_trgm, so it never touches Badil's tables), where name = name_latin if present else
name_original (Primero has no transliteration), folded like Primero's
LanguageService.strip_diacritics (accents and Arabic harakat off; see common.fold); name_original
is folded the same way. Then:

    CREATE EXTENSION pg_trgm; CREATE EXTENSION fuzzystrmatch;
    CREATE INDEX ON people USING gin (name gin_trgm_ops);
    CREATE INDEX ON people (dmetaphone(name)); CREATE INDEX ON people (dmetaphone_alt(name));
    CREATE INDEX ON people USING gin (name_original gin_trgm_ops);

and per query, as a prepared statement with SET pg_trgm.similarity_threshold = --threshold
(default 0.4). A query with a Latin name (folded the same way):

    SELECT id FROM people
    WHERE name % $1 OR dmetaphone(name) = dmetaphone($1)
    ORDER BY similarity(name, $1) DESC, id LIMIT 10

A query with only an original-script name searches the original-script column the same way
(Primero keeps the name in other scripts in a field of its own, name_other, and searches it too;
this is also what the rapidfuzz peer does), without the phonetic part: dmetaphone() of a name
without Latin letters (Arabic, Ge'ez) is the empty string, which would match every such row:

    SELECT id FROM people WHERE name_original % $1
    ORDER BY similarity(name_original, $1) DESC, id LIMIT 10

--phonetic both also ORs dmetaphone_alt(name) = dmetaphone_alt($1); --phonetic none is trigram
only. dmetaphone encodes the start of the whole string (at most 4 sounds), so it matches almost
everyone who shares the first given name: this is the approach as Primero-style systems use it,
not a bug of this script.

Latency is measured in the client (psycopg 3, one connection, loopback), around execute + fetch.
The first --warmup queries are run once, untimed, before the timed run. JIT is switched off for
the session (--jit to keep the server's setting): with it PostgreSQL compiles the expensive
phonetic queries and adds tens of milliseconds to each. Metrics: see common.py.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

try:
    import psycopg
    from psycopg import sql
except ImportError:  # pragma: no cover
    sys.exit("psycopg 3 is not installed: pip install -r bench/requirements.txt")


LOAD_VERSION = 2  # bump when the table or its indexes change (--reuse reloads older loads)


def has_latin_letter(s):
    return any("a" <= c <= "z" or "A" <= c <= "Z" for c in s)


def table_state(conn, schema):
    """(rows, population sha256) recorded by an earlier load, or None."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.meta",)).fetchone()
    if not row[0]:
        return None
    return conn.execute(sql.SQL("SELECT n, population_sha256 FROM {}.meta").format(sql.Identifier(schema))).fetchone()


def load(conn, schema, population_path, population_sha):
    s = sql.Identifier(schema)
    t0 = time.perf_counter()
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    conn.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(s))
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(s))
    conn.execute(sql.SQL(
        "CREATE TABLE {}.people (id int PRIMARY KEY, name text NOT NULL, name_original text, name_latin text, "
        "sex text, birth_year int, birth_estimated boolean, nationality text, family_id int)").format(s))
    n = 0
    with conn.cursor() as cur:
        with cur.copy(sql.SQL("COPY {}.people (id, name, name_original, name_latin, sex, birth_year, birth_estimated, "
                              "nationality, family_id) FROM STDIN").format(s)) as copy:
            for row in common.read_csv(population_path, common.POPULATION_FIELDS):
                pid, orig, lat, sex, year, est, nat, fam = row
                copy.write_row((int(pid), common.fold(lat or orig), common.fold(orig) or None, lat or None, sex or None,
                                int(year) if year else None, est == "1", nat or None, int(fam) if fam else None))
                n += 1
    t_copy = time.perf_counter() - t0
    t1 = time.perf_counter()
    conn.execute("SET maintenance_work_mem = '1GB'")
    conn.execute(sql.SQL("CREATE INDEX people_name_trgm ON {}.people USING gin (name gin_trgm_ops)").format(s))
    conn.execute(sql.SQL("CREATE INDEX people_name_dmetaphone ON {}.people (dmetaphone(name))").format(s))
    conn.execute(sql.SQL("CREATE INDEX people_name_dmetaphone_alt ON {}.people (dmetaphone_alt(name))").format(s))
    conn.execute(sql.SQL("CREATE INDEX people_name_original_trgm ON {}.people USING gin (name_original gin_trgm_ops)")
                 .format(s))
    conn.execute(sql.SQL("ANALYZE {}.people").format(s))
    conn.execute(sql.SQL("CREATE TABLE {}.meta (n int, population_sha256 text)").format(s))
    conn.execute(sql.SQL("INSERT INTO {}.meta VALUES (%s, %s)").format(s), (n, f"{LOAD_VERSION}:{population_sha}"))
    t_index = time.perf_counter() - t1
    return n, t_copy, t_index


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", default=os.environ.get("BADIL_TEST_DATABASE_URL"),
                    help="postgres://... (default $BADIL_TEST_DATABASE_URL)")
    ap.add_argument("--population", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--threshold", type=float, default=0.4, help="pg_trgm.similarity_threshold (0.4)")
    ap.add_argument("--phonetic", choices=["primary", "both", "none"], default="primary",
                    help="dmetaphone disjunct: primary code (default), primary or alternate, none")
    ap.add_argument("--sample", type=int, default=0, help="run only the first K queries; default all")
    ap.add_argument("--warmup", type=int, default=20, help="untimed warm-up queries (20)")
    ap.add_argument("--schema", default="bench_pg_trgm")
    ap.add_argument("--reuse", action="store_true",
                    help="keep an existing load of the same population.csv (checked by SHA-256)")
    ap.add_argument("--drop", action="store_true", help="drop the schema at the end")
    ap.add_argument("--jit", action="store_true", help="keep the server's JIT setting (default: SET jit = off)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    if not args.dsn:
        ap.error("--dsn or BADIL_TEST_DATABASE_URL is required")

    data = common.data_block(args.population, args.queries)
    queries = common.load_queries(args.queries, args.sample or None)
    kinds = common.load_kinds(args.queries)
    n_total = sum(1 for _ in common.read_csv(args.queries, common.QUERY_FIELDS))

    with psycopg.connect(args.dsn, autocommit=True) as conn:
        server_version = conn.execute("SHOW server_version").fetchone()[0]
        state = table_state(conn, args.schema)
        setup = {}
        if args.reuse and state and state[1] == f"{LOAD_VERSION}:{data['population_sha256']}":
            n_pop = state[0]
            print(f"pg_trgm peer: reusing {args.schema}.people ({n_pop} rows)", file=sys.stderr)
        else:
            n_pop, t_copy, t_index = load(conn, args.schema, args.population, data["population_sha256"])
            setup = {"copy": round(t_copy, 2), "indexes_and_analyze": round(t_index, 2)}
            print(f"pg_trgm peer: {n_pop} people copied in {t_copy:.1f} s, indexed in {t_index:.1f} s", file=sys.stderr)
        size = conn.execute(sql.SQL("SELECT pg_size_pretty(pg_total_relation_size('{}.people'))")
                            .format(sql.Identifier(args.schema))).fetchone()[0]

        conn.execute(sql.SQL("SET search_path = {}, public").format(sql.Identifier(args.schema)))
        conn.execute(f"SET pg_trgm.similarity_threshold = {float(args.threshold)}")
        if not args.jit:
            conn.execute("SET jit = off")
        settings = {k: conn.execute(f"SHOW {k}").fetchone()[0]
                    for k in ("shared_buffers", "work_mem", "jit", "pg_trgm.similarity_threshold", "max_parallel_workers_per_gather")}

        phon = {"primary": " OR dmetaphone(name) = dmetaphone(%(q)s)",
                "both": " OR dmetaphone(name) = dmetaphone(%(q)s) OR dmetaphone_alt(name) = dmetaphone_alt(%(q)s)",
                "none": ""}[args.phonetic]
        tail = f" ORDER BY similarity(name, %(q)s) DESC, id LIMIT {int(args.limit)}"
        sql_latin = "SELECT id FROM people WHERE (name %% %(q)s" + phon + ")" + tail
        sql_other = ("SELECT id FROM people WHERE name_original %% %(q)s ORDER BY similarity(name_original, %(q)s) DESC, "
                     f"id LIMIT {int(args.limit)}")

        def query_text(q):
            return common.fold(q["name_latin"] or q["name_original"])

        def statement(text):
            # A query with a Latin name searches `name` (Latin first); one with only an original-script name
            # searches name_original.
            return sql_latin if has_latin_letter(text) else sql_other

        plan = None
        if queries:
            t = query_text(queries[0])
            plan = "\n".join(r[0] for r in conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement(t), {"q": t}))
        for q in queries[: args.warmup]:
            t = query_text(q)
            conn.execute(statement(t), {"q": t}, prepare=True).fetchall()

        perf = time.perf_counter
        cands_all, lat_all = [], []
        t_run = perf()
        for i, q in enumerate(queries, start=1):
            t0 = perf()
            text = query_text(q)
            rows = conn.execute(statement(text), {"q": text}, prepare=True).fetchall()
            lat_all.append(perf() - t0)
            cands_all.append([r[0] for r in rows])
            if i % 100 == 0 or i == len(queries):
                el = perf() - t_run
                print(f"  {i}/{len(queries)} queries, {el:.0f} s, {1000 * el / i:.1f} ms/query", file=sys.stderr)
        if args.drop:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(args.schema)))

    result = {
        "approach": {"primary": "PostgreSQL pg_trgm + dmetaphone (Primero-style)",
                     "both": "PostgreSQL pg_trgm + dmetaphone/alt (Primero-style)",
                     "none": "PostgreSQL pg_trgm only"}[args.phonetic],
        "n_population": n_pop,
        "n_queries": n_total,
        "timed_queries": len(queries),
    }
    result.update(common.score(queries, cands_all, lat_all, kinds))
    sampled = (f"only the first {len(queries)} of {n_total} queries were run (--sample); "
               if len(queries) < n_total else "")
    result["notes"] = (
        f"{sampled}PostgreSQL {server_version}, psycopg {psycopg.__version__}, one connection over loopback, prepared "
        f"statements, latency measured in the client around execute+fetch; pg_trgm.similarity_threshold "
        f"{args.threshold:g}; WHERE name % q{' OR dmetaphone(name) = dmetaphone(q)' if args.phonetic != 'none' else ''}"
        f"{' OR dmetaphone_alt(name) = dmetaphone_alt(q)' if args.phonetic == 'both' else ''} ORDER BY similarity DESC LIMIT "
        f"{args.limit}, name = name_latin else name_original; a query without a Latin name searches name_original by "
        "trigram only; "
        f"folded (accents, harakat); {args.warmup} warm-up queries untimed; jit {'server default' if args.jit else 'off'}; "
        "names only (no sex, birth year or nationality)")
    result["params"] = {"limit": args.limit, "threshold": args.threshold, "phonetic": args.phonetic,
                        "sample": args.sample or None, "warmup": args.warmup}
    result["server"] = dict(settings, version=server_version, table_size=size)
    result["setup_seconds"] = setup
    result["example_plan"] = plan
    result["data"] = data
    result["machine"] = common.machine_block()
    common.write_result(args.out, result)
    print(common.summary_line(result), file=sys.stderr)


if __name__ == "__main__":
    main()
