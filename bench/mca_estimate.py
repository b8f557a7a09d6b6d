#!/usr/bin/env python3
"""llvm-mca estimates of mnetc's armv8 NEON kernels on Cortex-A76 and Cortex-A55.

There is no ARM hardware here, so the speed of the armv8 code is estimated: the inner loops of
the convolution micro-kernel (simd/igemm.h, the register tile the armv8 target uses) and of the
3x3 and 5x5 depthwise row kernel (simd/dwconv.h) are compiled with clang-19 for each core and
fed to llvm-mca-19, which gives cycles per iteration; MACs per cycle follow from the fmla count.
A model's estimate is its convolution + fully connected MACs and its depthwise MACs divided by
those rates, at the core's clock. It is a lower bound: it ignores memory stalls, loop overheads
outside the inner loops and the elementwise ops. Published TFLite + XNNPACK Pixel 4 figures
(../shared/docs/anchors.md) are printed beside it.

Usage: mca_estimate.py --repo DIR --bin-dir DIR [--models a,b] [--json out.json]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# GHz: Pixel 4's A76 and A55 clusters. LLVM 19 schedules -mcpu=cortex-a76 with its Cortex-A57
# model (one 128-bit FMLA per cycle); Neoverse N1 is the same core design (Ares) with a detailed
# model (two per cycle, as the A76 has), so it is reported as the A76's closer estimate.
CORES = [('cortex-a76', 2.42), ('neoverse-n1', 2.42), ('cortex-a55', 1.78)]
PIXEL4_XNNPACK_MS = {  # TFLite + XNNPACK, Pixel 4 (Cortex-A76), one thread, fp32
    'mobilenet_v1_1.0_224': 29.95, 'mobilenet_v2_1.0_224': 19.13,
    'mobilenet_v3_large_1.0_224': 15.69, 'mobilenet_v3_small_1.0_224': 5.58}
DEFAULT_MODELS = ['mobilenet_v1_1.0_224', 'mobilenet_v2_1.0_224', 'mobilenet_v2_1.4_224',
                  'mobilenet_v3_large_1.0_224', 'mobilenet_v3_small_1.0_224',
                  'mobilenet_v2_0.35_96']

# Wrappers that instantiate the kernels as the armv8 target does (NEON, 8 x 2 vectors tile).
KERNELS_TU = r'''
#include "mnet/kernels/reference/all.h"
#include "mnet/kernels/simd/all.h"
extern "C" void mca_igemm(int mr, int nc, long kc, const float* const* rows, const float* w,
                          float* out, const mnet::EpilogueParams& e) {
  mnet::igemm_tile_f32<mnet::VecNeon, 8, 2, mnet::Epilogue::kClamp>(mr, nc, 1, kc, rows, nullptr, w, out,
                                                                    64, nullptr, e);
}
extern "C" void mca_dw3(const mnet::DepthwiseConv2DParams& p, const float* const* rows,
                        const bool* ok, const float* f, const float* b, float* out) {
  mnet::depthwise_row_block<mnet::VecNeon, 3, 3, 1, true>(p, rows, ok, f, b, 0, 4, 1, p.out_w - 1, out);
}
extern "C" void mca_dw5(const mnet::DepthwiseConv2DParams& p, const float* const* rows,
                        const bool* ok, const float* f, const float* b, float* out) {
  mnet::depthwise_row_block<mnet::VecNeon, 5, 5, 1, true>(p, rows, ok, f, b, 0, 4, 2, p.out_w - 2, out);
}
'''


def sh(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if p.returncode != 0:
        sys.stdout.write(p.stdout)
        raise RuntimeError('failed: ' + ' '.join(cmd))
    return p.stdout


def functions(asm):
    """{name: [lines]} of the global functions in an assembly listing."""
    out, name = {}, None
    for line in asm.splitlines():
        m = re.match(r'^(mca_\w+):', line)
        if m:
            name = m.group(1)
            out[name] = []
        elif name:
            out[name].append(line)
    return out


def hottest_loop(lines):
    """The innermost fmla loop (label ... backward branch to it): fmla count, instructions."""
    labels = {}
    best = None
    for i, line in enumerate(lines):
        m = re.match(r'^(\.L\w+):', line.strip())
        if m:
            labels[m.group(1)] = i
            continue
        m = re.search(r'\b(?:b|b\.\w+|cbn?z|tbn?z)\b.*?(\.L\w+)\s*$', line.split('//')[0])
        if m and m.group(1) in labels:
            body = [l.split('//')[0].strip() for l in lines[labels[m.group(1)] + 1:i + 1]]
            body = [l for l in body if l and not l.startswith('.') and not l.endswith(':')]
            fmla = sum(1 for l in body if l.startswith('fmla'))
            # The innermost loop is the densest in fmla (an outer one adds its other code).
            key = (fmla / len(body), fmla)
            if fmla and (best is None or key > best[0]):
                best = (key, fmla, body)
    if best is None:
        raise RuntimeError('no loop with fmla found')
    return best[1], best[2]


def mca_cycles(body, cpu, work):
    path = os.path.join(work, 'loop.s')
    with open(path, 'w') as f:
        f.write('\n'.join(body) + '\n')
    out = sh(['llvm-mca-19', '-mtriple=aarch64', '-mcpu=' + cpu, '-iterations=500', path])
    cycles = int(re.search(r'Total Cycles:\s+(\d+)', out).group(1))
    iterations = int(re.search(r'Iterations:\s+(\d+)', out).group(1))
    return cycles / iterations


def model_macs(bin_dir, name):
    out = sh([os.path.join(bin_dir, 'mnet-make-model'), name, '--stats'])
    def field(label):
        m = re.search(r'^\s*' + label + r':\s+([\d,]+)', out, re.M)
        return int(m.group(1).replace(',', '')) if m else 0
    return field('conv') + field('fully conn\\.'), field('depthwise')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--repo', required=True)
    ap.add_argument('--bin-dir', required=True)
    ap.add_argument('--models', default=','.join(DEFAULT_MODELS))
    ap.add_argument('--json')
    args = ap.parse_args()
    result = {'cores': {}, 'models': {}}
    with tempfile.TemporaryDirectory() as work:
        tu = os.path.join(work, 'kernels.cc')
        with open(tu, 'w') as f:
            f.write(KERNELS_TU)
        for cpu, ghz in CORES:
            asm_path = os.path.join(work, cpu + '.s')
            sh(['clang++-19', '--target=aarch64-linux-gnu', '-mcpu=' + cpu, '-std=c++17', '-O2', '-S',
                '-I', os.path.join(args.repo, 'runtime', 'include'), tu, '-o', asm_path])
            with open(asm_path) as f:
                funcs = functions(f.read())
            core = {'ghz': ghz, 'kernels': {}}
            for fn, what in [('mca_igemm', 'igemm 8x8 (1x1/KxK convolution)'),
                             ('mca_dw3', 'depthwise 3x3 stride 1, 8-pixel groups'),
                             ('mca_dw5', 'depthwise 5x5 stride 1, 4-pixel groups')]:
                fmla, body = hottest_loop(funcs[fn])
                cycles = mca_cycles(body, cpu, work)
                core['kernels'][fn] = {'what': what, 'instructions': len(body), 'fmla': fmla,
                                       'cycles_per_iteration': cycles,
                                       'macs_per_cycle': 4.0 * fmla / cycles}
            result['cores'][cpu] = core
    print('llvm-mca-19 inner-loop estimates of the armv8 NEON kernels:')
    print('%-12s %-36s %6s %5s %10s %10s' % ('core', 'kernel loop', 'instrs', 'fmla', 'cycles/it', 'MACs/cycle'))
    for cpu, core in result['cores'].items():
        for k in core['kernels'].values():
            print('%-12s %-36s %6d %5d %10.2f %10.2f' % (cpu, k['what'], k['instructions'], k['fmla'],
                                                        k['cycles_per_iteration'], k['macs_per_cycle']))
    print()
    head = '%-28s %9s %9s %12s %12s %12s %22s' % ('model', 'conv MMAC', 'dw MMAC', 'A76 est. ms',
                                                  'N1@A76 ms', 'A55 est. ms',
                                                  'TFLite+XNNPACK Pixel 4')
    print(head)
    for name in [m for m in args.models.split(',') if m]:
        conv, dw = model_macs(args.bin_dir, name)
        row = {'conv_macs': conv, 'depthwise_macs': dw, 'estimate_ms': {}}
        for cpu, core in result['cores'].items():
            k = core['kernels']
            cycles = conv / k['mca_igemm']['macs_per_cycle'] + dw / k['mca_dw3']['macs_per_cycle']
            row['estimate_ms'][cpu] = cycles / (core['ghz'] * 1e6)
        row['pixel4_xnnpack_ms'] = PIXEL4_XNNPACK_MS.get(name)
        result['models'][name] = row
        print('%-28s %9.1f %9.1f %12.2f %12.2f %12.2f %22s' % (
            name, conv / 1e6, dw / 1e6, row['estimate_ms']['cortex-a76'],
            row['estimate_ms']['neoverse-n1'], row['estimate_ms']['cortex-a55'],
            '%.2f ms' % row['pixel4_xnnpack_ms'] if row['pixel4_xnnpack_ms'] else '-'))
    print('(lower bounds: inner loops only, at %s; depthwise MACs at the 3x3 rate; no memory stalls)'
          % ', '.join('%s %.2f GHz' % (c, g) for c, g in CORES))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(result, f, indent=1)


if __name__ == '__main__':
    main()
