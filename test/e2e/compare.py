#!/usr/bin/env python3
"""Compare two directories of model outputs element-wise.

usage: compare.py EXPECTED_DIR ACTUAL_DIR [--atol 1e-4] [--rtol 1e-3]

Each directory holds outputs.json ({"outputs": [{"name": ..., "shape": [...]},
...]}; extra keys are ignored) and output_K.bin, raw little-endian float32.
An element passes when |a - e| <= atol + rtol * |e|.  NaN in ACTUAL where
EXPECTED is finite fails; matching non-finite values (NaN/NaN, +inf/+inf)
pass.

Exit status: 0 all outputs pass, 1 some output fails, 2 missing/bad files or
bad usage.  Python standard library only.
"""
import argparse
import array
import json
import math
import os
import sys


class BadInput(Exception):
    pass


def load_meta(d):
    p = os.path.join(d, 'outputs.json')
    if not os.path.isdir(d):
        raise BadInput('%s: not a directory' % d)
    try:
        with open(p, 'r') as f:
            meta = json.load(f)
    except OSError as e:
        raise BadInput('%s: cannot read: %s' % (p, e.strerror or e))
    except ValueError as e:
        raise BadInput('%s: invalid JSON: %s' % (p, e))
    outs = meta.get('outputs') if isinstance(meta, dict) else None
    if not isinstance(outs, list):
        raise BadInput('%s: no "outputs" list' % p)
    res = []
    for k, o in enumerate(outs):
        if not isinstance(o, dict):
            raise BadInput('%s: outputs[%d] is not an object' % (p, k))
        shape = o.get('shape')
        if not isinstance(shape, list) or not all(
                isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in shape):
            raise BadInput('%s: outputs[%d] has a bad "shape": %r' % (p, k, shape))
        name = o.get('name', '')
        res.append((str(name), shape))
    return res


def load_floats(d, k, shape):
    p = os.path.join(d, 'output_%d.bin' % k)
    n = 1
    for x in shape:
        n *= x
    try:
        with open(p, 'rb') as f:
            raw = f.read()
    except OSError as e:
        raise BadInput('%s: cannot read: %s' % (p, e.strerror or e))
    if len(raw) != 4 * n:
        raise BadInput('%s: wrong size: expected %d bytes (float32 %s), actual %d bytes'
                       % (p, 4 * n, shape, len(raw)))
    a = array.array('f')
    if a.itemsize != 4:
        raise BadInput('array("f") is not 4 bytes on this platform')
    a.frombytes(raw)
    if sys.byteorder != 'little':
        a.byteswap()
    return a


def unravel(i, shape):
    idx = []
    for dim in reversed(shape):
        if dim == 0:
            break
        idx.append(i % dim)
        i //= dim
    return list(reversed(idx))


def fmt(v):
    return repr(v) if not math.isfinite(v) else '%.9g' % v


def compare_one(e, a, atol, rtol):
    """Returns (n_bad, max_abs_err, worst_index, n_nan_actual).

    worst_index is the failing element furthest over its tolerance if any
    element fails, else the element with the largest absolute error."""
    n_bad = 0
    n_nan = 0
    max_err = 0.0
    max_idx = 0 if len(e) else -1
    worst_fail = -1
    worst_score = -math.inf
    for i in range(len(e)):
        ev = e[i]
        av = a[i]
        if math.isnan(av) or math.isnan(ev) or math.isinf(ev) or math.isinf(av):
            if math.isnan(av):
                n_nan += 1
            if (math.isnan(av) and math.isnan(ev)) or av == ev:
                continue
            err = math.inf
            score = math.inf
        else:
            err = abs(av - ev)
            score = err - (atol + rtol * abs(ev))
        if err > max_err:
            max_err = err
            max_idx = i
        if score > 0:
            n_bad += 1
            if score > worst_score:
                worst_score = score
                worst_fail = i
    return n_bad, max_err, (worst_fail if n_bad else max_idx), n_nan


def main(argv):
    ap = argparse.ArgumentParser(description='Compare model output directories.')
    ap.add_argument('expected_dir')
    ap.add_argument('actual_dir')
    ap.add_argument('--atol', type=float, default=1e-4)
    ap.add_argument('--rtol', type=float, default=1e-3)
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if not (args.atol >= 0 and args.rtol >= 0):
        print('compare: error: --atol and --rtol must be >= 0', file=sys.stderr)
        return 2

    try:
        em = load_meta(args.expected_dir)
        am = load_meta(args.actual_dir)
        if len(em) != len(am):
            raise BadInput('output count differs: expected %d (%s), actual %d (%s)'
                           % (len(em), args.expected_dir, len(am), args.actual_dir))
        data = []
        for k, ((en, es), (an, ash)) in enumerate(zip(em, am)):
            data.append((load_floats(args.expected_dir, k, es),
                         load_floats(args.actual_dir, k, ash)))
    except BadInput as e:
        print('compare: error: %s' % e, file=sys.stderr)
        return 2

    all_ok = True
    print('compare: expected=%s actual=%s atol=%g rtol=%g'
          % (args.expected_dir, args.actual_dir, args.atol, args.rtol))
    for k, ((en, es), (an, ash)) in enumerate(zip(em, am)):
        e, a = data[k]
        name = en if en == an else '%s/%s' % (en, an)
        if es != ash:
            all_ok = False
            print('  [%d] %s: shape mismatch: expected %s, actual %s  FAIL' % (k, name, es, ash))
            continue
        n_bad, max_err, worst, n_nan = compare_one(e, a, args.atol, args.rtol)
        ok = n_bad == 0
        all_ok = all_ok and ok
        if worst >= 0:
            wdesc = 'worst %s expected %s actual %s' % (
                unravel(worst, es), fmt(e[worst]), fmt(a[worst]))
        else:
            wdesc = 'no elements'
        extra = ''
        if n_bad:
            extra = ' (%d/%d bad' % (n_bad, len(e))
            extra += ', %d NaN)' % n_nan if n_nan else ')'
        print('  [%d] %s %s: max_abs_err %s, %s%s  %s'
              % (k, name, es, fmt(max_err), wdesc, extra, 'PASS' if ok else 'FAIL'))
    print('compare: %s' % ('PASS' if all_ok else 'FAIL'))
    return 0 if all_ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
