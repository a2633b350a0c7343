#!/usr/bin/env bash
# Starts and stops a throw-away PostgreSQL 15 server for tests and demos.
#
#   pg_harness.sh start STATE_DIR   initdb in a fresh temporary directory, start on 127.0.0.1 with
#                                   pg_stat_statements preloaded; writes STATE_DIR/conninfo (a libpq
#                                   keyword/value string) and STATE_DIR/env (PGHOST/PGPORT/PGUSER).
#   pg_harness.sh stop STATE_DIR    stop the server and delete its data directory.
#
# PostgreSQL refuses to run as root; when run as root the server runs as the unprivileged
# `postgres` user created by the Debian package. Binaries: $PG_BINDIR or /usr/lib/postgresql/15/bin.
set -euo pipefail

cmd=${1:?usage: pg_harness.sh start|stop STATE_DIR}
state=${2:?usage: pg_harness.sh start|stop STATE_DIR}
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_server() {
  if [ -f "$state/pgdata" ]; then
    local data
    data=$(cat "$state/pgdata")
    if [ -d "$data/data" ]; then
      as_server_user "$bindir/pg_ctl" -D "$data/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf -- "$data"
  fi
  rm -f "$state/pgdata" "$state/conninfo" "$state/env"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

case "$cmd" in
  start)
    [ -x "$bindir/initdb" ] || { echo "pg_harness: no PostgreSQL binaries in $bindir (apt-get install postgresql-15)" >&2; exit 2; }
    mkdir -p "$state"
    stop_server
    data=$(mktemp -d /tmp/dbopt-pg.XXXXXX)
    echo "$data" > "$state/pgdata"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || { echo "pg_harness: running as root needs the 'postgres' OS user (postgresql-15 package)" >&2; exit 2; }
      chown postgres: "$data"
      chmod 700 "$data"
    fi
    port=${DBOPT_TEST_PGPORT:-$((54000 + RANDOM % 1000))}
    for _ in $(seq 1 50); do port_free "$port" && break; port=$((port + 1)); done
    as_server_user "$bindir/initdb" -D "$data/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
      || { cat "$data/initdb.log" >&2; exit 1; }
    cat >>"$data/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
track_io_timing = on
max_connections = 50
# config-tuner demo control: already tuned for SSD (prefetch only, changes no plan cost)
effective_io_concurrency = 200
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
    # Several tests start private servers at once: a port found free before initdb can be taken
    # by the time this one binds. Then pick another port (appended: the last `port` line wins).
    started=
    for attempt in $(seq 1 10); do
      if as_server_user "$bindir/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 start >/dev/null; then
        started=1
        break
      fi
      grep -q 'Address already in use' "$data/server.log" 2>/dev/null && [ -z "${DBOPT_TEST_PGPORT:-}" ] || break
      port=$((54000 + RANDOM % 1000))
      for _ in $(seq 1 50); do port_free "$port" && break; port=$((port + 1)); done
      echo "port = $port  # attempt $((attempt + 1)): the previous port was taken" >>"$data/data/postgresql.conf"
      : >"$data/server.log"
    done
    [ -n "$started" ] || { cat "$data/server.log" >&2; exit 1; }
    echo "host=127.0.0.1 port=$port user=postgres dbname=postgres" > "$state/conninfo"
    printf 'PGHOST=127.0.0.1\nPGPORT=%s\nPGUSER=postgres\n' "$port" > "$state/env"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (data $data)"
    ;;
  stop)
    stop_server
    echo "PostgreSQL stopped"
    ;;
  *)
    echo "usage: pg_harness.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
