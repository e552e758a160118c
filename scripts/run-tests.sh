#!/usr/bin/env bash
# Runs the whole suite from a build directory: `scripts/run-tests.sh [BUILD_DIR]`.
# ctest runs the gtest cases and the command-line scripts (tests/cli/*.sh);
# tests/store/with_pg.sh starts a throwaway PostgreSQL server on loopback for the
# run (CRONACA_TEST_PG), so the store suite runs on SQLite and on PostgreSQL, and
# stops it afterwards. Under CI (CI=true) a missing PostgreSQL is an error, not a skip.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
if [[ ${CI:-} == true ]]; then export CRONACA_REQUIRE_PG=1; fi
exec tests/store/with_pg.sh ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 900
