#!/usr/bin/env bash
# Bad input: each bad document gets "PATH[:LINE]: what is wrong" on standard error,
# every other document is still processed, and the exit status is 1.
# Usage: bad_input.sh path/to/cronaca
set -uo pipefail
bin=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

mkdir -p "$tmp/in"
printf 'date 2022-01-07 Il presidente ha parlato ieri a Roma.' > "$tmp/in/01_good.txt"
printf 'Citt\xe0 di Roma, testo in Latin-1.' > "$tmp/in/02_latin1.txt"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00' > "$tmp/in/03_image.txt"
: > "$tmp/in/04_empty.txt"
printf 'date 2022-1-7 Testo con una data sbagliata.' > "$tmp/in/05_baddate.txt"
printf '%s\n' '{"id":"j1","text":"The minister spoke in London."}' '{"id":"j2","text": "broken' \
  '{"id":"j3","text":"Police arrested three men."}' > "$tmp/in/06_lines.jsonl"
# A 100 MB article: refused without being read whole, with the size in the message.
head -c 104857600 /dev/zero | tr '\0' 'a' > "$tmp/big.txt"

"$bin" analyze "$tmp/in" "$tmp/big.txt" "$tmp/missing.txt" --lang it > "$tmp/out.jsonl" 2> "$tmp/err"
status=$?
echo "--- standard error"; cat "$tmp/err"; echo "---"

check "exit status is 1" test "$status" -eq 1
check "invalid UTF-8 named" grep -qF "$tmp/in/02_latin1.txt: invalid UTF-8 at byte 4" "$tmp/err"
check "binary file named" grep -qF "$tmp/in/03_image.txt: binary data (NUL byte at offset 8), not text" "$tmp/err"
check "empty file named" grep -qF "$tmp/in/04_empty.txt: empty document (the file is empty)" "$tmp/err"
check "malformed date header named" grep -qF "$tmp/in/05_baddate.txt: malformed date header '2022-1-7'" "$tmp/err"
check "broken JSON line named with its line" grep -qF "$tmp/in/06_lines.jsonl:2: broken JSON line" "$tmp/err"
check "100 MB article named" grep -qF "$tmp/big.txt: document is 104857600 bytes, over the limit of 33554432 (--max-bytes)" "$tmp/err"
check "unreadable path named" grep -qF "$tmp/missing.txt: cannot read: no such file or directory" "$tmp/err"
check "summary line" grep -qF "cronaca analyze: 7 of 10 documents failed" "$tmp/err"
ids=$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["id"] for l in open(sys.argv[1])))' "$tmp/out.jsonl")
check "the good documents came through, in order (got: $ids)" test "$ids" = "01_good j1 j3"

if [[ $(id -u) -ne 0 ]]; then
  cp "$tmp/in/01_good.txt" "$tmp/locked.txt"; chmod 000 "$tmp/locked.txt"
  "$bin" analyze "$tmp/locked.txt" > /dev/null 2> "$tmp/err2"
  check "permission denied named" grep -qF "$tmp/locked.txt: cannot read: Permission denied" "$tmp/err2"
fi
# The limit is an option.
printf 'date 2022-01 Un testo di quaranta byte, o poco più.' > "$tmp/small.txt"
"$bin" analyze --max-bytes 10 "$tmp/small.txt" > /dev/null 2> "$tmp/err3"
check "--max-bytes applies" grep -qF "over the limit of 10 (--max-bytes)" "$tmp/err3"
exit $fail
