#!/usr/bin/env python3
"""mnetc demo: compile a MobileNet to C++, run it, and check it against TensorFlow Lite.

Steps:
  1. model    write a zoo model with seeded weights and a seeded input
              (or use --model-file / --input)
  2. compile  mnetc MODEL.tflite -> MODEL.cc + MODEL.h for the chosen target
  3. run      mnet-run: build the generated code, time it (1 warm-up + N runs)
  4. TFLite   run the same model and input through TensorFlow Lite (WebAssembly)
  then compare the outputs (top-5 classes, max abs diff, compare.py verdict).

Exit status 0 when mnetc's output matches TensorFlow Lite's, 1 otherwise.
Python standard library only.
"""
import argparse
import array
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ATOL, ATOL_TEXT = 1e-4, '1e-4'
RTOL, RTOL_TEXT = 1e-3, '1e-3'
DEFAULT_MODEL = 'mobilenet_v2_1.0_224'
DEFAULT_RUNS = 20


class DemoError(Exception):
    """A failure with a message meant for the user."""


# ---------------------------------------------------------------- output helpers

_said = False


def say(msg=''):
    global _said
    _said = True
    print(msg, flush=True)


def step(n, total, title):
    say()
    say('[%d/%d] %s' % (n, total, title))


def detail(msg):
    say('      ' + msg)


def shown_path(p):
    """A path as short as possible, relative to the current directory when inside it."""
    rel = os.path.relpath(p)
    return rel if not rel.startswith('..' + os.sep) and len(rel) < len(p) else p


def shown_cmd(argv):
    return ' '.join(shlex.quote(shown_path(a) if os.path.isabs(a) else a) for a in argv)


def human_bytes(n):
    for unit, size in (('GB', 1 << 30), ('MB', 1 << 20), ('KB', 1 << 10)):
        if n >= size:
            return '%.1f %s' % (n / size, unit)
    return '%d bytes' % n


def tail(text, lines=20):
    rows = [r for r in text.rstrip('\n').split('\n') if r.strip()]
    if len(rows) > lines:
        rows = ['... (%d lines left out)' % (len(rows) - lines)] + rows[-lines:]
    return rows


def run(argv, what):
    """Runs argv, printing it first; returns (stdout, stderr, seconds). Raises DemoError on failure."""
    say('      $ ' + shown_cmd(argv))
    start = time.monotonic()
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, errors='replace')
    except OSError as e:
        raise DemoError('%s: cannot start %s: %s' % (what, argv[0], e.strerror or e))
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        for row in tail(proc.stdout + proc.stderr):
            detail('| ' + row)
        status = ('killed by signal %d' % -proc.returncode if proc.returncode < 0
                  else 'exit status %d' % proc.returncode)
        raise DemoError('%s failed (%s)' % (what, status))
    return proc.stdout, proc.stderr, seconds


# ---------------------------------------------------------------- target choice

def cpu_flags():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('flags') or line.startswith('Features'):
                    return set(line.split(':', 1)[1].split())
    except OSError:
        pass
    return set()


def pick_target():
    """(target, reason) for the host CPU."""
    machine = platform.machine().lower()
    if machine in ('x86_64', 'amd64'):
        flags = cpu_flags()
        if 'avx512f' in flags:
            return 'x86-64-avx512', 'host CPU has AVX-512F'
        if 'avx2' in flags and 'fma' in flags:
            return 'x86-64-avx2', 'host CPU has AVX2 and FMA'
        return 'generic', 'host CPU has neither AVX-512F nor AVX2+FMA'
    if machine in ('aarch64', 'arm64'):
        return 'armv8', 'host CPU is AArch64'
    return 'generic', 'no specialised target for %s' % (machine or 'this CPU')


