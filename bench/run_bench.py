#!/usr/bin/env python3
"""mnetc's benchmark: mnetc's generated code against XNNPACK, one core, one thread.

usage: run_bench.py [--build DIR] [--models A,B,...] [--runs N] [--rounds R] [--cpu K]
                    [--cpus2 J,K] [--wait-idle S] [--halide-autoscheduler A|none]

For each MobileNet from the project's model builder it times
  * mnetc's code for the host's best x86 target and for `generic` (mnet-run),
  * XNNPACK's subgraph runtime on the same .tflite (bench/xnnpack_runner.cc),
  * the Halide backend for the best target (mnet-run --backend=halide), with mnetc's schedule
    and with one of Halide 14's autoschedulers (--halide-autoscheduler, default Mullapudi2016;
    `none` leaves it out),
in R rounds of a warm-up and N timed runs each, the engines taking turns (the
result is the median of the rounds' medians), checks that mnetc's outputs agree
with XNNPACK's (test/e2e/compare.py), prints a table and writes
BUILD/bench/latest.json. Every process runs pinned to one
core (taskset -c K). Then the best target's code compiled for 2 tasks
(--num-threads=2) runs on mnet/thread_pool.h's 2 threads pinned to two cores
(--cpus2) for the two-thread speed-up. Exit status 1 when any output disagrees or
a step fails.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_MODELS = [
    'mobilenet_v1_1.0_224',
    'mobilenet_v2_1.0_224',
    'mobilenet_v2_1.4_224',
    'mobilenet_v3_large_1.0_224',
    'mobilenet_v3_small_1.0_224',
    'mobilenet_v2_0.35_96',
]
# One thread everywhere, whatever a library might read.
SINGLE_THREAD_ENV = {'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'OPENBLAS_NUM_THREADS': '1'}


def log(msg):
    print(msg, flush=True)


def run(cmd, env=None, timeout=1800):
    """Runs cmd; returns (rc, combined output)."""
    e = dict(os.environ)
    e.update(SINGLE_THREAD_ENV)
    if env:
        e.update(env)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=e,
                       timeout=timeout, universal_newlines=True)
    return p.returncode, p.stdout


def must(cmd, what, **kw):
    rc, out = run(cmd, **kw)
    if rc != 0:
        sys.stdout.write(out)
        raise RuntimeError('%s failed (exit %d): %s' % (what, rc, ' '.join(cmd)))
    return out


def newer(target, *sources):
    if not os.path.exists(target):
        return True
    t = os.path.getmtime(target)
    return any(os.path.getmtime(s) > t for s in sources)


def build_runner(build):
    """Builds BUILD/bench/xnnpack_runner (schema header by flatc, then one compile)."""
    out_dir = os.path.join(build, 'bench')
    gen = os.path.join(out_dir, 'gen')
    schema = os.path.join(ROOT, 'compiler', 'import', 'tflite_schema.fbs')
    header = os.path.join(gen, 'compiler', 'import', 'tflite_schema_generated.h')
    if newer(header, schema):
        must(['flatc', '--cpp', '--scoped-enums', '--gen-object-api', '-o',
              os.path.dirname(header), schema], 'flatc')
    src = os.path.join(HERE, 'xnnpack_runner.cc')
    exe = os.path.join(out_dir, 'xnnpack_runner')
    if newer(exe, src, header, '/usr/include/xnnpack.h'):
        cxx = shutil.which('clang++-19') or shutil.which('c++') or 'g++'
        log('bench: building %s' % os.path.relpath(exe, ROOT))
        must([cxx, '-std=c++17', '-O2', '-isystem', gen, src, '-o', exe, '-lXNNPACK'],
             'building xnnpack_runner')
    return exe


def cpu_flags():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('flags'):
                    return set(line.split(':', 1)[1].split())
    except OSError:
        pass
    return set()


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def best_target(bin_dir):
    flags = cpu_flags()
    rc, listing = run([os.path.join(bin_dir, 'mnetc'), '--list-targets'])
    known = set(l.split()[0] for l in listing.splitlines() if l.strip())
    # mnetc's avx512 target assumes F/CD/BW/DQ/VL; avx2 assumes AVX2 and FMA.
    if {'avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'} <= flags and 'x86-64-avx512' in known:
        return 'x86-64-avx512'
    if {'avx2', 'fma'} <= flags and 'x86-64-avx2' in known:
        return 'x86-64-avx2'
    return 'generic'


def model_stats(bin_dir, name):
    out = must([os.path.join(bin_dir, 'mnet-make-model'), name, '--stats'], 'mnet-make-model --stats')
    stats = {}
    for key, field in (('macs', 'MACs'), ('params', 'parameters')):
        m = re.search(r'^%s:\s*([\d,]+)' % field, out, re.M)
        stats[key] = int(m.group(1).replace(',', '')) if m else None
    return stats


def layer_by_layer_arena(bin_dir, model, work):
    """Arena bytes of the same model planned layer by layer (depth-first fusion off)."""
    mlir = os.path.join(work, 'imported.mlir')
    must([os.path.join(bin_dir, 'mnetc'), model, '--emit=mlir', '-o', mlir], 'mnetc --emit=mlir')
    out = must([os.path.join(bin_dir, 'mnet-opt'), mlir, '--mlir-elide-elementsattrs-if-larger=1',
                '-pass-pipeline=builtin.module(mnet-compile{fuse-min-bytes=-1})'], 'mnet-opt')
    os.remove(mlir)
    m = re.search(r'mnet\.arena_size = (\d+)', out)
    if not m:
        raise RuntimeError('mnet-opt printed no arena size')
    return int(m.group(1))


def read_json(path):
    with open(path) as f:
        return json.load(f)


def compare(expected, actual):
    rc, out = run([sys.executable, os.path.join(ROOT, 'test', 'e2e', 'compare.py'), expected, actual])
    return rc == 0, out


def output_ranges(d):
    """[min, max] of each output_K.bin in d (float32)."""
    import array
    res = []
    for o in range(len(read_json(os.path.join(d, 'outputs.json'))['outputs'])):
        a = array.array('f')
        with open(os.path.join(d, 'output_%d.bin' % o), 'rb') as f:
            a.frombytes(f.read())
        res.append([min(a), max(a)] if len(a) else [0.0, 0.0])
    return res


def core_busy(cpu, seconds=1.0):
    """Fraction of the last `seconds` that core `cpu` spent busy (from /proc/stat), or None."""
    def sample():
        with open('/proc/stat') as f:
            for line in f:
                if line.startswith('cpu%d ' % cpu):
                    v = [int(x) for x in line.split()[1:]]
                    idle = v[3] + (v[4] if len(v) > 4 else 0)
                    return sum(v), idle
        return None
    try:
        a = sample()
        time.sleep(seconds)
        b = sample()
    except (OSError, ValueError):
        return None
    if not a or not b or b[0] == a[0]:
        return None
    return 1.0 - float(b[1] - a[1]) / (b[0] - a[0])


def busy_note(cpu):
    """What may disturb the timings now, or None."""
    rc, out = run(['pgrep', '-f', 'lit.py'])
    if rc == 0 and out.strip():
        return 'a test suite (lit.py) is running'
    busy = core_busy(cpu)
    if busy is not None and busy > 0.2:
        return 'core %d is %.0f%% busy with other work' % (cpu, 100 * busy)
    return None


def wait_idle(cpu, limit):
    """Waits up to `limit` seconds for busy_note() to clear; returns the last note."""
    deadline = time.time() + limit
    note = busy_note(cpu)
    if note and limit > 0:
        log('bench: %s: waiting up to %d s for it to settle' % (note, limit))
    while note and time.time() < deadline:
        time.sleep(5)
        note = busy_note(cpu)
    return note


def xnnpack_version():
    rc, out = run(['dpkg-query', '-W', '-f=${Version}', 'libxnnpack-dev'])
    return out.strip() if rc == 0 else 'unknown version'


def fmt(x, spec):
    return 'n/a' if x is None else format(x, spec)


def work_name(out_name):
    """The mnet-run work folder beside an engine's output folder."""
    return 'work-' + out_name[len('mnetc-'):] if out_name.startswith('mnetc-') else 'work-' + out_name


