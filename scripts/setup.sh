#!/usr/bin/env bash
# Installs everything mnetc needs to build and test, on Debian 12. Idempotent:
# it installs only what is missing, so `make demo` and `make test` run it first.
# --bench also installs what `make bench` needs (XNNPACK, the reference point).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=0
for arg in "$@"; do
  case "$arg" in
    --bench) BENCH=1 ;;
    *) echo "usage: setup.sh [--bench]" >&2; exit 2 ;;
  esac
done

APT_PACKAGES=(
  cmake ninja-build make ccache python3 g++ binutils libclang-rt-19-dev
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools clang-19 lld-19
  flatbuffers-compiler libflatbuffers-dev
  g++-aarch64-linux-gnu qemu-user
  libhalide14-0-dev
  nodejs npm
)
# The benchmark's: XNNPACK (its header includes pthreadpool.h) and taskset.
if ((BENCH)); then APT_PACKAGES+=(libxnnpack-dev libpthreadpool-dev util-linux); fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs may come from another repository with npm bundled: accept a working npm.
if command -v npm >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do [[ "$p" == npm || "$p" == nodejs ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The oracle: TensorFlow Lite compiled to WebAssembly, from the npm registry.
ORACLE_DIR="$here/.deps/oracle"
if [[ ! -f "$ORACLE_DIR/node_modules/@tensorflow/tfjs-tflite/wasm/tflite_web_api_cc_simd.wasm" ]]; then
  echo "setup: installing the TFLite oracle (npm @tensorflow/tfjs-tflite@0.0.1-alpha.10)"
  mkdir -p "$ORACLE_DIR"
  (cd "$ORACLE_DIR" && [[ -f package.json ]] || echo '{"name":"mnet-oracle","private":true}' > package.json
   cd "$ORACLE_DIR" && npm install --no-audit --no-fund --ignore-scripts --omit=peer @tensorflow/tfjs-tflite@0.0.1-alpha.10 >/dev/null)
fi
# Real models for the tests (Apache-2.0, shipped inside MediaPipe's npm packages).
MODELS_DIR="$here/.deps/models"
MEDIAPIPE_PACKAGES=(
  @mediapipe/face_detection@0.4.1657300184
  @mediapipe/selfie_segmentation@0.1.1675465747
  @mediapipe/hands@0.4.1675469240
)
for package in "${MEDIAPIPE_PACKAGES[@]}"; do
  stamp="$MODELS_DIR/.$(echo "$package" | tr '/@' '__')"
  [[ -f "$stamp" ]] && continue
  echo "setup: fetching the models in $package"
  mkdir -p "$MODELS_DIR"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$package" >/dev/null && tar -xzf ./*.tgz --wildcards 'package/*.tflite')
  cp "$tmp"/package/*.tflite "$MODELS_DIR/"
  rm -rf "$tmp"
  touch "$stamp"
done
echo "setup: ok"
