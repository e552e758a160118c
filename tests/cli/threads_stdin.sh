#!/usr/bin/env bash
# The output is the same bytes whatever --threads is; standard input works.
set -uo pipefail
bin=$1
root=${CRONACA_ROOT:-$(dirname "$0")/../..}
shared=${CRONACA_SHARED:-$root/../shared}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
inputs=("$root/samples")
if [[ -f $shared/data/bench/it-crime-news.jsonl ]]; then
  head -n 400 "$shared/data/bench/it-crime-news.jsonl" > "$tmp/it.jsonl"
  head -n 100 "$shared/data/bench/en-polnear-train.jsonl" > "$tmp/en.jsonl"
  inputs+=("$tmp/it.jsonl" "$tmp/en.jsonl")
fi
for t in 1 2 5; do
  "$bin" analyze --threads "$t" "${inputs[@]}" > "$tmp/out.$t" || { echo "FAIL analyze --threads $t"; fail=1; }
done
for t in 2 5; do
  if cmp -s "$tmp/out.1" "$tmp/out.$t"; then echo "ok   --threads $t equals --threads 1"; else echo "FAIL --threads $t differs"; fail=1; fi
done
n=$(wc -l < "$tmp/out.1"); echo "     ($n documents)"
[[ $n -ge 5 ]] || { echo "FAIL expected at least 5 documents"; fail=1; }
printf 'date 2022-01-07 Il presidente ha parlato ieri.' | "$bin" analyze - > "$tmp/stdin.jsonl" || fail=1
if python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read()); sys.exit(0 if d["date"]=="2022-01-07" and len(d["id"])==16 else 1)' "$tmp/stdin.jsonl"; then
  echo "ok   standard input read, dated, id from a content hash"
else echo "FAIL standard input"; fail=1; fi
exit $fail
