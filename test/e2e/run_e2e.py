#!/usr/bin/env python3
"""End-to-end check of one model across mnetc targets against the TFLite oracle.

usage:
  run_e2e.py --model NAME --targets generic,x86-64-avx2,... --bin-dir BUILD/bin
             --work DIR [--seed 1] [--atol 1e-4] [--rtol 1e-3] [--runs 1]
  run_e2e.py --model-file FILE.tflite --inputs a.bin,b.bin --targets ... --bin-dir ...
             --work DIR [...]

Steps (each command is printed before it runs; its output is streamed):
  1. BIN/mnet-make-model NAME -o DIR/model.tflite --seed S --inputs DIR/in
     (skipped with --model-file; the given model and inputs are used as is)
  2. node test/oracle/tflite_oracle.js DIR/model.tflite DIR/oracle INPUTS...
  3. per target T: BIN/mnet-run -target=T --runs R DIR/model.tflite INPUTS... DIR/T
  4. per target T: compare.py DIR/oracle DIR/T --atol A --rtol R

A target that needs CPU features this machine lacks (x86-64-avx512*: avx512f;
x86-64-avx2*: avx2+fma) is skipped with a note.  The last line is
  e2e NAME: N passed, M failed[, K skipped]
Exit status: 0 if every non-skipped target passed, 1 otherwise, 2 bad usage.

Environment: NODE (node binary), MNET_CPUINFO (cpuinfo file, default
/proc/cpuinfo; for testing the skip logic), MNET_E2E_CXXFLAGS (flags added to
--cxxflags for every host target unless --cxxflags has a -fsanitize= of its own;
the sanitizer build's lit suite sets -fsanitize=address,undefined there, so that
all generated code runs under them).
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.normpath(os.path.join(HERE, '..', 'oracle', 'tflite_oracle.js'))
COMPARE = os.path.join(HERE, 'compare.py')

# target-name prefix -> cpuinfo flags it needs
TARGET_CPU_FLAGS = [
    ('x86-64-avx512', ['avx512f']),
    ('x86-64-avx2', ['avx2', 'fma']),
]

TARGET_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.+-]*$')


def say(msg=''):
    print(msg, flush=True)


def cpu_flags():
    path = os.environ.get('MNET_CPUINFO', '/proc/cpuinfo')
    try:
        with open(path) as f:
            for line in f:
                key, _, val = line.partition(':')
                if key.strip() in ('flags', 'Features'):
                    return set(val.split()), path
    except OSError:
        pass
    return None, path


def skip_reason(target, flags, path):
    for prefix, need in TARGET_CPU_FLAGS:
        if target.startswith(prefix):
            if flags is None:
                return 'cannot read CPU flags from %s (needs %s)' % (path, '+'.join(need))
            missing = [f for f in need if f not in flags]
            if missing:
                return 'this CPU lacks %s (%s)' % (', '.join(missing), path)
    return None


def run_step(cmd, timeout):
    """Prints and runs cmd, streaming its output.  Returns (ok, description)."""
    say('$ ' + ' '.join(shlex.quote(c) for c in cmd))
    try:
        rc = subprocess.run(cmd, timeout=timeout, stdin=subprocess.DEVNULL).returncode
    except FileNotFoundError:
        return False, 'command not found: %s' % cmd[0]
    except PermissionError:
        return False, 'not executable: %s' % cmd[0]
    except subprocess.TimeoutExpired:
        return False, 'timed out after %s s' % timeout
    except OSError as e:
        return False, 'cannot run %s: %s' % (cmd[0], e)
    if rc != 0:
        if rc < 0:
            return False, 'killed by signal %d' % -rc
        return False, 'exit status %d' % rc
    return True, 'ok'


def fresh_dir(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def find_inputs(in_dir):
    """input_0.bin, input_1.bin, ... (contiguous from 0)."""
    files = []
    k = 0
    while os.path.isfile(os.path.join(in_dir, 'input_%d.bin' % k)):
        files.append(os.path.join(in_dir, 'input_%d.bin' % k))
        k += 1
    return files


def target_stats(out_dir):
    try:
        with open(os.path.join(out_dir, 'outputs.json')) as f:
            meta = json.load(f)
    except (OSError, ValueError):
        return ''
    parts = []
    if isinstance(meta, dict):
        if 'latency_ms' in meta:
            parts.append('latency %s ms' % meta['latency_ms'])
        if 'arena_bytes' in meta:
            parts.append('arena %s bytes' % meta['arena_bytes'])
    return (' (' + ', '.join(parts) + ')') if parts else ''


def random_inputs(mnetc, model, in_dir, seed, timeout):
    """Seeded float32 inputs, uniform in [-1, 1], shaped from the model's imported signature."""
    import random
    import re
    import struct
    try:
        out = subprocess.run([mnetc, model, '--emit=mlir', '--mlir-elide-elementsattrs-if-larger=1'],
                             capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        return [], 'mnetc --emit=mlir failed: %s' % e
    if out.returncode != 0:
        return [], 'mnetc --emit=mlir failed: %s' % out.stderr.strip()
    signature = re.search(r'func\.func @main\((.*?)\) ->', out.stdout)
    if not signature:
        return [], 'no @main signature in the imported IR'
    fresh_dir(in_dir)
    os.makedirs(in_dir)
    rng = random.Random(seed)
    paths = []
    for k, dims in enumerate(re.findall(r'tensor<([0-9x]+)xf32>', signature.group(1))):
        count = 1
        for d in dims.split('x'):
            count *= int(d)
        path = os.path.join(in_dir, 'input_%d.bin' % k)
        with open(path, 'wb') as f:
            f.write(struct.pack('<%df' % count, *[rng.uniform(-1.0, 1.0) for _ in range(count)]))
        paths.append(path)
    return paths, None


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description='End-to-end check of one model across mnetc targets against the TFLite oracle.')
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--model', help='builder model name (passed to mnet-make-model)')
    src.add_argument('--model-file', help='an existing .tflite model (use with --inputs)')
    ap.add_argument('--inputs', help='comma-separated raw float32 input files (with --model-file; '
                    'without them, seeded inputs uniform in [-1, 1] are made from the signature)')
    ap.add_argument('--oracle-model',
                    help='run the oracle on this equivalent model instead (e.g. a custom op '
                         'rewritten to builtins, since the oracle cannot load custom ops)')
    ap.add_argument('--targets', required=True, help='comma-separated mnet-run targets')
    ap.add_argument('--bin-dir', required=True, help='directory holding mnet-make-model and mnet-run')
    ap.add_argument('--work', required=True, help='work directory (created)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--atol', type=float, default=1e-4)
    ap.add_argument('--rtol', type=float, default=1e-3)
    ap.add_argument('--runs', type=int, default=1)
    ap.add_argument('--cxxflags', default='',
                    help='extra flags mnet-run builds the generated code with (warnings, sanitizers); '
                         'not used for cross targets')
    ap.add_argument('--run-arg', action='append', default=[],
                    help='extra argument for mnet-run (repeatable), e.g. --run-arg=--weights=f16')
    ap.add_argument('--timeout', type=float, default=1800,
                    help='seconds allowed per step (default 1800)')
    args = ap.parse_args(argv)
    if args.inputs and not args.model_file:
        ap.error('--inputs is only used with --model-file')
    if args.runs < 1:
        ap.error('--runs must be >= 1')
    if args.atol < 0 or args.rtol < 0:
        ap.error('--atol and --rtol must be >= 0')
    targets = [t.strip() for t in args.targets.split(',') if t.strip()]
    if not targets:
        ap.error('--targets is empty')
    for t in targets:
        if not TARGET_RE.match(t):
            ap.error('bad target name %r' % t)
        if t == 'oracle' or t == 'in':
            ap.error('target name %r clashes with a work subdirectory' % t)
    if len(set(targets)) != len(targets):
        ap.error('duplicate target in --targets')
    args.target_list = targets
    return args


