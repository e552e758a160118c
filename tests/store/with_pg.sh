#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server:
#
#   tests/store/with_pg.sh COMMAND [ARGS...]
#   e.g. tests/store/with_pg.sh ctest --test-dir build --output-on-failure
#
# Starts a private cluster (PostgreSQL from Debian: /usr/lib/postgresql/NN/bin)
# in a temporary directory, listening on 127.0.0.1 only, on a free port, with
# trust authentication for the local user `cronaca`; exports
#   CRONACA_TEST_PG=postgresql://cronaca@127.0.0.1:PORT/postgres
# runs the command, then stops the server and deletes the directory, whatever
# the command's outcome. Exits with the command's status.
#
# initdb refuses to run as root: as root the cluster is owned by the `postgres`
# system user (or `nobody`) and its programs run through runuser.
#
# Without PostgreSQL binaries the command runs without CRONACA_TEST_PG (the
# store suite then skips its PostgreSQL half with a message), unless
# CRONACA_REQUIRE_PG=1 (CI), which makes that an error.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  bindir=$(pg_config --bindir)
fi
if [ -z "$bindir" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir=$d; break; fi
  done
fi
if [ -z "$bindir" ]; then
  if [ "${CRONACA_REQUIRE_PG:-0}" = 1 ]; then
    echo "with_pg.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "with_pg.sh: no PostgreSQL server binaries; running without CRONACA_TEST_PG" >&2
  exec "$@"
fi

run_as=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
  run_as=(runuser -u "$owner" --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/cronaca-pg.XXXXXX")
chmod 755 "$dir"
[ "$owner" != "$(id -un)" ] && chown "$owner" "$dir"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

if ! "${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U cronaca --auth=trust --locale=C.UTF-8 -E UTF8 \
    >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  echo "with_pg.sh: initdb failed" >&2
  exit 1
fi
if ! "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
  cat "$dir/server.log" >&2 || true
  echo "with_pg.sh: the server did not start" >&2
  exit 1
fi

export CRONACA_TEST_PG="postgresql://cronaca@127.0.0.1:$port/postgres"
echo "with_pg.sh: PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') on $CRONACA_TEST_PG" >&2
set +e
"$@"
status=$?
set -e
exit $status
