#!/usr/bin/env bash
# Throughput and peak memory of `cronaca analyze` on the benchmark corpora.
#
#   bench/run.sh [--quick] [--threads N] [--corpus NAME]...
#
# Builds build/cronaca if it is missing (or uses $CRONACA_BIN), then for each
# ../shared/data/bench/*.jsonl (or $CRONACA_SHARED/data/bench) runs analyze with one
# thread and with all cores, once per stage set:
#   read                 every stage skipped: reading JSON Lines and writing JSON
#   read+segment         + langid, segment
#   read+segment+morph   + morph            (the >= 10 MB/s per core target)
#   full                 every stage
# and prints one table row per run. MB is the UTF-8 text of the documents (the "text"
# fields), in 10^6 bytes. wall s is elapsed time, cpu s is user+system time; MB/s is
# MB / wall s; MB/s/core is MB/s divided by the threads used; MB/s cpu is MB / cpu s,
# the figure to trust on a busy machine. Peak RSS comes from /usr/bin/time (package
# "time"). --quick runs only read+segment+morph and full.
# Exits 0 with a message when the corpora are absent.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${CRONACA_SHARED:-$root/../shared}"
bench_dir="$shared/data/bench"
quick=0
threads_all="$(nproc)"
corpora=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --threads) threads_all="$2"; shift ;;
    --corpus) corpora+=("$2"); shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ ! -d "$bench_dir" ]; then
  echo "bench: $bench_dir is absent; skipped"
  exit 0
fi
if [ ${#corpora[@]} -eq 0 ]; then
  for f in "$bench_dir"/*.jsonl; do corpora+=("$(basename "$f" .jsonl)"); done
fi

bin="${CRONACA_BIN:-$root/build/cronaca}"
if [ ! -x "$bin" ]; then
  echo "bench: building $bin" >&2
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  make -C "$root/build" -j"$(nproc)" cronaca >/dev/null
fi
timer=()
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -f "%e %U %S %M" -o); fi

all_stages=(langid segment morph entities time quotes events claims)
skips_for() {  # the --skip options that keep the stages of a stage set
  local keep
  case "$1" in
    read) keep="" ;;
    read+segment) keep="langid segment" ;;
    read+segment+morph) keep="langid segment morph" ;;
    full) keep="${all_stages[*]}" ;;
  esac
  for s in "${all_stages[@]}"; do
    case " $keep " in *" $s "*) ;; *) printf -- '--skip %s ' "$s" ;; esac
  done
}

sets=(read read+segment read+segment+morph full)
[ $quick -eq 1 ] && sets=(read+segment+morph full)
thread_counts=(1)
[ "$threads_all" -gt 1 ] && thread_counts+=("$threads_all")

printf '%-18s %7s %-19s %7s %7s %7s %7s %9s %9s %9s\n' corpus MB stages threads "wall s" "cpu s" "MB/s" "MB/s/core" "MB/s cpu" "RSS MB"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
for c in "${corpora[@]}"; do
  f="$bench_dir/$c.jsonl"
  mb="$(python3 -c 'import json,sys; print("%.2f" % (sum(len((json.loads(l).get("text") or "").encode()) for l in open(sys.argv[1]) if l.strip())/1e6))' "$f")"
  for set in "${sets[@]}"; do
    for n in "${thread_counts[@]}"; do
      # shellcheck disable=SC2046
      if [ ${#timer[@]} -gt 0 ]; then
        "${timer[@]}" "$tmp" "$bin" analyze --threads "$n" $(skips_for "$set") "$f" >/dev/null 2>/dev/null || true
        read -r wall user sys rss <"$tmp"
      else
        start=$(date +%s.%N)
        "$bin" analyze --threads "$n" $(skips_for "$set") "$f" >/dev/null 2>/dev/null || true
        wall=$(echo "$(date +%s.%N) - $start" | bc); user=0; sys=0; rss=0
      fi
      python3 - "$c" "$mb" "$set" "$n" "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
c, mb, st, n, wall, user, sys_, rss = sys.argv[1:]
mb, n, wall, cpu, rss = float(mb), int(n), float(wall), float(user) + float(sys_), int(rss)
rate = mb / wall if wall > 0 else 0
cpu_rate = mb / cpu if cpu > 0 else 0
print("%-18s %7.2f %-19s %7d %7.2f %7.2f %7.2f %9.2f %9.2f %9.0f" % (c, mb, st, n, wall, cpu, rate, rate / n, cpu_rate, rss / 1024))
PY
    done
  done
done
