#!/usr/bin/env bash
# Self-test of the e2e tools: compare.py (pass / tolerance / fail / NaN /
# error paths) and run_e2e.py's flow and failure accounting, using fake
# mnet-make-model / mnet-run scripts (written to a temp dir) that build the
# oracle test models with flatc and answer with the oracle's own outputs,
# perturbed per target name:
#   generic      exact copy                    -> PASS
#   fake-near    +5e-5 on one element          -> PASS (within 1e-4)
#   fake-bad     +0.5 on one element           -> FAIL (compare)
#   fake-nan     NaN in one element            -> FAIL (compare)
#   fake-crash   mnet-run exits 3              -> FAIL (mnet-run)
#   x86-64-avx512 exact copy, but skipped when the (faked) cpuinfo lacks avx512f
#
# Usage: test/e2e/selftest.sh   (needs flatc, node, python3 and the oracle wasm)
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
COMPARE="$HERE/compare.py"
RUN_E2E="$HERE/run_e2e.py"

fails=0
passes=0
pass() { echo "PASS: $*"; passes=$((passes + 1)); }
failc() { echo "FAIL: $*"; fails=$((fails + 1)); }

for tool in flatc node "$PYTHON"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: e2e selftest: '$tool' not found"; exit 1; }
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/mnet-e2e-selftest.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# check NAME WANT_RC PATTERN CMD...: CMD must exit WANT_RC and print PATTERN
# (grep -E, stdout+stderr).
check() {
  local what="$1" want="$2" pattern="$3"
  shift 3
  "$@" >"$TMP/out.log" 2>&1
  local rc=$?
  if [ "$rc" -eq "$want" ] && grep -Eq -- "$pattern" "$TMP/out.log"; then
    pass "$what"
  else
    failc "$what: want rc=$want and /$pattern/, got rc=$rc:"
    sed 's/^/    | /' "$TMP/out.log"
  fi
}

# ---------------------------------------------------------------- compare.py
"$PYTHON" - "$TMP/c" <<'EOF'
import json, os, struct, sys
root = sys.argv[1]
outs = [('logits', [1, 5], [0.0, 1.0, -2.5, 1000.0, 3.25]),
        ('feat', [1, 2, 2, 1], [0.5, -0.5, 0.125, 7.0])]
def write(name, tweak=None, shapes=None, count=None, raw=None):
    d = os.path.join(root, name)
    os.makedirs(d)
    meta = {'outputs': []}
    for k, (n, s, v) in enumerate(outs[:count]):
        v = list(v)
        if tweak and k in tweak:
            tweak[k](v)
        with open(os.path.join(d, 'output_%d.bin' % k), 'wb') as f:
            f.write(raw[k] if raw and k in raw else struct.pack('<%df' % len(v), *v))
        meta['outputs'].append({'name': n, 'shape': shapes[k] if shapes and k in shapes else s})
    meta['latency_ms'] = 1.5
    json.dump(meta, open(os.path.join(d, 'outputs.json'), 'w'))
def setv(i, x):
    def f(v): v[i] = x
    return f
def addv(i, x):
    def f(v): v[i] += x
    return f
write('exp')
write('same')
write('near', {0: addv(3, 0.9), 1: addv(0, 9e-5)})   # 1000+0.9: within rtol 1e-3
write('far', {0: addv(3, 1.2)})                      # > 1e-4 + 1e-3*1000
write('nan', {1: setv(2, float('nan'))})
write('inf', {0: setv(0, float('inf'))})
write('shape', shapes={1: [1, 4]})
write('count', count=1)
write('short', raw={1: b'\0' * 10})
os.makedirs(os.path.join(root, 'nojson'))
os.makedirs(os.path.join(root, 'badjson'))
open(os.path.join(root, 'badjson', 'outputs.json'), 'w').write('{"outputs": 3}')
EOF
C="$TMP/c"
check "compare: identical outputs pass" 0 '\[1\] feat \[1, 2, 2, 1\]: max_abs_err 0,.*PASS' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/same"
check "compare: differences within atol/rtol pass" 0 '\[0\] logits .*max_abs_err 0\.9.*PASS' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/near"
check "compare: same differences fail with --rtol 0" 1 'logits .*worst \[0, 3\] expected 1000 actual 1000\.9.*FAIL' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/near" --rtol 0
check "compare: difference beyond tolerance fails" 1 'worst \[0, 3\] expected 1000 actual 1001\.2.*\(1/5 bad\)  FAIL' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/far"
check "compare: NaN in actual fails" 1 'feat .*worst \[0, 1, 0, 0\] expected 0\.125 actual nan.*NaN\)  FAIL' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/nan"
check "compare: inf in actual fails" 1 'logits .*actual inf.*FAIL' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/inf"
check "compare: shape mismatch fails" 1 'shape mismatch: expected \[1, 2, 2, 1\], actual \[1, 4\]' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/shape"
check "compare: output count mismatch -> 2" 2 'output count differs: expected 2 .*actual 1' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/count"
check "compare: short .bin -> 2" 2 'output_1.bin: wrong size: expected 16 bytes .*actual 10 bytes' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/short"
check "compare: missing outputs.json -> 2" 2 'nojson/outputs.json: cannot read' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/nojson"
check "compare: bad outputs.json -> 2" 2 'no "outputs" list' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/badjson"
check "compare: missing dir -> 2" 2 'not a directory' \
  "$PYTHON" "$COMPARE" "$C/exp" "$C/nonexistent"