def main(argv):
    args = parse_args(argv)
    bin_dir = os.path.abspath(args.bin_dir)
    work = os.path.abspath(args.work)
    node = os.environ.get('NODE', 'node')
    make_model = os.path.join(bin_dir, 'mnet-make-model')
    mnet_run = os.path.join(bin_dir, 'mnet-run')

    if args.model:
        name = args.model
    else:
        name = os.path.basename(args.model_file)
        if name.endswith('.tflite'):
            name = name[:-len('.tflite')]

    flags, cpuinfo = cpu_flags()
    skipped = []
    active = []
    for t in args.target_list:
        why = skip_reason(t, flags, cpuinfo)
        if why:
            skipped.append((t, why))
        else:
            active.append(t)

    passed = []
    failed = []  # (target, reason)

    def finish():
        say()
        status = {t: 'PASS' for t in passed}
        status.update((t, 'FAIL  ' + why) for t, why in failed)
        status.update((t, 'SKIP  ' + why) for t, why in skipped)
        for t in args.target_list:
            say('  %-20s %s' % (t, status.get(t, 'not run')))
        line = 'e2e %s: %d passed, %d failed' % (name, len(passed), len(failed))
        if skipped:
            line += ', %d skipped' % len(skipped)
        say(line)
        return 0 if not failed else 1

    def abort(step, why):
        say('e2e %s: step "%s" failed: %s' % (name, step, why))
        for t in active:
            failed.append((t, 'not run: %s failed' % step))
        return finish()

    for t, why in skipped:
        say('e2e %s: skipping target %s: %s' % (name, t, why))

    try:
        os.makedirs(work, exist_ok=True)
    except OSError as e:
        return abort('setup', 'cannot create work dir %s: %s' % (work, e))

    # 1. model and inputs
    if args.model:
        model = os.path.join(work, 'model.tflite')
        in_dir = os.path.join(work, 'in')
        fresh_dir(in_dir)
        if os.path.lexists(model):
            os.remove(model)
        say('== [%s] make model' % name)
        ok, why = run_step([make_model, args.model, '-o', model, '--seed', str(args.seed),
                            '--inputs', in_dir], args.timeout)
        if not ok:
            return abort('mnet-make-model', why)
        if not os.path.isfile(model):
            return abort('mnet-make-model', 'did not write %s' % model)
        inputs = find_inputs(in_dir)
        if not inputs:
            return abort('mnet-make-model', 'wrote no %s/input_0.bin' % in_dir)
    else:
        model = os.path.abspath(args.model_file)
        if args.inputs:
            inputs = [os.path.abspath(p) for p in args.inputs.split(',') if p]
        else:
            say('== [%s] make seeded inputs' % name)
            inputs, why = random_inputs(os.path.join(bin_dir, 'mnetc'), model,
                                        os.path.join(work, 'in'), args.seed, args.timeout)
            if why:
                return abort('inputs', why)
        for p in [model] + inputs:
            if not os.path.isfile(p):
                return abort('setup', 'no such file: %s' % p)

    # 2. oracle
    oracle_dir = os.path.join(work, 'oracle')
    fresh_dir(oracle_dir)
    say('== [%s] TFLite oracle' % name)
    cmd = [node, ORACLE]
    if args.runs > 1:
        cmd += ['--runs', str(args.runs)]
    oracle_model = os.path.abspath(args.oracle_model) if args.oracle_model else model
    ok, why = run_step(cmd + [oracle_model, oracle_dir] + inputs, args.timeout)
    if not ok:
        return abort('oracle', why)

    # 3 + 4. each target
    for t in active:
        out_dir = os.path.join(work, t)
        fresh_dir(out_dir)
        say('== [%s] target %s: run' % (name, t))
        # (not when the test picks its sanitizer itself: ThreadSanitizer excludes ASan)
        env_flags = '' if '-fsanitize=' in args.cxxflags else os.environ.get('MNET_E2E_CXXFLAGS', '')
        cxxflags = ' '.join(f for f in [args.cxxflags, env_flags] if f)
        extra = ['--cxxflags=' + cxxflags] if cxxflags and not t.startswith('armv8') else []
        ok, why = run_step([mnet_run, '-target=' + t, '--runs', str(args.runs)] + extra
                           + args.run_arg + [model]
                           + inputs + [out_dir], args.timeout)
        if not ok:
            say('e2e %s: target %s: mnet-run failed: %s' % (name, t, why))
            failed.append((t, 'mnet-run: ' + why))
            continue
        stats = target_stats(out_dir)
        say('== [%s] target %s: compare with oracle' % (name, t))
        ok, why = run_step([sys.executable, COMPARE, oracle_dir, out_dir,
                            '--atol', repr(args.atol), '--rtol', repr(args.rtol)], args.timeout)
        if ok:
            say('e2e %s: target %s: PASS%s' % (name, t, stats))
            passed.append(t)
        else:
            say('e2e %s: target %s: FAIL (compare: %s)%s' % (name, t, why, stats))
            failed.append((t, 'outputs differ from oracle' if why == 'exit status 1'
                           else 'compare: ' + why))

    if not active:
        say('e2e %s: note: no target could run on this machine' % name)
    return finish()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
