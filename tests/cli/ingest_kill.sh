#!/usr/bin/env bash
# Acceptance: ingestion killed with SIGKILL at several points, then rerun,
# leaves the same store as one clean run: same rows in every table, the same
# documents and the same aggregated events (no duplicate, no loss).
# Usage: ingest_kill.sh CRONACA_BINARY. Skipped (77) without the bench corpus.
set -euo pipefail
cronaca=${1:?usage: $0 CRONACA_BINARY}
shared=${CRONACA_SHARED:-/work/shared}
corpus=$shared/data/bench/it-crime-news.jsonl
[ -f "$corpus" ] || { echo "no bench corpus at $corpus: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n 300 "$corpus" > "$tmp/in.jsonl"
opts=(--threads 2 --batch 8 --quiet)

# Fingerprint of a store: counts per table, the documents, the events (GDELT
# rows without DATEADDED, which is the time of ingestion).
fingerprint() {
  "$cronaca" query stats --db "$1" --format csv
  "$cronaca" export --db "$1" --format jsonl | sha256sum
  "$cronaca" export --db "$1" --format gdelt | cut -f1-59,61 | sha256sum
}

now() { date +%s.%N; }
start=$(now)
set +e
"$cronaca" ingest "${opts[@]}" --db "$tmp/clean.db" "$tmp/in.jsonl" 2> "$tmp/clean.err"
clean_rc=$?
set -e
elapsed=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
if [ $clean_rc -gt 1 ]; then cat "$tmp/clean.err"; echo "FAIL: clean run exited $clean_rc"; exit 1; fi
fingerprint "$tmp/clean.db" > "$tmp/clean.fp"
docs=$(awk -F, '$1 == "documents" { print $2 }' "$tmp/clean.fp")
echo "clean run: ${elapsed}s, $docs documents, exit $clean_rc"
[ "$docs" -gt 0 ] || { echo "FAIL: nothing stored"; exit 1; }

# Kill at several points of the run (fractions of the clean run's time), each
# time resuming the same store.
for frac in 0.15 0.35 0.55 0.75 0.95; do
  delay=$(awk -v t="$elapsed" -v f="$frac" 'BEGIN { print t * f }')
  "$cronaca" ingest "${opts[@]}" --db "$tmp/killed.db" "$tmp/in.jsonl" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  stored=$("$cronaca" query stats --db "$tmp/killed.db" --format csv 2>/dev/null | awk -F, '$1 == "documents" { print $2 }' || true)
  echo "killed after ${delay}s: ${stored:-0} documents stored"
done
set +e
"$cronaca" ingest "${opts[@]}" --db "$tmp/killed.db" "$tmp/in.jsonl" 2> "$tmp/rerun.err"
rerun_rc=$?
set -e
[ $rerun_rc -eq $clean_rc ] || { cat "$tmp/rerun.err"; echo "FAIL: rerun exited $rerun_rc, clean run $clean_rc"; exit 1; }
fingerprint "$tmp/killed.db" > "$tmp/killed.fp"
if ! diff "$tmp/clean.fp" "$tmp/killed.fp"; then
  echo "FAIL: the resumed store differs from the clean one"
  exit 1
fi
# A third run changes nothing.
"$cronaca" ingest "${opts[@]}" --db "$tmp/killed.db" "$tmp/in.jsonl" 2>/dev/null || true
fingerprint "$tmp/killed.db" | diff "$tmp/clean.fp" - || { echo "FAIL: a rerun changed the store"; exit 1; }
echo "ok: killed 5 times, resumed store equals the clean run's"
