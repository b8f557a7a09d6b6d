#!/usr/bin/env bash
# `make fuzz`: runs the libFuzzer target (test/fuzz/mnet-fuzz) for FUZZ_TIME seconds. The working
# corpus grows in BUILD/fuzz/corpus across runs (seeded from test/fuzz/corpus); findings land
# in BUILD/fuzz/artifacts. Reproduce one with `BUILD/bin/mnet-fuzz FILE`; once fixed, copy it
# to test/fuzz/regressions/ under a name that says what it was (`make test` replays them).
set -euo pipefail
build="${1:?usage: fuzz.sh SANITIZER_BUILD_DIR [SECONDS] [libFuzzer flags...]}"
seconds="${2:-600}"
shift 2 || shift $#
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$build/fuzz/corpus" "$build/fuzz/artifacts"
cp -n "$repo"/test/fuzz/corpus/* "$build/fuzz/corpus/"
echo "mnet-fuzz: ${seconds} s; corpus $build/fuzz/corpus, findings $build/fuzz/artifacts"
exec "$build/bin/mnet-fuzz" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$build/fuzz/artifacts/" -print_final_stats=1 "$@" \
  "$build/fuzz/corpus"
