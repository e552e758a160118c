#!/usr/bin/env bash
# Runs the whole suite from a build directory: `scripts/run-tests.sh [BUILD_DIR]`.
# ctest runs the gtest cases and the command-line scripts (tests/cli/*.sh).
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
exec ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 900
