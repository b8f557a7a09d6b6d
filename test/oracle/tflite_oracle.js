#!/usr/bin/env node
// mnetc test oracle: runs a .tflite model through the real TensorFlow Lite
// runtime (tfjs-tflite's WebAssembly build, XNNPACK delegate) and writes its
// outputs as raw little-endian float32 files.
//
// Usage:
//   node tflite_oracle.js [--runs N] MODEL.tflite OUTDIR INPUT0.bin [INPUT1.bin ...]
//
// Inputs are raw little-endian float32 files in the model's input order
// (NHWC).  Writes OUTDIR/output_K.bin (raw LE float32, model output order) and
// OUTDIR/outputs.json = {"outputs": [{"name": ..., "shape": [...]}, ...]}.
// With --runs N, Infer() is timed N times and the median is printed to stderr.
//
// Environment:
//   MNET_ORACLE_WASM_DIR   directory holding tflite_web_api_cc_simd.{js,wasm}
//                          (default: <repo>/.deps/oracle/node_modules/
//                           @tensorflow/tfjs-tflite/wasm)
//   MNET_ORACLE_WASM_NAME  basename of the build to load
//                          (default: tflite_web_api_cc_simd)
//   MNET_ORACLE_TIMEOUT    seconds before giving up (default 600)
//   MNET_ORACLE_VERBOSE=1  pass the runtime's own log lines through to stderr
//
// stdout stays quiet; all diagnostics go to stderr.  Exit status 0 on success,
// 1 on any failure.

'use strict';

const fs = require('fs');
const path = require('path');

const PROG = 'tflite_oracle';
let finished = false;

function info(msg) {
  process.stderr.write(`${PROG}: ${msg}\n`);
}

class OracleError extends Error {}

function fail(msg) {
  throw new OracleError(msg);
}

function usage() {
  return `usage: node ${path.basename(__filename)} [--runs N] MODEL.tflite OUTDIR INPUT0.bin [INPUT1.bin ...]`;
}

function parseArgs(argv) {
  const pos = [];
  let runs = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs' || a.startsWith('--runs=')) {
      let v;
      if (a === '--runs') {
        if (i + 1 >= argv.length) fail(`--runs needs a value\n${usage()}`);
        v = argv[++i];
      } else {
        v = a.slice('--runs='.length);
      }
      if (!/^[0-9]+$/.test(v) || parseInt(v, 10) < 1) {
        fail(`--runs must be a positive integer, got '${v}'`);
      }
      runs = parseInt(v, 10);
    } else if (a === '-h' || a === '--help') {
      process.stderr.write(usage() + '\n');
      finished = true;
      process.exit(0);
    } else if (a === '--') {
      pos.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('--')) {
      fail(`unknown option '${a}'\n${usage()}`);
    } else {
      pos.push(a);
    }
  }
  if (pos.length < 2) fail(`expected MODEL.tflite and OUTDIR\n${usage()}`);
  return { model: pos[0], outDir: pos[1], inputs: pos.slice(2), runs };
}

// Shapes come back from the embind wrapper as a comma-separated string
// ("1,224,224,3"; "" for a scalar).  Accept arrays / vectors too, in case.
function shapeOf(t) {
  const s = t.shape;
  if (typeof s === 'string') {
    if (s.trim() === '') return [];
    return s.split(',').map((x) => {
      const n = Number(x.trim());
      if (!Number.isInteger(n)) fail(`tensor '${t.name}': cannot parse shape '${s}'`);
      return n;
    });
  }
  if (Array.isArray(s)) return s.map(Number);
  if (s && typeof s.size === 'function') {
    const out = [];
    for (let i = 0; i < s.size(); i++) out.push(Number(s.get(i)));
    return out;
  }
  fail(`tensor '${t.name}': unrecognised shape value ${String(s)}`);
}

