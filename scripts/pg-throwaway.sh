#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#
#   eval "$(scripts/pg-throwaway.sh start)"   # prints export lines on stdout
#   ... BADIL_TEST_DATABASE_URL is now set ...
#   scripts/pg-throwaway.sh stop "$BADIL_PG_DIR"
#
# start: creates a temp dir (mktemp -d, parent ${TMPDIR:-/tmp}), runs initdb
#        (as the `postgres` user when invoked as root), starts the server on
#        127.0.0.1 with trust auth on a free port (default 54329, env
#        BADIL_PG_PORT overrides the first port tried) and prints
#          export BADIL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres
#          export BADIL_PG_DIR=DIR
# stop DIR: fast-stops the server and removes DIR (DIR defaults to $BADIL_PG_DIR).
# log DIR [N]: prints the last N (default 60) lines of the server log.
#
# Only the export lines go to stdout; every diagnostic goes to stderr.
set -euo pipefail

MARKER=".badil-pg-throwaway"
DEFAULT_PORT=54329
PG_USER=postgres

log() { printf 'pg-throwaway: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Highest PostgreSQL version under /usr/lib/postgresql that has server binaries;
# falls back to whatever initdb is on PATH.
find_bindir() {
    local best="" v d
    local -a versions=()
    for d in /usr/lib/postgresql/*/; do
        [ -d "$d" ] && versions+=("$(basename "$d")")
    done
    if [ "${#versions[@]}" -gt 0 ]; then
        while IFS= read -r v; do
            if [ -x "/usr/lib/postgresql/$v/bin/initdb" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then
                best="/usr/lib/postgresql/$v/bin"
            fi
        done < <(printf '%s\n' "${versions[@]}" | sort -V)
    fi
    if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        best="$(dirname "$(command -v initdb)")"
    fi
    [ -n "$best" ] || die "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and PATH); install postgresql-15"
    printf '%s\n' "$best"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

ensure_pg_user() {
    is_root || return 0
    id -u "$PG_USER" >/dev/null 2>&1 && return 0
    log "creating system user $PG_USER"
    if command -v useradd >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$PG_USER" >&2
    elif command -v adduser >/dev/null 2>&1; then
        adduser --system --group --no-create-home --home /nonexistent "$PG_USER" >&2
    else
        die "cannot create user $PG_USER (no useradd/adduser)"
    fi
}

# Run a command as the postgres user when we are root (initdb/postgres refuse
# to run as root), otherwise as ourselves. cd / so an unreadable cwd
# (e.g. /root) does not produce warnings.
as_pg() {
    if is_root; then
        if command -v runuser >/dev/null 2>&1; then
            (cd / && runuser -u "$PG_USER" -- "$@")
        else
            local q
            q="$(printf '%q ' "$@")"
            (cd / && su "$PG_USER" -s /bin/sh -c "$q")
        fi
    else
        (cd / && "$@")
    fi
}

port_in_use() {
    local port="$1"
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]
    elif command -v python3 >/dev/null 2>&1; then
        if python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
finally:
    s.close()
PY
        then return 1; else return 0; fi
    else
        # Something accepting connections => in use.
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

pick_locale() {
    if command -v locale >/dev/null 2>&1 && locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        echo "C.UTF-8"
    elif command -v locale >/dev/null 2>&1; then
        echo "C"
    else
        echo "C.UTF-8"   # unknown; initdb failure falls back to C below
    fi
}

check_dir() {
    local dir="$1"
    [ -n "$dir" ] || die "no cluster dir given (argument or BADIL_PG_DIR)"
    [ -f "$dir/$MARKER" ] || die "$dir is not a pg-throwaway dir (no $MARKER); refusing to touch it"
}

print_log_tail() {
    local dir="$1" n="${2:-60}"
    if [ -f "$dir/log" ]; then
        log "---- last $n lines of $dir/log ----"
        tail -n "$n" "$dir/log" >&2 || true
        log "---- end of PostgreSQL log ----"
    else
        log "no log at $dir/log"
    fi
}

# Stop the server in $1 (if running) and remove the dir.
stop_cluster() {
    local dir="$1" bindir="$2" pid=""
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 || true
        if [ -f "$dir/data/postmaster.pid" ]; then
            pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                log "pg_ctl stop did not finish; sending SIGQUIT to postmaster $pid"
                kill -QUIT "$pid" 2>/dev/null || true
                for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
            fi
        fi
    fi
    rm -rf -- "$dir"
}

# EXIT trap while starting: a failed start leaves neither dir nor server.
START_DIR=""
START_BINDIR=""
on_start_exit() {
    local rc=$?
    # A signal can land while a command's output is redirected into a file
    # we are about to delete; restore the original stderr (saved as fd 4).
    exec 2>&4 1>&4
    if [ "$rc" -ne 0 ] && [ -n "$START_DIR" ] && [ -d "$START_DIR" ]; then
        print_log_tail "$START_DIR" 40
        stop_cluster "$START_DIR" "$START_BINDIR"
        log "start failed; removed $START_DIR"
    fi
}

cmd_start() {
    local bindir parent dir locale port first attempt started=0
    bindir="$(find_bindir)"
    START_BINDIR="$bindir"
    exec 4>&2
    log "using PostgreSQL binaries in $bindir ($("$bindir/postgres" --version 2>/dev/null || echo unknown))"
    ensure_pg_user

    parent="${TMPDIR:-/tmp}"
    dir="$(mktemp -d "$parent/badil-pg.XXXXXX")"
    START_DIR="$dir"
    : > "$dir/$MARKER"
    # If anything below fails, don't leave the dir (or a server) behind.
    trap on_start_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    if is_root; then
        chown -R "$PG_USER:" "$dir"
        # The postgres user must be able to reach the dir (e.g. TMPDIR under /root).
        if ! as_pg test -w "$dir" 2>/dev/null; then
            log "$PG_USER cannot write to $dir; using /tmp instead"
            rm -rf -- "$dir"
            dir="$(mktemp -d /tmp/badil-pg.XXXXXX)"
            START_DIR="$dir"
            : > "$dir/$MARKER"
            chown -R "$PG_USER:" "$dir"
        fi
    fi
    chmod 0755 "$dir"
    # Unix socket paths are limited to ~107 bytes.
    [ "${#dir}" -lt 80 ] || die "temp dir path too long for a unix socket: $dir (set TMPDIR=/tmp)"

    locale="$(pick_locale)"
    log "initdb in $dir/data (locale $locale)"
    if ! as_pg "$bindir/initdb" -D "$dir/data" --auth=trust --username=postgres \
            --encoding=UTF8 --locale="$locale" >"$dir/initdb.log" 2>&1; then
        if [ "$locale" != "C" ]; then
            log "initdb with locale $locale failed; retrying with locale C"
            rm -rf -- "$dir/data"
            as_pg "$bindir/initdb" -D "$dir/data" --auth=trust --username=postgres \
                --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
                || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
        else
            cat "$dir/initdb.log" >&2
            die "initdb failed"
        fi
    fi

    first="${BADIL_PG_PORT:-$DEFAULT_PORT}"
    port="$first"
    for attempt in $(seq 1 20); do
        if port_in_use "$port"; then
            log "port $port is taken"
            port=$(( first + attempt ))
            continue
        fi
        log "starting server on 127.0.0.1:$port"
        : > "$dir/log"
        if is_root; then chown "$PG_USER:" "$dir/log"; fi
        if as_pg "$bindir/pg_ctl" -D "$dir/data" \
                -o "-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
                -l "$dir/log" -w -t 60 start >&2; then
            started=1
            break
        fi
        # Lost a race for the port? Try the next one; anything else is fatal.
        if grep -qiE 'could not (bind|create listen socket)|address already in use' "$dir/log" 2>/dev/null; then
            log "port $port became busy; trying another"
            as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
            port=$(( first + attempt ))
            continue
        fi
        die "pg_ctl start failed"
    done
    [ "$started" -eq 1 ] || die "no free port found in $first..$(( first + 19 ))"

    for _ in $(seq 1 60); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; then
            break
        fi
        sleep 0.5
    done
    "$bindir/pg_isready" -h 127.0.0.1 -p "$port" -U postgres -d postgres >&2 || die "server did not become ready on port $port"

    trap - EXIT INT TERM
    log "ready: postgres://postgres@127.0.0.1:$port/postgres (dir $dir)"
    printf 'export BADIL_TEST_DATABASE_URL=%q\n' "postgres://postgres@127.0.0.1:$port/postgres"
    printf 'export BADIL_PG_DIR=%q\n' "$dir"
}

cmd_stop() {
    local dir="${1:-${BADIL_PG_DIR:-}}" bindir
    check_dir "$dir"
    bindir="$(find_bindir)"
    log "stopping server in $dir"
    stop_cluster "$dir" "$bindir"
    [ ! -e "$dir" ] || die "could not remove $dir"
    log "stopped and removed $dir"
}

cmd_log() {
    local dir="${1:-${BADIL_PG_DIR:-}}"
    check_dir "$dir"
    print_log_tail "$dir" "${2:-60}"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop)  shift; cmd_stop "$@" ;;
    log)   shift; cmd_log "$@" ;;
    *) echo "usage: $0 start | stop [DIR] | log [DIR] [LINES]" >&2; exit 2 ;;
esac
