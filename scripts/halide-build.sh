#!/usr/bin/env bash
# Builds a generator that `mnetc --emit=halide` wrote into a static library and header, with
# Debian's Halide 14 (libhalide14-0-dev), in processes of its own: libHalide links LLVM 14 and
# never runs inside mnetc.
#
#   scripts/halide-build.sh GENERATOR.cpp OUTDIR [options]
#     --target=T          Halide target string (default: host), e.g. arm-64-linux,
#                         x86-64-linux-avx-avx2-f16c-fma-sse41 (mnetc prints the one for -target)
#     --weights=FILE      the weights file (default: the one mnetc wrote beside the generator)
#     --autoscheduler=A   Adams2019, Li2018 or Mullapudi2016 instead of mnetc's schedule
#     --machine-params=P,C,B  the autoscheduler's machine: parallelism (threads), last-level
#                         cache bytes, balance (Halide's default 16,16777216,40 assumes 16 cores)
#     --name=NAME         the function's name (default: the generator's)
#
# Writes OUTDIR/NAME.a (the pipeline with the Halide runtime) and OUTDIR/NAME.h, plus
# NAME.stmt and NAME.schedule.h to read. Link the library with -ldl -lpthread.
set -euo pipefail
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
(($# >= 2)) || usage
GEN="$1"; OUT="$2"; shift 2
TARGET=host; WEIGHTS=""; AUTO=""; NAME=""; MACHINE=""
for arg in "$@"; do
  case "$arg" in
    --target=*) TARGET="${arg#*=}" ;;
    --weights=*) WEIGHTS="${arg#*=}" ;;
    --autoscheduler=*) AUTO="${arg#*=}" ;;
    --name=*) NAME="${arg#*=}" ;;
    --machine-params=*) MACHINE="${arg#*=}" ;;
    *) echo "halide-build: unknown option '$arg'" >&2; usage ;;
  esac
done
HALIDE_INCLUDE=${HALIDE_INCLUDE:-/usr/include/halide14}
HALIDE_LIBDIR=${HALIDE_LIBDIR:-/usr/lib/x86_64-linux-gnu}
GENGEN=${GENGEN:-/usr/src/halide14/GenGen.cpp}
[[ -f "$GEN" ]] || { echo "halide-build: no generator '$GEN'" >&2; exit 1; }
[[ -f "$HALIDE_INCLUDE/Halide.h" && -f "$GENGEN" ]] ||
  { echo "halide-build: Halide 14 is missing (apt-get install libhalide14-0-dev)" >&2; exit 1; }
registered=$(sed -n 's/^HALIDE_REGISTER_GENERATOR([A-Za-z0-9_]*, *\([A-Za-z0-9_]*\))$/\1/p' "$GEN")
[[ -n "$registered" ]] || { echo "halide-build: '$GEN' registers no generator" >&2; exit 1; }
NAME=${NAME:-$registered}
mkdir -p "$OUT"

# 1. The generator program (host compiler; ccache when there is one).
CXX=${HALIDE_GENERATOR_CXX:-g++}
CCACHE=""; command -v ccache >/dev/null && [[ -z "${MNET_NO_CCACHE:-}" ]] && CCACHE=ccache
$CCACHE "$CXX" -std=c++17 -O1 -g0 -I"$HALIDE_INCLUDE" -c "$GEN" -o "$OUT/$NAME.generator.o"
$CCACHE "$CXX" -std=c++17 -O1 -g0 -I"$HALIDE_INCLUDE" -c "$GENGEN" -o "$OUT/GenGen.o"
"$CXX" "$OUT/$NAME.generator.o" "$OUT/GenGen.o" -o "$OUT/$NAME.generator" \
  -L"$HALIDE_LIBDIR" -lHalide14 -ldl -lpthread

# 2. Run it: the pipeline for TARGET, mnetc's schedule or an autoscheduler's.
args=(-g "$registered" -f "$NAME" -n "$NAME" -o "$OUT" -e static_library,c_header,stmt,schedule
      "target=$TARGET")
[[ -n "$WEIGHTS" ]] && args+=("weights=$WEIGHTS")
if [[ -n "$AUTO" ]]; then
  plugin="$HALIDE_LIBDIR/halide14/libautoschedule_$(echo "$AUTO" | tr 'A-Z' 'a-z').so"
  [[ -f "$plugin" ]] || { echo "halide-build: no autoscheduler '$AUTO' ($plugin)" >&2; exit 1; }
  args+=(-p "$plugin" -s "$AUTO" auto_schedule=true)
  [[ -n "$MACHINE" ]] && args+=("machine_params=$MACHINE")
fi
log="$OUT/$NAME.generator.log"
echo "halide-build: $OUT/$NAME.generator ${args[*]}"
if ! HL_TARGET= "$OUT/$NAME.generator" "${args[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  echo "halide-build: the generator failed (${args[*]})" >&2
  exit 1
fi
# A schedule Halide proves wrong (a ring of rows too small) is only a warning to Halide.
if grep -q "guaranteed to fail" "$log"; then
  cat "$log" >&2
  echo "halide-build: Halide found the schedule wrong" >&2
  exit 1
fi
echo "halide-build: $OUT/$NAME.a and $OUT/$NAME.h for $TARGET${AUTO:+ ($AUTO)}"