function numElements(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

function vecToArray(v) {
  const out = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  return out;
}

function loadModule(wasmDir, baseName) {
  const jsPath = path.join(wasmDir, baseName + '.js');
  const wasmPath = path.join(wasmDir, baseName + '.wasm');
  for (const p of [jsPath, wasmPath]) {
    if (!fs.existsSync(p)) {
      fail(`TFLite wasm runtime not found: ${p}\n` +
           '  (install it with scripts/setup.sh or set MNET_ORACLE_WASM_DIR)');
    }
  }
  const factory = require(jsPath);
  if (typeof factory !== 'function') fail(`${jsPath} does not export a module factory`);
  const verbose = process.env.MNET_ORACLE_VERBOSE === '1';
  // Route the runtime's printf / stderr to our stderr (never stdout).  The
  // only routine line is "INFO: Created TensorFlow Lite XNNPACK delegate for
  // CPU."; keep warnings/errors, drop INFO unless verbose.
  const log = (s) => {
    s = String(s);
    if (!verbose && /^INFO:/.test(s)) return;
    process.stderr.write(`[tflite] ${s}\n`);
  };
  return factory({
    wasmBinary: fs.readFileSync(wasmPath),
    print: log,
    printErr: log,
  });
}

function readInputFile(file, tensor, index) {
  let buf;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    fail(`input ${index} '${file}': cannot read: ${e.message}`);
  }
  const shape = shapeOf(tensor);
  const n = numElements(shape);
  const expected = n * 4;
  if (buf.length !== expected) {
    fail(`input ${index} '${file}': wrong size: expected ${expected} bytes ` +
         `(float32 [${shape.join(', ')}] for tensor '${tensor.name}'), actual ${buf.length} bytes`);
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const vals = new Float32Array(n);
  for (let i = 0; i < n; i++) vals[i] = dv.getFloat32(i * 4, true);
  return vals;
}

function float32ToLEBuffer(arr) {
  const buf = Buffer.alloc(arr.length * 4);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < arr.length; i++) dv.setFloat32(i * 4, Number(arr[i]), true);
  return buf;
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));

  const repo = path.resolve(__dirname, '..', '..');
  const wasmDir = process.env.MNET_ORACLE_WASM_DIR ||
      path.join(repo, '.deps', 'oracle', 'node_modules', '@tensorflow', 'tfjs-tflite', 'wasm');
  const baseName = process.env.MNET_ORACLE_WASM_NAME || 'tflite_web_api_cc_simd';

  let modelBytes;
  try {
    modelBytes = fs.readFileSync(args.model);
  } catch (e) {
    fail(`cannot read model '${args.model}': ${e.message}`);
  }
  if (modelBytes.length === 0) fail(`model '${args.model}' is empty`);

  const M = await loadModule(wasmDir, baseName);
  if (!M || !M.TFLiteWebModelRunner) fail('wasm module has no TFLiteWebModelRunner');

  // The model buffer must stay alive for the runner's lifetime (TFLite maps
  // the flatbuffer in place), so it is never freed.
  const ptr = M._malloc(modelBytes.length);
  if (!ptr) fail(`cannot allocate ${modelBytes.length} bytes in wasm memory for the model`);
  M.HEAPU8.set(modelBytes, ptr);  // re-read HEAPU8 after malloc: memory may grow

  // All three option fields are required by the embind value_object.
  const status = M.TFLiteWebModelRunner.CreateFromBufferAndOptions(
      ptr, modelBytes.length,
      { numThreads: -1, enableProfiling: false, maxProfilingBufferEntries: 1024 });
  let runner = status;
  if (status && typeof status.ok === 'function') {
    if (!status.ok()) {
      fail(`TFLite rejected model '${args.model}': ${status.errorMessage()}`);
    }
    runner = status.value();
  }
  if (!runner || typeof runner.Infer !== 'function') fail('could not create a TFLite model runner');

  const inputs = vecToArray(runner.GetInputs());
  if (args.inputs.length !== inputs.length) {
    const desc = inputs.map((t, i) => `  input ${i}: '${t.name}' ${t.dataType} [${shapeOf(t).join(', ')}]`).join('\n');
    fail(`model '${args.model}' has ${inputs.length} input(s) but ${args.inputs.length} input file(s) were given\n${desc}`);
  }
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    if (t.dataType !== 'float32') {
      fail(`input ${i} '${t.name}' has type ${t.dataType}; only float32 inputs are supported`);
    }
    const vals = readInputFile(args.inputs[i], t, i);
    const view = t.data();  // fresh view into wasm memory
    if (view.length !== vals.length) {
      fail(`input ${i} '${t.name}': runtime buffer holds ${view.length} elements, expected ${vals.length}`);
    }
    view.set(vals);
  }

  if (!runner.Infer()) fail('Infer() failed');

  if (args.runs > 0) {
    const times = [];
    for (let r = 0; r < args.runs; r++) {
      const t0 = process.hrtime.bigint();
      const ok = runner.Infer();
      const t1 = process.hrtime.bigint();
      if (!ok) fail(`Infer() failed on timing run ${r}`);
      times.push(Number(t1 - t0) / 1e6);
    }
    info(`Infer() median ${median(times).toFixed(3)} ms over ${args.runs} run(s) ` +
         `(min ${Math.min(...times).toFixed(3)}, max ${Math.max(...times).toFixed(3)})`);
  }

  const outputs = vecToArray(runner.GetOutputs());
  fs.mkdirSync(args.outDir, { recursive: true });
  const meta = { outputs: [] };
  for (let k = 0; k < outputs.length; k++) {
    const t = outputs[k];
    const shape = shapeOf(t);
    const data = t.data();
    if (data.length !== numElements(shape)) {
      fail(`output ${k} '${t.name}': ${data.length} elements for shape [${shape.join(', ')}]`);
    }
    if (t.dataType !== 'float32') {
      info(`warning: output ${k} '${t.name}' is ${t.dataType}; written converted to float32`);
    }
    fs.writeFileSync(path.join(args.outDir, `output_${k}.bin`), float32ToLEBuffer(data));
    meta.outputs.push({ name: t.name, shape });
  }
  fs.writeFileSync(path.join(args.outDir, 'outputs.json'), JSON.stringify(meta, null, 2) + '\n');
  info(`${args.model}: ${inputs.length} input(s), ${outputs.length} output(s) written to ${args.outDir}`);
}

// Watchdog: the wasm runtime is synchronous once loaded, so this only fires
// if loading stalls.  unref() so it never keeps a finished process alive.
const timeoutS = Number(process.env.MNET_ORACLE_TIMEOUT || 600);
const watchdog = setTimeout(() => {
  info(`error: timed out after ${timeoutS} s`);
  finished = true;
  process.exit(1);
}, timeoutS * 1000);
watchdog.unref();

// If the module's ready promise never settles, Node would exit 0 with nothing
// done; make that a failure.
process.on('exit', (code) => {
  if (!finished && code === 0) {
    process.stderr.write(`${PROG}: error: runtime exited before finishing\n`);
    process.exitCode = 1;
  }
});

main().then(() => {
  finished = true;
  process.exit(0);
}, (e) => {
  finished = true;
  if (e instanceof OracleError) {
    info(`error: ${e.message}`);
  } else {
    info(`error: ${e && e.stack ? e.stack : String(e)}`);
  }
  process.exit(1);
});
