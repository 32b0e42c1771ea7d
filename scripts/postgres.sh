#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from Debian's packages.
#
#   url=$(bash scripts/postgres.sh start DIR)   # DIR new or empty (e.g. from mktemp -d); prints an Npgsql connection string on stdout (progress on stderr)
#   bash scripts/postgres.sh stop DIR           # stops the cluster and deletes DIR
#
# `start` installs PostgreSQL when it is missing (apt-get update once, apt-get install -y postgresql; root only),
# creates a cluster in DIR (initdb; owned by the postgres user when run as root), starts it on 127.0.0.1 at a free
# port with its unix socket in DIR (fsync and synchronous_commit on: the durability a real deployment has), and
# creates the role `cosell` (password login, CREATEDB: the integration suite makes a database per fixture) with its
# database `cosell`. Nothing outside DIR is touched but the package install; the distribution's own cluster, if any,
# is left alone.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2
log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  return 1
}

# Runs a command as the cluster's owner: the postgres user when we are root (PostgreSQL refuses to run as root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  # DIR/data is the cluster. Given DIR/data itself (the path PostgreSQL's own messages name), rm -rf would delete the
  # cluster's files under a running server and leave it holding its port.
  if [ -f "$dir/PG_VERSION" ]; then
    log "$dir is the cluster's data folder: give its parent, the DIR given to start"
    exit 1
  fi
  if [ -f "$dir/data/postmaster.pid" ] && bindir=$(find_bindir); then
    as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null || log "pg_ctl stop failed"
  fi
  rm -rf "$dir"
}

start() {
  if ! bindir=$(find_bindir); then
    [ "$(id -u)" -eq 0 ] || { log "PostgreSQL is not installed and this is not root: apt-get install postgresql"; exit 1; }
    log "installing PostgreSQL from the Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends postgresql >&2
    bindir=$(find_bindir) || { log "initdb not found after installing postgresql"; exit 1; }
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi

  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -e "$dir/data" ] || { log "$dir/data exists already"; exit 1; }
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    runuser -u postgres -- test -x "$dir" ||
      { log "the postgres user cannot reach $dir: choose a DIR whose parents it may enter (e.g. mktemp -d)"; exit 1; }
  fi
  chmod 700 "$dir"

  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 400
shared_buffers = 128MB
logging_collector = off
CONF

  # A port that nothing answers on (bash's /dev/tcp); another process may still take it first, so retry a few times.
  local port started=0 attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 12000 ))  # below the kernel's ephemeral range (32768+)
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_owner "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port" >&2; then
      started=1; break
    fi
    log "start on port $port failed (attempt $attempt)"; tail -n 5 "$dir/server.log" >&2 || true
  done
  [ "$started" -eq 1 ] || { log "could not start PostgreSQL"; exit 1; }

  local password
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' )
  as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres >&2 <<SQL
CREATE ROLE cosell LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE cosell OWNER cosell;
SQL
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port in $dir; stop it with: bash $0 stop $dir"
  echo "Host=127.0.0.1;Port=$port;Database=cosell;Username=cosell;Password=$password"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