check "compare: bad usage -> 2" 2 'usage' \
  "$PYTHON" "$COMPARE" "$C/exp"

# ------------------------------------------------------- fake tools for run_e2e
BIN="$TMP/bin"
mkdir -p "$BIN"
cat >"$BIN/mnet-make-model" <<EOF
#!/usr/bin/env bash
# fake: mnet-make-model NAME -o OUT.tflite --seed S --inputs DIR
set -e
name="\$1"; shift
out=""; indir=""
while [ \$# -gt 0 ]; do
  case "\$1" in
    -o) out="\$2"; shift 2;;
    --seed) shift 2;;
    --inputs) indir="\$2"; shift 2;;
    *) echo "fake mnet-make-model: bad arg \$1" >&2; exit 2;;
  esac
done
json="$REPO/test/oracle/testdata/\$name.json"
[ -f "\$json" ] || { echo "fake mnet-make-model: unknown model \$name" >&2; exit 1; }
tmp="\$(mktemp -d)"
flatc -o "\$tmp" -b "$REPO/compiler/import/tflite_schema.fbs" "\$json"
mv "\$tmp/\$name.tflite" "\$out"; rm -rf "\$tmp"
mkdir -p "\$indir"
"$PYTHON" - "$REPO/test/oracle/testdata/expected.json" "\$name" "\$indir" <<'PY'
import json, struct, sys, os
c = json.load(open(sys.argv[1]))['cases'][sys.argv[2]]
for k, v in enumerate(c['inputs']):
    open(os.path.join(sys.argv[3], 'input_%d.bin' % k), 'wb').write(struct.pack('<%df' % len(v), *v))
PY
echo "fake mnet-make-model: wrote \$out"
EOF
cat >"$BIN/mnet-run" <<EOF
#!/usr/bin/env bash
# fake: mnet-run -target=T --runs R MODEL IN... OUTDIR
set -e
target=""; args=()
while [ \$# -gt 0 ]; do
  case "\$1" in
    -target=*) target="\${1#-target=}"; shift;;
    --runs) shift 2;;
    *) args+=("\$1"); shift;;
  esac