def known_targets(mnetc):
    try:
        out = subprocess.run([mnetc, '--list-targets'], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout
    except OSError:
        return []
    return [line.split()[0] for line in out.splitlines() if line.strip()]


# ---------------------------------------------------------------- model files

def model_stats(make_model, name, seed):
    """MACs and parameter counts from `mnet-make-model NAME --stats`, or None."""
    argv = [make_model, name, '--stats', '--seed', str(seed)]
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, errors='replace')
    if proc.returncode != 0:
        msg = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        if not msg or 'unknown model' in msg[-1]:
            raise DemoError("unknown model '%s' (list the zoo: %s --list)"
                            % (name, shown_path(make_model)))
        raise DemoError('%s --stats failed: %s' % (shown_path(make_model), msg[-1]))
    stats = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(':')
        stats[key.strip()] = value.strip()
    return stats


def parse_header(path):
    """Arena size/alignment and input/output names+shapes from an mnetc header."""
    with open(path) as f:
        text = f.read()
    info = {'inputs': {}, 'outputs': {}}
    for m in re.finditer(r'^#define\s+\w+?_(ARENA_SIZE|ARENA_ALIGNMENT)\s+(\d+)u?\s*$', text, re.M):
        info[m.group(1).lower()] = int(m.group(2))
    for m in re.finditer(r'^#define\s+\w+?_(INPUT|OUTPUT)(\d+)_(NAME|SHAPE|BYTES)\s+(.*?)\s*$',
                         text, re.M):
        kind = 'inputs' if m.group(1) == 'INPUT' else 'outputs'
        entry = info[kind].setdefault(int(m.group(2)), {})
        key, value = m.group(3), m.group(4)
        if key == 'NAME':
            entry['name'] = value.strip('"')
        elif key == 'SHAPE':
            entry['shape'] = [int(x) for x in re.findall(r'\d+', value)]
        else:
            entry['bytes'] = int(value.rstrip('u'))
    if 'arena_size' not in info:
        raise DemoError('%s: no ARENA_SIZE define in the generated header' % shown_path(path))
    info['inputs'] = [info['inputs'][k] for k in sorted(info['inputs'])]
    info['outputs'] = [info['outputs'][k] for k in sorted(info['outputs'])]
    return info


def shape_str(shape):
    return '[' + ','.join(str(d) for d in shape) + ']'


