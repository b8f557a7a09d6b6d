#!/usr/bin/env bash
# Runs every test (lit: FileCheck suites, unit tests, end-to-end checks against TFLite) and
# ends with one summary line "N passed, M failed, K skipped".
set -uo pipefail
build="${1:-build}"
lit=/usr/lib/llvm-19/build/utils/lit/lit.py
log="$build/test-results.txt"
python3 "$lit" -sv -j "${LIT_JOBS:-2}" "$build/test" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# lit's closing lines look like "  Passed: 29 (96.67%)".
count() {
  local n
  n=$(sed -n "s/^ *$1: *\([0-9][0-9]*\).*/\1/p" "$log" | tail -1)
  echo "${n:-0}"
}
passed=$(count Passed)
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count Unresolved) + $(count "Timed Out") ))
skipped=$(count Unsupported)
echo "mnetc: $passed passed, $failed failed, $skipped skipped"
exit "$status"
