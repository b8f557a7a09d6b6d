#!/usr/bin/env bash
# Runs every test (lit: FileCheck suites, unit tests, end-to-end checks against TFLite) and
# ends with one summary line "N passed, M failed".
set -uo pipefail
build="${1:-build}"
lit=/usr/lib/llvm-19/build/utils/lit/lit.py
log="$build/test-results.txt"
python3 "$lit" -sv -j "${LIT_JOBS:-2}" "$build/test" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { sed -n "s/^ *$1: *\([0-9]*\).*/\1/p" "$log" | tail -1; }
passed=$(( $(count Passed || true) + 0 ))
failed=$(( $(count Failed || true) + $(count "Unexpectedly Passed" || true) + $(count Unresolved || true) + $(count "Timed Out" || true) ))
skipped=$(( $(count Unsupported || true) + 0 ))
echo "mnetc tests: $passed passed, $failed failed, $skipped skipped"
exit $status