def write_random_input(path, nbytes, seed):
    """Seeded uniform [-1, 1) float32 values, raw little-endian."""
    rng = random.Random(seed)
    a = array.array('f', (rng.uniform(-1.0, 1.0) for _ in range(nbytes // 4)))
    if sys.byteorder != 'little':
        a.byteswap()
    with open(path, 'wb') as f:
        a.tofile(f)


def load_outputs(d):
    """[(name, shape, floats)] from a directory holding outputs.json and output_K.bin."""
    with open(os.path.join(d, 'outputs.json')) as f:
        meta = json.load(f)
    res = []
    for k, o in enumerate(meta['outputs']):
        a = array.array('f')
        with open(os.path.join(d, 'output_%d.bin' % k), 'rb') as f:
            a.frombytes(f.read())
        if sys.byteorder != 'little':
            a.byteswap()
        res.append((o.get('name', ''), o['shape'], a))
    return res, meta


def top5(values):
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    return order[:5]


def fmt_ms(ms):
    return '%.1f ms' % ms if ms >= 10 else '%.3g ms' % ms


def fmt_value(v):
    return '%.6f' % v if 0.0 <= v <= 1.0 else '%.6g' % v


# ---------------------------------------------------------------- the demo

def main(argv):
    ap = argparse.ArgumentParser(
        prog='demo.py',
        description='Compile a MobileNet with mnetc for this CPU, run it, and check its output '
                    'against TensorFlow Lite.')
    ap.add_argument('--build', default='build', help='build folder holding bin/ (default: build)')
    ap.add_argument('--model', default=None,
                    help='zoo model name (default: %s; list: mnet-make-model --list)' % DEFAULT_MODEL)
    ap.add_argument('--seed', type=int, default=1, help='seed of the zoo model and input (default 1)')
    ap.add_argument('--model-file', default=None, help='your own fp32 .tflite model instead of a zoo one')
    ap.add_argument('--input', action='append', default=None, metavar='X.bin',
                    help='raw float32 input for --model-file, once per model input '
                         '(default: seeded random values)')
    ap.add_argument('--target', default=None, help='mnetc target (default: the best for this CPU)')
    ap.add_argument('--runs', type=int, default=DEFAULT_RUNS,
                    help='timed runs after the warm-up (default %d)' % DEFAULT_RUNS)
    ap.error = lambda msg: (ap.print_usage(sys.stderr),
                            sys.exit('demo.py: error: %s' % msg))  # exit status 1
    args = ap.parse_args(argv)

    if args.model and args.model_file:
        raise DemoError('give either --model or --model-file, not both')
    if args.input and not args.model_file:
        raise DemoError('--input goes with --model-file (zoo models come with their own input)')
    if args.runs < 1:
        raise DemoError('--runs must be at least 1')

    build = os.path.abspath(args.build)
    if not os.path.isdir(build) and not os.path.isabs(args.build):
        alt = os.path.join(REPO, args.build)
        build = alt if os.path.isdir(alt) else build
    bindir = os.path.join(build, 'bin')
    tools = {t: os.path.join(bindir, t) for t in ('mnetc', 'mnet-run', 'mnet-make-model')}
    for t, p in tools.items():
        if not os.access(p, os.X_OK):
            raise DemoError('%s not found; build the project first (make build, or pass the build '
                            'folder: scripts/demo.sh BUILD_DIR)' % shown_path(p))
    oracle = os.path.join(REPO, 'test', 'oracle', 'tflite_oracle.js')
    compare = os.path.join(REPO, 'test', 'e2e', 'compare.py')
    if shutil.which('node') is None:
        raise DemoError('node (Node.js) is not installed; it runs the TensorFlow Lite reference '
                        '(make setup installs it)')

    # Target.
    targets = known_targets(tools['mnetc'])
    if args.target:
        target, why = args.target, 'chosen with --target'
        if targets and target not in targets:
            raise DemoError("unknown target '%s' (known: %s)" % (target, ', '.join(targets)))
    else:
        target, why = pick_target()

    # Model.
    if args.model_file:
        model_path = os.path.abspath(args.model_file)
        if not os.path.isfile(model_path):
            raise DemoError("model file '%s' does not exist" % args.model_file)
        for x in args.input or []:
            if not os.path.isfile(x):
                raise DemoError("input file '%s' does not exist" % x)
        model = os.path.splitext(os.path.basename(model_path))[0]
        stats = None
    else:
        model = args.model or DEFAULT_MODEL
        stats = model_stats(tools['mnet-make-model'], model, args.seed)

    work = os.path.join(build, 'demo')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    stem = re.sub(r'[^A-Za-z0-9_.-]', '_', model)
    prefix = re.sub(r'[^A-Za-z0-9_]', '_', stem)
    if not re.match(r'[A-Za-z_]', prefix):
        prefix = 'model_' + prefix

    say('mnetc demo: compile a TFLite model to C++, run it, check it against TensorFlow Lite')
    if stats:
        say('  model:   %s, seed %d: %s MACs, %s parameters'
            % (model, args.seed, stats.get('MACs', '?'), stats.get('parameters', '?')))
        say('           (seeded random weights and input: the classes below are not real '
            'predictions;')
        say('           what matters is that mnetc and TensorFlow Lite agree)')
    else:
        say('  model:   %s' % shown_path(model_path))
    say('  target:  %s (%s)' % (target, why))
    say('  files:   %s/' % shown_path(work))

    total = 4
    # 1. model
    step(1, total, 'model')
    input_dir = os.path.join(work, 'input')
    if args.model_file:
        inputs = [os.path.abspath(x) for x in args.input or []]
        detail('using %s (%s)' % (shown_path(model_path), human_bytes(os.path.getsize(model_path))))
        if inputs:
            detail('input%s: %s' % ('s' if len(inputs) > 1 else '',
                                    ', '.join(shown_path(x) for x in inputs)))
        else:
            detail('no --input given: seeded random inputs are written after compiling')
    else:
        model_path = os.path.join(work, stem + '.tflite')
        run([tools['mnet-make-model'], model, '-o', model_path, '--seed', str(args.seed),
             '--inputs', input_dir], 'mnet-make-model')
        inputs = sorted(os.path.join(input_dir, f) for f in os.listdir(input_dir)
                        if re.match(r'input_\d+\.bin$', f))
        inputs.sort(key=lambda p: int(re.search(r'(\d+)\.bin$', p).group(1)))
        detail('wrote %s (%s) and %s'
               % (shown_path(model_path), human_bytes(os.path.getsize(model_path)),
                  ', '.join(shown_path(x) for x in inputs)))

    # 2. compile
    step(2, total, 'compile (mnetc)')
    cc = os.path.join(work, stem + '.cc')
    hh = os.path.join(work, stem + '.h')
    _, _, secs = run([tools['mnetc'], model_path, '-target=' + target, '-o', cc, '--name', prefix],
                     'mnetc')
    hdr = parse_header(hh)
    detail('%.2f s: %s %s (weights included), %s %s'
           % (secs, os.path.basename(cc), human_bytes(os.path.getsize(cc)),
              os.path.basename(hh), human_bytes(os.path.getsize(hh))))
    detail('arena: %d bytes (%s), %d-byte aligned; the caller provides it, no heap use'
           % (hdr['arena_size'], human_bytes(hdr['arena_size']), hdr.get('arena_alignment', 0)))
    for kind in ('inputs', 'outputs'):
        for k, t in enumerate(hdr[kind]):
            detail('%s %d: %s float32 %s'
                   % (kind[:-1], k, shape_str(t.get('shape', [])), "'%s'" % t.get('name', '')))
    if args.model_file and not inputs:
        os.makedirs(input_dir, exist_ok=True)
        for k, t in enumerate(hdr['inputs']):
            p = os.path.join(input_dir, 'input_%d.bin' % k)
            write_random_input(p, t['bytes'], args.seed + k)
            inputs.append(p)
        detail('wrote seeded random inputs: %s' % ', '.join(shown_path(x) for x in inputs))
    if len(inputs) != len(hdr['inputs']):
        raise DemoError('the model has %d input(s) but %d input file(s) were given'
                        % (len(hdr['inputs']), len(inputs)))
    for k, (p, t) in enumerate(zip(inputs, hdr['inputs'])):
        if 'bytes' in t and os.path.getsize(p) != t['bytes']:
            raise DemoError('%s is %d bytes but input %d %s needs %d (float32)'
                            % (shown_path(p), os.path.getsize(p), k,
                               shape_str(t.get('shape', [])), t['bytes']))

    # 3. run
    step(3, total, 'run (mnet-run: build the generated code with a small harness, then time it)')
    ours = os.path.join(work, 'mnetc-out')
    out, _, secs = run([tools['mnet-run'], '-target=' + target, '--runs', str(args.runs),
                        model_path] + inputs + [ours], 'mnet-run')
    _, run_meta = load_outputs(ours)
    lat = run_meta.get('latency_ms', {})
    median_ms, min_ms = float(lat.get('median', 0)), float(lat.get('min', 0))
    arena = int(run_meta.get('arena_bytes', hdr['arena_size']))
    detail('built and ran in %.0f s' % secs)
    detail('latency: median %s, min %s over %d runs after 1 warm-up (single thread)'
           % (fmt_ms(median_ms), fmt_ms(min_ms), args.runs))
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = []
    if len(cpus) == 1:
        detail('pinned to CPU %d' % cpus[0])
    else:
        detail('not pinned to a CPU; for steadier numbers run under taskset, e.g. '
               'taskset -c 1 make demo')

    # 4. TFLite
    step(4, total, 'TensorFlow Lite reference (its real runtime, built for WebAssembly)')
    ref = os.path.join(work, 'tflite-out')
    _, err, secs = run(['node', oracle, '--runs', '5', model_path, ref] + inputs, 'TFLite oracle')
    m = re.search(r'Infer\(\) median ([0-9.]+) ms', err)
    detail('ran in %.0f s%s' % (secs, (
        '; WebAssembly Infer() median %s ms (wasm in Node.js, not native code: not a speed '
        'comparison)' % m.group(1)) if m else ''))
    for row in err.splitlines():
        if row.strip() and 'Infer() median' not in row and 'written to' not in row:
            detail('| ' + row)

    # Compare.
    say()
    say('results')
    mine, _ = load_outputs(ours)
    theirs, _ = load_outputs(ref)
    if len(mine) != len(theirs):
        raise DemoError('mnetc wrote %d output(s), TensorFlow Lite %d' % (len(mine), len(theirs)))
    max_abs = 0.0
    for k, ((_, s1, a), (_, s2, b)) in enumerate(zip(mine, theirs)):
        if list(s1) != list(s2) or len(a) != len(b):
            raise DemoError('output %d: mnetc shape %s, TensorFlow Lite shape %s'
                            % (k, shape_str(s1), shape_str(s2)))
        for x, y in zip(a, b):
            d = abs(x - y)
            if math.isnan(d):
                d = 0.0 if math.isnan(x) and math.isnan(y) else math.inf
            max_abs = max(max_abs, d)

    name0, shape0, a0 = mine[0]
    b0 = theirs[0][2]
    t_mine, t_ref = top5(a0), top5(b0)
    label = 'class' if len(shape0) == 2 and shape0[0] == 1 else 'index'
    say('      top-5 of output 0 %s %s:' % (shape_str(shape0), "'%s'" % name0 if name0 else ''))
    say(('      %-4s  %-22s  %s' % ('rank', 'mnetc', 'TensorFlow Lite')).rstrip())
    for r in range(len(t_mine)):
        i, j = t_mine[r], t_ref[r]
        say('      %-4d  %-22s  %s'
            % (r + 1, '%s %-4d %s' % (label, i, fmt_value(a0[i])),
               '%s %-4d %s' % (label, j, fmt_value(b0[j]))))
    # Near-equal values may swap places within the tolerance; that still agrees.
    same_order = t_mine == t_ref
    tol_agree = all(abs(b0[i] - b0[j]) <= ATOL + RTOL * abs(b0[j]) for i, j in zip(t_mine, t_ref))
    if same_order:
        top_msg = 'yes'
    elif tol_agree:
        top_msg = 'yes (near-equal values in a different order)'
    else:
        top_msg = 'NO'
    say('      max abs diff: %.2g (over all outputs)' % max_abs)
    say('      top-5 agree:  %s' % top_msg)

    compare_args = [compare, ref, ours, '--atol', ATOL_TEXT, '--rtol', RTOL_TEXT]
    say('      $ ' + shown_cmd(['python3'] + compare_args))
    proc = subprocess.run([sys.executable] + compare_args, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, errors='replace')
    for row in tail(proc.stdout, 12):
        if not row.startswith('compare: expected='):  # repeats the command line above
            detail('| ' + row.strip())
    if proc.returncode != 0:
        raise DemoError('mnetc\'s output does not match TensorFlow Lite (compare.py, %s abs + %s '
                        'rel; max abs diff %.2g)' % (ATOL_TEXT, RTOL_TEXT, max_abs))
    if not tol_agree:
        raise DemoError('the top-5 %ss differ from TensorFlow Lite\'s' % label)

    say()
    say('demo: %s on %s: matches TensorFlow Lite (max abs diff %.2g), top-1 %s %d, '
        '%s median, arena %d bytes' % (model, target, max_abs, label, t_mine[0], fmt_ms(median_ms),
                                       arena))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except DemoError as e:
        if _said:
            print(flush=True)
        print('demo: FAILED: %s' % e, file=sys.stderr, flush=True)
        sys.exit(1)
    except KeyboardInterrupt:
        print('\ndemo: interrupted', file=sys.stderr)
        sys.exit(130)
