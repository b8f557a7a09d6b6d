#!/usr/bin/env bash
# `make demo`: compiles a MobileNet with mnetc for this CPU, runs it, and checks
# its output against TensorFlow Lite.  Usage: scripts/demo.sh [BUILD_DIR] [demo.py options]
# (see `python3 scripts/demo.py --help`).
set -euo pipefail
build="${1:-build}"
shift || true
exec python3 "$(dirname "${BASH_SOURCE[0]}")/demo.py" --build "$build" "$@"
