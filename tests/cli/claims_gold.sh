#!/usr/bin/env bash
# Scores the claims layer on the project's own claims dev set (tests/gold/claims) and on
# the seed article, and fails below the acceptance thresholds of issue 7:
#   tests/gold/claims: claims.detect F1 >= 0.85 and claim.status >= 0.85
#   seed:              claims.detect F1 == 1.0  and claim.status == 1.0
# Usage: claims_gold.sh [path/to/cronaca]   (ctest passes the binary)
# Exit 77 (skipped) when the shared evaluation tools are absent.
set -euo pipefail

bin=${1:-${CRONACA_BIN:-cronaca}}
root=${CRONACA_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${CRONACA_SHARED:-$root/../shared}
eval_dir=$shared/eval
seed=$shared/gold/dev/seed-kazakhstan-2022-01.gold.json
if [[ ! -f $eval_dir/score.py || ! -f $eval_dir/gold_to_input.py ]]; then
  echo "skip: no $eval_dir" >&2
  exit 77
fi
command -v python3 >/dev/null || { echo "skip: no python3" >&2; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# score GOLD MIN_F1 MIN_STATUS: runs the engine on GOLD and checks the two figures
score() {
  local gold=$1 min_f1=$2 min_status=$3 name=$4
  python3 "$eval_dir/gold_to_input.py" "$gold" > "$tmp/$name-in.jsonl"
  "$bin" analyze "$tmp/$name-in.jsonl" > "$tmp/$name-out.jsonl"
  python3 "$eval_dir/score.py" --gold "$gold" --system "$tmp/$name-out.jsonl" --json > "$tmp/$name-score.json"
  python3 - "$tmp/$name-score.json" "$min_f1" "$min_status" "$name" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
min_f1, min_status, name = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
f1 = s.get("claims.detect", {}).get("f1", 0.0)
st = s.get("claim.status", {}).get("acc", 0.0)
print(f"{name}: claims.detect {s.get('claims.detect')} claim.status {s.get('claim.status')}")
bad = []
if f1 < min_f1: bad.append(f"claims.detect F1 {f1} < {min_f1}")
if st < min_status: bad.append(f"claim.status {st} < {min_status}")
if bad:
    print(f"{name}: FAIL: " + "; ".join(bad))
    sys.exit(1)
PY
}

status=0
score "$root/tests/gold/claims" 0.85 0.85 claims-dev || status=1
if [[ -f $seed ]]; then
  score "$seed" 1.0 1.0 seed || status=1
fi
if [[ $status -ne 0 ]]; then
  python3 "$eval_dir/score.py" --gold "$root/tests/gold/claims" --system "$tmp/claims-dev-out.jsonl" -v | grep -E "claim|^#" || true
fi
exit $status