done
[ "\$target" = fake-crash ] && { echo "fake mnet-run: crashing for \$target" >&2; exit 3; }
n=\${#args[@]}
out="\${args[\$((n-1))]}"
node "$REPO/test/oracle/tflite_oracle.js" "\${args[0]}" "\$out" "\${args[@]:1:\$((n-2))}" 2>/dev/null
"$PYTHON" - "\$out" "\$target" <<'PY'
import json, struct, sys, os
d, t = sys.argv[1], sys.argv[2]
p = os.path.join(d, 'output_0.bin')
b = open(p, 'rb').read()
v = list(struct.unpack('<%df' % (len(b) // 4), b))
if t == 'fake-near': v[0] += 5e-5
if t == 'fake-bad': v[1] += 0.5
if t == 'fake-nan': v[2] = float('nan')
open(p, 'wb').write(struct.pack('<%df' % len(v), *v))
m = json.load(open(os.path.join(d, 'outputs.json')))
m['latency_ms'] = 0.25; m['arena_bytes'] = 4096
json.dump(m, open(os.path.join(d, 'outputs.json'), 'w'))
PY
echo "fake mnet-run: \$target done"
EOF
chmod +x "$BIN/mnet-make-model" "$BIN/mnet-run"
printf 'processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma\n' >"$TMP/cpuinfo-noavx512"
printf 'processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512bw\n' >"$TMP/cpuinfo-avx512"

# ------------------------------------------------------------------ run_e2e.py
W="$TMP/work"
check "run_e2e: all-pass run (conv2d, 2 targets)" 0 '^e2e conv2d: 2 passed, 0 failed$' \
  env MNET_CPUINFO="$TMP/cpuinfo-noavx512" \
  "$PYTHON" "$RUN_E2E" --model conv2d --targets generic,fake-near --bin-dir "$BIN" --work "$W/a"
grep -q 'target generic: PASS (latency 0.25 ms, arena 4096 bytes)' "$TMP/out.log" \
  && pass "run_e2e: reports latency/arena" || failc "run_e2e: no latency/arena line"
grep -q '^\$ .*mnet-make-model conv2d -o .*/a/model.tflite --seed 1 --inputs .*/a/in$' "$TMP/out.log" \
  && pass "run_e2e: prints the make-model command" || failc "run_e2e: make-model command not printed"

check "run_e2e: failure accounting + avx512 skip" 1 \
  '^e2e add_relu: 2 passed, 3 failed, 1 skipped$' \
  env MNET_CPUINFO="$TMP/cpuinfo-noavx512" \
  "$PYTHON" "$RUN_E2E" --model add_relu --seed 7 \
    --targets generic,fake-bad,x86-64-avx512,fake-crash,fake-near,fake-nan \
    --bin-dir "$BIN" --work "$W/b"
for pat in 'skipping target x86-64-avx512: this CPU lacks avx512f' \
           'fake-crash +FAIL  mnet-run: exit status 3' \
           'fake-bad +FAIL  outputs differ from oracle' \
           'fake-nan +FAIL  outputs differ from oracle' \
           'x86-64-avx512 +SKIP'; do
  grep -Eq -- "$pat" "$TMP/out.log" && pass "run_e2e: summary has /$pat/" \
    || failc "run_e2e: summary lacks /$pat/"
done

check "run_e2e: avx512 target runs when cpuinfo has avx512f" 0 '^e2e add_relu: 1 passed, 0 failed$' \
  env MNET_CPUINFO="$TMP/cpuinfo-avx512" \
  "$PYTHON" "$RUN_E2E" --model add_relu --targets x86-64-avx512 --bin-dir "$BIN" --work "$W/c"

# --model-file / --inputs, reusing the model and inputs built above
check "run_e2e: --model-file/--inputs" 0 '^e2e model: 1 passed, 0 failed$' \
  "$PYTHON" "$RUN_E2E" --model-file "$W/b/model.tflite" \
    --inputs "$W/b/in/input_0.bin,$W/b/in/input_1.bin" \
    --targets generic --bin-dir "$BIN" --work "$W/d"
check "run_e2e: --model-file with a wrong input count fails at the oracle" 1 \
  'step "oracle" failed.*|^e2e model: 0 passed, 1 failed$' \
  "$PYTHON" "$RUN_E2E" --model-file "$W/b/model.tflite" --inputs "$W/b/in/input_0.bin" \
    --targets generic --bin-dir "$BIN" --work "$W/e"
grep -q '^e2e model: 0 passed, 1 failed$' "$TMP/out.log" \
  && pass "run_e2e: oracle failure counts targets as failed" || failc "run_e2e: bad summary after oracle failure"
check "run_e2e: unknown model fails at make-model" 1 'step "mnet-make-model" failed: exit status 1' \
  "$PYTHON" "$RUN_E2E" --model nosuchmodel --targets generic --bin-dir "$BIN" --work "$W/f"
check "run_e2e: missing bin dir tools" 1 'step "mnet-make-model" failed: command not found' \
  "$PYTHON" "$RUN_E2E" --model add_relu --targets generic --bin-dir "$TMP/nobin" --work "$W/g"
check "run_e2e: --inputs without --model-file is a usage error" 2 'only used with --model-file' \
  "$PYTHON" "$RUN_E2E" --model add_relu --inputs x.bin --targets generic --bin-dir "$BIN" --work "$W/h"
check "run_e2e: bad target name is a usage error" 2 'bad target name' \
  "$PYTHON" "$RUN_E2E" --model add_relu --targets ../x --bin-dir "$BIN" --work "$W/h"

echo "e2e selftest: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
