#!/usr/bin/env bash
# Installs the Debian packages Cronaca needs to build, test and run.
# The one list of system dependencies; `make deps` (and so `make demo`, `make test`) calls it.
# Installs only what is missing, so a second run is quick and needs no network.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config
  # text: Unicode, language identification, country names
  libicu-dev libcld2-dev iso-codes
  # morphology: Apertium analysers through lttoolbox (whose headers need libxml2's),
  # hunspell dictionaries, Snowball stemmers
  lttoolbox-dev lttoolbox libxml2-dev apertium-spa-ita apertium-eng-spa
  libhunspell-dev hunspell-it hunspell-en-us libstemmer-dev
  # JSON, CLI
  nlohmann-json3-dev
  # storage
  libsqlite3-dev sqlite3 libpq-dev postgresql
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 time
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
