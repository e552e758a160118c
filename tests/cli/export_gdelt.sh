#!/usr/bin/env bash
# Acceptance: the bundled samples ingested into a store export to the GDELT 2.0
# event layout, 61 tab-separated columns a row; the JSON Lines export gives
# back every stored document; the CSV export has a header and one row an event.
# Usage: export_gdelt.sh CRONACA_BINARY
set -euo pipefail
cronaca=${1:?usage: $0 CRONACA_BINARY}
root=${CRONACA_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/samples.db

"$cronaca" ingest --quiet --db "$db" "$root/samples"
"$cronaca" export --db "$db" --format gdelt --out "$tmp/events.tsv"
rows=$(wc -l < "$tmp/events.tsv")
events=$("$cronaca" query stats --db "$db" --format csv | awk -F, '$1 == "events" { print $2 }')
docs=$("$cronaca" query stats --db "$db" --format csv | awk -F, '$1 == "documents" { print $2 }')
echo "samples: $docs documents, $events aggregated events, $rows GDELT rows"
[ "$rows" -eq "$events" ] || { echo "FAIL: $rows rows for $events events"; exit 1; }
[ "$rows" -gt 0 ] || { echo "FAIL: no event in the samples' store"; exit 1; }
bad=$(awk -F'\t' 'NF != 61' "$tmp/events.tsv" | wc -l)
[ "$bad" -eq 0 ] || { echo "FAIL: $bad rows without 61 columns"; awk -F'\t' 'NF != 61 { print NF": "$0 }' "$tmp/events.tsv" | head -3; exit 1; }
# Column checks: SQLDATE is 8 digits, EventRootCode the first two of EventCode,
# QuadClass 1-4, NumArticles >= 1, DATEADDED 14 digits, SOURCEURL not empty.
awk -F'\t' '
  $2 !~ /^[0-9]{8}$/ { print "bad SQLDATE: " $2; bad = 1 }
  substr($27, 1, 2) != $29 { print "bad EventRootCode: " $27 " " $29; bad = 1 }
  $30 !~ /^[1-4]$/ { print "bad QuadClass: " $30; bad = 1 }
  $34 < 1 { print "bad NumArticles: " $34; bad = 1 }
  $60 !~ /^[0-9]{14}$/ { print "bad DATEADDED: " $60; bad = 1 }
  $61 == "" { print "empty SOURCEURL"; bad = 1 }
  END { exit bad }' "$tmp/events.tsv" || { echo "FAIL: malformed GDELT rows"; exit 1; }
# The header names the 61 columns in GDELT order.
"$cronaca" export --db "$db" --format gdelt --header --out "$tmp/with_header.tsv"
header=$(sed -n 1p "$tmp/with_header.tsv")
[ "$(echo "$header" | awk -F'\t' '{ print NF }')" -eq 61 ] || { echo "FAIL: header"; exit 1; }
echo "$header" | grep -q $'^GLOBALEVENTID\tSQLDATE\tMonthYear\tYear\tFractionDate\tActor1Code' || { echo "FAIL: header start"; exit 1; }
echo "$header" | grep -q $'\tDATEADDED\tSOURCEURL$' || { echo "FAIL: header end"; exit 1; }
# JSON Lines: one line a document, the contract's fields.
"$cronaca" export --db "$db" --format jsonl > "$tmp/docs.jsonl"
[ "$(wc -l < "$tmp/docs.jsonl")" -eq "$docs" ] || { echo "FAIL: jsonl export"; exit 1; }
python3 - "$tmp/docs.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    for k in ("id", "date", "lang", "text", "entities", "timexes", "quotes", "events", "claims"):
        assert k in d, k
PY
# The analysis written by analyze and rebuilt from the store are the same objects.
"$cronaca" analyze "$root/samples" | python3 -c '
import json, sys
a = sorted(json.loads(l)["id"] for l in sys.stdin)
b = sorted(json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8"))
assert a == b, (a, b)' "$tmp/docs.jsonl"
"$cronaca" export --db "$db" --format csv > "$tmp/events.csv"
[ "$(wc -l < "$tmp/events.csv")" -eq $((events + 1)) ] || { echo "FAIL: csv export"; exit 1; }
echo "ok: $rows GDELT rows of 61 columns"
