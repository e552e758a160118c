#!/usr/bin/env bash
# The store's benchmark (docs/store.md, "Benchmark"):
#   bench/store_bench.sh [BUILD_DIR]
# 1. ingest throughput of `cronaca ingest` on the bench corpora into SQLite and a
#    throwaway PostgreSQL, next to `cronaca analyze` alone (wall and CPU seconds);
# 2. p50/p99 of an actor + one-year date-range events query on a store of
#    1,000,000 synthesised events (StoreBench.DISABLED_ActorDateRangeQuery; the
#    store is kept in $STORE_BENCH_DB and reused by later runs).
# Environment: BENCH_LINES (first N articles of each corpus; default all),
# STORE_BENCH_EVENTS (default 1000000), STORE_BENCH_DB (default /tmp/cronaca_store_bench.db),
# STORE_BENCH_PG_EVENTS (events for the PostgreSQL query latency; default 100000, 0 = skip),
# THREADS (default 1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cronaca=$build/cronaca
tests=$build/cronaca_tests
shared=${CRONACA_SHARED:-$root/../shared}
threads=${THREADS:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "wall user+sys" seconds of a command (its output discarded).
timed() {
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || true
  awk '{ printf "%.2f %.2f", $1, $2 + $3 }' "$tmp/time"
}

ingest_bench() {
  local target=$1 corpus=$2
  timed "$cronaca" ingest --quiet --threads "$threads" --db "$target" "$corpus"
}

corpora=()
for f in "$shared"/data/bench/*.jsonl; do
  [ -f "$f" ] || continue
  name=$(basename "$f" .jsonl)
  if [ -n "${BENCH_LINES:-}" ]; then head -n "$BENCH_LINES" "$f" > "$tmp/$name.jsonl"; else cp "$f" "$tmp/$name.jsonl"; fi
  corpora+=("$tmp/$name.jsonl")
done

printf '\n== ingest throughput (threads %s; wall s / cpu s; rates on wall time)\n' "$threads"
printf '%-20s %8s %6s  %-22s %-34s %-34s\n' corpus articles MB "analyze only" "ingest sqlite" "ingest postgresql"
for c in "${corpora[@]}"; do
  n=$(wc -l < "$c")
  mb=$(awk -v b="$(stat -c %s "$c")" 'BEGIN { printf "%.1f", b / 1e6 }')
  read -r aw ac <<< "$(timed "$cronaca" analyze --threads "$threads" "$c")"
  read -r sw sc <<< "$(ingest_bench "$tmp/bench.db" "$c")"
  rm -f "$tmp"/bench.db*
  # Time PostgreSQL ingestion inside the wrapper (the server start is not counted).
  pgline=$("$root/tests/store/with_pg.sh" bash -c '
    /usr/bin/time -f "%e %U %S" -o "$3" "$0" ingest --quiet --threads "$1" --db "$CRONACA_TEST_PG" "$2" >/dev/null 2>&1 || true
    awk "{ printf \"%.2f %.2f\", \$1, \$2 + \$3 }" "$3"' "$cronaca" "$threads" "$c" "$tmp/pgtime" 2>/dev/null || echo "- -")
  read -r pw pc <<< "$pgline"
  rate() { awk -v n="$n" -v mb="$mb" -v w="$1" -v c="$2" 'BEGIN { if (w > 0) printf "%5.1f/%5.1f s %6.0f art/s %5.2f MB/s", w, c, n / w, mb / w; else printf "-" }'; }
  printf '%-20s %8s %6s  %-22s %-34s %-34s\n' "$(basename "$c" .jsonl)" "$n" "$mb" "$(awk -v w="$aw" -v c="$ac" 'BEGIN { printf "%5.1f/%5.1f s", w, c }')" "$(rate "$sw" "$sc")" "$(rate "${pw:-0}" "${pc:-0}")"
done

printf '\n== actor + date-range query latency, SQLite\n'
CRONACA_BENCH_EVENTS=${STORE_BENCH_EVENTS:-1000000} CRONACA_BENCH_TARGET=${STORE_BENCH_DB:-/tmp/cronaca_store_bench.db} \
  "$tests" --gtest_also_run_disabled_tests --gtest_filter='StoreBench.*' | sed -n '/^store bench/,/code + 1-year/p'

if [ "${STORE_BENCH_PG_EVENTS:-100000}" != 0 ]; then
  printf '\n== actor + date-range query latency, PostgreSQL\n'
  "$root/tests/store/with_pg.sh" bash -c '
    CRONACA_BENCH_EVENTS=$1 CRONACA_BENCH_TARGET=$CRONACA_TEST_PG \
      "$0" --gtest_also_run_disabled_tests --gtest_filter="StoreBench.*"' "$tests" "${STORE_BENCH_PG_EVENTS:-100000}" 2>/dev/null |
    sed -n '/^store bench/,/code + 1-year/p'
fi