def print_table(head, table):
    """A blank line, then the table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(head, *table)]
    print()
    print('  '.join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths))))
    print('  '.join('-' * w for w in widths))
    for cells in table:
        print('  '.join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(cells, widths))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'), help='the CMake build folder')
    ap.add_argument('--models', default=','.join(DEFAULT_MODELS),
                    help='comma-separated model-builder names (default: the six MobileNets)')
    ap.add_argument('--runs', type=int, default=20, help='timed runs per engine, after one warm-up (>= 1)')
    ap.add_argument('--rounds', type=int, default=3,
                    help='rounds of N runs per engine, the engines taking turns; the result is the '
                         'median of the rounds\' medians (default 3)')
    ap.add_argument('--cpu', type=int, default=1, help='the core every process is pinned to')
    ap.add_argument('--cpus2', default='0,1',
                    help='the two cores of the two-thread run ("" to skip it; default 0,1)')
    ap.add_argument('--wait-idle', type=int, default=300, metavar='SECONDS',
                    help='wait up to this long for a test suite or other work on the core to finish (default 300)')
    ap.add_argument('--timeout', type=int, default=1800, help='seconds one step may take')
    ap.add_argument('--halide-autoscheduler', default='Mullapudi2016',
                    help="the Halide autoscheduler row's (Mullapudi2016, Adams2019, Li2018; none: no row)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error('--runs must be >= 1')
    if args.rounds < 1:
        ap.error('--rounds must be >= 1')
    build = os.path.abspath(args.build)
    bin_dir = os.path.join(build, 'bin')
    for tool in ('mnetc', 'mnet-run', 'mnet-make-model'):
        if not os.path.exists(os.path.join(bin_dir, tool)):
            sys.exit('bench: %s not found: build first (make build)' % os.path.join(bin_dir, tool))
    models = [m for m in args.models.split(',') if m]
    pin = ['taskset', '-c', str(args.cpu)] if shutil.which('taskset') else []
    pin2 = ['taskset', '-c', args.cpus2] if pin and args.cpus2 else []
    if not pin:
        log('bench: warning: taskset not found, processes are not pinned')

    work = os.path.join(build, 'bench')
    os.makedirs(work, exist_ok=True)
    runner = build_runner(build)
    best = best_target(bin_dir)
    targets = [best] + (['generic'] if best != 'generic' else [])
    # The Halide backend's engines: name -> extra mnet-run arguments (best target, one thread).
    halide_engines = {'halide': ['--backend=halide']}
    if args.halide_autoscheduler != 'none':
        halide_engines['halide-' + args.halide_autoscheduler] = [
            '--backend=halide', '--autoscheduler=' + args.halide_autoscheduler]
    note = wait_idle(args.cpu, args.wait_idle)
    notes = []
    if note:
        notes.append('start: ' + note)
        log('bench: WARNING: %s: timings may be disturbed' % note)
    log('bench: %s, best mnetc target %s, %d rounds of %d runs, pinned to core %d'
        % (cpu_model(), best, args.rounds, args.runs, args.cpu))

    rows, failures = [], []
    for name in models:
        d = os.path.join(work, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        model = os.path.join(d, name + '.tflite')
        inputs_dir = os.path.join(d, 'inputs')
        row = {'model': name, 'engines': {}, 'agree_with_xnnpack': {}}
        rows.append(row)
        note = busy_note(args.cpu)
        if note:
            row['disturbance'] = note
            notes.append('%s: %s' % (name, note))
            log('bench: WARNING: before %s: %s: its timings may be disturbed' % (name, note))
        try:
            must([os.path.join(bin_dir, 'mnet-make-model'), name, '-o', model, '--inputs', inputs_dir],
                 'mnet-make-model')
            row.update(model_stats(bin_dir, name))
            row['layer_by_layer_arena_bytes'] = layer_by_layer_arena(bin_dir, model, d)
            inputs = sorted((os.path.join(inputs_dir, f) for f in os.listdir(inputs_dir)
                             if re.match(r'input_\d+\.bin$', f)),
                            key=lambda p: int(re.search(r'(\d+)\.bin$', p).group(1)))
            # XNNPACK
            xo = os.path.join(d, 'xnnpack')
            os.makedirs(xo)
            t0 = time.time()
            must(pin + [runner, model] + inputs + [xo, '--runs', str(args.runs)], 'xnnpack_runner',
                 timeout=args.timeout)
            x = read_json(os.path.join(xo, 'xnnpack.json'))
            row['engines']['xnnpack'] = {'latency_ms': x['latency_ms']}
            # A near-constant output (e.g. a flat softmax) would make the agreement check weak.
            row['output_ranges'] = output_ranges(xo)
            for k, (lo, hi) in enumerate(row['output_ranges']):
                if hi - lo < 1e-3:
                    log('bench: warning: %s output %d spans only [%g, %g]: the agreement check is weak'
                        % (name, k, lo, hi))
            log('bench: %-28s xnnpack       %8.3f ms  (%.0f s)' % (name, x['latency_ms']['median'], time.time() - t0))
            def time_engine(engine, target, extra, out_name, pinning=pin):
                """mnet-run for `target` with `extra` arguments into d/out_name (its work folder
                d/work-<out_name minus 'mnetc-'>), recorded as `engine` and checked against
                XNNPACK."""
                mo = os.path.join(d, out_name)
                t0 = time.time()
                must(pinning + [os.path.join(bin_dir, 'mnet-run'), '-target=' + target] + extra +
                     ['--runs', str(args.runs), '--work-dir', os.path.join(d, work_name(out_name)),
                      model] + inputs + [mo], 'mnet-run -target=%s %s' % (target, ' '.join(extra)),
                     timeout=args.timeout)
                r = read_json(os.path.join(mo, 'outputs.json'))
                row['engines'][engine] = {'latency_ms': r['latency_ms']}
                if r.get('arena_bytes'):
                    row['engines'][engine]['arena_bytes'] = r['arena_bytes']
                ok, out = compare(xo, mo)
                row['agree_with_xnnpack'][engine] = ok
                log('bench: %-28s %-13s %8.3f ms  (%.0f s)%s' % (
                    name, engine, r['latency_ms']['median'], time.time() - t0, '' if ok else '  MISMATCH'))
                if not ok:
                    failures.append('%s: %s disagrees with XNNPACK' % (name, engine))
                    log('=' * 72)
                    log('bench: MISMATCH: %s, %s vs XNNPACK:' % (name, engine))
                    sys.stdout.write(out)
                    log('=' * 72)
            # mnetc, each target; then the Halide backend for the best one (mnetc's schedule,
            # then an autoscheduler's).
            for target in targets:
                time_engine(target, target, [], 'mnetc-' + target)
            for engine, extra in halide_engines.items():
                time_engine(engine, best, extra, engine)
            # More rounds, the engines taking turns, so that a slow spell of the machine (other
            # tenants, clock changes) falls on all of them rather than on one.
            again = [('xnnpack', pin + [runner, model] + inputs + [xo, '--runs', str(args.runs)],
                      lambda: read_json(os.path.join(xo, 'xnnpack.json'))['latency_ms'])]
            for target in targets:
                again.append((target, pin + [os.path.join(d, work_name('mnetc-' + target), 'model_run'),
                                             str(args.runs)] + inputs + [os.path.join(d, 'mnetc-' + target)],
                              None))
            for engine in halide_engines:
                again.append((engine, pin + [os.path.join(d, work_name(engine), 'model_run'),
                                             str(args.runs)] + inputs + [os.path.join(d, engine)],
                              None))
            for eng in row['engines'].values():
                eng['round_medians_ms'] = [eng['latency_ms']['median']]
            for _ in range(args.rounds - 1):
                for engine, cmd, result in again:
                    out = must(cmd, engine + ' again', timeout=args.timeout)
                    lat = result() if result else dict(zip(('median', 'min'), map(float, out.split()[:2])))
                    e = row['engines'][engine]
                    e['round_medians_ms'].append(lat['median'])
                    e['latency_ms']['min'] = min(e['latency_ms']['min'], lat['min'])
            for engine, e in row['engines'].items():
                e['latency_ms']['median'] = statistics.median(e['round_medians_ms'])
                if args.rounds > 1:
                    log('bench: %-28s %-13s %8.3f ms  (rounds: %s)' % (
                        name, engine, e['latency_ms']['median'],
                        ' '.join('%.3f' % m for m in e['round_medians_ms'])))
            # The best target on two threads.
            if pin2:
                time_engine(best + ' 2 threads', best, ['--num-threads=2'],
                            'mnetc-%s-2threads' % best, pin2)
        except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError, KeyError) as e:
            row['error'] = str(e)
            failures.append('%s: %s' % (name, e))
            log('bench: ERROR: %s: %s' % (name, e))

    # Derived numbers.
    for row in rows:
        macs = row.get('macs')
        for eng in row['engines'].values():
            ms = eng['latency_ms']['median']
            eng['gflops'] = 2.0 * macs / (ms * 1e6) if macs and ms > 0 else None
        xn = row['engines'].get('xnnpack')
        for target in targets + list(halide_engines):
            e = row['engines'].get(target)
            if e and xn:
                # > 1: mnetc is faster than XNNPACK.
                e['speed_vs_xnnpack'] = xn['latency_ms']['median'] / e['latency_ms']['median']
        one, two = row['engines'].get(best), row['engines'].get(best + ' 2 threads')
        row['two_thread_speedup'] = (one['latency_ms']['median'] / two['latency_ms']['median']
                                     if one and two else None)

    # The table.
    def lat(row, eng):
        e = row['engines'].get(eng)
        return e['latency_ms']['median'] if e else None

    def gf(row, eng):
        e = row['engines'].get(eng)
        return e.get('gflops') if e else None

    head = ['model', 'MMACs', best + ' ms', 'generic ms', 'XNNPACK ms',
            'GF/s best', 'GF/s gen', 'GF/s XNN', 'best/XNN', 'gen/XNN', 'arena bytes',
            'layer-by-layer', '2-thr x', 'agree']
    if best == 'generic':
        head = [h for h in head if h not in ('generic ms', 'GF/s gen', 'gen/XNN')]
    table = []
    for row in rows:
        b = row['engines'].get(best, {})
        g = row['engines'].get('generic', {})
        agree = row['agree_with_xnnpack']
        cells = [row['model'], fmt(row['macs'] / 1e6 if row.get('macs') else None, '.1f'),
                 fmt(lat(row, best), '.3f'), fmt(lat(row, 'generic'), '.3f'), fmt(lat(row, 'xnnpack'), '.3f'),
                 fmt(gf(row, best), '.2f'), fmt(gf(row, 'generic'), '.2f'), fmt(gf(row, 'xnnpack'), '.2f'),
                 fmt(b.get('speed_vs_xnnpack'), '.3f'), fmt(g.get('speed_vs_xnnpack'), '.3f'),
                 fmt(b.get('arena_bytes'), 'd'), fmt(row.get('layer_by_layer_arena_bytes'), 'd'),
                 fmt(row.get('two_thread_speedup'), '.2f'),
                 'ERROR' if 'error' in row else
                 ('yes' if agree and all(agree.values()) else 'MISMATCH')]
        if best == 'generic':
            del cells[9], cells[6], cells[3]
        table.append(cells)
    print_table(head, table)
    print('(median of %d rounds\' medians of %d runs after a warm-up, engines taking turns, one thread pinned to core %d; GF/s = 2*MACs/time; '
          'x/XNN = XNNPACK time / mnetc time, > 1 means mnetc is faster; arena bytes: the best target\'s; '
          'layer-by-layer: the same model planned without depth-first fusion; 2-thr x: the best target\'s '
          'one-thread time / its time on 2 threads (--num-threads=2, cores %s))'
          % (args.rounds, args.runs, args.cpu, args.cpus2 or 'n/a'))

    # The Halide backend, same rounds: its time and its ratio to XNNPACK beside mnetc's C++.
    if halide_engines:
        hhead = ['model', best + ' C++ ms'] + ['%s ms' % e for e in halide_engines] + \
                ['XNNPACK ms', 'C++/XNN'] + ['%s/XNN' % e for e in halide_engines]
        htable = []
        for row in rows:
            speed = lambda eng: (row['engines'].get(eng) or {}).get('speed_vs_xnnpack')
            htable.append([row['model'], fmt(lat(row, best), '.3f')] +
                          [fmt(lat(row, e), '.3f') for e in halide_engines] +
                          [fmt(lat(row, 'xnnpack'), '.3f'), fmt(speed(best), '.3f')] +
                          [fmt(speed(e), '.3f') for e in halide_engines])
        print_table(hhead, htable)
        print('(the Halide backend for %s, one thread (HL_NUM_THREADS 1): \'halide\' with mnetc\'s schedule, '
              'the other with Halide 14\'s autoscheduler; same rounds and pinning as above)' % best)

    if notes:
        print('WARNING: timings may be disturbed (%s)' % '; '.join(notes))

    result = {
        'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'cpu': cpu_model(),
        'host': platform.node(),
        'best_target': best,
        'targets': targets,
        'halide_engines': list(halide_engines),
        'runs': args.runs,
        'rounds': args.rounds,
        'pinned_core': args.cpu,
        'threads': 1,
        'two_thread_cores': args.cpus2 if pin2 else None,
        'xnnpack': 'Debian libxnnpack-dev %s (subgraph API, no threadpool)' % xnnpack_version(),
        'disturbances': notes,
        'models': rows,
        'failures': failures,
    }
    out_json = os.path.join(work, 'latest.json')
    with open(out_json, 'w') as f:
        json.dump(result, f, indent=2)
        f.write('\n')
    log('bench: wrote %s' % out_json)
    if failures:
        log('bench: FAILED:\n  ' + '\n  '.join(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
