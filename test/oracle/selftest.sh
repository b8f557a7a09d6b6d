#!/usr/bin/env bash
# Self-test of the TFLite oracle (tflite_oracle.js).
#
# Builds the JSON models in testdata/ with flatc (schema:
# compiler/import/tflite_schema.fbs), runs them through the oracle and checks
# the outputs against the hand-computed values in testdata/expected.json
# (exact: every value there is a small multiple of 1/4).  Also checks that
# the oracle rejects bad input counts / sizes and a malformed model.
#
# Usage: test/oracle/selftest.sh   (env: FLATC, NODE, PYTHON, MNET_ORACLE_WASM_DIR)
# Prints PASS/FAIL per check; exit status non-zero if any check fails.
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SCHEMA="$REPO/compiler/import/tflite_schema.fbs"
ORACLE="$HERE/tflite_oracle.js"
COMPARE="$REPO/test/e2e/compare.py"
DATA="$HERE/testdata"
FLATC="${FLATC:-flatc}"
NODE="${NODE:-node}"
PYTHON="${PYTHON:-python3}"

fails=0
passes=0
pass() { echo "PASS: $*"; passes=$((passes + 1)); }
failc() { echo "FAIL: $*"; fails=$((fails + 1)); }

for tool in "$FLATC" "$NODE" "$PYTHON"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: oracle selftest: required tool '$tool' not found"
    exit 1
  fi
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mnet-oracle-selftest.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# Writes $TMP/<case>/in/input_K.bin and $TMP/<case>/expected/{outputs.json,
# output_K.bin} for every case; prints "case model atol rtol ninputs" lines.
"$PYTHON" - "$DATA/expected.json" "$TMP" >"$TMP/cases.txt" <<'EOF' || { echo "FAIL: cannot prepare test data"; exit 1; }
import json, os, struct, sys
spec = json.load(open(sys.argv[1]))
root = sys.argv[2]
for name, c in sorted(spec['cases'].items()):
    d = os.path.join(root, name)
    os.makedirs(os.path.join(d, 'in'))
    os.makedirs(os.path.join(d, 'expected'))
    for k, vals in enumerate(c['inputs']):
        with open(os.path.join(d, 'in', 'input_%d.bin' % k), 'wb') as f:
            f.write(struct.pack('<%df' % len(vals), *vals))
    meta = {'outputs': []}
    for k, o in enumerate(c['outputs']):
        with open(os.path.join(d, 'expected', 'output_%d.bin' % k), 'wb') as f:
            f.write(struct.pack('<%df' % len(o['values']), *o['values']))
        meta['outputs'].append({'name': o['name'], 'shape': o['shape']})
    json.dump(meta, open(os.path.join(d, 'expected', 'outputs.json'), 'w'))
    print(name, c['model'], repr(float(c['atol'])), repr(float(c['rtol'])), len(c['inputs']))
EOF

first_model=""
first_inputs=()
while read -r name model atol rtol nin; do
  d="$TMP/$name"
  if ! "$FLATC" -o "$d" -b "$SCHEMA" "$DATA/$model" >"$d/flatc.log" 2>&1; then
    failc "$name: flatc failed: $(cat "$d/flatc.log")"
    continue
  fi
  tfl="$d/${model%.json}.tflite"
  inputs=()
  for ((k = 0; k < nin; k++)); do inputs+=("$d/in/input_$k.bin"); done
  if ! "$NODE" "$ORACLE" "$tfl" "$d/oracle" "${inputs[@]}" >"$d/oracle.log" 2>&1; then
    failc "$name: oracle failed: $(cat "$d/oracle.log")"
    continue
  fi
  if "$PYTHON" "$COMPARE" "$d/expected" "$d/oracle" --atol "$atol" --rtol "$rtol" >"$d/compare.log" 2>&1; then
    pass "$name: oracle output matches hand-computed values (atol=$atol rtol=$rtol)"
  else
    failc "$name: oracle output differs from expected:"
    cat "$d/compare.log"
  fi
  # The output names in outputs.json must be the model's tensor names.
  if "$PYTHON" -c '
import json, sys
a = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
sys.exit(0 if a == e else 1)' "$d/oracle/outputs.json" "$d/expected/outputs.json"; then
    pass "$name: outputs.json names/shapes"
  else
    failc "$name: outputs.json differs: $(cat "$d/oracle/outputs.json")"
  fi
  if [ -z "$first_model" ] && [ "$nin" -ge 2 ]; then
    first_model="$tfl"
    first_inputs=("${inputs[@]}")
  fi
done <"$TMP/cases.txt"

# Error paths: each must exit 1 with a message on stderr, nothing on stdout.
expect_fail() {
  local what="$1" pattern="$2"
  shift 2
  "$@" >"$TMP/err.out" 2>"$TMP/err.log"
  local rc=$?
  if [ "$rc" -eq 1 ] && grep -q -- "$pattern" "$TMP/err.log" && [ ! -s "$TMP/err.out" ]; then
    pass "rejects $what"
  else
    failc "$what: expected exit 1 and '$pattern' on stderr; got rc=$rc, stderr: $(cat "$TMP/err.log"), stdout: $(cat "$TMP/err.out")"
  fi
}

if [ -n "$first_model" ]; then
  head -c 20 "${first_inputs[0]}" >"$TMP/short.bin"
  expect_fail "wrong input count" "but 1 input file" \
    "$NODE" "$ORACLE" "$first_model" "$TMP/o1" "${first_inputs[0]}"
  expect_fail "wrong input size" "expected 48 bytes.*actual 20 bytes" \
    "$NODE" "$ORACLE" "$first_model" "$TMP/o2" "${first_inputs[0]}" "$TMP/short.bin"
  expect_fail "missing input file" "cannot read" \
    "$NODE" "$ORACLE" "$first_model" "$TMP/o3" "${first_inputs[0]}" "$TMP/nonexistent.bin"
  printf 'this is not a flatbuffer model at all' >"$TMP/garbage.tflite"
  expect_fail "malformed model" "rejected model" \
    "$NODE" "$ORACLE" "$TMP/garbage.tflite" "$TMP/o4" "${first_inputs[@]}"
else
  failc "no two-input case found for the error-path checks"
fi

echo "oracle selftest: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
