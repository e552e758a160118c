#!/usr/bin/env bash
# The founding example: id, date and detected language from the seed article,
# text equal to its body, and the scorer's doc.date and doc.lang at 1.0.
# Skipped (77) when ../shared is absent.
set -uo pipefail
bin=$1
shared=${CRONACA_SHARED:-$(dirname "$0")/../../../shared}
seed=$shared/seed/000_559eacd9a17903ef.txt
[[ -f $seed ]] || { echo "skip: $seed not found"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" analyze "$seed" --format json > "$tmp/out.jsonl" || { echo "FAIL analyze exited $?"; exit 1; }
python3 - "$tmp/out.jsonl" "$seed" <<'PY' || exit 1
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(out) == 1, f"expected one document, got {len(out)}"
d = out[0]
raw = open(sys.argv[2], encoding="utf-8").read()
body = raw.lstrip()[len("date "):].partition(" ")[2]
checks = {"id": d["id"] == "000_559eacd9a17903ef", "date": d["date"] == "2022-01",
          "lang": d["lang"] == "it", "text": d["text"] == body}
for k, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + k)
sys.exit(0 if all(checks.values()) else 1)
PY
python3 "$shared/eval/score.py" --gold "$shared/gold/dev/seed-kazakhstan-2022-01.gold.json" \
  --system "$tmp/out.jsonl" --json > "$tmp/score.json" || { echo "FAIL scorer"; exit 1; }
python3 - "$tmp/score.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
ok = s["doc.date"]["acc"] == 1.0 and s["doc.lang"]["acc"] == 1.0
print(f"{'ok  ' if ok else 'FAIL'} scorer doc.date {s['doc.date']['acc']} doc.lang {s['doc.lang']['acc']}")
sys.exit(0 if ok else 1)
PY
